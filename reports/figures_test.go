package reports_test

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/reports"
)

// dumpFigures writes figures' data as text for the goldens: every title, label and caption,
// and every number to six significant digits.
func dumpFigures(figs []reports.Figure) []byte {
	var b bytes.Buffer
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	nums := func(xs []float64) string {
		s := make([]string, len(xs))
		for i, x := range xs {
			s[i] = num(x)
		}
		return strings.Join(s, " ")
	}
	for _, f := range figs {
		p("figure %s %q columns=%d\n  caption: %s\n", f.Name, f.Title, f.Columns, f.Caption)
		for _, pa := range f.Panels {
			p("  panel %q x=%q y=%q xrange=[%s, %s] yrange=[%s, %s]\n", pa.Title, pa.XLabel, pa.YLabel, num(pa.XMin), num(pa.XMax), num(pa.YMin), num(pa.YMax))
			for _, s := range pa.Spans {
				p("    span %d %q %s..%s\n", s.Kind, s.Name, num(s.From), num(s.To))
			}
			for _, s := range pa.Lines {
				p("    line %q color=%d dashed=%t step=%t\n      x: %s\n      y: %s\n", s.Name, s.Color, s.Dashed, s.Step, nums(s.X), nums(s.Y))
			}
			for _, pt := range pa.Points {
				p("    point %q %q color=%d %s=%s [%s, %s] %s=%s [%s, %s]\n", pt.Group, pt.Label, pt.Color,
					pt.XMetric, num(pt.X), num(pt.XLow), num(pt.XHigh), pt.YMetric, num(pt.Y), num(pt.YLow), num(pt.YHigh))
			}
			if h := pa.Heat; h != nil {
				p("    heat zmax=%s %q\n      x: %s\n", num(h.ZMax), h.ZLabel, nums(h.X))
				for i, row := range h.Z {
					p("      %s %s: %s\n", h.Rows[i], h.Zones[i], nums(row))
				}
			}
		}
	}
	return b.Bytes()
}

func num(x float64) string {
	if math.IsNaN(x) {
		return "NaN"
	}
	return fmt.Sprintf("%.6g", x)
}

// spreadRun is the real run under ECS's default service strategy, seed 1.
func spreadRun(t *testing.T) figureRun {
	return figureRun{chain: preset(t, "spread-az-spread-instance"), seed: 1}
}

// TestRunFiguresGolden: the data behind every figure of the real run. The golden was read by
// eye against recording.csv.golden: the same samples in minutes and percent, a shaded
// outage from 40 to 50 min, the web deployment shaded from 20 min to its completion.
func TestRunFiguresGolden(t *testing.T) {
	fr := spreadRun(t)
	fr.opt = reports.RecordOptions{Every: 2 * time.Minute, Instances: true}
	sum, rec := fr.run(t)
	figs := reports.RunFigures(sum, rec)
	var names []string
	for _, f := range figs {
		names = append(names, f.Name)
	}
	want := []string{"reserved", "tasks", "zones", "instances-heatmap", "targets", "pending-cdf"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("figures (-want +got):\n%s", diff)
	}
	golden(t, "run-figures.golden", dumpFigures(figs))
}

// comparisonRuns runs two strategies on two seeds on a fleet of n instances (6 at least), the
// instances kept on the first seed only as compare keeps them, and compares their summaries.
func comparisonRuns(t *testing.T, every time.Duration, n int) (*reports.Comparison, [][]*reports.Recording) {
	t.Helper()
	strategies := []string{"spread-az-spread-instance", "binpack-memory"}
	seeds := []uint64{1, 2}
	runs := make([][]reports.Summary, len(strategies))
	recs := make([][]*reports.Recording, len(strategies))
	for s, name := range strategies {
		for k, seed := range seeds {
			sum, rec := figureRun{chain: preset(t, name), seed: seed, opt: reports.RecordOptions{Every: every, Instances: k == 0}, instances: n}.run(t)
			runs[s] = append(runs[s], sum)
			recs[s] = append(recs[s], rec)
		}
	}
	c, err := reports.Compare("figures", strategies, seeds, runs)
	if err != nil {
		t.Fatal(err)
	}
	return c, recs
}

// TestComparisonFiguresGolden: a comparison's figures with recordings, and a sweep's (two
// grid points, summaries only), whose only figures are the scatters.
func TestComparisonFiguresGolden(t *testing.T) {
	c, recs := comparisonRuns(t, 5*time.Minute, 0)
	figs := reports.ComparisonFigures([]*reports.Comparison{c}, recs)
	var names []string
	for _, f := range figs {
		names = append(names, f.Name)
	}
	want := []string{"reserved", "tasks", "pending-cdf", "instances-heatmap-1-spread-az-spread-instance", "instances-heatmap-2-binpack-memory",
		"utilization-vs-resiliency", "cost-vs-resiliency"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("figures (-want +got):\n%s", diff)
	}
	golden(t, "comparison-figures.golden", dumpFigures(figs))

	sweep := reports.ComparisonFigures(sweepRuns(t), nil)
	golden(t, "sweep-figures.golden", dumpFigures(sweep))
}

// sweepRuns is a sweep of two grid points, 6 and 9 instances, labelled as a sweep labels them.
func sweepRuns(t *testing.T) []*reports.Comparison {
	t.Helper()
	var cs []*reports.Comparison
	for _, n := range []int{6, 9} {
		c, _ := comparisonRuns(t, 0, n)
		c.Parameters = []reports.Parameter{{Key: "instance_groups.general.count", Value: fmt.Sprint(n)}}
		c.Point = reports.PointLabel(c.Parameters)
		cs = append(cs, c)
	}
	return cs
}
