package reports

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"gonum.org/v1/plot"
)

// The hand-computed cases of the figures' helpers.

// exact is the tolerance of results that are exact fractions up to rounding.
var exact = cmpopts.EquateApprox(0, 1e-12)

func TestCDF(t *testing.T) {
	many := make([]float64, 2500) // 0, 1, ..., 2499: F(i) = (i+1)/2500
	for i := range many {
		many[i] = float64(i)
	}
	thinned := newCDF(many)
	tests := []struct {
		name string
		got  cdf
		want cdf
	}{
		{"empty", newCDF(nil), cdf{}},
		// Sorted 1, 2, 2, 3: the step at 2 is at the last of the equal values, 3/4.
		{"ties", newCDF([]float64{3, 2, 1, 2}), cdf{N: 4, X: []float64{1, 2, 3}, P: []float64{0.25, 0.75, 1}}},
		// Two recordings: 1 and 2 (N 2), and 3 (N 1). Pooled: 1/3 at 1, 2/3 at 2, 1 at 3.
		{"pooled", pool([]cdf{newCDF([]float64{2, 1}), newCDF([]float64{3})}), cdf{N: 3, X: []float64{1, 2, 3}, P: []float64{1.0 / 3, 2.0 / 3, 1}}},
		// Pooling one recording with itself changes nothing.
		{"pooled with itself", pool([]cdf{newCDF([]float64{1, 2}), newCDF([]float64{1, 2})}), cdf{N: 4, X: []float64{1, 2}, P: []float64{0.5, 1}}},
		{"pooled, nothing", pool([]cdf{{}, {}}), cdf{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, tc.got, exact, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	t.Run("thinned to a step per 0.1%", func(t *testing.T) {
		// 2500 values: F crosses each multiple of 1/1000 once, at most 1001 steps kept, F exact
		// at each and the last at 1.
		if n := len(thinned.X); n > cdfPoints+1 || n < cdfPoints {
			t.Errorf("%d steps kept", n)
		}
		for i, x := range thinned.X {
			if want := (x + 1) / 2500; math.Abs(thinned.P[i]-want) > 1e-12 {
				t.Fatalf("F(%v) = %v, want %v", x, thinned.P[i], want)
			}
		}
		if last := thinned.P[len(thinned.P)-1]; last != 1 {
			t.Errorf("last step at %v", last)
		}
		// Between steps F is low by less than 1/1000: F(1234) is 1235/2500 = 0.494.
		if got := thinned.at(1234); got > 0.494 || got < 0.494-1.0/cdfPoints {
			t.Errorf("F(1234) = %v, want within 0.001 below 0.494", got)
		}
	})
}

func TestCDFAt(t *testing.T) {
	d := cdf{N: 4, X: []float64{1, 2, 3}, P: []float64{0.25, 0.75, 1}}
	for _, tc := range []struct{ x, want float64 }{{0.5, 0}, {1, 0.25}, {1.5, 0.25}, {2, 0.75}, {3, 1}, {9, 1}} {
		if got := d.at(tc.x); got != tc.want {
			t.Errorf("F(%v) = %v, want %v", tc.x, got, tc.want)
		}
	}
}

func TestMeanOver(t *testing.T) {
	a := &Recording{times: []float64{0, 10, 20}, cpu: []float64{0.1, 0.2, 0.3}}
	b := &Recording{times: []float64{0, 10, 20}, cpu: []float64{0.3, 0.4, 0.5}}
	c := &Recording{times: []float64{0, 20}, cpu: []float64{0.5, 0.9}} // read at its sample at or before
	get := func(r *Recording) []float64 { return r.cpu }
	tests := []struct {
		name string
		recs []*Recording
		want []float64
	}{
		{"same times", []*Recording{a, b}, []float64{0.2, 0.3, 0.4}},
		// At 10 s, c's last sample is the one at 0: (0.1 + 0.3 + 0.5) / 3 = 0.3, and so on.
		{"other times", []*Recording{a, b, c}, []float64{0.3, (0.2 + 0.4 + 0.5) / 3, (0.3 + 0.5 + 0.9) / 3}},
		{"a nil recording is left out", []*Recording{a, nil}, []float64{0.1, 0.2, 0.3}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, meanOver(tc.recs, a.times, get), exact); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestTimeAxisAndNames(t *testing.T) {
	axes := []struct {
		horizon float64
		want    timeAxis
	}{
		{6 * 3600, timeAxis{3600, "time (hours)"}},
		{3 * 3600, timeAxis{3600, "time (hours)"}},
		{3600, timeAxis{60, "time (minutes)"}},
		{120, timeAxis{1, "time (seconds)"}},
	}
	for _, tc := range axes {
		if got := timeAxisFor(tc.horizon); got != tc.want {
			t.Errorf("timeAxisFor(%v) = %v, want %v", tc.horizon, got, tc.want)
		}
	}
	slugs := map[string]string{
		"binpack-memory": "binpack-memory",
		"spread(attribute:ecs.availability-zone),binpack(memory)": "spread-attribute-ecs-availability-zone-binpack-memory",
		"My Strategy.toml": "my-strategy-toml",
		"--":               "",
	}
	for in, want := range slugs {
		if got := slug(in); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
	intervals := map[float64]string{54: "54 s", 60: "1 min", 120: "2 min", 90: "90 s"}
	for secs, want := range intervals {
		if got := interval(secs); got != want {
			t.Errorf("interval(%v) = %q, want %q", secs, got, want)
		}
	}
}

func TestNiceTicks(t *testing.T) {
	labels := func(lo, hi float64) []string {
		var out []string
		for _, tk := range (niceTicks{}).Ticks(lo, hi) {
			if tk.Label != "" {
				out = append(out, tk.Label)
			}
		}
		return out
	}
	tests := []struct {
		lo, hi float64
		want   []string
	}{
		{0, 60, []string{"0", "10", "20", "30", "40", "50", "60"}}, // 60/6 = 10
		{0, 100, []string{"0", "20", "40", "60", "80", "100"}},     // 16.7 → 20
		{0, 6, []string{"0", "1", "2", "3", "4", "5", "6"}},
		{0.1, 2.08, []string{"0.5", "1.0", "1.5", "2.0"}}, // 0.33 → 0.5
		{-4.2, 62, []string{"0", "20", "40", "60"}},       // 11 → 20
	}
	for _, tc := range tests {
		if diff := cmp.Diff(tc.want, labels(tc.lo, tc.hi)); diff != "" {
			t.Errorf("ticks of [%v, %v] (-want +got):\n%s", tc.lo, tc.hi, diff)
		}
	}
	// A degenerate range gets one label, not a panic or an endless loop.
	if diff := cmp.Diff([]string{"1"}, labels(1, 1)); diff != "" {
		t.Errorf("ticks of [1, 1] (-want +got):\n%s", diff)
	}
	var _ plot.Ticker = niceTicks{}
}
