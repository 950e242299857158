package scheduler

import (
	"fmt"
	"math/rand/v2"

	"github.com/ecssim/ecssim/models"
)

// RandomStrategy places the task on an instance chosen uniformly at random among the
// candidates left by the filters and the strategies before it (DG/task-placement-strategies).
// It is RunTask's default (AWS Compute Blog, "Amazon ECS Task Placement"). Leading a chain it
// draws from the fit set the index counts (drawSet), in O(log n) whatever the fleet; later in a
// chain it samples the pool (pickUniform). The TieRandom tie-break draws the same way among the
// instances every strategy left tied (after a binpack, from the tie set), equally uniform. When
// a service scales in, random stops a task drawn uniformly among those the strategies before it
// left (DG/task-placement-strategies); Pipeline.ScaleIn makes that draw for any Chooser.
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

// Choose implements Chooser: from the superset survivors name (drawFrom), else with
// pickUniform.
func (RandomStrategy) Choose(pool []*models.Instance, survivors Survivors, rng *rand.Rand) *models.Instance {
	if d, ok := survivors.(drawable); ok {
		if sup := d.superset(); sup != nil {
			return drawFrom(survivors, sup, rng)
		}
	}
	return pickUniform(pool, survivors, rng, smallSet)
}

// chooseDevice implements deviceChooser: a share of one GPU goes to a device drawn uniformly
// among those it fits, as the FGD artifact's Random policy places it
// (allocateGpuIdBasedOnRandomFit, hkust-adsl/kubernetes-scheduler-simulator). The draw comes
// from the placement's stream after the instance's, and only for a share (and only when more
// than one device fits), so placements of other tasks draw as they did.
func (RandomStrategy) chooseDevice(r *Request, in *models.Instance, rng *rand.Rand) int {
	devs, need := in.GPUDevices(), r.Need.GPUMilli
	n := 0
	for _, f := range devs {
		if int64(f) >= need {
			n++
		}
	}
	if n <= 1 {
		return -1 // the one device that fits: models finds it without a draw
	}
	k := rng.IntN(n)
	for i, f := range devs {
		if int64(f) >= need {
			if k == 0 {
				return i
			}
			k--
		}
	}
	return -1
}

// walk implements indexWalker: leading the chain, random draws from the fit set through the
// index (fastSearch.drawFit); later in a chain it chooses among the admitted instances.
func (s RandomStrategy) walk(f *fastSearch, chain []Strategy) *models.Instance {
	if f.leads(chain) {
		return f.drawFit()
	}
	return f.choose(s)
}

// keep implements indexWalker: the fit set is the free-CPU order's.
func (RandomStrategy) keep(ix *Index, sc scope) { ix.require(byCPU, sc) }

// leadsByZone implements indexWalker: random draws over every zone at once.
func (RandomStrategy) leadsByZone() bool { return false }

// pickUniform's regimes: a set of at most a limit of members is listed and drawn from; a
// larger one is sampled from the pool, and listed only after maxProbes misses. The sets it
// draws from (every feasible instance of some zones, or every one with the fewest tasks of the
// group) are most often a large share of the pool, which sampling finds at once.
const (
	smallSet  = 8   // the limit
	minProbes = 256 // the least number of samples before a large set is listed after all
)

// maxProbes gives up sampling a set above limit members of a pool of n after enough probes
// that missing it every time is unlikely: at most e^-4, about 2%.
func maxProbes(n, limit int) int { return max(minProbes, 4*n/(limit+1)) }

// pickUniform draws uniformly from a non-empty set of survivors without necessarily listing
// it: a set of at most limit members is listed, in registration order, and drawn from (one
// member wins without a draw); a larger set is sampled by drawing instances uniformly from the
// pool until one is a member, and listed only after maxProbes misses. Either way the draw is
// uniform over the set, and the same seed gives the same choice whether the caller found the
// set by scanning every instance or through the index.
func pickUniform(pool []*models.Instance, s Survivors, rng *rand.Rand, limit int) *models.Instance {
	list, complete := s.Members(limit)
	if complete {
		switch len(list) {
		case 0:
			return nil
		case 1:
			return list[0]
		}
		return list[rng.IntN(len(list))]
	}
	for range maxProbes(len(pool), limit) {
		if in := pool[rng.IntN(len(pool))]; s.Has(in) {
			return in
		}
	}
	list, _ = s.Members(-1)
	return list[rng.IntN(len(list))]
}

var (
	_ Chooser       = RandomStrategy{}
	_ indexWalker   = RandomStrategy{}
	_ deviceChooser = RandomStrategy{}
)
