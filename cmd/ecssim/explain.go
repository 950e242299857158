package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/ecssim/ecssim/explain"
	"github.com/ecssim/ecssim/sim"
)

// explainOptions are explain's own flags.
type explainOptions struct {
	first                int
	task                 string
	deployments, pending bool
	at                   time.Duration
	atSet                bool
}

func (o *explainOptions) register(fs *flag.FlagSet) {
	fs.IntVar(&o.first, "first", 5, "")
	fs.StringVar(&o.task, "task", "", "")
	fs.BoolVar(&o.deployments, "deployments", false, "")
	fs.BoolVar(&o.pending, "pending", false, "")
	fs.Func("at", "", func(s string) error {
		d, err := time.ParseDuration(s)
		if err != nil || d < 0 {
			return fmt.Errorf("want a time into the run such as 90s or 1h30m")
		}
		o.at, o.atSet = d, true
		return nil
	})
}

func (o *explainOptions) check() error {
	switch {
	case o.first < 1:
		return usageErrorf("-first: want at least 1")
	case o.atSet && !o.pending:
		return usageErrorf("-at goes with -pending")
	case o.pending && (o.task != "" || o.deployments):
		return usageErrorf("-pending shows every pending task: use it without -task and -deployments")
	}
	return nil
}

// until is the moment -pending looks at: -at, or the end of a run ending at end.
func (o *explainOptions) until(end sim.Time) (sim.Time, error) {
	switch {
	case !o.atSet:
		return end, nil
	case sim.Time(o.at) > end:
		// The run's end as explain writes times, to the millisecond.
		return 0, usageErrorf("-at %v: want a time within the run, which ends at %v", o.at, time.Duration(end).Round(time.Millisecond))
	}
	return sim.Time(o.at), nil
}

// cmdExplain is ecssim explain: its flags, and the run the explain package shows.
func cmdExplain(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("explain")
	var rf runFlags
	rf.register(fs)
	var o explainOptions
	o.register(fs)
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	tuneGC()
	if err := o.check(); err != nil {
		return err
	}
	var ex *explain.Placements
	if !o.pending && !o.deployments {
		ex = explain.NewPlacements(stdout, o.first, o.task)
		rf.options.Placer, rf.options.KubePlacer = ex.Placer, ex.KubePlacer
	}
	r, err := rf.build(fs.Args(), stderr)
	if err != nil {
		return err
	}
	switch {
	case o.pending:
		at, err := o.until(r.Sim.Horizon)
		if err != nil {
			return err
		}
		explain.Pending(r.Sim, at, stdout)
		return nil
	case o.deployments:
		explain.Deployments(r.Sim, stdout)
		return nil
	}
	err = ex.Run(r.Sim)
	if noTask := (explain.NoTaskError{}); errors.As(err, &noTask) {
		return errUsage{err}
	}
	return err
}
