package scheduler

import (
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/ecssim/ecssim/models"
)

// Decision is one placement explained: every registered instance with the filter that
// rejected it, or its score under each strategy until one eliminated it, and the winner.
type Decision struct {
	Task       *models.Task
	Need       models.Resources
	Strategies []string
	Rows       []Row // every registered instance, in registration order
	Winner     *models.Instance
	Failure    *models.PlacementError
	TieBreak   models.TieBreak
	// RankTies reports that the chain's last strategy gives its ties to the instance of lowest
	// rank (rankTies), not to TieBreak.
	RankTies bool

	row map[*models.Instance]int
}

// Row is one instance in a Decision.
type Row struct {
	Instance *models.Instance
	// Rejected names the filter that rejected the instance ("" if it passed them all) and Why
	// gives its numbers.
	Rejected string
	Why      string
	// Scores holds the instance's score under each strategy that scored it, in order.
	Scores []float64
	// Out is the index of the strategy that eliminated the instance, or -1.
	Out int
	// Drawn reports that a Chooser (random) picked this instance.
	Drawn bool
}

// Explain returns the decision the pipeline would make for t now, without changing anything:
// the random strategy draws from a copy of the pipeline's random state, so explaining a
// placement does not change the placement that follows.
func (p *Pipeline) Explain(t *models.Task) *Decision {
	var r Request
	r.reset(t, p.cluster)
	fs := p.filters(t.Def)
	d := &Decision{Task: t, Need: r.Need, TieBreak: p.cluster.TieBreak(), RankTies: endsRankingTies(p.chain),
		row: map[*models.Instance]int{}}
	for _, s := range p.chain {
		d.Strategies = append(d.Strategies, s.Name())
	}
	var cands []*models.Instance
	for _, in := range p.cluster.Instances() {
		row := Row{Instance: in, Out: -1}
		for _, f := range fs {
			if !f.Feasible(&r, in) {
				row.Rejected, row.Why = f.Name(), f.Why(&r, in)
				break
			}
		}
		if row.Rejected == "" {
			cands = append(cands, in)
		}
		d.row[in] = len(d.Rows)
		d.Rows = append(d.Rows, row)
	}
	src := *p.src
	d.Winner = p.choose(&r, cands, p.chain, rand.New(&src), d)
	if d.Winner == nil {
		d.Failure = p.failure(&r, fs, p.cluster.Instances())
	}
	return d
}

// scored records strategy si's scores; survivors that do not reach the best score are out.
func (d *Decision) scored(si int, survivors []*models.Instance, scores []float64) {
	if d == nil {
		return
	}
	best := scores[0]
	for _, s := range scores {
		best = min(best, s)
	}
	for i, in := range survivors {
		row := &d.Rows[d.row[in]]
		row.Scores = append(row.Scores, scores[i])
		if scores[i] != best {
			row.Out = si
		}
	}
}

// chose records that Chooser si picked in.
func (d *Decision) chose(si int, in *models.Instance) {
	if d == nil || in == nil {
		return
	}
	d.Rows[d.row[in]].Drawn = true
}

// Format writes the decision as a table: one line per instance with its zone, its free CPU and
// memory, and either the filter that rejected it or its scores, and the winner marked.
func (d *Decision) Format(w io.Writer) error {
	t := d.Task
	owner := "group " + t.Group
	if t.Service != nil {
		owner = "service " + t.Service.Name
	}
	fmt.Fprintf(w, "task of %s (%s) needs %v", owner, t.Def.Ref(), d.Need)
	if ports := t.Def.StaticPorts(); len(ports) > 0 {
		fmt.Fprintf(w, ", host ports %s", portList(ports))
	}
	fmt.Fprintln(w)
	tie := "a random draw"
	switch {
	case d.RankTies && d.TieBreak == models.TieOldest:
		tie = "the oldest instance, as the last strategy's rule has it"
	case d.RankTies:
		tie = "the lowest rank in a random order fixed for the run, as the last strategy's rule has it"
	case d.TieBreak == models.TieOldest:
		tie = "the oldest instance"
	}
	if len(d.Strategies) == 0 {
		fmt.Fprintf(w, "strategies: none; ties go to %s\n", tie)
	} else {
		fmt.Fprintf(w, "strategies, in order: %s; ties go to %s\n", strings.Join(d.Strategies, " > "), tie)
	}
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
	gpus := d.Need.GPUMilli > 0 // a GPU task's table shows each GPU's free share
	head := "  instance\tzone\ttype\tfree cpu\tfree MiB\t"
	if gpus {
		head += "free GPUs\t"
	}
	fmt.Fprintln(tw, head+"verdict")
	for _, row := range d.Rows {
		in := row.Instance
		mark := "  "
		if in == d.Winner {
			mark = "> "
		}
		fmt.Fprintf(tw, "%s%s\t%s\t%s\t%d\t%d\t", mark, in.ID, in.Zone, in.Type.Name, in.Free().CPU, in.Free().MemoryMiB)
		if gpus {
			fmt.Fprintf(tw, "[%s]\t", gpuFree(in.GPUDevices()))
		}
		fmt.Fprintf(tw, "%s\n", d.verdict(row))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if d.Winner != nil {
		_, err := fmt.Fprintf(w, "placed on %s (%s)\n", d.Winner.ID, d.Winner.Zone)
		return err
	}
	_, err := fmt.Fprintf(w, "not placed: %v\n", d.Failure)
	return err
}

func (d *Decision) verdict(row Row) string {
	if row.Rejected != "" {
		return "rejected by " + row.Rejected + ": " + row.Why
	}
	var parts []string
	for i, s := range row.Scores {
		parts = append(parts, d.Strategies[i]+"="+strconv.FormatFloat(s, 'f', -1, 64))
	}
	v := "fits"
	if len(parts) > 0 {
		v += ", " + strings.Join(parts, " ")
	}
	switch {
	case row.Out >= 0:
		v += "; out at " + d.Strategies[row.Out]
	case row.Instance == d.Winner && row.Drawn:
		v += "; chosen, drawn at random among the tied"
	case row.Instance == d.Winner:
		v += "; chosen"
	case d.Winner != nil:
		v += "; tied, not chosen"
	}
	return v
}

func portList(ports []models.PortMapping) string {
	s := make([]string, len(ports))
	for i, m := range ports {
		s[i] = fmt.Sprintf("%d/%v", m.HostPort, m.Protocol)
	}
	return strings.Join(s, ", ")
}
