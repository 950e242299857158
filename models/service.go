package models

// LaunchEC2 is the EC2 launch type.
const LaunchEC2 = "EC2"

// Service is an ECS service with the REPLICA scheduling strategy: it keeps DesiredCount tasks
// of its task definition running.
type Service struct {
	Name         string
	Def          *TaskDefinition
	DesiredCount int
	LaunchType   string
	// Strategy and Constraints are the service's placementStrategy and placementConstraints;
	// the task definition's own constraints apply as well.
	Strategy    []StrategySpec
	Constraints []ConstraintSpec
	// MinimumHealthyPercent and MaximumPercent are the deployment configuration (defaults
	// 100 and 200 for REPLICA services, DG/service_definition_parameters).
	MinimumHealthyPercent int
	MaximumPercent        int
	// Placer places the service's tasks; the scenarios package builds it from Strategy and
	// Constraints.
	Placer Placer

	tasks  []*Task // tasks not yet STOPPED
	nextID int
}

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
