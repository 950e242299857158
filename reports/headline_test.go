package reports

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// headlineCase is two strategies, x and y, on two seeds of a scenario with two services:
//   - y runs on no EC2 instance (instance_hours 0), so its CPU reserved does not apply;
//   - the worst service's availability: x min(1, 0.95) and min(0.9, 1), mean 0.925; y
//     min(0.8, 1) and min(1, 1), mean 0.9;
//   - the longest recovery: x 60 s and 0 s, mean 30 s; y had no fault episode: n/a;
//   - no task is ever short: tasks never placed is 0 for both, and left out;
//   - zone and instance survival: x 0.5, y 0.75 on both seeds, a difference of +25 pp whose
//     interval (half-width 0) excludes 0.
func headlineCase(t *testing.T) *Comparison {
	t.Helper()
	rows := []struct {
		name string
		x, y []float64
	}{
		{"tasks.never_placed", []float64{0, 0}, []float64{0, 0}},
		{"utilization.cpu_reserved_mean", []float64{0.5, 0.7}, []float64{0, 0}},
		{"capacity.instance_hours", []float64{10, 10}, []float64{0, 0}},
		{"cost_usd.per_month", []float64{1234.6, 1234.6}, []float64{200, 200}},
		{"services.api.availability", []float64{1, 0.9}, []float64{0.8, 1}},
		{"services.api.recovery_seconds_max", []float64{60, 0}, []float64{0, 0}},
		{"services.api.fault_episodes", []float64{1, 0}, []float64{0, 0}},
		{"services.web.availability", []float64{0.95, 1}, []float64{1, 1}},
		{"services.web.recovery_seconds_max", []float64{0, 0}, []float64{0, 0}},
		{"services.web.fault_episodes", []float64{0, 0}, []float64{0, 0}},
		{"resiliency.instance_loss_survival_mean", []float64{0.5, 0.5}, []float64{0.75, 0.75}},
		{"resiliency.zone_loss_survival_mean", []float64{0.5, 0.5}, []float64{0.75, 0.75}},
	}
	var names []string
	var values [][][]float64
	for _, r := range rows {
		names = append(names, r.name)
		values = append(values, [][]float64{r.x, r.y})
	}
	c, err := NewComparison("demo", []string{"x", "y"}, []uint64{1, 2}, names, values)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestHeadline(t *testing.T) {
	sel, err := SelectMetrics([]*Comparison{headlineCase(t)}, MetricsHeadline)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		Name  string
		Means []float64
		NA    []bool
	}
	var got []row
	for _, mc := range sel[0].Metrics {
		got = append(got, row{mc.Name, []float64{mc.Strategies[0].Mean, mc.Strategies[1].Mean}, mc.NA})
	}
	want := []row{
		{headCPU, []float64{0.6, 0}, []bool{false, true}},
		{headCostPerMonth, []float64{1234.6, 200}, []bool{false, false}},
		{headAvailability, []float64{0.925, 0.9}, []bool{false, false}},
		{headInstanceLoss, []float64{0.5, 0.75}, []bool{false, false}},
		{headZoneLoss, []float64{0.5, 0.75}, []bool{false, false}},
		{headRecovery, []float64{30, 0}, []bool{false, true}},
	}
	if diff := cmp.Diff(want, got, exact); diff != "" {
		t.Errorf("headline (-want +got):\n%s", diff)
	}
}

func TestHeadlineTable(t *testing.T) {
	var b bytes.Buffer
	if err := WriteComparisons(&b, []*Comparison{headlineCase(t)}, "text", ""); err != nil {
		t.Fatal(err)
	}
	// Shares in percent to a tenth, differences in percentage points; dollars in thousands to
	// the dollar; seconds; n/a where a strategy has no EC2 instance or no fault episode.
	want := []string{
		"metric x y y − x",
		"CPU reserved 60.0% ± 127.1 n/a n/a",
		"cost per month $1,235 ± 0 $200 ± 0 -$1,035 ± 0 *",
		"availability, worst service 92.5% ± 31.8 90.0% ± 127.1 -2.5 pp ± 158.8",
		"survives worst instance loss 50.0% ± 0.0 75.0% ± 0.0 +25.0 pp ± 0.0 *",
		"survives worst zone loss 50.0% ± 0.0 75.0% ± 0.0 +25.0 pp ± 0.0 *",
		"recovery, longest 30.0 s ± 381.2 n/a n/a",
		naNote,
		headlineNote,
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(b.String()), "\n")[1:] {
		lines = append(lines, strings.Join(strings.Fields(l), " "))
	}
	if diff := cmp.Diff(want, lines); diff != "" {
		t.Errorf("headline table (-want +got):\n%s\n%s", diff, b.String())
	}
}

func TestSelectMetrics(t *testing.T) {
	c := headlineCase(t)
	tests := []struct {
		spec    string
		want    []string
		wantErr string
	}{
		{"services.*.availability", []string{"services.api.availability", "services.web.availability"}, ""},
		{"survives worst zone loss, tasks.never_placed", []string{headZoneLoss, "tasks.never_placed"}, ""},
		{"cpu reserved", []string{headCPU}, ""}, // a headline row in any case
		{"headline,capacity.*", []string{headCPU, headCostPerMonth, headNeverPlaced, headAvailability, headInstanceLoss, headZoneLoss, headRecovery, "capacity.instance_hours"}, ""},
		{"utilisation.*", nil, `no metric "utilisation.*"`},
		{"[", nil, `"[" is not a metric name or pattern`},
	}
	for _, tc := range tests {
		t.Run(tc.spec, func(t *testing.T) {
			sel, err := SelectMetrics([]*Comparison{c}, tc.spec)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one saying %s", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, mc := range sel[0].Metrics {
				got = append(got, mc.Name)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestUnitOf(t *testing.T) {
	tests := map[string]Unit{
		"utilization.cpu_reserved_mean": UnitShare, "services.web.availability": UnitShare,
		"services.web.resiliency.zone_loss_survival.worst": UnitShare, "resiliency.zone_loss_survival_mean": UnitShare,
		"cost_usd.per_service.web": UnitUSD, "tasks.pending_seconds.p99": UnitSeconds,
		"services.web.recovery_seconds_max": UnitSeconds, "faults.zone_outage_seconds.us-east-1a": UnitSeconds,
		"services.web.unserved_task_seconds": UnitNumber, "tasks.never_placed": UnitNumber,
		"services.web.tasks_short_mean": UnitNumber, "capacity.instance_hours": UnitNumber,
	}
	for name, want := range tests {
		if got := unitOf(name); got != want {
			t.Errorf("unitOf(%s) = %d, want %d", name, got, want)
		}
	}
}
