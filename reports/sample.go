package reports

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/stat"
)

// sample keeps a stream of non-negative values (seconds to RUNNING, one a task) for their mean,
// quantiles and CDF in bounded memory, however long the run. It holds the values themselves up
// to exactLimit, and answers exactly from them; past that it folds them into a histogram of
// logarithmic buckets, a DDSketch (Masson, Rim and Lee, "DDSketch: a fast and fully-mergeable
// quantile sketch with relative-error guarantees", VLDB 2019): every quantile it returns is
// within sketchAlpha of the true one, relatively, and the mean stays exact (a running sum).
type sample struct {
	exact    []float64 // the values, until there are more than exactLimit; then nil
	n        int
	sum      float64
	min, max float64

	// The histogram: zeros counts the values 0 (and below); counts[i] the values in bucket
	// offset+i, which holds (γ^(k-1), γ^k] for bucket k.
	zeros  int
	offset int
	counts []int
	// The last value bucketed and its bucket: a run's values often repeat exactly (seconds to
	// RUNNING with the image cached and the default container start), and a repeat then costs
	// no logarithm.
	lastX   float64
	lastK   int
	hasLast bool
}

const (
	// exactLimit is how many values a sample keeps before it sketches: 512 KiB.
	exactLimit = 1 << 16
	// sketchAlpha is the sketch's relative accuracy: 0.5%.
	sketchAlpha = 0.005
)

// sketchGamma is the ratio of a bucket's bounds, and logGamma its logarithm.
var (
	sketchGamma = (1 + sketchAlpha) / (1 - sketchAlpha)
	logGamma    = math.Log(sketchGamma)
)

// add takes one value.
func (s *sample) add(x float64) {
	if s.n == 0 || x < s.min {
		s.min = x
	}
	if s.n == 0 || x > s.max {
		s.max = x
	}
	s.n++
	s.sum += x
	if s.counts == nil && s.zeros == 0 {
		if len(s.exact) < exactLimit {
			s.exact = append(s.exact, x)
			return
		}
		for _, v := range s.exact {
			s.bucket(v)
		}
		s.exact = nil
	}
	s.bucket(x)
}

// bucket counts x in the histogram.
func (s *sample) bucket(x float64) {
	if x <= 0 {
		s.zeros++
		return
	}
	k := s.lastK
	if !s.hasLast || x != s.lastX {
		k = int(math.Ceil(math.Log(x) / logGamma))
		s.lastX, s.lastK, s.hasLast = x, k, true
	}
	switch {
	case s.counts == nil:
		s.offset = k
		s.counts = []int{0}
	case k < s.offset:
		s.counts = append(make([]int, s.offset-k), s.counts...)
		s.offset = k
	case k >= s.offset+len(s.counts):
		s.counts = append(s.counts, make([]int, k-s.offset-len(s.counts)+1)...)
	}
	s.counts[k-s.offset]++
}

// sketched reports whether the sample has folded its values into the histogram.
func (s *sample) sketched() bool { return s.counts != nil || s.zeros > 0 }

// value returns bucket i's estimate of its values: within sketchAlpha of each of them,
// clamped to the values seen.
func (s *sample) value(i int) float64 {
	v := 2 * math.Pow(sketchGamma, float64(s.offset+i)) / (sketchGamma + 1)
	return min(max(v, s.min), s.max)
}

// quantiles returns the mean, median and 99th percentile: empirical quantiles, as gonum's
// stat.Quantile defines them (the least value at or above the fraction p of the sample); zeros
// for an empty sample.
func (s *sample) quantiles() Quantiles {
	if s.n == 0 {
		return Quantiles{}
	}
	if !s.sketched() {
		sorted := slices.Clone(s.exact)
		slices.Sort(sorted)
		return Quantiles{
			Mean: stat.Mean(sorted, nil),
			P50:  stat.Quantile(0.5, stat.Empirical, sorted, nil),
			P99:  stat.Quantile(0.99, stat.Empirical, sorted, nil),
		}
	}
	return Quantiles{Mean: s.sum / float64(s.n), P50: s.quantile(0.5), P99: s.quantile(0.99)}
}

// quantile is the sketch's empirical quantile p: the estimate of the bucket where the count
// reaches p of the sample.
func (s *sample) quantile(p float64) float64 {
	want := p * float64(s.n)
	seen := s.zeros
	if float64(seen) >= want && seen > 0 {
		return min(0, s.max)
	}
	for i, c := range s.counts {
		if seen += c; c > 0 && float64(seen) >= want {
			return s.value(i)
		}
	}
	return s.max
}

// cdf returns the sample's empirical CDF: exact while the values are kept, else one step a
// non-empty bucket, at its estimate (thinned to cdfPoints steps either way).
func (s *sample) cdf() cdf {
	if !s.sketched() {
		return newCDF(s.exact)
	}
	d := cdf{N: s.n}
	seen := s.zeros
	if seen > 0 {
		d.X, d.P = append(d.X, min(0, s.max)), append(d.P, float64(seen)/float64(s.n))
	}
	for i, c := range s.counts {
		if c == 0 {
			continue
		}
		seen += c
		d.X, d.P = append(d.X, s.value(i)), append(d.P, float64(seen)/float64(s.n))
	}
	d.X, d.P = thin(d.X, d.P)
	return d
}
