package scenarios

import (
	"time"

	"github.com/ecssim/ecssim/models"
)

// Scenario is a validated scenario: everything a run needs, with defaults filled in. The
// instance groups and task definitions are read-only once loaded, so one Scenario can be built
// into many runs, concurrently.
type Scenario struct {
	Name        string
	Description string
	File        string // where it was loaded from, "example:NAME" for an embedded one
	Duration    time.Duration
	Seed        uint64
	Region      string
	StartTime   time.Time
	Cluster     string
	TieBreak    models.TieBreak
	// PlacementRetry and ThrottleDelay are [cluster] placement_retry_interval and
	// throttle_initial_delay (defaults models.DefaultPlacementRetry and DefaultThrottleDelay).
	PlacementRetry time.Duration
	ThrottleDelay  time.Duration

	InstanceGroups  []*models.InstanceGroup
	TaskDefinitions []*models.TaskDefinition // every registered revision, in file order
	Services        []ServiceSpec
	Workloads       []WorkloadSpec
	// Registries are the [[registries]] the scenario declares, in file order; the task
	// definitions' images point at them (or at the built-in and default private ones).
	Registries []*models.Registry
	// TargetGroups are specs: every run builds its own models.TargetGroup from them, as a
	// target group holds per-run state.
	TargetGroups []TargetGroupSpec
	// Actions are the [[events]], in file order.
	Actions []ActionSpec

	// CapacityProviders are the [[capacity_providers]], in file order: specs, from which every
	// run builds its own models.CapacityProvider (they hold per-run state), adding the built-in
	// FARGATE and FARGATE_SPOT.
	CapacityProviders []CapacityProviderSpec
	// DefaultStrategy is [cluster] default_capacity_provider_strategy; nil when there is none.
	DefaultStrategy []StrategyItemSpec
	// Fargate, Pricing, Spot and Faults are the [fargate], [pricing] and [faults] tables over
	// models.DefaultFargateSettings, models.DefaultPricing, no interruptions and no failures.
	Fargate models.FargateSettings
	Pricing models.Pricing
	Spot    models.SpotSettings
	Faults  models.FaultSettings

	// source is the text it was loaded from: a sweep's runs are named by its digest.
	source []byte

	// Warnings are things in a valid file that will not do what its author likely wants,
	// such as a task no instance group can ever run.
	Warnings Problems
}

// ServiceSpec is a validated service.
type ServiceSpec struct {
	Name                  string
	Def                   *models.TaskDefinition
	DesiredCount          int
	Strategy              []models.StrategySpec
	Constraints           []models.ConstraintSpec
	MinimumHealthyPercent int
	MaximumPercent        int
	Scheduling            models.SchedulingStrategy
	CircuitBreaker        models.CircuitBreaker
	// HealthCheckGracePeriod is health_check_grace_period_seconds.
	HealthCheckGracePeriod time.Duration
	LoadBalancers          []LoadBalancerSpec
	// LaunchType is "EC2" or "FARGATE" for a service that runs on a launch type: the one it
	// sets, or EC2 when neither it nor the cluster has a capacity provider strategy. It is ""
	// for a service on capacity providers: CapacityProviderStrategy, its own, or when that is
	// nil the cluster's DefaultStrategy.
	LaunchType               string
	CapacityProviderStrategy []StrategyItemSpec
	// Zones are where the service's Fargate tasks run (its awsvpc subnets' zones), by default
	// the region's a, b and c; nil for a service on EC2, whose instances' zones decide.
	Zones []string
	// AZRebalancing is availability_zone_rebalancing = "ENABLED" (default DISABLED).
	AZRebalancing bool
}

// CapacityProviderSpec is a validated Auto Scaling group capacity provider. ASG is shared by
// every run built from the scenario and must not be modified; Build gives each run a copy.
type CapacityProviderSpec struct {
	Name                         string
	ASG                          *models.AutoScalingGroup
	ManagedScaling               models.ManagedScaling
	ManagedTerminationProtection bool
	ManagedDraining              bool
}

// StrategyItemSpec is one capacity provider strategy item, its provider by name: an
// Auto Scaling group provider of the scenario, FARGATE or FARGATE_SPOT.
type StrategyItemSpec struct {
	Provider string
	Base     int
	Weight   int
}

// fargateStrategy reports whether a valid strategy runs its tasks on Fargate (a valid
// strategy's providers are all Fargate or all Auto Scaling groups).
func fargateStrategy(items []StrategyItemSpec) bool {
	return len(items) > 0 && builtinProvider(items[0].Provider)
}

func builtinProvider(name string) bool {
	return name == models.FargateProviderName || name == models.FargateSpotProviderName
}

// OnFargate reports whether the service's tasks run on Fargate: its launch type, or its
// strategy (its own, or sc's default), is Fargate.
func (s *ServiceSpec) OnFargate(sc *Scenario) bool {
	switch {
	case s.LaunchType != "":
		return s.LaunchType == models.LaunchFargate
	case s.CapacityProviderStrategy != nil:
		return fargateStrategy(s.CapacityProviderStrategy)
	}
	return fargateStrategy(sc.DefaultStrategy)
}

// LoadBalancerSpec is one of a service's load_balancers, its target group by name.
type LoadBalancerSpec struct {
	TargetGroup   string
	ContainerName string
	ContainerPort uint16
}

// TargetGroupSpec is a validated target group.
type TargetGroupSpec struct {
	Name                string
	Type                models.TargetType
	HealthCheck         models.TargetHealthCheck
	DeregistrationDelay time.Duration
}

// ActionSpec is a validated event; Build resolves Service, a service's name, into the run's
// service. Instances, Zone and InstanceGroup choose the instances of a drain, terminate,
// spot_interruption or agent_disconnect (az_outage: Zone only).
type ActionSpec struct {
	At            time.Duration
	Kind          models.ActionKind
	Service       string                 // deploy, scale
	Def           *models.TaskDefinition // deploy
	DesiredCount  int                    // scale
	Instances     []string
	Zone          string
	InstanceGroup string
	Duration      time.Duration // az_outage, agent_disconnect
	Count         int           // spot_interruption: how many to interrupt, 0 for all chosen
}

// WorkloadSpec is a validated standalone workload.
type WorkloadSpec struct {
	Name        string
	Group       string
	Def         *models.TaskDefinition
	Arrival     models.ArrivalSpec
	Duration    models.DistSpec
	Strategy    []models.StrategySpec
	Constraints []models.ConstraintSpec
	// Trace is the trace the workload replays instead of Arrival and Duration, nil for none.
	// It is read-only: runs share it.
	Trace *models.Replay
}
