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
// The queue is a 4-ary min-heap of small keys; each key names a slot that holds the handler,
// and the slot's generation when the key was queued. Cancel frees the slot at once and leaves
// the key, which no longer matches its slot's generation, to be dropped when it reaches the
// top (or when cancelled keys come to outnumber the live ones): so the heap's moves need not
// keep each slot's position, which was a scattered store at every level of every pop. The
// order of the live events is the keys' order whatever the heap's shape, so this changes no
// run. Scheduling reuses freed slots instead of allocating.
//
// An Engine is not safe for concurrent use.
type Engine struct {
	now       Time
	heap      []entry
	slots     []slot
	free      []int32 // slot indices ready for reuse
	cancelled int     // keys in the heap whose events were cancelled
	seq       uint64
	fired     uint64
}

// entry is one heap key. order packs the priority (biased to unsigned) into the top 8 bits and
// the sequence number into the low 56 bits, so one comparison orders both.
type entry struct {
	at    Time
	order uint64
	slot  int32
	gen   uint32 // the slot's generation when queued: the key is stale once they differ
}

type slot struct {
	h   Handler // nil while the slot is free
	gen uint32  // bumped when the slot is freed, so stale EventIDs and keys match no newer event
}

const seqBits = 56

// NewEngine returns an engine at time 0 with an empty queue.
func NewEngine() *Engine { return &Engine{} }

// Now returns the current virtual time: the time of the event running, or of the last one run.
func (e *Engine) Now() Time { return e.now }

// Pending returns the number of events waiting in the queue.
func (e *Engine) Pending() int { return len(e.heap) - e.cancelled }

// Fired returns the number of events run so far.
func (e *Engine) Fired() uint64 { return e.fired }

// Peek returns the time of the next event, and false if the queue is empty.
func (e *Engine) Peek() (Time, bool) {
	e.dropCancelled()
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
	e.heap = append(e.heap, entry{at: at, order: order, slot: s, gen: sl.gen})
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
	if sl.gen != uint32(id>>32) || sl.h == nil {
		return false
	}
	e.release(s)
	e.cancelled++
	if e.cancelled > 64 && e.cancelled > len(e.heap)/2 {
		e.compact()
	}
	return true
}

// Step runs the next event and reports whether there was one.
func (e *Engine) Step() bool {
	e.dropCancelled()
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
	for {
		e.dropCancelled()
		if len(e.heap) == 0 || e.heap[0].at > t {
			break
		}
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
// the heap and the hole in registers.
func (e *Engine) sink() int {
	h := e.heap
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
			i = m
		}
		return i
	}
}

// dropCancelled pops the keys of cancelled events off the top of the heap, so that its first
// key is a live event's.
func (e *Engine) dropCancelled() {
	for e.cancelled > 0 && len(e.heap) > 0 {
		top := &e.heap[0]
		if e.slots[top.slot].gen == top.gen {
			return
		}
		e.pop()
		e.cancelled--
	}
}

// compact drops every cancelled key and rebuilds the heap from the rest (Floyd's heapify):
// a run that cancels many events far ahead would otherwise keep their keys until their time.
func (e *Engine) compact() {
	live := e.heap[:0]
	for _, x := range e.heap {
		if e.slots[x.slot].gen == x.gen {
			live = append(live, x)
		}
	}
	clear(e.heap[len(live):])
	e.heap = live
	e.cancelled = 0
	for i := (len(live) - 2) / 4; len(live) > 1 && i >= 0; i-- {
		e.down(i)
	}
}

// down moves heap[i] toward the leaves while a child is smaller.
func (e *Engine) down(i int) {
	h := e.heap
	n := len(h)
	x := h[i]
	for {
		c := 4*i + 1
		if c >= n {
			break
		}
		m := c
		for j := c + 1; j < min(c+4, n); j++ {
			if less(&h[j], &h[m]) {
				m = j
			}
		}
		if !less(&h[m], &x) {
			break
		}
		h[i] = h[m]
		i = m
	}
	h[i] = x
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
		i = p
	}
	h[i] = x
}
