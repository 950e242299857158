package scheduler

import (
	"math/bits"

	"github.com/google/btree"

	"github.com/ecssim/ecssim/models"
)

// Index keeps a cluster's ACTIVE instances ordered three ways in each zone: by free CPU, by
// free memory, and by rank. Every order breaks ties by rank and then by registration, so
// walking an order visits instances in exactly the sequence a strategy and the TieOldest
// tie-break would rank them. The fast placement path walks these orders and stops at the first
// feasible instance, instead of scoring every instance in the cluster.
//
// The free-memory order is kept in separate trees by the class of the instance's free CPU
// (powers of two), and the free-CPU order by the class of its free memory. The instances with
// the least free memory are often exactly the ones whose CPU is used up; a walk for a task
// that needs c CPU units skips the classes that cannot hold c whole, instead of stepping over
// every CPU-full instance one by one.
//
// Index implements models.CapacityWatcher; NewIndex subscribes it to its cluster, which keeps
// it current on every placement, stop and status change.
type Index struct {
	cluster *models.Cluster
	zones   []*zoneOrders
	keys    map[*models.Instance]indexed
}

// order names one of the index's orders.
type order uint8

const (
	byCPU order = iota
	byMemory
	byRank
)

// numClasses covers every int64: class(x) is the bit length of x.
const numClasses = 64

// zoneOrders holds one zone's trees. byFree[byCPU][k] holds the instances whose free memory is
// in class k, ordered by free CPU; byFree[byMemory][k] those whose free CPU is in class k,
// ordered by free memory. used marks the non-empty classes.
type zoneOrders struct {
	rank   *btree.BTreeG[ikey]
	byFree [2][numClasses]*btree.BTreeG[ikey]
	used   [2]uint64
}

// class is the bit length of x: instances with at least c free lie in classes >= class(c).
func class(x int64) int {
	if x <= 0 {
		return 0
	}
	return bits.Len64(uint64(x))
}

// ikey is an instance's position in one order: its value (free CPU or memory, or 0 for the rank
// order), then its rank and registration number.
type ikey struct {
	v    int64
	rank uint64
	seq  uint64
	in   *models.Instance
}

func lessKey(a, b ikey) bool {
	if a.v != b.v {
		return a.v < b.v
	}
	if a.rank != b.rank {
		return a.rank < b.rank
	}
	return a.seq < b.seq
}

// indexed is what the index last filed an instance under, so it can find and move the keys.
type indexed struct {
	free   models.Resources
	zone   int
	active bool
}

// NewIndex builds the index of c and keeps it current.
func NewIndex(c *models.Cluster) *Index {
	ix := &Index{cluster: c, keys: map[*models.Instance]indexed{}}
	c.Watch(ix)
	return ix
}

// InstanceAdded implements models.CapacityWatcher.
func (ix *Index) InstanceAdded(in *models.Instance) { ix.file(in) }

// InstanceChanged implements models.CapacityWatcher.
func (ix *Index) InstanceChanged(in *models.Instance) {
	if ix.keys[in] == current(in) {
		return
	}
	ix.unfile(in, ix.keys[in])
	ix.file(in)
}

// InstanceRemoved implements models.CapacityWatcher.
func (ix *Index) InstanceRemoved(in *models.Instance) {
	ix.unfile(in, ix.keys[in])
	delete(ix.keys, in)
}

func current(in *models.Instance) indexed {
	return indexed{free: in.Free(), zone: in.ZoneIndex(), active: in.Status == models.StatusActive && in.AgentConnected()}
}

// slot is one tree an instance is filed in, and its key there.
type slot struct {
	t     **btree.BTreeG[ikey]
	o     order
	class int
	key   ikey
}

// slots lists the trees an instance filed as k goes in.
func (z *zoneOrders) slots(in *models.Instance, k indexed) [3]slot {
	base := ikey{rank: in.Rank, seq: in.Seq, in: in}
	cpu, mem := base, base
	cpu.v, mem.v = k.free.CPU, k.free.MemoryMiB
	cm, cc := class(k.free.MemoryMiB), class(k.free.CPU)
	return [3]slot{
		{&z.byFree[byCPU][cm], byCPU, cm, cpu},
		{&z.byFree[byMemory][cc], byMemory, cc, mem},
		{&z.rank, byRank, 0, base},
	}
}

func (ix *Index) file(in *models.Instance) {
	k := current(in)
	ix.keys[in] = k
	if !k.active {
		return
	}
	z := ix.zone(k.zone)
	for _, s := range z.slots(in, k) {
		if *s.t == nil {
			*s.t = btree.NewG(16, lessKey)
		}
		(*s.t).ReplaceOrInsert(s.key)
		if s.o != byRank {
			z.used[s.o] |= 1 << s.class
		}
	}
}

func (ix *Index) unfile(in *models.Instance, k indexed) {
	if !k.active {
		return
	}
	z := ix.zone(k.zone)
	for _, s := range z.slots(in, k) {
		(*s.t).Delete(s.key)
		if s.o != byRank && (*s.t).Len() == 0 {
			z.used[s.o] &^= 1 << s.class
		}
	}
}

func (ix *Index) zone(i int) *zoneOrders {
	for len(ix.zones) <= i {
		ix.zones = append(ix.zones, &zoneOrders{})
	}
	return ix.zones[i]
}

// trees appends to dst the trees of zone z that walking order o must visit for an instance
// with at least minOther of the other resource: every class that can hold it.
func (ix *Index) trees(dst []*btree.BTreeG[ikey], z int, o order, minOther int64) []*btree.BTreeG[ikey] {
	if z >= len(ix.zones) {
		return dst
	}
	zo := ix.zones[z]
	if o == byRank {
		if zo.rank != nil {
			dst = append(dst, zo.rank)
		}
		return dst
	}
	for used := zo.used[o] >> class(minOther) << class(minOther); used != 0; used &= used - 1 {
		dst = append(dst, zo.byFree[o][bits.TrailingZeros64(used)])
	}
	return dst
}

var _ models.CapacityWatcher = (*Index)(nil)
