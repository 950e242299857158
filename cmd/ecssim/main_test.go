package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the outputs the tutorial shows")

// ecssim runs the program with args and returns its exit status, stdout and stderr.
func ecssim(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// checkCommand runs ecssim with args and checks its exit status and that stdout and stderr
// hold the substrings given; it returns them for further checks.
func checkCommand(t *testing.T, args []string, code int, stdout, stderr []string) (string, string) {
	t.Helper()
	got, out, errs := ecssim(t, args...)
	if got != code {
		t.Errorf("exit status %d, want %d\nstdout: %s\nstderr: %s", got, code, out, errs)
	}
	for _, s := range stdout {
		if !strings.Contains(out, s) {
			t.Errorf("stdout lacks %q:\n%s", s, out)
		}
	}
	for _, s := range stderr {
		if !strings.Contains(errs, s) {
			t.Errorf("stderr lacks %q:\n%s", s, errs)
		}
	}
	return out, errs
}

func TestCommands(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte("name = \"x\"\nduration = \"1h\"\n[[services]]\nname = \"web\"\ntask_definition = \"web\"\n"), 0o644)
	tests := []struct {
		name     string
		args     []string
		code     int
		stdout   []string // substrings
		stderr   []string
		noStdout bool
	}{
		{"no arguments prints usage", nil, 2, nil, []string{"Usage:"}, true},
		{"help", []string{"help"}, 0, []string{"ecssim run [flags] [SCENARIO]"}, nil, false},
		{"unknown command", []string{"fly"}, 2, nil, []string{`unknown command "fly"`}, true},
		{"run the default example", []string{"run"}, 0, []string{"scenario", "web-and-batch (seed 1)", "service"}, nil, false},
		{"run with flags after the scenario", []string{"run", "example:loss-system", "-seed", "7", "-format", "json"}, 0, []string{`"seed": 7`, `"scenario": "loss-system"`}, nil, false},
		{"-set overrides a value", []string{"run", "-set", "services.web.desired_count=20", "-format", "json", "example:web-and-batch"}, 0, []string{`"desired": 20`}, nil, false},
		{"-set of nothing", []string{"run", "-set", "services.nope.desired_count=2", "example:web-and-batch"}, 2, nil, []string{`services has no element "nope"`}, true},
		{"-set without =", []string{"run", "-set", "foo", "example:web-and-batch"}, 2, nil, []string{"want KEY=VALUE"}, true},
		{"bad flag", []string{"run", "-colour"}, 2, nil, []string{"ecssim: run: unknown flag -colour (see ecssim help)\n"}, true},
		{"bad format", []string{"run", "-format", "xml"}, 2, nil, []string{"want text or json"}, true},
		{"bad strategy", []string{"run", "-strategy", "binpack(disk)"}, 2, nil, []string{`binpack field "disk"`}, true},
		{"missing file", []string{"run", filepath.Join(dir, "none.toml")}, 2, nil, []string{"no such file"}, true},
		{"unknown example", []string{"run", "example:nope"}, 2, nil, []string{`no example "nope"`}, true},
		{"invalid scenario exits 2 with positions", []string{"run", bad}, 2, nil, []string{bad + ":3:3: services[0].desired_count: required, but missing\n" + bad + ":5:19: services[0].task_definition: no task definition family \"web\": the scenario registers none"}, true},
		{"validate good and bad", []string{"validate", "example:port-bound", bad}, 2, []string{"example:port-bound: ok", bad + ":3:3: services[0].desired_count: required, but missing"}, []string{"1 of 2 scenarios are invalid"}, false},
		{"examples", []string{"examples"}, 0, []string{"example:web-and-batch (default)", "example:loss-system"}, nil, false},
		{"one example's file", []string{"examples", "loss-system"}, 0, []string{`name = "loss-system"`}, nil, false},
		{"strategies", []string{"strategies"}, 0, []string{"binpack", "cpu | memory", "spread-az-binpack-memory"}, nil, false},
		{"explain", []string{"explain", "-first", "1", "example:port-bound"}, 0, []string{"placement 1 at 0s: task edge-1 of service edge", "placed on"}, nil, false},
		{"explain a task", []string{"explain", "-task", "app-3", "example:port-bound"}, 0, []string{"task app-3 of service app", "binpack(cpu)="}, nil, false},
		{"a seed with trailing text", []string{"run", "-seed", "7x"}, 2, nil, []string{`invalid value "7x" for flag -seed: want a whole number`}, true},
		{"-sample without -out", []string{"run", "-sample", "5m"}, 2, nil, []string{"give -out too"}, true},
		{"a trace that cannot be written names its path", []string{"run", "-trace", filepath.Join(dir, "none", "t.jsonl")}, 1, nil, []string{"cannot write " + filepath.Join(dir, "none", "t.jsonl")}, true},
		{"two examples at once", []string{"examples", "a", "b"}, 2, nil, []string{"name one example at most"}, true},
		{"strategies takes no arguments", []string{"strategies", "x"}, 2, nil, []string{"takes no arguments"}, true},
		{"explain a task that never exists", []string{"explain", "-task", "app-99", "example:port-bound"}, 2, nil, []string{"no placement created task app-99"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errs := checkCommand(t, tc.args, tc.code, tc.stdout, tc.stderr)
			if tc.noStdout && out != "" {
				t.Errorf("stdout should be empty, got:\n%s", out)
			}
			if strings.Contains(errs, "goroutine") || strings.Contains(errs, "panic") {
				t.Errorf("stderr shows a Go panic:\n%s", errs)
			}
		})
	}
}

// TestUnknownFlags: a flag the subcommand lacks is named, with the subcommand's closest flag
// when one is close, and exits 2.
func TestUnknownFlags(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string // stderr
	}{
		{"one letter more", []string{"run", "-seeds", "3", "example:zone-outage"}, "ecssim: run: unknown flag -seeds (did you mean -seed?)\n"},
		{"two dashes and a value", []string{"run", "--formt=json"}, "ecssim: run: unknown flag -formt (did you mean -format?)\n"},
		{"the beginning of a flag", []string{"sweep", "-shard-idx", "1"}, "ecssim: sweep: unknown flag -shard-idx (did you mean -shard-index?)\n"},
		{"the subcommand's flags only", []string{"explain", "-seeds", "3"}, "ecssim: explain: unknown flag -seeds (did you mean -seed?)\n"},
		{"far from every flag", []string{"run", "-colour"}, "ecssim: run: unknown flag -colour (see ecssim help)\n"},
		{"one letter", []string{"run", "-s"}, "ecssim: run: unknown flag -s (see ecssim help)\n"},
		{"one letter for another", []string{"import", "-x", "a.json"}, "ecssim: import: unknown flag -x (see ecssim help)\n"},
		{"a bad value keeps the flag package's words", []string{"compare", "-seeds", "x"},
			`ecssim: compare: invalid value "x" for flag -seeds: parse error (see ecssim help)` + "\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := ecssim(t, tc.args...)
			if code != 2 || out != "" {
				t.Errorf("exit status %d, stdout %q; want 2 and nothing", code, out)
			}
			if diff := cmp.Diff(tc.want, errs); diff != "" {
				t.Errorf("stderr (-want +got):\n%s", diff)
			}
		})
	}
}

// runOutputs runs a scenario with a trace and returns the JSON summary and the trace.
func runOutputs(t *testing.T, args ...string) (string, string) {
	t.Helper()
	trace := filepath.Join(t.TempDir(), "trace.jsonl")
	code, out, errs := ecssim(t, append([]string{"run", "-format", "json", "-trace", trace}, args...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	tr, err := os.ReadFile(trace)
	if err != nil {
		t.Fatal(err)
	}
	return out, string(tr)
}

func TestOutDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	code, _, errs := ecssim(t, "run", "-out", dir, "-sample", "5m", "example:port-bound")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if want := "run: wrote " + filepath.Join(dir, "report.html"); !strings.Contains(errs, want) {
		t.Errorf("stderr does not say %q:\n%s", want, errs)
	}
	// Every file is readable by all, the summaries as the figures.
	for _, f := range []string{"summary.json", "summary.txt", "timeseries.csv", "report.html", "recording.csv",
		"reserved.png", "reserved.svg", "tasks.svg", "zones.svg", "instances-heatmap.svg", "targets.svg", "pending-cdf.svg"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil || len(b) == 0 {
			t.Errorf("%s: %v, %d bytes", f, err, len(b))
		}
		if st, err := os.Stat(filepath.Join(dir, f)); err == nil && st.Mode().Perm() != 0o644 {
			t.Errorf("%s has mode %v, want 0644", f, st.Mode().Perm())
		}
	}
	series, _ := os.ReadFile(filepath.Join(dir, "timeseries.csv"))
	lines := strings.Split(strings.TrimSpace(string(series)), "\n")
	// A 30-minute run sampled every 5 minutes: a header and rows at 0, 5, ..., 30 min.
	if len(lines) != 8 || !strings.HasPrefix(lines[0], "time_seconds,instances,tasks_running") || !strings.HasPrefix(lines[7], "1800,4,28,") {
		t.Errorf("timeseries.csv:\n%s", series)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

// TestDynamicPortExhaustion: dynamic host ports are not a placement resource, so a task is
// placed even when its instance has no port left, and then fails to start, as ECS's agent
// fails it with "a host port is unavailable".
func TestDynamicPortExhaustion(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ports.toml")
	os.WriteFile(path, []byte(portBound), 0o644)
	sum, trace := runOutputs(t, path)
	// web-3 fails when its containers would start (2 s); the service scheduler replaces it
	// after the throttle's back-off: attempts at 12 s, 34 s, 76 s, 158 s and 320 s each fail
	// 2 s later, and the next (at 642 s) falls after the run's 600 s.
	if !strings.Contains(sum, `"started": 8`) || !strings.Contains(sum, `"start_failures": 6`) {
		t.Errorf("summary:\n%s", sum)
	}
	want := `{"t":2,"kind":"TaskStopped","task":"web-3","task_definition":"web:1","service":"web","instance":"i-0001","zone":"us-east-1a","reason":"CannotStartContainerError: a host port is unavailable"}`
	if !strings.Contains(trace, want) || !strings.Contains(trace, `"kind":"TaskPlaced","task":"web-3"`) ||
		!strings.Contains(trace, "service web is unable to consistently start tasks successfully.") {
		t.Errorf("trace lacks the placement and the failed start of web-3, or the throttle:\n%s", trace)
	}
}

// TestProfiles: -cpuprofile and -memprofile write pprof files (gzipped protocol buffers) on
// run, compare and sweep; a profile that cannot be written stops the command before its work.
func TestProfiles(t *testing.T) {
	dir := t.TempDir()
	sweep := filepath.Join(dir, "sweep.toml")
	os.WriteFile(sweep, []byte("scenario = \"example:binpack-vs-spread\"\nstrategies = [\"random\"]\nseeds = 2\n"), 0o644)
	for _, args := range [][]string{
		{"run", "example:batch-cluster"},
		{"compare", "-strategies", "random,binpack-cpu", "-seeds", "2", "example:binpack-vs-spread"},
		{"sweep", "-dir", filepath.Join(dir, "results"), sweep},
	} {
		cpu, mem := filepath.Join(dir, args[0]+".cpu"), filepath.Join(dir, args[0]+".mem")
		code, _, errs := ecssim(t, append([]string{args[0], "-cpuprofile", cpu, "-memprofile", mem}, args[1:]...)...)
		if code != 0 {
			t.Fatalf("%s: exit %d\n%s", args[0], code, errs)
		}
		for _, f := range []string{cpu, mem} {
			b, err := os.ReadFile(f)
			if err != nil || len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
				t.Errorf("%s: %v, %d bytes, not a gzipped profile", f, err, len(b))
			}
		}
	}
	code, out, errs := ecssim(t, "run", "-cpuprofile", filepath.Join(dir, "no", "such", "dir", "cpu"), "example:binpack-vs-spread")
	if code != 1 || out != "" || !strings.Contains(errs, "-cpuprofile:") {
		t.Errorf("an unwritable profile: exit %d, stdout %q\n%s", code, out, errs)
	}
}
