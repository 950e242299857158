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
	var live []*models.Task
	place := func(i int) {
		t := mt.Task("t", defs[rng.IntN(len(defs))], fmt.Sprint("service:s", i%200))
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
		live = live[1:]
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "placements/s")
}
