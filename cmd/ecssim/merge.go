package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/ecssim/ecssim/experiment"
)

func cmdMerge(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("merge")
	var o reportOptions
	o.register(fs)
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageErrorf("merge: name the result directories of a sweep's shards")
	}
	if err := o.check("merge"); err != nil {
		return err
	}
	m, err := experiment.Merge(fs.Args())
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "merge: %d runs of sweep %s, every one present once\n", m.Runs, m.Sweep)
	if len(m.Builds) > 1 {
		fmt.Fprintf(stderr, "merge: warning: the runs were made by %d builds of ecssim (%s); their results may differ for that alone\n",
			len(m.Builds), strings.Join(m.Builds, "; "))
	}
	if err := o.print(stdout, "merge", m.Comparisons); err != nil {
		return err
	}
	return o.report(stderr, "merge", m.Comparisons, nil)
}
