package experiment

import (
	"context"
	"errors"
	"sync"
	"time"
)

// pool calls job(ctx, i) for every job i that o hands out, on a pool of workers, and done
// (when not nil) after each job that finished; done is called from the workers, so it must be
// safe to call at once from several. The first error ends the pool: the jobs running are
// stopped through their context and no more start. When ctx ends (an interrupt), pool waits
// for the workers and returns ctx's error. Jobs that finished have done whatever they do with
// their results (the caller keeps them in a slice indexed by i, or writes them to a file), so
// the outcome does not depend on the number of workers, on their timing, or on the order o
// hands the jobs out in.
func pool(ctx context.Context, workers int, o *longestFirst, done func(), job func(ctx context.Context, i int) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var wg sync.WaitGroup
	for range min(workers, o.len()) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i, ok := o.next()
				if !ok {
					return
				}
				start := time.Now()
				if err := job(ctx, i); err != nil {
					cancel(err)
					return
				}
				o.took(i, time.Since(start))
				if done != nil {
					done()
				}
			}
		}()
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return err // a job's own error
	}
	return ctx.Err()
}

// longestFirst hands out jobs 0 to n-1 nearly in order: of the next window jobs not started
// yet, it starts the one whose class (a strategy at a point of a grid) took longest the last
// time one of it ran, a class not yet seen first, and in order among equals. When one
// strategy's runs take many times as long as the others' (spread over instances against
// binpack), starting them early keeps the pool from ending on one of them while the other
// workers idle; a small window keeps the jobs finished first, if the pool is interrupted,
// nearly the first ones (every strategy on the first seeds). It is safe for concurrent use.
type longestFirst struct {
	mu    sync.Mutex
	n     int
	fed   int   // jobs 0 to fed-1 have entered the window
	win   []int // jobs in the window, not started, in order
	size  int
	class func(i int) int
	last  map[int]time.Duration // by class, the last run's wall time
}

// newLongestFirst orders n jobs in windows of size (at least 1) by class.
func newLongestFirst(n, size int, class func(i int) int) *longestFirst {
	return &longestFirst{n: n, size: max(size, 1), class: class, last: map[int]time.Duration{}}
}

func (o *longestFirst) len() int { return o.n }

// next returns the job to start now, or false when every job has started.
func (o *longestFirst) next() (int, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for ; len(o.win) < o.size && o.fed < o.n; o.fed++ {
		o.win = append(o.win, o.fed)
	}
	if len(o.win) == 0 {
		return 0, false
	}
	best := 0
	for j := 1; j < len(o.win); j++ {
		if o.longer(o.win[j], o.win[best]) {
			best = j
		}
	}
	i := o.win[best]
	o.win = append(o.win[:best], o.win[best+1:]...)
	return i, true
}

// longer reports whether job a is expected to take longer than job b: a class not yet seen
// before any seen, else by the last time of each class; equals are not longer.
func (o *longestFirst) longer(a, b int) bool {
	ta, seenA := o.last[o.class(a)]
	tb, seenB := o.last[o.class(b)]
	if !seenA || !seenB {
		return !seenA && seenB
	}
	return ta > tb
}

// took notes that job i ran for d.
func (o *longestFirst) took(i int, d time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.last[o.class(i)] = d
}
