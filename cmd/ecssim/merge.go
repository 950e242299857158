package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/ecssim/ecssim/experiment"
	"github.com/ecssim/ecssim/reports"
)

func cmdMerge(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("merge")
	var format, out, metrics string
	fs.StringVar(&format, "format", "text", "")
	fs.StringVar(&out, "out", "", "")
	fs.StringVar(&metrics, "metrics", reports.MetricsHeadline, "")
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	switch {
	case fs.NArg() == 0:
		return usageErrorf("merge: name the result directories of a sweep's shards")
	case !slices.Contains(reports.CompareFormats, format):
		return usageErrorf("merge: -format: want %s, got %q", strings.Join(reports.CompareFormats, ", "), format)
	}
	if err := reports.CheckMetrics(metrics); err != nil {
		return usageErrorf("merge: %v", err)
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
	if err := printComparisons(stdout, "merge", m.Comparisons, format, metrics); err != nil {
		return err
	}
	if out == "" {
		return nil
	}
	if err := reports.WriteComparisonReport(out, m.Comparisons, nil); err != nil {
		return err
	}
	reportWritten(stderr, "merge", out)
	return nil
}
