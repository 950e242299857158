package experiment

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/ecssim/ecssim/scenarios"
)

// gridRun is one run of a sweep's grid: a point, a strategy and a replicate.
type gridRun struct {
	Index     int // k, the run's number in the grid
	Point     int
	Strategy  int
	Replicate int
	Seed      uint64
}

// runAt returns run k of sw's grid. The runs are numbered k = 0, 1, ...: points in odometer
// order (scenarios.Sweep.Settings), then seeds, then strategies, so that the runs finished
// first cover every strategy on the first seeds. A run's seed is first_seed plus its
// replicate number, so every strategy and point meets the same arrivals, durations and
// faults for a replicate (common random numbers), and a run's result depends on its key
// alone, never on which shard or worker ran it.
func runAt(sw *scenarios.Sweep, k int) gridRun {
	j := gridRun{Index: k, Strategy: k % len(sw.Strategies)}
	k /= len(sw.Strategies)
	j.Replicate = k % sw.Seeds
	j.Point = k / sw.Seeds
	j.Seed = sw.FirstSeed + uint64(j.Replicate)
	return j
}

// key names a run for people and files: its point's settings, its strategy and its seed.
func key(sw *scenarios.Sweep, j gridRun) string {
	var b strings.Builder
	for _, s := range sw.Settings(j.Point) {
		fmt.Fprintf(&b, "%s=%s/", s.Key, s.Value)
	}
	fmt.Fprintf(&b, "strategy=%s/seed=%d", sw.Strategies[j.Strategy].Name, j.Seed)
	return b.String()
}

// fileName is the name of the file that holds run j's result: a digest of what decides it
// (the point's scenario text, the strategy's name and chain, the seed, and the build of
// ecssim), so that a run keeps its file when the grid around it changes (more seeds, another
// strategy, another value), and no two different runs share one.
func fileName(sw *scenarios.Sweep, j gridRun) string {
	s := sw.Strategies[j.Strategy]
	h := sha256.Sum256(fmt.Appendf(nil, "%s\x00%q %v\x00%d\x00%s", sw.PointID(j.Point), s.Name, s.Chain, j.Seed, version()))
	return "run-" + hex.EncodeToString(h[:])[:16] + ".json"
}

// version identifies the build of ecssim: its module version and, when it was built from a
// version control checkout, the revision (and "+dirty" for uncommitted changes). It is read
// once: every run's key and header carries it.
var version = sync.OnceValue(readVersion)

func readVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := info.Main.Version
	var rev, dirty string
	for _, st := range info.Settings {
		switch st.Key {
		case "vcs.revision":
			rev = st.Value
		case "vcs.modified":
			if st.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	if rev != "" {
		v += " " + rev + dirty
	}
	return v
}
