package reports

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gonum.org/v1/gonum/stat"
)

// exactQuantiles is what the summary reported before samples were streamed: the mean and
// gonum's empirical quantiles of every value.
func exactQuantiles(xs []float64) Quantiles {
	sorted := slices.Clone(xs)
	slices.Sort(sorted)
	return Quantiles{
		Mean: stat.Mean(sorted, nil),
		P50:  stat.Quantile(0.5, stat.Empirical, sorted, nil),
		P99:  stat.Quantile(0.99, stat.Empirical, sorted, nil),
	}
}

// TestSampleExact: up to exactLimit values, a sample answers exactly as before, and its CDF is
// the empirical one.
func TestSampleExact(t *testing.T) {
	tests := []struct {
		name string
		xs   []float64
		want Quantiles
	}{
		{"empty", nil, Quantiles{}},
		{"one", []float64{3}, Quantiles{Mean: 3, P50: 3, P99: 3}},
		// Empirical: the least value at or above half of the sample is the 2nd of 4.
		{"four", []float64{4, 1, 3, 2}, Quantiles{Mean: 2.5, P50: 2, P99: 4}},
		{"zeros", []float64{0, 0, 0}, Quantiles{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var s sample
			for _, x := range tc.xs {
				s.add(x)
			}
			if diff := cmp.Diff(tc.want, s.quantiles()); diff != "" {
				t.Errorf("quantiles (-want +got):\n%s", diff)
			}
			if len(tc.xs) > 0 {
				if diff := cmp.Diff(newCDF(tc.xs), s.cdf()); diff != "" {
					t.Errorf("cdf (-want +got):\n%s", diff)
				}
			}
		})
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var s sample
	xs := make([]float64, exactLimit)
	for i := range xs {
		xs[i] = rng.ExpFloat64() * 30
		s.add(xs[i])
	}
	if s.sketched() || !cmp.Equal(exactQuantiles(xs), s.quantiles()) {
		t.Errorf("a full exact sample: sketched %v, quantiles %+v, want %+v", s.sketched(), s.quantiles(), exactQuantiles(xs))
	}
}

// TestSampleSketch: past exactLimit values, the quantiles are within sketchAlpha of the exact
// ones, relatively; the mean is exact but for rounding; the CDF is within a step and a bucket
// of the true one; and the memory is a few thousand buckets, whatever the count.
func TestSampleSketch(t *testing.T) {
	tests := []struct {
		name string
		draw func(*rand.Rand) float64
	}{
		{"lognormal seconds", func(r *rand.Rand) float64 { return math.Exp(r.NormFloat64()*1.5 + 1) }},
		{"a fifth at zero", func(r *rand.Rand) float64 {
			if r.IntN(5) == 0 {
				return 0
			}
			return r.ExpFloat64() * 120
		}},
		{"a few distinct values", func(r *rand.Rand) float64 { return float64(2 + r.IntN(3)) }},
		{"from nanoseconds to years", func(r *rand.Rand) float64 { return math.Pow(10, -9+r.Float64()*17) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(3, 4))
			var s sample
			xs := make([]float64, 500_000)
			for i := range xs {
				xs[i] = tc.draw(rng)
				s.add(xs[i])
			}
			if !s.sketched() || s.exact != nil {
				t.Fatal("the sample did not sketch")
			}
			if len(s.counts) > 6000 {
				t.Errorf("%d buckets", len(s.counts))
			}
			want, got := exactQuantiles(xs), s.quantiles()
			if math.Abs(got.Mean-want.Mean) > 1e-9*want.Mean {
				t.Errorf("mean %v, want %v", got.Mean, want.Mean)
			}
			for _, q := range []struct {
				name      string
				got, want float64
			}{{"p50", got.P50, want.P50}, {"p99", got.P99, want.P99}} {
				if math.Abs(q.got-q.want) > sketchAlpha*q.want+1e-12 {
					t.Errorf("%s %v, want %v within %.1f%%", q.name, q.got, q.want, 100*sketchAlpha)
				}
			}
			exact, sketch := newCDF(xs), s.cdf()
			if len(sketch.X) > cdfPoints+1 || sketch.N != len(xs) {
				t.Errorf("cdf of %d steps over %d values", len(sketch.X), sketch.N)
			}
			for _, p := range []float64{0.1, 0.5, 0.9} {
				x := stat.Quantile(p, stat.Empirical, sortedCopy(xs), nil)
				// The sketch places a value up to sketchAlpha away, so compare F at x with the
				// exact F a bucket either side of it.
				lo, hi := exact.at(x*(1-2*sketchAlpha)), exact.at(x*(1+2*sketchAlpha))
				if f := sketch.at(x); f < lo-1.0/cdfPoints || f > hi+1.0/cdfPoints {
					t.Errorf("F(%v) = %v, want between %v and %v", x, f, lo, hi)
				}
			}
		})
	}
}

func sortedCopy(xs []float64) []float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s
}
