package scheduler

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ecssim/ecssim/models"
)

// Request is one placement question: which instance should run this task?
type Request struct {
	Task *models.Task
	Def  *models.TaskDefinition
	Need models.Resources
	// Group is the task's group, nil while it has no active task.
	Group     *models.Group
	GroupName string
	// Cluster is the cluster placing the task, for strategies that read more than the
	// candidates (fgd reads its task mix); nil in a request built by hand.
	Cluster *models.Cluster

	// Scratch reused between requests: spread's counts per attribute value, and the instances
	// of the tasks a scale-in scorer ranks.
	domains   map[string]int
	instances []*models.Instance
}

func (r *Request) reset(t *models.Task, c *models.Cluster) {
	r.Task, r.Def, r.Need = t, t.Def, t.Def.Charge()
	r.GroupName, r.Group, r.Cluster = t.Group, c.Group(t.Group), c
}

// instancesOf returns the instances of tasks, in the same order, in r's scratch.
func (r *Request) instancesOf(tasks []*models.Task) []*models.Instance {
	ins := r.instances[:0]
	for _, t := range tasks {
		ins = append(ins, t.Instance)
	}
	r.instances = ins
	return ins
}

// resetScaleIn sets r up for a scale-in question about the tasks of group: no task is being
// placed, so Task, Def and Need are empty, and scale-in scorers read each task's own Def.
func (r *Request) resetScaleIn(group string, c *models.Cluster) {
	r.Task, r.Def, r.Need = nil, nil, models.Resources{}
	r.GroupName, r.Group, r.Cluster = group, c.Group(group), c
}

// Filter keeps or rejects one instance for a request. Filters are binding: a rejected
// instance never gets the task.
//
// A filter words its own rejections, beside its check, so that each wording is said once:
// Why for one instance with its numbers, ECSReason as ECS says it, Counted for a count of
// instances.
type Filter interface {
	// Name is the filter's key in a PlacementError's counts.
	Name() string
	Feasible(r *Request, in *models.Instance) bool
	// Why explains a rejection with its numbers, e.g. "needs 1024 MiB, 512 MiB free".
	Why(r *Request, in *models.Instance) string
	// ECSReason words the rejection as ECS's service event does after "The closest matching
	// container-instance i-0001 ...".
	ECSReason() string
	// Counted says what the n instances the filter turned down lacked, after "3 instances ...":
	// "lacked memory".
	Counted(n int) string
}

// Counted says what the n instances a PlacementError counts against filter (a Rejection)
// lacked, in the words of the filter of that name: "lacked CPU".
func Counted(filter string, n int) string {
	for _, f := range wordedFilters {
		if f.Name() == filter {
			return f.Counted(n)
		}
	}
	return "failed " + filter
}

// wordedFilters holds a filter of every name, for their words: a PlacementError names its
// filters, and none of these words depends on a constraint's expression or provider.
var wordedFilters = append(slices.Clip(resourceFilters), distinctInstanceFilter{}, memberOfFilter{}, providerFilter{})

// resourceFilters are the resource-fit checks every placement runs first, in ECS's order
// (DG/task-placement): the instance is ACTIVE with its agent connected, then CPU, GPUs,
// memory, explicit ports and ENIs fit, then it has the attributes the task definition
// requires.
var resourceFilters = []Filter{statusFilter{}, cpuFilter{}, gpusFilter{}, memoryFilter{}, portsFilter{}, enisFilter{}, attributesFilter{}}

// startsWithResources reports whether fs begins with resourceFilters, as every placement's
// filters do (Pipeline.filters).
func startsWithResources(fs []Filter) bool {
	if len(fs) < len(resourceFilters) {
		return false
	}
	for i, f := range resourceFilters {
		if fs[i] != f {
			return false
		}
	}
	return true
}

// resourcesFit is the checks of resourceFilters at once, which the fast path makes on every
// instance it meets: the instance's free resources computed once rather than by each of four
// filters, and no calls through the Filter interface. The checks have no effects, so their
// order does not matter.
func resourcesFit(r *Request, in *models.Instance) bool {
	if in.Status != models.StatusActive || !in.AgentConnected() {
		return false
	}
	short := in.Free().Lacks(r.Need)
	return !short.CPU && !short.Memory && !short.ENIs && (r.Need.GPUMilli == 0 || in.GPUFits(r.Def)) &&
		in.PortsFit(r.Def) && missingAttribute(r.Def, in) == ""
}

type statusFilter struct{}

func (statusFilter) Name() string { return FilterStatus }
func (statusFilter) Feasible(_ *Request, in *models.Instance) bool {
	return in.Status == models.StatusActive && in.AgentConnected()
}
func (statusFilter) Why(_ *Request, in *models.Instance) string {
	if !in.AgentConnected() {
		return "its agent is disconnected: ECS places nothing there"
	}
	return fmt.Sprintf("is %v: draining instances get no new tasks", in.Status)
}
func (statusFilter) ECSReason() string { return "is not ACTIVE" }
func (statusFilter) Counted(n int) string {
	if n == 1 {
		return "was not ACTIVE"
	}
	return "were not ACTIVE"
}

type cpuFilter struct{}

func (cpuFilter) Name() string { return FilterCPU }
func (cpuFilter) Feasible(r *Request, in *models.Instance) bool {
	return !in.Free().Lacks(r.Need).CPU
}
func (cpuFilter) Why(r *Request, in *models.Instance) string {
	return fmt.Sprintf("needs %d CPU units, %d free", r.Need.CPU, in.Free().CPU)
}
func (cpuFilter) ECSReason() string { return "has insufficient CPU units available" }
func (cpuFilter) Counted(int) string {
	return "lacked CPU"
}

// gpusFilter checks the task's GPUs device by device (Instance.GPUFits): whole GPUs free, or
// for a share of one GPU (ecssim's extension) one device with that much left.
type gpusFilter struct{}

func (gpusFilter) Name() string { return FilterGPUs }
func (gpusFilter) Feasible(r *Request, in *models.Instance) bool {
	return r.Need.GPUMilli == 0 || in.GPUFits(r.Def)
}
func (gpusFilter) Why(r *Request, in *models.Instance) string {
	need, devices := r.Need.GPUMilli, in.GPUDevices()
	switch {
	case len(devices) == 0:
		return fmt.Sprintf("needs %s GPU, has none", models.FormatGPUMilli(need))
	case need < models.MilliPerGPU:
		return fmt.Sprintf("needs %s of one GPU, the freest of its %d has %s", models.FormatGPUMilli(need),
			len(devices), models.FormatGPUMilli(int64(slices.Max(devices))))
	}
	whole := 0
	for _, f := range devices {
		if f == models.MilliPerGPU {
			whole++
		}
	}
	return fmt.Sprintf("needs %s whole GPUs, %d of its %d are free", models.FormatGPUMilli(need), whole, len(devices))
}

// gpuFree writes what each GPU has free, in GPUs: "1, 0.54, 0".
func gpuFree(devices []int16) string {
	parts := make([]string, len(devices))
	for i, f := range devices {
		parts[i] = models.FormatGPUMilli(int64(f))
	}
	return strings.Join(parts, ", ")
}

// ECSReason: RunTask's failure reason is RESOURCE:GPU (API/Failure), as RESOURCE:CPU is CPU's.
func (gpusFilter) ECSReason() string { return "has insufficient GPU available" }
func (gpusFilter) Counted(int) string {
	return "lacked GPUs"
}

type memoryFilter struct{}

func (memoryFilter) Name() string { return FilterMemory }
func (memoryFilter) Feasible(r *Request, in *models.Instance) bool {
	return !in.Free().Lacks(r.Need).Memory
}
func (memoryFilter) Why(r *Request, in *models.Instance) string {
	return fmt.Sprintf("needs %d MiB, %d MiB free", r.Need.MemoryMiB, in.Free().MemoryMiB)
}
func (memoryFilter) ECSReason() string { return "has insufficient memory available" }
func (memoryFilter) Counted(int) string {
	return "lacked memory"
}

// portsFilter checks the explicit host ports. Dynamic host ports are not a placement resource
// (ECS-REFERENCE §2.4): the range is tens of thousands wide.
type portsFilter struct{}

func (portsFilter) Name() string { return FilterPorts }
func (portsFilter) Feasible(r *Request, in *models.Instance) bool {
	return in.PortsFit(r.Def)
}
func (portsFilter) Why(r *Request, in *models.Instance) string {
	if n := in.ReservedPortCount() + len(r.Def.StaticPorts()); n > models.MaxReservedPorts {
		return fmt.Sprintf("would hold %d reserved ports, ECS allows %d", n, models.MaxReservedPorts)
	}
	for _, m := range r.Def.StaticPorts() {
		if in.PortFree(m.Protocol, m.HostPort) {
			continue
		}
		if owner := in.PortOwner(m.Protocol, m.HostPort); owner != nil {
			return fmt.Sprintf("host port %d/%v is bound by %s", m.HostPort, m.Protocol, owner.ID)
		}
		return fmt.Sprintf("host port %d/%v is reserved by the agent", m.HostPort, m.Protocol)
	}
	return ""
}
func (portsFilter) ECSReason() string { return "is already using a port required by your task" }
func (portsFilter) Counted(int) string {
	return "already used a host port the task needs"
}

// enisFilter caps awsvpc tasks at the instance's awsvpc task limit: its type's ENIs minus the
// primary one, or with a trunk ENI the ECS table's trunked limit (DG/container-instance-eni).
type enisFilter struct{}

func (enisFilter) Name() string { return FilterENIs }
func (enisFilter) Feasible(r *Request, in *models.Instance) bool {
	return !in.Free().Lacks(r.Need).ENIs
}
func (enisFilter) Why(r *Request, in *models.Instance) string {
	return fmt.Sprintf("needs %d ENI, %d of %d in use (%s)", r.Def.ENIs(), in.ENIsUsed(), in.ENILimit(), eniLimitRule(in))
}

// eniLimitRule says which awsvpc task limit an instance registered, e.g. "trunking: 10 per
// instance" or "no trunking: max ENIs − 1 = 2 per instance".
func eniLimitRule(in *models.Instance) string {
	if in.Trunk {
		return fmt.Sprintf("trunking: %d per instance", in.ENILimit())
	}
	return fmt.Sprintf("no trunking: max ENIs − 1 = %d per instance", in.ENILimit())
}
func (enisFilter) ECSReason() string {
	return "has no free elastic network interface for an awsvpc task"
}
func (enisFilter) Counted(int) string { return "had no free ENI for an awsvpc task" }

// attributesFilter matches the task definition's requiresAttributes against the instance's
// attributes (task IAM role, logging drivers, CPU architecture).
type attributesFilter struct{}

func (attributesFilter) Name() string { return FilterAttributes }
func (attributesFilter) Feasible(r *Request, in *models.Instance) bool {
	return missingAttribute(r.Def, in) == ""
}
func (attributesFilter) Why(r *Request, in *models.Instance) string {
	return "lacks required attribute " + missingAttribute(r.Def, in)
}
func (attributesFilter) ECSReason() string { return "is missing an attribute required by your task" }
func (attributesFilter) Counted(int) string {
	return "lacked an attribute the task requires"
}

func missingAttribute(d *models.TaskDefinition, in *models.Instance) string {
	for _, a := range d.RequiredAttributes() {
		v, ok := in.Attribute(a.Name)
		if !ok || (a.Value != "" && v != a.Value) {
			if a.Value != "" {
				return a.Name + "=" + a.Value
			}
			return a.Name
		}
	}
	return ""
}

// distinctInstanceFilter places each task of a group on a different instance
// (DG/task-placement-constraints).
type distinctInstanceFilter struct{}

func (distinctInstanceFilter) Name() string { return FilterDistinctInstance }
func (distinctInstanceFilter) Feasible(r *Request, in *models.Instance) bool {
	return in.GroupCount(r.GroupName) == 0
}
func (distinctInstanceFilter) Why(r *Request, in *models.Instance) string {
	return fmt.Sprintf("already runs %d task(s) of %s", in.GroupCount(r.GroupName), r.GroupName)
}
func (distinctInstanceFilter) ECSReason() string {
	return `encountered error "DistinctInstance placement constraint unsatisfied."`
}
func (distinctInstanceFilter) Counted(int) string {
	return "already ran a task of its group (distinctInstance)"
}

// memberOfFilter keeps the instances that satisfy a cluster query language expression.
type memberOfFilter struct{ expr *Expr }

func (memberOfFilter) Name() string { return FilterMemberOf }
func (f memberOfFilter) Feasible(_ *Request, in *models.Instance) bool {
	return f.expr.Eval(in)
}
func (f memberOfFilter) Why(_ *Request, _ *models.Instance) string {
	return "does not satisfy " + f.expr.String()
}
func (memberOfFilter) ECSReason() string {
	return `encountered error "MemberOf placement constraint unsatisfied."`
}
func (memberOfFilter) Counted(int) string { return "did not match its memberOf constraint" }

// CompileConstraint turns a constraint as ECS writes it into a Filter. inTaskDefinition
// reports whether it comes from a task definition, where ECS allows only memberOf
// (sdk-types TaskDefinitionPlacementConstraintType).
func CompileConstraint(c models.ConstraintSpec, inTaskDefinition bool) (Filter, error) {
	switch c.Type {
	case DistinctInstance:
		if inTaskDefinition {
			return nil, fmt.Errorf("distinctInstance is not allowed in a task definition, only memberOf")
		}
		if strings.TrimSpace(c.Expression) != "" {
			return nil, fmt.Errorf("distinctInstance takes no expression")
		}
		return distinctInstanceFilter{}, nil
	case MemberOf:
		e, err := ParseExpression(c.Expression)
		if err != nil {
			return nil, err
		}
		return memberOfFilter{expr: e}, nil
	}
	return nil, fmt.Errorf("unknown constraint type %q (want %s or %s)", c.Type, DistinctInstance, MemberOf)
}
