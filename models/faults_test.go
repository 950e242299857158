package models_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/models/modelstest"
	"github.com/ecssim/ecssim/scheduler"
)

// schedulerPipeline builds a RunTask pipeline (random placement) for a workload of s.
func schedulerPipeline(t *testing.T, s *models.Simulation, name string) models.Placer {
	t.Helper()
	p, err := scheduler.NewPipeline(s.Cluster, nil, scheduler.RunTaskDefault(), nil, s.Streams.Source("placement/workload/"+name))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestZoneOutage: nine m6i.xlarge over three zones (i-0001, i-0004 and i-0007 in us-east-1a)
// and a service of 12 tasks of 512 CPU units. Spread over zones puts 4 in each zone, so an
// outage of us-east-1a at 1h stops 4; binpack on memory with the oldest tie-break puts 8 on
// i-0001 (4096 / 512) and 4 on i-0002, so the same outage stops 8. The lost tasks are replaced
// at once in the other zones and are healthy 42 s later (no image, 2 s to start, 40 s of health
// grace). When the zone returns at 1h30m its instances register again; the tasks stay where
// they are unless AZ rebalancing moves them back, to 4 per zone: as it does when set ENABLED,
// and when left unset, as CreateService's default enables it for a service whose first
// strategy spreads over zones and whose maximum_percent (200) leaves room (DG/service-rebalancing).
func TestZoneOutage(t *testing.T) {
	outage := models.Action{ActionConfig: &models.ActionConfig{At: time.Hour, Kind: models.ActionAZOutage, Zone: "us-east-1a", Duration: 30 * time.Minute}}
	for _, tc := range []struct {
		name      string
		chain     []models.StrategySpec
		rebalance models.Rebalancing // as configured; "": CreateService's default
		lost      int
		zones     map[string]int // tasks per zone at the end
	}{
		{"spread", nil, models.RebalancingDisabled, 4, map[string]int{"us-east-1b": 6, "us-east-1c": 6}},
		{"spread, rebalancing", nil, models.RebalancingEnabled, 4, map[string]int{"us-east-1a": 4, "us-east-1b": 4, "us-east-1c": 4}},
		{"spread, rebalancing by default", nil, "", 4, map[string]int{"us-east-1a": 4, "us-east-1b": 4, "us-east-1c": 4}},
		{"binpack", []models.StrategySpec{{Type: "binpack", Field: "memory"}}, "", 8, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svc := service("web", modelstest.TaskDef("web", 512, 1024), 12, 100, 200)
			svc.AZRebalancing = tc.rebalance
			svc.Placer = constrained{chain: tc.chain}
			_, rec := simulate(t, 3*time.Hour, []*models.InstanceGroup{fleet("g", "m6i.xlarge", 9)}, []*models.Service{svc}, outage)
			lost := 0
			for _, r := range rec.of(models.TaskStopping) {
				if r.At == time.Hour {
					lost++
				}
			}
			if lost != tc.lost {
				t.Errorf("%d tasks lost in the outage, want %d", lost, tc.lost)
			}
			var back time.Duration
			for _, r := range rec.of(models.TaskHealthy) {
				if r.At > time.Hour {
					back = max(back, r.At)
					break
				}
			}
			if want := time.Hour + 42*time.Second; back != want {
				t.Errorf("replacements healthy at %v, want %v", back, want)
			}
			if tc.zones != nil {
				zones := map[string]int{}
				for _, task := range svc.Tasks() {
					zones[task.Instance.Zone]++
				}
				if diff := cmp.Diff(tc.zones, zones); diff != "" {
					t.Errorf("tasks per zone at the end (-want +got):\n%s", diff)
				}
			}
			if n := len(rec.of(models.ZoneOutageStarted, models.ZoneOutageEnded)); n != 2 {
				t.Errorf("%d outage events", n)
			}
		})
	}
}

// TestFaultsOwnStream: instance failures draw from their own stream, so a workload's arrivals
// are the same with and without them.
func TestFaultsOwnStream(t *testing.T) {
	arrivals := func(mtbf time.Duration) []time.Duration {
		w := models.NewWorkload(&models.WorkloadConfig{Name: "jobs", Def: modelstest.TaskDef("job", 256, 256), Group: "family:job", Arrival: models.ArrivalSpec{Kind: models.ArrivalPoisson, RatePerSecond: 0.05}, Duration: models.DistSpec{Kind: models.DistConstant, Value: time.Minute}}, nil)
		configure = func(s *models.Simulation) {
			s.Faults.InstanceMTBF = mtbf
			w.Placer = schedulerPipeline(t, s, "jobs")
			s.Workloads = []*models.Workload{w}
		}
		_, rec := simulate(t, 6*time.Hour, []*models.InstanceGroup{fleet("g", "m6i.large", 6)}, nil)
		var out []time.Duration
		for _, r := range rec.recs {
			if r.Kind == models.TaskPlaced || r.Kind == models.PlacementFailed {
				out = append(out, r.At)
			}
		}
		return out
	}
	without, with := arrivals(0), arrivals(2*time.Hour)
	if len(without) < 100 {
		t.Fatalf("only %d arrivals", len(without))
	}
	if diff := cmp.Diff(without, with); diff != "" {
		t.Errorf("arrivals changed with faults on (-without +with):\n%s", diff)
	}
}

// TestAgentDisconnect: an instance whose agent disconnects keeps its tasks but gets no new one
// until it reconnects.
func TestAgentDisconnect(t *testing.T) {
	svc := service("web", modelstest.TaskDef("web", 256, 256), 2, 100, 200)
	_, rec := simulate(t, time.Hour, []*models.InstanceGroup{fleet("g", "m6i.large", 2)}, []*models.Service{svc},
		models.Action{ActionConfig: &models.ActionConfig{At: 10 * time.Minute, Kind: models.ActionAgentDisconnect, Instances: []string{"i-0001"}, Duration: 20 * time.Minute}},
		models.Action{ActionConfig: &models.ActionConfig{At: 15 * time.Minute, Kind: models.ActionScale, DesiredCount: 4}, Service: svc})
	for _, task := range svc.Tasks() {
		if at := time.Duration(task.CreatedAt); at >= 10*time.Minute && at < 30*time.Minute && task.Instance.ID == "i-0001" {
			t.Errorf("task %s placed on the disconnected instance", task.ID)
		}
	}
	if n := len(rec.of(models.AgentDisconnected, models.AgentReconnected)); n != 2 {
		t.Errorf("%d agent events", n)
	}
	if n := len(rec.of(models.TaskStopping)); n != 0 {
		t.Errorf("%d tasks stopped: a disconnected agent's tasks run on", n)
	}
}

// TestPlannedTerminate: a terminate event drains the instance first: its load-balanced task's
// target drains (a planned removal), the task is replaced elsewhere, and the instance goes once
// no service task is left on it.
func TestPlannedTerminate(t *testing.T) {
	def := modelstest.TaskDef("web", 256, 256, models.PortMapping{ContainerPort: 8080})
	tg := models.NewTargetGroup(&models.TargetGroupConfig{Name: "web-tg", Type: models.TargetInstance, HealthCheck: models.DefaultTargetHealthCheck(), DeregistrationDelay: time.Minute})
	svc := service("web", def, 2, 50, 200)
	svc.LoadBalancers = []models.LoadBalancer{{TargetGroup: tg, ContainerName: "web", ContainerPort: 8080}}
	_, rec := simulate(t, time.Hour, []*models.InstanceGroup{fleet("g", "m6i.large", 3)}, []*models.Service{svc},
		models.Action{ActionConfig: &models.ActionConfig{At: 10 * time.Minute, Kind: models.ActionTerminate, Instances: []string{"i-0001"}}})
	if n := len(rec.of(models.TargetDraining)); n != 1 {
		t.Errorf("%d targets drained, want 1", n)
	}
	term := rec.of(models.InstanceTerminated)
	// The task drains 60 s, then its 30 s stop timeout runs: the instance goes at 10m + 90 s.
	if len(term) != 1 || term[0].At != 10*time.Minute+90*time.Second {
		t.Errorf("terminations %+v, want i-0001 at 11m30s", term)
	}
	if len(svc.Tasks()) != 2 {
		t.Errorf("%d tasks at the end, want 2", len(svc.Tasks()))
	}
}

// TestSpotStorm: four notices at once on a Spot fleet with Spot draining: the four instances
// drain, their tasks are replaced on the others, and they terminate two minutes later.
func TestSpotStorm(t *testing.T) {
	spot := fleet("spot", "m6i.large", 6, func(a *models.AgentConfig) { a.EnableSpotInstanceDraining = true })
	spot.Market = models.Spot
	svc := service("web", modelstest.TaskDef("web", 512, 512), 6, 50, 200)
	_, rec := simulate(t, time.Hour, []*models.InstanceGroup{spot}, []*models.Service{svc},
		models.Action{ActionConfig: &models.ActionConfig{At: 10 * time.Minute, Kind: models.ActionSpotInterruption, Count: 4}})
	notices, term := rec.of(models.SpotInterruptionNotice), rec.of(models.InstanceTerminated)
	if len(notices) != 4 || len(term) != 4 || term[0].At != 12*time.Minute {
		t.Fatalf("%d notices, terminations %+v; want 4 at 10m and 4 at 12m", len(notices), term)
	}
	if n := len(svc.Tasks()); n != 6 {
		t.Errorf("%d tasks at the end, want 6", n)
	}
}

// TestOverlappingOutages: two outages of us-east-1a, 1h-1h30m and 1h10m-1h50m: the zone returns
// only when the second ends, and nothing registers there before.
func TestOverlappingOutages(t *testing.T) {
	svc := service("web", modelstest.TaskDef("web", 512, 512), 6, 100, 200)
	_, rec := simulate(t, 3*time.Hour, []*models.InstanceGroup{fleet("g", "m6i.xlarge", 6)}, []*models.Service{svc},
		models.Action{ActionConfig: &models.ActionConfig{At: time.Hour, Kind: models.ActionAZOutage, Zone: "us-east-1a", Duration: 30 * time.Minute}},
		models.Action{ActionConfig: &models.ActionConfig{At: 70 * time.Minute, Kind: models.ActionAZOutage, Zone: "us-east-1a", Duration: 40 * time.Minute}})
	var back []time.Duration
	for _, r := range rec.of(models.InstanceRegistered) {
		if r.At > 0 {
			back = append(back, r.At)
		}
	}
	if diff := cmp.Diff([]time.Duration{110 * time.Minute, 110 * time.Minute}, back); diff != "" {
		t.Errorf("re-registrations (-want +got):\n%s", diff)
	}
}

// TestAllZonesDown: a one-zone Auto Scaling group and a one-zone Fargate service lose their
// zone for 30 minutes: the group's replacements and the Fargate tasks wait for it to return
// instead of starting in the failed zone.
func TestAllZonesDown(t *testing.T) {
	p := asgProvider(100, true)
	p.ManagedScaling.Enabled = false
	p.ASG.DesiredCapacity = 2
	svc := service("cp", modelstest.TaskDef("cp", 1024, 1024), 4, 100, 200)
	svc.CapacityProviderStrategy = []models.StrategyItem{{Provider: p, Weight: 1}}
	def := modelstest.TaskDef("fg", 256, 512)
	def.NetworkMode = models.AWSVPC
	def.Finalize()
	fg := service("fg", def, 3, 100, 200)
	fg.LaunchType = models.LaunchFargate
	fg.Zones = []string{"us-east-1a"}
	configure = func(s *models.Simulation) { s.CapacityProviders = []*models.CapacityProvider{p} }
	_, rec := simulate(t, 2*time.Hour, nil, []*models.Service{svc, fg},
		models.Action{ActionConfig: &models.ActionConfig{At: 30 * time.Minute, Kind: models.ActionAZOutage, Zone: "us-east-1a", Duration: 30 * time.Minute}})
	for _, r := range rec.of(models.InstanceRegistered, models.TaskPlaced) {
		if r.At > 30*time.Minute && r.At < time.Hour {
			t.Errorf("%v of %s at %v, inside the outage", r.Kind, r.Task, r.At)
		}
	}
	if len(svc.Tasks()) != 4 || len(fg.Tasks()) != 3 {
		t.Errorf("%d and %d tasks at the end, want 4 and 3", len(svc.Tasks()), len(fg.Tasks()))
	}
}
