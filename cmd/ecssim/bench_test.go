package main

import (
	"context"
	"fmt"
	"strings"
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

// manyDeployments is 1,000 m6i.xlarge running 200 services of 10 tasks each, half of them
// behind their own ALB target group with dynamic host ports, each rolled out to a new revision
// once, one service every 10 s from 1h on (the last at 1h33m10s).
func manyDeployments() string {
	var b strings.Builder
	b.WriteString(`name = "many-deployments"
duration = "3h"
[[instance_groups]]
type = "m6i.xlarge"
count = 1000
`)
	for i := range 200 {
		for rev := 1; rev <= 2; rev++ {
			fmt.Fprintf(&b, `[[task_definitions]]
family = "svc%d"
cpu = 256
memory = 512
image = { size_mib = %d }
containers = [{ name = "app", port_mappings = [{ container_port = 8080 }] }]
`, i, 100+rev*10)
		}
		fmt.Fprintf(&b, `[[services]]
name = "svc%d"
task_definition = "svc%d:1"
desired_count = 10
`, i, i)
		if i%2 == 0 {
			fmt.Fprintf(&b, `load_balancers = [{ target_group = "tg%d", container_name = "app", container_port = 8080 }]
[[target_groups]]
name = "tg%d"
health_check = { interval = "10s", healthy_threshold = 3 }
deregistration_delay = "30s"
`, i, i)
		}
		fmt.Fprintf(&b, `[[events]]
at = "%ds"
action = "deploy"
service = "svc%d"
task_definition = "svc%d:2"
`, 3600+10*i, i, i)
	}
	return b.String()
}

// scaleFromZero is an empty one-zone Auto Scaling group of m6i.large that managed scaling grows
// to the 1,000 instances a 2,000-task service needs (two 1024-unit tasks per instance): two at
// the first reading, then the rest in one step once they have warmed up.
const scaleFromZero = `
name = "scale-to-1000"
duration = "1h"
[[capacity_providers]]
name = "asg"
[capacity_providers.auto_scaling_group]
instance_type = "m6i.large"
zones = ["us-east-1a"]
max_size = 1000
launch_latency = { distribution = "uniform", min = "60s", max = "180s" }
[capacity_providers.managed_scaling]
target_capacity = 100
[[task_definitions]]
family = "app"
cpu = 1024
memory = 1024
containers = [{ name = "app" }]
[[services]]
name = "app"
task_definition = "app"
desired_count = 2000
capacity_provider_strategy = [{ capacity_provider = "asg", weight = 1 }]
`

// BenchmarkRun runs whole scenarios as ecssim run does, placement and metrics included, and
// reports engine events per second of wall time.
func BenchmarkRun(b *testing.B) {
	sources := map[string][]byte{"loaded-fleet": []byte(loadedFleet), "many-deployments": []byte(manyDeployments()), "scale-to-1000": []byte(scaleFromZero)}
	for _, ex := range scenarios.Examples() {
		sources["example:"+ex.Name] = ex.Source
	}
	for _, name := range []string{"loaded-fleet", "many-deployments", "scale-to-1000", "example:rolling-deployment", "example:web-and-batch", "example:batch-cluster", "example:loss-system"} {
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

// BenchmarkCompare runs compare's 3 strategies × 10 seeds of the web-and-batch example on one
// worker and on two, and reports runs per second: the speed-up of the worker pool is the
// ratio of the two (it needs two idle cores to show).
func BenchmarkCompare(b *testing.B) {
	sc, err := scenarios.LoadExample("web-and-batch")
	if err != nil {
		b.Fatal(err)
	}
	var strategies []scenarios.NamedStrategy
	for _, name := range []string{"binpack-memory", "spread-az-binpack-memory", "spread-az-spread-instance"} {
		s, err := scenarios.LoadStrategy(name)
		if err != nil {
			b.Fatal(err)
		}
		strategies = append(strategies, s)
	}
	sw, err := scenarios.NewSweep(sc, strategies, 10, 1)
	if err != nil {
		b.Fatal(err)
	}
	all := make([]int, sw.Len())
	for k := range all {
		all[k] = k
	}
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			for b.Loop() {
				g := newGridRunner(sw, nil, workers)
				if err := g.run(context.Background(), all); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*sw.Len())/b.Elapsed().Seconds(), "runs/s")
		})
	}
}
