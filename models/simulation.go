package models

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/ecssim/ecssim/sim"
)

// Priorities order the events that fall at the same instant: infrastructure changes first,
// then stops that free resources, then arrivals and starts that take them, then health
// transitions. A task that ends at the very moment another arrives therefore makes room for it.
const (
	PriorityInfra  sim.Priority = -20
	PriorityStop   sim.Priority = -10
	PriorityStart  sim.Priority = 0
	PriorityHealth sim.Priority = 10
)

// HealthGrace is when a task with no load balancer and no container health check counts as
// healthy: 40 s after it reaches RUNNING (DG/deployment-type-ecs, ECS-REFERENCE §4.2).
const HealthGrace = 40 * time.Second

// StopReasonExited is the stoppedReason of a task whose essential container exited.
const StopReasonExited = "Essential container in task exited"

// InstanceGroup is a set of identical EC2 instances registered at the start of a run, spread
// round-robin over Zones.
type InstanceGroup struct {
	Name       string
	Type       *InstanceType
	Count      int
	Zones      []string
	Market     Market
	Agent      AgentConfig
	AMIID      string
	Attributes []Attribute
}

// Simulation runs one cluster through virtual time: it registers the fleet, starts the
// services' tasks, starts standalone tasks as their workloads' arrivals come, and ends them.
// Every change is reported to the observers, in order.
type Simulation struct {
	Engine  *sim.Engine
	Cluster *Cluster
	Streams sim.Streams
	Horizon sim.Time

	InstanceGroups []*InstanceGroup
	Services       []*Service
	Workloads      []*Workload
	TargetGroups   []*TargetGroup
	// Actions happen at their times: deploys, scales, draining.
	Actions []Action
	// PlacementRetry is how long a service waits to try again after a task could not be
	// placed (default DefaultPlacementRetry).
	PlacementRetry time.Duration
	// ThrottleDelay is the service throttle's first back-off after a task fails to start; each
	// further failure doubles it, up to MaxThrottleDelay (default DefaultThrottleDelay).
	ThrottleDelay time.Duration

	others       map[string]*Cluster // clusters that instances with another ECS_CLUSTER join
	observers    []Observer
	nextInstance uint64
	started      bool
}

// NewSimulation returns a simulation of cluster c that runs until horizon, drawing its random
// numbers from streams.
func NewSimulation(c *Cluster, streams sim.Streams, horizon sim.Time) *Simulation {
	return &Simulation{
		Engine:  sim.NewEngine(),
		Cluster: c,
		Streams: streams,
		Horizon: horizon,
		others:  map[string]*Cluster{},
	}
}

// AddObserver adds o to the observers told about every event.
func (s *Simulation) AddObserver(o Observer) { s.observers = append(s.observers, o) }

// Start schedules the run's opening events: the fleet registers at time 0, then the services
// place their tasks, then the workloads' first arrivals. It is called by Run, or by callers
// that step the engine themselves.
func (s *Simulation) Start() {
	if s.started {
		return
	}
	s.started = true
	s.Engine.Schedule(0, PriorityInfra, sim.HandlerFunc(s.registerFleet))
	for _, svc := range s.Services {
		s.Engine.Schedule(0, PriorityStart, sim.HandlerFunc(func(now sim.Time) {
			for range svc.DesiredCount {
				s.launch(svc, nil, now)
			}
		}))
	}
	for _, w := range s.Workloads {
		w.bind(s)
		if at, ok := w.firstArrival(s.Horizon); ok {
			s.Engine.Schedule(at, PriorityStart, &w.arrive)
		}
	}
}

// Run runs the simulation to its horizon. Events at exactly the horizon run.
func (s *Simulation) Run() {
	s.Start()
	s.Engine.RunUntil(s.Horizon)
}

func (s *Simulation) source(name string) rand.Source { return s.Streams.Source(name) }

func (s *Simulation) emit(e Event) {
	now := s.Engine.Now()
	for _, o := range s.observers {
		o.Observe(now, e)
	}
}

func (s *Simulation) registerFleet(now sim.Time) {
	for _, g := range s.InstanceGroups {
		for i := range g.Count {
			s.nextInstance++
			c := s.clusterFor(g.Agent.Cluster)
			in := c.Register(InstanceSpec{
				Type:   g.Type,
				Zone:   g.Zones[i%len(g.Zones)],
				Market: g.Market,
				Group:  g.Name,
				Agent:  &g.Agent,
				AMIID:  g.AMIID,
				Custom: g.Attributes,
			}, s.nextInstance, now)
			s.emit(Event{Kind: InstanceRegistered, Instance: in})
		}
	}
}

// clusterFor returns the cluster an agent configured with ECS_CLUSTER=name joins.
func (s *Simulation) clusterFor(name string) *Cluster {
	if name == s.Cluster.Name {
		return s.Cluster
	}
	c := s.others[name]
	if c == nil {
		c = NewCluster(name, s.Cluster.Epoch, s.Cluster.tieBreak, s.Streams.Seed())
		s.others[name] = c
	}
	return c
}

func (s *Simulation) arrive(w *Workload, now sim.Time) {
	n := 1
	if w.Arrival.Kind == ArrivalFixed {
		n = w.Arrival.Count
	}
	for range n {
		s.launch(nil, w, now)
	}
	if at, ok := w.nextArrival(now, s.Horizon); ok {
		s.Engine.Schedule(at, PriorityStart, &w.arrive)
	}
}

// launch creates one task for svc or w and places it. A task that cannot be placed is never
// created, as with RunTask and the service scheduler: the failure is reported instead.
func (s *Simulation) launch(svc *Service, w *Workload, now sim.Time) {
	t := &Task{Service: svc, Workload: w, State: Provisioning, CreatedAt: now}
	placer := s.describe(t)
	in, fail := placer.Place(t)
	if fail != nil {
		s.emit(Event{Kind: PlacementFailed, Task: t, Service: svc, Failure: fail})
		if svc != nil {
			s.emit(Event{Kind: ServiceEvent, Service: svc, Message: unableToPlace(svc, fail)})
		}
		return
	}
	t.ID = s.nextTaskID(svc, w)
	t.next = taskEvent{t: t, sim: s}
	s.Cluster.Place(t, in, now)
	if svc != nil {
		svc.tasks = append(svc.tasks, t)
	}
	s.emit(Event{Kind: TaskPlaced, Task: t, Instance: in})
	s.schedule(t, stepStart, now, PriorityStart)
}

// describe fills in the task's definition and group from its owner and returns its placer.
func (s *Simulation) describe(t *Task) Placer {
	if t.Service != nil {
		t.Def, t.Group = t.Service.Def, t.Service.Group()
		return t.Service.Placer
	}
	t.Def, t.Group = t.Workload.Def, t.Workload.Group
	return t.Workload.Placer
}

func (s *Simulation) nextTaskID(svc *Service, w *Workload) string {
	if svc != nil {
		id := svc.NextTaskID()
		svc.nextID++
		return id
	}
	id := w.NextTaskID()
	w.nextID++
	return id
}

// schedule queues a task's next step, unless it falls after the horizon: the run ends first.
func (s *Simulation) schedule(t *Task, step taskStep, at sim.Time, p sim.Priority) {
	if at > s.Horizon {
		return
	}
	t.next.step = step
	s.Engine.Schedule(at, p, &t.next)
}

// advance carries a task through its next lifecycle step.
func (s *Simulation) advance(t *Task, step taskStep, now sim.Time) {
	switch step {
	case stepStart:
		if t.StartError != nil {
			s.stop(t, now, "CannotStartContainerError: "+t.StartError.Error())
			return
		}
		s.Cluster.MarkRunning(t, now)
		s.emit(Event{Kind: TaskRunning, Task: t, Instance: t.Instance})
		if t.Service != nil {
			s.schedule(t, stepHealthy, now.Add(HealthGrace), PriorityHealth)
		} else {
			s.schedule(t, stepEnd, now.Add(t.Workload.durations.Sample()), PriorityStop)
		}
	case stepHealthy:
		t.Healthy = true
		s.emit(Event{Kind: TaskHealthy, Task: t, Instance: t.Instance})
	case stepEnd:
		s.stop(t, now, StopReasonExited)
	}
}

// stop stops a task: STOPPING, then STOPPED, freeing its resources.
func (s *Simulation) stop(t *Task, now sim.Time, reason string) {
	in := t.Instance
	s.Cluster.BeginStop(t, now, reason)
	s.emit(Event{Kind: TaskStopping, Task: t, Instance: in, Reason: reason})
	s.Cluster.FinishStop(t, now, reason)
	t.Healthy = false
	s.emit(Event{Kind: TaskStopped, Task: t, Instance: in, Reason: t.StopReason})
	if svc := t.Service; svc != nil {
		for i, x := range svc.tasks {
			if x == t {
				svc.tasks = append(svc.tasks[:i], svc.tasks[i+1:]...)
				break
			}
		}
	}
}

// unableToPlace is the service event ECS emits when placement fails (DG/service-event-messages).
func unableToPlace(svc *Service, f *PlacementError) string {
	msg := fmt.Sprintf("service %s was unable to place a task because no container instance met all of its requirements.", svc.Name)
	if f.Closest == nil {
		return msg + " Reason: No Container Instances were found in your cluster."
	}
	return fmt.Sprintf("%s The closest matching container-instance %s %s. For more information, see the Troubleshooting section.",
		msg, f.Closest.ID, f.ClosestReason)
}
