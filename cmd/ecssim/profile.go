package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
	"runtime/pprof"

	"github.com/ecssim/ecssim/internal/atomicfile"
)

// profileFlags are -cpuprofile and -memprofile, as go test has them: a CPU profile of the
// whole command, and a heap profile (allocations and what is live) written when it ends. Read
// them with go tool pprof.
type profileFlags struct {
	cpu, mem string
}

func (p *profileFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&p.cpu, "cpuprofile", "", "")
	fs.StringVar(&p.mem, "memprofile", "", "")
}

// start starts the CPU profile and returns the function that ends both profiles and writes
// them; call it when the command's work is done, and keep its error.
func (p *profileFlags) start() (stop func() error, err error) {
	var cpu *atomicfile.File
	var cpuw *firstError
	if p.cpu != "" {
		if cpu, err = atomicfile.Create(p.cpu); err != nil {
			return nil, fmt.Errorf("-cpuprofile: %w", err)
		}
		cpuw = &firstError{w: cpu}
		if err := pprof.StartCPUProfile(cpuw); err != nil {
			cpu.Abort()
			return nil, fmt.Errorf("-cpuprofile: %w", err)
		}
	}
	return func() error {
		var errs []error
		if cpu != nil {
			pprof.StopCPUProfile()
			if cpuw.err != nil {
				cpu.Abort()
				errs = append(errs, fmt.Errorf("-cpuprofile: %w", cpuw.err))
			} else {
				errs = append(errs, cpu.Commit())
			}
		}
		if p.mem != "" {
			errs = append(errs, writeHeapProfile(p.mem))
		}
		return errors.Join(errs...)
	}, nil
}

// firstError keeps the first error writing to w: pprof's CPU profile writer drops them, so
// that a profile written to a full disk (or /dev/full) would otherwise end as a success.
type firstError struct {
	w   io.Writer
	err error
}

func (f *firstError) Write(p []byte) (int, error) {
	if f.err != nil {
		return 0, f.err
	}
	n, err := f.w.Write(p)
	f.err = err
	return n, err
}

// keepFirst calls f, and keeps its error in *err unless *err holds one already: for a
// command that defers the end of its profiles.
func keepFirst(err *error, f func() error) {
	if e := f(); e != nil && *err == nil {
		*err = e
	}
}

func writeHeapProfile(path string) error {
	f, err := atomicfile.Create(path)
	if err != nil {
		return fmt.Errorf("-memprofile: %w", err)
	}
	defer f.Abort()
	runtime.GC() // the live heap as of the end, as go test -memprofile has it
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		return fmt.Errorf("-memprofile: %w", err)
	}
	return f.Commit()
}
