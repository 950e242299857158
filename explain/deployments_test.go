package explain

import (
	"strings"
	"testing"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/scenarios"
	"github.com/ecssim/ecssim/sim"
)

// TestExplainDeployments follows the examples' deployments and checks that each is held by
// what the example is about, with ECS's numbers.
//
// rolling-deployment, by hand: web:2 rolls out in two rounds of 6 (ceiling 18, floor 12).
// Health checks: a round's new tasks reach RUNNING after the pull and the 2 s container start,
// then pass 5 checks 10 s apart (50 s). The first round pulls web:2's 260 MiB from ECR (1 s +
// 260/80 s = 4.25 s): 56.25 s; the second finds it cached and pays only the 1 s round trip: 53 s;
// 1m49.25s in all. Draining: each round's 6 old tasks drain their targets for the 60 s
// deregistration delay, then web:1, which has no shutdown behavior, takes the 30 s stop
// timeout: 90 s a round, 3m0s in all. deployment-deadlock: stuck-2 starts at 10 min of a 1 h
// run, so deadlock holds it 50m0s. port-bound: edge never places its last two tasks, so
// capacity holds it for the whole 30 min run.
func TestExplainDeployments(t *testing.T) {
	tests := []struct {
		example string
		want    []string
	}{
		{"rolling-deployment", []string{
			"service web, deployment ecs-svc/web-2: web:1 → web:2\n",
			"desired 12; floor 12 healthy (minimum healthy 100%); ceiling 18 tasks (maximum 150%)",
			"started 6, stopped 0; health checks: 6 new tasks are not yet healthy; the floor (12 healthy of 12 required) lets no old task stop; the ceiling (18 of 18 tasks) lets no new task start",
			"started 0, stopped 6; draining: 6 tasks are still stopping",
			"held by: health checks 1m49.25s, draining 3m0s\n",
		}},
		{"deployment-deadlock", []string{
			"started at 10m0s, still in progress when the run ends at 1h0m0s",
			"deadlock: the floor (4 healthy of 4 required) lets no old task stop and the ceiling (4 of 4 tasks) lets no new task start",
			"held by: deadlock 50m0s\n",
			"service rolling, deployment ecs-svc/rolling-2: api:1 → api:2\n",
		}},
		{"port-bound", []string{
			"capacity: a new task found no instance: no container instance met all of its requirements (ports: 4)",
			"held by: capacity 30m0s\n",
		}},
		{"circuit-breaker", []string{
			"FAILED at 30m8.25s after 8.25s\n  ECS deployment circuit breaker: tasks failed to start.",
			"checkout:2 → checkout:1 (a rollback)",
		}},
		{"capacity-ec2", []string{"capacity: 4 tasks are waiting in PROVISIONING for the capacity provider's instances"}},
	}
	for _, tc := range tests {
		t.Run(tc.example, func(t *testing.T) {
			var b strings.Builder
			Deployments(build(t, open(t, "example:"+tc.example), scenarios.Options{}), &b)
			out := b.String()
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
}

// TestHoldup names what holds a deployment after a pass, one case per kind.
func TestHoldup(t *testing.T) {
	d := &models.Deployment{Def: &models.TaskDefinition{Family: "web", Revision: 2}}
	base := models.PassReport{Deployment: d, Desired: 4, Floor: 4, Ceiling: 6, Active: 6, Healthy: 4, Primary: 2, OldLeft: 4}
	with := func(f func(*models.PassReport)) models.PassReport {
		r := base
		f(&r)
		return r
	}
	tests := []struct {
		name string
		r    models.PassReport
		kind string
		why  string
	}{
		{"done", with(func(r *models.PassReport) { r.Primary, r.OldLeft, r.Active = 4, 0, 4 }), "", "all 4 tasks run web:2 and are healthy"},
		{"failed", with(func(r *models.PassReport) { r.Failed = true }), "", "the deployment failed"},
		{"throttle", with(func(r *models.PassReport) { r.ThrottledUntil = sim.Time(90e9) }), "throttle", "until 1m30s"},
		{"capacity", with(func(r *models.PassReport) { r.Unplaced = &models.PlacementError{} }), "capacity", "found no instance"},
		{"provisioning", with(func(r *models.PassReport) { r.Provisioning = 2 }), "capacity", "2 tasks are waiting in PROVISIONING"},
		{"health checks", with(func(r *models.PassReport) { r.NewNotHealthy = 2 }), "health checks", "2 new tasks are not yet healthy; the floor (4 healthy of 4 required) lets no old task stop; the ceiling (6 of 6 tasks)"},
		{"draining", with(func(r *models.PassReport) { r.Stopping, r.OldLeft = 2, 2 }), "draining", "2 tasks are still stopping"},
		{"deadlock", base, "deadlock", "nothing in flight will change that"},
		{"floor", with(func(r *models.PassReport) { r.StartRoom, r.Primary = 2, 4 }), "floor", "the floor (4 healthy of 4 required)"},
		{"ceiling", with(func(r *models.PassReport) { r.OldLeft, r.StopRoom = 0, 0 }), "ceiling", "the ceiling (6 of 6 tasks) lets no new task start"},
		{"room left after a stop", with(func(r *models.PassReport) { r.OldLeft, r.Active, r.Primary = 0, 2, 2 }), "", "in progress"},
		{"one task", with(func(r *models.PassReport) { r.NewNotHealthy = 1 }), "health checks", "1 new task is not yet healthy"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			kind, why := holdup(tc.r)
			if kind != tc.kind || !strings.Contains(why, tc.why) {
				t.Errorf("holdup = %q, %q; want %q, containing %q", kind, why, tc.kind, tc.why)
			}
		})
	}
}
