package experiment

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ecssim/ecssim/scenarios"
)

// billingScenario has every bill start where AWS starts it: EC2 at an instance's launch, Fargate
// at the start of a task's image pull (ECS-REFERENCE §§6.4, 7.1). Its prices are round: an
// m6i.large $0.36 an hour ($0.0001 a second); Fargate $0.036 per vCPU-hour and $0.0036 per
// GB-hour, so a 1 vCPU / 2 GB task costs $0.0432 an hour ($0.000012 a second); FARGATE_SPOT
// half that. Every latency is constant.
const billingScenario = `name = "billing"
duration = "1h"

[[capacity_providers]]
name = "asg"
[capacity_providers.auto_scaling_group]
instance_type = "m6i.large"
zones = ["us-east-1a"]
min_size = 0
max_size = 1
launch_latency = { distribution = "constant", value = "90s" }
[capacity_providers.managed_scaling]
status = "ENABLED"

[[capacity_providers]]
name = "late"
[capacity_providers.auto_scaling_group]
instance_type = "m6i.large"
zones = ["us-east-1a"]
min_size = 0
max_size = 1
launch_latency = { distribution = "constant", value = "90s" }
[capacity_providers.managed_scaling]
status = "ENABLED"

[[task_definitions]]
family = "app"
cpu = 1024
memory = 2048
network_mode = "awsvpc"
requires_compatibilities = ["EC2", "FARGATE"]
image = { size_mib = 100, registry = "ecr" }
  [[task_definitions.containers]]
  name = "app"

[[services]]
name = "ec2"
task_definition = "app"
desired_count = 1
capacity_provider_strategy = [{ capacity_provider = "asg", weight = 1 }]

[[services]]
name = "booting"
task_definition = "app"
desired_count = 0
capacity_provider_strategy = [{ capacity_provider = "late", weight = 1 }]

[[services]]
name = "fargate"
task_definition = "app"
desired_count = 1
launch_type = "FARGATE"

[[services]]
name = "spot"
task_definition = "app"
desired_count = 1
capacity_provider_strategy = [{ capacity_provider = "FARGATE_SPOT", weight = 1 }]

[[events]]
at = "59m50s"
action = "scale"
service = "booting"
desired_count = 1

[fargate]
provisioning = { distribution = "constant", value = "20s" }
pull_bandwidth_mib_per_second = 50

[pricing]
instance_prices = { "m6i.large" = 0.36 }
fargate_vcpu_hour = 0.036
fargate_gb_hour = 0.0036
fargate_spot_discount = 0.5
`

// TestBillsFromLaunchAndPull checks billingScenario's bills against a hand computation:
//   - asg: managed scaling's first reading, at 60 s, sees the ec2 task waiting and launches
//     one instance (max size 1); it registers at 150 s and runs to the 3600 s horizon. Billed
//     from its launch: 3540 s × $0.0001 = $0.354 (from registration it would be 3450 s).
//   - late: booting is scaled to 1 at 3590 s; the reading at 3600 s launches an instance that
//     would register at 3690 s, after the run. Billed from its launch to the end, 0 s, raised
//     to the 60-second minimum: $0.006. EC2 in all $0.36, 3540 + 0 s = 0.98333 instance-hours.
//   - fargate: placed at 0 s, provisioned (ENI, micro-VM) for 20 s, pulls its 100 MiB image at
//     50 MiB/s from 20 s to 22 s, runs to the end. Billed from the pull: 3580 s × $0.000012 =
//     $0.04296 (from placement it would be 3600 s).
//   - spot: the same window on FARGATE_SPOT at half price: $0.02148.
//   - Fargate in all $0.06444, 2 × 3580 s × 1 vCPU = 1.98889 vCPU-hours, twice that in GB-hours.
//
// Total $0.42444; the run is 1 h, so per_month is $0.42444 × 730 = $309.8412.
func TestBillsFromLaunchAndPull(t *testing.T) {
	sc, err := scenarios.Load([]byte(billingScenario), "billing.toml")
	if err != nil {
		t.Fatal(err)
	}
	r, err := scenarios.Build(sc, scenarios.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), r, Options{})
	if err != nil {
		t.Fatal(err)
	}
	k, c := res.Summary.CostUSD, res.Summary.Capacity
	got := map[string]float64{
		"ec2": k.EC2, "fargate": k.Fargate, "total": k.Total, "per_month": k.PerMonth,
		"per_provider.asg": k.PerProvider["asg"], "per_provider.late": k.PerProvider["late"],
		"per_provider.FARGATE": k.PerProvider["FARGATE"], "per_provider.FARGATE_SPOT": k.PerProvider["FARGATE_SPOT"],
		"per_service.fargate": k.PerService["fargate"], "per_service.spot": k.PerService["spot"],
		"instance_hours": c.InstanceHours, "fargate_vcpu_hours": c.FargateVCPUHours, "fargate_gb_hours": c.FargateGBHours,
	}
	want := map[string]float64{
		"ec2": 0.36, "fargate": 0.06444, "total": 0.42444, "per_month": 309.8412,
		"per_provider.asg": 0.354, "per_provider.late": 0.006,
		"per_provider.FARGATE": 0.04296, "per_provider.FARGATE_SPOT": 0.02148,
		"per_service.fargate": 0.04296, "per_service.spot": 0.02148,
		"instance_hours": 3540.0 / 3600, "fargate_vcpu_hours": 2 * 3580.0 / 3600, "fargate_gb_hours": 4 * 3580.0 / 3600,
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-9)); diff != "" {
		t.Errorf("bills (-want +got):\n%s", diff)
	}
	// The parts add up: ec2 + fargate = total, and the owners plus idle are the total too.
	owned := k.Idle
	for _, usd := range k.PerService {
		owned += usd
	}
	for _, usd := range k.PerWorkload {
		owned += usd
	}
	if d := owned - k.Total; d > 1e-9 || d < -1e-9 {
		t.Errorf("per_service + per_workload + idle = %v, total %v", owned, k.Total)
	}
}
