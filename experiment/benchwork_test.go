package experiment

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/scenarios"
	"github.com/ecssim/ecssim/scheduler"
)

// TestServiceBench: filled, every instance holds two tasks and every service its tasksEach;
// through the placements and stops, under ECS's service default and under binpack, every
// placement succeeds and each service keeps its size, so each step measures the same load.
func TestServiceBench(t *testing.T) {
	for _, c := range []struct {
		name  string
		chain []models.StrategySpec
	}{
		{"service default", scheduler.ServiceDefault()},
		{"binpack memory", []models.StrategySpec{{Type: scheduler.Binpack, Field: scheduler.FieldMemory}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			const n, steps = 1_000, 2_000
			b, err := newServiceBench(n, c.chain)
			if err != nil {
				t.Fatal(err)
			}
			b.fill()
			byCount := map[int]int{}
			for _, in := range b.c.Instances() {
				byCount[len(in.Tasks())]++
			}
			if diff := cmp.Diff(map[int]int{2: n}, byCount); diff != "" {
				t.Fatalf("instances by their count of tasks after the fill (-want +got):\n%s", diff)
			}
			placed := 0
			for i := range steps {
				if b.step(i) {
					placed++
				}
			}
			if placed != steps {
				t.Errorf("placed %d of %d", placed, steps)
			}
			for s := range b.defs {
				if got := len(b.live[s]); got != tasksEach {
					t.Errorf("service %d has %d tasks, want %d", s, got, tasksEach)
				}
			}
		})
	}
}

// TestNewWorkloadsPlace runs the new workloads small: each places tasks, and the reference
// shape places nearly every task that arrives (80% of the memory offered, from empty).
func TestNewWorkloadsPlace(t *testing.T) {
	for _, c := range []struct {
		name string
		run  func() (BenchResult, error)
		min  uint64
	}{
		{"service default", func() (BenchResult, error) { return serviceLoad(1_000, scheduler.ServiceDefault(), 500) }, 500},
		{"service binpack", func() (BenchResult, error) {
			return serviceLoad(1_000, []models.StrategySpec{{Type: scheduler.Binpack, Field: scheduler.FieldMemory}}, 500)
		}, 500},
		{"random tie", func() (BenchResult, error) { return placement(1_000, "spread-az", 500) }, 500},
		{"ref shape", func() (BenchResult, error) { return runScenario("e2e-ref", refShape(3_000)) }, 2_700},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := c.run()
			if err != nil {
				t.Fatal(err)
			}
			if res.Placements < c.min {
				t.Errorf("placed %d, want %d at least", res.Placements, c.min)
			}
		})
	}
}

// TestWorkloadNamesUnique: ecssim bench chooses workloads by name.
func TestWorkloadNamesUnique(t *testing.T) {
	seen := map[string]bool{}
	for _, w := range Workloads() {
		if seen[w.Name] {
			t.Errorf("two workloads are named %s", w.Name)
		}
		seen[w.Name] = true
	}
}

// TestBenchScenariosLoad: the workloads written as scenarios load without a problem, so a
// change to the scenario format cannot leave one to fail only when ecssim bench runs it.
func TestBenchScenariosLoad(t *testing.T) {
	for name, src := range map[string]string{"cell-day": cellDay, "hold-100k": hold100k, "e2e-ref": refShape(1_000)} {
		t.Run(name, func(t *testing.T) {
			if _, err := scenarios.Load([]byte(src), name); err != nil {
				t.Error(err)
			}
		})
	}
}
