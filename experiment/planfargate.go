package experiment

import (
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
	PerOwner         []FargateShare `json:"per_service"`
	// Unfit names the services and workloads whose tasks Fargate cannot run, left out: larger
	// than its largest size, or asking for GPUs, which Fargate has none of.
	Unfit []FargateUnfit `json:"unfit,omitempty"`
}

// FargateUnfit is a service or workload whose tasks Fargate cannot run, and why.
type FargateUnfit struct {
	Name string `json:"name"`
	Why  string `json:"why"`
}

// FargateShare is one service's or workload's part of a FargatePlan.
type FargateShare struct {
	Name             string  `json:"name"` // the service's, or the workload's
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
	demand := fargateDemand(sc)
	plans := []FargatePlan{{Capacity: models.FargateProviderName}}
	if spotShare > 0 && sc.Orchestrator != scenarios.OrchestratorEKS { // EKS on Fargate has no Spot (EKSUG fargate.adoc)
		plans = append(plans, FargatePlan{Capacity: models.FargateProviderName + "+" + models.FargateSpotProviderName, SpotShare: spotShare})
	}
	for i := range plans {
		p := &plans[i]
		var asked float64
		for _, d := range demand {
			s, why := fargateShare(sc, d.def, d.n, p.SpotShare)
			if why != "" {
				p.Unfit = append(p.Unfit, FargateUnfit{d.name, why})
				continue
			}
			s.Name = d.name
			p.PerOwner = append(p.PerOwner, s)
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
// now (daemon services run on EC2 alone).
func fargateDemand(sc *scenarios.Scenario) []ownerDemand {
	var out []ownerDemand
	for i := range sc.Services {
		if s := &sc.Services[i]; s.Scheduling != models.Daemon {
			out = append(out, ownerDemand{s.Name, s.Def, s.DesiredCount})
		}
	}
	for i := range sc.Workloads {
		if w := &sc.Workloads[i]; w.Trace == nil {
			out = append(out, ownerDemand{w.Name, w.Def, workloadConcurrency(w, sc.Duration)})
		}
	}
	return out
}

// ownerDemand is a service's or workload's steady demand: n tasks of def.
type ownerDemand struct {
	name string
	def  *models.TaskDefinition
	n    int
}

// fargateShare prices n tasks of def on Fargate for a month, spotShare of them on Spot, or says
// why Fargate cannot run them (unfit). A
// definition with no task-level memory asks for its containers' hard limits (memory) where
// they are above their reservations: Fargate needs a task size that holds them
// (DG/task_definition_parameters, "Task size"), where EC2 places by the reservation.
func fargateShare(sc *scenarios.Scenario, def *models.TaskDefinition, n int, spotShare float64) (s FargateShare, unfit string) {
	c := def.Charge()
	if c.GPUMilli > 0 {
		return FargateShare{}, "asks for GPUs, which Fargate has none of" // DG/ecs-gpu
	}
	if def.Kube != nil {
		return podShare(sc, def, n)
	}
	if def.MemoryMiB == 0 { // on Fargate the task's memory holds its containers' hard limits
		var hard int64
		for _, ct := range def.Containers {
			hard += max(ct.MemoryMiB, ct.MemoryReservationMiB)
		}
		c.MemoryMiB = max(c.MemoryMiB, hard)
	}
	fcpu, fmem, ok := scenarios.FargateSizeCovering(c.CPU, c.MemoryMiB)
	if !ok {
		return FargateShare{}, "larger than any Fargate size"
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
	}, ""
}

// podShare prices n EKS pods of def on Fargate for a month: each on a micro-VM of its pod size
// (models.TaskDefinition.FargateSize: its requests, + 256 MiB, rounded up), whose rounding
// overhead is over its requests.
func podShare(sc *scenarios.Scenario, def *models.TaskDefinition, n int) (FargateShare, string) {
	size := def.FargateSize()
	if size.CPU == 0 {
		return FargateShare{}, "larger than any Fargate size, with the 256 MiB EKS adds"
	}
	c := def.Charge() // millicores
	asked := models.Resources{CPU: max(c.CPU*1024/models.MilliCPUPerVCPU, 1), MemoryMiB: max(c.MemoryMiB, 1)}
	hourly := sc.Pricing.FargatePodHourly(size)
	return FargateShare{
		// the requests in CPU units, as the Fargate size beside them is
		TaskDefinition: def.Ref(), Tasks: n, CPU: asked.CPU, MemoryMiB: c.MemoryMiB, FargateCPU: size.CPU, FargateMemoryMiB: size.MemoryMiB,
		CostPerMonth: float64(n) * hoursPerMonth * hourly, RoundingOverhead: 1 - sc.Pricing.FargatePodHourly(asked)/hourly,
	}, ""
}
