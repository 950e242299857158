package experiment

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"path"
	"runtime"
	"strings"
	"time"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/scenarios"
	"github.com/ecssim/ecssim/scheduler"
	"github.com/ecssim/ecssim/sim"
)

// BenchResult is what a standard workload did: its events and placements, and its wall time.
type BenchResult struct {
	Events     uint64        `json:"events"`
	Placements uint64        `json:"placements"`
	Wall       time.Duration `json:"wall_ns"`
	// PeakRSS is the process's peak resident memory in bytes, measured by the parent from
	// the child process that ran the workload alone.
	PeakRSS int64 `json:"peak_rss_bytes,omitempty"`
	// Skipped says why the workload did not run: what it needs and lacks here.
	Skipped string `json:"skipped,omitempty"`
}

// Workload is one of ecssim bench's standard workloads: what it measures, and how.
type Workload struct {
	Name, What string
	Run        func() (BenchResult, error)
}

// Workloads are the standard workloads, in the order ecssim bench runs them.
func Workloads() []Workload {
	var ws []Workload
	for _, n := range []int{1_000, 100_000, 1_000_000} {
		ws = append(ws, Workload{fmt.Sprintf("engine-hold-%s", count(n)),
			fmt.Sprintf("the event engine alone: the hold model with %s events queued, 5M events", count(n)),
			func() (BenchResult, error) { return holdModel(n, 5_000_000), nil }})
	}
	for _, n := range []int{100, 1_000, 10_000, 100_000} {
		for _, s := range []string{"binpack-cpu", "binpack-memory", "spread-az-binpack-memory", "spread-instance", "random"} {
			ws = append(ws, Workload{fmt.Sprintf("place-%s-%s", count(n), s),
				fmt.Sprintf("placement alone: %s m6i.xlarge held half full, 200,000 placements with %s", count(n), s),
				func() (BenchResult, error) { return placement(n, s, 200_000) }})
		}
	}
	ws = append(ws,
		Workload{"e2e-1M", "end to end: 1,000 m5.xlarge at about 80% CPU, Poisson arrivals, lognormal durations, binpack memory, 1,000,000 tasks (26 h)",
			func() (BenchResult, error) { return runScenario("e2e-1M", LoadedFleet("26h")) }},
		Workload{"e2e-10M", "e2e-1M ten times longer (260 h, 10,000,000 tasks): its peak memory should be e2e-1M's",
			func() (BenchResult, error) { return runScenario("e2e-10M", LoadedFleet("260h")) }},
		Workload{"deploy-10k", "10,000 m6i.xlarge, 2,000 services of 10 tasks (half behind target groups), each rolled out to a new revision",
			func() (BenchResult, error) { return runScenario("deploy-10k", manyDeployments(10_000, 2_000)) }},
		Workload{"compare-5x10", "compare: 5 strategies × 10 seeds of e2e at 100,000 tasks (2.6 h), on every core",
			func() (BenchResult, error) { return compareWorkload(LoadedFleet("2h36m")) }},
		Workload{"cell-day", "a Google-cell-sized day: 10,000 instances (m5.2xlarge and r5.2xlarge), about 60,000 jobs of 1 to 10 tasks (batch and long-running)",
			func() (BenchResult, error) { return runScenario("cell-day", cellDay) }},
		Workload{"big-16vcpu", "1,000 m6i.4xlarge (16 vCPU) and 20,000 tasks of 10 to 60 minutes, all submitted at once",
			func() (BenchResult, error) { return runScenario("big-16vcpu", bigInstances) }},
	)
	ws = append(ws, serviceWorkloads()...)
	ws = append(ws, fgdWorkloads()...)
	return append(ws, planWorkloads()...)
}

// ChooseWorkloads picks the workloads of all named by patterns (path.Match patterns such as
// place-* or e2e-1M), pattern by pattern; all of them when there is none. A pattern that does
// not parse is an error wrapping path.ErrBadPattern; one that matches none is an error too.
func ChooseWorkloads(all []Workload, patterns []string) ([]Workload, error) {
	if len(patterns) == 0 {
		return all, nil
	}
	var out []Workload
	for _, pat := range patterns {
		n := 0
		for _, w := range all {
			if ok, err := path.Match(pat, w.Name); err != nil {
				return nil, fmt.Errorf("%q: %w", pat, err)
			} else if ok {
				out = append(out, w)
				n++
			}
		}
		if n == 0 {
			return nil, fmt.Errorf("no workload %q", pat)
		}
	}
	return out, nil
}

// count writes 1000 as 1k and 1000000 as 1m, for workload names.
func count(n int) string {
	switch {
	case n >= 1_000_000 && n%1_000_000 == 0:
		return fmt.Sprintf("%dM", n/1_000_000)
	case n >= 1_000 && n%1_000 == 0:
		return fmt.Sprintf("%dk", n/1_000)
	}
	return fmt.Sprint(n)
}

// holder is the hold model's handler: each event schedules the next at now plus an increment
// drawn from a fixed table, so the queue stays at its size.
type holder struct {
	e   *sim.Engine
	inc []sim.Time
	i   int
}

func (h *holder) Handle(now sim.Time) {
	h.i++
	h.e.Schedule(now+h.inc[h.i&(len(h.inc)-1)], 0, h)
}

// holdModel runs the engine's hold model: n events queued, steps events fired.
func holdModel(n, steps int) BenchResult {
	rng := rand.New(rand.NewPCG(1, 2))
	inc := make([]sim.Time, 1<<16)
	for i := range inc {
		inc[i] = sim.Time(rng.ExpFloat64()*float64(time.Second)) + 1
	}
	e := sim.NewEngine()
	h := &holder{e: e, inc: inc}
	for i := range n {
		e.Schedule(inc[i&(len(inc)-1)], 0, h)
	}
	start := time.Now()
	for range steps {
		e.Step()
	}
	return BenchResult{Events: uint64(steps), Wall: time.Since(start)}
}

// placement measures the placement pipeline alone on n m6i.xlarge over three zones, held about
// half full: each placement of a task of a 200-task service is followed by the stop of the
// oldest task, so the load stays level.
func placement(n int, preset string, placements int) (BenchResult, error) {
	zones := []string{"us-east-1a", "us-east-1b", "us-east-1c"}
	typ, _ := models.LookupInstanceType("m6i.xlarge")
	agent := models.DefaultAgentConfig()
	c := models.NewCluster("default", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), models.TieRandom, 1)
	for i := range n {
		c.Register(models.InstanceSpec{Type: typ, Zone: zones[i%3], Market: models.OnDemand, Agent: &agent, AMIID: "ami-bench"}, uint64(i+1), 0)
	}
	chain, ok := scheduler.LookupPreset(preset)
	if !ok {
		return BenchResult{}, fmt.Errorf("no preset %s", preset)
	}
	p, err := scheduler.NewPipeline(c, scheduler.NewIndex(c), chain, nil, rand.NewPCG(1, 2))
	if err != nil {
		return BenchResult{}, err
	}
	var defs []*models.TaskDefinition
	for _, d := range [][2]int64{{256, 512}, {512, 2048}, {1024, 1024}} {
		def := &models.TaskDefinition{Family: fmt.Sprint("t", d[0]), Revision: 1, CPU: d[0], MemoryMiB: d[1], NetworkMode: models.Bridge,
			Containers: []models.Container{{Name: "app"}}}
		def.Finalize()
		defs = append(defs, def)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	groups := make([]string, 200)
	for i := range groups {
		groups[i] = fmt.Sprint("service:s", i)
	}
	var live []*models.Task
	var placed uint64
	place := func(i int) {
		t := &models.Task{ID: "t", Def: defs[rng.IntN(len(defs))], Group: groups[i%len(groups)], State: models.Provisioning}
		if in, fail := p.Place(t); fail == nil {
			c.Place(t, in, 0)
			live = append(live, t)
			placed++
		}
	}
	// An m6i.xlarge registers 4096 CPU units; tasks average 597, so 3.4 a instance is half.
	for i := range n * 34 / 10 {
		place(i)
	}
	placed = 0
	start := time.Now()
	for i := range placements {
		place(i)
		if len(live) > 0 {
			c.FinishStop(live[0], 0, "bench")
			live = live[1:]
		}
	}
	return BenchResult{Placements: placed, Wall: time.Since(start)}, nil
}

// runScenario runs a scenario as compare runs each of its runs, metrics included, loading
// and building it included; placements are the tasks placed (tasks.started).
func runScenario(name, src string) (BenchResult, error) {
	start := time.Now()
	sc, err := scenarios.Load([]byte(src), name)
	if err != nil {
		return BenchResult{}, err
	}
	res, err := simulate(context.Background(), sc, nil, sc.Seed, nil)
	if err != nil {
		return BenchResult{}, err
	}
	return BenchResult{Events: res.Summary.Events, Placements: uint64(res.Summary.Tasks.Started), Wall: time.Since(start)}, nil
}

// compareWorkload runs compare's grid of 5 strategies × 10 seeds on every core.
func compareWorkload(src string) (BenchResult, error) {
	start := time.Now()
	sc, err := scenarios.Load([]byte(src), "compare")
	if err != nil {
		return BenchResult{}, err
	}
	strategies, err := scenarios.LoadStrategies([]string{"binpack-cpu", "binpack-memory", "spread-az-binpack-memory", "spread-instance", "random"})
	if err != nil {
		return BenchResult{}, err
	}
	sw := scenarios.NewSweep(sc, strategies, 10, 1)
	g := NewGrid(sw, nil, runtime.GOMAXPROCS(0))
	if err := g.Run(context.Background(), g.All()); err != nil {
		return BenchResult{}, err
	}
	res := BenchResult{Wall: time.Since(start)}
	for _, line := range g.lines {
		var sum struct {
			Events uint64 `json:"events"`
			Tasks  struct {
				Started uint64 `json:"started"`
			} `json:"tasks"`
		}
		if err := json.Unmarshal(line, &sum); err != nil {
			return BenchResult{}, err
		}
		res.Events += sum.Events
		res.Placements += sum.Tasks.Started
	}
	return res, nil
}

// LoadedFleet is e2e-1M's scenario, run for duration: 1,000 m5.xlarge held at about 80% of
// their CPU by a Poisson stream of single-task jobs placed with binpack on memory: 1000 × 4096
// CPU units, 80% of which is 6400 tasks of 512 at once; with a lognormal mean of 8 min × e^(0.66²/2) = 9.97 min that takes
// 6400 / 598 s = 10.7 arrivals per second, 38,520 an hour.
func LoadedFleet(duration string) string {
	return `
name = "loaded-fleet"
duration = "` + duration + `"
[[instance_groups]]
type = "m5.xlarge"
count = 1000
[[task_definitions]]
family = "job"
cpu = 512
memory = 1024
containers = [{ name = "job" }]
[[workloads]]
task_definition = "job"
arrival = { process = "poisson", rate = "10.7/s" }
duration = { distribution = "lognormal", median = "8m", sigma = 0.66 }
placement_strategy = [{ type = "binpack", field = "memory" }]
`
}

// manyDeployments is m6i.xlarge instances running services of 10 tasks each, half of them
// behind their own ALB target group with dynamic host ports, each rolled out to a new revision
// once, one service every 10 s from 1h on.
func manyDeployments(instances, services int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `name = "many-deployments"
duration = "%ds"
[[instance_groups]]
type = "m6i.xlarge"
count = %d
`, max(3*3600, 3600+10*services+3600), instances)
	for i := range services {
		for rev := 1; rev <= 2; rev++ {
			fmt.Fprintf(&b, `[[task_definitions]]
family = "svc%d"
cpu = 256
memory = 512
image = { size_mib = %d }
containers = [{ name = "app", port_mappings = [{ container_port = 8080 }] }]
`, i, 100+rev*10)
		}
		fmt.Fprintf(&b, `[[services]]
name = "svc%d"
task_definition = "svc%d:1"
desired_count = 10
`, i, i)
		if i%2 == 0 {
			fmt.Fprintf(&b, `load_balancers = [{ target_group = "tg%d", container_name = "app", container_port = 8080 }]
[[target_groups]]
name = "tg%d"
health_check = { interval = "10s", healthy_threshold = 3 }
deregistration_delay = "30s"
`, i, i)
		}
		fmt.Fprintf(&b, `[[events]]
at = "%ds"
action = "deploy"
service = "svc%d"
task_definition = "svc%d:2"
`, 3600+10*i, i, i)
	}
	return b.String()
}

// bigInstances is 1,000 m6i.4xlarge (16 vCPU, 64 GiB) given 20,000 tasks of half a vCPU and
// 2 GiB at once, each running 10 to 60 minutes: they all fit (32 a instance).
const bigInstances = `
name = "big-16vcpu"
duration = "1h"
[[instance_groups]]
type = "m6i.4xlarge"
count = 1000
[[task_definitions]]
family = "job"
cpu = 512
memory = 2048
containers = [{ name = "job" }]
[[workloads]]
task_definition = "job"
arrival = { process = "fixed", count = 20000, at = "0s" }
duration = { distribution = "uniform", min = "10m", max = "1h" }
placement_strategy = [{ type = "binpack", field = "memory" }]
`

// cellDay is a day of a cluster the size of a Google Borg cell (about 10,000 machines; Verma et
// al., "Large-scale cluster management at Google with Borg", EuroSys 2015): 7,000 m5.2xlarge and
// 3,000 r5.2xlarge over three zones, and about 60,000 jobs a day of 1 to 10 tasks each. Most jobs
// are short batch jobs, binpacked on memory; a fifth are long-running ones, spread over zones,
// that fill the cell through the day (to about 60% of its CPU by the end).
const cellDay = `
name = "cell-day"
duration = "1d"
[[instance_groups]]
name = "general"
type = "m5.2xlarge"
count = 7000
[[instance_groups]]
name = "memory"
type = "r5.2xlarge"
count = 3000
[[task_definitions]]
family = "batch"
cpu = 1024
memory = 2048
containers = [{ name = "batch" }]
[[task_definitions]]
family = "serving"
cpu = 2048
memory = 4096
containers = [{ name = "serving" }]
[[workloads]]
task_definition = "batch"
arrival = { process = "poisson", rate = "48000/d", count = 1, max_count = 10 }
duration = { distribution = "lognormal", median = "15m", sigma = 1.0 }
placement_strategy = [{ type = "binpack", field = "memory" }]
[[workloads]]
task_definition = "serving"
arrival = { process = "poisson", rate = "12000/d", count = 1, max_count = 10 }
duration = { distribution = "lognormal", median = "4h", sigma = 1.0 }
placement_strategy = [{ type = "spread", field = "attribute:ecs.availability-zone" }, { type = "binpack", field = "cpu" }]
`
