package blockset

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestAgainstSortedSlice drives a Set and a plain sorted slice with the same random inserts
// and deletes, at sizes that make the set split, drop and merge blocks, and checks every query.
func TestAgainstSortedSlice(t *testing.T) {
	for _, tc := range []struct {
		name    string
		keys    uint64 // keys are drawn from [0, keys)
		ops     int
		pInsert float64
	}{
		{"few keys, churn", 10, 2_000, 0.5},
		{"grow past many blocks", 1 << 40, 20_000, 0.9},
		{"grow then shrink", 5_000, 40_000, 0.55},
		{"dense range, mostly deletes", 3_000, 30_000, 0.3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, 2))
			var s Set
			var ref []uint64
			for op := range tc.ops {
				k := rng.Uint64N(tc.keys)
				if rng.Float64() < tc.pInsert || len(ref) == 0 {
					i, found := slices.BinarySearch(ref, k)
					if !found {
						ref = slices.Insert(ref, i, k)
					}
					if got := s.Insert(k); got == found {
						t.Fatalf("op %d: Insert(%d) = %v, already there %v", op, k, got, found)
					}
				} else {
					if rng.IntN(2) == 0 { // delete a present key half of the time
						k = ref[rng.IntN(len(ref))]
					}
					i, found := slices.BinarySearch(ref, k)
					if found {
						ref = slices.Delete(ref, i, i+1)
					}
					if got := s.Delete(k); got != found {
						t.Fatalf("op %d: Delete(%d) = %v, want %v", op, k, got, found)
					}
				}
				if op%97 == 0 {
					check(t, &s, ref, rng)
				}
			}
			check(t, &s, ref, rng)
		})
	}
}

func check(t *testing.T, s *Set, ref []uint64, rng *rand.Rand) {
	t.Helper()
	if s.Len() != len(ref) {
		t.Fatalf("Len = %d, want %d", s.Len(), len(ref))
	}
	var all []uint64
	for k := range s.Ascend(0) {
		all = append(all, k)
	}
	if !slices.Equal(ref, all) {
		t.Fatalf("Ascend(0) differs (-want +got):\n%s", cmp.Diff(ref, all))
	}
	for i := range ref {
		if got := s.Select(i); got != ref[i] {
			t.Fatalf("Select(%d) = %d, want %d", i, got, ref[i])
		}
	}
	for range 50 {
		k := rng.Uint64()
		if len(ref) > 0 && rng.IntN(2) == 0 {
			k = ref[rng.IntN(len(ref))] + uint64(rng.IntN(3)) - 1
		}
		want, has := slices.BinarySearch(ref, k)
		if got := s.Rank(k); got != want {
			t.Fatalf("Rank(%d) = %d, want %d", k, got, want)
		}
		if s.Has(k) != has {
			t.Fatalf("Has(%d) = %v, want %v", k, !has, has)
		}
		var from []uint64
		for x := range s.Ascend(k) {
			from = append(from, x)
			if len(from) == 3 {
				break
			}
		}
		wantFrom := ref[want:min(want+3, len(ref))]
		if !slices.Equal(from, wantFrom) {
			t.Fatalf("Ascend(%d) starts %v, want %v", k, from, wantFrom)
		}
	}
	if m, ok := s.Min(); ok != (len(ref) > 0) || ok && m != ref[0] {
		t.Fatalf("Min = %d, %v", m, ok)
	}
}

func TestCount(t *testing.T) {
	var s Set
	for _, k := range []uint64{1, 3, 5, 7, 9} {
		s.Insert(k)
	}
	for _, tc := range []struct {
		name   string
		lo, hi uint64
		want   int
	}{
		{"all", 0, 100, 5},
		{"half-open", 3, 7, 2},
		{"empty range", 7, 3, 0},
		{"none inside", 10, 20, 0},
		{"max key", 9, ^uint64(0), 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := s.Count(tc.lo, tc.hi); got != tc.want {
				t.Errorf("Count(%d, %d) = %d, want %d", tc.lo, tc.hi, got, tc.want)
			}
		})
	}
}

func BenchmarkInsertDelete(b *testing.B) {
	for _, n := range []int{1_000, 100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			var s Set
			rng := rand.New(rand.NewPCG(1, 1))
			keys := make([]uint64, n)
			for i := range keys {
				keys[i] = rng.Uint64()
				s.Insert(keys[i])
			}
			b.ResetTimer()
			for i := range b.N {
				j := i % n
				s.Delete(keys[j])
				keys[j] = rng.Uint64()
				s.Insert(keys[j])
			}
		})
	}
}

func BenchmarkSelect(b *testing.B) {
	var s Set
	rng := rand.New(rand.NewPCG(1, 1))
	for range 100_000 {
		s.Insert(rng.Uint64())
	}
	b.ResetTimer()
	for i := range b.N {
		_ = s.Select(i % s.Len())
	}
}
