package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/ecssim/ecssim/reports"
)

// maxListed bounds how many missing or doubled runs merge names one by one.
const maxListed = 5

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
	results, err := readStores(fs.Args())
	if err != nil {
		return err
	}
	lines, first, err := checkComplete(results)
	if err != nil {
		return err
	}
	params := make([][]reports.Parameter, first.Run.Points)
	for _, r := range results {
		params[r.Run.Point] = r.Run.Parameters
	}
	cs, err := comparisons(first.Scenario, first.Run, lines, func(p int) []reports.Parameter { return params[p] })
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "merge: %d runs of sweep %s, every one present once\n", len(results), first.Run.Sweep)
	if builds := buildsOf(results); len(builds) > 1 {
		fmt.Fprintf(stderr, "merge: warning: the runs were made by %d builds of ecssim (%s); their results may differ for that alone\n",
			len(builds), strings.Join(builds, "; "))
	}
	if err := printComparisons(stdout, "merge", cs, format, metrics); err != nil {
		return err
	}
	if out == "" {
		return nil
	}
	if err := reports.WriteComparisonReport(out, cs, nil); err != nil {
		return err
	}
	reportWritten(stderr, "merge", out)
	return nil
}

// buildsOf lists the builds of ecssim that made the results, in order of first appearance.
func buildsOf(results []result) []string {
	var out []string
	for _, r := range results {
		if !slices.Contains(out, r.Run.Ecssim) {
			out = append(out, r.Run.Ecssim)
		}
	}
	return out
}

// checkComplete checks that the results are one grid's, every run exactly once, and returns
// their lines by run number.
func checkComplete(results []result) ([][]byte, result, error) {
	if len(results) == 0 {
		return nil, result{}, usageErrorf("merge: no results found")
	}
	first := results[0]
	h := first.Run
	for _, r := range results[1:] {
		g := r.Run
		switch {
		case g.Sweep != h.Sweep:
			return nil, first, usageErrorf("merge: %s and %s belong to different sweeps (%s and %s): merge one sweep's results at a time, and move the other's away",
				first.file, r.file, h.Sweep, g.Sweep)
		case g.Of != h.Of || g.Points != h.Points || g.Seeds != h.Seeds || g.FirstSeed != h.FirstSeed || !slices.Equal(g.Strategies, h.Strategies):
			return nil, first, usageErrorf("merge: %s and %s say sweep %s is two different grids", first.file, r.file, h.Sweep)
		}
	}
	lines := make([][]byte, h.Of)
	from := make([]string, h.Of)
	var doubled []string
	build := make([]string, h.Of)
	for _, r := range results {
		k := r.Run.Index
		if lines[k] != nil {
			why := ""
			if build[k] != r.Run.Ecssim {
				why = fmt.Sprintf(", made by two builds of ecssim (%s and %s): keep one build's results", build[k], r.Run.Ecssim)
			}
			doubled = append(doubled, fmt.Sprintf("run %d (%s) in %s and %s%s", k, r.Run.Key, from[k], r.file, why))
			continue
		}
		lines[k], from[k], build[k] = r.line, r.file, r.Run.Ecssim
	}
	var missing []string
	nMissing := 0
	for k, l := range lines {
		if l == nil {
			nMissing++
			if len(missing) < maxListed {
				missing = append(missing, fmt.Sprint(k))
			}
		}
	}
	var problems []string
	if len(doubled) > 0 {
		problems = append(problems, fmt.Sprintf("%d runs are present more than once: %s", len(doubled), strings.Join(doubled[:min(len(doubled), maxListed)], "; ")))
	}
	if nMissing > 0 {
		more := ""
		if nMissing > len(missing) {
			more = ", ..."
		}
		problems = append(problems, fmt.Sprintf("%d of %d runs are missing (runs %s%s): run the shards that hold them again (shard I of N holds runs k with k mod N == I), or point merge at their directories too",
			nMissing, h.Of, strings.Join(missing, ", "), more))
	}
	if len(problems) > 0 {
		return nil, first, usageErrorf("merge: sweep %s is not complete: %s", h.Sweep, strings.Join(problems, "; "))
	}
	return lines, first, nil
}
