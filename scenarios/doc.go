// Package scenarios reads scenario files (TOML), validates them, and builds them into runs.
//
// Load reports every problem of a file at once, each as FILE:LINE:COL: KEY.PATH: message:
// TOML syntax, wrong types (a size such as memory = "512MB" with its unit and the integer to
// write), unknown keys (with a suggestion when one is close), missing keys, unknown references
// (instance types, task definitions, strategies), malformed cluster query expressions (the
// column points inside the expression) and ECS's limits. One mistake gives one message: a key
// that is there but wrong, or misspelt, is not also reported missing. Build wires a
// validated Scenario into a models.Simulation with one scheduler.Pipeline per service and
// workload. Examples lists the embedded example scenarios.
//
// Every file is read within a size fixed for its kind (package internal/boundedread holds the
// rule): a scenario, sweep or strategy file at most 8 MiB (MaxScenarioBytes, MaxSweepBytes,
// MaxStrategyBytes), an ecs.config 1 MiB (MaxAgentConfigBytes), a trace or node list 1 GiB
// (MaxCSVBytes) and tracefile.MaxRows rows, read a row at a time. A FIFO, a device or a
// directory named as any of them is refused by name ("/dev/zero: not a regular file (a
// character device)"), before it is opened. A TOML file nested more than 64 deep (tables,
// arrays and dotted keys), or with more than a million keys and elements, or a string over
// 1 MiB, is refused before it is decoded (tomlpos.CheckShape), at its line and column.
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
//	                             # to start, doubling up to 27m (the current
//	                             # DG/service-throttle-logic; 15m in its older text;
//	                             # models.DefaultThrottleDelay, ecssim's choice); 1ms-27m
//	awsvpc_trunking = false      # the account setting awsvpcTrunking (opt-in, off by default,
//	                             # as in AWS): every instance that registers gets a trunk ENI
//	                             # where ECS supports its type and its agent keeps
//	                             # enable_high_density_eni, and so runs the ECS table's awsvpc
//	                             # task limit (an m5.large 10 instead of 2, an m5.xlarge 20
//	                             # instead of 3); other types keep max ENIs − 1. Types the ECS
//	                             # table does not list (m7i, c7a, g6, ...) run without trunking
//	                             # [U], with a warning; `ecssim instance-types` shows each
//	                             # type's limits (DG/container-instance-eni, ECS-REFERENCE §2.5).
//	                             # AWS trunks only instances launched after the setting is on:
//	                             # a scenario's all launch under its one setting
//	default_capacity_provider_strategy = [{ capacity_provider = "asg-general", weight = 1 }]
//	                             # for services and workloads (RunTask) with neither launch_type
//	                             # nor a strategy of their own; the items and rules of a service's
//	                             # strategy (below); default none, so such services and
//	                             # workloads use the EC2 launch type
//	provisioning_task_limit = 500    # how many tasks may wait in PROVISIONING for Auto Scaling
//	                             # group capacity in the cluster (DG/service-quotas "Tasks in the
//	                             # PROVISIONING state per cluster"; the value is unconfirmed, the
//	                             # AWS deep-dive blog said 100, listings say 300 or 500); RunTask
//	                             # stops a task past it at once; 1-1000000
//	provisioning_timeout = "30m"     # how long a task waits there before it stops (the blog: 10
//	                             # to 30 minutes; ecssim takes 30); a service starts another,
//	                             # RunTask does not; "0s" waits for ever; at most 7d
//
//	orchestrator = "ecs"         # or "eks": Kubernetes on EKS runs the same scenario on the
//	                             # same fleet (validate_eks.go): services become Deployments
//	                             # (REPLICA; maxSurge = maximum_percent − 100%, maxUnavailable =
//	                             # 100% − minimum_healthy_percent, resolved as the Deployment
//	                             # controller does, models.RollingUpdate) and DaemonSets (DAEMON),
//	                             # workloads' tasks pods, all placed by the kube-scheduler's
//	                             # default profile (package kubesched); nodes register their
//	                             # allocatable (CPU in millicores: vCPU × 1000 less kube-reserved;
//	                             # memory less 11 × max pods + 255 MiB and the 100 MiB eviction
//	                             # threshold) and max pods (the VPC CNI's addresses), as the EKS
//	                             # AMI sets them (models/eks.go); a task's CPU units become
//	                             # millicores (512 → 500m). distinctInstance becomes required
//	                             # pod anti-affinity on the hostname; memberOf (==, !=, in, not
//	                             # in, joined by and) required node affinity on the zone,
//	                             # instance type, architecture or a custom attribute, which an
//	                             # EKS node carries as a label. Placement strategies and zone
//	                             # rebalancing have no equivalent and are ignored, with a
//	                             # warning; other expressions and agent_disconnect are not
//	                             # modelled under EKS yet, and are refused. On FARGATE a pod
//	                             # runs alone on a micro-VM of its requests + 256 MiB, rounded
//	                             # up to a Fargate size and billed at it (EKS on Fargate);
//	                             # FARGATE_SPOT, DAEMON, GPUs and ARM64 are refused there.
//	                             # [[capacity_providers]] are EKS managed node groups, which the
//	                             # Cluster Autoscaler scales ([eks.cluster_autoscaler]): a pod
//	                             # that fits no node stays pending for it; their managed
//	                             # scaling, termination protection and draining, and capacity
//	                             # provider strategies of them, are ignored with a warning
//	                             # An EKS scenario may also, or instead, write its capacity
//	                             # and workloads in Kubernetes' vocabulary (example:eks-native):
//	[[node_groups]]              # an EKS managed node group
//	name = "general"             # a Kubernetes name (DNS label)
//	instance_types = ["m5.large"]
//	desired_size = 2             # with neither min_size nor max_size: that many nodes, of one
//	min_size = 1                 # type; with them, an Auto Scaling group the Cluster
//	max_size = 6                 # Autoscaler scales (min ≤ desired ≤ max). EKS asks for all
//	                             # three or none (2, 1, 2); ecssim takes any, the others
//	                             # following: desired from min, else 2; min 1; max desired.
//	                             # Events name a node group as an instance group or provider,
//	                             # and a Deployment as a service (scale; not deploy)
//	capacity_type = "ON_DEMAND"  # or "SPOT"
//	zones = [...]                # default the region's a, b and c
//	labels = { ... }             # and taints = [...], as an instance group's
//	[[deployments]]              # a REPLICA service of the pods of its template
//	name = "web"
//	replicas = 6                 # default 1
//	min_ready_seconds = 0        # as a [kubernetes] table's
//	strategy = { max_surge = "25%", max_unavailable = "25%" }   # the defaults
//	  [deployments.template]     # the [kubernetes] keys (node_selector, tolerations,
//	                             # topology_spread_constraints, pod_affinity,
//	                             # pod_anti_affinity), and its containers:
//	  [[deployments.template.containers]]
//	  name = "web"
//	  requests = { cpu = "500m", memory = "1Gi" }   # cpu in cores or millicores, memory in
//	  limits = { memory = "2Gi" }                   # bytes with Ki, Mi, Gi, Ti, k, M, G or T;
//	                             # a limit alone is the request; "nvidia.com/gpu" = 1 whole GPUs
//	  ports = [{ container_port = 8080, host_port = 80 }]   # a host port binds it on the node
//	[[daemon_sets]]              # a DAEMON service: name, min_ready_seconds and template
//	[[jobs]]                     # a stream of one-pod Jobs: name, template, and arrival and
//	                             # duration as a workload's
//	[[fargate_profiles]]         # the Deployments and Jobs whose pods run on Fargate
//	name = "api"
//	selectors = [{ app = "api" }]   # by name (the app label their pods carry)
//	[eks]                        # an EKS run's settings
//	prefix_delegation = false    # the VPC CNI's prefix delegation: max pods as the EKS
//	                             # max-pods-calculator gives them (110, or 250 above 30 vCPUs)
//	max_pods = 0                 # the kubelet's maxPods set by hand (1-10000); 0: the AMI's
//	scoring_strategy = "LeastAllocated"   # NodeResourcesFit's scoring: or "MostAllocated", or
//	                             # "RequestedToCapacityRatio" with its shape:
//	shape = [{ utilization = 0, score = 0 }, { utilization = 100, score = 10 }]   # 0-100, rising; 0-10
//	percentage_of_nodes_to_score = 0      # 0: adaptive (all nodes below 100, then 50% less
//	                             # 1% per 125 nodes, at least 5% and 100 nodes); 1-100
//	[eks.cluster_autoscaler]     # the Cluster Autoscaler's flags (its FAQ's flag table), for a
//	                             # run with [[capacity_providers]] (node groups)
//	scan_interval = "10s"        # how often it scales up for pending pods, then down; 1s-1h
//	expander = "least-waste"     # which group grows: least-waste (least idle CPU + memory
//	                             # share, the default since CA 1.33), random, most-pods or
//	                             # least-nodes; ties at random
//	scale_down_utilization_threshold = 0.5   # a node whose larger share of CPU and memory
//	                             # requested (DaemonSet pods counted) is below it, and whose
//	                             # other pods all fit other nodes, is unneeded; 0-1
//	scale_down_unneeded_time = "10m"     # how long a node stays unneeded before it goes; 0-24h
//	scale_down_delay_after_add = "10m"   # no node goes this soon after a scale-up; 0-24h
//	scale_down_delay_after_delete = "0s" # nor this soon after a node went; 0-24h
//
//	                             # In an EKS run an instance group is a node group: it takes
//	                             # labels = { team = "web" } (over its attributes, which its
//	                             # nodes carry as labels too) and
//	                             # taints = [{ key = "gpu", value = "true", effect = "NoSchedule" }]
//	                             # (NoSchedule, PreferNoSchedule or NoExecute)
//
//	[[instance_types]]           # types the catalog lacks, sized as ECS registered them
//	                             # (ecssim import writes one for each such type it reads);
//	                             # named like catalog types in instance groups, Auto Scaling
//	                             # groups and [pricing] instance_prices
//	name = "m8g.large"           # required: not a catalog name; the ecs.instance-type attribute
//	cpu = 2048                   # required: the CPU units an instance registers (vCPUs × 1024)
//	memory = 7800                # required: the MiB an instance registers before the agent's
//	                             # reserved_memory (MemTotal), taken as given
//	max_enis = 3                 # network interfaces, the primary included: max_enis − 1
//	                             # awsvpc tasks; default 0 (none); never trunked
//	arch = "x86_64"              # or "arm64": the ecs.cpu-architecture attribute; default x86_64
//	price_usd_per_hour = 0       # default 0, or set [pricing] instance_prices
//
//	[[instance_groups]]          # EC2 container instances registered at time 0
//	name = "general"             # default "group-N"
//	type = "m6i.xlarge"          # required: a catalog type (models.InstanceTypes; `ecssim
//	                             # instance-types` lists them with their ENIs, GPUs and prices),
//	                             # or one of [[instance_types]]
//	count = 9                    # required
//	#       or nodes = "nodes.csv": a node list, one instance per row (i-0001 the first), sized
//	#       as listed, instead of type and count; relative to the scenario file. Its format,
//	#       nodes_format = "openb" (the only one, the default), is the node list of Alibaba's
//	#       cluster-trace-gpu-v2023: columns cpu_milli (thousandths of a core, registered at
//	#       1024 CPU units a core), memory_mib (registered as listed, less reserved_memory),
//	#       and optionally gpu and model: the node's GPUs (0-32), which tasks that ask for
//	#       GPUs are placed on device by device, and their model; both also become the
//	#       custom attributes gpu ("0" when none) and gpu_model, for memberOf constraints;
//	#       other columns are ignored. Identical rows share a type named after the size,
//	#       such as "node-32vcpu-256gib" or "node-96vcpu-384gib-8gpu-G2": the name
//	#       [pricing] instance_prices gives a price by (listed nodes cost nothing otherwise).
//	#       Listed nodes have no ENIs to give awsvpc tasks
//	zones = ["us-east-1a", "us-east-1b", "us-east-1c"]   # default a, b, c; round-robin
//	attributes = { team = "web" }        # custom attributes, at most 10
//	market = "on-demand"         # or "spot": interrupted at [faults] spot_interruptions_per_hour
//	                             # or by a spot_interruption event, with a two-minute notice;
//	                             # a warning unless the agent sets
//	                             # enable_spot_instance_draining (ECS-REFERENCE §7.2)
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
//	enable_spot_instance_draining = false   # ECS_ENABLE_SPOT_INSTANCE_DRAINING: a Spot
//	                             # instance goes DRAINING on its interruption notice, so its
//	                             # service tasks are replaced before it ends (DG/container-instance-spot)
//	enable_high_density_eni = true   # ECS_ENABLE_HIGH_DENSITY_ENI: with [cluster]
//	                             # awsvpc_trunking, the instance takes a trunk ENI; false keeps
//	                             # it at max ENIs − 1 awsvpc tasks (default true where task ENIs
//	                             # are on, as on the ECS AMI: agent config_unix.go)
//	enable_gpu_support = true    # ECS_ENABLE_GPU_SUPPORT: the instance registers its type's
//	                             # GPUs (default true, as the ECS GPU-optimized AMI sets it);
//	                             # false registers none, so GPU tasks do not fit there
//
//	[[capacity_providers]]       # Auto Scaling group capacity providers (API/CreateCapacityProvider,
//	                             # ECS-REFERENCE §5); FARGATE and FARGATE_SPOT are built in
//	name = "asg-general"         # required, unique: 1-255 letters, digits, hyphens and
//	                             # underscores; not FARGATE or FARGATE_SPOT, and not starting with
//	                             # aws, ecs or fargate in any case (ECS reserves them)
//	managed_termination_protection = "DISABLED"   # or ENABLED: ECS keeps scale-in off instances
//	                             # with tasks; ENABLED needs managed scaling ENABLED (ECS's rule)
//	managed_draining = "ENABLED" # or DISABLED: instances the group removes drain first
//	                             # (DG/managed-instance-draining: on by default)
//	[capacity_providers.auto_scaling_group]   # required: the group behind the provider (an EC2
//	                             # Auto Scaling group, not an ECS object)
//	instance_type = "m6i.large"  # a catalog type; or instance_types = ["m6i.large", "m5.large"]
//	                             # for a mixed group, in priority order (a mixed instances policy
//	                             # with the prioritized allocation strategy, or
//	                             # capacity-optimized-prioritized for Spot): a new instance is of
//	                             # the first type with capacity in its zone, the first unless a
//	                             # [[capacity_shortages]] pool is dry; one of them
//	zones = ["us-east-1a", "us-east-1b", "us-east-1c"]   # default a, b, c
//	min_size = 0                 # 0-1000000
//	max_size = 100               # required: 1-1000000, at least min_size (ECS: above 0)
//	desired_capacity = 0         # instances at time 0: default min_size, within [min_size, max_size]
//	market = "on-demand"         # or "spot", as for instance groups
//	launch_latency = { distribution = "uniform", min = "60s", max = "180s" }
//	                             # launch to registration; the default shown (1-3 min,
//	                             # ECS-REFERENCE §7.3)
//	attributes = {}              # and ami_id, agent_config and the [capacity_providers.
//	                             # auto_scaling_group.agent] table: as for instance groups
//	[capacity_providers.managed_scaling]      # API/ManagedScaling; without this table, managed
//	                             # scaling is DISABLED and the group stays at desired_capacity
//	status = "ENABLED"           # or DISABLED; ENABLED when the table is given without it (as the
//	                             # console creates providers: ecssim's choice)
//	target_capacity = 100        # 1-100: the CapacityProviderReservation to hold
//	minimum_scaling_step_size = 1        # 1-10000
//	maximum_scaling_step_size = 10000    # 1-10000, at least the minimum
//	instance_warmup_period = "300s"      # 0-10000s
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
//	requires_compatibilities = ["EC2"]   # EC2 and/or FARGATE; default EC2. With FARGATE, ECS's
//	    # Fargate rules apply (DG/AWS_Fargate, DG/task-cpu-memory-error): network_mode "awsvpc";
//	    # cpu and memory required and a Fargate size (Linux: 256 with 512, 1024 or 2048;
//	    # 512 with 1024-4096; 1024 with 2048-8192; 2048 with 4096-16384; 4096 with 8192-30720,
//	    # all in 1024 steps; 8192 with 16384-61440 in 4096 steps; 16384 with 32768-122880 in
//	    # 8192 steps), the error naming the nearest sizes; the containers' cpu and memory
//	    # (reservations) within the task's; stop_timeout at most 2m
//	task_role_arn = "arn:aws:iam::123456789012:role/web"   # needs enable_task_iam_role
//	runtime_platform = { cpu_architecture = "ARM64", operating_system_family = "LINUX" }
//	placement_constraints = [{ type = "memberOf", expression = "attribute:team == web" }]
//	image = { name = "web:1", size_mib = 300, registry = "ecr" }   # default: nothing to pull
//	    # name: what instances cache it as, default "FAMILY:REVISION"; size_mib: required,
//	    # 1-100000; registry: "ecr" (the default), "public" or a host name, which is a private
//	    # registry with models.DefaultPrivateRegistry's speed unless [[registries]] declares it
//	gpu_share = 0.5              # ecssim's extension beyond ECS: a share of one GPU, above 0 and
//	                             # below 1 (in thousandths), that must fit within what one GPU has
//	                             # left beside other shares; instead of containers' whole GPUs
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
//	  resource_requirements = [{ type = "GPU", value = "1" }]  # whole GPUs pinned to the
//	                             # container, 1-32 as a string (DG/ecs-gpu): the task runs where
//	                             # that many GPUs are wholly free; not on Fargate
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
//	launch_type = "EC2"          # or "FARGATE"; default: the cluster's default strategy if it
//	                             # has one, else EC2
//	capacity_provider_strategy = [{ capacity_provider = "FARGATE", base = 2, weight = 1 },
//	                              { capacity_provider = "FARGATE_SPOT", weight = 3 }]
//	    # instead of launch_type, never with it (ECS); items (API/CapacityProviderStrategyItem):
//	    # capacity_provider required, a [[capacity_providers]] name, FARGATE or FARGATE_SPOT, each
//	    # once; base 0-100000 (default 0), tasks placed there first and kept there when the
//	    # service scales in, on one item at most;
//	    # weight 0-1000 (default 0, as in the API; the console's is 1), at least one above 0.
//	    # At most 20 items (the current API; the 2023 DG said 6), all Auto Scaling group
//	    # providers or all Fargate (ECS-REFERENCE §5.1). Not on DAEMON services, which therefore
//	    # need launch_type = "EC2" when the cluster has a default strategy (roadmap#692)
//	zones = ["us-east-1a", "us-east-1b"]   # Fargate only: the zones of the service's awsvpc
//	    # subnets, where its tasks run, spread to the zone with fewest (DG/task-placement);
//	    # default the cluster's zones (its instance groups' and Auto Scaling groups', in file
//	    # order), or a, b, c when it has none. A warning on a service on EC2.
//	    # A service on Fargate (launch type or strategy) runs a task definition that lists
//	    # FARGATE, with no placement strategy or constraint in it or the service (ECS rejects
//	    # them: DG/task-placement), and is not DAEMON (DG/ecs_service-options); a service on
//	    # Auto Scaling group providers places with its strategies and constraints on their
//	    # instances
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
//	availability_zone_rebalancing = "ENABLED"   # or "DISABLED": once the service is steady,
//	    # ECS evens out its tasks over the zones, starting tasks in the zone with fewest and
//	    # stopping tasks in the zone with most (DG/service-rebalancing, ECS-REFERENCE §1.10;
//	    # ecssim moves one task at a time: it starts one, and stops one once that is healthy).
//	    # Default: CreateService's since 2025 (API/CreateService), ENABLED for a service ECS can
//	    # rebalance and DISABLED for any other: one whose first placement strategy, as the run
//	    # uses it (a -strategy override included), does not spread over
//	    # attribute:ecs.availability-zone (ECS's default chain does), whose maximum_percent is
//	    # 100, with a placement constraint on the zone attribute, or a DAEMON service. A
//	    # Fargate service's default is ENABLED, as in ECS: it is rebalanced over its zones that
//	    # are up (on FARGATE_SPOT alone, that have Spot capacity), and its scale-in, like
//	    # rebalancing, stops a task in the zone with most. The summary says which applied
//	    # (services.*.availability_zone_rebalancing).
//	    # Set "DISABLED" to model a service created before the default changed (one that never
//	    # set it runs DISABLED; ecssim import writes that for a describe-services service
//	    # without the field). ENABLED is an error on a DAEMON service, and a warning where it
//	    # does nothing (the cases above)
//	  [services.kubernetes]      # an EKS run's pod template (workloads take it too, less
//	                             # rolling_update), Kubernetes' fields in snake_case, checked as
//	                             # its API server checks them:
//	  node_selector = { kind = "gpu" }    # labels a node must have (a group's labels or
//	                             # attributes, or the well-known ones: topology.kubernetes.io/zone,
//	                             # node.kubernetes.io/instance-type, kubernetes.io/hostname, ...)
//	  tolerations = [{ key = "gpu", operator = "Equal", value = "true", effect = "NoSchedule" }]
//	                             # operator Equal (the default) or Exists (no value); no effect:
//	                             # every effect
//	  topology_spread_constraints = [{ max_skew = 1, topology_key = "topology.kubernetes.io/zone",
//	      when_unsatisfiable = "DoNotSchedule", min_domains = 3 }]   # over the service's own
//	                             # pods; ScheduleAnyway only scores; without any, the
//	                             # scheduler's defaults (hostname skew 3, zone 5, ScheduleAnyway)
//	  pod_anti_affinity = [{ app = "web", topology_key = "kubernetes.io/hostname" }]
//	  pod_affinity = [{ app = "cache", topology_key = "topology.kubernetes.io/zone", weight = 50 }]
//	  node_affinity = { required = [{ match_expressions = [{ key = "kubernetes.io/arch",
//	      operator = "In", values = ["amd64"] }] }], preferred = [{ weight = 50,
//	      match_expressions = [...] }] }   # In, NotIn, Exists, DoesNotExist, Gt, Lt; any
//	                             # required term must hold, and the constraints' translation too
//	                             # the pods of a service or workload, per topology value; with
//	                             # a weight (1-100) preferred, without required
//	  rolling_update = { max_surge = "25%", max_unavailable = "0" }   # counts or percentages
//	                             # over the service's deployment configuration's (maxSurge =
//	                             # maximum_percent − 100%, maxUnavailable = 100% −
//	                             # minimum_healthy_percent); not both 0
//	  min_ready_seconds = 0      # a pod counts as available (healthy) this long after it is
//	                             # ready: once RUNNING without a health check or load balancer
//	                             # (where ECS waits 40 s), else once they pass
//
//	[[workloads]]                # standalone tasks started with RunTask semantics
//	name = "batch"               # default: the family
//	task_definition = "batch"    # required
//	group = "family:batch"       # RunTask's task group; the default shown
//	arrival = { process = "poisson", rate = "20/min" }   # rates: /s, /min, /h, /d
//	#       or { process = "fixed", count = 50, at = "0s" }
//	#       or { process = "periodic", every = "30s" }
//	#       poisson and periodic also take start = "..." and stop = "..."
//	#       poisson and periodic also take count = N (1-100000, default 1): each arrival is
//	#       a job of N tasks started together, as RunTask's count starts them (a job of more
//	#       than ECS's 10 tasks per call is several calls at one instant); with max_count = M
//	#       each job's size is drawn uniformly from N to M, from its own stream
//	duration = { distribution = "lognormal", median = "10m", sigma = 0.8 }
//	#       or { distribution = "constant", value = "5m" }
//	#       or { distribution = "exponential", mean = "1m" }
//	#       or { distribution = "uniform", min = "1m", max = "3m" }
//	placement_strategy = [{ type = "binpack", field = "cpu" }]   # default: random
//	placement_constraints = []
//	launch_type = "EC2"          # or "FARGATE"; default: the cluster's default strategy if it
//	                             # has one, else EC2 (API/RunTask)
//	capacity_provider_strategy = [{ capacity_provider = "asg-general", weight = 1 }]
//	    # instead of launch_type, never with it; the items and rules of a service's (above).
//	    # On an Auto Scaling group provider a task that finds no room waits in PROVISIONING,
//	    # counts in the provider's CapacityProviderReservation and so drives managed scaling,
//	    # within [cluster] provisioning_task_limit and provisioning_timeout; without managed
//	    # scaling RunTask fails it at once, as on EC2. Base and weights split the workload's
//	    # tasks not yet stopping as a service's (counted across its RunTask calls: ecssim's
//	    # choice). On FARGATE or FARGATE_SPOT each task gets a micro-VM as a service's does,
//	    # within the [fargate] launch rate
//	zones = ["us-east-1a", "us-east-1b"]   # Fargate only: the zones of RunTask's awsvpc
//	    # subnets; default as a Fargate service's (the cluster's zones). On Fargate the rules
//	    # of a Fargate service apply (a task definition that lists FARGATE, no placement
//	    # strategy or constraint), and a trace workload may not run there (its rows are no
//	    # Fargate sizes)
//
//	[[workloads]]                # or: a trace replay, instead of arrival and duration
//	name = "pods"                # without task_definition, required: the tasks are family
//	                             # NAME revision 1, one bridge-mode container, no ports or image
//	task_definition = "batch"    # optional: the row's cpu and memory are RunTask's task
//	                             # overrides of it (API/TaskOverride); all else is the definition's;
//	                             # a warning counts the rows its containers do not fit in
//	trace = "pods.csv"           # a CSV file with a header row, relative to the scenario file.
//	    # Each row starts a task (count tasks) at its arrival, with its cpu and memory, which
//	    # runs for its lifetime once RUNNING (departure - arrival, or duration) or, with
//	    # neither, to the end of the run. Times count from the earliest arrival in the file.
//	    # CPU below ECS's task minimum of 128 units runs with 128 and memory below 6 MiB with
//	    # 6 (a warning says how many rows); above 196608 units is an error
//	trace_format = "csv"         # or "openb": the pod list of Alibaba's cluster-trace-gpu-v2023
//	    # (creation_time and deletion_time in seconds, cpu_milli at 1024 CPU units a core,
//	    # memory_mib; num_gpu and gpu_milli, a pod's GPUs: one GPU shared at gpu_milli
//	    # thousandths below 1000, ecssim's extension beyond ECS, else whole GPUs, and whole
//	    # without a gpu_milli column; gpu_spec, GPU models separated by "|", a memberOf on
//	    # gpu_model; every pod is replayed, whatever its pod_phase), which fixes the
//	    # columns and units below
//	columns = { arrival = "submit_time", departure = "end_time", cpu = "cpu", memory = "mem" }
//	    # csv: the header names of the columns. arrival, cpu and memory are required;
//	    # departure (a time) or duration (a length), and count (tasks per row, 1-100000,
//	    # default 1) are optional; an empty departure or duration cell runs to the end
//	time_unit = "1s"             # csv: what 1 in the time columns is, such as "1ms" or "1us"
//	cpu_unit = "units"           # csv: ECS CPU units; or "vcpu" (x 1024), "millicores" (x 1.024)
//	memory_unit = "MiB"          # csv: or "GiB", "KiB", "bytes", "MB", "GB"
//	    # sizes are rounded to whole CPU units and MiB
//	time_scale = 1.0             # simulated seconds per trace second: 0.01 replays a trace
//	                             # 100 times faster (lifetimes too); 1e-9 to 1e9
//	departures = true            # false: every task runs to the end of the run
//	shuffle = false              # deal the rows' sizes, counts and lifetimes to the trace's
//	                             # arrival times in a random order (stream "trace/NAME")
//	target_load = 0.8            # instead of the rows as listed, draw rows with replacement,
//	    # uniformly among those that arrive within the run, each keeping its arrival,
//	    # lifetime and size, until the load they offer reaches this share (0-100) of what the
//	    # instance groups of the scenario's cluster register at the start (Auto Scaling groups
//	    # do not count): the time-weighted mean, over the run, of the
//	    # CPU the tasks ask for while they run, as if each were placed, divided by the
//	    # fleet's (models.OfferedLoad). Drawn from stream "trace/NAME". Not with shuffle. With
//	    # departures = false and a small time_scale it is the share of the fleet the tasks
//	    # ask for in all, as workload-inflation experiments count it (Verma et al.,
//	    # "Evaluating job packing in warehouse-scale computing", IEEE Cluster 2014)
//	target_resource = "cpu"      # or "memory": what target_load counts; or "gpu", the FGD
//	    # paper's method (docs/fgd.toml): rows drawn with replacement among all the trace's
//	    # until the GPUs their tasks ask for reach target_load of the GPUs the instance groups
//	    # register, arriving in the order drawn, models.GPUDrawSpacing (1 s) apart from the
//	    # start, and never leaving; the trace's time columns are not read. The summary then
//	    # has a "gpu" section (reports.GPUSection)
//
//	[[events]]                   # things that happen at a time, in time order (file order at ties)
//	at = "2h"                    # required; after the run's end is a warning: it never happens
//	action = "deploy"            # required: deploy | scale | drain | terminate | az_outage |
//	                             # spot_interruption | agent_disconnect; a key the action does
//	                             # not use is an error
//	service = "web"              # deploy and scale: required, a [[services]] name
//	task_definition = "web:2"    # deploy (UpdateService): required, "family" or "family:revision";
//	                             # the service's revision again forces a new deployment
//	desired_count = 20           # scale (UpdateService): required, 0-1000000; not on DAEMON
//	instances = ["i-0001"]       # instance IDs, numbered i-0001 on across the instance groups
//	                             # in file order (each group's zones round-robin)
//	zone = "us-east-1a"          # every instance in a zone some instance group or Auto Scaling
//	                             # group uses
//	instance_group = "general"   # every instance of an instance group, or of the Auto Scaling
//	                             # group of a [[capacity_providers]] name
//	    # instances, zone and instance_group choose instances (together: every instance any of
//	    # them names) for these actions:
//	    #   drain (UpdateContainerInstancesState DRAINING): at least one of the three; the
//	    #     instances take no new tasks and their service tasks are replaced within the
//	    #     deployment's minimum_healthy_percent and maximum_percent (ECS-REFERENCE §5.4)
//	    #   terminate: at least one; a planned termination: each instance drains first, its
//	    #     targets deregister, and it ends once no service task is left on it
//	    #   spot_interruption: optional, none meaning every Spot instance; the chosen Spot
//	    #     instances get their two-minute notice at once (a Spot storm): those whose agent
//	    #     sets enable_spot_instance_draining go DRAINING, and all end when it runs out
//	    #     (ECS-REFERENCE §7.2). An error when no instance group or Auto Scaling group is
//	    #     Spot, a warning when the instances chosen include none that is
//	    #   agent_disconnect: at least one; the agents lose their connection for duration
//	    #     (agentConnected false): the instances run their tasks on and get no new ones,
//	    #     which keep counting as running (ECS-REFERENCE §7.3)
//	    #   az_outage: zone only, required, which may also be a zone only a Fargate service
//	    #     uses; every instance in the zone fails at once, unplanned (its tasks stop with no
//	    #     draining, ECS-REFERENCE §7.3), and so do the Fargate tasks there; nothing
//	    #     launches there for duration (Fargate starts the services' replacements in their
//	    #     other zones); then the instance groups' lost instances register again; Auto
//	    #     Scaling groups launch replacements for theirs at once, in their other zones
//	duration = "30m"             # az_outage and agent_disconnect: required, above 0; it may run
//	                             # past the run's end
//	count = 4                    # spot_interruption: how many of the chosen Spot instances to
//	                             # interrupt, the first in registration order, 1-1000000;
//	                             # default all of them
//
//	[fargate]                    # how Fargate behaves (models.DefaultFargateSettings); ECS
//	                             # documents only the launch rate (ECS-REFERENCE §6.3)
//	provisioning = { distribution = "lognormal", median = "25s", sigma = 0.3 }
//	                             # launch to image pull (ENI, micro-VM): the default shown
//	pull_bandwidth_mib_per_second = 50   # 0.01-100000: every Fargate task pulls its image
//	launch_burst = 100           # 1-100000: the account's launch token bucket (DG/throttling),
//	launch_rate = "20/s"         # refilled at this rate; one bucket each for FARGATE and FARGATE_SPOT
//
//	[pricing]                    # US dollars; defaults models.DefaultPricing: us-east-1 Linux
//	                             # list prices (ECS-REFERENCE §§6.4, 7.1)
//	fargate_vcpu_hour = 0.04048  # >= 0; x86
//	fargate_gb_hour = 0.004445   # >= 0
//	fargate_arm_vcpu_hour = 0.03238  # >= 0; runtime_platform cpu_architecture = "ARM64"
//	fargate_arm_gb_hour = 0.00356    # >= 0
//	ec2_spot_discount = 0.6      # 0 <= x < 1: the share Spot instances save
//	fargate_spot_discount = 0.7  # 0 <= x < 1: the share FARGATE_SPOT saves (up to 70%)
//	instance_prices = { "m6i.large" = 0.096 }    # on-demand $/h by catalog type (>= 0), over
//	                             # the catalog's; quote the names, which have dots
//
//	[faults]                     # random failures, each drawn from the run's own "faults/..."
//	                             # streams: turning them on changes no arrival, duration or
//	                             # placement draw of the same seed
//	instance_mtbf = "720h"       # mean time between failures of each EC2 instance: it fails
//	                             # unplanned after an exponential time with this mean, as in an
//	                             # az_outage (an Auto Scaling group launches a replacement, an
//	                             # instance group's is gone); above 0; default none. Expected
//	                             # failures: instances × run duration / MTBF. A warning when the
//	                             # scenario has no EC2 instances
//	spot_interruptions_per_hour = 0.0   # >= 0: each EC2 Spot instance is interrupted after an
//	                             # exponential time at this rate, with a two-minute notice
//	                             # (a warning when nothing is Spot)
//	fargate_spot_interruptions_per_hour = 0.0   # >= 0: the same for each FARGATE_SPOT task
//	                             # (SIGTERM at the notice; a warning when no service uses it)
//
//	[[capacity_shortages]]       # Spot capacity that runs out for a while (none by default):
//	                             # launches there fail with InsufficientInstanceCapacity
//	                             # (API/LaunchInstancesError); instances and tasks already
//	                             # running stay (models/shortage.go)
//	kind = "spot_capacity"       # required: spot_capacity (EC2 Spot pools) or
//	                             # fargate_spot_capacity (FARGATE_SPOT by zone)
//	pools = ["m5.large/us-east-1a"]  # spot_capacity: required, "instance-type/zone" pools of a
//	                             # Spot Auto Scaling group (market = "spot"), each once;
//	                             # fargate_spot_capacity: zones of the region, default every zone
//	at = "2h"                    # a dry spell at a time: at and for, both required (a
//	                             # warning when at is after the run's end)
//	for = "1h"                   # above 0; it may run past the run's end
//	rate = "1/d"                 # or dry spells at random: each pool's start after exponential
//	duration = { distribution = "exponential", mean = "1h" }   # gaps at rate (as arrival
//	                             # rates: /s, /min, /h, /d), each lasting a draw of duration,
//	                             # from the run's stream "capacity/N/POOL" (N: the table's
//	                             # index), so turning shortages on changes no other draw;
//	                             # never both forms in one table
//	    # During a dry spell a Spot Auto Scaling group launches in the zone with fewest of its
//	    # instances among those with a pool that has capacity (balanced-best-effort,
//	    # API/AvailabilityZoneDistribution), of the first of its instance_types with capacity
//	    # there; with no pool left the launch fails and is tried again every minute
//	    # (models.LaunchRetry, ecssim's choice: AWS retries without a documented interval),
//	    # the instances still counting as the group's. A FARGATE_SPOT task goes only to a zone
//	    # of its service with Spot capacity; with none it waits in PROVISIONING and tries again
//	    # every placement_retry_interval, while a workload's (RunTask's) task stops at once
//	    # ("Capacity is unavailable at this time", the caller must retry). Spot never falls
//	    # back to on-demand (ECS-REFERENCE §5.1, §6.5). A warning when no service or workload
//	    # runs on FARGATE_SPOT for a fargate_spot_capacity shortage.
//
// Keys of ECS features ecssim does not simulate yet (random faults other than instance failures
// and Spot interruptions, such as a faults.zone_mtbf; the EXTERNAL launch type; deployment
// alarms) are rejected with a message saying so, rather than ignored.
//
// # Sweep files and strategy files
//
// A sweep file (LoadSweep, for ecssim sweep) names a scenario and a grid of its parameters ×
// placement strategies × seeds; a strategy file (LoadStrategyFile, for compare and sweep) holds
// a list of ECS placement_strategy items. Their doc comments give the format; both report
// their problems at line and column, as scenario files do.
//
// scenarios imports models, scheduler and sim; never reports. The formats it reads beside
// its own have packages under it: tracefile (trace and node-list CSVs), which it imports, and
// internal/tomlpos (where keys sit in a TOML file). ecsjson (ECS JSON import) imports it.
package scenarios
