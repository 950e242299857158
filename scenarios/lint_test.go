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
