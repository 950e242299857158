package main

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// testSweep is experiment's small grid: 2 values × 2 strategies × 3 seeds = 12 runs.
var testSweep = func() string {
	b, err := os.ReadFile(filepath.Join("..", "..", "experiment", "testdata", "small-sweep.toml"))
	if err != nil {
		panic(err)
	}
	return string(b)
}()

func writeSweep(t *testing.T, src string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sweep.toml")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// runNames returns the paths of the run files in DIR/runs (experiment's tests check their
// contents).
func runNames(t *testing.T, dir string) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "runs", "*"))
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// TestSweepShardsCommand: shards say what they run, a shard that does not complete the grid
// prints nothing, merge prints what the unsharded sweep prints and writes its report, and a
// sweep warns of files in its directory that are none of its runs. experiment's
// TestShardsMerge, TestResume and TestGrows check the results file for file.
func TestSweepShardsCommand(t *testing.T) {
	sweep := writeSweep(t, testSweep)
	code, want, errs := ecssim(t, "sweep", "-dir", t.TempDir(), sweep)
	if code != 0 {
		t.Fatalf("sweep: %d\n%s", code, errs)
	}
	var dirs []string
	for i := range 3 {
		dir := t.TempDir()
		dirs = append(dirs, dir)
		idx := []string{"-shard-index", string(rune('0' + i))}
		code, out, errs := ecssim(t, slices.Concat([]string{"sweep", "-shard-count", "3", "-dir", dir}, idx, []string{sweep})...)
		if code != 0 || out != "" {
			t.Fatalf("shard %d: exit %d, stdout %q\n%s", i, code, out, errs)
		}
		if !strings.Contains(errs, "4 to run here (shard "+idx[1]+" of 3)") || !strings.Contains(errs, "8 runs of other shards are not in") {
			t.Errorf("shard %d: %s", i, errs)
		}
	}
	report := filepath.Join(t.TempDir(), "report")
	code, merged, errs := ecssim(t, append([]string{"merge", "-out", report}, dirs...)...)
	if code != 0 || !strings.Contains(errs, "merge: 12 runs of sweep ") {
		t.Fatalf("merge: %d\n%s", code, errs)
	}
	if merged != want {
		t.Errorf("merged shards differ from the whole sweep:\n%s\n----\n%s", merged, want)
	}
	for _, f := range []string{"report.html", "scatter.csv", "utilization-vs-resiliency.svg", "cost-vs-resiliency.png"} {
		if _, err := os.Stat(filepath.Join(report, f)); err != nil {
			t.Error(err)
		}
	}
	if code, _, errs := ecssim(t, "sweep", "-dir", dirs[0], sweep); code != 0 || !strings.Contains(errs, "8 to run here, 4 already in") {
		t.Errorf("resuming a shard's directory: exit %d\n%s", code, errs)
	}
	fewer := writeSweep(t, strings.Replace(testSweep, "seeds = 3", "seeds = 2", 1))
	if code, _, errs := ecssim(t, "sweep", "-dir", dirs[0], fewer); code != 0 || !strings.Contains(errs, "0 to run here, 8 already in") || !strings.Contains(errs, "warning: 4 files in") {
		t.Errorf("a sweep of fewer seeds in a fuller directory: exit %d\n%s", code, errs)
	}
}

// TestSweepInterrupt: an interrupt stops the workers, keeps every finished run, and says how
// to go on; the rerun finishes the grid.
func TestSweepInterrupt(t *testing.T) {
	src := strings.Replace(testSweep, "seeds = 3", "seeds = 40", 1)
	sweep := writeSweep(t, src)
	dir := t.TempDir()
	defer func(f func() (context.Context, context.CancelFunc)) { interrupted = f }(interrupted)
	interrupted = func() (context.Context, context.CancelFunc) {
		ctx, cancel := context.WithCancel(context.Background())
		go func() { // Ctrl-C once the first run is in
			for len(runNames(t, dir)) == 0 && ctx.Err() == nil {
				time.Sleep(time.Millisecond)
			}
			cancel()
		}()
		return ctx, cancel
	}
	code, out, errs := ecssim(t, "sweep", "-workers", "1", "-dir", dir, sweep)
	kept := len(runNames(t, dir))
	if code != 1 || out != "" || !strings.Contains(errs, "interrupted:") || !strings.Contains(errs, "run the same command again") {
		t.Errorf("exit %d, stdout %q, stderr:\n%s", code, out, errs)
	}
	if kept == 0 || kept == 160 {
		t.Fatalf("%d of 160 runs kept", kept)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "runs"))
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("a temporary file is left: %s", e.Name())
		}
	}
	interrupted = func() (context.Context, context.CancelFunc) { return context.WithCancel(context.Background()) }
	code, _, errs = ecssim(t, "sweep", "-dir", dir, sweep)
	if code != 0 || !strings.Contains(errs, "already in") {
		t.Errorf("rerun: exit %d\n%s", code, errs)
	}
	if n := len(runNames(t, dir)); n != 160 {
		t.Errorf("%d runs after the rerun, want 160", n)
	}
}

func TestSweepShardFromEnvironment(t *testing.T) {
	tests := []struct {
		name         string
		flags        sweepOptions
		env          map[string]string
		index, count int
		err          string
	}{
		{"no shards", sweepOptions{shardIndex: -1}, nil, 0, 1, ""},
		{"flags", sweepOptions{shardIndex: 2, shardCount: 3}, nil, 2, 3, ""},
		{"kubernetes", sweepOptions{shardIndex: -1, shardCount: 4}, map[string]string{"JOB_COMPLETION_INDEX": "3"}, 3, 4, ""},
		{"aws batch", sweepOptions{shardIndex: -1, shardCount: 4}, map[string]string{"AWS_BATCH_JOB_ARRAY_INDEX": "1"}, 1, 4, ""},
		{"slurm counts too", sweepOptions{shardIndex: -1}, map[string]string{"SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_COUNT": "6"}, 5, 6, ""},
		{"the flag wins", sweepOptions{shardIndex: 0, shardCount: 2}, map[string]string{"JOB_COMPLETION_INDEX": "1"}, 0, 2, ""},
		{"no count", sweepOptions{shardIndex: -1}, map[string]string{"JOB_COMPLETION_INDEX": "1"}, 0, 0, "the shard index is 1 (from JOB_COMPLETION_INDEX): give the number of shards with -shard-count"},
		{"index too big", sweepOptions{shardIndex: -1, shardCount: 2}, map[string]string{"AWS_BATCH_JOB_ARRAY_INDEX": "2"}, 0, 0, "shard index 2 (from AWS_BATCH_JOB_ARRAY_INDEX) with 2 shards"},
		{"not a number", sweepOptions{shardIndex: -1, shardCount: 2}, map[string]string{"JOB_COMPLETION_INDEX": "x"}, 0, 0, `JOB_COMPLETION_INDEX="x"`},
		{"count without index", sweepOptions{shardIndex: -1, shardCount: 2}, nil, 0, 0, "give the shard index with -shard-index"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := tc.flags
			o.workers, o.format = 1, "text"
			err := o.check(func(k string) string { return tc.env[k] })
			switch {
			case tc.err != "":
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Errorf("got %v, want %q", err, tc.err)
				}
			case err != nil:
				t.Error(err)
			case o.shardIndex != tc.index || o.shardCount != tc.count:
				t.Errorf("shard %d of %d, want %d of %d", o.shardIndex, o.shardCount, tc.index, tc.count)
			}
		})
	}
}

// TestMergeCommand: merge's usage errors, and bad results (experiment's TestMergeProblems
// checks them one by one) are bad input, exit status 2.
func TestMergeCommand(t *testing.T) {
	bad := t.TempDir()
	tests := []struct {
		name string
		args []string
		err  string
	}{
		{"nothing", []string{"merge"}, "name the result directories"},
		{"bad format", []string{"merge", "-format", "xml", bad}, "-format: want text, json, csv, markdown, benchstat"},
		{"no directory", []string{"merge", filepath.Join(bad, "nope")}, "no such directory"},
		{"no results", []string{"merge", bad}, "merge: no results found"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := ecssim(t, tc.args...)
			if code != 2 || out != "" || !strings.Contains(errs, tc.err) {
				t.Errorf("exit %d, stdout %q, stderr:\n%s\nwant %q", code, out, errs, tc.err)
			}
		})
	}
}

// TestCompareStrategyFileAndResume: compare reads strategy files, and with -out keeps its
// runs, so that a rerun runs nothing and prints the same.
func TestCompareStrategyFileAndResume(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "zones-then-memory.toml")
	os.WriteFile(file, []byte(`placement_strategy = [
  { type = "spread", field = "attribute:ecs.availability-zone" },
  { type = "binpack", field = "memory" },
]
`), 0o644)
	out := filepath.Join(dir, "out")
	args := []string{"compare", "-strategies", "binpack-memory," + file, "-seeds", "3", "-out", out, "-format", "csv", "example:binpack-vs-spread"}
	code, first, errs := ecssim(t, args...)
	if code != 0 || !strings.Contains(first, "\ncost_usd.total,zones-then-memory,3,") {
		t.Fatalf("exit %d\n%s\n%s", code, first, errs)
	}
	if n := len(runNames(t, out)); n != 6 {
		t.Errorf("%d runs kept, want 6", n)
	}
	report := func() string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(out, "report.html"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{"reserved.svg", "tasks.svg", "pending-cdf.svg", "utilization-vs-resiliency.svg", "cost-vs-resiliency.png",
			"instances-heatmap-1-binpack-memory.svg", "instances-heatmap-2-zones-then-memory.svg"} {
			if _, err := os.Stat(filepath.Join(out, f)); err != nil {
				t.Error(err)
			}
		}
		return string(b)
	}
	html := report()
	code, again, _ := ecssim(t, args...)
	if code != 0 || again != first {
		t.Errorf("rerun: exit %d, output differs: %v", code, again != first)
	}
	// The rerun took every result from DIR/runs, and ran the first seed of each strategy again
	// for its figures: the report keeps every figure.
	if again := report(); strings.Count(again, "<svg") != strings.Count(html, "<svg") {
		t.Errorf("the rerun's report has %d figures, the first %d", strings.Count(again, "<svg"), strings.Count(html, "<svg"))
	}
	// The same comparison under the preset that names the same chain gives the same numbers.
	_, preset, _ := ecssim(t, "compare", "-strategies", "binpack-memory,spread-az-binpack-memory", "-seeds", "3", "-format", "csv", "example:binpack-vs-spread")
	if strings.ReplaceAll(first, "zones-then-memory", "spread-az-binpack-memory") != preset {
		t.Errorf("the strategy file and the preset differ:\n%s\n----\n%s", first, preset)
	}
	// A compare resumed after an interrupt that kept the first seed's runs but not the
	// others: the figures need the first seed's recordings, which are run again.
	for _, name := range runNames(t, out) {
		if b, err := os.ReadFile(name); err != nil || !strings.Contains(string(b), `"replicate":0,`) {
			os.Remove(name)
		}
	}
	code, again, errs = ecssim(t, args...)
	if code != 0 || again != first || !strings.Contains(report(), "instances-heatmap-1-binpack-memory") {
		t.Errorf("resumed with the first seed done: exit %d, output differs: %v\n%s", code, again != first, errs)
	}
	os.WriteFile(file, []byte("placement_strategy = [{ type = \"binpack\", field = \"disk\" }]\n"), 0o644)
	code, _, errs = ecssim(t, args...)
	if code != 2 || !strings.Contains(errs, "zones-then-memory.toml:1:") {
		t.Errorf("a bad strategy file: exit %d\n%s", code, errs)
	}
}
