package scenarios

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/stat"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/sim"
)

// erlangB is the blocking probability of an M/G/n/n loss system offered a erlangs, by the
// recurrence B(0) = 1, B(k) = a·B(k-1) / (k + a·B(k-1)).
func erlangB(n int, a float64) float64 {
	b := 1.0
	for k := 1; k <= n; k++ {
		b = a * b / (float64(k) + a*b)
	}
	return b
}

func TestErlangB(t *testing.T) {
	// Values from the recurrence, checked against published Erlang B tables.
	for _, tc := range []struct {
		n    int
		a, b float64
	}{{1, 1, 0.5}, {2, 1, 0.2}, {10, 8, 0.1217}, {4, 2, 0.0952}} {
		if got := erlangB(tc.n, tc.a); math.Abs(got-tc.b) > 5e-5 {
			t.Errorf("erlangB(%d, %g) = %.5f, want %.4f", tc.n, tc.a, got, tc.b)
		}
	}
}

// failures counts placed tasks and failed placements.
type failures struct{ placed, failed int }

func (f *failures) Observe(_ sim.Time, e models.Event) {
	switch e.Kind {
	case models.TaskPlaced:
		f.placed++
	case models.PlacementFailed:
		f.failed++
	}
}

// TestLossSystemFollowsErlangB runs standalone workloads on instances that each fit exactly
// one task. RunTask fails a task that finds no room, so the cluster is an M/G/n/n loss system,
// and the share of arrivals that fail must match Erlang's B formula within sampling error
// (the formula holds for any service-time distribution with the given mean). The error bar is
// four standard errors of the mean over independent seeds.
func TestLossSystemFollowsErlangB(t *testing.T) {
	tests := []struct {
		name     string
		slots    int
		rate     string  // arrivals
		load     float64 // offered erlangs = rate × mean duration
		duration string
	}{
		{"10 slots, 8 erlangs, exponential", 10, "8/min", 8, `{ distribution = "exponential", mean = "1m" }`},
		// Lognormal mean = median·exp(σ²/2): 87.138 s × e^0.32 = 120.0 s, so 1/min × 2 min.
		{"4 slots, 2 erlangs, lognormal", 4, "1/min", 2, `{ distribution = "lognormal", median = "87.138s", sigma = 0.8 }`},
		{"20 slots, 15 erlangs, constant", 20, "5/min", 15, `{ distribution = "constant", value = "3m" }`},
	}
	const seeds = 10
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := fmt.Sprintf(`
name = "erlang"
duration = "24h"
[[instance_groups]]
type = "c5.large"
count = %d
[[task_definitions]]
family = "call"
cpu = 2048
memory = 512
[[task_definitions.containers]]
name = "call"
[task_definitions.behavior]
container_start = { distribution = "constant", value = "0s" } # the slot is held for the duration alone
[[workloads]]
task_definition = "call"
arrival = { process = "poisson", rate = %q }
duration = %s
`, tc.slots, tc.rate, tc.duration)
			sc, err := Load([]byte(src), "erlang.toml")
			if err != nil {
				t.Fatal(err)
			}
			var shares []float64
			for seed := uint64(1); seed <= seeds; seed++ {
				run, err := Build(sc, Options{Seed: &seed})
				if err != nil {
					t.Fatal(err)
				}
				var f failures
				run.Sim.AddObserver(&f)
				run.Sim.Run()
				shares = append(shares, float64(f.failed)/float64(f.placed+f.failed))
			}
			mean, sd := stat.MeanStdDev(shares, nil)
			se := sd / math.Sqrt(seeds)
			want := erlangB(tc.slots, tc.load)
			if math.Abs(mean-want) > 4*se+0.002 {
				t.Errorf("lost %.4f ± %.4f (4 s.e.) of arrivals, Erlang B says %.4f", mean, 4*se, want)
			}
			t.Logf("lost %.4f (s.e. %.4f), Erlang B %.4f", mean, se, want)
		})
	}
}
