package replay

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/ecssim/ecssim/experiment"
	"github.com/ecssim/ecssim/reports"
	"github.com/ecssim/ecssim/scenarios"
)

// loadedFleet is e2e-1M's fleet and workload (ecssim bench) for an hour: 1,000 m5.xlarge at
// about 80% CPU, about 150,000 events.
const loadedFleet = `name = "loaded-fleet"
duration = "1h"
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

// BenchmarkRecorder runs loadedFleet with a Recorder watching and writes its page, reporting
// the run's events per second; BenchmarkRecorder/without is the same run unwatched.
func BenchmarkRecorder(b *testing.B) {
	path := filepath.Join(b.TempDir(), "fleet.toml")
	if err := os.WriteFile(path, []byte(loadedFleet), 0o644); err != nil {
		b.Fatal(err)
	}
	sc, err := scenarios.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	for _, watched := range []bool{true, false} {
		name := "with"
		if !watched {
			name = "without"
		}
		b.Run(name, func(b *testing.B) {
			var events uint64
			for b.Loop() {
				rec := New(Options{})
				opt := scenarios.Options{}
				if watched {
					opt.Placer = rec.Placer
				}
				r, err := scenarios.Build(sc, opt)
				if err != nil {
					b.Fatal(err)
				}
				res, err := experiment.Run(context.Background(), r, experiment.Options{Before: func(*reports.Collector) error {
					if watched {
						rec.Watch(r.Sim)
					}
					return nil
				}})
				if err != nil {
					b.Fatal(err)
				}
				if watched {
					if err := rec.WritePage(io.Discard, "bench"); err != nil {
						b.Fatal(err)
					}
				}
				events += res.Summary.Events
			}
			b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
		})
	}
}
