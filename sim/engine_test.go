package sim

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// recorder collects the labels of the handlers it makes, in the order they fire.
type recorder struct{ got []string }

func (r *recorder) h(label string) Handler {
	return HandlerFunc(func(now Time) { r.got = append(r.got, fmt.Sprintf("%s@%v", label, now)) })
}

func TestEngineOrder(t *testing.T) {
	tests := []struct {
		name     string
		schedule func(e *Engine, r *recorder)
		want     []string
	}{
		{
			name: "time first",
			schedule: func(e *Engine, r *recorder) {
				e.Schedule(3*Time(time.Second), 0, r.h("c"))
				e.Schedule(1*Time(time.Second), 0, r.h("a"))
				e.Schedule(2*Time(time.Second), 0, r.h("b"))
			},
			want: []string{"a@1s", "b@2s", "c@3s"},
		},
		{
			name: "priority breaks equal times, lower first",
			schedule: func(e *Engine, r *recorder) {
				e.Schedule(Time(time.Second), 5, r.h("low"))
				e.Schedule(Time(time.Second), -3, r.h("urgent"))
				e.Schedule(Time(time.Second), 0, r.h("normal"))
			},
			want: []string{"urgent@1s", "normal@1s", "low@1s"},
		},
		{
			name: "equal time and priority run in scheduling order",
			schedule: func(e *Engine, r *recorder) {
				for i := range 5 {
					e.Schedule(Time(time.Second), 1, r.h(fmt.Sprint(i)))
				}
			},
			want: []string{"0@1s", "1@1s", "2@1s", "3@1s", "4@1s"},
		},
		{
			name: "an event scheduled for now by a running event runs after earlier peers",
			schedule: func(e *Engine, r *recorder) {
				e.Schedule(0, 0, HandlerFunc(func(now Time) {
					r.got = append(r.got, "first@0s")
					e.Schedule(now, 0, r.h("child"))
				}))
				e.Schedule(0, 0, r.h("second"))
			},
			want: []string{"first@0s", "second@0s", "child@0s"},
		},
		{
			name: "extreme priorities",
			schedule: func(e *Engine, r *recorder) {
				e.Schedule(0, 127, r.h("max"))
				e.Schedule(0, -128, r.h("min"))
			},
			want: []string{"min@0s", "max@0s"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := NewEngine()
			r := &recorder{}
			tc.schedule(e, r)
			e.Run()
			if diff := cmp.Diff(tc.want, r.got); diff != "" {
				t.Errorf("firing order (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEngineCancel(t *testing.T) {
	e := NewEngine()
	r := &recorder{}
	a := e.Schedule(1, 0, r.h("a"))
	b := e.Schedule(2, 0, r.h("b"))
	c := e.Schedule(3, 0, r.h("c"))
	if !e.Cancel(b) {
		t.Fatal("Cancel(b) = false, want true")
	}
	if e.Cancel(b) {
		t.Error("second Cancel(b) = true, want false")
	}
	if e.Pending() != 2 {
		t.Errorf("Pending() = %d, want 2", e.Pending())
	}
	e.Step() // runs a
	if e.Cancel(a) {
		t.Error("Cancel of an event that already ran = true, want false")
	}
	// The slot of a is reused; the stale id must not cancel the new event.
	d := e.Schedule(4, 0, r.h("d"))
	if e.Cancel(a) {
		t.Error("stale id cancelled a newer event in the reused slot")
	}
	if e.Cancel(0) || e.Cancel(EventID(1<<40|12345)) {
		t.Error("Cancel of ids never issued = true, want false")
	}
	e.Run()
	if diff := cmp.Diff([]string{"a@1ns", "c@3ns", "d@4ns"}, r.got); diff != "" {
		t.Errorf("firing order (-want +got):\n%s", diff)
	}
	_, _ = c, d
}

func TestEngineRunUntilBoundary(t *testing.T) {
	e := NewEngine()
	r := &recorder{}
	e.Schedule(Time(10*time.Second), 0, r.h("at10"))
	e.Schedule(Time(10*time.Second), 9, HandlerFunc(func(now Time) {
		r.got = append(r.got, "spawner@10s")
		e.Schedule(now, 0, r.h("spawned"))                   // at the boundary: runs
		e.Schedule(now.Add(time.Nanosecond), 0, r.h("late")) // after it: waits
	}))
	e.Schedule(Time(11*time.Second), 0, r.h("at11"))

	e.RunUntil(Time(10 * time.Second))
	want := []string{"at10@10s", "spawner@10s", "spawned@10s"}
	if diff := cmp.Diff(want, r.got); diff != "" {
		t.Errorf("RunUntil(10s) ran (-want +got):\n%s", diff)
	}
	if e.Now() != Time(10*time.Second) {
		t.Errorf("Now() = %v, want 10s", e.Now())
	}
	if next, ok := e.Peek(); !ok || next != Time(10*time.Second+1) {
		t.Errorf("Peek() = %v, %v; want 10.000000001s, true", next, ok)
	}

	e.RunUntil(Time(20 * time.Second)) // no event at 20s: Now still moves there
	if e.Now() != Time(20*time.Second) || e.Pending() != 0 {
		t.Errorf("after RunUntil(20s): Now() = %v, Pending() = %d; want 20s, 0", e.Now(), e.Pending())
	}
	e.RunUntil(Time(5 * time.Second)) // the past: nothing moves
	if e.Now() != Time(20*time.Second) {
		t.Errorf("RunUntil into the past moved Now to %v", e.Now())
	}
	if e.Fired() != 5 {
		t.Errorf("Fired() = %d, want 5", e.Fired())
	}
}

func TestEngineStepAndPeekEmpty(t *testing.T) {
	e := NewEngine()
	if e.Step() {
		t.Error("Step() on an empty queue = true")
	}
	if at, ok := e.Peek(); ok || at != Never {
		t.Errorf("Peek() on an empty queue = %v, %v; want never, false", at, ok)
	}
}

func TestEnginePanicsOnThePast(t *testing.T) {
	tests := []struct {
		name string
		call func(e *Engine)
		want string
	}{
		{"Schedule before now", func(e *Engine) { e.Schedule(1, 0, HandlerFunc(func(Time) {})) }, "sim: Schedule at 1ns, before now 2ns"},
		{"After with a negative delay", func(e *Engine) { e.After(-1, 0, HandlerFunc(func(Time) {})) }, "sim: After with negative delay -1ns"},
		{"nil handler", func(e *Engine) { e.Schedule(5, 0, nil) }, "sim: Schedule with a nil handler"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := NewEngine()
			e.RunUntil(2)
			defer func() {
				got := fmt.Sprint(recover())
				if !strings.Contains(got, tc.want) {
					t.Errorf("panic = %q, want %q", got, tc.want)
				}
			}()
			tc.call(e)
		})
	}
}

func TestTimeFormats(t *testing.T) {
	tests := []struct {
		t       Time
		seconds string
		str     string
	}{
		{0, "0", "0s"},
		{Time(12500 * time.Millisecond), "12.5", "12.5s"},
		{Time(90 * time.Minute), "5400", "1h30m0s"},
		{Time(1), "0.000000001", "1ns"},
		{Never, "9223372036.854776", "never"},
	}
	for _, tc := range tests {
		if got := string(tc.t.AppendSeconds(nil)); got != tc.seconds {
			t.Errorf("AppendSeconds(%d) = %q, want %q", int64(tc.t), got, tc.seconds)
		}
		if got := tc.t.String(); got != tc.str {
			t.Errorf("String(%d) = %q, want %q", int64(tc.t), got, tc.str)
		}
	}
	if got := Time(3 * time.Second).Sub(Time(time.Second)); got != 2*time.Second {
		t.Errorf("Sub = %v, want 2s", got)
	}
}

func ExampleEngine_RunUntil() {
	e := NewEngine()
	say := func(s string) Handler {
		return HandlerFunc(func(now Time) { fmt.Println(now, s) })
	}
	e.Schedule(Time(2*time.Second), 0, say("stop frees resources"))
	e.Schedule(Time(2*time.Second), 1, say("start takes them"))
	e.Schedule(Time(5*time.Second), 0, say("after the horizon"))
	e.RunUntil(Time(2 * time.Second))
	fmt.Println("now", e.Now(), "pending", e.Pending())
	// Output:
	// 2s stop frees resources
	// 2s start takes them
	// now 2s pending 1
}

func TestTimeAddSaturates(t *testing.T) {
	if got := Time(time.Hour).Add(time.Duration(math.MaxInt64)); got != Never {
		t.Errorf("1h + MaxInt64 = %v, want never", got)
	}
	if got := Never.Add(time.Second); got != Never {
		t.Errorf("never + 1s = %v, want never", got)
	}
	if got := Time(time.Hour).Add(-time.Minute); got != Time(59*time.Minute) {
		t.Errorf("1h - 1m = %v", got)
	}
}
