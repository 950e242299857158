package scenarios

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/sim"
)

// The workloads' launch types and capacity provider strategies are refused as the services'
// are, by the one validator they share (launchCapacity, capacityStrategy): TestLoadProblems
// and TestLoadProblemPositions check this case with the others.
func init() {
	loadBadCases = append(loadBadCases, loadCase{
		name: "RunTask launch types and capacity provider strategies",
		src: `duration = "1h"

[[capacity_providers]]
name = "asg-a"
[capacity_providers.auto_scaling_group]
instance_type = "m6i.large"
max_size = 4

[cluster]
default_capacity_provider_strategy = [{ capacity_provider = "nowhere", weight = 1 }]

[[task_definitions]]
family = "job"
network_mode = "awsvpc"
requires_compatibilities = ["EC2", "FARGATE"]
cpu = 256
memory = 512
containers = [{ name = "job" }]

[[task_definitions]]
family = "ec2job"
cpu = 256
memory = 512
containers = [{ name = "ec2job" }]

[[workloads]]
name = "both"
task_definition = "job"
launch_type = "FARGATE"
capacity_provider_strategy = [{ capacity_provider = "asg-a", weight = 1 }]
arrival = { process = "fixed", count = 1 }
duration = { distribution = "constant", value = "1m" }

[[workloads]]
name = "zero"
task_definition = "job"
capacity_provider_strategy = [{ capacity_provider = "asg-a" }]
arrival = { process = "fixed", count = 1 }
duration = { distribution = "constant", value = "1m" }

[[workloads]]
name = "mixed"
task_definition = "job"
capacity_provider_strategy = [{ capacity_provider = "asg-a", weight = 1 }, { capacity_provider = "FARGATE", weight = 1 }]
arrival = { process = "fixed", count = 1 }
duration = { distribution = "constant", value = "1m" }

[[workloads]]
name = "placed"
task_definition = "job"
launch_type = "FARGATE"
placement_strategy = [{ type = "binpack", field = "cpu" }]
arrival = { process = "fixed", count = 1 }
duration = { distribution = "constant", value = "1m" }

[[workloads]]
task_definition = "ec2job"
capacity_provider_strategy = [{ capacity_provider = "FARGATE_SPOT", weight = 1 }]
arrival = { process = "fixed", count = 1 }
duration = { distribution = "constant", value = "1m" }
`,
		want: []string{
			`scenario.toml:10:61: cluster.default_capacity_provider_strategy[0].capacity_provider: no capacity provider "nowhere" (known: FARGATE, FARGATE_SPOT, asg-a)`,
			"scenario.toml:30:30: workloads[0].capacity_provider_strategy: set launch_type or capacity_provider_strategy, not both: ECS rejects a RunTask call with both",
			"scenario.toml:37:30: workloads[1].capacity_provider_strategy: no item has a weight above 0 (weight defaults to 0, as in the API): ECS rejects such a strategy",
			"scenario.toml:44:98: workloads[2].capacity_provider_strategy[1].capacity_provider: FARGATE is a Fargate provider and asg-a an Auto Scaling group provider: a strategy uses Auto Scaling group providers or Fargate providers, not both",
			"scenario.toml:52:22: workloads[3].placement_strategy: ECS rejects placement strategies on Fargate, which places tasks itself (DG/task-placement)",
			"scenario.toml:57:19: workloads[4].task_definition: ec2job:1 does not list FARGATE in requires_compatibilities",
		},
	}, loadCase{
		name: "PROVISIONING limits",
		src: `duration = "1h"
[cluster]
provisioning_task_limit = 0
provisioning_timeout = "8d"
`,
		want: []string{
			"scenario.toml:3:27: cluster.provisioning_task_limit: must be between 1 and 1000000, got 0",
			"scenario.toml:4:24: cluster.provisioning_timeout: must be between 0s and 168h, got 8d",
		},
	})
}

// TestLoadProvisioningLimits: [cluster] provisioning_task_limit and provisioning_timeout
// replace the defaults, 500 tasks and 30 minutes (models.DefaultProvisioningLimit and
// DefaultProvisioningTimeout); "0s" lets tasks wait for ever.
func TestLoadProvisioningLimits(t *testing.T) {
	for _, tc := range []struct {
		name    string
		cluster string
		limit   int
		timeout time.Duration
	}{
		{"defaults", "", models.DefaultProvisioningLimit, 30 * time.Minute},
		{"set", "provisioning_task_limit = 100\nprovisioning_timeout = \"10m\"", 100, 10 * time.Minute},
		{"no timeout", `provisioning_timeout = "0s"`, models.DefaultProvisioningLimit, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := loadMust(t, "duration = \"1h\"\n[cluster]\n"+tc.cluster+"\n", "limits.toml")
			if sc.ProvisioningLimit != tc.limit || sc.ProvisioningTimeout != tc.timeout {
				t.Errorf("limit %d, timeout %v; want %d, %v", sc.ProvisioningLimit, sc.ProvisioningTimeout, tc.limit, tc.timeout)
			}
		})
	}
}

// byOwner counts TaskPlaced, TaskRunning and TaskStopped events by workload, and the times of
// the batch workload's placements.
type byOwner struct {
	placed, running map[string]int
	batchPlaced     []time.Duration
	scale           []string
}

func (b *byOwner) Observe(now sim.Time, e models.Event) {
	switch e.Kind {
	case models.TaskPlaced:
		b.placed[e.Task.Owner()]++
		if e.Task.Owner() == "batch" {
			b.batchPlaced = append(b.batchPlaced, time.Duration(now))
		}
	case models.TaskRunning:
		b.running[e.Task.Owner()]++
	case models.ScaleOut:
		b.scale = append(b.scale, time.Duration(now).String()+" "+e.Provider.Name)
	}
}

// TestRunTaskOnProviders runs testdata/runtask-providers.toml under the invariant checker: the
// batch workload names nothing and runs on the cluster's default strategy, an empty Auto
// Scaling group, which scales out 2 then 3 instances (at 1m and 6m, registered 90 s later) and
// places 14 tasks at 2m30s and 16 at 7m30s; every one of the 30 runs. The report workload's
// ten tasks run on Fargate, in the cluster's zones, as a Fargate service's would: its Auto
// Scaling group's us-east-1a.
func TestRunTaskOnProviders(t *testing.T) {
	sc, err := LoadFile(filepath.Join("testdata", "runtask-providers.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if got := sc.Workloads[1].Zones; !cmp.Equal(got, []string{"us-east-1a"}) {
		t.Errorf("report's zones %v, want the cluster's, us-east-1a", got)
	}
	b := &byOwner{placed: map[string]int{}, running: map[string]int{}}
	run, err := runChecked(t, sc, b)
	if err != nil {
		t.Fatal(err)
	}
	want := &byOwner{
		placed:      map[string]int{"batch": 30, "report": 10},
		running:     map[string]int{"batch": 30, "report": 10},
		batchPlaced: append(repeatDuration(150*time.Second, 14), repeatDuration(450*time.Second, 16)...),
		scale:       []string{"1m0s batch-asg", "6m0s batch-asg"},
	}
	if diff := cmp.Diff(want, b, cmp.AllowUnexported(byOwner{})); diff != "" {
		t.Errorf("run (-want +got):\n%s", diff)
	}
	for _, w := range run.Sim.Workloads {
		if n := w.Unplaced(); n != 0 {
			t.Errorf("workload %s: %d tasks still PROVISIONING", w.Name, n)
		}
	}
}

// repeatDuration returns n copies of d.
func repeatDuration(d time.Duration, n int) []time.Duration {
	out := make([]time.Duration, n)
	for i := range out {
		out[i] = d
	}
	return out
}
