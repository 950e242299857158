package scheduler

import (
	"math/rand/v2"

	"github.com/ecssim/ecssim/models"
)

// Strategy ranks the instances that passed the filters. Lower scores are better, matching how
// ECS words its strategies: binpack prefers the least remaining resource, spread the fewest
// tasks. Scores are whole numbers held in float64, so equal means exactly equal and ties are
// safe to compare.
type Strategy interface {
	// Name is the strategy with its field as ECS writes it, e.g. "binpack(memory)".
	Name() string
	// Score writes the score of cands[i] into dst[i]; len(dst) == len(cands). It must not
	// depend on the order of cands and must not change anything.
	Score(r *Request, cands []*models.Instance, dst []float64)
}

// Chooser is a strategy that picks the winner among the candidates left tied by the strategies
// before it, instead of scoring them (random). Strategies after a Chooser never matter.
type Chooser interface {
	Strategy
	// Choose returns one of the survivors, which are never empty. pool is every registered
	// instance in registration order. The same seed and the same cluster must give the same
	// choice whichever way the caller found the survivors.
	Choose(pool []*models.Instance, survivors Survivors, rng *rand.Rand) *models.Instance
}

// Survivors is the set of candidates a Chooser picks from. The fast path describes the set by
// a rule and the scan by a list; a Chooser sees the same set either way.
type Survivors interface {
	Has(in *models.Instance) bool
	// Members returns the members in registration order with complete = true if there are at
	// most limit of them (limit < 0: no limit); otherwise it returns complete = false and an
	// unspecified list.
	Members(limit int) (list []*models.Instance, complete bool)
}
