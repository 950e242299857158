package deploy

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The Slurm steps of README.md, shell lines run from the top of a clone of the repository, with
// SWEEP the array's job ID, MERGE the merge's and FAILED the array tasks to submit again.
// TestSlurm runs them as written, and TestSlurmScripts finds them in README.md word for word.
const (
	submitSweep = `sbatch --parsable deploy/slurm/sweep.sbatch`
	submitMerge = `sbatch --parsable --dependency=afterany:$SWEEP deploy/slurm/merge.sbatch`
	jobsLeft    = `squeue --noheader --jobs=$SWEEP,$MERGE`
	failedTasks = `scontrol --oneliner show job $SWEEP | grep -v JobState=COMPLETED | grep -o 'ArrayTaskId=[0-9]*' | cut -d= -f2 | paste -sd,`
	resubmit    = `sbatch --parsable --array=$FAILED deploy/slurm/sweep.sbatch`
)

// An sbatchScript is a batch script as the test reads it: its #SBATCH options, and the
// arguments of the ecssim it runs.
type sbatchScript struct {
	options map[string]string // by long name, without the dashes
	args    []string
}

func readSbatch(t *testing.T, name string) sbatchScript {
	t.Helper()
	s := sbatchScript{options: map[string]string{}}
	for line := range strings.Lines(readFile(t, name)) {
		if opt, ok := strings.CutPrefix(line, "#SBATCH --"); ok {
			k, v, _ := strings.Cut(strings.TrimSpace(opt), "=")
			s.options[k] = v
		}
		if rest, ok := strings.CutPrefix(line, "exec ecssim "); ok {
			for _, f := range strings.Fields(rest) {
				s.args = append(s.args, strings.Trim(f, `"`))
			}
		}
	}
	if s.args == nil {
		t.Fatalf("%s runs no exec ecssim", name)
	}
	return s
}

// slurmShards returns the shard count of slurm/sweep.sbatch, which TestSlurmScripts checks
// against its --array.
func slurmShards(t *testing.T) int {
	t.Helper()
	count, _ := flagValue(readSbatch(t, "slurm/sweep.sbatch").args, "shard-count")
	n, err := strconv.Atoi(count)
	if err != nil || n < 2 {
		t.Fatalf("slurm/sweep.sbatch: -shard-count %q: want 2 shards at least", count)
	}
	return n
}

// TestSlurmScripts keeps the Slurm scripts in agreement with each other, with the sweep the
// other platforms run, and with README.md, which must give the steps TestSlurm runs.
func TestSlurmScripts(t *testing.T) {
	sweep, merge := readSbatch(t, "slurm/sweep.sbatch"), readSbatch(t, "slurm/merge.sbatch")
	count, _ := flagValue(sweep.args, "shard-count")
	_, index := flagValue(sweep.args, "shard-index")
	workers, _ := flagValue(sweep.args, "workers")
	dir, _ := flagValue(sweep.args, "dir")
	out, _ := flagValue(merge.args, "out")
	n, _ := strconv.Atoi(count)
	checks := []check{
		{"sweep's subcommand", first(sweep.args), "sweep"},
		{"--array against -shard-count", sweep.options["array"], fmt.Sprintf("0-%d", n-1)},
		{"-shard-index given, so every task runs the same runs", index, false},
		{"-workers, the CPUs each task gets", workers, "$SLURM_CPUS_PER_TASK"},
		{"--cpus-per-task given", sweep.options["cpus-per-task"] != "", true},
		{"the sweep file, the one the other platforms run", operands(sweep.args), []string{"deploy/sweep/sweep.toml"}},
		{"merge's subcommand", first(merge.args), "merge"},
		{"merge's directories against the sweep's -dir", operands(merge.args), []string{dir}},
		{"merge -out " + out + " inside " + dir, strings.HasPrefix(out, dir+"/"), true},
	}
	readme := readFile(t, "README.md")
	for _, step := range []string{submitSweep, submitMerge, jobsLeft, failedTasks, resubmit} {
		checks = append(checks, check{"README.md gives " + step, strings.Contains(readme, step), true})
	}
	expect(t, checks)
}

// TestSlurm runs the sweep of sweep/sweep.toml as a Slurm job array on a controller and a node
// started on this machine, merges it, and compares the merge with the sweep run unsharded,
// byte for byte; then it cancels one task part way, and resumes it as README.md says.
func TestSlurm(t *testing.T) {
	binDir := t.TempDir()
	s := startSlurm(t, binDir)
	buildEcssim(t, binDir)
	want := oneMachine(t, filepath.Join(binDir, "ecssim"))
	shards := slurmShards(t)
	t.Run("array", func(t *testing.T) {
		clone := newClone(t)
		sweep := s.submit(t, clone, submitSweep)
		merge := s.submit(t, clone, submitMerge, "SWEEP="+sweep)
		s.wait(t, sweep, merge)
		s.expectStates(t, sweep, shards, -1)
		s.expectStates(t, merge, 0, -1)
		sameOutput(t, want, clone)
	})
	t.Run("cancelled task resumed", func(t *testing.T) {
		s.cancelledResumed(t, filepath.Join(binDir, "ecssim"), want, shards)
	})
}

// buildEcssim builds the command under test into dir, where the jobs find it on their PATH.
func buildEcssim(t *testing.T, dir string) {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		if os.Getenv(slurmRequiredEnv) == "1" {
			t.Fatalf("no go command to build ecssim with, and %s=1", slurmRequiredEnv)
		}
		t.Skip("needs the go command, to build ecssim for the jobs")
	}
	build := exec.Command(goTool, "build", "-o", filepath.Join(dir, "ecssim"), "./cmd/ecssim")
	build.Dir = ".."
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
}

// newClone makes what a user submits from: a directory holding deploy/sweep and deploy/slurm.
func newClone(t *testing.T) string {
	t.Helper()
	clone := t.TempDir()
	for _, sub := range []string{"sweep", "slurm"} {
		if err := os.CopyFS(filepath.Join(clone, "deploy", sub), os.DirFS(sub)); err != nil {
			t.Fatal(err)
		}
	}
	return clone
}

// oneMachine runs the sweep unsharded in a clone of its own, with its comparison in
// comparison.txt and its report in results/report, where the Slurm merge puts them.
func oneMachine(t *testing.T, ecssim string) string {
	t.Helper()
	clone := newClone(t)
	cmd := exec.Command(ecssim, "sweep", "-quiet", "-dir", "results", "-out", "results/report", "deploy/sweep/sweep.toml")
	cmd.Dir = clone
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("the sweep on one machine: %v\n%s", err, stderr.Bytes())
	}
	if err := os.WriteFile(filepath.Join(clone, "comparison.txt"), out, 0o644); err != nil {
		t.Fatal(err)
	}
	return clone
}

// sameOutput checks that the merge in clone wrote, byte for byte, what the sweep on one machine
// wrote in want: the comparison and every file of the report.
func sameOutput(t *testing.T, want, clone string) {
	t.Helper()
	report := filepath.Join("results", "report")
	names, err := os.ReadDir(filepath.Join(want, report))
	if err != nil || len(names) < 2 {
		t.Fatalf("the report on one machine: %d files, %v", len(names), err)
	}
	files := []string{"comparison.txt"}
	for _, e := range names {
		files = append(files, filepath.Join(report, e.Name()))
	}
	for _, f := range files {
		a, b := readFile(t, filepath.Join(want, f)), readFile(t, filepath.Join(clone, f))
		if a != b {
			t.Errorf("%s differs from the sweep's on one machine (%d bytes, want %d):\n%s", f, len(b), len(a), b[:min(len(b), 2000)])
		} else if len(a) == 0 {
			t.Errorf("%s is empty", f)
		}
	}
}

// submit runs a step of README.md that submits a job, and returns the job's ID.
func (s *slurm) submit(t *testing.T, dir, step string, vars ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := s.output(ctx, dir, step, vars...)
	if err != nil {
		t.Fatal(err)
	}
	id, _, _ := strings.Cut(strings.TrimSpace(out), ";") // --parsable: ID;CLUSTER on a federation
	if _, err := strconv.Atoi(id); err != nil {
		t.Fatalf("%s printed %q, no job ID", step, out)
	}
	s.jobs = append(s.jobs, id)
	return id
}

// wait waits, as README.md says, until squeue lists neither job.
func (s *slurm) wait(t *testing.T, sweep, merge string) {
	t.Helper()
	var last error
	ended := await(2*time.Minute, 100*time.Millisecond, func() bool {
		out, err := s.output(context.Background(), "", jobsLeft, "SWEEP="+sweep, "MERGE="+merge)
		last = err
		return err == nil && out == ""
	})
	if !ended {
		t.Fatalf("jobs %s and %s still queued after 2 minutes (squeue: %v)", sweep, merge, last)
	}
}

// states returns the state of each task of a job, by array task ID ("" for a job that is no
// array), as scontrol shows them.
func (s *slurm) states(t *testing.T, job string) map[string]string {
	t.Helper()
	out, err := s.output(context.Background(), "", "scontrol --oneliner show job "+job)
	if err != nil {
		t.Fatal(err)
	}
	states := map[string]string{}
	for line := range strings.Lines(out) {
		task, state := "", ""
		for _, f := range strings.Fields(line) {
			if v, ok := strings.CutPrefix(f, "ArrayTaskId="); ok {
				task = v
			} else if v, ok := strings.CutPrefix(f, "JobState="); ok {
				state = v
			}
		}
		states[task] = state
	}
	return states
}

// expectStates checks that the job's tasks 0 to tasks-1 (the job itself when tasks is 0)
// completed, but for task cancelled, which must have been cancelled.
func (s *slurm) expectStates(t *testing.T, job string, tasks, cancelled int) {
	t.Helper()
	want := map[string]string{"": "COMPLETED"}
	if tasks > 0 {
		want = map[string]string{}
		for i := range tasks {
			want[strconv.Itoa(i)] = "COMPLETED"
		}
		if cancelled >= 0 {
			want[strconv.Itoa(cancelled)] = "CANCELLED"
		}
	}
	expect(t, []check{{"job " + job + "'s states by array task", s.states(t, job), want}})
}

// runIndex returns the number in the grid of the run a result file holds.
func runIndex(file string) (int, error) {
	var r struct {
		Run struct{ Index *int } `json:"run"`
	}
	b, err := os.ReadFile(file)
	if err == nil {
		err = json.Unmarshal(b, &r)
	}
	if err == nil && r.Run.Index == nil {
		err = fmt.Errorf("%s: no run index", file)
	}
	if err != nil {
		return 0, err
	}
	return *r.Run.Index, nil
}

// shardRuns returns the result files of shard task in dir/results/runs, by name, with their
// modification times, and the number of files there of any shard.
func shardRuns(t *testing.T, dir string, shards, task int) (map[string]time.Time, int) {
	t.Helper()
	runs := filepath.Join(dir, "results", "runs")
	entries, err := os.ReadDir(runs)
	if err != nil {
		t.Fatal(err)
	}
	mine := map[string]time.Time{}
	for _, e := range entries {
		k, err := runIndex(filepath.Join(runs, e.Name()))
		if err != nil {
			t.Fatalf("%s holds %s, no result: %v", runs, e.Name(), err)
		}
		if info, err := e.Info(); err == nil && k%shards == task {
			mine[e.Name()] = info.ModTime()
		}
	}
	return mine, len(entries)
}

// cancelPartWay cancels array task task of job sweep part way: once its first result is in
// dir/results/runs, it stops the task's ecssim (SIGSTOP), then cancels the task. scancel takes
// tens of milliseconds to reach a task, through slurmctld and slurmd, in which a task of this
// sweep may finish; stopped, the task waits for it on a machine of any speed. Slurm sends a
// task SIGCONT before SIGTERM, so ecssim still stops as a cancelled task does.
func (s *slurm) cancelPartWay(t *testing.T, dir, ecssim, sweep string, shards, task int) {
	t.Helper()
	runs := filepath.Join(dir, "results", "runs")
	seen := map[string]bool{}
	started := await(time.Minute, 2*time.Millisecond, func() bool {
		entries, _ := os.ReadDir(runs)
		for _, e := range entries {
			if seen[e.Name()] || !strings.HasSuffix(e.Name(), ".json") {
				continue
			}
			seen[e.Name()] = true
			if k, err := runIndex(filepath.Join(runs, e.Name())); err == nil && k%shards == task {
				return true
			}
		}
		return false
	})
	if !started {
		t.Fatalf("no result of task %d in %s after a minute", task, runs)
	}
	if err := stopTask(ecssim, sweep, task); err != nil {
		t.Fatal(err)
	}
	if _, err := s.output(context.Background(), "", fmt.Sprintf("scancel %s_%d", sweep, task)); err != nil {
		t.Fatal(err)
	}
}

// stopTask sends SIGSTOP to the ecssim of array task task of job sweep, found in /proc by its
// executable and its environment.
func stopTask(ecssim, sweep string, task int) error {
	exe, err := filepath.EvalSymlinks(ecssim)
	if err != nil {
		return err
	}
	procs, err := os.ReadDir("/proc")
	if err != nil {
		return err
	}
	for _, p := range procs {
		pid, err := strconv.Atoi(p.Name())
		if err != nil {
			continue
		}
		if e, _ := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid)); e != exe {
			continue
		}
		env, _ := os.ReadFile(fmt.Sprintf("/proc/%d/environ", pid))
		vars := strings.Split(string(env), "\x00")
		if slices.Contains(vars, "SLURM_ARRAY_JOB_ID="+sweep) && slices.Contains(vars, "SLURM_ARRAY_TASK_ID="+strconv.Itoa(task)) {
			return syscall.Kill(pid, syscall.SIGSTOP)
		}
	}
	return fmt.Errorf("no process of %s in array task %s_%d", exe, sweep, task)
}

// cancelledResumed cancels a task of the array part way; checks that the merge then refuses,
// naming runs of that task alone; submits again the task README.md's step finds failed; and
// checks that it ran only the runs missing, and that the merge is whole and the same as on one
// machine.
func (s *slurm) cancelledResumed(t *testing.T, ecssim, want string, shards int) {
	clone := newClone(t)
	const task = 1
	sweep := s.submit(t, clone, submitSweep)
	s.cancelPartWay(t, clone, ecssim, sweep, shards, task)
	merge := s.submit(t, clone, submitMerge, "SWEEP="+sweep)
	s.wait(t, sweep, merge)
	s.expectStates(t, sweep, shards, task)
	kept, _ := shardRuns(t, clone, shards, task)
	_, total := shardRuns(t, want, shards, task) // the grid's runs, all there on one machine
	size := (total - task + shards - 1) / shards
	t.Logf("task %d of %d was cancelled with %d of its %d runs written", task, shards, len(kept), size)
	if len(kept) == 0 || len(kept) >= size {
		t.Fatalf("task %d wrote %d of its %d runs before scancel stopped it: want it stopped part way", task, len(kept), size)
	}
	expect(t, []check{{"what the cancelled task says it kept", taskSays(t, clone, sweep, task, `interrupted: \d+ runs finished and kept in results/runs, \d+ left`),
		fmt.Sprintf("interrupted: %d runs finished and kept in results/runs, %d left", len(kept), size-len(kept))}})
	s.expectRefusal(t, clone, merge, shards, task, size-len(kept), total)
	failed, err := s.output(context.Background(), clone, failedTasks, "SWEEP="+sweep)
	if err != nil || strings.TrimSpace(failed) != strconv.Itoa(task) {
		t.Fatalf("the failed tasks README.md's step finds: %q, %v; want %d", failed, err, task)
	}
	resumed := s.submit(t, clone, resubmit, "FAILED="+strings.TrimSpace(failed))
	merge = s.submit(t, clone, submitMerge, "SWEEP="+resumed)
	s.wait(t, resumed, merge)
	s.expectStates(t, merge, 0, -1)
	after, n := shardRuns(t, clone, shards, task)
	expect(t, []check{
		{"the resumed task's states", s.states(t, resumed), map[string]string{strconv.Itoa(task): "COMPLETED"}},
		{"what the resumed task says it ran", taskSays(t, clone, resumed, task, `\d+ to run here \(shard \d+ of \d+\), \d+ already in`),
			fmt.Sprintf("%d to run here (shard %d of %d), %d already in", size-len(kept), task, shards, len(kept))},
		{"files in results/runs", n, total},
		{"the runs of task " + strconv.Itoa(task) + " written before the cancel, and when", subset(after, kept), kept},
		{"merge's count", strings.Contains(readFile(t, filepath.Join(clone, "ecssim-merge-"+merge+".err")),
			fmt.Sprintf("merge: %d runs of sweep", total)), true},
	})
	sameOutput(t, want, clone)
}

// subset returns the entries of got whose keys are in keys.
func subset(got, keys map[string]time.Time) map[string]time.Time {
	out := map[string]time.Time{}
	for k := range keys {
		if v, ok := got[k]; ok {
			out[k] = v
		}
	}
	return out
}

// taskSays returns the first match of re in what array task task of job wrote.
func taskSays(t *testing.T, dir, job string, task int, re string) string {
	t.Helper()
	log := readFile(t, filepath.Join(dir, fmt.Sprintf("ecssim-sweep-%s_%d.out", job, task)))
	return regexp.MustCompile(re).FindString(log)
}

// expectRefusal checks that the merge failed, printing no comparison, and said which runs are
// missing: missing of total, each of them in shard task.
func (s *slurm) expectRefusal(t *testing.T, dir, merge string, shards, task, missing, total int) {
	t.Helper()
	msg := readFile(t, filepath.Join(dir, "ecssim-merge-"+merge+".err"))
	listed := regexp.MustCompile(`runs are missing \(runs ([0-9, ]+)`).FindStringSubmatch(msg)
	wrongShard := []string{}
	if listed != nil {
		for k := range strings.SplitSeq(strings.Trim(listed[1], ", "), ", ") {
			if n, err := strconv.Atoi(k); err != nil || n%shards != task {
				wrongShard = append(wrongShard, k)
			}
		}
	}
	expect(t, []check{
		{"merge's state", s.states(t, merge)[""], "FAILED"},
		{"merge's comparison", readFile(t, filepath.Join(dir, "comparison.txt")), ""},
		{"merge says why: " + msg, strings.Contains(msg, fmt.Sprintf("is not complete: %d of %d runs are missing", missing, total)), true},
		{"missing runs listed", listed != nil, true},
		{"missing runs listed of another shard than " + strconv.Itoa(task), wrongShard, []string{}},
	})
}
