package models

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// traceRows makes n rows of distinct sizes, one a second, each living 10 s.
func traceRows(n int) []TraceTask {
	tmpl := &TaskDefinition{Family: "t", Revision: 1, Containers: []Container{{Name: "c"}}}
	rows := make([]TraceTask, n)
	for i := range rows {
		rows[i] = TraceTask{At: time.Duration(i) * time.Second, Life: 10 * time.Second, Count: 1,
			Def: tmpl.WithOverrides(int64(128+i), 6, nil)}
	}
	return rows
}

// TestShuffle checks that a shuffle keeps the arrival times and deals out every row's size
// once, and that the seed decides the order.
func TestShuffle(t *testing.T) {
	rows := traceRows(50)
	r := &Replay{Rows: rows, Shuffle: true}
	sizes := func(ts []TraceTask) []int64 {
		var out []int64
		for _, t := range ts {
			out = append(out, t.Def.Charge().CPU)
		}
		return out
	}
	a := r.realise(time.Hour, Resources{}, rand.New(rand.NewPCG(1, 2)))
	b := r.realise(time.Hour, Resources{}, rand.New(rand.NewPCG(1, 2)))
	c := r.realise(time.Hour, Resources{}, rand.New(rand.NewPCG(3, 4)))
	for i := range a {
		if a[i].At != rows[i].At {
			t.Fatalf("row %d arrives at %v, want the trace's %v", i, a[i].At, rows[i].At)
		}
	}
	got := slices.Sorted(slices.Values(sizes(a)))
	if diff := cmp.Diff(sizes(rows), got); diff != "" {
		t.Errorf("shuffled sizes are not the trace's (-want +got):\n%s", diff)
	}
	if !slices.Equal(sizes(a), sizes(b)) || slices.Equal(sizes(a), sizes(c)) || slices.Equal(sizes(a), sizes(rows)) {
		t.Errorf("one seed must give one order, two seeds two: %v, %v, %v", sizes(a)[:5], sizes(b)[:5], sizes(c)[:5])
	}
}

// TestTargetLoad checks the draws to a target load: they reach it, overshoot it by less than
// one row, come only from rows that arrive within the run, and over many seeds draw every row
// about equally often.
func TestTargetLoad(t *testing.T) {
	rows := traceRows(20)
	rows = append(rows, TraceTask{At: 2 * time.Hour, Life: time.Second, Count: 1, Def: rows[0].Def}) // after the run
	capacity := Resources{CPU: 4096, MemoryMiB: 1 << 20}
	const horizon = 100 * time.Second
	r := &Replay{Rows: rows, TargetLoad: 0.6}
	// One row offers at most 147 units × 10 s: below the target by less than that.
	maxRow := 147.0 * 10 / (4096 * 100)
	drawn := make([]int, len(rows))
	for seed := range uint64(200) {
		got := r.realise(horizon, capacity, rand.New(rand.NewPCG(seed, 0)))
		load := OfferedLoad(got, capacity, horizon, false)
		if load < 0.6 || load >= 0.6+maxRow {
			t.Fatalf("seed %d: offered load %g, want 0.6 to %g", seed, load, 0.6+maxRow)
		}
		for _, g := range got {
			i := slices.IndexFunc(rows, func(r TraceTask) bool { return r.Def == g.Def && r.At == g.At })
			if i == len(rows)-1 {
				t.Fatalf("seed %d drew the row after the run", seed)
			}
			drawn[i] += g.Count
		}
	}
	// About 0.6 × 4096 × 100 / (137.5 × 10) = 179 draws a seed, 35,700 in all: each of 20
	// rows about 1,787 times, with a standard deviation of about 41.
	for i, n := range drawn[:20] {
		if n < 1600 || n > 1980 {
			t.Errorf("row %d drawn %d times over 200 seeds, want about 1787", i, n)
		}
	}
}
