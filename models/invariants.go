package models

import (
	"errors"
	"fmt"
	"maps"
	"math/bits"
	"slices"

	"github.com/ecssim/ecssim/sim"
)

// CheckInstance verifies an instance's accounting against the tasks it holds: reserved CPU,
// memory, GPUs, ENIs and pods equal the sum of its tasks' charges and stay within what it
// registered (a Kubernetes node's pods within its max pods); no host port is bound twice or is
// a reserved port; the running count and group counts match the tasks' states.
func CheckInstance(in *Instance) error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: "+format, append([]any{in.ID}, args...)...))
	}
	sum := tallyTasks(in, bad)
	checkTally(in, sum, bad)
	return errors.Join(errs...)
}

// instanceTally is what an instance's tasks hold, summed from the tasks themselves, to compare
// with the counters the instance keeps as tasks come and go.
type instanceTally struct {
	used                      Resources
	running, bindings, static int
	groups                    map[string]int32 // active tasks per group
	gpus                      []int16          // what each GPU would have free after the tasks' holds
}

// tallyTasks sums what in's tasks hold, and reports through bad each task that should not be
// listed there, holds resources in a state that holds none, or binds a port it should not:
// a reserved one, or one the instance records as another's.
func tallyTasks(in *Instance, bad func(format string, args ...any)) instanceTally {
	sum := instanceTally{groups: map[string]int32{}, gpus: newGPUDevices(len(in.gpus))}
	for _, t := range in.tasks {
		if t.Instance != in || !t.holds {
			bad("task %s is listed but not held here", t.ID)
		}
		switch t.State {
		case Pending, Running, Stopping:
		default:
			bad("task %s holds resources in state %v", t.ID, t.State)
		}
		sum.used = sum.used.Add(t.Def.Charge())
		tallyGPUs(t, sum.gpus, bad)
		sum.static += len(t.Def.StaticPorts())
		if t.State == Running {
			sum.running++
		}
		if t.Active() {
			sum.groups[t.Group]++
		}
		for _, b := range t.Bindings {
			sum.bindings++
			if in.reserved(b.Protocol, b.HostPort) {
				bad("task %s binds reserved port %d/%v", t.ID, b.HostPort, b.Protocol)
			}
			if owner := in.ports[portKey(b.Protocol, b.HostPort)]; owner != t {
				bad("task %s binds port %d/%v held by %v", t.ID, b.HostPort, b.Protocol, owner)
			}
		}
	}
	return sum
}

// tallyGPUs takes t's GPU holds from gpus, reporting through bad a hold on no device, on the
// wrong number of devices, or beyond what a device has.
func tallyGPUs(t *Task, gpus []int16, bad func(format string, args ...any)) {
	m := t.Def.charge.GPUMilli
	want := 0
	switch {
	case m >= MilliPerGPU:
		want = int(m / MilliPerGPU)
	case m > 0:
		want = 1
	}
	if n := bits.OnesCount32(t.GPUMask); n != want || t.GPUMask>>len(gpus) != 0 {
		bad("task %s asks for %s GPU and holds devices %b of %d", t.ID, FormatGPUMilli(m), t.GPUMask, len(gpus))
		return
	}
	per := int16(min(m, MilliPerGPU))
	for i := range gpus {
		if t.GPUMask&(1<<i) == 0 {
			continue
		}
		if gpus[i] -= per; gpus[i] < 0 {
			bad("GPU %d is over-committed: task %s takes it below nothing", i, t.ID)
		}
	}
}

// checkTally reports through bad each of in's counters that disagrees with what its tasks
// hold (sum), and a reservation beyond what it registered or ECS's limit on reserved ports.
func checkTally(in *Instance, sum instanceTally, bad func(format string, args ...any)) {
	if sum.used != in.used {
		bad("reserved %v and %d ENIs, but its tasks charge %v and %d ENIs", in.used, in.used.ENIs, sum.used, sum.used.ENIs)
	}
	if short := in.Registered.Lacks(in.used); !short.None() {
		bad("over-committed in %v: %v and %d ENIs%s reserved of %v and %d ENIs%s registered", short, in.used, in.used.ENIs, podsPart(in.used),
			in.Registered, in.Registered.ENIs, podsPart(in.Registered))
	}
	if !slices.Equal(sum.gpus, in.gpus) {
		bad("GPUs have %v free, but its tasks leave %v", in.gpus, sum.gpus)
	}
	if sum.static != in.staticBound {
		bad("%d explicit host ports counted, tasks hold %d", in.staticBound, sum.static)
	}
	if n := in.ReservedPortCount(); n > MaxReservedPorts {
		bad("holds %d reserved ports, ECS allows %d", n, MaxReservedPorts)
	}
	if sum.bindings != len(in.ports) {
		bad("%d host ports bound, tasks hold %d bindings: a port is bound twice or leaked", len(in.ports), sum.bindings)
	}
	if sum.running != in.running {
		bad("running count %d, tasks say %d", in.running, sum.running)
	}
	groups := sum.groups
	for i, g := range in.groups {
		if groups[g] != in.groupSlots[i].tasks {
			bad("group %s counted %d, tasks say %d", g, in.groupSlots[i].tasks, groups[g])
		}
		if e := in.groupSlots[i]; int(e.pos) >= len(e.g.members) || e.g.members[e.pos].in != in {
			bad("group %s does not have the instance where it says (member %d)", g, e.pos)
		}
		delete(groups, g)
	}
	if len(groups) > 0 {
		bad("groups %v have tasks but are not counted", groups)
	}
}

// podsPart is r's pods for an over-commitment message, ", 3 pods", or nothing when r counts
// none, as ECS's instances and tasks never do.
func podsPart(r Resources) string {
	if r.Pods == 0 {
		return ""
	}
	return fmt.Sprintf(", %d pods", r.Pods)
}

// CheckCluster verifies every instance with CheckInstance and the cluster's group counts
// against the instances.
func CheckCluster(c *Cluster) error {
	var errs []error
	totals := map[string]int{}
	zones := map[string][]int32{}
	for _, in := range slices.Concat(c.instances, c.fargate) {
		errs = append(errs, CheckInstance(in))
		for i, g := range in.groups {
			totals[g] += int(in.groupSlots[i].tasks)
			z := zones[g]
			for len(z) <= in.zoneIndex {
				z = append(z, 0)
			}
			z[in.zoneIndex] += in.groupSlots[i].tasks
			zones[g] = z
		}
	}
	for _, name := range slices.Sorted(maps.Keys(c.groups)) {
		g := c.groups[name]
		if g.count != totals[name] {
			errs = append(errs, fmt.Errorf("group %s counts %d tasks, instances hold %d", name, g.count, totals[name]))
		}
		for zi := range max(len(g.zones), len(zones[name])) {
			want := int32(0)
			if zi < len(zones[name]) {
				want = zones[name][zi]
			}
			if g.ZoneCount(zi) != int(want) {
				errs = append(errs, fmt.Errorf("group %s counts %d tasks in %s, instances hold %d", name, g.ZoneCount(zi), c.zones[zi], want))
			}
		}
	}
	return errors.Join(errs...)
}

// InvariantChecker is an Observer that checks invariants as a run goes: every placement lands
// on an ACTIVE instance of the cluster; every instance a task joins or leaves passes
// CheckInstance; the service scheduler keeps the deployment bounds (CheckDeploymentBounds).
// Call Finish at the end for a whole-cluster check.
type InvariantChecker struct {
	Cluster *Cluster
	errs    []error
}

// Observe implements Observer.
func (k *InvariantChecker) Observe(now sim.Time, e Event) {
	if len(k.errs) >= 20 {
		return
	}
	switch e.Kind {
	case TaskStopping:
		if err := CheckDeploymentBounds(e); err != nil {
			k.errs = append(k.errs, fmt.Errorf("at %v: %w", now, err))
		}
	case TaskPlaced:
		if e.Instance.Status != StatusActive {
			k.errs = append(k.errs, fmt.Errorf("at %v: task %s placed on %v instance %s", now, e.Task.ID, e.Instance.Status, e.Instance.ID))
		}
		if !e.Instance.fargate && (e.Instance.slot < 0 || e.Instance.Agent.Cluster != k.Cluster.Name) {
			k.errs = append(k.errs, fmt.Errorf("at %v: task %s placed on %s, which is not in cluster %s", now, e.Task.ID, e.Instance.ID, k.Cluster.Name))
		}
		if err := CheckDeploymentBounds(e); err != nil {
			k.errs = append(k.errs, fmt.Errorf("at %v: %w", now, err))
		}
		fallthrough
	case TaskStopped, TaskRunning:
		if e.Instance != nil {
			if err := CheckInstance(e.Instance); err != nil {
				k.errs = append(k.errs, fmt.Errorf("at %v after %v of %s: %w", now, e.Kind, e.Task.ID, err))
			}
		}
	}
}

// CheckDeploymentBounds checks one event against ECS's rolling-update bounds
// (DG/deployment-type-ecs): a service task is placed only while the service's PENDING, RUNNING
// and STOPPING tasks stay within floor(desired × maximumPercent / 100), and the scheduler stops
// a healthy task only while the healthy tasks left stay at or above ceil(desired ×
// minimumHealthyPercent / 100). Stops the scheduler does not choose (failed health checks) are
// exempt, as they are in ECS, and so is a daemon's task on a draining instance, which stops last
// whatever the floor.
func CheckDeploymentBounds(e Event) error {
	t := e.Task
	if t == nil || t.Service == nil {
		return nil
	}
	svc := t.Service
	switch {
	case e.Kind == TaskPlaced && svc.Scheduling == Daemon:
		if n := t.Instance.GroupCount(t.Group); n > 1 {
			return fmt.Errorf("daemon service %s runs %d tasks on %s", svc.Name, n, t.Instance.ID)
		}
	case e.Kind == TaskPlaced:
		if active := svc.holdingTasks(); active > svc.MaxTasks() {
			return fmt.Errorf("service %s placed %s with %d tasks, above its ceiling of %d", svc.Name, t.ID, active, svc.MaxTasks())
		}
	case e.Kind == TaskStopping && svc.Scheduling == Daemon && t.Instance.Status != StatusActive:
		// A draining instance's daemon task stops last, outside the floor (DG/ecs_services).
	case e.Kind == TaskStopping && e.Scheduled && t.Healthy:
		healthy := 0
		for _, x := range svc.tasks {
			if x.Active() && x.Healthy {
				healthy++
			}
		}
		if healthy < svc.MinHealthy() {
			return fmt.Errorf("service %s stopped healthy %s leaving %d healthy, below its floor of %d", svc.Name, t.ID, healthy, svc.MinHealthy())
		}
	}
	return nil
}

// Finish checks the whole cluster and returns every violation seen.
func (k *InvariantChecker) Finish() error {
	return errors.Join(append(k.errs, CheckCluster(k.Cluster))...)
}
