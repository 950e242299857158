// Package deploy holds the files that run ecssim sweeps on clusters, and no Go code of its own:
// kubernetes/ has an Indexed Job with its ConfigMap and volume claim, a merge Job and a pod to
// copy results out; aws-batch/ has a job definition, array and merge submissions and the
// Dockerfile that bakes a sweep into the image; slurm/ has the job array and merge scripts;
// sweep/ has the sweep file they all run. The image itself is the repository's Dockerfile.
// README.md says how to build, run and merge.
//
// The package's tests keep the files in agreement: shard counts with the flags, result
// directories with the storage mounted there, the merge with what the sweep wrote, the
// ConfigMap with sweep/sweep.toml, the build image with go.mod, and README.md's Slurm steps
// with the ones TestSlurm runs. TestSlurm runs them on a Slurm controller and node it starts
// on the machine (Debian's slurm-wlm and munge), and skips where they are not installed,
// unless ECSSIM_SLURM_REQUIRED=1.
package deploy
