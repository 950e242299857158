package models

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/ecssim/ecssim/sim"
)

// Priorities order the events that fall at the same instant: infrastructure changes first,
// then stops that free resources, then arrivals and starts that take them, then health
// transitions, then the service scheduler's passes, which see everything that happened at
// that instant. Daemon services pass before replica services: daemon tasks start first
// (DG/ecs_services). A task that ends at the very moment another arrives makes room for it.
const (
	PriorityInfra   sim.Priority = -20
	PriorityStop    sim.Priority = -10
	PriorityStart   sim.Priority = 0
	PriorityHealth  sim.Priority = 10
	PriorityDaemon  sim.Priority = 15
	PriorityService sim.Priority = 20
)

// HealthGrace is when a task with no load balancer and no container health check counts as
// healthy: 40 s after it reaches RUNNING (DG/deployment-type-ecs, ECS-REFERENCE §4.2).
const HealthGrace = 40 * time.Second

// StopReasonExited is the stoppedReason of a task whose essential container exited.
const StopReasonExited = "Essential container in task exited"

// Service scheduler timing that ECS does not document, so ecssim chooses it:
//   - DefaultPlacementRetry: a service whose task could not be placed tries again after 30 s,
//     or sooner when its own tasks stop or an instance registers;
//   - DefaultThrottleDelay: the service throttle (DG/service-throttle-logic) waits 10 s after a
//     task fails to start, doubling with each further failure in a row, up to MaxThrottleDelay.
//     A task that reaches RUNNING or a new deployment resets it.
//
// MaxThrottleDelay is ECS's documented cap on the time between launch attempts of a service
// whose tasks keep failing to start. The Developer Guide's current page "Amazon ECS service
// throttle logic" (DG/service-throttle-logic, as served on docs.aws.amazon.com in 2025-2026)
// says the time "is incrementally increased up to a maximum of 27 minutes", a period "subject
// to change in the future"; its older text (the awsdocs repository's 2023 copy, which
// ECS-REFERENCE §1.9 quotes) said 15 minutes. ecssim follows the current text.
const (
	DefaultPlacementRetry = 30 * time.Second
	DefaultThrottleDelay  = 10 * time.Second
	MaxThrottleDelay      = 27 * time.Minute
)

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
	// Nodes, when set, are the group's instances one by one, as a node list gives them:
	// instance i has Nodes[i]'s type and custom attributes, Count is len(Nodes), and Type is
	// nil.
	Nodes []Node
	// Kube is an EKS node group's labels and taints; nil in an ECS run.
	Kube *KubeNode
}

// Node is one instance of a group read from a node list.
type Node struct {
	Type *InstanceType
	// Attributes are the group's custom attributes and the node's own.
	Attributes []Attribute
}

// node returns the type and custom attributes of the group's i'th instance.
func (g *InstanceGroup) node(i int) Node {
	if g.Nodes != nil {
		return g.Nodes[i]
	}
	return Node{Type: g.Type, Attributes: g.Attributes}
}

// nodeOf returns the type and custom attributes of a new instance like one of type t, which
// the group registered before.
func (g *InstanceGroup) nodeOf(t *InstanceType) Node {
	for _, n := range g.Nodes {
		if n.Type == t {
			return n
		}
	}
	return Node{Type: g.Type, Attributes: g.Attributes}
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
	// CapacityProviders are the cluster's capacity providers; DefaultStrategy is its
	// defaultCapacityProviderStrategy, used by services and workloads with neither a launch
	// type nor a strategy of their own.
	CapacityProviders []*CapacityProvider
	DefaultStrategy   []StrategyItem
	// Actions happen at their times: deploys, scales, draining.
	Actions []Action
	// Settings are the cluster-wide settings: placement retry, service throttle, Fargate,
	// Spot, faults and pricing.
	Settings
	// ProviderPlacers gives each service and workload on ASG capacity providers its placer on
	// each one's instances; the scenarios package builds it.
	ProviderPlacers ProviderPlacers
	// OnPass, if set, hears the report of every pass of a REPLICA service's scheduler: what
	// explains a deployment's progress. It must not change the simulation.
	OnPass func(now sim.Time, svc *Service, r PassReport)
	// ClusterAutoscaler, when set, makes the Auto Scaling group capacity providers an EKS
	// run's node groups, which the Cluster Autoscaler scales (autoscaler.go) in place of ECS's
	// managed scaling, and leaves a pod that fits no node pending for it. nil in ECS runs.
	ClusterAutoscaler *ClusterAutoscaler
	// RecycleTasks lets the run reuse the Task of a standalone task on EC2 for a later task
	// once it is STOPPED (from the next event on), instead of allocating one a task: a long run
	// then works in the memory of the tasks it holds at once, which stays in the processor's
	// caches. Set it only when nothing keeps a *Task past the TaskStopped event that ends it:
	// the observers look at each event and let go of it, and the caller reads no stopped task.
	RecycleTasks bool

	others                           map[string]*Cluster // clusters that instances with another ECS_CLUSTER join
	observers                        []Observer
	nextInstance                     uint64
	nextIP                           int // the last ip target's address
	nextFargate                      uint64
	retryPending                     bool // a retry of the PROVISIONING tasks is queued
	mtbf                             *Sampler
	zoneDown                         map[string]int         // zones in an outage: how many outages
	zoneLost                         map[string][]*Instance // instance-group instances a zone's outage took
	dry                              map[string]int         // capacity pools in a shortage: how many dry spells
	fargateBucket, fargateSpotBucket tokenBucket
	fargateProvisioning              *Sampler
	spotEC2, spotFargate             *Sampler // times to interruption; nil without Spot faults
	launchLatency                    map[*CapacityProvider]*Sampler
	provisioning                     []*Task // tasks waiting in PROVISIONING for ASG capacity
	oldScratch                       []*Task // a pass's tasks to replace
	started                          bool
	spare                            []spareTask // stopped tasks to reuse (RecycleTasks)
	ca                               caState     // the Cluster Autoscaler's (ClusterAutoscaler)
}

// Settings are a run's cluster-wide settings. DefaultSettings is the one place their
// defaults are set: NewSimulation starts from them, and so does a scenario before its file's
// [cluster], [fargate], [pricing] and [faults] tables override them; the simulation uses what
// it is given.
type Settings struct {
	// PlacementRetry is how long a service waits to try again after a task could not be
	// placed (default DefaultPlacementRetry).
	PlacementRetry time.Duration
	// ThrottleDelay is the service throttle's first back-off after a task fails to start; each
	// further failure doubles it, up to MaxThrottleDelay (default DefaultThrottleDelay).
	ThrottleDelay time.Duration
	// ProvisioningLimit and ProvisioningTimeout bound the tasks waiting in PROVISIONING for
	// Auto Scaling group capacity: how many may wait in the cluster, and for how long
	// (defaults DefaultProvisioningLimit and DefaultProvisioningTimeout; providers.go). A
	// timeout of 0 lets tasks wait for ever.
	ProvisioningLimit   int
	ProvisioningTimeout time.Duration
	Fargate             FargateSettings
	Spot                SpotSettings
	Faults              FaultSettings
	Pricing             Pricing
	// Shortages are the capacity shortages the scenario declares (shortage.go); none by
	// default.
	Shortages []CapacityShortage
}

// DefaultSettings returns the settings of a cluster that sets none: ecssim's placement retry
// and throttle delay, DefaultFargateSettings, Spot's two-minute notice with no interruptions,
// no failures and DefaultPricing.
func DefaultSettings() Settings {
	return Settings{
		PlacementRetry:      DefaultPlacementRetry,
		ThrottleDelay:       DefaultThrottleDelay,
		ProvisioningLimit:   DefaultProvisioningLimit,
		ProvisioningTimeout: DefaultProvisioningTimeout,
		Fargate:             DefaultFargateSettings(),
		Spot:                SpotSettings{Notice: SpotNotice},
		Pricing:             DefaultPricing(),
	}
}

// ProviderPlacers holds the placers that services and workloads use on ASG capacity
// providers' instances: their placement strategies and constraints, restricted to one
// provider's instances. The simulation asks only for the ASG providers of a service's or
// workload's strategy (its own or the cluster's default).
type ProviderPlacers interface {
	// PlacerOn returns svc's placer on p's instances, false if it has none.
	PlacerOn(svc *Service, p *CapacityProvider) (Placer, bool)
	// WorkloadPlacerOn returns w's placer on p's instances, false if it has none.
	WorkloadPlacerOn(w *Workload, p *CapacityProvider) (Placer, bool)
}

// NewSimulation returns a simulation of cluster c that runs until horizon, drawing its random
// numbers from streams.
func NewSimulation(c *Cluster, streams sim.Streams, horizon sim.Time) *Simulation {
	return &Simulation{
		Engine:   sim.NewEngine(),
		Cluster:  c,
		Streams:  streams,
		Horizon:  horizon,
		Settings: DefaultSettings(),
		others:   map[string]*Cluster{},
	}
}

// AddObserver adds o to the observers told about every event.
func (s *Simulation) AddObserver(o Observer) { s.observers = append(s.observers, o) }

// Start schedules the run's opening events: the fleet registers at time 0, the services are
// created (each with its first deployment) and pass, the workloads' first arrivals and the
// scheduled actions. It is called by Run, or by callers that step the engine themselves.
func (s *Simulation) Start() {
	if s.started {
		return
	}
	s.started = true
	f := s.Fargate
	s.fargateBucket = tokenBucket{burst: float64(f.LaunchBurst), rate: f.LaunchRate, tokens: float64(f.LaunchBurst)}
	s.fargateSpotBucket = s.fargateBucket
	s.fargateProvisioning = NewSampler(f.Provisioning, s.source("fargate/provisioning"))
	perHour := func(rate float64, stream string) *Sampler {
		if rate <= 0 {
			return nil
		}
		mean := secondsToDuration(3600 / rate)
		return NewSampler(DistSpec{Kind: DistExponential, Mean: mean}, s.source(stream))
	}
	s.spotEC2 = perHour(s.Spot.InstanceInterruptionsPerHour, "spot/ec2")
	s.spotFargate = perHour(s.Spot.TaskInterruptionsPerHour, "spot/fargate")
	if s.Faults.InstanceMTBF > 0 {
		s.mtbf = NewSampler(DistSpec{Kind: DistExponential, Mean: s.Faults.InstanceMTBF}, s.source("faults/instances"))
	}
	s.startShortages()
	s.resolveRebalancing()
	if s.Cluster.mix == nil {
		s.Cluster.SetTaskMix(s.taskMix())
	}
	s.Engine.Schedule(0, PriorityInfra, sim.HandlerFunc(s.registerFleet))
	s.Engine.Schedule(0, PriorityStart, sim.HandlerFunc(func(now sim.Time) {
		for _, svc := range s.Services {
			s.createService(svc, now)
		}
	}))
	for _, w := range s.Workloads {
		w.bind(s)
		if at, ok := w.firstArrival(s.Horizon); ok {
			s.Engine.Schedule(at, PriorityStart, &w.arrive)
		}
	}
	for i := range s.Actions {
		a := &s.Actions[i]
		if at := sim.Time(a.At); at <= s.Horizon {
			s.Engine.Schedule(at, PriorityStart, sim.HandlerFunc(func(now sim.Time) { s.act(a, now) }))
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
			n := g.node(i)
			in := c.Register(InstanceSpec{
				Type:   n.Type,
				Zone:   g.Zones[i%len(g.Zones)],
				Market: g.Market,
				Group:  g.Name,
				Agent:  &g.Agent,
				AMIID:  g.AMIID,
				Custom: n.Attributes,
				Kube:   g.Kube,
			}, s.nextInstance, now)
			s.emit(Event{Kind: InstanceRegistered, Instance: in})
			s.armFaults(in, now)
		}
	}
	s.startProviders(now)
	s.capacityAdded(now)
}

// clusterFor returns the cluster an agent configured with ECS_CLUSTER=name joins.
func (s *Simulation) clusterFor(name string) *Cluster {
	if name == s.Cluster.Name {
		return s.Cluster
	}
	c := s.others[name]
	if c == nil {
		c = NewCluster(name, s.Cluster.Epoch, s.Cluster.tieBreak, s.Streams.Seed())
		c.AWSVPCTrunking = s.Cluster.AWSVPCTrunking // an account setting
		s.others[name] = c
	}
	return c
}

func (s *Simulation) arrive(w *Workload, now sim.Time) {
	if w.Trace != nil {
		s.arriveTrace(w, now)
		return
	}
	for range w.jobSize() {
		s.runTask(w, w.Def, 0, now)
	}
	if at, ok := w.nextArrival(now, s.Horizon); ok {
		s.Engine.Schedule(at, PriorityStart, &w.arrive)
	}
}

// runTask starts one of a workload's tasks as RunTask does (workload.go's launch). A
// trace's task runs for life once RUNNING (RunsToEnd: to the end of the run); others draw
// their duration then.
func (s *Simulation) runTask(w *Workload, def *TaskDefinition, life time.Duration, now sim.Time) {
	t := s.newTask()
	*t = Task{Workload: w, Def: def, Group: w.Group, State: Provisioning, CreatedAt: now, runFor: life}
	s.launchStandalone(t, now)
}

// spareTask is a stopped task kept for reuse, and the engine's count of events fired when it
// stopped.
type spareTask struct {
	t     *Task
	fired uint64
}

// newTask returns a Task to fill in: a stopped one to reuse, or a new one. A task is reused
// only from the event after the one that stopped it, since the callers up the stack of that
// event may still read it.
func (s *Simulation) newTask() *Task {
	if n := len(s.spare); n > 0 && s.spare[n-1].fired < s.Engine.Fired() {
		t := s.spare[n-1].t
		s.spare[n-1].t = nil
		s.spare = s.spare[:n-1]
		return t
	}
	return new(Task)
}

// recycle keeps a STOPPED task for reuse when the run allows it and nothing in the simulation
// holds it any more: a standalone task on an EC2 instance of no capacity provider (a Fargate
// task's micro-VM, and a provider's PROVISIONING timeout, may hold theirs).
func (s *Simulation) recycle(t *Task, in *Instance) {
	if s.RecycleTasks && t.Service == nil && t.Provider == nil && in != nil && !in.Fargate() {
		s.spare = append(s.spare, spareTask{t, s.Engine.Fired()})
	}
}

// create gives a new task its ID and adds it to its service, or to its workload's count of
// tasks on its provider. A task that cannot be placed is never created, as with RunTask and the
// service scheduler on EC2 (callers report the failure instead); a task for a capacity
// provider is created and waits in PROVISIONING.
func (s *Simulation) create(t *Task) {
	if svc := t.Service; svc != nil {
		t.ID = svc.nextID.take(svc.Name)
		svc.tasks = append(svc.tasks, t)
	} else {
		t.ID = t.Workload.nextID.take(t.Workload.Name)
		t.Workload.created(t)
	}
}

// place puts a created task on in and starts it: the agent pulls its image (or finds it cached),
// then starts its containers.
func (s *Simulation) place(t *Task, in *Instance, now sim.Time) {
	life := t.life()
	t.next = taskEvent{t: t, sim: s}
	s.Cluster.Place(t, in, now)
	t.PlacedAt = now
	s.emit(Event{Kind: TaskPlaced, Task: t, Instance: in})
	ready, err := in.pull(t.Def.Image, now)
	t.ImageReadyAt = ready
	if err != nil {
		t.StartError = err
		s.schedule(t, stepStart, ready, PriorityStart)
		return
	}
	at := ready.Add(life.containerStart(t.Def))
	if t.StartError == nil && life.fails(t.Def.Behavior.StartFailureRate) {
		t.StartError = errExited
	}
	s.schedule(t, stepStart, at, PriorityStart)
}

// errExited is the start error of a task whose essential container exits before RUNNING.
//
//lint:ignore ST1005 it is ECS's stoppedReason, word for word
var errExited = errors.New(StopReasonExited)

// schedule queues a task's next step, replacing any step it was waiting for, unless the step
// falls after the horizon: the run ends first.
func (s *Simulation) schedule(t *Task, step taskStep, at sim.Time, p sim.Priority) {
	s.unschedule(t)
	if at > s.Horizon {
		return
	}
	t.next.step = step
	t.next.id = s.Engine.Schedule(at, p, &t.next)
}

func (s *Simulation) unschedule(t *Task) {
	if t.next.id != 0 {
		s.Engine.Cancel(t.next.id)
		t.next.id = 0
	}
}

// advance carries a task through its next lifecycle step.
func (s *Simulation) advance(t *Task, step taskStep, now sim.Time) {
	switch step {
	case stepStart:
		if t.StartError != nil {
			s.startFailed(t, now)
			return
		}
		s.Cluster.MarkRunning(t, now)
		s.emit(Event{Kind: TaskRunning, Task: t, Instance: t.Instance})
		if t.Service != nil {
			t.Service.ctl.markRunning()
			s.running(t, now)
		} else if t.Workload.Trace == nil {
			s.schedule(t, stepEnd, now.Add(t.Workload.durations.Sample()), PriorityStop)
		} else if t.runFor != RunsToEnd {
			s.schedule(t, stepEnd, now.Add(t.runFor), PriorityStop)
		}
	case stepHealthy:
		t.Healthy = true
		s.emit(Event{Kind: TaskHealthy, Task: t, Instance: t.Instance})
		s.wake(t.Service, now)
	case stepUnhealthy:
		s.unhealthy(t, now)
	case stepEnd:
		s.exit(t, now, StopReasonExited)
	case stepStopped:
		s.finishStop(t, now)
	}
}

// startFailed stops a task that could not start: its image pull failed, it got no host port,
// or its essential container exited. It counts against the service's deployment and throttle.
func (s *Simulation) startFailed(t *Task, now sim.Time) {
	reason := t.StartError.Error()
	if t.StartError == ErrNoHostPort {
		reason = "CannotStartContainerError: " + reason
	}
	s.exit(t, now, reason)
	if t.Service != nil {
		s.serviceTaskFailed(t, now, false)
	}
}

// exit stops a task whose containers stopped by themselves: STOPPING and STOPPED at once.
func (s *Simulation) exit(t *Task, now sim.Time, reason string) {
	s.Cluster.BeginStop(t, now, reason)
	s.emit(Event{Kind: TaskStopping, Task: t, Instance: t.Instance, Reason: reason})
	s.finishStop(t, now)
}

// stopTask stops a task the way ECS stops one: it moves to STOPPING, its targets drain for
// their target groups' deregistration delay, then the agent sends SIGTERM and, after the stop
// timeout, SIGKILL (BP/load-balancer-connection-draining; DG/task-lifecycle). The task holds its
// resources until it is STOPPED. A task whose containers never started stops at once.
// scheduled says the service scheduler chose to stop it.
func (s *Simulation) stopTask(t *Task, now sim.Time, reason string, scheduled bool) {
	if t.State == Provisioning {
		s.dropProvisioning(t, now, reason, true)
		return
	}
	if !t.Active() {
		return
	}
	wasRunning := t.State == Running
	s.unschedule(t)
	s.Cluster.BeginStop(t, now, reason)
	s.emit(Event{Kind: TaskStopping, Task: t, Instance: t.Instance, Reason: reason, Scheduled: scheduled})
	if !wasRunning {
		s.finishStop(t, now)
		return
	}
	sigterm := s.drainTargets(t, now)
	timeout := t.Def.StopTimeout(t.Instance.Agent.StopTimeout)
	s.schedule(t, stepStopped, sigterm.Add(t.life().shutdown(t.Def, timeout)), PriorityStop)
}

// finishStop moves a task to STOPPED, freeing its resources, and tells its service.
func (s *Simulation) finishStop(t *Task, now sim.Time) {
	in := t.Instance
	s.unschedule(t)
	s.forgetTargets(t)
	s.Cluster.FinishStop(t, now, t.StopReason)
	t.Healthy = false
	s.emit(Event{Kind: TaskStopped, Task: t, Instance: in, Reason: t.StopReason})
	if svc := t.Service; svc != nil {
		for i, x := range svc.tasks {
			if x == t {
				svc.tasks = append(svc.tasks[:i], svc.tasks[i+1:]...)
				break
			}
		}
		s.wake(svc, now)
	}
	if in.Status == StatusDraining {
		s.wakeDaemons(now) // a daemon task stops once its instance has nothing else
		s.maybeRetire(in, now)
	}
	if in.Provider != nil && len(s.provisioning) > 0 {
		s.retryProvisioning(now) // room freed on a provider's instance
	}
	s.recycle(t, in)
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
