package scenarios

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/reports"
	"github.com/ecssim/ecssim/sim"
)

// outageWatch records, for a zone outage from 1h to 1h30m, which tasks stopped then and where
// and when the replacements started during it (AZ rebalancing may move tasks back after it:
// TestFargateRebalancing).
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
// desired count then (what happens after the zone returns is TestFargateRebalancing's). Over
// two zones (a and b) the 6 are 3 and 3, the outage stops 3 and all
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

// rebalanceWatch records what a Fargate service does after a zone outage ends at endsAt: each
// task started or stopped (not by the fault) as "+ZONE" or "-ZONE" at its time after endsAt,
// and the rebalancing service events by name.
type rebalanceWatch struct {
	endsAt time.Duration
	moves  []string
}

func (w *rebalanceWatch) Observe(now sim.Time, e models.Event) {
	at := time.Duration(now) - w.endsAt
	switch {
	case at < 0:
	case e.Kind == models.TaskPlaced && e.Task.Service != nil:
		w.moves = append(w.moves, fmt.Sprintf("%v +%s", at, e.Instance.Zone))
	case e.Kind == models.TaskStopping && !e.Fault && e.Task.Service != nil:
		w.moves = append(w.moves, fmt.Sprintf("%v -%s", at, e.Task.Instance.Zone))
	case e.Kind == models.ServiceEvent && strings.Contains(e.Message, "SERVICE_REBALANCING"):
		w.moves = append(w.moves, fmt.Sprintf("%v %s", at, e.Message[strings.LastIndex(e.Message, "(")+1:len(e.Message)-2]))
	}
}

// TestFargateRebalancing: a Fargate service is rebalanced over its zones after an outage as a
// service placed by zone spread is on EC2 (DG/service-rebalancing; DG/task-placement: Fargate
// spreads over the service's zones): once steady, with its zones more than one task apart, it
// starts a task, which Fargate puts in the zone with fewest, and once that task is healthy
// stops one in the zone with most (scaleInPick), until even. Worked numbers, the scenario of
// TestFargateZoneOutage: at 1h30m the zone returns with b and c holding 3 each and a none.
// Each move: the new task is RUNNING 23 s after launch (20 s provisioning, 2 s pull, 1 s
// start) and healthy 40 s later, at +63 s, when a task of the fullest zone is told to stop;
// that task runs until Fargate's 30 s stop timeout (its definition gives no shutdown time), so
// it stops at +93 s, when the service is steady again and the next move starts. So the first
// move runs from 1h30m to 1h31m33s (its stop goes to c or b, tied at 3, by the seeded
// tie-break: c), the second from 1h31m33s to 1h33m6s (its stop goes to b, now alone with 3),
// and the service ends 2/2/2. Over its own two zones a and b the outage left b 6 and a none:
// three moves of 93 s each end it 3/3 at 1h34m39s. On FARGATE_SPOT, with us-east-1a out of
// Spot capacity until 2h, the zone does not count until then (fargateZones): b and c are even
// at 1h30m, and the same two moves run from 2h, when the capacity returns and wakes the
// service (fargateSpotBack). DISABLED leaves b and c 3 and 3 (a and b: b 6).
func TestFargateRebalancing(t *testing.T) {
	tests := []struct {
		name, conf string
		spot       bool // on FARGATE_SPOT, out of Spot capacity in us-east-1a from 1h to 2h
		moves      []string
		final      map[string]int
	}{
		{"ENABLED by default", "", false, []string{
			"0s SERVICE_REBALANCING_STARTED", "0s +us-east-1a", "1m3s -us-east-1c",
			"1m33s +us-east-1a", "2m36s -us-east-1b",
			"3m6s SERVICE_REBALANCING_COMPLETED"},
			map[string]int{"us-east-1a": 2, "us-east-1b": 2, "us-east-1c": 2}},
		{"DISABLED", `availability_zone_rebalancing = "DISABLED"`, false, nil,
			map[string]int{"us-east-1b": 3, "us-east-1c": 3}},
		{"two zones of its own", `zones = ["us-east-1a", "us-east-1b"]`, false, []string{
			"0s SERVICE_REBALANCING_STARTED", "0s +us-east-1a", "1m3s -us-east-1b",
			"1m33s +us-east-1a", "2m36s -us-east-1b", "3m6s +us-east-1a", "4m9s -us-east-1b",
			"4m39s SERVICE_REBALANCING_COMPLETED"},
			map[string]int{"us-east-1a": 3, "us-east-1b": 3}},
		{"FARGATE_SPOT, us-east-1a without Spot capacity until 2h", "", true, []string{
			"30m0s SERVICE_REBALANCING_STARTED", "30m0s +us-east-1a", "31m3s -us-east-1c",
			"31m33s +us-east-1a", "32m36s -us-east-1b",
			"33m6s SERVICE_REBALANCING_COMPLETED"},
			map[string]int{"us-east-1a": 2, "us-east-1b": 2, "us-east-1c": 2}},
		{"two zones, DISABLED", "zones = [\"us-east-1a\", \"us-east-1b\"]\navailability_zone_rebalancing = \"DISABLED\"", false, nil,
			map[string]int{"us-east-1b": 6}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := fargateOutageScenario(tt.conf, false)
			if tt.spot {
				src = strings.Replace(src, `duration = "2h"`, `duration = "2h30m"`, 1)
				src = strings.Replace(src, `launch_type = "FARGATE"`, `capacity_provider_strategy = [{ capacity_provider = "FARGATE_SPOT", weight = 1 }]`, 1) +
					"[[capacity_shortages]]\nkind = \"fargate_spot_capacity\"\npools = [\"us-east-1a\"]\nat = \"1h\"\nfor = \"1h\"\n"
			}
			sc, err := Load([]byte(src), "fargate-outage.toml")
			if err != nil {
				t.Fatal(err)
			}
			w := &rebalanceWatch{endsAt: time.Hour + 30*time.Minute}
			run, err := runChecked(t, sc, w)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.moves, w.moves); diff != "" {
				t.Errorf("moves after the zone returned (-want +got):\n%s", diff)
			}
			final := map[string]int{}
			for _, task := range run.Sim.Services[0].Tasks() {
				if task.Active() {
					final[task.Instance.Zone]++
				}
			}
			if diff := cmp.Diff(tt.final, final); diff != "" {
				t.Errorf("tasks by zone at the end (-want +got):\n%s", diff)
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
			`fargate-outage.toml:24:8: events[0].zone: no instance group, Auto Scaling group, Fargate service or Fargate workload uses zone "us-east-1b"`},
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

// TestFargateScaleIn: a Fargate service's scale-in stops a task in the zone holding most of its
// tasks, keeping them spread as spread(attribute:ecs.availability-zone)'s scale-in does on EC2
// (DG/task-placement: Fargate spreads a service over its zones; DG/task-placement-strategies;
// ECS-REFERENCE §1.2), where it used to stop whichever task the tie-break drew. Rebalancing is
// DISABLED, so that what the scale-in leaves stays. Worked numbers: 7 tasks over us-east-1a, b
// and c start 3/2/2 (a first on a tie), and scaling to 6 at 10m stops one in a: 2/2/2; 9
// start 3/3/3, and scaling to 3 stops 6, each from a zone with most: 1/1/1. Every seed gives
// the same counts: its draw only chooses among the fullest zones' tasks.
func TestFargateScaleIn(t *testing.T) {
	tests := []struct {
		name     string
		from, to int
		want     map[string]int
	}{
		{"7 to 6", 7, 6, map[string]int{"us-east-1a": 2, "us-east-1b": 2, "us-east-1c": 2}},
		{"9 to 3", 9, 3, map[string]int{"us-east-1a": 1, "us-east-1b": 1, "us-east-1c": 1}},
	}
	for _, tt := range tests {
		for seed := uint64(1); seed <= 5; seed++ {
			t.Run(fmt.Sprintf("%s seed %d", tt.name, seed), func(t *testing.T) {
				src := strings.Replace(fargateOutageScenario(`availability_zone_rebalancing = "DISABLED"`, false), "desired_count = 6", fmt.Sprintf("desired_count = %d", tt.from), 1)
				src = src[:strings.Index(src, "[[events]]")] + fmt.Sprintf("[[events]]\nat = \"10m\"\naction = \"scale\"\nservice = \"web\"\ndesired_count = %d\n", tt.to)
				sc, err := Load([]byte(src), "fargate-scale-in.toml")
				if err != nil {
					t.Fatal(err)
				}
				run, err := runCheckedWith(t, sc, Options{Seed: &seed})
				if err != nil {
					t.Fatal(err)
				}
				got := map[string]int{}
				for _, task := range run.Sim.Services[0].Tasks() {
					if task.Active() {
						got[task.Instance.Zone]++
					}
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("tasks by zone after the scale-in (-want +got):\n%s", diff)
				}
			})
		}
	}
}

// TestFargateWorkloadCapacity: RunTask on Fargate with no zone it may run in fails at once
// with "Capacity is unavailable at this time. Please try again later or in a different
// availability zone" (knowledge-center/ecs-fargate-runtask-capacity): the caller must retry,
// so the task stops and never runs, where a service's task waits and tries again. A Fargate
// workload's zones are the outage's target too, in a scenario with no EC2 at all. Worked
// numbers: 4 tasks arrive at 10m (FARGATE_SPOT dry from 5m for 2h, or us-east-1d out from 5m
// for 2h): all 4 stop at 10m, never placed; 4 more at 2h10m, after the zone is back, run.
func TestFargateWorkloadCapacity(t *testing.T) {
	tests := []struct{ name, capacity, fault string }{
		{"FARGATE_SPOT dry", `capacity_provider_strategy = [{ capacity_provider = "FARGATE_SPOT", weight = 1 }]`,
			"[[capacity_shortages]]\nkind = \"fargate_spot_capacity\"\nat = \"5m\"\nfor = \"2h\"\n"},
		{"its only zone out", `launch_type = "FARGATE"`,
			"[[events]]\nat = \"5m\"\naction = \"az_outage\"\nzone = \"us-east-1d\"\nduration = \"2h\"\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := `name = "fargate-runtask"
duration = "3h"
[[task_definitions]]
family = "batch"
cpu = 1024
memory = 2048
network_mode = "awsvpc"
requires_compatibilities = ["FARGATE"]
containers = [{ name = "batch" }]
[[workloads]]
task_definition = "batch"
zones = ["us-east-1d"]
` + tt.capacity + `
arrival = { process = "fixed", count = 4, at = "10m" }
duration = { distribution = "constant", value = "10m" }
[[workloads]]
name = "later"
task_definition = "batch"
zones = ["us-east-1d"]
` + tt.capacity + `
arrival = { process = "fixed", count = 4, at = "2h10m" }
duration = { distribution = "constant", value = "10m" }
` + tt.fault
			sc, err := Load([]byte(src), "fargate-runtask.toml")
			if err != nil {
				t.Fatal(err)
			}
			stops := map[string]int{}
			_, err = runChecked(t, sc, observerFunc(func(now sim.Time, e models.Event) {
				if e.Kind == models.TaskStopped && e.Reason == models.StopReasonFargateCapacity {
					stops[fmt.Sprintf("%v %s", time.Duration(now), e.Task.Workload.Name)]++
				}
			}))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(map[string]int{"10m0s batch": 4}, stops); diff != "" {
				t.Errorf("tasks stopped for want of capacity (-want +got):\n%s", diff)
			}
			col := summarize(t, sc)
			if got := col.Tasks.NeverPlaced; got != 4 {
				t.Errorf("never placed %d, want 4", got)
			}
			if got := col.Tasks.Started; got != 4 {
				t.Errorf("started %d, want 4 (the later ones)", got)
			}
		})
	}
}
