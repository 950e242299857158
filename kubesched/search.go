package kubesched

import (
	"cmp"
	"slices"

	"github.com/ecssim/ecssim/models"
)

// Adaptive percentageOfNodesToScore's bounds (schedule_one.go minFeasibleNodesToFind,
// minFeasibleNodesPercentageToFind).
const (
	minFeasibleNodesToFind           = 100
	minFeasibleNodesPercentageToFind = 5
)

// NumFeasibleNodesToFind is how many feasible nodes a cycle looks for before it stops
// filtering and scores what it found (schedule_one.go numFeasibleNodesToFind): every node
// below 100 nodes; else percentage of them, the adaptive percentage (percentage 0) being
// 50 − nodes/125 with a floor of 5, and never fewer than 100.
func NumFeasibleNodesToFind(percentage int32, nodes int) int {
	n := int32(nodes)
	if n < minFeasibleNodesToFind {
		return nodes
	}
	if percentage == 0 {
		percentage = max(50-n/125, minFeasibleNodesPercentageToFind)
	}
	return int(max(n*percentage/100, minFeasibleNodesToFind))
}

// nodeOrder writes the cluster's nodes to buf in the order of the scheduler's snapshot: zone
// by zone in turn, one node from each, zones in the order they first appear and each zone's
// nodes in registration order (backend/cache/node_tree.go list, which interleaves zones so
// that a cut-short search still sees every zone). Kubernetes removes a node from its zone's
// list by swapping the last into its place; ecssim keeps registration order.
func nodeOrder(c *models.Cluster, buf []*models.Instance) []*models.Instance {
	ins := c.Instances()
	byZone := make([][]*models.Instance, len(c.Zones()))
	for _, in := range ins {
		z := in.ZoneIndex()
		byZone[z] = append(byZone[z], in)
	}
	// Zones in the order their first registered node appears.
	order := make([]int, 0, len(byZone))
	for z, list := range byZone {
		if len(list) > 0 {
			order = append(order, z)
		}
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(byZone[a][0].Seq, byZone[b][0].Seq) })
	buf = buf[:0]
	for i := 0; len(buf) < len(ins); i++ {
		for _, z := range order {
			if i < len(byZone[z]) {
				buf = append(buf, byZone[z][i])
			}
		}
	}
	return buf
}

// rejection is a node a filter turned down, for the failure report.
type rejection struct {
	in      *models.Instance
	filter  int // index in filters
	reasons []string
}

// search is findNodesThatPassFilters done in order: from node next on, round the list, it runs
// the filters on each node until it has found toFind feasible nodes or seen every node. It
// returns the feasible nodes, the rejected ones, and where the next search starts: next plus
// the nodes examined (findNodesThatFitPod: processedNodes = feasible + rejected).
func (c *cycle) search(next, toFind int, d *Decision) ([]*models.Instance, []rejection, int) {
	n := len(c.nodes)
	var feasible []*models.Instance
	var rejected []rejection
	for i := 0; i < n && len(feasible) < toFind; i++ {
		in := c.nodes[(next+i)%n]
		fi, reasons := c.runFilters(in)
		d.filtered(in, fi, reasons)
		if fi < 0 {
			feasible = append(feasible, in)
		} else {
			rejected = append(rejected, rejection{in, fi, reasons})
		}
	}
	return feasible, rejected, (next + len(feasible) + len(rejected)) % n
}
