package explain

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/scenarios"
	"github.com/ecssim/ecssim/sim"
)

// open opens a scenario as ecssim does: example:NAME, or else one of testdata's, by name.
func open(t *testing.T, name string) *scenarios.Scenario {
	t.Helper()
	if !strings.HasPrefix(name, "example:") {
		name = filepath.Join("testdata", name+".toml")
	}
	sc, err := scenarios.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// build builds sc with opt, as ecssim explain does.
func build(t *testing.T, sc *scenarios.Scenario, opt scenarios.Options) *models.Simulation {
	t.Helper()
	r, err := scenarios.Build(sc, opt)
	if err != nil {
		t.Fatal(err)
	}
	return r.Sim
}

// placements returns what explain -task (or -first, with task "") writes of sc's run.
func placements(t *testing.T, sc *scenarios.Scenario, first int, task string) (string, error) {
	t.Helper()
	var b strings.Builder
	ex := NewPlacements(&b, first, task)
	err := ex.Run(build(t, sc, scenarios.Options{Placer: ex.Placer}))
	return b.String(), err
}

// pending returns what explain -pending writes of sc's run at at ("" for its end).
func pending(t *testing.T, sc *scenarios.Scenario, at string) string {
	t.Helper()
	s := build(t, sc, scenarios.Options{})
	end := s.Horizon
	if at != "" {
		d, err := time.ParseDuration(at)
		if err != nil {
			t.Fatal(err)
		}
		end = sim.Time(d)
	}
	var b strings.Builder
	Pending(s, end, &b)
	return b.String()
}

// roadLines returns what explain -task prints after the placement decision: the road to
// RUNNING, its header first.
func roadLines(t *testing.T, out string) []string {
	t.Helper()
	i := strings.Index(out, "from creation to RUNNING:\n")
	if i < 0 {
		t.Fatalf("no road to RUNNING in:\n%s", out)
	}
	i = strings.LastIndex(out[:i], "\n") + 1
	return strings.Split(strings.TrimSuffix(out[i:], "\n"), "\n")
}

// step writes a line of the road as explain does: its time, then what happened.
func step(at time.Duration, what string) string { return fmt.Sprintf("  %-10v %s", at, what) }

// TestExplainTaskRoad follows single tasks from creation to RUNNING, or to why they never got
// there, in scenarios small enough to work out by hand (see each scenario's comment).
func TestExplainTaskRoad(t *testing.T) {
	ended := open(t, "shared-pull")
	ended.Duration = 8 * time.Second
	tests := []struct {
		name     string
		scenario *scenarios.Scenario
		task     string
		want     []string
	}{
		{"pulls its image", open(t, "shared-pull"), "web-1", []string{
			"task web-1 (web:1), from creation to RUNNING:",
			step(0, "created by the service scheduler for deployment ecs-svc/web-1"),
			step(0, "placed on i-0001 in us-east-1a"),
			step(0, "image web:1 pulled from ecr: 400 MiB at 80 MiB/s plus a 1s round trip, 6s"),
			step(6*time.Second, "containers started in 10s"),
			step(16*time.Second, "RUNNING, 16s after it was created"),
		}},
		{"waits for a pull already under way", open(t, "shared-pull"), "web-2", []string{
			"task web-2 (web:1), from creation to RUNNING:",
			step(0, "created by the service scheduler for deployment ecs-svc/web-1"),
			step(0, "placed on i-0001 in us-east-1a"),
			step(0, "image web:1: waited 6s for the pull that web-1 started on i-0001 at 0s"),
			step(6*time.Second, "containers started in 10s"),
			step(16*time.Second, "RUNNING, 16s after it was created"),
		}},
		{"the registry refuses the pull", open(t, "private"), "report-1", []string{
			"task report-1 (report:1), from creation to RUNNING:",
			step(time.Minute, "created by RunTask (workload report)"),
			step(time.Minute, "placed on i-0001 in us-east-1a"),
			step(time.Minute, "image report:1: the pull from registry.example.com failed after 2s: the agent has no credentials for it in ECS_ENGINE_AUTH_DATA"),
			step(time.Minute+2*time.Second, "STOPPED before RUNNING, 2s after it was created: CannotPullContainerError: Error response from daemon: pull access denied for registry.example.com/report:1, repository does not exist or may require 'docker login': denied: requested access to the resource is denied"),
		}},
		{"still PENDING when the run ends", ended, "web-1", []string{
			"task web-1 (web:1), from creation to RUNNING:",
			step(0, "created by the service scheduler for deployment ecs-svc/web-1"),
			step(0, "placed on i-0001 in us-east-1a"),
			step(0, "image web:1 pulled from ecr: 400 MiB at 80 MiB/s plus a 1s round trip, 6s"),
			step(6*time.Second, "starting its containers"),
			step(8*time.Second, "still PENDING when the run ended, 8s after it was created"),
		}},
		{"no host port left", open(t, "port-bound"), "web-3", []string{
			"task web-3 (web:1), from creation to RUNNING:",
			step(0, "created by the service scheduler for deployment ecs-svc/web-1"),
			step(0, "placed on i-0001 in us-east-1a"),
			step(0, "no image to pull"),
			step(0, "containers failed to start after 2s"),
			step(2*time.Second, "STOPPED before RUNNING, 2s after it was created: CannotStartContainerError: a host port is unavailable"),
		}},
		{"stopped while PROVISIONING", open(t, "frozen"), "web-1", []string{
			"task web-1 (web:1), from creation to RUNNING:",
			step(0, "created by the service scheduler for deployment ecs-svc/web-1, PROVISIONING on capacity provider frozen, as no container instances were registered"),
			step(5*time.Minute, "STOPPED while PROVISIONING, 5m0s after it was created: Scaling activity initiated by (deployment ecs-svc/web-1)"),
		}},
		{"still PROVISIONING when the run ends", open(t, "frozen"), "web-2", []string{
			"task web-2 (web:1), from creation to RUNNING:",
			step(0, "created by the service scheduler for deployment ecs-svc/web-1, PROVISIONING on capacity provider frozen, as no container instances were registered"),
			step(10*time.Minute, "still PROVISIONING when the run ended, 10m0s after it was created"),
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, err := placements(t, tc.scenario, 5, tc.task)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, roadLines(t, out)); diff != "" {
				t.Errorf("road (-want +got):\n%s", diff)
			}
		})
	}
}

// TestExplainTaskRoadDrawn follows tasks whose road has one drawn step: an instance's launch
// latency, Fargate's provisioning. The test reads that step from the output and works out the
// rest by hand.
func TestExplainTaskRoadDrawn(t *testing.T) {
	tests := []struct {
		name    string
		example string
		task    string
		drawn   int // the line that starts at the drawn time
		// road is the whole road, given the drawn time d; lo and hi bound d.
		road   func(d time.Duration) []string
		lo, hi time.Duration
	}{
		// scale-from-zero: the group starts empty, so batch-1 waits in PROVISIONING. Managed
		// scaling first reads the CapacityProviderReservation at 1m; with no instance it reads
		// 200 and launches 2 (ECS-REFERENCE §5.3). The first registers 60-120 s later
		// (launch_latency), as i-0001, and takes the oldest waiting task, batch-1, at d. Then
		// 400 MiB from ECR: 1 s + 400/80 s = 6 s; the default container start, 2 s.
		{"scale-from-zero", "scale-from-zero", "batch-1", 3, func(d time.Duration) []string {
			return []string{
				"task batch-1 (batch:1), from creation to RUNNING:",
				step(0, "created by the service scheduler for deployment ecs-svc/batch-1, PROVISIONING on capacity provider batch-asg, as no container instances were registered"),
				step(time.Minute, "managed scaling: ScaleOut of batch-asg at CapacityProviderReservation 200, 2 instances launched"),
				step(d, fmt.Sprintf("placed on i-0001 in us-east-1a as it registered, after %v in PROVISIONING", d)),
				step(d, "image batch:1 pulled from ecr: 400 MiB at 80 MiB/s plus a 1s round trip, 6s"),
				step(d+6*time.Second, "containers started in 2s"),
				step(d+8*time.Second, fmt.Sprintf("RUNNING, %v after it was created", d+8*time.Second)),
			}
		}, 2 * time.Minute, 3 * time.Minute},
		// capacity-fargate: web-1 launches at once in the service's first zone and provisions
		// for a drawn d; then Fargate pulls its 200 MiB at 50 MiB/s, 4 s, and its containers
		// start in the default 2 s.
		{"fargate", "capacity-fargate", "web-1", 4, func(d time.Duration) []string {
			return []string{
				"task web-1 (web:1), from creation to RUNNING:",
				step(0, "created by the service scheduler for deployment ecs-svc/web-1 on capacity provider FARGATE"),
				step(0, "launched on Fargate in us-east-1a"),
				step(0, fmt.Sprintf("Fargate provisioning (ENI and micro-VM): %v", d)),
				step(d, "image web:1 pulled: 200 MiB at 50 MiB/s, 4s (Fargate caches no image)"),
				step(d+4*time.Second, "containers started in 2s"),
				step(d+6*time.Second, fmt.Sprintf("RUNNING, %v after it was created", d+6*time.Second)),
			}
		}, 5 * time.Second, 2 * time.Minute},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, err := placements(t, open(t, "example:"+tc.example), 5, tc.task)
			if err != nil {
				t.Fatal(err)
			}
			got := roadLines(t, out)
			if len(got) <= tc.drawn {
				t.Fatalf("road too short:\n%s", out)
			}
			d, err := time.ParseDuration(strings.Fields(got[tc.drawn])[0])
			if err != nil || d < tc.lo || d > tc.hi {
				t.Fatalf("drawn time %v (%v) outside %v..%v:\n%s", d, err, tc.lo, tc.hi, out)
			}
			if diff := cmp.Diff(tc.road(d), got); diff != "" {
				t.Errorf("road (-want +got):\n%s", diff)
			}
		})
	}
}

// TestExplainPending lists what is pending at a moment, in scenarios worked out by hand.
func TestExplainPending(t *testing.T) {
	tests := []struct {
		name     string
		scenario string
		at       string // "" for the end of the run
		want     string
	}{
		{"a task that will find no host port", "port-bound", "1s", `at 1s, 3 tasks not yet RUNNING (PROVISIONING or PENDING)

service web (desired 3): 0 RUNNING, 3 not yet
  web-1, web-2 PENDING on i-0001 since 0s: no image to pull; starting its containers
  web-3 PENDING on i-0001 since 0s: no image to pull; starting its containers, which fails: no dynamic host port is left on i-0001
`},
		// web-3 failed at 2 s; the service throttle waits 10 s, so its replacement starts at
		// 12 s and fails at 14 s, and the throttle doubles: no new start before 14 s + 20 s = 34 s.
		{"held by the service throttle", "port-bound", "20s", `at 20s no task is PROVISIONING or PENDING

service web (desired 3): 2 RUNNING
  1 task of the desired 3 not started: the service throttle holds new starts until 34s, after tasks failed to start
`},
		{"pulling, and waiting for that pull", "shared-pull", "3s", `at 3s, 2 tasks not yet RUNNING (PROVISIONING or PENDING)

service web (desired 2): 0 RUNNING, 2 not yet
  web-1 PENDING on i-0001 since 0s: pulling image web:1 (400 MiB from ecr), ready at 6s
  web-2 PENDING on i-0001 since 0s: waiting for the pull of web:1 that web-1 started at 0s, ready at 6s
`},
		{"starting containers", "shared-pull", "8s", `at 8s, 2 tasks not yet RUNNING (PROVISIONING or PENDING)

service web (desired 2): 0 RUNNING, 2 not yet
  web-1, web-2 PENDING on i-0001 since 0s: image ready at 6s; starting its containers
`},
		{"nothing pending", "shared-pull", "16s",
			"at 16s nothing is pending: every task has reached RUNNING and every service has its desired count\n"},
		{"a pull the registry refuses", "private", "1m1s", `at 1m1s, 1 task not yet RUNNING (PROVISIONING or PENDING)

workload report (RunTask): 1 not yet RUNNING
  report-1 PENDING on i-0001 since 1m0s: pulling image report:1 from registry.example.com, which refuses it at 1m2s (CannotPullContainerError): the agent has no credentials for it in ECS_ENGINE_AUTH_DATA
`},
		{"no scaling, at the end of the run", "frozen", "", `at 10m0s, 1 task not yet RUNNING (PROVISIONING or PENDING)

service web (desired 1): 0 RUNNING, 1 not yet
  web-2 PROVISIONING since 0s: waiting for capacity from frozen (managed scaling is off: only room on the group's instances can take it)
`},
		// Managed scaling first reads the reservation at 1m (none before) and launches 2
		// instances, which register 60-120 s later: none by 1m30s.
		{"before the first ScaleOut", "example:scale-from-zero", "30s", `at 30s, 40 tasks not yet RUNNING (PROVISIONING or PENDING)

service batch (desired 40): 0 RUNNING, 40 not yet
  batch-1 to batch-40 (40 tasks) PROVISIONING since 0s: waiting for capacity from batch-asg; no ScaleOut yet (managed scaling reads the CapacityProviderReservation every minute)
`},
		{"instances launching", "example:scale-from-zero", "1m30s", `at 1m30s, 40 tasks not yet RUNNING (PROVISIONING or PENDING)

service batch (desired 40): 0 RUNNING, 40 not yet
  batch-1 to batch-40 (40 tasks) PROVISIONING since 0s: waiting for capacity from batch-asg; ScaleOut at 1m0s launched 2 instances, 2 not yet registered
`},
		{"no FARGATE_SPOT capacity", "fargate-spot-dry", "5m", `at 5m0s, 2 tasks not yet RUNNING (PROVISIONING or PENDING)

service web (desired 4): 2 RUNNING, 2 not yet
  web-2 PROVISIONING since 0s: waiting for FARGATE_SPOT capacity: no zone of its subnets has any (Spot does not fall back to on-demand); it tries again every placement retry
  web-4 PROVISIONING since 0s: waiting for FARGATE_SPOT capacity: no zone of its subnets has any (Spot does not fall back to on-demand); it tries again every placement retry
`},
		// spot-capacity: the only pool of concentrated is dry from 2h to 3h; its group's
		// launches fail every minute, the last at 2h30m itself.
		{"no Spot capacity in the group's pools", "example:spot-capacity", "2h30m", `at 2h30m0s, 6 tasks not yet RUNNING (PROVISIONING or PENDING)

service concentrated (desired 6): 0 RUNNING, 6 not yet
  concentrated-13 to concentrated-18 (6 tasks) PROVISIONING since 2h30m0s: waiting for capacity from concentrated; its Auto Scaling group finds no Spot capacity in any of its pools (InsufficientInstanceCapacity, last at 2h30m0s) and tries again every 1m0s
`},
		// misconfigured-agent: api (768 CPU, a task role, awslogs) fits twice on each of the
		// three m6i.large of the web group (2048 CPU: 512 left, too little), and not at all on
		// the two batch instances, whose agent enables no task role: 6 of 8 run. The service
		// retries every 30 s from 42 s (its tasks turn healthy 40 s after RUNNING at 2 s), so
		// its last try before 29m50s was at 42 s + 58 × 30 s = 29m42s.
		{"a service short of its desired count", "example:misconfigured-agent", "29m50s", `at 29m50s no task is PROVISIONING or PENDING

service api (desired 8): 6 RUNNING
  the scheduler could not place 2 tasks: at 29m42s no container instance met all of its requirements: 3 instances lacked CPU, 2 instances lacked an attribute the task requires
`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, pending(t, open(t, tc.scenario), tc.at)); diff != "" {
				t.Errorf("explain -pending (-want +got):\n%s", diff)
			}
		})
	}
}

// TestExplainPendingAtChangesNothingBefore checks that stopping at -at changes no event before
// it: what is pending at 1h0m3s of rolling-deployment is the same whether the run would have
// gone on or not, and matches the full run's road of a task placed then.
func TestExplainPendingAtChangesNothingBefore(t *testing.T) {
	out := pending(t, open(t, "example:rolling-deployment"), "1h0m3s")
	line := "  web-15 PENDING on i-0001 since 1h0m0s: pulling image web:2 (260 MiB from ecr), ready at 1h0m4.25s\n"
	if !strings.Contains(out, line) {
		t.Fatalf("output lacks %q:\n%s", line, out)
	}
	full, err := placements(t, open(t, "example:rolling-deployment"), 5, "web-15")
	if err != nil {
		t.Fatal(err)
	}
	if want := step(time.Hour, "placed on i-0001 in us-east-1a"); !strings.Contains(full, want+"\n") {
		t.Errorf("the full run placed web-15 elsewhere: want %q in\n%s", want, full)
	}
}
