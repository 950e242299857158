package experiment

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/scenarios"
)

// TestJobs: the runs of a grid go point by point, seed by seed, strategy by strategy; each
// has a key that names its settings, and a file name of its own.
func TestJobs(t *testing.T) {
	sw, err := scenarios.LoadSweep("../scenarios/examples/sweeps/fleet-size.toml")
	if err != nil {
		t.Fatal(err)
	}
	// 2 counts × 2 desired counts, 3 strategies, 5 seeds.
	if sw.Len() != 60 {
		t.Fatalf("%d runs, want 60", sw.Len())
	}
	var jobs []gridRun
	for _, k := range []int{0, 1, 3, 16, 59} {
		jobs = append(jobs, runAt(sw, k))
	}
	want := []gridRun{
		{Index: 0, Point: 0, Strategy: 0, Replicate: 0, Seed: 1},
		{Index: 1, Point: 0, Strategy: 1, Replicate: 0, Seed: 1},
		{Index: 3, Point: 0, Strategy: 0, Replicate: 1, Seed: 2},
		{Index: 16, Point: 1, Strategy: 1, Replicate: 0, Seed: 1},
		{Index: 59, Point: 3, Strategy: 2, Replicate: 4, Seed: 5},
	}
	if diff := cmp.Diff(want, jobs); diff != "" {
		t.Errorf("runs (-want +got):\n%s", diff)
	}
	if got, want := key(sw, runAt(sw, 16)), "instance_groups.general.count=6/services.web.desired_count=12/strategy=spread-az-binpack-memory/seed=1"; got != want {
		t.Errorf("key %q, want %q", got, want)
	}
	names := map[string]bool{}
	for k := range sw.Len() {
		j := runAt(sw, k)
		if j.Index != k || j.Point >= sw.Points() || j.Strategy >= len(sw.Strategies) || j.Seed != sw.FirstSeed+uint64(j.Replicate) {
			t.Errorf("run %d: %+v", k, j)
		}
		names[fileName(sw, j)] = true
	}
	if len(names) != sw.Len() {
		t.Errorf("%d file names for %d runs", len(names), sw.Len())
	}
}
