package experiment

import (
	"maps"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/scenarios"
)

// Bound is the fewest instances of a type that could hold a scenario's demand, whatever the
// placement (SPEC §2, plan): the plan's count less it is the price of the strategy and of
// ECS's rules.
type Bound struct {
	// LowerBound is the largest of the bounds by dimension, set by BoundBy ("cpu", "memory",
	// "gpus", "enis", "ports:PORT"). Each is the demand in that dimension over what one instance
	// registers, rounded up: a fleet with fewer could not hold the demand packed perfectly.
	LowerBound int    `json:"lower_bound"`
	BoundBy    string `json:"lower_bound_by"`
	// FirstFitDecreasing is how many instances the same demand takes packed first fit, largest
	// first, by placement's rule (models.PackCount): a packing, not a bound, that a strategy
	// may beat only by luck in the order tasks come.
	FirstFitDecreasing int `json:"first_fit_decreasing"`
	// FitNowhere counts the tasks of the demand that fit no empty instance of the type: no
	// count of it meets the targets then, and none is run.
	FitNowhere int `json:"fit_nowhere,omitempty"`
}

// demand is the steady demand a scenario puts on EC2 instances, as task counts: every replica
// service at its desired count, and every workload at its mean number of tasks at once by
// Little's law, L = λW (arrival rate × mean duration; Little, "A Proof for the Queuing Formula
// L = λW", Operations Research 9(3), 1961), rounded up, with the duration taken no longer than
// the run. It is a mean: the bound from it is the least a fleet needs on average, and the
// measured peak (withPeak) raises it where it can be measured. Daemon services take their
// share of every instance instead.
type demand struct {
	defs    []*models.TaskDefinition // in scenario order
	counts  []int                    // tasks of each of defs
	daemons []*models.TaskDefinition // one task of each on every instance
	ports   map[string]int           // tasks that bind each static host port
}

// maxPackedTasks bounds the tasks the first-fit-decreasing packing places one by one: a
// heavy-tailed workload can ask for millions at once.
const maxPackedTasks = 200_000

// steadyDemand is the scenario's demand on EC2 (tasks on Fargate left out), its workloads'
// with its services' when workloads is set.
func steadyDemand(sc *scenarios.Scenario, workloads bool) demand {
	d := demand{ports: map[string]int{}}
	add := func(def *models.TaskDefinition, n int) {
		d.defs, d.counts = append(d.defs, def), append(d.counts, n)
		for _, p := range def.StaticPorts() {
			d.ports[p.Protocol.String()+"/"+strconv.Itoa(int(p.HostPort))] += n
		}
	}
	for i := range sc.Services {
		s := &sc.Services[i]
		switch {
		case sc.OnFargate(s.LaunchType, s.CapacityProviderStrategy):
		case s.Scheduling == models.Daemon:
			d.daemons = append(d.daemons, s.Def)
		default:
			add(s.Def, s.DesiredCount)
		}
	}
	for i := range sc.Workloads {
		w := &sc.Workloads[i]
		if !workloads || w.Trace != nil || sc.OnFargate(w.LaunchType, w.CapacityProviderStrategy) {
			continue
		}
		add(w.Def, workloadConcurrency(w, sc.Duration))
	}
	return d
}

// total is what the demand's tasks ask for in all.
func (d demand) total() models.Resources {
	var r models.Resources
	for i, def := range d.defs {
		c := def.Charge()
		n := int64(d.counts[i])
		r = r.Add(models.Resources{CPU: n * c.CPU, MemoryMiB: n * c.MemoryMiB, GPUMilli: n * c.GPUMilli, ENIs: int(n) * c.ENIs, Pods: int(n) * c.Pods})
	}
	return r
}

// daemonCharge is what the daemon tasks take of each instance that registers reg: those that
// fit, in turn, as ECS places a daemon task only where it fits (a GPU daemon on a type without
// GPUs runs nowhere). On an empty instance the sums decide, GPUs too: a device is wholly free.
func (d demand) daemonCharge(reg models.Resources) models.Resources {
	var r models.Resources
	for _, def := range d.daemons {
		if reg.Sub(r).Lacks(def.Charge()).None() {
			r = r.Add(def.Charge())
		}
	}
	return r
}

// workloadConcurrency is a workload's mean number of tasks at once (Little's law) in a run of
// length horizon, rounded up; a fixed batch counts whole.
func workloadConcurrency(w *models.WorkloadConfig, horizon time.Duration) int {
	a := w.Arrival
	per := float64(max(a.Count, 1))
	if a.MaxCount > a.Count {
		per = float64(max(a.Count, 1)+a.MaxCount) / 2
	}
	var rate float64 // jobs per second
	switch a.Kind {
	case models.ArrivalFixed:
		return int(per)
	case models.ArrivalPoisson:
		rate = a.RatePerSecond
	case models.ArrivalPeriodic:
		if a.Every > 0 {
			rate = 1 / a.Every.Seconds()
		}
	}
	mean := min(meanSeconds(w.Duration), horizon.Seconds())
	return int(min(math.Ceil(rate*per*mean), 1e9))
}

// meanSeconds is a duration distribution's mean in seconds, computed in floating point: a
// heavy tail's mean can be beyond what a time.Duration holds.
func meanSeconds(d models.DistSpec) float64 {
	if d.Kind == models.DistLogNormal {
		return d.Median.Seconds() * math.Exp(d.Sigma*d.Sigma/2) // E[X] = exp(μ + σ²/2), μ = ln(median)
	}
	return d.MeanDuration().Seconds()
}

// LowerBound returns the bound of sc's steady demand on instances of type t under agent a.
// With zones above 1 the fleet must also survive losing its largest zone, which the
// zone-loss target asks of services alone: the bound is then at least the services' demand's
// after a zone's loss (afterZoneLoss).
func LowerBound(sc *scenarios.Scenario, t *models.InstanceType, a *models.AgentConfig, zones int) Bound {
	b := demandBound(sc, steadyDemand(sc, true), t, a)
	if zones > 1 {
		z := demandBound(sc, steadyDemand(sc, false), t, a).afterZoneLoss(zones)
		if z.LowerBound > b.LowerBound {
			b.LowerBound, b.BoundBy = z.LowerBound, z.BoundBy
		}
		b.FirstFitDecreasing = max(b.FirstFitDecreasing, z.FirstFitDecreasing)
	}
	return b
}

// demandBound is the bound of demand d on instances of type t under agent a.
func demandBound(sc *scenarios.Scenario, d demand, t *models.InstanceType, a *models.AgentConfig) Bound {
	reg := models.Registration(t, a, sc.AWSVPCTrunking, sc.Kubelet)
	reg = reg.Sub(d.daemonCharge(reg))
	total := d.total()
	b := Bound{}
	consider := func(by string, n int) {
		if n > b.LowerBound {
			b.LowerBound, b.BoundBy = n, by
		}
	}
	consider("cpu", ceilDiv(total.CPU, reg.CPU))
	consider("memory", ceilDiv(total.MemoryMiB, reg.MemoryMiB))
	consider("gpus", ceilDiv(total.GPUMilli, reg.GPUMilli))
	consider("enis", ceilDiv(int64(total.ENIs), int64(reg.ENIs)))
	consider("pods", ceilDiv(int64(total.Pods), int64(reg.Pods))) // an EKS node's max pods
	for _, port := range slices.Sorted(maps.Keys(d.ports)) {
		consider("ports:"+port, d.ports[port]) // one task per instance binds a static host port
	}
	var tasks []*models.TaskDefinition
	for i, def := range d.defs {
		if len(tasks)+d.counts[i] > maxPackedTasks {
			return b // too many to pack one by one: no packing
		}
		for range d.counts[i] {
			tasks = append(tasks, def)
		}
	}
	b.FirstFitDecreasing, b.FitNowhere = models.PackNodes(tasks, d.daemons, t, a, sc.AWSVPCTrunking, sc.Kubelet)
	return b
}

// ceilDiv is ⌈n/d⌉, with a demand nothing can hold (d ≤ 0 < n) as no bound: the runs say so.
func ceilDiv(n, d int64) int {
	if n <= 0 || d <= 0 {
		return 0
	}
	return int((n + d - 1) / d)
}

// afterZoneLoss scales the bound for a fleet that must hold the demand after losing its largest
// zone: with its instances spread round-robin over zones zones, n instances keep
// n − ⌈n/zones⌉, so the bound is the least n that keeps the bound's count (and the packing's).
func (b Bound) afterZoneLoss(zones int) Bound {
	keep := func(need int) int {
		n := need
		for n-(n+zones-1)/zones < need {
			n++
		}
		return n
	}
	b.LowerBound, b.FirstFitDecreasing = keep(b.LowerBound), keep(b.FirstFitDecreasing)
	if b.BoundBy != "" {
		b.BoundBy += ", less a zone"
	}
	return b
}

// withPeak raises the bound to what the workloads' peak needs beside the services, when it
// needs more: peak is the most CPU and memory the standalone tasks of the runs of count
// instances held at once, the most over the seeds, every seed's runs having met the targets
// and so placed every task. A workload's tasks are placed when they arrive or never (RunTask
// does not wait), and their arrivals and durations are the seed's whatever the fleet (common
// random numbers), so a fleet that meets the targets on every seed must hold that peak beside
// the services at their desired count: ⌈(peak + services) / (registered − daemons)⌉.
// Services are counted at their steady demand only: their surges (a deployment's maximum
// percent) can wait for room, so a smaller fleet need not hold them.
func (b Bound) withPeak(sc *scenarios.Scenario, t *models.InstanceType, a *models.AgentConfig, peak models.Resources) Bound {
	svc := steadyDemand(sc, false)
	reg := models.Registration(t, a, sc.AWSVPCTrunking, sc.Kubelet)
	reg = reg.Sub(svc.daemonCharge(reg))
	need := peak.Add(svc.total())
	for _, d := range []struct {
		by       string
		need, of int64
	}{
		{"cpu, at the workloads' peak", need.CPU, reg.CPU},
		{"memory, at the workloads' peak", need.MemoryMiB, reg.MemoryMiB},
	} {
		if n := ceilDiv(d.need, d.of); n > b.LowerBound {
			b.LowerBound, b.BoundBy = n, d.by
		}
	}
	return b
}
