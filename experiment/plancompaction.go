package experiment

import (
	"context"
	"fmt"

	"github.com/ecssim/ecssim/scenarios"
)

// Compaction is each strategy's cell compaction on each seed: the fewest instances of the
// scenario's only group that meet targets on that seed alone (PlanFleet, with the group's own
// type), and the lower bound beside it; counts[s][k] for strategy s on seed first+k. It is the
// measure Borg's papers compare placement policies by: the smallest cell that still fits the
// workload (Verma et al., "Large-scale cluster management at Google with Borg", EuroSys 2015,
// §5.1). The searches go to workers at once.
func Compaction(ctx context.Context, sc *scenarios.Scenario, strategies []scenarios.NamedStrategy, seeds int, first uint64,
	targets PlanTargets, workers int, done func()) (counts, bounds [][]float64, err error) {
	counts, bounds = make([][]float64, len(strategies)), make([][]float64, len(strategies))
	for s := range strategies {
		counts[s], bounds[s] = make([]float64, seeds), make([]float64, seeds)
	}
	order := newLongestFirst(len(strategies)*seeds, workers*len(strategies), func(i int) int { return i % len(strategies) })
	err = pool(ctx, workers, order, done, func(ctx context.Context, i int) error {
		s, k := i%len(strategies), i/len(strategies)
		plans, err := PlanFleet(ctx, sc, PlanOptions{
			Strategies: strategies[s : s+1], Seeds: 1, FirstSeed: first + uint64(k), Quantile: 1, Targets: targets, Workers: 1,
		})
		if err != nil {
			return err
		}
		p := plans[0]
		if p.Count == nil {
			return inputErrorf("compare: -compaction: no count of group up to its maximum meets the targets with %s on seed %d", strategies[s].Name, first+uint64(k))
		}
		counts[s][k], bounds[s][k] = float64(*p.Count), float64(p.LowerBound)
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("compaction: %w", err)
	}
	return counts, bounds, nil
}
