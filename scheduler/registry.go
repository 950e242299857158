package scheduler

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ecssim/ecssim/models"
)

// Entry registers one strategy type.
type Entry struct {
	Type string
	// Fields lists the fields it accepts ("" for none; "attribute:NAME" for any attribute), for
	// listings and for the conformance tests, which try each.
	Fields []string
	Doc    string // one line
	New    func(field string) (Strategy, error)
}

// registry maps each strategy type to its constructor. Adding a strategy is one file with the
// type and this entry.
var registry = map[string]Entry{
	Binpack: {Binpack, []string{FieldCPU, FieldMemory}, "the instance with the least remaining CPU or memory that still fits", newBinpack},
	Spread:  {Spread, []string{FieldInstanceID, FieldHost, "attribute:NAME"}, "even task counts of the service or task group over instances or an attribute's values", newSpread},
	Random:  {Random, []string{""}, "an instance chosen uniformly at random", newRandom},
}

// Entries returns the registered strategy types, sorted by name.
func Entries() []Entry {
	out := make([]Entry, 0, len(registry))
	for _, e := range registry {
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b Entry) int { return strings.Compare(a.Type, b.Type) })
	return out
}

// Lookup builds the strategy a placementStrategy item names. An unknown type is an error that
// lists the known ones.
func Lookup(spec models.StrategySpec) (Strategy, error) {
	e, ok := registry[spec.Type]
	if !ok {
		var names []string
		for _, e := range Entries() {
			names = append(names, e.Type)
		}
		return nil, fmt.Errorf("unknown placement strategy type %q (known: %s)", spec.Type, strings.Join(names, ", "))
	}
	return e.New(spec.Field)
}

// Preset is a named chain of strategies, for comparing strategies by name.
type Preset struct {
	Name  string
	Doc   string
	Chain []models.StrategySpec
}

var (
	spreadZone     = models.StrategySpec{Type: Spread, Field: FieldZone}
	spreadInstance = models.StrategySpec{Type: Spread, Field: FieldInstanceID}
	binpackCPU     = models.StrategySpec{Type: Binpack, Field: FieldCPU}
	binpackMemory  = models.StrategySpec{Type: Binpack, Field: FieldMemory}
	random         = models.StrategySpec{Type: Random}
)

// presets are the strategy chains ECS documents (DG/task-placement-strategies) and ECS's
// defaults, by name.
var presets = []Preset{
	{"binpack-cpu", "binpack on CPU", []models.StrategySpec{binpackCPU}},
	{"binpack-memory", "binpack on memory", []models.StrategySpec{binpackMemory}},
	{"random", "random (RunTask's default)", []models.StrategySpec{random}},
	{"spread-az", "spread over availability zones", []models.StrategySpec{spreadZone}},
	{"spread-az-binpack-cpu", "spread over zones, then binpack on CPU inside each", []models.StrategySpec{spreadZone, binpackCPU}},
	{"spread-az-binpack-memory", "spread over zones, then binpack on memory inside each", []models.StrategySpec{spreadZone, binpackMemory}},
	{"spread-az-spread-instance", "spread over zones, then over instances (a service's default)", []models.StrategySpec{spreadZone, spreadInstance}},
	{"spread-instance", "spread over instances", []models.StrategySpec{spreadInstance}},
	{"spread-instance-binpack-memory", "spread over instances, then binpack on memory", []models.StrategySpec{spreadInstance, binpackMemory}},
}

// Presets returns the named strategy chains, sorted by name.
func Presets() []Preset { return slices.Clone(presets) }

// LookupPreset returns the chain of the named preset.
func LookupPreset(name string) ([]models.StrategySpec, bool) {
	for _, p := range presets {
		if p.Name == name {
			return slices.Clone(p.Chain), true
		}
	}
	return nil, false
}

// PresetName returns the name of the preset with exactly this chain, or "" if there is none.
func PresetName(chain []models.StrategySpec) string {
	for _, p := range presets {
		if slices.Equal(p.Chain, chain) {
			return p.Name
		}
	}
	return ""
}

// ServiceDefault is the chain ECS uses for a REPLICA service with no strategy: spread over
// zones, then the fewest tasks of this service per instance (DG/ecs_services).
func ServiceDefault() []models.StrategySpec {
	return []models.StrategySpec{spreadZone, spreadInstance}
}

// RunTaskDefault is the chain ECS uses for RunTask with no strategy: random (AWS Compute Blog,
// "Amazon ECS Task Placement").
func RunTaskDefault() []models.StrategySpec { return []models.StrategySpec{random} }

// ChainName describes a chain: its preset name if it has one, else its items joined by ",",
// e.g. "spread(attribute:rack),binpack(memory)".
func ChainName(chain []models.StrategySpec) string {
	if n := PresetName(chain); n != "" {
		return n
	}
	parts := make([]string, len(chain))
	for i, s := range chain {
		parts[i] = s.String()
	}
	return strings.Join(parts, ",")
}
