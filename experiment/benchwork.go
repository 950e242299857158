package experiment

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/scheduler"
)

// perService is how many instances of the fleet there are for each service of the service
// workloads, and tasksEach how many tasks each service runs: twice as many, so the fleet holds
// two tasks an instance.
const perService, tasksEach = 100, 200

// servicePlacements is how many placements the service workloads time.
const servicePlacements = 20_000

// serviceWorkloads are the service-default and service-binpack workloads at 1k, 10k and 100k
// instances (see serviceBench), the random tie-break at 100k, and the end-to-end run shaped as
// the reference toy.
func serviceWorkloads() []Workload {
	var ws []Workload
	for _, v := range []struct {
		name  string
		chain []models.StrategySpec
	}{
		{"service-default", scheduler.ServiceDefault()},
		{"service-binpack", []models.StrategySpec{{Type: scheduler.Binpack, Field: scheduler.FieldMemory}}},
	} {
		for _, n := range []int{1_000, 10_000, 100_000} {
			ws = append(ws, Workload{fmt.Sprintf("%s-%s", v.name, count(n)),
				fmt.Sprintf("placement alone: %s m6i.xlarge, a service of 200 tasks per 100 instances (two tasks an instance), %s placements with %s",
					count(n), count(servicePlacements), scheduler.ChainName(v.chain)),
				func() (BenchResult, error) { return serviceLoad(n, v.chain, servicePlacements) }})
		}
	}
	ws = append(ws, Workload{"place-100k-random-tie",
		"placement alone: 100k m6i.xlarge held half full, 200,000 placements with spread-az, whose ties (every feasible instance of the zone with the fewest of the service) go to the random tie-break",
		func() (BenchResult, error) { return placement(100_000, "spread-az", 200_000) }})
	ws = append(ws, Workload{"hold-100k", "memory: 100,000 m5.xlarge and 340,000 tasks of 512 CPU units and 1 GiB arriving over an hour (Poisson, 94.4/s), each held 2 to 3 h, binpack memory",
		func() (BenchResult, error) { return runScenario("hold-100k", hold100k) }})
	return append(ws, Workload{"e2e-ref", "end to end, shaped as the bare reference toy: 1,000 instances of 4096 CPU and 16384 MiB, 14 task sizes, Poisson arrivals at 80% of the memory, lognormal durations (mean 1 h, σ 1), binpack memory, 1,000,000 tasks (311 h)",
		func() (BenchResult, error) { return runScenario("e2e-ref", refShape(1_000_000)) }})
}

// serviceBench is a fleet of m6i.xlarge over three zones that runs a service for every
// perService instances, each of tasksEach tasks, as a cluster of many small services does:
// the fleet is filled past one task an instance, and each placement goes through the
// service's own pipeline over the whole fleet, under the chain measured.
type serviceBench struct {
	c      *models.Cluster
	ps     []*scheduler.Pipeline // service s's
	defs   []*models.TaskDefinition
	groups []string
	live   [][]*models.Task // service s's active tasks, oldest first
}

func newServiceBench(n int, chain []models.StrategySpec) (*serviceBench, error) {
	zones := []string{"us-east-1a", "us-east-1b", "us-east-1c"}
	typ, _ := models.LookupInstanceType("m6i.xlarge")
	agent := models.DefaultAgentConfig()
	c := models.NewCluster("default", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), models.TieRandom, 1)
	ix := scheduler.NewIndex(c)
	for i := range n {
		c.Register(models.InstanceSpec{Type: typ, Zone: zones[i%3], Market: models.OnDemand, Agent: &agent, AMIID: "ami-bench"}, uint64(i+1), 0)
	}
	b := &serviceBench{c: c}
	sizes := [][2]int64{{256, 512}, {512, 2048}, {1024, 1024}}
	for s := range n / perService {
		p, err := scheduler.NewPipeline(c, ix, chain, nil, rand.NewPCG(1, uint64(s)))
		if err != nil {
			return nil, err
		}
		d := sizes[s%len(sizes)]
		def := &models.TaskDefinition{Family: fmt.Sprint("svc", s), Revision: 1, CPU: d[0], MemoryMiB: d[1], NetworkMode: models.Bridge,
			Containers: []models.Container{{Name: "app"}}}
		def.Finalize()
		b.ps, b.defs = append(b.ps, p), append(b.defs, def)
		b.groups = append(b.groups, fmt.Sprint("service:svc", s))
	}
	b.live = make([][]*models.Task, len(b.defs))
	return b, nil
}

// fill gives service s its tasksEach tasks on the instances from s*tasksEach on, wrapping
// around the fleet, placed directly (at a cost that would dwarf what is measured): every
// instance holds two tasks, of two services, and each service runs on a band of instances over
// every zone, so that placing it is not a walk to the first empty instance.
func (b *serviceBench) fill() {
	ins := b.c.Instances()
	for s, def := range b.defs {
		for j := range tasksEach {
			t := &models.Task{ID: "t", Def: def, Group: b.groups[s], State: models.Provisioning}
			b.c.Place(t, ins[(s*tasksEach+j)%len(ins)], 0)
			b.live[s] = append(b.live[s], t)
		}
	}
}

// step places a task of service i (mod the services) through the pipeline and stops the
// service's oldest task, so that its count stays level; it reports whether the task found a
// place.
func (b *serviceBench) step(i int) bool {
	s := i % len(b.defs)
	t := &models.Task{ID: "t", Def: b.defs[s], Group: b.groups[s], State: models.Provisioning}
	in, fail := b.ps[s].Place(t)
	if fail == nil {
		b.c.Place(t, in, 0)
		b.live[s] = append(b.live[s], t)
	}
	b.c.FinishStop(b.live[s][0], 0, "bench")
	b.live[s] = b.live[s][1:]
	return fail == nil
}

// serviceLoad times placements steps of a serviceBench of n instances under chain, filled to
// two tasks an instance.
func serviceLoad(n int, chain []models.StrategySpec, placements int) (BenchResult, error) {
	b, err := newServiceBench(n, chain)
	if err != nil {
		return BenchResult{}, err
	}
	b.fill()
	var placed uint64
	start := time.Now()
	for i := range placements {
		if b.step(i) {
			placed++
		}
	}
	return BenchResult{Placements: placed, Wall: time.Since(start)}, nil
}

// refShape is the work of the bare reference toy that ecssim is timed against (yardstick's
// e2e) as a scenario: 1,000 instances of 4096 CPU units and 16384 MiB; tasks of 256 to 4096 CPU units
// (30, 30, 20, 15 and 5%) with 2, 4 or 8 times as many MiB (2 or 4 times for 4096), in equal
// shares; Poisson arrivals that offer 80% of the fleet's memory; lognormal durations of mean 1 h
// and σ 1 (a median of e^-0.5 h); binpack on memory; about tasks arrivals.
func refShape(tasks int) string {
	const instances, instMem, load, meanDur, sigma = 1000, 16384, 0.80, 3600.0, 1.0
	type size struct {
		cpu    int
		share  float64
		ratios []int
	}
	sizes := []size{{256, 0.30, []int{2, 4, 8}}, {512, 0.30, []int{2, 4, 8}}, {1024, 0.20, []int{2, 4, 8}},
		{2048, 0.15, []int{2, 4, 8}}, {4096, 0.05, []int{2, 4}}}
	meanMem := 0.0
	for _, s := range sizes {
		for _, r := range s.ratios {
			meanMem += s.share / float64(len(s.ratios)) * float64(s.cpu*r)
		}
	}
	perHour := load * instances * instMem / (meanDur * meanMem) * 3600
	var b strings.Builder
	fmt.Fprintf(&b, "name = \"e2e-ref\"\nduration = \"%.3fh\"\n", float64(tasks)/perHour)
	fmt.Fprintf(&b, "[[instance_types]]\nname = \"ref-4vcpu-16gib\"\ncpu = 4096\nmemory = %d\n", instMem)
	fmt.Fprintf(&b, "[[instance_groups]]\ntype = \"ref-4vcpu-16gib\"\ncount = %d\n", instances)
	median := meanDur * math.Exp(-sigma*sigma/2)
	for _, s := range sizes {
		for _, r := range s.ratios {
			fam := fmt.Sprintf("t%d-%d", s.cpu, s.cpu*r)
			fmt.Fprintf(&b, "[[task_definitions]]\nfamily = %q\ncpu = %d\nmemory = %d\ncontainers = [{ name = \"job\" }]\n", fam, s.cpu, s.cpu*r)
			fmt.Fprintf(&b, "[[workloads]]\ntask_definition = %q\narrival = { process = \"poisson\", rate = \"%.4f/h\" }\n", fam, perHour*s.share/float64(len(s.ratios)))
			fmt.Fprintf(&b, "duration = { distribution = \"lognormal\", median = \"%.1fs\", sigma = %g }\n", median, sigma)
			b.WriteString("placement_strategy = [{ type = \"binpack\", field = \"memory\" }]\n")
		}
	}
	return b.String()
}

// hold100k is the fleet and load at which the whole run's peak memory is measured: every task
// that arrives is still running at the end, so the run holds 340,000 tasks on 100,000
// instances at once.
const hold100k = `
name = "hold-100k"
duration = "1h"
[[instance_groups]]
type = "m5.xlarge"
count = 100000
[[task_definitions]]
family = "job"
cpu = 512
memory = 1024
containers = [{ name = "job" }]
[[workloads]]
task_definition = "job"
arrival = { process = "poisson", rate = "94.4/s" }
duration = { distribution = "uniform", min = "2h", max = "3h" }
placement_strategy = [{ type = "binpack", field = "memory" }]
`
