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
	// Trace, when set, replays a trace instead of Arrival and Duration: each row's tasks
	// arrive at its time, with its size, and run for its lifetime. It is read-only.
	Trace *Replay
}

// Workload is one run's stream of standalone tasks started with RunTask semantics: each task
// is placed when it arrives or fails at once (RunTask without capacity providers), runs for a
// drawn duration and stops, freeing its resources.
type Workload struct {
	*WorkloadConfig
	// Placer places the tasks with the configuration's strategy and constraints.
	Placer Placer

	replay    []TraceTask // the rows this run replays, in arrival order
	cursor    int         // the next of them to arrive
	gaps      *Sampler
	durations *Sampler
	sizes     *rand.Rand // job sizes, when they vary
	nextID    taskIDs
	arrive    arrivalEvent
	life      lifecycle
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
