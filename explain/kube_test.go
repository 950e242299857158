package explain

import (
	"strings"
	"testing"

	"github.com/ecssim/ecssim/kubesched"
	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/scenarios"
	"github.com/ecssim/ecssim/sim"
)

// placementsOf records where each task was placed.
type placementsOf map[string]string

func (p placementsOf) Observe(_ sim.Time, e models.Event) {
	if e.Kind == models.TaskPlaced {
		p[e.Task.ID] = e.Instance.ID
	}
}

// TestDecisionsUnderEKS: the replay page's decisions of an EKS run are the kube-scheduler's,
// and keeping them changes no placement.
func TestDecisionsUnderEKS(t *testing.T) {
	sc, err := scenarios.OpenWith("example:ecs-and-eks", []scenarios.Setting{{Key: "orchestrator", Value: "eks"}})
	if err != nil {
		t.Fatal(err)
	}
	plain, watched := placementsOf{}, placementsOf{}
	s := build(t, sc, scenarios.Options{})
	s.AddObserver(plain)
	s.Run()
	d := NewDecisions(3, "")
	s = build(t, sc, scenarios.Options{Placer: d.Placer, KubePlacer: d.KubePlacer})
	d.Watch(s)
	s.AddObserver(watched)
	s.Run()
	if len(plain) == 0 || len(plain) != len(watched) {
		t.Fatalf("%d placements without the decisions kept, %d with", len(plain), len(watched))
	}
	for id, in := range plain {
		if watched[id] != in {
			t.Errorf("%s went to %s, and to %s with the decisions kept", id, in, watched[id])
		}
	}
	text, ok := d.Of("web-1")
	for _, want := range []string{"placement 1 at 0s: task web-1 of service web\n", "pod of web (web:1) requests cpu 500m, memory 1024 MiB", "NodeResourcesFit×1", "placed on " + plain["web-1"] + "\n"} {
		if !ok || !strings.Contains(text, want) {
			t.Errorf("web-1's decision lacks %q:\n%s", want, text)
		}
	}
}

// TestKubeVerdictCounts counts nodes by verdict, the plugins in the order they first rejected.
func TestKubeVerdictCounts(t *testing.T) {
	rows := []kubesched.NodeRow{
		{Searched: true}, {Searched: true, Filter: "TaintToleration"}, {Searched: true, Filter: "NodeResourcesFit"},
		{Searched: true, Filter: "TaintToleration"}, {Searched: true}, {},
	}
	if got, want := kubeVerdictCounts(rows), "2 feasible, 2 rejected by TaintToleration, 1 by NodeResourcesFit, 1 not searched"; got != want {
		t.Errorf("kubeVerdictCounts = %q, want %q", got, want)
	}
}
