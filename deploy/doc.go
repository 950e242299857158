// Package deploy holds the files that run ecssim sweeps on clusters, and no Go code of its own:
// kubernetes/ has an Indexed Job with its ConfigMap and volume claim, a merge Job and a pod to
// copy results out; aws-batch/ has a job definition, array and merge submissions and the
// Dockerfile that bakes a sweep into the image; sweep/ has the sweep file they all run. The
// image itself is the repository's Dockerfile. README.md says how to build, run and merge.
//
// The package's test keeps the files in agreement: shard counts with the flags, result
// directories with the storage mounted there, the merge with what the sweep wrote, the
// ConfigMap with sweep/sweep.toml, and the build image with go.mod.
package deploy
