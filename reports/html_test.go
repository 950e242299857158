package reports_test

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ecssim/ecssim/reports"
)

// reportDir is where the report tests write, a temporary directory unless ECSSIM_REPORT_DIR
// names one: set it to look at the figures and pages the tests make.
func reportDir(t *testing.T, name string) string {
	t.Helper()
	if d := os.Getenv("ECSSIM_REPORT_DIR"); d != "" {
		return filepath.Join(d, name)
	}
	return t.TempDir()
}

// TestFiguresRender: every figure of a run and of a comparison renders as a PNG that decodes
// and an SVG that parses, and the same figure gives the same bytes twice.
func TestFiguresRender(t *testing.T) {
	t.Parallel()
	fr := spreadRun(t)
	fr.opt = reports.RecordOptions{Instances: true}
	sum, rec := fr.run(t)
	c, recs := comparisonRuns(t, 0, 0)
	sets := map[string][]reports.Figure{
		"run":     reports.RunFigures(sum, rec),
		"compare": reports.ComparisonFigures([]*reports.Comparison{c}, recs),
		"sweep":   reports.ComparisonFigures(sweepRuns(t), nil),
	}
	for _, set := range []string{"run", "compare", "sweep"} {
		for _, f := range sets[set] {
			t.Run(set+"/"+f.Name, func(t *testing.T) {
				t.Parallel()
				svg, err := f.SVG()
				if err != nil {
					t.Fatal(err)
				}
				checkSVG(t, svg)
				pngBytes, err := f.PNG()
				if err != nil {
					t.Fatal(err)
				}
				img, err := png.Decode(bytes.NewReader(pngBytes))
				if err != nil {
					t.Fatalf("PNG: %v", err)
				}
				if b := img.Bounds(); b.Dx() < 500 || b.Dy() < 200 {
					t.Errorf("PNG of %v pixels", b)
				}
				svg2, _ := f.SVG()
				png2, _ := f.PNG()
				if !bytes.Equal(svg, svg2) {
					t.Error("two SVGs of one figure differ")
				}
				if !bytes.Equal(pngBytes, png2) {
					t.Error("two PNGs of one figure differ")
				}
			})
		}
	}
}

// checkSVG checks that svg is a well-formed SVG document that draws something.
func checkSVG(t *testing.T, svg []byte) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(svg))
	var root string
	shapes := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG does not parse: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			if root == "" {
				root = se.Name.Local
			}
			switch se.Name.Local {
			case "path", "text", "image":
				shapes++
			}
		}
	}
	if root != "svg" || shapes < 10 {
		t.Errorf("SVG root <%s> with %d shapes", root, shapes)
	}
}

// TestRunReport: WriteRunReport writes the summaries, every figure, the CSV and a
// self-contained page with every figure inline; twice the same bytes.
func TestRunReport(t *testing.T) {
	t.Parallel()
	fr := spreadRun(t)
	fr.opt = reports.RecordOptions{Instances: true}
	sum, rec := fr.run(t)
	dir := reportDir(t, "run")
	if err := reports.WriteRunReport(dir, sum, rec, ""); err != nil {
		t.Fatal(err)
	}
	figs := reports.RunFigures(sum, rec)
	checkReport(t, dir, figs, "recording.csv", "summary.json", "summary.txt")
	page, _ := os.ReadFile(filepath.Join(dir, "report.html"))
	for _, want := range []string{"Results", "Services", "web", "worker", "Reserved CPU and memory"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	again := t.TempDir()
	if err := reports.WriteRunReport(again, sum, rec, ""); err != nil {
		t.Fatal(err)
	}
	sameFiles(t, dir, again)
	// With a replay page beside it, the report links to it and opens it from its figures.
	withReplay := t.TempDir()
	if err := reports.WriteRunReport(withReplay, sum, rec, "replay.html"); err != nil {
		t.Fatal(err)
	}
	page, _ = os.ReadFile(filepath.Join(withReplay, "report.html"))
	checkSelfContained(t, page, len(figs), "replay.html")
	if !bytes.Contains(page, []byte(`<a href="replay.html">replay.html</a>`)) {
		t.Error("report.html does not link to its replay")
	}
}

// TestComparisonReport: the same for a comparison with recordings, and for a sweep's grid
// points without.
func TestComparisonReport(t *testing.T) {
	t.Parallel()
	c, recs := comparisonRuns(t, time.Minute, 0)
	dir := reportDir(t, "compare")
	if err := reports.WriteComparisonReport(dir, []*reports.Comparison{c}, recs); err != nil {
		t.Fatal(err)
	}
	checkReport(t, dir, reports.ComparisonFigures([]*reports.Comparison{c}, recs), "scatter.csv", "recording-means.csv")

	cs := sweepRuns(t)
	sweep := reportDir(t, "sweep")
	if err := reports.WriteComparisonReport(sweep, cs, nil); err != nil {
		t.Fatal(err)
	}
	checkReport(t, sweep, reports.ComparisonFigures(cs, nil), "scatter.csv")
	page, _ := os.ReadFile(filepath.Join(sweep, "report.html"))
	for _, want := range []string{"Grid point instance_groups.general.count=6", "Grid point instance_groups.general.count=9", "utilization.cpu_reserved_mean"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	again := t.TempDir()
	if err := reports.WriteComparisonReport(again, cs, nil); err != nil {
		t.Fatal(err)
	}
	sameFiles(t, sweep, again)
}

// checkReport checks a report directory: each figure as PNG and SVG, the other files, and a
// report.html that parses, holds every figure inline and refers to nothing outside itself.
func checkReport(t *testing.T, dir string, figs []reports.Figure, others ...string) {
	t.Helper()
	want := append([]string{"report.html"}, others...)
	for _, f := range figs {
		want = append(want, f.Name+".png", f.Name+".svg")
	}
	slices.Sort(want)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
		if info, _ := e.Info(); info.Size() == 0 {
			t.Errorf("%s is empty", e.Name())
		}
	}
	if !slices.Equal(want, got) {
		t.Errorf("files %v, want %v", got, want)
	}
	page, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	checkSelfContained(t, page, len(figs), "")
}

// checkSelfContained parses an HTML page and checks that it has n inline SVGs and no external
// reference: no src or href but data: URIs and fragments, no script, link, iframe, object or
// embed element, no @import and no url() but data: URIs in its styles. With replay, the page
// may link to that file beside it and hold inline scripts (no src), under a
// Content-Security-Policy that lets nothing load.
func checkSelfContained(t *testing.T, page []byte, n int, replay string) {
	t.Helper()
	if replay != "" {
		// the script's text is JavaScript, not markup: the XML decoder would read its < as tags
		page = regexp.MustCompile(`(?s)<script>.*?</script>`).ReplaceAll(page, []byte("<script></script>"))
	}
	dec := xml.NewDecoder(bytes.NewReader(page))
	dec.Strict = false
	dec.AutoClose = xml.HTMLAutoClose
	dec.Entity = xml.HTMLEntity
	svgs := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("report.html does not parse: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			switch strings.ToLower(tok.Name.Local) {
			case "svg":
				svgs++
			case "script":
				if replay == "" {
					t.Errorf("report.html has a <script> element")
				}
			case "link", "iframe", "object", "embed", "img", "base":
				t.Errorf("report.html has a <%s> element", tok.Name.Local)
			}
			for _, a := range tok.Attr {
				switch strings.ToLower(a.Name.Local) {
				case "src", "href", "action", "srcset":
					if !strings.HasPrefix(a.Value, "data:") && !strings.HasPrefix(a.Value, "#") && (a.Name.Local != "href" || a.Value != replay) {
						t.Errorf("report.html refers to %s=%q", a.Name.Local, a.Value)
					}
				case "style":
					checkCSS(t, a.Value)
				}
			}
		case xml.CharData:
			checkCSS(t, string(tok))
		}
	}
	if svgs != n {
		t.Errorf("report.html has %d inline SVGs, want %d", svgs, n)
	}
	if csp := `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline';`; !bytes.Contains(page, []byte(csp)) {
		t.Errorf("report.html lacks its Content-Security-Policy %s...", csp)
	}
}

func checkCSS(t *testing.T, css string) {
	t.Helper()
	if strings.Contains(css, "@import") || strings.Contains(css, "@font-face") {
		t.Errorf("report.html loads a style sheet or a font: %.80q", css)
	}
	for rest := css; ; {
		i := strings.Index(rest, "url(")
		if i < 0 {
			break
		}
		rest = rest[i+len("url("):]
		if !strings.HasPrefix(strings.TrimLeft(rest, `'" `), "data:") {
			t.Errorf("report.html refers to url(%.40s", rest)
		}
	}
}

// sameFiles checks that two report directories hold the same files, byte for byte.
func sameFiles(t *testing.T, a, b string) {
	t.Helper()
	entries, err := os.ReadDir(a)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		x, _ := os.ReadFile(filepath.Join(a, e.Name()))
		y, err := os.ReadFile(filepath.Join(b, e.Name()))
		if err != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two reports of the same runs", e.Name())
		}
	}
}
