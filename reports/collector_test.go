package reports_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ecssim/ecssim/models"
	mt "github.com/ecssim/ecssim/models/modelstest"
	"github.com/ecssim/ecssim/reports"
	"github.com/ecssim/ecssim/sim"
)

// tol is the absolute tolerance of float comparisons. Every expected value below is an exact
// fraction worked out by hand; only rounding in the collector's running sums separates it from
// the computed value.
const tol = 1e-9

var approx = cmpopts.EquateApprox(0, tol)

// sized starts an instance of type typ in zone whose agent reserves all of the type's MemTotal
// but mem MiB (ECS_RESERVED_MEMORY), so it registers vCPU × 1024 CPU units and exactly mem MiB
// and the hand arithmetic stays round.
func sized(typ, zone string, mem int64) *mt.InstanceBuilder {
	it, ok := models.LookupInstanceType(typ)
	if !ok {
		panic("unknown instance type " + typ)
	}
	return mt.Instance(typ).Zone(zone).Agent(func(a *models.AgentConfig) {
		a.ReservedMemoryMiB = it.MemTotalMiB() - mem
	})
}

// inCluster puts an instance's agent in another cluster (ECS_CLUSTER).
func inCluster(b *mt.InstanceBuilder, name string) *mt.InstanceBuilder {
	return b.Agent(func(a *models.AgentConfig) { a.Cluster = name })
}

func service(name string, def *models.TaskDefinition, desired, minHealthyPercent int) *models.Service {
	return models.NewService(&models.ServiceConfig{Name: name, Def: def, DesiredCount: desired, MinimumHealthyPercent: minHealthyPercent, MaximumPercent: 200}, nil)
}

func workload(name string, def *models.TaskDefinition) *models.Workload {
	return models.NewWorkload(&models.WorkloadConfig{Name: name, Def: def, Group: "family:" + def.Family}, nil)
}

// scenario is a hand-written run: a fleet, the services and workloads the collector is told
// about, a horizon, and a script of cluster changes and the events they emit.
type scenario struct {
	fleet     []*mt.InstanceBuilder
	services  []*models.Service
	workloads []*models.Workload
	providers []*models.CapacityProvider // the cluster's capacity providers
	horizon   time.Duration
	script    func(r *run)
}

// run plays a scenario's script against a Collector (and any other observers), changing the
// cluster through its lifecycle methods and emitting the events models.Simulation emits for
// each change, in the same order.
type run struct {
	t       *testing.T
	sc      scenario
	cluster *models.Cluster
	sim     *models.Simulation
	col     *reports.Collector
	obs     []models.Observer
	in      []*models.Instance // the fleet, in the order given
	last    sim.Time
	ids     map[string]int
}

// newRun builds the cluster (every instance of the fleet is created up front; the collector
// learns of each one from its InstanceRegistered event) and the collector, with the default
// (list) prices.
func newRun(t *testing.T, sc scenario, extra ...models.Observer) *run {
	t.Helper()
	c := mt.ClusterWith(models.TieOldest, 1, sc.fleet...)
	s := models.NewSimulation(c, sim.NewStreams(1), sim.Time(sc.horizon))
	s.Services, s.Workloads, s.CapacityProviders = sc.services, sc.workloads, sc.providers
	s.Pricing = models.DefaultPricing()
	col := reports.NewCollector(s)
	return &run{
		t: t, sc: sc, cluster: c, sim: s, col: col,
		obs: append([]models.Observer{col}, extra...),
		in:  append([]*models.Instance(nil), c.Instances()...),
		ids: map[string]int{},
	}
}

// play runs the script and closes the run at its horizon.
func (r *run) play() {
	r.t.Helper()
	if r.sc.script != nil {
		r.sc.script(r)
	}
	r.col.Finish()
}

// summary plays sc and returns its summary.
func (sc scenario) summary(t *testing.T) reports.Summary {
	t.Helper()
	r := newRun(t, sc)
	r.play()
	return r.col.Summary(reports.Meta{})
}

func (r *run) emit(at time.Duration, e models.Event) {
	r.t.Helper()
	now := sim.Time(at)
	if now < r.last {
		r.t.Fatalf("script goes back in time: %v after %v", now, r.last)
	}
	r.last = now
	for _, o := range r.obs {
		o.Observe(now, e)
	}
}

// register registers instances that launch as they register, as an instance group's do.
func (r *run) register(at time.Duration, ins ...*models.Instance) {
	r.registerLaunched(at, at, ins...)
}

// registerLaunched registers at at instances EC2 launched at launched, as an Auto Scaling
// group's register after their launch latency.
func (r *run) registerLaunched(launched, at time.Duration, ins ...*models.Instance) {
	for _, in := range ins {
		in.Launched = sim.Time(launched)
		r.emit(at, models.Event{Kind: models.InstanceRegistered, Instance: in})
	}
}

func (r *run) terminate(at time.Duration, in *models.Instance) {
	r.cluster.Deregister(in)
	r.emit(at, models.Event{Kind: models.InstanceTerminated, Instance: in})
}

// task creates a PROVISIONING task of the named service or workload, as Simulation.launch
// does; withID gives it the next ID of its owner.
func (r *run) task(at time.Duration, owner string, withID bool) *models.Task {
	r.t.Helper()
	t := &models.Task{State: models.Provisioning, CreatedAt: sim.Time(at)}
	found := false
	for _, svc := range r.sc.services {
		if svc.Name == owner {
			t.Service, t.Def, t.Group, found = svc, svc.Def, svc.Group(), true
		}
	}
	for _, w := range r.sc.workloads {
		if w.Name == owner {
			t.Workload, t.Def, t.Group, found = w, w.Def, w.Group, true
		}
	}
	if !found {
		r.t.Fatalf("no service or workload %q", owner)
	}
	if withID {
		r.ids[owner]++
		t.ID = fmt.Sprintf("%s-%d", owner, r.ids[owner])
	}
	return t
}

// place creates a task of owner at time at and places it on in: TaskPlaced.
func (r *run) place(at time.Duration, in *models.Instance, owner string) *models.Task {
	r.t.Helper()
	t := r.task(at, owner, true)
	r.cluster.Place(t, in, sim.Time(at))
	r.emit(at, models.Event{Kind: models.TaskPlaced, Task: t, Instance: in})
	return t
}

// running moves a PENDING task to RUNNING: TaskRunning.
func (r *run) running(at time.Duration, t *models.Task) {
	r.cluster.MarkRunning(t, sim.Time(at))
	r.emit(at, models.Event{Kind: models.TaskRunning, Task: t, Instance: t.Instance})
}

// start places a task and starts it at the same instant, as the simulation does.
func (r *run) start(at time.Duration, in *models.Instance, owner string) *models.Task {
	t := r.place(at, in, owner)
	r.running(at, t)
	return t
}

func (r *run) healthy(at time.Duration, ts ...*models.Task) {
	for _, t := range ts {
		t.Healthy = true
		r.emit(at, models.Event{Kind: models.TaskHealthy, Task: t, Instance: t.Instance})
	}
}

// stopping moves a task to STOPPING; it keeps its resources until stopped.
func (r *run) stopping(at time.Duration, t *models.Task) {
	r.cluster.BeginStop(t, sim.Time(at), models.StopReasonExited)
	r.emit(at, models.Event{Kind: models.TaskStopping, Task: t, Instance: t.Instance, Reason: models.StopReasonExited})
}

// stopped moves a STOPPING task to STOPPED, freeing its resources.
func (r *run) stopped(at time.Duration, t *models.Task) {
	r.cluster.FinishStop(t, sim.Time(at), models.StopReasonExited)
	t.Healthy = false
	r.emit(at, models.Event{Kind: models.TaskStopped, Task: t, Instance: t.Instance, Reason: t.StopReason})
}

// stop stops tasks the way Simulation.stop does: STOPPING, then STOPPED at the same instant.
func (r *run) stop(at time.Duration, ts ...*models.Task) {
	for _, t := range ts {
		r.stopping(at, t)
		r.stopped(at, t)
	}
}

// fail reports a placement that found no instance: PlacementFailed with a would-be task that
// has no ID, then a ServiceEvent for a service's task.
func (r *run) fail(at time.Duration, owner string, closest *models.Instance) {
	t := r.task(at, owner, false)
	f := &models.PlacementError{
		Candidates: len(r.in), Rejected: []models.Rejection{{Filter: "cpu", Count: len(r.in)}},
		Closest: closest, ClosestReason: "has insufficient CPU units available",
	}
	r.emit(at, models.Event{Kind: models.PlacementFailed, Task: t, Service: t.Service, Failure: f})
	if t.Service != nil {
		r.emit(at, models.Event{Kind: models.ServiceEvent, Service: t.Service,
			Message: "service " + t.Service.Name + " was unable to place a task"})
	}
}

// cannotStart reports a task that was chosen an instance but could not start there because its
// dynamic host ports ran out: it is created and STOPPED without ever being placed.
func (r *run) cannotStart(at time.Duration, in *models.Instance, owner string) {
	t := r.task(at, owner, true)
	t.Instance = in
	r.cluster.FinishStop(t, sim.Time(at), "CannotStartContainerError: "+models.ErrNoHostPort.Error())
	r.emit(at, models.Event{Kind: models.TaskStopped, Task: t, Instance: in, Reason: t.StopReason})
}

// taskDef returns a bridge-mode task definition of the given revision, like mt.TaskDef.
func taskDef(family string, revision int, cpu, mem int64, mappings ...models.PortMapping) *models.TaskDefinition {
	d := &models.TaskDefinition{
		Family: family, Revision: revision, CPU: cpu, MemoryMiB: mem, NetworkMode: models.Bridge,
		Containers: []models.Container{{Name: family, PortMappings: mappings}},
	}
	d.Finalize()
	return d
}

// balanced attaches a service to target group g on its first container's first port.
func balanced(svc *models.Service, g *models.TargetGroup) *models.Service {
	c := svc.Def.Containers[0]
	svc.LoadBalancers = append(svc.LoadBalancers, models.LoadBalancer{
		TargetGroup: g, ContainerName: c.Name, ContainerPort: c.PortMappings[0].ContainerPort,
	})
	return svc
}

// stopScheduled stops tasks as the service scheduler does for a deployment or a scale-in:
// STOPPING and STOPPED at once, with Scheduled set.
func (r *run) stopScheduled(at time.Duration, ts ...*models.Task) {
	for _, t := range ts {
		r.cluster.BeginStop(t, sim.Time(at), "Scaling activity initiated by deployment")
		r.emit(at, models.Event{Kind: models.TaskStopping, Task: t, Instance: t.Instance, Reason: t.StopReason, Scheduled: true})
		r.cluster.FinishStop(t, sim.Time(at), t.StopReason)
		t.Healthy = false
		r.emit(at, models.Event{Kind: models.TaskStopped, Task: t, Instance: t.Instance, Reason: t.StopReason, Scheduled: true})
	}
}

// unhealthy fails a task's health checks: TaskUnhealthy. The service scheduler then stops
// it; scripts do that themselves.
func (r *run) unhealthy(at time.Duration, ts ...*models.Task) {
	for _, t := range ts {
		t.Healthy = false
		r.emit(at, models.Event{Kind: models.TaskUnhealthy, Task: t, Instance: t.Instance, Reason: "Task failed ELB health checks"})
	}
}

// scale changes a service's desired count: DesiredCountChanged.
func (r *run) scale(at time.Duration, svc *models.Service, desired int) {
	svc.DesiredCount = desired
	r.emit(at, models.Event{Kind: models.DesiredCountChanged, Service: svc})
}

// deploy starts a deployment of def to svc (a rollback if rollback is set):
// DeploymentStarted. The service's new tasks run def from now on.
func (r *run) deploy(at time.Duration, svc *models.Service, def *models.TaskDefinition, rollback bool) *models.Deployment {
	r.ids["deployment:"+svc.Name]++
	d := &models.Deployment{
		ID:      fmt.Sprintf("ecs-svc/%s-%d", svc.Name, r.ids["deployment:"+svc.Name]),
		Service: svc, Def: def, Rollback: rollback,
		State: models.RolloutInProgress, StartedAt: sim.Time(at),
	}
	svc.Def = def
	r.emit(at, models.Event{Kind: models.DeploymentStarted, Service: svc, Deployment: d})
	return d
}

// completed completes a deployment: DeploymentCompleted.
func (r *run) completed(at time.Duration, d *models.Deployment) {
	d.State, d.FinishedAt = models.RolloutCompleted, sim.Time(at)
	r.emit(at, models.Event{Kind: models.DeploymentCompleted, Service: d.Service, Deployment: d})
}

// failed trips a deployment's circuit breaker: DeploymentFailed.
func (r *run) failed(at time.Duration, d *models.Deployment) {
	d.State, d.FinishedAt = models.RolloutFailed, sim.Time(at)
	d.Reason = "ECS deployment circuit breaker: tasks failed to start."
	r.emit(at, models.Event{Kind: models.DeploymentFailed, Service: d.Service, Deployment: d, Reason: d.Reason})
}

// target registers a running task with target group g (state initial): TargetRegistered.
func (r *run) target(at time.Duration, t *models.Task, g *models.TargetGroup) *models.Target {
	tg := &models.Target{
		Group: g, Task: t, ID: t.Instance.ID, Port: t.Bindings[0].HostPort,
		State: models.TargetStateInitial, RegisteredAt: sim.Time(at),
	}
	r.emit(at, models.Event{Kind: models.TargetRegistered, Target: tg, Task: t, Instance: t.Instance, Service: t.Service})
	return tg
}

// targetTo moves a target to state with the event of kind.
func (r *run) targetTo(at time.Duration, tg *models.Target, kind models.EventKind, state models.TargetState) {
	tg.State = state
	t := tg.Task
	r.emit(at, models.Event{Kind: kind, Target: tg, Task: t, Instance: t.Instance, Service: t.Service})
}

func TestUtilization(t *testing.T) {
	const minute = time.Minute
	// A bridge-mode definition with an explicit host port, and an awsvpc one (an ENI each).
	edge := mt.TaskDef("edge", 1024, 1024, models.PortMapping{ContainerPort: 80, HostPort: 80})
	vpc := &models.TaskDefinition{
		Family: "vpc", Revision: 1, CPU: 512, MemoryMiB: 1024, NetworkMode: models.AWSVPC,
		Containers: []models.Container{{Name: "vpc", PortMappings: []models.PortMapping{{ContainerPort: 80}}}},
	}
	vpc.Finalize()

	tests := []struct {
		name string
		sc   scenario
		want reports.Utilization
	}{
		{
			name: "no instance ever registered",
			// Nothing is registered and nothing is free, so every mean is over no time: 0.
			sc: scenario{
				workloads: []*models.Workload{workload("web", mt.TaskDef("web", 2048, 2048))},
				horizon:   time.Hour,
			},
			want: reports.Utilization{},
		},
		{
			name: "one task for half the run",
			// One instance of 4096 CPU / 8192 MiB; a 2048 CPU / 2048 MiB task from 0 to 30 min.
			// CPU reserved: 2048/4096 = 0.5 for 30 min, 0 for 30 min → 0.25.
			// Memory reserved: 2048/8192 = 0.25 for 30 min, 0 for 30 min → 0.125.
			// Stranded: the free 2048/6144 always fits another web task → 0.
			sc: scenario{
				fleet:     []*mt.InstanceBuilder{sized("m5.xlarge", "us-east-1a", 8192)},
				workloads: []*models.Workload{workload("web", mt.TaskDef("web", 2048, 2048))},
				horizon:   time.Hour,
				script: func(r *run) {
					r.register(0, r.in[0])
					t1 := r.start(0, r.in[0], "web")
					r.stop(30*minute, t1)
				},
			},
			want: reports.Utilization{CPUReservedMean: 0.25, MemoryReservedMean: 0.125},
		},
		{
			name: "instances register and terminate mid-run; time with none registered is excluded",
			// Two instances of 4096 CPU / 8192 MiB. Nothing is registered for the first 10 min,
			// which is left out of the mean.
			//   10–30 min: i-1 with a (1024/4096):            CPU 1024/4096 = 0.25,  memory 4096/8192 = 0.5
			//   30–50 min: i-1 with a, i-2 with b (2048/4096): CPU 3072/8192 = 0.375, memory 8192/16384 = 0.5
			//   50–60 min: a stopped, i-1 terminated:         CPU 2048/4096 = 0.5,   memory 4096/8192 = 0.5
			// CPU: (0.25×20 + 0.375×20 + 0.5×10) / 50 = 17.5/50 = 0.35 (over 60 min it would be 0.2917).
			// Memory: 0.5 throughout → 0.5.
			// Stranded: i-1 has 3072/4096 free and i-2 2048/4096, where a fits → 0.
			sc: scenario{
				fleet: []*mt.InstanceBuilder{
					sized("m5.xlarge", "us-east-1a", 8192), sized("m5.xlarge", "us-east-1b", 8192),
				},
				workloads: []*models.Workload{
					workload("a", mt.TaskDef("a", 1024, 4096)), workload("b", mt.TaskDef("b", 2048, 4096)),
				},
				horizon: time.Hour,
				script: func(r *run) {
					r.register(10*minute, r.in[0])
					a := r.start(10*minute, r.in[0], "a")
					r.register(30*minute, r.in[1])
					r.start(30*minute, r.in[1], "b")
					r.stop(50*minute, a)
					r.terminate(50*minute, r.in[0])
				},
			},
			want: reports.Utilization{CPUReservedMean: 0.35, MemoryReservedMean: 0.5},
		},
		{
			name: "an instance of another cluster is not registered with ours",
			// i-1 (ours) and i-2 (ECS_CLUSTER=other), each 4096 CPU / 8192 MiB; a 2048/2048 task
			// on i-1 all run. Only i-1 counts: CPU 2048/4096 = 0.5, memory 2048/8192 = 0.25.
			// Stranded: i-1's free 2048/6144 fits another task → 0.
			sc: scenario{
				fleet: []*mt.InstanceBuilder{
					sized("m5.xlarge", "us-east-1a", 8192), inCluster(sized("m5.xlarge", "us-east-1a", 8192), "other"),
				},
				workloads: []*models.Workload{workload("web", mt.TaskDef("web", 2048, 2048))},
				horizon:   time.Hour,
				script: func(r *run) {
					r.register(0, r.in[0], r.in[1])
					r.start(0, r.in[0], "web")
				},
			},
			want: reports.Utilization{CPUReservedMean: 0.5, MemoryReservedMean: 0.25},
		},
		{
			name: "PENDING and STOPPING tasks hold their reservation",
			// One instance of 4096 CPU / 8192 MiB; a 2048/2048 task placed at 0, RUNNING at
			// 20 min, STOPPING at 40 min, STOPPED at 50 min: it holds 2048/2048 for 50 of 60 min.
			// CPU: 0.5 × 50/60 = 0.416667; memory: 0.25 × 50/60 = 0.208333.
			// Stranded: the free 2048/6144 fits another task → 0.
			sc: scenario{
				fleet:     []*mt.InstanceBuilder{sized("m5.xlarge", "us-east-1a", 8192)},
				workloads: []*models.Workload{workload("web", mt.TaskDef("web", 2048, 2048))},
				horizon:   time.Hour,
				script: func(r *run) {
					r.register(0, r.in[0])
					t1 := r.place(0, r.in[0], "web")
					r.running(20*minute, t1)
					r.stopping(40*minute, t1)
					r.stopped(50*minute, t1)
				},
			},
			want: reports.Utilization{CPUReservedMean: 0.5 * 50 / 60, MemoryReservedMean: 0.25 * 50 / 60},
		},
		{
			name: "free CPU with no memory for the task definition is stranded",
			// One instance of 4096 CPU / 8192 MiB; the only definition needs 1024 CPU / 4096 MiB.
			//   0–30 min, one task:  free 3072/4096, another task fits: stranded 0 of 3072 CPU,
			//                        0 of 4096 MiB.
			//   30–60 min, two tasks: free 2048 CPU / 0 MiB, no task fits: stranded 2048 of 2048
			//                        CPU; no memory is free, so memory leaves the mean.
			// CPU stranded: (0×30 + 1×30)/60 = 0.5. Memory stranded: 0 over the first 30 min = 0.
			// CPU reserved: (0.25×30 + 0.5×30)/60 = 0.375. Memory reserved: (0.5 + 1)/2 = 0.75.
			sc: scenario{
				fleet:     []*mt.InstanceBuilder{sized("m5.xlarge", "us-east-1a", 8192)},
				workloads: []*models.Workload{workload("mem", mt.TaskDef("mem", 1024, 4096))},
				horizon:   time.Hour,
				script: func(r *run) {
					r.register(0, r.in[0])
					r.start(0, r.in[0], "mem")
					r.start(30*minute, r.in[0], "mem")
				},
			},
			want: reports.Utilization{CPUReservedMean: 0.375, MemoryReservedMean: 0.75, CPUStrandedMean: 0.5},
		},
		{
			name: "one task definition: an instance too small for it is stranded",
			// i-1: 4096 CPU / 8192 MiB; i-2 (m6g.medium): 1024 CPU / 1536 MiB. The only
			// definition, big (2048/4096), never fits on i-2, so all of i-2 is stranded.
			// CPU: 1024/(4096+1024) = 0.2. Memory: 1536/(8192+1536) = 1536/9728 = 3/19.
			sc: scenario{
				fleet: []*mt.InstanceBuilder{
					sized("m5.xlarge", "us-east-1a", 8192), sized("m6g.medium", "us-east-1b", 1536),
				},
				workloads: []*models.Workload{workload("big", mt.TaskDef("big", 2048, 4096))},
				horizon:   time.Hour,
				script:    func(r *run) { r.register(0, r.in[0], r.in[1]) },
			},
			want: reports.Utilization{CPUStrandedMean: 0.2, MemoryStrandedMean: 3.0 / 19},
		},
		{
			name: "two task definitions: capacity where only the smaller fits is not stranded",
			// The same fleet with big (2048/4096) and small (512/1024).
			//   0–30 min: i-2's free 1024/1536 fits small → nothing stranded.
			//   30–60 min: a small task on i-2 leaves 512/512, where neither fits: stranded 512 of
			//   4096+512 = 4608 free CPU (1/9) and 512 of 8192+512 = 8704 free MiB (1/17).
			// CPU stranded: (1/9)/2 = 1/18. Memory stranded: (1/17)/2 = 1/34.
			// CPU reserved: 512/5120 = 0.1 for half the run → 0.05.
			// Memory reserved: 1024/9728 = 2/19 for half the run → 1/19.
			sc: scenario{
				fleet: []*mt.InstanceBuilder{
					sized("m5.xlarge", "us-east-1a", 8192), sized("m6g.medium", "us-east-1b", 1536),
				},
				workloads: []*models.Workload{
					workload("big", mt.TaskDef("big", 2048, 4096)), workload("small", mt.TaskDef("small", 512, 1024)),
				},
				horizon: time.Hour,
				script: func(r *run) {
					r.register(0, r.in[0], r.in[1])
					r.start(30*minute, r.in[1], "small")
				},
			},
			want: reports.Utilization{
				CPUReservedMean: 0.05, MemoryReservedMean: 1.0 / 19,
				CPUStrandedMean: 1.0 / 18, MemoryStrandedMean: 1.0 / 34,
			},
		},
		{
			name: "time with no free capacity at all is excluded from the stranded mean",
			// i-1: 4096 CPU / 8192 MiB from 0; i-2 (m6g.medium): 1024 CPU / 2048 MiB from 40 min.
			// The only definition is 2048/4096.
			//   0–20 min: one task on i-1, free 2048/4096 fits another → stranded 0.
			//   20–40 min: two tasks fill i-1, nothing is free → excluded.
			//   40–60 min: i-2's 1024/2048 cannot take a task → stranded 1024/1024, 2048/2048 = 1.
			// CPU and memory stranded: (0×20 + 1×20)/40 = 0.5 (counting the full 20 min as 0 would
			// give 1/3).
			// Reserved: 0.5, 1, then 4096/5120 = 8192/10240 = 0.8 → (0.5 + 1 + 0.8)/3 = 0.766667.
			sc: scenario{
				fleet: []*mt.InstanceBuilder{
					sized("m5.xlarge", "us-east-1a", 8192), sized("m6g.medium", "us-east-1b", 2048),
				},
				workloads: []*models.Workload{workload("half", mt.TaskDef("half", 2048, 4096))},
				horizon:   time.Hour,
				script: func(r *run) {
					r.register(0, r.in[0])
					r.start(0, r.in[0], "half")
					r.start(20*minute, r.in[0], "half")
					r.register(40*minute, r.in[1])
				},
			},
			want: reports.Utilization{
				CPUReservedMean: 2.3 / 3, MemoryReservedMean: 2.3 / 3,
				CPUStrandedMean: 0.5, MemoryStrandedMean: 0.5,
			},
		},
		{
			name: "an explicit host port already bound strands the instance",
			// Two instances of 4096 CPU / 8192 MiB; edge (1024/1024) binds host port 80. With one
			// edge task on i-1, its free 3072/7168 cannot take another (port 80 is taken); i-2 can.
			// CPU stranded: 3072/(3072+4096) = 3/7. Memory: 7168/(7168+8192) = 7/15.
			// Reserved: CPU 1024/8192 = 0.125, memory 1024/16384 = 0.0625.
			sc: scenario{
				fleet: []*mt.InstanceBuilder{
					sized("m5.xlarge", "us-east-1a", 8192), sized("m5.xlarge", "us-east-1b", 8192),
				},
				workloads: []*models.Workload{workload("edge", edge)},
				horizon:   time.Hour,
				script: func(r *run) {
					r.register(0, r.in[0], r.in[1])
					r.start(0, r.in[0], "edge")
				},
			},
			want: reports.Utilization{
				CPUReservedMean: 0.125, MemoryReservedMean: 0.0625,
				CPUStrandedMean: 3.0 / 7, MemoryStrandedMean: 7.0 / 15,
			},
		},
		{
			name: "ENIs used up strand the instance",
			// An m5.large (3 ENIs: 2 awsvpc tasks) with 2048 CPU / 4096 MiB; vpc tasks are
			// 512/1024 and take an ENI each.
			//   0–30 min, one task: free 1536/3072 and an ENI → fits, stranded 0.
			//   30–60 min, two tasks: free 1024/2048 but no ENI → all stranded.
			// Stranded: (0 + 1)/2 = 0.5 for both. Reserved: (0.25 + 0.5)/2 = 0.375 for both.
			sc: scenario{
				fleet:     []*mt.InstanceBuilder{sized("m5.large", "us-east-1a", 4096)},
				workloads: []*models.Workload{workload("vpc", vpc)},
				horizon:   time.Hour,
				script: func(r *run) {
					r.register(0, r.in[0])
					r.start(0, r.in[0], "vpc")
					r.start(30*minute, r.in[0], "vpc")
				},
			},
			want: reports.Utilization{
				CPUReservedMean: 0.375, MemoryReservedMean: 0.375,
				CPUStrandedMean: 0.5, MemoryStrandedMean: 0.5,
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.sc.summary(t).Utilization
			if diff := cmp.Diff(tc.want, got, approx); diff != "" {
				t.Errorf("utilization (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTaskCounts(t *testing.T) {
	const s = time.Second
	sc := scenario{
		fleet:     []*mt.InstanceBuilder{sized("m5.xlarge", "us-east-1a", 8192)},
		services:  []*models.Service{service("web", mt.TaskDef("web", 512, 512), 2, 100)},
		workloads: []*models.Workload{workload("batch", mt.TaskDef("batch", 512, 512))},
		horizon:   time.Hour,
		script: func(r *run) {
			in := r.in[0]
			r.register(0, in)
			b1 := r.place(0, in, "batch")     // created 0 s
			w1 := r.place(0, in, "web")       // created 0 s
			r.running(2*s, b1)                // pending 2 s
			b2 := r.place(10*s, in, "batch")  // created 10 s
			r.running(14*s, b2)               // pending 4 s
			r.fail(20*s, "web", in)           // placement failure 1
			r.running(60*s, w1)               // pending 60 s
			b3 := r.place(100*s, in, "batch") // created 100 s
			r.running(110*s, b3)              // pending 10 s
			b4 := r.place(200*s, in, "batch") // created 200 s
			b4.StartError = models.ErrNoHostPort
			r.stop(300*s, b4)                 // never RUNNING: no pending sample
			r.fail(300*s, "batch", nil)       // placement failure 2
			b5 := r.place(310*s, in, "batch") // created 310 s
			r.stop(320*s, b5)                 // stopped before it ran, but it did not fail
			r.cannotStart(400*s, in, "batch") // never placed: not started
		},
	}
	// Started: the six TaskPlaced (b1, w1, b2, b3, b4, b5). Placement failures: 2. Never
	// placed: 1, the batch task RunTask could not place (web's failed try leaves no task
	// unplaced at the end: no pass of a real service scheduler ran). Start failures: b4,
	// placed but failed to start; b5 was stopped before it ran, with no error.
	// Pending samples 2, 4, 60, 10 s; sorted 2, 4, 10, 60. Mean 76/4 = 19.
	// p50: the smallest x with CDF(x) >= 0.5 is the 2nd of 4 → 4 (not 7, the midpoint).
	// p99: CDF reaches 0.99 only at the 4th → 60.
	want := reports.TaskSummary{
		Started: 6, PlacementFailures: 2, NeverPlaced: 1, StartFailures: 1,
		PendingSeconds: reports.Quantiles{Mean: 19, P50: 4, P99: 60},
	}
	got := sc.summary(t).Tasks
	if diff := cmp.Diff(want, got, approx); diff != "" {
		t.Errorf("tasks (-want +got):\n%s", diff)
	}
}

func TestPendingSeconds(t *testing.T) {
	seq := func(n int) []float64 {
		out := make([]float64, n)
		for i := range out {
			out[i] = float64(i + 1)
		}
		return out
	}
	tests := []struct {
		name    string
		pending []float64 // seconds from creation (all at 0) to RUNNING, ascending
		want    reports.Quantiles
	}{
		{
			name: "no task reached RUNNING",
			want: reports.Quantiles{},
		},
		{
			name:    "one task",
			pending: []float64{7},
			want:    reports.Quantiles{Mean: 7, P50: 7, P99: 7},
		},
		{
			// Mean (1+2+3+4+100)/5 = 22. CDF: 0.2, 0.4, 0.6, 0.8, 1. p50 → 3 (CDF 0.6); p99 → 100.
			name:    "five tasks",
			pending: []float64{1, 2, 3, 4, 100},
			want:    reports.Quantiles{Mean: 22, P50: 3, P99: 100},
		},
		{
			// 1..100 s: mean 50.5; CDF(k) = k/100, so p50 → 50 and p99 → 99 (not the maximum).
			name:    "a hundred tasks",
			pending: seq(100),
			want:    reports.Quantiles{Mean: 50.5, P50: 50, P99: 99},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc := scenario{
				fleet:     []*mt.InstanceBuilder{sized("m5.xlarge", "us-east-1a", 8192)},
				workloads: []*models.Workload{workload("tiny", mt.TaskDef("tiny", 10, 10))},
				horizon:   time.Hour,
				script: func(r *run) {
					r.register(0, r.in[0])
					var ts []*models.Task
					for range tc.pending {
						ts = append(ts, r.place(0, r.in[0], "tiny"))
					}
					for i, p := range tc.pending {
						r.running(time.Duration(p*float64(time.Second)), ts[i])
					}
				},
			}
			got := sc.summary(t).Tasks.PendingSeconds
			if diff := cmp.Diff(tc.want, got, approx); diff != "" {
				t.Errorf("pending_seconds (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCapacityAndCost(t *testing.T) {
	const (
		s = time.Second
		h = time.Hour
	)
	// want is the part of the summary these cases are about: EC2 capacity and cost.
	type want struct {
		InstancesMax     int
		InstanceHours    float64
		Total, EC2, Idle float64
	}
	tests := []struct {
		name string
		sc   scenario
		want want
	}{
		{
			name: "nothing registered",
			sc:   scenario{horizon: h},
		},
		// No task runs in the cases below, so all of the EC2 cost is idle.
		{
			name: "three m5.large for ten hours",
			// 3 × 10 h = 30 instance-hours; 3 × 10 × $0.096 = $2.88.
			sc: scenario{
				fleet:   []*mt.InstanceBuilder{mt.Instance("m5.large"), mt.Instance("m5.large"), mt.Instance("m5.large")},
				horizon: 10 * h,
				script:  func(r *run) { r.register(0, r.in...) },
			},
			want: want{InstancesMax: 3, InstanceHours: 30, Total: 2.88, EC2: 2.88, Idle: 2.88},
		},
		{
			name: "an instance that lives 30 s is billed 60 s",
			// Lifetime 30 s = 1/120 h; billed 60 s: $0.096 × 60/3600 = $0.0016.
			sc: scenario{
				fleet:   []*mt.InstanceBuilder{mt.Instance("m5.large")},
				horizon: h,
				script: func(r *run) {
					r.register(0, r.in[0])
					r.terminate(30*s, r.in[0])
				},
			},
			want: want{InstancesMax: 1, InstanceHours: 30.0 / 3600, Total: 0.0016, EC2: 0.0016, Idle: 0.0016},
		},
		{
			name: "billed per second beyond the minimum",
			// An m5.xlarge from 10 min to 10 min 150 s: 150 s = 1/24 h; $0.192 × 150/3600 = $0.008.
			sc: scenario{
				fleet:   []*mt.InstanceBuilder{mt.Instance("m5.xlarge")},
				horizon: h,
				script: func(r *run) {
					r.register(600*s, r.in[0])
					r.terminate(750*s, r.in[0])
				},
			},
			want: want{InstancesMax: 1, InstanceHours: 150.0 / 3600, Total: 0.008, EC2: 0.008, Idle: 0.008},
		},
		{
			name: "instances of another cluster count and cost",
			// i-1 m5.large (ours) 0–1 h; i-2 c5.large (ECS_CLUSTER=batch) 30 min to the 2 h horizon.
			// Both run from 30 min to 1 h → 2 at most. Hours 1 + 1.5 = 2.5.
			// Cost $0.096 × 1 + $0.085 × 1.5 = $0.096 + $0.1275 = $0.2235.
			sc: scenario{
				fleet:   []*mt.InstanceBuilder{mt.Instance("m5.large"), inCluster(mt.Instance("c5.large"), "batch")},
				horizon: 2 * h,
				script: func(r *run) {
					r.register(0, r.in[0])
					r.register(30*time.Minute, r.in[1])
					r.terminate(h, r.in[0])
				},
			},
			want: want{InstancesMax: 2, InstanceHours: 2.5, Total: 0.2235, EC2: 0.2235, Idle: 0.2235},
		},
		{
			name: "an EC2 Spot instance is billed at the 60% Spot discount",
			// An m5.large bought on spot, 0 to the 2 h horizon: 2 h × $0.096 × (1 − 0.6) =
			// 2 × $0.0384 = $0.0768 (on demand it would be $0.192).
			sc: scenario{
				fleet:   []*mt.InstanceBuilder{mt.Instance("m5.large")},
				horizon: 2 * h,
				script: func(r *run) {
					r.in[0].Market = models.Spot
					r.register(0, r.in[0])
				},
			},
			want: want{InstancesMax: 1, InstanceHours: 2, Total: 0.0768, EC2: 0.0768, Idle: 0.0768},
		},
		{
			name: "instances_max is the most at once, not the total",
			// Three m5.large: 0–1 h, 1–2 h (registering as the first terminates), 1.5–3 h.
			// At most 2 at once (1.5–2 h). Hours 1 + 1 + 1.5 = 3.5; $0.096 × 3.5 = $0.336.
			sc: scenario{
				fleet:   []*mt.InstanceBuilder{mt.Instance("m5.large"), mt.Instance("m5.large"), mt.Instance("m5.large")},
				horizon: 3 * h,
				script: func(r *run) {
					r.register(0, r.in[0])
					r.terminate(h, r.in[0])
					r.register(h, r.in[1])
					r.register(90*time.Minute, r.in[2])
					r.terminate(2*h, r.in[1])
				},
			},
			want: want{InstancesMax: 2, InstanceHours: 3.5, Total: 0.336, EC2: 0.336, Idle: 0.336},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sum := tc.sc.summary(t)
			got := want{
				InstancesMax: sum.Capacity.InstancesMax, InstanceHours: sum.Capacity.InstanceHours,
				Total: sum.CostUSD.Total, EC2: sum.CostUSD.EC2, Idle: sum.CostUSD.Idle,
			}
			if diff := cmp.Diff(tc.want, got, approx); diff != "" {
				t.Errorf("capacity and cost (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFinishIsIdempotent(t *testing.T) {
	sc := scenario{
		fleet:     []*mt.InstanceBuilder{sized("m5.xlarge", "us-east-1a", 8192)},
		services:  []*models.Service{service("web", mt.TaskDef("web", 1024, 1024), 1, 100)},
		workloads: []*models.Workload{},
		horizon:   time.Hour,
		script: func(r *run) {
			r.register(0, r.in[0])
			t1 := r.start(0, r.in[0], "web")
			r.healthy(40*time.Second, t1)
		},
	}
	r := newRun(t, sc)
	r.play()
	first := r.col.Summary(reports.Meta{})
	r.col.Finish()
	if diff := cmp.Diff(first, r.col.Summary(reports.Meta{})); diff != "" {
		t.Errorf("a second Finish changed the summary (-first +second):\n%s", diff)
	}
}
