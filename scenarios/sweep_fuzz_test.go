package scenarios

import (
	"errors"
	"os"
	"strings"
	"testing"
)

// checkProblems fails unless err is a non-empty list of positioned problems.
func checkProblems(t *testing.T, what string, err error) {
	t.Helper()
	var ps Problems
	if !errors.As(err, &ps) || len(ps) == 0 {
		t.Fatalf("%s error is %T, want Problems: %v", what, err, err)
	}
	for _, p := range ps {
		if p.Pos.Line < 1 || p.Pos.Col < 1 || strings.TrimSpace(p.Msg) == "" {
			t.Errorf("problem without a position or message: %#v", p)
		}
	}
}

// FuzzSweep checks that a sweep file never makes the loader panic, that every rejection is a
// list of positioned problems, and that an accepted grid has points × strategies × seeds
// runs and builds the scenario at its points.
func FuzzSweep(f *testing.F) {
	if src, err := os.ReadFile("examples/sweeps/fleet-size.toml"); err == nil {
		f.Add(src)
	}
	f.Add([]byte("[" + strings.TrimSuffix(strings.Repeat("grid.", 70), ".") + "]\n"))
	f.Add([]byte("scenario = \"example:binpack-vs-spread\"\nstrategies = [\"random\", \"binpack-cpu\"]\nseeds = 2\n" +
		"[[parameters]]\nkey = \"services.spread.placement_strategy\"\nvalues = [[{ type = \"random\" }], []]\n"))
	f.Add([]byte("scenario = \"example:port-bound\"\nstrategies = [\"spread-az\"]\nseeds = 3\nfirst_seed = 9\n" +
		"[[parameters]]\nkey = \"instance_groups.0.count\"\nvalues = [1, 2.5, \"x\", true]\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		sw, err := parseSweep(src, "fuzz.toml")
		if err != nil {
			checkProblems(t, "parseSweep", err)
			return
		}
		if sw.Len() != sw.Points()*len(sw.Strategies)*sw.Seeds || sw.Len() == 0 {
			t.Fatalf("%d runs for %d points, %d strategies, %d seeds", sw.Len(), sw.Points(), len(sw.Strategies), sw.Seeds)
		}
		if _, err := Build(sw.ScenarioAt(0), Options{Strategy: sw.Strategies[0].Chain}); err != nil {
			t.Fatalf("the sweep's first point does not build: %v", err)
		}
	})
}

// FuzzStrategyFile checks that a strategy file never makes the loader panic, and that every
// rejection is a list of positioned problems.
func FuzzStrategyFile(f *testing.F) {
	f.Add([]byte(`placement_strategy = [{ type = "spread", field = "attribute:ecs.availability-zone" }, { type = "binpack", field = "memory" }]`))
	f.Add([]byte("name = \"x\"\n[[placement_strategy]]\ntype = \"random\"\n"))
	f.Add([]byte(`placement_strategy = "binpack"`))
	f.Add([]byte("placement_strategy = " + strings.Repeat("[", 65) + strings.Repeat("]", 65)))
	f.Fuzz(func(t *testing.T, src []byte) {
		ns, err := ParseStrategyFile(src, "fuzz.toml")
		if err != nil {
			checkProblems(t, "ParseStrategyFile", err)
			return
		}
		if ns.Name == "" || len(ns.Chain) == 0 {
			t.Fatalf("accepted a strategy with no name or no items: %+v", ns)
		}
	})
}
