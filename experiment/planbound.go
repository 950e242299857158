package experiment

import (
	"maps"
	"math"
	"slices"
	"strconv"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/scenarios"
)

// Bound is the fewest instances of a type that could hold a scenario's demand, whatever the
// placement (SPEC §2, plan): the plan's count less it is the price of the strategy and of
// ECS's rules.
type Bound struct {
	// LowerBound is the largest of the bounds by dimension, set by BoundBy ("cpu", "memory",
	// "enis", "ports:PORT"). Each is the demand in that dimension over what one instance
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

// demand is the steady demand a scenario puts on EC2 instances: every replica service at its
// desired count, and every workload at its mean number of tasks at once by Little's law, L =
// λW (arrival rate × mean duration; Little, "A Proof for the Queuing Formula L = λW",
// Operations Research 9(3), 1961), rounded up. A peak is above the mean, so the bound from it
// stays a lower bound. Daemon services take their share of every instance instead.
type demand struct {
	tasks   []*models.TaskDefinition // one per task, for the packing
	daemons models.Resources         // what the daemon tasks take of each instance
	ports   map[string]int           // tasks that bind each static host port
}

// steadyDemand is the scenario's demand on EC2 (Fargate services and workloads left out),
// its workloads' with its services' when workloads is set.
func steadyDemand(sc *scenarios.Scenario, workloads bool) demand {
	d := demand{ports: map[string]int{}}
	add := func(def *models.TaskDefinition, n int) {
		for range n {
			d.tasks = append(d.tasks, def)
		}
		for _, p := range def.StaticPorts() {
			d.ports[p.Protocol.String()+"/"+strconv.Itoa(int(p.HostPort))] += n
		}
	}
	for i := range sc.Services {
		s := &sc.Services[i]
		switch {
		case s.LaunchType == "FARGATE":
		case s.Scheduling == models.Daemon:
			d.daemons = d.daemons.Add(s.Def.Charge())
		default:
			add(s.Def, s.DesiredCount)
		}
	}
	for i := range sc.Workloads {
		if !workloads {
			break
		}
		w := &sc.Workloads[i]
		if w.LaunchType == "FARGATE" || w.Trace != nil {
			continue
		}
		add(w.Def, workloadConcurrency(w))
	}
	return d
}

// workloadConcurrency is a workload's mean number of tasks at once (Little's law), rounded
// up; a fixed batch counts whole.
func workloadConcurrency(w *models.WorkloadConfig) int {
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
	return int(math.Ceil(rate * per * w.Duration.MeanDuration().Seconds()))
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
	reg := t.Registers(a, sc.AWSVPCTrunking).Sub(d.daemons)
	var total models.Resources
	for _, def := range d.tasks {
		total = total.Add(def.Charge())
	}
	b := Bound{}
	consider := func(by string, n int) {
		if n > b.LowerBound {
			b.LowerBound, b.BoundBy = n, by
		}
	}
	consider("cpu", ceilDiv(total.CPU, reg.CPU))
	consider("memory", ceilDiv(total.MemoryMiB, reg.MemoryMiB))
	consider("enis", ceilDiv(int64(total.ENIs), int64(reg.ENIs)))
	for _, port := range slices.Sorted(maps.Keys(d.ports)) {
		consider("ports:"+port, d.ports[port]) // one task per instance binds a static host port
	}
	b.FirstFitDecreasing, b.FitNowhere = models.PackCount(d.tasks, t, a, sc.AWSVPCTrunking)
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
	reg := t.Registers(a, sc.AWSVPCTrunking).Sub(svc.daemons)
	need := peak
	for _, def := range svc.tasks {
		need = need.Add(def.Charge())
	}
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
