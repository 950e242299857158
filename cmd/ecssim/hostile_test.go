//go:build unix

package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The hostile-input suite: every kind of file ecssim reads, and its flags, given what an
// attacker or an accident would give (deep nesting, huge strings, NUL bytes, invalid UTF-8,
// devices, FIFOs, absurd numbers), each run as the built binary under a memory limit and a
// timeout. A refusal must exit 2 (1 for an output that cannot be written), name the file or
// flag on stderr, and never show a Go stack trace: a panic, a fatal out-of-memory or a hang is
// a bug, whatever the input.

const (
	// hostileMemKiB is the address space each run may map (ulimit -v, KiB). A CGO_ENABLED=0 Go
	// binary reserves about 750 MiB at start, so this leaves it about 1.2 GiB of heap: far more
	// than a refusal needs, far less than reading a hostile file whole would take.
	hostileMemKiB = 2 << 20
	// hostileTimeout is how long a run may take: a refusal is immediate.
	hostileTimeout = 20 * time.Second
)

var (
	hostileOnce sync.Once
	hostileBin  string // the built binary, "" if it could not be built
	hostileErr  error
)

// builtEcssim builds ecssim once for the whole test binary, without cgo: glibc's per-thread
// malloc arenas reserve address space enough to make an address-space limit flaky.
func builtEcssim(t *testing.T) string {
	t.Helper()
	hostileOnce.Do(func() {
		dir, err := os.MkdirTemp("", "ecssim-hostile-")
		if hostileErr = err; err != nil {
			return
		}
		afterTests = append(afterTests, func() { os.RemoveAll(dir) })
		bin := filepath.Join(dir, "ecssim")
		cmd := exec.Command("go", "build", "-o", bin, ".")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			hostileErr = errors.New(err.Error() + "\n" + string(out))
			return
		}
		hostileBin = bin
	})
	if hostileErr != nil {
		t.Fatalf("building ecssim: %v", hostileErr)
	}
	return hostileBin
}

// limitedCommand returns ecssim run with args under the memory limit, through sh's ulimit -v:
// POSIX sh is on every Linux, where prlimit (util-linux) may not be. It skips the test where
// the limit cannot be set.
func limitedCommand(ctx context.Context, t *testing.T, bin string, args ...string) *exec.Cmd {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("the memory limit (ulimit -v) is set only on Linux, where Go runs under it")
	}
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh to set a memory limit with")
	}
	script := "ulimit -v " + strconv.Itoa(hostileMemKiB) + ` && exec "$0" "$@"`
	return exec.CommandContext(ctx, sh, append([]string{"-c", script, bin}, args...)...)
}

// hostileCase is one hostile input: files written into a fresh directory ($D in args), the
// command, and what must come of it.
type hostileCase struct {
	name  string
	files []gen    // write the inputs into $D
	args  []string // $D replaced by the directory
	code  int      // 2 refused, 1 failed at run time, 0 accepted (harmless)
	want  string   // on stderr: the file or the flag named ($D replaced)
	short bool     // too heavy for -short
}

// gen writes one input into dir.
type gen func(t *testing.T, dir string)

// file writes content to dir/name.
func file(name, content string) gen {
	return func(t *testing.T, dir string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// symlink makes dir/name a symbolic link to target ($D in it replaced by dir).
func symlink(name, target string) gen {
	return func(t *testing.T, dir string) {
		if err := os.Symlink(strings.ReplaceAll(target, "$D", dir), filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
}

// fifo makes dir/name a FIFO that nobody writes: opening it to read would block for ever.
func fifo(name string) gen {
	return func(t *testing.T, dir string) {
		if err := syscall.Mkfifo(filepath.Join(dir, name), 0o644); err != nil {
			t.Skipf("no FIFOs here: %v", err)
		}
	}
}

// subdir makes dir/name a directory.
func subdir(name string) gen {
	return func(t *testing.T, dir string) {
		if err := os.Mkdir(filepath.Join(dir, name), 0o755); err != nil {
			t.Fatal(err)
		}
	}
}

func TestHostileInputs(t *testing.T) {
	var cases []hostileCase
	for _, kind := range [][]hostileCase{
		hostileScenarios(), hostileSweeps(), hostileStrategies(), hostileImports(),
		hostileTraces(), hostileNodeLists(), hostileAgentConfigs(), hostileFlags(),
	} {
		cases = append(cases, kind...)
	}
	bin := builtEcssim(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if tc.short && testing.Short() {
				t.Skip("heavy: runs without -short (as .ci/run does)")
			}
			runHostile(t, bin, tc)
		})
	}
}

// runHostile writes tc's files, runs ecssim on them and checks what came of it.
func runHostile(t *testing.T, bin string, tc hostileCase) {
	dir := t.TempDir()
	for _, g := range tc.files {
		g(t, dir)
	}
	args := make([]string, len(tc.args))
	for i, a := range tc.args {
		args[i] = strings.ReplaceAll(a, "$D", dir)
	}
	ctx, cancel := context.WithTimeout(context.Background(), hostileTimeout)
	defer cancel()
	cmd := limitedCommand(ctx, t, bin, args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("ecssim %s: did not return within %v", strings.Join(tc.args, " "), hostileTimeout)
	}
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	checkHostile(t, tc, dir, code, stderr.String(), time.Since(start), inputBytes(t, dir))
}

// checkHostile checks the exit status and stderr of one run.
func checkHostile(t *testing.T, tc hostileCase, dir string, code int, stderr string, took time.Duration, in int64) {
	t.Helper()
	shown := stderr
	if len(shown) > 2000 {
		shown = shown[:2000] + "..."
	}
	for _, s := range []string{"goroutine ", "panic:", "fatal error:"} {
		if strings.Contains(stderr, s) {
			t.Fatalf("a Go stack trace (%q) on stderr:\n%s", s, shown)
		}
	}
	if code != tc.code {
		t.Errorf("exit status %d, want %d; stderr:\n%s", code, tc.code, shown)
	}
	if want := strings.ReplaceAll(tc.want, "$D", dir); !strings.Contains(stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, shown)
	}
	// A message quotes what it refuses, not the whole of it: stderr may grow with the number
	// of problems in the input, not with the size of one value.
	if int64(len(stderr)) > 64<<10+4*in {
		t.Errorf("stderr of %d bytes, for %d bytes of input", len(stderr), in)
	}
	t.Logf("%v", took.Round(time.Millisecond))
}

// minimal is a valid scenario that the cases below add to or break.
const minimal = "name = \"h\"\nduration = \"1h\"\n[[instance_groups]]\nname = \"g\"\ntype = \"m5.xlarge\"\ncount = 2\n"

// jobs is a workload that replays trace.csv, its columns named a, c and m.
const jobs = "[[workloads]]\nname = \"jobs\"\ntrace = \"trace.csv\"\ncolumns = { arrival = \"a\", cpu = \"c\", memory = \"m\" }\n"

// rep repeats s n times.
func rep(s string, n int) string { return strings.Repeat(s, n) }

// fleet is n instance groups of count instances each.
func fleet(n, count int) string {
	var b strings.Builder
	b.WriteString("name = \"big\"\nduration = \"1h\"\n")
	for i := range n {
		b.WriteString("[[instance_groups]]\nname = \"g" + strconv.Itoa(i) + "\"\ntype = \"m5.xlarge\"\ncount = " + strconv.Itoa(count) + "\n")
	}
	return b.String()
}

func hostileScenarios() []hostileCase {
	s := func(content string) []gen { return []gen{file("s.toml", content)} }
	v := []string{"run", "$D/s.toml"}
	return []hostileCase{
		{"scenario/arrays nested 100000 deep", s("a = " + rep("[", 100000)), v, 2, "s.toml:1:", false},
		{"scenario/inline tables nested 100000 deep", s("a = " + rep("{b=", 100000)), v, 2, "s.toml:1:", false},
		{"scenario/table headers 10000 keys deep", s("[" + rep("a.", 10000) + "b]\n"), v, 2, "s.toml:1:", false},
		{"scenario/a 2 MiB string", s(minimal + "description = \"" + rep("x", 2<<20) + "\"\n"), v, 2, "s.toml:7:", false},
		{"scenario/a 2 MiB key", s(rep("k", 2<<20) + " = 1\n"), v, 2, "s.toml", false},
		{"scenario/9 MiB of NUL", s(rep("\x00", 9<<20)), v, 2, "s.toml: larger than 8 MiB", false},
		{"scenario/a NUL byte", s(minimal + "description = \"a\x00b\"\n"), v, 2, "s.toml:7:", false},
		{"scenario/invalid UTF-8", s(minimal + "description = \"\xff\xfe\"\n"), v, 2, "s.toml:7:", false},
		{"scenario/invalid UTF-8 in a key", s(minimal + "\xc3\x28 = 1\n"), v, 2, "s.toml:7:", false},
		{"scenario/a duplicate key", s(minimal + "name = \"again\"\n"), v, 2, "s.toml:7:", false},
		{"scenario/a duplicate table", s(minimal + "[cluster]\n[cluster]\n"), v, 2, "s.toml:8:", false},
		{"scenario/2,000,000 values", s("a = [" + rep("0,", 2000000) + "]\n"), v, 2, "s.toml", false},
		{"scenario/random bytes", s(string(pseudoRandom(1 << 16))), v, 2, "s.toml", false},
		{"scenario/empty", s(""), v, 2, "s.toml", false},
		{"scenario/an integer past int64", s(minimal + "seed = 99999999999999999999999\n"), v, 2, "s.toml:7:", false},
		{"scenario/a count of 1e18", s(strings.Replace(minimal, "count = 2", "count = 1000000000000000000", 1)), []string{"run", "$D/s.toml"}, 2, "s.toml", false},
		{"scenario/a negative count", s(strings.Replace(minimal, "count = 2", "count = -1", 1)), v, 2, "s.toml:6:", false},
		{"scenario/a duration of 1e30 days", s(strings.Replace(minimal, "\"1h\"", "\"1000000000000000000000000000000d\"", 1)), v, 2, "s.toml:2:", false},
		{"scenario/a negative duration", s(strings.Replace(minimal, "\"1h\"", "\"-1h\"", 1)), v, 2, "s.toml:2:", false},
		{"scenario/5 groups of 1,000,000 instances under -max-memory 256MiB", s(fleet(5, 1000000)),
			[]string{"run", "-max-memory", "256MiB", "$D/s.toml"}, 2, "s.toml: a run would need about", false},
		{"scenario/an arrival every nanosecond", s(minimal + "[[task_definitions]]\nfamily = \"j\"\ncpu = 256\nmemory = 512\ncontainers = [{ name = \"j\" }]\n" +
			"[[workloads]]\ntask_definition = \"j\"\narrival = { process = \"periodic\", every = \"1ns\" }\nduration = { distribution = \"constant\", value = \"1ms\" }\n"),
			[]string{"run", "$D/s.toml"}, 2, "s.toml: a run would fire about", false},
		{"scenario/100,000 services", s(minimal + "[[task_definitions]]\nfamily = \"w\"\ncpu = 256\nmemory = 512\ncontainers = [{ name = \"w\" }]\n" +
			rep("[[services]]\ntask_definition = \"w\"\ndesired_count = 1\n", 100000)), v, 2, "s.toml", true},
		{"scenario/dev zero", nil, []string{"run", "/dev/zero"}, 2, "/dev/zero: not a regular file (a character device)", false},
		{"scenario/dev urandom to run", nil, []string{"run", "/dev/urandom"}, 2, "/dev/urandom: not a regular file (a character device)", false},
		{"scenario/a FIFO", []gen{fifo("s.toml")}, v, 2, "$D/s.toml: not a regular file (a FIFO)", false},
		{"scenario/a directory", []gen{subdir("s.toml")}, v, 2, "$D/s.toml: not a regular file (a directory)", false},
		{"scenario/a symlink loop", []gen{symlink("s.toml", "$D/t.toml"), symlink("t.toml", "$D/s.toml")}, v, 2, "s.toml", false},
		{"scenario/a symlink to dev zero", []gen{symlink("s.toml", "/dev/zero")}, []string{"explain", "$D/s.toml"}, 2, "s.toml: not a regular file (a character device)", false},
	}
}

// pseudoRandom returns n bytes of a fixed pseudo-random sequence, the same on every run.
func pseudoRandom(n int) []byte {
	b := make([]byte, n)
	x := uint64(0x9e3779b97f4a7c15)
	for i := range b {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		b[i] = byte(x)
	}
	return b
}

// sweepOf is a sweep file over s.toml with the given lines added.
func sweepOf(extra string) string {
	return "scenario = \"s.toml\"\nstrategies = [\"binpack-memory\", \"random\"]\nseeds = 2\n" + extra
}

func hostileSweeps() []hostileCase {
	w := func(content string) []gen { return []gen{file("s.toml", minimal), file("w.toml", content)} }
	sw := []string{"sweep", "-dir", "$D/out", "$D/w.toml"}
	values := "[[parameters]]\nkey = \"instance_groups.g.count\"\nvalues = [" + rep("1,", 1000000) + "]\n"
	return []hostileCase{
		{"sweep/dev zero", nil, []string{"sweep", "/dev/zero"}, 2, "/dev/zero: not a regular file (a character device)", false},
		{"sweep/a FIFO", []gen{fifo("w.toml")}, sw, 2, "$D/w.toml: not a regular file (a FIFO)", false},
		{"sweep/arrays nested 100000 deep", w("a = " + rep("[", 100000)), sw, 2, "w.toml:1:", false},
		{"sweep/9 MiB", w(sweepOf("# " + rep("x", 9<<20) + "\n")), sw, 2, "w.toml: larger than 8 MiB", false},
		{"sweep/a NUL byte", w(sweepOf("x = \"\x00\"\n")), sw, 2, "w.toml:4:", false},
		{"sweep/invalid UTF-8", w(sweepOf("x = \"\xff\"\n")), sw, 2, "w.toml:4:", false},
		{"sweep/a duplicate key", w(sweepOf("seeds = 3\n")), sw, 2, "w.toml:4:", false},
		{"sweep/a trillion seeds", w(strings.Replace(sweepOf(""), "seeds = 2", "seeds = 1000000000000", 1)), sw, 2, "w.toml", false},
		{"sweep/a million values", w(sweepOf(values)), sw, 2, "w.toml", false},
		{"sweep/its scenario dev zero", w(strings.Replace(sweepOf(""), "s.toml", "/dev/zero", 1)), sw, 2, "/dev/zero: not a regular file", false},
		{"sweep/its scenario itself", w(strings.Replace(sweepOf(""), "s.toml", "w.toml", 1)), sw, 2, "w.toml", false},
		{"sweep/its scenario a symlink loop", []gen{file("w.toml", sweepOf("")), symlink("s.toml", "$D/s.toml")}, sw, 2, "s.toml", false},
	}
}

func hostileStrategies() []hostileCase {
	c := func(content string) []gen { return []gen{file("x.toml", content)} }
	cmp := []string{"compare", "-seeds", "2", "-strategies", "$D/x.toml,random", "example:binpack-vs-spread"}
	item := "{ type = \"spread\", field = \"instanceId\" },"
	return []hostileCase{
		{"strategy/10000 items", c("placement_strategy = [" + rep(item, 10000) + "]\n"), cmp, 2, "x.toml:1:", false},
		{"strategy/9 MiB", c("placement_strategy = [" + rep(item, 9<<20/len(item)) + "]\n"), cmp, 2, "x.toml: larger than 8 MiB", false},
		{"strategy/nested 100000 deep", c("placement_strategy = " + rep("[", 100000)), cmp, 2, "x.toml:1:", false},
		{"strategy/a NUL byte", c("name = \"\x00\"\nplacement_strategy = [{ type = \"random\" }]\n"), cmp, 2, "x.toml:1:", false},
		{"strategy/invalid UTF-8 name", c("name = \"\xff\"\nplacement_strategy = [{ type = \"random\" }]\n"), cmp, 2, "x.toml:1:", false},
		{"strategy/a 1 MiB field", c("placement_strategy = [{ type = \"spread\", field = \"" + rep("f", 1<<20-1) + "\" }]\n"), cmp, 2, "x.toml:1:", false},
		{"strategy/a symlink to dev zero", []gen{symlink("x.toml", "/dev/zero")}, cmp, 2, "x.toml: not a regular file (a character device)", false},
		{"strategy/a FIFO", []gen{fifo("x.toml")}, cmp, 2, "x.toml: not a regular file (a FIFO)", false},
	}
}

func hostileImports() []hostileCase {
	j := func(content string) []gen { return []gen{file("e.json", content)} }
	imp := []string{"import", "-o", "$D/out.toml", "$D/e.json"}
	td := func(family string) string { return `{"taskDefinition":{"family":"` + family + `"}}` }
	return []hostileCase{
		{"import/dev zero", nil, []string{"import", "/dev/zero"}, 2, "/dev/zero: not a regular file (a character device)", false},
		{"import/a FIFO", []gen{fifo("e.json")}, imp, 2, "$D/e.json: not a regular file (a FIFO)", false},
		{"import/a directory", []gen{subdir("e.json")}, imp, 2, "$D/e.json: not a regular file (a directory)", false},
		{"import/arrays nested 100000 deep", j(rep("[", 100000)), imp, 2, "e.json:1:65:", false},
		{"import/objects nested 100000 deep", j(rep(`{"a":`, 100000)), imp, 2, "e.json:1:", false},
		{"import/17 MiB", j(td(rep("x", 17<<20))), imp, 2, "e.json: larger than 16 MiB", false},
		{"import/a NUL byte", j(td("a\x00")), imp, 2, "e.json:1:", false},
		{"import/invalid UTF-8", j(td("a\xff")), imp, 2, "e.json", false},
		{"import/duplicate keys", j(`{"taskDefinition":{"family":"a","family":"b"}}`), imp, 2, "e.json", false},
		{"import/numbers past every limit", j(`{"taskDefinition":{"family":"x","containerDefinitions":[{"name":"c","cpu":1e308,"memory":99999999999999999999}]}}`), imp, 2, "e.json:1:", false},
		{"import/20,000 containers", j(`{"taskDefinition":{"family":"x","containerDefinitions":[` + strings.TrimSuffix(rep(`{"name":"c"},`, 20000), ",") + `]}}`), imp, 2, "e.json", false},
		{"import/a bare number", j("1e999999"), imp, 2, "e.json", false},
		{"import/random bytes", j(string(pseudoRandom(1 << 16))), imp, 2, "e.json", false},
		{"import/-o dev full", j(`{"taskDefinition":{"family":"x","containerDefinitions":[{"name":"c","memory":512}]}}`), []string{"import", "-o", "/dev/full", "$D/e.json"}, 1, "/dev/full", false},
	}
}

func hostileTraces() []hostileCase {
	tr := func(gs ...gen) []gen { return append([]gen{file("s.toml", minimal+jobs)}, gs...) }
	csv := func(content string) []gen { return tr(file("trace.csv", content)) }
	v := []string{"run", "$D/s.toml"}
	return []hostileCase{
		{"trace/a header of 1,000,000 columns", csv("a,c,m," + strings.Repeat("x,", 1000000) + "y\n1,256,512\n"), v, 2, "trace.csv", false},
		{"trace/a 4 MiB cell", csv("a,c,m\n1,256," + rep("9", 4<<20) + "\n"), v, 2, "trace.csv:2:", false},
		{"trace/an unterminated quote", csv("a,c,m\n1,256,\"512\n" + rep("x\n", 100000)), v, 2, "trace.csv:100002:", false},
		{"trace/NUL bytes", csv("a,c,m\n1,256,5\x0012\n"), v, 2, "trace.csv:2:", false},
		{"trace/invalid UTF-8", csv("a,c,m\n1,256,\xff\n"), v, 2, "trace.csv:2:", false},
		{"trace/a duplicate column", csv("a,c,m,m\n1,256,512,512\n"), v, 2, "trace.csv:1:", false},
		{"trace/absurd numbers", csv("a,c,m\n1e308,1e308,NaN\n-Inf,-1,99999999999999999999999\n"), v, 2, "trace.csv:2:", false},
		{"trace/a count of 1e18", []gen{file("s.toml", minimal+strings.Replace(jobs, "memory = \"m\"", "memory = \"m\", count = \"n\"", 1)),
			file("trace.csv", "a,c,m,n\n1,256,512,1000000000000000000\n")}, v, 2, "trace.csv:2:", false},
		{"trace/random bytes", csv(string(pseudoRandom(1 << 16))), v, 2, "trace.csv", false},
		{"trace/empty", csv(""), v, 2, "trace.csv is empty", false},
		{"trace/dev zero", tr(symlink("trace.csv", "/dev/zero")), v, 2, "trace.csv: not a regular file (a character device)", false},
		{"trace/a FIFO", tr(fifo("trace.csv")), v, 2, "trace.csv: not a regular file (a FIFO)", false},
		{"trace/a directory", tr(subdir("trace.csv")), v, 2, "trace.csv: not a regular file (a directory)", false},
		{"trace/a symlink loop", tr(symlink("trace.csv", "$D/loop.csv"), symlink("loop.csv", "$D/trace.csv")), v, 2, "trace.csv", false},
		{"trace/2,000,000 rows with a run", csv("a,c,m\n" + rep("1,256,512\n", 2000000)), []string{"run", "-max-memory", "64MiB", "$D/s.toml"}, 2, "s.toml", true},
	}
}

func hostileNodeLists() []hostileCase {
	const group = "name = \"h\"\nduration = \"1h\"\n[[instance_groups]]\nname = \"n\"\nnodes = \"nodes.csv\"\n"
	nl := func(gs ...gen) []gen { return append([]gen{file("s.toml", group)}, gs...) }
	csv := func(content string) []gen { return nl(file("nodes.csv", content)) }
	const header = "sn,cpu_milli,memory_mib,gpu,model\n"
	v := []string{"run", "$D/s.toml"}
	return []hostileCase{
		{"nodes/absurd sizes", csv(header + "n1,1e308,-1,99999999999999999999,x\n"), v, 2, "nodes.csv:2:", false},
		{"nodes/NaN", csv(header + "n1,NaN,NaN,NaN,\n"), v, 2, "nodes.csv:2:", false},
		{"nodes/a 4 MiB model", csv(header + "n1,1000,1024,1," + rep("G", 4<<20) + "\n"), v, 2, "nodes.csv", false},
		{"nodes/a NUL byte", csv(header + "n1,1000,10\x0024,0,\n"), v, 2, "nodes.csv:2:", false},
		{"nodes/a header of 1,000,000 columns", csv(strings.TrimSuffix(header, "\n") + rep(",x", 1000000) + "\n"), v, 2, "nodes.csv", false},
		{"nodes/dev zero", nl(symlink("nodes.csv", "/dev/zero")), v, 2, "nodes.csv: not a regular file (a character device)", false},
		{"nodes/a FIFO", nl(fifo("nodes.csv")), v, 2, "nodes.csv: not a regular file (a FIFO)", false},
		{"nodes/1,000,000 nodes under -max-memory 64MiB", csv(header + rep("n,16000,65536,0,\n", 1000000)),
			[]string{"run", "-max-memory", "64MiB", "$D/s.toml"}, 2, "s.toml", true},
	}
}

func hostileAgentConfigs() []hostileCase {
	ac := func(gs ...gen) []gen {
		return append([]gen{file("s.toml", minimal+"agent_config = \"ecs.config\"\n")}, gs...)
	}
	cfg := func(content string) []gen { return ac(file("ecs.config", content)) }
	v := []string{"run", "$D/s.toml"}
	return []hostileCase{
		{"ecs.config/2 MiB", cfg(rep("# x\n", 512<<10)), v, 2, "ecs.config: larger than 1 MiB", false},
		{"ecs.config/dev zero", ac(symlink("ecs.config", "/dev/zero")), v, 2, "ecs.config: not a regular file (a character device)", false},
		{"ecs.config/a FIFO", ac(fifo("ecs.config")), v, 2, "ecs.config: not a regular file (a FIFO)", false},
		{"ecs.config/a directory", ac(subdir("ecs.config")), v, 2, "ecs.config: not a regular file (a directory)", false},
		{"ecs.config/a NUL byte", cfg("ECS_RESERVED_MEMORY=1\x002\n"), v, 2, "ecs.config:1:", false},
		{"ecs.config/invalid UTF-8", cfg("ECS_IMAGE_PULL_BEHAVIOR=\xff\n"), v, 2, "ecs.config:1:", false},
		{"ecs.config/auth data nested 100000 deep", cfg("ECS_ENGINE_AUTH_TYPE=docker\nECS_ENGINE_AUTH_DATA=" + rep("[", 100000) + "\n"), v, 2, "ecs.config:2:", false},
		{"ecs.config/100,000 reserved ports", cfg("ECS_RESERVED_PORTS=[" + strings.TrimSuffix(rep("65535,", 100000), ",") + "]\n"), v, 2, "ecs.config:1:", false},
		{"ecs.config/a memory past int64", cfg("ECS_RESERVED_MEMORY=99999999999999999999999\n"), v, 2, "ecs.config:1:", false},
		{"ecs.config/a 900 KiB cluster name", cfg("ECS_CLUSTER=" + rep("x", 900<<10) + "\n"), v, 2, "a cluster name is 1-255 letters", false},
	}
}

func hostileFlags() []hostileCase {
	ex := "example:binpack-vs-spread"
	two := []string{"-strategies", "binpack-memory,random"}
	return []hostileCase{
		{"flags/compare -seeds 100000000", nil, append([]string{"compare", "-seeds", "100000000", ex}, two...), 2, "more than -max-runs", false},
		{"flags/compare -workers 1000000000", nil, append([]string{"compare", "-seeds", "2", "-workers", "1000000000", ex}, two...), 0, "", false},
		{"flags/compare -seeds past int64", nil, append([]string{"compare", "-seeds", "99999999999999999999", ex}, two...), 2, "-seeds", false},
		{"flags/run -sample 1ns", nil, []string{"run", "-sample", "1ns", "-out", "$D/out", ex}, 2, "-sample", false},
		{"flags/run -trace dev full", nil, []string{"run", "-trace", "/dev/full", ex}, 1, "/dev/full", false},
		{"flags/run -trace a directory", nil, []string{"run", "-trace", "$D", ex}, 1, "$D", false},
		{"flags/run -out dev null", nil, []string{"run", "-out", "/dev/null", ex}, 1, "/dev/null", false},
		{"flags/run -trace-max -1", nil, []string{"run", "-trace-max", "-1", "-trace", "$D/t.jsonl", ex}, 2, "-trace-max", false},
		{"flags/run -max-memory 1e400", nil, []string{"run", "-max-memory", "1e400", ex}, 2, "-max-memory", false},
		{"flags/run -seed past uint64", nil, []string{"run", "-seed", "999999999999999999999", ex}, 2, "-seed", false},
		{"flags/run -strategy of 5,000 items", nil, []string{"run", "-strategy", strings.TrimSuffix(rep("binpack(cpu),", 5000), ","), ex}, 2, "-strategy", false},
		{"flags/run -set nested 100000 deep", nil, []string{"run", "-set", "instance_groups.general.count=" + rep("[", 100000), ex}, 2, "-set", false},
		{"flags/run -set a duration of 1e30 days", nil, []string{"run", "-set", "duration=\"1000000000000000000000000000000d\"", ex}, 2, "duration", false},
		{"flags/run -set a 1e9-instance group", nil, []string{"run", "-set", "instance_groups.general.count=1000000000", ex}, 2, "instance_groups", false},
		{"flags/replay -o dev full", nil, []string{"replay", "-o", "/dev/full", ex}, 1, "/dev/full", false},
		{"flags/replay -o a directory", nil, []string{"replay", "-o", "$D", ex}, 1, "$D", false},
		{"flags/replay -first past int64", nil, []string{"replay", "-o", "$D/r.html", "-first", "99999999999999999999", ex}, 2, "-first", false},
		{"flags/replay -service of 100,000 bytes", nil, []string{"replay", "-o", "$D/r.html", "-service", rep("w", 100_000), ex}, 2, "-service", false},
		{"flags/explain -at 1e6 hours", nil, []string{"explain", "-pending", "-at", "1000000h", ex}, 2, "-at", false},
		{"flags/plan -max 1e12", nil, []string{"plan", "-max", "1000000000000", ex}, 2, "-max", false},
		{"flags/run -cpuprofile dev full", nil, []string{"run", "-cpuprofile", "/dev/full", ex}, 1, "/dev/full", false},
		{"flags/sweep -shard-index past the count", nil, []string{"sweep", "-shard-index", "5", "-shard-count", "2", "-dir", "$D/o", "../../scenarios/examples/sweeps/fleet-size.toml"}, 2, "-shard", false},
		{"flags/merge a result that is dev zero", []gen{subdir("res"), subdir("res/runs"), symlink("res/runs/0000000-x.json", "/dev/zero")},
			[]string{"merge", "$D/res"}, 2, "0000000-x.json: not a regular file (a character device)", false},
	}
}

// inputBytes is the size of the regular files the case wrote into dir.
func inputBytes(t *testing.T, dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}
