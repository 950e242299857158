package reports_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/models"
	mt "github.com/ecssim/ecssim/models/modelstest"
	"github.com/ecssim/ecssim/reports"
)

func TestServices(t *testing.T) {
	const s = time.Second
	web := mt.TaskDef("web", 256, 256)
	// zones returns one 4096 CPU / 8192 MiB instance per zone given.
	zones := func(zs ...string) []*mt.InstanceBuilder {
		var out []*mt.InstanceBuilder
		for _, z := range zs {
			out = append(out, sized("m5.xlarge", z, 8192))
		}
		return out
	}
	none := []reports.Deployment{}

	tests := []struct {
		name string
		sc   scenario
		want reports.ServiceSummary
	}{
		{
			name: "availability and min_healthy_held from the first steady state",
			// Desired 2, minimum healthy 50% → floor 1. Tasks start at 0 and are healthy at 40 s:
			// the first steady state, so the 3560 s from 40 s to 3600 s are measured.
			//   1800–1840 s: one of two healthy → below desired, at the floor.
			//   3000–3040 s: none healthy → below both.
			// Availability: (3560 − 80)/3560 = 3480/3560. Held: (3560 − 40)/3560 = 3520/3560.
			// Lowest healthy after steady state: 0.
			// Shares: each start puts 1 task on an instance and a zone, and running never exceeds
			// desired: 1/max(running, 2) = 1/2.
			sc: scenario{
				fleet:    zones("us-east-1a", "us-east-1b"),
				services: []*models.Service{service("web", web, 2, 50)},
				horizon:  3600 * s,
				script: func(r *run) {
					r.register(0, r.in...)
					t1 := r.start(0, r.in[0], "web")
					t2 := r.start(0, r.in[1], "web")
					r.healthy(40*s, t1, t2)
					r.stop(1800*s, t1)
					t3 := r.start(1800*s, r.in[0], "web")
					r.healthy(1840*s, t3)
					r.stop(3000*s, t2, t3)
					t4 := r.start(3000*s, r.in[1], "web")
					t5 := r.start(3000*s, r.in[0], "web")
					r.healthy(3040*s, t4, t5)
				},
			},
			want: reports.ServiceSummary{
				Desired: 2, Availability: 3480.0 / 3560, MinHealthyHeld: 3520.0 / 3560,
				MaxInstanceShare: 0.5, MaxAZShare: 0.5, Deployments: none, LowestHealthy: 0, TasksStarted: 5,
			},
		},
		{
			name: "min_healthy_held rounds the floor up",
			// Desired 3, minimum healthy 50% → ceil(1.5) = 2. Steady at 40 s; measured 960 s.
			//   40–400 s: 3 healthy; 400–600 s: 2; 600–740 s: 1; 740–1000 s: 3.
			// Availability (>= 3): 360 + 260 = 620 → 620/960.
			// Held (>= 2): 560 + 260 = 820 → 820/960 (a floor of 1 would give 1).
			// All tasks on one instance in one zone: the third start makes it 3/3 = 1.
			sc: scenario{
				fleet:    zones("us-east-1a"),
				services: []*models.Service{service("web", web, 3, 50)},
				horizon:  1000 * s,
				script: func(r *run) {
					r.register(0, r.in[0])
					t1 := r.start(0, r.in[0], "web")
					t2 := r.start(0, r.in[0], "web")
					t3 := r.start(0, r.in[0], "web")
					r.healthy(40*s, t1, t2, t3)
					r.stop(400*s, t1)
					r.stop(600*s, t2)
					t4 := r.start(700*s, r.in[0], "web")
					t5 := r.start(700*s, r.in[0], "web")
					r.healthy(740*s, t4, t5)
				},
			},
			want: reports.ServiceSummary{
				Desired: 3, Availability: 620.0 / 960, MinHealthyHeld: 820.0 / 960,
				MaxInstanceShare: 1, MaxAZShare: 1, Deployments: none, LowestHealthy: 1, TasksStarted: 5,
			},
		},
		{
			name: "time and dips before the first steady state do not count",
			// Desired 2, floor 2. The second placement fails; the one healthy task stops at
			// 100 s; two new tasks are healthy at 140 s, the first steady state. Measured 860 s,
			// all at 2 healthy: availability 1, held 1, lowest healthy 2 (the 0 at 100 s was
			// before steady state).
			// Shares: t1 1/2, t2 1/2 (t1 stopped), t3 on the other instance and zone 1/2.
			sc: scenario{
				fleet:    zones("us-east-1a", "us-east-1b"),
				services: []*models.Service{service("web", web, 2, 100)},
				horizon:  1000 * s,
				script: func(r *run) {
					r.register(0, r.in...)
					t1 := r.start(0, r.in[0], "web")
					r.fail(0, "web", r.in[1])
					r.healthy(40*s, t1)
					r.stop(100*s, t1)
					t2 := r.start(100*s, r.in[0], "web")
					t3 := r.start(100*s, r.in[1], "web")
					r.healthy(140*s, t2, t3)
				},
			},
			want: reports.ServiceSummary{
				Desired: 2, Availability: 1, MinHealthyHeld: 1,
				MaxInstanceShare: 0.5, MaxAZShare: 0.5, Deployments: none, LowestHealthy: 2, TasksStarted: 3,
			},
		},
		{
			name: "a service that never reaches steady state scores 0",
			// Desired 3, floor ceil(1.5) = 2. Only two tasks ever start (the third placement
			// fails); 2 healthy from 40 s meets the floor but never the desired count, so there
			// is no steady state: availability 0, held 0, lowest healthy -1.
			// Shares against max(running, desired) = 3: both on one instance and zone → 2/3.
			sc: scenario{
				fleet:    zones("us-east-1a"),
				services: []*models.Service{service("web", web, 3, 50)},
				horizon:  1000 * s,
				script: func(r *run) {
					r.register(0, r.in[0])
					t1 := r.start(0, r.in[0], "web")
					t2 := r.start(0, r.in[0], "web")
					r.fail(0, "web", r.in[0])
					r.healthy(40*s, t1, t2)
				},
			},
			want: reports.ServiceSummary{
				Desired: 3, Availability: 0, MinHealthyHeld: 0,
				MaxInstanceShare: 2.0 / 3, MaxAZShare: 2.0 / 3, Deployments: none, LowestHealthy: -1, TasksStarted: 2,
			},
		},
		{
			name: "desired 0 is in steady state from the start",
			// Desired 0, floor 0: healthy (0) >= desired (0) at time 0, the first steady state,
			// and at every moment after: availability 1, held 1, lowest healthy 0. No task ever
			// runs: shares 0.
			sc: scenario{
				fleet:    zones("us-east-1a"),
				services: []*models.Service{service("web", web, 0, 100)},
				horizon:  1000 * s,
				script:   func(r *run) { r.register(0, r.in[0]) },
			},
			want: reports.ServiceSummary{
				Desired: 0, Availability: 1, MinHealthyHeld: 1, Deployments: none, LowestHealthy: 0,
			},
		},
		{
			name: "12 desired spread 4/4/4 over three zones on three instances",
			// Started round-robin over i-1 (a), i-2 (b), i-3 (c): 4 per instance and zone.
			// Denominator max(running, 12) = 12 throughout: 4/12 for both.
			// All healthy at 40 s and after: availability 1, held 1, lowest 12.
			sc: scenario{
				fleet:    zones("us-east-1a", "us-east-1b", "us-east-1c"),
				services: []*models.Service{service("web", web, 12, 100)},
				horizon:  1000 * s,
				script: func(r *run) {
					r.register(0, r.in...)
					var ts []*models.Task
					for i := range 12 {
						ts = append(ts, r.start(0, r.in[i%3], "web"))
					}
					r.healthy(40*s, ts...)
				},
			},
			want: reports.ServiceSummary{
				Desired: 12, Availability: 1, MinHealthyHeld: 1,
				MaxInstanceShare: 4.0 / 12, MaxAZShare: 4.0 / 12, Deployments: none, LowestHealthy: 12, TasksStarted: 12,
			},
		},
		{
			name: "12 desired over six instances in three zones",
			// Round-robin over i-1..i-6 in zones a, b, c, a, b, c: 2 per instance, 4 per zone.
			// Instance share 2/12, zone share 4/12.
			sc: scenario{
				fleet:    zones("us-east-1a", "us-east-1b", "us-east-1c", "us-east-1a", "us-east-1b", "us-east-1c"),
				services: []*models.Service{service("web", web, 12, 100)},
				horizon:  1000 * s,
				script: func(r *run) {
					r.register(0, r.in...)
					var ts []*models.Task
					for i := range 12 {
						ts = append(ts, r.start(0, r.in[i%6], "web"))
					}
					r.healthy(40*s, ts...)
				},
			},
			want: reports.ServiceSummary{
				Desired: 12, Availability: 1, MinHealthyHeld: 1,
				MaxInstanceShare: 2.0 / 12, MaxAZShare: 4.0 / 12, Deployments: none, LowestHealthy: 12, TasksStarted: 12,
			},
		},
		{
			name: "only RUNNING tasks count toward the shares",
			// Desired 2. t1 is placed on i-1 (zone a) but stays PENDING; t2 runs on i-1 too.
			// One RUNNING task of max(1, 2) = 2 → 1/2 (counting the PENDING one would give 1).
			// Never steady (one healthy of two): 0, 0, -1.
			sc: scenario{
				fleet:    zones("us-east-1a"),
				services: []*models.Service{service("web", web, 2, 100)},
				horizon:  1000 * s,
				script: func(r *run) {
					r.register(0, r.in[0])
					r.place(0, r.in[0], "web")
					t2 := r.start(0, r.in[0], "web")
					r.healthy(40*s, t2)
				},
			},
			want: reports.ServiceSummary{
				Desired: 2, MaxInstanceShare: 0.5, MaxAZShare: 0.5, Deployments: none, LowestHealthy: -1, TasksStarted: 2,
			},
		},
		{
			name: "a surge above desired is measured against the running tasks",
			// Desired 2 on i-1 (a) and i-2 (b). At 500 s a third task starts on i-1: 2 of
			// max(3, 2) = 3 running → 2/3 (2/desired would be 1). At 600 s the old task on i-1
			// stops: 1 and 1 of 2. Max share 2/3 for instance and zone.
			// Healthy never drops below 2 after 40 s: availability 1, held 1, lowest 2.
			sc: scenario{
				fleet:    zones("us-east-1a", "us-east-1b"),
				services: []*models.Service{service("web", web, 2, 100)},
				horizon:  1000 * s,
				script: func(r *run) {
					r.register(0, r.in...)
					t1 := r.start(0, r.in[0], "web")
					t2 := r.start(0, r.in[1], "web")
					r.healthy(40*s, t1, t2)
					t3 := r.start(500*s, r.in[0], "web")
					r.healthy(540*s, t3)
					r.stop(600*s, t1)
				},
			},
			want: reports.ServiceSummary{
				Desired: 2, Availability: 1, MinHealthyHeld: 1,
				MaxInstanceShare: 2.0 / 3, MaxAZShare: 2.0 / 3, Deployments: none, LowestHealthy: 2, TasksStarted: 3,
			},
		},
		{
			name: "a stop after a surge can raise the share",
			// Desired 2 on i-1 (a) and i-2 (b): 1/2 each. At 500 s a third task starts on i-1:
			// 2 of max(3, 2) = 3 → 2/3. At 600 s the task on i-2 stops: both running tasks are
			// on i-1 in zone a, 2 of max(2, 2) = 2 → 1. Losing i-1 now loses the whole service.
			// Healthy 2, 3, then 2 again: availability 1, held 1, lowest 2.
			sc: scenario{
				fleet:    zones("us-east-1a", "us-east-1b"),
				services: []*models.Service{service("web", web, 2, 100)},
				horizon:  1000 * s,
				script: func(r *run) {
					r.register(0, r.in...)
					t1 := r.start(0, r.in[0], "web")
					t2 := r.start(0, r.in[1], "web")
					r.healthy(40*s, t1, t2)
					t3 := r.start(500*s, r.in[0], "web")
					r.healthy(540*s, t3)
					r.stop(600*s, t2)
				},
			},
			want: reports.ServiceSummary{
				Desired: 2, Availability: 1, MinHealthyHeld: 1,
				MaxInstanceShare: 1, MaxAZShare: 1, Deployments: none, LowestHealthy: 2, TasksStarted: 3,
			},
		},
		{
			name: "availability across a scale-out from 4 to 6",
			// Desired 4, minimum healthy 50% → floor 2; the scale at 400 s makes them 6 and
			// ceil(6 × 50 / 100) = 3. Steady at 40 s; measured 960 s.
			//   40–400 s:  4 healthy of 4, floor 2: available, held       (360 s)
			//   400–440 s: 4 healthy of 6, floor 3: not available, held   (40 s)
			//   440–700 s: 6 healthy of 6:          available, held       (260 s)
			//   700–760 s: 2 healthy of 6, floor 3: neither               (60 s)
			//   760–1000 s: 6 healthy of 6:         available, held       (240 s)
			// Availability: (360 + 260 + 240)/960 = 860/960 (against 4 throughout: 900/960).
			// Held: (960 − 60)/960 = 900/960 (against the old floor 2 throughout: 1).
			// Lowest healthy 2; desired at the end 6; ten tasks started.
			// Shares: 2 per instance of 4 (2/4), then 2 of max(4, 6) = 6 at the scale, 3 of 6
			// once t5 and t6 run, and at most 3 of 6 through the replacements at 700 s: 1/2.
			sc: scenario{
				fleet:    zones("us-east-1a", "us-east-1b"),
				services: []*models.Service{service("web", web, 4, 50)},
				horizon:  1000 * s,
				script: func(r *run) {
					r.register(0, r.in...)
					var ts []*models.Task
					for i := range 4 {
						ts = append(ts, r.start(0, r.in[i%2], "web"))
					}
					r.healthy(40*s, ts...)
					r.scale(400*s, r.sc.services[0], 6)
					t5 := r.start(400*s, r.in[0], "web")
					t6 := r.start(400*s, r.in[1], "web")
					r.healthy(440*s, t5, t6)
					r.stop(700*s, ts...)
					var next []*models.Task
					for i := range 4 {
						next = append(next, r.start(700*s, r.in[i%2], "web"))
					}
					r.healthy(760*s, next...)
				},
			},
			want: reports.ServiceSummary{
				Desired: 6, Availability: 860.0 / 960, MinHealthyHeld: 900.0 / 960,
				MaxInstanceShare: 0.5, MaxAZShare: 0.5, Deployments: none, LowestHealthy: 2, TasksStarted: 10,
			},
		},
		{
			name: "a scale-in measures the shares against the new desired count",
			// Desired 4 (floor 2): t1, t2 on i-1 (a), t3, t4 on i-2 (b): 2/4. At 500 s the
			// desired count drops to 2 (floor 1) and the scheduler stops t3 and t4: 2 of
			// max(3, 2) = 3, then 2 of max(2, 2) = 2 → 1 for instance and zone (measured against
			// the old desired count 4 it would stay 2/4).
			// Healthy 4 ≥ 4, then 2 ≥ 2: availability 1, held 1, lowest 2.
			sc: scenario{
				fleet:    zones("us-east-1a", "us-east-1b"),
				services: []*models.Service{service("web", web, 4, 50)},
				horizon:  1000 * s,
				script: func(r *run) {
					r.register(0, r.in...)
					t1 := r.start(0, r.in[0], "web")
					t2 := r.start(0, r.in[0], "web")
					t3 := r.start(0, r.in[1], "web")
					t4 := r.start(0, r.in[1], "web")
					r.healthy(40*s, t1, t2, t3, t4)
					r.scale(500*s, r.sc.services[0], 2)
					r.stopScheduled(500*s, t3, t4)
				},
			},
			want: reports.ServiceSummary{
				Desired: 2, Availability: 1, MinHealthyHeld: 1,
				MaxInstanceShare: 1, MaxAZShare: 1, Deployments: none, LowestHealthy: 2, TasksStarted: 4,
			},
		},
		{
			name: "a scale-in can bring the first steady state",
			// Desired 3 (floor 3) but only two tasks start: never steady until the scale to 2 at
			// 500 s. Measured 500–1000 s, all with 2 healthy of 2: availability 1, held 1,
			// lowest 2. Shares: 2 of max(2, 3) = 3, then 2 of 2 at the scale → 1.
			sc: scenario{
				fleet:    zones("us-east-1a"),
				services: []*models.Service{service("web", web, 3, 100)},
				horizon:  1000 * s,
				script: func(r *run) {
					r.register(0, r.in[0])
					t1 := r.start(0, r.in[0], "web")
					t2 := r.start(0, r.in[0], "web")
					r.fail(0, "web", r.in[0])
					r.healthy(40*s, t1, t2)
					r.scale(500*s, r.sc.services[0], 2)
				},
			},
			want: reports.ServiceSummary{
				Desired: 2, Availability: 1, MinHealthyHeld: 1,
				MaxInstanceShare: 1, MaxAZShare: 1, Deployments: none, LowestHealthy: 2, TasksStarted: 2,
			},
		},
		{
			name: "a task that fails its health checks stops counting as healthy at once",
			// Desired 1. t1 is healthy from 40 s and fails its health checks at 500 s; the
			// scheduler stops it only at 560 s and its replacement is healthy at 600 s.
			// Unavailable 500–600 s: (960 − 100)/960 = 860/960 (counting t1 until it stops:
			// 920/960). One failed health check, two tasks started, lowest healthy 0.
			sc: scenario{
				fleet:    zones("us-east-1a"),
				services: []*models.Service{service("web", web, 1, 100)},
				horizon:  1000 * s,
				script: func(r *run) {
					r.register(0, r.in[0])
					t1 := r.start(0, r.in[0], "web")
					r.healthy(40*s, t1)
					r.unhealthy(500*s, t1)
					r.stop(560*s, t1)
					t2 := r.start(560*s, r.in[0], "web")
					r.healthy(600*s, t2)
				},
			},
			want: reports.ServiceSummary{
				Desired: 1, Availability: 860.0 / 960, MinHealthyHeld: 860.0 / 960,
				MaxInstanceShare: 1, MaxAZShare: 1, Deployments: none, LowestHealthy: 0,
				TasksStarted: 2, TasksFailedHealthChecks: 1,
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.sc.summary(t).Services
			want := map[string]reports.ServiceSummary{"web": tc.want}
			if diff := cmp.Diff(want, got, approx, withoutResiliency); diff != "" {
				t.Errorf("services (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDeployments(t *testing.T) {
	const s = time.Second
	// Revisions of web, 256 CPU / 256 MiB each; one instance holds all the tasks.
	v := func(n int) *models.TaskDefinition { return taskDef("web", n, 256, 256) }
	v1, v2, v3, v4, v5 := v(1), v(2), v(3), v(4), v(5)
	svc := service("web", v1, 4, 50)
	svc.MaximumPercent = 200
	sc := scenario{
		fleet:    []*mt.InstanceBuilder{sized("m5.xlarge", "us-east-1a", 8192)},
		services: []*models.Service{svc},
		horizon:  3600 * s,
		script: func(r *run) {
			in := r.in[0]
			start := func(at time.Duration, n int) []*models.Task {
				var ts []*models.Task
				for range n {
					ts = append(ts, r.start(at, in, "web"))
				}
				return ts
			}
			r.register(0, in)
			// d1 creates the service: 0 healthy at its start, 4 at 40 s.
			d1 := r.deploy(0, svc, v1, false)
			old := start(0, 4)
			r.healthy(40*s, old...)
			r.completed(40*s, d1)
			// d2 rolls out web:2 within 50%..200%: two old tasks stop (healthy 4 → 2) and four
			// new ones start; once they are healthy (6) the last two old ones stop (4).
			d2 := r.deploy(1000*s, svc, v2, false)
			r.stopScheduled(1000*s, old[0], old[1])
			n := start(1000*s, 4)
			r.healthy(1060*s, n...)
			r.stopScheduled(1060*s, old[2], old[3])
			r.completed(1060*s, d2)
			// d3's web:3 tasks never pass their health checks: one web:2 task stops (healthy 3),
			// three web:3 tasks fail and the circuit breaker rolls back to web:2 (d4), whose
			// replacement is healthy at 2240 s (4).
			d3 := r.deploy(2000*s, svc, v3, false)
			r.stopScheduled(2000*s, n[0])
			f := start(2000*s, 2)
			r.unhealthy(2100*s, f...)
			r.stop(2100*s, f...)
			d3.Failures = 2
			f = start(2100*s, 1)
			r.unhealthy(2200*s, f...)
			r.stop(2200*s, f...)
			d3.Failures = 3
			r.failed(2200*s, d3)
			d4 := r.deploy(2200*s, svc, v2, true)
			r.healthy(2240*s, start(2200*s, 1)...)
			r.completed(2240*s, d4)
			// d5 (web:4) stops one task (3) and is superseded at 3100 s by d6 (web:5), which
			// stops another (2) and is still in progress at the end of the run.
			r.deploy(3000*s, svc, v4, false)
			r.stopScheduled(3000*s, n[1])
			start(3000*s, 1)
			r.deploy(3100*s, svc, v5, false)
			r.stopScheduled(3100*s, n[2])
			start(3100*s, 1)
		},
	}
	at := func(x float64) *float64 { return &x }
	want := []reports.Deployment{
		// Healthy 0 at the start (the service has no tasks yet), 4 at 40 s.
		{StartedAt: 0, FinishedAt: at(40), State: "COMPLETED", TaskDefinition: "web:1", DurationSeconds: 40, LowestHealthy: 0},
		// 4, 3, 2 as the first two old tasks stop, then 6, 5, 4.
		{StartedAt: 1000, FinishedAt: at(1060), State: "COMPLETED", TaskDefinition: "web:2", DurationSeconds: 60, LowestHealthy: 2},
		// 4, then 3 from 2000 s; the failed tasks were never healthy.
		{StartedAt: 2000, FinishedAt: at(2200), State: "FAILED", TaskDefinition: "web:3", DurationSeconds: 200, LowestHealthy: 3, FailedTasks: 3},
		// 3 at its start, 4 at 2240 s.
		{StartedAt: 2200, FinishedAt: at(2240), State: "COMPLETED", TaskDefinition: "web:2", Rollback: true, DurationSeconds: 40, LowestHealthy: 3},
		// Superseded at 3100 s: ends then, keeping its IN_PROGRESS state; 4, then 3. The stop at
		// 3100 s comes after d6 started and is d6's.
		{StartedAt: 3000, FinishedAt: at(3100), State: "IN_PROGRESS", TaskDefinition: "web:4", DurationSeconds: 100, LowestHealthy: 3},
		// In progress at the end: no end, 3600 − 3100 = 500 s so far; 3, then 2.
		{StartedAt: 3100, FinishedAt: nil, State: "IN_PROGRESS", TaskDefinition: "web:5", DurationSeconds: 500, LowestHealthy: 2},
	}
	got := sc.summary(t).Services["web"]
	if diff := cmp.Diff(want, got.Deployments, approx); diff != "" {
		t.Errorf("deployments (-want +got):\n%s", diff)
	}
	// Started: 4 + 4 + 2 + 1 + 1 + 1 + 1 = 14; three failed their health checks.
	if got.TasksStarted != 14 || got.TasksFailedHealthChecks != 3 {
		t.Errorf("tasks_started = %d, tasks_failed_health_checks = %d; want 14, 3", got.TasksStarted, got.TasksFailedHealthChecks)
	}
}

func TestHealthyTargets(t *testing.T) {
	const s = time.Second
	webTG := models.NewTargetGroup(&models.TargetGroupConfig{Name: "web-tg", Type: models.TargetInstance})
	apiTG := models.NewTargetGroup(&models.TargetGroupConfig{Name: "api-tg", Type: models.TargetInstance})
	def := func(family string) *models.TaskDefinition {
		return taskDef(family, 1, 256, 256, models.PortMapping{ContainerPort: 8080})
	}
	sc := scenario{
		fleet: []*mt.InstanceBuilder{sized("m5.xlarge", "us-east-1a", 8192), sized("m5.xlarge", "us-east-1b", 8192)},
		services: []*models.Service{
			balanced(service("web", def("web"), 2, 100), webTG),
			service("worker", def("worker"), 1, 100),
			balanced(service("api", def("api"), 2, 100), apiTG),
		},
		horizon: 1000 * s,
		script: func(r *run) {
			i1, i2 := r.in[0], r.in[1]
			r.register(0, i1, i2)
			t1 := r.start(0, i1, "web")
			g1 := r.target(0, t1, webTG)
			t2 := r.start(0, i2, "web")
			g2 := r.target(0, t2, webTG)
			// worker has no load balancer.
			w1 := r.start(0, i1, "worker")
			r.healthy(40*s, w1)
			r.targetTo(150*s, g1, models.TargetHealthy, models.TargetStateHealthy)
			r.healthy(150*s, t1)
			r.targetTo(180*s, g2, models.TargetHealthy, models.TargetStateHealthy)
			r.healthy(180*s, t2)
			// t1's target fails: the task is unhealthy and stops; its target drains.
			r.targetTo(400*s, g1, models.TargetUnhealthy, models.TargetStateUnhealthy)
			r.unhealthy(400*s, t1)
			r.stopping(400*s, t1)
			r.targetTo(400*s, g1, models.TargetDraining, models.TargetStateDraining)
			t3 := r.start(400*s, i1, "web")
			g3 := r.target(400*s, t3, webTG)
			r.stopped(430*s, t1)
			r.targetTo(550*s, g3, models.TargetHealthy, models.TargetStateHealthy)
			r.healthy(550*s, t3)
			// t2 stops; its healthy target drains, t1's old one is deregistered.
			r.stopping(700*s, t2)
			r.targetTo(700*s, g2, models.TargetDraining, models.TargetStateDraining)
			r.targetTo(700*s, g1, models.TargetDeregistered, models.TargetStateUnused)
			t4 := r.start(700*s, i2, "web")
			g4 := r.target(700*s, t4, webTG)
			r.stopped(730*s, t2)
			r.targetTo(850*s, g4, models.TargetHealthy, models.TargetStateHealthy)
			r.healthy(850*s, t4)
			// api never has its two tasks: never steady.
			a1 := r.start(900*s, i2, "api")
			ga := r.target(900*s, a1, apiTG)
			r.targetTo(950*s, ga, models.TargetHealthy, models.TargetStateHealthy)
			r.healthy(950*s, a1)
			r.targetTo(1000*s, g2, models.TargetDeregistered, models.TargetStateUnused)
		},
	}
	ptr := func(n int) *int { return &n }
	mean := func(x float64) *float64 { return &x }
	none := []reports.Deployment{}
	want := map[string]reports.ServiceSummary{
		// web is steady from 180 s (t2 healthy): 820 s measured. Its healthy targets:
		//   150–180 s: 1 (before steady state: not counted)
		//   180–400 s: 2 → 440    400–550 s: 1 → 150 (g1 unhealthy; draining changes nothing)
		//   550–700 s: 2 → 300    700–850 s: 1 → 150 (g2 draining; g1's deregistration no change)
		//   850–1000 s: 2 → 300   (g2's deregistration at 1000 s: it was no longer healthy)
		// Mean 1340/820 = 67/41; min 1.
		// Healthy tasks 2, then 1 over 400–550 s and 700–850 s: (820 − 300)/820 = 26/41 for
		// both bars (floor 2); lowest 1. Shares: one task per instance of 2: 1/2.
		"web": {
			Desired: 2, Availability: 520.0 / 820, MinHealthyHeld: 520.0 / 820,
			MaxInstanceShare: 0.5, MaxAZShare: 0.5, Deployments: none, LowestHealthy: 1,
			TasksStarted: 4, TasksFailedHealthChecks: 1,
			HealthyTargetsMin: ptr(1), HealthyTargetsMean: mean(67.0 / 41),
		},
		// No load balancer: no healthy target figures.
		"worker": {
			Desired: 1, Availability: 1, MinHealthyHeld: 1, MaxInstanceShare: 1, MaxAZShare: 1,
			Deployments: none, LowestHealthy: 1, TasksStarted: 1,
		},
		// A load balancer but never steady: 0 and 0, as availability.
		"api": {
			Desired: 2, MaxInstanceShare: 0.5, MaxAZShare: 0.5, Deployments: none, LowestHealthy: -1,
			TasksStarted: 1, HealthyTargetsMin: ptr(0), HealthyTargetsMean: mean(0),
		},
	}
	if diff := cmp.Diff(want, sc.summary(t).Services, approx, withoutResiliency); diff != "" {
		t.Errorf("services (-want +got):\n%s", diff)
	}
}

func TestServicesOnlyListsServices(t *testing.T) {
	// Two services and a workload: the summary has one entry per service, keyed by name, and
	// standalone tasks belong to none.
	def := mt.TaskDef("app", 256, 256)
	sc := scenario{
		fleet:     []*mt.InstanceBuilder{sized("m5.xlarge", "us-east-1a", 8192)},
		services:  []*models.Service{service("web", def, 1, 100), service("api", def, 1, 100)},
		workloads: []*models.Workload{workload("batch", def)},
		horizon:   100 * time.Second,
		script: func(r *run) {
			r.register(0, r.in[0])
			w := r.start(0, r.in[0], "web")
			r.start(0, r.in[0], "batch")
			r.start(0, r.in[0], "batch")
			r.healthy(40*time.Second, w)
		},
	}
	// web: steady at 40 s, measured 60 s, all available; 1 task of max(1, 1) → share 1.
	// api: no task at all, never steady.
	want := map[string]reports.ServiceSummary{
		"web": {Desired: 1, Availability: 1, MinHealthyHeld: 1, MaxInstanceShare: 1, MaxAZShare: 1,
			Deployments: []reports.Deployment{}, LowestHealthy: 1, TasksStarted: 1},
		"api": {Desired: 1, Deployments: []reports.Deployment{}, LowestHealthy: -1},
	}
	if diff := cmp.Diff(want, sc.summary(t).Services, approx, withoutResiliency); diff != "" {
		t.Errorf("services (-want +got):\n%s", diff)
	}
}

func TestSummaryMeta(t *testing.T) {
	sc := scenario{horizon: 6 * time.Hour}
	r := newRun(t, sc)
	r.play()
	got := r.col.Summary(reports.Meta{Scenario: "web-and-batch", Seed: 7, Strategy: "binpack-memory", Events: 183422})
	// The run's identity comes from Meta; simulated_seconds is the horizon: 6 h = 21600 s.
	// The maps of capacity, cost and zone outages are empty, never nil (null in JSON).
	want := reports.Summary{
		Scenario: "web-and-batch", Seed: 7, Strategy: "binpack-memory", SimulatedSeconds: 21600, Events: 183422,
		Capacity: reports.Capacity{Providers: map[string]reports.ProviderCapacity{}},
		CostUSD: reports.Cost{
			PerService: map[string]float64{}, PerWorkload: map[string]float64{}, PerProvider: map[string]float64{},
		},
		Services: map[string]reports.ServiceSummary{},
		Faults:   reports.Faults{ZoneOutageSeconds: map[string]float64{}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("summary (-want +got):\n%s", diff)
	}
}

// sampleSummary is a summary with every field set; only web has a load balancer, so only web
// has healthy target figures.
func sampleSummary() reports.Summary {
	created, lowestTargets, meanTargets := 150.0, 11, 11.75
	svc := func(desired int) reports.ServiceSummary {
		return reports.ServiceSummary{
			Desired: desired, AvailabilityZoneRebalancing: "ENABLED", Availability: 0.99, MinHealthyHeld: 1, MaxInstanceShare: 0.25,
			MaxAZShare: 0.5, RecoverySecondsMax: 42,
			Deployments: []reports.Deployment{
				{StartedAt: 0, FinishedAt: &created, State: "COMPLETED", TaskDefinition: "web:1", DurationSeconds: 150, LowestHealthy: 0},
				{StartedAt: 7200, FinishedAt: nil, State: "IN_PROGRESS", TaskDefinition: "web:2", DurationSeconds: 14400, LowestHealthy: desired - 1, FailedTasks: 1},
			},
			LowestHealthy: desired - 1, TasksStarted: desired + 3, TasksFailedHealthChecks: 1,
			MaxInstanceShareMean: 0.125, MaxAZShareMean: 0.375, StoppedByFaults: 2, FaultEpisodes: 1,
			RecoverySecondsMean: 42, UnservedTaskSeconds: 84,
			Resiliency: reports.ServiceResiliency{
				InstanceLossSurvival: reports.Survival{Mean: 0.875, Worst: 0.75},
				ZoneLossSurvival:     reports.Survival{Mean: 0.625, Worst: 0.5},
			},
		}
	}
	web := svc(12)
	web.HealthyTargetsMin, web.HealthyTargetsMean = &lowestTargets, &meanTargets
	return reports.Summary{
		Scenario: "web-and-batch", Seed: 1, Strategy: "spread-az-binpack-memory",
		SimulatedSeconds: 21600, Events: 183422,
		Tasks: reports.TaskSummary{
			Started: 120, PlacementFailures: 3, StoppedByFaults: 2,
			PendingSeconds: reports.Quantiles{Mean: 1.5, P50: 1, P99: 4},
		},
		Utilization: reports.Utilization{CPUReservedMean: 0.5, MemoryReservedMean: 0.25, CPUStrandedMean: 0.125, MemoryStrandedMean: 0.0625},
		Capacity: reports.Capacity{
			InstancesMax: 6, InstanceHours: 36, FargateVCPUHours: 1, FargateGBHours: 2, FargateTasksMax: 1,
			Providers: map[string]reports.ProviderCapacity{
				"spot-asg": {InstancesMax: 4, InstanceHours: 20, ScaleOuts: 2, ScaleIns: 1},
				"asg":      {InstancesMax: 2, InstanceHours: 10, ScaleOuts: 1},
			},
		},
		CostUSD: reports.Cost{
			Total: 3.5, EC2: 3.456, Fargate: 0.044, Idle: 1.5, Stranded: 0.25, StrandedMemory: 0.125, PerTaskHour: 0.0125,
			PerService:  map[string]float64{"web": 1.5, "api": 0.25, "worker": 0.2},
			PerWorkload: map[string]float64{"batch": 0.05},
			PerProvider: map[string]float64{"asg": 0.96, "spot-asg": 0.768, "FARGATE": 0.044, "instance_groups": 1.728},
		},
		Services: map[string]reports.ServiceSummary{"web": web, "api": svc(4), "worker": svc(2)},
		Faults: reports.Faults{
			Count: 2, InstancesLost: 1, FargateInterruptions: 1, TasksLostPerFault: 1, UnservedTaskSeconds: 252,
			ZoneOutages: 1, ZoneOutageSeconds: map[string]float64{"us-east-1b": 600}, AgentDisconnects: 1,
		},
		Resiliency: reports.Resiliency{
			InstanceLossSurvivalMean: 0.875, ZoneLossSurvivalMean: 0.625,
			InstanceLossSurvivalWorst: 0.75, ZoneLossSurvivalWorst: 0.5,
		},
	}
}

// jsonKeys returns every object key of a JSON document as a dotted path, in document order.
// Array elements add "[]" to the path.
func jsonKeys(t *testing.T, doc []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(doc))
	var keys []string
	var walk func(path string)
	walk = func(path string) {
		tok, err := dec.Token()
		if err != nil {
			t.Fatalf("decoding summary: %v", err)
		}
		switch tok {
		case json.Delim('{'):
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					t.Fatalf("decoding summary: %v", err)
				}
				p := k.(string)
				if path != "" {
					p = path + "." + p
				}
				keys = append(keys, p)
				walk(p)
			}
			dec.Token() //nolint:errcheck // the closing brace
		case json.Delim('['):
			for dec.More() {
				walk(path + "[]")
			}
			dec.Token() //nolint:errcheck // the closing bracket
		}
	}
	walk("")
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		t.Fatalf("summary has more than one JSON value: %v", err)
	}
	return keys
}

func TestWriteJSONKeys(t *testing.T) {
	var buf bytes.Buffer
	if err := sampleSummary().WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	// SPEC §4, in its order, then the keys added after the spec's: capacity's from
	// fargate_tasks_max on, cost_usd's from idle on, a deployment's from task_definition on, a
	// service's from lowest_healthy on, and faults and resiliency after services. Only web,
	// which has a load balancer, has healthy_targets_*.
	service := func(name string) []string {
		p := "services." + name
		var deployment []string
		for range 2 {
			d := p + ".deployments[]."
			deployment = append(deployment, d+"started_at", d+"finished_at", d+"state",
				d+"task_definition", d+"rollback", d+"duration_seconds", d+"lowest_healthy", d+"failed_tasks")
		}
		keys := append([]string{
			p, p + ".desired", p + ".availability_zone_rebalancing", p + ".availability", p + ".min_healthy_held", p + ".max_instance_share",
			p + ".max_az_share", p + ".recovery_seconds_max", p + ".deployments",
		}, deployment...)
		keys = append(keys, p+".lowest_healthy", p+".tasks_started", p+".tasks_failed_health_checks")
		if name == "web" {
			keys = append(keys, p+".healthy_targets_min", p+".healthy_targets_mean")
		}
		keys = append(keys, p+".max_instance_share_mean", p+".max_az_share_mean", p+".stopped_by_faults",
			p+".fault_episodes", p+".recovery_seconds_mean", p+".unserved_task_seconds", p+".resiliency")
		for _, loss := range []string{".resiliency.instance_loss_survival", ".resiliency.zone_loss_survival"} {
			keys = append(keys, p+loss, p+loss+".mean", p+loss+".worst")
		}
		return append(keys, p+".never_placed", p+".tasks_short_mean", p+".tasks_short_max", p+".episodes")
	}
	want := []string{
		"scenario", "seed", "strategy", "simulated_seconds", "events",
		"tasks", "tasks.started", "tasks.placement_failures", "tasks.never_placed", "tasks.stopped_by_faults",
		"tasks.pending_seconds", "tasks.pending_seconds.mean", "tasks.pending_seconds.p50", "tasks.pending_seconds.p99",
		"tasks.start_failures",
		"utilization", "utilization.cpu_reserved_mean", "utilization.memory_reserved_mean",
		"utilization.cpu_stranded_mean", "utilization.memory_stranded_mean",
		"capacity", "capacity.instances_max", "capacity.instance_hours", "capacity.fargate_vcpu_hours", "capacity.fargate_gb_hours",
		"capacity.fargate_tasks_max", "capacity.providers",
	}
	// Providers sorted by name, each with its four keys.
	for _, name := range []string{"asg", "spot-asg"} {
		p := "capacity.providers." + name
		want = append(want, p, p+".instances_max", p+".instance_hours", p+".scale_outs", p+".scale_ins")
	}
	want = append(want,
		"cost_usd", "cost_usd.total", "cost_usd.ec2", "cost_usd.fargate",
		"cost_usd.idle", "cost_usd.stranded", "cost_usd.stranded_memory", "cost_usd.per_task_hour",
		"cost_usd.per_month", "cost_usd.per_service", "cost_usd.per_service.api", "cost_usd.per_service.web", "cost_usd.per_service.worker",
		"cost_usd.per_workload", "cost_usd.per_workload.batch",
		// Sorted bytewise: upper case first.
		"cost_usd.per_provider", "cost_usd.per_provider.FARGATE", "cost_usd.per_provider.asg",
		"cost_usd.per_provider.instance_groups", "cost_usd.per_provider.spot-asg",
		"services",
	)
	// Service names come out sorted.
	for _, name := range []string{"api", "web", "worker"} {
		want = append(want, service(name)...)
	}
	want = append(want,
		"faults", "faults.count", "faults.instances_lost", "faults.fargate_interruptions",
		"faults.tasks_lost_per_fault", "faults.unserved_task_seconds", "faults.zone_outages",
		"faults.zone_outage_seconds", "faults.zone_outage_seconds.us-east-1b", "faults.agent_disconnects",
		"resiliency", "resiliency.instance_loss_survival_mean", "resiliency.zone_loss_survival_mean",
		"resiliency.instance_loss_survival_worst", "resiliency.zone_loss_survival_worst",
	)
	if diff := cmp.Diff(want, jsonKeys(t, buf.Bytes())); diff != "" {
		t.Errorf("summary keys (-want +got):\n%s", diff)
	}
	out := buf.String()
	if !strings.HasPrefix(out, "{\n  \"scenario\": \"web-and-batch\",\n") || !strings.HasSuffix(out, "\n}\n") {
		t.Errorf("summary is not indented JSON with a final newline:\n%s", out)
	}
	var back reports.Summary
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(sampleSummary(), back); diff != "" {
		t.Errorf("summary does not round-trip (-want +got):\n%s", diff)
	}
}

func TestWriteJSONDeterministic(t *testing.T) {
	// The same summary, with its services map built in two insertion orders and written
	// several times, gives the same bytes.
	a := sampleSummary()
	b := sampleSummary()
	b.Services = map[string]reports.ServiceSummary{}
	for _, n := range []string{"worker", "web", "api"} {
		b.Services[n] = a.Services[n]
	}
	var first bytes.Buffer
	if err := a.WriteJSON(&first); err != nil {
		t.Fatal(err)
	}
	for i, s := range []reports.Summary{a, b, a, b} {
		var buf bytes.Buffer
		if err := s.WriteJSON(&buf); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first.Bytes(), buf.Bytes()) {
			t.Errorf("write %d differs:\n%s\nfirst:\n%s", i, buf.String(), first.String())
		}
	}
}

func TestWriteJSONDeployments(t *testing.T) {
	// A deployment in progress at the end of the run has "finished_at": null; a service with
	// no load balancer has no healthy_targets_* keys, one with a load balancer has them even
	// when they are 0.
	def := taskDef("web", 1, 256, 256, models.PortMapping{ContainerPort: 8080})
	web := service("web", def, 1, 100)
	api := balanced(service("api", def, 1, 100), models.NewTargetGroup(&models.TargetGroupConfig{Name: "api-tg"}))
	sc := scenario{
		fleet:    []*mt.InstanceBuilder{sized("m5.xlarge", "us-east-1a", 8192)},
		services: []*models.Service{web, api},
		horizon:  time.Minute,
		script: func(r *run) {
			r.register(0, r.in[0])
			r.deploy(0, web, def, false)
			r.start(0, r.in[0], "web")
		},
	}
	var buf bytes.Buffer
	if err := sc.summary(t).WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Services map[string]map[string]json.RawMessage
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := json.Compact(&got, doc.Services["web"]["deployments"]); err != nil {
		t.Fatal(err)
	}
	want := `[{"started_at":0,"finished_at":null,"state":"IN_PROGRESS","task_definition":"web:1","rollback":false,` +
		`"duration_seconds":60,"lowest_healthy":0,"failed_tasks":0}]`
	if diff := cmp.Diff(want, got.String()); diff != "" {
		t.Errorf("services.web.deployments (-want +got):\n%s", diff)
	}
	for _, k := range []string{"healthy_targets_min", "healthy_targets_mean"} {
		if v, ok := doc.Services["web"][k]; ok {
			t.Errorf("services.web.%s = %s, want no such key (no load balancer)", k, v)
		}
		if v := string(doc.Services["api"][k]); v != "0" {
			t.Errorf("services.api.%s = %q, want 0", k, v)
		}
	}
}

func TestWriteJSONFromCollector(t *testing.T) {
	// A run's summary writes every service with an empty deployments list, never null.
	def := mt.TaskDef("web", 256, 256)
	sc := scenario{
		fleet:    []*mt.InstanceBuilder{sized("m5.xlarge", "us-east-1a", 8192)},
		services: []*models.Service{service("web", def, 1, 100)},
		horizon:  time.Minute,
		script:   func(r *run) { r.register(0, r.in[0]) },
	}
	var buf bytes.Buffer
	if err := sc.summary(t).WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		SimulatedSeconds float64 `json:"simulated_seconds"`
		Services         map[string]map[string]json.RawMessage
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if got := string(doc.Services["web"]["deployments"]); got != "[]" {
		t.Errorf(`services.web.deployments = %s, want []`, got)
	}
	if doc.SimulatedSeconds != 60 {
		t.Errorf("simulated_seconds = %v, want 60", doc.SimulatedSeconds)
	}
}
