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
//   - Pool, a worker pool whose outcome does not depend on the number of workers or on their
//     timing, and which stops cleanly when its context ends (an interrupt).
//   - Grid, which runs a sweep's grid (scenarios.Sweep: points × strategies × seeds; a
//     comparison is a grid of one point) on the pool, by shards, and compares the strategies
//     at every point (reports.Comparison).
//   - Store, the run store: one file per finished run, named by a digest of what decides its
//     result, so that a rerun does only what is missing and a grown grid keeps its runs.
//   - Merge, which gathers the results of a sweep's shards, checks that each run is there
//     exactly once, and compares them.
//   - Workloads, ecssim bench's standard workloads.
//
// The golden files in testdata are every embedded example's JSON summary (and the trace of
// the small ones) at its own seed: any change to them is a change of ecssim's results.
package experiment
