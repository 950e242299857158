package experiment

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/scenarios"
)

// planScenario is n tasks of cpu CPU units and mem MiB of one service (with a static host
// port when port is set) on m6i.xlarge instances (4096 CPU, 15714 MiB registered with 256 MiB
// reserved) over three zones.
func planScenario(t *testing.T, n, cpu, mem, port int, strategy string) *scenarios.Scenario {
	t.Helper()
	portLine := ""
	if port > 0 {
		portLine = fmt.Sprintf("port_mappings = [{ container_port = %d, host_port = %d }]", port, port)
	}
	src := fmt.Sprintf(`
name = "plan"
duration = "1h"
seed = 1
[[instance_groups]]
name = "fleet"
type = "m6i.xlarge"
count = 1
zones = ["us-east-1a", "us-east-1b", "us-east-1c"]
agent = { reserved_memory = 256 }
[[task_definitions]]
family = "app"
cpu = %d
memory = %d
  [[task_definitions.containers]]
  name = "app"
  %s
[[services]]
name = "app"
task_definition = "app"
desired_count = %d
placement_strategy = %s
`, cpu, mem, portLine, n, strategy)
	sc, err := scenarios.Load([]byte(src), "plan.toml")
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// TestPlanHandComputed sizes fleets whose answers follow from arithmetic: a service's tasks
// fill each m6i.xlarge (4096 CPU units, 15714 MiB) up to its tightest dimension, or to one
// task an instance where they bind a static host port.
func TestPlanHandComputed(t *testing.T) {
	binpack := `[{ type = "binpack", field = "memory" }]`
	spread := `[{ type = "spread", field = "instanceId" }]`
	type want struct {
		Count          int
		Bound, FFD     int
		BoundBy, Binds string
	}
	tests := []struct {
		name string
		sc   *scenarios.Scenario
		want want
	}{{
		// 10 × 1024 CPU = 10,240 over 4,096 a instance: ⌈2.5⌉ = 3, four tasks an instance.
		name: "CPU sets it: ten 1-vCPU tasks need three",
		sc:   planScenario(t, 10, 1024, 1024, 0, binpack),
		want: want{Count: 3, Bound: 3, FFD: 3, BoundBy: "cpu", Binds: TargetNeverPlaced},
	}, {
		// 12 × 4096 MiB = 49,152 MiB over 15,714: ⌈3.13⌉ = 4; but three tasks fit an
		// instance (4 × 4096 > 15,714), so 12 tasks need 4 instances by packing as well.
		name: "memory sets it: twelve 4-GiB tasks need four",
		sc:   planScenario(t, 12, 256, 4096, 0, spread),
		want: want{Count: 4, Bound: 4, FFD: 4, BoundBy: "memory", Binds: TargetNeverPlaced},
	}, {
		// 5,000 MiB: three an instance (15,000 ≤ 15,714), by memory 10 × 5000 / 15714 =
		// ⌈3.18⌉ = 4, by packing ⌈10/3⌉ = 4.
		name: "packing and bound agree at four",
		sc:   planScenario(t, 10, 256, 5000, 0, binpack),
		want: want{Count: 4, Bound: 4, FFD: 4, BoundBy: "memory", Binds: TargetNeverPlaced},
	}, {
		// A static host port: one task an instance, whatever its size.
		name: "a static host port needs one instance a task",
		sc:   planScenario(t, 5, 256, 256, 8080, binpack),
		want: want{Count: 5, Bound: 5, FFD: 5, BoundBy: "ports:tcp/8080", Binds: TargetNeverPlaced},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			plans, err := PlanFleet(context.Background(), tc.sc, PlanOptions{
				Seeds: 2, FirstSeed: 1, Quantile: 1, Max: 50, Workers: 2,
				Targets: PlanTargets{Availability: 0.999},
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(plans) != 1 || plans[0].Count == nil {
				t.Fatalf("plans %+v: want one with a count", plans)
			}
			p := plans[0]
			got := want{*p.Count, p.LowerBound, p.FirstFitDecreasing, p.BoundBy, p.BindingTarget}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("plan (-want +got):\n%s\ntried %+v", diff, p.Tried)
			}
		})
	}
}

// TestPlanNoneFits runs nothing when a task is larger than the type: no count holds it.
func TestPlanNoneFits(t *testing.T) {
	sc := planScenario(t, 2, 8192, 1024, 0, `[{ type = "binpack", field = "cpu" }]`)
	plans, err := PlanFleet(context.Background(), sc, PlanOptions{
		Seeds: 2, FirstSeed: 1, Quantile: 1, Max: 6, Workers: 1, Targets: PlanTargets{Availability: 0.999},
	})
	if err != nil {
		t.Fatal(err)
	}
	if plans[0].Count != nil {
		t.Fatalf("count %d: want none (8192 CPU units fit no m6i.xlarge)", *plans[0].Count)
	}
	if p := plans[0]; p.FitNowhere != 2 || len(p.Tried) != 0 {
		t.Errorf("fit nowhere %d, tried %v: want 2 tasks that fit nowhere and no run", p.FitNowhere, p.Tried)
	}
}

// TestPlanGroup finds the group to size, and refuses to guess among several.
func TestPlanGroup(t *testing.T) {
	sc := planScenario(t, 1, 256, 256, 0, `[{ type = "binpack", field = "cpu" }]`)
	if g, err := findPlanGroup(sc, ""); err != nil || g.name != "fleet" {
		t.Errorf("the only group: got %q, %v", g.name, err)
	}
	if _, err := findPlanGroup(sc, "other"); err == nil {
		t.Error("a group of no such name: want an error")
	}
	two := *sc
	other := *sc.InstanceGroups[0]
	other.Name = "other"
	two.InstanceGroups = []*models.InstanceGroup{sc.InstanceGroups[0], &other}
	if _, err := findPlanGroup(&two, ""); err == nil {
		t.Error("two groups and no -group: want an error")
	}
}

// TestPlanNoneUpToMax gallops to the maximum and gives no count when no count meets the
// targets: no task reaches RUNNING within a nanosecond.
func TestPlanNoneUpToMax(t *testing.T) {
	sc := planScenario(t, 4, 1024, 1024, 0, `[{ type = "binpack", field = "cpu" }]`)
	plans, err := PlanFleet(context.Background(), sc, PlanOptions{
		Seeds: 2, FirstSeed: 1, Quantile: 1, Max: 9, Workers: 1, Targets: PlanTargets{Availability: 0.5, PendingP99: 1},
	})
	if err != nil {
		t.Fatal(err)
	}
	var counts []int
	for _, tr := range plans[0].Tried {
		counts = append(counts, tr.Count)
	}
	// The bound is 1 (4 × 1024 CPU units on one instance): 1, then 1 + 1, 2 + 2, 4 + 4, 9.
	if diff := cmp.Diff([]int{1, 2, 4, 8, 9}, counts); diff != "" || plans[0].Count != nil {
		t.Errorf("count %v; counts tried (-want +got):\n%s", plans[0].Count, diff)
	}
}

// TestPlanFargate prices a service on Fargate: 10 tasks of 300 CPU units and 600 MiB round up
// to 512 / 1024 (0.5 vCPU, 1 GB), $0.5 × 0.04048 + 1 × 0.004445 = $0.024685 an hour, for 730
// hours: $180.2005. Asked for, 300/1024 vCPU and 600/1024 GB cost $0.01446367 an hour: the
// rounding overhead is 1 − 0.01446367/0.024685 = 41.41%. Half on FARGATE_SPOT (70% off): ×0.65.
func TestPlanFargate(t *testing.T) {
	sc := planScenario(t, 10, 300, 600, 0, `[{ type = "binpack", field = "cpu" }]`)
	plans := PlanFargate(sc, 0.5)
	hourly := 0.5*0.04048 + 0.004445
	asked := 300.0/1024*0.04048 + 600.0/1024*0.004445
	type row struct {
		Capacity       string
		Cost, Overhead float64
		Size           [2]int64
	}
	var got []row
	for _, p := range plans {
		got = append(got, row{p.Capacity, p.CostPerMonth, p.RoundingOverhead, [2]int64{p.PerOwner[0].FargateCPU, p.PerOwner[0].FargateMemoryMiB}})
	}
	want := []row{
		{"FARGATE", 10 * 730 * hourly, 1 - asked/hourly, [2]int64{512, 1024}},
		{"FARGATE+FARGATE_SPOT", 10 * 730 * hourly * 0.65, 1 - asked/hourly, [2]int64{512, 1024}},
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-9)); diff != "" {
		t.Errorf("Fargate plans (-want +got):\n%s", diff)
	}
}

// TestBoundGPUDaemon: a daemon that asks for GPUs runs on no m6i.xlarge (ECS places a daemon
// task only where it fits), so it takes nothing of one, and the 10 tasks of 1 vCPU bound the
// fleet at ⌈10 × 1024 / 4096⌉ = 3 by CPU, packed 4 an instance: 3. A whole GPU and a share.
func TestBoundGPUDaemon(t *testing.T) {
	for _, gpu := range []string{`resource_requirements = [{ type = "GPU", value = "1" }]`, ``} {
		share := ""
		if gpu == "" {
			share = "gpu_share = 0.5"
		}
		src := fmt.Sprintf(`name = "d"
duration = "1h"
[[instance_groups]]
name = "fleet"
type = "m6i.xlarge"
count = 1
[[task_definitions]]
family = "agent"
cpu = 128
memory = 256
%s
  [[task_definitions.containers]]
  name = "agent"
  %s
[[task_definitions]]
family = "app"
cpu = 1024
memory = 1024
  [[task_definitions.containers]]
  name = "app"
[[services]]
name = "agent"
task_definition = "agent"
scheduling_strategy = "DAEMON"
[[services]]
name = "app"
task_definition = "app"
desired_count = 10
`, share, gpu)
		sc, err := scenarios.Load([]byte(src), "d.toml")
		if err != nil {
			t.Fatal(err)
		}
		typ, _ := models.LookupInstanceType("m6i.xlarge")
		b := LowerBound(sc, typ, &sc.InstanceGroups[0].Agent, 1)
		if b.LowerBound != 3 || b.BoundBy != "cpu" || b.FirstFitDecreasing != 3 || b.FitNowhere != 0 {
			t.Errorf("%s%s: bound %+v, want 3 by cpu, 3 packed, none unfit", share, gpu, b)
		}
	}
}

// TestPlanFargateGPU: Fargate has no GPUs (DG/ecs-gpu), so a GPU service gets no Fargate price,
// and the plan says why.
func TestPlanFargateGPU(t *testing.T) {
	sc, err := scenarios.LoadExample("gpu-service")
	if err != nil {
		t.Fatal(err)
	}
	p := PlanFargate(sc, 0)[0]
	if diff := cmp.Diff([]FargateUnfit{{"infer", "asks for GPUs, which Fargate has none of"}}, p.Unfit); diff != "" || p.CostPerMonth != 0 {
		t.Errorf("$%v a month; unfit (-want +got):\n%s", p.CostPerMonth, diff)
	}
}

// TestPlanZoneLoss sizes ten 1-vCPU tasks (four an m6i.xlarge, so three instances) to survive
// losing any of three zones: instances go round-robin over the zones, so n of them keep
// n − ⌈n/3⌉. Four keep two (8 tasks' room: the service stays short until the zone returns,
// an hour later); five keep three (12). The bound scales the same way: 3 → 5.
func TestPlanZoneLoss(t *testing.T) {
	sc := planScenario(t, 10, 1024, 1024, 0, `[{ type = "spread", field = "attribute:ecs.availability-zone" }, { type = "binpack", field = "memory" }]`)
	plans, err := PlanFleet(context.Background(), sc, PlanOptions{
		Seeds: 2, FirstSeed: 1, Quantile: 1, Max: 20, Workers: 2,
		Targets: PlanTargets{Availability: 0.99, ZoneLoss: &ZoneLoss{For: 20 * time.Minute, Recovery: 10 * time.Minute}},
	})
	if err != nil {
		t.Fatal(err)
	}
	p := plans[0]
	if p.Count == nil || *p.Count != 5 || p.LowerBound != 5 || p.BoundBy != "cpu, less a zone" || p.BindingTarget != TargetZoneLoss+":us-east-1a" {
		t.Errorf("count %v, bound %d by %q, set by %q: want 5, 5 by %q, zone_loss:us-east-1a; tried %+v",
			p.Count, p.LowerBound, p.BoundBy, p.BindingTarget, "cpu, less a zone", p.Tried)
	}
}

// TestBoundAfterZoneLoss: the least n with n − ⌈n/zones⌉ ≥ need.
func TestBoundAfterZoneLoss(t *testing.T) {
	tests := []struct{ need, zones, want int }{
		{3, 3, 5}, {4, 3, 6}, {6, 3, 9}, {1, 2, 2}, {5, 2, 10}, {0, 3, 0}, {7, 4, 10},
	}
	for _, tc := range tests {
		if got := (Bound{LowerBound: tc.need}).afterZoneLoss(tc.zones).LowerBound; got != tc.want {
			t.Errorf("need %d over %d zones: got %d, want %d", tc.need, tc.zones, got, tc.want)
		}
	}
}

// TestCompaction: example:compaction's hand-computed cells (its comment): binpack(cpu) needs 7
// m6i.xlarge, spread(instanceId) 8, on every seed, and the lower bound is 6.
func TestCompaction(t *testing.T) {
	sc, err := scenarios.LoadExample("compaction")
	if err != nil {
		t.Fatal(err)
	}
	strategies, err := scenarios.LoadStrategies([]string{"binpack-cpu", "spread-instance"})
	if err != nil {
		t.Fatal(err)
	}
	counts, bounds, err := Compaction(context.Background(), sc, strategies, 3, 1, PlanTargets{Availability: 0.999}, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([][]float64{{7, 7, 7}, {8, 8, 8}}, counts); diff != "" {
		t.Errorf("counts (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([][]float64{{6, 6, 6}, {6, 6, 6}}, bounds); diff != "" {
		t.Errorf("bounds (-want +got):\n%s", diff)
	}
}

// TestPlanPeakBound: web-and-batch's batch stream (5 a minute of 256-CPU tasks) holds more at
// its peak than its mean by Little's law (69 tasks), so the bound the answer's runs measure is
// above the steady one, and never above the answer.
func TestPlanPeakBound(t *testing.T) {
	sc, err := scenarios.LoadExample("web-and-batch")
	if err != nil {
		t.Fatal(err)
	}
	steady := LowerBound(sc, sc.InstanceGroups[0].Type, &sc.InstanceGroups[0].Agent, 0)
	plans, err := PlanFleet(context.Background(), sc, PlanOptions{
		Seeds: 3, FirstSeed: 1, Quantile: 1, Workers: 2, Targets: PlanTargets{Availability: 0.999},
	})
	if err != nil {
		t.Fatal(err)
	}
	p := plans[0]
	if steady.LowerBound != 8 || p.LowerBound <= steady.LowerBound || p.Count == nil || p.LowerBound > *p.Count ||
		p.BoundBy != "cpu, at the workloads' peak" {
		t.Errorf("steady bound %d; peak bound %d by %q, count %v: want 8 < peak bound ≤ count, by the workloads' peak",
			steady.LowerBound, p.LowerBound, p.BoundBy, p.Count)
	}
}

// TestPlanSearchNotMonotone runs the search on made-up outcomes: it never tries a count above
// the maximum; when the count above an answer misses it searches on above, and when nothing
// above meets again, the first count found stands, marked not monotone. A count that meets
// between two a gallop tried is not seen.
func TestPlanSearchNotMonotone(t *testing.T) {
	tests := []struct {
		name    string
		meets   []int // the counts that meet the targets
		bound   int
		max     int
		want    int // 0: none
		notMono bool
	}{
		{"monotone from 4", []int{4, 5, 6, 7, 8, 9, 10}, 1, 10, 4, false},
		{"9 meets, 10 misses, 11 beyond the maximum", []int{9, 11}, 9, 10, 9, true},
		{"a hole above the first answer, then meets again", []int{3, 5, 6, 7, 8, 9, 10}, 3, 10, 5, true},
		{"nothing meets", nil, 1, 10, 0, false},
		{"a gallop steps over what it cannot see", []int{9, 11}, 1, 10, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := &planSearch{t: &models.InstanceType{Name: "x"}, max: tc.max, tried: map[int]*Trial{}}
			for n := 1; n <= tc.max; n++ { // a count above would be run, on no scenario: a panic
				s.tried[n] = &Trial{Count: n, Met: slices.Contains(tc.meets, n)}
			}
			p, err := s.run(context.Background(), Bound{LowerBound: tc.bound})
			if err != nil {
				t.Fatal(err)
			}
			got := 0
			if p.Count != nil {
				got = *p.Count
			}
			if got != tc.want || p.NotMonotone != tc.notMono {
				t.Errorf("count %d, not monotone %v: want %d, %v", got, p.NotMonotone, tc.want, tc.notMono)
			}
		})
	}
}

// TestBinding: the target most seeds missed, PlanTargets' order among equals.
func TestBinding(t *testing.T) {
	tests := []struct {
		misses map[string]int
		want   string
	}{
		{map[string]int{"availability:web": 2, TargetNeverPlaced: 2}, TargetNeverPlaced},
		{map[string]int{"availability:web": 3, TargetNeverPlaced: 2}, "availability:web"},
		{map[string]int{"zone_loss:us-east-1b": 1, "zone_loss:us-east-1a": 1, TargetPendingP99: 1}, TargetPendingP99},
		{map[string]int{"zone_loss:us-east-1b": 1, "zone_loss:us-east-1a": 1}, "zone_loss:us-east-1a"},
	}
	for _, tc := range tests {
		if got := binding(tc.misses); got != tc.want {
			t.Errorf("binding(%v) = %q, want %q", tc.misses, got, tc.want)
		}
	}
}

// TestPlanDaemonAndMixedASG: a daemon service takes its share of every instance and is held to
// no availability (it waits for each instance to start), and an Auto Scaling group of several
// types is sized with the candidate type alone. Twelve 1024-CPU tasks beside a 1024-CPU daemon
// on m6i.xlarge: three tasks an instance, so four.
func TestPlanDaemonAndMixedASG(t *testing.T) {
	src := `
name = "daemon"
duration = "1h"
[[capacity_providers]]
name = "asg"
[capacity_providers.auto_scaling_group]
instance_types = ["m6i.xlarge", "c6i.large"]
zones = ["us-east-1a", "us-east-1b", "us-east-1c"]
min_size = 0
max_size = 30
desired_capacity = 1
[cluster]
default_capacity_provider_strategy = [{ capacity_provider = "asg", weight = 1 }]
[[task_definitions]]
family = "app"
cpu = 1024
memory = 1024
containers = [{ name = "app" }]
[[task_definitions]]
family = "agent"
cpu = 1024
memory = 256
containers = [{ name = "agent" }]
[[services]]
name = "app"
task_definition = "app"
desired_count = 12
[[services]]
name = "agent"
task_definition = "agent"
scheduling_strategy = "DAEMON"
launch_type = "EC2"
`
	sc, err := scenarios.Load([]byte(src), "daemon.toml")
	if err != nil {
		t.Fatal(err)
	}
	plans, err := PlanFleet(context.Background(), sc, PlanOptions{
		Seeds: 2, FirstSeed: 1, Quantile: 1, Workers: 2, Targets: PlanTargets{Availability: 0.99},
	})
	if err != nil {
		t.Fatal(err)
	}
	p := plans[0]
	if p.Count == nil || *p.Count != 4 || p.LowerBound != 4 || p.FirstFitDecreasing != 4 {
		t.Errorf("count %v, bound %d, FFD %d: want 4, 4, 4; tried %+v", p.Count, p.LowerBound, p.FirstFitDecreasing, p.Tried)
	}
}

// TestPlanUnderEKS: plan sizes an EKS run's fleet by its nodes' allocatable and its pods'
// requests, and prices its Fargate share by pod sizes, with no Spot. example:ecs-and-eks under
// EKS asks for 12 × 500m + 6 × 1000m = 12000m on m5.large nodes of 1930m less the log agent's
// 125m: ⌈12000 / 1805⌉ = 7 by CPU. On Fargate a web pod of 500m / 1 GiB runs at 0.5 vCPU / 2 GB.
func TestPlanUnderEKS(t *testing.T) {
	sc, err := scenarios.OpenWith("example:ecs-and-eks", []scenarios.Setting{{Key: "orchestrator", Value: "eks"}})
	if err != nil {
		t.Fatal(err)
	}
	typ, _ := models.LookupInstanceType("m5.large")
	b := LowerBound(sc, typ, &sc.InstanceGroups[0].Agent, 1)
	if b.LowerBound != 7 || b.BoundBy != "cpu" || b.FitNowhere != 0 {
		t.Errorf("bound %d by %q (%d fit nowhere), want 7 by cpu", b.LowerBound, b.BoundBy, b.FitNowhere)
	}
	plans := PlanFargate(sc, 0.5)
	if len(plans) != 1 {
		t.Fatalf("%d Fargate plans, want FARGATE alone: EKS on Fargate has no Spot", len(plans))
	}
	web := plans[0].PerOwner[0]
	if web.Name != "web" || web.FargateCPU != 512 || web.FargateMemoryMiB != 2048 {
		t.Errorf("web on Fargate: %+v, want 512 CPU units and 2048 MiB", web)
	}
}
