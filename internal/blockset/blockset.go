package blockset

import (
	"math/bits"
	"slices"
)

// maxBlock is a full block's length: 256 keys are 2 KiB, small enough that inserting into one
// is a short memmove, large enough that the blocks' first keys stay few.
const maxBlock = 256

// minBlock is the length below which a block is merged with a neighbour that leaves room.
const minBlock = maxBlock / 8

// Set is an ordered set of uint64 keys. The zero value is an empty set ready to use.
type Set struct {
	blocks [][]uint64 // each sorted and non-empty; every key of one is below the next's
	firsts []uint64   // blocks[i][0], searched to find a key's block
	fen    []int      // Fenwick tree over len(blocks[i]), 1-based
	n      int
	// spare is the storage of the last block dropped, for the next block needed: a set that
	// empties and fills again, as the scheduler's small classes do on every placement or
	// stop, would otherwise allocate a block each time.
	spare []uint64
}

// newBlock returns an empty block, the spare one if there is one.
func (s *Set) newBlock() []uint64 {
	if b := s.spare; b != nil {
		s.spare = nil
		return b[:0]
	}
	return make([]uint64, 0, maxBlock)
}

// drop keeps a block no longer in use as the spare.
func (s *Set) drop(b []uint64) {
	if s.spare == nil && cap(b) >= maxBlock {
		s.spare = b[:0]
	}
}

// Len is the number of keys in s.
func (s *Set) Len() int { return s.n }

// find returns the block that holds k or would: the last whose first key is at most k (0 when
// k is below every key).
func (s *Set) find(k uint64) int {
	i, ok := search(s.firsts, k)
	if ok {
		return i
	}
	return max(i-1, 0)
}

// Has reports whether k is in s.
func (s *Set) Has(k uint64) bool {
	if s.n == 0 {
		return false
	}
	_, ok := search(s.blocks[s.find(k)], k)
	return ok
}

// Insert adds k to s and reports whether it was absent.
func (s *Set) Insert(k uint64) bool {
	if s.n == 0 {
		s.blocks = append(s.blocks[:0], append(s.newBlock(), k))
		s.firsts = append(s.firsts[:0], k)
		s.n = 1
		s.rebuild()
		return true
	}
	b := s.find(k)
	blk := s.blocks[b]
	j, ok := search(blk, k)
	if ok {
		return false
	}
	s.blocks[b] = slices.Insert(blk, j, k)
	s.firsts[b] = s.blocks[b][0]
	s.n++
	if len(s.blocks[b]) >= maxBlock {
		s.split(b)
	} else {
		s.add(b, 1)
	}
	return true
}

// Delete removes k from s and reports whether it was present.
func (s *Set) Delete(k uint64) bool {
	if s.n == 0 {
		return false
	}
	b := s.find(k)
	blk := s.blocks[b]
	j, ok := search(blk, k)
	if !ok {
		return false
	}
	s.blocks[b] = slices.Delete(blk, j, j+1)
	s.n--
	if len(s.blocks[b]) == 0 {
		s.drop(s.blocks[b])
		s.blocks = slices.Delete(s.blocks, b, b+1)
		s.firsts = slices.Delete(s.firsts, b, b+1)
		s.rebuild()
		return true
	}
	s.firsts[b] = s.blocks[b][0]
	if len(s.blocks[b]) < minBlock && s.merge(b) {
		return true
	}
	s.add(b, -1)
	return true
}

// merge joins a short block b with a neighbour when the two fit in half a block, so that
// deletions do not leave the set in many tiny blocks; it reports whether it did.
func (s *Set) merge(b int) bool {
	for _, lo := range []int{b, b - 1} {
		if lo < 0 || lo+1 >= len(s.blocks) || len(s.blocks[lo])+len(s.blocks[lo+1]) > maxBlock/2 {
			continue
		}
		s.blocks[lo] = append(s.blocks[lo], s.blocks[lo+1]...)
		s.drop(s.blocks[lo+1])
		s.blocks = slices.Delete(s.blocks, lo+1, lo+2)
		s.firsts = slices.Delete(s.firsts, lo+1, lo+2)
		s.rebuild()
		return true
	}
	return false
}

// split halves block b, which is full.
func (s *Set) split(b int) {
	blk := s.blocks[b]
	half := len(blk) / 2
	upper := append(s.newBlock(), blk[half:]...)
	s.blocks[b] = blk[:half]
	s.blocks = slices.Insert(s.blocks, b+1, upper)
	s.firsts = slices.Insert(s.firsts, b+1, upper[0])
	s.rebuild()
}

// rebuild recomputes the Fenwick tree after blocks were added or removed.
func (s *Set) rebuild() {
	n := len(s.blocks)
	s.fen = slices.Grow(s.fen[:0], n+1)[:n+1]
	clear(s.fen)
	for i, blk := range s.blocks {
		s.fen[i+1] += len(blk)
		if p := (i + 1) + ((i + 1) & -(i + 1)); p <= n {
			s.fen[p] += s.fen[i+1]
		}
	}
}

// add adds d to block b's length in the Fenwick tree.
func (s *Set) add(b, d int) {
	for i := b + 1; i < len(s.fen); i += i & -i {
		s.fen[i] += d
	}
}

// before is the number of keys in the blocks before block b.
func (s *Set) before(b int) int {
	sum := 0
	for i := b; i > 0; i -= i & -i {
		sum += s.fen[i]
	}
	return sum
}

// Rank is the number of keys in s below k.
func (s *Set) Rank(k uint64) int {
	if s.n == 0 {
		return 0
	}
	b := s.find(k)
	j, _ := search(s.blocks[b], k)
	return s.before(b) + j
}

// Select returns the i-th smallest key (from 0); it panics unless 0 <= i < Len.
func (s *Set) Select(i int) uint64 {
	if i < 0 || i >= s.n {
		panic("blockset: Select out of range")
	}
	pos := 0 // Fenwick descent: the longest prefix of blocks holding at most i keys
	for step := 1 << (bits.Len(uint(len(s.blocks))) - 1); step > 0; step >>= 1 {
		if next := pos + step; next < len(s.fen) && s.fen[next] <= i {
			pos = next
			i -= s.fen[next]
		}
	}
	return s.blocks[pos][i]
}

// Count is the number of keys k with lo <= k < hi.
func (s *Set) Count(lo, hi uint64) int {
	if hi <= lo {
		return 0
	}
	return s.Rank(hi) - s.Rank(lo)
}

// Min returns the smallest key, and false when s is empty.
func (s *Set) Min() (uint64, bool) {
	if s.n == 0 {
		return 0, false
	}
	return s.blocks[0][0], true
}

// Ascend calls yield with each key at or above from, in increasing order, until yield returns
// false. It suits a range-over-func loop: for k := range s.Ascend(from) { … }. s must not
// change during the walk.
func (s *Set) Ascend(from uint64) func(yield func(uint64) bool) {
	return func(yield func(uint64) bool) {
		if s.n == 0 {
			return
		}
		b := s.find(from)
		j, _ := search(s.blocks[b], from)
		for ; b < len(s.blocks); b, j = b+1, 0 {
			for _, k := range s.blocks[b][j:] {
				if !yield(k) {
					return
				}
			}
		}
	}
}

// search is slices.BinarySearch for a sorted []uint64, written out: the generic one is a call
// that does not inline, and the index searches a block or the blocks' first keys several
// times on every placement.
func search(a []uint64, k uint64) (int, bool) {
	lo, hi := 0, len(a)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if a[m] < k {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo, lo < len(a) && a[lo] == k
}
