package scheduler

import (
	"fmt"

	"github.com/ecssim/ecssim/models"
)

// FirstFitStrategy places the task on the first instance, in registration order, that passes
// the filters: classic first fit (D. S. Johnson, "Near-optimal bin packing algorithms", MIT
// PhD thesis, 1973; Garey & Johnson, "Computers and Intractability", 1979, §6.1). Not ECS's:
// ecssim's extension, a baseline for comparing strategies. Each instance scores its
// registration number (Instance.Seq), so no two tie and the tie-break never draws.
type FirstFitStrategy struct{}

func newFirstFit(field string) (Strategy, error) {
	if field != "" {
		return nil, fmt.Errorf("%s takes no field, got %q", FirstFit, field)
	}
	return FirstFitStrategy{}, nil
}

// Name implements Strategy.
func (FirstFitStrategy) Name() string { return FirstFit }

// Score implements Strategy: the registration number, lowest first.
func (FirstFitStrategy) Score(_ *Request, cands []*models.Instance, dst []float64) {
	for i, in := range cands {
		dst[i] = float64(in.Seq)
	}
}

var _ Strategy = FirstFitStrategy{}
