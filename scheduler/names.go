package scheduler

// Strategy type names, as ECS's placementStrategy "type" spells them.
const (
	Binpack = "binpack"
	Spread  = "spread"
	Random  = "random"
)

// Constraint type names, as ECS's placementConstraints "type" spells them.
const (
	DistinctInstance = "distinctInstance"
	MemberOf         = "memberOf"
)

// Strategy fields.
const (
	FieldCPU        = "cpu"
	FieldMemory     = "memory"
	FieldInstanceID = "instanceId"
	FieldHost       = "host" // ECS's alias of instanceId
	FieldZone       = "attribute:ecs.availability-zone"
	attributePrefix = "attribute:"
)

// Filter names, the keys of a PlacementError's counts, in pipeline order.
const (
	FilterStatus     = "status"
	FilterCPU        = "cpu"
	FilterMemory     = "memory"
	FilterPorts      = "ports"
	FilterENIs       = "enis"
	FilterAttributes = "attributes"
	// FilterDistinctInstance and FilterMemberOf name the constraint filters.
	FilterDistinctInstance = DistinctInstance
	FilterMemberOf         = MemberOf
)

// ECS's limits, enforced when a pipeline is built (API CreateService, RunTask).
const (
	MaxStrategies  = 5
	MaxConstraints = 10
	MaxExpression  = 2000
)
