package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

// interrupted returns a context that ends on Ctrl-C (SIGINT) or SIGTERM (a Kubernetes pod or
// Batch job being stopped). Tests replace it.
var interrupted = func() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// gcPercent is the garbage collector's pace for every command that simulates. A run allocates
// a task at a time and drops it when it stops, so its heap stays small (flat, however long the
// run) and at Go's default (100) the collector runs often: e2e-1M of ecssim bench takes about
// 8% less time at 400, for 17 MiB more at its peak. compare and sweep gain more: their runs are
// many small heaps built and dropped quickly, and at the default the collector becomes what
// two workers contend for (on two cores, 3 strategies × 10 seeds of web-and-batch ran 1.55×
// faster than on one at the default and 1.9× at 400).
const gcPercent = 400

// tuneGC sets gcPercent, unless the environment sets GOGC. It is the program's choice, not
// the experiment library's: a library does not set its caller's garbage collector.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
}

// interruptOnce is interrupted for commands that stop cleanly on the first Ctrl-C: once it
// has come, the signals are let go, so that a second Ctrl-C stops the program at once.
func interruptOnce() (context.Context, context.CancelFunc) {
	ctx, stop := interrupted()
	go func() {
		<-ctx.Done()
		stop()
	}()
	return ctx, stop
}
