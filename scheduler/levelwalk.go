package scheduler

import (
	"math/rand/v2"

	"github.com/ecssim/ecssim/models"
)

// walkLevels is spread over instances on the fast path: it walks the group's levels upward,
// each in registration order, to the first level that holds an admitted instance; the rest of
// the chain then chooses among that level's admitted instances, or the tie-break among them:
// the first under TieOldest, else drawLevel. Level 0 with strategies left is searched through
// the index (searchWithoutGroup), as the instances without the group are often most of the
// fleet. Under noGroup (an earlier spread over instances left only level 0) only level 0 is
// walked.
func (f *fastSearch) walkLevels(rest []Strategy) *models.Instance {
	c := f.p.cluster
	gl := f.p.levels.group(f.r.Group)
	for n, ok := nextLevel(c, gl, 0); ok && (n == 0 || !f.noGroup); n, ok = nextLevel(c, gl, n+1) {
		if n == 0 && len(rest) > 0 {
			if in := f.searchWithoutGroup(rest); in != nil {
				return in
			}
			continue
		}
		f.level.lv = levelOf(c, gl, n)
		first := f.level.first()
		switch {
		case first == nil:
			continue
		case len(rest) > 0:
			list, _ := f.level.Members(-1)
			return f.p.choose(f.r, list, rest, f.p.rng, nil)
		case c.TieBreak() == models.TieOldest:
			return first
		}
		return drawLevel(&f.level.lv, &f.level, f.p.rng)
	}
	return nil
}

// levelSet is the admitted instances of one level, as Survivors.
type levelSet struct {
	f    *fastSearch
	lv   level
	list []*models.Instance
}

func (s *levelSet) Has(in *models.Instance) bool { return s.f.accept(in) }

// first returns the level's first admitted instance in registration order, or nil.
func (s *levelSet) first() *models.Instance {
	for k := range s.lv.n {
		if in := s.lv.at(k); s.f.accept(in) {
			return in
		}
	}
	return nil
}

// Members lists the level's admitted instances in registration order, walking the level.
func (s *levelSet) Members(limit int) ([]*models.Instance, bool) {
	s.list = s.list[:0]
	for k := range s.lv.n {
		if in := s.lv.at(k); s.f.accept(in) {
			s.list = append(s.list, in)
			if limit >= 0 && len(s.list) > limit {
				return s.list, false
			}
		}
	}
	return s.list, true
}

// drawSpreadTie is the TieRandom tie-break among instances tied after a chain that ends in
// spread over instances (see drawLevel), for the scan and any path that lists the tie: the
// tied instances all run the same number of the group's tasks, which names their level.
func (p *Pipeline) drawSpreadTie(r *Request, tied []*models.Instance, rng *rand.Rand) *models.Instance {
	count := tied[0].GroupCount(r.GroupName)
	var lv level
	if p.levels != nil {
		lv = levelOf(p.cluster, p.levels.group(r.Group), count)
	} else {
		lv = listLevel(p.cluster, r.GroupName, count, p.levelList)
		p.levelList = lv.list
	}
	p.listed.list = tied
	return drawLevel(&lv, &p.listed, rng)
}

// endsInSpreadInstance reports whether the chain's ties go to drawLevel: it ends in spread over
// instances, and has no Chooser, which would have drawn instead.
func endsInSpreadInstance(chain []Strategy) bool {
	for _, s := range chain {
		if _, ok := s.(Chooser); ok {
			return false
		}
	}
	return len(chain) > 0 && chain[len(chain)-1] == SpreadStrategy{}
}
