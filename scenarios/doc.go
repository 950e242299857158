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
//	placement_retry_interval = "30s" # how long a service waits to try again to place a task it
//	                             # could not (models.DefaultPlacementRetry, ecssim's choice); 1ms-1h
//	throttle_initial_delay = "10s"   # the service throttle's first back-off after a task fails
//	                             # to start, doubling up to 15m (DG/service-throttle-logic;
//	                             # models.DefaultThrottleDelay, ecssim's choice); 1ms-15m
//
//	[[instance_groups]]          # EC2 container instances registered at time 0
//	name = "general"             # default "group-N"
//	type = "m6i.xlarge"          # required: a catalog type (models.InstanceTypes)
//	count = 9                    # required
//	zones = ["us-east-1a", "us-east-1b", "us-east-1c"]   # default a, b, c; round-robin
//	attributes = { team = "web" }        # custom attributes, at most 10
//	market = "on-demand"
//	ami_id = "ami-ecs-al2023"    # the ecs.ami-id attribute
//	agent_config = "ecs.config"  # an /etc/ecs/ecs.config (KEY=VALUE lines), relative to the
//	                             # scenario file: its keys override the agent's defaults, and the
//	                             # [instance_groups.agent] table overrides them; unknown keys warn
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
//	container_stop_timeout = "30s"   # ECS_CONTAINER_STOP_TIMEOUT, at least 1s
//	image_pull_behavior = "default"  # ECS_IMAGE_PULL_BEHAVIOR: default, always, once, prefer-cached
//	engine_auth_type = "docker"      # ECS_ENGINE_AUTH_TYPE: docker or dockercfg
//	engine_auth_data = '{"registry.example.com":{"username":"u","password":"p"}}'
//	                             # ECS_ENGINE_AUTH_DATA, JSON as in ecs.config: the registries
//	                             # (keys, as host names) the agent holds credentials for
//
//	[[registries]]               # where images come from; ecssim pulls an image in latency +
//	                             # size / bandwidth (ECS says nothing of pull speed)
//	name = "registry.example.com"    # required, unique: a host name (":port" allowed), or "ecr"
//	                             # or "public" to change the built-in ones (models.ECR,
//	                             # models.PublicRegistry: 80 MiB/s and 1s, 40 MiB/s and 2s)
//	bandwidth_mib_per_second = 40    # 0.01-100000; default the built-in's, 40 for a host
//	latency = "2s"               # a pull's round trip, 0-1h; default the built-in's, 2s for a host
//	private = true               # pulls need ECS_ENGINE_AUTH_DATA credentials for the host;
//	                             # default true for a host name, false for ecr and public
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
//	image = { name = "web:1", size_mib = 300, registry = "ecr" }   # default: nothing to pull
//	    # name: what instances cache it as, default "FAMILY:REVISION"; size_mib: required,
//	    # 1-100000; registry: "ecr" (the default), "public" or a host name, which is a private
//	    # registry with models.DefaultPrivateRegistry's speed unless [[registries]] declares it
//	[task_definitions.behavior]  # ecssim's own: how the tasks misbehave, for failure scenarios
//	start_failure_rate = 0.0     # 0-1: the share of tasks that stop before RUNNING
//	health_check_failure_rate = 0.0  # 0-1: the share of running tasks that never pass a health
//	                             # check (a warning when no health check or load balancer sees it)
//	container_start = { distribution = "constant", value = "2s" }   # image ready to RUNNING;
//	                             # default models.DefaultContainerStart
//	shutdown = { distribution = "uniform", min = "1s", max = "10s" }  # SIGTERM to exit; default:
//	                             # the application ignores SIGTERM and is killed at stop_timeout
//	  [[task_definitions.containers]]    # 1 to 10, required
//	  name = "web"
//	  cpu = 256                  # units; 0 allowed
//	  memory = 512               # hard limit, MiB
//	  memory_reservation = 256   # soft limit, MiB: what ECS reserves when set
//	  port_mappings = [{ container_port = 8080, host_port = 0, protocol = "tcp" }]
//	  log_configuration = { log_driver = "awslogs" }   # the instance must list the driver
//	  health_check = { command = ["CMD-SHELL", "curl -f http://localhost/ || exit 1"],
//	                   interval = "30s", timeout = "5s", retries = 3, start_period = "0s" }
//	      # API/HealthCheck, defaults shown: command required (CMD or CMD-SHELL first; ecssim
//	      # does not run it), interval 5s-5m, timeout 2s-1m, retries 1-10, start_period 0-5m;
//	      # default: no health check
//	  stop_timeout = "30s"       # SIGTERM to SIGKILL; default the agent's ECS_CONTAINER_STOP_TIMEOUT;
//	                             # 1s-1h (ECS: at most 120s on Fargate, no maximum on EC2;
//	                             # the hour is ecssim's bound)
//
//	[[target_groups]]            # ALB target groups (ELB API CreateTargetGroup)
//	name = "web-tg"              # required, unique: 1-32 letters, digits and hyphens, no hyphen
//	                             # first or last
//	target_type = "instance"     # or "ip"; default what its service's network mode registers:
//	                             # ip for awsvpc, instance for bridge and host (DG/load-balancer-types)
//	health_check = { interval = "30s", timeout = "5s", healthy_threshold = 5, unhealthy_threshold = 2 }
//	    # the ALB defaults shown; interval 5s-5m, timeout 2s-2m and below the interval,
//	    # thresholds 2-10 (ECS-REFERENCE §3.2)
//	deregistration_delay = "300s"    # 0-1h: how long a deregistered target drains
//
//	[[services]]                 # placed at time 0
//	name = "web"                 # required
//	task_definition = "web"      # required: "family" (latest) or "family:revision"
//	desired_count = 12           # required for REPLICA; a DAEMON service takes none
//	launch_type = "EC2"
//	scheduling_strategy = "REPLICA"  # or "DAEMON": one task on each instance that meets the
//	                             # constraints, with no placement_strategy (ECS-REFERENCE §4.5)
//	placement_strategy = [{ type = "spread", field = "attribute:ecs.availability-zone" },
//	                      { type = "binpack", field = "memory" }]    # at most 5
//	    # default: spread by zone, then by instance (ECS's service default)
//	placement_constraints = [{ type = "distinctInstance" }]   # at most 10 with the definition's
//	deployment_configuration = { minimum_healthy_percent = 100, maximum_percent = 200 }
//	    # DAEMON: default 0 and 100, and maximum_percent must be 100 (ECS-REFERENCE §4.1)
//	deployment_configuration = { deployment_circuit_breaker = { enable = true, rollback = true,
//	    threshold = { type = "BOUNDED_PERCENT", value = 50 } } }
//	    # default off; rollback and threshold need enable; threshold (API/ThresholdConfiguration):
//	    # COUNT (value >= 1), BOUNDED_PERCENT (1-100; the default, with 50) or
//	    # UNBOUNDED_PERCENT (>= 1); DAEMON services may use it too, as they deploy with
//	    # the rolling controller (ECS-REFERENCE §4.3)
//	load_balancers = [{ target_group = "web-tg", container_name = "web", container_port = 8080 }]
//	    # at most 5 (ECS-REFERENCE §3.1): a container of the task definition and one of its TCP
//	    # container ports; the group's target_type must suit the network mode; ecssim's own
//	    # rule: a target group serves one service
//	health_check_grace_period_seconds = 0   # 0-2147483647: failed health checks are ignored this
//	                             # long after a task starts (API/CreateService; a warning when the
//	                             # service has no load balancer and no container health check)
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
//	[[events]]                   # things that happen at a time, in time order (file order at ties)
//	at = "2h"                    # required; after the run's end is a warning: it never happens
//	action = "deploy"            # required: deploy | scale | drain; a key the action does not
//	                             # use is an error
//	service = "web"              # deploy and scale: required, a [[services]] name
//	task_definition = "web:2"    # deploy (UpdateService): required, "family" or "family:revision";
//	                             # the service's revision again forces a new deployment
//	desired_count = 20           # scale (UpdateService): required, 0-1000000; not on DAEMON
//	instances = ["i-0001"]       # drain (UpdateContainerInstancesState DRAINING): instance IDs,
//	                             # numbered i-0001 on across the instance groups in file order
//	zone = "us-east-1a"          # drain: every instance in a zone some group uses
//	instance_group = "general"   # drain: every instance of the group; a drain needs at least
//	                             # one of instances, zone and instance_group
//
// Keys of ECS features ecssim does not simulate yet ([faults], [[capacity_providers]], capacity
// provider strategies, deployment alarms, and the terminate, az_outage and spot_interruption
// events) are rejected with a message saying so, rather than ignored.
//
// scenarios imports models, scheduler and sim; never reports.
package scenarios
