package reports

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"image/png"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"
)

// TestHeatMapSVGGeometry checks where a browser draws a heat map's cells in the SVG: an
// <image> element is drawn into its box as its preserveAspectRatio says (SVG 1.1, §7.8), and
// the cells must fill the box gonum/plot gave them, which spans the data's time range on the
// axis. With SVG's default, "xMidYMid meet", a square 1200×1200 image in a box twice as wide
// as tall is drawn half as wide, centred: an outage at 1 h of a 3 h run showed at about 1.2 h.
func TestHeatMapSVGGeometry(t *testing.T) {
	h := &Heat{
		X:     []float64{0, 1, 2, 3},
		Rows:  []string{"i-0001", "i-0002", "i-0003"},
		Zones: []string{"us-east-1a", "us-east-1a", "us-east-1b"},
		Z:     [][]float64{{2, 2, math.NaN(), math.NaN()}, {1, 1, 3, 3}, {0, 1, 1, 1}},
		ZMax:  3,
	}
	f := Figure{Name: "heat", Title: "Tasks per instance", Panels: []Panel{{XLabel: "time (hours)", Heat: h}}}
	svg, err := f.SVG()
	if err != nil {
		t.Fatal(err)
	}
	images := svgImages(t, svg)
	if len(images) != 1 {
		t.Fatalf("%d <image> elements, want the heat map's one", len(images))
	}
	im := images[0]
	label, data, _ := strings.Cut(im.href, ";base64,")
	if label != "data:image/png" {
		t.Errorf("the image's data is labelled %s, not as the PNG it is", label)
	}
	raw, err := base64.StdEncoding.DecodeString(data)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("the image's data is not a PNG: %v", err)
	}
	drawn := im.drawnBox(float64(cfg.Width), float64(cfg.Height))
	if math.Abs(drawn.x-im.box.x) > 1e-6 || math.Abs(drawn.w-im.box.w) > 1e-6 ||
		math.Abs(drawn.y-im.box.y) > 1e-6 || math.Abs(drawn.h-im.box.h) > 1e-6 {
		t.Errorf("a %d×%d image in the box %+v with preserveAspectRatio %q is drawn at %+v: the cells do not fill the box that lines them up with the axes",
			cfg.Width, cfg.Height, im.box, im.aspect, drawn)
	}
}

type rect struct{ x, y, w, h float64 }

// svgImage is an <image> element: its box, its preserveAspectRatio and its data.
type svgImage struct {
	box    rect
	aspect string
	href   string
}

// svgImages returns the <image> elements of an SVG document.
func svgImages(t *testing.T, svg []byte) []svgImage {
	t.Helper()
	var out []svgImage
	dec := xml.NewDecoder(bytes.NewReader(svg))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("the SVG does not parse: %v", err)
		}
		el, ok := tok.(xml.StartElement)
		if !ok || el.Name.Local != "image" {
			continue
		}
		var im svgImage
		num := func(s string) float64 {
			f, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatalf("<image> attribute %q: %v", s, err)
			}
			return f
		}
		for _, a := range el.Attr {
			switch a.Name.Local {
			case "x":
				im.box.x = num(a.Value)
			case "y":
				im.box.y = num(a.Value)
			case "width":
				im.box.w = num(a.Value)
			case "height":
				im.box.h = num(a.Value)
			case "preserveAspectRatio":
				im.aspect = a.Value
			case "href":
				im.href = a.Value
			}
		}
		out = append(out, im)
	}
}

// drawnBox returns where a browser draws an image of w×h pixels into the element's box, by
// its preserveAspectRatio: "none" stretches it to the box; otherwise (default "xMidYMid meet")
// it is scaled alike in both directions to fit (meet) or cover (slice) the box, and aligned
// by the min, mid or max of each axis.
func (im svgImage) drawnBox(w, h float64) rect {
	aspect := im.aspect
	if aspect == "" {
		aspect = "xMidYMid meet"
	}
	fields := strings.Fields(aspect)
	if fields[0] == "none" {
		return im.box
	}
	k := math.Min(im.box.w/w, im.box.h/h)
	if len(fields) > 1 && fields[1] == "slice" {
		k = math.Max(im.box.w/w, im.box.h/h)
	}
	dw, dh := w*k, h*k
	at := func(start, room float64, where string) float64 {
		switch where {
		case "Min":
			return start
		case "Max":
			return start + room
		}
		return start + room/2
	}
	return rect{
		x: at(im.box.x, im.box.w-dw, fields[0][1:4]),
		y: at(im.box.y, im.box.h-dh, fields[0][5:8]),
		w: dw, h: dh,
	}
}
