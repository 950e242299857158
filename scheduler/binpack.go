package scheduler

import (
	"fmt"
	"strings"

	"github.com/ecssim/ecssim/models"
)

// BinpackStrategy places on the instance with the least remaining amount of one resource that
// still fits the task (DG/task-placement-strategies, API/PlacementStrategy). It scores each
// instance by what would remain after placing: free − need.
type BinpackStrategy struct {
	Memory bool // false: CPU
}

func newBinpack(field string) (Strategy, error) {
	switch strings.ToLower(field) {
	case FieldCPU:
		return BinpackStrategy{}, nil
	case FieldMemory:
		return BinpackStrategy{Memory: true}, nil
	}
	if field == "" {
		return nil, fmt.Errorf("binpack needs a field: %s or %s", FieldCPU, FieldMemory)
	}
	return nil, fmt.Errorf("binpack field %q: want %s or %s", field, FieldCPU, FieldMemory)
}

// Name implements Strategy.
func (s BinpackStrategy) Name() string {
	if s.Memory {
		return "binpack(memory)"
	}
	return "binpack(cpu)"
}

// Score implements Strategy.
func (s BinpackStrategy) Score(r *Request, cands []*models.Instance, dst []float64) {
	for i, in := range cands {
		dst[i] = float64(s.remaining(r, in))
	}
}

func (s BinpackStrategy) remaining(r *Request, in *models.Instance) int64 {
	return s.field(in.Free()) - s.field(r.Need)
}

// ScaleInScore implements ScaleInScorer. ECS stops the task on the instance that will have the
// most of the resource left after the task terminates (DG/task-placement-strategies,
// ECS-REFERENCE §1.2): the score is what the instance will have free once the task's charge is
// released, free + charge, and the highest score goes first.
func (s BinpackStrategy) ScaleInScore(_ *Request, tasks []*models.Task, dst []float64) {
	for i, t := range tasks {
		dst[i] = float64(s.field(t.Instance.Free()) + s.field(t.Def.Charge()))
	}
}

// field returns the resource s packs: memory in MiB or CPU units.
func (s BinpackStrategy) field(x models.Resources) int64 {
	if s.Memory {
		return x.MemoryMiB
	}
	return x.CPU
}

// order is the index order that lists instances as s ranks them.
func (s BinpackStrategy) order() order {
	if s.Memory {
		return byMemory
	}
	return byCPU
}

// walk implements indexWalker. Binpack's best score is the least free resource that still
// fits, so walking the free order upward from the task's need, the first admitted instance has
// it; the instances tied at that value, found in the trees whose first fit has it, go on to
// the rest of the chain, or to the tie-break.
func (s BinpackStrategy) walk(f *fastSearch, chain []Strategy) *models.Instance {
	tied := f.tiedAtFirst(s.order(), s.field(f.r.Need))
	if tied == nil {
		return nil
	}
	return f.settle(tied, chain[1:])
}

// keep implements indexWalker: walk reads the free order of s's resource.
func (s BinpackStrategy) keep(ix *Index, sc scope) { ix.require(s.order(), sc) }

// leadsByZone implements indexWalker: binpack searches every zone at once.
func (BinpackStrategy) leadsByZone() bool { return false }

// tieOrder implements fewTies: binpack's ties are the instances at one exact free amount of
// its resource, often a few dozen, which the tie-break draws from through the index.
func (s BinpackStrategy) tieOrder() order { return s.order() }

var (
	_ Strategy      = BinpackStrategy{}
	_ ScaleInScorer = BinpackStrategy{}
	_ indexWalker   = BinpackStrategy{}
	_ fewTies       = BinpackStrategy{}
)
