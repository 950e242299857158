package models

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ecssim/ecssim/sim"
)

// InstanceStatus is a container instance's ECS status.
type InstanceStatus uint8

// Container instance statuses (sdk-types ContainerInstanceStatus). DRAINING instances never
// receive new tasks (DG/container-instance-draining).
const (
	StatusActive InstanceStatus = iota + 1
	StatusDraining
)

func (s InstanceStatus) String() string {
	switch s {
	case StatusActive:
		return "ACTIVE"
	case StatusDraining:
		return "DRAINING"
	}
	return fmt.Sprintf("InstanceStatus(%d)", uint8(s))
}

// Market is how an instance is bought.
type Market string

// Markets.
const (
	OnDemand Market = "on-demand"
	Spot     Market = "spot"
)

// Attribute is a name/value pair on a container instance, as ECS attributes are. Capability
// attributes have an empty value.
type Attribute struct{ Name, Value string }

// Built-in attribute names (DG/task-placement-constraints).
const (
	AttrAMIID            = "ecs.ami-id"
	AttrAvailabilityZone = "ecs.availability-zone"
	AttrInstanceType     = "ecs.instance-type"
	AttrOSType           = "ecs.os-type"
	AttrOSFamily         = "ecs.os-family"
	AttrCPUArchitecture  = "ecs.cpu-architecture"
	AttrVPCID            = "ecs.vpc-id"
	AttrSubnetID         = "ecs.subnet-id"
)

// Instance is an EC2 container instance registered with a cluster.
type Instance struct {
	ID     string // "i-0001", from the registration sequence
	Seq    uint64 // registration order; the canonical order of instances
	Type   *InstanceType
	Zone   string
	Market Market
	Group  string // the scenario's instance group
	Agent  *AgentConfig
	Status InstanceStatus
	// Registered is what the instance registered: vCPU × 1024 and MemTotal minus
	// ECS_RESERVED_MEMORY (agent getResources).
	Registered Resources
	// Rank is the instance's place in a random permutation of the fleet fixed for the run
	// (under TieRandom), or its registration number (under TieOldest, where ties go to the
	// lowest rank). Indexes walk instances in rank order.
	Rank uint64
	// Launched is when the instance registered.
	Launched sim.Time

	zoneIndex   int
	slot        int // index in Cluster.instances while registered, else -1
	registered  time.Time
	used        Resources
	enisUsed    int
	attrs       []Attribute // sorted by name
	ports       map[uint32]*Task
	staticBound int    // explicit host ports bound by tasks
	lastDynamic uint16 // the agent's next-fit cursor for dynamic host ports
	tasks       []*Task
	groups      []string // groups with active tasks here, parallel to groupCounts
	groupCounts []int32
	running     int
	images      map[string]sim.Time // image cache: when each pulled image is (or will be) ready
	fargate     bool
	// Provider is the ASG capacity provider that launched the instance, nil for instance
	// groups registered at the start.
	Provider *CapacityProvider
	// Terminated is when the instance was terminated; Never while it runs.
	Terminated sim.Time
	// terminateReason, once set, terminates the DRAINING instance as soon as it is empty.
	terminateReason string
	disconnected    bool // the agent is disconnected
	noticed         bool // a Spot interruption notice came
}

// Free returns the CPU and memory not reserved by tasks.
func (in *Instance) Free() Resources { return in.Registered.Sub(in.used) }

// Used returns the CPU and memory reserved by tasks, including tasks still STOPPING.
func (in *Instance) Used() Resources { return in.used }

// ENIsUsed returns the number of task ENIs attached (awsvpc tasks).
func (in *Instance) ENIsUsed() int { return in.enisUsed }

// ENILimit returns how many awsvpc tasks the instance can run.
func (in *Instance) ENILimit() int { return in.Type.AWSVPCTaskLimit() }

// ZoneIndex is the index of the instance's zone in Cluster.Zones.
func (in *Instance) ZoneIndex() int { return in.zoneIndex }

// Tasks returns the tasks that hold resources on the instance, in placement order. Callers
// must not modify the slice.
func (in *Instance) Tasks() []*Task { return in.tasks }

// Attributes returns the instance's attributes, built-in, capability and custom, sorted by
// name. Callers must not modify the slice.
func (in *Instance) Attributes() []Attribute { return in.attrs }

// Attribute returns the value of the named attribute.
func (in *Instance) Attribute(name string) (string, bool) {
	i, ok := slices.BinarySearchFunc(in.attrs, name, func(a Attribute, n string) int {
		return strings.Compare(a.Name, n)
	})
	if !ok {
		return "", false
	}
	return in.attrs[i].Value, true
}

// TaskGroups returns the task groups of the instance's active tasks (the cluster query
// language's task:group subject). Callers must not modify the slice.
func (in *Instance) TaskGroups() []string { return in.groups }

// GroupCount returns how many active tasks of group run on the instance.
func (in *Instance) GroupCount(group string) int {
	for i, g := range in.groups {
		if g == group {
			return int(in.groupCounts[i])
		}
	}
	return 0
}

// EC2InstanceID returns the instance ID (the ec2InstanceId query subject).
func (in *Instance) EC2InstanceID() string { return in.ID }

// AgentConnected reports whether the agent is connected (the agentConnected subject). ECS
// places no task on an instance whose agent is disconnected; its tasks run on.
func (in *Instance) AgentConnected() bool { return !in.disconnected }

// AgentVersion returns the agent's version (the agentVersion subject).
func (in *Instance) AgentVersion() string { return in.Agent.AgentVersion }

// RegisteredAt returns the wall-clock registration time (the registeredAt subject).
func (in *Instance) RegisteredAt() time.Time { return in.registered }

// RunningTasksCount returns the number of RUNNING tasks (the runningTasksCount subject).
func (in *Instance) RunningTasksCount() int { return in.running }

// PortFree reports whether host port p of protocol proto is neither reserved by the agent nor
// bound by a task.
func (in *Instance) PortFree(proto Protocol, p uint16) bool {
	if in.reserved(proto, p) {
		return false
	}
	_, used := in.ports[portKey(proto, p)]
	return !used
}

// ReservedPortCount is how many ports the instance holds reserved in ECS's sense: the agent's
// reserved ports and the explicit host ports of its tasks. Dynamic ports do not count
// (DG/task_definition_parameters hostPort: at most 100 reserved ports per instance).
func (in *Instance) ReservedPortCount() int {
	return len(in.Agent.ReservedPorts) + len(in.Agent.ReservedPortsUDP) + in.staticBound
}

// PortsFit reports whether a task of d can bind its explicit host ports here: each one free,
// and the instance's reserved ports, those included, no more than ECS's 100.
func (in *Instance) PortsFit(d *TaskDefinition) bool {
	ports := d.StaticPorts()
	if len(ports) == 0 {
		return true
	}
	if in.ReservedPortCount()+len(ports) > MaxReservedPorts {
		return false
	}
	for _, m := range ports {
		if !in.PortFree(m.Protocol, m.HostPort) {
			return false
		}
	}
	return true
}

// PortOwner returns the task bound to host port p, if any.
func (in *Instance) PortOwner(proto Protocol, p uint16) *Task { return in.ports[portKey(proto, p)] }

func (in *Instance) reserved(proto Protocol, p uint16) bool {
	list := in.Agent.ReservedPorts
	if proto == UDP {
		list = in.Agent.ReservedPortsUDP
	}
	return slices.Contains(list, p)
}

func portKey(proto Protocol, p uint16) uint32 { return uint32(proto)<<16 | uint32(p) }

// nextDynamicPort picks a free host port from the dynamic range the way the agent does:
// next-fit, starting after the last port it gave out and wrapping to the start of the range
// once (agent/utils/ephemeral_ports.go). It returns false when every port is taken.
func (in *Instance) nextDynamicPort(proto Protocol) (uint16, bool) {
	r := in.Agent.DynamicHostPortRange
	p := in.lastDynamic
	for range r.Len() {
		if p < r.First || p >= r.Last {
			p = r.First
		} else {
			p++
		}
		if in.PortFree(proto, p) {
			in.lastDynamic = p
			return p, true
		}
	}
	return 0, false
}

func (in *Instance) addGroup(group string, delta int32) {
	for i, g := range in.groups {
		if g == group {
			in.groupCounts[i] += delta
			if in.groupCounts[i] == 0 {
				in.groups = slices.Delete(in.groups, i, i+1)
				in.groupCounts = slices.Delete(in.groupCounts, i, i+1)
			}
			return
		}
	}
	if delta < 0 {
		panic(fmt.Sprintf("models: group %q leaves instance %s where it has no tasks", group, in.ID))
	}
	in.groups = append(in.groups, group)
	in.groupCounts = append(in.groupCounts, delta)
}

func (in *Instance) String() string { return in.ID }
