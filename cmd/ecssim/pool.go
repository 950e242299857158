package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"sync"
	"syscall"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/reports"
	"github.com/ecssim/ecssim/scenarios"
)

// interrupted returns a context that ends on Ctrl-C (SIGINT) or SIGTERM (a Kubernetes pod or
// Batch job being stopped). Tests replace it.
var interrupted = func() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// gcPercent is the garbage collector's pace for every command that simulates. A run allocates
// a task at a time and drops it when it stops, so its heap stays small (flat, however long the
// run) and at Go's default (100) the collector runs often: e2e-1M of ecssim bench takes about
// 8% less time at 400, for 17 MiB more at its peak. compare and sweep gain more: their runs are
// many small heaps built and dropped quickly, and at the default the collector becomes what
// two workers contend for (on two cores, 3 strategies × 10 seeds of web-and-batch ran 1.55×
// faster than on one at the default and 1.9× at 400).
const gcPercent = 400

// tuneGC sets gcPercent, unless the environment sets GOGC.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
}

// interruptOnce is interrupted for commands that stop cleanly on the first Ctrl-C: once it
// has come, the signals are let go, so that a second Ctrl-C stops the program at once.
func interruptOnce() (context.Context, context.CancelFunc) {
	ctx, stop := interrupted()
	go func() {
		<-ctx.Done()
		stop()
	}()
	return ctx, stop
}

// simulation is one run of compare or sweep: a scenario under a strategy chain and a seed.
type simulation struct {
	sc     *scenarios.Scenario
	chain  []models.StrategySpec
	seed   uint64
	record *reports.RecordOptions // what to record for figures; nil for nothing
}

// simulate builds and runs one simulation, stopping early with ctx's error when ctx ends.
// Every run builds the scenario afresh (Build shares nothing mutable between runs), so a
// given seed gives every strategy the same arrivals, durations and faults: each is drawn from
// its own named random stream. A build error is bad input (exit status 2); a panic in the run
// is a failed run (1).
func simulate(ctx context.Context, s simulation) (sum reports.Summary, rec *reports.Recording, err error) {
	r, err := scenarios.Build(s.sc, scenarios.Options{Seed: &s.seed, Strategy: s.chain})
	if err != nil {
		return sum, nil, errUsage{err}
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("the run failed: %v", p)
		}
	}()
	col := reports.NewCollector(r.Sim)
	r.Sim.AddObserver(col)
	if s.record != nil {
		rec = col.Record(*s.record)
	}
	// The run goes in slices of simulated time, so that an interrupt need not wait for a long
	// run to end. RunUntil leaves nothing between slices, so the result is Run's.
	r.Sim.Start()
	slice := max(r.Sim.Horizon/256, 1)
	for t := slice; ; t += slice {
		if err := ctx.Err(); err != nil {
			return sum, nil, err
		}
		r.Sim.Engine.RunUntil(min(t, r.Sim.Horizon))
		if t >= r.Sim.Horizon {
			break
		}
	}
	col.Finish()
	return col.Summary(reports.Meta{Scenario: r.Scenario.Name, Seed: r.Seed, Strategy: r.Strategy, Events: r.Sim.Engine.Fired()}), rec, nil
}

// runPool calls job(ctx, i) for i in 0..n-1 on a pool of workers and counts each finished
// job on the progress bar. The first error ends the pool: the jobs running are stopped
// through their context and no more start. When ctx ends (an interrupt), runPool waits for
// the workers and returns ctx's error. Jobs that finished have done whatever they do with
// their results (the caller keeps them in a slice indexed by i, or writes them to a file),
// so the outcome does not depend on the number of workers or on their timing.
func runPool(ctx context.Context, n, workers int, bar *progress, job func(ctx context.Context, i int) error) error {
	tuneGC()
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				if err := job(ctx, i); err != nil {
					cancel(err)
					continue
				}
				bar.add(1)
			}
		}()
	}
feed:
	for i := range n {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if err := context.Cause(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return err // a job's own error
	}
	return ctx.Err()
}
