package reports_test

import (
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/models"
	mt "github.com/ecssim/ecssim/models/modelstest"
	"github.com/ecssim/ecssim/reports"
	"github.com/ecssim/ecssim/sim"
)

// Prices used below (models.DefaultPricing, ECS-REFERENCE §6.4 and §7.1): Fargate x86 $0.04048
// per vCPU-hour and $0.004445 per GB-hour, ARM $0.03238 and $0.00356, FARGATE_SPOT 70% off;
// EC2 m5.large $0.096 and m5.xlarge $0.192 an hour, Spot 60% off.
//
// A 1 vCPU / 2 GB x86 Fargate task costs 1 × 0.04048 + 2 × 0.004445 = $0.04937 an hour.
const fargate1x2 = 0.04937

func providers() (fargate, fargateSpot *models.CapacityProvider) {
	return models.NewCapacityProvider(&models.CapacityProviderConfig{Name: models.FargateProviderName, Kind: models.ProviderFargate}),
		models.NewCapacityProvider(&models.CapacityProviderConfig{Name: models.FargateSpotProviderName, Kind: models.ProviderFargateSpot})
}

// fargateDef returns an awsvpc task definition, as Fargate requires, of the given task-level
// CPU units and memory (MiB).
func fargateDef(family string, cpu, mem int64, arch string) *models.TaskDefinition {
	d := &models.TaskDefinition{
		Family: family, Revision: 1, CPU: cpu, MemoryMiB: mem, NetworkMode: models.AWSVPC, CPUArchitecture: arch,
		Containers: []models.Container{{Name: family}},
	}
	d.Finalize()
	return d
}

// onFargate launches a task of owner on Fargate at time at, as Simulation.placeFargate does:
// a synthetic instance of the task's size in zone, launched by provider p (nil for a launch
// type FARGATE with no provider), the task placed on it, TaskPlaced.
func (r *run) onFargate(at time.Duration, owner, zone string, p *models.CapacityProvider) *models.Task {
	r.t.Helper()
	t := r.task(at, owner, true)
	in := models.NewFargateInstance("fargate-"+t.ID, t.Def, zone, p)
	r.cluster.Place(t, in, sim.Time(at))
	r.emit(at, models.Event{Kind: models.TaskPlaced, Task: t, Instance: in})
	return t
}

// pullFargate launches a Fargate task at time at whose micro-VM is provisioned, and whose image
// pull starts, at pull, as Simulation.launchFargate sets Task.PullStartedAt before TaskPlaced.
func (r *run) pullFargate(at, pull time.Duration, owner string, p *models.CapacityProvider) *models.Task {
	r.t.Helper()
	t := r.task(at, owner, true)
	t.PullStartedAt = sim.Time(pull)
	in := models.NewFargateInstance("fargate-"+t.ID, t.Def, "us-east-1a", p)
	r.cluster.Place(t, in, sim.Time(at))
	r.emit(at, models.Event{Kind: models.TaskPlaced, Task: t, Instance: in})
	return t
}

// startFargate launches a Fargate task and starts it at the same instant.
func (r *run) startFargate(at time.Duration, owner, zone string, p *models.CapacityProvider) *models.Task {
	t := r.onFargate(at, owner, zone, p)
	r.running(at, t)
	return t
}

func TestFargateCost(t *testing.T) {
	const (
		s = time.Second
		h = time.Hour
	)
	type want struct {
		TasksMax           int
		VCPUHours, GBHours float64
		Fargate, Total     float64
		PerTaskHour        float64
		PerService         map[string]float64
		PerProvider        map[string]float64
	}
	def1x2 := fargateDef("web", 1024, 2048, "")
	tests := []struct {
		name string
		sc   func(fargate, spot *models.CapacityProvider) scenario
		want want
	}{
		{
			name: "four 1 vCPU / 2 GB Fargate tasks for ten hours",
			// 4 tasks × 10 h × (1 vCPU × $0.04048 + 2 GB × $0.004445) = 40 × $0.04937 = $1.9748,
			// $1.97 to the cent (the "$1.975" is 1.9748 to a tenth of a cent).
			// 4 × 10 × 1 = 40 vCPU-hours, 4 × 10 × 2 = 80 GB-hours; 40 task-hours RUNNING, so
			// $1.9748 / 40 = $0.04937 per task-hour. No EC2 at all.
			sc: func(fargate, _ *models.CapacityProvider) scenario {
				return scenario{
					services:  []*models.Service{service("web", def1x2, 4, 100)},
					providers: []*models.CapacityProvider{fargate},
					horizon:   10 * h,
					script: func(r *run) {
						for _, z := range []string{"us-east-1a", "us-east-1b", "us-east-1a", "us-east-1b"} {
							r.startFargate(0, "web", z, fargate)
						}
					},
				}
			},
			want: want{
				TasksMax: 4, VCPUHours: 40, GBHours: 80, Fargate: 1.9748, Total: 1.9748, PerTaskHour: fargate1x2,
				PerService:  map[string]float64{"web": 1.9748},
				PerProvider: map[string]float64{"FARGATE": 1.9748},
			},
		},
		{
			name: "a 30-second Fargate task is billed one minute",
			// Placed at 0, stopped at 30 s, billed 60 s: $0.04937 / 60 = $0.00082283. vCPU-hours
			// 1/60, GB-hours 2/60. RUNNING 30 s = 1/120 h: $0.00082283 × 120 = $0.09874 per
			// task-hour.
			sc: func(fargate, _ *models.CapacityProvider) scenario {
				return scenario{
					services:  []*models.Service{service("web", def1x2, 1, 100)},
					providers: []*models.CapacityProvider{fargate},
					horizon:   h,
					script: func(r *run) {
						t1 := r.startFargate(0, "web", "us-east-1a", fargate)
						r.stop(30*s, t1)
					},
				}
			},
			want: want{
				TasksMax: 1, VCPUHours: 1.0 / 60, GBHours: 2.0 / 60,
				Fargate: fargate1x2 / 60, Total: fargate1x2 / 60, PerTaskHour: fargate1x2 / 60 * 120,
				PerService:  map[string]float64{"web": fargate1x2 / 60},
				PerProvider: map[string]float64{"FARGATE": fargate1x2 / 60},
			},
		},
		{
			name: "FARGATE_SPOT at 70% off; ARM at its own prices",
			// spot: 0.5 vCPU / 1 GB x86 on FARGATE_SPOT for the whole 2 h:
			//   (0.5 × $0.04048 + 1 × $0.004445) × (1 − 0.7) = $0.024685 × 0.3 = $0.0074055 an
			//   hour → $0.014811.
			// arm: 1 vCPU / 2 GB ARM64 on FARGATE from 0 to 1 h: 1 × $0.03238 + 2 × $0.00356 =
			//   $0.0395.
			// Total $0.054311. vCPU-hours 0.5 × 2 + 1 × 1 = 2; GB-hours 1 × 2 + 2 × 1 = 4.
			// Task-hours 2 + 1 = 3 → $0.054311 / 3 per task-hour. Both run at once: 2 at most.
			sc: func(fargate, spot *models.CapacityProvider) scenario {
				return scenario{
					services: []*models.Service{
						service("spot", fargateDef("spot", 512, 1024, ""), 1, 100),
						service("arm", fargateDef("arm", 1024, 2048, "ARM64"), 1, 100),
					},
					providers: []*models.CapacityProvider{fargate, spot},
					horizon:   2 * h,
					script: func(r *run) {
						r.startFargate(0, "spot", "us-east-1a", spot)
						arm := r.startFargate(0, "arm", "us-east-1b", fargate)
						r.stop(h, arm)
					},
				}
			},
			want: want{
				TasksMax: 2, VCPUHours: 2, GBHours: 4, Fargate: 0.054311, Total: 0.054311, PerTaskHour: 0.054311 / 3,
				PerService:  map[string]float64{"spot": 0.014811, "arm": 0.0395},
				PerProvider: map[string]float64{"FARGATE": 0.0395, "FARGATE_SPOT": 0.014811},
			},
		},
		{
			name: "bills still open end at the horizon, with the minimum",
			// t1 placed (its pull starting) at 0, RUNNING at 30 s, to the 1 h horizon: billed
			// 1 h, $0.04937. t2 placed 20 s before the horizon, never RUNNING: billed the 60-s
			// minimum, $0.04937 / 60. It has no provider (launch type FARGATE): "FARGATE" by
			// its market.
			// Total $0.04937 × 61/60. RUNNING: t1 for 3570 s → per task-hour
			// $0.04937 × 61/60 / (3570/3600). Tasks RUNNING at once: 1.
			sc: func(fargate, _ *models.CapacityProvider) scenario {
				return scenario{
					services: []*models.Service{service("web", def1x2, 2, 100)},
					horizon:  h,
					script: func(r *run) {
						t1 := r.onFargate(0, "web", "us-east-1a", fargate)
						r.running(30*s, t1)
						r.onFargate(h-20*s, "web", "us-east-1b", nil)
					},
				}
			},
			want: want{
				TasksMax: 1, VCPUHours: 61.0 / 60, GBHours: 122.0 / 60,
				Fargate: fargate1x2 * 61 / 60, Total: fargate1x2 * 61 / 60, PerTaskHour: fargate1x2 * 61 / 60 / (3570.0 / 3600),
				PerService:  map[string]float64{"web": fargate1x2 * 61 / 60},
				PerProvider: map[string]float64{"FARGATE": fargate1x2 * 61 / 60},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sum := tc.sc(providers()).summary(t)
			c, k := sum.Capacity, sum.CostUSD
			got := want{
				TasksMax: c.FargateTasksMax, VCPUHours: c.FargateVCPUHours, GBHours: c.FargateGBHours,
				Fargate: k.Fargate, Total: k.Total, PerTaskHour: k.PerTaskHour,
				PerService: k.PerService, PerProvider: k.PerProvider,
			}
			if diff := cmp.Diff(tc.want, got, approx); diff != "" {
				t.Errorf("Fargate capacity and cost (-want +got):\n%s", diff)
			}
			// Fargate never counts as EC2.
			if c.InstancesMax != 0 || c.InstanceHours != 0 || k.EC2 != 0 || k.Idle != 0 {
				t.Errorf("EC2: instances_max %d, instance_hours %v, ec2 $%v, idle $%v; want all 0",
					c.InstancesMax, c.InstanceHours, k.EC2, k.Idle)
			}
		})
	}
}

func TestFourFargateTasksToTheCent(t *testing.T) {
	// The check, to the cent: 4 × 10 × $0.04937 = $1.9748 → $1.97.
	fargate, _ := providers()
	sc := scenario{
		services: []*models.Service{service("web", fargateDef("web", 1024, 2048, ""), 4, 100)},
		horizon:  10 * time.Hour,
		script: func(r *run) {
			for range 4 {
				r.startFargate(0, "web", "us-east-1a", fargate)
			}
		},
	}
	got := sc.summary(t).CostUSD
	if cents := math.Round(got.Total * 100); cents != 197 || math.Round(got.Fargate*100) != 197 {
		t.Errorf("total $%v, fargate $%v; want $1.97 to the cent", got.Total, got.Fargate)
	}
}

func TestFargateIsNotEC2(t *testing.T) {
	// A Fargate task's synthetic instance is no EC2 instance, even if an InstanceRegistered
	// announced it (the simulation never does): no instance, no EC2 cost, no utilization, no
	// stranded capacity. The task itself is billed as Fargate: 1 h × $0.04937.
	fargate, _ := providers()
	sc := scenario{
		services: []*models.Service{service("web", fargateDef("web", 1024, 2048, ""), 1, 100)},
		horizon:  time.Hour,
		script: func(r *run) {
			t1 := r.startFargate(0, "web", "us-east-1a", fargate)
			r.register(0, t1.Instance)
			r.emit(30*time.Minute, models.Event{Kind: models.InstanceTerminated, Instance: t1.Instance})
		},
	}
	sum := sc.summary(t)
	if diff := cmp.Diff(reports.Utilization{}, sum.Utilization); diff != "" {
		t.Errorf("utilization (-want +got):\n%s", diff)
	}
	c, k := sum.Capacity, sum.CostUSD
	if c.InstancesMax != 0 || c.InstanceHours != 0 || k.EC2 != 0 || k.Idle != 0 || k.Stranded != 0 {
		t.Errorf("instances_max %d, instance_hours %v, ec2 $%v, idle $%v, stranded $%v; want all 0",
			c.InstancesMax, c.InstanceHours, k.EC2, k.Idle, k.Stranded)
	}
	if math.Abs(k.Fargate-fargate1x2) > tol || c.FargateTasksMax != 1 {
		t.Errorf("fargate $%v, %d tasks at most; want $%v, 1", k.Fargate, c.FargateTasksMax, fargate1x2)
	}
}

func TestFargateShares(t *testing.T) {
	// Two Fargate tasks of web in two zones: each task is its own synthetic instance, and each
	// zone holds 1 of max(2, 2) → max_instance_share and max_az_share 0.5.
	fargate, _ := providers()
	sc := scenario{
		services: []*models.Service{service("web", fargateDef("web", 256, 512, ""), 2, 100)},
		horizon:  time.Hour,
		script: func(r *run) {
			r.startFargate(0, "web", "us-east-1a", fargate)
			r.startFargate(0, "web", "us-east-1b", fargate)
		},
	}
	got := sc.summary(t).Services["web"]
	if got.MaxInstanceShare != 0.5 || got.MaxAZShare != 0.5 {
		t.Errorf("max_instance_share %v, max_az_share %v; want 0.5, 0.5", got.MaxInstanceShare, got.MaxAZShare)
	}
}

func TestEC2Attribution(t *testing.T) {
	const (
		s = time.Second
		h = time.Hour
	)
	type want struct {
		EC2, Fargate, Total, Idle float64
		Stranded, StrandedMemory  float64
		PerTaskHour               float64
		PerService, PerWorkload   map[string]float64
	}
	tests := []struct {
		name string
		sc   scenario
		want want
	}{
		{
			name: "a task is charged the larger of its CPU and memory shares",
			// One m5.xlarge registering 4096 CPU / 8192 MiB, $0.192 an hour, for 10 h: $1.92.
			// web (2048 CPU / 2048 MiB) 0–5 h: CPU share 2048/4096 = 0.5 > memory share
			//   2048/8192 = 0.25 → 0.5 × $0.192 × 5 h = $0.48.
			// batch (1024 / 4096) 5–10 h: memory share 0.5 > CPU share 0.25 → $0.48.
			// Idle: $1.92 − $0.96 = $0.96. 10 task-hours → $0.192 per task-hour.
			// Nothing stranded: the free capacity always fits a web or batch task.
			sc: scenario{
				fleet:     []*mt.InstanceBuilder{sized("m5.xlarge", "us-east-1a", 8192)},
				services:  []*models.Service{service("web", mt.TaskDef("web", 2048, 2048), 1, 100)},
				workloads: []*models.Workload{workload("batch", mt.TaskDef("batch", 1024, 4096))},
				horizon:   10 * h,
				script: func(r *run) {
					r.register(0, r.in[0])
					web := r.start(0, r.in[0], "web")
					r.stop(5*h, web)
					r.start(5*h, r.in[0], "batch")
				},
			},
			want: want{
				EC2: 1.92, Total: 1.92, Idle: 0.96, PerTaskHour: 0.192,
				PerService: map[string]float64{"web": 0.48}, PerWorkload: map[string]float64{"batch": 0.48},
			},
		},
		{
			name: "tasks claiming more than the whole instance share its price in proportion",
			// m5.xlarge, 4096 CPU / 8192 MiB, $0.192, 1 h. cpu (3072 / 1024) claims
			// max(0.75, 0.125) = 0.75; mem (512 / 6144) max(0.125, 0.75) = 0.75. Together 1.5 >
			// 1, so each gets 0.75/1.5 = 0.5: $0.096 each, nothing idle.
			// Free 512 CPU / 1024 MiB fits neither → stranded: 512/4096 × $0.192 = $0.024 of
			// CPU and 1024/8192 × $0.192 = $0.024 of memory, all charged to the tasks.
			sc: scenario{
				fleet: []*mt.InstanceBuilder{sized("m5.xlarge", "us-east-1a", 8192)},
				workloads: []*models.Workload{
					workload("cpu", mt.TaskDef("cpu", 3072, 1024)), workload("mem", mt.TaskDef("mem", 512, 6144)),
				},
				horizon: h,
				script: func(r *run) {
					r.register(0, r.in[0])
					r.start(0, r.in[0], "cpu")
					r.start(0, r.in[0], "mem")
				},
			},
			want: want{
				EC2: 0.192, Total: 0.192, Stranded: 0.024, StrandedMemory: 0.024, PerTaskHour: 0.096,
				PerService: map[string]float64{}, PerWorkload: map[string]float64{"cpu": 0.096, "mem": 0.096},
			},
		},
		{
			name: "the scale-down holds only while the shares add up to more than the whole",
			// As above, but mem stops at 30 min. 0–30 min: 1.5 claimed, each charged
			// 0.5 × $0.192 × 0.5 h = $0.048. 30–60 min: cpu alone, 0.75 × $0.192 × 0.5 h = $0.072.
			// cpu $0.12, mem $0.048, idle $0.024. Stranded only while both ran: $0.012 of CPU
			// and $0.012 of memory (the 1024 CPU / 7168 MiB free after fit a mem task).
			// 1.5 task-hours RUNNING: $0.128 each.
			sc: scenario{
				fleet: []*mt.InstanceBuilder{sized("m5.xlarge", "us-east-1a", 8192)},
				workloads: []*models.Workload{
					workload("cpu", mt.TaskDef("cpu", 3072, 1024)), workload("mem", mt.TaskDef("mem", 512, 6144)),
				},
				horizon: h,
				script: func(r *run) {
					r.register(0, r.in[0])
					r.start(0, r.in[0], "cpu")
					mem := r.start(0, r.in[0], "mem")
					r.stop(h/2, mem)
				},
			},
			want: want{
				EC2: 0.192, Total: 0.192, Idle: 0.024, Stranded: 0.012, StrandedMemory: 0.012, PerTaskHour: 0.128,
				PerService: map[string]float64{}, PerWorkload: map[string]float64{"cpu": 0.12, "mem": 0.048},
			},
		},
		{
			name: "a task is charged from placement to stop; the billing minimum is idle",
			// An m5.large (2048 CPU, $0.096) registered at 0, terminated at 30 s, billed 60 s:
			// $0.0016. web (1024 CPU / 1024 MiB: share 0.5) placed at 0, RUNNING at 10 s,
			// STOPPING at 20 s, STOPPED at 25 s: charged 25 s × 0.5 × $0.096/h = $0.00033333.
			// Idle $0.0016 − $0.00033333 = $0.00126667. RUNNING 10 s → $0.0016 × 360 = $0.576
			// per task-hour.
			sc: scenario{
				fleet:    []*mt.InstanceBuilder{mt.Instance("m5.large")},
				services: []*models.Service{service("web", mt.TaskDef("web", 1024, 1024), 1, 100)},
				horizon:  h,
				script: func(r *run) {
					r.register(0, r.in[0])
					web := r.place(0, r.in[0], "web")
					r.running(10*s, web)
					r.stopping(20*s, web)
					r.stopped(25*s, web)
					r.terminate(30*s, r.in[0])
				},
			},
			want: want{
				EC2: 0.0016, Total: 0.0016, Idle: 0.0016 - 0.096*0.5*25/3600, PerTaskHour: 0.576,
				PerService: map[string]float64{"web": 0.096 * 0.5 * 25 / 3600}, PerWorkload: map[string]float64{},
			},
		},
		{
			name: "a service's cost adds its EC2 share and its Fargate bills",
			// web runs one task (1024 CPU / 2048 MiB) on an m5.xlarge (4096 / 8192, $0.192) and
			// one on Fargate (1 vCPU / 2 GB), both for the 1 h run.
			// EC2 share max(0.25, 0.25) × $0.192 = $0.048; Fargate $0.04937; web $0.09737.
			// Idle $0.192 − $0.048 = $0.144. Total $0.24137 over 2 task-hours.
			sc: scenario{
				fleet:    []*mt.InstanceBuilder{sized("m5.xlarge", "us-east-1a", 8192)},
				services: []*models.Service{service("web", fargateDef("web", 1024, 2048, ""), 2, 100)},
				horizon:  h,
				script: func(r *run) {
					fargate, _ := providers()
					r.register(0, r.in[0])
					r.start(0, r.in[0], "web")
					r.startFargate(0, "web", "us-east-1b", fargate)
				},
			},
			want: want{
				EC2: 0.192, Fargate: fargate1x2, Total: 0.192 + fargate1x2, Idle: 0.144, PerTaskHour: (0.192 + fargate1x2) / 2,
				PerService: map[string]float64{"web": 0.048 + fargate1x2}, PerWorkload: map[string]float64{},
			},
		},
		{
			name: "no task ran: all idle, nothing per task-hour",
			// The workload never runs a task: listed with $0. Its definition fits the empty
			// m5.large, so nothing is stranded.
			sc: scenario{
				fleet:     []*mt.InstanceBuilder{mt.Instance("m5.large")},
				workloads: []*models.Workload{workload("batch", mt.TaskDef("batch", 1024, 1024))},
				horizon:   h,
				script:    func(r *run) { r.register(0, r.in[0]) },
			},
			want: want{
				EC2: 0.096, Total: 0.096, Idle: 0.096,
				PerService: map[string]float64{}, PerWorkload: map[string]float64{"batch": 0},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			k := tc.sc.summary(t).CostUSD
			got := want{
				EC2: k.EC2, Fargate: k.Fargate, Total: k.Total, Idle: k.Idle,
				Stranded: k.Stranded, StrandedMemory: k.StrandedMemory, PerTaskHour: k.PerTaskHour,
				PerService: k.PerService, PerWorkload: k.PerWorkload,
			}
			if diff := cmp.Diff(tc.want, got, approx); diff != "" {
				t.Errorf("cost (-want +got):\n%s", diff)
			}
		})
	}
}

func TestStrandedCost(t *testing.T) {
	// A: m5.xlarge registering 4096 CPU / 8192 MiB at $0.192; B: m5.large registering 2048 CPU
	// / 1024 MiB at $0.096; both for the 1 h run. The only task definition, mem, is 1024 CPU /
	// 4096 MiB.
	//   A 0–30 min, one task: free 3072 / 4096 fits another → nothing stranded.
	//   A 30–60 min, two tasks: free 2048 CPU / 0 MiB → CPU stranded 2048/4096 × $0.192 × 0.5 h
	//     = $0.048; no memory is free.
	//   B all the run: mem never fits 1024 MiB → 2048/2048 of its CPU and 1024/1024 of its
	//     memory stranded: $0.096 each.
	// Stranded: $0.048 + $0.096 = $0.144; memory $0.096.
	// Attributed: each task max(0.25, 0.5) × $0.192: 1 h + 0.5 h → $0.144; EC2 $0.288, idle
	// $0.144. The 1 h run at that rate for a month of 730 h: $0.288 × 730 = $210.24.
	sc := scenario{
		fleet:     []*mt.InstanceBuilder{sized("m5.xlarge", "us-east-1a", 8192), sized("m5.large", "us-east-1b", 1024)},
		workloads: []*models.Workload{workload("mem", mt.TaskDef("mem", 1024, 4096))},
		horizon:   time.Hour,
		script: func(r *run) {
			r.register(0, r.in...)
			r.start(0, r.in[0], "mem")
			r.start(30*time.Minute, r.in[0], "mem")
		},
	}
	k := sc.summary(t).CostUSD
	got := [...]float64{k.Stranded, k.StrandedMemory, k.EC2, k.Idle, k.PerWorkload["mem"], k.PerMonth}
	want := [...]float64{0.144, 0.096, 0.288, 0.144, 0.144, 210.24}
	if diff := cmp.Diff(want, got, approx); diff != "" {
		t.Errorf("stranded, stranded_memory, ec2, idle, per_workload.mem, per_month (-want +got):\n%s", diff)
	}
}

func TestCapacityProviders(t *testing.T) {
	const (
		s = time.Second
		h = time.Hour
	)
	fargate, spot := providers()
	asg := models.NewCapacityProvider(&models.CapacityProviderConfig{Name: "asg", Kind: models.ProviderASG})
	unused := models.NewCapacityProvider(&models.CapacityProviderConfig{Name: "unused-asg", Kind: models.ProviderASG})
	// i-1: an instance group's m5.large (no provider), 0 to the 2 h horizon: $0.192.
	// asg scales out from zero at 0 (CPR 200, 2 instances): i-2 and i-3 (m5.large) launch at 0
	// and register at 120 s. It scales in at 3720 s (CPR 50, 1 instance): i-3 terminates.
	// EC2 bills each from its launch: i-2 7200 s = 2 h → $0.192; i-3 3720 s = 1.033333 h →
	// $0.0992. asg: 3.033333 h, $0.2912, 2 at most, one scale-out, one scale-in.
	// api runs one 1 vCPU / 2 GB Fargate task on FARGATE 0–1 h: $0.04937. FARGATE_SPOT and
	// unused-asg are the cluster's, unused: $0.
	// EC2: 3 instances at most (120–3720 s), 2 + 3.033333 instance-hours, $0.4832.
	sc := scenario{
		fleet:     []*mt.InstanceBuilder{mt.Instance("m5.large"), mt.Instance("m5.large"), mt.Instance("m5.large")},
		services:  []*models.Service{service("api", fargateDef("api", 1024, 2048, ""), 1, 100)},
		providers: []*models.CapacityProvider{fargate, spot, asg, unused},
		horizon:   2 * h,
		script: func(r *run) {
			r.in[1].Provider, r.in[2].Provider = asg, asg
			r.register(0, r.in[0])
			api := r.startFargate(0, "api", "us-east-1a", fargate)
			r.emit(0, models.Event{Kind: models.ScaleOut, Provider: asg, Metric: 200, Count: 2})
			r.emit(0, models.Event{Kind: models.InstanceLaunched, Provider: asg})
			r.emit(0, models.Event{Kind: models.InstanceLaunched, Provider: asg})
			r.registerLaunched(0, 120*s, r.in[1], r.in[2])
			r.stop(h, api)
			r.emit(3720*s, models.Event{Kind: models.ScaleIn, Provider: asg, Metric: 50, Count: 1})
			r.terminate(3720*s, r.in[2])
		},
	}
	sum := sc.summary(t)
	wantCapacity := reports.Capacity{
		InstancesMax: 3, InstanceHours: 2 + 2 + 3720.0/3600, FargateVCPUHours: 1, FargateGBHours: 2, FargateTasksMax: 1,
		Providers: map[string]reports.ProviderCapacity{
			"asg":        {InstancesMax: 2, InstanceHours: 2 + 3720.0/3600, ScaleOuts: 1, ScaleIns: 1},
			"unused-asg": {},
		},
	}
	if diff := cmp.Diff(wantCapacity, sum.Capacity, approx); diff != "" {
		t.Errorf("capacity (-want +got):\n%s", diff)
	}
	wantProviders := map[string]float64{
		"instance_groups": 0.192, "asg": 0.096 * (2 + 3720.0/3600), "FARGATE": fargate1x2, "FARGATE_SPOT": 0, "unused-asg": 0,
	}
	if diff := cmp.Diff(wantProviders, sum.CostUSD.PerProvider, approx); diff != "" {
		t.Errorf("cost_usd.per_provider (-want +got):\n%s", diff)
	}
	if got, want := sum.CostUSD.EC2, 0.192+0.096*(2+3720.0/3600); math.Abs(got-want) > tol {
		t.Errorf("cost_usd.ec2 = %v, want %v", got, want)
	}
}

func TestStrandedIgnoresFargateOnlyServices(t *testing.T) {
	// An m5.large registering 2048 CPU / 1024 MiB ($0.096) for 1 h, with nothing running. big
	// (4096 / 4096) never fits it; tiny (256 / 512) would. When tiny runs on Fargate only, its
	// definition does not count: all of the instance is stranded, $0.096 of CPU and of memory.
	// When tiny may run on EC2, the instance can take it: nothing is stranded.
	fargate, spot := providers()
	asg := models.NewCapacityProvider(&models.CapacityProviderConfig{Name: "asg", Kind: models.ProviderASG})
	tests := []struct {
		name     string
		tiny     func(svc *models.Service)
		stranded float64 // cpu_stranded_mean and memory_stranded_mean; the dollars are 0.096 × it
	}{
		{name: "launch type FARGATE", tiny: func(svc *models.Service) { svc.LaunchType = models.LaunchFargate }, stranded: 1},
		{name: "FARGATE and FARGATE_SPOT strategy", tiny: func(svc *models.Service) {
			svc.CapacityProviderStrategy = []models.StrategyItem{{Provider: fargate, Base: 1, Weight: 1}, {Provider: spot, Weight: 3}}
		}, stranded: 1},
		{name: "launch type EC2", tiny: func(svc *models.Service) { svc.LaunchType = "EC2" }},
		{name: "a strategy with an ASG provider", tiny: func(svc *models.Service) {
			svc.CapacityProviderStrategy = []models.StrategyItem{{Provider: fargate, Weight: 1}, {Provider: asg, Weight: 1}}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tiny := service("tiny", fargateDef("tiny", 256, 512, ""), 0, 100)
			tc.tiny(tiny)
			sc := scenario{
				fleet:     []*mt.InstanceBuilder{sized("m5.large", "us-east-1a", 1024)},
				services:  []*models.Service{tiny},
				workloads: []*models.Workload{workload("big", mt.TaskDef("big", 4096, 4096))},
				horizon:   time.Hour,
				script:    func(r *run) { r.register(0, r.in[0]) },
			}
			sum := sc.summary(t)
			u, k := sum.Utilization, sum.CostUSD
			got := [...]float64{u.CPUStrandedMean, u.MemoryStrandedMean, k.Stranded, k.StrandedMemory}
			want := [...]float64{tc.stranded, tc.stranded, 0.096 * tc.stranded, 0.096 * tc.stranded}
			if diff := cmp.Diff(want, got, approx); diff != "" {
				t.Errorf("cpu_stranded_mean, memory_stranded_mean, stranded, stranded_memory (-want +got):\n%s", diff)
			}
		})
	}
}

// TestBillingWindows checks where bills start and stop, against hand computations. EC2 bills
// an instance from its launch, not its registration, per second with a 60-second minimum, to
// its termination (ECS-REFERENCE §7.1; AWS What's New, "Announcing Amazon EC2 per-second
// billing"); Fargate bills a task from the start of its image pull to its stop, per second
// with a one-minute minimum (ECS-REFERENCE §6.4; aws.amazon.com/fargate/pricing), FARGATE_SPOT
// the same window at its price. A second begun is billed whole.
//
// Prices: m5.large $0.096 an hour, $0.0000266667 a second; 1 vCPU / 2 GB Fargate $0.04937 an
// hour; FARGATE_SPOT 70% off, $0.014811 an hour.
func TestBillingWindows(t *testing.T) {
	const (
		s = time.Second
		h = time.Hour
	)
	type want struct {
		EC2, Fargate  float64
		InstanceHours float64
		VCPUHours     float64
		PerProvider   map[string]float64
	}
	fargate, spot := providers()
	def := fargateDef("web", 1024, 2048, "")
	ec2 := func(billedSecs float64) float64 { return 0.096 * billedSecs / 3600 }
	task := func(price, billedSecs float64) float64 { return price * billedSecs / 3600 }
	tests := []struct {
		name   string
		script func(r *run)
		want   want
	}{
		{
			name: "launched at 0, registered at 30 s, terminated at 40 s: billed the 60-second minimum",
			// 40 s of life, billed 60 s: $0.096 × 60/3600 = $0.0016. Instance-hours 40/3600.
			script: func(r *run) {
				r.registerLaunched(0, 30*s, r.in[0])
				r.terminate(40*s, r.in[0])
			},
			want: want{EC2: ec2(60), InstanceHours: 40.0 / 3600, PerProvider: map[string]float64{"instance_groups": ec2(60), "FARGATE": 0, "FARGATE_SPOT": 0}},
		},
		{
			name: "launched at 0, registered at 90 s, run to the 1 h horizon: billed 3600 s",
			// The 90 s of boot and agent start are billed: 3600 s, $0.096 (from registration
			// it would be 3510 s, $0.0936).
			script: func(r *run) { r.registerLaunched(0, 90*s, r.in[0]) },
			want:   want{EC2: ec2(3600), InstanceHours: 1, PerProvider: map[string]float64{"instance_groups": ec2(3600), "FARGATE": 0, "FARGATE_SPOT": 0}},
		},
		{
			name: "launched at 0, registered at 90 s, terminated 30 s after registering: billed 120 s",
			// 0 to 120 s: $0.096 × 120/3600 = $0.0032.
			script: func(r *run) {
				r.registerLaunched(0, 90*s, r.in[0])
				r.terminate(120*s, r.in[0])
			},
			want: want{EC2: ec2(120), InstanceHours: 120.0 / 3600, PerProvider: map[string]float64{"instance_groups": ec2(120), "FARGATE": 0, "FARGATE_SPOT": 0}},
		},
		{
			name: "a second begun is billed whole",
			// Launched at 0, registered at 10 s, terminated at 100.2 s: billed 101 s,
			// $0.096 × 101/3600 = $0.00269333. Instance-hours are the life itself, 100.2 s.
			script: func(r *run) {
				r.registerLaunched(0, 10*s, r.in[0])
				r.terminate(100*s+200*time.Millisecond, r.in[0])
			},
			want: want{EC2: ec2(101), InstanceHours: 100.2 / 3600, PerProvider: map[string]float64{"instance_groups": ec2(101), "FARGATE": 0, "FARGATE_SPOT": 0}},
		},
		{
			name: "Fargate: placed at 100 s, pull from 125 s, stopped at 500 s: billed 375 s",
			// b − a = 400 − 25 = 375 s: $0.04937 × 375/3600 = $0.00514271; 375/3600 vCPU-hours.
			script: func(r *run) {
				t1 := r.pullFargate(100*s, 125*s, "web", fargate)
				r.running(140*s, t1)
				r.stop(500*s, t1)
			},
			want: want{Fargate: task(fargate1x2, 375), VCPUHours: 375.0 / 3600,
				PerProvider: map[string]float64{"FARGATE": task(fargate1x2, 375), "FARGATE_SPOT": 0}},
		},
		{
			name: "Fargate: pull from 125 s, stopped at 150 s: billed the one-minute minimum",
			// b − a = 25 s < 60 s: billed 60 s, $0.04937 / 60 = $0.00082283.
			script: func(r *run) {
				t1 := r.pullFargate(100*s, 125*s, "web", fargate)
				r.stop(150*s, t1)
			},
			want: want{Fargate: task(fargate1x2, 60), VCPUHours: 60.0 / 3600,
				PerProvider: map[string]float64{"FARGATE": task(fargate1x2, 60), "FARGATE_SPOT": 0}},
		},
		{
			name: "Fargate: stopped while provisioning, before its pull: not billed",
			// Placed at 100 s, stopped at 110 s; its pull would have started at 125 s: $0.
			script: func(r *run) {
				t1 := r.pullFargate(100*s, 125*s, "web", fargate)
				r.stop(110*s, t1)
			},
			want: want{PerProvider: map[string]float64{"FARGATE": 0, "FARGATE_SPOT": 0}},
		},
		{
			name: "FARGATE_SPOT bills the same window: pull from 20 s to the 1 h horizon",
			// 3580 s at $0.014811 an hour: $0.01472872. A second task placed 10 s before the
			// horizon pulls after it (at 3610 s): not billed.
			script: func(r *run) {
				r.pullFargate(0, 20*s, "web", spot)
				r.pullFargate(h-10*s, h+10*s, "web", spot)
			},
			want: want{Fargate: task(fargate1x2*0.3, 3580), VCPUHours: 3580.0 / 3600,
				PerProvider: map[string]float64{"FARGATE": 0, "FARGATE_SPOT": task(fargate1x2*0.3, 3580)}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc := scenario{
				fleet:     []*mt.InstanceBuilder{mt.Instance("m5.large")},
				services:  []*models.Service{service("web", def, 1, 100)},
				providers: []*models.CapacityProvider{fargate, spot},
				horizon:   h,
				script:    tc.script,
			}
			sum := sc.summary(t)
			k, c := sum.CostUSD, sum.Capacity
			got := want{EC2: k.EC2, Fargate: k.Fargate, InstanceHours: c.InstanceHours, VCPUHours: c.FargateVCPUHours, PerProvider: k.PerProvider}
			if diff := cmp.Diff(tc.want, got, approx); diff != "" {
				t.Errorf("bills (-want +got):\n%s", diff)
			}
			if d := k.Total - k.EC2 - k.Fargate; math.Abs(d) > tol {
				t.Errorf("total %v != ec2 %v + fargate %v", k.Total, k.EC2, k.Fargate)
			}
		})
	}
}
