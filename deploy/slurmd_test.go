package deploy

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// slurmRequiredEnv, set to 1 (as CI sets it), makes TestSlurm fail instead of skipping where
// Slurm or munge is not installed.
const slurmRequiredEnv = "ECSSIM_SLURM_REQUIRED"

// slurmPIDsEnv names a file where TestSlurm notes each daemon it starts, "PID NAME" a line, so
// that CI can stop them even when the test binary dies before its cleanups run, as it does
// when go test's -timeout ends it.
const slurmPIDsEnv = "ECSSIM_SLURM_PIDS"

// slurmPrograms are what TestSlurm runs: the daemons, and the clients the README's steps use.
var slurmPrograms = []string{"munged", "munge", "slurmctld", "slurmd", "sbatch", "squeue", "scontrol", "scancel", "sinfo"}

// A slurm is a controller and one node, each daemon on this machine, with munge to
// authenticate them; everything they keep is in dir.
type slurm struct {
	dir string
	// env is the environment of the clients and so of the jobs, which sbatch passes on: the
	// test's own, with SLURM_CONF naming this cluster's configuration, the directory of the
	// ecssim under test first in PATH, and no SLURM_ variables of a job the test runs in.
	env  []string
	jobs []string // the job IDs submitted, cancelled at the end in case the test stopped early
}

// slurmConf is the configuration: one node of two CPUs, on ports of its own, and no cgroups
// (proctrack/linuxproc follows a job's processes by their parent, task/none binds nothing), so
// that it runs in a container as well. batch_sched_delay=0 starts a batch job as soon as it
// can run, where the default, 3 s, tripled the test's time.
const slurmConf = `ClusterName=ecssim-test
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=%[2]d
SlurmdPort=%[3]d
SlurmUser=%[4]s
SlurmdUser=%[4]s
AuthType=auth/munge
AuthInfo=socket=%[1]s/munge.socket
CredType=cred/munge
StateSaveLocation=%[1]s/state
SlurmdSpoolDir=%[1]s/spool
SlurmctldPidFile=%[1]s/slurmctld.pid
SlurmdPidFile=%[1]s/slurmd.pid
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
KillWait=5
SchedulerParameters=batch_sched_delay=0
NodeName=ecssim-node NodeAddr=127.0.0.1 NodeHostname=localhost CPUs=2 RealMemory=2048 State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
`

// startSlurm starts munged, slurmctld and slurmd, and waits for the node to be idle; the
// test's cleanup stops them. It skips the test where a program is missing, unless
// ECSSIM_SLURM_REQUIRED=1.
func startSlurm(t *testing.T, binDir string) *slurm {
	t.Helper()
	paths := map[string]string{}
	for _, name := range slurmPrograms {
		p, err := exec.LookPath(name)
		if err != nil && runtime.GOOS == "linux" {
			p, err = exec.LookPath("/usr/sbin/" + name) // daemons, off a user's PATH
		}
		if err != nil {
			if os.Getenv(slurmRequiredEnv) == "1" {
				t.Fatalf("no %s installed, and %s=1", name, slurmRequiredEnv)
			}
			t.Skipf("needs %s: Debian's packages slurm-wlm and munge", name)
		}
		paths[name] = p
	}
	s := &slurm{dir: shortTempDir(t)}
	s.env = []string{"SLURM_CONF=" + filepath.Join(s.dir, "slurm.conf"), "PATH=" + binDir + string(os.PathListSeparator) + os.Getenv("PATH")}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "SLURM_") && !strings.HasPrefix(kv, "PATH=") {
			s.env = append(s.env, kv)
		}
	}
	s.startMunge(t, paths)
	s.writeConf(t)
	s.daemon(t, paths["slurmctld"], "-D", "-i", "-f", filepath.Join(s.dir, "slurm.conf"))
	s.daemon(t, paths["slurmd"], "-D", "-N", "ecssim-node", "-f", filepath.Join(s.dir, "slurm.conf"))
	t.Cleanup(func() { s.cleanUp(t) })
	idle := await(time.Minute, 100*time.Millisecond, func() bool {
		out, err := s.output(context.Background(), "", "sinfo --noheader --format=%T")
		return err == nil && strings.TrimSpace(out) == "idle"
	})
	if !idle {
		t.Fatal("the node is not idle after a minute")
	}
	return s
}

// shortTempDir makes a directory that everyone may enter, as munged requires of its socket's,
// under a short path: a socket's path holds 107 bytes at most.
func shortTempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "ecssim-slurm-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, sub := range []string{"state", "spool"} {
		if err := os.Mkdir(filepath.Join(dir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// startMunge starts munged with a key of its own and its socket in s.dir, and waits until it
// answers.
func (s *slurm) startMunge(t *testing.T, paths map[string]string) {
	t.Helper()
	key := make([]byte, 1024)
	rand.Read(key)
	if err := os.WriteFile(filepath.Join(s.dir, "munge.key"), key, 0o400); err != nil {
		t.Fatal(err)
	}
	socket := filepath.Join(s.dir, "munge.socket")
	s.daemon(t, paths["munged"], "--foreground", "--key-file="+filepath.Join(s.dir, "munge.key"), "--socket="+socket,
		"--pid-file="+filepath.Join(s.dir, "munged.pid"), "--seed-file="+filepath.Join(s.dir, "munge.seed"))
	if !await(30*time.Second, 20*time.Millisecond, func() bool { return exec.Command(paths["munge"], "--socket="+socket, "--no-input").Run() == nil }) {
		t.Fatal("munged does not answer after 30 s")
	}
}

// writeConf writes slurm.conf, with two free ports and the test's user as Slurm's.
func (s *slurm) writeConf(t *testing.T) {
	t.Helper()
	var ports [2]int
	for i := range ports {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ports[i] = l.Addr().(*net.TCPAddr).Port
		defer l.Close() // held until both are chosen, so that they differ
	}
	u, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	conf := fmt.Sprintf(slurmConf, s.dir, ports[0], ports[1], u.Username)
	if err := os.WriteFile(filepath.Join(s.dir, "slurm.conf"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
}

// daemon starts a daemon that stays in the foreground, its output in s.dir, notes its PID
// for CI, and stops it at cleanup: SIGTERM, then SIGKILL after 10 s.
func (s *slurm) daemon(t *testing.T, path string, args ...string) {
	t.Helper()
	name := filepath.Base(path)
	log, err := os.Create(filepath.Join(s.dir, name+".log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(path, args...)
	cmd.Stdout, cmd.Stderr, cmd.Env = log, log, s.env
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", name, err)
	}
	notePID(t, cmd.Process.Pid, name)
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		log.Close()
	})
}

// notePID appends "PID NAME" to the file ECSSIM_SLURM_PIDS names, if it names one.
func notePID(t *testing.T, pid int, name string) {
	t.Helper()
	file := os.Getenv(slurmPIDsEnv)
	if file == "" {
		return
	}
	f, err := os.OpenFile(file, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err == nil {
		_, err = fmt.Fprintf(f, "%d %s\n", pid, name)
		err = firstErr(err, f.Close())
	}
	if err != nil {
		t.Fatalf("noting %s's PID for %s: %v", name, slurmPIDsEnv, err)
	}
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// cleanUp cancels the jobs the test submitted, and shows the daemons' logs if the test failed.
// It runs before the daemons stop.
func (s *slurm) cleanUp(t *testing.T) {
	if len(s.jobs) > 0 {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		s.output(ctx, "", "scancel "+strings.Join(s.jobs, " "))
	}
	if !t.Failed() {
		return
	}
	for _, name := range []string{"munged", "slurmctld", "slurmd"} {
		b, _ := os.ReadFile(filepath.Join(s.dir, name+".log"))
		if len(b) > 4000 {
			b = b[len(b)-4000:]
		}
		t.Logf("%s's log, its end:\n%s", name, b)
	}
}

// output runs a shell command line with the cluster's environment and vars, in dir, and
// returns its standard output; its error carries what it wrote to standard error.
func (s *slurm) output(ctx context.Context, dir, line string, vars ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "bash", "-c", line)
	cmd.Dir, cmd.Env = dir, append(append([]string{}, s.env...), vars...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return string(out), fmt.Errorf("%s: %v: %s", line, err, stderr.Bytes())
	}
	return string(out), nil
}

// await calls ok every interval until it holds, and reports false if timeout passes first.
func await(timeout, interval time.Duration, ok func() bool) bool {
	for deadline := time.Now().Add(timeout); !ok(); time.Sleep(interval) {
		if time.Now().After(deadline) {
			return false
		}
	}
	return true
}
