package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestPlanCommand(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout []string
		stderr []string
	}{
		{"the scenario's own type and strategy", []string{"plan", "-seeds", "3", "example:web-and-batch"}, 0,
			[]string{"targets, on 100.0% of 3 seeds: at most 0 never placed; every service's availability at least 0.999",
				"type        strategy  count  bound  by", "FFD  gap  $/month", "m6i.xlarge  scenario", "cpu, at the workloads' peak"}, nil},
		{"two types of a family, ranked by cost", []string{"plan", "-seeds", "2", "-types", "family:c6i", "-max", "40", "-pending-p99", "5m", "example:web-and-batch"}, 0,
			[]string{"c6i.large", "c6i.xlarge", "p99 time to RUNNING at most 5m0s"}, nil},
		{"surviving a zone's loss", []string{"plan", "-seeds", "2", "-zone-loss", "-zone-loss-for", "30m", "example:web-and-batch"}, 0,
			[]string{"each zone lost for 30m0s half way, every service whole again within 10m0s"}, nil},
		{"a zone loss after the run", []string{"plan", "-zone-loss", "-zone-loss-at", "7h", "example:web-and-batch"}, 2, nil, []string{"-zone-loss-at 7h0m0s: want a time within the run's 6h0m0s"}},
		{"no scenario", []string{"plan"}, 2, nil, []string{"plan: name one scenario, got 0"}},
		{"no seeds", []string{"plan", "-seeds", "0", "example:web-and-batch"}, 2, nil, []string{"-seeds 0: want 1 to 1000"}},
		{"a quantile of nothing", []string{"plan", "-quantile", "0", "example:web-and-batch"}, 2, nil, []string{"-quantile 0: want a share"}},
		{"a fractional count", []string{"plan", "-never-placed", "2.5", "example:web-and-batch"}, 2, nil, []string{"-never-placed 2.5: want a count"}},
		{"availability above 1", []string{"plan", "-availability", "99.9", "example:web-and-batch"}, 2, nil, []string{"-availability 99.9: want a share from 0 to 1"}},
		{"an unknown type", []string{"plan", "-types", "m6i.huge", "example:web-and-batch"}, 2, nil, []string{`no instance type "m6i.huge"`}},
		{"an unknown family", []string{"plan", "-types", "family:zz9", "example:web-and-batch"}, 2, nil, []string{`no family "zz9"`}},
		{"an unknown group", []string{"plan", "-group", "nope", "example:web-and-batch"}, 2, nil, []string{`-group "nope": the scenario has no instance group`}},
		{"an unknown strategy", []string{"plan", "-strategies", "bogus", "example:web-and-batch"}, 2, nil, []string{`unknown placement strategy type "bogus"`}},
		{"a spot share above 1", []string{"plan", "-spot-share", "2", "example:web-and-batch"}, 2, nil, []string{"-spot-share 2: want a share from 0 to 1"}},
		{"bad format", []string{"plan", "-format", "csv", "example:web-and-batch"}, 2, nil, []string{"-format: want text or json"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkCommand(t, tc.args, tc.code, tc.stdout, tc.stderr)
		})
	}
}

// TestPlanJSON holds plan -format json to SPEC §2's keys, and ranks the plans by cost.
func TestPlanJSON(t *testing.T) {
	code, out, errs := ecssim(t, "plan", "-seeds", "2", "-format", "json", "-types", "m6i.xlarge,m6i.2xlarge",
		"-strategies", "binpack-memory,random", "example:web-and-batch")
	if code != 0 {
		t.Fatalf("exit status %d: %s", code, errs)
	}
	var got struct {
		Scenario string
		Targets  map[string]any
		Plans    []map[string]any
		Fargate  []map[string]any
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.Scenario != "web-and-batch" || len(got.Plans) != 4 {
		t.Fatalf("scenario %q, %d plans: want web-and-batch, 4", got.Scenario, len(got.Plans))
	}
	for _, key := range []string{"instance_type", "strategy", "count", "lower_bound", "cost_usd_per_month",
		"cpu_reserved_mean", "memory_reserved_mean", "binding_target"} {
		if _, ok := got.Plans[0][key]; !ok {
			t.Errorf("plan lacks %q: %v", key, got.Plans[0])
		}
	}
	var costs []float64
	for _, p := range got.Plans {
		costs = append(costs, p["cost_usd_per_month"].(float64))
	}
	if len(got.Fargate) != 2 || got.Fargate[0]["capacity"] != "FARGATE" || got.Fargate[1]["capacity"] != "FARGATE+FARGATE_SPOT" {
		t.Errorf("fargate: want FARGATE and FARGATE+FARGATE_SPOT, got %v", got.Fargate)
	}
	if !slices.IsSorted(costs) {
		t.Errorf("plans not ranked by cost: %v", costs)
	}
	if diff := cmp.Diff(map[string]any{"never_placed": 0.0, "availability": 0.999, "pending_p99_seconds": nil, "quantile": 1.0, "seeds": 2.0, "zone_loss": nil}, got.Targets); diff != "" {
		t.Errorf("targets (-want +got):\n%s", diff)
	}
}

// TestPlanOut writes plan's report: the figure, plan.json and report.html.
func TestPlanOut(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := ecssim(t, "plan", "-seeds", "2", "-strategies", "binpack-cpu,spread-instance", "-out", dir, "example:compaction")
	if code != 0 {
		t.Fatalf("exit status %d: %s", code, errs)
	}
	if !strings.Contains(errs, "plan: wrote "+filepath.Join(dir, "report.html")) || !strings.Contains(out, "binpack-cpu") {
		t.Errorf("stdout %q, stderr %q", out, errs)
	}
	for _, name := range []string{"plan.png", "plan.svg", "plan.json", "report.html"} {
		if fi, err := os.Stat(filepath.Join(dir, name)); err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v", name, err)
		}
	}
	html, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"ecssim plan: compaction", "Plans, ranked by monthly cost", "<svg", "lower bound, m6i.xlarge: 6"} {
		if !strings.Contains(string(html), s) {
			t.Errorf("report.html lacks %q", s)
		}
	}
}

// TestPlanAnswerByRun checks plan's answer as a user would, with run: at the count plan gives,
// every seed meets the targets; at the count below, some seed misses one.
func TestPlanAnswerByRun(t *testing.T) {
	code, out, errs := ecssim(t, "plan", "-seeds", "4", "-format", "json", "example:web-and-batch")
	if code != 0 {
		t.Fatalf("plan: exit status %d: %s", code, errs)
	}
	var got struct{ Plans []struct{ Count int } }
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	n := got.Plans[0].Count
	meets := func(count, seed int) bool {
		code, out, errs := ecssim(t, "run", "-set", "instance_groups.general.count="+strconv.Itoa(count), "-seed", strconv.Itoa(seed), "-format", "json", "example:web-and-batch")
		if code != 0 {
			t.Fatalf("run: exit status %d: %s", code, errs)
		}
		var s struct {
			Tasks struct {
				NeverPlaced int `json:"never_placed"`
			}
			Services map[string]struct{ Availability float64 }
		}
		if err := json.Unmarshal([]byte(out), &s); err != nil {
			t.Fatal(err)
		}
		ok := s.Tasks.NeverPlaced == 0
		for _, svc := range s.Services {
			ok = ok && svc.Availability >= 0.999
		}
		return ok
	}
	below := 0
	for seed := 1; seed <= 4; seed++ {
		if !meets(n, seed) {
			t.Errorf("%d instances miss a target on seed %d", n, seed)
		}
		if !meets(n-1, seed) {
			below++
		}
	}
	if below == 0 {
		t.Errorf("%d instances meet every target on every seed: %d is not the least", n-1, n)
	}
}
