package reports_test

import (
	"strings"
	"testing"

	"github.com/ecssim/ecssim/reports"
)

// TestMarkdownEscapesNames checks that a scenario or strategy name holding "|", a newline or
// HTML stays text in its Markdown cell or caption: every table row keeps its cells, and no
// tag reaches the page.
func TestMarkdownEscapesNames(t *testing.T) {
	tests := []struct{ name, scenario, strategy, want string }{
		{"a pipe in a strategy", "demo", "a|b", `| a\|b |`},
		{"a backslash before a pipe", "demo", `a\|b`, `| a\\\|b |`},
		{"a newline in a strategy", "demo", "a\nb", "| a b |"},
		{"HTML in a strategy", "demo", "<script>x</script>", "| &lt;script&gt;x&lt;/script&gt; |"},
		{"an entity in a strategy", "demo", "a&amp;", "| a&amp;amp; |"},
		{"HTML and a newline in the scenario", "<b>x</b>\n| y", "s", "scenario &lt;b&gt;x&lt;/b&gt; \\| y, 2 seeds"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := reports.NewComparison(tc.scenario, []string{"base", tc.strategy}, []uint64{1, 2}, []string{"cost_usd.total"},
				[][][]float64{{{1, 2}, {3, 4}}})
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			if err := reports.WriteComparisons(&b, []*reports.Comparison{c}, "markdown", reports.MetricsAll); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			if !strings.Contains(out, tc.want) {
				t.Errorf("got\n%s\nwant it to contain %q", out, tc.want)
			}
			for _, line := range strings.Split(out, "\n") {
				if strings.HasPrefix(line, "|") && cells(line) != 4 {
					t.Errorf("row %q has %d cells, want 4", line, cells(line))
				}
			}
			if strings.Contains(out, "<") {
				t.Errorf("HTML reached the Markdown:\n%s", out)
			}
		})
	}
}

// cells counts a Markdown row's cells: its unescaped "|" less one.
func cells(row string) int {
	n := 0
	for i := 0; i < len(row); i++ {
		switch row[i] {
		case '\\':
			i++
		case '|':
			n++
		}
	}
	return n - 1
}
