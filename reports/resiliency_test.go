package reports_test

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ecssim/ecssim/models"
	mt "github.com/ecssim/ecssim/models/modelstest"
	"github.com/ecssim/ecssim/reports"
	"github.com/ecssim/ecssim/sim"
)

// withoutResiliency leaves the resiliency, fault and shortfall figures of a ServiceSummary
// out of a comparison: the tests of availability, shares and targets are about other things,
// and the tests below (and TestShortfall) compute these by hand. It leaves out the
// availabilityZoneRebalancing setting too, which experiment's TestRebalancingInSummary checks
// on whole runs.
var withoutResiliency = cmpopts.IgnoreFields(reports.ServiceSummary{},
	"MaxInstanceShareMean", "MaxAZShareMean", "StoppedByFaults", "FaultEpisodes",
	"RecoverySecondsMean", "UnservedTaskSeconds", "Resiliency", "Episodes",
	"NeverPlaced", "TasksShortMean", "TasksShortMax", "AvailabilityZoneRebalancing")

// faultStop stops tasks as lost capacity stops them: STOPPING with Fault (no target draining,
// no stop timeout), then STOPPED at the same instant; the TaskStopped carries no Fault, as in
// Simulation.terminate.
func (r *run) faultStop(at time.Duration, ts ...*models.Task) {
	for _, t := range ts {
		reason := "Host EC2 (instance " + t.Instance.ID + ") terminated."
		r.cluster.BeginStop(t, sim.Time(at), reason)
		r.emit(at, models.Event{Kind: models.TaskStopping, Task: t, Instance: t.Instance, Reason: reason, Fault: true})
		r.cluster.FinishStop(t, sim.Time(at), reason)
		t.Healthy = false
		r.emit(at, models.Event{Kind: models.TaskStopped, Task: t, Instance: t.Instance, Reason: t.StopReason})
	}
}

// lose terminates an instance by a fault, as Simulation.terminate does: each of its tasks
// stops with Fault, then InstanceTerminated with Fault.
func (r *run) lose(at time.Duration, in *models.Instance) {
	r.faultStop(at, slices.Clone(in.Tasks())...)
	r.cluster.Deregister(in)
	r.emit(at, models.Event{Kind: models.InstanceTerminated, Instance: in, Reason: "Instance failure", Fault: true})
}

// resiliency is the part of a ServiceSummary about resiliency and faults.
type resiliency struct {
	ShareMean           [2]float64 // max_instance_share_mean, max_az_share_mean
	Instance, Zone      reports.Survival
	StoppedByFaults     int
	Episodes            int
	RecoveryMax         float64
	RecoveryMean        float64
	UnservedTaskSeconds float64
}

func resiliencyOf(v reports.ServiceSummary) resiliency {
	return resiliency{
		ShareMean: [2]float64{v.MaxInstanceShareMean, v.MaxAZShareMean},
		Instance:  v.Resiliency.InstanceLossSurvival, Zone: v.Resiliency.ZoneLossSurvival,
		StoppedByFaults: v.StoppedByFaults, Episodes: v.FaultEpisodes,
		RecoveryMax: v.RecoverySecondsMax, RecoveryMean: v.RecoverySecondsMean,
		UnservedTaskSeconds: v.UnservedTaskSeconds,
	}
}

func TestResiliency(t *testing.T) {
	const s = time.Second
	web := mt.TaskDef("web", 256, 256)
	// fleet returns one 4096 CPU / 8192 MiB instance per zone given, i-1, i-2, ... in order.
	fleet := func(zs ...string) []*mt.InstanceBuilder {
		var out []*mt.InstanceBuilder
		for _, z := range zs {
			out = append(out, sized("m5.xlarge", z, 8192))
		}
		return out
	}
	const a, b, c = "us-east-1a", "us-east-1b", "us-east-1c"
	// Every case runs 1000 s and is steady from 40 s: 960 s measured.
	tests := []struct {
		name string
		sc   scenario
		want resiliency
	}{
		{
			name: "12 tasks spread 4/4/4 over three zones",
			// One instance per zone, 4 tasks each. Losing any instance or zone leaves 8 of 12
			// running: (12 − 4)/12 = 2/3 for both, throughout. At 500 s a task on i-1 is
			// replaced at the same instant: the 11 running in between (7/12) last no time and
			// do not lower the worst. Shares 4/12; nothing unserved, no fault.
			sc: scenario{
				fleet:    fleet(a, b, c),
				services: []*models.Service{service("web", web, 12, 100)},
				horizon:  1000 * s,
				script: func(r *run) {
					r.register(0, r.in...)
					var ts []*models.Task
					for i := range 12 {
						ts = append(ts, r.start(0, r.in[i%3], "web"))
					}
					r.healthy(40*s, ts...)
					r.stop(500*s, ts[0])
					r.healthy(500*s, r.start(500*s, r.in[0], "web"))
				},
			},
			want: resiliency{
				ShareMean: [2]float64{4.0 / 12, 4.0 / 12},
				Instance:  reports.Survival{Mean: 8.0 / 12, Worst: 8.0 / 12},
				Zone:      reports.Survival{Mean: 8.0 / 12, Worst: 8.0 / 12},
			},
		},
		{
			name: "the same 12 packed 8 in one zone",
			// i-1 and i-2 in zone a hold 4 each, i-3 in zone b 4. Losing an instance leaves
			// (12 − 4)/12 = 2/3; losing zone a leaves (12 − 8)/12 = 1/3. Shares 4/12 and 8/12.
			sc: scenario{
				fleet:    fleet(a, a, b),
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
			want: resiliency{
				ShareMean: [2]float64{4.0 / 12, 8.0 / 12},
				Instance:  reports.Survival{Mean: 8.0 / 12, Worst: 8.0 / 12},
				Zone:      reports.Survival{Mean: 4.0 / 12, Worst: 4.0 / 12},
			},
		},
		{
			name: "an instance lost at 100 s, healthy back at 250 s",
			// 12 spread 4/4/4 on i-1 (a), i-2 (b), i-3 (c). At 100 s i-1 fails: 4 tasks stop
			// with Fault, healthy 8 < 12 opens an episode. Four replacements are placed at
			// 100 s, two on i-2 and two on i-3, run at 220 s and are healthy at 250 s: the
			// episode closes after 150 s. Unserved: 4 tasks × 150 s = 600.
			// Survival (instance and zone alike: one instance per zone):
			//   40–100 s:   12 running, 4 at most on one: 8/12      (60 s)
			//   100–220 s:   8 running, 4 on i-2 and i-3: 4/12      (120 s)
			//   220–1000 s: 12 running, 6 on i-2 and i-3: 6/12      (780 s)
			// Mean (60 × 8/12 + 120 × 4/12 + 780 × 6/12)/960 = (40 + 40 + 390)/960 = 470/960;
			// worst 4/12. Shares: 4/12, 4/max(8, 12) = 4/12, 6/12 → (20 + 40 + 390)/960 = 450/960.
			sc: scenario{
				fleet:    fleet(a, b, c),
				services: []*models.Service{service("web", web, 12, 100)},
				horizon:  1000 * s,
				script: func(r *run) {
					r.register(0, r.in...)
					var ts []*models.Task
					for i := range 12 {
						ts = append(ts, r.start(0, r.in[i%3], "web"))
					}
					r.healthy(40*s, ts...)
					r.lose(100*s, r.in[0])
					var next []*models.Task
					for i := range 4 {
						next = append(next, r.place(100*s, r.in[1+i%2], "web"))
					}
					for _, t := range next {
						r.running(220*s, t)
					}
					r.healthy(250*s, next...)
				},
			},
			want: resiliency{
				ShareMean:       [2]float64{450.0 / 960, 450.0 / 960},
				Instance:        reports.Survival{Mean: 470.0 / 960, Worst: 4.0 / 12},
				Zone:            reports.Survival{Mean: 470.0 / 960, Worst: 4.0 / 12},
				StoppedByFaults: 4, Episodes: 1, RecoveryMax: 150, RecoveryMean: 150,
				UnservedTaskSeconds: 600,
			},
		},
		{
			name: "overlapping faults extend one episode; one open at the end counts until the end",
			// Desired 4: t1 on i-1 (a), t2 on i-2 (b), t3 on i-3 (c), t4 on i-4 (a).
			//   100 s: i-1 fails (t1): healthy 3, episode 1 opens; r1 starts on i-3.
			//   160 s: i-2 fails (t2) while it is open: healthy 2; r2 starts on i-4.
			//   200 s: r1 healthy (3). 300 s: r2 healthy (4): episode 1 closes, 200 s.
			//   600 s: i-3 fails (t3, r1): healthy 2, episode 2 opens and never closes: it
			//   counts until the end, 400 s.
			// Episodes 2, max 400, mean 300; 4 tasks stopped by faults.
			// Unserved: 1 × 60 + 2 × 40 + 1 × 100 + 2 × 400 = 1040.
			// Running (instance max, zone max) → instance survival, zone survival:
			//   40–100 s:   4 (1, a: 2) → 3/4, 1/2                           (60 s)
			//   100–160 s:  4 (i-3: 2, c: 2) → 1/2, 1/2                      (60 s)
			//   160–600 s:  4 (i-3, i-4: 2; a, c: 2) → 1/2, 1/2              (440 s)
			//   600–1000 s: 2 (i-4: 2, a: 2) → 0, 0                          (400 s)
			// Instance: (45 + 30 + 220)/960 = 295/960; zone (30 + 30 + 220)/960 = 280/960;
			// worst 0 for both. Shares (against max(running, 4)): instance 1/4, 1/2, 1/2, 1/2
			// → (15 + 30 + 220 + 200)/960 = 465/960; zone 1/2 throughout.
			sc: scenario{
				fleet:    fleet(a, b, c, a),
				services: []*models.Service{service("web", web, 4, 100)},
				horizon:  1000 * s,
				script: func(r *run) {
					r.register(0, r.in...)
					var ts []*models.Task
					for i := range 4 {
						ts = append(ts, r.start(0, r.in[i], "web"))
					}
					r.healthy(40*s, ts...)
					r.lose(100*s, r.in[0])
					r1 := r.start(100*s, r.in[2], "web")
					r.lose(160*s, r.in[1])
					r2 := r.start(160*s, r.in[3], "web")
					r.healthy(200*s, r1)
					r.healthy(300*s, r2)
					r.lose(600*s, r.in[2])
				},
			},
			want: resiliency{
				ShareMean:       [2]float64{465.0 / 960, 0.5},
				Instance:        reports.Survival{Mean: 295.0 / 960, Worst: 0},
				Zone:            reports.Survival{Mean: 280.0 / 960, Worst: 0},
				StoppedByFaults: 4, Episodes: 2, RecoveryMax: 400, RecoveryMean: 300,
				UnservedTaskSeconds: 1040,
			},
		},
		{
			name: "a fault that leaves healthy at desired opens no episode; a surge lifts survival to 1",
			// Desired 2: t1 on i-1 (a), t2 on i-2 (b), healthy from 40 s. A surge task t3 runs
			// on i-3 (c) from 500 s and its instance fails at 520 s before t3 is healthy:
			// healthy stays 2, no episode, nothing unserved; one task stopped by a fault.
			// Survival (both alike): (2 − 1)/2 = 1/2; during the surge (3 − 1)/2 = 1.
			// Mean (460 × 1/2 + 20 × 1 + 480 × 1/2)/960 = 490/960; worst 1/2.
			// Shares 1/2, 1/3 (of 3 running), 1/2 → (230 + 20/3 + 240)/960 = 143/288.
			sc: scenario{
				fleet:    fleet(a, b, c),
				services: []*models.Service{service("web", web, 2, 100)},
				horizon:  1000 * s,
				script: func(r *run) {
					r.register(0, r.in...)
					t1 := r.start(0, r.in[0], "web")
					t2 := r.start(0, r.in[1], "web")
					r.healthy(40*s, t1, t2)
					r.start(500*s, r.in[2], "web")
					r.lose(520*s, r.in[2])
				},
			},
			want: resiliency{
				ShareMean:       [2]float64{143.0 / 288, 143.0 / 288},
				Instance:        reports.Survival{Mean: 490.0 / 960, Worst: 0.5},
				Zone:            reports.Survival{Mean: 490.0 / 960, Worst: 0.5},
				StoppedByFaults: 1,
			},
		},
		{
			name: "a fault before the first steady state opens no episode",
			// Desired 1: t1 on i-1 fails at 20 s, before it is healthy; r1 on i-2 is healthy
			// at 60 s, the first steady state: 940 s measured. One task on one instance and
			// zone: survival 0, share 1.
			sc: scenario{
				fleet:    fleet(a, b),
				services: []*models.Service{service("web", web, 1, 100)},
				horizon:  1000 * s,
				script: func(r *run) {
					r.register(0, r.in...)
					r.start(0, r.in[0], "web")
					r.lose(20*s, r.in[0])
					r.healthy(60*s, r.start(20*s, r.in[1], "web"))
				},
			},
			want: resiliency{ShareMean: [2]float64{1, 1}, StoppedByFaults: 1},
		},
		{
			name: "a scale-in to the healthy count ends the episode",
			// Desired 3, one task per instance in zones a, b, c. i-3 fails at 100 s (healthy
			// 2, episode opens); the desired count drops to 2 at 180 s: recovered, 80 s.
			// Unserved 1 × 80 = 80. Survival (both alike): 2/3 (60 s), (2 − 1)/3 = 1/3
			// (80 s), (2 − 1)/2 = 1/2 (820 s) → (40 + 80/3 + 410)/960 = 143/288; worst 1/3.
			// Shares 1/3, 1/max(2, 3) = 1/3, 1/2 → (20 + 80/3 + 410)/960 = 137/288.
			sc: scenario{
				fleet:    fleet(a, b, c),
				services: []*models.Service{service("web", web, 3, 100)},
				horizon:  1000 * s,
				script: func(r *run) {
					r.register(0, r.in...)
					var ts []*models.Task
					for i := range 3 {
						ts = append(ts, r.start(0, r.in[i], "web"))
					}
					r.healthy(40*s, ts...)
					r.lose(100*s, r.in[2])
					r.scale(180*s, r.sc.services[0], 2)
				},
			},
			want: resiliency{
				ShareMean:       [2]float64{137.0 / 288, 137.0 / 288},
				Instance:        reports.Survival{Mean: 143.0 / 288, Worst: 1.0 / 3},
				Zone:            reports.Survival{Mean: 143.0 / 288, Worst: 1.0 / 3},
				StoppedByFaults: 1, Episodes: 1, RecoveryMax: 80, RecoveryMean: 80,
				UnservedTaskSeconds: 80,
			},
		},
		{
			name: "a service that never reaches steady state scores 0",
			// Desired 3, two tasks on two instances: never steady, nothing measured.
			sc: scenario{
				fleet:    fleet(a, b),
				services: []*models.Service{service("web", web, 3, 100)},
				horizon:  1000 * s,
				script: func(r *run) {
					r.register(0, r.in...)
					r.healthy(40*s, r.start(0, r.in[0], "web"), r.start(0, r.in[1], "web"))
				},
			},
			want: resiliency{},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := resiliencyOf(tc.sc.summary(t).Services["web"])
			if diff := cmp.Diff(tc.want, got, approx); diff != "" {
				t.Errorf("resiliency (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSummaryResiliency(t *testing.T) {
	const s = time.Second
	def := mt.TaskDef("app", 256, 256)
	const a, b, c = "us-east-1a", "us-east-1b", "us-east-1c"
	var fleet []*mt.InstanceBuilder
	for _, z := range []string{a, b, c, a, b, c} {
		fleet = append(fleet, sized("m5.xlarge", z, 8192))
	}
	sc := scenario{
		fleet: fleet,
		services: []*models.Service{
			service("web", def, 12, 100), service("api", def, 4, 100), service("idle", def, 0, 100),
		},
		horizon: 1000 * s,
		script: func(r *run) {
			r.register(0, r.in...)
			var ts []*models.Task
			// web: 12 round-robin over six instances in three zones, 2 per instance, 4 per zone.
			for i := range 12 {
				ts = append(ts, r.start(0, r.in[i%6], "web"))
			}
			// api: 4 binpacked on i-1 until 500 s, when one moves to i-2 (at one instant).
			var api []*models.Task
			for range 4 {
				api = append(api, r.start(0, r.in[0], "api"))
			}
			r.healthy(40*s, append(ts, api...)...)
			r.stop(500*s, api[0])
			r.healthy(500*s, r.start(500*s, r.in[1], "api"))
		},
	}
	// web: instance (12 − 2)/12 = 5/6, zone (12 − 4)/12 = 2/3, throughout.
	// api: 0 and 0 until 500 s; then 3 on i-1 (a), 1 on i-2 (b): (4 − 3)/4 = 1/4 for both.
	// Means over 960 s: 0 × 460/960 + 1/4 × 500/960 = 125/960; worst 0.
	// idle (desired 0): 1, 1, but it weighs nothing.
	// Weighted by desired (12, 4, 0) over 16:
	//   instance mean (12 × 5/6 + 4 × 125/960)/16 = (10 + 125/240)/16 = 2525/3840
	//   zone mean     (12 × 2/3 + 4 × 125/960)/16 = (8 + 125/240)/16 = 2045/3840
	//   instance worst (12 × 5/6 + 0)/16 = 10/16; zone worst (12 × 2/3)/16 = 8/16.
	want := reports.Resiliency{
		InstanceLossSurvivalMean: 2525.0 / 3840, ZoneLossSurvivalMean: 2045.0 / 3840,
		InstanceLossSurvivalWorst: 10.0 / 16, ZoneLossSurvivalWorst: 8.0 / 16,
	}
	sum := sc.summary(t)
	if diff := cmp.Diff(want, sum.Resiliency, approx); diff != "" {
		t.Errorf("resiliency (-want +got):\n%s", diff)
	}
	idle := sum.Services["idle"].Resiliency
	if idle.InstanceLossSurvival != (reports.Survival{Mean: 1, Worst: 1}) || idle.ZoneLossSurvival != idle.InstanceLossSurvival {
		t.Errorf("idle's resiliency = %+v, want 1 and 1 (a service that wants no task loses none)", idle)
	}
}

func TestSummaryResiliencyWithoutServices(t *testing.T) {
	// No service wants a task: nothing to weigh, all 0.
	sc := scenario{services: []*models.Service{service("idle", mt.TaskDef("app", 256, 256), 0, 100)}, horizon: time.Hour}
	if got := sc.summary(t).Resiliency; got != (reports.Resiliency{}) {
		t.Errorf("resiliency = %+v, want zeros", got)
	}
}

func TestFaults(t *testing.T) {
	const s = time.Second
	const a, b, c = "us-east-1a", "us-east-1b", "us-east-1c"
	_, fargateSpot := providers()
	web := service("web", mt.TaskDef("web", 256, 256), 4, 100)
	api := service("api", fargateDef("api", 256, 512, ""), 2, 100)
	api.LaunchType = models.LaunchFargate
	sc := scenario{
		fleet: []*mt.InstanceBuilder{
			sized("m5.xlarge", a, 8192), sized("m5.xlarge", b, 8192), sized("m5.xlarge", a, 8192), sized("m5.xlarge", c, 8192),
		},
		services: []*models.Service{web, api},
		horizon:  1000 * s,
		script: func(r *run) {
			i1, i2, i3, i4 := r.in[0], r.in[1], r.in[2], r.in[3]
			r.register(0, r.in...)
			// web: t1, t2 on i-1 (a), t3 on i-2 (b), t4 on i-3 (a). api: one FARGATE_SPOT
			// task in zone a, one in b.
			ws := []*models.Task{r.start(0, i1, "web"), r.start(0, i1, "web"), r.start(0, i2, "web"), r.start(0, i3, "web")}
			a1 := r.startFargate(0, "api", a, fargateSpot)
			a2 := r.startFargate(0, "api", b, fargateSpot)
			r.healthy(40*s, append(ws, a1, a2)...)
			// Zone a goes out at 100 s: i-1 and i-3 fail (3 web tasks), i-2's agent
			// disconnects for 10 s.
			r.emit(100*s, models.Event{Kind: models.ZoneOutageStarted, Zone: a})
			r.lose(100*s, i1)
			r.lose(100*s, i3)
			r.emit(100*s, models.Event{Kind: models.AgentDisconnected, Instance: i2})
			r.emit(110*s, models.Event{Kind: models.AgentReconnected, Instance: i2})
			// A FARGATE_SPOT interruption at 200 s: a1 stops with Fault and is gone at 320 s
			// (its TaskStopped carrying Fault too must not count it twice); a3 in zone b
			// replaces it, healthy at 260 s.
			r.emit(200*s, models.Event{Kind: models.SpotInterruptionNotice, Task: a1, Instance: a1.Instance})
			r.cluster.BeginStop(a1, sim.Time(200*s), "Your Spot Task was interrupted.")
			r.emit(200*s, models.Event{Kind: models.TaskStopping, Task: a1, Instance: a1.Instance, Reason: a1.StopReason, Fault: true})
			r.healthy(260*s, r.startFargate(200*s, "api", b, fargateSpot))
			r.cluster.FinishStop(a1, sim.Time(320*s), a1.StopReason)
			r.emit(320*s, models.Event{Kind: models.TaskStopped, Task: a1, Instance: a1.Instance, Reason: a1.StopReason, Fault: true})
			// Zone a is back at 400 s; three web replacements on i-2 are healthy at 450 s.
			r.emit(400*s, models.Event{Kind: models.ZoneOutageEnded, Zone: a})
			var next []*models.Task
			for range 3 {
				next = append(next, r.start(400*s, i2, "web"))
			}
			r.healthy(450*s, next...)
			// i-4 is retired, not lost: no fault. Zone c goes out at 900 s until the end.
			r.terminate(800*s, i4)
			r.emit(900*s, models.Event{Kind: models.ZoneOutageStarted, Zone: c})
		},
	}
	// Faults: i-1 and i-3 lost, a1 interrupted: 3. Tasks stopped by faults: 2 + 1 + 1 = 4,
	// 4/3 per fault. Unserved: web 3 × (450 − 100) = 1050, api 1 × (260 − 200) = 60 → 1110.
	// Outages: a 100–400 s = 300 s, c 900 s to the end = 100 s.
	want := reports.Faults{
		Count: 3, InstancesLost: 2, FargateInterruptions: 1, TasksLostPerFault: 4.0 / 3,
		UnservedTaskSeconds: 1110, ZoneOutages: 2, ZoneOutageSeconds: map[string]float64{a: 300, c: 100},
		AgentDisconnects: 1,
	}
	sum := sc.summary(t)
	if diff := cmp.Diff(want, sum.Faults, approx); diff != "" {
		t.Errorf("faults (-want +got):\n%s", diff)
	}
	if got := sum.Tasks.StoppedByFaults; got != 4 {
		t.Errorf("tasks.stopped_by_faults = %d, want 4", got)
	}
	// web: one episode 100–450 s; api: one 200–260 s.
	for name, want := range map[string][3]float64{"web": {3, 350, 1050}, "api": {1, 60, 60}} {
		v := sum.Services[name]
		got := [3]float64{float64(v.StoppedByFaults), v.RecoverySecondsMax, v.UnservedTaskSeconds}
		if diff := cmp.Diff(want, got, approx); diff != "" || v.FaultEpisodes != 1 || v.RecoverySecondsMean != v.RecoverySecondsMax {
			t.Errorf("%s: stopped by faults, recovery max, unserved (-want +got):\n%s; episodes %d, mean %v",
				name, diff, v.FaultEpisodes, v.RecoverySecondsMean)
		}
	}
}

func TestFaultsWithoutFaults(t *testing.T) {
	// No fault: 0 per fault (not NaN), an empty map of outage seconds (not null).
	sum := scenario{horizon: time.Hour}.summary(t)
	want := reports.Faults{ZoneOutageSeconds: map[string]float64{}}
	if diff := cmp.Diff(want, sum.Faults); diff != "" {
		t.Errorf("faults (-want +got):\n%s", diff)
	}
}

// TestFaultEpisodes checks each recovery episode's figures by hand: when it opened and closed,
// the fewest healthy tasks while it was open, the share of the owed task-seconds it served,
// and the tasks faults stopped meanwhile.
func TestFaultEpisodes(t *testing.T) {
	const s = time.Second
	web := mt.TaskDef("web", 256, 256)
	fleet := []*mt.InstanceBuilder{
		sized("m5.xlarge", "us-east-1a", 8192), sized("m5.xlarge", "us-east-1b", 8192), sized("m5.xlarge", "us-east-1c", 8192),
	}
	// 12 desired, 4 on each of i-1, i-2, i-3, healthy at 40 s.
	//   400 s: i-1 is lost with its 4 tasks: healthy 8 of 12. Their replacements start on i-2
	//     at once and are healthy at 440 s: served 8 × 40 of 12 × 40 task-seconds, 2/3.
	//   700 s: i-2 is lost with 8 tasks: healthy 4. Four replacements start on i-3 at once
	//     (healthy at 750 s), four more at 800 s (healthy at 830 s). Served 4 × 50 + 8 × 80 =
	//     840 of 12 × 130 = 1560: 840/1560.
	//   900 s: i-3 is lost with all 12: healthy 0 to the end, 1000 s. Open: no end, 100 s
	//     long, served 0.
	sc := scenario{
		fleet: fleet, services: []*models.Service{service("web", web, 12, 100)}, horizon: 1000 * s,
		script: func(r *run) {
			r.register(0, r.in...)
			start := func(at time.Duration, in *models.Instance, n int) (ts []*models.Task) {
				for range n {
					ts = append(ts, r.start(at, in, "web"))
				}
				return ts
			}
			var first []*models.Task
			for _, in := range r.in {
				first = append(first, start(0, in, 4)...)
			}
			r.healthy(40*s, first...)
			r.lose(400*s, r.in[0])
			r.healthy(440*s, start(400*s, r.in[1], 4)...)
			r.lose(700*s, r.in[1])
			a := start(700*s, r.in[2], 4)
			r.healthy(750*s, a...)
			r.healthy(830*s, start(800*s, r.in[2], 4)...)
			r.lose(900*s, r.in[2])
		},
	}
	at := func(x float64) *float64 { return &x }
	want := []reports.FaultEpisode{
		{StartedAt: 400, EndedAt: at(440), DurationSeconds: 40, LowestHealthy: 8, ServedFraction: 2.0 / 3, StoppedByFaults: 4},
		{StartedAt: 700, EndedAt: at(830), DurationSeconds: 130, LowestHealthy: 4, ServedFraction: 840.0 / 1560, StoppedByFaults: 8},
		{StartedAt: 900, DurationSeconds: 100, LowestHealthy: 0, ServedFraction: 0, StoppedByFaults: 12},
	}
	got := sc.summary(t).Services["web"]
	if diff := cmp.Diff(want, got.Episodes, approx); diff != "" {
		t.Errorf("episodes (-want +got):\n%s", diff)
	}
	// The existing figures agree: 3 episodes, the longest 130 s, the mean 270/3 s.
	if got.FaultEpisodes != 3 || got.RecoverySecondsMax != 130 || got.RecoverySecondsMean != 90 {
		t.Errorf("fault_episodes %d, recovery max %v, mean %v; want 3, 130, 90", got.FaultEpisodes, got.RecoverySecondsMax, got.RecoverySecondsMean)
	}
}

// TestShortfall checks tasks_short_mean and tasks_short_max by hand: max(0, desired − tasks
// placed and not stopping), from the start of the run.
func TestShortfall(t *testing.T) {
	const s = time.Second
	svc := service("web", mt.TaskDef("web", 256, 256), 4, 100)
	// 4 desired over 1000 s:
	//   0–300 s: 2 placed, short 2;   300–600 s: 3 placed, short 1 (at 500 s all three stop
	//   and three start at the same instant: short 4 for no time, which does not count);
	//   600 s: scaled to 6, short 3;  800 s: one more placed, short 2;
	//   900 s: one starts STOPPING, short 3 to the end.
	// Mean (2×300 + 1×300 + 3×200 + 2×100 + 3×100) / 1000 = 2; the largest held 3.
	sc := scenario{
		fleet: []*mt.InstanceBuilder{sized("m5.xlarge", "us-east-1a", 8192)}, services: []*models.Service{svc}, horizon: 1000 * s,
		script: func(r *run) {
			in := r.in[0]
			r.register(0, in)
			ts := []*models.Task{r.start(0, in, "web"), r.start(0, in, "web")}
			ts = append(ts, r.start(300*s, in, "web"))
			r.stop(500*s, ts...)
			r.start(500*s, in, "web")
			r.start(500*s, in, "web")
			last := r.start(500*s, in, "web")
			r.scale(600*s, svc, 6)
			r.start(800*s, in, "web")
			r.stopping(900*s, last)
		},
	}
	got := sc.summary(t).Services["web"]
	if got.TasksShortMean != 2 || got.TasksShortMax != 3 || got.NeverPlaced != 0 {
		t.Errorf("tasks_short_mean %v, tasks_short_max %d, never_placed %d; want 2, 3, 0", got.TasksShortMean, got.TasksShortMax, got.NeverPlaced)
	}
}
