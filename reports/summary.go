package reports

import (
	"encoding/json"
	"io"
	"maps"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/sim"
)

// Meta names a run in its summary.
type Meta struct {
	Scenario string
	Seed     uint64
	Strategy string
	Events   uint64
}

// Summary is the JSON summary of one run (SPEC §4). Keys are stable: add, never rename. Times
// are in seconds and fractions in [0, 1].
type Summary struct {
	Scenario         string                    `json:"scenario"`
	Seed             uint64                    `json:"seed"`
	Strategy         string                    `json:"strategy"`
	SimulatedSeconds float64                   `json:"simulated_seconds"`
	Events           uint64                    `json:"events"`
	Tasks            TaskSummary               `json:"tasks"`
	Utilization      Utilization               `json:"utilization"`
	Capacity         Capacity                  `json:"capacity"`
	CostUSD          Cost                      `json:"cost_usd"`
	Services         map[string]ServiceSummary `json:"services"`
	// GPU is the arrived-against-allocated GPU of a run whose workload is drawn to a share of
	// the cluster's GPUs (gpu.go); absent otherwise.
	GPU *GPUSection `json:"gpu,omitempty"`
	// Faults are the run's lost capacity and what it cost the services.
	Faults Faults `json:"faults"`
	// Resiliency is the services' analytic resiliency scores, averaged over the services
	// weighted by their desired counts: binpack against spread in one line.
	Resiliency Resiliency `json:"resiliency"`
}

// Faults counts the capacity a run lost and what the services lost with it.
type Faults struct {
	// Count is InstancesLost + FargateInterruptions: the fault events.
	Count int `json:"count"`
	// InstancesLost counts EC2 instances terminated by a fault (InstanceTerminated with
	// Fault); FargateInterruptions the Fargate tasks stopped by one (FARGATE_SPOT
	// interruptions, and tasks lost with their zone in an outage), each its own micro-VM.
	InstancesLost        int `json:"instances_lost"`
	FargateInterruptions int `json:"fargate_interruptions"`
	// TasksLostPerFault is tasks.stopped_by_faults / Count, 0 with no fault.
	TasksLostPerFault float64 `json:"tasks_lost_per_fault"`
	// UnservedTaskSeconds is the sum over services of their unserved_task_seconds.
	UnservedTaskSeconds float64 `json:"unserved_task_seconds"`
	// ZoneOutages counts ZoneOutageStarted events; ZoneOutageSeconds is, by zone, the time
	// some outage of the zone was in progress (never nil; zones that had none are left out).
	ZoneOutages       int                `json:"zone_outages"`
	ZoneOutageSeconds map[string]float64 `json:"zone_outage_seconds"`
	// AgentDisconnects counts AgentDisconnected events.
	AgentDisconnects int `json:"agent_disconnects"`
	// CapacityShortages counts CapacityShortageStarted events (dry spells of a capacity pool);
	// LaunchesFailed the Auto Scaling group launches that found no capacity, each try.
	CapacityShortages int `json:"capacity_shortages,omitempty"`
	LaunchesFailed    int `json:"launches_failed,omitempty"`
}

// Resiliency is the run's analytic resiliency score: the services' survival shares averaged
// over the services, weighted by their desired counts at the end of the run.
type Resiliency struct {
	InstanceLossSurvivalMean  float64 `json:"instance_loss_survival_mean"`
	ZoneLossSurvivalMean      float64 `json:"zone_loss_survival_mean"`
	InstanceLossSurvivalWorst float64 `json:"instance_loss_survival_worst"`
	ZoneLossSurvivalWorst     float64 `json:"zone_loss_survival_worst"`
}

// ServiceResiliency is a service's analytic resiliency score: the share of its desired count
// still running if it lost its worst instance, or its worst zone.
type ServiceResiliency struct {
	InstanceLossSurvival Survival `json:"instance_loss_survival"`
	ZoneLossSurvival     Survival `json:"zone_loss_survival"`
}

// Survival is a survival share's time-weighted mean and its lowest value.
type Survival struct {
	Mean  float64 `json:"mean"`
	Worst float64 `json:"worst"`
}

// TaskSummary counts tasks.
type TaskSummary struct {
	Started int `json:"started"`
	// PlacementFailures counts failed placement attempts: a service tries again to place a
	// task it cannot place after each placement_retry_interval (30 s by default), and each try
	// counts. NeverPlaced counts tasks: those that never reached an instance (see the package
	// documentation).
	PlacementFailures int       `json:"placement_failures"`
	NeverPlaced       int       `json:"never_placed"`
	StoppedByFaults   int       `json:"stopped_by_faults"`
	PendingSeconds    Quantiles `json:"pending_seconds"`
	// StartFailures counts placed tasks that failed to start: they stopped before RUNNING
	// with a start error, not because the scheduler stopped them.
	StartFailures int `json:"start_failures"`
}

// Quantiles summarises a sample.
type Quantiles struct {
	Mean float64 `json:"mean"`
	P50  float64 `json:"p50"`
	P99  float64 `json:"p99"`
}

// Utilization holds the time-weighted reservation and fragmentation of the fleet.
type Utilization struct {
	CPUReservedMean    float64 `json:"cpu_reserved_mean"`
	MemoryReservedMean float64 `json:"memory_reserved_mean"`
	CPUStrandedMean    float64 `json:"cpu_stranded_mean"`
	MemoryStrandedMean float64 `json:"memory_stranded_mean"`
	// GPUReservedMean and GPUStrandedMean are the GPU's, for runs whose instances register
	// GPUs; absent otherwise.
	GPUReservedMean *float64 `json:"gpu_reserved_mean,omitempty"`
	GPUStrandedMean *float64 `json:"gpu_stranded_mean,omitempty"`
}

// Capacity is what the run used: EC2 instances (Fargate tasks' synthetic instances never
// count) and Fargate tasks.
type Capacity struct {
	InstancesMax     int     `json:"instances_max"`
	InstanceHours    float64 `json:"instance_hours"`
	FargateVCPUHours float64 `json:"fargate_vcpu_hours"`
	FargateGBHours   float64 `json:"fargate_gb_hours"`
	// FargateTasksMax is the most Fargate tasks RUNNING at once.
	FargateTasksMax int `json:"fargate_tasks_max"`
	// Providers are the cluster's ASG capacity providers, by name; never nil.
	Providers map[string]ProviderCapacity `json:"providers"`
}

// ProviderCapacity is what one ASG capacity provider launched and how often it scaled.
type ProviderCapacity struct {
	InstancesMax  int     `json:"instances_max"`
	InstanceHours float64 `json:"instance_hours"`
	ScaleOuts     int     `json:"scale_outs"`
	ScaleIns      int     `json:"scale_ins"`
}

// Cost is what the run's capacity cost, in US dollars, and who it went to. Total = EC2 +
// Fargate = the per-service and per-workload costs + Idle. Stranded and StrandedMemory
// measure fragmentation and are not addends of Total.
type Cost struct {
	Total          float64 `json:"total"`
	EC2            float64 `json:"ec2"`
	Fargate        float64 `json:"fargate"`
	Idle           float64 `json:"idle"`
	Stranded       float64 `json:"stranded"`
	StrandedMemory float64 `json:"stranded_memory"`
	PerTaskHour    float64 `json:"per_task_hour"`
	// PerMonth is Total at the run's rate for a month of 730 hours.
	PerMonth float64 `json:"per_month"`
	// PerService, PerWorkload and PerProvider are never nil.
	PerService  map[string]float64 `json:"per_service"`
	PerWorkload map[string]float64 `json:"per_workload"`
	PerProvider map[string]float64 `json:"per_provider"`
}

// ServiceSummary holds one service's availability, blast radius, task counts, healthy targets
// and deployments.
type ServiceSummary struct {
	// Desired is the desired count at the end of the run (a scale event changes it).
	Desired int `json:"desired"`
	// AvailabilityZoneRebalancing is the service's availabilityZoneRebalancing in this run,
	// ENABLED or DISABLED: as configured, else CreateService's default for the service.
	AvailabilityZoneRebalancing string       `json:"availability_zone_rebalancing"`
	Availability                float64      `json:"availability"`
	MinHealthyHeld              float64      `json:"min_healthy_held"`
	MaxInstanceShare            float64      `json:"max_instance_share"`
	MaxAZShare                  float64      `json:"max_az_share"`
	RecoverySecondsMax          float64      `json:"recovery_seconds_max"`
	Deployments                 []Deployment `json:"deployments"`
	// LowestHealthy is the fewest healthy tasks seen after the first steady state (-1 if the
	// service never reached it).
	LowestHealthy int `json:"lowest_healthy"`
	// TasksStarted counts the service's tasks placed; TasksFailedHealthChecks those that
	// failed their health checks (TaskUnhealthy).
	TasksStarted            int `json:"tasks_started"`
	TasksFailedHealthChecks int `json:"tasks_failed_health_checks"`
	// HealthyTargetsMin and HealthyTargetsMean are the fewest and the time-weighted mean of
	// the service's healthy targets from its first steady state on; nil, and left out of the
	// JSON, for a service with no load balancer.
	HealthyTargetsMin  *int     `json:"healthy_targets_min,omitempty"`
	HealthyTargetsMean *float64 `json:"healthy_targets_mean,omitempty"`
	// MaxInstanceShareMean and MaxAZShareMean are the time-weighted means of the largest
	// instance and zone shares from the first steady state on.
	MaxInstanceShareMean float64 `json:"max_instance_share_mean"`
	MaxAZShareMean       float64 `json:"max_az_share_mean"`
	// StoppedByFaults counts the service's tasks stopped by faults.
	StoppedByFaults int `json:"stopped_by_faults"`
	// FaultEpisodes counts the recovery episodes; RecoverySecondsMean is their mean length
	// (RecoverySecondsMax the longest), one still open at the end counting until the end.
	FaultEpisodes       int     `json:"fault_episodes"`
	RecoverySecondsMean float64 `json:"recovery_seconds_mean"`
	// UnservedTaskSeconds is ∫ max(0, desired − healthy) dt from the first steady state on.
	UnservedTaskSeconds float64 `json:"unserved_task_seconds"`
	// Resiliency is the analytic score: the share of the desired count that would survive
	// the loss of the worst instance or zone.
	Resiliency ServiceResiliency `json:"resiliency"`
	// NeverPlaced counts the service's tasks that never reached an instance; TasksShortMean
	// and TasksShortMax are the time-weighted mean and the largest, held for some time, of
	// max(0, desired − tasks placed and not stopping) over the whole run.
	NeverPlaced    int     `json:"never_placed"`
	TasksShortMean float64 `json:"tasks_short_mean"`
	TasksShortMax  int     `json:"tasks_short_max"`
	// Episodes are the recovery episodes in the order they opened, never nil.
	Episodes []FaultEpisode `json:"episodes"`
}

// FaultEpisode is one recovery episode of a service: from a fault stop that left it short of
// healthy tasks until healthy tasks were back at the desired count.
type FaultEpisode struct {
	StartedAt float64 `json:"started_at"`
	// EndedAt is nil (null in JSON) for an episode still open at the end of the run, whose
	// duration runs to the end.
	EndedAt         *float64 `json:"ended_at"`
	DurationSeconds float64  `json:"duration_seconds"`
	// LowestHealthy is the fewest healthy tasks while the episode was open.
	LowestHealthy int `json:"lowest_healthy"`
	// ServedFraction is ∫ min(healthy, desired) dt / ∫ desired dt over the episode: the
	// task-seconds served of those owed.
	ServedFraction float64 `json:"served_fraction"`
	// StoppedByFaults counts the service's tasks that faults stopped while it was open.
	StoppedByFaults int `json:"stopped_by_faults"`
}

// Deployment is one rolling deployment of a service.
type Deployment struct {
	StartedAt float64 `json:"started_at"`
	// FinishedAt is when the deployment completed, failed or was superseded by a newer one;
	// nil (null in JSON) for the primary deployment still in progress at the end of the run. A
	// superseded deployment keeps the rolloutState ECS leaves it with, often IN_PROGRESS.
	FinishedAt *float64 `json:"finished_at"`
	// State is the rollout state at the end of the run: IN_PROGRESS, COMPLETED or FAILED.
	State string `json:"state"`
	// TaskDefinition is the revision deployed, "family:revision".
	TaskDefinition string `json:"task_definition"`
	// Rollback marks a deployment the circuit breaker started.
	Rollback bool `json:"rollback"`
	// DurationSeconds is FinishedAt − StartedAt, or the end of the run − StartedAt for one
	// still in progress.
	DurationSeconds float64 `json:"duration_seconds"`
	// LowestHealthy is the fewest healthy tasks the service had while the deployment was in
	// progress.
	LowestHealthy int `json:"lowest_healthy"`
	// FailedTasks is the deployment's failed tasks at the end of the run: what its circuit
	// breaker counts.
	FailedTasks int `json:"failed_tasks"`
}

// ended writes when the episode ended, "-" for one still open at the end of the run.
func (e FaultEpisode) ended() string {
	if e.EndedAt == nil {
		return "-"
	}
	return seconds(*e.EndedAt)
}

// finished writes when the deployment finished, "-" while it is in progress.
func (d Deployment) finished() string {
	if d.FinishedAt == nil {
		return "-"
	}
	return seconds(*d.FinishedAt)
}

// marked writes s, marked "(rollback)" for a deployment the circuit breaker started.
func (d Deployment) marked(s string) string {
	if d.Rollback {
		return s + " (rollback)"
	}
	return s
}

// Summary returns the run's summary; call Finish first.
func (c *Collector) Summary(m Meta) Summary {
	s := Summary{
		Scenario: m.Scenario, Seed: m.Seed, Strategy: m.Strategy, Events: m.Events,
		SimulatedSeconds: c.horizon.Seconds(),
		Tasks: TaskSummary{
			Started: c.started, PlacementFailures: c.failures, NeverPlaced: c.neverPlaced,
			StartFailures: c.startFailures, StoppedByFaults: c.stoppedByFaults,
			PendingSeconds: c.pending.quantiles(),
		},
		Utilization: Utilization{
			CPUReservedMean:    ratio(c.cpuRes, c.regSecs),
			MemoryReservedMean: ratio(c.memRes, c.regSecs),
			CPUStrandedMean:    ratio(c.cpuStr, c.cpuFreeSecs),
			MemoryStrandedMean: ratio(c.memStr, c.memFreeSecs),
		},
		Services: map[string]ServiceSummary{},
		Faults: Faults{
			Count:         c.instancesLost + c.fargateLost,
			InstancesLost: c.instancesLost, FargateInterruptions: c.fargateLost,
			TasksLostPerFault: ratio(float64(c.stoppedByFaults), float64(c.instancesLost+c.fargateLost)),
			ZoneOutages:       c.zoneOutages, ZoneOutageSeconds: maps.Clone(c.outageSecs),
			AgentDisconnects:  c.agentDisconnects,
			CapacityShortages: c.shortages,
			LaunchesFailed:    c.launchesFailed,
		},
	}
	s.Capacity, s.CostUSD = c.capacityAndCost()
	s.Utilization.GPUReservedMean, s.Utilization.GPUStrandedMean = c.gpu.utilization()
	s.GPU = c.gpuArrival.section(&c.gpu)
	var weight float64
	for _, st := range c.services {
		v := c.serviceSummary(st)
		// Services in their scenario order, so the sums come out the same to the last bit.
		s.Faults.UnservedTaskSeconds += st.unserved
		w, r := float64(st.desired), v.Resiliency
		weight += w
		s.Resiliency.InstanceLossSurvivalMean += w * r.InstanceLossSurvival.Mean
		s.Resiliency.ZoneLossSurvivalMean += w * r.ZoneLossSurvival.Mean
		s.Resiliency.InstanceLossSurvivalWorst += w * r.InstanceLossSurvival.Worst
		s.Resiliency.ZoneLossSurvivalWorst += w * r.ZoneLossSurvival.Worst
		s.Services[st.svc.Name] = v
	}
	if weight > 0 {
		r := &s.Resiliency
		r.InstanceLossSurvivalMean /= weight
		r.ZoneLossSurvivalMean /= weight
		r.InstanceLossSurvivalWorst /= weight
		r.ZoneLossSurvivalWorst /= weight
	}
	return s
}

// serviceSummary returns one service's part of the summary.
func (c *Collector) serviceSummary(st *serviceStats) ServiceSummary {
	recMax, recMean := st.recovery(c.horizon)
	v := ServiceSummary{
		Desired:                     st.desired,
		AvailabilityZoneRebalancing: string(st.svc.Rebalancing()),
		Availability:                ratio(st.avail, st.measured),
		MinHealthyHeld:              ratio(st.held, st.measured),
		MaxInstanceShare:            st.maxInstance,
		MaxAZShare:                  st.maxZone,
		RecoverySecondsMax:          recMax,
		Deployments:                 c.deployments(st),
		LowestHealthy:               st.lowestHealthy,
		TasksStarted:                st.started,
		TasksFailedHealthChecks:     st.failedChecks,
		MaxInstanceShareMean:        ratio(st.instShareSecs, st.measured),
		MaxAZShareMean:              ratio(st.zoneShareSecs, st.measured),
		StoppedByFaults:             st.faultStops,
		FaultEpisodes:               len(st.episodes),
		RecoverySecondsMean:         recMean,
		UnservedTaskSeconds:         st.unserved,
		Episodes:                    st.episodeSummaries(c.horizon),
		NeverPlaced:                 st.neverPlaced,
		TasksShortMean:              ratio(st.shortSecs, c.horizon.Seconds()),
		TasksShortMax:               st.shortMax,
		Resiliency: ServiceResiliency{
			InstanceLossSurvival: Survival{Mean: ratio(st.instSurvSecs, st.measured), Worst: max(st.worstInstSurv, 0)},
			ZoneLossSurvival:     Survival{Mean: ratio(st.zoneSurvSecs, st.measured), Worst: max(st.worstZoneSurv, 0)},
		},
	}
	if st.balanced {
		lowest, mean := max(st.lowestTargets, 0), ratio(st.targetSecs, st.measured)
		v.HealthyTargetsMin, v.HealthyTargetsMean = &lowest, &mean
	}
	return v
}

// recovery returns the longest and the mean recovery episode of a service, an episode still
// open at the end of the run counting until end; 0, 0 with none.
func (s *serviceStats) recovery(end sim.Time) (longest, mean float64) {
	var total float64
	for _, e := range s.episodes {
		d := e.length(end)
		longest, total = max(longest, d), total+d
	}
	return longest, ratio(total, float64(len(s.episodes)))
}

// episodeSummaries returns the service's recovery episodes, an open one up to end.
func (s *serviceStats) episodeSummaries(end sim.Time) []FaultEpisode {
	out := make([]FaultEpisode, 0, len(s.episodes))
	for _, e := range s.episodes {
		fe := FaultEpisode{
			StartedAt: e.start.Seconds(), DurationSeconds: e.length(end),
			LowestHealthy: e.lowest, ServedFraction: 1, StoppedByFaults: e.faultStops,
		}
		if e.owed > 0 { // an episode that lasted no time owed nothing
			fe.ServedFraction = e.served / e.owed
		}
		if e.closed {
			at := e.end.Seconds()
			fe.EndedAt = &at
		}
		out = append(out, fe)
	}
	return out
}

// hoursPerMonth is the month cost_usd.per_month is priced for: 730 hours, the average month
// (8,760 hours a year / 12), as AWS's pricing calculator counts one.
const hoursPerMonth = 730

// capacityAndCost returns the capacity and cost sections of the summary.
func (c *Collector) capacityAndCost() (Capacity, Cost) {
	capa := Capacity{
		InstancesMax: c.instancesMax, FargateTasksMax: c.fargateMax,
		FargateVCPUHours: c.fargateVCPUHours, FargateGBHours: c.fargateGBh,
		Providers: map[string]ProviderCapacity{},
	}
	cost := Cost{
		Fargate: c.fargateUSD, Stranded: c.strandedCPUUSD, StrandedMemory: c.strandedMemUSD,
		PerService: map[string]float64{}, PerWorkload: map[string]float64{}, PerProvider: map[string]float64{},
	}
	// Every provider of the cluster is listed, with 0 if it cost nothing.
	for _, p := range c.sim.CapacityProviders {
		cost.PerProvider[p.Name] = 0
		if p.Kind == models.ProviderASG {
			capa.Providers[p.Name] = ProviderCapacity{}
		}
	}
	if len(c.sim.InstanceGroups) > 0 {
		cost.PerProvider[instanceGroupsKey] = 0
	}
	for name, ps := range c.providers {
		capa.Providers[name] = ProviderCapacity{InstancesMax: ps.max, ScaleOuts: ps.scaleOuts, ScaleIns: ps.scaleIns}
	}
	for _, b := range c.bills {
		hours, usd := b.end.Sub(b.start).Hours(), b.price*b.billedHours()
		capa.InstanceHours += hours
		cost.EC2 += usd
		cost.PerProvider[b.provider] += usd
		if b.asg != nil { // b.provider is the ASG provider's name
			pc := capa.Providers[b.provider]
			pc.InstanceHours += hours
			capa.Providers[b.provider] = pc
		}
	}
	for name, usd := range c.fargateByProvider {
		cost.PerProvider[name] += usd
	}
	cost.Total = cost.EC2 + cost.Fargate
	cost.Idle = max(0, cost.EC2-c.attributed)
	cost.PerTaskHour = ratio(cost.Total, c.taskSecs/3600)
	cost.PerMonth = ratio(cost.Total*hoursPerMonth, c.horizon.Seconds()/3600)
	for name, oc := range c.svcCost {
		cost.PerService[name] = oc.ec2 + oc.fargate
	}
	for name, oc := range c.workloadCost {
		cost.PerWorkload[name] = oc.ec2 + oc.fargate
	}
	return capa, cost
}

// deployments returns a service's deployments in the order they started, never nil.
func (c *Collector) deployments(st *serviceStats) []Deployment {
	out := make([]Deployment, 0, len(st.deployments))
	for _, ds := range st.deployments {
		end := c.horizon
		dep := Deployment{
			StartedAt:     ds.started.Seconds(),
			State:         ds.d.State.String(),
			Rollback:      ds.d.Rollback,
			LowestHealthy: ds.lowestHealthy,
			FailedTasks:   ds.d.Failures,
		}
		if ds.d.Def != nil {
			dep.TaskDefinition = ds.d.Def.Ref()
		}
		if ds.ended {
			end = ds.finished
			finished := end.Seconds()
			dep.FinishedAt = &finished
		}
		dep.DurationSeconds = end.Sub(ds.started).Seconds()
		out = append(out, dep)
	}
	return out
}

func ratio(num, den float64) float64 {
	if den <= 0 {
		return 0
	}
	return num / den
}

// WriteJSON writes the summary as indented JSON with a final newline. Map keys (the services)
// come out sorted, so the output is byte-identical for identical runs.
func (s Summary) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(s)
}
