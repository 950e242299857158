package scenarios

import (
	"strings"
	"testing"
)

// TestLintNoCapacityAndUnusedTargetGroups covers the warnings about tasks no instance can ever
// run and target groups no service attaches, each named in the warning, and their absence
// where capacity or an attachment exists.
func TestLintNoCapacityAndUnusedTargetGroups(t *testing.T) {
	const defs = `duration = "1h"

[[task_definitions]]
family = "app"
memory = 128
containers = [{ name = "app", port_mappings = [{ container_port = 80 }] }]

[[task_definitions]]
family = "fg"
network_mode = "awsvpc"
requires_compatibilities = ["FARGATE"]
cpu = 256
memory = 512
containers = [{ name = "app" }]
`
	const web = "\n[[services]]\nname = \"web\"\ntask_definition = \"app\"\ndesired_count = 2\n"
	const noEC2 = "warning: services[0].desired_count: service web runs on EC2, but no instance group has instances and no Auto Scaling group can launch any"
	const group = "\n[[instance_groups]]\ntype = \"m6i.large\"\ncount = 1\n"
	tests := []struct{ name, src, want string }{
		{"no instance group", web, noEC2},
		{"an instance group of none", web + "\n[[instance_groups]]\ntype = \"m6i.large\"\ncount = 0\n", noEC2},
		{"desired 0, scaled up by an event", "\n[[services]]\nname = \"web\"\ntask_definition = \"app\"\ndesired_count = 0\n" +
			"\n[[events]]\nat = \"10m\"\naction = \"scale\"\nservice = \"web\"\ndesired_count = 3\n", noEC2},
		{"a workload on EC2", "\n[[workloads]]\ntask_definition = \"app\"\narrival = { process = \"fixed\", count = 1 }\nduration = { distribution = \"constant\", value = \"1m\" }\n",
			"warning: workloads[0].task_definition: workload app runs on EC2, but no instance group"},
		{"a target group no service attaches", web + group + "\n[[target_groups]]\nname = \"spare\"\n",
			"warning: target_groups[0].name: no service's load_balancers names target group spare: it never has a target"},
		{"instances", web + group, ""},
		{"an Auto Scaling group", web + "\n[[capacity_providers]]\nname = \"asg\"\n[capacity_providers.auto_scaling_group]\ninstance_type = \"m6i.large\"\nmax_size = 2\n" +
			"[cluster]\ndefault_capacity_provider_strategy = [{ capacity_provider = \"asg\", weight = 1 }]\n", ""},
		{"Fargate", "\n[[services]]\nname = \"web\"\ntask_definition = \"fg\"\ndesired_count = 2\nlaunch_type = \"FARGATE\"\n", ""},
		{"a daemon follows the instances", "\n[[services]]\nname = \"d\"\ntask_definition = \"app\"\nscheduling_strategy = \"DAEMON\"\n", ""},
		{"an attached target group", group + "\n[[target_groups]]\nname = \"tg\"\n" + strings.Replace(web, "desired_count = 2\n",
			"desired_count = 2\nload_balancers = [{ target_group = \"tg\", container_name = \"app\", container_port = 80 }]\n", 1), ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc, err := Load([]byte(defs+tc.src), "lint.toml")
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if len(sc.Warnings) > 0 {
				got = sc.Warnings.Error()
			}
			if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
				t.Errorf("warnings:\n%s\nwant one that says\n%s", got, tc.want)
			}
		})
	}
}
