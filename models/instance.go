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

// Custom attributes a node list sets on each of its instances (scenarios' node lists): its
// GPU count and GPU model, which a trace's GPU model constraint names (WithOverrides).
const (
	AttrGPUCount = "gpu"
	AttrGPUModel = "gpu_model"
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
	// Trunk says the instance registered with a trunk ENI (ENI trunking), so that
	// Registered.ENIs is the ECS table's trunked awsvpc task limit rather than max ENIs − 1.
	Trunk bool
	// The small fields share one word (a fleet of 100,000 instances keeps each a size class
	// smaller): the agent's next-fit cursor for dynamic host ports, whether the instance is a
	// Fargate task's micro-VM, its agent is disconnected, a Spot interruption notice came.
	lastDynamic                    uint16
	fargate, disconnected, noticed bool
	// Registered is what the instance registered (InstanceType.registers): vCPU × 1024,
	// MemTotal minus ECS_RESERVED_MEMORY (agent getResources), its GPUs and its task ENIs.
	Registered Resources
	// Rank is the instance's place in a random permutation of the fleet fixed for the run
	// (under TieRandom), or its registration number (under TieOldest, where ties go to the
	// lowest rank). Indexes walk instances in rank order.
	Rank uint64
	// Launched is when EC2 launched the instance: when its bill starts (EC2 bills from the
	// launch, ECS-REFERENCE §7.1), at or before its registration. An Auto Scaling group's
	// instance registers its launch latency later; an instance group's registers as it launches.
	Launched sim.Time

	zoneIndex   int
	slot        int // index in Cluster.instances while registered, else -1
	registered  time.Time
	used        Resources   // what its tasks hold, ENIs included
	gpus        gpuDevices  // what each GPU has free, in thousandths
	attrs       []Attribute // sorted by name
	ports       map[uint32]*Task
	staticBound int // explicit host ports bound by tasks
	tasks       []*Task
	groups      []string    // groups with active tasks here, in the order they came
	groupSlots  []groupSlot // parallel to groups: their tasks here
	running     int
	images      map[string]sim.Time // image cache: when each pulled image is (or will be) ready
	// Provider is the ASG capacity provider that launched the instance, nil for instance
	// groups registered at the start.
	Provider *CapacityProvider
	Kube     *KubeNode // the node's labels and taints in an EKS run; nil in ECS runs
	// Terminated is when the instance was terminated; Never while it runs.
	Terminated sim.Time
	// terminateReason, once set, terminates the DRAINING instance as soon as it is empty.
	terminateReason string
}

// Free returns the resources not reserved by tasks.
func (in *Instance) Free() Resources { return in.Registered.Sub(in.used) }

// Used returns the resources reserved by tasks, including tasks still STOPPING.
func (in *Instance) Used() Resources { return in.used }

// ENIsUsed returns the number of task ENIs attached (awsvpc tasks).
func (in *Instance) ENIsUsed() int { return in.used.ENIs }

// ENILimit returns how many awsvpc tasks the instance can run: the task ENIs it registered.
func (in *Instance) ENILimit() int { return in.Registered.ENIs }

// Lacks is the fit rule: what the instance lacks to host a task of d, the zero Shortfall
// when it can. A task fits where its charge (CPU, memory, GPUs, ENIs) fits in what is free
// and its explicit host ports can be bound (PortsFit). Status, agent connection and attributes
// are not resources and are checked apart, by placement's filters. The check when a task is
// placed, the capacity estimate and the stranded-capacity metric call Lacks; placement's
// filters, one per dimension, each read their own part (Free().Lacks, PortsFit), so that a
// placement computes each part once per instance.
func (in *Instance) Lacks(d *TaskDefinition) Shortfall {
	s := in.Free().Lacks(d.Charge())
	s.GPUs = s.GPUs || !in.GPUFits(d)
	s.Ports = !in.PortsFit(d)
	return s
}

// CanHost reports whether a task of d fits on the instance now.
func (in *Instance) CanHost(d *TaskDefinition) bool { return in.Lacks(d).None() }

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
			return int(in.groupSlots[i].tasks)
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

// PortsFit is the ports part of the fit rule: whether a task of d can bind its explicit host
// ports here. Each must be free on its own protocol, since a host port is taken per protocol
// (TCP 53 and UDP 53 are different ports: ECS registers PORTS and PORTS_UDP apart, and the
// agent reserves ECS_RESERVED_PORTS and ECS_RESERVED_PORTS_UDP apart; ECS-REFERENCE §2.1,
// §2.3); and the instance's reserved ports, the agent's and those of its tasks, stay within
// ECS's 100 (DG/task_definition_parameters hostPort). Dynamic host ports are not a placement
// resource (ECS-REFERENCE §2.4); awsvpc tasks bind no host ports (TaskDefinition.StaticPorts).
func (in *Instance) PortsFit(d *TaskDefinition) bool {
	return len(d.StaticPorts()) == 0 || in.staticPortsFit(d.StaticPorts())
}

// staticPortsFit is PortsFit for a task with explicit host ports, apart so that PortsFit
// inlines: most tasks have none, and placement asks on every instance.
func (in *Instance) staticPortsFit(ports []PortMapping) bool {
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

// hold reserves d's charge on the instance and binds d's explicit host ports to t: what a
// task takes when it is placed. The capacity estimate holds tasks on imagined instances
// (blankInstance) the same way, with no task to bind to.
func (in *Instance) hold(d *TaskDefinition, t *Task) {
	for _, m := range d.StaticPorts() {
		in.ports[portKey(m.Protocol, m.HostPort)] = t
	}
	in.staticBound += len(d.StaticPorts())
	in.used = in.used.Add(d.Charge())
	if m := d.charge.GPUMilli; m > 0 {
		mask := in.gpus.take(m, t.preferredGPU())
		if t != nil {
			t.GPUMask, t.gpuPrefer = mask, 0
		}
	}
}

// blankInstance is an instance of type t under agent a as it would register in an account
// whose awsvpcTrunking setting is trunking, before any exists, holding nothing: what the
// capacity estimate packs waiting tasks onto, so that it fits them by placement's rule
// (Lacks), reserved TCP and UDP ports and the same awsvpc task limit included.
func blankInstance(t *InstanceType, a *AgentConfig, trunking bool) *Instance {
	return &Instance{Type: t, Agent: a, Registered: t.registers(a, trunking), Trunk: t.trunks(a, trunking),
		ports: map[uint32]*Task{}, gpus: newGPUDevices(t.gpusUnder(a))}
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

// joinGroup counts one more active task of g on the instance; with its first, the instance
// joins g's members.
func (in *Instance) joinGroup(g *Group) {
	if e := in.groupSlot(g); e != nil {
		e.tasks++
		return
	}
	in.groups = append(in.groups, g.Name)
	in.groupSlots = append(in.groupSlots, groupSlot{g: g, tasks: 1, pos: g.addMember(in)})
}

// leaveGroup counts one active task of g fewer on the instance; with its last, the instance
// leaves g's members.
func (in *Instance) leaveGroup(g *Group) {
	i := in.groupIndex(g)
	if i < 0 {
		panic(fmt.Sprintf("models: group %q leaves instance %s where it has no tasks", g.Name, in.ID))
	}
	if in.groupSlots[i].tasks--; in.groupSlots[i].tasks > 0 {
		return
	}
	g.removeMember(in.groupSlots[i].pos)
	in.groups = slices.Delete(in.groups, i, i+1)
	in.groupSlots = slices.Delete(in.groupSlots, i, i+1)
}

// groupSlot returns the instance's count of g, nil if it runs no active task of g.
func (in *Instance) groupSlot(g *Group) *groupSlot {
	if i := in.groupIndex(g); i >= 0 {
		return &in.groupSlots[i]
	}
	return nil
}

// groupIndex is g's place in the instance's groups, -1 if it runs no active task of g.
func (in *Instance) groupIndex(g *Group) int {
	for i := range in.groupSlots {
		if in.groupSlots[i].g == g {
			return i
		}
	}
	return -1
}

func (in *Instance) String() string { return in.ID }
