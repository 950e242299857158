package experiment

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/scheduler"
)

// TestServiceBenchKeepsGroupOnEveryInstance: filled to two tasks an instance, every service
// holds its group on every instance of its cell; under ECS's service default it keeps doing
// so through the placements and stops, so that every placement measured is one where spread
// over instances finds no instance without the group. Each placement succeeds and each
// service ends with as many tasks as it started with.
func TestServiceBenchKeepsGroupOnEveryInstance(t *testing.T) {
	for _, c := range []struct {
		name       string
		chain      []models.StrategySpec
		everyPlace bool // every instance of the cell holds the group before every placement
	}{
		{"service default", scheduler.ServiceDefault(), true},
		{"binpack memory", []models.StrategySpec{{Type: scheduler.Binpack, Field: scheduler.FieldMemory}}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			const n, steps = 1_000, 2_000
			b, err := newServiceBench(n, c.chain)
			if err != nil {
				t.Fatal(err)
			}
			b.fill(2)
			if diff := cmp.Diff(map[int]int{2: n}, b.ownCounts()); diff != "" {
				t.Fatalf("instances by their count of their cell's group after the fill (-want +got):\n%s", diff)
			}
			placed, covered := 0, 0
			for i := range steps {
				if b.minOwnCount(i%len(b.defs)) >= 1 {
					covered++
				}
				if b.step(i) {
					placed++
				}
			}
			if placed != steps {
				t.Errorf("placed %d of %d", placed, steps)
			}
			if c.everyPlace && covered != steps {
				t.Errorf("the group was on every instance of its cell before %d of %d placements", covered, steps)
			}
			for s := range b.defs {
				if got := len(b.live[s]); got != 2*cellSize {
					t.Errorf("service %d has %d tasks, want %d", s, got, 2*cellSize)
				}
			}
			if got := b.ownCounts(); c.everyPlace && got[0] != 0 {
				t.Errorf("%d instances ended without their cell's group: %v", got[0], got)
			}
		})
	}
}

// ownCounts counts the instances by how many tasks of their own cell's service they hold.
func (b *serviceBench) ownCounts() map[int]int {
	out := map[int]int{}
	for i, in := range b.c.Instances() {
		out[in.GroupCount(b.groups[i/cellSize])]++
	}
	return out
}

// minOwnCount is the fewest tasks of service s on an instance of its cell.
func (b *serviceBench) minOwnCount(s int) int {
	least := -1
	for _, in := range b.c.Instances()[s*cellSize : (s+1)*cellSize] {
		if k := in.GroupCount(b.groups[s]); least < 0 || k < least {
			least = k
		}
	}
	return least
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
