package scenarios

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/sim"
)

// eksFargateService is one task or pod of 0.5 vCPU and 1 GB on Fargate for an hour, provisioned
// in a constant 30 s with nothing to pull, under orchestrator.
func eksFargateService(orchestrator string) string {
	return `orchestrator = "` + orchestrator + `"
name = "fargate-pod"
duration = "1h"
[fargate]
provisioning = { distribution = "constant", value = "30s" }
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
launch_type = "FARGATE"
desired_count = 1
`
}

// TestEKSFargateCost runs one 0.5 vCPU / 1 GB service on Fargate under each orchestrator.
// Fargate bills from the image pull, 30 s after the launch at 0, to the run's end: 3570 s,
// 0.991667 h. ECS bills the task's own size, 0.5 × 0.04048 + 1 × 0.004445 = $0.024685 an
// hour: $0.024479. EKS requests 500m and 1024 MiB; Fargate adds 256 MiB, 1280 MiB, which 0.5
// vCPU's next size holds, 2 GB (EKSUG fargate-pod-configuration.adoc): 0.02024 + 2 × 0.004445 =
// $0.02913 an hour, $0.028887. The difference is the extra GB, $0.004445 × 0.991667 =
// $0.004408; vCPU-hours are 0.495833 under both, GB-hours 0.991667 and 1.983333.
func TestEKSFargateCost(t *testing.T) {
	const hours = 3570.0 / 3600
	type bill struct{ usd, vcpuHours, gbHours float64 }
	got := map[string]bill{}
	for _, o := range []string{OrchestratorECS, OrchestratorEKS} {
		sc, err := Load([]byte(eksFargateService(o)), "fargate-pod.toml")
		if err != nil {
			t.Fatal(err)
		}
		s := summarize(t, sc)
		got[o] = bill{s.CostUSD.Fargate, s.Capacity.FargateVCPUHours, s.Capacity.FargateGBHours}
		if s.CostUSD.Total != s.CostUSD.Fargate || s.Capacity.FargateTasksMax != 1 {
			t.Errorf("%s: total $%v, Fargate $%v, %d tasks at most: want all Fargate, one task", o, s.CostUSD.Total, s.CostUSD.Fargate, s.Capacity.FargateTasksMax)
		}
	}
	want := map[string]bill{
		OrchestratorECS: {0.024685 * hours, 0.5 * hours, 1 * hours},
		OrchestratorEKS: {0.02913 * hours, 0.5 * hours, 2 * hours},
	}
	for o, w := range want {
		g := got[o]
		if math.Abs(g.usd-w.usd) > 1e-9 || math.Abs(g.vcpuHours-w.vcpuHours) > 1e-9 || math.Abs(g.gbHours-w.gbHours) > 1e-9 {
			t.Errorf("%s: $%v, %v vCPU-h, %v GB-h; want $%v, %v, %v", o, g.usd, g.vcpuHours, g.gbHours, w.usd, w.vcpuHours, w.gbHours)
		}
	}
	if diff := got[OrchestratorEKS].usd - got[OrchestratorECS].usd; math.Abs(diff-0.004445*hours) > 1e-9 {
		t.Errorf("EKS costs $%v more, want $%v", diff, 0.004445*hours)
	}
}

// TestEKSFargatePods: under EKS a Fargate service's pods each run on a micro-VM of the pod's
// size, one pod per node, never on the fleet's nodes: three pods of 1 vCPU / 2 GB (1000m,
// 2048 + 256 MiB → 1 vCPU / 3 GB) beside an EC2 node.
func TestEKSFargatePods(t *testing.T) {
	src := strings.Replace(eksFargateService(OrchestratorEKS), "cpu = 512\nmemory = 1024", "cpu = 1024\nmemory = 2048", 1)
	src = strings.Replace(src, "desired_count = 1", "desired_count = 3", 1) + "[[instance_groups]]\ntype = \"m5.large\"\ncount = 1\n"
	sc, err := Load([]byte(src), "fargate-pods.toml")
	if err != nil {
		t.Fatal(err)
	}
	var vms []*models.Instance
	if _, err := runChecked(t, sc, observerFunc(func(_ sim.Time, e models.Event) {
		if e.Kind == models.TaskPlaced {
			vms = append(vms, e.Instance)
		}
	})); err != nil {
		t.Fatal(err)
	}
	if len(vms) != 3 {
		t.Fatalf("%d pods placed, want 3", len(vms))
	}
	for _, in := range vms {
		want := models.Resources{CPU: 1000, MemoryMiB: 3072, Pods: 1}
		if !in.Fargate() || in.Registered != want || len(in.Tasks()) != 1 {
			t.Errorf("pod on %s (Fargate %v), registered %v with %d pods: want a micro-VM of %v with one", in.ID, in.Fargate(), in.Registered, len(in.Tasks()), want)
		}
	}
}

// TestEKSFargateRefusals: what EKS on Fargate does not run is refused at its key, citing the
// EKS user guide's Fargate considerations.
func TestEKSFargateRefusals(t *testing.T) {
	base := eksFargateService(OrchestratorEKS)
	tests := []struct {
		name, src, want string
	}{
		{"FARGATE_SPOT in a service's strategy",
			strings.Replace(base, `launch_type = "FARGATE"`, `capacity_provider_strategy = [{ capacity_provider = "FARGATE", weight = 1 }, { capacity_provider = "FARGATE_SPOT", weight = 1 }]`, 1),
			"services[0].capacity_provider_strategy: EKS on Fargate has no Fargate Spot"},
		{"FARGATE_SPOT in the default strategy",
			strings.Replace(base, `launch_type = "FARGATE"`, "", 1) + "[cluster]\ndefault_capacity_provider_strategy = [{ capacity_provider = \"FARGATE_SPOT\", weight = 1 }]\n",
			"cluster.default_capacity_provider_strategy: EKS on Fargate has no Fargate Spot"},
		{"a DaemonSet on Fargate",
			strings.Replace(base, "desired_count = 1", `scheduling_strategy = "DAEMON"`, 1),
			"services[0].scheduling_strategy: a DAEMON service is a DaemonSet, and EKS on Fargate runs no DaemonSets"},
		{"Arm",
			strings.Replace(base, "memory = 1024", "memory = 1024\nruntime_platform = { cpu_architecture = \"ARM64\" }", 1),
			"services[0].task_definition: web:1 runs on ARM64, and EKS on Fargate runs x86 only"},
		{"GPUs",
			strings.Replace(base, `name = "web"`+"\n[[services]]", `name = "web"`+"\n  resource_requirements = [{ type = \"GPU\", value = \"1\" }]\n[[services]]", 1),
			"services[0].task_definition: web:1 asks for GPUs, which EKS on Fargate does not support"},
		{"no size with Fargate's 256 MiB: 16 vCPU and 120 GB",
			strings.Replace(base, "cpu = 512\nmemory = 1024", "cpu = 16384\nmemory = 122880", 1),
			"services[0].task_definition: web:1 on EKS on Fargate: no Fargate size holds 16000m CPU and 123136 MiB"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := loadRender(loadProblems(t, tc.src))
			if !slices.ContainsFunc(got, func(p string) bool { return strings.Contains(p, tc.want) }) {
				t.Errorf("problems %q, want one with %q", got, tc.want)
			}
			if slices.ContainsFunc(got, func(p string) bool { return strings.Contains(p, "yet") }) {
				t.Errorf("problems %q say EKS on Fargate is not modelled", got)
			}
		})
	}
}
