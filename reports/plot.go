package reports

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	imagedraw "image/draw"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/palette/brewer"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// This file is the only code that touches gonum/plot: it draws a Figure's data.

// Sizes and resolution of the figures. PNGs are for slides and mail; the SVGs, in report.html.
const (
	figureWidth = 8 * vg.Inch
	wideWidth   = 10 * vg.Inch // figures with panels side by side
	pngDPI      = 110
)

// sans is the figures' typeface. gonum/plot measures text with its embedded Liberation fonts;
// Liberation Sans has Arial's metrics, so an SVG shown with Arial or Helvetica (svgFonts) lays
// out as measured.
var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

// svgFonts is the font-family list an SVG's text asks for instead of Liberation Sans alone,
// which few computers have.
const svgFonts = `font-family:'Liberation Sans',Arial,Helvetica,sans-serif;`

// colors are the lines' and points' colours by index: plotutil's dark set, distinct on white.
var colors = []color.Color{
	color.RGBA{24, 90, 169, 255},  // blue
	color.RGBA{238, 46, 47, 255},  // red
	color.RGBA{0, 140, 72, 255},   // green
	color.RGBA{244, 125, 35, 255}, // orange
	color.RGBA{102, 44, 145, 255}, // purple
	color.RGBA{162, 29, 33, 255},  // dark red
	color.RGBA{180, 56, 148, 255}, // pink
	color.RGBA{90, 90, 90, 255},   // grey
}

func colorOf(i int) color.Color { return colors[((i%len(colors))+len(colors))%len(colors)] }

// lineWidth narrows the lines of later colours, and glyphStyle shrinks their markers and
// changes their shape, so that strategies that coincide (as spread strategies often do on
// a small fleet) still show each other: the first is drawn widest, the next ones on top of it.
func lineWidth(i int) vg.Length {
	return vg.Points(max(2.8-0.6*float64(i%len(colors)), 1))
}

var glyphShapes = []draw.GlyphDrawer{draw.CircleGlyph{}, draw.SquareGlyph{}, draw.TriangleGlyph{}, draw.PyramidGlyph{}, draw.RingGlyph{}, draw.CrossGlyph{}}

func glyphStyle(i int, c color.Color) draw.GlyphStyle {
	i %= len(colors)
	return draw.GlyphStyle{Color: c, Radius: vg.Points(max(6-1.1*float64(i), 2.5)), Shape: glyphShapes[i%len(glyphShapes)]}
}

// spanColors shade deployments light blue and zone outages light red.
var spanColors = map[SpanKind]color.Color{
	SpanDeployment: color.RGBA{205, 222, 247, 255},
	SpanOutage:     color.RGBA{250, 212, 212, 255},
}

func textStyle(size vg.Length) text.Style {
	return text.Style{Color: color.Black, Font: font.From(sans, size), Handler: plot.DefaultTextHandler}
}

// SVG returns the figure as an SVG document. The same figure gives the same bytes.
func (f *Figure) SVG() ([]byte, error) {
	w, h := f.size()
	c := vgsvg.New(w, h)
	if err := f.draw(draw.New(c)); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if _, err := c.WriteTo(&b); err != nil {
		return nil, err
	}
	return []byte(svgFixes.Replace(b.String())), nil
}

// svgFixes mends what gonum/plot's SVG canvas (vgsvg, v0.17.0) writes:
//   - text asks for Liberation Sans alone, which few computers have (svgFonts);
//   - an image (a heat map's cells) is labelled image/jpg, though its data is a PNG;
//   - an image keeps SVG's default preserveAspectRatio, "xMidYMid meet", so a browser shrinks
//     it to its own aspect ratio and centres it in its box: a heat map of 1200×1200 pixels in a
//     box twice as wide as tall would show its first hour at about 1.2 h. The cells must fill
//     the box they were given, as they do in the PNG, so that they line up with the axis.
var svgFixes = strings.NewReplacer(
	"font-family:Liberation Sans;", svgFonts,
	`xlink:href="data:image/jpg;base64,`, `xlink:href="data:image/png;base64,`,
	"<image ", `<image preserveAspectRatio="none" `,
)

// PNG returns the figure as a PNG image at 110 dpi.
func (f *Figure) PNG() ([]byte, error) {
	w, h := f.size()
	c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(pngDPI), vgimg.UseBackgroundColor(color.White))
	if err := f.draw(draw.New(c)); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// size returns the figure's width and height: panels 3.6 in tall alone, 2.6 in stacked; a
// heat map 0.18 in per row, between 2.5 and 14 in.
func (f *Figure) size() (w, h vg.Length) {
	w = figureWidth
	if f.Columns > 1 {
		w = wideWidth
	}
	rows := f.rows()
	switch {
	case len(f.Panels) == 1 && f.Panels[0].Heat != nil:
		n := vg.Length(len(f.Panels[0].Heat.Rows))
		h = min(max(n*0.18*vg.Inch, 2.5*vg.Inch), 14*vg.Inch) + 1.4*vg.Inch
	case rows == 1:
		h = 4 * vg.Inch
	default:
		h = vg.Length(rows)*2.6*vg.Inch + 0.5*vg.Inch
	}
	return w, h
}

func (f *Figure) columns() int { return max(1, f.Columns) }

func (f *Figure) rows() int { return (len(f.Panels) + f.columns() - 1) / f.columns() }

// draw draws the figure on c: the title on top, the legend (or a heat map's colour scale) on
// the right, outside the data so that it never hides any, and the panels in a grid with their
// data areas aligned.
func (f *Figure) draw(c draw.Canvas) (err error) {
	defer func() {
		// gonum/plot panics on data it cannot draw; a report should fail, not crash.
		if p := recover(); p != nil {
			err = fmt.Errorf("reports: drawing %s: %v", f.Name, p)
		}
	}()
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	pad := vg.Points(8)
	if f.Title != "" {
		sty := textStyle(14)
		sty.XAlign, sty.YAlign = draw.XCenter, draw.YTop
		c.FillText(sty, vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: c.Max.Y - pad}, f.Title)
		c.Max.Y -= sty.Height(f.Title) + 2*pad
	}
	c.Min.X += pad
	c.Max.X -= pad
	c.Min.Y += pad / 2

	var heat *Heat
	plots := make([][]*plot.Plot, f.rows())
	for i := range plots {
		plots[i] = make([]*plot.Plot, f.columns())
	}
	var legend legendEntries
	for i := range f.Panels {
		pa := &f.Panels[i]
		p, err := pa.plot(&legend)
		if err != nil {
			return err
		}
		plots[i/f.columns()][i%f.columns()] = p
		if pa.Heat != nil {
			heat = pa.Heat
		}
	}
	switch {
	case heat != nil:
		c.Max.X -= drawScale(c, heat)
	case !legend.empty():
		l := legend.legend()
		r := l.Rectangle(c)
		width := r.Max.X - r.Min.X
		l.Draw(draw.Crop(c, c.Max.X-c.Min.X-width, 0, 0, -pad))
		c.Max.X -= width + 2*pad
	}
	tiles := draw.Tiles{Rows: f.rows(), Cols: f.columns(), PadX: vg.Points(24), PadY: vg.Points(14)}
	canvases := plot.Align(plots, tiles, c)
	for j, row := range plots {
		for i, p := range row {
			if p != nil {
				p.Draw(canvases[j][i])
			}
		}
	}
	return nil
}

// plot builds a panel's plot and adds its legend entries. A heat map brings its own
// scale; the other panels get a grid, their spans and lines and points, then axis ranges
// fitted to what they show.
func (pa *Panel) plot(legend *legendEntries) (*plot.Plot, error) {
	p := styledPlot(pa.Title, pa.XLabel, pa.YLabel)
	if pa.Heat != nil {
		return p, pa.Heat.add(p)
	}
	grid := plotter.NewGrid()
	grid.Vertical.Color, grid.Horizontal.Color = color.Gray{Y: 225}, color.Gray{Y: 225}
	p.Add(grid)
	for _, s := range pa.Spans {
		sp := &spanPlotter{from: s.From, to: s.To, color: spanColors[s.Kind]}
		p.Add(sp)
		legend.addBackground(s.Name, sp)
	}
	if err := addLines(p, pa.Lines, legend); err != nil {
		return nil, err
	}
	if err := addPoints(p, pa.Points, legend); err != nil {
		return nil, err
	}
	pa.fitY(p)
	pa.fitX(p)
	p.X.Tick.Marker, p.Y.Tick.Marker = niceTicks{}, niceTicks{}
	return p, nil
}

// styledPlot returns an empty plot with the report's title and axis labels, in the type
// sizes every panel shares, keeping gonum's alignment of the tick labels (which differs
// between the axes).
func styledPlot(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle = textStyle(11)
	p.Title.TextStyle.XAlign, p.Title.TextStyle.YAlign = draw.XCenter, draw.YTop
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle = textStyle(10)
		ax.Label.TextStyle.XAlign, ax.Label.TextStyle.YAlign = draw.XCenter, draw.YBottom
		xa, ya := ax.Tick.Label.XAlign, ax.Tick.Label.YAlign
		ax.Tick.Label = textStyle(9)
		ax.Tick.Label.XAlign, ax.Tick.Label.YAlign = xa, ya
		ax.Tick.Length = vg.Points(4)
	}
	p.X.Label.Text, p.Y.Label.Text = xLabel, yLabel
	return p
}

// addLines adds a panel's series as lines, dashed or stepped as they ask, and their legend
// entries; an empty series has nothing to draw, so it gets no line and no legend entry.
func addLines(p *plot.Plot, lines []Series, legend *legendEntries) error {
	for _, s := range lines {
		if len(s.X) == 0 {
			continue
		}
		if err := addBand(p, s); err != nil {
			return err
		}
		l, err := plotter.NewLine(xyOf(s.X, s.Y))
		if err != nil {
			return fmt.Errorf("reports: line %s: %w", s.Name, err)
		}
		l.Color, l.Width = colorOf(s.Color), lineWidth(s.Color)
		if s.Dashed {
			l.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
		}
		if s.Step {
			l.StepStyle = plotter.PostStep
		}
		p.Add(l)
		legend.add(s.Name, l)
	}
	return nil
}

// addBand shades the band of s, from Low up to High, in its colour made faint.
func addBand(p *plot.Plot, s Series) error {
	if len(s.Low) == 0 {
		return nil
	}
	pts := make(plotter.XYs, 0, 2*len(s.X))
	for i := range s.X {
		pts = append(pts, plotter.XY{X: s.X[i], Y: s.Low[i]})
	}
	for i := len(s.X) - 1; i >= 0; i-- {
		pts = append(pts, plotter.XY{X: s.X[i], Y: s.High[i]})
	}
	band, err := plotter.NewPolygon(pts)
	if err != nil {
		return fmt.Errorf("reports: band of %s: %w", s.Name, err)
	}
	r, g, b, _ := colorOf(s.Color).RGBA()
	band.Color = color.NRGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 56}
	band.LineStyle.Width = 0
	p.Add(band)
	return nil
}

// fitY sets the y range: the panel's own if it has one, else from 0 for lines (counts and
// times), else the scatter's data with a margin.
func (pa *Panel) fitY(p *plot.Plot) {
	switch {
	case pa.YMax > pa.YMin:
		p.Y.Min, p.Y.Max = pa.YMin, pa.YMax
	case len(pa.Points) == 0: // counts and times start at 0
		p.Y.Min = min(p.Y.Min, 0)
		if p.Y.Max <= p.Y.Min {
			p.Y.Max = p.Y.Min + 1
		}
		p.Y.Max += (p.Y.Max - p.Y.Min) * 0.05 // a line at the top stays clear of the frame
	default:
		// Scatters show the data's range with a margin, at least 2% of the values wide, so
		// that differences of a hundredth of a percent do not look like a chasm.
		mid := (p.Y.Min + p.Y.Max) / 2
		span := max(p.Y.Max-p.Y.Min, 0.02*math.Abs(mid))
		if span == 0 {
			span = 1
		}
		p.Y.Min, p.Y.Max = mid-0.6*span, mid+0.6*span
	}
}

// fitX widens the x range to the panel's least one, if it has one (a scatter's resiliency
// axis shows 0 to 100% whatever the data); a CDF starts at 0 and keeps room to show its
// last step.
func (pa *Panel) fitX(p *plot.Plot) {
	if pa.XMax > pa.XMin {
		p.X.Min, p.X.Max = min(p.X.Min, pa.XMin), max(p.X.Max, pa.XMax)
	}
	if pa.Lines != nil && pa.Lines[0].Step { // a CDF: times start at 0; the last step shows
		p.X.Min = min(p.X.Min, 0)
		p.X.Max += max(p.X.Max-p.X.Min, 1) * 0.05
	}
}

// niceTicks labels an axis every 1, 2 or 5 × 10ⁿ, five to ten labels, with a minor tick
// between labels: more labels than gonum/plot's default, so that values read off easily.
type niceTicks struct{}

func (niceTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || !finite(lo, hi) { // gonum's axes never ask for this: one label, not a panic
		return []plot.Tick{{Value: lo, Label: strconv.FormatFloat(lo, 'g', 4, 64)}}
	}
	raw := (hi - lo) / 6
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := 10 * mag
	for _, m := range []float64{1, 2, 5} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	decimals := max(0, -int(math.Floor(math.Log10(step))))
	var ticks []plot.Tick
	for i := math.Ceil(lo / step * 2); i/2*step <= hi+step*1e-9; i++ {
		v := i / 2 * step
		t := plot.Tick{Value: v}
		if math.Mod(i, 2) == 0 {
			t.Label = strconv.FormatFloat(v, 'f', decimals, 64)
			if t.Label == "-0" {
				t.Label = "0"
			}
		}
		ticks = append(ticks, t)
	}
	return ticks
}

func xyOf(x, y []float64) plotter.XYs {
	xys := make(plotter.XYs, len(x))
	for i := range x {
		xys[i].X, xys[i].Y = x[i], y[i]
	}
	return xys
}

// addPoints draws means with their 95% intervals both ways, and their labels.
func addPoints(p *plot.Plot, pts []Point, legend *legendEntries) error {
	for _, pt := range pts {
		xy := plotter.XYs{{X: pt.X, Y: pt.Y}}
		col := colorOf(pt.Color)
		style := draw.LineStyle{Color: col, Width: vg.Points(1.2)}
		if finite(pt.XLow, pt.XHigh) {
			xe, err := plotter.NewXErrorBars(struct {
				plotter.XYs
				plotter.XErrors
			}{xy, plotter.XErrors{{Low: pt.X - pt.XLow, High: pt.XHigh - pt.X}}})
			if err != nil {
				return err
			}
			xe.LineStyle = style
			p.Add(xe)
		}
		if finite(pt.YLow, pt.YHigh) {
			ye, err := plotter.NewYErrorBars(struct {
				plotter.XYs
				plotter.YErrors
			}{xy, plotter.YErrors{{Low: pt.Y - pt.YLow, High: pt.YHigh - pt.Y}}})
			if err != nil {
				return err
			}
			ye.LineStyle = style
			p.Add(ye)
		}
		sc, err := plotter.NewScatter(xy)
		if err != nil {
			return err
		}
		sc.GlyphStyle = glyphStyle(pt.Color, col)
		p.Add(sc)
		legend.add(pt.Group, sc)
		if pt.Label != "" {
			l, err := plotter.NewLabels(plotter.XYLabels{XYs: xy, Labels: []string{pt.Label}})
			if err != nil {
				return err
			}
			l.TextStyle[0] = textStyle(8)
			l.TextStyle[0].Color = col
			l.Offset = vg.Point{X: vg.Points(5), Y: vg.Points(4)}
			if pt.LabelBelow {
				l.Offset.Y = -vg.Points(12)
			}
			p.Add(l)
		}
	}
	return nil
}

func finite(xs ...float64) bool {
	for _, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

// spanPlotter shades the stretch of the x axis from from to to over the panel's height.
type spanPlotter struct {
	from, to float64
	color    color.Color
}

func (s *spanPlotter) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	x0, x1 := max(trX(s.from), c.Min.X), min(trX(s.to), c.Max.X)
	if x1 <= x0 {
		x1 = min(x0+vg.Points(1), c.Max.X) // an instant still shows
	}
	r := vg.Rectangle{Min: vg.Point{X: x0, Y: c.Min.Y}, Max: vg.Point{X: x1, Y: c.Max.Y}}
	c.SetColor(s.color)
	c.Fill(r.Path())
}

// Thumbnail implements plot.Thumbnailer: a swatch in the legend.
func (s *spanPlotter) Thumbnail(c *draw.Canvas) {
	c.SetColor(s.color)
	c.Fill(c.Rectangle.Path())
}

// legendEntries collects a figure's legend: one entry per name, in order of first appearance,
// the shaded backgrounds after the lines and points of every panel.
type legendEntries struct {
	entries, background []legendEntry
}

type legendEntry struct {
	name  string
	thumb plot.Thumbnailer
}

func (l *legendEntries) add(name string, t plot.Thumbnailer) {
	l.entries = addEntry(l.entries, name, t)
}

func (l *legendEntries) addBackground(name string, t plot.Thumbnailer) {
	l.background = addEntry(l.background, name, t)
}

func addEntry(entries []legendEntry, name string, t plot.Thumbnailer) []legendEntry {
	if name == "" {
		return entries
	}
	for _, e := range entries {
		if e.name == name {
			return entries
		}
	}
	return append(entries, legendEntry{name, t})
}

func (l *legendEntries) empty() bool { return len(l.entries)+len(l.background) == 0 }

func (l *legendEntries) legend() plot.Legend {
	lg := plot.NewLegend()
	lg.TextStyle = textStyle(10)
	lg.Top, lg.Left = true, true
	lg.Padding = vg.Points(3)
	for _, e := range append(slices.Clone(l.entries), l.background...) {
		lg.Add(e.name, e.thumb)
	}
	return lg
}

// Heat maps. Each count of tasks 0..levels-1 has its own colour from a sequential palette (light
// for few tasks, dark for many); cells of instances not registered are left white.

// levels returns the number of colours of a heat map: one per count from 0 to ZMax.
func (h *Heat) levels() int { return max(2, int(math.Ceil(h.ZMax))+1) }

// heatPalette returns n colours from light yellow to dark blue (ColorBrewer's YlGnBu, from
// its second class so that 0 stands apart from white).
func heatPalette(n int) []color.Color {
	base, err := brewer.GetPalette(brewer.TypeSequential, "YlGnBu", 9)
	if err != nil {
		panic(err) // a palette brewer has
	}
	// moreland interpolates in a perceptual colour space, from dark to light: reverse
	// ColorBrewer's light-to-dark order, and read it backwards.
	controls := slices.Clone(base.Colors()[1:])
	slices.Reverse(controls)
	cm, err := moreland.NewLuminance(controls)
	if err != nil {
		panic(err) // a constant palette whose luminance is monotonic
	}
	cm.SetMin(0)
	cm.SetMax(float64(n - 1))
	out := make([]color.Color, n)
	for i := range out {
		c, err := cm.At(float64(n - 1 - i))
		if err != nil {
			panic(err)
		}
		out[i] = c
	}
	return out
}

type discretePalette []color.Color

func (p discretePalette) Colors() []color.Color { return p }

// heatGrid turns Heat's rows (top first) into gonum's grid (row 0 at the bottom).
type heatGrid struct{ h *Heat }

func (g heatGrid) Dims() (c, r int)   { return len(g.h.X), len(g.h.Z) }
func (g heatGrid) Z(c, r int) float64 { return g.h.Z[len(g.h.Z)-1-r][c] }
func (g heatGrid) X(c int) float64    { return g.h.X[c] }
func (g heatGrid) Y(r int) float64    { return float64(r) }

// rasterPixels is about the width and height of a heat map's image. The cells are drawn as
// an image, each a block of pixels: crisp at any size, a few tens of kilobytes in an SVG
// however large the fleet. (gonum/plot's vector heat map writes a path per cell, hundreds of
// kilobytes for a few thousand cells, with hairline seams between them; its rasterized one has
// one pixel per cell, which scaling blurs across whole cells.)
const rasterPixels = 1200

// add draws the heat map on p: the cells, lines between zones, and the rows' labels.
func (h *Heat) add(p *plot.Plot) error {
	if len(h.X) == 0 || len(h.Z) == 0 {
		return fmt.Errorf("reports: empty heat map")
	}
	n := h.levels()
	pal := heatPalette(n)
	hm := plotter.NewHeatMap(heatGrid{h}, discretePalette(pal)) // for its extent: cells centred on X
	p.Add(h.image(pal, hm))
	rows := len(h.Z)
	var ticks []plot.Tick
	for i := 0; i < rows; {
		j := i
		for j < rows && h.Zones[j] == h.Zones[i] {
			j++
		}
		if rows <= 40 {
			for k := i; k < j; k++ {
				ticks = append(ticks, plot.Tick{Value: float64(rows - 1 - k), Label: h.Rows[k] + " (" + h.Zones[k] + ")"})
			}
		} else {
			ticks = append(ticks, plot.Tick{Value: float64(rows-1) - float64(i+j-1)/2, Label: h.Zones[i]})
		}
		if j < rows { // a line between zones, across the cells
			y := float64(rows-j) - 0.5
			x0, x1, _, _ := hm.DataRange()
			l, err := plotter.NewLine(plotter.XYs{{X: x0, Y: y}, {X: x1, Y: y}})
			if err != nil {
				return err
			}
			l.Color, l.Width = color.Black, vg.Points(1)
			p.Add(l)
		}
		i = j
	}
	p.X.Tick.Marker, p.Y.Tick.Marker = niceTicks{}, plot.ConstantTicks(ticks)
	size := vg.Length(9) // zones' names for a large fleet; instances' smaller as they crowd
	if rows <= 40 {
		size = max(6, min(9, vg.Length(300/rows)))
	}
	p.Y.Tick.Label = textStyle(size)
	p.Y.Tick.Label.XAlign, p.Y.Tick.Label.YAlign = draw.XRight, draw.YCenter
	p.X.Padding, p.Y.Padding = 0, 0
	return nil
}

// image returns the heat map as an image of blocks of pixels over the cells' extent.
func (h *Heat) image(pal []color.Color, hm *plotter.HeatMap) *plotter.Image {
	cols, rows := len(h.X), len(h.Z)
	kx, ky := max(1, (rasterPixels+cols-1)/cols), max(1, (rasterPixels+rows-1)/rows)
	img := image.NewNRGBA(image.Rect(0, 0, cols*kx, rows*ky))
	for r, row := range h.Z { // row 0 at the top, as in the image
		for c, v := range row {
			if math.IsNaN(v) {
				continue // transparent: not registered
			}
			col := pal[min(len(pal)-1, max(0, int(v+0.5)))]
			imagedraw.Draw(img, image.Rect(c*kx, r*ky, (c+1)*kx, (r+1)*ky), image.NewUniform(col), image.Point{}, imagedraw.Src)
		}
	}
	xmin, xmax, ymin, ymax := hm.DataRange()
	return plotter.NewImage(img, xmin, ymin, xmax, ymax)
}

// drawScale draws a heat map's colour scale at the right of c, a band per count of tasks,
// and returns the width it took.
func drawScale(c draw.Canvas, h *Heat) vg.Length {
	n := h.levels()
	p := plot.New()
	p.Title.Text = "tasks"
	p.Title.TextStyle = textStyle(10)
	p.Title.TextStyle.XAlign, p.Title.TextStyle.YAlign = draw.XCenter, draw.YTop
	p.HideX()
	p.Y.Padding = 0
	p.Y.Tick.Label = textStyle(9)
	p.Y.Tick.Label.XAlign, p.Y.Tick.Label.YAlign = draw.XRight, draw.YCenter
	levels := make([][]float64, n)
	for i := range levels {
		levels[n-1-i] = []float64{float64(i)}
	}
	hm := plotter.NewHeatMap(heatGrid{&Heat{X: []float64{0}, Z: levels}}, discretePalette(heatPalette(n)))
	hm.Min, hm.Max = 0, float64(n-1)
	p.Add(hm)
	step := max(1, int(math.Ceil(float64(n)/12)))
	var ticks []plot.Tick
	for i := 0; i < n; i += step {
		ticks = append(ticks, plot.Tick{Value: float64(i), Label: fmt.Sprint(i)})
	}
	p.Y.Tick.Marker = plot.ConstantTicks(ticks)
	width := vg.Points(60)
	height := min(c.Max.Y-c.Min.Y, vg.Length(n)*vg.Points(22)+vg.Points(30))
	p.Draw(draw.Crop(c, c.Max.X-c.Min.X-width, 0, c.Max.Y-c.Min.Y-height, 0))
	return width + vg.Points(12)
}

// inlineSVG returns an SVG document for inclusion in HTML: without its XML declaration and
// comment.
func inlineSVG(svg []byte) string {
	s := string(svg)
	if i := strings.Index(s, "<svg"); i >= 0 {
		s = s[i:]
	}
	return s
}
