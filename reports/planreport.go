package reports

import (
	"fmt"
	"math"
)

// PlanCurve is one instance type and strategy's search, as plan's report draws it: the counts
// tried, ascending, with the mean monthly cost and the share of seeds that met every target at
// each; the count found (0 for none) and the lower bound.
type PlanCurve struct {
	Label, Type                string
	Counts, CostPerMonth, Seen []float64
	Answer, Bound              int
}

// PlanReport is what plan -out writes: the ranked table's header and rows as the text output
// has them, lines to say above it, the curves, and plan.json (the JSON output) to keep beside.
type PlanReport struct {
	Scenario string
	Notes    []string
	Header   []string
	Rows     [][]string
	Curves   []PlanCurve
	JSON     []byte
}

// WritePlanReport writes plan's figure (plan.png and plan.svg), plan.json and report.html into
// dir (creating it).
func WritePlanReport(dir string, r PlanReport) error {
	p := page{
		Title:     "ecssim plan: " + r.Scenario,
		Subtitles: r.Notes,
		Sections:  []section{{Heading: "Plans, ranked by monthly cost", Tables: []table{{Header: r.Header, Rows: r.Rows}}}},
		Files:     "Beside this page: the figure as PNG and SVG, and plan.json, the plans with every count tried.",
	}
	return writeReport(dir, p, []Figure{planFigure(r.Curves)}, map[string][]byte{"plan.json": r.JSON})
}

// planFigure draws each search's counts against their monthly cost and against the share of
// seeds that met the targets, with the lower bound dashed.
func planFigure(curves []PlanCurve) Figure {
	cost := Panel{Title: "Monthly cost of each count tried", XLabel: "instances", YLabel: "USD per month (mean over seeds)"}
	met := Panel{Title: "Seeds on which every target held", XLabel: "instances", YLabel: "share of seeds", YMin: 0, YMax: 1.05}
	bounds := map[string]bool{} // a type's bound is every strategy's: drawn once
	for i, c := range curves {
		cost.Lines = append(cost.Lines, Series{Name: c.Label, Color: i, X: c.Counts, Y: c.CostPerMonth})
		met.Lines = append(met.Lines, Series{Name: c.Label, Color: i, X: c.Counts, Y: c.Seen})
		if name := fmt.Sprintf("lower bound, %s: %d", c.Type, c.Bound); c.Bound > 0 && !bounds[name] {
			bounds[name] = true
			met.Lines = append(met.Lines, Series{Name: name, Color: i, Dashed: true,
				X: []float64{float64(c.Bound), float64(c.Bound)}, Y: []float64{0, 1}})
		}
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, c := range curves {
		for _, x := range c.Counts {
			lo, hi = min(lo, x), max(hi, x)
		}
	}
	if hi > lo {
		cost.XMin, cost.XMax, met.XMin, met.XMax = lo, hi, lo, hi
	}
	return Figure{
		Name:  "plan",
		Title: "The counts plan tried",
		Caption: fmt.Sprintf("For each of %d type and strategy pairs, the counts the search ran: above, their monthly cost; below, "+
			"the share of seeds on which every target held (the answer is the smallest count at or above the share asked), "+
			"with the lower bound dashed.", len(curves)),
		Panels: []Panel{cost, met},
	}
}
