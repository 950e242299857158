package scenarios

// The structs below mirror the scenario file. Every scalar is a value[T], so a wrong type
// becomes a positioned problem rather than a decoding failure; keys nobody decoded are
// reported as unknown through the decoder's Undecoded list. Keys follow ECS's API names in
// snake_case (the package documentation lists them all).

type (
	str     = value[string]
	integer = value[int64]
	number  = value[float64]
	boolean = value[bool]
	strs    = value[[]string]
	ints    = value[[]int64]
)

type scenarioFile struct {
	Name              str                    `toml:"name"`
	Description       str                    `toml:"description"`
	Duration          str                    `toml:"duration"`
	Seed              integer                `toml:"seed"`
	Region            str                    `toml:"region"`
	StartTime         str                    `toml:"start_time"`
	Cluster           clusterFile            `toml:"cluster"`
	InstanceTypes     []instanceTypeFile     `toml:"instance_types"`
	InstanceGroups    []instanceGroupFile    `toml:"instance_groups"`
	TaskDefinitions   []taskDefFile          `toml:"task_definitions"`
	Services          []serviceFile          `toml:"services"`
	Workloads         []workloadFile         `toml:"workloads"`
	TargetGroups      []targetGroupFile      `toml:"target_groups"`
	Registries        []registryFile         `toml:"registries"`
	Events            []eventFile            `toml:"events"`
	CapacityProviders []capacityProviderFile `toml:"capacity_providers"`
	Pricing           pricingFile            `toml:"pricing"`
	Fargate           fargateFile            `toml:"fargate"`
	Faults            faultsFile             `toml:"faults"`
	CapacityShortages []shortageFile         `toml:"capacity_shortages"`
	// Orchestrator is "ecs" (the default) or "eks": who schedules the scenario's services
	// and tasks; EKS settles what EKS adds (validate_eks.go).
	Orchestrator str     `toml:"orchestrator"`
	EKS          eksFile `toml:"eks"`
	// Kubernetes' own vocabulary, for an EKS run (file_kube.go).
	NodeGroups      []nodeGroupFile      `toml:"node_groups"`
	Deployments     []kubeDeploymentFile `toml:"deployments"`
	DaemonSets      []daemonSetFile      `toml:"daemon_sets"`
	Jobs            []jobFile            `toml:"jobs"`
	FargateProfiles []fargateProfileFile `toml:"fargate_profiles"`
}

// shapePointFile is a point of RequestedToCapacityRatio's shape.
type shapePointFile struct {
	Utilization integer `toml:"utilization"`
	Score       integer `toml:"score"`
}

// eksFile is the [eks] table: the nodes' kubelet and the kube-scheduler's profile.
type eksFile struct {
	PrefixDelegation         boolean          `toml:"prefix_delegation"`
	MaxPods                  integer          `toml:"max_pods"`
	ScoringStrategy          str              `toml:"scoring_strategy"`
	Shape                    []shapePointFile `toml:"shape"`
	PercentageOfNodesToScore integer          `toml:"percentage_of_nodes_to_score"`
	// ClusterAutoscaler is [eks.cluster_autoscaler]: the flags of the Cluster Autoscaler that
	// scales the node groups (validate_autoscaler.go).
	ClusterAutoscaler clusterAutoscalerFile `toml:"cluster_autoscaler"`
}

// shortageFile is one [[capacity_shortages]] table: a dry spell at a time (at, for) or random
// ones (rate, duration).
type shortageFile struct {
	Kind     str      `toml:"kind"`
	Pools    strs     `toml:"pools"`
	At       str      `toml:"at"`
	For      str      `toml:"for"`
	Rate     str      `toml:"rate"`
	Duration distFile `toml:"duration"`
}

type strategyItemFile struct {
	CapacityProvider str     `toml:"capacity_provider"`
	Base             integer `toml:"base"`
	Weight           integer `toml:"weight"`
}

type capacityProviderFile struct {
	Name                         str                `toml:"name"`
	ManagedTerminationProtection str                `toml:"managed_termination_protection"`
	ManagedDraining              str                `toml:"managed_draining"`
	AutoScalingGroup             asgFile            `toml:"auto_scaling_group"`
	ManagedScaling               managedScalingFile `toml:"managed_scaling"`
}

// asgFile is the Auto Scaling group behind a provider (not an ECS API object).
type asgFile struct {
	InstanceType    str            `toml:"instance_type"`
	InstanceTypes   strs           `toml:"instance_types"`
	Zones           strs           `toml:"zones"`
	MinSize         integer        `toml:"min_size"`
	MaxSize         integer        `toml:"max_size"`
	DesiredCapacity integer        `toml:"desired_capacity"`
	Market          str            `toml:"market"`
	LaunchLatency   distFile       `toml:"launch_latency"`
	Attributes      map[string]str `toml:"attributes"`
	AMIID           str            `toml:"ami_id"`
	Agent           agentFile      `toml:"agent"`
	AgentConfig     str            `toml:"agent_config"`
}

type managedScalingFile struct {
	Status                 str     `toml:"status"`
	TargetCapacity         integer `toml:"target_capacity"`
	MinimumScalingStepSize integer `toml:"minimum_scaling_step_size"`
	MaximumScalingStepSize integer `toml:"maximum_scaling_step_size"`
	InstanceWarmupPeriod   str     `toml:"instance_warmup_period"`
}

type pricingFile struct {
	FargateVCPUHour     number            `toml:"fargate_vcpu_hour"`
	FargateGBHour       number            `toml:"fargate_gb_hour"`
	FargateARMVCPUHour  number            `toml:"fargate_arm_vcpu_hour"`
	FargateARMGBHour    number            `toml:"fargate_arm_gb_hour"`
	EC2SpotDiscount     number            `toml:"ec2_spot_discount"`
	FargateSpotDiscount number            `toml:"fargate_spot_discount"`
	InstancePrices      map[string]number `toml:"instance_prices"`
}

type fargateFile struct {
	Provisioning distFile `toml:"provisioning"`
	PullMiBps    number   `toml:"pull_bandwidth_mib_per_second"`
	LaunchBurst  integer  `toml:"launch_burst"`
	LaunchRate   str      `toml:"launch_rate"`
}

type faultsFile struct {
	InstanceMTBF                    str    `toml:"instance_mtbf"`
	SpotInterruptionsPerHour        number `toml:"spot_interruptions_per_hour"`
	FargateSpotInterruptionsPerHour number `toml:"fargate_spot_interruptions_per_hour"`
}

type clusterFile struct {
	DefaultCapacityProviderStrategy []strategyItemFile `toml:"default_capacity_provider_strategy"`
	Name                            str                `toml:"name"`
	PlacementTieBreak               str                `toml:"placement_tie_break"`
	PlacementRetryInterval          str                `toml:"placement_retry_interval"`
	ThrottleInitialDelay            str                `toml:"throttle_initial_delay"`
	AWSVPCTrunking                  boolean            `toml:"awsvpc_trunking"`
	ProvisioningTaskLimit           integer            `toml:"provisioning_task_limit"`
	ProvisioningTimeout             str                `toml:"provisioning_timeout"`
}

type instanceGroupFile struct {
	Name       str            `toml:"name"`
	Type       str            `toml:"type"`
	Count      integer        `toml:"count"`
	Zones      strs           `toml:"zones"`
	Attributes map[string]str `toml:"attributes"`
	Market     str            `toml:"market"`
	AMIID      str            `toml:"ami_id"`
	Agent      agentFile      `toml:"agent"`
	// AgentConfig names an ecs.config file (KEY=VALUE lines) read before the agent table,
	// which overrides it.
	AgentConfig str `toml:"agent_config"`
	// Nodes names a node list: one instance per row, sized as listed, instead of type and
	// count.
	Nodes       str `toml:"nodes"`
	NodesFormat str `toml:"nodes_format"`
	// Labels and Taints are an EKS node group's (orchestrator = "eks").
	Labels map[string]str `toml:"labels"`
	Taints []taintFile    `toml:"taints"`
}

// taintFile is one of a node group's taints.
type taintFile struct {
	Key    str `toml:"key"`
	Value  str `toml:"value"`
	Effect str `toml:"effect"`
}

// kubeFile is a service's or workload's [kubernetes] table: its pod template's scheduling in
// an EKS run, with Kubernetes' names in snake_case.
type kubeFile struct {
	NodeSelector              map[string]str    `toml:"node_selector"`
	Tolerations               []tolerationFile  `toml:"tolerations"`
	TopologySpreadConstraints []spreadFile      `toml:"topology_spread_constraints"`
	PodAffinity               []podAffinityFile `toml:"pod_affinity"`
	PodAntiAffinity           []podAffinityFile `toml:"pod_anti_affinity"`
	RollingUpdate             rollingUpdateFile `toml:"rolling_update"`
	MinReadySeconds           integer           `toml:"min_ready_seconds"`
	NodeAffinity              nodeAffinityFile  `toml:"node_affinity"`
}

// nodeAffinityFile is a pod's nodeAffinity: required terms (any one must hold) and preferred
// ones with weights.
type nodeAffinityFile struct {
	Required  []nodeTermFile `toml:"required"`
	Preferred []nodeTermFile `toml:"preferred"`
}

// nodeTermFile is a node selector term: its match expressions all hold; with a weight (1-100)
// when preferred.
type nodeTermFile struct {
	Weight           integer               `toml:"weight"`
	MatchExpressions []nodeRequirementFile `toml:"match_expressions"`
}

type nodeRequirementFile struct {
	Key      str  `toml:"key"`
	Operator str  `toml:"operator"`
	Values   strs `toml:"values"`
}

type tolerationFile struct {
	Key      str `toml:"key"`
	Operator str `toml:"operator"`
	Value    str `toml:"value"`
	Effect   str `toml:"effect"`
}

type spreadFile struct {
	MaxSkew           integer `toml:"max_skew"`
	TopologyKey       str     `toml:"topology_key"`
	WhenUnsatisfiable str     `toml:"when_unsatisfiable"`
	MinDomains        integer `toml:"min_domains"`
}

// podAffinityFile is a pod (anti-)affinity term: the pods of app (a service or workload) per
// value of topology_key; with weight (1-100) preferred, without required.
type podAffinityFile struct {
	App         str     `toml:"app"`
	TopologyKey str     `toml:"topology_key"`
	Weight      integer `toml:"weight"`
}

type rollingUpdateFile struct {
	MaxSurge       str `toml:"max_surge"`
	MaxUnavailable str `toml:"max_unavailable"`
}

type agentFile struct {
	Cluster                 str     `toml:"cluster"`
	ReservedMemory          integer `toml:"reserved_memory"`
	ReservedPorts           ints    `toml:"reserved_ports"`
	ReservedPortsUDP        ints    `toml:"reserved_ports_udp"`
	DynamicHostPortRange    str     `toml:"dynamic_host_port_range"`
	EnableTaskIAMRole       boolean `toml:"enable_task_iam_role"`
	EnableTaskIAMRoleHost   boolean `toml:"enable_task_iam_role_network_host"`
	AvailableLoggingDrivers strs    `toml:"available_logging_drivers"`
	AgentVersion            str     `toml:"agent_version"`
	ContainerStopTimeout    str     `toml:"container_stop_timeout"`
	ImagePullBehavior       str     `toml:"image_pull_behavior"`
	EngineAuthType          str     `toml:"engine_auth_type"`
	EngineAuthData          str     `toml:"engine_auth_data"`
	EnableSpotDraining      boolean `toml:"enable_spot_instance_draining"`
	EnableHighDensityENI    boolean `toml:"enable_high_density_eni"`
	EnableGPUSupport        boolean `toml:"enable_gpu_support"`
}

type taskDefFile struct {
	Family                  str              `toml:"family"`
	CPU                     integer          `toml:"cpu"`
	Memory                  integer          `toml:"memory"`
	NetworkMode             str              `toml:"network_mode"`
	RequiresCompatibilities strs             `toml:"requires_compatibilities"`
	TaskRoleArn             str              `toml:"task_role_arn"`
	RuntimePlatform         runtimePlatform  `toml:"runtime_platform"`
	PlacementConstraints    []constraintFile `toml:"placement_constraints"`
	GPUShare                number           `toml:"gpu_share"`
	Containers              []containerFile  `toml:"containers"`
	Image                   imageFile        `toml:"image"`
	Behavior                behaviorFile     `toml:"behavior"`
}

type imageFile struct {
	Name     str     `toml:"name"`
	SizeMiB  integer `toml:"size_mib"`
	Registry str     `toml:"registry"`
}

type behaviorFile struct {
	StartFailureRate       number   `toml:"start_failure_rate"`
	HealthCheckFailureRate number   `toml:"health_check_failure_rate"`
	ContainerStart         distFile `toml:"container_start"`
	Shutdown               distFile `toml:"shutdown"`
}

type runtimePlatform struct {
	CPUArchitecture       str `toml:"cpu_architecture"`
	OperatingSystemFamily str `toml:"operating_system_family"`
}

type containerFile struct {
	Name              str               `toml:"name"`
	CPU               integer           `toml:"cpu"`
	Memory            integer           `toml:"memory"`
	MemoryReservation integer           `toml:"memory_reservation"`
	PortMappings      []portMappingFile `toml:"port_mappings"`
	ResourceReqs      []resourceReqFile `toml:"resource_requirements"`
	LogConfiguration  logConfiguration  `toml:"log_configuration"`
	HealthCheck       healthCheckFile   `toml:"health_check"`
	StopTimeout       str               `toml:"stop_timeout"`
}

type resourceReqFile struct {
	Type  str `toml:"type"`
	Value str `toml:"value"`
}

type healthCheckFile struct {
	Command     strs    `toml:"command"`
	Interval    str     `toml:"interval"`
	Timeout     str     `toml:"timeout"`
	Retries     integer `toml:"retries"`
	StartPeriod str     `toml:"start_period"`
}

type portMappingFile struct {
	ContainerPort integer `toml:"container_port"`
	HostPort      integer `toml:"host_port"`
	Protocol      str     `toml:"protocol"`
}

type logConfiguration struct {
	LogDriver str `toml:"log_driver"`
}

type strategyFile struct {
	Type  str `toml:"type"`
	Field str `toml:"field"`
}

type constraintFile struct {
	Type       str `toml:"type"`
	Expression str `toml:"expression"`
}

type serviceFile struct {
	Name                    str                `toml:"name"`
	TaskDefinition          str                `toml:"task_definition"`
	DesiredCount            integer            `toml:"desired_count"`
	LaunchType              str                `toml:"launch_type"`
	SchedulingStrategy      str                `toml:"scheduling_strategy"`
	PlacementStrategy       []strategyFile     `toml:"placement_strategy"`
	PlacementConstraints    []constraintFile   `toml:"placement_constraints"`
	DeploymentConfiguration deploymentFile     `toml:"deployment_configuration"`
	LoadBalancers           []loadBalancerFile `toml:"load_balancers"`
	HealthCheckGracePeriod  integer            `toml:"health_check_grace_period_seconds"`
	// CapacityProviderStrategy and Zones (the zones of the service's awsvpc subnets, where
	// its Fargate tasks run) are CreateService's capacityProviderStrategy and
	// networkConfiguration.
	CapacityProviderStrategy []strategyItemFile `toml:"capacity_provider_strategy"`
	Zones                    strs               `toml:"zones"`
	AZRebalancing            str                `toml:"availability_zone_rebalancing"`
	Kubernetes               kubeFile           `toml:"kubernetes"`
}

type deploymentFile struct {
	MinimumHealthyPercent integer            `toml:"minimum_healthy_percent"`
	MaximumPercent        integer            `toml:"maximum_percent"`
	CircuitBreaker        circuitBreakerFile `toml:"deployment_circuit_breaker"`
}

type circuitBreakerFile struct {
	Enable    boolean       `toml:"enable"`
	Rollback  boolean       `toml:"rollback"`
	Threshold thresholdFile `toml:"threshold"`
}

// thresholdFile is the newer API's ThresholdConfiguration.
type thresholdFile struct {
	Type  str     `toml:"type"`
	Value integer `toml:"value"`
}

type loadBalancerFile struct {
	TargetGroup   str     `toml:"target_group"`
	ContainerName str     `toml:"container_name"`
	ContainerPort integer `toml:"container_port"`
}

type targetGroupFile struct {
	Name                str                   `toml:"name"`
	TargetType          str                   `toml:"target_type"`
	HealthCheck         targetHealthCheckFile `toml:"health_check"`
	DeregistrationDelay str                   `toml:"deregistration_delay"`
}

type targetHealthCheckFile struct {
	Interval           str     `toml:"interval"`
	Timeout            str     `toml:"timeout"`
	HealthyThreshold   integer `toml:"healthy_threshold"`
	UnhealthyThreshold integer `toml:"unhealthy_threshold"`
}

type registryFile struct {
	Name      str     `toml:"name"`
	Bandwidth number  `toml:"bandwidth_mib_per_second"`
	Latency   str     `toml:"latency"`
	Private   boolean `toml:"private"`
}

type eventFile struct {
	At             str     `toml:"at"`
	Action         str     `toml:"action"`
	Service        str     `toml:"service"`
	TaskDefinition str     `toml:"task_definition"`
	DesiredCount   integer `toml:"desired_count"`
	Instances      strs    `toml:"instances"`
	Zone           str     `toml:"zone"`
	InstanceGroup  str     `toml:"instance_group"`
	Duration       str     `toml:"duration"`
	Count          integer `toml:"count"`
}

type workloadFile struct {
	Name                 str              `toml:"name"`
	TaskDefinition       str              `toml:"task_definition"`
	Group                str              `toml:"group"`
	Arrival              arrivalFile      `toml:"arrival"`
	Duration             distFile         `toml:"duration"`
	PlacementStrategy    []strategyFile   `toml:"placement_strategy"`
	PlacementConstraints []constraintFile `toml:"placement_constraints"`
	Kubernetes           kubeFile         `toml:"kubernetes"`
	// LaunchType, CapacityProviderStrategy and Zones (the zones of its awsvpc subnets) are
	// RunTask's launchType, capacityProviderStrategy and networkConfiguration.
	LaunchType               str                `toml:"launch_type"`
	CapacityProviderStrategy []strategyItemFile `toml:"capacity_provider_strategy"`
	Zones                    strs               `toml:"zones"`
	// Trace replays a CSV file's rows instead of arrival and duration.
	Trace          str              `toml:"trace"`
	TraceFormat    str              `toml:"trace_format"`
	Columns        traceColumnsFile `toml:"columns"`
	TimeUnit       str              `toml:"time_unit"`
	CPUUnit        str              `toml:"cpu_unit"`
	MemoryUnit     str              `toml:"memory_unit"`
	TimeScale      number           `toml:"time_scale"`
	Departures     boolean          `toml:"departures"`
	Shuffle        boolean          `toml:"shuffle"`
	TargetLoad     number           `toml:"target_load"`
	TargetResource str              `toml:"target_resource"`
}

// traceColumnsFile names the columns of a trace in the csv format.
type traceColumnsFile struct {
	Arrival   str `toml:"arrival"`
	Departure str `toml:"departure"`
	Duration  str `toml:"duration"`
	CPU       str `toml:"cpu"`
	Memory    str `toml:"memory"`
	Count     str `toml:"count"`
}

type arrivalFile struct {
	Process  str     `toml:"process"`
	Rate     str     `toml:"rate"`
	Count    integer `toml:"count"`
	MaxCount integer `toml:"max_count"`
	At       str     `toml:"at"`
	Every    str     `toml:"every"`
	Start    str     `toml:"start"`
	Stop     str     `toml:"stop"`
}

type distFile struct {
	Distribution str    `toml:"distribution"`
	Value        str    `toml:"value"`
	Mean         str    `toml:"mean"`
	Median       str    `toml:"median"`
	Sigma        number `toml:"sigma"`
	Min          str    `toml:"min"`
	Max          str    `toml:"max"`
}
