package kubesched

import (
	"fmt"

	"github.com/ecssim/ecssim/models"
)

// nodeUnschedulableFilter is NodeUnschedulable: a cordoned node takes no pod unless the pod
// tolerates node.kubernetes.io/unschedulable:NoSchedule, as a DaemonSet's pods do
// (nodeunschedulable/node_unschedulable.go Filter).
type nodeUnschedulableFilter struct{}

func (nodeUnschedulableFilter) name() string { return NodeUnschedulable }

func (nodeUnschedulableFilter) filter(c *cycle, in *models.Instance) []string {
	if !cordoned(in) || tolerated(c.pod.spec.Tolerations, models.Taint{Key: TaintUnschedulable, Effect: models.NoSchedule}) {
		return nil
	}
	return reasonUnschedulable
}

var reasonUnschedulable = []string{ReasonUnschedulable}

// taintFilter is TaintToleration's Filter: the node's first NoSchedule or NoExecute taint the
// pod does not tolerate rejects it (tainttoleration/taint_toleration.go Filter,
// v1helper.FindMatchingUntoleratedTaint), and the reason names that taint.
type taintFilter struct{}

func (taintFilter) name() string { return TaintToleration }

func (taintFilter) filter(c *cycle, in *models.Instance) []string {
	c.taints = taintsOf(in, c.taints)
	for _, t := range c.taints {
		if (t.Effect == models.NoSchedule || t.Effect == models.NoExecute) && !tolerated(c.pod.spec.Tolerations, t) {
			return []string{UntoleratedTaintReason(t)}
		}
	}
	return nil
}

// UntoleratedTaintReason is TaintToleration's rejection reason for taint t:
// "node(s) had untolerated taint {key: value}" (taint_toleration.go Filter).
func UntoleratedTaintReason(t models.Taint) string {
	return fmt.Sprintf("node(s) had untolerated taint {%s: %s}", t.Key, t.Value)
}

// taintScore is TaintToleration's Score: the count of the node's PreferNoSchedule taints the
// pod's tolerations (those with effect PreferNoSchedule or none) do not tolerate, normalised
// by DefaultNormalizeScore(100, reverse=true), so the node with the most such taints scores 0
// and one with none 100 (taint_toleration.go countIntolerableTaintsPreferNoSchedule,
// NormalizeScore).
type taintScore struct{}

func (taintScore) name() string  { return TaintToleration }
func (taintScore) weight() int64 { return WeightTaintToleration }

func (taintScore) score(c *cycle, nodes []*models.Instance, dst []int64) {
	var tols []models.Toleration
	for _, tol := range c.pod.spec.Tolerations {
		if tol.Effect == "" || tol.Effect == models.PreferNoSchedule {
			tols = append(tols, tol)
		}
	}
	for i, in := range nodes {
		c.taints = taintsOf(in, c.taints)
		var n int64
		for _, t := range c.taints {
			if t.Effect == models.PreferNoSchedule && !tolerated(tols, t) {
				n++
			}
		}
		dst[i] = n
	}
	defaultNormalize(dst, true)
}
