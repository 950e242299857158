package scheduler

import (
	"math/rand/v2"
	"testing"

	"github.com/ecssim/ecssim/internal/blockset"
)

// TestKthNonMember holds the binary search over the members to a count, position by position,
// of the instances outside them, on fleets where the members are none, a few, most and all
// but one.
func TestKthNonMember(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct {
		name    string
		n       int
		members float64 // the share of the fleet among the members
	}{
		{"no members", 50, 0},
		{"a few", 1_000, 0.02},
		{"half", 1_000, 0.5},
		{"most", 2_000, 0.97},
		{"all but one", 300, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const base = 7 // the first instance's Seq
			var m blockset.Set
			for i := range tc.n {
				if rng.Float64() < tc.members {
					m.Insert(base + uint64(i))
				}
			}
			if tc.members == 1 {
				m.Delete(base + uint64(rng.IntN(tc.n)))
			}
			k := 0
			for pos := range tc.n {
				if m.Has(base + uint64(pos)) {
					continue
				}
				if got := kthNonMember(&m, base, k); got != pos {
					t.Fatalf("kthNonMember(%d) = %d, want %d", k, got, pos)
				}
				k++
			}
		})
	}
}
