package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/ecssim/ecssim/experiment"
	"github.com/ecssim/ecssim/internal/atomicfile"
	"github.com/ecssim/ecssim/reports"
	"github.com/ecssim/ecssim/scenarios"
	"github.com/ecssim/ecssim/scheduler"
)

// runFlags are the flags run and explain share.
type runFlags struct {
	seed     uint64
	seedSet  bool
	strategy string
	sets     setFlag
	options  scenarios.Options // what build adds the flags' overrides to: explain's hook
}

func (f *runFlags) register(fs *flag.FlagSet) {
	seedFlag(fs, &f.seed, &f.seedSet)
	fs.StringVar(&f.strategy, "strategy", "", "strategy chain")
	fs.Var(&f.sets, "set", "")
}

// seedFlag defines -seed on fs: a whole number, and whether it was given.
func seedFlag(fs *flag.FlagSet, seed *uint64, set *bool) {
	fs.Func("seed", "", func(s string) error {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return fmt.Errorf("want a whole number from 0 to %d", uint64(math.MaxUint64))
		}
		*seed, *set = n, true
		return nil
	})
}

// setFlag collects -set KEY=VALUE: scenario values to override (scenarios.OpenWith).
type setFlag []scenarios.Setting

func (f *setFlag) String() string { return "" }

func (f *setFlag) Set(v string) error {
	key, value, ok := strings.Cut(v, "=")
	if key = strings.TrimSpace(key); !ok || key == "" {
		return fmt.Errorf("want KEY=VALUE, such as services.web.desired_count=20")
	}
	*f = append(*f, scenarios.Setting{Key: key, Value: strings.TrimSpace(value)})
	return nil
}

// openScenario opens the scenario name with the settings sets, and tells stderr its warnings.
func openScenario(name string, sets setFlag, stderr io.Writer) (*scenarios.Scenario, error) {
	sc, err := scenarios.OpenWith(name, sets)
	if err != nil {
		return nil, errUsage{err}
	}
	if len(sc.Warnings) > 0 {
		fmt.Fprintln(stderr, sc.Warnings)
	}
	return sc, nil
}

// build opens the scenario named by the remaining argument (the default example when there is
// none), tells stderr its warnings, and builds a run with the flags' overrides.
func (f *runFlags) build(args []string, stderr io.Writer) (*scenarios.Run, error) {
	if len(args) > 1 {
		return nil, usageErrorf("one scenario at a time, got %d", len(args))
	}
	name := "example:" + scenarios.DefaultExample
	if len(args) == 1 {
		name = args[0]
	}
	sc, err := openScenario(name, f.sets, stderr)
	if err != nil {
		return nil, err
	}
	opt := f.options
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

// runOptions are run's own flags.
type runOptions struct {
	format, trace, out string
	sample             time.Duration
	step               bool
	profile            profileFlags
}

func cmdRun(args []string, stdout, stderr io.Writer) (err error) {
	fs := newFlags("run")
	var rf runFlags
	rf.register(fs)
	var o runOptions
	o.register(fs)
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	tuneGC()
	if err := o.check(fs); err != nil {
		return err
	}
	stopProfiles, err := o.profile.start()
	if err != nil {
		return err
	}
	defer keepFirst(&err, stopProfiles)
	r, err := rf.build(fs.Args(), stderr)
	if err != nil {
		return err
	}
	var outs outputs
	defer outs.abandon()
	var opt experiment.Options
	if o.out != "" {
		opt.Record = &reports.RecordOptions{Instances: true}
	}
	var trace *reports.TraceWriter
	summaryTo := stdout
	opt.Before = func(col *reports.Collector) (err error) {
		if err := o.openSeries(&outs, col); err != nil {
			return err
		}
		if trace, summaryTo, err = o.openTrace(&outs, stdout, stderr); err != nil {
			return err
		}
		if trace != nil {
			r.Sim.AddObserver(trace)
		}
		if o.step {
			if ended, err := stepThrough(r, stdin, stdout); err != nil || !ended {
				return cmp.Or(err, errQuit)
			}
		}
		return nil
	}
	res, err := experiment.Run(context.Background(), r, opt)
	if errors.Is(err, errQuit) {
		return nil // quit: nothing is written
	}
	if err != nil {
		return err
	}
	return o.write(&outs, res, trace, summaryTo, stderr)
}

// errQuit is the step view's quit, which ends a run with nothing written.
var errQuit = errors.New("quit")

// register defines run's own flags on fs (runFlags has those explain shares).
func (o *runOptions) register(fs *flag.FlagSet) {
	fs.StringVar(&o.format, "format", "text", "")
	fs.StringVar(&o.trace, "trace", "", "")
	fs.StringVar(&o.out, "out", "", "")
	fs.DurationVar(&o.sample, "sample", time.Minute, "")
	fs.BoolVar(&o.step, "step", false, "")
	o.profile.register(fs)
}

// write writes a finished run's outputs: the rest of the trace and of the time series, the
// -out folder's report (reports.WriteRunReport), then every file renamed into place, then the
// summary, and where the report is.
func (o *runOptions) write(outs *outputs, res experiment.Result, trace *reports.TraceWriter, summaryTo, stderr io.Writer) error {
	if trace != nil {
		if err := trace.Flush(); err != nil {
			return fmt.Errorf("writing the trace: %w", err)
		}
	}
	sum := res.Summary
	if o.out != "" {
		if err := res.Collector.Flush(); err != nil {
			return fmt.Errorf("writing the time series: %w", err)
		}
		if err := reports.WriteRunReport(o.out, sum, res.Recording); err != nil {
			return err
		}
	}
	if err := outs.commit(); err != nil {
		return err
	}
	write := sum.WriteText
	if o.format == "json" {
		write = sum.WriteJSON
	}
	if err := write(summaryTo); err != nil || o.out == "" {
		return err
	}
	reportWritten(stderr, "run", o.out)
	return nil
}

func (o *runOptions) check(fs *flag.FlagSet) error {
	if o.format != "text" && o.format != "json" {
		return usageErrorf("-format: want text or json, got %q", o.format)
	}
	if o.step && (o.format != "text" || o.trace == "-") {
		return usageErrorf("-step shows the run in the terminal: it takes neither -format json nor -trace -")
	}
	sampleSet := false
	fs.Visit(func(f *flag.Flag) { sampleSet = sampleSet || f.Name == "sample" })
	switch {
	case o.sample <= 0:
		return usageErrorf("-sample: want a positive duration")
	case sampleSet && o.out == "":
		return usageErrorf("-sample sets the interval of the time series that -out writes; give -out too")
	}
	return nil
}

// openSeries makes the collector write timeseries.csv into the -out directory.
func (o *runOptions) openSeries(outs *outputs, col *reports.Collector) error {
	if o.out == "" {
		return nil
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return err
	}
	w, err := outs.create(filepath.Join(o.out, "timeseries.csv"))
	if err != nil {
		return err
	}
	return col.SampleEvery(o.sample, w)
}

// openTrace opens the -trace output and says where the summary goes: to stdout, unless the
// trace goes there.
func (o *runOptions) openTrace(outs *outputs, stdout, stderr io.Writer) (*reports.TraceWriter, io.Writer, error) {
	switch o.trace {
	case "":
		return nil, stdout, nil
	case "-":
		return reports.NewTraceWriter(stdout), stderr, nil
	}
	w, err := outs.create(o.trace)
	if err != nil {
		return nil, nil, err
	}
	return reports.NewTraceWriter(w), stdout, nil
}

// outputs are the files a run writes (atomicfile): under temporary names renamed into place
// only when the run has succeeded, so a failed or interrupted run never leaves a half-written
// file behind; a device or a FIFO is written in place, a symlink's target through the link.
type outputs struct {
	files []*atomicfile.File
}

func (o *outputs) create(path string) (io.Writer, error) {
	f, err := atomicfile.Create(path)
	if err != nil {
		return nil, err
	}
	o.files = append(o.files, f)
	return f, nil
}

func (o *outputs) commit() error {
	var errs []error
	for _, f := range o.files {
		errs = append(errs, f.Commit())
	}
	o.files = nil
	return errors.Join(errs...)
}

// abandon removes the temporary files of outputs not committed.
func (o *outputs) abandon() {
	for _, f := range o.files {
		f.Abort()
	}
}
