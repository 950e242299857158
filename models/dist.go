package models

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"gonum.org/v1/gonum/stat/distuv"
)

// DistKind names a duration distribution.
type DistKind string

// Duration distributions.
const (
	DistConstant    DistKind = "constant"
	DistExponential DistKind = "exponential"
	DistLogNormal   DistKind = "lognormal"
	DistUniform     DistKind = "uniform"
)

// DistSpec describes a distribution of durations; which fields matter depends on Kind:
// constant uses Value, exponential Mean, lognormal Median and Sigma, uniform Min and Max.
type DistSpec struct {
	Kind   DistKind
	Value  time.Duration
	Mean   time.Duration
	Median time.Duration
	Sigma  float64
	Min    time.Duration
	Max    time.Duration
}

// String formats the spec as the scenario file writes it.
func (s DistSpec) String() string {
	switch s.Kind {
	case DistConstant:
		return fmt.Sprintf("constant %v", s.Value)
	case DistExponential:
		return fmt.Sprintf("exponential mean %v", s.Mean)
	case DistLogNormal:
		return fmt.Sprintf("lognormal median %v sigma %g", s.Median, s.Sigma)
	case DistUniform:
		return fmt.Sprintf("uniform %v..%v", s.Min, s.Max)
	}
	return string(s.Kind)
}

// MeanDuration is the distribution's mean.
func (s DistSpec) MeanDuration() time.Duration {
	switch s.Kind {
	case DistConstant:
		return s.Value
	case DistExponential:
		return s.Mean
	case DistLogNormal:
		// E[X] = exp(μ + σ²/2) with μ = ln(median).
		return time.Duration(float64(s.Median) * math.Exp(s.Sigma*s.Sigma/2))
	case DistUniform:
		return (s.Min + s.Max) / 2
	}
	return 0
}

// Sampler draws durations from a distribution bound to one random source.
type Sampler struct {
	spec DistSpec
	rnd  interface{ Rand() float64 } // gonum distribution in seconds; nil for constant
}

// NewSampler binds spec to src. The spec must be valid (the scenarios package validates it).
func NewSampler(spec DistSpec, src rand.Source) *Sampler {
	s := &Sampler{spec: spec}
	switch spec.Kind {
	case DistExponential:
		s.rnd = distuv.Exponential{Rate: 1 / spec.Mean.Seconds(), Src: src}
	case DistLogNormal:
		s.rnd = distuv.LogNormal{Mu: math.Log(spec.Median.Seconds()), Sigma: spec.Sigma, Src: src}
	case DistUniform:
		s.rnd = distuv.Uniform{Min: spec.Min.Seconds(), Max: spec.Max.Seconds(), Src: src}
	}
	return s
}

// Sample draws one duration, rounded to the nanosecond and never negative.
func (s *Sampler) Sample() time.Duration {
	if s.rnd == nil {
		return s.spec.Value
	}
	return secondsToDuration(s.rnd.Rand())
}

// Spec returns the distribution the sampler draws from.
func (s *Sampler) Spec() DistSpec { return s.spec }

func secondsToDuration(x float64) time.Duration {
	switch {
	case !(x > 0): // also NaN
		return 0
	case x >= math.MaxInt64/1e9:
		return math.MaxInt64
	}
	return time.Duration(math.Round(x * 1e9))
}
