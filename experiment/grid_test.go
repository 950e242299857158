package experiment

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/reports"
	"github.com/ecssim/ecssim/scenarios"
)

// testSweep is experiment's small grid: 2 values × 2 strategies × 3 seeds = 12 runs.
var testSweep = func() string {
	b, err := os.ReadFile(filepath.Join("testdata", "small-sweep.toml"))
	if err != nil {
		panic(err)
	}
	return string(b)
}()

// loadSweep writes a sweep file and loads it.
func loadSweep(t *testing.T, src string) *scenarios.Sweep {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sweep.toml")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	sw, err := scenarios.LoadSweep(path)
	if err != nil {
		t.Fatal(err)
	}
	return sw
}

// runShard runs the runs of shard index of count not yet in dir's store, and returns the grid
// and how many it ran.
func runShard(t *testing.T, sw *scenarios.Sweep, dir string, index, count int) (*Grid, int) {
	t.Helper()
	st, err := OpenStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	g := NewGrid(sw, st, 2)
	todo := g.Todo(g.Shard(index, count))
	if err := g.Run(context.Background(), todo); err != nil {
		t.Fatal(err)
	}
	return g, len(todo)
}

// compared prints comparisons as ecssim prints them by default.
func compared(t *testing.T, cs []*reports.Comparison, err error) string {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := reports.WriteComparisons(&b, cs, "text", reports.MetricsHeadline); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// gridText prints the grid's comparisons as ecssim prints them by default.
func gridText(t *testing.T, g *Grid) string {
	t.Helper()
	cs, err := g.Comparisons()
	return compared(t, cs, err)
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

// TestShardsMerge: three shards, in three directories or in one, merged, give what the
// unsharded grid gives, file for file and byte for byte.
func TestShardsMerge(t *testing.T) {
	sw := loadSweep(t, testSweep)
	whole := t.TempDir()
	g, _ := runShard(t, sw, whole, 0, 1)
	want := gridText(t, g)
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
		dirs = append(dirs, t.TempDir())
		g, ran := runShard(t, sw, dirs[i], i, 3)
		if ran != 4 || g.Missing() != 8 {
			t.Errorf("shard %d ran %d runs and misses %d, want 4 and 8", i, ran, g.Missing())
		}
		if g, _ = runShard(t, sw, shared, i, 3); i == 2 {
			// The last shard into a shared directory completes the grid: it compares.
			if g.Missing() != 0 || len(g.Todo(g.All())) != 0 || gridText(t, g) != want {
				t.Errorf("the last shard into one directory misses %d runs, or compares otherwise", g.Missing())
			}
		}
	}
	m, err := Merge(dirs)
	if err != nil {
		t.Fatal(err)
	}
	if got := compared(t, m.Comparisons, nil); got != want || m.Runs != 12 || m.Sweep != sw.ID || len(m.Builds) != 1 {
		t.Errorf("merged %d runs of %s by %v:\n%s\n----\n%s", m.Runs, m.Sweep, m.Builds, got, want)
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
}

// TestResume: a rerun runs only what is missing, a file under a run's name that is no result
// included, and ends as a whole run does.
func TestResume(t *testing.T) {
	sw := loadSweep(t, testSweep)
	dir := t.TempDir()
	g, _ := runShard(t, sw, dir, 0, 1)
	want := gridText(t, g)
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
	if err := os.WriteFile(filepath.Join(dir, "runs", names[3]), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	g, ran := runShard(t, sw, dir, 0, 1)
	if ran != 3 {
		t.Errorf("the rerun ran %d runs, want 3", ran)
	}
	if got := gridText(t, g); got != want {
		t.Errorf("resumed grid differs:\n%s\n----\n%s", got, want)
	}
	if diff := cmp.Diff(files, runFiles(t, dir)); diff != "" {
		t.Errorf("run files (-first +resumed):\n%s", diff)
	}
}

// TestGrows: runs keep their files when the grid around them changes: a sweep given more
// seeds runs only the new ones, and compares as a fresh sweep does. One given fewer finds
// the files it no longer has.
func TestGrows(t *testing.T) {
	dir := t.TempDir()
	sw := loadSweep(t, testSweep)
	runShard(t, sw, dir, 0, 1)
	more := loadSweep(t, strings.Replace(testSweep, "seeds = 3", "seeds = 4", 1))
	g, ran := runShard(t, more, dir, 0, 1)
	if ran != 4 {
		t.Errorf("the grown sweep ran %d runs, want 4", ran)
	}
	fresh, _ := runShard(t, more, t.TempDir(), 0, 1)
	want := gridText(t, fresh)
	if got := gridText(t, g); got != want {
		t.Errorf("the grown sweep differs from a fresh one:\n%s\n----\n%s", got, want)
	}
	m, err := Merge([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if got := compared(t, m.Comparisons, nil); got != want {
		t.Errorf("merge after growing differs:\n%s", got)
	}
	st, _ := OpenStore(dir)
	g, ran = runShard(t, sw, dir, 0, 1)
	if ran != 0 || st.Foreign(sw) != 4 || g.Finished(nil) != 12 {
		t.Errorf("the shrunk sweep ran %d, finds %d foreign files and %d results; want 0, 4 and 12", ran, st.Foreign(sw), g.Finished(nil))
	}
}

// TestWorkersDeterministic runs a scenario with random arrivals and durations on one worker
// and on four: the comparisons are the same byte for byte. Under -race it also checks that
// concurrent Builds of one scenario share nothing mutable.
func TestWorkersDeterministic(t *testing.T) {
	sc, err := scenarios.LoadExample("batch-cluster")
	if err != nil {
		t.Fatal(err)
	}
	var strategies []scenarios.NamedStrategy
	for _, name := range []string{"binpack-memory", "spread-az-spread-instance", "random"} {
		s, err := scenarios.LoadStrategy(name)
		if err != nil {
			t.Fatal(err)
		}
		strategies = append(strategies, s)
	}
	sw := scenarios.NewSweep(sc, strategies, 3, sc.Seed)
	out := func(workers int) string {
		g := NewGrid(sw, nil, workers)
		if err := g.Run(context.Background(), g.All()); err != nil {
			t.Fatal(err)
		}
		cs, err := g.Comparisons()
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := reports.WriteComparisons(&b, cs, "json", reports.MetricsHeadline); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	out1, out4 := out(1), out(4)
	if out1 != out4 {
		t.Errorf("1 worker and 4 workers differ:\n%s\n----\n%s", out1, out4)
	}
	// The seeds differ, so the intervals are not all empty: the runs did vary.
	if !strings.Contains(out1, `"ci95_half_width": 0.`) && !strings.Contains(out1, `"ci95_half_width": 1`) {
		t.Errorf("no interval is wider than 0:\n%s", out1)
	}
}

// TestMergeProblems: results that are not one whole grid, each once, are bad input, said at
// the file and run at fault.
func TestMergeProblems(t *testing.T) {
	sw := loadSweep(t, testSweep)
	one := t.TempDir()
	runShard(t, sw, one, 0, 2)
	other := t.TempDir()
	runShard(t, loadSweep(t, strings.Replace(testSweep, "seeds = 3", "seeds = 2", 1)), other, 1, 2)
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
		dirs []string
		err  string
	}{
		{"half the runs", []string{one}, "6 of 12 runs are missing (runs 1, 3, 5, 7, 9, ...)"},
		{"two sweeps", []string{one, other}, "belong to different sweeps"},
		{"a directory twice", []string{one, filepath.Join(one, "runs")}, "are the same results"},
		{"a forged header", []string{forged}, "cannot be point 7"},
		{"malformed", []string{bad}, "0000000-x.json:2:16: not a sweep result"},
		{"no directory", []string{filepath.Join(bad, "nope")}, "no such directory"},
		{"a file, not a directory", []string{filepath.Join(bad, "runs", "0000000-x.json")}, "0000000-x.json: not a directory"},
		{"nothing there", []string{t.TempDir()}, "no results found"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Merge(tc.dirs)
			if !errors.As(err, new(InputError)) || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("got %v, want bad input saying %q", err, tc.err)
			}
		})
	}
}
