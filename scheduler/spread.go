package scheduler

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ecssim/ecssim/models"
)

// SpreadStrategy places tasks evenly over the values of a field: the instance ID, or an
// attribute such as the availability zone. It scores each instance by how many active tasks of
// the request's group (this service's tasks, or the standalone task group) already run in the
// instance's domain (DG/task-placement-strategies).
//
// ECS does not say what spread does with instances that lack the attribute; ecssim treats them
// as one more domain of their own, counted like any other (ECS-REFERENCE §1.3).
type SpreadStrategy struct {
	// Attribute is the attribute name, or "" to spread over instances.
	Attribute string
}

func newSpread(field string) (Strategy, error) {
	switch {
	case strings.EqualFold(field, FieldInstanceID), strings.EqualFold(field, FieldHost):
		return SpreadStrategy{}, nil
	case strings.HasPrefix(field, attributePrefix):
		name := strings.TrimPrefix(field, attributePrefix)
		if !ValidAttributeName(name) {
			return nil, fmt.Errorf("spread field %q: an attribute name is 1-128 letters, digits or -_/. characters", field)
		}
		return SpreadStrategy{Attribute: name}, nil
	}
	if field == "" {
		return nil, fmt.Errorf("spread needs a field: %s, %s or attribute:NAME", FieldInstanceID, FieldHost)
	}
	return nil, fmt.Errorf("spread field %q: want %s, %s or attribute:NAME", field, FieldInstanceID, FieldHost)
}

// Name implements Strategy.
func (s SpreadStrategy) Name() string {
	if s.Attribute == "" {
		return "spread(instanceId)"
	}
	return "spread(attribute:" + s.Attribute + ")"
}

// byZone reports whether s spreads over availability zones, which the cluster counts directly.
func (s SpreadStrategy) byZone() bool { return s.Attribute == models.AttrAvailabilityZone }

// Score implements Strategy.
func (s SpreadStrategy) Score(r *Request, cands []*models.Instance, dst []float64) {
	switch {
	case r.Group == nil:
		clear(dst)
	case s.Attribute == "":
		for i, in := range cands {
			dst[i] = float64(in.GroupCount(r.GroupName))
		}
	case s.byZone():
		for i, in := range cands {
			dst[i] = float64(r.Group.ZoneCount(in.ZoneIndex()))
		}
	default:
		counts, missing := s.domainCounts(r)
		for i, in := range cands {
			if v, ok := in.Attribute(s.Attribute); ok {
				dst[i] = float64(counts[v])
			} else {
				dst[i] = float64(missing)
			}
		}
	}
}

// ScaleInScore implements ScaleInScorer. ECS keeps the field's values balanced when a service
// scales in (DG/task-placement-strategies, ECS-REFERENCE §1.2): it stops a task in the domain
// (zone, attribute value, or instance) that holds the most active tasks of the group. That is
// the count Score gives the task's instance, so a task scores what Score gives its instance,
// and the highest goes first. The service default [spread(AZ), spread(instanceId)] thus stops
// a task in the Availability Zone with the most tasks of the service, on the instance there
// with the most tasks of the service (DG/ecs_services, ECS-REFERENCE §1.4).
func (s SpreadStrategy) ScaleInScore(r *Request, tasks []*models.Task, dst []float64) {
	s.Score(r, r.instancesOf(tasks), dst)
}

// domainCounts sums the group's active tasks per attribute value, and on instances lacking it,
// into r's scratch map, which callers only look up, never iterate.
func (s SpreadStrategy) domainCounts(r *Request) (map[string]int, int) {
	if r.domains == nil {
		r.domains = map[string]int{}
	}
	counts := r.domains
	clear(counts)
	g := r.Group
	missing := 0
	for _, in := range g.Instances() {
		n := in.GroupCount(g.Name)
		if v, ok := in.Attribute(s.Attribute); ok {
			counts[v] += n
		} else {
			missing += n
		}
	}
	return counts, missing
}

// walk implements indexWalker. Spread's best score is the fewest of the group's tasks in a
// domain, so the walk searches the domains with the fewest first: instances (walkInstances),
// or, when s leads the chain, zones (walkZones), or the values of any other attribute, and
// zones later in the chain (walkDomains).
func (s SpreadStrategy) walk(f *fastSearch, chain []Strategy) *models.Instance {
	switch {
	case s.Attribute == "":
		return s.walkInstances(f, chain)
	case s.byZone() && f.leads(chain):
		return s.walkZones(f, chain)
	case f.p.levels != nil:
		return s.walkDomains(f, chain)
	}
	return f.settle(&f.admitted, chain)
}

// walkZones tries the zones in increasing order of the group's task count, all zones of equal
// count together, and searches the rest of the chain in each level until one holds a feasible
// instance.
func (s SpreadStrategy) walkZones(f *fastSearch, chain []Strategy) *models.Instance {
	g := f.r.Group
	count := func(z int) int {
		if g == nil {
			return 0
		}
		return g.ZoneCount(z)
	}
	levels := f.zones()
	slices.SortStableFunc(levels, func(a, b int) int { return count(a) - count(b) })
	for i := 0; i < len(levels); {
		j := i
		zones := f.zoneSet()
		for j < len(levels) && count(levels[j]) == count(levels[i]) {
			zones[levels[j]] = true
			j++
		}
		if in := f.search(chain[1:]); in != nil {
			return in
		}
		i = j
	}
	return nil
}

// walkInstances walks the group's levels (walkLevels) when the pipeline keeps them. Without
// them it first searches, with the rest of the chain, the instances that run none of the
// group's tasks: they score 0 and win if any is feasible. Only if none is are the instances
// that run the group's tasks scored, as the scan would.
func (s SpreadStrategy) walkInstances(f *fastSearch, chain []Strategy) *models.Instance {
	if f.noGroup && len(chain) > 1 {
		return f.search(chain[1:]) // an earlier spread over instances left only these
	}
	if f.p.levels != nil {
		return f.walkLevels(chain[1:])
	}
	if f.noGroup {
		return f.search(chain[1:])
	}
	if in := f.searchWithoutGroup(chain[1:]); in != nil || f.r.Group == nil {
		return in
	}
	var cands []*models.Instance
	for _, x := range f.r.Group.Instances() {
		if !x.Fargate() && f.accept(x) { // a Fargate micro-VM is never a candidate
			cands = append(cands, x)
		}
	}
	return f.p.choose(f.r, cands, chain, f.p.rng, nil)
}

// keep implements indexWalker: walk reads only the rank order, which the index always keeps.
func (SpreadStrategy) keep(*Index, scope) {}

// leadsByZone implements indexWalker: spread over zones, leading a chain, makes the fast path
// search a group of zones at a time (walkZones) and the index keep its orders per zone.
func (s SpreadStrategy) leadsByZone() bool { return s.byZone() }

var (
	_ Strategy      = SpreadStrategy{}
	_ ScaleInScorer = SpreadStrategy{}
	_ indexWalker   = SpreadStrategy{}
)
