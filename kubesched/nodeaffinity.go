package kubesched

import (
	"slices"
	"strconv"

	"github.com/ecssim/ecssim/models"
)

// matchesNodeSelector reports whether in has every label of the pod's nodeSelector and, when
// the pod has required node affinity, matches one of its terms: the NodeAffinity filter's
// check (nodeaffinity/node_affinity.go Filter, through
// k8s.io/component-helpers/scheduling/corev1/nodeaffinity GetRequiredNodeAffinity.Match).
// PodTopologySpread counts only the nodes that pass it (its nodeAffinityPolicy Honor).
func matchesNodeSelector(spec *models.PodSpec, in *models.Instance) bool {
	for _, k := range sortedKeys(spec.NodeSelector) {
		if v, ok := in.KubeLabel(k); !ok || v != spec.NodeSelector[k] {
			return false
		}
	}
	if spec.RequiredNodeAffinity == nil {
		return true
	}
	for _, term := range spec.RequiredNodeAffinity {
		if matchesTerm(term, in) {
			return true
		}
	}
	return false
}

// matchesTerm reports whether every expression of term holds on in. A term without
// expressions matches no node (core/v1 NodeSelectorTerm: "a null or empty node selector term
// matches no objects").
func matchesTerm(term models.NodeSelectorTerm, in *models.Instance) bool {
	if len(term.MatchExpressions) == 0 {
		return false
	}
	for _, r := range term.MatchExpressions {
		if !matchesRequirement(r, in) {
			return false
		}
	}
	return true
}

// matchesRequirement applies one node selector requirement as labels.Requirement.Matches
// does (k8s.io/apimachinery/pkg/labels/selector.go): NotIn and DoesNotExist hold on a node
// without the label; Gt and Lt compare integers and fail on anything else.
func matchesRequirement(r models.NodeSelectorRequirement, in *models.Instance) bool {
	v, ok := in.KubeLabel(r.Key)
	switch r.Operator {
	case models.OpIn:
		return ok && slices.Contains(r.Values, v)
	case models.OpNotIn:
		return !ok || !slices.Contains(r.Values, v)
	case models.OpExists:
		return ok
	case models.OpDoesNotExist:
		return !ok
	case models.OpGt, models.OpLt:
		if !ok || len(r.Values) != 1 {
			return false
		}
		have, err1 := strconv.ParseInt(v, 10, 64)
		want, err2 := strconv.ParseInt(r.Values[0], 10, 64)
		if err1 != nil || err2 != nil {
			return false
		}
		if r.Operator == models.OpGt {
			return have > want
		}
		return have < want
	}
	return false
}

type nodeAffinityFilter struct{}

func (nodeAffinityFilter) name() string { return NodeAffinity }

func (nodeAffinityFilter) filter(c *cycle, in *models.Instance) []string {
	if matchesNodeSelector(c.pod.spec, in) {
		return nil
	}
	return reasonNodeAffinity
}

var reasonNodeAffinity = []string{ReasonNodeAffinity}

// nodeAffinityScore is NodeAffinity's Score: the sum of the weights of the pod's preferred
// terms the node matches, then DefaultNormalizeScore(100, reverse=false): score·100/max
// (nodeaffinity/node_affinity.go Score, NormalizeScore; helper/normalize_score.go).
type nodeAffinityScore struct{}

func (nodeAffinityScore) name() string  { return NodeAffinity }
func (nodeAffinityScore) weight() int64 { return WeightNodeAffinity }

func (nodeAffinityScore) score(c *cycle, nodes []*models.Instance, dst []int64) {
	for i, in := range nodes {
		var s int64
		for _, pt := range c.pod.spec.PreferredNodeAffinity {
			if matchesTerm(pt.Term, in) {
				s += int64(pt.Weight)
			}
		}
		dst[i] = s
	}
	defaultNormalize(dst, false)
}

// defaultNormalize is helper.DefaultNormalizeScore with maxPriority MaxNodeScore: each score
// becomes score·100/max in integers, reversed (100 − that) if reverse; with every score 0,
// all become 0, or 100 if reverse.
func defaultNormalize(scores []int64, reverse bool) {
	var most int64
	for _, s := range scores {
		most = max(most, s)
	}
	for i, s := range scores {
		if most == 0 {
			scores[i] = 0
		} else {
			scores[i] = MaxNodeScore * s / most
		}
		if reverse {
			scores[i] = MaxNodeScore - scores[i]
		}
	}
}
