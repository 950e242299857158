package experiment

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/reports"
	"github.com/ecssim/ecssim/scenarios"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// runOutputs runs a scenario as ecssim run -format json -trace does, at its own seed or at
// seed when not nil, and returns the JSON summary and the trace.
func runOutputs(t *testing.T, name string, seed *uint64) (string, string) {
	t.Helper()
	sc, err := scenarios.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	r, err := scenarios.Build(sc, scenarios.Options{Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	var trace, sum bytes.Buffer
	tw := reports.NewTraceWriter(&trace)
	res, err := Run(context.Background(), r, Options{Before: func(*reports.Collector) error {
		r.Sim.AddObserver(tw)
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	if err := tw.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := res.Summary.WriteJSON(&sum); err != nil {
		t.Fatal(err)
	}
	return sum.String(), trace.String()
}

// TestDeterminism runs every example twice: the same seed gives byte-identical summaries and
// traces; another seed changes them wherever the scenario draws random numbers.
func TestDeterminism(t *testing.T) {
	seed := uint64(99)
	for _, ex := range scenarios.Examples() {
		t.Run(ex.Name, func(t *testing.T) {
			s1, t1 := runOutputs(t, "example:"+ex.Name, nil)
			s2, t2 := runOutputs(t, "example:"+ex.Name, nil)
			if s1 != s2 || t1 != t2 {
				t.Fatal("the same seed gave different outputs")
			}
			s3, t3 := runOutputs(t, "example:"+ex.Name, &seed)
			if s3 == s1 || t3 == t1 {
				t.Error("seed 99 gave the same summary or trace as seed 1")
			}
		})
	}
}

// TestGolden compares each example's JSON summary (and the trace of the small ones) with the
// files in testdata; run with -update to rewrite them after a deliberate change.
func TestGolden(t *testing.T) {
	smallTraces := map[string]bool{"port-bound": true, "binpack-vs-spread": true, "fleet-split": true, "deployment-deadlock": true, "circuit-breaker": true}
	for _, ex := range scenarios.Examples() {
		t.Run(ex.Name, func(t *testing.T) {
			sum, trace := runOutputs(t, "example:"+ex.Name, nil)
			golden(t, ex.Name+".summary.golden", sum)
			if smallTraces[ex.Name] {
				golden(t, ex.Name+".trace.golden", trace)
			}
			var v map[string]any
			if err := json.Unmarshal([]byte(sum), &v); err != nil {
				t.Errorf("summary is not JSON: %v", err)
			}
		})
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s", name, diff)
	}
}
