package experiment

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/reports"
	"github.com/ecssim/ecssim/scenarios"
)

// PlanFleet sizes the group o names in sc for every candidate type and strategy (SPEC §2,
// plan): the smallest count whose runs meet o.Targets on o.Quantile of the seeds, with its
// lower bound. The plans come in the order of the types, then the strategies.
func PlanFleet(ctx context.Context, sc *scenarios.Scenario, o PlanOptions) ([]Plan, error) {
	g, err := findPlanGroup(sc, o.Group)
	if err != nil {
		return nil, err
	}
	types := o.Types
	if len(types) == 0 {
		types = g.types[:1]
	}
	strategies := o.Strategies
	if len(strategies) == 0 {
		strategies = []scenarios.NamedStrategy{{Name: "scenario"}}
	}
	limit := o.Max
	if limit <= 0 {
		limit = g.max
	}
	zl := o.Targets.ZoneLoss
	if zl != nil && len(g.zones) < 2 {
		return nil, inputErrorf("plan: -zone-loss: group %q is in %d zone: losing it leaves nothing", g.name, len(g.zones))
	}
	if zl != nil && (zl.At >= sc.Duration || zl.At < 0) {
		return nil, inputErrorf("plan: -zone-loss-at %v: want a time within the run's %v", zl.At, sc.Duration)
	}
	daemons := map[string]bool{}
	for i := range sc.Services {
		if sc.Services[i].Scheduling == models.Daemon {
			daemons[sc.Services[i].Name] = true
		}
	}
	var plans []Plan
	for _, t := range types {
		zones := 0
		if zl != nil && g.instanceGroup >= 0 { // an Auto Scaling group replaces what a zone loses
			zones = len(g.zones)
		}
		b := Bound{BoundBy: "none: other EC2 capacity takes some of the demand"}
		if g.only {
			b = LowerBound(sc, t, g.agent, zones)
		}
		for _, st := range strategies {
			s := &planSearch{sc: sc, g: g, t: t, strategy: st, o: o, max: limit, daemons: daemons, tried: map[int]*Trial{}}
			p, err := s.run(ctx, b)
			if err != nil {
				return nil, err
			}
			plans = append(plans, p)
		}
	}
	return plans, nil
}

// findPlanGroup finds the group a plan sizes: the instance group or ASG capacity provider
// named, or, with no name, the scenario's only one.
func findPlanGroup(sc *scenarios.Scenario, name string) (planGroup, error) {
	var found []planGroup
	for i, ig := range sc.InstanceGroups {
		if name == "" || ig.Name == name {
			if ig.Nodes != nil {
				return planGroup{}, inputErrorf("plan: instance group %q is a node list: its instances are listed one by one, not counted", ig.Name)
			}
			found = append(found, planGroup{instanceGroup: i, provider: -1, name: ig.Name,
				types: []*models.InstanceType{ig.Type}, zones: ig.Zones, agent: &ig.Agent, max: DefaultPlanMax})
		}
	}
	for i, cp := range sc.CapacityProviders {
		if cp.Kind == models.ProviderASG && (name == "" || cp.Name == name) {
			found = append(found, planGroup{instanceGroup: -1, provider: i, name: cp.Name,
				types: cp.ASG.InstanceTypes, zones: cp.ASG.Zones, agent: &cp.ASG.Agent, max: max(cp.ASG.MaxSize, 1)})
		}
	}
	switch {
	case len(found) == 1:
		found[0].only = len(sc.InstanceGroups)+asgProviders(sc) == 1
		return found[0], nil
	case name != "":
		return planGroup{}, inputErrorf("plan: -group %q: the scenario has no instance group or Auto Scaling group capacity provider of that name", name)
	case len(found) == 0:
		return planGroup{}, inputErrorf("plan: the scenario has no instance group or Auto Scaling group capacity provider to size")
	}
	names := make([]string, len(found))
	for i, f := range found {
		names[i] = f.name
	}
	return planGroup{}, inputErrorf("plan: the scenario has %d groups (%v): name the one to size with -group", len(found), names)
}

// asgProviders counts the scenario's Auto Scaling group capacity providers.
func asgProviders(sc *scenarios.Scenario) int {
	n := 0
	for _, cp := range sc.CapacityProviders {
		if cp.Kind == models.ProviderASG {
			n++
		}
	}
	return n
}

// sized returns sc with the group's instances of type t, count of them: an instance group's
// count, or an Auto Scaling group's maximum size (its minimum and desired capacity no more),
// and its desired capacity too where managed scaling does not grow it.
// The scenario is copied where it changes and shared elsewhere: a build changes none of it.
func (g planGroup) sized(sc *scenarios.Scenario, t *models.InstanceType, count int) *scenarios.Scenario {
	c := *sc
	if g.instanceGroup >= 0 {
		c.InstanceGroups = slices.Clone(sc.InstanceGroups)
		ig := *c.InstanceGroups[g.instanceGroup]
		ig.Type, ig.Count = t, count
		c.InstanceGroups[g.instanceGroup] = &ig
		return &c
	}
	c.CapacityProviders = slices.Clone(sc.CapacityProviders)
	cp := &c.CapacityProviders[g.provider]
	asg := *cp.ASG
	asg.InstanceTypes = []*models.InstanceType{t} // the plan is of this type alone
	asg.MaxSize = count
	asg.MinSize = min(asg.MinSize, count)
	asg.DesiredCapacity = min(asg.DesiredCapacity, count)
	if !cp.ManagedScaling.Enabled { // nothing scales the group: its size is what it starts with
		asg.DesiredCapacity = count
	}
	cp.ASG = &asg
	return &c
}

// planSearch is the search for one type and strategy.
type planSearch struct {
	sc       *scenarios.Scenario
	g        planGroup
	t        *models.InstanceType
	strategy scenarios.NamedStrategy
	o        PlanOptions
	max      int
	daemons  map[string]bool // the daemon services, by name
	tried    map[int]*Trial
	order    []int
}

// run searches the count: it gallops up from the lower bound until a count meets the
// targets, bisects down to the smallest that does with the count below it missing, and, if
// the count above the answer misses (the targets are not monotone in the count there), goes
// on above it.
func (s *planSearch) run(ctx context.Context, b Bound) (Plan, error) {
	p := Plan{InstanceType: s.t.Name, Strategy: s.strategy.Name, Bound: b}
	if b.FitNowhere > 0 {
		p.Tried = []Trial{}
		return p, nil // no count holds a task that fits no instance of the type
	}
	lo := 0    // a count known to miss (0 instances hold nothing)
	first := 0 // the first count found to meet the targets with the count below missing
	start := min(max(b.LowerBound, 1), s.max)
	for {
		var hi int
		var err error
		lo, hi, err = s.gallop(ctx, lo, start)
		switch {
		case err != nil:
			return p, err
		case hi < 0 && first > 0: // no count above the one found meets them again
			return s.answer(p, first), nil
		case hi < 0:
			p.Tried = s.trials()
			return p, nil
		}
		if hi == start && hi-1 > lo { // the bound met: the count below it most likely misses
			met, err := s.meets(ctx, hi-1)
			if err != nil {
				return p, err
			}
			if !met {
				lo = hi - 1
			}
		}
		if lo, err = s.bisect(ctx, lo, hi); err != nil {
			return p, err
		}
		answer := lo + 1
		if first == 0 {
			first = answer
		}
		if answer >= s.max {
			return s.answer(p, answer), nil
		}
		met, err := s.meets(ctx, answer+1)
		if err != nil {
			return p, err
		}
		if met {
			return s.answer(p, answer), nil
		}
		p.NotMonotone = true
		if answer+1 >= s.max { // nothing above to search: the first count found stands
			return s.answer(p, first), nil
		}
		lo, start = answer+1, answer+2
	}
}

// gallop returns the first count met among start, then start + 1, 2, 4, ... above the last
// count missed, up to the maximum, with the last count missed below it (lo at first); -1 if
// none is met.
func (s *planSearch) gallop(ctx context.Context, lo, start int) (int, int, error) {
	for n, step := max(start, lo+1), 1; ; n, step = min(lo+step, s.max), step*2 {
		met, err := s.meets(ctx, n)
		if err != nil || met {
			return lo, n, err
		}
		lo = n
		if n >= s.max {
			return lo, -1, nil
		}
	}
}

// bisect narrows a missed count lo and a met count hi to neighbours, and returns lo.
func (s *planSearch) bisect(ctx context.Context, lo, hi int) (int, error) {
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		met, err := s.meets(ctx, mid)
		if err != nil {
			return 0, err
		}
		if met {
			hi = mid
		} else {
			lo = mid
		}
	}
	return lo, nil
}

// answer fills in the plan for the count found.
func (s *planSearch) answer(p Plan, count int) Plan {
	p.Count = &count
	m := s.tried[count].means
	p.CostPerMonth, p.CPUReservedMean, p.MemoryReservedMean = m.cost, m.cpuRes, m.memRes
	p.CPUStrandedMean, p.MemoryStrandedMean, p.ZoneLossSurvivalWorst = m.cpuStr, m.memStr, m.zoneWorst
	if below := s.tried[count-1]; below != nil {
		p.BindingTarget = binding(below.Misses)
	}
	if s.g.only && s.o.Quantile == 1 && s.o.Targets.NeverPlaced == 0 {
		p.Bound = p.Bound.withPeak(s.sc, s.t, s.g.agent, s.tried[count].peak)
	}
	p.Tried = s.trials()
	return p
}

// binding returns the target most seeds missed, the first in PlanTargets' order among equals
// (never placed, availability, pending p99, zone loss; then by service or zone name).
func binding(misses map[string]int) string {
	rank := func(name string) int {
		for i, t := range []string{TargetNeverPlaced, TargetAvailability, TargetPendingP99, TargetZoneLoss} {
			if strings.HasPrefix(name, t) {
				return i
			}
		}
		return 4
	}
	best := ""
	for name, n := range misses {
		if best == "" || n > misses[best] || n == misses[best] && (rank(name) < rank(best) || rank(name) == rank(best) && name < best) {
			best = name
		}
	}
	return best
}

// trials returns the counts tried in the order they were.
func (s *planSearch) trials() []Trial {
	out := make([]Trial, len(s.order))
	for i, n := range s.order {
		out[i] = *s.tried[n]
	}
	return out
}

// meets runs the count on every seed (once: a count is run once per search), and with a
// zone-loss target once more per seed for each of the group's zones, and reports whether the
// targets hold on the share of seeds asked.
func (s *planSearch) meets(ctx context.Context, count int) (bool, error) {
	if t := s.tried[count]; t != nil {
		return t.Met, nil
	}
	if count <= 0 {
		return false, nil
	}
	variants := s.variants(count)
	V := len(variants)
	sums := make([]reports.Summary, s.o.Seeds*V)
	peaks := make([]models.Resources, s.o.Seeds)
	order := newLongestFirst(len(sums), 1, func(int) int { return 0 })
	err := pool(ctx, max(s.o.Workers, 1), order, s.o.Done, func(ctx context.Context, i int) error {
		seed := s.o.FirstSeed + uint64(i/V)
		res, err := simulate(ctx, variants[i%V], s.strategy.Chain, seed, nil)
		if err != nil {
			return fmt.Errorf("%s × %d, %s, seed %d: %w", s.t.Name, count, s.strategy.Name, seed, err)
		}
		sums[i] = res.Summary
		if i%V == 0 {
			cpu, mem := res.Collector.PeakStandalone()
			peaks[i/V] = models.Resources{CPU: cpu, MemoryMiB: mem}
		}
		return nil
	})
	if err != nil {
		return false, err
	}
	t := &Trial{Count: count, Misses: map[string]int{}}
	var m planMeans
	for r := range s.o.Seeds {
		if miss := s.seedMiss(sums[r*V : (r+1)*V]); miss != "" {
			t.Misses[miss]++
		}
		m.add(&sums[r*V])
		t.peak.CPU, t.peak.MemoryMiB = max(t.peak.CPU, peaks[r].CPU), max(t.peak.MemoryMiB, peaks[r].MemoryMiB)
	}
	t.means = m.over(float64(s.o.Seeds))
	missed := 0
	for _, n := range t.Misses {
		missed += n
	}
	need := int(math.Ceil(s.o.Quantile*float64(s.o.Seeds) - 1e-9))
	t.SeedsMet, t.CostPerMonth = s.o.Seeds-missed, t.means.cost
	t.Met = t.SeedsMet >= need
	s.tried[count] = t
	s.order = append(s.order, count)
	return t.Met, nil
}

// variants are the scenarios a count runs on each seed: the group sized, then, with a
// zone-loss target, the same with each of the group's zones failing in turn.
func (s *planSearch) variants(count int) []*scenarios.Scenario {
	base := s.g.sized(s.sc, s.t, count)
	out := []*scenarios.Scenario{base}
	if zl := s.o.Targets.ZoneLoss; zl != nil {
		at := zl.At
		if at == 0 {
			at = base.Duration / 2
		}
		for _, z := range s.g.zones {
			v := *base
			v.Actions = append(slices.Clip(base.Actions), models.ActionConfig{At: at, Kind: models.ActionAZOutage, Zone: z, Duration: zl.For})
			out = append(out, &v)
		}
	}
	return out
}

// seedMiss returns the first target a seed's runs miss (its plain run's, then its zone
// losses' in the group's zone order), "" when they meet them all.
func (s *planSearch) seedMiss(sums []reports.Summary) string {
	if miss := s.o.Targets.miss(&sums[0], s.daemons); miss != "" {
		return miss
	}
	for k := 1; k < len(sums); k++ {
		if miss := s.o.Targets.missZone(&sums[k], s.g.zones[k-1]); miss != "" {
			return miss
		}
	}
	return ""
}

// add adds a run's summary to the sums.
func (m *planMeans) add(sum *reports.Summary) {
	m.cost += sum.CostUSD.PerMonth
	m.cpuRes += sum.Utilization.CPUReservedMean
	m.memRes += sum.Utilization.MemoryReservedMean
	m.cpuStr += sum.Utilization.CPUStrandedMean
	m.memStr += sum.Utilization.MemoryStrandedMean
	m.zoneWorst += sum.Resiliency.ZoneLossSurvivalWorst
}

// over returns the sums divided by k: the means.
func (m planMeans) over(k float64) planMeans {
	return planMeans{m.cost / k, m.cpuRes / k, m.memRes / k, m.cpuStr / k, m.memStr / k, m.zoneWorst / k}
}
