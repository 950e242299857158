package experiment

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/scenarios"
)

// neverPlacedScenario has tasks short three ways: a service on EC2 wanting more than its one
// instance holds, a service whose Auto Scaling group may grow to one instance only, and
// standalone tasks that arrive when the fleet is full.
const neverPlacedScenario = `name = "never-placed"
duration = "1h"

[[instance_groups]]
name = "one"
type = "m6i.xlarge"
count = 1
zones = ["us-east-1a"]

[[capacity_providers]]
name = "small"
[capacity_providers.auto_scaling_group]
instance_type = "m6i.large"
zones = ["us-east-1a"]
min_size = 0
max_size = 1
[capacity_providers.managed_scaling]
status = "ENABLED"

[[task_definitions]]
family = "app"
cpu = 1024
memory = 1024
network_mode = "bridge"
  [[task_definitions.containers]]
  name = "app"

[[services]]
name = "web"
task_definition = "app"
desired_count = 6
launch_type = "EC2"

[[services]]
name = "scaled"
task_definition = "app"
desired_count = 3
capacity_provider_strategy = [{ capacity_provider = "small", weight = 1 }]

[[workloads]]
name = "batch"
task_definition = "app"
arrival = { process = "fixed", count = 3, at = "10m" }
duration = { distribution = "constant", value = "5m" }
`

// TestNeverPlaced checks, against a hand count, that tasks.never_placed counts tasks and
// tasks.placement_failures attempts:
//   - web wants 6 tasks of 1024 CPU units on one m6i.xlarge (4096): 4 fit and 2 never do.
//     Its pass fails once at 0 s, then tries again every 30 s to the end of the hour: 121
//     attempts, and 2 tasks short all the run (tasks_short_mean 2, tasks_short_max 2).
//   - scaled wants 3 on its provider's m6i.large (2048 units), of which the group may have one:
//     2 fit once it registers, and the third waits in PROVISIONING from 0 s. It stops at the
//     30-minute PROVISIONING timeout (models.DefaultProvisioningTimeout), the service starts
//     another, which stops at 60 min, the end, and is replaced by one still waiting then: never
//     placed 3. It is short of all 3 until the instance registers (tasks_short_max 3).
//   - batch's 3 standalone tasks arrive at 10 min on a full fleet: RunTask fails each once, 3
//     attempts, 3 never placed.
//
// So 8 never placed of 124 failed attempts.
func TestNeverPlaced(t *testing.T) {
	sc, err := scenarios.Load([]byte(neverPlacedScenario), "never-placed.toml")
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
	s := res.Summary
	type shortfall struct{ NeverPlaced, ShortMax int }
	got := map[string]any{
		"tasks.never_placed":       s.Tasks.NeverPlaced,
		"tasks.placement_failures": s.Tasks.PlacementFailures,
		"web":                      shortfall{s.Services["web"].NeverPlaced, s.Services["web"].TasksShortMax},
		"web.tasks_short_mean":     s.Services["web"].TasksShortMean,
		"scaled":                   shortfall{s.Services["scaled"].NeverPlaced, s.Services["scaled"].TasksShortMax},
	}
	want := map[string]any{
		"tasks.never_placed":       8,
		"tasks.placement_failures": 124,
		"web":                      shortfall{2, 2},
		"web.tasks_short_mean":     2.0,
		"scaled":                   shortfall{3, 3},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// rebalancingScenario has a service of each kind availabilityZoneRebalancing's default treats
// apart (DG/service-rebalancing; ECS-REFERENCE §1.10).
const rebalancingScenario = `name = "rebalancing"
duration = "10m"

[[instance_groups]]
name = "fleet"
type = "m6i.xlarge"
count = 3
zones = ["us-east-1a", "us-east-1b", "us-east-1c"]

[[task_definitions]]
family = "app"
cpu = 256
memory = 512
network_mode = "awsvpc"
requires_compatibilities = ["EC2", "FARGATE"]
  [[task_definitions.containers]]
  name = "app"

[[services]]
name = "spread"
task_definition = "app"
desired_count = 1

[[services]]
name = "packed"
task_definition = "app"
desired_count = 1
placement_strategy = [{ type = "binpack", field = "memory" }]

[[services]]
name = "off"
task_definition = "app"
desired_count = 1
availability_zone_rebalancing = "DISABLED"

[[services]]
name = "tight"
task_definition = "app"
desired_count = 1
deployment_configuration = { minimum_healthy_percent = 0, maximum_percent = 100 }

[[services]]
name = "fargate"
task_definition = "app"
desired_count = 1
launch_type = "FARGATE"
`

// TestRebalancingInSummary: the summary says which availabilityZoneRebalancing applied to each
// service. Unset, it is CreateService's default: ENABLED for spread (ECS's default strategy
// spreads over zones first, maximum_percent 200) and fargate, DISABLED for packed (binpack
// first) and tight (maximum_percent 100, no room to start a task before stopping one); off
// says DISABLED itself. Run with every service's strategy overridden by binpack, spread is
// DISABLED too: the default follows the strategy the run uses.
func TestRebalancingInSummary(t *testing.T) {
	sc, err := scenarios.Load([]byte(rebalancingScenario), "rebalancing.toml")
	if err != nil {
		t.Fatal(err)
	}
	binpack := []models.StrategySpec{{Type: "binpack", Field: "memory"}}
	for _, tc := range []struct {
		name     string
		strategy []models.StrategySpec
		want     map[string]string
	}{
		{"as configured", nil, map[string]string{
			"spread": "ENABLED", "packed": "DISABLED", "off": "DISABLED", "tight": "DISABLED", "fargate": "ENABLED"}},
		{"binpack for every service", binpack, map[string]string{
			"spread": "DISABLED", "packed": "DISABLED", "off": "DISABLED", "tight": "DISABLED", "fargate": "ENABLED"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := scenarios.Build(sc, scenarios.Options{Strategy: tc.strategy})
			if err != nil {
				t.Fatal(err)
			}
			res, err := Run(context.Background(), r, Options{})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for name, s := range res.Summary.Services {
				got[name] = s.AvailabilityZoneRebalancing
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("services.*.availability_zone_rebalancing (-want +got):\n%s", diff)
			}
		})
	}
}
