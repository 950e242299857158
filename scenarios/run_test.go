package scenarios

import (
	"testing"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/sim"
)

// counter counts events by kind.
type counter map[models.EventKind]int

func (c counter) Observe(_ sim.Time, e models.Event) { c[e.Kind]++ }

// TestExamplesKeepInvariants runs every example with the invariant checker watching each event.
func TestExamplesKeepInvariants(t *testing.T) {
	for _, ex := range Examples() {
		t.Run(ex.Name, func(t *testing.T) {
			sc, err := LoadExample(ex.Name)
			if err != nil {
				t.Fatal(err)
			}
			run, err := Build(sc, Options{})
			if err != nil {
				t.Fatal(err)
			}
			k := &models.InvariantChecker{Cluster: run.Sim.Cluster}
			n := counter{}
			run.Sim.AddObserver(k)
			run.Sim.AddObserver(n)
			run.Sim.Run()
			if err := k.Finish(); err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: %d events, placed %d, failed %d", ex.Name, run.Sim.Engine.Fired(), n[models.TaskPlaced], n[models.PlacementFailed])
		})
	}
}
