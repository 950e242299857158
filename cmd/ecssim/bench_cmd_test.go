package main

import (
	"os"
	"strings"
	"testing"
)

// afterTests are run once every test has: they remove what outlives a test (the binary the
// hostile-input suite builds once for all its cases).
var afterTests []func()

// TestMain lets the test binary stand in for ecssim when bench runs a workload in a child
// process of itself (os.Executable is the test binary here).
func TestMain(m *testing.M) {
	if len(os.Args) > 2 && os.Args[1] == "bench" && os.Args[2] == "-child" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	code := m.Run()
	for _, f := range afterTests {
		f()
	}
	os.Exit(code)
}

func TestBenchCommand(t *testing.T) {
	code, out, errs := ecssim(t, "bench", "-list")
	if code != 0 {
		t.Fatalf("bench -list: %d\n%s", code, errs)
	}
	for _, name := range []string{"engine-hold-1M", "place-100k-spread-az-binpack-memory", "e2e-1M", "deploy-10k", "compare-5x10", "cell-day", "big-16vcpu",
		"service-default-10k", "service-binpack-100k", "place-100k-random-tie", "e2e-ref"} {
		if !strings.Contains(out, name+" ") {
			t.Errorf("bench -list lacks %s:\n%s", name, out)
		}
	}
	code, out, errs = ecssim(t, "bench", "engine-hold-1k", "place-100-bin*")
	if code != 0 {
		t.Fatalf("bench: %d\n%s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 || !strings.Contains(lines[0], "events/s") || !strings.Contains(lines[0], "peak MiB") {
		t.Fatalf("bench output:\n%s", out)
	}
	for _, l := range lines[1:] {
		f := strings.Fields(l)
		if len(f) != 7 || f[6] == "0" {
			t.Errorf("a row without all its columns or its peak memory: %q", l)
		}
	}
	if f := strings.Fields(lines[1]); f[0] != "engine-hold-1k" || f[1] != "5000000" || f[2] != "0" {
		t.Errorf("engine-hold-1k: %q", lines[1])
	}
	for _, tc := range []struct {
		args []string
		err  string
	}{
		{[]string{"bench", "nope"}, `no workload "nope"`},
		{[]string{"bench", "-cpuprofile", "x", "place-*"}, "profile one workload"},
	} {
		if code, _, errs := ecssim(t, tc.args...); code != 2 || !strings.Contains(errs, tc.err) {
			t.Errorf("%v: exit %d\n%s", tc.args, code, errs)
		}
	}
}
