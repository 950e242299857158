package scenarios

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/sim"
	"github.com/google/go-cmp/cmp"
)

// traceScenario is a scenario of one m5.4xlarge (16 vCPU, 64 GiB) and a trace workload with
// the given keys, reading jobs.csv.
func traceScenario(keys string) string {
	return `duration = "1h"
[[instance_groups]]
type = "m5.4xlarge"
count = 1
[[workloads]]
name = "jobs"
trace = "jobs.csv"
` + keys
}

// row is what a test compares of a trace row.
type row struct {
	At, Life time.Duration
	Count    int
	CPU, Mem int64
	Ref      string
}

func rowsOf(r *models.Replay) []row {
	var out []row
	for _, t := range r.Rows {
		c := t.Def.Charge()
		out = append(out, row{t.At, t.Life, t.Count, c.CPU, c.MemoryMiB, t.Def.Ref()})
	}
	return out
}

// TestTraceMapping reads small traces through the csv format's column mapping and units, with
// each expected row worked out by hand from the file.
func TestTraceMapping(t *testing.T) {
	const end = models.RunsToEnd
	tests := []struct {
		name, keys, csv string
		want            []row
	}{{
		name: "seconds, vCPU and GiB, departures and counts",
		keys: `columns = { arrival = "t", departure = "end", cpu = "cpu", memory = "mem", count = "n" }
cpu_unit = "vcpu"
memory_unit = "GiB"`,
		// Times count from the earliest arrival (100): rows at 0 s and 30 s. 0.5 vCPU is 512
		// units, 1.5 GiB is 1536 MiB. The third row has no departure: it runs to the end.
		csv: "t,end,cpu,mem,n\n130,190,2,4,3\n100,400,0.5,1.5,\n160,,1,1,1\n",
		want: []row{
			{0, 300 * time.Second, 1, 512, 1536, "jobs:1"},
			{30 * time.Second, 60 * time.Second, 3, 2048, 4096, "jobs:1"},
			{60 * time.Second, end, 1, 1024, 1024, "jobs:1"},
		},
	}, {
		name: "milliseconds, millicores and bytes, durations",
		keys: `columns = { arrival = "ts", duration = "ms", cpu = "m", memory = "b" }
time_unit = "1ms"
cpu_unit = "millicores"
memory_unit = "bytes"`,
		// 1500 millicores × 1.024 = 1536 units; 268435456 bytes = 256 MiB; 2500 ms = 2.5 s.
		csv: "ts,ms,m,b\n5000,2500,1500,268435456\n5000,,250,1048576000\n",
		want: []row{
			{0, 2500 * time.Millisecond, 1, 1536, 256, "jobs:1"},
			{0, end, 1, 256, 1000, "jobs:1"},
		},
	}, {
		name: "time_scale, and ECS's minimums",
		keys: `columns = { arrival = "t", departure = "e", cpu = "c", memory = "m" }
time_scale = 0.5`,
		// Half speed: 60 s of trace is 30 s. 100 units is raised to ECS's task minimum of 128,
		// 2 MiB to the container minimum of 6.
		csv: "t,e,c,m\n0,60,100,2\n60,180,4096,8192\n",
		want: []row{
			{0, 30 * time.Second, 1, 128, 6, "jobs:1"},
			{30 * time.Second, 60 * time.Second, 1, 4096, 8192, "jobs:1"},
		},
	}, {
		name: "departures = false",
		keys: `columns = { arrival = "t", departure = "e", cpu = "c", memory = "m" }
departures = false`,
		csv:  "t,e,c,m\n0,60,256,512\n",
		want: []row{{0, end, 1, 256, 512, "jobs:1"}},
	}, {
		name: "a template's family and revision, with RunTask's overrides",
		keys: `task_definition = "batch"
columns = { arrival = "t", cpu = "c", memory = "m" }`,
		csv:  "t,c,m\n0,2048,4096\n",
		want: []row{{0, end, 1, 2048, 4096, "batch:1"}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := traceScenario(tt.keys) + "\n" + `[[task_definitions]]
family = "batch"
cpu = 256
memory = 512
containers = [{ name = "app", port_mappings = [{ container_port = 80 }] }]
`
			sc, err := loadWithFiles(src, map[string]string{"jobs.csv": tt.csv})
			if err != nil {
				t.Fatal(err)
			}
			w := sc.Workloads[0]
			if diff := cmp.Diff(tt.want, rowsOf(w.Trace)); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
			if w.Group != "family:"+w.Def.Family {
				t.Errorf("group %q, want family:%s", w.Group, w.Def.Family)
			}
		})
	}
}

// TestTraceOverridesKeepTheDefinition checks that a row's size replaces only the task-level
// cpu and memory of the template: its ports stay.
func TestTraceOverridesKeepTheDefinition(t *testing.T) {
	src := traceScenario(`task_definition = "web"
columns = { arrival = "t", cpu = "c", memory = "m" }
`) + `[[task_definitions]]
family = "web"
cpu = 256
memory = 512
containers = [{ name = "app", port_mappings = [{ container_port = 80, host_port = 8080 }] }]
`
	sc, err := loadWithFiles(src, map[string]string{"jobs.csv": "t,c,m\n0,1024,2048\n"})
	if err != nil {
		t.Fatal(err)
	}
	d := sc.Workloads[0].Trace.Rows[0].Def
	if got := d.StaticPorts(); len(got) != 1 || got[0].HostPort != 8080 {
		t.Errorf("static ports %v, want the template's 8080", got)
	}
	if d.Charge() != (models.Resources{CPU: 1024, MemoryMiB: 2048}) {
		t.Errorf("charge %v, want the row's", d.Charge())
	}
}

// TestTraceProblems checks that bad traces and bad keys are reported where they are.
func TestTraceProblems(t *testing.T) {
	csvKeys := `columns = { arrival = "t", departure = "e", cpu = "c", memory = "m" }` + "\n"
	tests := []struct {
		name, keys, csv string
		want            []string
	}{{
		name: "a missing column",
		keys: `columns = { arrival = "t", cpu = "cpu", memory = "m" }` + "\n",
		csv:  "t,c,m\n0,1,1\n",
		want: []string{`scenario.toml:7:9: workloads[0].trace: jobs.csv has no column "cpu" (its columns: t, c, m)`},
	}, {
		name: "cells that are not numbers",
		keys: csvKeys,
		csv:  "t,e,c,m\n0,10,abc,512\n-5,10,256,512\n0,,256,\n",
		want: []string{
			`jobs.csv:2:6: c: "abc" is not a number`,
			`jobs.csv:3:1: t: -5 is negative`,
			`jobs.csv:4:8: m: empty: want a number`,
		},
	}, {
		name: "a departure before its arrival",
		keys: csvKeys,
		csv:  "t,e,c,m\n100,50,256,512\n",
		want: []string{`jobs.csv:2:5: e: 50 is before the arrival, 100`},
	}, {
		name: "a task larger than ECS allows",
		keys: csvKeys,
		csv:  "t,e,c,m\n0,10,200000,512\n",
		want: []string{`jobs.csv:2:6: c: 200000 is 200000 CPU units, above ECS's task maximum of 196608`},
	}, {
		name: "a ragged row",
		keys: csvKeys,
		csv:  "t,e,c,m\n0,10,256\n",
		want: []string{`jobs.csv:2:1: wrong number of fields`},
	}, {
		name: "an empty file",
		keys: csvKeys,
		csv:  "",
		want: []string{`scenario.toml:7:9: workloads[0].trace: jobs.csv is empty: want a header row naming the columns`},
	}, {
		name: "a header and no rows",
		keys: csvKeys,
		csv:  "t,e,c,m\n",
		want: []string{`scenario.toml:7:9: workloads[0].trace: jobs.csv has no rows`},
	}, {
		name: "no columns for the csv format",
		keys: "",
		csv:  "t,c,m\n0,1,1\n",
		want: []string{
			`scenario.toml:5:3: workloads[0].columns.arrival: required: the column of the trace that holds it (or trace_format = "openb")`,
			`scenario.toml:5:3: workloads[0].columns.cpu: required: the column of the trace that holds it (or trace_format = "openb")`,
			`scenario.toml:5:3: workloads[0].columns.memory: required: the column of the trace that holds it (or trace_format = "openb")`,
		},
	}, {
		name: "departure and duration",
		keys: `columns = { arrival = "t", departure = "e", duration = "d", cpu = "c", memory = "m" }` + "\n",
		csv:  "t,e,d,c,m\n0,1,1,1,1\n",
		want: []string{`scenario.toml:8:56: workloads[0].columns.duration: set departure or duration, not both`},
	}, {
		name: "columns with the openb format",
		keys: `trace_format = "openb"` + "\n" + csvKeys + `cpu_unit = "vcpu"` + "\n",
		csv:  "t\n",
		want: []string{
			`scenario.toml:9:11: workloads[0].columns: the openb format fixes its columns and units; columns is for trace_format = "csv"`,
			`scenario.toml:10:12: workloads[0].cpu_unit: the openb format fixes its columns and units; cpu_unit is for trace_format = "csv"`,
		},
	}, {
		name: "an unknown unit",
		keys: csvKeys + `memory_unit = "mib"` + "\n",
		csv:  "t,e,c,m\n0,1,1,1\n",
		want: []string{`scenario.toml:9:15: workloads[0].memory_unit: want MiB, GiB, KiB, bytes, MB or GB, got "mib"`},
	}, {
		name: "shuffle and a target load",
		keys: csvKeys + "shuffle = true\ntarget_load = 0.5\n",
		csv:  "t,e,c,m\n0,1,1,1\n",
		want: []string{`scenario.toml:9:11: workloads[0].shuffle: rows drawn to a target load are in random order already; set shuffle or target_load, not both`},
	}, {
		name: "arrivals with a trace",
		keys: csvKeys + `arrival = { process = "poisson", rate = "1/s" }` + "\n",
		csv:  "t,e,c,m\n0,1,1,1\n",
		want: []string{`scenario.toml:9:11: workloads[0].arrival: a trace workload takes its arrivals and lifetimes from the trace`},
	}, {
		name: "target_resource without target_load",
		keys: csvKeys + `target_resource = "memory"` + "\n",
		csv:  "t,e,c,m\n0,1,1,1\n",
		want: []string{`scenario.toml:9:19: workloads[0].target_resource: says what target_load counts, which the workload does not set`},
	}, {
		name: "times and sizes too large to hold",
		keys: csvKeys + `time_unit = "1h"` + "\n",
		csv:  "t,e,c,m\n1e308,,512,512\n0,1e7,512,512\n0,10,1e300,512\n0,10,1e19,512\n0,10,512,1e19\n",
		want: []string{
			`jobs.csv:2:1: t: 1e308 is too late a time: more than 1e+15 seconds`,
			`jobs.csv:3:3: e: 1e7 is more than 100 years after the arrival`,
			`jobs.csv:4:6: c: 1e300 is 1e+300 CPU units, above ECS's task maximum of 196608`,
			`jobs.csv:5:6: c: 1e19 is 1e+19 CPU units, above ECS's task maximum of 196608`,
			`jobs.csv:6:10: m: 1e19 is 1e+19 MiB, more than any instance has`,
		},
	}, {
		name: "a column named by number, not by its name", // once a panic: no column to read
		keys: `columns = { arrival = "t", cpu = 2, memory = "m" }` + "\n",
		csv:  "t,c,m\n0,1,1\n",
		want: []string{`scenario.toml:8:34: workloads[0].columns.cpu: want a string, got integer 2`},
	}, {
		name: "a column named twice",
		keys: csvKeys,
		csv:  "t,e,c,c,m\n0,1,1,1,1\n",
		want: []string{`jobs.csv:1:7: column "c" is named twice (first as column 3)`},
	}, {
		name: "a file that is not there",
		keys: csvKeys,
		want: []string{`scenario.toml:7:9: workloads[0].trace: jobs.csv does not exist (a relative path is read from the scenario file's directory)`},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"jobs.csv": tt.csv}
			if tt.name == "a file that is not there" {
				files = nil
			}
			_, err := loadWithFiles(traceScenario(tt.keys), files)
			if diff := cmp.Diff(tt.want, problemLines(t, err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

// TestTraceKeysNeedATrace checks that trace keys on an ordinary workload are errors.
func TestTraceKeysNeedATrace(t *testing.T) {
	src := oneWorkload("1h", "m5.large", 1, `{ process = "periodic", every = "1m" }`, `{ distribution = "constant", value = "1m" }`) +
		"shuffle = true\ntime_scale = 2\n"
	_, err := Load([]byte(src), "scenario.toml")
	want := []string{
		`scenario.toml:14:11: workloads[0].shuffle: is for a workload that replays a trace (set trace)`,
		`scenario.toml:15:14: workloads[0].time_scale: is for a workload that replays a trace (set trace)`,
	}
	if diff := cmp.Diff(want, problemLines(t, err)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

// TestTraceRuns replays a trace whose numbers can be worked by hand: ten tasks of 1024 CPU
// units, one every 10 s, each running 100 s once RUNNING, on one m5.4xlarge (16384 units).
// Every task fits (at most ten run at once), so each starts, and by Little's law the CPU
// reserved on average over the first 200 s is the offered load: 10 tasks × 1024 × 100 s /
// (16384 × 200 s) = 0.3125, here a little more, since a task holds its CPU from placement, 2 s
// before RUNNING: 10 × 1024 × 102 / (16384 × 200) = 0.31875.
func TestTraceRuns(t *testing.T) {
	var csv strings.Builder
	csv.WriteString("t,e,c,m\n")
	for i := range 10 {
		fmt.Fprintf(&csv, "%d,%d,1024,1024\n", 10*i, 10*i+100)
	}
	src := strings.Replace(traceScenario(`columns = { arrival = "t", departure = "e", cpu = "c", memory = "m" }`),
		`duration = "1h"`, `duration = "200s"`, 1)
	sc, err := loadWithFiles(src, map[string]string{"jobs.csv": csv.String()})
	if err != nil {
		t.Fatal(err)
	}
	n, held := counter{}, &cpuSeconds{}
	if _, err := runChecked(t, sc, n, held); err != nil {
		t.Fatal(err)
	}
	if n[models.TaskPlaced] != 10 || n[models.TaskStopped] != 10 {
		t.Errorf("placed %d, stopped %d; want 10 and 10", n[models.TaskPlaced], n[models.TaskStopped])
	}
	if got := held.area / (16384 * 200); math.Abs(got-0.31875) > 1e-12 {
		t.Errorf("mean CPU reserved %g, want 0.31875", got)
	}
	if got := models.OfferedLoad(sc.Workloads[0].Trace.Rows, models.Resources{CPU: 16384, MemoryMiB: 1}, 200*time.Second, false); math.Abs(got-0.3125) > 1e-12 {
		t.Errorf("offered load %g, want 0.3125", got)
	}
}

// cpuSeconds integrates the CPU units tasks hold from placement to TaskStopped.
type cpuSeconds struct {
	held int64
	last sim.Time
	area float64
}

func (c *cpuSeconds) Observe(now sim.Time, e models.Event) {
	c.area += float64(c.held) * time.Duration(now-c.last).Seconds()
	c.last = now
	switch e.Kind {
	case models.TaskPlaced:
		c.held += e.Task.Def.Charge().CPU
	case models.TaskStopped:
		c.held -= e.Task.Def.Charge().CPU
	}
}

// eventLog records every event's time, kind, task and instance.
type eventLog []string

func (l *eventLog) Observe(now sim.Time, e models.Event) {
	s := fmt.Sprintf("%d %v", now, e.Kind)
	if e.Task != nil {
		s += " " + e.Task.ID + " " + e.Task.Def.Ref()
	}
	if e.Instance != nil {
		s += " " + e.Instance.ID
	}
	*l = append(*l, s)
}

// TestTraceReplayDeterministic replays a shuffled and a drawn trace twice on each of two seeds:
// one seed gives one run, event for event, and the two seeds give two.
func TestTraceReplayDeterministic(t *testing.T) {
	var csv strings.Builder
	csv.WriteString("t,e,c,m\n")
	for i := range 60 {
		fmt.Fprintf(&csv, "%d,%d,%d,%d\n", 7*i, 7*i+50+i%13*20, 256*(1+i%7), 512*(1+i%5))
	}
	for _, keys := range []string{"shuffle = true", "target_load = 0.7"} {
		t.Run(keys, func(t *testing.T) {
			src := strings.Replace(traceScenario(`columns = { arrival = "t", departure = "e", cpu = "c", memory = "m" }`+"\n"+keys+"\n"),
				`type = "m5.4xlarge"`, `type = "m5.large"`, 1) + "placement_strategy = [{ type = \"random\" }]\n"
			sc, err := loadWithFiles(src, map[string]string{"jobs.csv": csv.String()})
			if err != nil {
				t.Fatal(err)
			}
			runs := map[uint64][]eventLog{}
			for _, seed := range []uint64{1, 1, 2, 2} {
				run, err := Build(sc, Options{Seed: &seed})
				if err != nil {
					t.Fatal(err)
				}
				var l eventLog
				run.Sim.AddObserver(&l)
				run.Sim.Run()
				runs[seed] = append(runs[seed], l)
			}
			if diff := cmp.Diff(runs[1][0], runs[1][1]); diff != "" {
				t.Errorf("seed 1 gave two runs (-first +second):\n%s", diff)
			}
			if cmp.Equal(runs[1][0], runs[2][0]) {
				t.Error("seeds 1 and 2 gave the same run")
			}
		})
	}
}

// TestTraceTargetCountsThisCluster checks that a target load is a share of the capacity of the
// instance groups in the scenario's cluster only: a group whose agent joins another cluster
// never runs the workload's tasks.
func TestTraceTargetCountsThisCluster(t *testing.T) {
	src := traceScenario(`columns = { arrival = "t", departure = "e", cpu = "c", memory = "m" }`+"\ntarget_load = 0.5\n") + `
[[instance_groups]]
name = "elsewhere"
type = "m5.4xlarge"
count = 3
agent = { cluster = "other" }
`
	sc, err := loadWithFiles(src, map[string]string{"jobs.csv": "t,e,c,m\n0,60,1024,1024\n"})
	if err != nil {
		t.Fatal(err)
	}
	// One m5.4xlarge: 16 vCPU, 16384 units; the other group's three do not count.
	if got := models.FleetCapacity(sc.InstanceGroups, sc.Cluster).CPU; got != 16384 {
		t.Errorf("capacity %d CPU units, want 16384", got)
	}
}

// TestTraceOverrideWarning checks the warning for rows smaller than the template's containers.
func TestTraceOverrideWarning(t *testing.T) {
	src := traceScenario(`task_definition = "big"
columns = { arrival = "t", cpu = "c", memory = "m" }
`) + `[[task_definitions]]
family = "big"
containers = [{ name = "app", cpu = 1024, memory = 2048 }]
`
	sc, err := loadWithFiles(src, map[string]string{"jobs.csv": "t,c,m\n0,256,512\n0,2048,4096\n"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"scenario.toml:8:19: warning: workloads[0].task_definition: 1 of the trace's rows are smaller than the containers of big:1 " +
		"(1024 CPU units in all, a container of 2048 MiB), a task size ECS would refuse; they run at the rows' sizes"}
	if diff := cmp.Diff(want, problemLines(t, sc.Warnings)); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}
