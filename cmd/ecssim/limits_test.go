package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestLimits: runs and grids beyond the limits are refused before anything is built, at once
// and with little memory, with the estimate's numbers.
func TestLimits(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.toml")
	var b strings.Builder
	b.WriteString("name = \"big\"\nduration = \"1h\"\n")
	for _, g := range []string{"a", "b", "c", "d", "e"} {
		b.WriteString("[[instance_groups]]\nname = \"" + g + "\"\ntype = \"m5.xlarge\"\ncount = 1000000\n")
	}
	flood := filepath.Join(dir, "flood.toml")
	for name, src := range map[string]string{big: b.String(), flood: `name = "flood"
duration = "99999d"
[[instance_groups]]
type = "m5.xlarge"
count = 10
[[task_definitions]]
family = "job"
cpu = 512
memory = 1024
containers = [{ name = "job" }]
[[workloads]]
name = "tick"
task_definition = "job"
arrival = { process = "periodic", every = "1ns" }
duration = { distribution = "constant", value = "1ms" }
`} {
		if err := os.WriteFile(name, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	two := []string{"-strategies", "binpack-memory,random"}
	tests := []struct {
		name   string
		args   []string
		stderr []string
	}{
		{"a fleet of 5,000,000", []string{"run", "-max-memory", "4GiB", big},
			[]string{"big.toml: a run would need about 7.5 GB (5,000,000 instances: about 7.5 GB), more than -max-memory 4.3 GB"}},
		{"explain too", []string{"explain", "-max-memory", "4GiB", big}, []string{"more than -max-memory 4.3 GB"}},
		{"an arrival every nanosecond for 99,999 days", []string{"run", flood},
			[]string{"flood.toml: a run would fire about 2.59e+19 events (workload tick: about 2.59e+19 events), about 547,940 years at ~1,500,000 events/s: more than -max-events 2,000,000,000"}},
		{"100,000,000 seeds", append([]string{"compare", "-seeds", "100000000", "-workers", "2", "example:binpack-vs-spread"}, two...),
			[]string{"example:binpack-vs-spread: 200,000,000 runs would take about ", " on 2 workers (about ", "more than -max-runs 1,000,000"}},
		{"100,000,000 seeds allowed", append([]string{"compare", "-seeds", "100000000", "-max-runs", "0", "example:binpack-vs-spread"}, two...),
			[]string{"200,000,000 results kept: about 500 GB"}},
		{"plan", []string{"plan", "-max-memory", "1MB", "example:binpack-vs-spread"}, []string{"more than -max-memory 1.0 MB"}},
		{"a bad size", []string{"run", "-max-memory", "8x", flood}, []string{"want a size such as 8GiB"}},
		{"a bad count", []string{"compare", "-max-runs", "-1", "example:binpack-vs-spread"}, []string{"want a count"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			checkCommand(t, tc.args, 2, nil, tc.stderr)
			runtime.ReadMemStats(&after)
			if d := time.Since(start); d > time.Second {
				t.Errorf("took %v to refuse", d)
			}
			if n := after.TotalAlloc - before.TotalAlloc; n > 64<<20 {
				t.Errorf("allocated %d MiB to refuse", n>>20)
			}
		})
	}
}

func TestParseBytes(t *testing.T) {
	for s, want := range map[string]float64{"0": 0, "1024": 1024, "8GiB": 8 << 30, "12GB": 12e9, "12 gb": 12e9, "512MiB": 512 << 20, "1.5G": 1.5 * (1 << 30)} {
		if got, err := parseBytes(s); err != nil || got != want {
			t.Errorf("parseBytes(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, s := range []string{"", "x", "8x", "-1GB", "GB"} {
		if _, err := parseBytes(s); err == nil {
			t.Errorf("parseBytes(%q) accepted", s)
		}
	}
}
