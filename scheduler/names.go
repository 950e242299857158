package scheduler

import "fmt"

// Strategy type names, as ECS's placementStrategy "type" spells them.
const (
	Binpack = "binpack"
	Spread  = "spread"
	Random  = "random"
)

// Strategy types beyond ECS's: ecssim's extensions, for comparing placement rules from the
// literature (each file says which). ECS accepts none of them.
const (
	FirstFit      = "first-fit"
	BestFit       = "best-fit"
	WorstFit      = "worst-fit"
	DotProduct    = "dot-product"
	GPUPacking    = "gpu-packing"
	GPUClustering = "gpu-clustering"
	FGD           = "fgd"
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
	// dot-product's fields: Tetris's alignment (also the empty field) and the FGD artifact's
	// DotProd baseline.
	FieldAlign = "align"
	FieldFGD   = "fgd"
)

// Filter names, the keys of a PlacementError's counts, in pipeline order.
const (
	FilterStatus     = "status"
	FilterCPU        = "cpu"
	FilterGPUs       = "gpus"
	FilterMemory     = "memory"
	FilterPorts      = "ports"
	FilterENIs       = "enis"
	FilterAttributes = "attributes"
	// FilterDistinctInstance and FilterMemberOf name the constraint filters.
	FilterDistinctInstance = DistinctInstance
	FilterMemberOf         = MemberOf
)

// ECS's limits, enforced when a pipeline is built (API/PlacementConstraint for the expression
// length; DG/cluster-query-language for names).
const (
	// MaxStrategies is the most placementStrategy items a service or a task may have (API
	// CreateService, UpdateService and RunTask; ECS-REFERENCE §1.5; the 2023
	// DG/service_definition_parameters said four). CheckStrategyCount applies it.
	MaxStrategies    = 5
	MaxConstraints   = 10
	MaxExpression    = 2000 // characters
	MaxAttributeName = 128
)

// CheckStrategyCount applies MaxStrategies to a chain of n strategies, with the one wording
// every check of the limit uses: NewPipeline, ParseChain and the scenario checks.
func CheckStrategyCount(n int) error {
	if n > MaxStrategies {
		return fmt.Errorf("%d placement strategies, ECS allows at most %d", n, MaxStrategies)
	}
	return nil
}

// ValidAttributeName applies ECS's rule for attribute names: 1 to 128 characters from
// [A-Za-z0-9-_/.] (DG/cluster-query-language).
func ValidAttributeName(s string) bool {
	if len(s) == 0 || len(s) > MaxAttributeName {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !attrNameChar(s[i]) {
			return false
		}
	}
	return true
}

func attrNameChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '/' || c == '.'
}
