package scenarios

import (
	"time"

	"github.com/ecssim/ecssim/models"
)

// Scenario is a validated scenario: everything a run needs, with defaults filled in. The
// instance groups and task definitions are read-only once loaded, so one Scenario can be built
// into many runs, concurrently.
type Scenario struct {
	Name        string
	Description string
	File        string // where it was loaded from, "example:NAME" for an embedded one
	Duration    time.Duration
	Seed        uint64
	Region      string
	StartTime   time.Time
	Cluster     string
	TieBreak    models.TieBreak

	InstanceGroups  []*models.InstanceGroup
	TaskDefinitions []*models.TaskDefinition // every registered revision, in file order
	Services        []ServiceSpec
	Workloads       []WorkloadSpec

	// Warnings are things in a valid file that will not do what its author likely wants,
	// such as a task no instance group can ever run.
	Warnings Problems
}

// ServiceSpec is a validated service.
type ServiceSpec struct {
	Name                  string
	Def                   *models.TaskDefinition
	DesiredCount          int
	Strategy              []models.StrategySpec
	Constraints           []models.ConstraintSpec
	MinimumHealthyPercent int
	MaximumPercent        int
}

// WorkloadSpec is a validated standalone workload.
type WorkloadSpec struct {
	Name        string
	Group       string
	Def         *models.TaskDefinition
	Arrival     models.ArrivalSpec
	Duration    models.DistSpec
	Strategy    []models.StrategySpec
	Constraints []models.ConstraintSpec
}
