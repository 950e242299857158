package scheduler

import (
	"cmp"
	"slices"

	"github.com/google/btree"

	"github.com/ecssim/ecssim/models"
)

// fastSearch finds the instance the reference scan would choose, using the Index. It reads the
// chain as nested searches:
//
//   - spread over zones first: try the zones in increasing order of the group's task count,
//     all zones of equal count together, and search the rest of the chain in each level until
//     one holds a feasible instance;
//   - binpack: walk the free-resource orders (of the level's zones, or of the whole cluster when
//     every zone is in the search) upward from the task's need; the first feasible instance
//     gives the best value, and the instances tied at that value, found in the trees whose
//     first fit has it, go on to the rest of the chain (or to the tie-break);
//   - spread over instances: first search, with the rest of the chain, the instances that run
//     none of the group's tasks; only if none is feasible look at the few that do;
//   - a Chooser, or nothing left: draw from the set the search admits (pickUniform), or under
//     TieOldest take the first of it in rank order;
//   - any other strategy: list the feasible instances of the zones and choose among them as the
//     scan does.
//
// The visitors handed to the index are built once, so a search allocates nothing in the
// common case.
type fastSearch struct {
	p        *Pipeline
	r        *Request
	filters  []Filter
	zoneOK   []bool // zones in the current search
	allZones bool   // every zone is in it: walk the index's whole-cluster orders
	noGroup  bool   // only instances without the request's group (spread-instance level 0)

	// The walk in progress: visitOne stops at the first admitted instance, or at bound when
	// bounded; visitAll collects admitted instances up to limit, only those whose value equals
	// hit's when sameValue is set.
	hit       ikey
	found     bool
	bound     ikey
	bounded   bool
	walking   order // the order first walks
	tie       tieTrees
	sameValue bool
	limit     int
	got       []*models.Instance
	trees     []*btree.BTreeG[ikey]
	visitOne  btree.ItemIteratorG[ikey]
	visitAll  btree.ItemIteratorG[ikey]
	levels    []int
	admitted  admittedSet
	tied      tiedSet
}

func (f *fastSearch) init(p *Pipeline) {
	f.p = p
	f.admitted.f, f.tied.f = f, f
	f.visitOne = func(k ikey) bool {
		if f.bounded && (k.v > f.bound.v || f.walking == byRank && !lessKey(k, f.bound)) {
			// Worse than what another tree gave. In a free order an equal value may tie with
			// it, and the tie's trees are noted; in the rank order nothing ties.
			return false
		}
		if f.accept(k.in) {
			f.hit, f.found = k, true
			return false
		}
		return true
	}
	f.visitAll = func(k ikey) bool {
		if f.sameValue && k.v != f.hit.v {
			return false
		}
		if f.accept(k.in) {
			f.got = append(f.got, k.in)
		}
		return f.limit < 0 || len(f.got) <= f.limit
	}
}

// accept reports whether in is in the current search: in one of its zones, past the
// spread-instance level, and feasible.
func (f *fastSearch) accept(in *models.Instance) bool {
	if !f.zoneOK[in.ZoneIndex()] {
		return false
	}
	if f.noGroup && in.GroupCount(f.r.GroupName) > 0 {
		return false
	}
	return feasible(f.r, in, f.filters)
}

func (f *fastSearch) place(r *Request, fs []Filter) *models.Instance {
	f.r, f.filters, f.noGroup, f.tie.valid = r, fs, false, false
	n := len(f.p.cluster.Zones())
	f.zoneOK = slices.Grow(f.zoneOK[:0], n)[:n]
	chain := f.p.chain
	if len(chain) == 0 || !isZoneSpread(chain[0]) {
		for z := range f.zoneOK {
			f.zoneOK[z] = true
		}
		f.allZones = true
		return f.search(chain)
	}
	f.allZones = false
	// Spread over zones: group the zones by the group's task count, fewest first.
	f.levels = f.levels[:0]
	for z := range n {
		f.levels = append(f.levels, z)
	}
	count := func(z int) int {
		if r.Group == nil {
			return 0
		}
		return r.Group.ZoneCount(z)
	}
	slices.SortStableFunc(f.levels, func(a, b int) int { return count(a) - count(b) })
	for i := 0; i < len(f.levels); {
		j := i
		clear(f.zoneOK)
		for j < len(f.levels) && count(f.levels[j]) == count(f.levels[i]) {
			f.zoneOK[f.levels[j]] = true
			j++
		}
		if in := f.search(chain[1:]); in != nil {
			return in
		}
		i = j
	}
	return nil
}

func isZoneSpread(s Strategy) bool {
	sp, ok := s.(SpreadStrategy)
	return ok && sp.byZone()
}

// search returns the winner of chain among the instances accept admits, or nil.
func (f *fastSearch) search(chain []Strategy) *models.Instance {
	if len(chain) == 0 {
		return f.pick(&f.admitted)
	}
	switch s := chain[0].(type) {
	case BinpackStrategy:
		o := s.order()
		if !f.first(o, s.field(f.r.Need)) {
			return nil
		}
		f.tied.order, f.tied.value = o, f.hit.v
		if len(chain) == 1 {
			return f.pick(&f.tied)
		}
		ties, _ := f.tied.Members(-1)
		return f.p.choose(f.r, ties, chain[1:], f.p.rng, nil)
	case SpreadStrategy:
		if s.Attribute == "" {
			return f.spreadInstances(chain)
		}
	case Chooser:
		if !f.first(byRank, 0) {
			return nil
		}
		return s.Choose(f.p.cluster.Instances(), &f.admitted, f.p.rng)
	}
	all, _ := f.admitted.Members(-1)
	return f.p.choose(f.r, all, chain, f.p.rng, nil)
}

// rankedSet is a set the fast path can also walk in rank order.
type rankedSet interface {
	Survivors
	// First returns the member with the lowest rank, or nil.
	First() *models.Instance
}

// pick applies the tie-break to a set the search admits: the lowest rank under TieOldest
// (rank is the registration number there), else a uniform draw.
func (f *fastSearch) pick(s rankedSet) *models.Instance {
	if f.p.cluster.TieBreak() == models.TieOldest {
		return s.First()
	}
	return pickUniform(f.p.cluster.Instances(), s, f.p.rng, f.p.tieBreakLimit())
}

// spreadInstances handles a chain that starts with spread over instances: the instances
// running none of the group's tasks score 0 and win if any is feasible; otherwise the few
// instances that run the group's tasks are scored as the scan would.
func (f *fastSearch) spreadInstances(chain []Strategy) *models.Instance {
	if f.noGroup {
		return f.search(chain[1:]) // already restricted to instances without the group
	}
	f.noGroup = true
	in := f.search(chain[1:])
	f.noGroup, f.tie.valid = false, false
	if in != nil || f.r.Group == nil {
		return in
	}
	var cands []*models.Instance
	for _, x := range f.r.Group.Instances() {
		if !x.Fargate() && f.accept(x) { // a Fargate micro-VM is never a candidate
			cands = append(cands, x)
		}
	}
	return f.p.choose(f.r, cands, chain, f.p.rng, nil)
}

// walkTrees lists the index trees order o must walk in the search's zones: for the free-CPU
// and free-memory orders, only the classes of the other resource that can hold the task.
func (f *fastSearch) walkTrees(o order) []*btree.BTreeG[ikey] {
	minOther := int64(0)
	switch o {
	case byCPU:
		minOther = f.r.Need.MemoryMiB
	case byMemory:
		minOther = f.r.Need.CPU
	}
	f.trees = f.trees[:0]
	if f.allZones {
		if ts, ok := f.p.index.wholeTrees(f.trees, o, minOther); ok {
			f.trees = ts
			return ts
		}
	}
	for z, ok := range f.zoneOK {
		if ok {
			f.trees = f.p.index.trees(f.trees, z, o, minOther)
		}
	}
	return f.trees
}

// first finds the first admitted instance in order o from value from, across the search's
// trees: the lowest (value, rank, registration). It leaves it in f.hit, and in f.tie the trees
// whose first admitted instance has that value: the only trees a tie at it can come from.
func (f *fastSearch) first(o order, from int64) bool {
	f.bounded, f.walking = false, o
	f.tie.trees = f.tie.trees[:0]
	f.tie.hits = f.tie.hits[:0]
	for _, t := range f.walkTrees(o) {
		f.found = false
		t.AscendGreaterOrEqual(ikey{v: from}, f.visitOne)
		if !f.found {
			continue
		}
		f.tie.trees = append(f.tie.trees, t)
		f.tie.hits = append(f.tie.hits, f.hit.v)
		if !f.bounded || lessKey(f.hit, f.bound) {
			f.bound, f.bounded = f.hit, true // later trees only need to match it
		}
	}
	f.hit = f.bound
	f.tie.order, f.tie.value, f.tie.valid = o, f.hit.v, f.bounded && o != byRank
	if f.bounded {
		kept := 0
		for i, t := range f.tie.trees {
			if f.tie.hits[i] == f.hit.v {
				f.tie.trees[kept] = t
				kept++
			}
		}
		f.tie.trees = f.tie.trees[:kept]
	}
	return f.bounded
}

// tieTrees remembers, from the last call to first in a free order, the trees that hold admitted
// instances at the value it found, so listing the tie at that value walks only them. It holds
// only for the search that made it: a new placement or a change of the admitted set
// (spreadInstances) invalidates it.
type tieTrees struct {
	order order
	value int64
	valid bool
	trees []*btree.BTreeG[ikey]
	hits  []int64 // scratch: each tree's first admitted value
}

// collect walks order o from value from in the trees of the search and gathers admitted
// instances, stopping once it has more than limit (limit < 0: all); with sameValue, only those
// whose value equals f.hit's, from the trees first noted as holding it when it can. It reports
// whether it saw them all.
func (f *fastSearch) collect(o order, from int64, sameValue bool, limit int) ([]*models.Instance, bool) {
	f.got, f.sameValue, f.limit = f.got[:0], sameValue, limit
	trees := f.tie.trees
	if !sameValue || !f.tie.valid || f.tie.order != o || f.tie.value != from {
		trees = f.walkTrees(o)
	}
	for _, t := range trees {
		if limit < 0 || len(f.got) <= limit {
			t.AscendGreaterOrEqual(ikey{v: from}, f.visitAll)
		}
	}
	if limit >= 0 && len(f.got) > limit {
		return f.got, false
	}
	slices.SortFunc(f.got, func(a, b *models.Instance) int { return cmp.Compare(a.Seq, b.Seq) })
	return f.got, true
}

// admittedSet is every instance the search admits, as Survivors.
type admittedSet struct{ f *fastSearch }

func (s *admittedSet) Has(in *models.Instance) bool { return s.f.accept(in) }

func (s *admittedSet) Members(limit int) ([]*models.Instance, bool) {
	return s.f.collect(byRank, 0, false, limit)
}

func (s *admittedSet) First() *models.Instance {
	if !s.f.first(byRank, 0) {
		return nil
	}
	return s.f.hit.in
}

// tiedSet is the admitted instances whose free resource in order equals value: binpack's ties.
type tiedSet struct {
	f     *fastSearch
	order order
	value int64
}

func (s *tiedSet) Has(in *models.Instance) bool {
	free := in.Free().CPU
	if s.order == byMemory {
		free = in.Free().MemoryMiB
	}
	return free == s.value && s.f.accept(in)
}

func (s *tiedSet) Members(limit int) ([]*models.Instance, bool) {
	s.f.hit.v = s.value
	return s.f.collect(s.order, s.value, true, limit)
}

func (s *tiedSet) First() *models.Instance {
	if !s.f.first(s.order, s.value) {
		return nil
	}
	return s.f.hit.in
}
