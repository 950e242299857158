package sim

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// holdSizes are the queue sizes of the classic hold-model benchmark.
var holdSizes = []int{1e3, 1e5, 1e6}

// increments returns a fixed cycle of exponential hold times (mean 1 s) so the engine and the
// baseline heap see exactly the same work and random number generation is not measured.
func increments() []Time {
	r := rand.New(rand.NewPCG(1, 2))
	inc := make([]Time, 1<<16)
	for i := range inc {
		inc[i] = Time(r.ExpFloat64() * float64(time.Second))
	}
	return inc
}

// holder re-schedules itself on every firing: each event that runs is replaced by one a random
// hold time later, so the queue size stays constant.
type holder struct {
	e   *Engine
	inc []Time
	i   int
}

func (h *holder) Handle(now Time) {
	h.i++
	h.e.Schedule(now+h.inc[h.i&(len(h.inc)-1)], 0, h)
}

// BenchmarkEngineHold is the hold model: pop the next event and schedule a replacement, with
// the queue held at a fixed size.
func BenchmarkEngineHold(b *testing.B) {
	inc := increments()
	for _, n := range holdSizes {
		b.Run(fmt.Sprintf("pending=%.0e", float64(n)), func(b *testing.B) {
			e := NewEngine()
			h := &holder{e: e, inc: inc}
			for i := range n {
				e.Schedule(inc[i&(len(inc)-1)], 0, h)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				e.Step()
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
}

// BenchmarkBareHeapHold is the baseline the engine is measured against: a bare 4-ary min-heap
// of (time, seq) keys with no handlers, no priorities and no cancellation support.
func BenchmarkBareHeapHold(b *testing.B) {
	inc := increments()
	for _, n := range holdSizes {
		b.Run(fmt.Sprintf("pending=%.0e", float64(n)), func(b *testing.B) {
			var h bareHeap
			for i := range n {
				h.push(bareKey{at: inc[i&(len(inc)-1)], seq: uint64(i)})
			}
			seq := uint64(n)
			i := 0
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				k := h.pop()
				i++
				h.push(bareKey{at: k.at + inc[i&(len(inc)-1)], seq: seq})
				seq++
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
}

type bareKey struct {
	at  Time
	seq uint64
}

type bareHeap []bareKey

func (h bareHeap) less(i, j int) bool {
	return h[i].at < h[j].at || (h[i].at == h[j].at && h[i].seq < h[j].seq)
}

func (h *bareHeap) push(k bareKey) {
	*h = append(*h, k)
	a := *h
	i := len(a) - 1
	for i > 0 {
		p := (i - 1) / 4
		if !a.less(i, p) {
			break
		}
		a[i], a[p] = a[p], a[i]
		i = p
	}
}

func (h *bareHeap) pop() bareKey {
	a := *h
	top := a[0]
	last := len(a) - 1
	a[0] = a[last]
	a = a[:last]
	*h = a
	i := 0
	for {
		c := 4*i + 1
		if c >= len(a) {
			break
		}
		m := c
		for j := c + 1; j < min(c+4, len(a)); j++ {
			if a.less(j, m) {
				m = j
			}
		}
		if !a.less(m, i) {
			break
		}
		a[i], a[m] = a[m], a[i]
		i = m
	}
	return top
}

// BenchmarkEngineScheduleCancel measures the eager-cancel path used by timers that rarely fire
// (deregistration delays, health-check deadlines).
func BenchmarkEngineScheduleCancel(b *testing.B) {
	e := NewEngine()
	inc := increments()
	h := HandlerFunc(func(Time) {})
	for i := range 100_000 {
		e.Schedule(inc[i&(len(inc)-1)], 0, h)
	}
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		i++
		id := e.Schedule(inc[i&(len(inc)-1)], 0, h)
		e.Cancel(id)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
}
