package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"syscall"
	"text/tabwriter"

	"github.com/ecssim/ecssim/experiment"
)

func cmdBench(args []string, stdout, stderr io.Writer) (err error) {
	fs := newFlags("bench")
	var list bool
	var child string
	var profile profileFlags
	fs.BoolVar(&list, "list", false, "")
	fs.StringVar(&child, "child", "", "") // internal: run one workload and print its result as JSON
	profile.register(fs)
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	all := experiment.Workloads()
	if list {
		tw := tabwriter.NewWriter(stdout, 0, 8, 2, ' ', 0)
		for _, w := range all {
			fmt.Fprintf(tw, "%s\t%s\n", w.Name, w.What)
		}
		return tw.Flush()
	}
	if child != "" {
		return benchChild(all, child, stdout, &profile)
	}
	chosen, err := experiment.ChooseWorkloads(all, fs.Args())
	switch {
	case errors.Is(err, path.ErrBadPattern):
		return usageErrorf("bench: %v", err)
	case err != nil:
		return usageErrorf("bench: %v (ecssim bench -list lists them)", err)
	}
	if (profile.cpu != "" || profile.mem != "") && len(chosen) != 1 {
		return usageErrorf("bench: -cpuprofile and -memprofile profile one workload; %d are chosen", len(chosen))
	}
	return benchTable(chosen, profile, stdout, stderr)
}

// benchTable runs each chosen workload in a child process and prints a row of its figures, and
// after the table the workloads skipped, with why.
func benchTable(chosen []experiment.Workload, profile profileFlags, stdout, stderr io.Writer) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 8, 2, ' ', tabwriter.AlignRight)
	var skipped []string
	fmt.Fprintln(tw, "workload\tevents\tplacements\twall s\tevents/s\tplacements/s\tpeak MiB\t")
	for _, w := range chosen {
		fmt.Fprintf(stderr, "bench: %s\n", w.Name)
		res, err := benchInChild(self, w.Name, profile)
		if err != nil {
			return fmt.Errorf("bench %s: %w", w.Name, err)
		}
		if res.Skipped != "" {
			skipped = append(skipped, w.Name+" skipped: "+res.Skipped)
			continue
		}
		secs := res.Wall.Seconds()
		rate := func(n uint64) string {
			if n == 0 || secs == 0 {
				return "-"
			}
			return fmt.Sprintf("%.0f", float64(n)/secs)
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.3f\t%s\t%s\t%.0f\t\n", w.Name, res.Events, res.Placements, secs,
			rate(res.Events), rate(res.Placements), float64(res.PeakRSS)/(1<<20))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, s := range skipped {
		fmt.Fprintln(stdout, s)
	}
	return nil
}

// benchInChild runs one workload in a process of its own, so that its peak memory is its
// own: the child's maximum resident set size, as the kernel counts it.
func benchInChild(self, name string, profile profileFlags) (experiment.BenchResult, error) {
	args := []string{"bench", "-child", name}
	if profile.cpu != "" {
		args = append(args, "-cpuprofile", profile.cpu)
	}
	if profile.mem != "" {
		args = append(args, "-memprofile", profile.mem)
	}
	cmd := exec.Command(self, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, os.Stderr
	if err := cmd.Run(); err != nil {
		return experiment.BenchResult{}, err
	}
	var res experiment.BenchResult
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		return experiment.BenchResult{}, fmt.Errorf("reading the child's result %q: %w", out.String(), err)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		res.PeakRSS = ru.Maxrss * 1024 // Linux counts kilobytes
	}
	return res, nil
}

// benchChild runs one workload here and prints its result as JSON.
func benchChild(all []experiment.Workload, name string, stdout io.Writer, profile *profileFlags) (err error) {
	for _, w := range all {
		if w.Name != name {
			continue
		}
		tuneGC()
		stop, err := profile.start()
		if err != nil {
			return err
		}
		res, err := w.Run()
		if err := stop(); err != nil {
			return err
		}
		if err != nil {
			return err
		}
		return json.NewEncoder(stdout).Encode(res)
	}
	return usageErrorf("bench: no workload %q", name)
}
