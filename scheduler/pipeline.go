package scheduler

import (
	"cmp"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/ecssim/ecssim/internal/blockset"
	"github.com/ecssim/ecssim/models"
)

// Pipeline places tasks the way ECS does: filters, then strategies in order, then the
// tie-break (see the package documentation).
//
// Strategy semantics are lexicographic, as ECS chains them: the first strategy scores every
// feasible instance and keeps those with the best score; each later strategy only breaks the
// exact ties the earlier ones left; a Chooser (random) picks among the remaining ties and ends
// the chain; whatever is still tied goes to the cluster's tie-break: a uniform random draw
// (TieRandom, made as random makes it; after a fewTies strategy such as binpack, from the tie
// set: see drawSet) or the oldest instance (TieOldest). A chain that ends in a rankTies
// strategy (the FGD artifact's policies) gives its ties to the instance of lowest rank
// instead, drawing nothing.
//
// A Pipeline is not safe for concurrent use.
type Pipeline struct {
	cluster     *models.Cluster
	index       *Index // nil: every placement scans
	chain       []Strategy
	fewTies     bool  // the chain ends in a fewTies strategy
	tieOrder    order // its order, when it does
	scope       scope // how the index keeps the orders this chain walks
	spreadTie   bool  // the chain's ties go to drawLevel (endsInSpreadInstance)
	levels      *levels
	levelList   []*models.Instance // drawSpreadTie's scratch without levels
	specs       []models.StrategySpec
	constraints []Filter
	perDef      map[*models.TaskDefinition][]Filter
	src         *rand.PCG
	rng         *rand.Rand

	req     Request
	cands   []*models.Instance
	scores  []float64
	scratch []*models.Instance
	fast    fastSearch
	listed  listSurvivors
	draw    drawSet // the superset of the draw in progress
	marks   []uint64
	sets    []*blockset.Set
	tasks   []*models.Task // ScaleIn's survivors
	// failed is the last failure Place explained: a task of the same definition and group
	// that fails while the cluster is as it was fails for the same reasons.
	failed struct {
		def     *models.TaskDefinition
		group   string
		version uint64
		err     *models.PlacementError
	}
}

var _ models.Placer = (*Pipeline)(nil)

// NewPipeline builds a pipeline for cluster c from ECS's placementStrategy and
// placementConstraints items. ix may be nil, in which case every placement scans the cluster.
// Random draws (the random strategy) come from src.
func NewPipeline(c *models.Cluster, ix *Index, chain []models.StrategySpec, constraints []models.ConstraintSpec, src *rand.PCG) (*Pipeline, error) {
	var errs []error
	if err := CheckStrategyCount(len(chain)); err != nil {
		errs = append(errs, err)
	}
	if len(constraints) > MaxConstraints {
		errs = append(errs, fmt.Errorf("%d placement constraints, ECS allows at most %d", len(constraints), MaxConstraints))
	}
	p := &Pipeline{cluster: c, index: ix, specs: slices.Clone(chain), perDef: map[*models.TaskDefinition][]Filter{}, src: src, rng: rand.New(src)}
	for _, s := range chain {
		st, err := Lookup(s)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		p.chain = append(p.chain, st)
	}
	if len(p.chain) > 0 {
		// After a Chooser the tie-break only ever settles a single candidate.
		if ft, ok := p.chain[len(p.chain)-1].(fewTies); ok && !slices.ContainsFunc(p.chain, isChooser) {
			p.fewTies, p.tieOrder = true, ft.tieOrder()
		}
		// A chain that spreads over zones first searches a group of zones at a time (the fast
		// path's levels); any other searches them all at once.
		if w, ok := p.chain[0].(indexWalker); ok && w.leadsByZone() {
			p.scope = perZone
		} else {
			p.scope = wholeCluster
		}
	} else {
		p.scope = wholeCluster
	}
	p.spreadTie = endsInSpreadInstance(p.chain)
	for _, cs := range constraints {
		f, err := CompileConstraint(cs, false)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		p.constraints = append(p.constraints, f)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if ix != nil {
		for _, s := range p.chain {
			if w, ok := s.(indexWalker); ok {
				w.keep(ix, p.scope)
			}
			if _, ok := s.(SpreadStrategy); ok {
				p.levels = levelsFor(c)
			}
		}
	}
	p.fast.init(p)
	return p, nil
}

// Strategies returns the pipeline's strategy chain as ECS writes it.
func (p *Pipeline) Strategies() []models.StrategySpec { return p.specs }

// filters returns the filters for a task of definition d, in pipeline order: resource fit,
// then the definition's constraints, then the service's or RunTask's. The scenarios package
// validates constraints before a run, so a bad one here is a bug.
func (p *Pipeline) filters(d *models.TaskDefinition) []Filter {
	if fs, ok := p.perDef[d]; ok {
		return fs
	}
	fs := slices.Clone(resourceFilters)
	for _, cs := range d.PlacementConstraints {
		f, err := CompileConstraint(cs, true)
		if err != nil {
			panic(fmt.Sprintf("scheduler: task definition %s: %v", d.Ref(), err))
		}
		fs = append(fs, f)
	}
	fs = append(fs, p.constraints...)
	p.perDef[d] = fs
	return fs
}

// Place implements models.Placer.
func (p *Pipeline) Place(t *models.Task) (*models.Instance, *models.PlacementError) {
	r := &p.req
	r.reset(t, p.cluster)
	fs := p.filters(t.Def)
	var in *models.Instance
	if p.index != nil {
		in = p.fast.place(r, fs)
	} else {
		in = p.scan(r, fs, p.rng)
	}
	if in == nil {
		f := &p.failed
		if f.err == nil || f.def != t.Def || f.group != t.Group || f.version != p.cluster.Version() {
			f.def, f.group, f.version = t.Def, t.Group, p.cluster.Version()
			f.err = p.failure(r, fs, p.cluster.Instances())
		}
		return nil, f.err
	}
	p.chooseDevice(r, in)
	return in, nil
}

// chooseDevice lets the chain's first deviceChooser pick the GPU a share of one GPU takes on
// the winner (Task.PreferGPU), after either path found it, so that both draw alike. Tasks
// that ask for no share never reach a chooser, and so never draw.
func (p *Pipeline) chooseDevice(r *Request, in *models.Instance) {
	if m := r.Need.GPUMilli; m == 0 || m >= models.MilliPerGPU {
		return
	}
	for _, s := range p.chain {
		if c, ok := s.(deviceChooser); ok {
			if dev := c.chooseDevice(r, in, p.rng); dev >= 0 {
				r.Task.PreferGPU(dev)
			}
			return
		}
	}
}

func feasible(r *Request, in *models.Instance, fs []Filter) bool {
	for _, f := range fs {
		if !f.Feasible(r, in) {
			return false
		}
	}
	return true
}

// scan is the reference path: filter every instance, then choose.
func (p *Pipeline) scan(r *Request, fs []Filter, rng *rand.Rand) *models.Instance {
	pool := p.cluster.Instances()
	cands := p.cands[:0]
	for _, in := range pool {
		if feasible(r, in, fs) {
			cands = append(cands, in)
		}
	}
	p.cands = cands
	return p.choose(r, cands, p.chain, rng, nil)
}

// choose applies strategies to feasible candidates, listed in registration order, and returns
// the winner, recording each strategy's scores in d when d is not nil.
func (p *Pipeline) choose(r *Request, cands []*models.Instance, chain []Strategy, rng *rand.Rand, d *Decision) *models.Instance {
	if len(cands) == 0 {
		return nil
	}
	survivors := append(p.scratch[:0], cands...)
	defer func() { p.scratch = survivors[:0] }()
	fit := len(chain) > 0 && len(chain) == len(p.chain) && isChooser(chain[0])
	for si, s := range chain {
		if len(survivors) == 1 && !(si == 0 && fit) {
			break // nothing left to rank, and a draw among one instance draws nothing
		}
		if ch, ok := s.(Chooser); ok {
			// Leading the chain, random draws from the fit set (drawSet), even for one
			// candidate, as the fast path does; through the index when the fast path asks.
			p.listed = listSurvivors{list: survivors, p: p, need: r.Need, fit: fit, indexed: d == nil && p.index != nil}
			in := ch.Choose(p.cluster.Instances(), &p.listed, rng)
			d.chose(si, in)
			return in
		}
		scores := p.scoreBuf(len(survivors))
		s.Score(r, survivors, scores)
		d.scored(si, survivors, scores)
		survivors = keepScored(survivors, scores, slices.Min(scores))
	}
	var in *models.Instance
	if endsRankingTies(chain) {
		return lowestRank(survivors) // no draw: nothing for d to record
	}
	if p.spreadTie && p.cluster.TieBreak() == models.TieRandom {
		in = p.drawSpreadTie(r, survivors, rng)
	} else {
		in = p.tieBreak(survivors, rng, d == nil && p.index != nil)
	}
	if len(survivors) > 1 && p.cluster.TieBreak() == models.TieRandom {
		d.chose(len(chain), in)
	}
	return in
}

// tieBreak picks among instances every strategy scored equally, listed in registration order;
// after a fewTies chain, from the tie set (drawSet), through the index when indexed.
func (p *Pipeline) tieBreak(tied []*models.Instance, rng *rand.Rand, indexed bool) *models.Instance {
	if p.cluster.TieBreak() == models.TieOldest {
		return tied[0]
	}
	p.listed = listSurvivors{list: tied}
	if p.fewTies {
		return drawFrom(&p.listed, p.tieDraw(tied, indexed), rng)
	}
	if len(tied) == 1 {
		return tied[0]
	}
	return pickUniform(p.cluster.Instances(), &p.listed, rng, smallSet)
}

func (p *Pipeline) scoreBuf(n int) []float64 {
	if cap(p.scores) < n {
		p.scores = make([]float64, n)
	}
	return p.scores[:n]
}

// endsRankingTies reports whether chain ends in a rankTies strategy, whose ties go to the
// lowest rank.
func endsRankingTies(chain []Strategy) bool {
	if len(chain) == 0 {
		return false
	}
	r, ok := chain[len(chain)-1].(rankTies)
	return ok && r.ranksTies()
}

// lowestRank returns the instance of lowest rank (rankLess) among tied, which are never empty.
func lowestRank(tied []*models.Instance) *models.Instance {
	best := tied[0]
	for _, in := range tied[1:] {
		if rankLess(in, best) {
			best = in
		}
	}
	return best
}

func isChooser(s Strategy) bool {
	_, ok := s.(Chooser)
	return ok
}

func rankLess(a, b *models.Instance) bool {
	return a.Rank < b.Rank || (a.Rank == b.Rank && a.Seq < b.Seq)
}

// listSurvivors is a Survivors backed by a list in registration order. With fit set, the
// random strategy leads the chain and draws from the fit set of a task that needs need.
type listSurvivors struct {
	list    []*models.Instance
	p       *Pipeline
	need    models.Resources
	fit     bool
	indexed bool
}

func (s *listSurvivors) superset() *drawSet {
	if !s.fit {
		return nil
	}
	return s.p.fitDraw(s.need, s.indexed)
}

func (s *listSurvivors) Has(in *models.Instance) bool {
	_, ok := slices.BinarySearchFunc(s.list, in.Seq, func(x *models.Instance, seq uint64) int {
		return cmp.Compare(x.Seq, seq)
	})
	return ok
}

func (s *listSurvivors) Members(limit int) ([]*models.Instance, bool) {
	return s.list, limit < 0 || len(s.list) <= limit
}

// failure explains why no instance of pool fits: each instance counts against the first filter
// that rejected it, and the closest match is the instance that got furthest down the filters
// (lowest rank among equals), as ECS's service event names it. Place passes every registered
// instance; PlaceOn the one instance it was asked about. Every instance of pool must fail.
func (p *Pipeline) failure(r *Request, fs []Filter, pool []*models.Instance) *models.PlacementError {
	e := &models.PlacementError{Candidates: len(pool)}
	counts := make([]int, len(fs))
	bestStage := -1
	// A stage is the index of the first filter that rejected the instance.
	for _, in := range pool {
		stage := len(fs)
		for i, f := range fs {
			if !f.Feasible(r, in) {
				stage = i
				break
			}
		}
		if stage == len(fs) {
			panic(fmt.Sprintf("scheduler: %s fits %s, yet placement failed", in.ID, r.Def.Ref()))
		}
		counts[stage]++
		if stage > bestStage || (stage == bestStage && rankLess(in, e.Closest)) {
			bestStage, e.Closest, e.ClosestReason = stage, in, fs[stage].ECSReason()
		}
	}
	for i, n := range counts {
		if n == 0 {
			continue
		}
		// Several memberOf constraints share one key.
		j := slices.IndexFunc(e.Rejected, func(r models.Rejection) bool { return r.Filter == fs[i].Name() })
		if j < 0 {
			e.Rejected = append(e.Rejected, models.Rejection{Filter: fs[i].Name(), Count: n})
		} else {
			e.Rejected[j].Count += n
		}
	}
	return e
}

// keepScored keeps, in place and in order, the items whose score is best: how each strategy of
// a chain narrows the ties the earlier ones left, for placement and scale-in alike.
func keepScored[T any](items []T, scores []float64, best float64) []T {
	kept := items[:0]
	for i, x := range items {
		if scores[i] == best {
			kept = append(kept, x)
		}
	}
	return kept
}
