package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/ecssim/ecssim/experiment"
	"github.com/ecssim/ecssim/internal/cut"
	"github.com/ecssim/ecssim/replay"
	"github.com/ecssim/ecssim/reports"
	"github.com/ecssim/ecssim/scenarios"
)

// replayFlags are what the replay page keeps: replay's flags.
type replayFlags struct {
	first   int
	service string
	out     string
	budget  replay.Budget
}

func (o *replayFlags) register(fs *flag.FlagSet) {
	fs.IntVar(&o.first, "first", 100, "")
	fs.StringVar(&o.service, "service", "", "")
	fs.StringVar(&o.out, "o", "", "")
	fs.IntVar(&o.budget.Events, "keep-events", replay.DefaultBudget.Events, "")
	fs.IntVar(&o.budget.Instances, "keep-instances", replay.DefaultBudget.Instances, "")
}

// cmdReplay is ecssim replay: one run, written as the replay page.
func cmdReplay(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("replay")
	var rf runFlags
	rf.register(fs)
	var o replayFlags
	o.register(fs)
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	tuneGC()
	switch {
	case o.out == "":
		return usageErrorf("replay: -o FILE.html: say where to write the page")
	case o.first < 1:
		return usageErrorf("-first: want at least 1")
	case o.budget.Events < 1 || o.budget.Events > maxKeep || o.budget.Instances < 1 || o.budget.Instances > maxKeep:
		return usageErrorf("-keep-events and -keep-instances: want 1 to %d", maxKeep)
	}
	rec := replay.New(replay.Options{First: o.first, Service: o.service, Budget: o.budget})
	rf.options.Placer, rf.options.KubePlacer = rec.Placer, rec.KubePlacer
	r, err := rf.build(fs.Args(), stderr)
	if err != nil {
		return err
	}
	if err := checkService(r, o.service); err != nil {
		return err
	}
	ctx, stop := interruptOnce()
	defer stop()
	res, err := experiment.Run(ctx, r, experiment.Options{Before: func(*reports.Collector) error {
		rec.Watch(r.Sim)
		return nil
	}})
	switch {
	case errors.Is(err, context.Canceled):
		return errors.New("replay: interrupted; no page written")
	case err != nil:
		return err
	}
	var outs outputs
	defer outs.abandon()
	if err := writeReplay(&outs, o.out, rec, res.Summary); err != nil {
		return err
	}
	if err := outs.commit(); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "replay: wrote %s\n", o.out)
	return nil
}

// maxKeep bounds -keep-events and -keep-instances: a page of a million events would be about
// 120 MB, which a browser opens slowly if at all.
const maxKeep = 1_000_000

// replayFile is the replay page's name in run's -out folder.
const replayFile = "replay.html"

// writeReplay writes the page rec recorded to path, one of outs, headed by the run's summary.
func writeReplay(outs *outputs, path string, rec *replay.Recorder, sum reports.Summary) error {
	w, err := outs.create(path)
	if err != nil {
		return err
	}
	if err := rec.WritePage(w, replayTitle(sum)); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// checkService refuses a -service the scenario does not have.
func checkService(r *scenarios.Run, name string) error {
	if name == "" {
		return nil
	}
	var names []string
	for _, svc := range r.Sim.Services {
		if svc.Name == name {
			return nil
		}
		names = append(names, svc.Name)
	}
	if s := scenarios.Closest(name, names); s != "" {
		return usageErrorf("-service: the scenario has no service %q (did you mean %q?)", cut.String(name), s)
	}
	return usageErrorf("-service: the scenario has no service %q", cut.String(name))
}

// replayTitle heads a run's replay page: its scenario, seed and strategy.
func replayTitle(sum reports.Summary) string {
	return fmt.Sprintf("%s · seed %d · %s", sum.Scenario, sum.Seed, sum.Strategy)
}
