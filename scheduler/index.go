package scheduler

import (
	"github.com/google/btree"

	"github.com/ecssim/ecssim/models"
)

// Index keeps a cluster's ACTIVE instances ordered three ways in each zone: by free CPU, by
// free memory, and by tie-break rank. Every order breaks ties by rank and then by registration,
// so walking an order visits instances in exactly the sequence the strategies and the final
// tie-break would rank them. The fast placement path walks these orders and stops at the first
// feasible instance, instead of scoring every instance in the cluster.
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
	numOrders
)

type zoneOrders [numOrders]*btree.BTreeG[ikey]

// ikey is an instance's position in one order: its value (free CPU or memory, or 0 for the rank
// order), then its tie-break rank and registration number.
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
	old := ix.keys[in]
	cur := current(in)
	if old == cur {
		return
	}
	ix.unfile(in, old)
	ix.file(in)
}

// InstanceRemoved implements models.CapacityWatcher.
func (ix *Index) InstanceRemoved(in *models.Instance) {
	ix.unfile(in, ix.keys[in])
	delete(ix.keys, in)
}

func current(in *models.Instance) indexed {
	return indexed{free: in.Free(), zone: in.ZoneIndex(), active: in.Status == models.StatusActive}
}

func keysOf(in *models.Instance, k indexed) [numOrders]ikey {
	base := ikey{rank: in.Rank, seq: in.Seq, in: in}
	cpu, mem := base, base
	cpu.v, mem.v = k.free.CPU, k.free.MemoryMiB
	return [numOrders]ikey{byCPU: cpu, byMemory: mem, byRank: base}
}

func (ix *Index) file(in *models.Instance) {
	k := current(in)
	ix.keys[in] = k
	if !k.active {
		return
	}
	z := ix.zone(k.zone)
	for o, key := range keysOf(in, k) {
		z[o].ReplaceOrInsert(key)
	}
}

func (ix *Index) unfile(in *models.Instance, k indexed) {
	if !k.active {
		return
	}
	z := ix.zone(k.zone)
	for o, key := range keysOf(in, k) {
		z[o].Delete(key)
	}
}

func (ix *Index) zone(i int) *zoneOrders {
	for len(ix.zones) <= i {
		var z zoneOrders
		for o := range z {
			z[o] = btree.NewG(16, lessKey)
		}
		ix.zones = append(ix.zones, &z)
	}
	return ix.zones[i]
}

// walk visits zone z's instances in order o, starting at value from, until visit returns false.
func (ix *Index) walk(z int, o order, from int64, visit btree.ItemIteratorG[ikey]) {
	if z >= len(ix.zones) {
		return
	}
	ix.zones[z][o].AscendGreaterOrEqual(ikey{v: from}, visit)
}

var _ models.CapacityWatcher = (*Index)(nil)
