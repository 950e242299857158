package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/ecssim/ecssim/reports"
	"github.com/ecssim/ecssim/scenarios"
	"github.com/ecssim/ecssim/scheduler"
)

// runFlags are the flags run and explain share.
type runFlags struct {
	seed     uint64
	seedSet  bool
	strategy string
}

func (f *runFlags) register(fs *flag.FlagSet) {
	fs.Func("seed", "seed", func(s string) error {
		_, err := fmt.Sscan(s, &f.seed)
		f.seedSet = err == nil
		return err
	})
	fs.StringVar(&f.strategy, "strategy", "", "strategy chain")
}

// build opens the scenario named by the remaining argument (the default example when there is
// none) and builds a run with the flags' overrides.
func (f *runFlags) build(args []string) (*scenarios.Run, error) {
	if len(args) > 1 {
		return nil, usageErrorf("one scenario at a time, got %d", len(args))
	}
	name := "example:" + scenarios.DefaultExample
	if len(args) == 1 {
		name = args[0]
	}
	sc, err := scenarios.Open(name)
	if err != nil {
		return nil, errUsage{err}
	}
	var opt scenarios.Options
	if f.seedSet {
		opt.Seed = &f.seed
	}
	if f.strategy != "" {
		chain, err := scheduler.ParseChain(f.strategy)
		if err != nil {
			return nil, usageErrorf("-strategy: %v", err)
		}
		opt.Strategy = chain
	}
	r, err := scenarios.Build(sc, opt)
	if err != nil {
		return nil, errUsage{err}
	}
	return r, nil
}

func cmdRun(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("run")
	var rf runFlags
	rf.register(fs)
	format := fs.String("format", "text", "")
	tracePath := fs.String("trace", "", "")
	outDir := fs.String("out", "", "")
	sample := fs.Duration("sample", time.Minute, "")
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	if *format != "text" && *format != "json" {
		return usageErrorf("-format: want text or json, got %q", *format)
	}
	if *sample <= 0 {
		return usageErrorf("-sample: want a positive duration")
	}
	r, err := rf.build(fs.Args())
	if err != nil {
		return err
	}
	col := reports.NewCollector(r.Sim)
	r.Sim.AddObserver(col)
	var outs outputs
	defer outs.abandon()
	if *outDir != "" {
		if err := os.MkdirAll(*outDir, 0o755); err != nil {
			return err
		}
		w, err := outs.create(filepath.Join(*outDir, "timeseries.csv"))
		if err != nil {
			return err
		}
		if err := col.SampleEvery(*sample, w); err != nil {
			return err
		}
	}
	var trace *reports.TraceWriter
	summaryTo := stdout
	switch *tracePath {
	case "":
	case "-":
		trace, summaryTo = reports.NewTraceWriter(stdout), stderr
	default:
		w, err := outs.create(*tracePath)
		if err != nil {
			return err
		}
		trace = reports.NewTraceWriter(w)
	}
	if trace != nil {
		r.Sim.AddObserver(trace)
	}

	r.Sim.Run()
	col.Finish()

	if trace != nil {
		if err := trace.Flush(); err != nil {
			return fmt.Errorf("writing the trace: %w", err)
		}
	}
	sum := col.Summary(reports.Meta{Scenario: r.Scenario.Name, Seed: r.Seed, Strategy: r.Strategy, Events: r.Sim.Engine.Fired()})
	if *outDir != "" {
		if err := writeOutDir(&outs, *outDir, sum, col); err != nil {
			return err
		}
	}
	if err := outs.commit(); err != nil {
		return err
	}
	if *format == "json" {
		return sum.WriteJSON(summaryTo)
	}
	return sum.WriteText(summaryTo)
}

// writeOutDir finishes the time series and writes the summaries into dir.
func writeOutDir(outs *outputs, dir string, sum reports.Summary, col *reports.Collector) error {
	if err := col.Flush(); err != nil {
		return fmt.Errorf("writing the time series: %w", err)
	}
	files := []struct {
		name  string
		write func(io.Writer) error
	}{
		{"summary.json", sum.WriteJSON},
		{"summary.txt", sum.WriteText},
	}
	for _, f := range files {
		w, err := outs.create(filepath.Join(dir, f.name))
		if err != nil {
			return err
		}
		if err := f.write(w); err != nil {
			return err
		}
	}
	return nil
}

// outputs writes files under temporary names and renames them into place only when the run
// has succeeded, so an interrupted or failed run never leaves a half-written file behind.
type outputs struct {
	files []*os.File
	final []string
}

func (o *outputs) create(path string) (io.Writer, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return nil, err
	}
	o.files = append(o.files, f)
	o.final = append(o.final, path)
	return f, nil
}

func (o *outputs) commit() error {
	var errs []error
	for i, f := range o.files {
		errs = append(errs, f.Close(), os.Rename(f.Name(), o.final[i]))
	}
	o.files, o.final = nil, nil
	return errors.Join(errs...)
}

// abandon removes the temporary files of outputs not committed.
func (o *outputs) abandon() {
	for _, f := range o.files {
		f.Close()
		os.Remove(f.Name())
	}
}
