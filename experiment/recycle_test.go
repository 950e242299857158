package experiment

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/ecssim/ecssim/reports"
	"github.com/ecssim/ecssim/scenarios"
)

// TestRecycleTasksSameRun holds models.Simulation.RecycleTasks, which Run sets, to what it
// promises: a run that reuses stopped tasks writes the trace, event for event, of one that
// allocates every task, and summarizes alike. The examples cover workloads on EC2 (with trace
// replay and faults), on providers and on Fargate, beside services.
func TestRecycleTasksSameRun(t *testing.T) {
	for _, name := range []string{"batch-cluster", "web-and-batch", "trace-replay", "mtbf-month", "spot-storm", "scale-from-zero", "capacity-fargate"} {
		t.Run(name, func(t *testing.T) {
			var traces, sums [2]bytes.Buffer
			for i, recycle := range []bool{false, true} {
				sc, err := scenarios.LoadExample(name)
				if err != nil {
					t.Fatal(err)
				}
				r, err := scenarios.Build(sc, scenarios.Options{})
				if err != nil {
					t.Fatal(err)
				}
				col := reports.NewCollector(r.Sim)
				r.Sim.AddObserver(col)
				tw := reports.NewTraceWriter(&traces[i])
				r.Sim.AddObserver(tw)
				r.Sim.RecycleTasks = recycle
				r.Sim.Run()
				col.Finish()
				if err := tw.Flush(); err != nil {
					t.Fatal(err)
				}
				if err := json.NewEncoder(&sums[i]).Encode(col.Summary(reports.Meta{Scenario: name, Events: r.Sim.Engine.Fired()})); err != nil {
					t.Fatal(err)
				}
			}
			if !bytes.Equal(traces[0].Bytes(), traces[1].Bytes()) {
				t.Errorf("the traces differ with RecycleTasks")
			}
			if !bytes.Equal(sums[0].Bytes(), sums[1].Bytes()) {
				t.Errorf("the summaries differ with RecycleTasks:\n%s\n%s", sums[0].Bytes(), sums[1].Bytes())
			}
		})
	}
}
