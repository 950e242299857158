package scheduler

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"

	"github.com/ecssim/ecssim/internal/blockset"
	"github.com/ecssim/ecssim/models"
)

// levels orders the instances of a cluster by how many active tasks of a group each runs, for
// spread over instances: level n is every registered instance that runs n of the group's tasks,
// in registration order. Spread's best instances are those of the lowest level that holds a
// feasible one, so the fast path walks the levels upward (walkInstances), and a uniform draw
// among a level's instances counts and selects them (drawLevel) rather than probing the fleet.
//
// Only groups a spread over instances asks about are kept, each filed when first asked about
// (group). Level 0, the instances without the group, is the cluster's instances less the
// group's, so an instance is filed only in the groups whose tasks it runs. One levels serves
// every pipeline of a cluster (levelsFor), told of each change by the cluster (GroupChanged).
type levels struct {
	c      *models.Cluster
	groups map[*models.Group]*groupLevels

	// Spread over an attribute (spreaddomains.go): the instances per value of each attribute
	// asked about, and the groups' tasks per value, with the attributes kept for each group.
	attrs   map[string]*attrDomains
	byAttr  map[groupAttr]*groupDomains
	attrsOf map[*models.Group][]string
}

// groupLevels is one group's instances with at least one of its active tasks: by count, as
// levelKey(count, Seq), and by Seq alone, to count and select level 0 as their complement.
type groupLevels struct {
	byCount blockset.Set
	members blockset.Set
}

// levelKey is an instance's key in a group's levels: the index's key (makeKey) with the group's
// task count on it as the value.
func levelKey(count int, seq uint64) uint64 { return makeKey(int64(count), seq) }

// levelsFor returns the cluster's levels, registering them with the cluster on first use.
func levelsFor(c *models.Cluster) *levels {
	for _, w := range c.GroupWatchers() {
		if l, ok := w.(*levels); ok {
			return l
		}
	}
	l := &levels{c: c, groups: map[*models.Group]*groupLevels{}, attrs: map[string]*attrDomains{},
		byAttr: map[groupAttr]*groupDomains{}, attrsOf: map[*models.Group][]string{}}
	c.WatchGroups(l)
	c.Watch(l)
	return l
}

// GroupChanged implements models.GroupWatcher. Fargate micro-VMs are never candidates, and not
// among the cluster's instances, so they are not filed in the levels (their tasks count in
// their domains, as spread's Score counts them).
func (l *levels) GroupChanged(g *models.Group, in *models.Instance, delta int) {
	for _, attr := range l.attrsOf[g] {
		l.byAttr[groupAttr{g, attr}].add(in, attr, delta)
	}
	gl := l.groups[g]
	if gl == nil || in.Fargate() {
		return
	}
	n := in.GroupCount(g.Name)
	gl.move(in.Seq, n-delta, n)
}

// group returns g's levels, filing its instances on first use; nil for a group without tasks.
func (l *levels) group(g *models.Group) *groupLevels {
	if g == nil {
		return nil
	}
	gl := l.groups[g]
	if gl == nil {
		gl = &groupLevels{}
		for _, in := range g.Instances() {
			if !in.Fargate() {
				gl.move(in.Seq, 0, in.GroupCount(g.Name))
			}
		}
		l.groups[g] = gl
	}
	return gl
}

// move refiles the instance numbered seq from level from to level to.
func (gl *groupLevels) move(seq uint64, from, to int) {
	if !keyFits(int64(to), seq) {
		panic(fmt.Sprintf("scheduler: instance %d with %d tasks of a group is past the levels' keys", seq, to))
	}
	if from > 0 {
		gl.byCount.Delete(levelKey(from, seq))
	} else {
		gl.members.Insert(seq)
	}
	if to > 0 {
		gl.byCount.Insert(levelKey(to, seq))
	} else {
		gl.members.Delete(seq)
	}
}

// level is one level of a group: its instances in registration order, counted and selected
// through the group's levels, or listed when there are none (the scan of a pipeline without an
// index).
type level struct {
	c      *models.Cluster
	gl     *groupLevels // nil: the group has no tasks, and level 0 is every instance
	count  int
	lo, n  int // the level's first key's rank in gl.byCount, and its size
	list   []*models.Instance
	listed bool
}

// at returns the level's k-th instance (from 0) in registration order.
func (lv *level) at(k int) *models.Instance {
	all := lv.c.Instances()
	switch {
	case lv.listed:
		return lv.list[k]
	case lv.gl == nil:
		return all[k]
	case lv.count == 0 && dense(all):
		return all[kthNonMember(&lv.gl.members, all[0].Seq, k)]
	case lv.count == 0:
		// The k-th instance not among the members: the first position i where the
		// instances up to i hold k+1 non-members (Rank(seq+1) counts the members up to seq).
		m := &lv.gl.members
		i := k + sort.Search(min(len(all)-k, m.Len()+1), func(j int) bool {
			i := k + j
			return i+1-m.Rank(all[i].Seq+1) > k
		})
		return all[i]
	}
	return bySeq(all, lv.gl.byCount.Select(lv.lo+k)&seqMask)
}

// dense reports whether the instances all, in registration order, are numbered without a gap,
// so that an instance's position is its Seq less the first's: as they are until one
// deregisters.
func dense(all []*models.Instance) bool {
	return len(all) > 0 && all[len(all)-1].Seq-all[0].Seq == uint64(len(all)-1)
}

// kthNonMember is the position of the k-th (from 0) of a dense fleet's instances, numbered
// from base, whose Seq is not in members. With the members' positions p_0 < p_1 < …, the
// answer is k+j for the fewest j members before it: the first j with p_j - j > k, which grows
// with j, so a binary search over the members finds it, reading no instance.
func kthNonMember(members *blockset.Set, base uint64, k int) int {
	j := sort.Search(members.Len(), func(j int) bool {
		return int(members.Select(j)-base)-j > k
	})
	return k + j
}

// bySeq finds the registered instance numbered seq in all, which is in registration order. A
// run numbers its instances densely, so the instance is most often where its number says.
func bySeq(all []*models.Instance, seq uint64) *models.Instance {
	if i := seq - all[0].Seq; i < uint64(len(all)) && all[i].Seq == seq {
		return all[i]
	}
	i, ok := slices.BinarySearchFunc(all, seq, func(x *models.Instance, s uint64) int { return cmp.Compare(x.Seq, s) })
	if !ok {
		panic(fmt.Sprintf("scheduler: the levels hold instance %d, which is not registered", seq))
	}
	return all[i]
}

// levelOf returns level count of gl (nil: a group without tasks) in cluster c.
func levelOf(c *models.Cluster, gl *groupLevels, count int) level {
	lv := level{c: c, gl: gl, count: count}
	switch {
	case gl == nil && count == 0:
		lv.n = len(c.Instances())
	case gl == nil:
	case count == 0:
		lv.n = len(c.Instances()) - gl.members.Len()
	default:
		lv.lo = gl.byCount.Rank(levelKey(count, 0))
		lv.n = gl.byCount.Rank(levelKey(count+1, 0)) - lv.lo
	}
	return lv
}

// nextLevel returns the lowest level of gl at or above from that holds an instance, and false
// when none does.
func nextLevel(c *models.Cluster, gl *groupLevels, from int) (int, bool) {
	if from == 0 && (gl == nil || len(c.Instances()) > gl.members.Len()) {
		return 0, true
	}
	if gl == nil {
		return 0, false
	}
	i := gl.byCount.Rank(levelKey(max(from, 1), 0))
	if i >= gl.byCount.Len() {
		return 0, false
	}
	return int(keyValue(gl.byCount.Select(i))), true
}

// listLevel lists, into dst, the instances of the cluster that run count tasks of group: the
// level as the scan finds it without an index.
func listLevel(c *models.Cluster, group string, count int, dst []*models.Instance) level {
	dst = dst[:0]
	for _, in := range c.Instances() {
		if in.GroupCount(group) == count {
			dst = append(dst, in)
		}
	}
	return level{c: c, count: count, n: len(dst), list: dst, listed: true}
}

// levelMisses is how many draws drawLevel makes before it lists the set it draws from: with a
// set that holds a sixth of its level (one zone of six), 128 misses in a row happen about once
// in 10^10 draws.
const levelMisses = 128

// drawLevel is the TieRandom tie-break after a chain that ends in spread over instances: the
// tied instances s are the feasible ones of one level lv (in the zones earlier strategies
// left), and the draw picks a position in the level uniformly from rng until the instance
// there is in s, listing s and drawing from the list only after levelMisses misses. Each draw
// is uniform over s, counts and selects in O(log n) through the levels, and is the same
// whichever path found s: the scan with its list of the tied instances, or the fast path.
func drawLevel(lv *level, s Survivors, rng *rand.Rand) *models.Instance {
	if in := redraw(lv, lv.n, s, rng, levelMisses); in != nil {
		return in
	}
	list, _ := s.Members(-1)
	return list[rng.IntN(len(list))]
}
