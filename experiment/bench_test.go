package experiment

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/scenarios"
)

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

// BenchmarkRun runs whole scenarios through Run as ecssim run does, placement, metrics and
// the summary included, and reports engine events per second of wall time.
func BenchmarkRun(b *testing.B) {
	sources := map[string][]byte{"loaded-fleet": []byte(LoadedFleet("2h")), "many-deployments": []byte(manyDeployments(1000, 200)), "scale-to-1000": []byte(scaleFromZero)}
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
				res, err := Run(context.Background(), r, Options{})
				if err != nil {
					b.Fatal(err)
				}
				events += res.Summary.Events
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
	sw := scenarios.NewSweep(sc, strategies, 10, 1)
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			for b.Loop() {
				g := NewGrid(sw, nil, workers)
				if err := g.Run(context.Background(), g.All()); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*sw.Len())/b.Elapsed().Seconds(), "runs/s")
		})
	}
}

// TestChooseWorkloads: patterns pick workloads in the patterns' order, none picks all, and a
// pattern that matches nothing or does not parse is an error.
func TestChooseWorkloads(t *testing.T) {
	all := []Workload{{Name: "place-1k-random"}, {Name: "place-10k-random"}, {Name: "e2e-1M"}}
	for _, c := range []struct {
		name     string
		patterns []string
		want     []string
		err      string
	}{
		{"none: all", nil, []string{"place-1k-random", "place-10k-random", "e2e-1M"}, ""},
		{"by pattern, in order", []string{"e2e-*", "place-1?k-*"}, []string{"e2e-1M", "place-10k-random"}, ""},
		{"no match", []string{"e2e-*", "nope"}, nil, `no workload "nope"`},
		{"bad pattern", []string{"place-["}, nil, `"place-[": syntax error in pattern`},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := ChooseWorkloads(all, c.patterns)
			var names []string
			for _, w := range got {
				names = append(names, w.Name)
			}
			errText := ""
			if err != nil {
				errText = err.Error()
			}
			if diff := cmp.Diff(c.want, names); diff != "" {
				t.Errorf("workloads (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(c.err, errText); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
}
