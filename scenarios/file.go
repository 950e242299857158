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
	Name            str                 `toml:"name"`
	Description     str                 `toml:"description"`
	Duration        str                 `toml:"duration"`
	Seed            integer             `toml:"seed"`
	Region          str                 `toml:"region"`
	StartTime       str                 `toml:"start_time"`
	Cluster         clusterFile         `toml:"cluster"`
	InstanceGroups  []instanceGroupFile `toml:"instance_groups"`
	TaskDefinitions []taskDefFile       `toml:"task_definitions"`
	Services        []serviceFile       `toml:"services"`
	Workloads       []workloadFile      `toml:"workloads"`
}

type clusterFile struct {
	Name              str `toml:"name"`
	PlacementTieBreak str `toml:"placement_tie_break"`
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
	Containers              []containerFile  `toml:"containers"`
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
	LogConfiguration  logConfiguration  `toml:"log_configuration"`
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
	Name                    str              `toml:"name"`
	TaskDefinition          str              `toml:"task_definition"`
	DesiredCount            integer          `toml:"desired_count"`
	LaunchType              str              `toml:"launch_type"`
	SchedulingStrategy      str              `toml:"scheduling_strategy"`
	PlacementStrategy       []strategyFile   `toml:"placement_strategy"`
	PlacementConstraints    []constraintFile `toml:"placement_constraints"`
	DeploymentConfiguration deploymentFile   `toml:"deployment_configuration"`
}

type deploymentFile struct {
	MinimumHealthyPercent integer `toml:"minimum_healthy_percent"`
	MaximumPercent        integer `toml:"maximum_percent"`
}

type workloadFile struct {
	Name                 str              `toml:"name"`
	TaskDefinition       str              `toml:"task_definition"`
	Group                str              `toml:"group"`
	Arrival              arrivalFile      `toml:"arrival"`
	Duration             distFile         `toml:"duration"`
	PlacementStrategy    []strategyFile   `toml:"placement_strategy"`
	PlacementConstraints []constraintFile `toml:"placement_constraints"`
}

type arrivalFile struct {
	Process str     `toml:"process"`
	Rate    str     `toml:"rate"`
	Count   integer `toml:"count"`
	At      str     `toml:"at"`
	Every   str     `toml:"every"`
	Start   str     `toml:"start"`
	Stop    str     `toml:"stop"`
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
