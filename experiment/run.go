package experiment

import (
	"context"
	"fmt"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/reports"
	"github.com/ecssim/ecssim/scenarios"
)

// Options say what Run does beside summarizing a run.
type Options struct {
	// Record asks for a recording of the run, for figures (reports.WriteRunReport and
	// reports.WriteComparisonReport); nil records nothing.
	Record *reports.RecordOptions
	// Before, when not nil, is called once the collector watches the run and before the run
	// goes on: to add observers (a trace), to sample the collector's time series, or to step
	// through the run's start. Its error ends Run, which returns it as it is.
	Before func(*reports.Collector) error
}

// Result is what a finished run gives.
type Result struct {
	Summary   reports.Summary
	Recording *reports.Recording // nil unless Options.Record asked for it
	// Collector is the run's, finished: its time series (if sampled) is yet to be flushed.
	Collector *reports.Collector
}

// Run runs a built scenario to its horizon and summarizes it: every run of ecssim, single
// (ecssim run) or one of many (compare, sweep, bench), goes through it, so all summarize
// alike. It stops early with ctx's error when ctx ends.
func Run(ctx context.Context, r *scenarios.Run, o Options) (Result, error) {
	col := reports.NewCollector(r.Sim)
	r.Sim.AddObserver(col)
	// Nothing here reads a stopped task: the collector, the trace and the step view let go of
	// each event's task, and a summary counts.
	r.Sim.RecycleTasks = true
	res := Result{Collector: col}
	if o.Record != nil {
		res.Recording = col.Record(*o.Record)
	}
	if o.Before != nil {
		if err := o.Before(col); err != nil {
			return Result{}, err
		}
	}
	// The run goes in slices of simulated time, so that an interrupt need not wait for a long
	// run to end. RunUntil leaves nothing between slices, so the result is Sim.Run's; after a
	// run stepped through to its end, this only brings the clock to the horizon.
	r.Sim.Start()
	slice := max(r.Sim.Horizon/256, 1)
	for t := slice; ; t += slice {
		if err := ctx.Err(); err != nil {
			return Result{}, err
		}
		r.Sim.Engine.RunUntil(min(t, r.Sim.Horizon))
		if t >= r.Sim.Horizon {
			break
		}
	}
	col.Finish()
	res.Summary = col.Summary(reports.Meta{Scenario: r.Scenario.Name, Seed: r.Seed, Strategy: r.Strategy, Events: r.Sim.Engine.Fired()})
	return res, nil
}

// InputError marks an error as bad input (a scenario that cannot be built, a result file
// that is no result) as opposed to a failure of the run or of the system: ecssim exits with
// status 2 for it.
type InputError struct{ Err error }

func (e InputError) Error() string { return e.Err.Error() }
func (e InputError) Unwrap() error { return e.Err }

func inputErrorf(format string, args ...any) error {
	return InputError{fmt.Errorf(format, args...)}
}

// simulate builds and runs one run of a grid: a scenario under a strategy chain and a seed.
// Every run builds the scenario afresh (Build shares nothing mutable between runs), so a
// given seed gives every strategy the same arrivals, durations and faults: each is drawn from
// its own named random stream. A build error is bad input; a panic in the run is a failed
// run, so that one bad run ends a pool with an error rather than the program.
func simulate(ctx context.Context, sc *scenarios.Scenario, chain []models.StrategySpec, seed uint64, record *reports.RecordOptions) (res Result, err error) {
	r, err := scenarios.Build(sc, scenarios.Options{Seed: &seed, Strategy: chain})
	if err != nil {
		return res, InputError{err}
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("the run failed: %v", p)
		}
	}()
	return Run(ctx, r, Options{Record: record})
}
