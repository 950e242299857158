package kubesched

import "github.com/ecssim/ecssim/models"

// spreadCounts is PodTopologySpread's PreScore (scoring.go initPreScoreState, PreScore): the
// feasible nodes lacking a key are ignored (when requireAll); each non-hostname constraint's
// domains are the values among the other feasible nodes, counted over all nodes that match the
// pod's node affinity; a constraint's size is its number of domains (for hostname, the
// feasible nodes not ignored).
func (c *cycle) spreadCounts(cons []models.TopologySpreadConstraint, nodes []*models.Instance, requireAll bool) ([]map[string]int, []int, []bool) {
	counts := make([]map[string]int, len(cons))
	sizes := make([]int, len(cons))
	for k := range cons {
		counts[k] = map[string]int{}
	}
	ignored := make([]bool, len(nodes))
	kept := 0
	for i, in := range nodes {
		if requireAll && !hasAllKeys(in, cons) {
			ignored[i] = true
			continue
		}
		kept++
		for k, tc := range cons {
			if tc.TopologyKey == models.LabelHostname {
				continue
			}
			v, _ := in.KubeLabel(tc.TopologyKey)
			if _, seen := counts[k][v]; !seen {
				counts[k][v] = 0
				sizes[k]++
			}
		}
	}
	for k, tc := range cons {
		if tc.TopologyKey == models.LabelHostname {
			sizes[k] = kept
		}
	}
	for _, in := range c.nodes {
		if !matchesNodeSelector(c.pod.spec, in) || (requireAll && !hasAllKeys(in, cons)) {
			continue
		}
		for k, tc := range cons {
			v, ok := in.KubeLabel(tc.TopologyKey)
			if _, domain := counts[k][v]; ok && domain && tc.TopologyKey != models.LabelHostname {
				counts[k][v] += matchingPods(in, c.pod.app)
			}
		}
	}
	return counts, sizes, ignored
}

// normalizeSpread is PodTopologySpread's NormalizeScore: ignored nodes (−1) score 0; the
// others 100·(max + min − s)/max over the nodes scored, or 100 when max is 0.
func normalizeSpread(scores []int64) {
	var lo, hi int64 = -1, 0
	for _, s := range scores {
		if s < 0 {
			continue
		}
		if lo < 0 || s < lo {
			lo = s
		}
		hi = max(hi, s)
	}
	for i, s := range scores {
		switch {
		case s < 0:
			scores[i] = 0
		case hi == 0:
			scores[i] = MaxNodeScore
		default:
			scores[i] = MaxNodeScore * (hi + lo - s) / hi
		}
	}
}
