package experiment

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/ecssim/ecssim/scenarios"
)

// estimateHead is a fleet of 10 and 30 instances and a task definition; each case adds its
// services and workloads.
const estimateHead = `
name = "est"
duration = "1h"
[[instance_groups]]
name = "a"
type = "m5.xlarge"
count = 10
[[instance_groups]]
name = "b"
type = "m5.large"
count = 30
[[task_definitions]]
family = "job"
cpu = 256
memory = 512
containers = [{ name = "job" }]
`

func loadEstimate(t *testing.T, src string) Estimate {
	t.Helper()
	sc, err := scenarios.Load([]byte(estimateHead+src), "est.toml")
	if err != nil {
		t.Fatal(err)
	}
	return EstimateRun(sc)
}

// TestEstimateRun checks each contribution against its hand computation: 1,500 B an
// instance, 400 B a task in flight, 3 events a task.
func TestEstimateRun(t *testing.T) {
	const fleet = 40 * instanceBytes
	tests := []struct {
		name                  string
		src                   string
		inFlight, bytes, evts float64
	}{
		{"fleet only", ``, 0, fleet, 0},
		{"service at maximum_percent 200", `
[[services]]
name = "web"
task_definition = "job"
desired_count = 4
`, 8, fleet + 8*taskBytes, 4 * 3},
		{"service scaled then deployed", `
[[services]]
name = "web"
task_definition = "job"
desired_count = 4
deployment_configuration = { maximum_percent = 150 }
[[events]]
at = "10m"
action = "scale"
service = "web"
desired_count = 10
[[events]]
at = "20m"
action = "deploy"
service = "web"
task_definition = "job"
`, 15, fleet + 15*taskBytes, 10 * 2 * 3},
		{"poisson: rate × mean duration", `
[[workloads]]
task_definition = "job"
arrival = { process = "poisson", rate = "2/s" }
duration = { distribution = "constant", value = "10s" }
`, 20, fleet + 20*taskBytes, 2 * 3600 * 3},
		{"periodic jobs of 3 over half the run", `
[[workloads]]
task_definition = "job"
arrival = { process = "periodic", every = "1m", count = 3, stop = "30m" }
duration = { distribution = "constant", value = "5m" }
`, 15, fleet + 15*taskBytes, 31 * 3 * 3},
		{"fixed", `
[[workloads]]
task_definition = "job"
arrival = { process = "fixed", count = 7 }
duration = { distribution = "exponential", mean = "5m" }
`, 7, fleet + 7*taskBytes, 7 * 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := loadEstimate(t, tt.src)
			if want := baseBytes + tt.bytes; math.Abs(e.Bytes-want) > 1e-6 {
				t.Errorf("bytes = %v, want %v (%+v)", e.Bytes, want, e.Parts)
			}
			if math.Abs(e.Events-tt.evts) > 1e-6 {
				t.Errorf("events = %v, want %v (%+v)", e.Events, tt.evts, e.Parts)
			}
			var tasks float64
			for _, p := range e.Parts {
				if strings.Contains(p.What, "tasks") {
					tasks += p.Count
				}
			}
			if math.Abs(tasks-tt.inFlight) > 1e-6 {
				t.Errorf("tasks in flight = %v, want %v (%+v)", tasks, tt.inFlight, e.Parts)
			}
		})
	}
}

// TestRefuseHugeFleet: five groups of a million instances are refused from the scenario
// alone, at once, with the estimate and its biggest contributor.
func TestRefuseHugeFleet(t *testing.T) {
	var b strings.Builder
	b.WriteString("name = \"big\"\nduration = \"1h\"\n")
	for _, g := range []string{"a", "b", "c", "d", "e"} {
		b.WriteString("[[instance_groups]]\nname = \"" + g + "\"\ntype = \"m5.xlarge\"\ncount = 1000000\n")
	}
	start := time.Now()
	sc, err := scenarios.Load([]byte(b.String()), "big.toml")
	if err != nil {
		t.Fatal(err)
	}
	err = EstimateRun(sc).CheckRun(Limits{MaxBytes: 4 << 30, MaxEvents: DefaultMaxEvents})
	want := "big.toml: a run would need about 7.5 GB (5,000,000 instances: about 7.5 GB), more than -max-memory 4.3 GB"
	if err == nil || err.Error() != want {
		t.Fatalf("got %v, want %s", err, want)
	}
	if _, ok := err.(InputError); !ok {
		t.Errorf("%T is not bad input", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v to refuse", d)
	}
}

// TestRefuseArrivalFlood: a billion arrivals a second for 99,999 days is refused with the
// events it would fire and how long they would take.
func TestRefuseArrivalFlood(t *testing.T) {
	sc, err := scenarios.Load([]byte(strings.Replace(estimateHead, `duration = "1h"`, `duration = "99999d"`, 1)+`
[[workloads]]
name = "flood"
task_definition = "job"
arrival = { process = "poisson", rate = "1e9/s" }
duration = { distribution = "constant", value = "1ms" }
`), "flood.toml")
	if err != nil {
		t.Fatal(err)
	}
	err = EstimateRun(sc).CheckRun(Limits{MaxEvents: DefaultMaxEvents})
	want := "flood.toml: a run would fire about 2.59e+19 events (workload flood: about 2.59e+19 events), about 547,940 years at ~1,500,000 events/s: more than -max-events 2,000,000,000"
	if err == nil || err.Error() != want {
		t.Fatalf("got %v, want %s", err, want)
	}
}

// TestGridEstimate: compare's 100,000,000 seeds are refused by their count, then by the
// results they would keep, without a grid being made.
func TestGridEstimate(t *testing.T) {
	sc, err := scenarios.Load([]byte(estimateHead), "est.toml")
	if err != nil {
		t.Fatal(err)
	}
	strategies := []scenarios.NamedStrategy{{Name: "a"}, {Name: "b"}}
	g := EstimateGrid(scenarios.NewSweep(sc, strategies, 100_000_000, 1), 4)
	if g.Runs != 2e8 {
		t.Fatalf("runs = %v, want 2e8", g.Runs)
	}
	err = g.Check(Limits{MaxRuns: DefaultMaxRuns})
	if err == nil || !strings.HasPrefix(err.Error(), "est.toml: 200,000,000 runs would take about ") ||
		!strings.HasSuffix(err.Error(), "on 4 workers (about 1ms a run): more than -max-runs 1,000,000") {
		t.Errorf("got %v", err)
	}
	err = g.Check(Limits{MaxBytes: 64 << 30})
	if err == nil || !strings.Contains(err.Error(), "200,000,000 results kept: about 500 GB") {
		t.Errorf("got %v", err)
	}
	huge := EstimateGrid(scenarios.NewSweep(sc, strategies, math.MaxInt, 1), 4)
	if err := huge.Check(Limits{}); err == nil || !strings.Contains(err.Error(), "more than a grid can number") {
		t.Errorf("no limits, %v runs: got %v", huge.Runs, err)
	}
	if want := baseBytes + 4*40*instanceBytes + 2e8*resultBytes; math.Abs(g.Bytes-want) > 1 {
		t.Errorf("bytes = %v, want %v", g.Bytes, want)
	}
}

func TestFormatCount(t *testing.T) {
	for n, want := range map[float64]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", 2.5e19: "2.5e+19"} {
		if got := formatCount(n); got != want {
			t.Errorf("formatCount(%v) = %q, want %q", n, got, want)
		}
	}
}
