package models

import (
	"fmt"
	"time"

	"github.com/ecssim/ecssim/sim"
)

// TaskState is a task's lastStatus.
type TaskState uint8

// Task states in lifecycle order (DG/task-lifecycle). ecssim folds ACTIVATING into PENDING
// and DEACTIVATING and DEPROVISIONING into STOPPING, which changes no placement or accounting.
const (
	Provisioning TaskState = iota + 1
	Pending
	Running
	Stopping
	Stopped
)

var taskStateNames = [...]string{
	Provisioning: "PROVISIONING",
	Pending:      "PENDING",
	Running:      "RUNNING",
	Stopping:     "STOPPING",
	Stopped:      "STOPPED",
}

func (s TaskState) String() string {
	if int(s) < len(taskStateNames) && taskStateNames[s] != "" {
		return taskStateNames[s]
	}
	return fmt.Sprintf("TaskState(%d)", uint8(s))
}

// validTransitions lists the state changes ECS makes (DG/task-lifecycle):
//   - PROVISIONING → PENDING when the task is placed, → STOPPED when provisioning gives up;
//   - PENDING → RUNNING when its containers start, → STOPPING or STOPPED when it fails to
//     start or is stopped first;
//   - RUNNING → STOPPING for an orderly stop, → STOPPED when its instance is lost;
//   - STOPPING → STOPPED.
var validTransitions = [...][Stopped + 1]bool{
	Provisioning: {Pending: true, Stopped: true},
	Pending:      {Running: true, Stopping: true, Stopped: true},
	Running:      {Stopping: true, Stopped: true},
	Stopping:     {Stopped: true},
}

// CanTransition reports whether ECS moves a task from state from to state to.
func CanTransition(from, to TaskState) bool {
	return int(from) < len(validTransitions) && to <= Stopped && validTransitions[from][to]
}

// HostBinding is a host port a task holds on its instance.
type HostBinding struct {
	ContainerPort uint16
	HostPort      uint16
	Protocol      Protocol
}

// Task is one ECS task.
type Task struct {
	ID    string
	Def   *TaskDefinition
	Group string // "service:web", or "family:batch" unless RunTask named another group
	// Service is the task's service, nil for a standalone task.
	Service *Service
	// Workload is the standalone workload that started the task, nil for a service task.
	Workload *Workload
	// Deployment is the service deployment that started the task.
	Deployment *Deployment
	// Provider is the capacity provider the task was launched with, nil for a launch type.
	Provider *CapacityProvider

	State   TaskState
	Healthy bool
	holds   bool // the task holds resources on Instance
	counted bool // a workload's task counted in its workload's waiting and live counts
	// gpuPrefer is PreferGPU's device + 1; 0 for none.
	gpuPrefer int8
	// GPUMask is the instance's GPU devices the task holds, bit i for device i (gpu.go): its
	// whole GPUs, or the one device its share of a GPU is on. (Beside ObserverSlot, in the
	// word it leaves half empty.)
	GPUMask uint32
	// ObserverSlot is the task's number with the run's metrics observer (reports.Collector),
	// which numbers the tasks it follows so that it finds their records without a map. Models
	// never read or write it.
	ObserverSlot int32

	Instance *Instance
	Bindings []HostBinding
	// StartError is why the task will fail to start, set when its instance could not give it
	// what placement does not check (a dynamic host port).
	StartError error

	CreatedAt sim.Time
	PlacedAt  sim.Time // when it was placed on Instance
	// PullStartedAt is when a Fargate task's micro-VM was provisioned and its image pull began:
	// where its Fargate bill starts (ECS-REFERENCE §6.4). It is set when the task is placed, and
	// may lie ahead of PlacedAt; 0 for a task on EC2.
	PullStartedAt sim.Time
	// ImageReadyAt is when its image was on the instance: pulled, found cached, or (with
	// StartError set by the pull) when the pull failed.
	ImageReadyAt sim.Time
	StartedAt    sim.Time // when it reached RUNNING
	StoppingAt   sim.Time
	StoppedAt    sim.Time
	StopReason   string

	runFor  time.Duration // a trace task's lifetime once RUNNING, or RunsToEnd
	timeout sim.EventID   // the PROVISIONING timeout of a task waiting for ASG capacity
	group   *Group        // the cluster's counts of Group, while the task counts in them
	next    taskEvent
	targets []*Target // registrations with the service's target groups
}

// Targets returns the task's target registrations, draining ones included. Callers must not
// modify the slice.
func (t *Task) Targets() []*Target { return t.targets }

// life returns the random draws of the task's service or workload.
func (t *Task) life() *lifecycle {
	if t.Service != nil {
		return &t.Service.ctl.life
	}
	return &t.Workload.life
}

// taskStep is the next thing that happens to a task by itself.
type taskStep uint8

const (
	stepStart     taskStep = iota + 1 // PENDING → RUNNING, or a failed start
	stepHealthy                       // a service task passes its health checks
	stepUnhealthy                     // a service task fails them, past its grace period
	stepEnd                           // a standalone task's containers exit
	stepStopped                       // a stopping task's containers are gone: STOPPED
)

// taskEvent is a task's next lifecycle step. A task waits for at most one step at a time, so
// one event embedded in the Task serves them all and scheduling allocates nothing.
type taskEvent struct {
	t    *Task
	sim  *Simulation
	step taskStep
	id   sim.EventID
}

func (e *taskEvent) Handle(now sim.Time) {
	e.id = 0
	e.sim.advance(e.t, e.step, now)
}

// setState moves the task to state to. It panics on a transition ECS never makes, because
// that is a bug in a controller.
func (t *Task) setState(to TaskState) {
	if !CanTransition(t.State, to) {
		panic(fmt.Sprintf("models: task %s cannot go from %v to %v", t.ID, t.State, to))
	}
	if t.counted {
		t.Workload.moved(t, to)
	}
	t.State = to
}

// Active reports whether the task is placed and wanted: PENDING or RUNNING. Active tasks are
// what spread strategies, distinctInstance and task:group count.
func (t *Task) Active() bool { return t.State == Pending || t.State == Running }

// Owner returns the task's service or workload name, for IDs and reports.
func (t *Task) Owner() string {
	if t.Service != nil {
		return t.Service.Name
	}
	if t.Workload != nil {
		return t.Workload.Name
	}
	return t.Group
}

func (t *Task) String() string { return t.ID }

// taskIDs numbers the tasks of a service or workload NAME-1, NAME-2, ...: one allocation a
// task, as a run of a million tasks makes a million of them. It keeps the next ID written out
// and counts in its decimal digits, so a number is never formatted from scratch.
type taskIDs struct {
	buf    []byte // NAME-, then the next task's number
	prefix int    // len("NAME-")
}

// next returns the next ID, written out in the buffer.
func (ids *taskIDs) next(name string) []byte {
	if len(ids.buf) == 0 {
		ids.buf = append(append(ids.buf, name...), '-', '1')
		ids.prefix = len(name) + 1
	}
	return ids.buf
}

// peek returns the ID the next task gets.
func (ids *taskIDs) peek(name string) string { return string(ids.next(name)) }

// take returns the next ID and moves past it: it adds one to the number's digits, carrying
// from the last, and writes a new leading 1 when they were all nines.
func (ids *taskIDs) take(name string) string {
	b := ids.next(name)
	id := string(b)
	for i := len(b) - 1; i >= ids.prefix; i-- {
		if b[i] != '9' {
			b[i]++
			return id
		}
		b[i] = '0'
	}
	b[ids.prefix] = '1'
	ids.buf = append(b, '0')
	return id
}
