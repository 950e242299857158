package scenarios

import (
	"testing"
	"time"

	"github.com/ecssim/ecssim/reports"
)

// TestResiliencyScoreMatchesOutage checks the analytic resiliency score against an injected
// outage on the zone-outage example: the share of each service the score says survives the loss
// of its worst zone, read from the placements before the outage, equals the share that does
// survive when us-east-1a actually fails at 1h (spread keeps 8 of 12, packed 4 of 12).
func TestResiliencyScoreMatchesOutage(t *testing.T) {
	sc, err := LoadExample("zone-outage")
	if err != nil {
		t.Fatal(err)
	}
	summarize := func(sc *Scenario) reports.Summary {
		run, err := Build(sc, Options{})
		if err != nil {
			t.Fatal(err)
		}
		col := reports.NewCollector(run.Sim)
		run.Sim.AddObserver(col)
		run.Sim.Run()
		col.Finish()
		return col.Summary(reports.Meta{Scenario: sc.Name})
	}
	before := *sc
	before.Duration = time.Hour - time.Second // the score from the placements alone
	score, outage := summarize(&before), summarize(sc)
	for _, name := range []string{"spread", "packed"} {
		predicted := score.Services[name].Resiliency.ZoneLossSurvival.Worst
		desired := outage.Services[name].Desired
		survived := float64(desired-outage.Services[name].StoppedByFaults) / float64(desired)
		if predicted != survived {
			t.Errorf("%s: the score predicts %.3f of the service survives its worst zone; the outage left %.3f",
				name, predicted, survived)
		}
	}
	if got := outage.Services["spread"].StoppedByFaults; got != 4 {
		t.Errorf("spread lost %d tasks, want 4", got)
	}
	if got := outage.Services["packed"].StoppedByFaults; got != 8 {
		t.Errorf("packed lost %d tasks, want 8", got)
	}
}
