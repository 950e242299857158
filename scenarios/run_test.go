package scenarios

import (
	"fmt"
	"math"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/sim"
)

// counter counts events by kind.
type counter map[models.EventKind]int

func (c counter) Observe(_ sim.Time, e models.Event) { c[e.Kind]++ }

// runChecked builds sc and runs it with the invariant checker and obs watching every event,
// and returns the invariant violations.
func runChecked(t *testing.T, sc *Scenario, obs ...models.Observer) (*Run, error) {
	t.Helper()
	return runCheckedWith(t, sc, Options{}, obs...)
}

// runCheckedWith is runChecked with the run's options, such as another seed.
func runCheckedWith(t *testing.T, sc *Scenario, opt Options, obs ...models.Observer) (*Run, error) {
	t.Helper()
	run, err := Build(sc, opt)
	if err != nil {
		t.Fatal(err)
	}
	k := &models.InvariantChecker{Cluster: run.Sim.Cluster}
	run.Sim.AddObserver(k)
	for _, o := range obs {
		run.Sim.AddObserver(o)
	}
	run.Sim.Run()
	return run, k.Finish()
}

// TestExamplesKeepInvariants runs every example with the invariant checker watching each event.
func TestExamplesKeepInvariants(t *testing.T) {
	for _, ex := range Examples() {
		t.Run(ex.Name, func(t *testing.T) {
			sc, err := LoadExample(ex.Name)
			if err != nil {
				t.Fatal(err)
			}
			n := counter{}
			run, err := runChecked(t, sc, n)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: %d events, placed %d, failed %d", ex.Name, run.Sim.Engine.Fired(), n[models.TaskPlaced], n[models.PlacementFailed])
		})
	}
}

// oneWorkload is a scenario of count instances of one type and a workload of small tasks
// arriving and lasting as the TOML tables arrival and duration say.
func oneWorkload(duration, instanceType string, count int, arrival, durations string) string {
	return fmt.Sprintf(`duration = %q
[[instance_groups]]
type = %q
count = %d
[[task_definitions]]
family = "job"
cpu = 128
memory = 128
containers = [{ name = "job" }]
[[workloads]]
task_definition = "job"
arrival = %s
duration = %s
`, duration, instanceType, count, arrival, durations)
}

// TestExtremeValidValues runs scenarios whose values validation accepts but push the engine to
// its edges: durations far past the horizon (and past the largest time there is), arrival
// rates so slow the next arrival never comes, and zero-length tasks.
func TestExtremeValidValues(t *testing.T) {
	tests := []struct{ name, arrival, duration string }{
		{"lognormal with sigma 10", `{ process = "periodic", every = "1m" }`, `{ distribution = "lognormal", median = "10m", sigma = 10 }`},
		{"a rate of one in thirty thousand years", `{ process = "poisson", rate = "0.000000000001/s" }`, `{ distribution = "constant", value = "1m" }`},
		{"tasks that end as they start", `{ process = "fixed", count = 500 }`, `{ distribution = "constant", value = "0s" }`},
		{"a thousand-day task", `{ process = "periodic", every = "1h" }`, `{ distribution = "constant", value = "1000d" }`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc, err := Load([]byte(oneWorkload("1d", "m5.large", 2, tc.arrival, tc.duration)), "extreme.toml")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := runChecked(t, sc); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// jobSizes records how many tasks each arrival of a workload placed, by arrival time.
type jobSizes map[sim.Time]int

func (j jobSizes) Observe(_ sim.Time, e models.Event) {
	if e.Kind == models.TaskPlaced {
		j[e.Task.CreatedAt]++
	}
}

// TestJobs runs workloads whose arrivals are jobs of several tasks, as RunTask's count starts
// them: a fixed size puts exactly count tasks on the cluster at each arrival; a size from count
// to max_count varies within those bounds, uniformly (mean (2+6)/2 = 4; about 480 jobs give a standard error of 0.065).
func TestJobs(t *testing.T) {
	tests := []struct {
		name      string
		arrival   string
		arrivals  int
		min, max  int
		wantMean  float64
		tolerance float64
	}{
		{"four tasks every minute", `{ process = "periodic", every = "1m", count = 4 }`, 241, 4, 4, 4, 0},
		{"two to six tasks", `{ process = "poisson", rate = "2/min", count = 2, max_count = 6 }`, 0, 2, 6, 4, 0.2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc, err := Load([]byte(oneWorkload("4h", "m5.4xlarge", 20, tc.arrival, `{ distribution = "constant", value = "30s" }`)), "jobs.toml")
			if err != nil {
				t.Fatal(err)
			}
			sizes := jobSizes{}
			if _, err := runChecked(t, sc, sizes); err != nil {
				t.Fatal(err)
			}
			if tc.arrivals > 0 && len(sizes) != tc.arrivals {
				t.Errorf("%d arrivals, want %d", len(sizes), tc.arrivals)
			}
			total := 0
			for at, n := range sizes {
				if n < tc.min || n > tc.max {
					t.Errorf("the job at %v placed %d tasks, want %d to %d", at, n, tc.min, tc.max)
				}
				total += n
			}
			mean := float64(total) / float64(len(sizes))
			if math.Abs(mean-tc.wantMean) > tc.tolerance {
				t.Errorf("mean job size %.3f over %d jobs, want %v ± %v", mean, len(sizes), tc.wantMean, tc.tolerance)
			}
		})
	}
}

// TestProviderScaleInKeepsCeiling: a service on an Auto Scaling group capacity provider,
// scaled in from 18 to 7 tasks (maximum_percent 200: the ceiling falls from 36 to 14) while a
// deployment's new tasks wait in PROVISIONING and old ones drain. Before the fix, each task
// that stopped let a waiting one be placed with up to 20 PENDING, RUNNING and STOPPING tasks.
// The invariant checker watches every placement; the service then settles at 7 tasks of the
// new revision, the deployment COMPLETED.
func TestProviderScaleInKeepsCeiling(t *testing.T) {
	sc, err := LoadFile(filepath.Join("testdata", "provider-scale-in.toml"))
	if err != nil {
		t.Fatal(err)
	}
	for seed := uint64(1); seed <= 5; seed++ {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			run, err := runCheckedWith(t, sc, Options{Seed: &seed})
			if err != nil {
				t.Fatal(err)
			}
			svc := run.Sim.Services[0]
			type end struct {
				Running, Other int
				Revision       string
				State          models.RolloutState
			}
			got := end{Revision: svc.Primary().Def.Ref(), State: svc.Primary().State}
			for _, x := range svc.Tasks() {
				if x.State == models.Running && x.Def.Ref() == "web:2" {
					got.Running++
				} else {
					got.Other++
				}
			}
			want := end{Running: 7, Revision: "web:2", State: models.RolloutCompleted}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("the service at the end (-want +got):\n%s", diff)
			}
		})
	}
}

// TestScaleInKeepsProviderBase: a service on FARGATE and FARGATE_SPOT scales in, and keeps its
// strategy's base and weights (API/CapacityProviderStrategyItem: base is "how many tasks, at a
// minimum, to run on the specified capacity provider"). Worked numbers, launches by base then
// largest deficit, scale-ins by the mirror rule:
//   - base 2 on FARGATE, weights 1:1, 10 tasks: FARGATE 2 + 4, FARGATE_SPOT 4; scaled in to 2,
//     only the base is left: FARGATE 2, FARGATE_SPOT 0;
//   - base 2, weights 1:3, 10 tasks: FARGATE 2 + 2, FARGATE_SPOT 6; scaled in to 6, the 4
//     above the base split 1:3: FARGATE 3, FARGATE_SPOT 3.
func TestScaleInKeepsProviderBase(t *testing.T) {
	tests := []struct {
		name            string
		spotWeight, to  int
		fargate, onSpot int
	}{
		{"base 2, 1:1, 10 to 2", 1, 2, 2, 0},
		{"base 2, 1:3, 10 to 6", 3, 6, 3, 3},
		{"base 2, 1:3, 10 to 10", 3, 10, 4, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := fmt.Sprintf(`name = "base"
duration = "1h"
[cluster]
default_capacity_provider_strategy = [
  { capacity_provider = "FARGATE", base = 2, weight = 1 },
  { capacity_provider = "FARGATE_SPOT", weight = %d },
]
[[task_definitions]]
family = "web"
network_mode = "awsvpc"
requires_compatibilities = ["FARGATE"]
cpu = 512
memory = 1024
  [[task_definitions.containers]]
  name = "web"
[[services]]
name = "web"
task_definition = "web"
desired_count = 10
[[events]]
at = "30m"
action = "scale"
service = "web"
desired_count = %d
`, tt.spotWeight, tt.to)
			sc, err := Load([]byte(src), "base.toml")
			if err != nil {
				t.Fatal(err)
			}
			run, err := runChecked(t, sc)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]int{}
			for _, x := range run.Sim.Services[0].Tasks() {
				if x.State == models.Running {
					got[x.Provider.Name]++
				}
			}
			want := map[string]int{models.FargateProviderName: tt.fargate, models.FargateSpotProviderName: tt.onSpot}
			if tt.onSpot == 0 {
				delete(want, models.FargateSpotProviderName)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("running tasks by provider (-want +got):\n%s", diff)
			}
		})
	}
}
