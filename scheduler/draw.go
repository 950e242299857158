package scheduler

import (
	"cmp"
	"math/bits"
	"math/rand/v2"
	"slices"

	"github.com/ecssim/ecssim/internal/blockset"
	"github.com/ecssim/ecssim/models"
)

// A uniform draw from a large set (the random strategy's feasible instances, binpack's ties)
// is made through a superset whose members the Index counts and selects in O(log n): a member
// of the superset is drawn uniformly and redrawn until it is in the set, which is a uniform
// draw from the set; after maxMisses misses the set is listed and drawn from. The superset
// and its order are a function of the cluster's state and the set alone, so the scan, which
// builds the superset by listing the pool, draws exactly what the fast path draws from the
// Index, with the same random numbers:
//
//   - the fit set, for the random strategy leading a chain: the ACTIVE instances with at least
//     the task's CPU free whose free memory is in a class that can hold the task's (class),
//     ordered by that class, then free CPU, then registration: the whole-cluster free-CPU
//     order's sets from the task's CPU upward;
//   - the tie set, for the tie-break after a chain that ends in binpack: the ACTIVE instances
//     at the tie's free amount of binpack's resource that share the class of their other free
//     resource (and, when the pipeline keeps its orders per zone, their zone) with a tied
//     instance, ordered by zone, class and registration: the free order's sets the tie came
//     from, at its value.
//
// A free amount below zero counts as zero, as the Index files it.
type drawSet struct {
	ix   *Index
	segs []drawSeg          // from the Index: ranges of its sets, in order
	list []*models.Instance // from the scan: the members, in order
	n    int
}

// drawSeg is n keys of set from its lo-th.
type drawSeg struct {
	set   *blockset.Set
	lo, n int
}

// maxMisses bounds the draws from the superset before the set is listed. The supersets hold
// little besides the set (instances in the lowest memory class that lack the task's memory,
// or its ports, or its zone), so missing 64 times is rare.
const maxMisses = 64

// drawFrom draws uniformly from s, a non-empty subset of d. A superset of one member wins
// without a draw, as does a listed set of one.
func drawFrom(s Survivors, d *drawSet, rng *rand.Rand) *models.Instance {
	switch d.n {
	case 0:
		panic("scheduler: drawing from an empty superset")
	case 1:
		return d.at(0)
	}
	if in := redraw(d, d.n, s, rng, maxMisses); in != nil {
		return in
	}
	list, _ := s.Members(-1)
	if len(list) == 1 {
		return list[0]
	}
	return list[rng.IntN(len(list))]
}

// counted is a superset of a draw whose i-th member is found without listing it: a drawSet, or
// a group's level.
type counted interface {
	at(i int) *models.Instance
}

// redraw draws members of sup, n of them, uniformly until one is in s, at most misses times,
// and returns it; nil if every draw missed. Drawing from a superset until the draw is in the
// set is a uniform draw from the set (drawFrom and drawLevel list the set after the misses).
func redraw(sup counted, n int, s Survivors, rng *rand.Rand, misses int) *models.Instance {
	for range misses {
		if in := sup.at(rng.IntN(n)); s.Has(in) {
			return in
		}
	}
	return nil
}

// at returns the i-th member of d.
func (d *drawSet) at(i int) *models.Instance {
	if d.ix == nil {
		return d.list[i]
	}
	for _, s := range d.segs {
		if i < s.n {
			return d.ix.instance(s.set.Select(s.lo + i))
		}
		i -= s.n
	}
	panic("scheduler: drawing past the end of a superset")
}

func (d *drawSet) reset(ix *Index) {
	d.ix, d.segs, d.list, d.n = ix, d.segs[:0], d.list[:0], 0
}

// addRange adds to d the keys of set from lo (inclusive) to hi (exclusive).
func (d *drawSet) addRange(set *blockset.Set, lo, hi uint64) {
	from := set.Rank(lo)
	if n := set.Rank(hi) - from; n > 0 {
		d.segs = append(d.segs, drawSeg{set, from, n})
		d.n += n
	}
}

// fitFromIndex makes d the fit set of a task that needs need, from the whole-cluster
// free-CPU order.
func (ix *Index) fitFromIndex(d *drawSet, scratch []*blockset.Set, need models.Resources) []*blockset.Set {
	d.reset(ix)
	sets, ok := ix.wholeSets(scratch[:0], byCPU, need.MemoryMiB)
	if !ok {
		panic("scheduler: the random strategy's free-CPU order is not kept")
	}
	for _, set := range sets {
		d.addRange(set, makeKey(need.CPU, 0), ^uint64(0))
	}
	return sets
}

// tieFromSets makes d the tie set at value v of the given sets, in order.
func (ix *Index) tieFromSets(d *drawSet, sets []*blockset.Set, v int64) {
	d.reset(ix)
	for _, set := range sets {
		d.addRange(set, makeKey(v, 0), makeKey(v+1, 0))
	}
}

// free is the free amount of o's resource of in, as the Index files it.
func free(in *models.Instance, o order) int64 {
	if o == byCPU {
		return max(in.Free().CPU, 0)
	}
	return max(in.Free().MemoryMiB, 0)
}

// otherClass is the class of in's free amount of the resource o does not order by.
func otherClass(in *models.Instance, o order) int {
	if o == byCPU {
		return class(in.Free().MemoryMiB)
	}
	return class(in.Free().CPU)
}

// fitFromPool makes d the fit set of a task that needs need by listing pool.
func fitFromPool(d *drawSet, pool []*models.Instance, need models.Resources) {
	d.reset(nil)
	for _, in := range pool {
		if active(in) && free(in, byCPU) >= need.CPU && otherClass(in, byCPU) >= class(need.MemoryMiB) {
			d.list = append(d.list, in)
		}
	}
	slices.SortFunc(d.list, func(a, b *models.Instance) int {
		return cmp.Or(cmp.Compare(otherClass(a, byCPU), otherClass(b, byCPU)),
			cmp.Compare(free(a, byCPU), free(b, byCPU)), cmp.Compare(a.Seq, b.Seq))
	})
	d.n = len(d.list)
}

// zoneIn is the zone an instance's sets are by in scope sc: its own per zone, 0 over the
// whole cluster.
func zoneIn(in *models.Instance, sc scope) int {
	if sc == perZone {
		return in.ZoneIndex()
	}
	return 0
}

// tieFromIndex makes d the tie set at value v in order o whose zones (when sc is perZone) and
// classes marks gives, from the Index's sets.
func (ix *Index) tieFromIndex(d *drawSet, marks []uint64, o order, sc scope, v int64) {
	d.reset(ix)
	for z, m := range marks {
		zo := ix.orders(sc, z)
		for ; m != 0; m &= m - 1 {
			d.addRange(&zo.byFree[o][bits.TrailingZeros64(m)], makeKey(v, 0), makeKey(v+1, 0))
		}
	}
}

// tieFromPool makes d the tie set at value v in order o whose zones and classes marks gives,
// by listing pool.
func tieFromPool(d *drawSet, pool []*models.Instance, marks []uint64, o order, sc scope, v int64) {
	d.reset(nil)
	for _, in := range pool {
		if z := zoneIn(in, sc); active(in) && free(in, o) == v && z < len(marks) && marks[z]>>otherClass(in, o)&1 != 0 {
			d.list = append(d.list, in)
		}
	}
	slices.SortFunc(d.list, func(a, b *models.Instance) int {
		return cmp.Or(cmp.Compare(zoneIn(a, sc), zoneIn(b, sc)), cmp.Compare(otherClass(a, o), otherClass(b, o)),
			cmp.Compare(a.Seq, b.Seq))
	})
	d.n = len(d.list)
}

// tieDraw is the tie set of tied, the instances the pipeline's chain left tied at one free
// amount of its last strategy's order: from the Index when indexed, else by listing the pool.
func (p *Pipeline) tieDraw(tied []*models.Instance, indexed bool) *drawSet {
	o := p.tieOrder
	v := free(tied[0], o)
	p.marks = p.marks[:0]
	for _, in := range tied {
		z := zoneIn(in, p.scope)
		for len(p.marks) <= z {
			p.marks = append(p.marks, 0)
		}
		p.marks[z] |= 1 << otherClass(in, o)
	}
	if indexed {
		p.index.tieFromIndex(&p.draw, p.marks, o, p.scope, v)
	} else {
		tieFromPool(&p.draw, p.cluster.Instances(), p.marks, o, p.scope, v)
	}
	return &p.draw
}

// fitDraw is the fit set of a task that needs need: from the Index when indexed, else by
// listing the pool.
func (p *Pipeline) fitDraw(need models.Resources, indexed bool) *drawSet {
	if indexed {
		p.sets = p.index.fitFromIndex(&p.draw, p.sets, need)
	} else {
		fitFromPool(&p.draw, p.cluster.Instances(), need)
	}
	return &p.draw
}

// drawable is a Survivors that names the superset a uniform draw from it samples (drawSet),
// or nil for none.
type drawable interface {
	Survivors
	superset() *drawSet
}
