package models

import (
	"fmt"
	"time"

	"github.com/ecssim/ecssim/sim"
)

// LaunchEC2 is the EC2 launch type.
const LaunchEC2 = "EC2"

// SchedulingStrategy is a service's schedulingStrategy.
type SchedulingStrategy string

// Scheduling strategies (DG/ecs_services): REPLICA keeps DesiredCount tasks; DAEMON keeps one
// task on every ACTIVE instance that meets the service's constraints.
const (
	Replica SchedulingStrategy = "REPLICA"
	Daemon  SchedulingStrategy = "DAEMON"
)

// CircuitBreaker is deploymentConfiguration.deploymentCircuitBreaker.
type CircuitBreaker struct {
	Enable   bool
	Rollback bool
	// ThresholdType and ThresholdValue are the newer API's ThresholdConfiguration:
	// BOUNDED_PERCENT (the default, with 50), COUNT or UNBOUNDED_PERCENT. See BreakerThreshold.
	ThresholdType  ThresholdType
	ThresholdValue int
}

// ThresholdType is ThresholdConfiguration.type (API/ThresholdConfiguration).
type ThresholdType string

// Threshold types. "" means BOUNDED_PERCENT with 50.
const (
	ThresholdBoundedPercent   ThresholdType = "BOUNDED_PERCENT"
	ThresholdCount            ThresholdType = "COUNT"
	ThresholdUnboundedPercent ThresholdType = "UNBOUNDED_PERCENT"
)

// ServiceConfig is a service as its scenario configures it (API/CreateService). A run never
// changes it, so every run built from one scenario shares it: what a deploy or scale changes
// lives on the Service.
type ServiceConfig struct {
	Name       string
	Scheduling SchedulingStrategy
	// Def and DesiredCount are the task definition and count the service starts with.
	Def          *TaskDefinition
	DesiredCount int
	// Strategy and Constraints are placementStrategy and placementConstraints.
	Strategy    []StrategySpec
	Constraints []ConstraintSpec
	// MinimumHealthyPercent and MaximumPercent are the deployment configuration (defaults
	// 100 and 200 for REPLICA, 0 and 100 for DAEMON; DG/service_definition_parameters).
	MinimumHealthyPercent int
	MaximumPercent        int
	// RollingUpdate, in an EKS run, bounds the service's deployments as a Deployment's
	// maxSurge and maxUnavailable instead; nil in an ECS run.
	RollingUpdate *RollingUpdate
	// Kube, in an EKS run, is the scheduling part of the service's pod template (the
	// Deployment's or DaemonSet's), whatever the revision it runs; nil in an ECS run.
	Kube *PodSpec
	// MinReady, in an EKS run, is a Deployment's minReadySeconds: how long after it is ready
	// (RUNNING, or passing its health checks) a pod counts as available (healthy).
	MinReady       time.Duration
	CircuitBreaker CircuitBreaker
	// HealthCheckGracePeriod is healthCheckGracePeriodSeconds: how long after a task starts
	// the scheduler ignores failed health checks (API/CreateService).
	HealthCheckGracePeriod time.Duration
	// LoadBalancers name their target groups; the Service holds them resolved.
	LoadBalancers []LoadBalancerConfig
	// LaunchType is EC2 or FARGATE for a service that runs on a launch type: the one it sets,
	// or EC2 when neither it nor the cluster has a capacity provider strategy. It is "" for a
	// service on capacity providers: CapacityProviderStrategy, its own, or when that is nil
	// the cluster's default.
	LaunchType string
	// CapacityProviderStrategy names its providers; the Service holds it resolved.
	CapacityProviderStrategy []StrategyItemConfig
	// Zones are the zones of the service's subnets, where its Fargate tasks run
	// (awsvpcConfiguration); by default (which the scenarios package sets) the cluster's EC2
	// zones, or the region's a, b and c without any; nil for a service on EC2, whose
	// instances' zones decide.
	Zones []string
	// AZRebalancing is availabilityZoneRebalancing as configured: when the first placement
	// strategy spreads over zones (or the service runs on Fargate, which spreads over its
	// zones) and the service's tasks become uneven across them, ECS starts
	// tasks in the emptiest zone and stops tasks in the fullest (DG/service-rebalancing). ""
	// when the configuration gives none: CreateService's default then applies, ENABLED for a
	// service ECS can rebalance (Service.Rebalancing, rebalance.go).
	AZRebalancing Rebalancing
}

// Rebalancing is an availabilityZoneRebalancing setting (API/CreateService).
type Rebalancing string

// Rebalancing settings.
const (
	RebalancingEnabled  Rebalancing = "ENABLED"
	RebalancingDisabled Rebalancing = "DISABLED"
)

// Service is one run's ECS service. The service scheduler (controller.go) keeps it at its
// desired count, replaces tasks that stop, rolls out new task definitions and scales in and
// out.
//
// Its configuration is shared with other runs and never changed; the four fields that the
// Service declares again shadow the configuration's of the same name with this run's values:
// Def and DesiredCount start as configured and change with deploys and scales, LoadBalancers
// and CapacityProviderStrategy are the configured ones resolved to this run's target groups
// and capacity providers. svc.ServiceConfig.Def is the configured definition, svc.Def the
// current one.
type Service struct {
	*ServiceConfig
	// Def is the task definition the service runs now: its primary deployment's.
	Def           *TaskDefinition
	DesiredCount  int
	LoadBalancers []LoadBalancer
	// CapacityProviderStrategy is the service's own strategy, nil when it has none.
	CapacityProviderStrategy []StrategyItem
	// Placer places the service's tasks with the service's placementStrategy and
	// placementConstraints, and picks the tasks to stop on scale-in; the scenarios package
	// builds it.
	Placer Placer

	tasks       []*Task // tasks not yet STOPPED, in launch order
	nextID      taskIDs
	deployments []*Deployment
	ctl         serviceControl
	// rebalancing is the availabilityZoneRebalancing in force in this run (Rebalancing).
	rebalancing Rebalancing
}

// NewService returns a run's service of configuration c, placing its tasks with p. The caller
// adds its resolved load balancers and capacity provider strategy.
func NewService(c *ServiceConfig, p Placer) *Service {
	return &Service{ServiceConfig: c, Def: c.Def, DesiredCount: c.DesiredCount, Placer: p}
}

// NextTaskID returns the ID the service's next placed task gets: "NAME-N".
func (s *Service) NextTaskID() string { return s.nextID.peek(s.Name) }

// Group returns the service's task group, "service:NAME" (DG/task-groups).
func (s *Service) Group() string { return "service:" + s.Name }

// Tasks returns the service's tasks that have not stopped, in launch order. Callers must not
// modify the slice.
func (s *Service) Tasks() []*Task { return s.tasks }

// Unplaced returns the tasks the service wants and has not placed: those waiting in
// PROVISIONING for a capacity provider's instances or a Fargate launch, and those its latest
// scheduler pass found no EC2 instance for. ECS creates no task for the latter: the service
// keeps trying, and a placement failure counts each try (DG/service-event-messages: "unable
// to place a task").
func (s *Service) Unplaced() int {
	n := s.ctl.unplaced
	for _, t := range s.tasks {
		if t.State == Provisioning {
			n++
		}
	}
	return n
}

// Deployments returns the service's deployments in the order they started, the first being the
// one that created the service. Callers must not modify the slice.
func (s *Service) Deployments() []*Deployment { return s.deployments }

// Primary returns the newest deployment, nil before the service starts.
func (s *Service) Primary() *Deployment {
	if len(s.deployments) == 0 {
		return nil
	}
	return s.deployments[len(s.deployments)-1]
}

// MinHealthy is the deployment floor: ceil(desired × minimumHealthyPercent / 100)
// (DG/deployment-type-ecs); under a Kubernetes rolling update, desired less maxUnavailable
// (RollingUpdate.Fenceposts).
func (s *Service) MinHealthy() int {
	if u := s.RollingUpdate; u != nil {
		_, unavailable := u.Fenceposts(s.DesiredCount)
		return max(s.DesiredCount-unavailable, 0)
	}
	return (s.DesiredCount*s.MinimumHealthyPercent + 99) / 100
}

// MaxTasks is the deployment ceiling: floor(desired × maximumPercent / 100) tasks PENDING,
// RUNNING or STOPPING over all deployments (DG/deployment-type-ecs); under a Kubernetes
// rolling update, desired plus maxSurge.
func (s *Service) MaxTasks() int {
	if u := s.RollingUpdate; u != nil {
		surge, _ := u.Fenceposts(s.DesiredCount)
		return s.DesiredCount + surge
	}
	return s.DesiredCount * s.MaximumPercent / 100
}

// holdingTasks counts the service's tasks on an instance, PENDING, RUNNING or STOPPING (or
// not STOPPING: stoppingCounts): what the ceiling bounds once a task leaves PROVISIONING
// (ECS-REFERENCE §4.2).
func (s *Service) holdingTasks() int {
	n := 0
	for _, t := range s.tasks {
		if t.State == Pending || t.State == Running || (t.State == Stopping && s.stoppingCounts()) {
			n++
		}
	}
	return n
}

// stoppingCounts reports whether a STOPPING task counts toward the ceiling: in ECS it does;
// under a Kubernetes rolling update it does not, as the Deployment controller sums its
// ReplicaSets' replicas (deployment util GetReplicaCountForReplicaSets), which a terminating
// pod has left.
func (s *Service) stoppingCounts() bool { return s.RollingUpdate == nil }

// BreakerThreshold is how many failed tasks trip the deployment circuit breaker
// (API/ServiceDeploymentCircuitBreaker, API/ThresholdConfiguration):
//   - BOUNDED_PERCENT p (the default, p = 50): ceil(desired × p / 100) clamped to [3, 200]
//     (the 2023 DG's minimum was 10, ECS-REFERENCE §4.3);
//   - COUNT n: n;
//   - UNBOUNDED_PERCENT p: ceil(desired × p / 100), at least 1.
func (s *Service) BreakerThreshold() int {
	cb := s.CircuitBreaker
	pct := func(p int) int { return (s.DesiredCount*p + 99) / 100 }
	switch cb.ThresholdType {
	case ThresholdCount:
		return max(cb.ThresholdValue, 1)
	case ThresholdUnboundedPercent:
		return max(pct(cb.ThresholdValue), 1)
	case ThresholdBoundedPercent:
		return min(max(pct(cb.ThresholdValue), 3), 200)
	}
	return min(max(pct(50), 3), 200)
}

// RolloutState is a deployment's rolloutState (API/Deployment).
type RolloutState uint8

// Rollout states.
const (
	RolloutInProgress RolloutState = iota + 1
	RolloutCompleted
	RolloutFailed
)

func (r RolloutState) String() string {
	switch r {
	case RolloutInProgress:
		return "IN_PROGRESS"
	case RolloutCompleted:
		return "COMPLETED"
	case RolloutFailed:
		return "FAILED"
	}
	return fmt.Sprintf("RolloutState(%d)", uint8(r))
}

// Deployment is one rollout of a task definition to a service: the first creates the service,
// each deploy event or circuit-breaker rollback adds one.
type Deployment struct {
	ID      string // "ecs-svc/NAME-N"
	Service *Service
	Def     *TaskDefinition
	// Rollback marks a deployment the circuit breaker started to return to the last completed
	// one.
	Rollback bool
	State    RolloutState
	// Reason is rolloutStateReason.
	Reason     string
	StartedAt  sim.Time
	FinishedAt sim.Time // when it COMPLETED or FAILED
	// Failures counts the deployment's tasks that failed to start or failed health checks:
	// what the circuit breaker counts.
	Failures int
}

// Duration is how long the deployment took to complete or fail, or 0 while in progress.
func (d *Deployment) Duration() time.Duration {
	if d.State == RolloutInProgress {
		return 0
	}
	return d.FinishedAt.Sub(d.StartedAt)
}

// ActionKind names a scheduled action.
type ActionKind string

// Scheduled actions (SPEC §3 [[events]]).
const (
	ActionDeploy    ActionKind = "deploy"
	ActionScale     ActionKind = "scale"
	ActionDrain     ActionKind = "drain"
	ActionTerminate ActionKind = "terminate"
	// ActionAZOutage fails every instance in Zone for Duration: they terminate unplanned,
	// nothing launches there meanwhile, and when the zone returns the instance groups' lost
	// instances register again (capacity providers replace theirs in other zones at once).
	ActionAZOutage ActionKind = "az_outage"
	// ActionSpotInterruption sends Count Spot interruption notices at once (a Spot storm) to
	// Spot instances chosen by Instances, Zone or InstanceGroup (all Spot instances if none).
	ActionSpotInterruption ActionKind = "spot_interruption"
	// ActionAgentDisconnect disconnects the agents of the chosen instances for Duration: the
	// instances keep running their tasks but receive no new ones (agentConnected = false).
	ActionAgentDisconnect ActionKind = "agent_disconnect"
)

// ActionConfig is a scheduled action as its scenario configures it ([[events]]): shared by
// every run built from the scenario, never changed by one.
type ActionConfig struct {
	At   time.Duration
	Kind ActionKind
	// ServiceName names the deploy's or scale's service; the Action holds it resolved.
	ServiceName string
	// Def is the deploy's task definition.
	Def *TaskDefinition
	// DesiredCount is the scale's new desired count.
	DesiredCount int
	// Instances are the drain's instances, by ID ("i-0003"); Zone and InstanceGroup, if set,
	// add every instance in that zone or instance group.
	Instances     []string
	Zone          string
	InstanceGroup string
	// Duration is how long an az_outage or agent_disconnect lasts.
	Duration time.Duration
	// Count is how many Spot instances a spot_interruption interrupts (0: all chosen).
	Count int
}

// Action is something that happens at a set time in one run: a deploy (UpdateService with a
// new task definition), a scale (UpdateService with a new desired count) or an operator
// draining instances (UpdateContainerInstancesState to DRAINING), and the faults of
// ActionKind. Service is the run's service that ServiceName names.
type Action struct {
	*ActionConfig
	Service *Service
}

// Rebalancing returns the availabilityZoneRebalancing in force in this run: the configured
// one, or, when the configuration gives none, CreateService's default for the service as it
// runs, which Simulation.Start resolves (defaultRebalancing); DISABLED before the run starts.
func (s *Service) Rebalancing() Rebalancing {
	if s.rebalancing == "" {
		return RebalancingDisabled
	}
	return s.rebalancing
}

// rebalances reports whether ECS rebalances the service's tasks over zones in this run.
func (s *Service) rebalances() bool { return s.rebalancing == RebalancingEnabled }
