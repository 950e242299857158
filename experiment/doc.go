// Package experiment runs ecssim's experiments: one scenario to its summary, and many runs of
// scenarios × strategies × seeds on a pool of workers, with their results kept, resumed,
// sharded, merged and compared. The command ecssim is its front end: it parses flags, opens
// files, prints and draws progress; everything it runs goes through here, so a library user
// (a notebook, a service, a test) gets the same results byte for byte.
//
// It holds:
//
//   - Run, the one way to run a built scenario (scenarios.Build) to its horizon and summarize
//     it (reports.Summary), with an optional recording for figures. ecssim run, compare,
//     sweep and bench all call it, so a run's summary does not depend on which ran it.
//   - Grid, which numbers the runs of a sweep's grid (scenarios.Sweep: points × seeds ×
//     strategies; a comparison is a grid of one point), runs them on a pool of workers whose
//     outcome depends neither on their number nor on their timing, by shards, stops cleanly
//     on an interrupt, and compares the strategies at every point (reports.Comparison).
//   - Store, the run store: one file per finished run, named by a digest of what decides its
//     result, so that a rerun does only what is missing and a grown grid keeps its runs.
//   - Merge, which gathers the results of a sweep's shards, checks that each run is there
//     exactly once, and compares them.
//   - PlanFleet, ecssim plan: the fewest instances of a group, per type and strategy, that
//     meet targets on a share of seeds, found by galloping and bisecting over runs, beside a
//     lower bound (LowerBound) and the same demand priced on Fargate (PlanFargate); and
//     Compaction, each strategy's plan per seed, which compare -compaction adds.
//   - Workloads, ecssim bench's standard workloads.
//
// A run of a grid builds its point's scenario afresh under its strategy and seed, and goes
// through Run like any other: its result depends on its key alone (point, strategy, seed),
// never on the shard, the worker or the order that ran it.
//
// The golden files in testdata are every embedded example's JSON summary (and the trace of
// the small ones) at its own seed: any change to them is a change of ecssim's results.
package experiment
