package replay

import (
	"context"
	"io"
	"testing"

	"github.com/ecssim/ecssim/experiment"
	"github.com/ecssim/ecssim/reports"
	"github.com/ecssim/ecssim/scenarios"
)

// BenchmarkRecorder runs e2e-1M's fleet and workload for an hour (experiment.LoadedFleet),
// about 110,000 events, with a Recorder watching, and writes its page, reporting the run's
// events per second; BenchmarkRecorder/without is the same run unwatched.
func BenchmarkRecorder(b *testing.B) {
	sc, err := scenarios.Load([]byte(experiment.LoadedFleet("1h")), "loaded-fleet")
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
