package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/ecssim/ecssim/experiment"
	"github.com/ecssim/ecssim/scenarios"
)

// shardEnv are the environment variables a shard index defaults from, in the order tried:
// a Kubernetes Indexed Job's (kubernetes.io/docs/concepts/workloads/controllers/job,
// "Completion mode"), an AWS Batch array job's (docs.aws.amazon.com/batch/latest/userguide/
// array_jobs.html) and a Slurm array's (slurm.schedmd.com/job_array.html).
var shardEnv = []string{"JOB_COMPLETION_INDEX", "AWS_BATCH_JOB_ARRAY_INDEX", "SLURM_ARRAY_TASK_ID"}

// shardCountEnv is the one scheduler that also says how many shards there are.
const shardCountEnv = "SLURM_ARRAY_TASK_COUNT"

// sweepOptions are sweep's flags.
type sweepOptions struct {
	poolOptions
	dir        string
	shardIndex int
	shardCount int
}

func cmdSweep(args []string, stdout, stderr io.Writer) (err error) {
	fs := newFlags("sweep")
	o := sweepOptions{shardIndex: -1}
	o.register(fs)
	fs.StringVar(&o.dir, "dir", "results", "")
	fs.IntVar(&o.shardIndex, "shard-index", -1, "")
	fs.IntVar(&o.shardCount, "shard-count", 0, "")
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageErrorf("sweep: name one sweep file, got %d", fs.NArg())
	}
	if err := o.check(os.Getenv); err != nil {
		return err
	}
	sw, err := scenarios.LoadSweep(fs.Arg(0))
	if err != nil {
		return errUsage{err}
	}
	stopProfiles, err := o.profile.start()
	if err != nil {
		return err
	}
	defer keepFirst(&err, stopProfiles)
	if len(sw.Warnings) > 0 {
		fmt.Fprintln(stderr, sw.Warnings)
	}
	if err := experiment.EstimateGrid(sw, o.workers).Check(o.limits.Limits); err != nil {
		return err
	}
	store, err := openStore(o.dir, sw, stderr)
	if err != nil {
		return err
	}
	g := experiment.NewGrid(sw, store, o.workers)
	mine := g.Shard(o.shardIndex, o.shardCount)
	todo := g.Todo(mine)
	shard := ""
	if o.shardCount > 1 {
		shard = fmt.Sprintf(" (shard %d of %d)", o.shardIndex, o.shardCount)
	}
	if !o.quiet {
		fmt.Fprintf(stderr, "sweep %s: %d runs in the grid; %d to run here%s, %d already in %s\n",
			sw.File, sw.Len(), len(todo), shard, len(mine)-len(todo), store.Dir())
	}
	ctx, stop := interruptOnce()
	defer stop()
	if err = o.runGrid(ctx, stderr, "sweep", g, todo); errors.Is(err, context.Canceled) {
		done := g.Finished(mine)
		return fmt.Errorf("interrupted: %d runs finished and kept in %s, %d left; run the same command again to do only those",
			done, store.Dir(), len(mine)-done)
	}
	if err != nil {
		return err
	}
	return o.finish(stdout, stderr, sw, g, store)
}

// openStore opens the sweep's store in dir, and warns of the files there that are no runs of
// the sweep.
func openStore(dir string, sw *scenarios.Sweep, stderr io.Writer) (*experiment.Store, error) {
	store, err := experiment.OpenStore(dir)
	if err != nil {
		return nil, err
	}
	if n := store.Foreign(sw); n > 0 {
		fmt.Fprintf(stderr, "sweep: warning: %d files in %s are no runs of this sweep (of another sweep, or of an earlier version of this one); merge reads every file there, so move them away before merging\n",
			n, store.Dir())
	}
	return store, nil
}

// finish compares the grid's strategies once the grid is whole, that is when every shard has
// written to this directory.
func (o *sweepOptions) finish(stdout, stderr io.Writer, sw *scenarios.Sweep, g *experiment.Grid, store *experiment.Store) error {
	if missing := g.Missing(); missing > 0 {
		if !o.quiet {
			fmt.Fprintf(stderr, "sweep: this shard is done; %d runs of other shards are not in %s yet. When every shard is done: ecssim merge DIR...\n",
				missing, store.Dir())
		}
		return nil
	}
	if left := g.Todo(g.All()); len(left) > 0 { // a file that is no finished run
		return fmt.Errorf("sweep: %d runs in %s are not finished results (run %d: %s); delete them and run the sweep again",
			len(left), store.Dir(), left[0], g.FileName(left[0]))
	}
	cs, err := g.Comparisons()
	if err != nil {
		return err
	}
	if err := o.print(stdout, "sweep", cs); err != nil {
		return err
	}
	return o.report(stderr, "sweep", cs, nil)
}

// check checks the flags and fills in the shard from the environment.
func (o *sweepOptions) check(getenv func(string) string) error {
	if err := o.poolOptions.check("sweep"); err != nil {
		return err
	}
	from := "-shard-index"
	if o.shardIndex < 0 {
		for _, name := range shardEnv {
			if v := getenv(name); v != "" {
				n, err := strconv.Atoi(v)
				if err != nil || n < 0 {
					return usageErrorf("sweep: %s=%q: want a whole number from 0", name, v)
				}
				o.shardIndex, from = n, name
				break
			}
		}
	}
	if o.shardCount == 0 {
		if v := getenv(shardCountEnv); v != "" && o.shardIndex >= 0 {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				return usageErrorf("sweep: %s=%q: want a whole number from 1", shardCountEnv, v)
			}
			o.shardCount = n
		}
	}
	switch {
	case o.shardIndex < 0 && o.shardCount == 0:
		o.shardIndex, o.shardCount = 0, 1
	case o.shardCount == 0:
		return usageErrorf("sweep: the shard index is %d (from %s): give the number of shards with -shard-count", o.shardIndex, from)
	case o.shardCount < 0:
		return usageErrorf("sweep: -shard-count %d: want 1 at least", o.shardCount)
	case o.shardIndex < 0:
		return usageErrorf("sweep: -shard-count %d: give the shard index with -shard-index, or set %s", o.shardCount, strings.Join(shardEnv, ", "))
	case o.shardIndex >= o.shardCount:
		return usageErrorf("sweep: shard index %d (from %s) with %d shards: want an index from 0 to %d", o.shardIndex, from, o.shardCount, o.shardCount-1)
	}
	return nil
}
