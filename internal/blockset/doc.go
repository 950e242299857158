// Package blockset is an ordered set of uint64 keys kept in short sorted blocks: the index the
// scheduler walks to find instances by free capacity or by a group's task count.
//
// A key is 8 bytes, so a block of them is a few cache lines and a walk reads memory in order,
// where a B-tree of pointer-carrying keys chases a pointer per key. Blocks are found by binary
// search over their first keys, and a Fenwick tree over the blocks' lengths gives Rank (how
// many keys lie below a key) and Select (the k-th key) in O(log n): the scheduler counts the
// instances tied at one level and draws the k-th, a uniform draw that does not probe the fleet.
//
// Insert and Delete move at most a block's worth of keys; a block that fills splits and one
// that empties is dropped, and only then is the Fenwick tree rebuilt, so upkeep is O(log n)
// amortised plus a short memmove.
package blockset
