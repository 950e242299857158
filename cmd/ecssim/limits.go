package main

import (
	"flag"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/ecssim/ecssim/experiment"
)

// limitFlags are -max-memory, -max-events and, for compare and sweep, -max-runs: the
// limits a run or a grid is checked against before it starts (experiment.Estimate).
type limitFlags struct {
	experiment.Limits
}

// register defines the limits on fs at their defaults; grid adds -max-runs.
func (l *limitFlags) register(fs *flag.FlagSet, grid bool) {
	l.MaxBytes, l.MaxEvents = experiment.DefaultMaxMemory(), experiment.DefaultMaxEvents
	fs.Func("max-memory", "", func(s string) (err error) {
		l.MaxBytes, err = parseBytes(s)
		return err
	})
	fs.Func("max-events", "", countFlag(&l.MaxEvents))
	if grid {
		l.MaxRuns = experiment.DefaultMaxRuns
		fs.Func("max-runs", "", countFlag(&l.MaxRuns))
	}
}

// countFlag reads a count of 0 (no limit) or more, written whole or as 2e9.
func countFlag(n *float64) func(string) error {
	return func(s string) error {
		v, err := strconv.ParseFloat(strings.ReplaceAll(s, "_", ""), 64)
		if err != nil || !(v >= 0) || math.IsInf(v, 0) {
			return fmt.Errorf("want a count, 0 for no limit, such as 2000000000 or 2e9")
		}
		*n = v
		return nil
	}
}

// byteUnits are the units -max-memory takes: decimal and binary, as sizes are written.
var byteUnits = map[string]float64{
	"": 1, "b": 1, "kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12,
	"k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40,
	"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40,
}

// parseBytes reads a size such as 8GiB, 12GB, 512MiB or a count of bytes; 0 is no limit.
func parseBytes(s string) (float64, error) {
	s = strings.TrimSpace(s)
	i := strings.IndexFunc(s, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	if i < 0 {
		i = len(s)
	}
	v, err := strconv.ParseFloat(s[:i], 64)
	unit, ok := byteUnits[strings.ToLower(strings.TrimSpace(s[i:]))]
	if err != nil || !ok || v < 0 {
		return 0, fmt.Errorf("want a size such as 8GiB, 12GB or 512MiB, 0 for no limit")
	}
	return v * unit, nil
}
