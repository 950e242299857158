package experiment

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ecssim/ecssim/internal/boundedread"
	"github.com/ecssim/ecssim/reports"
)

// maxListed bounds how many missing or doubled runs merge names one by one.
const maxListed = 5

// Merged is a sweep's results gathered from the directories of its shards.
type Merged struct {
	Sweep string // the grid's ID
	Runs  int    // results read, one per run of the grid
	// Builds are the builds of ecssim that made the results, in order of first appearance.
	Builds      []string
	Comparisons []*reports.Comparison
}

// Merge reads every result in dirs (each a sweep's -dir or its runs folder), checks that they
// are one grid's, every run exactly once, and compares the strategies at every point.
func Merge(dirs []string) (*Merged, error) {
	results, err := readStores(dirs)
	if err != nil {
		return nil, err
	}
	lines, first, err := checkComplete(results)
	if err != nil {
		return nil, err
	}
	params := make([][]reports.Parameter, first.Run.Points)
	for _, r := range results {
		params[r.Run.Point] = r.Run.Parameters
	}
	cs, err := comparisons(first.Scenario, first.Run, lines, func(p int) []reports.Parameter { return params[p] })
	if err != nil {
		return nil, err
	}
	return &Merged{Sweep: first.Run.Sweep, Runs: len(results), Builds: buildsOf(results), Comparisons: cs}, nil
}

// readStores reads every result in the given directories (each a sweep's -dir or its runs
// folder), in file-name order within each.
func readStores(dirs []string) ([]result, error) {
	var out []result
	seen := map[string]string{}
	for _, dir := range dirs {
		runs := filepath.Join(dir, "runs")
		if _, err := os.Stat(runs); err != nil {
			runs = dir
		}
		if abs, err := filepath.Abs(runs); err == nil {
			if first, dup := seen[abs]; dup {
				return nil, inputErrorf("merge: %s and %s are the same results", first, dir)
			}
			seen[abs] = dir
		}
		names, err := filepath.Glob(filepath.Join(runs, "*.json"))
		if err != nil {
			return nil, err
		}
		if len(names) == 0 {
			switch fi, err := os.Stat(dir); {
			case errors.Is(err, fs.ErrNotExist):
				return nil, InputError{fmt.Errorf("%s: no such directory", dir)}
			case err == nil && !fi.IsDir():
				return nil, InputError{fmt.Errorf("%s: not a directory: merge reads a sweep's -out directories", dir)}
			}
		}
		for _, name := range names {
			b, err := boundedread.ReadFile(name, resultLimit)
			if err != nil {
				return nil, InputError{err}
			}
			r, err := parseResult(b, name)
			if err != nil {
				return nil, err
			}
			out = append(out, r)
		}
	}
	return out, nil
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
		return nil, result{}, inputErrorf("merge: no results found")
	}
	first := results[0]
	h := first.Run
	for _, r := range results[1:] {
		g := r.Run
		switch {
		case g.Sweep != h.Sweep:
			return nil, first, inputErrorf("merge: %s and %s belong to different sweeps (%s and %s): merge one sweep's results at a time, and move the other's away",
				first.file, r.file, h.Sweep, g.Sweep)
		case g.Of != h.Of || g.Points != h.Points || g.Seeds != h.Seeds || g.FirstSeed != h.FirstSeed || !slices.Equal(g.Strategies, h.Strategies):
			return nil, first, inputErrorf("merge: %s and %s say sweep %s is two different grids", first.file, r.file, h.Sweep)
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
		return nil, first, inputErrorf("merge: sweep %s is not complete: %s", h.Sweep, strings.Join(problems, "; "))
	}
	return lines, first, nil
}
