package scenarios

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/scheduler"
)

// loadFile is the name the malformed scenarios are loaded under.
const loadFile = "scenario.toml"

// loadCase is a malformed scenario and every problem Load must report for it, rendered as
// "FILE:LINE:COL: PATH: MESSAGE", in order.
type loadCase struct {
	name string
	src  string
	want []string
}

// loadPortList returns n consecutive ports from first, as a TOML array.
func loadPortList(first, n int) string {
	ports := make([]string, n)
	for i := range ports {
		ports[i] = fmt.Sprint(first + i)
	}
	return "[" + strings.Join(ports, ", ") + "]"
}

var loadBadCases = []loadCase{
	{
		name: "a workload may not take a service's name, nor a service's task group",
		src: `duration = "1h"

[[task_definitions]]
family = "batch"
memory = 512
  [[task_definitions.containers]]
  name = "job"

[[services]]
name = "batch"
task_definition = "batch"
desired_count = 1

[[workloads]]
task_definition = "batch"
group = "service:batch"
arrival = { process = "fixed", count = 1 }
duration = { distribution = "constant", value = "1m" }
`,
		want: []string{
			`scenario.toml:14:3: workloads[0].name: a service or workload (a workload is named after its family unless it sets name) "batch" is already defined on line 10`,
			"scenario.toml:16:9: workloads[0].group: service: groups belong to services (DG/task-groups); name the group otherwise",
		},
	},
	{
		name: "missing arrival and duration tables, and a strategy with no field",
		src: `duration = "-2d"

[[task_definitions]]
family = "job"
memory = 512
  [[task_definitions.containers]]
  name = "job"

[[workloads]]
task_definition = "job"
placement_strategy = [{ type = "binpack" }]
`,
		want: []string{
			`scenario.toml:1:12: duration: "-2d" is negative`,
			"scenario.toml:9:3: workloads[0].arrival: required, but missing",
			"scenario.toml:9:3: workloads[0].duration: required, but missing",
			"scenario.toml:11:23: workloads[0].placement_strategy[0].field: binpack needs a field: cpu or memory",
		},
	},
	{
		name: "host mode binds each container port, so two containers cannot share one",
		src: `duration = "1h"

[[task_definitions]]
family = "pair"
network_mode = "host"
memory = 512
  [[task_definitions.containers]]
  name = "a"
  port_mappings = [{ container_port = 8080 }]
  [[task_definitions.containers]]
  name = "b"
  port_mappings = [{ container_port = 8080 }]
`,
		want: []string{
			`scenario.toml:12:20: task_definitions[0].containers[1].port_mappings[0].host_port: host port "8080/tcp" is already defined on line 9`,
		},
	},
	{
		name: "syntax error: unterminated string",
		src: `duration = "1h"

[[instance_groups]]
type = "m6i.large
count = 2
`,
		want: []string{
			"scenario.toml:4:18: instance_groups.type: strings cannot contain newlines",
		},
	},
	{
		// Columns count runes (Pos), so "déjà" is four columns wide.
		name: "syntax error: unterminated string after non-ASCII text",
		src: `duration = "1h"
description = "déjà vu
`,
		want: []string{
			"scenario.toml:2:23: description: strings cannot contain newlines",
		},
	},
	{
		name: "syntax error: table header without its closing bracket",
		src: `duration = "1h"
[cluster
name = "prod"
`,
		want: []string{
			"scenario.toml:2:9: expected '.' or ']' to end table name, but got '\\n' instead",
		},
	},
	{
		name: "syntax error: key defined twice",
		src: `duration = "1h"
seed = 2
duration = "2h"
`,
		want: []string{
			"scenario.toml:3:1: duration: Key 'duration' has already been defined.",
		},
	},
	{
		name: "syntax error: key defined twice in an array of tables",
		src: `duration = "1h"

[[task_definitions]]
family = "a"
family = "b"
`,
		want: []string{
			"scenario.toml:5:1: task_definitions.family: Key 'task_definitions.family' has already been defined.",
		},
	},
	{
		name: "unknown top-level key",
		src: `duration = "1h"
seeed = 7
`,
		want: []string{
			`scenario.toml:2:1: seeed: unknown key (did you mean "seed"?)`,
		},
	},
	{
		name: "unknown nested key",
		src: `duration = "1h"

[[task_definitions]]
family = "web"
memory = 512
  [[task_definitions.containers]]
  name = "web"

[[services]]
name = "web"
task_definition = "web"
desired_count = 2
placment_strategy = [{ type = "binpack", field = "cpu" }]
`,
		want: []string{
			`scenario.toml:13:1: services[0].placment_strategy: unknown key (did you mean "placement_strategy"?)`,
		},
	},
	{
		name: "unknown keys in tables and inline tables",
		src: `duration = "1h"

[cluster]
nme = "prod"

[[instance_groups]]
type = "m6i.large"
count = 1
[instance_groups.agent]
reserved_memroy = 256

[[task_definitions]]
family = "job"
memory = 512
  [[task_definitions.containers]]
  name = "job"
  port_mappings = [{ container_port = 80, hostport = 80 }]

[[workloads]]
task_definition = "job"
arrival = { process = "poisson", rat = "1/s" }
duration = { distribution = "constant", value = "1m" }
xyzzy = 1
`,
		want: []string{
			`scenario.toml:4:1: cluster.nme: unknown key (did you mean "name"?)`,
			`scenario.toml:10:1: instance_groups[0].agent.reserved_memroy: unknown key (did you mean "reserved_memory"?)`,
			`scenario.toml:17:43: task_definitions[0].containers[0].port_mappings[0].hostport: unknown key (did you mean "host_port"?)`,
			`scenario.toml:21:34: workloads[0].arrival.rat: unknown key (did you mean "rate"?)`,
			"scenario.toml:23:1: workloads[0].xyzzy: unknown key",
		},
	},
	{
		name: "unknown key in every element of an array of tables",
		src: `duration = "1h"

[[instance_groups]]
type = "m6i.large"
count = 1
colour = "red"

[[instance_groups]]
type = "m6i.large"
count = 1
colour = "blue"
`,
		want: []string{
			"scenario.toml:6:1: instance_groups[0].colour: unknown key",
			"scenario.toml:11:1: instance_groups[1].colour: unknown key",
		},
	},
	{
		name: "wrong types",
		src: `duration = 3600
seed = 1.5
region = ["us-east-1"]

[[instance_groups]]
type = { name = "m6i.large" }
count = "nine"
zones = "us-east-1a"
[instance_groups.agent]
enable_task_iam_role = "yes"

[[task_definitions]]
family = "web"
memory = 1.5e3
  [[task_definitions.containers]]
  name = 7
  memory = 256
`,
		want: []string{
			"scenario.toml:1:12: duration: want a string, got integer 3600",
			"scenario.toml:2:8: seed: want an integer, got number 1.5",
			"scenario.toml:3:10: region: want a string, got an array",
			"scenario.toml:6:8: instance_groups[0].type: want a string, got a table",
			`scenario.toml:7:9: instance_groups[0].count: want an integer, got string "nine"`,
			`scenario.toml:8:9: instance_groups[0].zones: want a list of strings, got string "us-east-1a"`,
			`scenario.toml:10:24: instance_groups[0].agent.enable_task_iam_role: want true or false, got string "yes"`,
			"scenario.toml:14:10: task_definitions[0].memory: memory is MiB, an integer: 1500",
			"scenario.toml:16:10: task_definitions[0].containers[0].name: want a string, got integer 7",
		},
	},
	{
		name: "list with an element of the wrong type",
		src: `duration = "1h"

[[instance_groups]]
type = "m6i.large"
count = 1
zones = ["us-east-1a", 2]
`,
		want: []string{
			"scenario.toml:6:24: instance_groups[0].zones[1]: want a string, got integer 2",
		},
	},
	{
		name: "missing required keys",
		src: `name = "missing"

[[instance_groups]]
count = 2

[[task_definitions]]
memory = 512
  [[task_definitions.containers]]
  name = "web"

[[task_definitions]]
family = "api"
memory = 512

[[services]]
name = "api"
task_definition = "api"
`,
		want: []string{
			"scenario.toml:1:1: duration: required, but missing",
			"scenario.toml:3:3: instance_groups[0].type: required, but missing",
			"scenario.toml:6:3: task_definitions[0].family: required, but missing",
			"scenario.toml:11:3: task_definitions[1].containers: required, but missing",
			"scenario.toml:15:3: services[0].desired_count: required, but missing",
		},
	},
	{
		name: "unknown instance type",
		src: `duration = "1h"

[[instance_groups]]
type = "m6i.huge"
count = 2
`,
		want: []string{
			`scenario.toml:4:8: instance_groups[0].type: unknown instance type "m6i.huge"; known m6i types: m6i.large, m6i.xlarge, m6i.2xlarge, m6i.4xlarge, m6i.8xlarge`,
		},
	},
	{
		name: "zones outside the region",
		src: `duration = "1h"
region = "eu-west-1"

[[instance_groups]]
type = "m6i.large"
count = 3
zones = ["eu-west-1a", "us-east-1b", "eu-west-1a", "eu-west-1"]
`,
		want: []string{
			`scenario.toml:7:24: instance_groups[0].zones[1]: zone "us-east-1b" is not in region eu-west-1 (want eu-west-1a, eu-west-1b, ...)`,
			`scenario.toml:7:38: instance_groups[0].zones[2]: zone "eu-west-1a" is listed twice`,
			`scenario.toml:7:52: instance_groups[0].zones[3]: zone "eu-west-1" is not in region eu-west-1 (want eu-west-1a, eu-west-1b, ...)`,
		},
	},
	{
		name: "unknown task definition and bad revisions",
		src: `duration = "1h"

[[task_definitions]]
family = "web"
memory = 512
  [[task_definitions.containers]]
  name = "web"

[[services]]
name = "api"
task_definition = "api"
desired_count = 1

[[services]]
name = "web"
task_definition = "web:7"
desired_count = 1

[[workloads]]
task_definition = "web:latest"
arrival = { process = "fixed", count = 3 }
duration = { distribution = "constant", value = "1m" }
`,
		want: []string{
			`scenario.toml:11:19: services[0].task_definition: no task definition family "api" (known: web)`,
			`scenario.toml:16:19: services[1].task_definition: family "web" has only revision 1, not "7"`,
			`scenario.toml:20:19: workloads[0].task_definition: family "web" has only revision 1, not "latest"`,
		},
	},
	{
		name: "invalid placement strategies, six of them",
		src: `duration = "1h"

[[task_definitions]]
family = "web"
memory = 512
  [[task_definitions.containers]]
  name = "web"

[[services]]
name = "web"
task_definition = "web"
desired_count = 1
placement_strategy = [
  { type = "pack", field = "cpu" },
  { type = "binpack", field = "disk" },
  { type = "random", field = "cpu" },
  { type = "spread", field = "zone" },
  { field = "cpu" },
  { type = "spread", field = "instanceId" },
]
`,
		want: []string{
			"scenario.toml:13:22: services[0].placement_strategy: 6 placement strategies, ECS allows at most 5",
			`scenario.toml:14:12: services[0].placement_strategy[0].type: unknown placement strategy type "pack" (known: best-fit, binpack, dot-product, fgd, first-fit, gpu-clustering, gpu-packing, random, spread, worst-fit)`,
			`scenario.toml:15:31: services[0].placement_strategy[1].field: binpack field "disk": want cpu or memory`,
			`scenario.toml:16:30: services[0].placement_strategy[2].field: random takes no field, got "cpu"`,
			`scenario.toml:17:30: services[0].placement_strategy[3].field: spread field "zone": want instanceId, host or attribute:NAME`,
			"scenario.toml:18:3: services[0].placement_strategy[4].type: required, but missing",
		},
	},
	{
		name: "eleven constraints counting the task definition's",
		src: `duration = "1h"

[[task_definitions]]
family = "web"
memory = 512
placement_constraints = [
  { type = "memberOf", expression = "attribute:team == web" },
  { type = "memberOf", expression = "attribute:ecs.os-type == linux" },
]
  [[task_definitions.containers]]
  name = "web"

[[services]]
name = "web"
task_definition = "web"
desired_count = 1
placement_constraints = [
  { type = "distinctInstance" },
  { type = "memberOf", expression = "attribute:a == 1" },
  { type = "memberOf", expression = "attribute:b == 2" },
  { type = "memberOf", expression = "attribute:c == 3" },
  { type = "memberOf", expression = "attribute:d == 4" },
  { type = "memberOf", expression = "attribute:e == 5" },
  { type = "memberOf", expression = "attribute:f == 6" },
  { type = "memberOf", expression = "attribute:g == 7" },
  { type = "memberOf", expression = "attribute:h == 8" },
]
`,
		want: []string{
			"scenario.toml:17:25: services[0].placement_constraints: 9 constraints with the task definition's 2, ECS allows at most 10 in all",
		},
	},
	{
		name: "eleven constraints on a workload",
		src: `duration = "1h"

[[task_definitions]]
family = "job"
memory = 512
  [[task_definitions.containers]]
  name = "job"

[[workloads]]
task_definition = "job"
arrival = { process = "periodic", every = "1m" }
duration = { distribution = "constant", value = "1m" }
placement_constraints = [
  { type = "distinctInstance" },
  { type = "memberOf", expression = "attribute:a == 1" },
  { type = "memberOf", expression = "attribute:b == 2" },
  { type = "memberOf", expression = "attribute:c == 3" },
  { type = "memberOf", expression = "attribute:d == 4" },
  { type = "memberOf", expression = "attribute:e == 5" },
  { type = "memberOf", expression = "attribute:f == 6" },
  { type = "memberOf", expression = "attribute:g == 7" },
  { type = "memberOf", expression = "attribute:h == 8" },
  { type = "memberOf", expression = "attribute:i == 9" },
  { type = "memberOf", expression = "attribute:j == 10" },
]
`,
		want: []string{
			"scenario.toml:13:25: workloads[0].placement_constraints: 11 placement constraints, ECS allows at most 10",
		},
	},
	{
		name: "malformed constraints",
		src: `duration = "1h"

[[task_definitions]]
family = "web"
memory = 512
placement_constraints = [{ type = "distinctInstance" }]
  [[task_definitions.containers]]
  name = "web"

[[services]]
name = "web"
task_definition = "web"
desired_count = 1
placement_constraints = [
  { type = "memberOf", expression = "attribute:team == web and" },
  { type = "memberOf", expression = "attribute:team =! web" },
  { type = "memberOf", expression = 'attribute:stack in [prod, test' },
  { type = "memberOf", expression = "" },
  { type = "memberOf" },
  { type = "sameZone" },
  { type = "distinctInstance", expression = "attribute:a == b" },
]
`,
		want: []string{
			"scenario.toml:6:26: task_definitions[0].placement_constraints[0]: distinctInstance is not allowed in a task definition, only memberOf",
			"scenario.toml:15:63: services[0].placement_constraints[0].expression: missing condition",
			`scenario.toml:16:53: services[0].placement_constraints[1].expression: unknown operator "=!" (did you mean "!="?)`,
			"scenario.toml:17:57: services[0].placement_constraints[2].expression: unclosed list",
			"scenario.toml:18:38: services[0].placement_constraints[3].expression: empty expression",
			"scenario.toml:19:3: services[0].placement_constraints[4].expression: required, but missing",
			`scenario.toml:20:12: services[0].placement_constraints[5].type: want distinctInstance or memberOf, got "sameZone"`,
			"scenario.toml:21:3: services[0].placement_constraints[6]: distinctInstance takes no expression",
		},
	},
	{
		name: "malformed expression in a multi-line literal string",
		src: `duration = "1h"

[[task_definitions]]
family = "web"
memory = 512
  [[task_definitions.containers]]
  name = "web"

[[services]]
name = "web"
task_definition = "web"
desired_count = 1
placement_constraints = [{ type = "memberOf", expression = '''attribute:team =! web''' }]
`,
		want: []string{
			`scenario.toml:13:78: services[0].placement_constraints[0].expression: unknown operator "=!" (did you mean "!="?)`,
		},
	},
	{
		name: "malformed expression on the second line of a multi-line string",
		src: `duration = "1h"

[[task_definitions]]
family = "web"
memory = 512
  [[task_definitions.containers]]
  name = "web"

[[services]]
name = "web"
task_definition = "web"
desired_count = 1
placement_constraints = [{ type = "memberOf", expression = """
attribute:team =! web""" }]
`,
		want: []string{
			`scenario.toml:14:16: services[0].placement_constraints[0].expression: unknown operator "=!" (did you mean "!="?)`,
		},
	},
	{
		name: "malformed expression after an escape sequence",
		src: `duration = "1h"

[[task_definitions]]
family = "web"
memory = 512
  [[task_definitions.containers]]
  name = "web"

[[services]]
name = "web"
task_definition = "web"
desired_count = 1
placement_constraints = [{ type = "memberOf", expression = "attribute:t\u0065am =! web" }]
`,
		want: []string{
			`scenario.toml:13:81: services[0].placement_constraints[0].expression: unknown operator "=!" (did you mean "!="?)`,
		},
	},
	{
		name: "memory rules",
		src: `duration = "1h"

[[task_definitions]]
family = "nomem"
cpu = 256
  [[task_definitions.containers]]
  name = "a"

[[task_definitions]]
family = "soft"
  [[task_definitions.containers]]
  name = "a"
  memory = 512
  memory_reservation = 512
  [[task_definitions.containers]]
  name = "b"
  memory = 256
  memory_reservation = 1024

[[task_definitions]]
family = "big"
memory = 512
  [[task_definitions.containers]]
  name = "a"
  memory = 1024
`,
		want: []string{
			"scenario.toml:6:5: task_definitions[0].containers[0]: set memory or memory_reservation (or the task's memory): ECS needs one on EC2",
			"scenario.toml:14:24: task_definitions[1].containers[0].memory_reservation: must be below memory (512 MiB)",
			"scenario.toml:18:24: task_definitions[1].containers[1].memory_reservation: must be below memory (256 MiB)",
			"scenario.toml:23:5: task_definitions[2].containers[0]: asks for more memory than the task's 512 MiB",
		},
	},
	{
		name: "GPUs",
		src: `duration = "1h"

[[task_definitions]]
family = "whole"
memory = 512
  [[task_definitions.containers]]
  name = "a"
  resource_requirements = [{ type = "GPU", value = "0" }, { type = "GPU", value = "1" }, { type = "GPU", value = "1" }]
  [[task_definitions.containers]]
  name = "b"
  resource_requirements = [{ type = "InferenceAccelerator", value = "x" }, { type = "TPU", value = "1" }, { value = "1" }]

[[task_definitions]]
family = "both"
memory = 512
gpu_share = 0.5
  [[task_definitions.containers]]
  name = "a"
  resource_requirements = [{ type = "GPU", value = "1" }]

[[task_definitions]]
family = "shares"
memory = 512
gpu_share = 1.0
  [[task_definitions.containers]]
  name = "a"

[[task_definitions]]
family = "fargate"
cpu = 256
memory = 512
network_mode = "awsvpc"
requires_compatibilities = ["FARGATE"]
gpu_share = 0.5
  [[task_definitions.containers]]
  name = "a"
  resource_requirements = [{ type = "GPU", value = "1" }]
`,
		want: []string{
			`scenario.toml:8:52: task_definitions[0].containers[0].resource_requirements[0].value: want the GPUs as a string of a whole number from 1 to 32, such as "1", got "0"`,
			"scenario.toml:8:90: task_definitions[0].containers[0].resource_requirements[2]: a second GPU requirement: a container states its GPUs once",
			"scenario.toml:11:37: task_definitions[0].containers[1].resource_requirements[0].type: ecssim models GPUs, not Elastic Inference accelerators",
			`scenario.toml:11:85: task_definitions[0].containers[1].resource_requirements[1].type: want GPU or InferenceAccelerator, got "TPU"`,
			"scenario.toml:11:107: task_definitions[0].containers[1].resource_requirements[2].type: required, but missing",
			"scenario.toml:16:13: task_definitions[1].gpu_share: a share of one GPU, and whole GPUs in container a: ask for one or the other",
			"scenario.toml:24:13: task_definitions[2].gpu_share: must be at least 0.001 and below 1, got 1",
			"scenario.toml:34:13: task_definitions[3].gpu_share: Fargate has no GPUs: GPU tasks run on EC2 GPU instances (DG/ecs-gpu)",
			"scenario.toml:37:27: task_definitions[3].containers[0].resource_requirements: Fargate has no GPUs: GPU tasks run on EC2 GPU instances (DG/ecs-gpu)",
		},
	},
	{
		name: "host ports",
		src: `duration = "1h"

[[task_definitions]]
family = "vpc"
memory = 512
network_mode = "awsvpc"
  [[task_definitions.containers]]
  name = "a"
  port_mappings = [{ container_port = 8080, host_port = 80 }, { container_port = 9090, host_port = 9090 }]

[[task_definitions]]
family = "hostmode"
memory = 512
network_mode = "host"
  [[task_definitions.containers]]
  name = "a"
  port_mappings = [{ container_port = 8080, host_port = 8081 }]

[[task_definitions]]
family = "ports"
memory = 512
  [[task_definitions.containers]]
  name = "a"
  port_mappings = [{ container_port = 8080, host_port = 80 }]
  [[task_definitions.containers]]
  name = "b"
  port_mappings = [{ container_port = 8081, host_port = 80 }, { container_port = 53, host_port = 80, protocol = "udp" }]
`,
		want: []string{
			"scenario.toml:9:57: task_definitions[0].containers[0].port_mappings[0].host_port: in awsvpc mode the host port must equal the container port (8080)",
			"scenario.toml:17:57: task_definitions[1].containers[0].port_mappings[0].host_port: in host mode the host port must equal the container port (8080)",
			`scenario.toml:27:57: task_definitions[2].containers[1].port_mappings[0].host_port: host port "80/tcp" is already defined on line 24`,
		},
	},
	{
		name: "bad durations",
		src: `duration = "5 minutes"

[[task_definitions]]
family = "job"
memory = 512
  [[task_definitions.containers]]
  name = "job"

[[workloads]]
task_definition = "job"
arrival = { process = "periodic", every = "30 s", start = "-1m" }
duration = { distribution = "uniform", min = "1w", max = "1h" }
`,
		want: []string{
			`scenario.toml:1:12: duration: "5 minutes" is not a duration such as 90s, 5m, 6h or 1d`,
			`scenario.toml:11:43: workloads[0].arrival.every: "30 s" is not a duration such as 90s, 5m, 6h or 1d`,
			`scenario.toml:11:59: workloads[0].arrival.start: "-1m" is negative`,
			`scenario.toml:12:46: workloads[0].duration.min: "1w" is not a duration such as 90s, 5m, 6h or 1d`,
		},
	},
	{
		name: "bad rates",
		src: `duration = "1h"

[[task_definitions]]
family = "job"
memory = 512
  [[task_definitions.containers]]
  name = "job"

[[workloads]]
task_definition = "job"
arrival = { process = "poisson", rate = "20 per min" }
duration = { distribution = "constant", value = "1m" }

[[workloads]]
name = "job2"
task_definition = "job"
arrival = { process = "poisson", rate = "20/fortnight" }
duration = { distribution = "constant", value = "1m" }

[[workloads]]
name = "job3"
task_definition = "job"
arrival = { process = "poisson", rate = "0/s" }
duration = { distribution = "constant", value = "1m" }
`,
		want: []string{
			`scenario.toml:11:41: workloads[0].arrival.rate: "20 per min" is not a positive rate such as 20/min, 0.5/s or 300/h`,
			`scenario.toml:17:41: workloads[1].arrival.rate: "20/fortnight": the rate's unit is /s, /min, /h or /d`,
			`scenario.toml:23:41: workloads[2].arrival.rate: "0/s" is not a positive rate such as 20/min, 0.5/s or 300/h`,
		},
	},
	{
		name: "keys the chosen distribution or process does not use",
		src: `duration = "1h"

[[task_definitions]]
family = "job"
memory = 512
  [[task_definitions.containers]]
  name = "job"

[[workloads]]
task_definition = "job"
arrival = { process = "poisson", rate = "1/s", every = "1m" }
duration = { distribution = "lognormal", median = "10m", sigma = 0.8, mean = "5m" }
`,
		want: []string{
			"scenario.toml:11:56: workloads[0].arrival.every: poisson arrivals do not use every",
			"scenario.toml:12:78: workloads[0].duration.mean: lognormal durations do not use mean",
		},
	},
	{
		name: "job sizes out of range",
		src: `duration = "1h"

[[task_definitions]]
family = "job"
memory = 512
  [[task_definitions.containers]]
  name = "job"

[[workloads]]
name = "a"
task_definition = "job"
arrival = { process = "poisson", rate = "1/s", count = 5, max_count = 3 }
duration = { distribution = "constant", value = "1m" }

[[workloads]]
name = "b"
task_definition = "job"
arrival = { process = "periodic", every = "1m", count = 0 }
duration = { distribution = "constant", value = "1m" }

[[workloads]]
name = "c"
task_definition = "job"
arrival = { process = "fixed", count = 2, max_count = 3 }
duration = { distribution = "constant", value = "1m" }
`,
		want: []string{
			"scenario.toml:12:71: workloads[0].arrival.max_count: is below count (5)",
			"scenario.toml:18:57: workloads[1].arrival.count: must be between 1 and 100000, got 0",
			"scenario.toml:24:55: workloads[2].arrival.max_count: fixed arrivals do not use max_count",
		},
	},
	{
		name: "a bad mean or median is reported once",
		src: `duration = "1h"

[[task_definitions]]
family = "job"
memory = 512
  [[task_definitions.containers]]
  name = "job"

[[workloads]]
task_definition = "job"
arrival = { process = "periodic", every = "1m" }
duration = { distribution = "exponential", mean = "-1m" }

[[workloads]]
name = "job2"
task_definition = "job"
arrival = { process = "periodic", every = "1m" }
duration = { distribution = "lognormal", median = "ten minutes", sigma = 0.5 }
`,
		want: []string{
			`scenario.toml:12:51: workloads[0].duration.mean: "-1m" is negative`,
			`scenario.toml:18:51: workloads[1].duration.median: "ten minutes" is not a duration such as 90s, 5m, 6h or 1d`,
		},
	},
	{
		name: "agent limits",
		src: `duration = "1h"

[[instance_groups]]
type = "m6i.large"
count = 2
[instance_groups.agent]
reserved_memory = 8192
reserved_ports = ` + loadPortList(1001, 101) + `
dynamic_host_port_range = "60999-32768"

[[instance_groups]]
name = "b"
type = "m6i.large"
count = 1
agent = { reserved_ports = [22, 70000], dynamic_host_port_range = "32768" }
`,
		want: []string{
			"scenario.toml:7:19: instance_groups[0].agent.reserved_memory: reserves 8192 MiB, but m6i.large has only 7985 MiB; the agent would fail to register",
			"scenario.toml:8:18: instance_groups[0].agent.reserved_ports: 101 reserved ports, ECS allows at most 100",
			`scenario.toml:9:27: instance_groups[0].agent.dynamic_host_port_range: want FIRST-LAST with 1 <= FIRST <= LAST <= 65535, got "60999-32768"`,
			"scenario.toml:15:33: instance_groups[1].agent.reserved_ports[1]: port 70000 is outside 1-65535",
			`scenario.toml:15:67: instance_groups[1].agent.dynamic_host_port_range: want FIRST-LAST with 1 <= FIRST <= LAST <= 65535, got "32768"`,
		},
	},
	{
		name: "Fargate task definitions: awsvpc, a Fargate size, containers within the task",
		src: `duration = "1h"

[[task_definitions]]
family = "bridge"
network_mode = "bridge"
requires_compatibilities = ["FARGATE"]
cpu = 256
memory = 4096
containers = [{ name = "app" }]

[[task_definitions]]
family = "unsized"
requires_compatibilities = ["EC2", "FARGATE"]
memory = 1024
containers = [{ name = "app" }]

[[task_definitions]]
family = "odd-cpu"
network_mode = "awsvpc"
requires_compatibilities = ["FARGATE"]
cpu = 768
memory = 2048
containers = [{ name = "app" }]

[[task_definitions]]
family = "odd-memory"
network_mode = "awsvpc"
requires_compatibilities = ["FARGATE"]
cpu = 1024
memory = 2500
containers = [{ name = "app" }]

[[task_definitions]]
family = "crowded"
network_mode = "awsvpc"
requires_compatibilities = ["FARGATE"]
cpu = 512
memory = 1024
  [[task_definitions.containers]]
  name = "a"
  cpu = 384
  memory = 600
  port_mappings = [{ container_port = 8080, host_port = 8081 }]
  stop_timeout = "3m"
  [[task_definitions.containers]]
  name = "b"
  cpu = 256
  memory = 800
  memory_reservation = 512
`,
		want: []string{
			"scenario.toml:5:16: task_definitions[0].network_mode: Fargate tasks use awsvpc network mode, not bridge",
			"scenario.toml:8:10: task_definitions[0].memory: Fargate has no task size with cpu 256 and memory 4096 MiB: cpu 256 takes memory 512, 1024 or 2048 MiB; memory 4096 MiB goes with cpu 512, 1024 or 2048",
			`scenario.toml:11:3: task_definitions[1].network_mode: required for FARGATE, but missing: Fargate tasks use network_mode = "awsvpc"`,
			"scenario.toml:11:3: task_definitions[1].cpu: required for FARGATE, but missing: a Fargate task definition sets task-level cpu and memory",
			"scenario.toml:21:7: task_definitions[2].cpu: Fargate has no task size with cpu 768: it takes cpu 256, 512, 1024, 2048, 4096, 8192 or 16384; the nearest are 512 with memory 1024, 2048, 3072 or 4096 MiB, and 1024 with memory 2048-8192 MiB in steps of 1024; memory 2048 MiB goes with cpu 256, 512 or 1024",
			"scenario.toml:30:10: task_definitions[3].memory: Fargate has no task size with cpu 1024 and memory 2500 MiB: cpu 1024 takes memory 2048-8192 MiB in steps of 1024 (nearest 2048 or 3072)",
			"scenario.toml:37:7: task_definitions[4].cpu: the containers reserve 640 CPU units in all, more than the task's 512",
			"scenario.toml:38:10: task_definitions[4].memory: the containers reserve 1112 MiB in all, more than the task's 1024",
			"scenario.toml:43:57: task_definitions[4].containers[0].port_mappings[0].host_port: in awsvpc mode the host port must equal the container port (8080)",
			"scenario.toml:44:18: task_definitions[4].containers[0].stop_timeout: Fargate allows a stop timeout of at most 2m",
		},
	},
	{
		name: "Fargate services: FARGATE compatibility, no placement, no DAEMON",
		src: `duration = "1h"

[[task_definitions]]
family = "ec2"
memory = 512
containers = [{ name = "app" }]

[[task_definitions]]
family = "both"
network_mode = "awsvpc"
requires_compatibilities = ["EC2", "FARGATE"]
cpu = 256
memory = 512
placement_constraints = [{ type = "memberOf", expression = "attribute:team == web" }]
containers = [{ name = "app" }]

[[services]]
name = "not-fargate"
task_definition = "ec2"
desired_count = 1
launch_type = "FARGATE"
zones = ["us-east-1a", "us-west-2b"]

[[services]]
name = "placed"
task_definition = "both"
desired_count = 1
launch_type = "FARGATE"
placement_strategy = [{ type = "binpack", field = "memory" }]
placement_constraints = [{ type = "distinctInstance" }]

[[services]]
name = "daemon"
task_definition = "both"
scheduling_strategy = "DAEMON"
launch_type = "FARGATE"
`,
		want: []string{
			"scenario.toml:19:19: services[0].task_definition: ec2:1 does not list FARGATE in requires_compatibilities",
			`scenario.toml:22:24: services[0].zones[1]: zone "us-west-2b" is not in region us-east-1 (want us-east-1a, us-east-1b, ...)`,
			"scenario.toml:26:19: services[1].task_definition: both:1 has placement constraints, which ECS rejects on Fargate (DG/task-placement)",
			"scenario.toml:29:22: services[1].placement_strategy: ECS rejects placement strategies on Fargate, which places tasks itself (DG/task-placement)",
			"scenario.toml:30:25: services[1].placement_constraints: ECS rejects placement constraints on Fargate, which places tasks itself (DG/task-placement)",
			"scenario.toml:36:15: services[2].launch_type: Fargate does not run DAEMON services (DG/ecs_service-options)",
		},
	},
	{
		name: "capacity providers: reserved names, managed scaling and Auto Scaling group sizes",
		src: `duration = "1h"

[[capacity_providers]]
name = "FARGATE"
managed_termination_protection = "ENABLED"
[capacity_providers.auto_scaling_group]
instance_type = "m6i.large"
instance_types = ["m6i.large"]
min_size = 4
max_size = 2

[[capacity_providers]]
name = "ECS-general"
managed_termination_protection = "ENABLED"
managed_draining = "yes"
[capacity_providers.auto_scaling_group]
instance_types = ["m6i.large", "m6i.huge", "m6i.large"]
max_size = 0
desired_capacity = 3
market = "spot"
[capacity_providers.managed_scaling]
status = "DISABLED"
target_capacity = 0
minimum_scaling_step_size = 10
maximum_scaling_step_size = 5
instance_warmup_period = "3h"

[[capacity_providers]]
name = "general"

[[capacity_providers]]
name = "general"
[capacity_providers.auto_scaling_group]
min_size = 2
max_size = 5
desired_capacity = 6
`,
		want: []string{
			"scenario.toml:4:8: capacity_providers[0].name: FARGATE is built in: strategies name it without declaring it",
			"scenario.toml:5:34: capacity_providers[0].managed_termination_protection: ECS allows managed termination protection only with managed scaling: give managed_scaling status ENABLED",
			"scenario.toml:8:18: capacity_providers[0].auto_scaling_group.instance_types: set instance_type or instance_types, not both",
			"scenario.toml:10:12: capacity_providers[0].auto_scaling_group.max_size: 2 is below min_size (4)",
			"scenario.toml:13:8: capacity_providers[1].name: ECS reserves names that start with aws, ecs or fargate (in any case)",
			"scenario.toml:14:34: capacity_providers[1].managed_termination_protection: ECS allows managed termination protection only with managed scaling: give managed_scaling status ENABLED",
			`scenario.toml:15:20: capacity_providers[1].managed_draining: want ENABLED or DISABLED, got "yes"`,
			`scenario.toml:17:32: capacity_providers[1].auto_scaling_group.instance_types[1]: unknown instance type "m6i.huge"; known m6i types: m6i.large, m6i.xlarge, m6i.2xlarge, m6i.4xlarge, m6i.8xlarge`,
			`scenario.toml:17:44: capacity_providers[1].auto_scaling_group.instance_types[2]: instance type "m6i.large" is listed twice`,
			"scenario.toml:18:12: capacity_providers[1].auto_scaling_group.max_size: must be between 1 and 1000000, got 0",
			"scenario.toml:23:19: capacity_providers[1].managed_scaling.target_capacity: must be between 1 and 100, got 0",
			"scenario.toml:25:29: capacity_providers[1].managed_scaling.maximum_scaling_step_size: 5 is below minimum_scaling_step_size (10)",
			"scenario.toml:26:26: capacity_providers[1].managed_scaling.instance_warmup_period: must be at most 10000s, got 3h",
			"scenario.toml:28:3: capacity_providers[2].auto_scaling_group: required, but missing",
			`scenario.toml:32:8: capacity_providers[3].name: capacity provider "general" is already defined on line 29`,
			"scenario.toml:33:2: capacity_providers[3].auto_scaling_group.instance_type: required, but missing",
			"scenario.toml:36:20: capacity_providers[3].auto_scaling_group.desired_capacity: must be between min_size (2) and max_size (5), got 6",
		},
	},
	{
		name: "capacity provider strategies",
		src: `duration = "1h"

[[capacity_providers]]
name = "asg-a"
auto_scaling_group = { instance_type = "m6i.large", max_size = 4 }

[[capacity_providers]]
name = "asg-b"
auto_scaling_group = { instance_type = "m6i.large", max_size = 4 }

[cluster]
default_capacity_provider_strategy = [{ capacity_provider = "asg-a", base = 1 }]

[[task_definitions]]
family = "web"
network_mode = "awsvpc"
requires_compatibilities = ["EC2", "FARGATE"]
cpu = 256
memory = 512
containers = [{ name = "web" }]

[[services]]
name = "two-bases"
task_definition = "web"
desired_count = 2
capacity_provider_strategy = [
  { capacity_provider = "asg-a", base = 1, weight = 1 },
  { capacity_provider = "asg-b", base = 2, weight = 1 },
]

[[services]]
name = "mixed"
task_definition = "web"
desired_count = 2
capacity_provider_strategy = [
  { capacity_provider = "FARGATE", weight = 1 },
  { capacity_provider = "asg-a", weight = 1 },
  { capacity_provider = "FARGATE", weight = 2 },
]

[[services]]
name = "both"
task_definition = "web"
desired_count = 2
launch_type = "EC2"
capacity_provider_strategy = [{ capacity_provider = "asg-c", weight = 1 }]

[[services]]
name = "daemon"
task_definition = "web"
scheduling_strategy = "DAEMON"
capacity_provider_strategy = [{ capacity_provider = "asg-a", weight = 1, base = 100001 }]

[[services]]
name = "daemon-default"
task_definition = "web"
scheduling_strategy = "DAEMON"

[[services]]
name = "empty"
task_definition = "web"
desired_count = 1
capacity_provider_strategy = []
`,
		want: []string{
			"scenario.toml:12:38: cluster.default_capacity_provider_strategy: no item has a weight above 0 (weight defaults to 0, as in the API): ECS rejects such a strategy",
			"scenario.toml:28:41: services[0].capacity_provider_strategy[1].base: only one item of a strategy may set a base, and item 0 already does",
			"scenario.toml:37:25: services[1].capacity_provider_strategy[1].capacity_provider: asg-a is an Auto Scaling group provider and FARGATE a Fargate provider: a strategy uses Auto Scaling group providers or Fargate providers, not both",
			"scenario.toml:38:25: services[1].capacity_provider_strategy[2].capacity_provider: FARGATE is already item 0 of this strategy; ECS takes each provider once",
			"scenario.toml:46:30: services[2].capacity_provider_strategy: set launch_type or capacity_provider_strategy, not both: ECS rejects a service with both",
			`scenario.toml:46:53: services[2].capacity_provider_strategy[0].capacity_provider: no capacity provider "asg-c" (known: FARGATE, FARGATE_SPOT, asg-a, asg-b)`,
			`scenario.toml:52:30: services[3].capacity_provider_strategy: ECS allows no capacity provider strategy on a DAEMON service; set launch_type = "EC2"`,
			"scenario.toml:52:81: services[3].capacity_provider_strategy[0].base: must be between 0 and 100000, got 100001",
			`scenario.toml:57:23: services[4].scheduling_strategy: ECS rejects a DAEMON service that would use the cluster's default_capacity_provider_strategy; set launch_type = "EC2" (roadmap#692)`,
			"scenario.toml:63:30: services[5].capacity_provider_strategy: list at least one capacity provider, or leave capacity_provider_strategy out",
		},
	},
	{
		name: "pricing, fargate and faults tables",
		src: `duration = "1h"

[pricing]
fargate_vcpu_hour = -0.01
fargate_gb_hour = "cheap"
ec2_spot_discount = 1
fargate_spot_discount = nan
instance_prices = { "m6i.huge" = 0.2, m6i.large = 0.1, "m5.large" = -1 }

[fargate]
provisioning = { distribution = "constant" }
pull_bandwidth_mib_per_second = 0
launch_burst = 0
launch_rate = "fast"

[faults]
spot_interruptions_per_hour = -1
fargate_spot_interruptions_per_hour = inf
instance_mtbf = "30 days"
`,
		want: []string{
			"scenario.toml:4:21: pricing.fargate_vcpu_hour: must be at least 0, got -0.01",
			`scenario.toml:5:19: pricing.fargate_gb_hour: want a number, got string "cheap"`,
			"scenario.toml:6:21: pricing.ec2_spot_discount: must be at least 0 and below 1, got 1",
			"scenario.toml:7:25: pricing.fargate_spot_discount: want a finite number, got NaN",
			`scenario.toml:8:34: pricing.instance_prices."m6i.huge": unknown instance type "m6i.huge"; known m6i types: m6i.large, m6i.xlarge, m6i.2xlarge, m6i.4xlarge, m6i.8xlarge`,
			`scenario.toml:8:39: pricing.instance_prices.m6i: want a price, got a table: quote the instance type, whose name has a dot, as in "m6i.large" = 0.096`,
			`scenario.toml:8:69: pricing.instance_prices."m5.large": must be at least 0, got -1`,
			"scenario.toml:11:1: fargate.provisioning.value: required, but missing",
			"scenario.toml:12:33: fargate.pull_bandwidth_mib_per_second: must be between 0.01 and 100000, got 0",
			"scenario.toml:13:16: fargate.launch_burst: must be between 1 and 100000, got 0",
			`scenario.toml:14:15: fargate.launch_rate: "fast" is not a positive rate such as 20/min, 0.5/s or 300/h`,
			"scenario.toml:17:31: faults.spot_interruptions_per_hour: must be at least 0, got -1",
			"scenario.toml:18:39: faults.fargate_spot_interruptions_per_hour: want a finite number, got +Inf",
			`scenario.toml:19:17: faults.instance_mtbf: "30 days" is not a duration such as 90s, 5m, 6h or 1d`,
		},
	},
	{
		name: "duplicate service names",
		src: `duration = "1h"

[[task_definitions]]
family = "web"
memory = 512
  [[task_definitions.containers]]
  name = "web"

[[services]]
name = "web"
task_definition = "web"
desired_count = 1

[[services]]
name = "web"
task_definition = "web"
desired_count = 2
`,
		want: []string{
			`scenario.toml:15:8: services[1].name: service "web" is already defined on line 10`,
		},
	},
	{
		name: "many problems at once",
		src: `name = "many"
durration = "1h"
region = "us-east-1"

[[instance_groups]]
type = "m6i.huge"
count = -1
zones = ["us-west-2a"]

[[task_definitions]]
family = "web"
cpu = 64
  [[task_definitions.containers]]
  name = "web"
  port_mappings = [{ container_port = 8080, host_port = 80 }, { container_port = 8081, host_port = 80 }]

[[services]]
name = "web"
task_definition = "web:2"
desired_count = 3
placement_strategy = [{ type = "binpack", field = "disk" }]
deployment_configuration = { minimum_healthy_percent = 150, maximum_percent = 50 }

[[workloads]]
task_definition = "api"
arrival = { process = "poisson", rate = "fast" }
duration = { distribution = "constant" }

[faults]
zone_mtbf = "720h"
`,
		want: []string{
			`scenario.toml:2:1: durration: unknown key (did you mean "duration"?)`,
			`scenario.toml:6:8: instance_groups[0].type: unknown instance type "m6i.huge"; known m6i types: m6i.large, m6i.xlarge, m6i.2xlarge, m6i.4xlarge, m6i.8xlarge`,
			"scenario.toml:7:9: instance_groups[0].count: must be between 0 and 1000000, got -1",
			`scenario.toml:8:10: instance_groups[0].zones[0]: zone "us-west-2a" is not in region us-east-1 (want us-east-1a, us-east-1b, ...)`,
			"scenario.toml:12:7: task_definitions[0].cpu: must be between 128 and 196608, got 64",
			"scenario.toml:13:5: task_definitions[0].containers[0]: set memory or memory_reservation (or the task's memory): ECS needs one on EC2",
			`scenario.toml:15:100: task_definitions[0].containers[0].port_mappings[1].host_port: host port "80/tcp" is already defined on line 15`,
			`scenario.toml:19:19: services[0].task_definition: family "web" has only revision 1, not "2"`,
			`scenario.toml:21:51: services[0].placement_strategy[0].field: binpack field "disk": want cpu or memory`,
			"scenario.toml:22:56: services[0].deployment_configuration.minimum_healthy_percent: must be between 0 and 100, got 150",
			`scenario.toml:25:19: workloads[0].task_definition: no task definition family "api" (known: web)`,
			`scenario.toml:26:41: workloads[0].arrival.rate: "fast" is not a positive rate such as 20/min, 0.5/s or 300/h`,
			"scenario.toml:27:1: workloads[0].duration.value: required, but missing",
			"scenario.toml:30:1: faults.zone_mtbf: ecssim does not model random faults other than instance failures (instance_mtbf) and Spot interruptions yet",
		},
	},
	{
		name: "container health checks and stop timeouts",
		src: `duration = "1h"

[[task_definitions]]
family = "web"
memory = 512
  [[task_definitions.containers]]
  name = "web"
  health_check = { interval = "1s", timeout = "90s", retries = 0, start_period = "10m" }
  stop_timeout = "0s"
  [[task_definitions.containers]]
  name = "sidecar"
  health_check = { command = ["curl", "-f", "http://localhost/"], retries = 11 }
  stop_timeout = "2h"
  [[task_definitions.containers]]
  name = "log"
  health_check = {}
  stop_timeout = 30
`,
		want: []string{
			"scenario.toml:8:3: task_definitions[0].containers[0].health_check.command: required, but missing",
			"scenario.toml:8:31: task_definitions[0].containers[0].health_check.interval: must be between 5s and 5m, got 1s",
			"scenario.toml:8:47: task_definitions[0].containers[0].health_check.timeout: must be between 2s and 1m, got 90s",
			"scenario.toml:8:64: task_definitions[0].containers[0].health_check.retries: must be between 1 and 10, got 0",
			"scenario.toml:8:82: task_definitions[0].containers[0].health_check.start_period: must be between 0s and 5m, got 10m",
			"scenario.toml:9:18: task_definitions[0].containers[0].stop_timeout: must be between 1s and 1h, got 0s",
			`scenario.toml:12:30: task_definitions[0].containers[1].health_check.command: want CMD or CMD-SHELL and then the command, such as ["CMD-SHELL", "curl -f http://localhost/ || exit 1"]`,
			"scenario.toml:12:77: task_definitions[0].containers[1].health_check.retries: must be between 1 and 10, got 11",
			"scenario.toml:13:18: task_definitions[0].containers[1].stop_timeout: must be between 1s and 1h, got 2h",
			"scenario.toml:16:3: task_definitions[0].containers[2].health_check.command: required, but missing",
			"scenario.toml:17:18: task_definitions[0].containers[2].stop_timeout: want a string, got integer 30",
		},
	},
	{
		name: "images and registries",
		src: `duration = "1h"

[[registries]]
name = "registry.example.com"
bandwidth_mib_per_second = 0
latency = "2h"

[[registries]]
name = "registry.example.com"

[[registries]]
name = "not a host"

[[registries]]
latency = "1s"

[[task_definitions]]
family = "web"
memory = 512
image = { registry = "https://registry.example.com" }
  [[task_definitions.containers]]
  name = "web"

[[task_definitions]]
family = "api"
memory = 512
image = { name = "", size_mib = 200000 }
  [[task_definitions.containers]]
  name = "api"

[[task_definitions]]
family = "job"
memory = 512
[task_definitions.image]
  [[task_definitions.containers]]
  name = "job"
`,
		want: []string{
			"scenario.toml:5:28: registries[0].bandwidth_mib_per_second: must be between 0.01 and 100000 MiB/s, got 0",
			"scenario.toml:6:11: registries[0].latency: must be between 0s and 1h, got 2h",
			`scenario.toml:9:8: registries[1].name: registry "registry.example.com" is already defined on line 4`,
			`scenario.toml:12:8: registries[2].name: want ecr, public or a registry host name such as registry.example.com, got "not a host"`,
			"scenario.toml:14:3: registries[3].name: required, but missing",
			"scenario.toml:20:1: task_definitions[0].image.size_mib: required, but missing",
			`scenario.toml:20:22: task_definitions[0].image.registry: want ecr, public or a registry host name such as registry.example.com, got "https://registry.example.com"`,
			"scenario.toml:27:18: task_definitions[1].image.name: must not be empty",
			"scenario.toml:27:33: task_definitions[1].image.size_mib: must be between 1 and 100000, got 200000",
			"scenario.toml:34:2: task_definitions[2].image.size_mib: required, but missing",
		},
	},
	{
		name: "task behaviour",
		src: `duration = "1h"

[[task_definitions]]
family = "web"
memory = 512
  [[task_definitions.containers]]
  name = "web"
[task_definitions.behavior]
start_failure_rate = 1.5
health_check_failure_rate = -0.1
container_start = { distribution = "constant" }
shutdown = {}
`,
		want: []string{
			"scenario.toml:9:22: task_definitions[0].behavior.start_failure_rate: a rate is between 0 and 1, got 1.5",
			"scenario.toml:10:29: task_definitions[0].behavior.health_check_failure_rate: a rate is between 0 and 1, got -0.1",
			"scenario.toml:11:1: task_definitions[0].behavior.container_start.value: required, but missing",
			"scenario.toml:12:1: task_definitions[0].behavior.shutdown.distribution: required, but missing",
		},
	},
	{
		name: "target groups",
		src: `duration = "1h"

[[target_groups]]
name = "-web"
target_type = "lambda"
health_check = { interval = "1s", timeout = "3m", healthy_threshold = 1, unhealthy_threshold = 11 }
deregistration_delay = "2h"

[[target_groups]]
name = "api"
health_check = { interval = "5s" }

[[target_groups]]
name = "api"
health_check = { interval = "10s", timeout = "10s" }

[[target_groups]]
name = "a-name-longer-than-thirty-two-chars"

[[target_groups]]
target_type = "ip"
`,
		want: []string{
			"scenario.toml:4:8: target_groups[0].name: a target group name is 1-32 letters, digits and hyphens, not starting or ending with a hyphen",
			`scenario.toml:5:15: target_groups[0].target_type: want instance or ip, got "lambda"`,
			"scenario.toml:6:29: target_groups[0].health_check.interval: must be between 5s and 5m, got 1s",
			"scenario.toml:6:45: target_groups[0].health_check.timeout: must be between 2s and 2m, got 3m",
			"scenario.toml:6:71: target_groups[0].health_check.healthy_threshold: must be between 2 and 10, got 1",
			"scenario.toml:6:96: target_groups[0].health_check.unhealthy_threshold: must be between 2 and 10, got 11",
			"scenario.toml:7:24: target_groups[0].deregistration_delay: must be between 0s and 1h, got 2h",
			"scenario.toml:11:29: target_groups[1].health_check.interval: the timeout (5s) must be less than the interval (5s)",
			`scenario.toml:14:8: target_groups[2].name: target group "api" is already defined on line 10`,
			"scenario.toml:15:46: target_groups[2].health_check.timeout: the timeout (10s) must be less than the interval (10s)",
			"scenario.toml:18:8: target_groups[3].name: a target group name is 1-32 letters, digits and hyphens, not starting or ending with a hyphen",
			"scenario.toml:20:3: target_groups[4].name: required, but missing",
		},
	},
	{
		name: "load balancers",
		src: `duration = "1h"

[[target_groups]]
name = "web-tg"

[[target_groups]]
name = "ip-tg"
target_type = "ip"

[[task_definitions]]
family = "web"
memory = 512
  [[task_definitions.containers]]
  name = "web"
  port_mappings = [{ container_port = 8080 }, { container_port = 53, protocol = "udp" }]

[[services]]
name = "web"
task_definition = "web"
desired_count = 2
load_balancers = [
  { target_group = "web-tg", container_name = "web", container_port = 8080 },
  { target_group = "ip-tg", container_name = "web", container_port = 8080 },
  { target_group = "nope", container_name = "app", container_port = 53 },
  { container_name = "web", container_port = 70000 },
  { target_group = "web-tg", container_name = "web", container_port = 53 },
]
health_check_grace_period_seconds = -1

[[services]]
name = "copy"
task_definition = "web"
desired_count = 1
load_balancers = [{ target_group = "web-tg", container_name = "web", container_port = 9090 }]
`,
		want: []string{
			`scenario.toml:23:20: services[0].load_balancers[1].target_group: target group "ip-tg" has target_type ip, but web:1 uses bridge network mode, which registers instance targets`,
			`scenario.toml:24:20: services[0].load_balancers[2].target_group: no target group "nope" in [[target_groups]]`,
			`scenario.toml:24:45: services[0].load_balancers[2].container_name: web:1 has no container "app"`,
			"scenario.toml:25:3: services[0].load_balancers[3].target_group: required, but missing",
			"scenario.toml:25:46: services[0].load_balancers[3].container_port: must be between 1 and 65535, got 70000",
			`scenario.toml:26:20: services[0].load_balancers[4].target_group: target group "web-tg" is already used by service "web" on line 22: in ecssim a target group serves one service`,
			`scenario.toml:26:71: services[0].load_balancers[4].container_port: container "web" of web:1 maps no TCP container_port 53`,
			"scenario.toml:28:37: services[0].health_check_grace_period_seconds: must be between 0 and 2147483647, got -1",
			`scenario.toml:34:36: services[1].load_balancers[0].target_group: target group "web-tg" is already used by service "web" on line 22: in ecssim a target group serves one service`,
			`scenario.toml:34:87: services[1].load_balancers[0].container_port: container "web" of web:1 maps no TCP container_port 9090`,
		},
	},
	{
		name: "six load balancers",
		src: `duration = "1h"
target_groups = [{ name = "t1" }, { name = "t2" }, { name = "t3" }, { name = "t4" }, { name = "t5" }, { name = "t6" }]

[[task_definitions]]
family = "web"
memory = 512
containers = [{ name = "web", port_mappings = [{ container_port = 80 }] }]

[[services]]
name = "web"
task_definition = "web"
desired_count = 1
load_balancers = [
  { target_group = "t1", container_name = "web", container_port = 80 },
  { target_group = "t2", container_name = "web", container_port = 80 },
  { target_group = "t3", container_name = "web", container_port = 80 },
  { target_group = "t4", container_name = "web", container_port = 80 },
  { target_group = "t5", container_name = "web", container_port = 80 },
  { target_group = "t6", container_name = "web", container_port = 80 },
]
`,
		want: []string{
			"scenario.toml:13:18: services[0].load_balancers: 6 load balancers, ECS allows at most 5 target groups per service",
		},
	},
	{
		name: "features not modelled yet",
		src: `duration = "1h"

[[task_definitions]]
family = "web"
memory = 512
  [[task_definitions.containers]]
  name = "web"

[[services]]
name = "web"
task_definition = "web"
desired_count = 2
launch_type = "EXTERNAL"
deployment_configuration = { alarms = { alarm_names = ["high-errors"], enable = true, rollback = true } }

[faults]
spot_interruptions_per_hour = 0.5
spot_interuptions_per_hour = 0.5

[faults.instance_failures]
mtbf = "720h"
`,
		want: []string{
			"scenario.toml:13:15: services[0].launch_type: ecssim does not model the EXTERNAL launch type (ECS Anywhere) yet",
			"scenario.toml:14:30: services[0].deployment_configuration.alarms: ecssim does not model deployment alarms (CloudWatch alarm rollbacks) yet",
			`scenario.toml:18:1: faults.spot_interuptions_per_hour: unknown key (did you mean "spot_interruptions_per_hour"?)`,
			"scenario.toml:20:2: faults.instance_failures: ecssim does not model random faults other than instance failures (instance_mtbf) and Spot interruptions yet",
		},
	},
	{
		name: "daemon services",
		src: `duration = "1h"

[[task_definitions]]
family = "agent"
memory = 128
  [[task_definitions.containers]]
  name = "agent"

[[services]]
name = "agent"
task_definition = "agent"
scheduling_strategy = "DAEMON"
desired_count = 3
placement_strategy = [{ type = "binpack", field = "memory" }]
deployment_configuration = { minimum_healthy_percent = 50, maximum_percent = 200 }

[[services]]
name = "web"
task_definition = "agent"
scheduling_strategy = "BOTH"
`,
		want: []string{
			"scenario.toml:13:17: services[0].desired_count: a DAEMON service runs one task on each instance that meets its constraints; it takes no desired_count",
			"scenario.toml:14:22: services[0].placement_strategy: ECS does not allow placement strategies on DAEMON services",
			"scenario.toml:15:78: services[0].deployment_configuration.maximum_percent: a DAEMON service's maximum_percent must be 100, got 200",
			"scenario.toml:17:3: services[1].desired_count: required, but missing",
			`scenario.toml:20:23: services[1].scheduling_strategy: want REPLICA or DAEMON, got "BOTH"`,
		},
	},
	{
		name: "circuit breakers",
		src: `duration = "1h"

[[task_definitions]]
family = "web"
memory = 128
  [[task_definitions.containers]]
  name = "web"

[[services]]
name = "a"
task_definition = "web"
desired_count = 1
deployment_configuration = { deployment_circuit_breaker = { rollback = true, threshold = { type = "PERCENT", value = 5 } } }

[[services]]
name = "b"
task_definition = "web"
desired_count = 1
[services.deployment_configuration.deployment_circuit_breaker]
enable = "yes"
rollback = true
threshold = { type = "BOUNDED_PERCENT", value = 150 }

[[services]]
name = "c"
task_definition = "web"
desired_count = 1
deployment_configuration = { deployment_circuit_breaker = { enable = true, threshold = { type = "COUNT", value = 0 } } }

[[services]]
name = "d"
task_definition = "web"
desired_count = 1
deployment_configuration = { deployment_circuit_breaker = { enable = true, threshold = {} }, alarms = { enable = true } }
`,
		want: []string{
			"scenario.toml:13:72: services[0].deployment_configuration.deployment_circuit_breaker.rollback: rollback needs enable = true: a disabled circuit breaker fails no deployment",
			"scenario.toml:13:90: services[0].deployment_configuration.deployment_circuit_breaker.threshold: threshold needs enable = true: a disabled circuit breaker counts no failures",
			`scenario.toml:13:99: services[0].deployment_configuration.deployment_circuit_breaker.threshold.type: want COUNT, BOUNDED_PERCENT or UNBOUNDED_PERCENT, got "PERCENT"`,
			`scenario.toml:20:10: services[1].deployment_configuration.deployment_circuit_breaker.enable: want true or false, got string "yes"`,
			"scenario.toml:22:49: services[1].deployment_configuration.deployment_circuit_breaker.threshold.value: must be between 1 and 100, got 150",
			"scenario.toml:28:114: services[2].deployment_configuration.deployment_circuit_breaker.threshold.value: must be between 1 and 2147483647, got 0",
			"scenario.toml:34:76: services[3].deployment_configuration.deployment_circuit_breaker.threshold.type: required, but missing",
			"scenario.toml:34:94: services[3].deployment_configuration.alarms: ecssim does not model deployment alarms (CloudWatch alarm rollbacks) yet",
		},
	},
	{
		name: "events",
		src: `duration = "1h"

[[instance_groups]]
name = "general"
type = "m6i.large"
count = 3
zones = ["us-east-1a", "us-east-1b"]

[[task_definitions]]
family = "web"
memory = 128
  [[task_definitions.containers]]
  name = "web"

[[task_definitions]]
family = "fargate"
cpu = 256
memory = 512
network_mode = "awsvpc"
requires_compatibilities = ["FARGATE"]
containers = [{ name = "app" }]
[[services]]
name = "web"
task_definition = "web"
desired_count = 2

[[services]]
name = "daemon"
task_definition = "web"
scheduling_strategy = "DAEMON"

[[events]]
action = "deploy"
service = "api"
task_definition = "web:3"
desired_count = 4

[[events]]
at = "10m"
action = "scale"
service = "daemon"
zone = "us-east-1a"

[[events]]
at = "10m"
action = "scale"
service = "web"

[[events]]
at = "soon"
action = "drain"

[[events]]
at = "20m"
action = "drain"
instances = ["i-0004", "i-1", "i-0002", "i-0002", "web"]
zone = "us-east-1c"
instance_group = "batch"

[[events]]
at = "30m"
action = "deploy"
service = "web"
task_definition = "fargate"

[[events]]
at = "40m"
action = "az_outage"
zone = "us-east-1a"

[[events]]
at = "40m"
action = "restart"

[[events]]
at = "50m"
`,
		want: []string{
			"scenario.toml:32:3: events[0].at: required, but missing",
			`scenario.toml:34:11: events[0].service: no service "api" (known: daemon, web)`,
			`scenario.toml:35:19: events[0].task_definition: family "web" has only revision 1, not "3"`,
			"scenario.toml:36:17: events[0].desired_count: deploy events do not use desired_count",
			"scenario.toml:41:11: events[1].service: service daemon is a DAEMON service: it has no desired count to scale",
			"scenario.toml:42:8: events[1].zone: scale events do not use zone",
			"scenario.toml:44:3: events[2].desired_count: required, but missing",
			`scenario.toml:50:6: events[3].at: "soon" is not a duration such as 90s, 5m, 6h or 1d`,
			"scenario.toml:51:10: events[3].action: a drain event needs instances, zone or instance_group",
			"scenario.toml:56:14: events[4].instances[0]: no instance i-0004: the instance groups register i-0001 to i-0003",
			`scenario.toml:56:24: events[4].instances[1]: want an instance ID such as i-0001, got "i-1"`,
			"scenario.toml:56:41: events[4].instances[3]: instance i-0002 is listed twice",
			`scenario.toml:56:51: events[4].instances[4]: want an instance ID such as i-0001, got "web"`,
			`scenario.toml:57:8: events[4].zone: no instance group uses zone "us-east-1c"`,
			`scenario.toml:58:18: events[4].instance_group: no instance group "batch"`,
			"scenario.toml:64:19: events[5].task_definition: fargate:1 does not list EC2 in requires_compatibilities",
			"scenario.toml:66:3: events[6].duration: required, but missing",
			`scenario.toml:73:10: events[7].action: want deploy, scale, drain, terminate, az_outage, spot_interruption or agent_disconnect, got "restart"`,
			"scenario.toml:75:3: events[8].action: required, but missing",
		},
	},
	{
		name: "a deploy must keep what the load balancers need",
		src: `duration = "1h"

[[target_groups]]
name = "web-tg"

[[task_definitions]]
family = "web"
memory = 128
  [[task_definitions.containers]]
  name = "web"
  port_mappings = [{ container_port = 80 }]

[[task_definitions]]
family = "web"
memory = 128
  [[task_definitions.containers]]
  name = "web"
  port_mappings = [{ container_port = 8080 }]

[[task_definitions]]
family = "web"
memory = 128
network_mode = "awsvpc"
  [[task_definitions.containers]]
  name = "web"
  port_mappings = [{ container_port = 80 }]

[[services]]
name = "web"
task_definition = "web:1"
desired_count = 2
load_balancers = [{ target_group = "web-tg", container_name = "web", container_port = 80 }]

[[events]]
at = "10m"
action = "deploy"
service = "web"
task_definition = "web:2"

[[events]]
at = "20m"
action = "deploy"
service = "web"
task_definition = "web:3"
`,
		want: []string{
			`scenario.toml:38:19: events[0].task_definition: service web's load balancer: container "web" of web:2 maps no TCP container_port 80`,
			`scenario.toml:44:19: events[1].task_definition: service web's load balancer: target group "web-tg" has target_type instance, but web:3 uses awsvpc network mode, which registers ip targets`,
		},
	},
	{
		name: "cluster timing",
		src: `duration = "1h"

[cluster]
placement_retry_interval = "0s"
throttle_initial_delay = "1h"
`,
		want: []string{
			"scenario.toml:4:28: cluster.placement_retry_interval: must be between 1ms and 1h, got 0s",
			"scenario.toml:5:26: cluster.throttle_initial_delay: must be between 1ms and 27m, got 1h",
		},
	},
	{
		name: "fault events",
		src: `duration = "1h"

[[instance_groups]]
name = "general"
type = "m6i.large"
count = 3
zones = ["us-east-1a", "us-east-1b"]

[[instance_groups]]
name = "spot"
type = "m6i.large"
count = 2
zones = ["us-east-1a"]
market = "spot"
agent = { enable_spot_instance_draining = true }

[[task_definitions]]
family = "web"
memory = 128
containers = [{ name = "web" }]

[[services]]
name = "web"
task_definition = "web"
desired_count = 2

[[events]]
at = "10m"
action = "terminate"
service = "web"

[[events]]
at = "10m"
action = "terminate"
instances = ["i-0006", "i-0002"]
zone = "us-east-1d"

[[events]]
at = "20m"
action = "az_outage"
instance_group = "general"

[[events]]
at = "20m"
action = "az_outage"
zone = "us-east-1c"
duration = "0s"

[[events]]
at = "30m"
action = "spot_interruption"
count = 0
duration = "5m"
instance_group = "batch"

[[events]]
at = "40m"
action = "agent_disconnect"
count = 2

[[events]]
at = "40m"
action = "agent_disconnect"
instance_group = "spot"
duration = "forever"
`,
		want: []string{
			"scenario.toml:29:10: events[0].action: a terminate event needs instances, zone or instance_group",
			"scenario.toml:30:11: events[0].service: terminate events do not use service",
			"scenario.toml:35:14: events[1].instances[0]: no instance i-0006: the instance groups register i-0001 to i-0005",
			`scenario.toml:36:8: events[1].zone: no instance group uses zone "us-east-1d"`,
			"scenario.toml:38:3: events[2].zone: required, but missing",
			"scenario.toml:38:3: events[2].duration: required, but missing",
			"scenario.toml:41:18: events[2].instance_group: az_outage events do not use instance_group",
			`scenario.toml:46:8: events[3].zone: no instance group uses zone "us-east-1c"`,
			"scenario.toml:47:12: events[3].duration: must be positive",
			"scenario.toml:52:9: events[4].count: must be between 1 and 1000000, got 0",
			"scenario.toml:53:12: events[4].duration: spot_interruption events do not use duration",
			`scenario.toml:54:18: events[4].instance_group: no instance group "batch"`,
			"scenario.toml:56:3: events[5].duration: required, but missing",
			"scenario.toml:58:10: events[5].action: an agent_disconnect event needs instances, zone or instance_group",
			"scenario.toml:59:9: events[5].count: agent_disconnect events do not use count",
			`scenario.toml:65:12: events[6].duration: "forever" is not a duration such as 90s, 5m, 6h or 1d`,
		},
	},
	{
		name: "faults and rebalancing",
		src: `duration = "1h"

[[instance_groups]]
type = "m6i.large"
count = 2

[[task_definitions]]
family = "web"
memory = 128
containers = [{ name = "web" }]

[[services]]
name = "web"
task_definition = "web"
desired_count = 2
availability_zone_rebalancing = "yes"

[[services]]
name = "agent"
task_definition = "web"
scheduling_strategy = "DAEMON"
availability_zone_rebalancing = "ENABLED"

[[events]]
at = "30m"
action = "spot_interruption"

[faults]
instance_mtbf = "0s"
`,
		want: []string{
			`scenario.toml:16:33: services[0].availability_zone_rebalancing: want ENABLED or DISABLED, got "yes"`,
			"scenario.toml:22:33: services[1].availability_zone_rebalancing: ECS does not rebalance DAEMON services, which run one task on each instance (DG/service-rebalancing)",
			`scenario.toml:26:10: events[0].action: a spot_interruption event needs Spot capacity: no instance group with instances or Auto Scaling group is Spot (market = "spot")`,
			"scenario.toml:29:17: faults.instance_mtbf: must be positive: leave instance_mtbf out for instances that never fail",
		},
	},
	{
		name: "spot interruption with a malformed market",
		src: `duration = "1h"

[[instance_groups]]
type = "m6i.large"
count = 2
market = "spotty"

[[events]]
at = "30m"
action = "spot_interruption"
count = 2
`,
		// The market is wrong, so whether the scenario has Spot capacity is unknown: no
		// second error about the event.
		want: []string{
			`scenario.toml:6:10: instance_groups[0].market: want on-demand or spot, got "spotty"`,
		},
	},
	{
		name: "drain with no instances registered",
		src: `duration = "1h"

[[events]]
at = "1m"
action = "drain"
instances = ["i-0001"]
`,
		want: []string{
			"scenario.toml:6:14: events[0].instances[0]: no instance i-0001: the instance groups register none",
		},
	},
	{
		name: "one mistake, one message",
		src: `name = "bad"
duration = "1h"
[[instance_groups]]
name = "g"
type = "m6i.xlarge"
count = 2
[[task_definitions]]
family = "web"
cpu = 256
memory = "512MB"
  [[task_definitions.containers]]
  name = "web"
[[services]]
name = "web"
task_defintion = "web"
desired_count = 2
placement_constraints = [{ type = "memberOf", expression = "attribute:ecs.instance-type = m6i.xlarge" }]
`,
		want: []string{ // not: the container sets no memory, the service's task_definition is missing
			"scenario.toml:10:10: task_definitions[0].memory: memory is MiB, an integer: 512",
			`scenario.toml:15:1: services[0].task_defintion: unknown key (did you mean "task_definition"?)`,
			`scenario.toml:17:89: services[0].placement_constraints[0].expression: unknown operator "=" (did you mean "=="?)`,
		},
	},
	{
		name: "a size written as a string says its unit and the integer to write",
		src: `duration = "1h"

[[instance_groups]]
type = "m6i.large"
count = 1
[instance_groups.agent]
reserved_memory = "1G"

[[task_definitions]]
family = "web"
cpu = "0.5 vCPU"
memory = "1GB"
image = { size_mib = "300MiB" }
  [[task_definitions.containers]]
  name = "web"
  cpu = "256"
  memory = "512M"
  memory_reservation = "lots"

[[task_definitions]]
family = "api"
cpu = "0.5vcpu"
memory = 1.5
  [[task_definitions.containers]]
  name = "api"
  memory = "1GiB"
  memory_reservation = true
`,
		want: []string{
			"scenario.toml:7:19: instance_groups[0].agent.reserved_memory: reserved_memory is MiB, an integer: 1024",
			"scenario.toml:11:7: task_definitions[0].cpu: cpu is CPU units (1024 a vCPU), an integer: 512",
			"scenario.toml:12:10: task_definitions[0].memory: memory is MiB, an integer: 1024",
			"scenario.toml:13:22: task_definitions[0].image.size_mib: size_mib is MiB, an integer: 300",
			"scenario.toml:16:9: task_definitions[0].containers[0].cpu: cpu is CPU units (1024 a vCPU), an integer: 256",
			"scenario.toml:17:12: task_definitions[0].containers[0].memory: memory is MiB, an integer: 512",
			`scenario.toml:18:24: task_definitions[0].containers[0].memory_reservation: memory_reservation is MiB, an integer, got string "lots"`,
			"scenario.toml:22:7: task_definitions[1].cpu: cpu is CPU units (1024 a vCPU), an integer: 512",
			"scenario.toml:23:10: task_definitions[1].memory: memory is MiB, an integer, got number 1.5",
			"scenario.toml:26:12: task_definitions[1].containers[0].memory: memory is MiB, an integer: 1024",
			"scenario.toml:27:24: task_definitions[1].containers[0].memory_reservation: memory_reservation is MiB, an integer, got true",
		},
	},
	{
		name: "a misspelt key is not also missing, nor what follows from its absence",
		src: `duration = "1h"

[[instance_groups]]
tpye = "m6i.large"
count = 1

[[task_definitions]]
famly = "web"
  [[task_definitions.containers]]
  name = "web"
  memroy = 512

[[task_definitions]]
family = "fg"
requires_compatibilities = ["FARGATE"]
network_mode = "awsvpc"
cpus = 256
memory = 512
  [[task_definitions.containers]]
  name = "fg"

[[services]]
name = "web"
task_definition = "web"
desird_count = 2
`,
		want: []string{ // not: type, family, cpu (for FARGATE) and desired_count missing, or the
			// container without memory. The reference to "web" is still reported, saying that
			// a definition has no family: another mistake in a reference must never be hidden.
			`scenario.toml:4:1: instance_groups[0].tpye: unknown key (did you mean "type"?)`,
			`scenario.toml:8:1: task_definitions[0].famly: unknown key (did you mean "family"?)`,
			`scenario.toml:11:3: task_definitions[0].containers[0].memroy: unknown key (did you mean "memory"?)`,
			`scenario.toml:17:1: task_definitions[1].cpus: unknown key (did you mean "cpu"?)`,
			`scenario.toml:24:19: services[0].task_definition: no task definition family "web" (known: fg; 1 definition(s) have no family, reported above)`,
			`scenario.toml:25:1: services[0].desird_count: unknown key (did you mean "desired_count"?)`,
		},
	},
	{
		name: "a value out of range is not also missing",
		src: `duration = "1h"

[[task_definitions]]
family = "web"
  [[task_definitions.containers]]
  name = "web"
  memory = 2
`,
		want: []string{ // not: set memory or memory_reservation
			"scenario.toml:7:12: task_definitions[0].containers[0].memory: must be between 6 and 1073741824, got 2",
		},
	},
	{
		name: "a key far from every known one leaves the missing key reported",
		src: `duration = "1h"

[[services]]
name = "web"
task_definition = "web"
xyzzy = 2

[[task_definitions]]
family = "web"
memory = 512
  [[task_definitions.containers]]
  name = "web"
`,
		want: []string{
			"scenario.toml:3:3: services[0].desired_count: required, but missing",
			"scenario.toml:6:1: services[0].xyzzy: unknown key",
		},
	},
}

// loadProblems loads src, which must be rejected with Problems, and returns them.
func loadProblems(t *testing.T, src string) Problems {
	t.Helper()
	sc, err := Load([]byte(src), loadFile)
	if err == nil {
		t.Fatalf("Load succeeded (scenario %q), want problems", sc.Name)
	}
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("Load error is %T, want Problems: %v", err, err)
	}
	if sc != nil {
		t.Errorf("Load returned a scenario with its error")
	}
	return ps
}

func loadRender(ps Problems) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	return out
}

func TestLoadProblems(t *testing.T) {
	for _, tc := range loadBadCases {
		t.Run(tc.name, func(t *testing.T) {
			ps := loadProblems(t, tc.src)
			if diff := cmp.Diff(tc.want, loadRender(ps)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if got, want := ps.Error(), strings.Join(loadRender(ps), "\n"); got != want {
				t.Errorf("Error() = %q, want the problems one per line", got)
			}
		})
	}
}

// TestLoadProblemPositions checks every problem of every malformed case for a usable position:
// inside the file, on a line that exists, at most one column past its end, and in file order.
func TestLoadProblemPositions(t *testing.T) {
	for _, tc := range loadBadCases {
		t.Run(tc.name, func(t *testing.T) {
			lines := strings.Split(tc.src, "\n")
			ps := loadProblems(t, tc.src)
			if len(ps) == 0 {
				t.Fatal("no problems")
			}
			for _, p := range ps {
				if p.File != loadFile {
					t.Errorf("%v: file %q, want %q", p, p.File, loadFile)
				}
				if p.Pos.Line < 1 || p.Pos.Col < 1 {
					t.Errorf("%v: no position", p)
				}
				if strings.TrimSpace(p.Msg) == "" {
					t.Errorf("%v: empty message", p)
				}
				if p.Pos.Line > len(lines) {
					t.Errorf("%v: line %d is past the end of the %d-line file", p, p.Pos.Line, len(lines))
				} else if p.Pos.Line >= 1 {
					if n := utf8.RuneCountInString(lines[p.Pos.Line-1]); p.Pos.Col > n+1 {
						t.Errorf("%v: column %d is past the end of line %d (%d characters)", p, p.Pos.Col, p.Pos.Line, n)
					}
				}
			}
			if !slices.IsSortedFunc(ps, func(a, b Problem) int {
				if a.Pos.Line != b.Pos.Line {
					return a.Pos.Line - b.Pos.Line
				}
				return a.Pos.Col - b.Pos.Col
			}) {
				t.Errorf("problems not in file order:\n%v", ps)
			}
		})
	}
}

// loadSpot is where a problem belongs: its key path and position.
type loadSpot struct {
	path string
	pos  Pos
}

// TestLoadShapeMismatch covers values whose TOML shape is wrong for a table or an array of
// tables. Each must be reported at the value, with the indexed key path every other problem
// uses, in a message that names TOML shapes (no Go types) and includes want, and the file's
// other problems must still be reported alongside.
func TestLoadShapeMismatch(t *testing.T) {
	tests := []struct {
		name string
		src  string
		at   []loadSpot // any of these
		want string
	}{
		{
			name: "string for the cluster table",
			src:  "duration = \"1h\"\ncluster = \"prod\"\n",
			at:   []loadSpot{{"cluster", Pos{2, 11}}},
			want: "table",
		},
		{
			name: "string for the attributes table",
			src: `duration = "1h"

[[instance_groups]]
type = "m6i.large"
count = 1
attributes = "team=web"
`,
			at:   []loadSpot{{"instance_groups[0].attributes", Pos{6, 14}}},
			want: "table",
		},
		{
			name: "integer for the agent table of the second group",
			src: `duration = "1h"

[[instance_groups]]
type = "m6i.large"
count = 1

[[instance_groups]]
type = "m6i.large"
count = 1
  agent = 5
`,
			at:   []loadSpot{{"instance_groups[1].agent", Pos{10, 11}}},
			want: "table",
		},
		{
			name: "integer for an array of tables",
			src:  "duration = \"1h\"\ninstance_groups = 3\n",
			at:   []loadSpot{{"instance_groups", Pos{2, 19}}},
			want: "array",
		},
		{
			name: "integers for tables",
			src:  "duration = \"1h\"\nservices = [1, 2]\n",
			at:   []loadSpot{{"services", Pos{2, 12}}, {"services[0]", Pos{2, 13}}},
			want: "table",
		},
		{
			name: "string for an array of tables in the second service",
			src: `duration = "1h"

[[services]]
name = "a"

[[services]]
  name = "b"
  placement_strategy = "binpack"
`,
			at:   []loadSpot{{"services[1].placement_strategy", Pos{8, 24}}},
			want: "array",
		},
		{
			name: "string for a table in an array",
			src: `duration = "1h"

[[services]]
name = "a"
placement_strategy = ["binpack"]
`,
			at:   []loadSpot{{"services[0].placement_strategy", Pos{5, 22}}, {"services[0].placement_strategy[0]", Pos{5, 23}}},
			want: "table",
		},
	}
	goWords := []string{"scenarios.", "slice", "int64", "float64", "interface", "map[", "struct", "[]"}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ps := loadProblems(t, tc.src)
			i := slices.IndexFunc(ps, func(p Problem) bool { return slices.Contains(tc.at, loadSpot{p.Path, p.Pos}) })
			if i < 0 {
				t.Fatalf("no problem at any of %v:\n%v", tc.at, ps)
			}
			p := ps[i]
			if !strings.Contains(p.Msg, tc.want) {
				t.Errorf("%v: message does not say it wants %s", p, tc.want)
			}
			for _, w := range goWords {
				if strings.Contains(p.Msg, w) {
					t.Errorf("%v: message speaks Go (%q), not TOML", p, w)
				}
			}
		})
	}
}

// TestLoadRejectsWhatECSRejects covers task definitions that RegisterTaskDefinition refuses:
// each must be one problem at the offending value.
func TestLoadRejectsWhatECSRejects(t *testing.T) {
	tests := []struct {
		name string
		src  string
		at   []loadSpot // any of these
	}{
		{
			// DG/task_definition_parameters portMappings: "If the network mode of a task
			// definition is set to none, then you can't specify port mappings."
			name: "port mappings in none network mode",
			src: `duration = "1h"

[[task_definitions]]
family = "job"
memory = 512
network_mode = "none"
  [[task_definitions.containers]]
  name = "job"
  port_mappings = [{ container_port = 80 }]
`,
			at: []loadSpot{
				{"task_definitions[0].containers[0].port_mappings", Pos{9, 19}},
				{"task_definitions[0].containers[0].port_mappings[0]", Pos{9, 20}},
				{"task_definitions[0].network_mode", Pos{6, 16}},
			},
		},
		{
			// API/ContainerDefinition name: "Up to 255 letters (uppercase and lowercase),
			// numbers, underscores, and hyphens are allowed."
			name: "container name with a space",
			src: `duration = "1h"

[[task_definitions]]
family = "job"
memory = 512
  [[task_definitions.containers]]
  name = "web server"
`,
			at: []loadSpot{{"task_definitions[0].containers[0].name", Pos{7, 10}}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ps := loadProblems(t, tc.src)
			if len(ps) != 1 {
				t.Fatalf("%d problems, want 1:\n%v", len(ps), ps)
			}
			if p := ps[0]; !slices.Contains(tc.at, loadSpot{p.Path, p.Pos}) {
				t.Errorf("%v: want the problem at one of %v", p, tc.at)
			}
		})
	}
}

const loadDefaultsSrc = `duration = "1d"

[[instance_groups]]
type = "m6i.large"
count = 3

[[task_definitions]]
family = "web"
cpu = 256
memory = 512
  [[task_definitions.containers]]
  name = "web"
  port_mappings = [{ container_port = 8080 }]

[[task_definitions]]
family = "web"
  [[task_definitions.containers]]
  name = "web"
  cpu = 128
  memory = 1024
  memory_reservation = 256
  [[task_definitions.containers]]
  name = "sidecar"
  cpu = 64
  memory = 128

[[services]]
name = "front"
task_definition = "web"
desired_count = 2

[[services]]
name = "old"
task_definition = "web:1"
desired_count = 1

[[workloads]]
task_definition = "web:1"
arrival = { process = "poisson", rate = "20/min" }
duration = { distribution = "constant", value = "90s" }
`

// loadMust loads src, which must be valid.
func loadMust(t *testing.T, src, file string) *Scenario {
	t.Helper()
	sc, err := Load([]byte(src), file)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return sc
}

func loadInstanceType(t *testing.T, name string) *models.InstanceType {
	t.Helper()
	it, ok := models.LookupInstanceType(name)
	if !ok {
		t.Fatalf("no instance type %s", name)
	}
	return it
}

func TestLoadDefaults(t *testing.T) {
	sc := loadMust(t, loadDefaultsSrc, "scenarios/defaults.toml")

	want := &Scenario{
		Name:         "defaults",
		File:         "scenarios/defaults.toml",
		Duration:     24 * time.Hour,
		Seed:         1,
		Region:       "us-east-1",
		StartTime:    time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		Cluster:      "default",
		TieBreak:     models.TieRandom,
		Orchestrator: OrchestratorECS,

		Settings: models.Settings{
			PlacementRetry:      models.DefaultPlacementRetry,
			ThrottleDelay:       models.DefaultThrottleDelay,
			ProvisioningLimit:   models.DefaultProvisioningLimit,
			ProvisioningTimeout: models.DefaultProvisioningTimeout,
			Fargate:             models.DefaultFargateSettings(),
			Pricing:             models.DefaultPricing(),
			Spot:                models.SpotSettings{Notice: models.SpotNotice},
		},
	}
	parts := cmpopts.IgnoreFields(Scenario{}, "InstanceGroups", "TaskDefinitions", "Services", "Workloads", "source")
	if diff := cmp.Diff(want, sc, parts); diff != "" {
		t.Errorf("scenario (-want +got):\n%s", diff)
	}

	wantGroups := []*models.InstanceGroup{{
		Name:   "group-1",
		Type:   loadInstanceType(t, "m6i.large"),
		Count:  3,
		Zones:  []string{"us-east-1a", "us-east-1b", "us-east-1c"},
		Market: models.OnDemand,
		Agent: models.AgentConfig{
			Cluster:                      "default",
			ReservedPorts:                []uint16{22, 2375, 2376, 51678, 51679},
			DynamicHostPortRange:         models.PortRange{First: 32768, Last: 60999},
			EnableTaskIAMRole:            true, // as ecs-init sets it on the ECS-optimized AMI
			EnableTaskIAMRoleNetworkHost: true,
			AvailableLoggingDrivers:      []string{"json-file", "syslog", "awslogs", "fluentd", "none"},
			AgentVersion:                 "1.89.0",
			StopTimeout:                  models.DefaultStopTimeout,
			ImagePullBehavior:            models.PullDefault,
			EnableHighDensityENI:         true,
			EnableGPUSupport:             true,
		},
		AMIID: "ami-ecs-al2023",
	}}
	if diff := cmp.Diff(wantGroups, sc.InstanceGroups, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("instance groups (-want +got):\n%s", diff)
	}

	wantDefs := []*models.TaskDefinition{
		{Family: "web", Revision: 1, CPU: 256, MemoryMiB: 512, NetworkMode: models.Bridge,
			Containers: []models.Container{{Name: "web", PortMappings: []models.PortMapping{{ContainerPort: 8080}}}}},
		{Family: "web", Revision: 2, NetworkMode: models.Bridge, Containers: []models.Container{
			{Name: "web", CPU: 128, MemoryMiB: 1024, MemoryReservationMiB: 256},
			{Name: "sidecar", CPU: 64, MemoryMiB: 128},
		}},
	}
	if diff := cmp.Diff(wantDefs, sc.TaskDefinitions, cmpopts.IgnoreUnexported(models.TaskDefinition{}), cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("task definitions (-want +got):\n%s", diff)
	}
	web1, web2 := sc.TaskDefinitions[0], sc.TaskDefinitions[1]

	wantServices := []models.ServiceConfig{
		{Name: "front", DesiredCount: 2, Strategy: []models.StrategySpec{
			{Type: "spread", Field: "attribute:ecs.availability-zone"}, {Type: "spread", Field: "instanceId"}},
			MinimumHealthyPercent: 100, MaximumPercent: 200, Scheduling: models.Replica, LaunchType: "EC2"},
		{Name: "old", DesiredCount: 1, Strategy: []models.StrategySpec{
			{Type: "spread", Field: "attribute:ecs.availability-zone"}, {Type: "spread", Field: "instanceId"}},
			MinimumHealthyPercent: 100, MaximumPercent: 200, Scheduling: models.Replica, LaunchType: "EC2"},
	}
	if diff := cmp.Diff(wantServices, sc.Services, cmpopts.IgnoreFields(models.ServiceConfig{}, "Def"), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("services (-want +got):\n%s", diff)
	}
	if len(sc.Services) == 2 {
		if sc.Services[0].Def != web2 {
			t.Errorf(`service front runs %v, want web:2 (a bare family is its latest revision)`, sc.Services[0].Def)
		}
		if sc.Services[1].Def != web1 {
			t.Errorf(`service old runs %v, want web:1`, sc.Services[1].Def)
		}
		if got := scheduler.ChainName(sc.Services[0].Strategy); got != "spread-az-spread-instance" {
			t.Errorf("service default strategy is %s, want spread-az-spread-instance", got)
		}
	}

	wantWorkloads := []models.WorkloadConfig{{
		Name:     "web",
		Group:    "family:web",
		Arrival:  models.ArrivalSpec{Kind: models.ArrivalPoisson, RatePerSecond: 20.0 / 60, Count: 1},
		Duration: models.DistSpec{Kind: models.DistConstant, Value: 90 * time.Second},
		Strategy: []models.StrategySpec{{Type: "random"}}, LaunchType: models.LaunchEC2,
	}}
	if diff := cmp.Diff(wantWorkloads, sc.Workloads, cmpopts.IgnoreFields(models.WorkloadConfig{}, "Def"),
		cmpopts.EquateEmpty(), cmpopts.EquateApprox(1e-12, 0)); diff != "" {
		t.Errorf("workloads (-want +got):\n%s", diff)
	}
	if len(sc.Workloads) == 1 && sc.Workloads[0].Def != web1 {
		t.Errorf("workload runs %v, want web:1", sc.Workloads[0].Def)
	}

	if _, err := Build(sc, Options{}); err != nil {
		t.Errorf("Build: %v", err)
	}
}

func TestLoadTaskDefinitionRevisions(t *testing.T) {
	sc := loadMust(t, loadDefaultsSrc, loadFile)
	tests := []struct {
		ref    string
		charge models.Resources
	}{
		// Task-level sizes win.
		{"web:1", models.Resources{CPU: 256, MemoryMiB: 512}},
		// No task-level sizes: the containers' CPU, and each container's reservation before
		// its limit.
		{"web:2", models.Resources{CPU: 128 + 64, MemoryMiB: 256 + 128}},
	}
	if len(sc.TaskDefinitions) != len(tests) {
		t.Fatalf("%d task definitions, want %d", len(sc.TaskDefinitions), len(tests))
	}
	for i, tc := range tests {
		d := sc.TaskDefinitions[i]
		if d.Ref() != tc.ref {
			t.Errorf("task definition %d is %s, want %s", i, d.Ref(), tc.ref)
		}
		if d.Charge() != tc.charge {
			t.Errorf("%s charges %v, want %v", tc.ref, d.Charge(), tc.charge)
		}
	}
}

func TestLoadClusterAndAgent(t *testing.T) {
	sc := loadMust(t, `duration = "90m"
seed = 42
region = "eu-west-1"
start_time = "2025-06-01T12:00:00Z"

[cluster]
name = "prod"
placement_tie_break = "oldest"

[[instance_groups]]
name = "web"
type = "m6i.xlarge"
count = 2
attributes = { team = "web", "stack" = "blue" }
[instance_groups.agent]
reserved_memory = 256
reserved_ports = [22]
reserved_ports_udp = [53]
dynamic_host_port_range = "40000-50000"
enable_task_iam_role = true
available_logging_drivers = ["json-file", "awslogs"]
agent_version = "1.90.1"

[[instance_groups]]
type = "c6i.large"
count = 1
zones = ["eu-west-1c"]
agent = { cluster = "other" }
`, "cluster.toml")
	if sc.Duration != 90*time.Minute || sc.Seed != 42 || sc.Region != "eu-west-1" || sc.Cluster != "prod" ||
		sc.TieBreak != models.TieOldest || !sc.StartTime.Equal(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("scenario: duration %v, seed %d, region %s, cluster %s, tie break %v, start %v",
			sc.Duration, sc.Seed, sc.Region, sc.Cluster, sc.TieBreak, sc.StartTime)
	}
	want := []*models.InstanceGroup{
		{
			Name: "web", Type: loadInstanceType(t, "m6i.xlarge"), Count: 2,
			Zones:  []string{"eu-west-1a", "eu-west-1b", "eu-west-1c"},
			Market: models.OnDemand,
			Agent: models.AgentConfig{
				Cluster:                      "prod",
				ReservedMemoryMiB:            256,
				ReservedPorts:                []uint16{22},
				ReservedPortsUDP:             []uint16{53},
				DynamicHostPortRange:         models.PortRange{First: 40000, Last: 50000},
				EnableTaskIAMRole:            true,
				EnableTaskIAMRoleNetworkHost: true,
				AvailableLoggingDrivers:      []string{"json-file", "awslogs"},
				AgentVersion:                 "1.90.1",
				StopTimeout:                  models.DefaultStopTimeout,
				ImagePullBehavior:            models.PullDefault,
				EnableHighDensityENI:         true,
				EnableGPUSupport:             true,
			},
			AMIID:      "ami-ecs-al2023",
			Attributes: []models.Attribute{{Name: "stack", Value: "blue"}, {Name: "team", Value: "web"}},
		},
		{
			Name: "group-2", Type: loadInstanceType(t, "c6i.large"), Count: 1,
			Zones:  []string{"eu-west-1c"},
			Market: models.OnDemand,
			Agent: models.AgentConfig{
				Cluster:                      "other",
				ReservedPorts:                []uint16{22, 2375, 2376, 51678, 51679},
				DynamicHostPortRange:         models.PortRange{First: 32768, Last: 60999},
				EnableTaskIAMRole:            true,
				EnableTaskIAMRoleNetworkHost: true,
				AvailableLoggingDrivers:      []string{"json-file", "syslog", "awslogs", "fluentd", "none"},
				AgentVersion:                 "1.89.0",
				StopTimeout:                  models.DefaultStopTimeout,
				ImagePullBehavior:            models.PullDefault,
				EnableHighDensityENI:         true,
				EnableGPUSupport:             true,
			},
			AMIID: "ami-ecs-al2023",
		},
	}
	if diff := cmp.Diff(want, sc.InstanceGroups, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("instance groups (-want +got):\n%s", diff)
	}
}

func TestLoadWorkloadSettings(t *testing.T) {
	sc := loadMust(t, `duration = "2h"

[[task_definitions]]
family = "job"
memory = 256
  [[task_definitions.containers]]
  name = "job"

[[workloads]]
name = "burst"
group = "batch"
task_definition = "job"
arrival = { process = "fixed", count = 50, at = "10m" }
duration = { distribution = "uniform", min = "1m", max = "3m" }
placement_strategy = [{ type = "binpack", field = "memory" }]
placement_constraints = [{ type = "memberOf", expression = "attribute:ecs.instance-type =~ m6i.*" }]

[[workloads]]
task_definition = "job:1"
arrival = { process = "periodic", every = "30s", start = "5m", stop = "1h", count = 4 }
duration = { distribution = "exponential", mean = "1m" }

[[workloads]]
name = "slow"
task_definition = "job"
arrival = { process = "poisson", rate = "3/h", start = "1d", count = 2, max_count = 40 }
duration = { distribution = "lognormal", median = "10m", sigma = 0.8 }
`, loadFile)
	want := []models.WorkloadConfig{
		{
			Name: "burst", Group: "batch",
			Arrival:     models.ArrivalSpec{Kind: models.ArrivalFixed, Count: 50, At: 10 * time.Minute},
			Duration:    models.DistSpec{Kind: models.DistUniform, Min: time.Minute, Max: 3 * time.Minute},
			Strategy:    []models.StrategySpec{{Type: "binpack", Field: "memory"}},
			Constraints: []models.ConstraintSpec{{Type: "memberOf", Expression: "attribute:ecs.instance-type =~ m6i.*"}},
			LaunchType:  models.LaunchEC2,
		},
		{
			Name: "job", Group: "family:job",
			Arrival:  models.ArrivalSpec{Kind: models.ArrivalPeriodic, Every: 30 * time.Second, Start: 5 * time.Minute, Stop: time.Hour, Count: 4},
			Duration: models.DistSpec{Kind: models.DistExponential, Mean: time.Minute},
			Strategy: []models.StrategySpec{{Type: "random"}}, LaunchType: models.LaunchEC2,
		},
		{
			Name: "slow", Group: "family:job",
			Arrival:  models.ArrivalSpec{Kind: models.ArrivalPoisson, RatePerSecond: 3.0 / 3600, Start: 24 * time.Hour, Count: 2, MaxCount: 40},
			Duration: models.DistSpec{Kind: models.DistLogNormal, Median: 10 * time.Minute, Sigma: 0.8},
			Strategy: []models.StrategySpec{{Type: "random"}}, LaunchType: models.LaunchEC2,
		},
	}
	if diff := cmp.Diff(want, sc.Workloads, cmpopts.IgnoreFields(models.WorkloadConfig{}, "Def"),
		cmpopts.EquateEmpty(), cmpopts.EquateApprox(1e-12, 0)); diff != "" {
		t.Errorf("workloads (-want +got):\n%s", diff)
	}
	for _, w := range sc.Workloads {
		if w.Def == nil || w.Def.Ref() != "job:1" {
			t.Errorf("workload %s runs %v, want job:1", w.Name, w.Def)
		}
	}
}

func TestLoadRates(t *testing.T) {
	tests := []struct {
		in   string
		want float64 // per second
	}{
		{"20/min", 1.0 / 3},
		{"0.5/s", 0.5},
		{"300/h", 300.0 / 3600},
		{"2/d", 2.0 / 86400},
		{"1/sec", 1},
		{"1/second", 1},
		{"6/minute", 0.1},
		{"36/hour", 0.01},
		{"864/day", 0.01},
		{" 6 / min ", 0.1},
		{"1e3/s", 1000},
	}
	for _, tc := range tests {
		got, err := parseRate(tc.in)
		if err != nil {
			t.Errorf("parseRate(%q): %v", tc.in, err)
			continue
		}
		if math.Abs(got-tc.want) > 1e-12*tc.want {
			t.Errorf("parseRate(%q) = %v/s, want %v/s", tc.in, got, tc.want)
		}
	}
	for _, in := range []string{"", "20", "20 per min", "20/", "/s", "0/s", "-1/s", "1/fortnight", "1/ms", "NaN/s", "Inf/s", "2e9/s", "x/s"} {
		if got, err := parseRate(in); err == nil {
			t.Errorf("parseRate(%q) = %v, want an error", in, got)
		}
	}
}

func TestLoadDurations(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"90s", 90 * time.Second},
		{"5m", 5 * time.Minute},
		{"6h", 6 * time.Hour},
		{"1h30m", 90 * time.Minute},
		{"250ms", 250 * time.Millisecond},
		{"0s", 0},
		{"1d", 24 * time.Hour},
		{"1.5d", 36 * time.Hour},
		{"30d", 30 * 24 * time.Hour},
	}
	for _, tc := range tests {
		got, err := ParseDuration(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	for _, in := range []string{"", "5 minutes", "5", "-1h", "-1d", "1w", "d", "NaNd", "Infd"} {
		if got, err := ParseDuration(in); err == nil {
			t.Errorf("ParseDuration(%q) = %v, want an error", in, got)
		}
	}
}

func TestLoadNames(t *testing.T) {
	src := []byte("duration = \"1h\"\n")
	for file, want := range map[string]string{
		"my-scenario.toml":          "my-scenario",
		"dir/sub/peak.hour.toml":    "peak.hour",
		"example:web-and-batch":     "web-and-batch",
		"no-extension":              "no-extension",
		"/abs/path/to/cluster.toml": "cluster",
	} {
		sc, err := Load(src, file)
		if err != nil {
			t.Errorf("Load(%s): %v", file, err)
			continue
		}
		if sc.Name != want || sc.File != file {
			t.Errorf("Load(%s): name %q, file %q; want %q, %q", file, sc.Name, sc.File, want, file)
		}
	}
	sc := loadMust(t, "name = \"given\"\nduration = \"1h\"\n", "other.toml")
	if sc.Name != "given" {
		t.Errorf("name %q, want the file's name key, given", sc.Name)
	}
}

func TestLoadEmbeddedExamples(t *testing.T) {
	exs := Examples()
	if len(exs) == 0 {
		t.Fatal("no embedded examples")
	}
	for _, ex := range exs {
		t.Run(ex.Name, func(t *testing.T) {
			sc := loadMust(t, string(ex.Source), "example:"+ex.Name)
			if sc.Name != ex.Name {
				t.Errorf("name %q, want %q", sc.Name, ex.Name)
			}
			if _, err := Build(sc, Options{}); err != nil {
				t.Errorf("Build: %v", err)
			}
		})
	}

	// The default example, value by value where defaults and derived values meet.
	sc, err := LoadExample(DefaultExample)
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.InstanceGroups) != 1 || len(sc.TaskDefinitions) != 3 || len(sc.Services) != 2 || len(sc.Workloads) != 1 {
		t.Fatalf("%d groups, %d task definitions, %d services, %d workloads; want 1, 3, 2, 1",
			len(sc.InstanceGroups), len(sc.TaskDefinitions), len(sc.Services), len(sc.Workloads))
	}
	if a := sc.InstanceGroups[0].Agent; a.ReservedMemoryMiB != 256 || !a.EnableTaskIAMRole || a.Cluster != "default" {
		t.Errorf("agent %+v", a)
	}
	charges := map[string]models.Resources{
		"web:1":   {CPU: 512, MemoryMiB: 1024},
		"api:1":   {CPU: 1024, MemoryMiB: 2048}, // container cpu, memory_reservation before memory
		"batch:1": {CPU: 256, MemoryMiB: 512},
	}
	for _, d := range sc.TaskDefinitions {
		if want, ok := charges[d.Ref()]; !ok || d.Charge() != want {
			t.Errorf("%s charges %v, want %v", d.Ref(), d.Charge(), want)
		}
	}
	api := sc.Services[1]
	if api.Name != "api" || scheduler.ChainName(api.Strategy) != "spread-az-spread-instance" ||
		api.MinimumHealthyPercent != 100 || api.MaximumPercent != 200 {
		t.Errorf("service api: %+v", api)
	}
	w := sc.Workloads[0]
	if w.Name != "batch" || w.Group != "family:batch" || math.Abs(w.Arrival.RatePerSecond-5.0/60) > 1e-12 ||
		w.Duration != (models.DistSpec{Kind: models.DistLogNormal, Median: 10 * time.Minute, Sigma: 0.8}) {
		t.Errorf("workload: %+v", w)
	}
}

func TestLoadImagesHealthChecksAndBehavior(t *testing.T) {
	ecr, public := *models.ECR, *models.PublicRegistry
	sc := loadMust(t, `duration = "1h"

[[registries]]
name = "ecr"
bandwidth_mib_per_second = 200

[[registries]]
name = "registry.example.com:5000"
latency = "500ms"
private = false

[[task_definitions]]
family = "web"
memory = 512
image = { size_mib = 300 }
  [[task_definitions.containers]]
  name = "web"
  health_check = { command = ["CMD-SHELL", "curl -f http://localhost/ || exit 1"] }
  [[task_definitions.containers]]
  name = "sidecar"
  stop_timeout = "2m"
  health_check = { command = ["CMD", "true"], interval = "10s", timeout = "2s", retries = 5, start_period = "1m" }

[[task_definitions]]
family = "web"
memory = 512
image = { name = "web:latest", size_mib = 300, registry = "ecr" }
  [[task_definitions.containers]]
  name = "web"
  stop_timeout = "1s"
[task_definitions.behavior]
start_failure_rate = 0.25
health_check_failure_rate = 0
container_start = { distribution = "uniform", min = "1s", max = "5s" }
shutdown = { distribution = "constant", value = "10s" }

[[task_definitions]]
family = "api"
memory = 512
image = { size_mib = 50, registry = "public" }
  [[task_definitions.containers]]
  name = "api"
[task_definitions.behavior]
start_failure_rate = 1

[[task_definitions]]
family = "job"
memory = 512
image = { size_mib = 1000, registry = "registry.example.com:5000" }
  [[task_definitions.containers]]
  name = "job"

[[task_definitions]]
family = "quay"
memory = 512
image = { size_mib = 1, registry = "quay.io" }
  [[task_definitions.containers]]
  name = "q"

[[task_definitions]]
family = "quay"
memory = 512
image = { size_mib = 2, registry = "quay.io" }
  [[task_definitions.containers]]
  name = "q"
`, loadFile)

	if *models.ECR != ecr || *models.PublicRegistry != public {
		t.Errorf("loading changed the built-in registries: %+v, %+v", *models.ECR, *models.PublicRegistry)
	}
	fastECR := &models.Registry{Name: "ecr", BandwidthMiBps: 200, Latency: ecr.Latency}
	example := &models.Registry{Name: "registry.example.com:5000", BandwidthMiBps: 40, Latency: 500 * time.Millisecond}
	quay := &models.Registry{Name: "quay.io", BandwidthMiBps: 40, Latency: 2 * time.Second, Private: true}
	if diff := cmp.Diff([]*models.Registry{fastECR, example}, sc.Registries); diff != "" {
		t.Errorf("registries (-want +got):\n%s", diff)
	}
	curl := &models.HealthCheck{Interval: 30 * time.Second, Timeout: 5 * time.Second, Retries: 3}
	custom := &models.HealthCheck{Interval: 10 * time.Second, Timeout: 2 * time.Second, Retries: 5, StartPeriod: time.Minute}
	want := []*models.TaskDefinition{
		{Family: "web", Revision: 1, MemoryMiB: 512, NetworkMode: models.Bridge,
			Containers: []models.Container{{Name: "web", HealthCheck: curl}, {Name: "sidecar", HealthCheck: custom, StopTimeout: 2 * time.Minute}},
			Image:      &models.Image{Name: "web:1", SizeMiB: 300, Registry: fastECR}},
		{Family: "web", Revision: 2, MemoryMiB: 512, NetworkMode: models.Bridge,
			Containers: []models.Container{{Name: "web", StopTimeout: time.Second}},
			Image:      &models.Image{Name: "web:latest", SizeMiB: 300, Registry: fastECR},
			Behavior: models.Behavior{StartFailureRate: 0.25,
				ContainerStart: models.DistSpec{Kind: models.DistUniform, Min: time.Second, Max: 5 * time.Second},
				Shutdown:       models.DistSpec{Kind: models.DistConstant, Value: 10 * time.Second}}},
		{Family: "api", Revision: 1, MemoryMiB: 512, NetworkMode: models.Bridge, Containers: []models.Container{{Name: "api"}},
			Image: &models.Image{Name: "api:1", SizeMiB: 50, Registry: &public}, Behavior: models.Behavior{StartFailureRate: 1}},
		{Family: "job", Revision: 1, MemoryMiB: 512, NetworkMode: models.Bridge, Containers: []models.Container{{Name: "job"}},
			Image: &models.Image{Name: "job:1", SizeMiB: 1000, Registry: example}},
		{Family: "quay", Revision: 1, MemoryMiB: 512, NetworkMode: models.Bridge, Containers: []models.Container{{Name: "q"}},
			Image: &models.Image{Name: "quay:1", SizeMiB: 1, Registry: quay}},
		{Family: "quay", Revision: 2, MemoryMiB: 512, NetworkMode: models.Bridge, Containers: []models.Container{{Name: "q"}},
			Image: &models.Image{Name: "quay:2", SizeMiB: 2, Registry: quay}},
	}
	if diff := cmp.Diff(want, sc.TaskDefinitions, cmpopts.IgnoreUnexported(models.TaskDefinition{}), cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("task definitions (-want +got):\n%s", diff)
	}
	// One *Registry per name: the override shared by both web revisions, the built-in public
	// one itself, one default private registry for both quay revisions.
	defs := sc.TaskDefinitions
	if defs[0].Image.Registry != sc.Registries[0] || defs[1].Image.Registry != sc.Registries[0] || defs[3].Image.Registry != sc.Registries[1] {
		t.Errorf("images do not share the declared registries")
	}
	if defs[2].Image.Registry != models.PublicRegistry {
		t.Errorf("api's image pulls from %p, want the built-in public registry %p", defs[2].Image.Registry, models.PublicRegistry)
	}
	if defs[4].Image.Registry != defs[5].Image.Registry {
		t.Errorf("the two quay revisions have two quay.io registries")
	}
	if hc := defs[0].HealthCheck(); hc == nil || *hc != *curl {
		t.Errorf("web:1's task health check is %+v, want the one with the longest interval, %+v", hc, curl)
	}
}

const loadServicesSrc = `duration = "1h"

[[instance_groups]]
name = "general"
type = "m6i.large"
count = 2

[[target_groups]]
name = "web-tg"
health_check = { interval = "10s", timeout = "3s", healthy_threshold = 2, unhealthy_threshold = 3 }
deregistration_delay = "30s"

[[target_groups]]
name = "api-tg"

[[target_groups]]
name = "spare"

[[target_groups]]
name = "explicit-ip"
target_type = "ip"

[[target_groups]]
name = "admin-tg"
deregistration_delay = "0s"

[[task_definitions]]
family = "web"
memory = 512
  [[task_definitions.containers]]
  name = "web"
  port_mappings = [{ container_port = 8080 }, { container_port = 9090, host_port = 9090 }]

[[task_definitions]]
family = "api"
memory = 512
network_mode = "awsvpc"
  [[task_definitions.containers]]
  name = "api"
  port_mappings = [{ container_port = 80 }]
  health_check = { command = ["CMD", "true"] }

[[task_definitions]]
family = "agent"
memory = 64
  [[task_definitions.containers]]
  name = "agent"

[[services]]
name = "web"
task_definition = "web"
desired_count = 4
load_balancers = [
  { target_group = "web-tg", container_name = "web", container_port = 8080 },
  { target_group = "admin-tg", container_name = "web", container_port = 9090 },
]
health_check_grace_period_seconds = 60
deployment_configuration = { minimum_healthy_percent = 50, maximum_percent = 150, deployment_circuit_breaker = { enable = true, rollback = true } }

[[services]]
name = "api"
task_definition = "api"
desired_count = 2
load_balancers = [
  { target_group = "api-tg", container_name = "api", container_port = 80 },
  { target_group = "explicit-ip", container_name = "api", container_port = 80 },
]
health_check_grace_period_seconds = 2147483647
deployment_configuration = { deployment_circuit_breaker = { enable = true, threshold = { type = "COUNT", value = 3 } } }

[[services]]
name = "agent"
task_definition = "agent"
scheduling_strategy = "DAEMON"
placement_constraints = [{ type = "memberOf", expression = "attribute:ecs.instance-type == m6i.large" }]
deployment_configuration = { deployment_circuit_breaker = { enable = true, threshold = { type = "UNBOUNDED_PERCENT", value = 200 } } }
`

func TestLoadTargetGroupsAndServices(t *testing.T) {
	sc := loadMust(t, loadServicesSrc, loadFile)
	if want := "target_groups[2].name: no service's load_balancers names target group spare"; len(sc.Warnings) != 1 || !strings.Contains(sc.Warnings.Error(), want) {
		t.Errorf("warnings:\n%v\nwant the one that says %s", sc.Warnings, want)
	}
	def := models.DefaultTargetHealthCheck()
	wantGroups := []models.TargetGroupConfig{
		{Name: "web-tg", Type: models.TargetInstance, DeregistrationDelay: 30 * time.Second, HealthCheck: models.TargetHealthCheck{
			Interval: 10 * time.Second, Timeout: 3 * time.Second, HealthyThreshold: 2, UnhealthyThreshold: 3}},
		{Name: "api-tg", Type: models.TargetIP, HealthCheck: def, DeregistrationDelay: 300 * time.Second},      // from awsvpc
		{Name: "spare", Type: models.TargetInstance, HealthCheck: def, DeregistrationDelay: 300 * time.Second}, // unused
		{Name: "explicit-ip", Type: models.TargetIP, HealthCheck: def, DeregistrationDelay: 300 * time.Second},
		{Name: "admin-tg", Type: models.TargetInstance, HealthCheck: def},
	}
	if diff := cmp.Diff(wantGroups, sc.TargetGroups); diff != "" {
		t.Errorf("target groups (-want +got):\n%s", diff)
	}
	spread := []models.StrategySpec{{Type: "spread", Field: "attribute:ecs.availability-zone"}, {Type: "spread", Field: "instanceId"}}
	wantServices := []models.ServiceConfig{
		{Name: "web", DesiredCount: 4, Strategy: spread, MinimumHealthyPercent: 50, MaximumPercent: 150, Scheduling: models.Replica, LaunchType: "EC2",
			CircuitBreaker:         models.CircuitBreaker{Enable: true, Rollback: true},
			HealthCheckGracePeriod: time.Minute,
			LoadBalancers: []models.LoadBalancerConfig{
				{TargetGroup: "web-tg", ContainerName: "web", ContainerPort: 8080},
				{TargetGroup: "admin-tg", ContainerName: "web", ContainerPort: 9090},
			}},
		{Name: "api", DesiredCount: 2, Strategy: spread, MinimumHealthyPercent: 100, MaximumPercent: 200, Scheduling: models.Replica, LaunchType: "EC2",
			CircuitBreaker:         models.CircuitBreaker{Enable: true, ThresholdType: models.ThresholdCount, ThresholdValue: 3},
			HealthCheckGracePeriod: math.MaxInt32 * time.Second,
			LoadBalancers: []models.LoadBalancerConfig{
				{TargetGroup: "api-tg", ContainerName: "api", ContainerPort: 80},
				{TargetGroup: "explicit-ip", ContainerName: "api", ContainerPort: 80},
			}},
		{Name: "agent", MinimumHealthyPercent: 0, MaximumPercent: 100, Scheduling: models.Daemon, LaunchType: "EC2",
			Constraints:    []models.ConstraintSpec{{Type: "memberOf", Expression: "attribute:ecs.instance-type == m6i.large"}},
			CircuitBreaker: models.CircuitBreaker{Enable: true, ThresholdType: models.ThresholdUnboundedPercent, ThresholdValue: 200}},
	}
	if diff := cmp.Diff(wantServices, sc.Services, cmpopts.IgnoreFields(models.ServiceConfig{}, "Def")); diff != "" {
		t.Errorf("services (-want +got):\n%s", diff)
	}

	// Each run gets its own target groups, in file order, and its services point at them.
	var runs []*Run
	for range 2 {
		run, err := Build(sc, Options{})
		if err != nil {
			t.Fatalf("Build: %v", err)
		}
		runs = append(runs, run)
	}
	s := runs[0].Sim
	for i, g := range s.TargetGroups {
		if g.TargetGroupConfig != &sc.TargetGroups[i] {
			t.Errorf("target group %s does not point at its configuration", g.Name)
		}
		if g == runs[1].Sim.TargetGroups[i] {
			t.Errorf("two runs share target group %s", g.Name)
		}
	}
	tg := func(i int) *models.TargetGroup { return s.TargetGroups[i] }
	// Each service points at its configuration, which runs share, and starts with its
	// definition and count; its load balancers are resolved to the run's target groups.
	wantLBs := [][]models.LoadBalancer{
		{{TargetGroup: tg(0), ContainerName: "web", ContainerPort: 8080}, {TargetGroup: tg(4), ContainerName: "web", ContainerPort: 9090}},
		{{TargetGroup: tg(1), ContainerName: "api", ContainerPort: 80}, {TargetGroup: tg(3), ContainerName: "api", ContainerPort: 80}},
		nil,
	}
	samePtr := cmp.Comparer(func(a, b *models.TargetGroup) bool { return a == b })
	for i, svc := range s.Services {
		c := &sc.Services[i]
		if svc.ServiceConfig != c || runs[1].Sim.Services[i].ServiceConfig != c {
			t.Errorf("service %s does not share its configuration", c.Name)
		}
		if svc.Def != c.Def || svc.DesiredCount != c.DesiredCount || svc.Placer == nil {
			t.Errorf("service %s starts with %s × %d and placer %v", c.Name, svc.Def.Ref(), svc.DesiredCount, svc.Placer)
		}
		if diff := cmp.Diff(wantLBs[i], svc.LoadBalancers, samePtr, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("service %s's load balancers (-want +got):\n%s", c.Name, diff)
		}
	}
	// The DAEMON service has no strategy, so the run's strategy is the replica services'.
	if runs[0].Strategy != "spread-az-spread-instance" {
		t.Errorf("run strategy %q, want spread-az-spread-instance", runs[0].Strategy)
	}
}

func TestLoadEvents(t *testing.T) {
	sc := loadMust(t, `duration = "2h"

[[instance_groups]]
name = "general"
type = "m6i.large"
count = 3
zones = ["us-east-1a", "us-east-1b"]

[[instance_groups]]
name = "batch"
type = "c6i.large"
count = 2

[[task_definitions]]
family = "web"
memory = 128
containers = [{ name = "web" }]

[[task_definitions]]
family = "web"
memory = 256
containers = [{ name = "web" }]

[[services]]
name = "web"
task_definition = "web:1"
desired_count = 2

[[events]]
at = "1h"
action = "deploy"
service = "web"
task_definition = "web:2"

[[events]]
at = "30m"
action = "scale"
service = "web"
desired_count = 0

[[events]]
at = "30m"
action = "drain"
instances = ["i-0001", "i-0005"]

[[events]]
at = "90m"
action = "drain"
zone = "us-east-1b"
instance_group = "batch"

[[events]]
at = "0s"
action = "deploy"
service = "web"
task_definition = "web"

[[events]]
at = "1h"
action = "deploy"
service = "web"
task_definition = "web:1"
`, loadFile)
	if len(sc.Warnings) > 0 {
		t.Errorf("warnings:\n%v", sc.Warnings)
	}
	web1, web2 := sc.TaskDefinitions[0], sc.TaskDefinitions[1]
	want := []models.ActionConfig{
		{At: time.Hour, Kind: models.ActionDeploy, ServiceName: "web", Def: web2},
		{At: 30 * time.Minute, Kind: models.ActionScale, ServiceName: "web"},
		{At: 30 * time.Minute, Kind: models.ActionDrain, Instances: []string{"i-0001", "i-0005"}},
		{At: 90 * time.Minute, Kind: models.ActionDrain, Zone: "us-east-1b", InstanceGroup: "batch"},
		{At: 0, Kind: models.ActionDeploy, ServiceName: "web", Def: web2},
		{At: time.Hour, Kind: models.ActionDeploy, ServiceName: "web", Def: web1},
	}
	ptrs := cmp.Comparer(func(a, b *models.TaskDefinition) bool { return a == b })
	if diff := cmp.Diff(want, sc.Actions, ptrs); diff != "" {
		t.Errorf("actions (-want +got):\n%s", diff)
	}

	run, err := Build(sc, Options{})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	web := run.Sim.Services[0]
	// In time order, file order among equal times.
	wantActions := []models.Action{
		{ActionConfig: &models.ActionConfig{At: 0, Kind: models.ActionDeploy, ServiceName: "web", Def: web2}, Service: web},
		{ActionConfig: &models.ActionConfig{At: 30 * time.Minute, Kind: models.ActionScale, ServiceName: "web"}, Service: web},
		{ActionConfig: &models.ActionConfig{At: 30 * time.Minute, Kind: models.ActionDrain, Instances: []string{"i-0001", "i-0005"}}},
		{ActionConfig: &models.ActionConfig{At: time.Hour, Kind: models.ActionDeploy, ServiceName: "web", Def: web2}, Service: web},
		{ActionConfig: &models.ActionConfig{At: time.Hour, Kind: models.ActionDeploy, ServiceName: "web", Def: web1}, Service: web},
		{ActionConfig: &models.ActionConfig{At: 90 * time.Minute, Kind: models.ActionDrain, Zone: "us-east-1b", InstanceGroup: "batch"}},
	}
	svcPtrs := cmp.Comparer(func(a, b *models.Service) bool { return a == b })
	if diff := cmp.Diff(wantActions, run.Sim.Actions, ptrs, svcPtrs); diff != "" {
		t.Errorf("simulation actions (-want +got):\n%s", diff)
	}
}

func TestLoadClusterTiming(t *testing.T) {
	sc := loadMust(t, `duration = "1h"
[cluster]
placement_retry_interval = "30s"
throttle_initial_delay = "250ms"
`, loadFile)
	run, err := Build(sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sc.PlacementRetry != 30*time.Second || sc.ThrottleDelay != 250*time.Millisecond ||
		run.Sim.PlacementRetry != 30*time.Second || run.Sim.ThrottleDelay != 250*time.Millisecond {
		t.Errorf("placement retry %v, throttle delay %v; simulation %v, %v; want 30s, 250ms",
			sc.PlacementRetry, sc.ThrottleDelay, run.Sim.PlacementRetry, run.Sim.ThrottleDelay)
	}
	sc = loadMust(t, "duration = \"1h\"\n", loadFile)
	if run, err = Build(sc, Options{}); err != nil {
		t.Fatal(err)
	}
	if run.Sim.PlacementRetry != models.DefaultPlacementRetry || run.Sim.ThrottleDelay != models.DefaultThrottleDelay {
		t.Errorf("defaults: placement retry %v, throttle delay %v; want %v and %v",
			run.Sim.PlacementRetry, run.Sim.ThrottleDelay, models.DefaultPlacementRetry, models.DefaultThrottleDelay)
	}
}

func TestLoadFaults(t *testing.T) {
	sc := loadMust(t, `duration = "2h"

[[instance_groups]]
name = "general"
type = "m6i.large"
count = 3
zones = ["us-east-1a", "us-east-1b"]

[[instance_groups]]
name = "spot"
type = "m6i.large"
count = 4
market = "spot"
agent = { enable_spot_instance_draining = true }

[[capacity_providers]]
name = "asg"
[capacity_providers.auto_scaling_group]
instance_type = "m6i.large"
zones = ["us-east-1d"]
max_size = 2

[[task_definitions]]
family = "web"
memory = 128
containers = [{ name = "web" }]

[[services]]
name = "web"
task_definition = "web"
desired_count = 4
launch_type = "EC2"
availability_zone_rebalancing = "ENABLED"

[[services]]
name = "plain"
task_definition = "web"
desired_count = 1
launch_type = "EC2"
availability_zone_rebalancing = "DISABLED"

[[services]]
name = "unset"
task_definition = "web"
desired_count = 1
launch_type = "EC2"

[faults]
instance_mtbf = "720h"

[[events]]
at = "1h"
action = "az_outage"
zone = "us-east-1d"
duration = "30m"

[[events]]
at = "10m"
action = "terminate"
instances = ["i-0002"]
instance_group = "asg"

[[events]]
at = "20m"
action = "spot_interruption"
count = 2

[[events]]
at = "20m"
action = "spot_interruption"
zone = "us-east-1c"

[[events]]
at = "30m"
action = "agent_disconnect"
instances = ["i-0001", "i-0007"]
duration = "90s"
`, loadFile)
	if len(sc.Warnings) > 0 {
		t.Errorf("warnings:\n%v", sc.Warnings)
	}
	if sc.Faults.InstanceMTBF != 720*time.Hour {
		t.Errorf("instance MTBF %v, want 720h", sc.Faults.InstanceMTBF)
	}
	// unset gives none: CreateService's default, resolved when the run starts.
	var rebalancing []models.Rebalancing
	for _, s := range sc.Services {
		rebalancing = append(rebalancing, s.AZRebalancing)
	}
	if diff := cmp.Diff([]models.Rebalancing{models.RebalancingEnabled, models.RebalancingDisabled, ""}, rebalancing); diff != "" {
		t.Errorf("services' AZ rebalancing (-want +got):\n%s", diff)
	}
	want := []models.ActionConfig{
		{At: time.Hour, Kind: models.ActionAZOutage, Zone: "us-east-1d", Duration: 30 * time.Minute},
		{At: 10 * time.Minute, Kind: models.ActionTerminate, Instances: []string{"i-0002"}, InstanceGroup: "asg"},
		{At: 20 * time.Minute, Kind: models.ActionSpotInterruption, Count: 2},
		{At: 20 * time.Minute, Kind: models.ActionSpotInterruption, Zone: "us-east-1c"},
		{At: 30 * time.Minute, Kind: models.ActionAgentDisconnect, Instances: []string{"i-0001", "i-0007"}, Duration: 90 * time.Second},
	}
	if diff := cmp.Diff(want, sc.Actions); diff != "" {
		t.Errorf("actions (-want +got):\n%s", diff)
	}

	run, err := Build(sc, Options{})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	if run.Sim.Faults.InstanceMTBF != 720*time.Hour {
		t.Errorf("simulation instance MTBF %v, want 720h", run.Sim.Faults.InstanceMTBF)
	}
	// In force once the run starts: unset, a REPLICA service on EC2 with ECS's default
	// strategy (spread over zones first) and maximum_percent 200, gets CreateService's ENABLED.
	run.Sim.Start()
	rebalancing = nil
	for _, s := range run.Sim.Services {
		rebalancing = append(rebalancing, s.Rebalancing())
	}
	inForce := []models.Rebalancing{models.RebalancingEnabled, models.RebalancingDisabled, models.RebalancingEnabled}
	if diff := cmp.Diff(inForce, rebalancing); diff != "" {
		t.Errorf("simulation services' AZ rebalancing in force (-want +got):\n%s", diff)
	}
	// In time order, file order among equal times, each with its duration and count.
	wantActions := []models.Action{
		{ActionConfig: &models.ActionConfig{At: 10 * time.Minute, Kind: models.ActionTerminate, Instances: []string{"i-0002"}, InstanceGroup: "asg"}},
		{ActionConfig: &models.ActionConfig{At: 20 * time.Minute, Kind: models.ActionSpotInterruption, Count: 2}},
		{ActionConfig: &models.ActionConfig{At: 20 * time.Minute, Kind: models.ActionSpotInterruption, Zone: "us-east-1c"}},
		{ActionConfig: &models.ActionConfig{At: 30 * time.Minute, Kind: models.ActionAgentDisconnect, Instances: []string{"i-0001", "i-0007"}, Duration: 90 * time.Second}},
		{ActionConfig: &models.ActionConfig{At: time.Hour, Kind: models.ActionAZOutage, Zone: "us-east-1d", Duration: 30 * time.Minute}},
	}
	if diff := cmp.Diff(wantActions, run.Sim.Actions); diff != "" {
		t.Errorf("simulation actions (-want +got):\n%s", diff)
	}
	// Runs share the actions' configurations, which none changes.
	run2, err := Build(sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i, a := range run.Sim.Actions {
		if a.ActionConfig != run2.Sim.Actions[i].ActionConfig {
			t.Errorf("action %d: two runs have configurations of their own", i)
		}
	}
}
