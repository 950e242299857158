package scenarios

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/sim"
)

func TestExamplesLoad(t *testing.T) {
	exs := Examples()
	if len(exs) < 4 {
		t.Fatalf("%d examples, want at least 4", len(exs))
	}
	found := false
	for _, ex := range exs {
		sc, err := LoadExample(ex.Name)
		if err != nil {
			t.Errorf("example %s: %v", ex.Name, err)
			continue
		}
		if sc.Description == "" || sc.Name != ex.Name {
			t.Errorf("example %s: name %q, description %q", ex.Name, sc.Name, sc.Description)
		}
		found = found || ex.Name == DefaultExample
	}
	if !found {
		t.Errorf("default example %q is missing", DefaultExample)
	}
}

// faultLog counts what the fault examples' headers state: tasks stopped by faults, by service,
// and instances lost.
type faultLog struct {
	stopped map[string]int
	lost    int
}

func (f *faultLog) Observe(_ sim.Time, e models.Event) {
	switch {
	case e.Kind == models.TaskStopping && e.Fault && e.Task.Service != nil:
		f.stopped[e.Task.Service.Name]++
	case e.Kind == models.InstanceTerminated && e.Fault:
		f.lost++
	}
}

// tasksBy counts each service's tasks by zone and by instance.
func tasksBy(run *Run) map[string]map[string]int {
	out := map[string]map[string]int{}
	for _, svc := range run.Sim.Services {
		out[svc.Name] = map[string]int{}
		for _, task := range svc.Tasks() {
			out[svc.Name][task.Instance.Zone]++
			out[svc.Name][task.Instance.ID]++
		}
	}
	return out
}

// TestFaultExamples checks the numbers the headers of the zone-outage, spot-storm and
// mtbf-month examples state, over a few seeds: where the tasks are before the fault, how
// many the fault stops, and where they are at the end.
func TestFaultExamples(t *testing.T) {
	tests := []struct {
		example string
		before  time.Duration // when to look at the placements, before the fault
		placed  map[string]map[string]int
		stopped map[string]int
		after   map[string]map[string]int // at the end
	}{
		{
			example: "zone-outage",
			before:  59 * time.Minute,
			placed: map[string]map[string]int{
				"packed": {"us-east-1a": 8, "us-east-1b": 4, "i-0001": 8, "i-0002": 4},
				"spread": {"us-east-1a": 4, "us-east-1b": 4, "us-east-1c": 4,
					"i-0002": 2, "i-0003": 2, "i-0004": 2, "i-0005": 1, "i-0006": 1, "i-0007": 2, "i-0008": 1, "i-0009": 1},
			},
			stopped: map[string]int{"packed": 8, "spread": 4},
			after: map[string]map[string]int{
				"packed": {"us-east-1b": 6, "us-east-1c": 6, "i-0002": 6, "i-0003": 6},
				// rebalanced: 4 in us-east-1a again, on the instances that came back
				"spread": {"us-east-1a": 4, "us-east-1b": 4, "us-east-1c": 4,
					"i-0002": 1, "i-0003": 1, "i-0005": 1, "i-0006": 1, "i-0008": 2, "i-0009": 2, "i-0010": 2, "i-0011": 1, "i-0012": 1},
			},
		},
		{
			example: "spot-storm",
			before:  59 * time.Minute,
			placed: map[string]map[string]int{
				"drained": {"us-east-1a": 4, "us-east-1b": 4, "us-east-1c": 4,
					"i-0001": 2, "i-0002": 2, "i-0003": 2, "i-0004": 1, "i-0005": 1, "i-0006": 2, "i-0007": 1, "i-0008": 1},
				"raw": {"us-east-1a": 4, "us-east-1b": 4, "us-east-1c": 4,
					"i-0009": 2, "i-0010": 2, "i-0011": 2, "i-0012": 1, "i-0013": 1, "i-0014": 2, "i-0015": 1, "i-0016": 1},
			},
			stopped: map[string]int{"raw": 7}, // drained's were replaced before their instances ended
		},
	}
	for _, tc := range tests {
		for _, seed := range []uint64{1, 2, 99} {
			t.Run(fmt.Sprintf("%s/seed-%d", tc.example, seed), func(t *testing.T) {
				sc, err := LoadExample(tc.example)
				if err != nil {
					t.Fatal(err)
				}
				run, err := Build(sc, Options{Seed: &seed})
				if err != nil {
					t.Fatal(err)
				}
				log := &faultLog{stopped: map[string]int{}}
				run.Sim.AddObserver(log)
				end := run.Sim.Horizon
				run.Sim.Horizon = sim.Time(tc.before)
				run.Sim.Run()
				if diff := cmp.Diff(tc.placed, tasksBy(run)); diff != "" {
					t.Errorf("tasks by zone and instance before the fault (-want +got):\n%s", diff)
				}
				run, _ = Build(sc, Options{Seed: &seed})
				run.Sim.AddObserver(log)
				run.Sim.Run()
				if run.Sim.Horizon != end {
					t.Fatalf("horizon %v, want %v", run.Sim.Horizon, end)
				}
				if diff := cmp.Diff(tc.stopped, log.stopped); diff != "" {
					t.Errorf("tasks stopped by faults (-want +got):\n%s", diff)
				}
				if tc.after != nil {
					if diff := cmp.Diff(tc.after, tasksBy(run)); diff != "" {
						t.Errorf("tasks by zone and instance at the end (-want +got):\n%s", diff)
					}
				}
			})
		}
	}
	// mtbf-month: about 20 instances lost in 30 days (Poisson, 11 to 29 in 97% of seeds), each
	// replaced, and about one service task lost with each.
	for _, seed := range []uint64{1, 2, 3} {
		sc, err := LoadExample("mtbf-month")
		if err != nil {
			t.Fatal(err)
		}
		run, err := Build(sc, Options{Seed: &seed})
		if err != nil {
			t.Fatal(err)
		}
		log := &faultLog{stopped: map[string]int{}}
		run.Sim.AddObserver(log)
		run.Sim.Run()
		if log.lost < 11 || log.lost > 29 {
			t.Errorf("mtbf-month seed %d: %d instances lost, want about 20", seed, log.lost)
		}
		if web := log.stopped["web"]; web < log.lost*2/3 || web > log.lost*3/2 {
			t.Errorf("mtbf-month seed %d: %d web tasks stopped by %d failures, want about one each", seed, web, log.lost)
		}
		if n := len(run.Sim.Services[0].Tasks()); n != 20 {
			t.Errorf("mtbf-month seed %d: web has %d tasks at the end, want 20", seed, n)
		}
	}
}
