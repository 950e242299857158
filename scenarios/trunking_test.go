package scenarios

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/models"
)

// awsvpcService is a scenario of 3 instances of typ and a service of 70 awsvpc tasks of 128
// CPU units and 128 MiB, more than any of the types below can run by ENIs, fewer than they
// can by CPU and memory; extra goes into [cluster] and agent into the group's agent table.
func awsvpcService(typ, cluster, agent string) string {
	return fmt.Sprintf(`duration = "30m"
[cluster]
%s
[[instance_groups]]
type = %q
count = 3
agent = { %s }
[[task_definitions]]
family = "api"
network_mode = "awsvpc"
cpu = 128
memory = 128
containers = [{ name = "api" }]
[[services]]
name = "api"
task_definition = "api"
desired_count = 70
`, cluster, typ, agent)
}

// TestAWSVPCTrunkingPerInstance runs awsvpc services on three instances, counting the tasks
// each instance runs (DG/container-instance-eni, ECS-REFERENCE §2.5): m5.large 2 each without
// trunking, 10 with [cluster] awsvpc_trunking; m5.xlarge 3 and 20; t3.medium, which ECS does
// not trunk, 2 either way; m5.large with trunking but ECS_ENABLE_HIGH_DENSITY_ENI=false, 2.
func TestAWSVPCTrunkingPerInstance(t *testing.T) {
	tests := []struct {
		name, typ, cluster, agent string
		perInstance               int
	}{
		{"m5.large without trunking", "m5.large", "", "", 2},
		{"m5.large with trunking", "m5.large", "awsvpc_trunking = true", "", 10},
		{"m5.large, trunking off as set", "m5.large", "awsvpc_trunking = false", "", 2},
		{"m5.xlarge without trunking", "m5.xlarge", "", "", 3},
		{"m5.xlarge with trunking", "m5.xlarge", "awsvpc_trunking = true", "", 20},
		{"t3.medium with trunking: not supported", "t3.medium", "awsvpc_trunking = true", "", 2},
		{"m5.large with trunking, the agent's high density off", "m5.large", "awsvpc_trunking = true", "enable_high_density_eni = false", 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc, err := Load([]byte(awsvpcService(tc.typ, tc.cluster, tc.agent)), "trunking.toml")
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
					got[x.Instance.ID]++
				}
			}
			want := map[string]int{"i-0001": tc.perInstance, "i-0002": tc.perInstance, "i-0003": tc.perInstance}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("running awsvpc tasks per instance (-want +got):\n%s", diff)
			}
		})
	}
}

// TestAWSVPCTrunkingScalesProvider checks that managed scaling sizes an Auto Scaling group by
// the same awsvpc task limit its instances register: 30 awsvpc tasks of 128 units and 128 MiB
// need 30 / 2 = 15 m5.large without trunking and 30 / 10 = 3 with it.
func TestAWSVPCTrunkingScalesProvider(t *testing.T) {
	for _, tc := range []struct {
		trunking  bool
		instances int
	}{{false, 15}, {true, 3}} {
		t.Run(fmt.Sprint("awsvpc_trunking=", tc.trunking), func(t *testing.T) {
			src := fmt.Sprintf(`duration = "2h"
[cluster]
awsvpc_trunking = %v
default_capacity_provider_strategy = [{ capacity_provider = "asg", weight = 1 }]
[[capacity_providers]]
name = "asg"
managed_termination_protection = "ENABLED"
[capacity_providers.auto_scaling_group]
instance_type = "m5.large"
zones = ["us-east-1a"]
max_size = 40
[capacity_providers.managed_scaling]
status = "ENABLED"
target_capacity = 100
[[task_definitions]]
family = "api"
network_mode = "awsvpc"
cpu = 128
memory = 128
containers = [{ name = "api" }]
[[services]]
name = "api"
task_definition = "api"
desired_count = 30
`, tc.trunking)
			sc, err := Load([]byte(src), "provider.toml")
			if err != nil {
				t.Fatal(err)
			}
			run, err := runChecked(t, sc)
			if err != nil {
				t.Fatal(err)
			}
			running, hosts := 0, map[string]bool{}
			for _, x := range run.Sim.Services[0].Tasks() {
				if x.State == models.Running {
					running++
					hosts[x.Instance.ID] = true
				}
			}
			if running != 30 || len(hosts) != tc.instances || len(run.Sim.Cluster.Instances()) != tc.instances {
				t.Errorf("%d tasks running on %d instances of %d registered, want 30 on %d", running, len(hosts), len(run.Sim.Cluster.Instances()), tc.instances)
			}
		})
	}
}

// TestTrunkingKeys reads the trunking keys: [cluster] awsvpc_trunking (default false) and the
// agent's enable_high_density_eni (default true), from the agent table or as
// ECS_ENABLE_HIGH_DENSITY_ENI in an ecs.config; wrong types are positioned problems.
func TestTrunkingKeys(t *testing.T) {
	sc, err := Load([]byte(awsvpcService("m5.large", "", "")), "defaults.toml")
	if err != nil {
		t.Fatal(err)
	}
	if sc.AWSVPCTrunking || !sc.InstanceGroups[0].Agent.EnableHighDensityENI {
		t.Errorf("defaults: awsvpc_trunking %v, enable_high_density_eni %v; want false, true", sc.AWSVPCTrunking, sc.InstanceGroups[0].Agent.EnableHighDensityENI)
	}
	_, err = Load([]byte(awsvpcService("m5.large", `awsvpc_trunking = "enabled"`, "enable_high_density_eni = 1")), "bad.toml")
	for _, want := range []string{`bad.toml:3:19: cluster.awsvpc_trunking: want true or false, got string "enabled"`, "bad.toml:7:37: instance_groups[0].agent.enable_high_density_eni: want true or false, got integer 1"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("problems %v, want one containing %q", err, want)
		}
	}
}

// TestLintTrunking warns about a type EC2 calls trunking-compatible that ECS's table does not
// list, when trunking is on: m7i.large runs 2 awsvpc tasks, not a guess at ECS's figure.
func TestLintTrunking(t *testing.T) {
	tests := []struct {
		name, typ, cluster string
		want               int
	}{
		{"m7i.large, trunking on: warned", "m7i.large", "awsvpc_trunking = true", 1},
		{"m7i.large, trunking off: quiet", "m7i.large", "", 0},
		{"m5.large, trunking on: listed, quiet", "m5.large", "awsvpc_trunking = true", 0},
		{"t3.medium, trunking on: not compatible, quiet", "t3.medium", "awsvpc_trunking = true", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc, err := Load([]byte(awsvpcService(tc.typ, tc.cluster, "")), "lint.toml")
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, w := range sc.Warnings {
				if strings.Contains(w.String(), "trunking-compatible") {
					n++
					if !strings.Contains(w.String(), "lint.toml:5:8: warning: instance_groups[0].type: instance group group-1: EC2 calls m7i.large trunking-compatible") ||
						!strings.Contains(w.String(), "2 awsvpc tasks an instance (max ENIs − 1) [U]") {
						t.Errorf("warning %q", w.String())
					}
				}
			}
			if n != tc.want {
				t.Errorf("%d trunking warnings, want %d: %v", n, tc.want, sc.Warnings)
			}
		})
	}
}
