package experiment

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestLongestFirst: of the jobs in the window, the one of the class that took longest starts
// first, classes not yet seen before any seen, and in order among equals.
func TestLongestFirst(t *testing.T) {
	tenOnThree := map[int]time.Duration{0: 1, 1: 1, 2: 1, 3: 10, 4: 1}
	for _, c := range []struct {
		name   string
		n, win int
		last   map[int]time.Duration // by class, i mod 5
		want   []int
	}{
		{"nothing seen: in order", 6, 4, nil, []int{0, 1, 2, 3, 4, 5}},
		{"longest first", 10, 10, tenOnThree, []int{3, 8, 0, 1, 2, 4, 5, 6, 7, 9}},
		{"only within the window", 10, 5, tenOnThree, []int{3, 0, 1, 2, 8, 4, 5, 6, 7, 9}},
		{"unseen before seen", 6, 6, map[int]time.Duration{0: 5, 1: 9}, []int{2, 3, 4, 1, 0, 5}},
	} {
		t.Run(c.name, func(t *testing.T) {
			o := newLongestFirst(c.n, c.win, func(i int) int { return i % 5 })
			for k, d := range c.last {
				o.last[k] = d
			}
			var got []int
			for i, ok := o.next(); ok; i, ok = o.next() {
				got = append(got, i)
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("order (-want +got):\n%s", diff)
			}
		})
	}
}

// TestPoolRunsEveryJobOnce: on several workers every job runs once and done counts each.
func TestPoolRunsEveryJobOnce(t *testing.T) {
	const n = 50
	var runs [n]atomic.Int32
	var done atomic.Int32
	o := newLongestFirst(n, 6, func(i int) int { return i % 3 })
	err := pool(context.Background(), 3, o, func() { done.Add(1) }, func(_ context.Context, i int) error {
		runs[i].Add(1)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for i := range runs {
		if got := runs[i].Load(); got != 1 {
			t.Errorf("job %d ran %d times", i, got)
		}
	}
	if got := done.Load(); got != n {
		t.Errorf("done %d times, want %d", got, n)
	}
}
