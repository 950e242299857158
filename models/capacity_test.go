package models_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/models/modelstest"
)

// asgProvider returns a managed-scaling provider of m6i.large (2048 CPU units) in the given
// zones (by default us-east-1a alone), empty at the start, whose instances register 90 s after
// launch.
func asgProvider(target int, protect bool, zones ...string) *models.CapacityProvider {
	typ, _ := models.LookupInstanceType("m6i.large")
	if len(zones) == 0 {
		zones = []string{"us-east-1a"}
	}
	return models.NewCapacityProvider(&models.CapacityProviderConfig{Name: "asg", Kind: models.ProviderASG, ASG: &models.AutoScalingGroup{
		InstanceTypes: []*models.InstanceType{typ}, Zones: zones,
		MaxSize: 100, Market: models.OnDemand, AMIID: "ami-test", Agent: models.DefaultAgentConfig(),
		LaunchLatency: models.DistSpec{Kind: models.DistConstant, Value: 90 * time.Second},
	}, ManagedScaling: models.ManagedScaling{Enabled: true, TargetCapacity: target, MinStep: 1, MaxStep: 10000, WarmUp: 300 * time.Second}, ManagedTerminationProtection: protect, ManagedDraining: true})
}

type scaling struct {
	At     time.Duration
	Kind   models.EventKind
	Metric float64
	Count  int
}

// scalings returns the ScaleOut and ScaleIn events of a run.
func scalings(rec *recorder, _ *models.Simulation) []scaling { return rec.scale }

// TestScaleOutFromZero: ten tasks of 1024 CPU units (two per m6i.large, placed with binpack) on
// an empty group. The first scale-out from zero reads CPR 200 and launches two instances (at
// 60 s, registered at 150 s: four tasks placed). Scale-out waits out the 300 s warm-up.
//   - One zone, target 100: at 360 s the six waiting tasks binpack onto 3 more instances,
//     M = 2 + 3 = 5, CPR = 250, and ceil(5 × 100 / 100) − 2 = 3 launch: the group settles on
//     5, the fewest the tasks need, at CPR 100.
//   - One zone, target 50: ceil(5 × 100 / 50) − 2 = 8 launch, and the group settles on 10,
//     twice the need, at CPR 50.
//   - Three zones, target 100: ECS cannot binpack over zones and takes M = N + 1 (the minimum
//     step): CPR 150, 133.3, 125, one instance per warm-up, to the same 5.
func TestScaleOutFromZero(t *testing.T) {
	cpr := func(m, n float64) float64 { return m / n * 100 } // as the run computes it
	abc := []string{"us-east-1a", "us-east-1b", "us-east-1c"}
	for _, tc := range []struct {
		name   string
		target int
		zones  []string
		want   []scaling
		final  int
	}{
		{"one zone, target 100", 100, nil, []scaling{
			{60 * time.Second, models.ScaleOut, 200, 2},
			{360 * time.Second, models.ScaleOut, 250, 3},
		}, 5},
		{"one zone, target 50", 50, nil, []scaling{
			{60 * time.Second, models.ScaleOut, 200, 2},
			{360 * time.Second, models.ScaleOut, 250, 8},
		}, 10},
		{"three zones, target 100", 100, abc, []scaling{
			{60 * time.Second, models.ScaleOut, 200, 2},
			{360 * time.Second, models.ScaleOut, 150, 1},
			{660 * time.Second, models.ScaleOut, cpr(4, 3), 1},
			{960 * time.Second, models.ScaleOut, 125, 1},
		}, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := asgProvider(tc.target, true, tc.zones...)
			svc := service("web", modelstest.TaskDef("web", 1024, 1024), 10, 100, 200)
			svc.CapacityProviderStrategy = []models.StrategyItem{{Provider: p, Weight: 1}}
			configure = func(s *models.Simulation) { s.CapacityProviders = []*models.CapacityProvider{p} }
			providerChain = []models.StrategySpec{{Type: "binpack", Field: "cpu"}}
			defer func() { providerChain = nil }()
			s, rec := simulate(t, time.Hour, nil, []*models.Service{svc})
			if diff := cmp.Diff(tc.want, scalings(rec, s)); diff != "" {
				t.Errorf("scaling (-want +got):\n%s", diff)
			}
			if n := len(s.Cluster.Instances()); n != tc.final {
				t.Errorf("%d instances at the end, want %d", n, tc.final)
			}
			running := 0
			for _, task := range svc.Tasks() {
				if task.State == models.Running {
					running++
				}
			}
			if running != 10 {
				t.Errorf("%d tasks running, want 10", running)
			}
		})
	}
}

// TestScaleIn: after the service scales from 10 to 2 tasks at 1h, three or more instances are
// empty; CPR stays below target for 15 minutes before the group scales in, by less than half
// the group a minute, and with managed termination protection only empty instances go.
func TestScaleInOnlyEmpty(t *testing.T) {
	p := asgProvider(100, true)
	svc := service("web", modelstest.TaskDef("web", 1024, 1024), 10, 100, 200)
	svc.CapacityProviderStrategy = []models.StrategyItem{{Provider: p, Weight: 1}}
	configure = func(s *models.Simulation) { s.CapacityProviders = []*models.CapacityProvider{p} }
	s, rec := simulate(t, 2*time.Hour, nil, []*models.Service{svc},
		models.Action{ActionConfig: &models.ActionConfig{At: time.Hour, Kind: models.ActionScale, DesiredCount: 2}, Service: svc})
	var ins []scaling
	for _, x := range scalings(rec, s) {
		if x.Kind == models.ScaleIn {
			ins = append(ins, x)
		}
	}
	if len(ins) == 0 {
		t.Fatal("no scale-in")
	}
	// The tasks stop at 1h + 30 s (stop timeout); the first minute with CPR below target is
	// then 1h1m, and the scale-in comes 15 minutes later.
	if ins[0].At != time.Hour+16*time.Minute {
		t.Errorf("first scale-in at %v, want 1h16m", ins[0].At)
	}
	for _, r := range rec.of(models.TaskStopping) {
		if r.Detail != "" && r.Detail[:4] == "Host" {
			t.Errorf("task %s stopped by a termination: %s", r.Task, r.Detail)
		}
	}
	if n := len(s.Cluster.Instances()); n > 2 {
		t.Errorf("%d instances left for 2 tasks", n)
	}
}

// TestStrategyWeights: FARGATE with base 2 and weight 1, FARGATE_SPOT with weight 4: the first
// two tasks take the base, then the other ten split 1:4, two and eight.
func TestStrategyWeights(t *testing.T) {
	fg := models.NewCapacityProvider(&models.CapacityProviderConfig{Name: models.FargateProviderName, Kind: models.ProviderFargate})
	spot := models.NewCapacityProvider(&models.CapacityProviderConfig{Name: models.FargateSpotProviderName, Kind: models.ProviderFargateSpot})
	def := modelstest.TaskDef("web", 512, 1024)
	def.NetworkMode = models.AWSVPC
	def.RequiresCompatibilities = []string{"FARGATE"}
	def.Finalize()
	svc := service("web", def, 12, 100, 200)
	svc.CapacityProviderStrategy = []models.StrategyItem{{Provider: fg, Base: 2, Weight: 1}, {Provider: spot, Weight: 4}}
	configure = func(s *models.Simulation) { s.CapacityProviders = []*models.CapacityProvider{fg, spot} }
	_, rec := simulate(t, 10*time.Minute, nil, []*models.Service{svc})
	var order []string
	counts := map[string]int{}
	for _, task := range svc.Tasks() {
		counts[task.Provider.Name]++
		order = append(order, fmt.Sprintf("%s:%s", task.ID, task.Provider.Name))
	}
	if diff := cmp.Diff(map[string]int{"FARGATE": 4, "FARGATE_SPOT": 8}, counts); diff != "" {
		t.Errorf("tasks per provider (-want +got):\n%s\n%v", diff, order)
	}
	if order[0] != "web-1:FARGATE" || order[1] != "web-2:FARGATE" {
		t.Errorf("base not filled first: %v", order)
	}
	if n := len(rec.of(models.TaskRunning)); n != 12 {
		t.Errorf("%d tasks running", n)
	}
}

// TestFargateLaunch: provisioning 30 s, a 100 MiB image at 50 MiB/s (2 s), containers 2 s:
// RUNNING 34 s after launch. With a bucket of 2 tokens refilled at 1 per second, five tasks
// launched together get their tokens at 0, 0, 1, 2 and 3 s.
func TestFargateLaunch(t *testing.T) {
	def := modelstest.TaskDef("web", 256, 512)
	def.NetworkMode = models.AWSVPC
	def.Image = &models.Image{Name: "web", SizeMiB: 100, Registry: models.ECR}
	def.Finalize()
	svc := service("web", def, 5, 100, 200)
	svc.LaunchType = models.LaunchFargate
	svc.Zones = []string{"us-east-1a", "us-east-1b"}
	configure = func(s *models.Simulation) {
		s.Fargate = models.FargateSettings{Provisioning: models.DistSpec{Kind: models.DistConstant, Value: 30 * time.Second},
			PullMiBps: 50, LaunchBurst: 2, LaunchRate: 1}
	}
	_, rec := simulate(t, 10*time.Minute, nil, []*models.Service{svc})
	var got []time.Duration
	for _, r := range rec.of(models.TaskRunning) {
		got = append(got, r.At)
	}
	s := time.Second
	if diff := cmp.Diff([]time.Duration{34 * s, 34 * s, 35 * s, 36 * s, 37 * s}, got); diff != "" {
		t.Errorf("RUNNING times (-want +got):\n%s", diff)
	}
	zones := map[string]int{}
	for _, task := range svc.Tasks() {
		zones[task.Instance.Zone]++
		if !task.Instance.Fargate() {
			t.Errorf("%s is not on Fargate", task.ID)
		}
	}
	if diff := cmp.Diff(map[string]int{"us-east-1a": 3, "us-east-1b": 2}, zones); diff != "" {
		t.Errorf("tasks per zone (-want +got):\n%s", diff)
	}
}

// TestSpotInterruptions: EC2 Spot instances in an ASG with Spot draining are interrupted (a
// high rate makes it certain within the hour): each notice drains the instance, the service
// replaces its tasks, the instance terminates two minutes later and the group launches a Spot
// replacement. FARGATE_SPOT tasks are interrupted with SIGTERM and replaced.
func TestSpotInterruptions(t *testing.T) {
	p := asgProvider(100, true)
	p.ASG.Market = models.Spot
	p.ASG.DesiredCapacity = 3
	p.ASG.Agent.EnableSpotInstanceDraining = true
	svc := service("web", modelstest.TaskDef("web", 512, 512), 6, 50, 200)
	svc.CapacityProviderStrategy = []models.StrategyItem{{Provider: p, Weight: 1}}
	spot := models.NewCapacityProvider(&models.CapacityProviderConfig{Name: models.FargateSpotProviderName, Kind: models.ProviderFargateSpot})
	def := modelstest.TaskDef("api", 256, 512)
	def.NetworkMode = models.AWSVPC
	def.Finalize()
	api := service("api", def, 4, 100, 200)
	api.CapacityProviderStrategy = []models.StrategyItem{{Provider: spot, Weight: 1}}
	configure = func(s *models.Simulation) {
		s.CapacityProviders = []*models.CapacityProvider{p, spot}
		s.Spot = models.SpotSettings{InstanceInterruptionsPerHour: 2, TaskInterruptionsPerHour: 2, Notice: models.SpotNotice}
	}
	_, rec := simulate(t, 2*time.Hour, nil, []*models.Service{svc, api})
	notices := rec.of(models.SpotInterruptionNotice)
	terminated := rec.of(models.InstanceTerminated)
	if len(notices) == 0 || len(terminated) == 0 {
		t.Fatalf("%d notices, %d terminations", len(notices), len(terminated))
	}
	spotStops := 0
	for _, r := range rec.of(models.TaskStopping) {
		if r.Detail == "Your Spot Task was interrupted." {
			spotStops++
		}
	}
	if spotStops == 0 {
		t.Error("no FARGATE_SPOT task interrupted")
	}
	if n := len(svc.Tasks()); n < 6 {
		t.Errorf("web has %d tasks at the end, want its 6 replaced", n)
	}
	if n := len(rec.of(models.InstanceLaunched)); n < len(terminated) {
		t.Errorf("%d launches for %d terminated Spot instances", n, len(terminated))
	}
}
