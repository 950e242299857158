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
	TaskUnhealthy
	TargetRegistered
	TargetHealthy
	TargetUnhealthy
	TargetDraining
	TargetDeregistered
	DeploymentStarted
	DeploymentCompleted
	DeploymentFailed
	DesiredCountChanged
	ScaleOut
	ScaleIn
	SpotInterruptionNotice
	InstanceLaunched
	ZoneOutageStarted
	ZoneOutageEnded
	AgentDisconnected
	AgentReconnected
	CapacityShortageStarted
	CapacityShortageEnded
	InstanceLaunchFailed
)

var eventKindNames = [...]string{
	InstanceRegistered:      "InstanceRegistered",
	InstanceDraining:        "InstanceDraining",
	InstanceTerminated:      "InstanceTerminated",
	TaskPlaced:              "TaskPlaced",
	PlacementFailed:         "PlacementFailed",
	TaskRunning:             "TaskRunning",
	TaskHealthy:             "TaskHealthy",
	TaskStopping:            "TaskStopping",
	TaskStopped:             "TaskStopped",
	ServiceEvent:            "ServiceEvent",
	TaskUnhealthy:           "TaskUnhealthy",
	TargetRegistered:        "TargetRegistered",
	TargetHealthy:           "TargetHealthy",
	TargetUnhealthy:         "TargetUnhealthy",
	TargetDraining:          "TargetDraining",
	TargetDeregistered:      "TargetDeregistered",
	DeploymentStarted:       "DeploymentStarted",
	DeploymentCompleted:     "DeploymentCompleted",
	DeploymentFailed:        "DeploymentFailed",
	DesiredCountChanged:     "DesiredCountChanged",
	ScaleOut:                "ScaleOut",
	ScaleIn:                 "ScaleIn",
	SpotInterruptionNotice:  "SpotInterruptionNotice",
	InstanceLaunched:        "InstanceLaunched",
	ZoneOutageStarted:       "ZoneOutageStarted",
	ZoneOutageEnded:         "ZoneOutageEnded",
	AgentDisconnected:       "AgentDisconnected",
	AgentReconnected:        "AgentReconnected",
	CapacityShortageStarted: "CapacityShortageStarted",
	CapacityShortageEnded:   "CapacityShortageEnded",
	InstanceLaunchFailed:    "InstanceLaunchFailed",
}

// EventKinds returns every kind of event, in their order.
func EventKinds() []EventKind {
	kinds := make([]EventKind, 0, len(eventKindNames))
	for k, name := range eventKindNames {
		if name != "" {
			kinds = append(kinds, EventKind(k))
		}
	}
	return kinds
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
//   - TaskStopping and TaskStopped set Reason, and Scheduled when the service scheduler chose
//     to stop the task (a deployment, scale-in or draining) rather than the task failing;
//   - TaskUnhealthy sets Task and Reason (which health check failed);
//   - target events set Target (and Task, Instance and Service);
//   - deployment events set Service and Deployment; DeploymentFailed sets Reason;
//   - DesiredCountChanged sets Service (its DesiredCount is the new count);
//   - ServiceEvent sets Service and Message;
//   - ScaleOut and ScaleIn set Provider, Metric (the CapacityProviderReservation that drove
//     them) and Count (instances launched or terminated); under the Cluster Autoscaler (an EKS
//     run's node groups) Metric is a ScaleOut's pending pods the new nodes take and a ScaleIn's
//     node utilization, and Reason says why;
//   - InstanceLaunched sets Provider: an ASG launched an instance that registers later;
//   - SpotInterruptionNotice sets Instance (an EC2 Spot instance) or Task (a FARGATE_SPOT task);
//   - InstanceTerminated sets Instance and Reason, and Fault when the instance was lost
//     (a failure, an outage, a Spot interruption) rather than retired; its tasks stopped
//     first, each with its TaskStopped (their TaskStopping has Fault too);
//   - ZoneOutageStarted and ZoneOutageEnded set Zone;
//   - AgentDisconnected and AgentReconnected set Instance;
//   - CapacityShortageStarted and CapacityShortageEnded set Message: the pool that ran dry
//     ("m5.large/us-east-1a", "FARGATE_SPOT/us-east-1a", or "FARGATE_SPOT" everywhere);
//   - InstanceLaunchFailed sets Provider, Reason (InsufficientInstanceCapacity) and Count: an
//     ASG's launches that found no capacity in any pool, tried again after LaunchRetry.
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

	Target     *Target
	Deployment *Deployment
	Scheduled  bool

	Provider *CapacityProvider
	Metric   float64
	Count    int
	// Fault marks a TaskStopping or InstanceTerminated caused by losing capacity: an
	// instance failure, a zone outage, a Spot interruption.
	Fault bool
	Zone  string
}

// Observer is told about every event, in simulation order. The reports package implements it.
type Observer interface {
	Observe(now sim.Time, e Event)
}
