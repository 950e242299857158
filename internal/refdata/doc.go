// Package refdata finds the reference data that sits beside the repository, never inside it:
// the EC2 instance-type table the catalog was written from, Fargate's task sizes, and public
// traces such as Alibaba's cluster-trace-gpu-v2023 "openb" files. Tests that compare against
// these files ask for them here; a clone of the repository alone has none, so those tests
// skip, naming the file they lack, and every other test still runs.
//
// The files are looked for in $ECSSIM_REFERENCE_DATA when it is set, else in shared/data
// beside the module's root (../shared/data from the folder holding go.mod). With
// ECSSIM_REFERENCE_DATA_REQUIRED=1 (as CI sets it), a missing file fails the test instead of
// skipping it, so that the comparisons cannot silently stop running.
package refdata
