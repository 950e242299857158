package reports

import (
	"fmt"
	"math"
	"path"
	"slices"
	"strings"
)

// The headline: the numbers of a comparison people read first, each labelled, in its unit,
// and a few derived over the services. compare and sweep print them by default; -metrics
// all, or a list, chooses others.

// Unit is how a comparison metric reads for people.
type Unit uint8

// Units of comparison metrics.
const (
	UnitNumber  Unit = iota // a count or a plain number
	UnitShare               // a fraction in [0, 1], shown in percent
	UnitUSD                 // US dollars
	UnitSeconds             // seconds
)

// shareMetrics are the summary's fractions outside utilization and resiliency, by the last
// part of their name.
var shareMetrics = map[string]bool{
	"availability": true, "min_healthy_held": true, "max_instance_share": true, "max_az_share": true,
	"max_instance_share_mean": true, "max_az_share_mean": true,
}

// unitOf returns the unit of a metric of the JSON summary, by its name.
func unitOf(name string) Unit {
	last := name[strings.LastIndexByte(name, '.')+1:]
	switch {
	case strings.HasPrefix(name, "cost_usd."):
		return UnitUSD
	case strings.HasPrefix(name, "utilization."), strings.HasPrefix(name, "resiliency."), strings.HasPrefix(name, metricGPUUnallocated),
		strings.Contains(name, ".resiliency."), strings.HasPrefix(name, "services.") && shareMetrics[last]:
		return UnitShare
	case strings.Contains(name, "task_seconds"): // task-seconds: tasks × time, not a duration
		return UnitNumber
	case strings.Contains(name, "_seconds"):
		return UnitSeconds
	}
	return UnitNumber
}

// Headline metrics, by label.
const (
	headCPU          = "CPU reserved"
	headMemory       = "memory reserved"
	headCPUStranded  = "CPU stranded (of free)"
	headMemStranded  = "memory stranded (of free)"
	headGPU          = "GPU reserved"
	headGPUStranded  = "GPU stranded (of free)"
	headCostPerMonth = "cost per month"
	headNeverPlaced  = "tasks never placed"
	headAvailability = "availability, worst service"
	headInstanceLoss = "survives worst instance loss"
	headZoneLoss     = "survives worst zone loss"
	headRecovery     = "recovery, longest"
	headCompaction   = "compaction (instances)"
	headBound        = "compaction lower bound"
)

// headlineOf names the headline rows taken as they are from the JSON summary.
var headlineOf = []struct{ label, metric string }{
	{headCPU, metricCPU},
	{headMemory, metricMemory},
	{headCPUStranded, "utilization.cpu_stranded_mean"},
	{headMemStranded, "utilization.memory_stranded_mean"},
	{headGPU, "utilization.gpu_reserved_mean"},
	{headGPUStranded, "utilization.gpu_stranded_mean"},
	{headCostPerMonth, "cost_usd.per_month"},
	{headNeverPlaced, "tasks.never_placed"},
	{headCompaction, MetricCompaction},
	{headBound, MetricCompactionBound},
}

// The compaction metrics compare adds with -compaction (Comparison.AddMetric): for each
// strategy and seed, the fewest instances of the scenario's group that meet plan's default
// targets, and the lower bound beside it.
const (
	MetricCompaction      = "compaction.count"
	MetricCompactionBound = "compaction.lower_bound"
)

// Headline returns the comparison of the headline metrics: reserved and stranded CPU and
// memory, cost per month and tasks never placed as the summary has them; the worst service's
// availability and the longest recovery of any service (each run's lowest and highest over
// its services, then estimated over the seeds); and the desired tasks that would survive the
// loss of the worst instance and of the worst zone (resiliency.*_loss_survival_mean).
func (c *Comparison) Headline() *Comparison {
	h := c.withMetrics(nil)
	for _, r := range headlineOf {
		if mc, ok := c.relabelled(r.metric, r.label); ok {
			h.Metrics = append(h.Metrics, mc)
		}
	}
	if mc, ok := c.overServices(headAvailability, ".availability", math.Min); ok {
		h.Metrics = append(h.Metrics, mc)
		for _, r := range []struct{ label, metric string }{ // survival means nothing without services
			{headInstanceLoss, "resiliency.instance_loss_survival_mean"}, {headZoneLoss, metricResiliency},
		} {
			if mc, ok := c.relabelled(r.metric, r.label); ok {
				h.Metrics = append(h.Metrics, mc)
			}
		}
	}
	if mc, ok := c.overServices(headRecovery, ".recovery_seconds_max", math.Max); ok {
		for s := range mc.NA {
			mc.NA[s] = c.noFaultEpisode(s)
		}
		h.Metrics = append(h.Metrics, mc)
	}
	return h
}

// withMetrics returns a comparison of the same runs with the metrics given.
func (c *Comparison) withMetrics(ms []MetricComparison) *Comparison {
	return &Comparison{Scenario: c.Scenario, Parameters: c.Parameters, Point: c.Point, Strategies: c.Strategies, Seeds: c.Seeds, Metrics: ms}
}

// relabelled returns the metric named metric under the name label; false if c lacks it.
func (c *Comparison) relabelled(metric, label string) (MetricComparison, bool) {
	mc := c.metric(metric)
	if mc == nil {
		return MetricComparison{}, false
	}
	m := *mc
	m.Name = label
	return m, true
}

// overServices returns the metric whose value in each run is pick over the services' metrics
// named services.NAME+suffix, labelled label; false without services.
func (c *Comparison) overServices(label, suffix string, pick func(a, b float64) float64) (MetricComparison, bool) {
	var values [][]float64
	for _, mc := range c.Metrics {
		if !isServiceMetric(mc.Name, suffix) {
			continue
		}
		if values == nil {
			values = make([][]float64, len(mc.Values))
			for s := range values {
				values[s] = append([]float64(nil), mc.Values[s]...)
			}
			continue
		}
		for s := range values {
			for k := range values[s] {
				values[s][k] = pick(values[s][k], mc.Values[s][k])
			}
		}
	}
	if values == nil {
		return MetricComparison{}, false
	}
	return newMetricComparison(label, unitOf("services.x"+suffix), values), true
}

// isServiceMetric reports whether name is services.NAME+suffix for some service NAME.
func isServiceMetric(name, suffix string) bool {
	rest, ok := strings.CutPrefix(name, "services.")
	return ok && strings.HasSuffix(rest, suffix) && !strings.Contains(strings.TrimSuffix(rest, suffix), ".")
}

// hasServices reports whether the comparison's runs have services.
func (c *Comparison) hasServices() bool {
	for _, mc := range c.Metrics {
		if strings.HasPrefix(mc.Name, "services.") {
			return true
		}
	}
	return false
}

// noFaultEpisode reports whether no service had a fault episode in any run of strategy s.
func (c *Comparison) noFaultEpisode(s int) bool {
	for _, mc := range c.Metrics {
		if isServiceMetric(mc.Name, ".fault_episodes") && !allZero(mc.Values[s]) {
			return false
		}
	}
	return true
}

// markNotApplicable sets each metric's NA: a strategy for which the metric means nothing on
// every seed. Utilization, stranded capacity and the costs of idle and stranded EC2 capacity
// need EC2 instances (capacity.instance_hours > 0); a service's recovery times need a fault
// episode of the service; tasks_lost_per_fault needs a fault; the resiliency averages need a
// service.
func (c *Comparison) markNotApplicable() {
	absent := func(metric string, s int) bool {
		mc := c.metric(metric)
		return mc == nil || allZero(mc.Values[s])
	}
	services := c.hasServices()
	for i := range c.Metrics {
		mc := &c.Metrics[i]
		mc.NA = make([]bool, len(mc.Values))
		for s := range mc.NA {
			switch name := mc.Name; {
			case strings.HasPrefix(name, "utilization."), name == "cost_usd.idle", strings.HasPrefix(name, "cost_usd.stranded"):
				mc.NA[s] = absent("capacity.instance_hours", s)
			case strings.HasPrefix(name, "services.") && strings.Contains(name, ".recovery_seconds_"):
				mc.NA[s] = absent(name[:strings.Index(name, ".recovery_seconds_")]+".fault_episodes", s)
			case name == "faults.tasks_lost_per_fault":
				mc.NA[s] = absent("faults.count", s)
			case strings.HasPrefix(name, "resiliency."):
				mc.NA[s] = !services
			}
		}
	}
}

func allZero(xs []float64) bool {
	for _, x := range xs {
		if x != 0 {
			return false
		}
	}
	return true
}

// MetricsHeadline and MetricsAll are the selections of SelectMetrics beside a list.
const (
	MetricsHeadline = "headline"
	MetricsAll      = "all"
)

// SelectMetrics returns the comparisons (a sweep's grid points, or compare's one) with the
// metrics spec names:
//   - "headline" (or ""): the headline, without the rows that are 0, or do not apply, for
//     every strategy of every comparison (a Fargate-only scenario shows no utilization);
//   - "all": every metric;
//   - a comma-separated list of metric names (dot-separated paths of the JSON summary, or
//     globs as path.Match reads them: services.*.availability), headline labels (in any
//     case), and "headline". A name that matches nothing in any comparison is an error.
func SelectMetrics(cs []*Comparison, spec string) ([]*Comparison, error) {
	spec = strings.TrimSpace(spec)
	if err := CheckMetrics(spec); err != nil {
		return nil, err
	}
	if spec == MetricsAll {
		return cs, nil
	}
	out := make([]*Comparison, len(cs))
	matched := map[string]bool{}
	for i, c := range cs {
		out[i] = c.selected(spec, matched)
	}
	if spec == "" || spec == MetricsHeadline {
		keep := map[string]bool{}
		for _, c := range out {
			for _, mc := range c.Metrics {
				keep[mc.Name] = keep[mc.Name] || !mc.zeroOrNA()
			}
		}
		for _, c := range out {
			c.Metrics = slices.DeleteFunc(c.Metrics, func(mc MetricComparison) bool { return !keep[mc.Name] })
		}
		return out, nil
	}
	for _, item := range strings.Split(spec, ",") {
		if item = strings.TrimSpace(item); !matched[item] {
			return nil, fmt.Errorf("-metrics: no metric %q: name numbers of the JSON summary (utilization.cpu_reserved_mean, services.*.availability), headline rows (%q), headline or all", item, headCPU)
		}
	}
	return out, nil
}

// CheckMetrics checks the form of a -metrics value before any run: every item of a list a
// name or a glob path.Match can read.
func CheckMetrics(spec string) error {
	if spec = strings.TrimSpace(spec); spec == "" || spec == MetricsAll {
		return nil
	}
	for _, item := range strings.Split(spec, ",") {
		item = strings.TrimSpace(item)
		if _, err := path.Match(item, ""); err != nil || item == "" {
			return fmt.Errorf("-metrics: %q is not a metric name or pattern", item)
		}
	}
	return nil
}

// selected returns c with the metrics of spec (as SelectMetrics reads it, "all" aside), and
// notes in matched each item of spec that matched a metric.
func (c *Comparison) selected(spec string, matched map[string]bool) *Comparison {
	head := c.Headline()
	if spec == "" || spec == MetricsHeadline {
		return head
	}
	out := c.withMetrics(nil)
	seen := map[string]bool{}
	add := func(mc MetricComparison) {
		if !seen[mc.Name] {
			seen[mc.Name] = true
			out.Metrics = append(out.Metrics, mc)
		}
	}
	for _, item := range strings.Split(spec, ",") {
		item = strings.TrimSpace(item)
		for _, mc := range append(slices.Clone(head.Metrics), c.Metrics...) {
			if ok, _ := path.Match(item, mc.Name); ok || strings.EqualFold(item, mc.Name) ||
				item == MetricsHeadline && slices.ContainsFunc(head.Metrics, func(h MetricComparison) bool { return h.Name == mc.Name }) {
				matched[item] = true
				add(mc)
			}
		}
	}
	return out
}

// zeroOrNA reports whether the metric is 0, or does not apply, for every strategy.
func (mc MetricComparison) zeroOrNA() bool {
	for s, iv := range mc.Strategies {
		if !mc.notApplicable(s) && iv.Mean != 0 {
			return false
		}
	}
	return true
}

// notApplicable reports whether the metric does not apply to strategy s.
func (mc MetricComparison) notApplicable(s int) bool { return s < len(mc.NA) && mc.NA[s] }
