package models_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/models/modelstest"
	"github.com/ecssim/ecssim/scheduler"
	"github.com/ecssim/ecssim/sim"
)

// workloadPlacers builds, as the scenarios package does, one placer a workload and ASG
// provider, with binpack on CPU.
type workloadPlacers struct {
	c    *models.Cluster
	ix   *scheduler.Index
	st   sim.Streams
	t    *testing.T
	made map[string]models.Placer
}

func (wp *workloadPlacers) PlacerOn(*models.Service, *models.CapacityProvider) (models.Placer, bool) {
	return nil, false
}

func (wp *workloadPlacers) WorkloadPlacerOn(w *models.Workload, p *models.CapacityProvider) (models.Placer, bool) {
	name := "placement/workload/" + w.Name + "/" + p.Name
	if pl := wp.made[name]; pl != nil {
		return pl, true
	}
	pl, err := scheduler.NewProviderPipeline(wp.c, wp.ix, binpackCPU, nil, p, wp.st.Source(name))
	if err != nil {
		wp.t.Fatal(err)
	}
	wp.made[name] = pl
	return pl, true
}

var binpackCPU = []models.StrategySpec{{Type: "binpack", Field: "cpu"}}

// placements keeps the instance of every TaskPlaced, in order.
type placements []*models.Instance

func (p *placements) Observe(_ sim.Time, e models.Event) {
	if e.Kind == models.TaskPlaced {
		*p = append(*p, e.Instance)
	}
}

// runTasks runs workloads until horizon on the providers (and the built-in Fargate ones),
// under the invariant checker; set changes the simulation before it starts.
func runTasks(t *testing.T, horizon time.Duration, providers []*models.CapacityProvider, workloads []*models.WorkloadConfig, set func(*models.Simulation)) (*models.Simulation, *recorder, placements) {
	t.Helper()
	streams := sim.NewStreams(1)
	c := models.NewCluster("default", modelstest.Epoch, models.TieOldest, 1)
	ix := scheduler.NewIndex(c)
	s := models.NewSimulation(c, streams, sim.Time(horizon))
	s.CapacityProviders = append(providers, models.BuiltinProviders()...)
	s.ProviderPlacers = &workloadPlacers{c: c, ix: ix, st: streams, t: t, made: map[string]models.Placer{}}
	for _, wc := range workloads {
		pl, err := scheduler.NewPipeline(c, ix, binpackCPU, nil, streams.Source("placement/workload/"+wc.Name))
		if err != nil {
			t.Fatal(err)
		}
		s.Workloads = append(s.Workloads, models.NewWorkload(wc, pl))
	}
	if set != nil {
		set(s)
	}
	chk := &models.InvariantChecker{Cluster: c}
	rec := &recorder{}
	var on placements
	s.AddObserver(chk)
	s.AddObserver(rec)
	s.AddObserver(&on)
	s.Run()
	if err := chk.Finish(); err != nil {
		t.Fatal(err)
	}
	return s, rec, on
}

// batch is a workload of n tasks of def started together at 0 that run for an hour.
func batch(def *models.TaskDefinition, n int) *models.WorkloadConfig {
	return &models.WorkloadConfig{Name: "batch", Def: def, Group: "family:batch",
		Arrival:  models.ArrivalSpec{Kind: models.ArrivalFixed, Count: n},
		Duration: models.DistSpec{Kind: models.DistConstant, Value: time.Hour}}
}

// times returns the times of the records.
func times(rs []record) []time.Duration {
	var out []time.Duration
	for _, r := range rs {
		out = append(out, r.At)
	}
	return out
}

// repeat returns n copies of d.
func repeat(d time.Duration, n int) []time.Duration {
	out := make([]time.Duration, n)
	for i := range out {
		out[i] = d
	}
	return out
}

// TestRunTaskScaleOutFromZero: RunTask of ten tasks of 1024 CPU units (two per m6i.large,
// binpacked) on an empty Auto Scaling group provider, min 0. Every task waits in PROVISIONING
// and counts in the provider's CapacityProviderReservation (ECS-REFERENCE §5.3): the first
// scale-out from zero reads CPR 200 and launches two instances at 60 s; they register at 150 s
// (90 s launch latency) and take four tasks. After the 300 s warm-up, at 360 s, the six waiting
// tasks binpack onto 3 more instances: M = 2 + 3 = 5, CPR 250, 3 launch, registered at 450 s,
// and the last six tasks are placed. The same happens when the workload names no strategy and
// the cluster's default is the provider; with launch type EC2 it ignores the default, finds no
// instance, and RunTask fails all ten at once.
func TestRunTaskScaleOutFromZero(t *testing.T) {
	placed := append(repeat(150*time.Second, 4), repeat(450*time.Second, 6)...)
	scaled := []scaling{{60 * time.Second, models.ScaleOut, 200, 2}, {360 * time.Second, models.ScaleOut, 250, 3}}
	for _, tc := range []struct {
		name       string
		own        bool // the workload names the provider, else the cluster's default does
		launchType string
		placed     []time.Duration
		scaled     []scaling
		failed     int
	}{
		{"own strategy", true, "", placed, scaled, 0},
		{"cluster default strategy", false, "", placed, scaled, 0},
		{"launch type EC2 ignores the default", false, models.LaunchEC2, nil, nil, 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := asgProvider(100, true)
			wc := batch(modelstest.TaskDef("batch", 1024, 1024), 10)
			wc.LaunchType = tc.launchType
			s, rec, _ := runTasks(t, time.Hour, []*models.CapacityProvider{p}, []*models.WorkloadConfig{wc}, func(s *models.Simulation) {
				strategy := []models.StrategyItem{{Provider: p, Weight: 1}}
				if tc.own {
					s.Workloads[0].CapacityProviderStrategy = strategy
				} else {
					s.DefaultStrategy = strategy
				}
			})
			if diff := cmp.Diff(tc.placed, times(rec.of(models.TaskPlaced))); diff != "" {
				t.Errorf("TaskPlaced times (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.scaled, rec.scale); diff != "" {
				t.Errorf("scaling (-want +got):\n%s", diff)
			}
			if n := len(rec.of(models.PlacementFailed)); n != tc.failed {
				t.Errorf("%d placement failures, want %d", n, tc.failed)
			}
			if n := s.Workloads[0].Unplaced(); n != 0 {
				t.Errorf("%d tasks still PROVISIONING, want 0", n)
			}
		})
	}
}

// TestRunTaskFargate: RunTask on Fargate, by launch type or by the cluster's default strategy
// of FARGATE, gets each task a micro-VM as a service's (TestFargateLaunch): provisioning 30 s,
// a 100 MiB image at 50 MiB/s (2 s), containers 2 s, so RUNNING 34 s after its launch token;
// with a bucket of 2 tokens refilled at 1 a second the five tasks get theirs at 0, 0, 1, 2 and
// 3 s. They spread over the workload's zones a and b, 3 and 2.
func TestRunTaskFargate(t *testing.T) {
	for _, tc := range []struct {
		name       string
		launchType string
		provider   string // the default strategy's, if any
	}{
		{"launch type FARGATE", models.LaunchFargate, ""},
		{"default strategy FARGATE", "", models.FargateProviderName},
		{"default strategy FARGATE_SPOT", "", models.FargateSpotProviderName},
	} {
		t.Run(tc.name, func(t *testing.T) {
			def := modelstest.TaskDef("batch", 256, 512)
			def.NetworkMode = models.AWSVPC
			def.Image = &models.Image{Name: "batch", SizeMiB: 100, Registry: models.ECR}
			def.Finalize()
			wc := batch(def, 5)
			wc.LaunchType, wc.Zones = tc.launchType, []string{"us-east-1a", "us-east-1b"}
			_, rec, on := runTasks(t, 10*time.Minute, nil, []*models.WorkloadConfig{wc}, func(s *models.Simulation) {
				s.Fargate = models.FargateSettings{Provisioning: models.DistSpec{Kind: models.DistConstant, Value: 30 * time.Second},
					PullMiBps: 50, LaunchBurst: 2, LaunchRate: 1}
				for _, p := range s.CapacityProviders {
					if p.Name == tc.provider {
						s.DefaultStrategy = []models.StrategyItem{{Provider: p, Weight: 1}}
					}
				}
			})
			s := time.Second
			if diff := cmp.Diff([]time.Duration{34 * s, 34 * s, 35 * s, 36 * s, 37 * s}, times(rec.of(models.TaskRunning))); diff != "" {
				t.Errorf("RUNNING times (-want +got):\n%s", diff)
			}
			zones := map[string]int{}
			for _, in := range on {
				zones[in.Zone]++
				if !in.Fargate() || in.Provider == nil && tc.provider != "" {
					t.Errorf("%s is not a Fargate task's micro-VM of provider %q", in.ID, tc.provider)
				}
			}
			if diff := cmp.Diff(map[string]int{"us-east-1a": 3, "us-east-1b": 2}, zones); diff != "" {
				t.Errorf("tasks per zone (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRunTaskProviderSplit: a workload's strategy splits its tasks as a service's: FARGATE
// with base 2 and weight 1, FARGATE_SPOT with weight 3; of ten tasks the base takes two, and
// the other eight go 1:3, so 4 on FARGATE and 6 on FARGATE_SPOT.
func TestRunTaskProviderSplit(t *testing.T) {
	def := modelstest.TaskDef("batch", 256, 512)
	def.NetworkMode = models.AWSVPC
	def.Finalize()
	wc := batch(def, 10)
	wc.Zones = []string{"us-east-1a"}
	_, _, on := runTasks(t, 10*time.Minute, nil, []*models.WorkloadConfig{wc}, func(s *models.Simulation) {
		fg, spot := s.CapacityProviders[0], s.CapacityProviders[1]
		s.Workloads[0].CapacityProviderStrategy = []models.StrategyItem{{Provider: fg, Base: 2, Weight: 1}, {Provider: spot, Weight: 3}}
	})
	got := map[string]int{}
	for _, in := range on {
		got[in.Provider.Name]++
	}
	if diff := cmp.Diff(map[string]int{models.FargateProviderName: 4, models.FargateSpotProviderName: 6}, got); diff != "" {
		t.Errorf("tasks per provider (-want +got):\n%s", diff)
	}
}

// TestRunTaskProvisioningLimits: ten RunTask tasks for an empty Auto Scaling group provider.
//   - With a PROVISIONING limit of 3, three wait and RunTask stops the other seven at once with
//     StopReasonProvisioningLimit; the three run once the first two instances register at
//     150 s (room for four).
//   - With a 5-minute timeout and instances that take 2 hours to register, all ten stop at 300 s
//     with StopReasonProvisioningTimeout, and none waits at the end.
//   - Without managed scaling nothing would ever scale for them: RunTask fails all ten at once,
//     as on EC2 (PlacementFailed, no task created).
func TestRunTaskProvisioningLimits(t *testing.T) {
	for _, tc := range []struct {
		name    string
		set     func(*models.Simulation, *models.CapacityProvider)
		stopped []time.Duration
		reason  string
		running int
		failed  int
	}{
		{"limit 3", func(s *models.Simulation, _ *models.CapacityProvider) { s.ProvisioningLimit = 3 },
			repeat(0, 7), models.StopReasonProvisioningLimit, 3, 0},
		{"timeout 5m", func(s *models.Simulation, p *models.CapacityProvider) {
			s.ProvisioningTimeout = 5 * time.Minute
			p.ASG.LaunchLatency = models.DistSpec{Kind: models.DistConstant, Value: 2 * time.Hour}
		}, repeat(5*time.Minute, 10), models.StopReasonProvisioningTimeout, 0, 0},
		{"no managed scaling", func(_ *models.Simulation, p *models.CapacityProvider) {
			p.ManagedScaling.Enabled = false
		}, nil, "", 0, 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := asgProvider(100, true)
			cfg := *p.CapacityProviderConfig
			asg := *cfg.ASG
			cfg.ASG = &asg
			p = models.NewCapacityProvider(&cfg) // a copy the case may change
			wc := batch(modelstest.TaskDef("batch", 1024, 1024), 10)
			s, rec, _ := runTasks(t, time.Hour, []*models.CapacityProvider{p}, []*models.WorkloadConfig{wc}, func(s *models.Simulation) {
				s.Workloads[0].CapacityProviderStrategy = []models.StrategyItem{{Provider: p, Weight: 1}}
				tc.set(s, p)
			})
			stops := rec.of(models.TaskStopped)
			if diff := cmp.Diff(tc.stopped, times(stops)); diff != "" {
				t.Errorf("TaskStopped times (-want +got):\n%s", diff)
			}
			for _, r := range stops {
				if r.Detail != tc.reason {
					t.Errorf("%s stopped: %q, want %q", r.Task, r.Detail, tc.reason)
				}
			}
			if n := len(rec.of(models.TaskRunning)); n != tc.running {
				t.Errorf("%d tasks RUNNING, want %d", n, tc.running)
			}
			if n := len(rec.of(models.PlacementFailed)); n != tc.failed {
				t.Errorf("%d placement failures, want %d", n, tc.failed)
			}
			if n := s.Workloads[0].Unplaced(); n != 0 {
				t.Errorf("%d tasks still PROVISIONING, want 0", n)
			}
		})
	}
}
