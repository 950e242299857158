package main

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// browserRequiredEnv, set to 1 (as CI sets it), makes the browser tests fail instead of
// skipping when no Chromium is installed.
const browserRequiredEnv = "ECSSIM_BROWSER_REQUIRED"

// TestReportsInBrowser opens the run and compare reports of example:zone-outage in headless
// Chromium and reads the pixels it draws: on every figure over time, the zone outage at 1 h
// must show at the time axis's "1" tick. On line figures the shaded outage runs from that
// tick to 1.5 h; on heat maps the first instance of us-east-1a, lost in the outage, turns
// white there. It catches anything that moves the data off its axis in a real browser, as an
// image drawn with the wrong aspect ratio did.
func TestReportsInBrowser(t *testing.T) {
	ctx := newBrowser(t)
	dir := t.TempDir()
	runOut, cmpOut := filepath.Join(dir, "run"), filepath.Join(dir, "compare")
	for _, args := range [][]string{
		{"run", "-out", runOut, "example:zone-outage"},
		{"compare", "-quiet", "-seeds", "2", "-strategies", "binpack-memory,spread-az-spread-instance", "-out", cmpOut, "example:zone-outage"},
	} {
		if code, _, stderr := ecssim(t, args...); code != 0 {
			t.Fatalf("ecssim %s: exit %d: %s", strings.Join(args, " "), code, stderr)
		}
	}
	for _, out := range []string{runOut, cmpOut} {
		page := "file://" + filepath.Join(out, "report.html")
		if err := chromedp.Do(ctx, chromedp.Navigate(page)); err != nil {
			t.Fatal(err)
		}
		figs, err := chromedp.Run(ctx, chromedp.Evaluate[[]figureGeometry](figureGeometryJS))
		if err != nil {
			t.Fatal(err)
		}
		checked := 0
		for _, f := range figs {
			if !f.overTime() {
				continue
			}
			shot, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS("#"+f.ID+" svg")))
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(shot))
			if err != nil {
				t.Fatal(err)
			}
			for _, msg := range f.outageAtOneHour(img) {
				t.Errorf("%s, figure %s: %s", filepath.Base(out), f.ID, msg)
			}
			checked++
		}
		if checked < 3 {
			t.Errorf("%s: %d figures over time checked, want 3 at least", page, checked)
		}
	}
}

// newBrowser starts headless Chromium for the test, or skips it when none is installed.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	path := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless_shell"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		if os.Getenv(browserRequiredEnv) == "1" {
			t.Fatalf("no Chromium installed, and %s=1", browserRequiredEnv)
		}
		t.Skip("needs Chromium (Debian's package chromium) to render the reports")
	}
	// A loaded machine (CI runs the packages' tests side by side) can keep Chromium from
	// starting in time: try again, on a fresh profile, before giving up.
	var err error
	for range 3 {
		var ctx context.Context
		if ctx, err = startBrowser(t, path); err == nil {
			return ctx
		}
	}
	t.Fatalf("starting %s: %v", path, err)
	return nil
}

// startBrowser starts headless Chromium at path, stopped when the test ends.
func startBrowser(t *testing.T, path string) (context.Context, error) {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1300, 1000))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil { // starts the browser
		return nil, err
	}
	ctx, stop := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(stop)
	return ctx, nil
}

// figureGeometryJS lists each figure of the page with its texts: what they say and where
// their centres are, in CSS pixels from the top left of the figure's SVG.
const figureGeometryJS = `[...document.querySelectorAll("figure[id]")].filter(f => f.querySelector("svg")).map(f => {
	const box = f.querySelector("svg").getBoundingClientRect();
	return {id: f.id, texts: [...f.querySelectorAll("svg text")].map(t => {
		const r = t.getBoundingClientRect();
		return {s: t.textContent, x: r.left + r.width / 2 - Math.round(box.left), y: r.top + r.height / 2 - Math.round(box.top)};
	})};
})`

// figureGeometry is one figure as figureGeometryJS finds it.
type figureGeometry struct {
	ID    string `json:"id"`
	Texts []struct {
		S string  `json:"s"`
		X float64 `json:"x"`
		Y float64 `json:"y"`
	} `json:"texts"`
}

// overTime reports whether the figure has a time axis in hours.
func (f figureGeometry) overTime() bool {
	for _, t := range f.Texts {
		if t.S == "time (hours)" {
			return true
		}
	}
	return false
}

// timeAxis is one panel's time axis as drawn: the x of its ticks at 0, 1 and 2 hours, and the
// y of their labels.
type timeAxis struct{ x0, x1, x2, y float64 }

// axes returns the panels' time axes: rows of tick labels reading 0, 1 and 2 (or 0.0, 1.0
// and 2.0) left to right.
func (f figureGeometry) axes() []timeAxis {
	var out []timeAxis
	find := func(labels []string, y float64) (float64, bool) {
		for _, t := range f.Texts {
			for _, l := range labels {
				if t.S == l && abs(t.Y-y) < 1 {
					return t.X, true
				}
			}
		}
		return 0, false
	}
	for _, t := range f.Texts {
		if t.S != "1" && t.S != "1.0" {
			continue
		}
		x0, ok0 := find([]string{"0", "0.0"}, t.Y)
		x2, ok2 := find([]string{"2", "2.0"}, t.Y)
		if ok0 && ok2 && x0 < t.X && t.X < x2 {
			out = append(out, timeAxis{x0, t.X, x2, t.Y})
		}
	}
	return out
}

// outageAtOneHour checks the figure's pixels and returns what is wrong: the outage of
// us-east-1a from 1 h to 1.5 h must be drawn at those times on every time axis.
func (f figureGeometry) outageAtOneHour(img image.Image) []string {
	axes := f.axes()
	if len(axes) == 0 {
		return []string{"no time axis with ticks at 0, 1 and 2 hours"}
	}
	var errs []string
	for _, a := range axes {
		var got, want []float64
		if row, ok := f.heatRow("i-0001"); ok {
			got, want = []float64{heatChange(img, a, row)}, []float64{a.x1}
		} else {
			from, to := shadedSpan(img, a)
			got, want = []float64{from, to}, []float64{a.x1, (a.x1 + a.x2) / 2}
		}
		for i := range got {
			if abs(got[i]-want[i]) > 4 { // a line drawn over the edge of the shading hides up to 3 px of it

				errs = append(errs, "the outage is drawn at x="+ftoa(got[i])+", want x="+ftoa(want[i])+" (ticks 0, 1, 2 h at "+ftoa(a.x0)+", "+ftoa(a.x1)+", "+ftoa(a.x2)+")")
			}
		}
	}
	return errs
}

// heatRow returns the y of a heat map's row, from its label "i-0001 (zone)".
func (f figureGeometry) heatRow(instance string) (float64, bool) {
	for _, t := range f.Texts {
		if strings.HasPrefix(t.S, instance+" (") {
			return t.Y, true
		}
	}
	return 0, false
}

// heatChange returns the first x from 0 h where the heat map's row at y turns white: the
// instance is lost.
func heatChange(img image.Image, a timeAxis, y float64) float64 {
	for x := int(a.x0) + 2; x <= int(a.x0+3*(a.x1-a.x0)); x++ {
		if isColor(img.At(x, int(y)), color.RGBA{255, 255, 255, 255}) {
			return float64(x)
		}
	}
	return -1
}

// shadedSpan returns the first and last x, left of the axis's 3 h, of the columns shaded as
// an outage (ecssim's light red) just above the axis's tick labels.
func shadedSpan(img image.Image, a timeAxis) (from, to float64) {
	outage := color.RGBA{250, 212, 212, 255}
	from, to = -1, -1
	for x := int(a.x0); x <= int(a.x0+3*(a.x1-a.x0)); x++ {
		shaded := 0
		for y := int(a.y) - 60; y < int(a.y)-15; y++ {
			if isColor(img.At(x, y), outage) {
				shaded++
			}
		}
		if shaded >= 3 {
			if from < 0 {
				from = float64(x)
			}
			to = float64(x)
		}
	}
	return from, to
}

// isColor reports whether c is want within 3 of 255 in each channel.
func isColor(c color.Color, want color.RGBA) bool {
	r, g, b, _ := c.RGBA()
	near := func(v uint32, w uint8) bool { return abs(float64(v>>8)-float64(w)) <= 3 }
	return near(r, want.R) && near(g, want.G) && near(b, want.B)
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func ftoa(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }
