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
	// ecssim's extensions, not ECS's: each file cites its source.
	FirstFit:      {FirstFit, []string{""}, "not ECS's: the first feasible instance in registration order (first fit)", newFirstFit},
	BestFit:       {BestFit, []string{""}, "not ECS's: the least CPU and GPU left, weighted as the FGD paper's BestFit", newBestFit},
	WorstFit:      {WorstFit, []string{""}, "not ECS's: the most CPU and GPU left, best-fit's mirror", newWorstFit},
	DotProduct:    {DotProduct, []string{FieldAlign, FieldFGD}, "not ECS's: align (default): Tetris's largest demand·free; fgd: the FGD paper's smallest", newDotProduct},
	GPUPacking:    {GPUPacking, []string{""}, "not ECS's: shared GPUs first, then free GPUs of used instances, then small empty ones (FGD paper)", newGPUPacking},
	GPUClustering: {GPUClustering, []string{""}, "not ECS's: instances running GPU tasks of the task's shape first (FGD paper)", newGPUClustering},
	FGD:           {FGD, []string{""}, "not ECS's: the least growth in expected GPU fragmentation (Weng et al., ATC'23)", newFGD},
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
// defaults, and each of ecssim's own strategies alone (not ECS's), by name, sorted.
var presets = []Preset{
	{"best-fit", "not ECS's: the FGD paper's BestFit baseline", []models.StrategySpec{{Type: BestFit}}},
	{"binpack-cpu", "binpack on CPU", []models.StrategySpec{binpackCPU}},
	{"binpack-memory", "binpack on memory", []models.StrategySpec{binpackMemory}},
	{"dot-product", "not ECS's: Tetris's alignment", []models.StrategySpec{{Type: DotProduct, Field: FieldAlign}}},
	{"dot-product-fgd", "not ECS's: the FGD paper's DotProd baseline", []models.StrategySpec{{Type: DotProduct, Field: FieldFGD}}},
	{"fgd", "not ECS's: Fragmentation Gradient Descent (FGD paper)", []models.StrategySpec{{Type: FGD}}},
	{"first-fit", "not ECS's: first fit in registration order", []models.StrategySpec{{Type: FirstFit}}},
	{"gpu-clustering", "not ECS's: the FGD paper's GpuClustering baseline", []models.StrategySpec{{Type: GPUClustering}}},
	{"gpu-packing", "not ECS's: the FGD paper's GpuPacking baseline", []models.StrategySpec{{Type: GPUPacking}}},
	{"random", "random (RunTask's default)", []models.StrategySpec{random}},
	{"spread-az", "spread over availability zones", []models.StrategySpec{spreadZone}},
	{"spread-az-binpack-cpu", "spread over zones, then binpack on CPU inside each", []models.StrategySpec{spreadZone, binpackCPU}},
	{"spread-az-binpack-memory", "spread over zones, then binpack on memory inside each", []models.StrategySpec{spreadZone, binpackMemory}},
	{"spread-az-spread-instance", "spread over zones, then over instances (a service's default)", []models.StrategySpec{spreadZone, spreadInstance}},
	{"spread-instance", "spread over instances", []models.StrategySpec{spreadInstance}},
	{"spread-instance-binpack-memory", "spread over instances, then binpack on memory", []models.StrategySpec{spreadInstance, binpackMemory}},
	{"worst-fit", "not ECS's: best-fit's mirror, the most left", []models.StrategySpec{{Type: WorstFit}}},
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
// e.g. "spread(attribute:rack),binpack(memory)", or "none" for no strategy at all.
func ChainName(chain []models.StrategySpec) string {
	if len(chain) == 0 {
		return "none"
	}
	if n := PresetName(chain); n != "" {
		return n
	}
	parts := make([]string, len(chain))
	for i, s := range chain {
		parts[i] = s.String()
	}
	return strings.Join(parts, ",")
}

// ParseChain reads a strategy chain written on a command line: a preset name, or items
// "type(field)" or "type" separated by commas, e.g.
// "spread(attribute:ecs.availability-zone),binpack(memory)". Each item must name a registered
// strategy.
func ParseChain(s string) ([]models.StrategySpec, error) {
	if chain, ok := LookupPreset(s); ok {
		return chain, nil
	}
	var chain []models.StrategySpec
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		spec := models.StrategySpec{Type: item}
		if open := strings.IndexByte(item, '('); open >= 0 {
			if !strings.HasSuffix(item, ")") {
				return nil, fmt.Errorf("strategy %q: want type(field)", item)
			}
			spec = models.StrategySpec{Type: item[:open], Field: item[open+1 : len(item)-1]}
		}
		if _, err := Lookup(spec); err != nil {
			var names []string
			for _, p := range presets {
				names = append(names, p.Name)
			}
			return nil, fmt.Errorf("%w; or use a preset: %s", err, strings.Join(names, ", "))
		}
		chain = append(chain, spec)
	}
	if err := CheckStrategyCount(len(chain)); err != nil {
		return nil, err
	}
	return chain, nil
}
