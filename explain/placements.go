package explain

import (
	"fmt"
	"io"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/scheduler"
	"github.com/ecssim/ecssim/sim"
)

// Placements shows the decisions behind a run's placements: its first few, or every
// placement of one task and then that task's road to RUNNING. Build the run with its Placer as
// scenarios.Options.Placer, then Run it.
type Placements struct {
	w     io.Writer
	left  int
	task  string
	found bool
	tries int // placements shown for the task of -task
	n     int
	err   error
	now   func() sim.Time
	// miss is why the task of -task first found no instance of its capacity provider: why it
	// waited in PROVISIONING.
	miss string
}

// NewPlacements returns what shows, on w, the first placements of a run, or with task every
// placement of the task of that ID and its road to RUNNING.
func NewPlacements(w io.Writer, first int, task string) *Placements {
	return &Placements{w: w, left: first, task: task}
}

// NoTaskError is Run's error when no task of the ID asked about existed in the run: a
// question about the run, not a failure of it.
type NoTaskError struct{ Task string }

func (e NoTaskError) Error() string {
	return fmt.Sprintf("no placement created task %s in this run, and no task of that ID waited for capacity", e.Task)
}

// Run runs s, built with ex's Placer, writing the placements it was asked to show.
func (ex *Placements) Run(s *models.Simulation) error {
	ex.now = s.Engine.Now
	if ex.task == "" {
		s.Run()
		return ex.err
	}
	return ex.runTask(s)
}

// runTask runs s with ex showing the placements of the task of -task, then writes the task's
// road to RUNNING.
func (ex *Placements) runTask(s *models.Simulation) error {
	stdout := ex.w
	road := newWaitLog(ex.task)
	s.AddObserver(road)
	s.Run()
	if ex.err != nil {
		return ex.err
	}
	t := road.find(s)
	if t == nil && ex.found {
		fmt.Fprintf(stdout, "task %s was never created: the %s above found no instance, and ECS creates a task only once one does\n",
			ex.task, plural(ex.tries, "placement"))
		return nil
	}
	if t == nil {
		return NoTaskError{ex.task}
	}
	if !ex.found {
		fmt.Fprintf(stdout, "%s\n\n", noDecision(t))
	}
	road.writeRoad(stdout, s, t, ex.miss)
	return nil
}

// explainedPlacer prints the decision behind each placement its Placements is asked to show,
// then lets the pipeline place as usual: Explain draws from a copy of the pipeline's random
// state, so the run goes exactly as it would without it.
type explainedPlacer struct {
	*scheduler.Pipeline // PlaceOn and ScaleIn as they are
	ex                  *Placements
	owner, kind         string
	// provider is the ASG capacity provider whose instances the placer is restricted to; nil
	// for the service's or workload's own placer.
	provider *models.CapacityProvider
}

// Placer is the hook scenarios.Options.Placer: it wraps each pipeline whose placements ex may
// show. A task on an ASG capacity provider is placed by the provider's own pipeline, perhaps
// long after it was created: for -task, explain shows the placement that put it on an
// instance.
func (ex *Placements) Placer(kind, name string, provider *models.CapacityProvider, p *scheduler.Pipeline) models.Placer {
	if provider != nil && ex.task == "" {
		return p
	}
	return &explainedPlacer{Pipeline: p, ex: ex, owner: name, kind: kind, provider: provider}
}

// nextID returns the ID t gets if it is placed: its service's or workload's next.
func nextID(t *models.Task) string {
	if t.Service != nil {
		return t.Service.NextTaskID()
	}
	return t.Workload.NextTaskID()
}

// Place implements models.Placer.
func (e *explainedPlacer) Place(t *models.Task) (*models.Instance, *models.PlacementError) {
	if e.provider != nil {
		return e.placeOnProvider(t)
	}
	e.ex.show(t, e.kind, e.owner, func() (formatter, bool) {
		d := e.Pipeline.Explain(t)
		return d, d.Winner != nil
	})
	return e.Pipeline.Place(t)
}

// formatter is a placement decision as explain writes it: the ECS pipeline's
// (scheduler.Decision) or the kube-scheduler's (kubesched.Decision).
type formatter interface {
	Format(w io.Writer) error
}

// show writes the decision behind the placement of t by the kind's owner, if ex is asked to
// show it: explain, called only then, returns the decision and whether it placed the task.
// It counts the placement either way.
func (ex *Placements) show(t *models.Task, kind, owner string, explain func() (formatter, bool)) {
	ex.n++
	id := nextID(t) // the ID the task gets if it is placed
	if ex.err != nil || (ex.task != id && (ex.task != "" || ex.left <= 0)) {
		return
	}
	d, placed := explain()
	verdict := "task " + id
	if !placed {
		verdict = "a task (not placed)"
	}
	fmt.Fprintf(ex.w, "placement %d at %v: %s of %s %s\n", ex.n, t.CreatedAt, verdict, kind, owner)
	if err := d.Format(ex.w); err != nil {
		ex.err = err
	}
	fmt.Fprintln(ex.w)
	ex.left--
	if ex.task == id {
		ex.found = true
		ex.tries++
	}
}

// placeOnProvider places a task on its capacity provider's instances: when it is created and
// again while it waits in PROVISIONING. Only the attempt that places the task of -task is
// shown; the first that fails is why it waited.
func (e *explainedPlacer) placeOnProvider(t *models.Task) (*models.Instance, *models.PlacementError) {
	ex := e.ex
	id := t.ID
	if id == "" {
		id = nextID(t) // its first attempt, before the task is created
	}
	if id != ex.task || ex.err != nil {
		return e.Pipeline.Place(t)
	}
	d := e.Pipeline.Explain(t) // before Place: it copies the random state Place then draws from
	in, fail := e.Pipeline.Place(t)
	if fail != nil {
		if ex.miss == "" {
			ex.miss = failureAt{candidates: fail.Candidates, rejected: fail.Rejected}.words()
		}
		return in, fail
	}
	fmt.Fprintf(ex.w, "placement at %v: task %s of %s %s, on capacity provider %s's instances\n", dur(ex.now()), id, e.kind, e.owner, e.provider.Name)
	if err := d.Format(ex.w); err != nil {
		ex.err = err
	}
	fmt.Fprintln(ex.w)
	ex.found = true
	return in, fail
}
