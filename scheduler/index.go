package scheduler

import (
	"fmt"
	"math/bits"
	"slices"

	"github.com/ecssim/ecssim/internal/blockset"
	"github.com/ecssim/ecssim/models"
)

// Index keeps a cluster's ACTIVE instances ordered in each zone by registration and, for the
// pipelines that binpack or draw at random, by free CPU or by free memory. Every order breaks
// ties by registration, so walking an order visits instances in the sequence a strategy and
// the TieOldest tie-break rank them (under TieOldest an instance's Rank is its registration
// number). The fast placement path walks these orders and stops at the first feasible
// instance, instead of scoring every instance in the cluster; it counts and draws from them
// (Rank and Select) rather than probing the fleet for a random member of a set.
//
// Under TieRandom the orders still break ties by registration, not by the random Rank: no
// result reads which of several instances at one value a walk meets first there, since a tie
// is listed in registration order or drawn from (see drawSet).
//
// The free-memory order is kept in separate sets by the class of the instance's free CPU
// (powers of two), and the free-CPU order by the class of its free memory. The instances with
// the least free memory are often exactly the ones whose CPU is used up; a walk for a task
// that needs c CPU units skips the classes that cannot hold c whole, instead of stepping over
// every CPU-full instance one by one.
//
// Each order is kept per zone, for chains that spread over zones first and so search one group
// of zones at a time, or over the whole cluster, for chains that search every zone at once and
// would otherwise walk each zone's sets in turn.
//
// Upkeep is what placement pays on every task placed or stopped, so the index keeps only the
// orders its pipelines walk: the registration order always, in both scopes (it moves only when
// an instance's status does), the free-CPU and free-memory orders in the scope a pipeline asks
// for (require). A change refiles an instance only in the orders whose key it moved.
//
// Index implements models.CapacityWatcher; NewIndex subscribes it to its cluster, which keeps
// it current on every placement, stop and status change.
type Index struct {
	cluster *models.Cluster
	zones   []*zoneOrders
	whole   zoneOrders         // the same orders over every zone
	keys    []indexed          // by instance Seq (dense: the run numbers its instances): what each was last filed under
	bySeq   []*models.Instance // by instance Seq: the instance a key names
	kept    [2][2]bool         // the free orders kept, by scope and order (byCPU, byMemory)
}

// scope says whether an order is kept per zone or over the whole cluster.
type scope uint8

const (
	perZone scope = iota
	wholeCluster
)

// order names one of the index's orders.
type order uint8

const (
	byCPU order = iota
	byMemory
	byRank
)

// numClasses covers every int64: class(x) is the bit length of x.
const numClasses = 64

// zoneOrders holds one zone's sets (or the whole cluster's). byFree[byCPU][k] holds the
// instances whose free memory is in class k, ordered by free CPU; byFree[byMemory][k] those
// whose free CPU is in class k, ordered by free memory. used marks the non-empty classes.
type zoneOrders struct {
	rank   blockset.Set
	byFree [2][numClasses]blockset.Set
	used   [2]uint64
}

// class is the bit length of x: instances with at least c free lie in classes >= class(c).
func class(x int64) int {
	if x <= 0 {
		return 0
	}
	return bits.Len64(uint64(x))
}

// A key is an instance's place in one order, 8 bytes: the value the order sorts by (free CPU
// units or MiB; 0 in the registration order) in the high 32 bits, the instance's Seq in the low
// 32. The largest catalog types register 196,608 CPU units (m6a.48xlarge) and about 2,000,000
// MiB (p5.48xlarge), 18 and 21 bits; Seq counts the run's registrations, a few million at a
// million instances with churn. A free amount below zero files as zero: no task fits there,
// and a walk starts at the task's need, at least zero. current checks the ranges once per
// change of an instance, so that makeKey, on every step of a walk, need not.
const seqBits = 32

const seqMask = 1<<seqBits - 1

func makeKey(v int64, seq uint64) uint64 { return uint64(max(v, 0))<<seqBits | seq }

// keyFits reports whether makeKey keeps every bit of v and seq.
func keyFits(v int64, seq uint64) bool { return v < 1<<(64-seqBits) && seq <= seqMask }

// keyValue is the value a key sorts by.
func keyValue(k uint64) int64 { return int64(k >> seqBits) }

// instance is the instance key k names.
func (ix *Index) instance(k uint64) *models.Instance { return ix.bySeq[k&seqMask] }

// indexed is what the index last filed an instance under, so it can find and move the keys:
// the free CPU units and MiB it orders by (not the whole models.Resources: the key is copied
// and compared on every change of an instance), its zone, and whether it takes tasks.
type indexed struct {
	cpu, mem int64
	zone     int
	active   bool
}

// NewIndex builds the index of c and keeps it current.
func NewIndex(c *models.Cluster) *Index {
	ix := &Index{cluster: c}
	c.Watch(ix)
	return ix
}

// require makes the index keep order o (byCPU or byMemory) in scope sc from now on, filing
// every instance already registered.
func (ix *Index) require(o order, sc scope) {
	if o == byRank || ix.kept[sc][o] {
		return
	}
	ix.kept[sc][o] = true
	for _, in := range ix.cluster.Instances() {
		if k := ix.keys[in.Seq]; k.active {
			z := ix.orders(sc, k.zone)
			z.insert(freeSlot(in, k, o))
		}
	}
}

// orders returns the sets of scope sc that an instance in zone z is filed in.
func (ix *Index) orders(sc scope, z int) *zoneOrders {
	if sc == wholeCluster {
		return &ix.whole
	}
	return ix.zone(z)
}

// InstanceAdded implements models.CapacityWatcher.
func (ix *Index) InstanceAdded(in *models.Instance) {
	if in.Fargate() {
		panic("scheduler: a Fargate task's micro-VM is never a container instance")
	}
	if n := int(in.Seq) + 1; n > len(ix.keys) {
		ix.keys = slices.Grow(ix.keys, n-len(ix.keys))[:n]
		ix.bySeq = slices.Grow(ix.bySeq, n-len(ix.bySeq))[:n]
	}
	ix.bySeq[in.Seq] = in
	ix.file(in, current(in))
}

// InstanceChanged implements models.CapacityWatcher.
func (ix *Index) InstanceChanged(in *models.Instance) {
	old, k := ix.keys[in.Seq], current(in)
	switch {
	case old == k:
		return
	case old.active != k.active:
		ix.unfile(in, old)
		ix.file(in, k)
		return
	}
	ix.keys[in.Seq] = k
	if !k.active {
		return
	}
	// Still active: the registration order stands; move the free orders whose key changed.
	for sc := perZone; sc <= wholeCluster; sc++ {
		z := ix.orders(sc, k.zone)
		for o := byCPU; o <= byMemory; o++ {
			if !ix.kept[sc][o] {
				continue
			}
			if from, to := freeSlot(in, old, o), freeSlot(in, k, o); from != to {
				z.remove(from)
				z.insert(to)
			}
		}
	}
}

// InstanceRemoved implements models.CapacityWatcher.
func (ix *Index) InstanceRemoved(in *models.Instance) {
	ix.unfile(in, ix.keys[in.Seq])
	ix.keys[in.Seq] = indexed{}
	ix.bySeq[in.Seq] = nil
}

func current(in *models.Instance) indexed {
	free := in.Free()
	if !keyFits(max(free.CPU, free.MemoryMiB), in.Seq) {
		panic(fmt.Sprintf("scheduler: instance %d with %v free is beyond the index's keys", in.Seq, free))
	}
	return indexed{cpu: free.CPU, mem: free.MemoryMiB, zone: in.ZoneIndex(), active: active(in)}
}

// active reports whether in takes tasks, and so is filed in the index.
func active(in *models.Instance) bool {
	return in.Status == models.StatusActive && in.AgentConnected()
}

// slot is one set an instance is filed in, and its key there.
type slot struct {
	o     order
	class int
	key   uint64
}

func rankSlot(in *models.Instance) slot {
	return slot{o: byRank, key: makeKey(0, in.Seq)}
}

// freeSlot is where an instance filed as k goes in free order o: the set of the other
// resource's class, under its free amount of o's resource.
func freeSlot(in *models.Instance, k indexed, o order) slot {
	if o == byCPU {
		return slot{o: o, class: class(k.mem), key: makeKey(k.cpu, in.Seq)}
	}
	return slot{o: o, class: class(k.cpu), key: makeKey(k.mem, in.Seq)}
}

func (z *zoneOrders) set(s slot) *blockset.Set {
	if s.o == byRank {
		return &z.rank
	}
	return &z.byFree[s.o][s.class]
}

func (z *zoneOrders) insert(s slot) {
	z.set(s).Insert(s.key)
	if s.o != byRank {
		z.used[s.o] |= 1 << s.class
	}
}

func (z *zoneOrders) remove(s slot) {
	t := z.set(s)
	t.Delete(s.key)
	if s.o != byRank && t.Len() == 0 {
		z.used[s.o] &^= 1 << s.class
	}
}

func (ix *Index) file(in *models.Instance, k indexed) {
	ix.keys[in.Seq] = k
	if k.active {
		ix.eachSlot(in, k, (*zoneOrders).insert)
	}
}

func (ix *Index) unfile(in *models.Instance, k indexed) {
	if k.active {
		ix.eachSlot(in, k, (*zoneOrders).remove)
	}
}

// eachSlot calls f with every set an ACTIVE instance filed as k belongs in, in both scopes,
// and its key there.
func (ix *Index) eachSlot(in *models.Instance, k indexed, f func(*zoneOrders, slot)) {
	for sc := perZone; sc <= wholeCluster; sc++ {
		z := ix.orders(sc, k.zone)
		f(z, rankSlot(in))
		for o := byCPU; o <= byMemory; o++ {
			if ix.kept[sc][o] {
				f(z, freeSlot(in, k, o))
			}
		}
	}
}

func (ix *Index) zone(i int) *zoneOrders {
	for len(ix.zones) <= i {
		ix.zones = append(ix.zones, &zoneOrders{})
	}
	return ix.zones[i]
}

// sets appends to dst the sets of zone z that walking order o must visit for an instance
// with at least minOther of the other resource: every class that can hold it.
func (ix *Index) sets(dst []*blockset.Set, z int, o order, minOther int64) []*blockset.Set {
	if z >= len(ix.zones) {
		return dst
	}
	return ix.setsOf(dst, ix.zones[z], perZone, o, minOther)
}

// wholeSets is sets over every zone at once, or false if order o is not kept that way.
func (ix *Index) wholeSets(dst []*blockset.Set, o order, minOther int64) ([]*blockset.Set, bool) {
	if o != byRank && !ix.kept[wholeCluster][o] {
		return dst, false
	}
	return ix.setsOf(dst, &ix.whole, wholeCluster, o, minOther), true
}

func (ix *Index) setsOf(dst []*blockset.Set, zo *zoneOrders, sc scope, o order, minOther int64) []*blockset.Set {
	if o == byRank {
		if zo.rank.Len() > 0 {
			dst = append(dst, &zo.rank)
		}
		return dst
	}
	if !ix.kept[sc][o] {
		panic("scheduler: walking an index order no pipeline required")
	}
	for used := zo.used[o] >> class(minOther) << class(minOther); used != 0; used &= used - 1 {
		dst = append(dst, &zo.byFree[o][bits.TrailingZeros64(used)])
	}
	return dst
}

var _ models.CapacityWatcher = (*Index)(nil)
