package models

import "fmt"

// LaunchEC2 is the EC2 launch type.
const LaunchEC2 = "EC2"

// Service is an ECS service with the REPLICA scheduling strategy and the EC2 launch type: it
// places DesiredCount tasks of its task definition when the run starts. A task that cannot be
// placed is reported and not retried: the service scheduler that retries with back-off, replaces
// stopped tasks and deploys new revisions is not modelled yet.
type Service struct {
	Name         string
	Def          *TaskDefinition
	DesiredCount int
	// MinimumHealthyPercent and MaximumPercent are the deployment configuration (defaults
	// 100 and 200 for REPLICA services, DG/service_definition_parameters).
	MinimumHealthyPercent int
	MaximumPercent        int
	// Placer places the service's tasks with the service's placementStrategy and
	// placementConstraints; the scenarios package builds it.
	Placer Placer

	tasks  []*Task // tasks not yet STOPPED
	nextID int
}

// NextTaskID returns the ID the service's next placed task gets: "NAME-N".
func (s *Service) NextTaskID() string { return fmt.Sprintf("%s-%d", s.Name, s.nextID+1) }

// Group returns the service's task group, "service:NAME" (DG/task-groups).
func (s *Service) Group() string { return "service:" + s.Name }

// Tasks returns the service's tasks that have not stopped, in launch order. Callers must not
// modify the slice.
func (s *Service) Tasks() []*Task { return s.tasks }

// MinHealthy is the deployment floor: ceil(desired × minimumHealthyPercent / 100)
// (DG/deployment-type-ecs).
func (s *Service) MinHealthy() int {
	return (s.DesiredCount*s.MinimumHealthyPercent + 99) / 100
}
