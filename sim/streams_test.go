package sim

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func draws(s Streams, name string, n int) []uint64 {
	r := s.Rand(name)
	out := make([]uint64, n)
	for i := range out {
		out[i] = r.Uint64()
	}
	return out
}

func TestStreamsAreReproducibleAndIndependent(t *testing.T) {
	a := NewStreams(42)
	if diff := cmp.Diff(draws(a, "arrivals/web", 8), draws(NewStreams(42), "arrivals/web", 8)); diff != "" {
		t.Errorf("same seed and name gave different numbers (-first +second):\n%s", diff)
	}
	tests := []struct {
		name       string
		aSeed      uint64
		aName      string
		bSeed      uint64
		bName      string
		wantEquals bool
	}{
		{"different names", 42, "arrivals/web", 42, "durations/web", false},
		{"different seeds", 42, "arrivals/web", 43, "arrivals/web", false},
		{"neighbouring seed 0 and 1", 0, "x", 1, "x", false},
		{"empty name is a name", 7, "", 7, "a", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			x := draws(NewStreams(tc.aSeed), tc.aName, 16)
			y := draws(NewStreams(tc.bSeed), tc.bName, 16)
			same := 0
			for i := range x {
				if x[i] == y[i] {
					same++
				}
			}
			if same != 0 {
				t.Errorf("%d of 16 draws coincide between the two streams", same)
			}
		})
	}
	if NewStreams(9).Seed() != 9 {
		t.Error("Seed() does not return the seed")
	}
}

func TestStreamsDrawingFromOneDoesNotShiftAnother(t *testing.T) {
	s := NewStreams(1)
	alone := draws(s, "faults", 4)
	busy := s.Rand("arrivals")
	for range 1000 {
		busy.Uint64()
	}
	if diff := cmp.Diff(alone, draws(s, "faults", 4)); diff != "" {
		t.Errorf("faults stream moved when arrivals drew (-before +after):\n%s", diff)
	}
}

// TestStreamUniformity is a coarse sanity check that mixing did not break the generator:
// 100,000 draws in 10 bins stay within 5 standard deviations of 10,000 each.
func TestStreamUniformity(t *testing.T) {
	r := NewStreams(3).Rand("uniformity")
	var bins [10]int
	for range 100000 {
		bins[r.IntN(10)]++
	}
	for i, n := range bins {
		// sd of a bin count = sqrt(100000 * 0.1 * 0.9) ≈ 94.9; 5 sd ≈ 474.
		if n < 10000-474 || n > 10000+474 {
			t.Errorf("bin %d has %d draws, want 10000±474", i, n)
		}
	}
}
