package kubesched

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/ecssim/ecssim/models"
)

// Decision is one scheduling cycle explained: every node with the filter that rejected it, or
// each score plugin's normalised score and the weighted total, and the outcome.
type Decision struct {
	Task     *models.Task
	Requests models.Resources
	// Plugins and Weights are the score plugins in the profile's order, and their weights.
	Plugins []string
	Weights []int64
	// NumAllNodes is the cluster's node count; ToFind how many feasible nodes the search
	// looked for (percentageOfNodesToScore); Start the node index it began at.
	NumAllNodes, ToFind, Start int
	Rows                       []NodeRow // every node, in the scheduler's node order
	// Scored is false when the cycle found one feasible node and took it unscored, or none.
	Scored  bool
	Winner  *models.Instance
	Failure *models.PlacementError

	row map[*models.Instance]int
}

// NodeRow is one node in a Decision.
type NodeRow struct {
	Node *models.Instance
	// Searched is false for a node the search did not reach, having found enough feasible ones.
	Searched bool
	// Filter names the plugin that rejected the node ("" if none did) and Reasons its reasons.
	Filter  string
	Reasons []string
	// Scores holds the node's normalised score under each of Decision.Plugins, and Total their
	// weighted sum; nil and 0 unless the node was scored.
	Scores []int64
	Total  int64
}

func (d *Decision) start(c *cycle, start, toFind int) {
	if d == nil {
		return
	}
	d.Requests, d.NumAllNodes, d.ToFind, d.Start = c.pod.req, len(c.nodes), toFind, start
	d.row = make(map[*models.Instance]int, len(c.nodes))
	for _, sc := range scorers {
		d.Plugins, d.Weights = append(d.Plugins, sc.name()), append(d.Weights, sc.weight())
	}
	for i, in := range c.nodes {
		d.row[in] = i
		d.Rows = append(d.Rows, NodeRow{Node: in})
	}
}

func (d *Decision) filtered(in *models.Instance, fi int, reasons []string) {
	if d == nil {
		return
	}
	r := &d.Rows[d.row[in]]
	r.Searched = true
	if fi >= 0 {
		r.Filter, r.Reasons = filters[fi].name(), slices.Clone(reasons)
	}
}

func (d *Decision) scored(pi int, nodes []*models.Instance, dst []int64) {
	if d == nil {
		return
	}
	d.Scored = true
	for i, in := range nodes {
		r := &d.Rows[d.row[in]]
		r.Scores = append(r.Scores, dst[i])
		r.Total += d.Weights[pi] * dst[i]
	}
}

func (d *Decision) choose(in *models.Instance) {
	if d != nil {
		d.Winner = in
	}
}

func (d *Decision) fail(err *models.PlacementError) {
	if d != nil {
		d.Failure = err
	}
}

// FitError words a failed decision as kube-scheduler's FitError does
// (pkg/scheduler/framework/types.go FitError.Error): "0/N nodes are available: " and each
// reason with the number of nodes that gave it, sorted as strings, then a full stop. It is ""
// for a decision that placed the pod.
func (d *Decision) FitError() string {
	if d.Winner != nil {
		return ""
	}
	counts := map[string]int{}
	for _, r := range d.Rows {
		for _, reason := range r.Reasons {
			counts[reason]++
		}
	}
	var parts []string
	for reason, n := range counts {
		parts = append(parts, fmt.Sprintf("%d %s", n, reason))
	}
	slices.Sort(parts)
	msg := fmt.Sprintf("0/%d nodes are available", d.NumAllNodes)
	if len(parts) > 0 {
		msg += ": " + strings.Join(parts, ", ")
	}
	return msg + "."
}

// Format writes the decision as a table: a line per node with its zone, then the plugin that
// rejected it and why, or each plugin's score and the weighted total; the winner is marked.
func (d *Decision) Format(w io.Writer) error {
	t := d.Task
	fmt.Fprintf(w, "pod of %s (%s) requests %s; %d nodes, search from %d for %d feasible\n",
		t.Owner(), t.Def.Ref(), requestsString(d.Requests), d.NumAllNodes, d.Start, d.ToFind)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	header := []string{"", "node", "zone"}
	for i, p := range d.Plugins {
		header = append(header, fmt.Sprintf("%s×%d", p, d.Weights[i]))
	}
	header = append(header, "total", "")
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	for _, r := range d.Rows {
		mark := " "
		if r.Node == d.Winner {
			mark = "*"
		}
		cells := []string{mark, r.Node.ID, r.Node.Zone}
		cells = append(cells, d.rowCells(r)...)
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return d.formatOutcome(w)
}

// rowCells are a row's plugin scores and total, or blanks and what rejected it.
func (d *Decision) rowCells(r NodeRow) []string {
	cells := make([]string, 0, len(d.Plugins)+2)
	for i := range d.Plugins {
		if r.Scores != nil {
			cells = append(cells, fmt.Sprint(r.Scores[i]))
		} else {
			cells = append(cells, "-")
		}
	}
	switch {
	case r.Filter != "":
		return append(cells, "-", r.Filter+": "+joinReasons(r.Reasons))
	case !r.Searched:
		return append(cells, "-", "not searched")
	case r.Scores == nil:
		return append(cells, "-", "feasible, not scored")
	}
	return append(cells, fmt.Sprint(r.Total), "")
}

func (d *Decision) formatOutcome(w io.Writer) error {
	var err error
	switch {
	case d.Winner == nil:
		_, err = fmt.Fprintln(w, d.FitError())
	case !d.Scored:
		_, err = fmt.Fprintf(w, "placed on %s, the only feasible node\n", d.Winner.ID)
	default:
		_, err = fmt.Fprintf(w, "placed on %s\n", d.Winner.ID)
	}
	return err
}

// requestsString writes a pod's requests as Kubernetes does: CPU in millicores ("500m"),
// memory in MiB, and GPUs when it asks for any.
func requestsString(r models.Resources) string {
	s := fmt.Sprintf("cpu %dm, memory %d MiB", r.CPU, r.MemoryMiB)
	if r.GPUMilli > 0 {
		s += ", " + models.FormatGPUMilli(r.GPUMilli) + " GPU"
	}
	return s
}
