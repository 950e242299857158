package scheduler

import (
	"math"
	"slices"
	"strings"

	"github.com/ecssim/ecssim/models"
)

// maxSlotSeq bounds the registration numbers fgdModel caches in a slice; instances past it
// (none in a scenario of any size ecssim runs) are cached in a map.
const maxSlotSeq = 1 << 20

// node returns in's cache entry, brought up to date: F is recomputed only when the instance's
// free CPU or devices changed since it was last computed.
func (m *fgdModel) node(in *models.Instance) *fgdNode {
	var nd *fgdNode
	if in.Seq < maxSlotSeq {
		if int(in.Seq) >= len(m.nodes) {
			m.nodes = slices.Grow(m.nodes, int(in.Seq)+1-len(m.nodes))[:in.Seq+1]
		}
		nd = &m.nodes[in.Seq]
	} else if nd = m.far[in]; nd == nil {
		nd = &fgdNode{}
		m.far[in] = nd
	}
	cpu, devs := in.Free().CPU, in.GPUDevices()
	if nd.in == in && nd.cpu == cpu && slices.Equal(nd.devs, devs) {
		return nd
	}
	if nd.in != in {
		nd.in, nd.access = in, m.accessOf(in)
	}
	nd.cpu, nd.devs = cpu, append(nd.devs[:0], devs...)
	lvl := m.level(cpu)
	if nd.g = m.intern(nd.access, devs); nd.g >= 0 {
		nd.f = m.fAt(nd.g, lvl)
	} else {
		nd.f = m.fOf(lvl, nd.access, devs)
	}
	return nd
}

// accessOf is the id of the set of M's sizes whose constraints (GPU models) admit in. An
// instance's attributes are fixed at registration, so it is asked once per instance.
func (m *fgdModel) accessOf(in *models.Instance) int32 {
	ok := make([]bool, len(m.entries))
	var b strings.Builder
	for i, e := range m.entries {
		ok[i] = true
		for _, x := range e.exprs {
			ok[i] = ok[i] && x.Eval(in)
		}
		if ok[i] {
			b.WriteByte('1')
		} else {
			b.WriteByte('0')
		}
	}
	if id, found := m.accessID[b.String()]; found {
		return id
	}
	id := int32(len(m.access))
	m.accessID[b.String()] = id
	m.access = append(m.access, ok)
	return id
}

// intern returns the id of the state (access, devs), -1 if devs are too many to memoize.
func (m *fgdModel) intern(access int32, devs []int16) int32 {
	if len(devs) > memoGPUs {
		return -1
	}
	k := gKey{access: access, n: uint8(len(devs))}
	copy(k.dev[:], devs)
	s := k.dev[:k.n]
	slices.SortFunc(s, func(a, b int16) int { return int(b) - int(a) })
	if id, ok := m.gID[k]; ok {
		return id
	}
	id := int32(len(m.gKeys))
	m.gID[k] = id
	m.gKeys = append(m.gKeys, k)
	f := make([]float64, len(m.levels)+1)
	for i := range f {
		f[i] = math.NaN()
	}
	m.gF = append(m.gF, f)
	m.after = append(m.after, fgdAfter{})
	return id
}

// fAt is Σ w·F(m) of state g with CPU level lvl, memoized.
func (m *fgdModel) fAt(g int32, lvl int) float64 {
	f := &m.gF[g][lvl]
	if math.IsNaN(*f) {
		k := &m.gKeys[g]
		*f = m.fOf(lvl, k.access, k.dev[:k.n])
	}
	return *f
}

// fState is Σ w·F(m) of any state, memoized where it can be.
func (m *fgdModel) fState(access int32, lvl int, devs []int16) float64 {
	if g := m.intern(access, devs); g >= 0 {
		return m.fAt(g, lvl)
	}
	return m.fOf(lvl, access, devs)
}

// fOf computes Σ_m w_m·F_n(m) for devices devs at CPU level lvl under access (see FGDStrategy):
// a size that asks for GPUs, fits the CPU, is admitted and finds enough devices with its
// per-device request left counts the devices with less; every other counts all idle GPU.
func (m *fgdModel) fOf(lvl int, access int32, devs []int16) float64 {
	idle := int64(0)
	for _, d := range devs {
		idle += int64(d)
	}
	if idle == 0 {
		return 0
	}
	ok := m.access[access]
	var f float64
	for i := range m.entries {
		e := &m.entries[i]
		frag := idle
		if e.per > 0 && ok[i] && e.rank < lvl {
			fits, small := 0, int64(0)
			for _, d := range devs {
				if int64(d) >= e.per {
					fits++
				} else {
					small += int64(d)
				}
			}
			if fits >= e.count {
				frag = small
			}
		}
		f += e.w * float64(frag)
	}
	return f
}

// afterOf returns the states a placement of the request's task leaves on an instance in
// state g, found once per state per request: the task's whole GPUs on wholly free devices
// (or none), or for a share, one state per distinct remainder at least the share. None if the
// task does not fit.
func (m *fgdModel) afterOf(g int32) *fgdAfter {
	if a := &m.after[g]; a.stamp == m.stamp {
		return a
	}
	a := fgdAfter{stamp: m.stamp} // built aside: intern may move m.after
	k := m.gKeys[g]               // a copy: intern may grow gKeys
	devs := append(m.keyScratch[:0], k.dev[:k.n]...)
	m.keyScratch = devs
	switch {
	case m.count == 0:
		a.g[0], a.n = g, 1
	case m.per == models.MilliPerGPU:
		need := m.count
		for i := range devs {
			if devs[i] == models.MilliPerGPU && need > 0 {
				devs[i], need = 0, need-1
			}
		}
		if need == 0 {
			a.g[0], a.n = m.intern(k.access, devs), 1
		}
	default:
		for i := range devs {
			if int64(devs[i]) < m.per || i > 0 && devs[i] == devs[i-1] {
				continue
			}
			devs[i] -= int16(m.per)
			a.g[a.n] = m.intern(k.access, devs)
			a.n++
			devs[i] += int16(m.per)
		}
	}
	m.after[g] = a
	return &m.after[g]
}
