package models

import (
	"fmt"
	"slices"
	"time"
)

// PortRange is an inclusive range of TCP ports.
type PortRange struct{ First, Last uint16 }

// Len is the number of ports in the range.
func (r PortRange) Len() int { return int(r.Last) - int(r.First) + 1 }

// Contains reports whether p is in the range.
func (r PortRange) Contains(p uint16) bool { return p >= r.First && p <= r.Last }

// String formats r as ECS_DYNAMIC_HOST_PORT_RANGE does: "32768-60999".
func (r PortRange) String() string { return fmt.Sprintf("%d-%d", r.First, r.Last) }

// AgentConfig is the part of the ECS container agent's configuration (/etc/ecs/ecs.config)
// that changes what ECS places on an instance. Defaults are those of an ECS-optimized AMI: the
// agent's Linux defaults (agent README configuration table; agent/config/config_unix.go
// DefaultConfig) as ecs-init overrides them (see DefaultAgentConfig).
type AgentConfig struct {
	// Cluster is ECS_CLUSTER: the cluster the instance registers with. An instance of another
	// cluster never receives this cluster's tasks.
	Cluster string
	// ReservedMemoryMiB is ECS_RESERVED_MEMORY, subtracted from registered memory.
	ReservedMemoryMiB int64
	// ReservedPorts and ReservedPortsUDP are ECS_RESERVED_PORTS and ECS_RESERVED_PORTS_UDP:
	// host ports no task may bind, as an explicit host port or a dynamic one.
	ReservedPorts    []uint16
	ReservedPortsUDP []uint16
	// DynamicHostPortRange is ECS_DYNAMIC_HOST_PORT_RANGE, where the agent picks host ports for
	// bridge-mode mappings that give none.
	DynamicHostPortRange PortRange
	// EnableTaskIAMRole is ECS_ENABLE_TASK_IAM_ROLE. Tasks whose definition has a task role
	// require the capability attribute it adds.
	EnableTaskIAMRole bool
	// EnableTaskIAMRoleNetworkHost is ECS_ENABLE_TASK_IAM_ROLE_NETWORK_HOST: task roles for
	// tasks in host network mode.
	EnableTaskIAMRoleNetworkHost bool
	// AvailableLoggingDrivers is ECS_AVAILABLE_LOGGING_DRIVERS. A container whose log driver is
	// not listed cannot be placed on the instance.
	AvailableLoggingDrivers []string
	// AgentVersion is the version the agent reports (the agentVersion query subject).
	AgentVersion string
	// StopTimeout is ECS_CONTAINER_STOP_TIMEOUT: how long the agent waits after SIGTERM before
	// it sends SIGKILL, for containers that set no stopTimeout of their own.
	StopTimeout time.Duration
	// ImagePullBehavior is ECS_IMAGE_PULL_BEHAVIOR.
	ImagePullBehavior PullBehavior
	// EngineAuthRegistries are the registries ECS_ENGINE_AUTH_DATA holds credentials for
	// (its keys, as host names). A private registry not listed here refuses the pull.
	EngineAuthRegistries []string
	// EnableSpotInstanceDraining is ECS_ENABLE_SPOT_INSTANCE_DRAINING: on a Spot interruption
	// notice the agent sets the instance to DRAINING (DG/container-instance-spot). Default false.
	EnableSpotInstanceDraining bool
	// EnableHighDensityENI is ECS_ENABLE_HIGH_DENSITY_ENI: the agent takes a trunk ENI, and so
	// more awsvpc tasks, where the account's awsvpcTrunking setting is on and ECS supports the
	// type (DG/container-instance-eni). Default true: the agent turns it on with task ENIs
	// (agent config_unix.go platformOverrides; ECS-REFERENCE §2.5, §8), which the ECS AMI
	// enables. False keeps the instance at max ENIs − 1 awsvpc tasks.
	EnableHighDensityENI bool
	// EnableGPUSupport is ECS_ENABLE_GPU_SUPPORT: the agent registers the instance's GPUs
	// (DG/ecs-gpu). The bare agent defaults to false; the ECS GPU-optimized AMI, which GPU
	// instances run, sets it true in ecs.config, and so does ecssim's default. False registers
	// no GPU: GPU tasks do not fit there.
	EnableGPUSupport bool
}

// PullBehavior is ECS_IMAGE_PULL_BEHAVIOR (agent README): how the agent uses its image cache.
type PullBehavior string

// Pull behaviours.
const (
	// PullDefault pulls from the registry every time; if the pull fails, a cached image is used.
	PullDefault PullBehavior = "default"
	// PullAlways pulls every time; if the pull fails, the task fails.
	PullAlways PullBehavior = "always"
	// PullOnce pulls only if no earlier task on the instance pulled the image.
	PullOnce PullBehavior = "once"
	// PullPreferCached uses a cached image if there is one, else pulls.
	PullPreferCached PullBehavior = "prefer-cached"
)

// DefaultStopTimeout is ECS_CONTAINER_STOP_TIMEOUT's default, on EC2 and Fargate alike
// (agent README; DG/task_definition_parameters stopTimeout).
const DefaultStopTimeout = 30 * time.Second

// HasEngineAuth reports whether the agent holds credentials for registry host.
func (a *AgentConfig) HasEngineAuth(host string) bool {
	return slices.Contains(a.EngineAuthRegistries, host)
}

// DefaultAgentConfig returns the configuration an ECS-optimized AMI's agent runs with:
//   - ECS_CLUSTER "default";
//   - ECS_RESERVED_MEMORY 0;
//   - ECS_RESERVED_PORTS [22, 2375, 2376, 51678, 51679] (SSH, Docker, Docker TLS, agent
//     introspection, task metadata endpoint), ECS_RESERVED_PORTS_UDP [];
//   - the dynamic port range 32768-60999: the agent reads the kernel's ip_local_port_range,
//     whose default this is (agent/utils/ephemeral_ports.go; DG/load-balancer-types);
//   - ECS_ENABLE_TASK_IAM_ROLE and ECS_ENABLE_TASK_IAM_ROLE_NETWORK_HOST true, and
//     ECS_AVAILABLE_LOGGING_DRIVERS ["json-file","syslog","awslogs","fluentd","none"]: the bare
//     agent defaults to false and ["json-file","none"], but ecs-init, which starts the agent on
//     the ECS-optimized AMI, sets these (aws/amazon-ecs-agent ecs-init/docker/docker.go
//     getContainerConfig, commit 01c434c). A scenario can set them back to model an agent
//     configured otherwise;
//   - ECS_CONTAINER_STOP_TIMEOUT 30s, ECS_IMAGE_PULL_BEHAVIOR default, no ECS_ENGINE_AUTH_DATA;
//   - ECS_ENABLE_HIGH_DENSITY_ENI true (with task ENIs on, as on the ECS AMI);
//   - ECS_ENABLE_GPU_SUPPORT true, as the ECS GPU-optimized AMI's ecs.config sets it.
func DefaultAgentConfig() AgentConfig {
	return AgentConfig{
		Cluster:                      "default",
		ReservedPorts:                []uint16{22, 2375, 2376, 51678, 51679},
		DynamicHostPortRange:         PortRange{First: 32768, Last: 60999},
		EnableTaskIAMRole:            true,
		EnableTaskIAMRoleNetworkHost: true,
		AvailableLoggingDrivers:      []string{"json-file", "syslog", "awslogs", "fluentd", "none"},
		AgentVersion:                 DefaultAgentVersion,
		StopTimeout:                  DefaultStopTimeout,
		ImagePullBehavior:            PullDefault,
		EnableHighDensityENI:         true,
		EnableGPUSupport:             true,
	}
}

// DefaultAgentVersion is the agent version instances report unless configured otherwise.
const DefaultAgentVersion = "1.89.0"

// MaxReservedPorts is the most reserved ports an instance may hold, defaults included
// (DG/task_definition_parameters hostPort: "up to 100 reserved ports").
const MaxReservedPorts = 100

// Capability attributes the agent registers, as ECS names them. A task definition that needs
// a capability carries it in requiresAttributes, and only instances with the attribute match.
const (
	AttrTaskIAMRole            = "com.amazonaws.ecs.capability.task-iam-role"
	AttrTaskIAMRoleNetworkHost = "com.amazonaws.ecs.capability.task-iam-role-network-host"
	AttrLoggingDriverPfx       = "com.amazonaws.ecs.capability.logging-driver."
)

// capabilityAttributes returns the capability attributes a with config registers.
func (a *AgentConfig) capabilityAttributes() []Attribute {
	var out []Attribute
	if a.EnableTaskIAMRole {
		out = append(out, Attribute{Name: AttrTaskIAMRole})
	}
	if a.EnableTaskIAMRoleNetworkHost {
		out = append(out, Attribute{Name: AttrTaskIAMRoleNetworkHost})
	}
	drivers := slices.Clone(a.AvailableLoggingDrivers)
	slices.Sort(drivers)
	for _, d := range slices.Compact(drivers) {
		out = append(out, Attribute{Name: AttrLoggingDriverPfx + d})
	}
	return out
}
