package scenarios

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLintWarnings(t *testing.T) {
	src, err := os.ReadFile("testdata/warnings.toml")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := Load(src, "warnings.toml")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"warnings.toml:23:19: warning: services[0].task_definition: no instance group can run api:1: none registers com.amazonaws.ecs.capability.task-iam-role",
		"warnings.toml:23:19: warning: services[0].task_definition: no instance group can run api:1: every agent reserves host port 22/tcp",
		"warnings.toml:23:19: warning: services[0].task_definition: api:1 binds host port 33000, inside the dynamic port range 32768-60999 of instance group group-1, where the agent may give it to another task",
		"warnings.toml:28:19: warning: services[1].task_definition: no instance group can run arm:1: none registers ecs.cpu-architecture=arm64",
	}
	if diff := cmp.Diff(want, strings.Split(sc.Warnings.Error(), "\n")); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
	// Examples have no warnings, except where the warning is what the example shows.
	deliberate := map[string]string{
		"misconfigured-agent": "instance group legacy",
		"spot-storm":          "instance group raw-spot is Spot, and without enable_spot_instance_draining",
	}
	for _, ex := range Examples() {
		sc, _ := LoadExample(ex.Name)
		if sc == nil {
			continue
		}
		for _, w := range sc.Warnings {
			if want, ok := deliberate[ex.Name]; !ok || !strings.Contains(w.String(), want) {
				t.Errorf("example %s has a warning: %v", ex.Name, w)
			}
		}
	}
}

// TestLintHealthChecksAndEvents covers the warnings about failure rates no health check sees,
// grace periods nothing uses, and events after the end of the run.
func TestLintHealthChecksAndEvents(t *testing.T) {
	sc, err := Load([]byte(`duration = "1h"

[[target_groups]]
name = "tg"

[[task_definitions]]
family = "quiet"
memory = 128
containers = [{ name = "app" }]
behavior = { health_check_failure_rate = 0.5 }

[[task_definitions]]
family = "checked"
memory = 128
containers = [{ name = "app", health_check = { command = ["CMD", "true"] } }]
behavior = { health_check_failure_rate = 0.5 }

[[task_definitions]]
family = "balanced"
memory = 128
containers = [{ name = "app", port_mappings = [{ container_port = 80 }] }]
behavior = { health_check_failure_rate = 0.5 }

[[task_definitions]]
family = "balanced"
memory = 128
containers = [{ name = "app", port_mappings = [{ container_port = 80 }] }]
behavior = { health_check_failure_rate = 1 }

[[services]]
name = "a"
task_definition = "quiet"
desired_count = 1
health_check_grace_period_seconds = 30

[[services]]
name = "b"
task_definition = "balanced:1"
desired_count = 1
health_check_grace_period_seconds = 30
load_balancers = [{ target_group = "tg", container_name = "app", container_port = 80 }]

[[services]]
name = "c"
task_definition = "checked"
desired_count = 1
health_check_grace_period_seconds = 30

[[events]]
at = "1h"
action = "deploy"
service = "b"
task_definition = "balanced:2"

[[events]]
at = "61m"
action = "scale"
service = "a"
desired_count = 2

[[instance_groups]]
type = "m6i.large"
count = 1
`), "lint.toml")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"lint.toml:34:37: warning: services[0].health_check_grace_period_seconds: does nothing: service a has no load balancer and no container health check",
		"lint.toml:10:42: warning: task_definitions[0].behavior.health_check_failure_rate: no health check ever fails a task of quiet:1: it has no container health check and no load-balanced service runs it",
		"lint.toml:56:6: warning: events[1].at: the run ends at 1h, before this event",
	}
	if diff := cmp.Diff(want, strings.Split(sc.Warnings.Error(), "\n")); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}

// TestLintFaultsAndRebalancing covers the warnings about AZ rebalancing that never happens,
// Spot interruptions that choose no Spot instance, and instance failures with no instance.
func TestLintFaultsAndRebalancing(t *testing.T) {
	sc, err := Load([]byte(`duration = "1h"

[[instance_groups]]
name = "general"
type = "m6i.large"
count = 2

[[instance_groups]]
name = "spot"
type = "m6i.large"
count = 2
zones = ["us-east-1b"]
market = "spot"
agent = { enable_spot_instance_draining = true }

[[task_definitions]]
family = "web"
memory = 128
containers = [{ name = "web" }]

[[task_definitions]]
family = "fg"
cpu = 256
memory = 512
network_mode = "awsvpc"
requires_compatibilities = ["FARGATE"]
containers = [{ name = "app" }]

[[services]]
name = "default"
task_definition = "web"
desired_count = 2
availability_zone_rebalancing = "ENABLED"

[[services]]
name = "packed"
task_definition = "web"
desired_count = 2
placement_strategy = [{ type = "binpack", field = "memory" }, { type = "spread", field = "attribute:ecs.availability-zone" }]
availability_zone_rebalancing = "ENABLED"

[[services]]
name = "none"
task_definition = "web"
desired_count = 2
placement_strategy = []
availability_zone_rebalancing = "ENABLED"

[[services]]
name = "tight"
task_definition = "web"
desired_count = 2
deployment_configuration = { minimum_healthy_percent = 50, maximum_percent = 100 }
availability_zone_rebalancing = "ENABLED"

[[services]]
name = "pinned"
task_definition = "web"
desired_count = 2
placement_constraints = [{ type = "memberOf", expression = "attribute:ecs.availability-zone in [us-east-1a, us-east-1b]" }]
availability_zone_rebalancing = "ENABLED"

[[services]]
name = "fg"
task_definition = "fg"
desired_count = 2
launch_type = "FARGATE"
availability_zone_rebalancing = "ENABLED"

[[events]]
at = "10m"
action = "spot_interruption"
instance_group = "general"

[[events]]
at = "10m"
action = "spot_interruption"
instances = ["i-0001", "i-0002"]
zone = "us-east-1a"

[[events]]
at = "10m"
action = "spot_interruption"
zone = "us-east-1c"

[[events]]
at = "10m"
action = "spot_interruption"
instances = ["i-0001", "i-0003"]
`), "lint.toml")
	if err != nil {
		t.Fatal(err)
	}
	// The events' warnings come as the events are read, the services' after. Services default
	// and fg (on Fargate, which spreads over its zones) are rebalanced: no warning.
	want := []string{
		"lint.toml:73:18: warning: events[0].instance_group: interrupts nothing: no instance the event chooses is Spot",
		"lint.toml:78:13: warning: events[1].instances: interrupts nothing: no instance the event chooses is Spot",
		"lint.toml:84:8: warning: events[2].zone: interrupts nothing: no instance the event chooses is Spot",
		"lint.toml:40:33: warning: services[1].availability_zone_rebalancing: does nothing: service packed's first placement strategy is binpack(memory), and ECS rebalances a service only when its first placement strategy spreads over attribute:ecs.availability-zone (DG/service-rebalancing)",
		"lint.toml:47:33: warning: services[2].availability_zone_rebalancing: does nothing: service none has no placement strategy, and ECS rebalances a service only when its first placement strategy spreads over attribute:ecs.availability-zone (DG/service-rebalancing)",
		"lint.toml:54:33: warning: services[3].availability_zone_rebalancing: does nothing: service tight's maximum_percent is 100, and ECS rebalances only a service that may start a task before it stops one, with maximum_percent above 100 (DG/service-rebalancing)",
		"lint.toml:61:33: warning: services[4].availability_zone_rebalancing: does nothing: service pinned has a placement constraint on ecs.availability-zone, and ECS does not rebalance such a service (DG/service-rebalancing)",
	}
	if diff := cmp.Diff(want, strings.Split(sc.Warnings.Error(), "\n")); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}

	sc, err = Load([]byte(`duration = "1h"

[[instance_groups]]
type = "m6i.large"
count = 0

[faults]
instance_mtbf = "720h"
`), "lint.toml")
	if err != nil {
		t.Fatal(err)
	}
	want = []string{
		"lint.toml:8:17: warning: faults.instance_mtbf: fails nothing: the scenario has no EC2 instances (instance groups or Auto Scaling groups)",
	}
	if diff := cmp.Diff(want, strings.Split(sc.Warnings.Error(), "\n")); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}
