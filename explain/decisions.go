package explain

import (
	"fmt"
	"strings"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/scheduler"
	"github.com/ecssim/ecssim/sim"
)

// Decisions keeps, by task ID, the decisions behind a run's placements in explain's words:
// for its first few placements and every placement of one service's tasks. It is what the
// replay page shows when a task is clicked. Like Placements it only watches: each decision is
// explained from a copy of the pipeline's random state, so the run goes as it would without it.
type Decisions struct {
	left    int    // placements still to keep among the first
	service string // every placement of this service's tasks is kept too ("" for none)
	n       int    // placements seen
	now     func() sim.Time
	byTask  map[string]string
	size    int // bytes kept
}

// MaxDecisionBytes caps one decision's words and MaxDecisionsBytes all of them: a decision
// lists every registered instance, so on a large fleet it is cut, saying how much was left.
const (
	MaxDecisionBytes  = 8 << 10
	MaxDecisionsBytes = 2 << 20
)

// NewDecisions keeps the decisions of the first placements of a run and of every placement of
// service's tasks ("" for none).
func NewDecisions(first int, service string) *Decisions {
	return &Decisions{left: first, service: service, byTask: map[string]string{}}
}

// Watch makes d tell the times of s's placements on capacity providers; call it before s runs.
func (d *Decisions) Watch(s *models.Simulation) { d.now = s.Engine.Now }

// Of returns the words kept for the placement of the task of ID id, if any.
func (d *Decisions) Of(id string) (string, bool) {
	text, ok := d.byTask[id]
	return text, ok
}

// Placer is the hook scenarios.Options.Placer: it wraps every pipeline.
func (d *Decisions) Placer(kind, name string, provider *models.CapacityProvider, p *scheduler.Pipeline) models.Placer {
	return &decidingPlacer{Pipeline: p, d: d, owner: name, kind: kind, provider: provider}
}

// decidingPlacer keeps the decision behind each placement its Decisions asks for, then lets the
// pipeline place as usual.
type decidingPlacer struct {
	*scheduler.Pipeline
	d           *Decisions
	owner, kind string
	provider    *models.CapacityProvider
}

// Place implements models.Placer. A task that finds no instance is not created (a service's)
// or waits in PROVISIONING (on a capacity provider, to be placed later by this placer): only
// the placement that puts a task on an instance is kept.
func (p *decidingPlacer) Place(t *models.Task) (*models.Instance, *models.PlacementError) {
	d := p.d
	if !d.wants(t) {
		return p.Pipeline.Place(t)
	}
	id := keptID(t)
	dec := p.Pipeline.Explain(t) // before Place: it copies the random state Place then draws from
	in, fail := p.Pipeline.Place(t)
	if fail != nil || in == nil {
		return in, fail
	}
	var b strings.Builder
	d.heading(&b, t, id, p.kind, p.owner, p.provider)
	all := dec.Rows
	dec.Rows = shownRows(dec)
	if err := dec.Format(&b); err != nil {
		return in, fail
	}
	if left := len(all) - len(dec.Rows); left > 0 {
		fmt.Fprintf(&b, "… and %s more, left out of the page (ecssim explain lists every one); of all %s: %s\n",
			plural(left, "instance"), plural(len(all), "instance"), verdictCounts(all))
	}
	d.keep(id, b.String())
	return in, fail
}

// wants counts the placement of t and reports whether d keeps its decision: one of the first,
// or one of its service's, while d is within MaxDecisionsBytes.
func (d *Decisions) wants(t *models.Task) bool {
	d.n++
	ofService := d.service != "" && t.Service != nil && t.Service.Name == d.service
	return d.size < MaxDecisionsBytes && (d.left > 0 || ofService)
}

// keptID is the ID a decision about t is kept under: t's, or the one it gets if it is placed.
func keptID(t *models.Task) string {
	if t.ID != "" {
		return t.ID
	}
	return nextID(t)
}

// heading writes the first line of a kept decision, the placement of t, of ID id, by the
// kind's owner (on provider's instances, if not nil).
func (d *Decisions) heading(b *strings.Builder, t *models.Task, id, kind, owner string, provider *models.CapacityProvider) {
	at := t.CreatedAt
	if d.now != nil {
		at = d.now()
	}
	fmt.Fprintf(b, "placement %d at %v: task %s of %s %s", d.n, dur(at), id, kind, owner)
	if provider != nil {
		fmt.Fprintf(b, ", on capacity provider %s's instances", provider.Name)
	}
	b.WriteString("\n")
}

// keep keeps text, cut to MaxDecisionBytes, as the decision of the task of ID id.
func (d *Decisions) keep(id, text string) {
	text = cutLines(text, MaxDecisionBytes)
	d.byTask[id] = text
	d.size += len(text)
	d.left--
}

// maxDecisionRows caps the instances a kept decision lists: the fleet's first and the one
// chosen. Formatting every row of a large fleet's decisions would cost more than the run.
const maxDecisionRows = 60

// shownRows returns the rows a kept decision lists: the first maxDecisionRows - 1 and the
// winner's, in registration order.
func shownRows(dec *scheduler.Decision) []scheduler.Row {
	return firstRows(dec.Rows, func(r scheduler.Row) bool { return r.Instance == dec.Winner })
}

// firstRows returns the first maxDecisionRows - 1 of a decision's rows and the winner's (won),
// in their order: all of them when they are few.
func firstRows[R any](all []R, won func(R) bool) []R {
	if len(all) <= maxDecisionRows {
		return all
	}
	rows := make([]R, 0, maxDecisionRows)
	for i, row := range all {
		if i < maxDecisionRows-1 || won(row) {
			rows = append(rows, row)
		}
	}
	return rows
}

// verdictCounts counts the rows by verdict: "12 fit, 940 rejected by memory, 48 by cpu", the
// filters in the order they first rejected.
func verdictCounts(rows []scheduler.Row) string {
	fit := 0
	var filters []string
	count := map[string]int{}
	for _, row := range rows {
		if row.Rejected == "" {
			fit++
			continue
		}
		if count[row.Rejected] == 0 {
			filters = append(filters, row.Rejected)
		}
		count[row.Rejected]++
	}
	parts := []string{fmt.Sprintf("%d fit", fit)}
	for i, f := range filters {
		by := "by "
		if i == 0 {
			by = "rejected by "
		}
		parts = append(parts, fmt.Sprintf("%d %s%s", count[f], by, f))
	}
	return strings.Join(parts, ", ")
}

// cutLines cuts text to at most max bytes at a line's end, saying how many lines were left out.
func cutLines(text string, max int) string {
	if len(text) <= max {
		return text
	}
	cut := strings.LastIndexByte(text[:max], '\n') + 1
	left := strings.Count(text[cut:], "\n")
	if !strings.HasSuffix(text, "\n") {
		left++
	}
	return fmt.Sprintf("%s… %d more lines left out\n", text[:cut], left)
}
