// Package scenarios reads scenario files (TOML), validates them, and builds them into runs.
//
// Load reports every problem of a file at once, each as FILE:LINE:COL: KEY.PATH: message:
// TOML syntax, wrong types, unknown keys (with a suggestion when one is close), missing keys,
// unknown references (instance types, task definitions, strategies), malformed cluster query
// expressions (the column points inside the expression) and ECS's limits. Build wires a
// validated Scenario into a models.Simulation with one scheduler.Pipeline per service and
// workload. Examples lists the embedded example scenarios.
//
// Keys are ECS's API names in snake_case. Durations are strings: "90s", "5m", "6h", "1h30m",
// "2d". The full list, with defaults:
//
//	name = "..."                 # default: the file's base name
//	description = "..."
//	duration = "6h"              # required: how much virtual time to run
//	seed = 1                     # every random draw derives from it
//	region = "us-east-1"         # zones must belong to it; prices are us-east-1 Linux on-demand
//	start_time = "2026-01-01T00:00:00Z"   # wall clock of time 0, for registeredAt
//
//	[cluster]
//	name = "default"
//	placement_tie_break = "random"   # or "oldest": who wins when every strategy ties
//
//	[[instance_groups]]          # EC2 container instances registered at time 0
//	name = "general"             # default "group-N"
//	type = "m6i.xlarge"          # required: a catalog type (models.InstanceTypes)
//	count = 9                    # required
//	zones = ["us-east-1a", "us-east-1b", "us-east-1c"]   # default a, b, c; round-robin
//	attributes = { team = "web" }        # custom attributes, at most 10
//	market = "on-demand"
//	ami_id = "ami-ecs-al2023"    # the ecs.ami-id attribute
//	[instance_groups.agent]      # /etc/ecs/ecs.config; defaults are the ECS-optimized AMI's
//	cluster = "default"          # ECS_CLUSTER: another name joins another cluster
//	reserved_memory = 0          # ECS_RESERVED_MEMORY, MiB
//	reserved_ports = [22, 2375, 2376, 51678, 51679]   # ECS_RESERVED_PORTS
//	reserved_ports_udp = []      # ECS_RESERVED_PORTS_UDP
//	dynamic_host_port_range = "32768-60999"           # ECS_DYNAMIC_HOST_PORT_RANGE
//	enable_task_iam_role = true  # ECS_ENABLE_TASK_IAM_ROLE
//	enable_task_iam_role_network_host = true          # ECS_ENABLE_TASK_IAM_ROLE_NETWORK_HOST
//	available_logging_drivers = ["json-file", "syslog", "awslogs", "fluentd", "none"]
//	                             # ECS_AVAILABLE_LOGGING_DRIVERS
//	agent_version = "1.89.0"     # the agentVersion query subject
//
//	[[task_definitions]]         # repeating a family registers its next revision
//	family = "web"               # required
//	cpu = 512                    # task-level CPU units (128-196608), optional on EC2
//	memory = 1024                # task-level MiB, optional on EC2
//	network_mode = "bridge"      # bridge | host | awsvpc | none
//	requires_compatibilities = ["EC2"]
//	task_role_arn = "arn:aws:iam::123456789012:role/web"   # needs enable_task_iam_role
//	runtime_platform = { cpu_architecture = "ARM64", operating_system_family = "LINUX" }
//	placement_constraints = [{ type = "memberOf", expression = "attribute:team == web" }]
//	  [[task_definitions.containers]]    # 1 to 10, required
//	  name = "web"
//	  cpu = 256                  # units; 0 allowed
//	  memory = 512               # hard limit, MiB
//	  memory_reservation = 256   # soft limit, MiB: what ECS reserves when set
//	  port_mappings = [{ container_port = 8080, host_port = 0, protocol = "tcp" }]
//	  log_configuration = { log_driver = "awslogs" }   # the instance must list the driver
//
//	[[services]]                 # REPLICA services, placed at time 0
//	name = "web"                 # required
//	task_definition = "web"      # required: "family" (latest) or "family:revision"
//	desired_count = 12           # required
//	launch_type = "EC2"
//	scheduling_strategy = "REPLICA"
//	placement_strategy = [{ type = "spread", field = "attribute:ecs.availability-zone" },
//	                      { type = "binpack", field = "memory" }]    # at most 5
//	    # default: spread by zone, then by instance (ECS's service default)
//	placement_constraints = [{ type = "distinctInstance" }]   # at most 10 with the definition's
//	deployment_configuration = { minimum_healthy_percent = 100, maximum_percent = 200 }
//
//	[[workloads]]                # standalone tasks started with RunTask semantics
//	name = "batch"               # default: the family
//	task_definition = "batch"    # required
//	group = "family:batch"       # RunTask's task group; the default shown
//	arrival = { process = "poisson", rate = "20/min" }   # rates: /s, /min, /h, /d
//	#       or { process = "fixed", count = 50, at = "0s" }
//	#       or { process = "periodic", every = "30s" }
//	#       poisson and periodic also take start = "..." and stop = "..."
//	duration = { distribution = "lognormal", median = "10m", sigma = 0.8 }
//	#       or { distribution = "constant", value = "5m" }
//	#       or { distribution = "exponential", mean = "1m" }
//	#       or { distribution = "uniform", min = "1m", max = "3m" }
//	placement_strategy = [{ type = "binpack", field = "cpu" }]   # default: random
//	placement_constraints = []
//
// Keys of ECS features ecssim does not simulate yet ([[events]], [faults], [[target_groups]],
// [[capacity_providers]], load balancers, image pulls, task behaviour) are rejected with a
// message saying so, rather than ignored.
//
// scenarios imports models, scheduler and sim; never reports.
package scenarios
