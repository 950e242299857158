package scheduler

import (
	"math"
	"slices"

	"github.com/ecssim/ecssim/models"
)

// memoGPUs bounds the devices of a state FGD memoizes: instances with more (none in the
// catalog or openb has more than 16) are measured afresh each time.
const memoGPUs = 8

// gKey is an instance's GPU state as F sees it: which of M's sizes its GPU model admits
// (access, an id of fgdModel.access), and its devices' thousandths left, sorted descending
// (F does not depend on their numbering).
type gKey struct {
	access int32
	n      uint8
	dev    [memoGPUs]int16
}

// fgdNode is one instance's cached state and F.
type fgdNode struct {
	in     *models.Instance
	cpu    int64   // free CPU units when f was computed
	devs   []int16 // devices then
	access int32
	g      int32 // state id, -1 for too many devices to memoize
	f      float64
}

// fgdAfter is, for one state and the request in progress, the states a placement may leave:
// one, or for a share one per distinct remainder that holds it.
type fgdAfter struct {
	stamp uint32
	n     int
	g     [memoGPUs]int32
}

// fgdModel holds M for one cluster's task mix and FGD's caches (see FGDStrategy's Speed).
type fgdModel struct {
	cluster *models.Cluster
	mix     []models.MixEntry
	entries []fgdEntry
	total   float64
	levels  []int64 // M's distinct CPU requests, ascending

	access   [][]bool // by access id: whether each entry's constraints admit the instance
	accessID map[string]int32
	gID      map[gKey]int32
	gKeys    []gKey
	gF       [][]float64 // by state, by CPU level: Σ w·F(m), NaN until computed
	nodes    []fgdNode   // by Instance.Seq
	far      map[*models.Instance]*fgdNode

	// The request in progress.
	stamp      uint32
	def        *models.TaskDefinition
	cpu, per   int64
	count      int
	after      []fgdAfter // by state
	scratch    []int16
	keyScratch []int16
}

func newFGDModel(c *models.Cluster) *fgdModel {
	m := &fgdModel{cluster: c, mix: c.TaskMix(), accessID: map[string]int32{}, gID: map[gKey]int32{},
		far: map[*models.Instance]*fgdNode{}}
	m.entries, m.total = typicalSizes(m.mix)
	for i := range m.entries {
		m.levels = append(m.levels, m.entries[i].cpu)
	}
	slices.Sort(m.levels)
	m.levels = slices.Compact(m.levels)
	for i := range m.entries {
		m.entries[i].rank, _ = slices.BinarySearch(m.levels, m.entries[i].cpu)
	}
	if m.total == 0 {
		m.total = 1 // no task at all: F is 0 everywhere
	}
	return m
}

// builtFrom reports whether m is the model of c's current task mix.
func (m *fgdModel) builtFrom(c *models.Cluster) bool {
	mix := c.TaskMix()
	return m.cluster == c && len(mix) == len(m.mix) && (len(mix) == 0 || &mix[0] == &m.mix[0])
}

// level is the number of M's distinct CPU requests that cpu free units hold: size m fits the
// CPU iff its rank is below it.
func (m *fgdModel) level(cpu int64) int {
	n, _ := slices.BinarySearch(m.levels, cpu+1)
	return n
}

// begin starts scoring for r's task: a new stamp, so that each state's placements are found
// afresh.
func (m *fgdModel) begin(r *Request) {
	m.stamp++
	if m.stamp == 0 { // wrapped: forget every stamp
		clear(m.after)
		m.stamp = 1
	}
	m.def, m.cpu = r.Def, r.Need.CPU
	m.per, m.count = gpuShape(r.Need)
}

// delta is ΔF (divided by the kept tasks' count at the end) of placing the request's task on
// in, the best over the devices a share may take; +Inf if the task does not fit.
func (m *fgdModel) delta(in *models.Instance) float64 {
	nd := m.node(in)
	lvl := m.level(in.Free().CPU - m.cpu)
	best := math.Inf(1)
	if nd.g < 0 {
		best = m.deltaFar(in, nd, lvl)
	} else {
		a := m.afterOf(nd.g)
		for _, g := range a.g[:a.n] {
			best = min(best, m.fAt(g, lvl))
		}
	}
	return (best - nd.f) / m.total
}

// deltaFar is delta's F after for an instance with too many devices to memoize.
func (m *fgdModel) deltaFar(in *models.Instance, nd *fgdNode, lvl int) float64 {
	best := math.Inf(1)
	if !in.GPUFits(m.def) {
		return best
	}
	if m.count != 1 || m.per == models.MilliPerGPU {
		m.scratch, _ = in.GPUDevicesAfter(m.def, -1, m.scratch)
		return m.fOf(lvl, nd.access, m.scratch)
	}
	for i, f := range in.GPUDevices() {
		if int64(f) >= m.per {
			m.scratch, _ = in.GPUDevicesAfter(m.def, i, m.scratch)
			best = min(best, m.fOf(lvl, nd.access, m.scratch))
		}
	}
	return best
}
