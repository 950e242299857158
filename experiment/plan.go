package experiment

import (
	"slices"
	"time"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/reports"
	"github.com/ecssim/ecssim/scenarios"
)

// PlanTargets are what a plan's fleet must achieve on a run (SPEC §2, plan).
type PlanTargets struct {
	// NeverPlaced is the most tasks that may never reach an instance (tasks.never_placed):
	// a count, or, between 0 and 1, a share of the tasks started.
	NeverPlaced float64
	// Availability is the least availability of every service (services.*.availability).
	Availability float64
	// PendingP99 is the most the 99th percentile of the time to RUNNING may be
	// (tasks.pending_seconds.p99); 0 sets no target.
	PendingP99 time.Duration
	// ZoneLoss, when set, asks the fleet to survive losing any one of the group's zones.
	ZoneLoss *ZoneLoss
}

// ZoneLoss is the zone-loss target: in a run of its own for each of the group's zones, the
// zone fails (an az_outage) at At (0: half way through the run) for For, and every service
// is back at its desired count of healthy tasks, in the other zones, within Recovery of each
// fault that left it short (services.*.recovery_seconds_max).
type ZoneLoss struct {
	At, For, Recovery time.Duration
}

// The targets' names, as a plan reports the one that set its count.
const (
	TargetNeverPlaced  = "never_placed"
	TargetAvailability = "availability"
	TargetPendingP99   = "pending_p99"
	TargetZoneLoss     = "zone_loss"
)

// miss returns the first target a run's summary misses ("availability:SERVICE" for a service
// short of availability), "" when it meets them all. Daemon services, named in daemons, are
// held to no availability: a daemon runs a task on every instance, so its availability says
// how fast instances start, not whether the fleet is large enough.
func (t PlanTargets) miss(s *reports.Summary, daemons map[string]bool) string {
	allowed := t.NeverPlaced
	if allowed > 0 && allowed < 1 {
		allowed *= float64(s.Tasks.Started + s.Tasks.NeverPlaced)
	}
	if float64(s.Tasks.NeverPlaced) > allowed {
		return TargetNeverPlaced
	}
	names := make([]string, 0, len(s.Services))
	for name := range s.Services {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if !daemons[name] && s.Services[name].Availability < t.Availability {
			return TargetAvailability + ":" + name
		}
	}
	if t.PendingP99 > 0 && s.Tasks.PendingSeconds.P99 > t.PendingP99.Seconds() {
		return TargetPendingP99
	}
	return ""
}

// missZone returns the target a run with the zone's outage misses: "zone_loss:ZONE" when a
// service took longer than Recovery to be whole again, "" otherwise.
func (t PlanTargets) missZone(s *reports.Summary, zone string) string {
	for _, svc := range s.Services {
		if svc.RecoverySecondsMax > t.ZoneLoss.Recovery.Seconds() {
			return TargetZoneLoss + ":" + zone
		}
	}
	return ""
}

// PlanOptions say what a plan sizes and how.
type PlanOptions struct {
	// Group names the instance group or Auto Scaling group capacity provider to size; "" for
	// the scenario's only one.
	Group string
	// Types are the candidate instance types; none: the group's own.
	Types []*models.InstanceType
	// Strategies are the candidate strategies; none: the scenario's own.
	Strategies []scenarios.NamedStrategy
	Seeds      int
	FirstSeed  uint64
	// Quantile is the share of seeds on which the targets must hold: 1 for every seed.
	Quantile float64
	// Max bounds the count searched; 0: the group's maximum size, or DefaultPlanMax.
	Max     int
	Targets PlanTargets
	Workers int
	// Done, when not nil, is called after each run, from the workers.
	Done func()
}

// DefaultPlanMax bounds a plan's search when neither -max nor the group's maximum does.
const DefaultPlanMax = 10_000

// Plan is the answer for one instance type and strategy.
type Plan struct {
	InstanceType string `json:"instance_type"`
	Strategy     string `json:"strategy"`
	// Count is the smallest count that meets the targets, nil when none up to the maximum does.
	Count *int `json:"count"`
	Bound
	CostPerMonth       float64 `json:"cost_usd_per_month"`
	CPUReservedMean    float64 `json:"cpu_reserved_mean"`
	MemoryReservedMean float64 `json:"memory_reserved_mean"`
	CPUStrandedMean    float64 `json:"cpu_stranded_mean"`
	MemoryStrandedMean float64 `json:"memory_stranded_mean"`
	// ZoneLossSurvivalWorst is resiliency.zone_loss_survival_worst at Count, the seeds' mean.
	ZoneLossSurvivalWorst float64 `json:"zone_loss_survival_worst"`
	// BindingTarget is the target the count below Count misses on most seeds (the first in
	// PlanTargets' order among equals): what sets the count.
	BindingTarget string `json:"binding_target"`
	// NotMonotone says a count above one that met the targets missed them: Count is then the
	// smallest whose next count up meets them too.
	NotMonotone bool `json:"not_monotone,omitempty"`
	// Tried are the counts run, in the order the search ran them.
	Tried []Trial `json:"tried"`
}

// Trial is one count a search ran on every seed.
type Trial struct {
	Count int  `json:"count"`
	Met   bool `json:"met"`
	// SeedsMet counts the seeds on which every target held.
	SeedsMet int `json:"seeds_met"`
	// Misses counts the seeds that missed a target, by the first target each missed.
	Misses map[string]int `json:"misses,omitempty"`
	// CostPerMonth is cost_usd.per_month, the seeds' mean.
	CostPerMonth float64 `json:"cost_usd_per_month"`
	means        planMeans
	// peak is the most CPU and memory standalone tasks held at once, the most over the
	// seeds' runs without a zone loss (reports.Collector.PeakStandalone).
	peak models.Resources
}

// planMeans are a trial's summaries averaged over its seeds.
type planMeans struct {
	cost, cpuRes, memRes, cpuStr, memStr, zoneWorst float64
}

// planGroup is the group a plan sizes: an instance group, or an Auto Scaling group capacity
// provider's group (whose maximum it sizes), by index in the scenario.
type planGroup struct {
	instanceGroup, provider int // -1 for the other kind
	name                    string
	types                   []*models.InstanceType
	zones                   []string
	agent                   *models.AgentConfig
	max                     int
	// only says the group is the scenario's only EC2 capacity: what its runs reserve is then
	// the demand on it.
	only bool
}
