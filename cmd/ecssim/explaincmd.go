package main

import (
	"fmt"
	"io"
	"time"

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
