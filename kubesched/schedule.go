package kubesched

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/ecssim/ecssim/models"
)

// schedule is schedulePod (schedule_one.go): search for feasible nodes from next; none is a
// failure; one is taken without scoring ("When only one node after predicate, just use it");
// more are scored by every plugin, weighted and summed, and the highest total wins, ties
// broken by the profile's rule. It returns the node, where the next search starts, and the
// failure. d, when not nil, records the decision.
func (s *Scheduler) schedule(t *models.Task, rng *rand.Rand, next int, d *Decision) (*models.Instance, int, *models.PlacementError) {
	c := s.newCycle(t)
	n := len(c.nodes)
	toFind := NumFeasibleNodesToFind(s.prof.PercentageOfNodesToScore, n)
	if n == 0 {
		d.start(c, 0, toFind)
		err := &models.PlacementError{}
		d.fail(err)
		return nil, 0, err
	}
	next %= n // nodes may have left since the last cycle
	d.start(c, next, toFind)
	feasible, rejected, next := c.search(next, toFind, d)
	switch len(feasible) {
	case 0:
		err := failure(n, rejected)
		d.fail(err)
		return nil, next, err
	case 1:
		d.choose(feasible[0])
		return feasible[0], next, nil
	}
	totals := make([]int64, len(feasible))
	dst := make([]int64, len(feasible))
	for pi, sc := range scorers {
		sc.score(c, feasible, dst)
		for i, v := range dst {
			totals[i] += sc.weight() * v
		}
		d.scored(pi, feasible, dst)
	}
	win := feasible[s.pick(totals, rng)]
	d.choose(win)
	return win, next, nil
}

// pick returns the index of the highest total, ties broken by the profile's rule. TieRandom
// draws only when there is a tie, so that a run without ties draws nothing.
func (s *Scheduler) pick(totals []int64, rng *rand.Rand) int {
	best := slices.Max(totals)
	var ties []int
	for i, v := range totals {
		if v == best {
			ties = append(ties, i)
		}
	}
	if len(ties) == 1 || s.prof.Ties == TieFirstFound {
		return ties[0]
	}
	return ties[rng.IntN(len(ties))]
}

// failure is the PlacementError of a cycle that found no feasible node: each node counted
// once, under the first reason of the filter that rejected it, in filter order; the closest
// node is the one that passed the most filters (the first such in search order).
func failure(nodes int, rejected []rejection) *models.PlacementError {
	err := &models.PlacementError{Candidates: nodes}
	counts := map[string]int{}
	rank := map[string]int{}
	var closest *rejection
	for i := range rejected {
		r := &rejected[i]
		counts[r.reasons[0]]++
		rank[r.reasons[0]] = r.filter
		if closest == nil || r.filter > closest.filter {
			closest = r
		}
	}
	for _, reason := range sortedKeys(counts) {
		err.Rejected = append(err.Rejected, models.Rejection{Filter: reason, Count: counts[reason]})
	}
	slices.SortStableFunc(err.Rejected, func(a, b models.Rejection) int { return cmp.Compare(rank[a.Filter], rank[b.Filter]) })
	if closest != nil {
		err.Closest, err.ClosestReason = closest.in, joinReasons(closest.reasons)
	}
	return err
}

func joinReasons(reasons []string) string { return strings.Join(reasons, ", ") }

// sortedKeys returns m's keys sorted, so that nothing depends on map order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
