package reports

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
)

// The comparison's tables for people: each number in its unit (percent, dollars, seconds),
// "n/a" where a metric does not apply, and "*" on a difference whose paired 95% interval
// excludes 0.

// writeTables writes the comparisons cs, with the metrics SelectMetrics chooses by metrics,
// as text or Markdown tables: one comparison as a row per metric, several as one pivot table,
// or with "all" a table per comparison.
func writeTables(w io.Writer, cs []*Comparison, markdown bool, metrics string) error {
	sel, err := SelectMetrics(cs, metrics)
	if err != nil {
		return err
	}
	spec := strings.TrimSpace(metrics)
	text := func(s string) string { return s }
	if markdown {
		text = markdownEscaper.Replace
	}
	var b strings.Builder
	if len(sel) > 1 && spec != MetricsAll {
		b.WriteString(text(pivotCaption(sel)) + "\n")
		writeTable(&b, pivotRows(sel), markdown)
	} else {
		for i, c := range sel {
			if i > 0 {
				b.WriteString("\n")
			}
			b.WriteString(text(c.caption()) + "\n")
			writeTable(&b, c.rows(), markdown)
		}
	}
	if strings.Contains(b.String(), "n/a") {
		b.WriteString(naNote + "\n")
	}
	if spec == "" || spec == MetricsHeadline {
		b.WriteString(headlineNote + "\n")
	}
	_, err = io.WriteString(w, b.String())
	return err
}

// naNote and headlineNote follow a table: what n/a means; what a headline leaves out, and how
// to see it.
const (
	naNote       = "n/a: does not apply (no EC2 instance, no fault episode, no service)."
	headlineNote = "Headline metrics; those 0 or n/a for every strategy are left out. -metrics all prints every metric, -format json or csv carries them all."
)

// markdownEscaper keeps a name (a scenario's, a strategy file's) text in one Markdown cell
// or caption line: a "|" would end the cell, a newline the row, and "<" or "&" be read as
// HTML; a backslash is doubled so that it cannot escape the "|" after it.
var markdownEscaper = strings.NewReplacer(`\`, `\\`, "|", `\|`, "\r\n", " ", "\n", " ", "\r", " ",
	"&", "&amp;", "<", "&lt;", ">", "&gt;")

// writeTable writes rows, the first the header, as aligned text or a Markdown table.
func writeTable(b *strings.Builder, rows [][]string, markdown bool) {
	if len(rows) == 0 {
		return
	}
	if !markdown {
		tw := tabwriter.NewWriter(b, 0, 8, 2, ' ', 0)
		for _, r := range rows {
			fmt.Fprintln(tw, strings.Join(r, "\t"))
		}
		tw.Flush() //nolint:errcheck // a strings.Builder takes every write
		return
	}
	b.WriteString("\n")
	for i, r := range rows {
		cells := make([]string, len(r))
		for j := range r {
			cells[j] = markdownEscaper.Replace(r[j])
		}
		b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
		if i == 0 {
			rule := make([]string, len(r))
			for j := range rule {
				rule[j] = "---:"
			}
			rule[0] = "---"
			b.WriteString("| " + strings.Join(rule, " | ") + " |\n")
		}
	}
}

func (c *Comparison) caption() string {
	point := ""
	if c.Point != "" {
		point = " at " + c.Point
	}
	return fmt.Sprintf("scenario %s%s, %d seeds from %d, %d strategies; mean ± 95%% confidence half-width (Student t); differences paired by seed against %s, * where the interval excludes 0",
		c.Scenario, point, len(c.Seeds), c.Seeds[0], len(c.Strategies), c.Strategies[0])
}

// rows returns the comparison as a table: a header, then a row per metric with each
// strategy's estimate and each strategy's paired difference against the first.
func (c *Comparison) rows() [][]string {
	h := append([]string{"metric"}, c.Strategies...)
	for _, s := range c.Strategies[1:] {
		h = append(h, s+" − "+c.Strategies[0])
	}
	out := [][]string{h}
	for _, mc := range c.Metrics {
		r := []string{mc.Name}
		for s := range mc.Strategies {
			r = append(r, mc.cell(s, false))
		}
		for s := 1; s < len(mc.Strategies); s++ {
			r = append(r, mc.cell(s, true))
		}
		out = append(out, r)
	}
	return out
}

// pivotCaption says what a sweep's pivot table shows.
func pivotCaption(cs []*Comparison) string {
	c := cs[0]
	return fmt.Sprintf("scenario %s, %d grid points × %d strategies, %d seeds from %d; mean ± 95%% confidence half-width (Student t); * where the difference against %s at the same grid point, paired by seed, excludes 0",
		c.Scenario, len(cs), len(c.Strategies), len(c.Seeds), c.Seeds[0], c.Strategies[0])
}

// pivotRows returns the grid points' comparisons as one table: a column per parameter, the
// strategy, then a column per metric (those of every point, in the order first met); a row
// per grid point and strategy.
func pivotRows(cs []*Comparison) [][]string {
	var names []string
	seen := map[string]bool{}
	for _, c := range cs {
		for _, mc := range c.Metrics {
			if !seen[mc.Name] {
				seen[mc.Name] = true
				names = append(names, mc.Name)
			}
		}
	}
	var h []string
	for _, p := range cs[0].Parameters {
		h = append(h, p.Key)
	}
	out := [][]string{append(append(h, "strategy"), names...)}
	for _, c := range cs {
		for s, strategy := range c.Strategies {
			var r []string
			for _, p := range c.Parameters {
				r = append(r, p.Value)
			}
			r = append(r, strategy)
			for _, name := range names {
				cell := "-"
				if mc := c.metric(name); mc != nil {
					cell = mc.cell(s, false)
					if s > 0 && mc.significant(s) {
						cell += " *"
					}
				}
				r = append(r, cell)
			}
			out = append(out, r)
		}
	}
	return out
}

// cell writes strategy s's estimate of the metric, "36.1% ± 0.1", or with diff its paired
// difference against the first strategy, "+4.2 pp ± 0.3 *"; "n/a" where the metric does
// not apply to the strategy (or, for a difference, to either). The estimates of a row share
// their decimals; a difference takes more where it would otherwise round to 0.
func (mc MetricComparison) cell(s int, diff bool) string {
	iv := mc.Strategies[s]
	if diff {
		iv = *mc.Differences[s]
	}
	if mc.notApplicable(s) || diff && mc.notApplicable(0) {
		return "n/a"
	}
	scale := mc.scale()
	mean, hw := snap(iv.Mean, scale), snap(iv.HalfWidth, scale)
	d := mc.Unit.decimals(scale, mc.integral())
	if diff {
		d = decimals(mc.Unit.shown(math.Abs(mean)), d)
	}
	out := mc.Unit.format(mean, d, diff) + " ± " + mc.Unit.halfWidth(hw, d)
	if diff && mc.significant(s) {
		out += " *"
	}
	return out
}

// integral reports whether every value of the metric, and every strategy's mean, is a whole
// number, as counts that do not vary are.
func (mc MetricComparison) integral() bool {
	for _, iv := range mc.Strategies {
		if iv.Mean != math.Trunc(iv.Mean) {
			return false
		}
	}
	for _, xs := range mc.Values {
		for _, x := range xs {
			if x != math.Trunc(x) {
				return false
			}
		}
	}
	return true
}

// significant reports whether strategy s's paired difference against the first excludes 0.
func (mc MetricComparison) significant(s int) bool {
	d := mc.Differences[s]
	if d == nil || math.IsNaN(d.HalfWidth) || snap(d.Mean, mc.scale()) == 0 {
		return false
	}
	return d.Low > 0 || d.High < 0
}

// scale is the largest mean of the metric over the strategies.
func (mc MetricComparison) scale() float64 {
	scale := 0.0
	for _, iv := range mc.Strategies {
		scale = max(scale, math.Abs(iv.Mean))
	}
	return scale
}

// snap returns 0 for numbers below a billionth of scale: rounding in sums of equal values,
// such as a half-width of 3.8e-17 around 0.36, not differences anyone could act on.
func snap(x, scale float64) float64 {
	if math.Abs(x) < 1e-9*scale {
		return 0
	}
	return x
}

// shown returns x as the unit shows it: shares in percent.
func (u Unit) shown(x float64) float64 {
	if u == UnitShare {
		return 100 * x
	}
	return x
}

// decimals returns the decimals of a row whose largest mean is scale: one for percentages,
// whole dollars from $1,000, cents from $1, hundredths of a cent below; for seconds and plain numbers fewer as
// they grow, none for whole-number metrics.
func (u Unit) decimals(scale float64, integral bool) int {
	a := u.shown(scale)
	switch {
	case u == UnitShare:
		return decimals(a, 1)
	case u == UnitUSD && a >= 1000, a >= 100, integral && u == UnitNumber:
		return 0
	case u == UnitUSD && a >= 1:
		return 2
	case u == UnitUSD: // cents would hide most of a unit cost such as $0.045 per task-hour
		return decimals(a, 4)
	case a >= 10:
		return 1
	}
	return decimals(a, 2)
}

// format writes x in the unit with d decimals, with a sign when it is a difference (shares of
// a difference in percentage points).
func (u Unit) format(x float64, d int, diff bool) string {
	sign := ""
	if diff && x > 0 {
		sign = "+"
	} else if x < 0 {
		sign = "-"
	}
	num := Thousands(strconv.FormatFloat(u.shown(math.Abs(x)), 'f', d, 64))
	switch u {
	case UnitShare:
		if diff {
			return sign + num + " pp"
		}
		return sign + num + "%"
	case UnitUSD:
		return sign + "$" + num
	case UnitSeconds:
		return sign + num + " s"
	}
	return sign + num
}

// halfWidth writes a half-width with the decimals of its mean.
func (u Unit) halfWidth(hw float64, d int) string {
	if math.IsNaN(hw) {
		return "?"
	}
	return Thousands(strconv.FormatFloat(u.shown(hw), 'f', d, 64))
}

// decimals returns usual, or more for a number that would otherwise round to 0: enough for
// two significant digits.
func decimals(a float64, usual int) int {
	if a == 0 || a >= math.Pow(10, -float64(usual)) {
		return usual
	}
	return int(-math.Floor(math.Log10(a))) + 1
}
