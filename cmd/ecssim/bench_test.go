package main

import (
	"testing"

	"github.com/ecssim/ecssim/reports"
	"github.com/ecssim/ecssim/scenarios"
)

// loadedFleet is 1,000 m5.xlarge held at about 80% of their CPU by a Poisson stream of
// single-task jobs placed with binpack on memory: 1000 × 4096 CPU units, 80% of which is 6400
// tasks of 512 at once; with a lognormal mean of 8 min × e^(0.66²/2) = 9.97 min that takes
// 6400 / 598 s = 10.7 arrivals per second.
const loadedFleet = `
name = "loaded-fleet"
duration = "2h"
[[instance_groups]]
type = "m5.xlarge"
count = 1000
[[task_definitions]]
family = "job"
cpu = 512
memory = 1024
containers = [{ name = "job" }]
[[workloads]]
task_definition = "job"
arrival = { process = "poisson", rate = "10.7/s" }
duration = { distribution = "lognormal", median = "8m", sigma = 0.66 }
placement_strategy = [{ type = "binpack", field = "memory" }]
`

// BenchmarkRun runs whole scenarios as ecssim run does, placement and metrics included, and
// reports engine events per second of wall time.
func BenchmarkRun(b *testing.B) {
	sources := map[string][]byte{"loaded-fleet": []byte(loadedFleet)}
	for _, ex := range scenarios.Examples() {
		sources["example:"+ex.Name] = ex.Source
	}
	for _, name := range []string{"loaded-fleet", "example:web-and-batch", "example:batch-cluster", "example:loss-system"} {
		b.Run(name, func(b *testing.B) {
			sc, err := scenarios.Load(sources[name], name)
			if err != nil {
				b.Fatal(err)
			}
			var events uint64
			b.ReportAllocs()
			for b.Loop() {
				r, err := scenarios.Build(sc, scenarios.Options{})
				if err != nil {
					b.Fatal(err)
				}
				col := reports.NewCollector(r.Sim)
				r.Sim.AddObserver(col)
				r.Sim.Run()
				col.Finish()
				events += r.Sim.Engine.Fired()
			}
			b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
		})
	}
}
