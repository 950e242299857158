package scheduler

import (
	"cmp"
	"slices"

	"github.com/ecssim/ecssim/internal/blockset"
	"github.com/ecssim/ecssim/models"
)

// fastSearch finds the instance the reference scan would choose, using the Index. It reads the
// chain as nested searches, each strategy narrowing the set of instances the search admits
// (zones, instances without the group's tasks, feasible) for the rest of the chain:
//
//   - a strategy that walks the index (indexWalker: binpack, spread) runs its own walk, which
//     uses first, tiedAtFirst, zoneSet, searchWithoutGroup, search and settle;
//   - a Chooser, or nothing left: draw from the set the search admits (drawFit leading the
//     chain, pickUniform later), or under TieOldest take the first of it in rank order;
//   - any other strategy: list the admitted instances and choose among them as the scan does.
//
// Its scratch slices are kept from one search to the next, so a search allocates nothing in
// the common case.
type fastSearch struct {
	p        *Pipeline
	r        *Request
	zoneOK   []bool // zones in the current search
	allZones bool   // every zone is in it: walk the index's whole-cluster orders
	noGroup  bool   // only instances without the request's group (spread-instance level 0)

	// The request's filters past resourceFilters when its filters start with them
	// (resourcesFirst), else all of them: accept checks resourceFilters' at once (resourcesFit)
	// and these one by one.
	rest           []Filter
	resourcesFirst bool

	// The walk in progress: first's best key so far (bound, when bounded), and its result (hit).
	hit      uint64
	bound    uint64
	bounded  bool
	tie      tieTrees
	got      []*models.Instance
	trees    []*blockset.Set
	levels   []int
	walkers  []indexWalker // walkers[i]: the pipeline's strategy i as an indexWalker, or nil
	admitted admittedSet
	tied     tiedSet
	level    levelSet // spread over instances: the level walkLevels reached
	// spread over attributes: the domains each walk in progress admits (walkDomains)
	domains    []domainFilter
	domainList []domain
}

func (f *fastSearch) init(p *Pipeline) {
	f.p = p
	f.admitted.f, f.tied.f, f.level.f = f, f, f
	// Asked once here rather than on every placement: the answer never changes.
	f.walkers = make([]indexWalker, len(p.chain))
	for i, s := range p.chain {
		f.walkers[i], _ = s.(indexWalker)
	}
}

// accept reports whether in is in the current search: in one of its zones, past the
// spread-instance level, in the attribute domains of the walks in progress, and feasible.
func (f *fastSearch) accept(in *models.Instance) bool {
	if !f.zoneOK[in.ZoneIndex()] {
		return false
	}
	if f.noGroup && in.GroupCount(f.r.GroupName) > 0 {
		return false
	}
	for i := range f.domains {
		if !f.domains[i].ok(in) {
			return false
		}
	}
	if f.resourcesFirst && !resourcesFit(f.r, in) {
		return false
	}
	return feasible(f.r, in, f.rest)
}

func (f *fastSearch) place(r *Request, fs []Filter) *models.Instance {
	f.r, f.noGroup, f.tie.valid = r, false, false
	f.resourcesFirst = startsWithResources(fs)
	f.rest = fs
	if f.resourcesFirst {
		f.rest = fs[len(resourceFilters):]
	}
	n := len(f.p.cluster.Zones())
	f.zoneOK = slices.Grow(f.zoneOK[:0], n)[:n]
	for z := range f.zoneOK {
		f.zoneOK[z] = true
	}
	f.allZones = true
	return f.search(f.p.chain)
}

// search returns the winner of chain among the instances accept admits, or nil.
func (f *fastSearch) search(chain []Strategy) *models.Instance {
	if len(chain) > 0 {
		// chain is a tail of the pipeline's chain, so its first strategy's place there is
		// len(walkers)-len(chain).
		if w := f.walkers[len(f.walkers)-len(chain)]; w != nil {
			return w.walk(f, chain)
		}
		if c, ok := chain[0].(Chooser); ok {
			return f.choose(c)
		}
	}
	return f.settle(&f.admitted, chain)
}

// choose returns c's choice among the admitted instances, or nil if there are none.
func (f *fastSearch) choose(c Chooser) *models.Instance {
	if !f.first(byRank, 0) {
		return nil
	}
	return c.Choose(f.p.cluster.Instances(), &f.admitted, f.p.rng)
}

// drawFit is the random strategy leading the chain: a uniform draw among the admitted (the
// feasible) instances from the fit set (drawSet), or nil if none is feasible.
func (f *fastSearch) drawFit() *models.Instance {
	if !f.first(byCPU, f.r.Need.CPU) {
		return nil
	}
	p := f.p
	p.sets = p.index.fitFromIndex(&p.draw, p.sets, f.r.Need)
	return drawFrom(&f.admitted, &p.draw, p.rng)
}

// settle returns the winner of rest among the members of s: the tie-break's when rest is
// empty, else the scan's choice among them, listed.
func (f *fastSearch) settle(s rankedSet, rest []Strategy) *models.Instance {
	if len(rest) == 0 {
		return f.pick(s)
	}
	list, _ := s.Members(-1)
	return f.p.choose(f.r, list, rest, f.p.rng, nil)
}

// leads reports whether chain is the pipeline's whole chain: its first strategy is the
// pipeline's first, which searches every zone.
func (f *fastSearch) leads(chain []Strategy) bool { return len(chain) == len(f.p.chain) }

// zones returns the zone numbers 0 to n-1, in scratch a walk may reorder.
func (f *fastSearch) zones() []int {
	f.levels = f.levels[:0]
	for z := range f.zoneOK {
		f.levels = append(f.levels, z)
	}
	return f.levels
}

// zoneSet narrows the search to the zones a walk marks in the slice it returns, by zone number;
// it starts with none. The pipeline keeps its free orders per zone only when its first strategy
// searches zones this way (NewPipeline), so only that strategy may.
func (f *fastSearch) zoneSet() []bool {
	f.allZones = false
	clear(f.zoneOK)
	return f.zoneOK
}

// searchWithoutGroup returns the winner of rest among the admitted instances that run none of
// the request's group's tasks.
func (f *fastSearch) searchWithoutGroup(rest []Strategy) *models.Instance {
	f.noGroup = true
	in := f.search(rest)
	f.noGroup, f.tie.valid = false, false
	return in
}

// tiedAtFirst walks order o upward from value from and returns the admitted instances at the
// first value it finds (see first), or nil if it finds none.
func (f *fastSearch) tiedAtFirst(o order, from int64) *tiedSet {
	if !f.first(o, from) {
		return nil
	}
	f.tied.order, f.tied.value = o, keyValue(f.hit)
	return &f.tied
}

// rankedSet is a set the fast path can also walk in rank order.
type rankedSet interface {
	Survivors
	// First returns the member with the lowest rank, or nil.
	First() *models.Instance
}

// pick applies the tie-break to a set the search admits: the lowest rank under TieOldest
// (rank is the registration number there), else a uniform draw: after binpack, from the tie
// set (drawSet) in the sets first noted as holding the tie.
func (f *fastSearch) pick(s rankedSet) *models.Instance {
	if f.p.cluster.TieBreak() == models.TieOldest {
		return s.First()
	}
	if t, ok := s.(*tiedSet); ok {
		if !f.tie.valid || f.tie.order != t.order || f.tie.value != t.value {
			panic("scheduler: a binpack tie without the sets it came from")
		}
		f.p.index.tieFromSets(&f.p.draw, f.tie.trees, t.value)
		return drawFrom(t, &f.p.draw, f.p.rng)
	}
	return pickUniform(f.p.cluster.Instances(), s, f.p.rng, smallSet)
}

// walkTrees lists the index sets order o must walk in the search's zones: for the free-CPU
// and free-memory orders, only the classes of the other resource that can hold the task.
func (f *fastSearch) walkTrees(o order) []*blockset.Set {
	minOther := int64(0)
	switch o {
	case byCPU:
		minOther = f.r.Need.MemoryMiB
	case byMemory:
		minOther = f.r.Need.CPU
	}
	f.trees = f.trees[:0]
	if f.allZones {
		if ts, ok := f.p.index.wholeSets(f.trees, o, minOther); ok {
			f.trees = ts
			return ts
		}
	}
	for z, ok := range f.zoneOK {
		if ok {
			f.trees = f.p.index.sets(f.trees, z, o, minOther)
		}
	}
	return f.trees
}

// first finds the first admitted instance in order o from value from, across the search's
// sets: the lowest key (value, then registration). It leaves its key in f.hit, and in f.tie
// the sets whose first admitted instance has that value: the only sets a tie at it can come
// from.
func (f *fastSearch) first(o order, from int64) bool {
	f.bounded = false
	f.tie.trees = f.tie.trees[:0]
	f.tie.hits = f.tie.hits[:0]
	for _, t := range f.walkTrees(o) {
		k, ok := f.firstIn(t, o, from)
		if !ok {
			continue
		}
		f.tie.trees = append(f.tie.trees, t)
		f.tie.hits = append(f.tie.hits, keyValue(k))
		if !f.bounded || k < f.bound {
			f.bound, f.bounded = k, true // later sets only need to match it
		}
	}
	f.hit = f.bound
	f.tie.order, f.tie.value, f.tie.valid = o, keyValue(f.hit), f.bounded && o != byRank
	if f.bounded {
		kept := 0
		for i, t := range f.tie.trees {
			if f.tie.hits[i] == keyValue(f.hit) {
				f.tie.trees[kept] = t
				kept++
			}
		}
		f.tie.trees = f.tie.trees[:kept]
	}
	return f.bounded
}

// firstIn returns the key of the first admitted instance of t from value from, unless it is
// worse than the bound another set gave: in a free order an equal value may tie with it, and
// the tie's sets are noted; in the registration order nothing ties.
func (f *fastSearch) firstIn(t *blockset.Set, o order, from int64) (uint64, bool) {
	ix := f.p.index
	beyond := func(k uint64) bool {
		return f.bounded && (keyValue(k) > keyValue(f.bound) || o == byRank && k >= f.bound)
	}
	// beyond only turns true as keys grow: a set whose least key is beyond the bound has
	// nothing to give, which its first key tells without the search for from (a binpack walk
	// over several classes finds its best in one and meets the others' keys above it).
	if m, ok := t.Min(); !ok || beyond(m) {
		return 0, false
	}
	for k := range t.Ascend(makeKey(from, 0)) {
		if beyond(k) {
			return 0, false
		}
		if f.accept(ix.instance(k)) {
			return k, true
		}
	}
	return 0, false
}

// tieTrees remembers, from the last call to first in a free order, the sets that hold admitted
// instances at the value it found, so listing the tie at that value walks only them. It holds
// only for the search that made it: a new placement or a change of the admitted set
// (spreadInstances) invalidates it.
type tieTrees struct {
	order order
	value int64
	valid bool
	trees []*blockset.Set
	hits  []int64 // scratch: each set's first admitted value
}

// collect walks order o from value from in the sets of the search and gathers admitted
// instances, stopping once it has more than limit (limit < 0: all); with sameValue, only those
// at value from, from the sets first noted as holding it when it can. It reports whether it
// saw them all.
func (f *fastSearch) collect(o order, from int64, sameValue bool, limit int) ([]*models.Instance, bool) {
	f.got = f.got[:0]
	trees := f.tie.trees
	if !sameValue || !f.tie.valid || f.tie.order != o || f.tie.value != from {
		trees = f.walkTrees(o)
	}
	ix := f.p.index
	for _, t := range trees {
		for k := range t.Ascend(makeKey(from, 0)) {
			if limit >= 0 && len(f.got) > limit || sameValue && keyValue(k) != from {
				break
			}
			if in := ix.instance(k); f.accept(in) {
				f.got = append(f.got, in)
			}
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
	return s.f.p.index.instance(s.f.hit)
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
	return s.f.collect(s.order, s.value, true, limit)
}

func (s *tiedSet) First() *models.Instance {
	if !s.f.first(s.order, s.value) {
		return nil
	}
	return s.f.p.index.instance(s.f.hit)
}
