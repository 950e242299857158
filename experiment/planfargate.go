package experiment

import (
	"slices"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/scenarios"
)

// FargatePlan is a scenario's steady demand (fargateDemand) run on Fargate: every
// task rounded up to the smallest size Fargate runs (scenarios.FargateSizeCovering), priced
// for a month of 730 hours at the scenario's Fargate prices, on FARGATE alone or with a
// share of the tasks on FARGATE_SPOT.
type FargatePlan struct {
	Capacity     string  `json:"capacity"`
	SpotShare    float64 `json:"spot_share"`
	CostPerMonth float64 `json:"cost_usd_per_month"`
	// RoundingOverhead is the share of the cost paid for capacity the tasks did not ask for:
	// the "bucketing tax" of Fargate's fixed sizes.
	RoundingOverhead float64        `json:"rounding_overhead"`
	PerTask          []FargateShare `json:"per_task_definition"`
	// Unfit names the task definitions larger than Fargate's largest size, left out.
	Unfit []string `json:"unfit,omitempty"`
}

// FargateShare is one task definition's part of a FargatePlan.
type FargateShare struct {
	TaskDefinition   string  `json:"task_definition"`
	Tasks            int     `json:"tasks"`
	CPU              int64   `json:"cpu"`
	MemoryMiB        int64   `json:"memory_mib"`
	FargateCPU       int64   `json:"fargate_cpu"`
	FargateMemoryMiB int64   `json:"fargate_memory_mib"`
	CostPerMonth     float64 `json:"cost_usd_per_month"`
	RoundingOverhead float64 `json:"rounding_overhead"`
}

// hoursPerMonth is the month plans are priced for, as cost_usd.per_month is.
const hoursPerMonth = 730

// PlanFargate prices sc's steady demand on FARGATE, and with spotShare of it on FARGATE_SPOT
// (a capacity provider strategy of weights 1 − spotShare and spotShare, base 0).
func PlanFargate(sc *scenarios.Scenario, spotShare float64) []FargatePlan {
	defs, counts := fargateDemand(sc)
	plans := []FargatePlan{{Capacity: models.FargateProviderName}}
	if spotShare > 0 {
		plans = append(plans, FargatePlan{Capacity: models.FargateProviderName + "+" + models.FargateSpotProviderName, SpotShare: spotShare})
	}
	for i := range plans {
		p := &plans[i]
		var asked float64
		for i, def := range defs {
			s, ok := fargateShare(sc, def, counts[i], p.SpotShare)
			if !ok {
				p.Unfit = append(p.Unfit, def.Ref())
				continue
			}
			p.PerTask = append(p.PerTask, s)
			p.CostPerMonth += s.CostPerMonth
			asked += s.CostPerMonth * (1 - s.RoundingOverhead)
		}
		if p.CostPerMonth > 0 {
			p.RoundingOverhead = 1 - asked/p.CostPerMonth
		}
	}
	return plans
}

// fargateDemand is the steady demand of every replica service and workload, wherever it runs
// now (daemon services run on EC2 alone): the task definitions, and the tasks of each.
func fargateDemand(sc *scenarios.Scenario) ([]*models.TaskDefinition, []int) {
	var defs []*models.TaskDefinition
	var counts []int
	add := func(def *models.TaskDefinition, n int) {
		if i := slices.Index(defs, def); i >= 0 {
			counts[i] += n
			return
		}
		defs, counts = append(defs, def), append(counts, n)
	}
	for i := range sc.Services {
		if s := &sc.Services[i]; s.Scheduling != models.Daemon {
			add(s.Def, s.DesiredCount)
		}
	}
	for i := range sc.Workloads {
		if w := &sc.Workloads[i]; w.Trace == nil {
			add(w.Def, workloadConcurrency(w, sc.Duration))
		}
	}
	return defs, counts
}

// fargateShare prices n tasks of def on Fargate for a month, spotShare of them on Spot. A
// definition with no task-level memory asks for its containers' hard limits (memory) where
// they are above their reservations: Fargate needs a task size that holds them
// (DG/task_definition_parameters, "Task size"), where EC2 places by the reservation.
func fargateShare(sc *scenarios.Scenario, def *models.TaskDefinition, n int, spotShare float64) (FargateShare, bool) {
	c := def.Charge()
	if def.MemoryMiB == 0 { // on Fargate the task's memory holds its containers' hard limits
		var hard int64
		for _, ct := range def.Containers {
			hard += max(ct.MemoryMiB, ct.MemoryReservationMiB)
		}
		c.MemoryMiB = max(c.MemoryMiB, hard)
	}
	fcpu, fmem, ok := scenarios.FargateSizeCovering(c.CPU, c.MemoryMiB)
	if !ok {
		return FargateShare{}, false
	}
	rounded, exact := *def, *def
	rounded.CPU, rounded.MemoryMiB = fcpu, fmem
	exact.CPU, exact.MemoryMiB = max(c.CPU, 1), max(c.MemoryMiB, 1)
	rounded.Finalize()
	exact.Finalize()
	hourly := func(d *models.TaskDefinition) float64 {
		return (1-spotShare)*sc.Pricing.FargateHourly(d, false) + spotShare*sc.Pricing.FargateHourly(d, true)
	}
	cost := float64(n) * hoursPerMonth * hourly(&rounded)
	return FargateShare{
		TaskDefinition: def.Ref(), Tasks: n, CPU: c.CPU, MemoryMiB: c.MemoryMiB, FargateCPU: fcpu, FargateMemoryMiB: fmem,
		CostPerMonth: cost, RoundingOverhead: 1 - hourly(&exact)/hourly(&rounded),
	}, true
}
