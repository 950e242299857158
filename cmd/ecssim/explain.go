package main

import (
	"fmt"
	"io"
	"time"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/scheduler"
	"github.com/ecssim/ecssim/sim"
)

func cmdExplain(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("explain")
	var rf runFlags
	rf.register(fs)
	first := fs.Int("first", 5, "")
	task := fs.String("task", "", "")
	deployments := fs.Bool("deployments", false, "")
	pending := fs.Bool("pending", false, "")
	at, atSet := time.Duration(0), false
	fs.Func("at", "", func(s string) error {
		d, err := time.ParseDuration(s)
		if err != nil || d < 0 {
			return fmt.Errorf("want a time into the run such as 90s or 1h30m")
		}
		at, atSet = d, true
		return nil
	})
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	tuneGC()
	switch {
	case *first < 1:
		return usageErrorf("-first: want at least 1")
	case atSet && !*pending:
		return usageErrorf("-at goes with -pending")
	case *pending && (*task != "" || *deployments):
		return usageErrorf("-pending shows every pending task: use it without -task and -deployments")
	}
	r, err := rf.build(fs.Args(), stderr)
	if err != nil {
		return err
	}
	if *pending {
		end := r.Sim.Horizon
		if atSet {
			if sim.Time(at) > end {
				return usageErrorf("-at %v: want a time within the run, which ends at %v", at, dur(end))
			}
			end = sim.Time(at)
		}
		explainPending(r.Sim, end, stdout)
		return nil
	}
	if *deployments {
		var log deploymentLog
		log.watch(r.Sim)
		r.Sim.Run()
		log.write(stdout, r.Sim.Horizon)
		return nil
	}
	ex := &explainer{w: stdout, left: *first, task: *task, now: r.Sim.Engine.Now}
	for _, svc := range r.Sim.Services {
		svc.Placer = ex.wrap(svc.Name, "service", svc.NextTaskID, svc.Placer)
	}
	for _, w := range r.Sim.Workloads {
		w.Placer = ex.wrap(w.Name, "workload", w.NextTaskID, w.Placer)
	}
	if *task == "" {
		r.Sim.Run()
		return ex.err
	}
	return explainTask(r.Sim, ex, stdout)
}

// explainTask runs s with ex showing the placements of the task of -task, then writes the
// task's road to RUNNING.
func explainTask(s *models.Simulation, ex *explainer, stdout io.Writer) error {
	// A task on an ASG capacity provider is placed by the provider's own placer, perhaps long
	// after it was created: explain shows the placement that put it on an instance.
	if placers := s.ProviderPlacers; placers != nil {
		s.ProviderPlacers = models.ProviderPlacersFunc(func(svc *models.Service, p *models.CapacityProvider) (models.Placer, bool) {
			pl, ok := placers.PlacerOn(svc, p)
			if !ok {
				return nil, false
			}
			xp := ex.wrap(svc.Name, "service", svc.NextTaskID, pl).(*explainedPlacer)
			xp.provider = p
			return xp, true
		})
	}
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
		return usageErrorf("no placement created task %s in this run, and no task of that ID waited for capacity", ex.task)
	}
	if !ex.found {
		fmt.Fprintf(stdout, "%s\n\n", noDecision(t))
	}
	road.writeRoad(stdout, s, t, ex.miss)
	return nil
}

// explainer prints the decision behind each placement it is asked to show, then lets the
// pipeline place as usual: Explain draws from a copy of the pipeline's random state, so the
// run goes exactly as it would without it.
type explainer struct {
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

type explainedPlacer struct {
	*scheduler.Pipeline // PlaceOn and ScaleIn as they are
	ex                  *explainer
	owner, kind         string
	nextID              func() string
	p                   *scheduler.Pipeline
	// provider is the ASG capacity provider whose instances the placer is restricted to; nil
	// for the service's or workload's own placer.
	provider *models.CapacityProvider
}

func (ex *explainer) wrap(owner, kind string, nextID func() string, p models.Placer) models.Placer {
	pl := p.(*scheduler.Pipeline)
	return &explainedPlacer{Pipeline: pl, ex: ex, owner: owner, kind: kind, nextID: nextID, p: pl}
}

// Place implements models.Placer.
func (e *explainedPlacer) Place(t *models.Task) (*models.Instance, *models.PlacementError) {
	if e.provider != nil {
		return e.placeOnProvider(t)
	}
	ex := e.ex
	ex.n++
	id := e.nextID() // the ID the task gets if it is placed
	show := ex.err == nil && (ex.task == id || (ex.task == "" && ex.left > 0))
	if show {
		d := e.p.Explain(t)
		verdict := "task " + id
		if d.Winner == nil {
			verdict = "a task (not placed)"
		}
		fmt.Fprintf(ex.w, "placement %d at %v: %s of %s %s\n", ex.n, t.CreatedAt, verdict, e.kind, e.owner)
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
	return e.p.Place(t)
}

// placeOnProvider places a task on its capacity provider's instances: when it is created and
// again while it waits in PROVISIONING. Only the attempt that places the task of -task is
// shown; the first that fails is why it waited.
func (e *explainedPlacer) placeOnProvider(t *models.Task) (*models.Instance, *models.PlacementError) {
	ex := e.ex
	id := t.ID
	if id == "" {
		id = e.nextID() // its first attempt, before the task is created
	}
	if id != ex.task || ex.err != nil {
		return e.p.Place(t)
	}
	d := e.p.Explain(t) // before Place: it copies the random state Place then draws from
	in, fail := e.p.Place(t)
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
