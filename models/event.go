package models

import (
	"fmt"

	"github.com/ecssim/ecssim/sim"
)

// EventKind names something that happened; the names are the trace's "kind" values.
type EventKind uint8

// Event kinds.
const (
	InstanceRegistered EventKind = iota + 1
	InstanceDraining
	InstanceTerminated
	TaskPlaced
	PlacementFailed
	TaskRunning
	TaskHealthy
	TaskStopping
	TaskStopped
	ServiceEvent
)

var eventKindNames = [...]string{
	InstanceRegistered: "InstanceRegistered",
	InstanceDraining:   "InstanceDraining",
	InstanceTerminated: "InstanceTerminated",
	TaskPlaced:         "TaskPlaced",
	PlacementFailed:    "PlacementFailed",
	TaskRunning:        "TaskRunning",
	TaskHealthy:        "TaskHealthy",
	TaskStopping:       "TaskStopping",
	TaskStopped:        "TaskStopped",
	ServiceEvent:       "ServiceEvent",
}

func (k EventKind) String() string {
	if int(k) < len(eventKindNames) && eventKindNames[k] != "" {
		return eventKindNames[k]
	}
	return fmt.Sprintf("EventKind(%d)", uint8(k))
}

// Event is one thing that happened. Which fields are set depends on Kind:
//   - instance events set Instance;
//   - task events set Task (and Instance once placed);
//   - PlacementFailed sets Task (a would-be task with no ID: ECS creates no task when
//     placement fails) and Failure;
//   - TaskStopped sets Reason; ServiceEvent sets Service and Message.
//
// Observers run synchronously and may read the pointed-to objects, which are live, but must
// not keep the Event or change anything.
type Event struct {
	Kind     EventKind
	Task     *Task
	Instance *Instance
	Service  *Service
	Failure  *PlacementError
	Reason   string
	Message  string
}

// Observer is told about every event, in simulation order. The reports package implements it.
type Observer interface {
	Observe(now sim.Time, e Event)
}
