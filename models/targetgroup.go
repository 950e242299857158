package models

import (
	"fmt"
	"time"

	"github.com/ecssim/ecssim/sim"
)

// TargetType is how a target group addresses its targets (ELB API CreateTargetGroup).
type TargetType string

// Target types: bridge and host tasks register as instance targets (instance ID and host
// port); awsvpc tasks as ip targets (the task ENI's address and the container port)
// (DG/load-balancer-types).
const (
	TargetInstance TargetType = "instance"
	TargetIP       TargetType = "ip"
)

// TargetHealthCheck is a target group's health check settings.
type TargetHealthCheck struct {
	Interval           time.Duration
	Timeout            time.Duration
	HealthyThreshold   int
	UnhealthyThreshold int
}

// Target group defaults for an ALB over HTTP (ELB API CreateTargetGroup; BP/load-balancer-healthcheck):
// a check every 30 s, 5 passes to turn healthy (150 s), 2 failures to turn unhealthy, and a
// 300 s deregistration delay.
const (
	DefaultTargetInterval      = 30 * time.Second
	DefaultTargetTimeout       = 5 * time.Second
	DefaultHealthyThreshold    = 5
	DefaultUnhealthyThreshold  = 2
	DefaultDeregistrationDelay = 300 * time.Second
	MaxTargetGroupsPerService  = 5
	MaxDeregistrationDelay     = 3600 * time.Second
	MinTargetHealthThreshold   = 2
	MaxTargetHealthThreshold   = 10
	MinTargetHealthInterval    = 5 * time.Second
	MaxTargetHealthInterval    = 300 * time.Second
)

// DefaultTargetHealthCheck returns the ALB's default health check settings.
func DefaultTargetHealthCheck() TargetHealthCheck {
	return TargetHealthCheck{
		Interval: DefaultTargetInterval, Timeout: DefaultTargetTimeout,
		HealthyThreshold: DefaultHealthyThreshold, UnhealthyThreshold: DefaultUnhealthyThreshold,
	}
}

// TimeToHealthy is how long a new target takes to turn healthy: HealthyThreshold checks in a
// row, one per Interval (30 s × 5 = 150 s at the defaults, BP/load-balancer-healthcheck).
func (h TargetHealthCheck) TimeToHealthy() time.Duration {
	return time.Duration(h.HealthyThreshold) * h.Interval
}

// TimeToUnhealthy is how long a failing target takes to turn unhealthy: UnhealthyThreshold
// failed checks, one per Interval.
func (h TargetHealthCheck) TimeToUnhealthy() time.Duration {
	return time.Duration(h.UnhealthyThreshold) * h.Interval
}

// TargetGroupConfig is a target group as its scenario configures it: shared by every run
// built from the scenario and never changed by one.
type TargetGroupConfig struct {
	Name                string
	Type                TargetType
	HealthCheck         TargetHealthCheck
	DeregistrationDelay time.Duration
}

// TargetGroup is one run's ALB target group, which services register their tasks with.
type TargetGroup struct {
	*TargetGroupConfig

	targets int // registered targets, draining included
}

// NewTargetGroup returns a run's target group of configuration c.
func NewTargetGroup(c *TargetGroupConfig) *TargetGroup { return &TargetGroup{TargetGroupConfig: c} }

// Targets returns how many targets are registered, draining ones included.
func (g *TargetGroup) Targets() int { return g.targets }

// TargetState is a target's health state in its target group (ELB API TargetHealth).
type TargetState uint8

// Target states.
const (
	TargetStateInitial TargetState = iota + 1
	TargetStateHealthy
	TargetStateUnhealthy
	TargetStateDraining
	TargetStateUnused // deregistered
)

var targetStateNames = [...]string{
	TargetStateInitial:   "initial",
	TargetStateHealthy:   "healthy",
	TargetStateUnhealthy: "unhealthy",
	TargetStateDraining:  "draining",
	TargetStateUnused:    "unused",
}

func (s TargetState) String() string {
	if int(s) < len(targetStateNames) && targetStateNames[s] != "" {
		return targetStateNames[s]
	}
	return fmt.Sprintf("TargetState(%d)", uint8(s))
}

// LoadBalancerConfig is one of a service's loadBalancers as configured, its target group by
// name.
type LoadBalancerConfig struct {
	TargetGroup   string
	ContainerName string
	ContainerPort uint16
}

// LoadBalancer attaches a service's tasks to a run's target group: the container and port the
// group sends traffic to (API/LoadBalancer).
type LoadBalancer struct {
	TargetGroup   *TargetGroup
	ContainerName string
	ContainerPort uint16
}

// Target is one task registered with one target group.
type Target struct {
	Group *TargetGroup
	Task  *Task
	// ID is the instance ID for instance targets, the task's address for ip targets; Port the
	// host port (instance) or container port (ip).
	ID    string
	Port  uint16
	State TargetState
	// RegisteredAt is when the task registered; the target's health checks start then.
	RegisteredAt sim.Time

	next targetEvent
}

// String names the target as the ALB console does: "i-0001:32768", "10.0.3.7:8080".
func (t *Target) String() string { return fmt.Sprintf("%s:%d", t.ID, t.Port) }

// targetStep is the next thing that happens to a target by itself.
type targetStep uint8

const (
	targetStepHealthy   targetStep = iota + 1 // initial → healthy
	targetStepUnhealthy                       // initial → unhealthy
	targetStepGone                            // draining → deregistered
)

// targetEvent is a target's next step, embedded so scheduling allocates nothing.
type targetEvent struct {
	target *Target
	sim    *Simulation
	step   targetStep
	id     sim.EventID
}

func (e *targetEvent) Handle(now sim.Time) {
	e.id = 0
	e.sim.advanceTarget(e.target, e.step, now)
}
