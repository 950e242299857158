// Package explain holds the analysis behind ecssim explain: why a run's tasks went where they
// did and what each waited for on its road to RUNNING (Placements), what held each deployment
// pass by pass (Deployments), and what every task not yet RUNNING waits for at a moment
// (Pending).
//
// It only watches a run: Placements wraps the placement pipelines through the build hook
// scenarios.Options.Placer (in an EKS run, the kube-scheduler through
// scenarios.Options.KubePlacer) and explains each decision from a copy of the placer's random
// state; the others hear the run's events and its service scheduler's passes. So a run
// explained goes exactly as it would without explain. The words for a filter's rejections are
// the scheduler's, kept beside each filter there; the command line's flags stay in cmd/ecssim.
package explain
