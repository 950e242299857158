package explain

import (
	"fmt"
	"strings"

	"github.com/ecssim/ecssim/kubesched"
	"github.com/ecssim/ecssim/models"
)

// An EKS run places every pod with one kube-scheduler (scenarios.Options.KubePlacer hands it
// over once per service and workload). explain shows its decisions as it shows the ECS
// pipeline's: kubesched.Decision lists every node with the plugin that rejected it, or each
// score plugin's normalised score and the weighted total. kubesched.Scheduler.Explain draws
// from a copy of the scheduler's random state and starts its search where Place's will, so the
// run goes as it would without explain.

// explainedKubePlacer prints the kube-scheduler's decision behind each placement its
// Placements is asked to show, then lets the scheduler place as usual.
type explainedKubePlacer struct {
	*kubesched.Scheduler // PlaceOn, Eligible and ScaleIn as they are
	ex                   *Placements
	owner, kind          string
}

// KubePlacer is the hook scenarios.Options.KubePlacer: it wraps the kube-scheduler for each
// owner whose placements ex may show.
func (ex *Placements) KubePlacer(kind, name string, s *kubesched.Scheduler) models.Placer {
	return &explainedKubePlacer{Scheduler: s, ex: ex, owner: name, kind: kind}
}

// Place implements models.Placer.
func (e *explainedKubePlacer) Place(t *models.Task) (*models.Instance, *models.PlacementError) {
	e.ex.show(t, e.kind, e.owner, func() (formatter, bool) {
		d := e.Scheduler.Explain(t)
		return d, d.Winner != nil
	})
	return e.Scheduler.Place(t)
}

// KubePlacer is the hook scenarios.Options.KubePlacer: it wraps the kube-scheduler for every
// owner.
func (d *Decisions) KubePlacer(kind, name string, s *kubesched.Scheduler) models.Placer {
	return &decidingKubePlacer{Scheduler: s, d: d, owner: name, kind: kind}
}

// decidingKubePlacer keeps the kube-scheduler's decision behind each placement its Decisions
// asks for, then lets the scheduler place as usual.
type decidingKubePlacer struct {
	*kubesched.Scheduler
	d           *Decisions
	owner, kind string
}

// Place implements models.Placer: as decidingPlacer's, only the placement that binds a pod to
// a node is kept.
func (p *decidingKubePlacer) Place(t *models.Task) (*models.Instance, *models.PlacementError) {
	d := p.d
	if !d.wants(t) {
		return p.Scheduler.Place(t)
	}
	id := keptID(t)
	dec := p.Scheduler.Explain(t) // before Place: it copies the random state Place then draws from
	in, fail := p.Scheduler.Place(t)
	if fail != nil || in == nil {
		return in, fail
	}
	var b strings.Builder
	d.heading(&b, t, id, p.kind, p.owner, nil)
	all := dec.Rows
	dec.Rows = kubeShownRows(dec)
	if err := dec.Format(&b); err != nil {
		return in, fail
	}
	if left := len(all) - len(dec.Rows); left > 0 {
		fmt.Fprintf(&b, "… and %s more, left out of the page (ecssim explain lists every one); of all %s: %s\n",
			plural(left, "node"), plural(len(all), "node"), kubeVerdictCounts(all))
	}
	d.keep(id, b.String())
	return in, fail
}

// kubeShownRows returns the nodes a kept decision lists, as shownRows does: the first
// maxDecisionRows - 1 and the winner, in the scheduler's node order.
func kubeShownRows(dec *kubesched.Decision) []kubesched.NodeRow {
	return firstRows(dec.Rows, func(r kubesched.NodeRow) bool { return r.Node == dec.Winner })
}

// kubeVerdictCounts counts the nodes by verdict: "12 feasible, 940 rejected by
// NodeResourcesFit, 48 by TaintToleration, 100 not searched", the plugins in the order they
// first rejected.
func kubeVerdictCounts(rows []kubesched.NodeRow) string {
	feasible, unsearched := 0, 0
	var plugins []string
	count := map[string]int{}
	for _, row := range rows {
		switch {
		case !row.Searched:
			unsearched++
		case row.Filter == "":
			feasible++
		default:
			if count[row.Filter] == 0 {
				plugins = append(plugins, row.Filter)
			}
			count[row.Filter]++
		}
	}
	parts := []string{fmt.Sprintf("%d feasible", feasible)}
	for i, f := range plugins {
		by := "by "
		if i == 0 {
			by = "rejected by "
		}
		parts = append(parts, fmt.Sprintf("%d %s%s", count[f], by, f))
	}
	if unsearched > 0 {
		parts = append(parts, fmt.Sprintf("%d not searched", unsearched))
	}
	return strings.Join(parts, ", ")
}
