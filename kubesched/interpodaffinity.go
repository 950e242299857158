package kubesched

import (
	"cmp"
	"slices"

	"github.com/ecssim/ecssim/models"
)

// hardPodAffinityWeight is InterPodAffinityArgs.hardPodAffinityWeight's default: what an
// existing pod's required affinity term matching the incoming pod adds to the score
// (apis/config/v1/defaults.go SetDefaults_InterPodAffinityArgs).
const hardPodAffinityWeight = 1

// topologyPair is a topology key and one of its values.
type topologyPair struct{ key, value string }

// pairCounts counts something per topology pair.
type pairCounts map[topologyPair]int64

// add counts v for the pair (key, in's value of key), if in has the key
// (interpodaffinity/filtering.go topologyToMatchedTermCount.update).
func (m pairCounts) add(in *models.Instance, key string, v int64) {
	if value, ok := in.KubeLabel(key); ok {
		m[topologyPair{key, value}] += v
	}
}

// affinityState is InterPodAffinity's PreFilter state (filtering.go PreFilter): over the
// pods on all nodes, the pairs where an existing pod's required anti-affinity matches the
// incoming pod, and where existing pods match the incoming pod's required affinity (a pod
// counts only if it matches all the terms) and anti-affinity terms.
type affinityState struct {
	existingAnti, affinity, anti pairCounts
}

func (c *cycle) preFilterAffinity() affinityState {
	spec := c.pod.spec
	st := affinityState{existingAnti: pairCounts{}, affinity: pairCounts{}, anti: pairCounts{}}
	for _, in := range c.nodes {
		for _, t := range in.Tasks() {
			app := appOf(t)
			for _, term := range specOf(t).RequiredPodAntiAffinity {
				if term.App == c.pod.app {
					st.existingAnti.add(in, term.TopologyKey, 1)
				}
			}
			if len(spec.RequiredPodAffinity) > 0 && matchesAllTerms(spec.RequiredPodAffinity, app) {
				for _, term := range spec.RequiredPodAffinity {
					st.affinity.add(in, term.TopologyKey, 1)
				}
			}
			for _, term := range spec.RequiredPodAntiAffinity {
				if term.App == app {
					st.anti.add(in, term.TopologyKey, 1)
				}
			}
		}
	}
	return st
}

// matchesAllTerms reports whether a pod labelled app matches every term.
func matchesAllTerms(terms []models.PodAffinityTerm, app string) bool {
	for _, term := range terms {
		if term.App != app {
			return false
		}
	}
	return true
}

// affinityFilter is InterPodAffinity's Filter, its three checks in the source's order
// (filtering.go Filter): the pod's required affinity (every term's key on the node with a
// matching pod in its domain, unless no pod anywhere matches and the pod matches its own terms,
// the first of a self-affine group: satisfyPodAffinity), its required anti-affinity
// (satisfyPodAntiAffinity), and existing pods' required anti-affinity against it
// (satisfyExistingPodsAntiAffinity).
type affinityFilter struct{}

func (affinityFilter) name() string { return InterPodAffinity }

func (affinityFilter) filter(c *cycle, in *models.Instance) []string {
	st, spec := &c.affinity, c.pod.spec
	exist := true
	for _, term := range spec.RequiredPodAffinity {
		v, ok := in.KubeLabel(term.TopologyKey)
		if !ok {
			return reasonPodAffinity
		}
		if st.affinity[topologyPair{term.TopologyKey, v}] <= 0 {
			exist = false
		}
	}
	if !exist && !(len(st.affinity) == 0 && matchesAllTerms(spec.RequiredPodAffinity, c.pod.app)) {
		return reasonPodAffinity
	}
	for _, term := range spec.RequiredPodAntiAffinity {
		if v, ok := in.KubeLabel(term.TopologyKey); ok && st.anti[topologyPair{term.TopologyKey, v}] > 0 {
			return reasonPodAntiAffinity
		}
	}
	for p, n := range st.existingAnti { // any pair blocks: the order does not matter
		if v, ok := in.KubeLabel(p.key); ok && v == p.value && n > 0 {
			return reasonExistingAntiAffinity
		}
	}
	return nil
}

var (
	reasonPodAffinity          = []string{ReasonPodAffinity}
	reasonPodAntiAffinity      = []string{ReasonPodAntiAffinity}
	reasonExistingAntiAffinity = []string{ReasonExistingAntiAffinity}
)

// affinityScore is InterPodAffinity's Score (interpodaffinity/scoring.go PreScore,
// processExistingPod, Score, NormalizeScore). For every pod on every node, in its node's
// domain: + weight of each of the incoming pod's preferred affinity terms it matches,
// − weight of each preferred anti-affinity term; + hardPodAffinityWeight for each of its
// required affinity terms the incoming pod matches, ± weight for its preferred affinity and
// anti-affinity terms the incoming pod matches. A node scores the sum over the pairs it lies
// in; NormalizeScore maps min–max to 0–100 (truncated), all 0 when they are equal.
type affinityScore struct{}

func (affinityScore) name() string  { return InterPodAffinity }
func (affinityScore) weight() int64 { return WeightInterPodAffinity }

func (affinityScore) score(c *cycle, nodes []*models.Instance, dst []int64) {
	pairs := c.affinityPairs()
	for i, in := range nodes {
		var s int64
		for _, p := range pairs {
			if v, ok := in.KubeLabel(p.key); ok && v == p.value {
				s += p.n
			}
		}
		dst[i] = s
	}
	if len(pairs) == 0 {
		clear(dst)
		return
	}
	lo, hi := slices.Min(dst), slices.Max(dst)
	for i, s := range dst {
		dst[i] = 0
		if hi > lo {
			dst[i] = int64(MaxNodeScore * (float64(s-lo) / float64(hi-lo)))
		}
	}
}

// weightedPair is a topology pair and its score.
type weightedPair struct {
	topologyPair
	n int64
}

// affinityPairs is the PreScore sum per topology pair, sorted.
func (c *cycle) affinityPairs() []weightedPair {
	spec, self := c.pod.spec, c.pod.app
	m := pairCounts{}
	for _, in := range c.nodes {
		for _, t := range in.Tasks() {
			app, theirs := appOf(t), specOf(t)
			weighTerms(m, in, spec.PreferredPodAffinity, app, 1)
			weighTerms(m, in, spec.PreferredPodAntiAffinity, app, -1)
			for _, term := range theirs.RequiredPodAffinity {
				if term.App == self {
					m.add(in, term.TopologyKey, hardPodAffinityWeight)
				}
			}
			weighTerms(m, in, theirs.PreferredPodAffinity, self, 1)
			weighTerms(m, in, theirs.PreferredPodAntiAffinity, self, -1)
		}
	}
	out := make([]weightedPair, 0, len(m))
	for p, n := range m {
		out = append(out, weightedPair{p, n})
	}
	slices.SortFunc(out, func(a, b weightedPair) int {
		return cmp.Or(cmp.Compare(a.key, b.key), cmp.Compare(a.value, b.value))
	})
	return out
}

// weighTerms adds sign·weight for each term a pod labelled app matches, in in's domain.
func weighTerms(m pairCounts, in *models.Instance, terms []models.WeightedPodAffinityTerm, app string, sign int64) {
	for _, wt := range terms {
		if wt.Term.App == app {
			m.add(in, wt.Term.TopologyKey, sign*int64(wt.Weight))
		}
	}
}
