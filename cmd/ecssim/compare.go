package main

import (
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/reports"
	"github.com/ecssim/ecssim/scenarios"
	"github.com/ecssim/ecssim/scheduler"
)

// compareStrategy is one strategy of a comparison: its name as given and its chain.
type compareStrategy struct {
	name  string
	chain []models.StrategySpec
}

// strategiesFlag collects -strategies: the flag may be repeated; a value with a ";" lists
// strategies separated by ";" (each a preset or a chain of items separated by ","), a value
// without one lists them separated by ",".
type strategiesFlag []compareStrategy

func (f *strategiesFlag) String() string { return "" }

func (f *strategiesFlag) Set(v string) error {
	sep := ","
	if strings.Contains(v, ";") {
		sep = ";"
	}
	for _, name := range strings.Split(v, sep) {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		chain, err := scheduler.ParseChain(name)
		if err != nil {
			return err
		}
		*f = append(*f, compareStrategy{name, chain})
	}
	return nil
}

// compareOptions are compare's flags.
type compareOptions struct {
	strategies strategiesFlag
	seeds      int
	seed       uint64
	seedSet    bool
	format     string
	workers    int
}

func cmdCompare(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("compare")
	var o compareOptions
	fs.Var(&o.strategies, "strategies", "")
	fs.IntVar(&o.seeds, "seeds", 20, "")
	fs.Func("seed", "", func(s string) error {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return fmt.Errorf("want a whole number from 0 to %d", uint64(math.MaxUint64))
		}
		o.seed, o.seedSet = n, true
		return nil
	})
	fs.StringVar(&o.format, "format", "text", "")
	fs.IntVar(&o.workers, "workers", runtime.GOMAXPROCS(0), "")
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	switch {
	case fs.NArg() != 1:
		return usageErrorf("compare: name one scenario, got %d", fs.NArg())
	case len(o.strategies) == 0:
		return usageErrorf("compare: give the strategies to compare with -strategies, e.g. -strategies binpack-memory,spread-az-spread-instance")
	case o.seeds < 2:
		return usageErrorf("compare: -seeds %d: a confidence interval needs 2 seeds at least", o.seeds)
	case o.workers < 1:
		return usageErrorf("compare: -workers %d: want 1 at least", o.workers)
	case !slices.Contains(reports.CompareFormats, o.format):
		return usageErrorf("compare: -format: want %s, got %q", strings.Join(reports.CompareFormats, ", "), o.format)
	}
	for i, s := range o.strategies {
		for _, t := range o.strategies[:i] {
			if t.name == s.name {
				return usageErrorf("compare: strategy %s given twice", s.name)
			}
		}
	}
	sc, err := scenarios.Open(fs.Arg(0))
	if err != nil {
		return errUsage{err}
	}
	if len(sc.Warnings) > 0 {
		fmt.Fprintln(stderr, sc.Warnings)
	}
	first := sc.Seed
	if o.seedSet {
		first = o.seed
	}
	seeds := make([]uint64, o.seeds)
	for k := range seeds {
		seeds[k] = first + uint64(k)
	}
	c, err := compareRuns(sc, o.strategies, seeds, o.workers)
	if err != nil {
		return err
	}
	return c.Write(stdout, o.format)
}

// compareRuns runs every strategy on every seed, on a pool of workers, and compares them.
// Every run builds the scenario afresh (Build shares nothing mutable between runs), so a
// given seed gives every strategy the same arrivals, durations and faults: each is drawn
// from its own named random stream. Results land in a slice indexed by (strategy, seed), so
// the comparison is the same whatever the number of workers.
func compareRuns(sc *scenarios.Scenario, strategies []compareStrategy, seeds []uint64, workers int) (*reports.Comparison, error) {
	runs := make([][]reports.Summary, len(strategies))
	errs := make([][]error, len(strategies))
	for s := range runs {
		runs[s] = make([]reports.Summary, len(seeds))
		errs[s] = make([]error, len(seeds))
	}
	jobs := make(chan [2]int)
	var wg sync.WaitGroup
	for range min(workers, len(strategies)*len(seeds)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				s, k := j[0], j[1]
				runs[s][k], errs[s][k] = compareOne(sc, strategies[s].chain, seeds[k])
			}
		}()
	}
	for s := range strategies {
		for k := range seeds {
			jobs <- [2]int{s, k}
		}
	}
	close(jobs)
	wg.Wait()
	names := make([]string, len(strategies))
	for s, st := range strategies {
		names[s] = st.name
		for k, err := range errs[s] {
			if err != nil {
				return nil, fmt.Errorf("strategy %s, seed %d: %w", st.name, seeds[k], err)
			}
		}
	}
	c, err := reports.Compare(sc.Name, names, seeds, runs)
	if err != nil {
		return nil, err
	}
	return c, nil
}

// compareOne builds and runs the scenario once; a build error is bad input (exit status 2),
// a panic in the run a failed run (1).
func compareOne(sc *scenarios.Scenario, chain []models.StrategySpec, seed uint64) (sum reports.Summary, err error) {
	r, err := scenarios.Build(sc, scenarios.Options{Seed: &seed, Strategy: chain})
	if err != nil {
		return sum, errUsage{err}
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("the run failed: %v", p)
		}
	}()
	col := reports.NewCollector(r.Sim)
	r.Sim.AddObserver(col)
	r.Sim.Run()
	col.Finish()
	return col.Summary(reports.Meta{Scenario: r.Scenario.Name, Seed: r.Seed, Strategy: r.Strategy, Events: r.Sim.Engine.Fired()}), nil
}
