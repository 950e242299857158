package models

import (
	"math/rand/v2"
	"time"

	"github.com/ecssim/ecssim/sim"
)

// ArrivalKind names an arrival process.
type ArrivalKind string

// Arrival processes.
const (
	// ArrivalPoisson: exponential gaps with rate RatePerSecond.
	ArrivalPoisson ArrivalKind = "poisson"
	// ArrivalFixed: Count tasks at once, at time At.
	ArrivalFixed ArrivalKind = "fixed"
	// ArrivalPeriodic: one task every Every.
	ArrivalPeriodic ArrivalKind = "periodic"
)

// ArrivalSpec describes when a workload's tasks arrive. Start and Stop bound the arrivals of
// the poisson and periodic processes: the first arrives at Start (periodic) or one gap after it
// (poisson), and none arrive after Stop (0 means the end of the run).
//
// The fixed process starts Count tasks at At. Each arrival of the others is one job: Count
// tasks started together, as RunTask's count starts them (a job of more than ECS's 10 tasks per
// call, ECS-REFERENCE §2.6, is several calls at the same instant, which the model does not tell
// apart). With
// MaxCount above Count, each job's size is drawn uniformly from Count to MaxCount. Count 0
// means 1 there.
type ArrivalSpec struct {
	Kind          ArrivalKind
	RatePerSecond float64
	Count         int
	MaxCount      int
	At            time.Duration
	Every         time.Duration
	Start         time.Duration
	Stop          time.Duration
}

// WorkloadConfig is a standalone workload as its scenario configures it: shared by every run
// built from the scenario and never changed by one.
type WorkloadConfig struct {
	Name     string
	Def      *TaskDefinition
	Group    string // RunTask's group; defaults to "family:FAMILY" (DG/task-groups)
	Arrival  ArrivalSpec
	Duration DistSpec
	// Strategy and Constraints are RunTask's placementStrategy and placementConstraints.
	Strategy    []StrategySpec
	Constraints []ConstraintSpec
	// Kube, in an EKS run, is the scheduling part of the workload's pods' spec (a Job's pod
	// template); nil in an ECS run.
	Kube *PodSpec
	// Trace, when set, replays a trace instead of Arrival and Duration: each row's tasks
	// arrive at its time, with its size, and run for its lifetime. It is read-only.
	Trace *Replay
	// LaunchType, CapacityProviderStrategy and Zones are RunTask's launchType,
	// capacityProviderStrategy and the zones of its awsvpc subnets, as for a service
	// (ServiceConfig): LaunchType is EC2 or FARGATE when set or when neither the workload nor
	// the cluster has a strategy, "" for a workload on capacity providers; Zones are where its
	// Fargate tasks run.
	LaunchType               string
	CapacityProviderStrategy []StrategyItemConfig
	Zones                    []string
}

// Workload is one run's stream of standalone tasks started with RunTask semantics: each task
// is placed when it arrives or fails at once on EC2 instances, waits in PROVISIONING for an
// Auto Scaling group provider's capacity, or runs on Fargate; it runs for a drawn duration and
// stops, freeing its resources.
type Workload struct {
	*WorkloadConfig
	// Placer places the tasks with the configuration's strategy and constraints.
	Placer Placer
	// CapacityProviderStrategy is the workload's own strategy resolved, nil when it has none.
	CapacityProviderStrategy []StrategyItem

	replay    []TraceTask // the rows this run replays, in arrival order
	cursor    int         // the next of them to arrive
	gaps      *Sampler
	durations *Sampler
	sizes     *rand.Rand // job sizes, when they vary
	nextID    taskIDs
	arrive    arrivalEvent
	life      lifecycle
	live      map[*CapacityProvider]int // tasks created and not stopping, by provider
	waiting   int                       // tasks created and still PROVISIONING
}

// NewWorkload returns a run's workload of configuration c, placing its tasks with p.
func NewWorkload(c *WorkloadConfig, p Placer) *Workload {
	return &Workload{WorkloadConfig: c, Placer: p}
}

// NextTaskID returns the ID the workload's next placed task gets: "NAME-N".
func (w *Workload) NextTaskID() string { return w.nextID.peek(w.Name) }

// arrivalEvent is a workload's next arrival; it lives inside the Workload so scheduling it
// allocates nothing.
type arrivalEvent struct {
	w   *Workload
	sim *Simulation
}

func (a *arrivalEvent) Handle(now sim.Time) { a.sim.arrive(a.w, now) }

// bind draws the workload's gaps and durations from their own named streams, so one
// workload's draws never shift another's, and strategies compared on one seed see the same
// arrivals and durations.
func (w *Workload) bind(s *Simulation) {
	w.arrive = arrivalEvent{w: w, sim: s}
	w.life.bind(s.source("lifecycle/workload/" + w.Name))
	if w.Trace != nil {
		rng := rand.New(s.source("trace/" + w.Name))
		w.replay = w.Trace.realise(time.Duration(s.Horizon), FleetCapacity(s.InstanceGroups, s.Cluster.Name), rng)
		return
	}
	if w.Arrival.Kind == ArrivalPoisson {
		mean := secondsToDuration(1 / w.Arrival.RatePerSecond)
		w.gaps = NewSampler(DistSpec{Kind: DistExponential, Mean: mean}, s.source("arrivals/"+w.Name))
	}
	w.durations = NewSampler(w.Duration, s.source("durations/"+w.Name))
	if w.Arrival.Kind != ArrivalFixed && w.Arrival.MaxCount > w.Arrival.Count {
		w.sizes = rand.New(s.source("job-sizes/" + w.Name))
	}
}

// jobSize returns how many tasks the next arrival starts: Count at the fixed arrival, else a
// job's size.
func (w *Workload) jobSize() int {
	if w.Arrival.Kind == ArrivalFixed {
		return w.Arrival.Count
	}
	n := max(w.Arrival.Count, 1)
	if w.sizes != nil {
		n += w.sizes.IntN(w.Arrival.MaxCount - n + 1)
	}
	return n
}

// firstArrival returns when the workload's first task arrives, or false if none does.
func (w *Workload) firstArrival(horizon sim.Time) (sim.Time, bool) {
	if w.Trace != nil {
		if len(w.replay) == 0 {
			return 0, false
		}
		at := sim.Time(w.replay[0].At)
		return at, at <= horizon
	}
	var at sim.Time
	switch w.Arrival.Kind {
	case ArrivalFixed:
		at = sim.Time(w.Arrival.At)
	case ArrivalPeriodic:
		at = sim.Time(w.Arrival.Start)
	case ArrivalPoisson:
		at = sim.Time(w.Arrival.Start).Add(w.gaps.Sample())
	}
	return at, at <= w.stop(horizon)
}

// nextArrival returns when the job after one arriving at now arrives, or false if none does.
func (w *Workload) nextArrival(now, horizon sim.Time) (sim.Time, bool) {
	var at sim.Time
	switch w.Arrival.Kind {
	case ArrivalPeriodic:
		at = now.Add(w.Arrival.Every)
	case ArrivalPoisson:
		at = now.Add(w.gaps.Sample())
	default:
		return 0, false
	}
	return at, at <= w.stop(horizon) && at >= now
}

func (w *Workload) stop(horizon sim.Time) sim.Time {
	if w.Arrival.Stop > 0 && sim.Time(w.Arrival.Stop) < horizon {
		return sim.Time(w.Arrival.Stop)
	}
	return horizon
}

// Standalone tasks on capacity providers and Fargate. RunTask launches with its launch type or
// capacity provider strategy, else the cluster's default strategy (API/RunTask
// capacityProviderStrategy; launchStrategy in providers.go), and each task goes:
//   - on an Auto Scaling group provider with managed scaling, to an instance of the group that
//     takes it, else into PROVISIONING, where it counts in the provider's
//     CapacityProviderReservation and waits for capacity within the cluster's PROVISIONING
//     limits (providers.go). Without managed scaling nothing would scale for it, and RunTask
//     fails it at once, as on EC2 ("the transition to provisioning only happens if you have
//     enabled managed scaling for the capacity provider; otherwise, tasks that can't find
//     capacity will fail immediately", the AWS deep-dive blog on cluster auto scaling);
//   - on FARGATE or FARGATE_SPOT (or launch type FARGATE), to a micro-VM of its own within the
//     account's launch rate, as a service's task (fargate.go).
//
// A strategy's base and weights split a workload's tasks as they split a service's
// (pickProvider), counting the workload's tasks not yet stopping: ECS does not say whether
// RunTask counts them per call or across calls, and a workload is one stream of calls with
// one task group, so ecssim counts across them [U].

// launchStandalone launches t, a workload's task not yet created, as RunTask does.
func (s *Simulation) launchStandalone(t *Task, now sim.Time) {
	w := t.Workload
	var p *CapacityProvider
	if strategy := s.launchStrategy(w.LaunchType, w.CapacityProviderStrategy); strategy != nil {
		p = pickProvider(strategy, w.providerCounts)
		t.Provider = p
	}
	placer := w.Placer
	switch {
	case w.LaunchType == LaunchFargate || p != nil && p.Kind.Fargate():
		s.create(t)
		s.placeFargate(t, p, now)
		return
	case p != nil:
		placer = s.providerPlacer(t, p)
	}
	in, fail := placer.Place(t)
	switch {
	case fail == nil:
		s.create(t)
		s.place(t, in, now)
	case p == nil && s.ClusterAutoscaler != nil:
		s.create(t)
		s.pend(t, now)
	case p == nil || !p.ManagedScaling.Enabled:
		s.emit(Event{Kind: PlacementFailed, Task: t, Failure: fail})
	case s.waitingTasks() >= s.ProvisioningLimit:
		s.create(t)
		s.dropProvisioning(t, now, StopReasonProvisioningLimit, false)
	default:
		s.create(t)
		s.wait(t, now)
	}
}

// providerCounts counts w's tasks not stopping on each provider of strategy.
func (w *Workload) providerCounts(strategy []StrategyItem) []int {
	counts := make([]int, len(strategy))
	for i, it := range strategy {
		counts[i] = w.live[it.Provider]
	}
	return counts
}

// created counts a new task of the workload, in PROVISIONING and on its provider.
func (w *Workload) created(t *Task) {
	t.counted = true
	w.waiting++
	if t.Provider != nil {
		if w.live == nil {
			w.live = map[*CapacityProvider]int{}
		}
		w.live[t.Provider]++
	}
}

// moved keeps the workload's counts as its task t moves to state to (Task.setState): out of
// the waiting ones when it leaves PROVISIONING, out of its provider's when it starts to stop.
func (w *Workload) moved(t *Task, to TaskState) {
	if t.State == Provisioning {
		w.waiting--
	}
	if t.Provider != nil && t.State <= Running && to >= Stopping {
		w.live[t.Provider]--
	}
}

// Unplaced returns how many of the workload's tasks wait in PROVISIONING: for an Auto Scaling
// group provider's capacity or a Fargate launch.
func (w *Workload) Unplaced() int { return w.waiting }

// Zones returns the zones of the subnets of t's service or workload, where a Fargate task
// runs.
func (t *Task) Zones() []string {
	if t.Service != nil {
		return t.Service.Zones
	}
	return t.Workload.Zones
}

// LaunchType returns the launch type t's service or workload set ("" on capacity providers).
func (t *Task) LaunchType() string {
	if t.Service != nil {
		return t.Service.LaunchType
	}
	return t.Workload.LaunchType
}
