package models

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// NetworkMode is a task definition's networkMode.
type NetworkMode string

// Network modes (sdk-types NetworkMode). bridge is the default on Linux EC2.
const (
	Bridge NetworkMode = "bridge"
	Host   NetworkMode = "host"
	AWSVPC NetworkMode = "awsvpc"
	None   NetworkMode = "none"
)

// Protocol is a port mapping's transport protocol.
type Protocol uint8

// Protocols (sdk-types TransportProtocol); tcp is the default.
const (
	TCP Protocol = iota
	UDP
)

func (p Protocol) String() string {
	if p == UDP {
		return "udp"
	}
	return "tcp"
}

// PortMapping maps a container port to a host port. HostPort 0 in bridge mode asks the agent
// for a dynamic host port.
type PortMapping struct {
	ContainerPort uint16
	HostPort      uint16
	Protocol      Protocol
}

// Container is the part of a container definition that placement and accounting use.
type Container struct {
	Name string
	// CPU is the container's cpu units; 0 is allowed and places freely.
	CPU int64
	// MemoryMiB is the hard limit ("memory"), MemoryReservationMiB the soft one
	// ("memoryReservation"); 0 means unset.
	MemoryMiB            int64
	MemoryReservationMiB int64
	PortMappings         []PortMapping
	// GPUs is resourceRequirements' GPU value: whole GPUs pinned to the container
	// (DG/ecs-gpu).
	GPUs int
	// LogDriver is logConfiguration.logDriver, "" when unset.
	LogDriver string
	// HealthCheck is the container's healthCheck, nil when it has none.
	HealthCheck *HealthCheck
	// StopTimeout is the container's stopTimeout; 0 means the agent's
	// ECS_CONTAINER_STOP_TIMEOUT.
	StopTimeout time.Duration
}

// HealthCheck is a container health check (API/HealthCheck). Docker runs the command every
// Interval; the container is HEALTHY after its first success and UNHEALTHY after Retries
// failures in a row, failures inside StartPeriod not counting.
type HealthCheck struct {
	Interval    time.Duration
	Timeout     time.Duration
	Retries     int
	StartPeriod time.Duration
}

// Container health check defaults (API/HealthCheck): interval 30 s, timeout 5 s, 3 retries,
// no start period.
const (
	DefaultHealthCheckInterval = 30 * time.Second
	DefaultHealthCheckTimeout  = 5 * time.Second
	DefaultHealthCheckRetries  = 3
)

// Behavior says how a task definition's tasks behave beyond what ECS sees in the definition:
// how long their containers take to start and to exit, and how often they fail. It is ecssim's
// own ([task_definitions.behavior]) and lets scenarios contain bad revisions.
type Behavior struct {
	// StartFailureRate is the share of tasks whose essential container exits before the task
	// reaches RUNNING.
	StartFailureRate float64
	// HealthCheckFailureRate is the share of running tasks that never pass a health check.
	HealthCheckFailureRate float64
	// ContainerStart is how long the containers take from image ready to RUNNING; the zero
	// spec means DefaultContainerStart.
	ContainerStart DistSpec
	// Shutdown is how long the application takes to exit after SIGTERM; the zero spec means
	// it ignores SIGTERM (a shell-form entrypoint does) and is killed at the stop timeout.
	Shutdown DistSpec
}

// DefaultContainerStart is how long containers take to create and start once their image is
// ready, unless the definition's behavior says otherwise: ecssim's choice, a typical docker
// create and start.
const DefaultContainerStart = 2 * time.Second

// ConstraintSpec is a placement constraint as ECS's API writes it: Type "distinctInstance"
// or "memberOf" (with Expression in the cluster query language).
type ConstraintSpec struct {
	Type       string
	Expression string
}

// StrategySpec is one placement strategy item as ECS's API writes it: Type "binpack",
// "spread" or "random" (or a strategy ecssim adds), with its Field.
type StrategySpec struct {
	Type  string
	Field string
}

func (s StrategySpec) String() string {
	if s.Field == "" {
		return s.Type
	}
	return s.Type + "(" + s.Field + ")"
}

// TaskDefinition is a registered task definition revision.
type TaskDefinition struct {
	Family   string
	Revision int
	// CPU and MemoryMiB are the task-level sizes; 0 means unset.
	CPU         int64
	MemoryMiB   int64
	NetworkMode NetworkMode
	// RequiresCompatibilities lists launch types: "EC2", "FARGATE", "EXTERNAL".
	RequiresCompatibilities []string
	TaskRoleArn             string
	// CPUArchitecture is runtimePlatform.cpuArchitecture ("X86_64", "ARM64"), "" when unset.
	CPUArchitecture string
	Containers      []Container
	// PlacementConstraints are the definition's own constraints (memberOf only, as ECS
	// allows).
	PlacementConstraints []ConstraintSpec
	// GPUShareMilli is the share of one GPU, in thousandths below MilliPerGPU, that the task
	// asks for: ecssim's GPU-sharing extension beyond ECS (gpu.go), exclusive of containers'
	// whole GPUs; 0 when unset.
	GPUShareMilli int64
	// Image is what the task pulls; nil means nothing to pull (an image always cached).
	Image    *Image
	Behavior Behavior
	Kube     *PodSpec // the pod's scheduling spec in an EKS run, which makes it a pod (Finalize); nil in ECS runs
	// MilliCPU says the containers' CPU is in millicores already: a pod template's requests,
	// which Finalize takes as they are rather than converting ECS units.
	MilliCPU bool

	ref          string
	charge       Resources
	fargateSize  Resources     // an EKS pod's Fargate size (FargateSize)
	staticPorts  []PortMapping // explicit host ports (HostPort > 0)
	dynamicPorts []PortMapping // bridge mappings that ask for a dynamic host port
	required     []Attribute
}

// Ref returns "family:revision".
func (d *TaskDefinition) Ref() string {
	if d.ref == "" {
		return fmt.Sprintf("%s:%d", d.Family, d.Revision)
	}
	return d.ref
}

// Finalize derives what ECS charges and requires from the definition; it must be called once
// every field, the revision included, is set, and before the definition is used. A finalized
// definition is read-only, so runs may share it.
func (d *TaskDefinition) Finalize() {
	d.ref = fmt.Sprintf("%s:%d", d.Family, d.Revision)
	d.charge = Resources{CPU: d.CPU, MemoryMiB: d.MemoryMiB}
	if d.CPU == 0 {
		d.charge.CPU = 0
		for _, c := range d.Containers {
			d.charge.CPU += c.CPU
		}
	}
	if d.MemoryMiB == 0 {
		d.charge.MemoryMiB = 0
		for _, c := range d.Containers {
			d.charge.MemoryMiB += c.memoryCharge()
		}
	}
	d.staticPorts, d.dynamicPorts = nil, nil
	for _, c := range d.Containers {
		for _, m := range c.PortMappings {
			switch {
			case d.NetworkMode == AWSVPC || d.NetworkMode == None:
				// Each awsvpc task has its own network namespace on its own ENI, so it
				// binds no host ports (agent task.go ToHostResources).
			case d.NetworkMode == Host && m.HostPort == 0:
				m.HostPort = m.ContainerPort // host mode binds the container port itself
				d.staticPorts = append(d.staticPorts, m)
			case m.HostPort == 0:
				d.dynamicPorts = append(d.dynamicPorts, m)
			default:
				d.staticPorts = append(d.staticPorts, m)
			}
		}
	}
	if d.NetworkMode == AWSVPC {
		d.charge.ENIs = 1
	}
	d.charge.GPUMilli = d.GPUShareMilli
	for _, c := range d.Containers {
		d.charge.GPUMilli += int64(c.GPUs) * MilliPerGPU
	}
	if d.Kube != nil {
		// An EKS pod requests CPU in millicores (eks.go), takes one of its node's pods, and
		// gets its IP from the VPC CNI, which max pods already counts: no task ENI.
		if !d.MilliCPU {
			d.charge.CPU = MilliCPUFromECSUnits(d.charge.CPU)
		}
		d.charge.Pods, d.charge.ENIs = 1, 0
		d.fargateSize = d.podFargateSize()
	}
	d.required = d.requiredAttributes()
}

// memoryCharge is what one container adds to the task's memory when the task sets none:
// memoryReservation if set, else memory (agent task.go ToHostResources).
func (c *Container) memoryCharge() int64 {
	if c.MemoryReservationMiB > 0 {
		return c.MemoryReservationMiB
	}
	return c.MemoryMiB
}

// requiredAttributes is the definition's requiresAttributes as ECS derives them: the task IAM
// role capability for a task role (the host-network one too in host mode), a logging-driver
// capability per log driver used, and the CPU architecture when runtimePlatform sets it.
func (d *TaskDefinition) requiredAttributes() []Attribute {
	var out []Attribute
	if d.TaskRoleArn != "" {
		out = append(out, Attribute{Name: AttrTaskIAMRole})
		if d.NetworkMode == Host {
			out = append(out, Attribute{Name: AttrTaskIAMRoleNetworkHost})
		}
	}
	for _, c := range d.Containers {
		if c.LogDriver != "" {
			out = append(out, Attribute{Name: AttrLoggingDriverPfx + c.LogDriver})
		}
	}
	switch d.CPUArchitecture {
	case "X86_64":
		out = append(out, Attribute{Name: AttrCPUArchitecture, Value: string(ArchX86_64)})
	case "ARM64":
		out = append(out, Attribute{Name: AttrCPUArchitecture, Value: string(ArchARM64)})
	}
	slices.SortFunc(out, func(a, b Attribute) int { return strings.Compare(a.Name, b.Name) })
	return slices.Compact(out)
}

// Charge returns what a task of this definition reserves on an instance. CPU and memory: the
// task-level values when set, otherwise the containers' sum, with a container's
// memoryReservation counted before its memory (agent task.go ToHostResources). One ENI for
// awsvpc (ENIs). GPUs: the containers' resourceRequirements summed, each container's GPUs
// its own (DG/ecs-gpu), or the task's share of one GPU (GPUShareMilli).
func (d *TaskDefinition) Charge() Resources { return d.charge }

// StaticPorts returns the explicit host ports a task binds. Callers must not modify it.
func (d *TaskDefinition) StaticPorts() []PortMapping { return d.staticPorts }

// DynamicPorts returns the bridge mappings that get a dynamic host port. Dynamic ports are
// not a placement resource (ECS-REFERENCE §2.4). Callers must not modify it.
func (d *TaskDefinition) DynamicPorts() []PortMapping { return d.dynamicPorts }

// ENIs returns the ENIs a task attaches on an EC2 instance: one for awsvpc, else none.
func (d *TaskDefinition) ENIs() int { return d.charge.ENIs }

// RequiredAttributes returns the attributes an instance must have for a task of this
// definition (requiresAttributes). An empty Value means any value. Callers must not modify it.
func (d *TaskDefinition) RequiredAttributes() []Attribute { return d.required }

// CompatibleWith reports whether the definition can run with launch type lt ("EC2").
// A definition that requires nothing runs on EC2.
func (d *TaskDefinition) CompatibleWith(lt string) bool {
	if len(d.RequiresCompatibilities) == 0 {
		return lt == "EC2"
	}
	return slices.Contains(d.RequiresCompatibilities, lt)
}

// HealthCheck returns the task's container health check: the one that takes longest to
// declare the task healthy, among its containers that define one; nil if none does. A task
// is HEALTHY when every container with a health check is.
func (d *TaskDefinition) HealthCheck() *HealthCheck {
	var slowest *HealthCheck
	for _, c := range d.Containers {
		if hc := c.HealthCheck; hc != nil && (slowest == nil || hc.Interval > slowest.Interval) {
			slowest = hc
		}
	}
	return slowest
}

// StopTimeout returns how long the agent waits after SIGTERM before SIGKILL for a task of this
// definition on an agent whose ECS_CONTAINER_STOP_TIMEOUT is agentDefault: the longest of its
// containers' stopTimeout, a container without one using the agent's (DG/task_definition_parameters
// stopTimeout).
func (d *TaskDefinition) StopTimeout(agentDefault time.Duration) time.Duration {
	var longest time.Duration
	for _, c := range d.Containers {
		t := c.StopTimeout
		if t == 0 {
			t = agentDefault
		}
		longest = max(longest, t)
	}
	if len(d.Containers) == 0 {
		return agentDefault
	}
	return longest
}

// Container returns the container with the given name, or nil.
func (d *TaskDefinition) Container(name string) *Container {
	for i := range d.Containers {
		if d.Containers[i].Name == name {
			return &d.Containers[i]
		}
	}
	return nil
}
