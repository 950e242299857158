package scenarios

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/reports"
	"github.com/ecssim/ecssim/sim"
)

// outageWatch records, for a zone outage from 1h to 1h30m, which tasks stopped then and where
// and when the replacements started during it (AZ rebalancing may move tasks back after it).
type outageWatch struct {
	stopped  map[string]int // service → tasks stopped by the fault
	placed   map[string]int // "service zone" → tasks placed during the outage
	healthy  time.Duration  // when the last task placed during the outage became healthy
	outageAt time.Duration
	endsAt   time.Duration
}

func (w *outageWatch) Observe(now sim.Time, e models.Event) {
	at := time.Duration(now)
	during := at >= w.outageAt && at < w.endsAt
	switch {
	case e.Kind == models.TaskStopping && e.Fault && e.Task.Service != nil:
		w.stopped[e.Task.Service.Name]++
	case e.Kind == models.TaskPlaced && during && e.Task.Service != nil:
		w.placed[e.Task.Service.Name+" "+e.Instance.Zone]++
	case e.Kind == models.TaskHealthy && during && at > w.outageAt:
		w.healthy = max(w.healthy, at-w.outageAt)
	}
}

// fargateOutageScenario is a Fargate service of 6 tasks (zones as given: "" for none) beside,
// when ec2 is set, three m6i.large over us-east-1a, b and c running an EC2 service of 3 tasks;
// us-east-1a fails at 1h for 30 minutes. Fargate provisions in a constant 20 s, pulls the
// 100 MiB image at 50 MiB/s (2 s) and starts the containers in 1 s: RUNNING 23 s after launch,
// healthy 40 s later (ecssim's grace with no health check): 63 s.
func fargateOutageScenario(zones string, ec2 bool) string {
	src := `name = "fargate-outage"
duration = "2h"
[fargate]
provisioning = { distribution = "constant", value = "20s" }
[[task_definitions]]
family = "web"
network_mode = "awsvpc"
requires_compatibilities = ["FARGATE", "EC2"]
cpu = 512
memory = 1024
image = { size_mib = 100 }
behavior = { container_start = { distribution = "constant", value = "1s" } }
  [[task_definitions.containers]]
  name = "web"
[[services]]
name = "web"
task_definition = "web"
launch_type = "FARGATE"
desired_count = 6
` + zones + `
[[events]]
at = "1h"
action = "az_outage"
zone = "us-east-1a"
duration = "30m"
`
	if ec2 {
		src += `[[instance_groups]]
name = "general"
type = "m6i.large"
count = 3
zones = ["us-east-1a", "us-east-1b", "us-east-1c"]
[[services]]
name = "api"
task_definition = "web"
launch_type = "EC2"
desired_count = 3
`
	}
	return src
}

// TestFargateZoneOutage: a zone outage stops the Fargate tasks of that zone, and Fargate
// replaces them in the service's other zones, never in the zone that is out (ECS spreads a
// service's Fargate tasks over its subnets' zones, DG/task-placement; ECS-REFERENCE §7.3).
// Worked numbers: 6 tasks spread over us-east-1a, b and c are 2 per zone; the outage of
// us-east-1a stops 2; the two replacements go one to b and one to c (each the zone with fewest,
// b first on a tie) and are healthy 63 s after the outage, so the service is back at its
// desired count then; the tasks stay 3 and 3 after the zone returns (Fargate services are not
// rebalanced by ecssim). Over two zones (a and b) the 6 are 3 and 3, the outage stops 3 and all
// 3 replacements go to b. In the mixed case the same event stops the EC2 service's task on
// i-0001 too, whose replacement goes to b or c by the scheduler's seeded tie-break (c with
// this seed). The resiliency score read before the outage says 4 of 6 (3 of 6 over two zones)
// survive the worst zone, which the outage confirms.
func TestFargateZoneOutage(t *testing.T) {
	tests := []struct {
		name     string
		zones    string
		ec2      bool
		stopped  map[string]int
		placed   map[string]int
		survives float64
	}{
		{"three default zones", "", false, map[string]int{"web": 2}, map[string]int{"web us-east-1b": 1, "web us-east-1c": 1}, 4.0 / 6},
		{"two zones of its own", `zones = ["us-east-1a", "us-east-1b"]`, false, map[string]int{"web": 3}, map[string]int{"web us-east-1b": 3}, 3.0 / 6},
		{"beside EC2, the cluster's zones", "", true, map[string]int{"web": 2, "api": 1},
			map[string]int{"web us-east-1b": 1, "web us-east-1c": 1, "api us-east-1c": 1}, 4.0 / 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc, err := Load([]byte(fargateOutageScenario(tt.zones, tt.ec2)), "fargate-outage.toml")
			if err != nil {
				t.Fatal(err)
			}
			w := &outageWatch{stopped: map[string]int{}, placed: map[string]int{}, outageAt: time.Hour, endsAt: time.Hour + 30*time.Minute}
			if _, err := runChecked(t, sc, w); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.stopped, w.stopped); diff != "" {
				t.Errorf("tasks stopped by the outage (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.placed, w.placed); diff != "" {
				t.Errorf("replacements by zone (-want +got):\n%s", diff)
			}
			if want := 63 * time.Second; w.healthy != want {
				t.Errorf("the last replacement healthy %v after the outage, want %v", w.healthy, want)
			}
			before := *sc
			before.Duration = time.Hour - time.Second
			score := summarize(t, &before).Services["web"]
			if got := score.Resiliency.ZoneLossSurvival.Worst; got != tt.survives {
				t.Errorf("the score says %.3f survives the worst zone, want %.3f", got, tt.survives)
			}
			web := summarize(t, sc).Services["web"]
			got := fmt.Sprintf("episodes %d, recovery %.0fs, lowest %d", web.FaultEpisodes, web.RecoverySecondsMax, web.Episodes[0].LowestHealthy)
			if want := fmt.Sprintf("episodes 1, recovery 63s, lowest %d", 6-tt.stopped["web"]); got != want {
				t.Errorf("web's fault summary: %s, want %s", got, want)
			}
		})
	}
}

// summarize runs sc with the options given (none: the scenario's seed) and returns its
// summary.
func summarize(t *testing.T, sc *Scenario, opt ...Options) reports.Summary {
	t.Helper()
	var o Options
	if len(opt) > 0 {
		o = opt[0]
	}
	run, err := Build(sc, o)
	if err != nil {
		t.Fatal(err)
	}
	col := reports.NewCollector(run.Sim)
	run.Sim.AddObserver(col)
	run.Sim.Run()
	col.Finish()
	return col.Summary(reports.Meta{Scenario: sc.Name})
}

// TestOutageZoneMayBeFargates: an az_outage may name a zone that only a Fargate service uses
// (its own zones, or the region's a, b and c by default), not one nothing uses.
func TestOutageZoneMayBeFargates(t *testing.T) {
	tests := []struct {
		name, zones, zone, want string
	}{
		{"default zones", "", "us-east-1c", ""},
		{"its own zones", `zones = ["us-east-1d"]`, "us-east-1d", ""},
		{"a zone nothing uses", `zones = ["us-east-1a"]`, "us-east-1b",
			`fargate-outage.toml:24:8: events[0].zone: no instance group, Auto Scaling group or Fargate service uses zone "us-east-1b"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := fargateOutageScenario(tt.zones, false)
			src = src[:len(src)-len("zone = \"us-east-1a\"\nduration = \"30m\"\n")] + fmt.Sprintf("zone = %q\nduration = \"30m\"\n", tt.zone)
			_, err := Load([]byte(src), "fargate-outage.toml")
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
