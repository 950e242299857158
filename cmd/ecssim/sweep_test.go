package main

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// testSweep is a small grid: 2 values × 2 strategies × 3 seeds = 12 runs.
const testSweep = `scenario = "example:binpack-vs-spread"
strategies = ["binpack-memory", "spread-az-spread-instance"]
seeds = 3

[[parameters]]
key = "services.spread.desired_count"
values = [4, 8]
`

func writeSweep(t *testing.T, src string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sweep.toml")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// runFiles returns the files in DIR/runs by name, with their contents.
func runFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "runs", "*"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(n)] = string(b)
	}
	return out
}

// TestSweepShardsMerge: three shards, in three directories or in one, merged, give what the
// unsharded sweep gives, file for file and byte for byte.
func TestSweepShardsMerge(t *testing.T) {
	sweep := writeSweep(t, testSweep)
	whole := t.TempDir()
	code, want, errs := ecssim(t, "sweep", "-dir", whole, sweep)
	if code != 0 {
		t.Fatalf("sweep: %d\n%s", code, errs)
	}
	if !strings.Contains(want, "grid points × ") || !strings.Contains(want, "services.spread.desired_count") {
		t.Errorf("the comparison is not one pivot table of the grid's points:\n%s", want)
	}
	wantFiles := runFiles(t, whole)
	if len(wantFiles) != 12 {
		t.Fatalf("%d run files, want 12", len(wantFiles))
	}

	shared := t.TempDir()
	var dirs []string
	for i := range 3 {
		dir := t.TempDir()
		dirs = append(dirs, dir)
		idx := []string{"-shard-index", string(rune('0' + i))}
		code, out, errs := ecssim(t, slices.Concat([]string{"sweep", "-shard-count", "3", "-dir", dir}, idx, []string{sweep})...)
		if code != 0 || out != "" {
			t.Fatalf("shard %d: exit %d, stdout %q\n%s", i, code, out, errs)
		}
		if !strings.Contains(errs, "4 to run here (shard "+idx[1]+" of 3)") {
			t.Errorf("shard %d: %s", i, errs)
		}
		if code, _, errs := ecssim(t, slices.Concat([]string{"sweep", "-shard-count", "3", "-dir", shared}, idx, []string{sweep})...); code != 0 {
			t.Fatalf("shard %d into one directory: %s", i, errs)
		}
	}
	report := filepath.Join(t.TempDir(), "report")
	code, merged, errs := ecssim(t, append([]string{"merge", "-out", report}, dirs...)...)
	if code != 0 {
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
	got := map[string]string{}
	for _, d := range dirs {
		for n, b := range runFiles(t, d) {
			got[n] = b
		}
	}
	if diff := cmp.Diff(wantFiles, got); diff != "" {
		t.Errorf("run files (-whole +shards):\n%s", diff)
	}
	if diff := cmp.Diff(wantFiles, runFiles(t, shared)); diff != "" {
		t.Errorf("run files (-whole +shards in one directory):\n%s", diff)
	}
	// The last shard into a shared directory completes the grid, so it prints the comparison.
	code, last, _ := ecssim(t, "sweep", "-shard-count", "3", "-shard-index", "2", "-dir", shared, sweep)
	if code != 0 || last != want {
		t.Errorf("rerun of the last shard: exit %d, output differs: %v", code, last != want)
	}
}

// TestSweepResume: a rerun runs only what is missing and ends as a whole run does.
func TestSweepResume(t *testing.T) {
	sweep := writeSweep(t, testSweep)
	dir := t.TempDir()
	_, want, _ := ecssim(t, "sweep", "-dir", dir, sweep)
	files := runFiles(t, dir)
	names := slices.Sorted(func(yield func(string) bool) {
		for n := range files {
			if !yield(n) {
				return
			}
		}
	})
	for _, n := range []string{names[1], names[7]} {
		if err := os.Remove(filepath.Join(dir, "runs", n)); err != nil {
			t.Fatal(err)
		}
	}
	// A file left under a run's name by something else is not a result: it is run again.
	if err := os.WriteFile(filepath.Join(dir, "runs", names[3]), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, got, errs := ecssim(t, "sweep", "-dir", dir, sweep)
	if code != 0 || !strings.Contains(errs, "3 to run here, 9 already in") {
		t.Errorf("exit %d: %s", code, errs)
	}
	if got != want {
		t.Errorf("resumed sweep differs:\n%s\n----\n%s", got, want)
	}
	if diff := cmp.Diff(files, runFiles(t, dir)); diff != "" {
		t.Errorf("run files (-first +resumed):\n%s", diff)
	}
}

// TestSweepGrows: runs keep their files when the grid around them changes: a sweep given more
// seeds runs only the new ones, and its comparison equals a fresh sweep's. One given fewer
// warns of the files it no longer has.
func TestSweepGrows(t *testing.T) {
	dir := t.TempDir()
	sweep := writeSweep(t, testSweep)
	if code, _, errs := ecssim(t, "sweep", "-dir", dir, sweep); code != 0 {
		t.Fatal(errs)
	}
	more := writeSweep(t, strings.Replace(testSweep, "seeds = 3", "seeds = 4", 1))
	code, got, errs := ecssim(t, "sweep", "-dir", dir, more)
	if code != 0 || !strings.Contains(errs, "4 to run here, 12 already in") {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	_, want, _ := ecssim(t, "sweep", "-dir", t.TempDir(), more)
	if got != want {
		t.Errorf("the grown sweep differs from a fresh one:\n%s\n----\n%s", got, want)
	}
	if code, merged, errs := ecssim(t, "merge", dir); code != 0 || merged != want {
		t.Errorf("merge after growing: exit %d\n%s", code, errs)
	}
	code, _, errs = ecssim(t, "sweep", "-dir", dir, sweep)
	if code != 0 || !strings.Contains(errs, "0 to run here, 12 already in") || !strings.Contains(errs, "warning: 4 files in") {
		t.Errorf("the shrunk sweep: exit %d\n%s", code, errs)
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
			for len(runFiles(t, dir)) == 0 && ctx.Err() == nil {
				time.Sleep(time.Millisecond)
			}
			cancel()
		}()
		return ctx, cancel
	}
	code, out, errs := ecssim(t, "sweep", "-workers", "1", "-dir", dir, sweep)
	kept := len(runFiles(t, dir))
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
	if n := len(runFiles(t, dir)); n != 160 {
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

func TestMergeProblems(t *testing.T) {
	sweep := writeSweep(t, testSweep)
	one := t.TempDir()
	if code, _, errs := ecssim(t, "sweep", "-shard-index", "0", "-shard-count", "2", "-dir", one, sweep); code != 0 {
		t.Fatal(errs)
	}
	other := t.TempDir()
	if code, _, errs := ecssim(t, "sweep", "-shard-index", "1", "-shard-count", "2", "-dir", other,
		writeSweep(t, strings.Replace(testSweep, "seeds = 3", "seeds = 2", 1))); code != 0 {
		t.Fatal(errs)
	}
	forged := t.TempDir()
	os.MkdirAll(filepath.Join(forged, "runs"), 0o755)
	for name, b := range runFiles(t, one) {
		if strings.Contains(b, `"index":0,`) {
			b = strings.Replace(b, `"point":0,`, `"point":7,`, 1)
		}
		os.WriteFile(filepath.Join(forged, "runs", name), []byte(b), 0o644)
	}
	bad := t.TempDir()
	os.MkdirAll(filepath.Join(bad, "runs"), 0o755)
	os.WriteFile(filepath.Join(bad, "runs", "0000000-x.json"), []byte("{\"run\": {\"sweep\": \"a\",\n \"index\": \"one\"}}\n"), 0o644)
	tests := []struct {
		name string
		args []string
		code int
		err  string
	}{
		{"half the runs", []string{one}, 2, "6 of 12 runs are missing (runs 1, 3, 5, 7, 9, ...)"},
		{"two sweeps", []string{one, other}, 2, "belong to different sweeps"},
		{"a directory twice", []string{one, filepath.Join(one, "runs")}, 2, "are the same results"},
		{"a forged header", []string{forged}, 2, "cannot be point 7"},
		{"malformed", []string{bad}, 2, "0000000-x.json:2:16: not a sweep result"},
		{"nothing", []string{}, 2, "name the result directories"},
		{"no directory", []string{filepath.Join(bad, "nope")}, 2, "no such directory"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := ecssim(t, append([]string{"merge"}, tc.args...)...)
			if code != tc.code || out != "" || !strings.Contains(errs, tc.err) {
				t.Errorf("exit %d (want %d), stdout %q, stderr:\n%s\nwant %q", code, tc.code, out, errs, tc.err)
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
	if n := len(runFiles(t, out)); n != 6 {
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
	for name, b := range runFiles(t, out) {
		if !strings.Contains(b, `"replicate":0,`) {
			os.Remove(filepath.Join(out, "runs", name))
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
