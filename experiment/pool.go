package experiment

import (
	"context"
	"errors"
	"sync"
)

// pool calls job(ctx, i) for i in 0..n-1 on a pool of workers, and done (when not nil) after
// each job that finished; done is called from the workers, so it must be safe to call at
// once from several. The first error ends the pool: the jobs running are stopped through
// their context and no more start. When ctx ends (an interrupt), pool waits for the workers
// and returns ctx's error. Jobs that finished have done whatever they do with their results
// (the caller keeps them in a slice indexed by i, or writes them to a file), so the outcome
// does not depend on the number of workers or on their timing.
func pool(ctx context.Context, n, workers int, done func(), job func(ctx context.Context, i int) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				if err := job(ctx, i); err != nil {
					cancel(err)
					continue
				}
				if done != nil {
					done()
				}
			}
		}()
	}
feed:
	for i := range n {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if err := context.Cause(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return err // a job's own error
	}
	return ctx.Err()
}
