package sim

import (
	"slices"
	"testing"
)

// modelEvent is an event in the reference model: a plain slice kept in firing order.
type modelEvent struct {
	at    Time
	prio  Priority
	seq   int
	label int
}

func modelLess(a, b modelEvent) int {
	switch {
	case a.at != b.at:
		return cmpInt(int64(a.at), int64(b.at))
	case a.prio != b.prio:
		return cmpInt(int64(a.prio), int64(b.prio))
	default:
		return cmpInt(int64(a.seq), int64(b.seq))
	}
}

func cmpInt(a, b int64) int {
	if a < b {
		return -1
	}
	if a > b {
		return 1
	}
	return 0
}

// manyCancelled is an input that schedules 200 events, cancels 150 of them (enough for the
// engine to compact its heap), schedules more and runs them all, in steps and in RunUntil.
func manyCancelled() []byte {
	var ops []byte
	for i := range 200 {
		ops = append(ops, 0, byte(i*7), byte(i*13))
	}
	for i := range 150 {
		ops = append(ops, 1, byte(i*37%200))
	}
	for i := range 40 {
		ops = append(ops, 0, byte(i*5), byte(i), 2)
	}
	return append(ops, 3, 7, 2, 2, 3, 15)
}

// FuzzQueue decodes the input into schedule, cancel, step and run-until operations, applies
// them to an Engine and to a sorted-slice model, and checks both fire the same events in the
// same order at the same times.
func FuzzQueue(f *testing.F) {
	f.Add([]byte{0, 5, 1, 0, 5, 1, 0, 5, 0, 2, 2, 2})
	f.Add([]byte{0, 1, 2, 0, 1, 2, 1, 0, 2, 3, 4, 2, 2})
	f.Add([]byte{0, 255, 255, 0, 0, 0, 1, 1, 3, 128, 2, 2, 2, 2})
	f.Add(manyCancelled())
	f.Fuzz(func(t *testing.T, ops []byte) {
		e := NewEngine()
		var model []modelEvent
		var fired, wantFired []int
		ids := map[int]EventID{}
		label, seq := 0, 0
		next := func(i *int) byte {
			if *i >= len(ops) {
				return 0
			}
			b := ops[*i]
			*i++
			return b
		}
		for i := 0; i < len(ops); {
			switch next(&i) % 4 {
			case 0: // schedule at now + delta with a priority
				delta, prio := Time(next(&i)%16), Priority(int8(next(&i)))
				at := e.Now() + delta
				l := label
				label++
				ids[l] = e.Schedule(at, prio, HandlerFunc(func(now Time) {
					if now != at {
						t.Fatalf("event %d ran at %v, scheduled for %v", l, now, at)
					}
					fired = append(fired, l)
				}))
				model = append(model, modelEvent{at: at, prio: prio, seq: seq, label: l})
				seq++
				slices.SortStableFunc(model, modelLess)
			case 1: // cancel some label
				if label == 0 {
					continue
				}
				l := int(next(&i)) % label
				idx := slices.IndexFunc(model, func(m modelEvent) bool { return m.label == l })
				if got, want := e.Cancel(ids[l]), idx >= 0; got != want {
					t.Fatalf("Cancel(%d) = %v, want %v", l, got, want)
				}
				if idx >= 0 {
					model = slices.Delete(model, idx, idx+1)
				}
			case 2: // step
				ran := e.Step()
				if ran != (len(model) > 0) {
					t.Fatalf("Step() = %v with %d modelled events", ran, len(model))
				}
				if ran {
					wantFired = append(wantFired, model[0].label)
					model = model[1:]
				}
			case 3: // run until now + delta
				until := e.Now() + Time(next(&i)%16)
				e.RunUntil(until)
				for len(model) > 0 && model[0].at <= until {
					wantFired = append(wantFired, model[0].label)
					model = model[1:]
				}
				if e.Now() < until {
					t.Fatalf("after RunUntil(%v) Now() = %v", until, e.Now())
				}
			}
			if e.Pending() != len(model) {
				t.Fatalf("Pending() = %d, model has %d", e.Pending(), len(model))
			}
			if !slices.Equal(fired, wantFired) {
				t.Fatalf("engine fired %v, model %v", fired, wantFired)
			}
		}
		// Drain both and compare the complete firing order.
		e.Run()
		for _, m := range model {
			wantFired = append(wantFired, m.label)
		}
		if !slices.Equal(fired, wantFired) {
			t.Fatalf("engine fired %v, model %v", fired, wantFired)
		}
	})
}
