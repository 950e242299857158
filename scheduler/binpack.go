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
	if s.Memory {
		return in.Free().MemoryMiB - r.Need.MemoryMiB
	}
	return in.Free().CPU - r.Need.CPU
}

var _ Strategy = BinpackStrategy{}
