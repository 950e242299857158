package experiment

import (
	"context"
	"errors"
	"fmt"

	"github.com/ecssim/ecssim/reports"
	"github.com/ecssim/ecssim/scenarios"
)

// Grid runs runs of a sweep (or of a comparison: a sweep of one point) on a pool of workers.
// With a store, finished runs are kept there and found again by a rerun; lines[k] holds run
// k's result line once it has one.
type Grid struct {
	sw      *scenarios.Sweep
	store   *Store // nil: results are kept in memory only
	workers int
	// Done, when not nil, is called after each run finishes (a progress bar counts them),
	// from the workers: it must be safe to call at once from several.
	Done  func()
	lines [][]byte
	// Record asks for every run's recording, for figures: recs[k] holds run k's once it ran
	// (runs found in the store have none). Only the first seed keeps tasks per instance.
	Record bool
	recs   []*reports.Recording
}

// NewGrid returns a runner of sw's runs on workers at once, keeping their results in store
// (nil for memory only).
func NewGrid(sw *scenarios.Sweep, store *Store, workers int) *Grid {
	return &Grid{sw: sw, store: store, workers: workers, lines: make([][]byte, sw.Len()), recs: make([]*reports.Recording, sw.Len())}
}

// All returns the numbers of every run of the grid.
func (g *Grid) All() []int {
	all := make([]int, g.sw.Len())
	for k := range all {
		all[k] = k
	}
	return all
}

// Shard returns the runs of shard index of count: those whose number k has k mod count ==
// index, so that shards share the work evenly whatever the grid's order.
func (g *Grid) Shard(index, count int) []int {
	var mine []int
	for k := index; k < g.sw.Len(); k += count {
		mine = append(mine, k)
	}
	return mine
}

// FileName is the name of the store's file for run k.
func (g *Grid) FileName(k int) string { return fileName(g.sw, runAt(g.sw, k)) }

// Todo returns those of the selected runs the store does not hold yet, and fills in the
// lines of those it holds.
func (g *Grid) Todo(selected []int) []int {
	if g.store == nil {
		return selected
	}
	var out []int
	for _, k := range selected {
		if b, ok := g.store.load(g.sw, runAt(g.sw, k)); ok {
			g.lines[k] = b
			continue
		}
		out = append(out, k)
	}
	return out
}

// Run runs the given runs; see pool for what an interrupt or an error leaves.
func (g *Grid) Run(ctx context.Context, ks []int) error {
	return g.runJobs(ctx, ks, true)
}

// RecordMissing runs again, for its recording only, the first seed of every strategy at the
// first point whose first-seed run was found in the store rather than run: the figures need
// it (the heat maps show the first seed). A rerun gives the same result (runs depend on their
// key alone), so the figures stay true to the results.
func (g *Grid) RecordMissing(ctx context.Context) error {
	var ks []int
	for s, recs := range g.Recordings() {
		if recs[0] == nil {
			ks = append(ks, s) // point 0, replicate 0, strategy s
		}
	}
	return g.runJobs(ctx, ks, false)
}

// runJobs runs the given runs on the workers; save keeps their results (in the store, if any,
// and in lines), as opposed to their recordings alone.
func (g *Grid) runJobs(ctx context.Context, ks []int, save bool) error {
	// Runs of one strategy at one point take about as long as each other, and strategies may
	// differ tenfold: a window of a run per strategy and worker lets every worker start a long
	// one before the short ones of the same seeds.
	S := len(g.sw.Strategies)
	order := newLongestFirst(len(ks), g.workers*S, func(i int) int {
		r := runAt(g.sw, ks[i])
		return r.Point*S + r.Strategy
	})
	return pool(ctx, g.workers, order, g.Done, func(ctx context.Context, i int) error {
		r := runAt(g.sw, ks[i])
		strat := g.sw.Strategies[r.Strategy]
		var record *reports.RecordOptions
		if g.Record {
			record = &reports.RecordOptions{Instances: r.Replicate == 0}
		}
		res, err := simulate(ctx, g.sw.ScenarioFor(r.Point, r.Strategy), strat.Chain, r.Seed, record)
		if err != nil {
			if !errors.Is(err, context.Canceled) {
				err = fmt.Errorf("run %d (%s): %w", r.Index, key(g.sw, r), err)
			}
			return err
		}
		g.recs[r.Index] = res.Recording
		if !save {
			return nil
		}
		sum := res.Summary
		sum.Strategy = strat.Name
		line, err := resultLine(header(g.sw, r), sum)
		if err != nil {
			return err
		}
		if g.store != nil {
			if err := g.store.save(g.sw, r, line); err != nil {
				return err
			}
		}
		g.lines[r.Index] = line
		return nil
	})
}

// Recordings returns the recordings of the first point's runs by strategy and seed, as
// reports.WriteComparisonReport takes them.
func (g *Grid) Recordings() [][]*reports.Recording {
	out := make([][]*reports.Recording, len(g.sw.Strategies))
	for s := range out {
		out[s] = make([]*reports.Recording, g.sw.Seeds)
		for r := range g.sw.Seeds {
			out[s][r] = g.recs[r*len(g.sw.Strategies)+s]
		}
	}
	return out
}

// Finished counts the runs of ks with a result; nil ks counts every run of the grid.
func (g *Grid) Finished(ks []int) int {
	if ks == nil {
		ks = g.All()
	}
	n := 0
	for _, k := range ks {
		if g.lines[k] != nil {
			n++
		}
	}
	return n
}

// Missing counts the runs with neither a result here nor a file in the store: those other
// shards have yet to write. Files are only looked for, not read, so that a shard of a large
// grid does not read every other shard's results to find that some are missing.
func (g *Grid) Missing() int {
	missing := 0
	for k := range g.sw.Len() {
		if g.lines[k] == nil && (g.store == nil || !g.store.has(g.sw, runAt(g.sw, k))) {
			missing++
		}
	}
	return missing
}

// Comparisons compares the strategies at every point of the grid from the results it has.
func (g *Grid) Comparisons() ([]*reports.Comparison, error) {
	return comparisons(g.sw.ScenarioAt(0).Name, header(g.sw, runAt(g.sw, 0)), g.lines, func(p int) []reports.Parameter { return parameters(g.sw, p) })
}

// comparisons compares the strategies at every point of a grid from its result lines,
// lines[k] being run k's (k as scenarios.Sweep numbers runs). Seeds that some strategy lacks
// at a point are left out of that point's comparison; a point with fewer than two complete
// seeds is left out.
func comparisons(scenario string, h runHeader, lines [][]byte, params func(point int) []reports.Parameter) ([]*reports.Comparison, error) {
	S := len(h.Strategies)
	var cs []*reports.Comparison
	for p := range h.Points {
		var seeds []uint64
		runs := make([][][]byte, S)
		for r := range h.Seeds {
			base := (p*h.Seeds + r) * S
			complete := true
			for s := range S {
				complete = complete && lines[base+s] != nil
			}
			if !complete {
				continue
			}
			seeds = append(seeds, h.FirstSeed+uint64(r))
			for s := range S {
				runs[s] = append(runs[s], lines[base+s])
			}
		}
		if len(seeds) < 2 {
			continue
		}
		c, err := reports.CompareJSON(scenario, h.Strategies, seeds, runs)
		if err != nil {
			return nil, err
		}
		c.Parameters = params(p)
		c.Point = reports.PointLabel(c.Parameters)
		cs = append(cs, c)
	}
	return cs, nil
}
