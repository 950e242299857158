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
// service.
type ActionSpec struct {
	At            time.Duration
	Kind          models.ActionKind
	Service       string
	Def           *models.TaskDefinition // deploy
	DesiredCount  int                    // scale
	Instances     []string               // drain
	Zone          string                 // drain
	InstanceGroup string                 // drain
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
}
