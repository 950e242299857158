package sim

import (
	"fmt"
	"time"
)

// Priority orders events that fall at the same Time: lower runs first. Packages above sim name
// the few levels their domain needs (for ECS: infrastructure changes, then stops that free
// resources, then starts that take them, then observation).
type Priority int8

// Handler is the work an event does when it fires. A handler that must know which object it
// acts on is best a pointer to that object (or to a small struct embedded in it), which
// schedules without allocating; HandlerFunc adapts a closure.
type Handler interface {
	Handle(now Time)
}

// HandlerFunc adapts an ordinary function to Handler.
type HandlerFunc func(now Time)

// Handle calls f(now).
func (f HandlerFunc) Handle(now Time) { f(now) }

// EventID names a scheduled event so it can be cancelled. The zero EventID is never issued.
type EventID uint64

// Engine is a discrete-event engine.
//
// Ordering rule: events run in increasing (At, Priority, seq), where seq is a counter taken on
// every call to Schedule. Two events at the same time and priority therefore run in the order
// they were scheduled, whatever order the caller's data structures produced them in.
//
// The queue is a 4-ary min-heap of small keys; each key points at a slot that holds the
// handler and remembers the key's heap position, so Cancel removes an event eagerly in
// O(log n) and scheduling reuses freed slots instead of allocating.
//
// An Engine is not safe for concurrent use.
type Engine struct {
	now   Time
	heap  []entry
	slots []slot
	free  []int32 // slot indices ready for reuse
	seq   uint64
	fired uint64
}

// entry is one heap key. order packs the priority (biased to unsigned) into the top 8 bits and
// the sequence number into the low 56 bits, so one comparison orders both.
type entry struct {
	at    Time
	order uint64
	slot  int32
}

type slot struct {
	h   Handler
	pos int32  // index in heap, or -1 when the slot is free
	gen uint32 // bumped when the slot is freed, so stale EventIDs cannot cancel a newer event
}

const seqBits = 56

// NewEngine returns an engine at time 0 with an empty queue.
func NewEngine() *Engine { return &Engine{} }

// Now returns the current virtual time: the time of the event running, or of the last one run.
func (e *Engine) Now() Time { return e.now }

// Pending returns the number of events waiting in the queue.
func (e *Engine) Pending() int { return len(e.heap) }

// Fired returns the number of events run so far.
func (e *Engine) Fired() uint64 { return e.fired }

// Peek returns the time of the next event, and false if the queue is empty.
func (e *Engine) Peek() (Time, bool) {
	if len(e.heap) == 0 {
		return Never, false
	}
	return e.heap[0].at, true
}

// Schedule queues h to run at time at with priority p and returns an id for Cancel.
// It panics if at is before Now.
func (e *Engine) Schedule(at Time, p Priority, h Handler) EventID {
	if at < e.now {
		panic(fmt.Sprintf("sim: Schedule at %v, before now %v", at, e.now))
	}
	if h == nil {
		panic("sim: Schedule with a nil handler")
	}
	var s int32
	if n := len(e.free); n > 0 {
		s = e.free[n-1]
		e.free = e.free[:n-1]
	} else {
		s = int32(len(e.slots))
		e.slots = append(e.slots, slot{gen: 1})
	}
	order := uint64(uint8(p)^0x80)<<seqBits | e.seq&(1<<seqBits-1)
	e.seq++
	sl := &e.slots[s]
	sl.h = h
	sl.pos = int32(len(e.heap))
	e.heap = append(e.heap, entry{at: at, order: order, slot: s})
	e.up(len(e.heap) - 1)
	return EventID(uint64(sl.gen)<<32 | uint64(s))
}

// After queues h to run d after Now. It panics if d is negative.
func (e *Engine) After(d time.Duration, p Priority, h Handler) EventID {
	if d < 0 {
		panic(fmt.Sprintf("sim: After with negative delay %v", d))
	}
	return e.Schedule(e.now.Add(d), p, h)
}

// Cancel removes a queued event. It returns false if the event already ran, was already
// cancelled, or was never scheduled.
func (e *Engine) Cancel(id EventID) bool {
	s := int32(uint32(id))
	if id == 0 || int(s) >= len(e.slots) {
		return false
	}
	sl := &e.slots[s]
	if sl.gen != uint32(id>>32) || sl.pos < 0 {
		return false
	}
	e.removeAt(int(sl.pos))
	e.release(s)
	return true
}

// Step runs the next event and reports whether there was one.
func (e *Engine) Step() bool {
	if len(e.heap) == 0 {
		return false
	}
	top := e.pop()
	h := e.slots[top.slot].h
	e.release(top.slot)
	e.now = top.at
	e.fired++
	h.Handle(e.now)
	return true
}

// RunUntil runs every event with At <= t, including events that those events schedule at or
// before t, and then sets Now to t. The boundary is inclusive: an event at exactly t runs.
// If t is before Now, nothing runs and Now does not move.
func (e *Engine) RunUntil(t Time) {
	for len(e.heap) > 0 && e.heap[0].at <= t {
		e.Step()
	}
	if t > e.now {
		e.now = t
	}
}

// Run runs events until the queue is empty.
func (e *Engine) Run() {
	for e.Step() {
	}
}

func (e *Engine) release(s int32) {
	sl := &e.slots[s]
	sl.h = nil
	sl.pos = -1
	sl.gen++
	if sl.gen == 0 { // never issue generation 0, so EventID 0 stays invalid
		sl.gen = 1
	}
	e.free = append(e.free, s)
}

func less(a, b *entry) bool {
	return a.at < b.at || (a.at == b.at && a.order < b.order)
}

// pop removes the heap's first entry and returns it. It is Floyd's bottom-up deletion: the hole
// at the root sinks to a leaf along the smallest children, then the last entry fills it and
// moves up. The last entry is usually among the latest events and belongs near the leaves, so
// this skips the comparison with it at every level that a plain sift-down makes. With four
// children a level, a full level is compared unrolled, with one bounds check.
func (e *Engine) pop() entry {
	h := e.heap
	n := len(h) - 1
	top := h[0]
	e.heap = h[:n]
	if n > 0 {
		i := e.sink()
		h[i] = h[n] // the last entry, still in the array past the heap's new end
		e.up(i)
	}
	return top
}

// sink moves the hole at the root of the heap down to a leaf, along the smallest children,
// and returns where it ended. It is a function of its own so that the loop keeps nothing but
// the heap, the slots and the hole in registers.
func (e *Engine) sink() int {
	h, slots := e.heap, e.slots
	n := len(h)
	i := 0
	for {
		c := 4*i + 1
		if c+4 <= n {
			k := h[c : c+4 : c+4]
			m := 0
			if less(&k[1], &k[0]) {
				m = 1
			}
			if less(&k[2], &k[m]) {
				m = 2
			}
			if less(&k[3], &k[m]) {
				m = 3
			}
			m += c
			h[i] = h[m]
			slots[h[i].slot].pos = int32(i)
			i = m
			continue
		}
		if c < n { // the last, partial level: its entries have no children
			m := c
			for j := c + 1; j < n; j++ {
				if less(&h[j], &h[m]) {
					m = j
				}
			}
			h[i] = h[m]
			slots[h[i].slot].pos = int32(i)
			i = m
		}
		return i
	}
}

// removeAt deletes heap[i], restoring the heap property.
func (e *Engine) removeAt(i int) {
	last := len(e.heap) - 1
	if i != last {
		e.heap[i] = e.heap[last]
		e.slots[e.heap[i].slot].pos = int32(i)
	}
	e.heap = e.heap[:last]
	if i < last {
		if !e.down(i) {
			e.up(i)
		}
	}
}

// up moves heap[i] toward the root while it is smaller than its parent.
func (e *Engine) up(i int) {
	h := e.heap
	x := h[i]
	for i > 0 {
		p := (i - 1) / 4
		if !less(&x, &h[p]) {
			break
		}
		h[i] = h[p]
		e.slots[h[i].slot].pos = int32(i)
		i = p
	}
	h[i] = x
	e.slots[x.slot].pos = int32(i)
}

// down moves heap[i] toward the leaves while a child is smaller, and reports whether it moved.
func (e *Engine) down(i int) bool {
	h := e.heap
	n := len(h)
	x := h[i]
	start := i
	for {
		c := 4*i + 1
		if c >= n {
			break
		}
		m := c
		end := min(c+4, n)
		for j := c + 1; j < end; j++ {
			if less(&h[j], &h[m]) {
				m = j
			}
		}
		if !less(&h[m], &x) {
			break
		}
		h[i] = h[m]
		e.slots[h[i].slot].pos = int32(i)
		i = m
	}
	h[i] = x
	e.slots[x.slot].pos = int32(i)
	return i != start
}
