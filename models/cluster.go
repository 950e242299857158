package models

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ecssim/ecssim/sim"
)

// TieBreak is the rule that picks among instances every placement strategy scores equally.
// ECS does not document its tie-break (ECS-REFERENCE §1.3), so ecssim makes it a seeded,
// configurable rule.
type TieBreak uint8

// Tie-break rules.
const (
	// TieRandom picks uniformly at random among the tied instances, drawing from the placing
	// service's or workload's own random stream: the model ECS-REFERENCE §1.3 suggests. It
	// keeps many small services from piling onto the same instances.
	TieRandom TieBreak = iota
	// TieOldest picks the tied instance that registered first: deterministic, easy to follow
	// by hand, and the classic first-fit order.
	TieOldest
)

// CapacityWatcher is told when an instance's placeable capacity may have changed: registration,
// free resources, ports, ENIs or status. The scheduler's capacity index implements it.
type CapacityWatcher interface {
	InstanceAdded(in *Instance)
	InstanceChanged(in *Instance)
	InstanceRemoved(in *Instance)
}

// GroupWatcher is told when a task group's count on an instance changed by delta (+1 or -1),
// after the change: the scheduler's index of instances by their count of a group's tasks
// implements it.
type GroupWatcher interface {
	GroupChanged(g *Group, in *Instance, delta int)
}

// Cluster is one ECS cluster: its registered container instances and the tasks on them.
// Queries answer in a fixed order (instances by registration, zones by first appearance), never
// in Go map order.
type Cluster struct {
	Name string
	mix  []MixEntry // the task sizes its scenario runs (SetTaskMix)
	// Epoch is the wall-clock time of virtual time 0, for registeredAt.
	Epoch time.Time
	// AWSVPCTrunking is the account setting awsvpcTrunking (PutAccountSetting, per account
	// and Region, so the same for every cluster of a run): instances that register while it
	// is on get a trunk ENI where their type and agent allow it (InstanceType.trunks).
	// Default off, as the setting is opt-in (DG/container-instance-eni: "turn on the
	// awsvpcTrunking account setting").
	AWSVPCTrunking bool
	// Kubelet, when set, makes the cluster an EKS run's: its instances register as nodes
	// (kubelet.go); nil for ECS.
	Kubelet *Kubelet

	tieBreak  TieBreak
	tieSeed   uint64
	instances []*Instance
	zones     []string
	zoneIndex map[string]int
	groups    map[string]*Group
	// lastGroup is the group looked up last: tasks come in runs of one group, and a name is
	// hashed only when the group changes.
	lastGroup *Group
	attrSets  map[string][]Attribute // attribute lists registered, by content (sharedAttributes)
	specAttrs map[string][]Attribute // the same lists, by the spec's inputs to them (attributesOf)
	keyBuf    []byte                 // the buffer attributesOf and sharedAttributes build keys in
	watchers  []CapacityWatcher
	groupWs   []GroupWatcher
	fargate   []*Instance // the micro-VMs of Fargate tasks that hold resources
	// version counts the changes placement can see: an instance registered, deregistered or
	// changed, a task joining or leaving a group.
	version uint64
}

// Version returns a number that changes whenever anything placement sees changes, so that a
// placement that failed need not be explained twice.
func (c *Cluster) Version() uint64 { return c.version }

// Group counts the active tasks of one task group (a service's "service:NAME" or a standalone
// family's "family:NAME"), overall, per zone and per instance: what spread strategies and
// distinctInstance read. The count per instance is kept by the instance (Instance.groupSlots),
// which also holds its place in the group's members: no map is touched as tasks come and go.
type Group struct {
	Name    string
	count   int
	zones   []int32
	members []groupMember // the instances with active tasks of the group, in no order
	joins   uint64        // members ever added: the join order among equal Seqs

	// The members by registration order, sorted again when Instances is called after a
	// change: placement changes members on every task, and reads them in order far less.
	ordered []*Instance
	stale   bool
	scratch []groupMember
}

// groupSlot is an instance's active tasks of a group, and its place in the group's members.
type groupSlot struct {
	g          *Group
	tasks, pos int32
}

// groupMember is an instance with tasks of the group, and when it joined the group.
type groupMember struct {
	in     *Instance
	joined uint64
}

// Count returns the group's active tasks.
func (g *Group) Count() int { return g.count }

// ZoneCount returns the group's active tasks in the zone with index z.
func (g *Group) ZoneCount(z int) int {
	if z < len(g.zones) {
		return int(g.zones[z])
	}
	return 0
}

// Instances returns the instances that run at least one active task of the group, in
// registration order (instances that share a Seq, such as Fargate micro-VMs built outside a
// run, in the order they joined). Callers must not modify the slice or keep it: the first call
// after the group's members change rewrites it in place.
func (g *Group) Instances() []*Instance {
	if g.stale {
		g.scratch = append(g.scratch[:0], g.members...)
		slices.SortFunc(g.scratch, func(a, b groupMember) int {
			return cmp.Or(cmp.Compare(a.in.Seq, b.in.Seq), cmp.Compare(a.joined, b.joined))
		})
		g.ordered = g.ordered[:0]
		for _, m := range g.scratch {
			g.ordered = append(g.ordered, m.in)
		}
		g.stale = false
	}
	return g.ordered
}

// addMember adds in to the members, with its first task of the group, and returns its place.
func (g *Group) addMember(in *Instance) int32 {
	pos := int32(len(g.members))
	g.members = append(g.members, groupMember{in, g.joins})
	g.joins++
	g.stale = true
	return pos
}

// removeMember takes the member at pos out, with its last task of the group: the last member
// takes its place.
func (g *Group) removeMember(pos int32) {
	last := len(g.members) - 1
	if moved := g.members[last]; int(pos) != last {
		g.members[pos] = moved
		moved.in.groupSlot(g).pos = pos
	}
	g.members[last] = groupMember{}
	g.members = g.members[:last]
	g.stale = true
}

// Spread returns the number of distinct instances running the group's active tasks.
func (g *Group) Spread() int { return len(g.members) }

// NewCluster returns an empty cluster. seed keys the instances' random ranks.
func NewCluster(name string, epoch time.Time, tie TieBreak, seed uint64) *Cluster {
	return &Cluster{
		Name:      name,
		Epoch:     epoch,
		tieBreak:  tie,
		tieSeed:   sim.SplitMix64(seed ^ 0x7469656272656b), // "tiebrek": its own key space
		zoneIndex: map[string]int{},
		groups:    map[string]*Group{},
		attrSets:  map[string][]Attribute{},
		specAttrs: map[string][]Attribute{},
	}
}

// Watch registers w to hear about capacity changes, and tells it about every instance
// already registered.
func (c *Cluster) Watch(w CapacityWatcher) {
	c.watchers = append(c.watchers, w)
	for _, in := range c.instances {
		w.InstanceAdded(in)
	}
}

// WatchGroups registers w to hear about changes of the groups' counts on instances.
func (c *Cluster) WatchGroups(w GroupWatcher) { c.groupWs = append(c.groupWs, w) }

// GroupWatchers returns the watchers WatchGroups registered, so that several placers of one
// cluster can share one.
func (c *Cluster) GroupWatchers() []GroupWatcher { return c.groupWs }

// TieBreak returns the cluster's tie-break rule.
func (c *Cluster) TieBreak() TieBreak { return c.tieBreak }

// Instances returns the registered instances in registration order. Callers must not modify
// the slice.
func (c *Cluster) Instances() []*Instance { return c.instances }

// Zones returns the zones of the instances ever registered, in order of first appearance.
func (c *Cluster) Zones() []string { return c.zones }

// Group returns the named task group, or nil if it never had a task.
func (c *Cluster) Group(name string) *Group {
	if g := c.lastGroup; g != nil && g.Name == name {
		return g
	}
	return c.groups[name]
}

// InstanceSpec describes an instance to register.
type InstanceSpec struct {
	Type   *InstanceType
	Zone   string
	Market Market
	Group  string
	Agent  *AgentConfig
	AMIID  string
	// Custom are the instance's custom attributes (ECS_INSTANCE_ATTRIBUTES or PutAttributes).
	Custom []Attribute
	// Provider is the ASG capacity provider that launched the instance, if any.
	Provider *CapacityProvider
	// Kube is the node group's labels and taints, in an EKS run.
	Kube *KubeNode
}

// Register adds an instance to the cluster at time now as instance number seq (IDs are unique
// across the clusters of a run, so the caller numbers them), with ECS's accounting: CPU = vCPU ×
// 1024; memory = MemTotal − ECS_RESERVED_MEMORY (agent getResources); GPUs and task ENIs
// (InstanceType.registers); the built-in, capability and custom attributes. In an EKS run
// (Cluster.Kubelet) it registers the node's allocatable instead. It panics if the
// reservation exceeds the memory, which validation rejects (ECS fails the registration).
func (c *Cluster) Register(spec InstanceSpec, seq uint64, now sim.Time) *Instance {
	reg := c.registration(spec.Type, spec.Agent)
	if reg.MemoryMiB <= 0 {
		panic(fmt.Sprintf("models: %s reserves %d MiB of %d", spec.Type.Name, spec.Agent.ReservedMemoryMiB, spec.Type.MemTotalMiB()))
	}
	in := &Instance{
		ID:         fmt.Sprintf("i-%04d", seq),
		Seq:        seq,
		Type:       spec.Type,
		Zone:       spec.Zone,
		Market:     spec.Market,
		Group:      spec.Group,
		Agent:      spec.Agent,
		Status:     StatusActive,
		Registered: reg,
		Trunk:      c.Kubelet == nil && spec.Type.trunks(spec.Agent, c.AWSVPCTrunking),
		Launched:   now,
		registered: c.Epoch.Add(time.Duration(now)),
		slot:       len(c.instances),
		ports:      map[uint32]*Task{},
		gpus:       newGPUDevices(spec.Type.gpusUnder(spec.Agent)),
		Provider:   spec.Provider,
		Terminated: sim.Never,
	}
	if c.Kubelet != nil {
		in.Kube = nodeOf(spec)
	}
	in.Rank = seq
	if c.tieBreak == TieRandom {
		in.Rank = sim.SplitMix64(c.tieSeed ^ sim.SplitMix64(seq))
	}
	in.attrs = c.attributesOf(spec)
	in.zoneIndex = c.zoneFor(spec.Zone)
	c.instances = append(c.instances, in)
	c.version++
	for _, w := range c.watchers {
		w.InstanceAdded(in)
	}
	return in
}

// Attributes returns the attributes an instance of spec registers, sorted by name: the built-in
// ones, the agent's capabilities and the custom ones.
func (spec InstanceSpec) Attributes() []Attribute {
	attrs := []Attribute{
		{AttrAMIID, spec.AMIID},
		{AttrAvailabilityZone, spec.Zone},
		{AttrCPUArchitecture, string(spec.Type.Arch)},
		{AttrInstanceType, spec.Type.Name},
		{AttrOSFamily, "LINUX"},
		{AttrOSType, "linux"},
		{AttrSubnetID, "subnet-" + spec.Zone}, // one subnet per zone
		{AttrVPCID, "vpc-ecssim"},
	}
	attrs = append(attrs, spec.Agent.capabilityAttributes()...)
	attrs = append(attrs, spec.Custom...)
	slices.SortStableFunc(attrs, func(a, b Attribute) int { return strings.Compare(a.Name, b.Name) })
	return slices.CompactFunc(attrs, func(a, b Attribute) bool { return a.Name == b.Name })
}

// attributesOf returns spec.Attributes(), shared with the instances registered before from
// the same inputs to it. A fleet registers many instances from a few specs, and building each
// one's list and key from scratch was most of the garbage a large fleet made as it registered
// (hold-100k: 310 of 670 MB allocated), which set the heap's peak.
func (c *Cluster) attributesOf(spec InstanceSpec) []Attribute {
	field := func(key []byte, s string) []byte { // its length first, so that no two specs make one key
		return append(binary.AppendUvarint(key, uint64(len(s))), s...)
	}
	key := field(field(c.keyBuf[:0], spec.AMIID), spec.Zone)
	key = field(field(key, string(spec.Type.Arch)), spec.Type.Name)
	a := spec.Agent
	var flags byte
	if a.EnableTaskIAMRole {
		flags |= 1
	}
	if a.EnableTaskIAMRoleNetworkHost {
		flags |= 2
	}
	key = binary.AppendUvarint(append(key, flags), uint64(len(a.AvailableLoggingDrivers)))
	for _, d := range a.AvailableLoggingDrivers {
		key = field(key, d)
	}
	for _, at := range spec.Custom {
		key = field(field(key, at.Name), at.Value)
	}
	c.keyBuf = key
	if attrs, ok := c.specAttrs[string(key)]; ok {
		return attrs
	}
	k := string(key) // sharedAttributes reuses the buffer
	attrs := c.sharedAttributes(spec.Attributes())
	c.specAttrs[k] = attrs
	return attrs
}

// sharedAttributes returns attrs, or an equal list an instance registered before: a fleet's
// instances mostly register the same attributes, a list (with its capability names) takes the
// better part of a kilobyte, and none is modified once registered.
func (c *Cluster) sharedAttributes(attrs []Attribute) []Attribute {
	key := c.keyBuf[:0]
	for _, a := range attrs { // lengths first, so that no two lists make one key
		key = binary.AppendUvarint(key, uint64(len(a.Name)))
		key = append(key, a.Name...)
		key = binary.AppendUvarint(key, uint64(len(a.Value)))
		key = append(key, a.Value...)
	}
	c.keyBuf = key
	if shared, ok := c.attrSets[string(key)]; ok {
		return shared
	}
	attrs = slices.Clip(attrs)
	c.attrSets[string(key)] = attrs
	return attrs
}

// SetStatus changes an instance's status. DRAINING instances keep their tasks but receive no
// new ones.
func (c *Cluster) SetStatus(in *Instance, s InstanceStatus) {
	in.Status = s
	c.changed(in)
}

// Deregister removes an instance from the cluster. It panics if tasks still hold resources
// on it.
func (c *Cluster) Deregister(in *Instance) {
	if len(in.tasks) > 0 {
		panic(fmt.Sprintf("models: deregistering %s with %d tasks", in.ID, len(in.tasks)))
	}
	c.instances = slices.Delete(c.instances, in.slot, in.slot+1)
	for i := in.slot; i < len(c.instances); i++ {
		c.instances[i].slot = i
	}
	in.slot = -1
	c.version++
	for _, w := range c.watchers {
		w.InstanceRemoved(in)
	}
}

func (c *Cluster) changed(in *Instance) {
	if in.fargate {
		return // never registered: placement does not see it
	}
	c.version++
	for _, w := range c.watchers {
		w.InstanceChanged(in)
	}
}

func (c *Cluster) group(name string) *Group {
	if g := c.lastGroup; g != nil && g.Name == name {
		return g
	}
	g := c.groups[name]
	if g == nil {
		g = &Group{Name: name}
		c.groups[name] = g
	}
	c.lastGroup = g
	return g
}

// join and leave move a task in and out of its group's counts: a task counts while it is
// active (PENDING or RUNNING).
func (c *Cluster) join(t *Task) {
	c.version++
	in := t.Instance
	g := c.group(t.Group)
	t.group = g
	g.count++
	for len(g.zones) <= in.zoneIndex {
		g.zones = append(g.zones, 0)
	}
	g.zones[in.zoneIndex]++
	in.joinGroup(g)
	for _, w := range c.groupWs {
		w.GroupChanged(g, in, 1)
	}
}

func (c *Cluster) leave(t *Task) {
	c.version++
	in := t.Instance
	g := t.group
	t.group = nil
	g.count--
	g.zones[in.zoneIndex]--
	in.leaveGroup(g)
	for _, w := range c.groupWs {
		w.GroupChanged(g, in, -1)
	}
}
