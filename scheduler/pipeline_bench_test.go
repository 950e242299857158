package scheduler

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/ecssim/ecssim/models"
	mt "github.com/ecssim/ecssim/models/modelstest"
)

// benchChains are the built-in strategies, alone and in ECS's documented chains.
var benchChains = []string{
	"binpack-cpu", "binpack-memory", "spread-az-binpack-memory", "spread-az-spread-instance", "spread-instance", "random",
}

// BenchmarkPlace measures placements per second on clusters of 100 to 100,000 m6i.xlarge
// instances over three zones, held about half full: each iteration places one task of a
// 200-task service and stops the oldest task, so the load stays level. mode=index is the
// pipeline as runs use it; mode=scan is the reference scan of every instance, the baseline the
// index must beat (up to 10,000 instances: filling 100,000 by scanning takes hours).
func BenchmarkPlace(b *testing.B) {
	for _, n := range []int{100, 1000, 10000, 100000} {
		for _, name := range benchChains {
			for _, mode := range []string{"index", "scan"} {
				if mode == "scan" && n > 10000 {
					continue
				}
				b.Run(fmt.Sprintf("instances=%d/strategy=%s/mode=%s", n, name, mode), func(b *testing.B) {
					benchPlace(b, n, name, mode == "index")
				})
			}
		}
	}
}

func benchPlace(b *testing.B, n int, preset string, indexed bool) {
	zones := []string{"us-east-1a", "us-east-1b", "us-east-1c"}
	fleet := make([]*mt.InstanceBuilder, n)
	for i := range fleet {
		fleet[i] = mt.Instance("m6i.xlarge").Zone(zones[i%3])
	}
	c := mt.Cluster(1, fleet...)
	var ix *Index
	if indexed {
		ix = NewIndex(c)
	}
	chain, _ := LookupPreset(preset)
	p, err := NewPipeline(c, ix, chain, nil, rand.NewPCG(1, 2))
	if err != nil {
		b.Fatal(err)
	}
	defs := []*models.TaskDefinition{mt.TaskDef("a", 256, 512), mt.TaskDef("b", 512, 2048), mt.TaskDef("c", 1024, 1024)}
	rng := rand.New(rand.NewPCG(3, 4))
	// Fill to about half: an m6i.xlarge registers 4096 CPU and 15970 MiB; tasks average
	// 597 CPU, so 3.4 per instance is half the CPU.
	groups := make([]string, 200)
	for i := range groups {
		groups[i] = fmt.Sprint("service:s", i)
	}
	// The harness does what a run does around a placement and no more: it names the groups
	// once, and a placement reuses the task the last stop freed, as a run reuses stopped
	// tasks (models.Simulation.RecycleTasks), so that what it measures is the placement and
	// the cluster's bookkeeping, not the allocator.
	var live []*models.Task
	var spare *models.Task
	place := func(i int) {
		t := spare
		if t == nil {
			t = new(models.Task)
		}
		spare = nil
		*t = models.Task{ID: "t", Def: defs[rng.IntN(len(defs))], Group: groups[i%len(groups)], State: models.Provisioning}
		if in, fail := p.Place(t); fail == nil {
			c.Place(t, in, 0)
			live = append(live, t)
		}
	}
	for i := range n * 34 / 10 {
		place(i)
	}
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		place(i)
		i++
		c.FinishStop(live[0], 0, "bench")
		spare, live = live[0], live[1:]
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "placements/s")
}

// BenchmarkPlaceServiceDefault measures placements per second for one service with ECS's
// default chain for services, spread(zone) then spread(instanceId), on 1,000 to 100,000
// m6i.xlarge instances over three zones, each already running one or two of the service's
// tasks: spread's levels past 0, which the standard place benchmarks never reach. Each
// iteration places one task and stops the service's oldest, so the load stays level.
func BenchmarkPlaceServiceDefault(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprintf("instances=%d", n), func(b *testing.B) { benchPlaceService(b, n, presetChain("spread-az-spread-instance")) })
	}
}

// BenchmarkPlaceSpreadInstance is BenchmarkPlaceServiceDefault with spread(instanceId) alone.
func BenchmarkPlaceSpreadInstance(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprintf("instances=%d", n), func(b *testing.B) { benchPlaceService(b, n, presetChain("spread-instance")) })
	}
}

// BenchmarkPlaceSpreadAttribute is BenchmarkPlaceServiceDefault with spread over a custom
// attribute of ten values (racks).
func BenchmarkPlaceSpreadAttribute(b *testing.B) {
	chain := []models.StrategySpec{{Type: Spread, Field: "attribute:rack"}}
	for _, n := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprintf("instances=%d", n), func(b *testing.B) { benchPlaceService(b, n, chain) })
	}
}

func presetChain(name string) []models.StrategySpec {
	chain, _ := LookupPreset(name)
	return chain
}

func benchPlaceService(b *testing.B, n int, chain []models.StrategySpec) {
	zones := []string{"us-east-1a", "us-east-1b", "us-east-1c"}
	fleet := make([]*mt.InstanceBuilder, n)
	for i := range fleet {
		fleet[i] = mt.Instance("m6i.xlarge").Zone(zones[i%3]).Attr("rack", fmt.Sprint("r", i%10))
	}
	c := mt.Cluster(1, fleet...)
	p, err := NewPipeline(c, NewIndex(c), chain, nil, rand.NewPCG(1, 2))
	if err != nil {
		b.Fatal(err)
	}
	def := mt.TaskDef("web", 256, 512)
	// One task on every instance, and a second on every other one, placed directly: the fill
	// is the state measured, not the measurement.
	var live []*models.Task
	for i := range n + n/2 {
		at := i // the first round
		if i >= n {
			at = 2 * (i - n) // the second, every other instance
		}
		t := mt.Task("t", def, "service:web")
		c.Place(t, c.Instances()[at], 0)
		live = append(live, t)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		t := mt.Task("t", def, "service:web")
		in, fail := p.Place(t)
		if fail != nil {
			b.Fatal(fail)
		}
		c.Place(t, in, 0)
		live = append(live, t)
		c.FinishStop(live[0], 0, "bench")
		live = live[1:]
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "placements/s")
}
