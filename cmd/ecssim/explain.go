package main

import (
	"fmt"
	"io"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/scheduler"
)

func cmdExplain(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("explain")
	var rf runFlags
	rf.register(fs)
	first := fs.Int("first", 5, "")
	task := fs.String("task", "", "")
	deployments := fs.Bool("deployments", false, "")
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	tuneGC()
	if *first < 1 {
		return usageErrorf("-first: want at least 1")
	}
	r, err := rf.build(fs.Args(), stderr)
	if err != nil {
		return err
	}
	if *deployments {
		var log deploymentLog
		log.watch(r.Sim)
		r.Sim.Run()
		log.write(stdout, r.Sim.Horizon)
		return nil
	}
	ex := &explainer{w: stdout, left: *first, task: *task}
	for _, svc := range r.Sim.Services {
		svc.Placer = ex.wrap(svc.Name, "service", svc.NextTaskID, svc.Placer)
	}
	for _, w := range r.Sim.Workloads {
		w.Placer = ex.wrap(w.Name, "workload", w.NextTaskID, w.Placer)
	}
	r.Sim.Run()
	if ex.err != nil {
		return ex.err
	}
	if *task != "" && !ex.found {
		return usageErrorf("no placement created task %s in this run", *task)
	}
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
	n     int
	err   error
}

type explainedPlacer struct {
	*scheduler.Pipeline // PlaceOn and ScaleIn as they are
	ex                  *explainer
	owner, kind         string
	nextID              func() string
	p                   *scheduler.Pipeline
}

func (ex *explainer) wrap(owner, kind string, nextID func() string, p models.Placer) models.Placer {
	pl := p.(*scheduler.Pipeline)
	return &explainedPlacer{Pipeline: pl, ex: ex, owner: owner, kind: kind, nextID: nextID, p: pl}
}

// Place implements models.Placer.
func (e *explainedPlacer) Place(t *models.Task) (*models.Instance, *models.PlacementError) {
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
		ex.found = ex.found || ex.task == id
	}
	return e.p.Place(t)
}
