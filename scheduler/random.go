package scheduler

import (
	"fmt"
	"math/rand/v2"

	"github.com/ecssim/ecssim/models"
)

// RandomStrategy places the task on an instance chosen uniformly at random among the
// candidates left by the filters and the strategies before it (DG/task-placement-strategies).
// It is RunTask's default (AWS Compute Blog, "Amazon ECS Task Placement"). The TieRandom
// tie-break makes the same draw among the instances every strategy left tied. When a service
// scales in, random stops a task drawn uniformly among those the strategies before it left
// (DG/task-placement-strategies); Pipeline.ScaleIn makes that draw for any Chooser.
type RandomStrategy struct{}

func newRandom(field string) (Strategy, error) {
	if field != "" {
		return nil, fmt.Errorf("random takes no field, got %q", field)
	}
	return RandomStrategy{}, nil
}

// Name implements Strategy.
func (RandomStrategy) Name() string { return Random }

// Score implements Strategy: random does not rank, it chooses, so every candidate scores 0.
func (RandomStrategy) Score(_ *Request, _ []*models.Instance, dst []float64) { clear(dst) }

// Choose implements Chooser with pickUniform.
func (RandomStrategy) Choose(pool []*models.Instance, survivors Survivors, rng *rand.Rand) *models.Instance {
	return pickUniform(pool, survivors, rng)
}

// Sizes of pickUniform's two regimes.
const (
	smallSet  = 8   // sets this small are listed and drawn from directly
	maxProbes = 256 // samples from the pool before a large set is listed after all
)

// pickUniform draws uniformly from a non-empty set of survivors without necessarily listing
// it: a set of at most smallSet members is listed, in registration order, and drawn from (one
// member wins without a draw); a larger set is sampled by drawing instances uniformly from the
// pool until one is a member, and listed only after maxProbes misses. Either way the draw is
// uniform over the set, and the same seed gives the same choice whether the caller found the
// set by scanning every instance or through the index.
func pickUniform(pool []*models.Instance, s Survivors, rng *rand.Rand) *models.Instance {
	list, complete := s.Members(smallSet)
	if complete {
		switch len(list) {
		case 0:
			return nil
		case 1:
			return list[0]
		}
		return list[rng.IntN(len(list))]
	}
	for range maxProbes {
		if in := pool[rng.IntN(len(pool))]; s.Has(in) {
			return in
		}
	}
	list, _ = s.Members(-1)
	return list[rng.IntN(len(list))]
}

var _ Chooser = RandomStrategy{}
