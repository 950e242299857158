package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/ecssim/ecssim/experiment"
	"github.com/ecssim/ecssim/reports"
	"github.com/ecssim/ecssim/scenarios"
)

// strategiesFlag collects -strategies: the flag may be repeated; a value with a ";" lists
// strategies separated by ";" (each a preset, a chain of items separated by ",", or a strategy
// file), a value without one lists them separated by ",". They are read after the flags, so
// that a strategy file's problems come out as positioned problems.
type strategiesFlag []string

func (f *strategiesFlag) String() string { return "" }

func (f *strategiesFlag) Set(v string) error {
	sep := ","
	if strings.Contains(v, ";") {
		sep = ";"
	}
	for _, name := range strings.Split(v, sep) {
		if name = strings.TrimSpace(name); name != "" {
			*f = append(*f, name)
		}
	}
	return nil
}

// load reads the strategies named, for cmd: a strategy file's problems come out as positioned
// problems, anything else as a usage error.
func (f strategiesFlag) load(cmd string) ([]scenarios.NamedStrategy, error) {
	strategies, err := scenarios.LoadStrategies(f)
	var ps scenarios.Problems
	switch {
	case errors.As(err, &ps):
		return nil, ps
	case errors.As(err, new(scenarios.DuplicateStrategyError)):
		return nil, usageErrorf("%s: %v", cmd, err)
	case err != nil:
		return nil, usageErrorf("%s: -strategies: %v", cmd, err)
	}
	return strategies, nil
}

// reportOptions are the flags compare, sweep and merge share: how to print the comparison,
// and where to write its report.
type reportOptions struct {
	format, out, metrics string
}

func (o *reportOptions) register(fs *flag.FlagSet) {
	fs.StringVar(&o.format, "format", "text", "")
	fs.StringVar(&o.out, "out", "", "")
	fs.StringVar(&o.metrics, "metrics", reports.MetricsHeadline, "")
}

func (o *reportOptions) check(cmd string) error {
	if !slices.Contains(reports.CompareFormats, o.format) {
		return usageErrorf("%s: -format: want %s, got %q", cmd, strings.Join(reports.CompareFormats, ", "), o.format)
	}
	if err := reports.CheckMetrics(o.metrics); err != nil {
		return usageErrorf("%s: %v", cmd, err)
	}
	return nil
}

// print prints the comparisons in the format; a -metrics list that names no metric of the
// runs is a usage error.
func (o *reportOptions) print(stdout io.Writer, cmd string, cs []*reports.Comparison) error {
	if _, err := reports.SelectMetrics(cs, o.metrics); err != nil && (o.format == "text" || o.format == "markdown") {
		return usageErrorf("%s: %v", cmd, err)
	}
	return reports.WriteComparisons(stdout, cs, o.format, o.metrics)
}

// report writes the comparisons' report into the -out directory, when there is one, and says
// where on stderr with the other notes.
func (o *reportOptions) report(stderr io.Writer, cmd string, cs []*reports.Comparison, recs [][]*reports.Recording) error {
	if o.out == "" {
		return nil
	}
	if err := reports.WriteComparisonReport(o.out, cs, recs); err != nil {
		return err
	}
	reportWritten(stderr, cmd, o.out)
	return nil
}

// reportWritten says where -out put the report, on stderr with the other notes.
func reportWritten(stderr io.Writer, cmd, dir string) {
	fmt.Fprintf(stderr, "%s: wrote %s, with its figures and data beside it\n", cmd, filepath.Join(dir, "report.html"))
}

// poolOptions are the flags compare and sweep share: how many runs at once, whether to draw
// progress, and what to print and write.
type poolOptions struct {
	reportOptions
	workers int
	quiet   bool
	profile profileFlags
	limits  limitFlags
}

func (o *poolOptions) register(fs *flag.FlagSet) {
	o.reportOptions.register(fs)
	fs.IntVar(&o.workers, "workers", runtime.GOMAXPROCS(0), "")
	fs.BoolVar(&o.quiet, "quiet", false, "")
	o.profile.register(fs)
	o.limits.register(fs, true)
}

func (o *poolOptions) check(cmd string) error {
	if o.workers < 1 {
		return usageErrorf("%s: -workers %d: want 1 at least", cmd, o.workers)
	}
	return o.reportOptions.check(cmd)
}

// runGrid runs the runs todo of g on -workers workers, with a progress bar on stderr, until
// they are done or ctx ends.
func (o *poolOptions) runGrid(ctx context.Context, stderr io.Writer, cmd string, g *experiment.Grid, todo []int) error {
	tuneGC()
	bar := newProgress(stderr, len(todo), cmd, o.quiet)
	g.Done = func() { bar.add(1) }
	err := g.Run(ctx, todo)
	bar.done()
	g.Done = nil
	return err
}

// longGrid is how long a comparison may be expected to take before compare says so.
const longGrid = time.Hour

// compareOptions are compare's flags.
type compareOptions struct {
	poolOptions
	strategies strategiesFlag
	seeds      int
	seed       uint64
	seedSet    bool
	compaction bool
	sets       setFlag
	// orchestrators, with -orchestrators, are the columns: the scenario under each.
	orchestrators []string
}

func cmdCompare(args []string, stdout, stderr io.Writer) (err error) {
	fs := newFlags("compare")
	var o compareOptions
	o.registerCompare(fs)
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	if err := o.checkCompare(fs); err != nil {
		return err
	}
	strategies, err := o.strategies.load("compare")
	if err != nil {
		return err
	}
	stopProfiles, err := o.profile.start()
	if err != nil {
		return err
	}
	defer keepFirst(&err, stopProfiles)
	sc, err := openScenario(fs.Arg(0), o.sets, stderr)
	if err != nil {
		return err
	}
	first := sc.Seed
	if o.seedSet {
		first = o.seed
	}
	if len(o.orchestrators) > 0 {
		if strategies, err = o.orchestratorColumns(fs.Arg(0), strategies); err != nil {
			return err
		}
	}
	sw := scenarios.NewSweep(sc, strategies, o.seeds, first)
	est := experiment.EstimateGrid(sw, o.workers)
	if err := est.Check(o.limits.Limits); err != nil {
		return err
	}
	if est.Seconds > longGrid.Seconds() && !o.quiet {
		fmt.Fprintf(stderr, "compare: %d runs, about %s on %d workers (estimated)\n", sw.Len(), est.Took(), o.workers)
	}
	return o.run(stdout, stderr, sw)
}

// registerCompare defines compare's flags on fs.
func (o *compareOptions) registerCompare(fs *flag.FlagSet) {
	fs.Var(&o.strategies, "strategies", "")
	fs.IntVar(&o.seeds, "seeds", 20, "")
	fs.BoolVar(&o.compaction, "compaction", false, "")
	fs.Func("orchestrators", "", func(v string) error {
		for _, name := range strings.Split(v, ",") {
			name = strings.TrimSpace(name)
			if name != scenarios.OrchestratorECS && name != scenarios.OrchestratorEKS || slices.Contains(o.orchestrators, name) {
				return fmt.Errorf("want a list of ecs and eks, such as ecs,eks")
			}
			o.orchestrators = append(o.orchestrators, name)
		}
		return nil
	})
	fs.Var(&o.sets, "set", "")
	seedFlag(fs, &o.seed, &o.seedSet)
	o.register(fs)
}

// checkCompare refuses what compare's flags and arguments cannot do together.
func (o *compareOptions) checkCompare(fs *flag.FlagSet) error {
	switch {
	case fs.NArg() != 1:
		return usageErrorf("compare: name one scenario, got %d", fs.NArg())
	case len(o.strategies) == 0 && len(o.orchestrators) == 0:
		return usageErrorf("compare: give the strategies to compare with -strategies, e.g. -strategies binpack-memory,spread-az-spread-instance, or the orchestrators with -orchestrators ecs,eks")
	case len(o.orchestrators) > 0 && o.compaction:
		return usageErrorf("compare: -compaction sizes an ECS fleet: use it without -orchestrators")
	case o.seeds < 2:
		return usageErrorf("compare: -seeds %d: a confidence interval needs 2 seeds at least", o.seeds)
	}
	return o.check("compare")
}

// run runs the comparison's grid, prints the comparison, and with -out writes its report.
func (o *compareOptions) run(stdout, stderr io.Writer, sw *scenarios.Sweep) (err error) {
	var store *experiment.Store
	if o.out != "" {
		if store, err = experiment.OpenStore(o.out); err != nil {
			return err
		}
	}
	g := experiment.NewGrid(sw, store, o.workers)
	g.Record = o.out != ""
	todo := g.Todo(g.All())
	ctx, stop := interruptOnce()
	defer stop()
	err = o.runGrid(ctx, stderr, "compare", g, todo)
	cs, cerr := g.Comparisons()
	if errors.Is(err, context.Canceled) {
		return o.interrupted(stdout, stderr, sw, g, store, cs)
	}
	if err != nil {
		return err
	}
	if cerr != nil {
		return cerr
	}
	if o.compaction {
		if err := o.addCompaction(ctx, stderr, sw, cs); err != nil {
			return err
		}
	}
	if err := o.print(stdout, "compare", cs); err != nil || o.out == "" {
		return err
	}
	if err := g.RecordMissing(ctx); err != nil {
		if errors.Is(err, context.Canceled) {
			return fmt.Errorf("interrupted while recording the figures: every run is kept in %s; run the same command again for the figures", store.Dir())
		}
		return err
	}
	return o.report(stderr, "compare", cs, g.Recordings())
}

// interrupted says what an interrupt kept, and prints the comparison of the seeds
// every strategy finished, when there are two at least.
func (o *compareOptions) interrupted(stdout, stderr io.Writer, sw *scenarios.Sweep, g *experiment.Grid, store *experiment.Store, cs []*reports.Comparison) error {
	done := g.Finished(nil)
	if o.out != "" {
		fmt.Fprintf(stderr, "compare: interrupted: %d of %d runs finished and kept in %s; run the same command again to do only the rest\n",
			done, sw.Len(), store.Dir())
	} else {
		fmt.Fprintf(stderr, "compare: interrupted: %d of %d runs finished; with -out DIR they are kept, and a rerun does only the rest\n", done, sw.Len())
	}
	if len(cs) > 0 {
		fmt.Fprintf(stderr, "compare: the comparison below covers the %d seeds every strategy finished\n", len(cs[0].Seeds))
		if err := o.print(stdout, "compare", cs); err != nil {
			return err
		}
	}
	return errors.New("interrupted")
}

// addCompaction adds each strategy's compaction on each seed to the comparison (compare has
// one point): the fewest instances of the scenario's group that meet plan's default targets,
// and the lower bound beside it (experiment.Compaction).
func (o *compareOptions) addCompaction(ctx context.Context, stderr io.Writer, sw *scenarios.Sweep, cs []*reports.Comparison) error {
	if len(cs) != 1 {
		return nil
	}
	bar := newProgress(stderr, len(sw.Strategies)*sw.Seeds, "compaction", o.quiet)
	counts, bounds, err := experiment.Compaction(ctx, sw.ScenarioAt(0), sw.Strategies, sw.Seeds, sw.FirstSeed,
		experiment.PlanTargets{Availability: 0.999}, o.workers, func() { bar.add(1) })
	bar.done()
	if err != nil {
		return err
	}
	if err := cs[0].AddMetric(reports.MetricCompaction, counts); err != nil {
		return err
	}
	return cs[0].AddMetric(reports.MetricCompactionBound, bounds)
}

// orchestratorColumns makes compare's columns the scenario named under each orchestrator of
// -orchestrators: under ECS, each strategy of -strategies ("ecs:NAME"), or with none the
// scenario's own ("ecs"); under EKS, the kube-scheduler ("eks"). Every column meets the same
// arrivals, durations and faults on a seed, so the differences pair by seed.
func (o *compareOptions) orchestratorColumns(name string, strategies []scenarios.NamedStrategy) ([]scenarios.NamedStrategy, error) {
	var cols []scenarios.NamedStrategy
	for _, orch := range o.orchestrators {
		sc, err := scenarios.OpenWith(name, append(slices.Clone(o.sets), scenarios.Setting{Key: "orchestrator", Value: orch}))
		if err != nil {
			return nil, errUsage{fmt.Errorf("compare: -orchestrators %s: %w", orch, err)}
		}
		switch {
		case orch == scenarios.OrchestratorEKS:
			cols = append(cols, scenarios.NamedStrategy{Name: orch, Scenario: sc})
		case len(strategies) == 0:
			cols = append(cols, scenarios.NamedStrategy{Name: orch, Scenario: sc})
		default:
			for _, s := range strategies {
				cols = append(cols, scenarios.NamedStrategy{Name: orch + ":" + s.Name, Chain: s.Chain, Scenario: sc})
			}
		}
	}
	return cols, nil
}
