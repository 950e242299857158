package sim

import (
	"hash/fnv"
	"math/rand/v2"
)

// Streams hands out independent random number generators by name, all derived from one seed.
//
// Each purpose (arrivals of one workload, durations, tie-breaks, faults) asks for its own
// stream by name. A stream's numbers depend only on the seed and the name, so adding draws in
// one place never shifts the numbers another place sees, and two runs that differ only in
// placement strategy see the same arrivals and durations (common random numbers).
type Streams struct {
	seed uint64
}

// NewStreams returns the streams of a run seeded with seed.
func NewStreams(seed uint64) Streams { return Streams{seed: seed} }

// Seed returns the seed the streams derive from.
func (s Streams) Seed() uint64 { return s.seed }

// Source returns a new PCG source for name. Two calls with the same name return sources that
// produce the same sequence; callers keep the one they use.
func (s Streams) Source(name string) *rand.PCG {
	h := fnv.New64a()
	h.Write([]byte(name))
	n := h.Sum64()
	// Mix seed and name through SplitMix64 so that neighbouring seeds or names do not give
	// neighbouring PCG states.
	hi := SplitMix64(s.seed ^ SplitMix64(n))
	lo := SplitMix64(hi ^ n)
	return rand.NewPCG(hi, lo)
}

// Rand returns a new generator for name; see Source.
func (s Streams) Rand(name string) *rand.Rand { return rand.New(s.Source(name)) }

// SplitMix64 is the SplitMix64 finaliser: a fast bijective mix of 64 bits, used to derive
// seeds and per-object random keys from counters.
func SplitMix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}
