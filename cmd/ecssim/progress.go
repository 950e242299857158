package main

import (
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress is a progress bar on stderr, with the count of finished runs and the time left: it
// is drawn only when stderr is a terminal (never into a log or a pipe), and only once the
// runs have taken a second, so a quick comparison prints nothing but its result.
type progress struct {
	mu  sync.Mutex
	bar *progressbar.ProgressBar // nil: no bar
	out *delayedWriter
}

// newProgress returns a bar for n runs written to w, or a silent one when quiet is set or w
// is not a terminal.
func newProgress(w io.Writer, n int, what string, quiet bool) *progress {
	f, ok := w.(*os.File)
	if quiet || !ok || !term.IsTerminal(int(f.Fd())) {
		return &progress{}
	}
	out := &delayedWriter{w: w, from: time.Now().Add(time.Second)}
	bar := progressbar.NewOptions(n,
		progressbar.OptionSetWriter(out),
		progressbar.OptionSetDescription(what),
		progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
	bar.RenderBlank() //nolint:errcheck // starts the clock the time left is estimated from
	return &progress{bar: bar, out: out}
}

// add counts n more finished runs.
func (p *progress) add(n int) {
	if p == nil || p.bar == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.bar.Add(n) //nolint:errcheck // a progress bar that cannot be drawn is no reason to stop
}

// done takes the bar off the terminal, so that what follows starts on a clean line.
func (p *progress) done() {
	if p == nil || p.bar == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.out.shown {
		p.bar.Clear() //nolint:errcheck
	}
	p.bar.Exit() //nolint:errcheck
}

// delayedWriter drops what is written to it before a time, and passes on what comes after.
type delayedWriter struct {
	w     io.Writer
	from  time.Time
	shown bool
}

func (d *delayedWriter) Write(b []byte) (int, error) {
	if !d.shown && time.Now().Before(d.from) {
		return len(b), nil
	}
	d.shown = true
	return d.w.Write(b)
}
