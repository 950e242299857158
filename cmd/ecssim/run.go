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
	"github.com/ecssim/ecssim/internal/cut"
	"github.com/ecssim/ecssim/replay"
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
	limits   limitFlags        // what the scenario's estimate must stay within to be built
}

func (f *runFlags) register(fs *flag.FlagSet) {
	seedFlag(fs, &f.seed, &f.seedSet)
	fs.StringVar(&f.strategy, "strategy", "", "strategy chain")
	fs.Var(&f.sets, "set", "")
	f.limits.register(fs, false)
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
	if err := experiment.EstimateRun(sc).CheckRun(f.limits.Limits); err != nil {
		return nil, err
	}
	opt := f.options
	if f.seedSet {
		opt.Seed = &f.seed
	}
	if f.strategy != "" {
		chain, err := scheduler.ParseChain(f.strategy)
		if err != nil {
			return nil, usageErrorf("-strategy: %s", cut.Quoted(err.Error()))
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
	traceMax           sizeFlag
	sample             time.Duration
	sampleSet          bool
	step               bool
	profile            profileFlags
}

// defaultTraceMax is -trace-max's default: far above a trace any example or bench run writes
// (e2e-1M writes 689 MB; e2e-10M about ten times that), and far below a disk it would fill.
const defaultTraceMax = 10 << 30

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
	rs := runState{summaryTo: stdout}
	if o.out != "" {
		rs.replay = replay.New(replay.Options{})
		rf.options.Placer, rf.options.KubePlacer = rs.replay.Placer, rs.replay.KubePlacer
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
	if err := o.fitSample(r, stderr); err != nil {
		return err
	}
	// An interrupt ends the run between slices (experiment.Run) or at -step's prompt, and the
	// deferred abandon removes the temporary files: nothing half-written is left.
	ctx, stop := interruptOnce()
	defer stop()
	defer rs.outs.abandon()
	var opt experiment.Options
	if o.out != "" {
		opt.Record = &reports.RecordOptions{Instances: true}
	}
	opt.Before = func(col *reports.Collector) error { return o.begin(ctx, &rs, r, col, stdout, stderr) }
	res, err := experiment.Run(ctx, r, opt)
	switch {
	case errors.Is(err, errQuit):
		return nil // quit: nothing is written
	case errors.Is(err, context.Canceled):
		return errors.New("run: interrupted; no output file written")
	case err != nil:
		return err
	}
	return o.write(&rs, res, stderr)
}

// runState is what a run writes to: its files, its trace, its replay page, and where its
// summary goes.
type runState struct {
	outs      outputs
	trace     *reports.TraceWriter
	replay    *replay.Recorder // with -out
	summaryTo io.Writer
}

// begin opens the outputs once the collector watches the run (experiment.Options.Before),
// adds the trace, and steps through the run's start with -step.
func (o *runOptions) begin(ctx context.Context, rs *runState, r *scenarios.Run, col *reports.Collector, stdout, stderr io.Writer) (err error) {
	if rs.replay != nil {
		rs.replay.Watch(r.Sim)
	}
	if err := o.openSeries(&rs.outs, col); err != nil {
		return err
	}
	if rs.trace, rs.summaryTo, err = o.openTrace(&rs.outs, stdout, stderr); err != nil {
		return err
	}
	if rs.trace != nil {
		r.Sim.AddObserver(rs.trace)
	}
	if o.step {
		if ended, err := stepThrough(r, readUntil(ctx, stdin), stdout); err != nil || !ended {
			return cmp.Or(err, errQuit)
		}
	}
	return nil
}

// fitSample holds -sample to reports.MaxSeriesRows rows over the run: an interval given
// that passes it is refused; the default is raised to fit, with a note.
func (o *runOptions) fitSample(r *scenarios.Run, stderr io.Writer) error {
	if o.out == "" {
		return nil
	}
	if least := reports.MinSampleInterval(r.Sim.Horizon); !o.sampleSet && o.sample < least {
		o.sample = least.Round(time.Second) + time.Second // a round interval, and past least
		fmt.Fprintf(stderr, "run: the time series samples every %v: the default, 1m, would pass %d rows over the run's %v\n",
			o.sample, reports.MaxSeriesRows, time.Duration(r.Sim.Horizon))
	}
	if err := reports.CheckSampling(o.sample, r.Sim.Horizon); err != nil {
		return usageErrorf("-sample: %v", err)
	}
	return nil
}

// errQuit is the step view's quit, which ends a run with nothing written.
var errQuit = errors.New("quit")

// register defines run's own flags on fs (runFlags has those explain shares).
func (o *runOptions) register(fs *flag.FlagSet) {
	fs.StringVar(&o.format, "format", "text", "")
	fs.StringVar(&o.trace, "trace", "", "")
	fs.StringVar(&o.out, "out", "", "")
	o.traceMax = defaultTraceMax
	fs.Var(&o.traceMax, "trace-max", "")
	fs.DurationVar(&o.sample, "sample", time.Minute, "")
	fs.BoolVar(&o.step, "step", false, "")
	o.profile.register(fs)
}

// write writes a finished run's outputs: the rest of the trace and of the time series, the
// -out folder's report (reports.WriteRunReport), then every file renamed into place, then the
// summary, and where the report is.
func (o *runOptions) write(rs *runState, res experiment.Result, stderr io.Writer) error {
	if rs.trace != nil {
		if err := rs.trace.Flush(); err != nil {
			return fmt.Errorf("writing the trace: %w", err)
		}
		if event, at, cut := rs.trace.Cut(); cut {
			fmt.Fprintf(stderr, "run: the trace reached -trace-max %v and was cut before event %d, at %s; its last line says so\n",
				o.traceMax, event, reports.Clock(at))
		}
	}
	sum := res.Summary
	if o.out != "" {
		if err := res.Collector.Flush(); err != nil {
			return fmt.Errorf("writing the time series: %w", err)
		}
		if err := writeReplay(&rs.outs, filepath.Join(o.out, replayFile), rs.replay, sum); err != nil {
			return err
		}
		if err := reports.WriteRunReport(o.out, sum, res.Recording, replayFile); err != nil {
			return err
		}
	}
	if err := rs.outs.commit(); err != nil {
		return err
	}
	write := sum.WriteText
	if o.format == "json" {
		write = sum.WriteJSON
	}
	if err := write(rs.summaryTo); err != nil || o.out == "" {
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
	fs.Visit(func(f *flag.Flag) { o.sampleSet = o.sampleSet || f.Name == "sample" })
	switch {
	case o.sample <= 0:
		return usageErrorf("-sample: want a positive duration")
	case o.sampleSet && o.out == "":
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
	}
	to, summaryTo := stdout, stderr
	if o.trace != "-" {
		w, err := outs.create(o.trace)
		if err != nil {
			return nil, nil, err
		}
		to, summaryTo = w, stdout
	}
	tw := reports.NewTraceWriter(to)
	tw.Limit(int64(o.traceMax))
	return tw, summaryTo, nil
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

// readUntil reads r until ctx ends: then Read returns ctx's error at once, even while a read
// of r waits (a terminal waiting for a key), so that an interrupt ends -step's prompt. That
// read's goroutine is left waiting: the command is ending.
func readUntil(ctx context.Context, r io.Reader) io.Reader {
	return &ctxReader{ctx: ctx, r: r, got: make(chan readResult, 1)}
}

type ctxReader struct {
	ctx     context.Context
	r       io.Reader
	got     chan readResult
	waiting bool // a read of r is under way
}

type readResult struct {
	b   []byte
	err error
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if !c.waiting {
		c.waiting = true
		go func(b []byte) {
			n, err := c.r.Read(b)
			c.got <- readResult{b[:n], err}
		}(make([]byte, len(p))) // its own buffer: p is the caller's once Read returns
	}
	select {
	case <-c.ctx.Done():
		return 0, c.ctx.Err()
	case res := <-c.got:
		c.waiting = false
		return copy(p, res.b), res.err
	}
}

// sizeFlag is a size in bytes, as -trace-max takes it: 1000000, 512MiB, 10GiB (KiB, MiB, GiB
// and TiB are powers of 1024); 0 for no limit.
type sizeFlag int64

var sizeUnits = []struct {
	suffix string
	bytes  int64
}{{"TiB", 1 << 40}, {"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"B", 1}}

func (f sizeFlag) String() string {
	for _, u := range sizeUnits {
		if f != 0 && int64(f)%u.bytes == 0 {
			return strconv.FormatInt(int64(f)/u.bytes, 10) + u.suffix
		}
	}
	return "0"
}

func (f *sizeFlag) Set(v string) error {
	unit := int64(1)
	for _, u := range sizeUnits {
		if n, ok := strings.CutSuffix(v, u.suffix); ok {
			v, unit = n, u.bytes
			break
		}
	}
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || n < 0 || n > math.MaxInt64/unit {
		return fmt.Errorf("want a size such as 500MiB or 10GiB (KiB, MiB, GiB, TiB), or 0 for no limit")
	}
	*f = sizeFlag(n * unit)
	return nil
}
