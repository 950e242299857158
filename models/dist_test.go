package models

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// TestSamplers checks each distribution's sample mean (and the lognormal's median) against
// its definition. With n = 200,000 draws the standard error of the mean is sd/√n; the test
// allows 5 standard errors.
func TestSamplers(t *testing.T) {
	const n = 200_000
	tests := []struct {
		name     string
		spec     DistSpec
		mean, sd float64 // seconds
		median   float64 // 0: not checked
	}{
		{"constant", DistSpec{Kind: DistConstant, Value: 90 * time.Second}, 90, 0, 90},
		// Exponential: sd = mean.
		{"exponential", DistSpec{Kind: DistExponential, Mean: time.Minute}, 60, 60, 0},
		// Lognormal: mean = median·exp(σ²/2) = 600·e^0.32 = 600·1.37713 = 826.28 s;
		// sd = mean·sqrt(exp(σ²)−1) = 826.28·sqrt(1.89648−1) = 826.28·0.94683 = 782.3 s.
		{"lognormal", DistSpec{Kind: DistLogNormal, Median: 10 * time.Minute, Sigma: 0.8}, 826.28, 782.3, 600},
		// Uniform(60, 180): mean 120, sd = 120/√12 = 34.64.
		{"uniform", DistSpec{Kind: DistUniform, Min: time.Minute, Max: 3 * time.Minute}, 120, 34.64, 120},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := NewSampler(tc.spec, rand.NewPCG(1, 2))
			xs := make([]float64, n)
			sum := 0.0
			for i := range xs {
				xs[i] = s.Sample().Seconds()
				sum += xs[i]
			}
			mean := sum / n
			if tol := 5*tc.sd/math.Sqrt(n) + 1e-9; math.Abs(mean-tc.mean) > tol {
				t.Errorf("mean = %.3f s, want %.3f ± %.3f", mean, tc.mean, tol)
			}
			if got := tc.spec.MeanDuration().Seconds(); math.Abs(got-tc.mean) > 0.01 {
				t.Errorf("MeanDuration() = %.3f s, want %.3f", got, tc.mean)
			}
			if tc.median > 0 {
				slices.Sort(xs)
				if med := xs[n/2]; math.Abs(med-tc.median)/tc.median > 0.01 {
					t.Errorf("median = %.2f s, want %.2f ± 1%%", med, tc.median)
				}
			}
			if tc.spec.Kind == DistUniform && (xs[0] < 60 || xs[n-1] > 180) {
				t.Errorf("uniform draws span [%.2f, %.2f], outside [60, 180]", xs[0], xs[n-1])
			}
		})
	}
}

func TestSecondsToDuration(t *testing.T) {
	for _, tc := range []struct {
		x    float64
		want time.Duration
	}{{-1, 0}, {math.NaN(), 0}, {1.5, 1500 * time.Millisecond}, {1e300, math.MaxInt64}, {1e-10, 0}} {
		if got := secondsToDuration(tc.x); got != tc.want {
			t.Errorf("secondsToDuration(%g) = %v, want %v", tc.x, got, tc.want)
		}
	}
}
