package models_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/models/modelstest"
	"github.com/ecssim/ecssim/scheduler"
	"github.com/ecssim/ecssim/sim"
)

// record is one event as the tests read it.
type record struct {
	At      time.Duration
	Kind    models.EventKind
	Task    string // task ID, or deployment ID for deployment events
	Def     string
	Detail  string // reason, message, target
	Service string
}

// recorder keeps every event, and the scaling events apart.
type recorder struct {
	recs  []record
	scale []scaling
}

func (r *recorder) Observe(now sim.Time, e models.Event) {
	if e.Kind == models.ScaleOut || e.Kind == models.ScaleIn {
		r.scale = append(r.scale, scaling{At: time.Duration(now), Kind: e.Kind, Metric: e.Metric, Count: e.Count})
	}
	rec := record{At: time.Duration(now), Kind: e.Kind, Detail: e.Reason + e.Message}
	if e.Task != nil {
		rec.Task, rec.Def = e.Task.ID, e.Task.Def.Ref()
	}
	if e.Deployment != nil {
		rec.Task, rec.Def = e.Deployment.ID, e.Deployment.Def.Ref()
	}
	if e.Target != nil {
		rec.Detail = e.Target.String()
	}
	if e.Service != nil {
		rec.Service = e.Service.Name
	} else if e.Task != nil && e.Task.Service != nil {
		rec.Service = e.Task.Service.Name
	}
	r.recs = append(r.recs, rec)
}

// of returns the records of the given kinds, in order.
func (r *recorder) of(kinds ...models.EventKind) []record {
	var out []record
	for _, x := range r.recs {
		for _, k := range kinds {
			if x.Kind == k {
				out = append(out, x)
			}
		}
	}
	return out
}

// messages returns the ServiceEvent messages that contain substr.
func (r *recorder) messages(substr string) []record {
	var out []record
	for _, x := range r.of(models.ServiceEvent) {
		if strings.Contains(x.Detail, substr) {
			out = append(out, x)
		}
	}
	return out
}

// constrained stands in for a service's Placer until simulate builds the pipeline, with these
// placement constraints.
type constrained struct {
	models.Placer
	cons  []models.ConstraintSpec
	chain []models.StrategySpec // if set, replaces the service default chain
}

// fleet returns an instance group of n instances of typ over zones a, b and c of us-east-1.
func fleet(name, typ string, n int, agent ...func(*models.AgentConfig)) *models.InstanceGroup {
	t, ok := models.LookupInstanceType(typ)
	if !ok {
		panic(typ)
	}
	g := &models.InstanceGroup{
		Name: name, Type: t, Count: n, Market: models.OnDemand, AMIID: "ami-test",
		Zones: []string{"us-east-1a", "us-east-1b", "us-east-1c"}, Agent: models.DefaultAgentConfig(),
	}
	for _, f := range agent {
		f(&g.Agent)
	}
	return g
}

// revision returns def's next revision, changed by f.
func revision(def *models.TaskDefinition, f func(*models.TaskDefinition)) *models.TaskDefinition {
	d := *def
	d.Containers = append([]models.Container(nil), def.Containers...)
	d.Revision++
	if f != nil {
		f(&d)
	}
	d.Finalize()
	return &d
}

// service returns a REPLICA service with availabilityZoneRebalancing DISABLED, so that the
// rule a test works through is not mixed with rebalancing moves; a test of rebalancing sets
// it (TestZoneOutage leaves it unset for CreateService's default).
func service(name string, def *models.TaskDefinition, desired, minPct, maxPct int) *models.Service {
	return models.NewService(&models.ServiceConfig{Name: name, Scheduling: models.Replica, Def: def, DesiredCount: desired,
		MinimumHealthyPercent: minPct, MaximumPercent: maxPct, AZRebalancing: models.RebalancingDisabled}, nil)
}

// configure, if set, changes the next simulation simulate builds before it runs;
// providerChain, if set, is the strategy chain of the services' placers on ASG providers.
var (
	configure     func(*models.Simulation)
	providerChain []models.StrategySpec
)

// simulate runs services on groups until horizon with the actions, under the invariant checker,
// with the oldest-instance tie-break so that placements are easy to follow.
func simulate(t *testing.T, horizon time.Duration, groups []*models.InstanceGroup, services []*models.Service, actions ...models.Action) (*models.Simulation, *recorder) {
	t.Helper()
	streams := sim.NewStreams(1)
	c := models.NewCluster("default", modelstest.Epoch, models.TieOldest, 1)
	ix := scheduler.NewIndex(c)
	s := models.NewSimulation(c, streams, sim.Time(horizon))
	s.InstanceGroups = groups
	for _, svc := range services {
		var cons []models.ConstraintSpec
		chain := scheduler.ServiceDefault()
		if svc.Scheduling == models.Daemon {
			chain = nil
		}
		if x, ok := svc.Placer.(constrained); ok {
			cons = x.cons
			if x.chain != nil {
				chain = x.chain
			}
		}
		p, err := scheduler.NewPipeline(c, ix, chain, cons, streams.Source("placement/service/"+svc.Name))
		if err != nil {
			t.Fatal(err)
		}
		svc.Placer = p
		for _, lb := range svc.LoadBalancers {
			s.TargetGroups = append(s.TargetGroups, lb.TargetGroup)
		}
	}
	s.Services = services
	s.Actions = actions
	made := map[string]models.Placer{} // one placer a service and provider, as scenarios builds
	s.ProviderPlacers = placersFunc(func(svc *models.Service, p *models.CapacityProvider) (models.Placer, bool) {
		name := "placement/service/" + svc.Name + "/" + p.Name
		if pl := made[name]; pl != nil {
			return pl, true
		}
		chain := providerChain
		if chain == nil {
			chain = scheduler.ServiceDefault()
		}
		pl, err := scheduler.NewProviderPipeline(c, ix, chain, nil, p, streams.Source(name))
		if err != nil {
			t.Fatal(err)
		}
		made[name] = pl
		return pl, true
	})
	if configure != nil {
		configure(s)
		configure = nil
	}
	chk := &models.InvariantChecker{Cluster: c}
	rec := &recorder{}
	s.AddObserver(chk)
	s.AddObserver(rec)
	s.Run()
	if err := chk.Finish(); err != nil {
		t.Fatal(err)
	}
	return s, rec
}

// batches compresses a rollout into runs of starts of the new revision and stops of the old:
// "start 2", "stop 2", ...
func batches(rec *recorder, newRef string, after time.Duration) []string {
	var out []string
	last, n := "", 0
	flush := func() {
		if n > 0 {
			out = append(out, fmt.Sprintf("%s %d", last, n))
		}
	}
	for _, r := range rec.of(models.TaskPlaced, models.TaskStopping) {
		if r.At < after {
			continue
		}
		op := "stop"
		if r.Kind == models.TaskPlaced {
			if r.Def != newRef {
				continue
			}
			op = "start"
		} else if r.Def == newRef {
			continue
		}
		if op != last {
			flush()
			last, n = op, 0
		}
		n++
	}
	flush()
	return out
}

// TestRollingUpdateWorkedExamples checks AWS's worked examples of the rolling update
// (BP/service-options, ECS-REFERENCE §4.2): desired 6 on room for 8 tasks. With 100/200 the
// ceiling is 12 and the floor 6: capacity allows two new tasks, and each pair that turns healthy
// lets two old ones stop. With a 50% floor (3), three old tasks stop first.
func TestRollingUpdateWorkedExamples(t *testing.T) {
	for _, tc := range []struct {
		name           string
		minPct, maxPct int
		want           []string
	}{
		{"100/200 proceeds two at a time", 100, 200, []string{"start 2", "stop 2", "start 2", "stop 2", "start 2", "stop 2"}},
		{"50/200 stops three first", 50, 200, []string{"stop 3", "start 5", "stop 3", "start 1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v1 := modelstest.TaskDef("web", 1024, 512) // two fit on an m6i.large (2048 CPU units)
			v2 := revision(v1, nil)
			svc := service("web", v1, 6, tc.minPct, tc.maxPct)
			deployAt := 10 * time.Minute
			_, rec := simulate(t, 2*time.Hour, []*models.InstanceGroup{fleet("g", "m6i.large", 4)}, []*models.Service{svc},
				models.Action{ActionConfig: &models.ActionConfig{At: deployAt, Kind: models.ActionDeploy, Def: v2}, Service: svc})
			if diff := cmp.Diff(tc.want, batches(rec, v2.Ref(), deployAt)); diff != "" {
				t.Errorf("rollout (-want +got):\n%s", diff)
			}
			deps := svc.Deployments()
			if len(deps) != 2 || deps[1].State != models.RolloutCompleted || deps[0].State != models.RolloutCompleted {
				t.Fatalf("deployments %+v", deps)
			}
			if n := len(svc.Tasks()); n != 6 {
				t.Errorf("%d tasks at the end, want 6", n)
			}
		})
	}
}

// TestDeploymentDeadlock: configurations that can never progress produce ECS's event instead of
// hanging silently (ECS-REFERENCE §4.2): min = max = 100, and max 125 with desired 3 and min 100.
func TestDeploymentDeadlock(t *testing.T) {
	for _, tc := range []struct {
		name                    string
		desired, minPct, maxPct int
	}{
		{"min = max = 100", 4, 100, 100},
		{"max 125 with desired 3", 3, 100, 125},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v1 := modelstest.TaskDef("web", 256, 256)
			svc := service("web", v1, tc.desired, tc.minPct, tc.maxPct)
			_, rec := simulate(t, time.Hour, []*models.InstanceGroup{fleet("g", "m6i.xlarge", 3)}, []*models.Service{svc},
				models.Action{ActionConfig: &models.ActionConfig{At: 10 * time.Minute, Kind: models.ActionDeploy, Def: revision(v1, nil)}, Service: svc})
			got := rec.messages("unable to stop or start tasks during a deployment")
			if len(got) != 1 || got[0].At != 10*time.Minute {
				t.Fatalf("deadlock events %+v, want one at 10m", got)
			}
			if d := svc.Primary(); d.State != models.RolloutInProgress {
				t.Errorf("deployment %v, want IN_PROGRESS", d.State)
			}
			if n := len(rec.of(models.TaskStopping)); n != 0 {
				t.Errorf("%d tasks stopped, want none", n)
			}
		})
	}
}

// TestCircuitBreakerRollback: a revision whose tasks all fail to start trips the breaker after
// ceil(6 / 2) = 3 failures (the minimum of 3 applies), and the rollback redeploys revision 1.
// The ceiling of 12 let all six new tasks start together, so all six fail at the same instant:
// the third trips the breaker, and the deployment counts six.
func TestCircuitBreakerRollback(t *testing.T) {
	v1 := modelstest.TaskDef("web", 256, 256)
	bad := revision(v1, func(d *models.TaskDefinition) { d.Behavior.StartFailureRate = 1 })
	svc := service("web", v1, 6, 100, 200)
	svc.CircuitBreaker = models.CircuitBreaker{Enable: true, Rollback: true}
	_, rec := simulate(t, 2*time.Hour, []*models.InstanceGroup{fleet("g", "m6i.xlarge", 3)}, []*models.Service{svc},
		models.Action{ActionConfig: &models.ActionConfig{At: 10 * time.Minute, Kind: models.ActionDeploy, Def: bad}, Service: svc})
	deps := svc.Deployments()
	var states []string
	for _, d := range deps {
		states = append(states, fmt.Sprintf("%s %s rollback=%v failures=%d", d.Def.Ref(), d.State, d.Rollback, d.Failures))
	}
	want := []string{
		"web:1 COMPLETED rollback=false failures=0",
		"web:2 FAILED rollback=false failures=6",
		"web:1 COMPLETED rollback=true failures=0",
	}
	if diff := cmp.Diff(want, states); diff != "" {
		t.Fatalf("deployments (-want +got):\n%s", diff)
	}
	failed := rec.of(models.DeploymentFailed)
	if len(failed) != 1 || !strings.Contains(failed[0].Detail, "tasks failed to start") {
		t.Errorf("DeploymentFailed events %+v", failed)
	}
	if n := len(rec.messages("rolling back to deployment ecs-svc/web-1")); n != 1 {
		t.Errorf("%d rollback events, want 1", n)
	}
	for _, task := range svc.Tasks() {
		if task.Def != v1 || task.State != models.Running {
			t.Errorf("task %s runs %s in %v after the rollback", task.ID, task.Def.Ref(), task.State)
		}
	}
}

// TestServiceThrottle: a service whose tasks never start backs off: 10 s, then doubling, capped
// at 27 minutes (DG/service-throttle-logic's current text; 15 minutes before; the growth is
// ecssim's choice): 10, 20, 40, 80, 160, 320, 640, 1280 s, then 2560 s capped to 1620 s.
func TestServiceThrottle(t *testing.T) {
	bad := modelstest.TaskDef("crash", 256, 256)
	bad.Behavior.StartFailureRate = 1
	svc := service("crash", bad, 1, 100, 200)
	_, rec := simulate(t, 3*time.Hour, []*models.InstanceGroup{fleet("g", "m6i.large", 1)}, []*models.Service{svc})
	var gaps []time.Duration
	placed := rec.of(models.TaskPlaced)
	for i := 1; i < len(placed) && i < 11; i++ {
		gaps = append(gaps, placed[i].At-placed[i-1].At)
	}
	// Each task takes 2 s to fail (container start), then the throttle waits.
	want := []time.Duration{}
	for _, d := range []time.Duration{10, 20, 40, 80, 160, 320, 640, 1280, 1620, 1620} {
		want = append(want, 2*time.Second+d*time.Second)
	}
	if diff := cmp.Diff(want, gaps); diff != "" {
		t.Errorf("gaps between launch attempts (-want +got):\n%s", diff)
	}
	if n := len(rec.messages("is unable to consistently start tasks successfully")); n == 0 {
		t.Error("no throttle event")
	}
}

// TestTargetGroupTiming: with the ALB defaults a target turns healthy 150 s after its task runs
// (30 s × 5, BP/load-balancer-healthcheck); when the task stops it drains for the 300 s
// deregistration delay, then gets SIGTERM and, not handling it, is killed after the 30 s stop
// timeout. Its resources are held until then.
func TestTargetGroupTiming(t *testing.T) {
	def := modelstest.TaskDef("web", 256, 256, models.PortMapping{ContainerPort: 8080})
	tg := models.NewTargetGroup(&models.TargetGroupConfig{Name: "web-tg", Type: models.TargetInstance, HealthCheck: models.DefaultTargetHealthCheck(), DeregistrationDelay: models.DefaultDeregistrationDelay})
	svc := service("web", def, 1, 100, 200)
	svc.LoadBalancers = []models.LoadBalancer{{TargetGroup: tg, ContainerName: "web", ContainerPort: 8080}}
	scaleAt := 30 * time.Minute
	s, rec := simulate(t, time.Hour, []*models.InstanceGroup{fleet("g", "m6i.large", 1)}, []*models.Service{svc},
		models.Action{ActionConfig: &models.ActionConfig{At: scaleAt, Kind: models.ActionScale, DesiredCount: 0}, Service: svc})
	got := rec.of(models.TaskRunning, models.TaskHealthy, models.TargetRegistered, models.TargetHealthy,
		models.TaskStopping, models.TargetDraining, models.TargetDeregistered, models.TaskStopped)
	for i := range got {
		got[i].Def, got[i].Service = "", ""
		if got[i].Kind == models.TaskStopping || got[i].Kind == models.TaskStopped {
			got[i].Detail = ""
		}
	}
	const start = 2 * time.Second // no image to pull; containers start in 2 s
	want := []record{
		{At: start, Kind: models.TaskRunning, Task: "web-1"},
		{At: start, Kind: models.TargetRegistered, Task: "web-1", Detail: "i-0001:32768"},
		{At: start + 150*time.Second, Kind: models.TargetHealthy, Task: "web-1", Detail: "i-0001:32768"},
		{At: start + 150*time.Second, Kind: models.TaskHealthy, Task: "web-1"},
		{At: scaleAt, Kind: models.TaskStopping, Task: "web-1"},
		{At: scaleAt, Kind: models.TargetDraining, Task: "web-1", Detail: "i-0001:32768"},
		{At: scaleAt + 300*time.Second, Kind: models.TargetDeregistered, Task: "web-1", Detail: "i-0001:32768"},
		{At: scaleAt + 330*time.Second, Kind: models.TaskStopped, Task: "web-1"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	if tg.Targets() != 0 {
		t.Errorf("%d targets left", tg.Targets())
	}
	if used := s.Cluster.Instances()[0].Used(); used.CPU != 0 {
		t.Errorf("%v still reserved after the task stopped", used)
	}
}

// TestDynamicHostPorts: ten tasks of a bridge service with no host port share one large instance,
// each with its own port from the range, none of them reserved; with a static host port only
// one task fits per instance.
func TestDynamicHostPorts(t *testing.T) {
	dyn := modelstest.TaskDef("dyn", 256, 256, models.PortMapping{ContainerPort: 80})
	static := modelstest.TaskDef("static", 256, 256, models.PortMapping{ContainerPort: 80, HostPort: 8080})
	narrow := func(a *models.AgentConfig) {
		a.DynamicHostPortRange = models.PortRange{First: 51670, Last: 51690} // 51678 and 51679 are reserved
	}
	s, rec := simulate(t, time.Minute,
		[]*models.InstanceGroup{fleet("big", "m6i.4xlarge", 1, narrow), fleet("small", "m6i.large", 3)},
		[]*models.Service{service("dyn", dyn, 10, 100, 200), service("static", static, 3, 100, 200)})
	ports := map[uint16]bool{}
	for _, task := range s.Services[0].Tasks() {
		if task.Instance.ID != "i-0001" {
			continue
		}
		for _, b := range task.Bindings {
			if b.HostPort == 51678 || b.HostPort == 51679 || b.HostPort < 51670 || b.HostPort > 51690 || ports[b.HostPort] {
				t.Errorf("task %s bound port %d", task.ID, b.HostPort)
			}
			ports[b.HostPort] = true
		}
	}
	if len(ports) == 0 {
		t.Fatal("no dyn task on the large instance")
	}
	perInstance := map[string]int{}
	for _, task := range s.Services[1].Tasks() {
		perInstance[task.Instance.ID]++
	}
	for id, n := range perInstance {
		if n > 1 {
			t.Errorf("%d tasks with host port 8080 on %s", n, id)
		}
	}
	if n := len(rec.of(models.TaskStopped)); n != 0 {
		t.Errorf("%d tasks stopped", n)
	}
}

// TestDynamicHostPortsOnOneInstance: ten tasks on one instance get ten distinct ports, in order,
// skipping the reserved ones.
func TestDynamicHostPortsOnOneInstance(t *testing.T) {
	dyn := modelstest.TaskDef("dyn", 256, 256, models.PortMapping{ContainerPort: 80})
	narrow := func(a *models.AgentConfig) { a.DynamicHostPortRange = models.PortRange{First: 51672, Last: 51690} }
	s, _ := simulate(t, time.Minute, []*models.InstanceGroup{fleet("big", "m6i.4xlarge", 1, narrow)},
		[]*models.Service{service("dyn", dyn, 10, 100, 200)})
	var got []uint16
	for _, task := range s.Services[0].Tasks() {
		got = append(got, task.Bindings[0].HostPort)
	}
	want := []uint16{51672, 51673, 51674, 51675, 51676, 51677, 51680, 51681, 51682, 51683}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("host ports (-want +got):\n%s", diff)
	}
}

// TestDaemon: a DAEMON service runs one task on every ACTIVE instance, placed before the
// replica service's tasks; on a DRAINING instance the replica task is replaced elsewhere and the
// daemon's task stops last (DG/ecs_services).
func TestDaemon(t *testing.T) {
	agentDef := modelstest.TaskDef("agent", 128, 128)
	web := modelstest.TaskDef("web", 1024, 1024)
	daemon := models.NewService(&models.ServiceConfig{Name: "agent", Scheduling: models.Daemon, Def: agentDef, MinimumHealthyPercent: 0, MaximumPercent: 100}, nil)
	svc := service("web", web, 3, 100, 200)
	drainAt := 10 * time.Minute
	_, rec := simulate(t, time.Hour, []*models.InstanceGroup{fleet("g", "m6i.xlarge", 3)}, []*models.Service{svc, daemon},
		models.Action{ActionConfig: &models.ActionConfig{At: drainAt, Kind: models.ActionDrain, Instances: []string{"i-0001"}}})
	placed := rec.of(models.TaskPlaced)
	var first []string
	for _, r := range placed[:6] {
		first = append(first, r.Task)
	}
	if diff := cmp.Diff([]string{"agent-1", "agent-2", "agent-3", "web-1", "web-2", "web-3"}, first); diff != "" {
		t.Errorf("placement order (-want +got):\n%s", diff)
	}
	var webStopped, agentStopping time.Duration
	for _, r := range rec.recs {
		switch {
		case r.Kind == models.TaskStopped && r.Service == "web" && webStopped == 0:
			webStopped = r.At
		case r.Kind == models.TaskStopping && r.Service == "agent":
			agentStopping = r.At
		}
	}
	if webStopped == 0 || agentStopping < webStopped {
		t.Errorf("web task stopped at %v, daemon task stopping at %v: the daemon must stop last", webStopped, agentStopping)
	}
	if daemon.DesiredCount != 2 || len(daemon.Tasks()) != 2 {
		t.Errorf("daemon wants %d and runs %d tasks after the drain, want 2", daemon.DesiredCount, len(daemon.Tasks()))
	}
	for _, task := range svc.Tasks() {
		if task.Instance.ID == "i-0001" {
			t.Errorf("web task %s still on the draining instance", task.ID)
		}
	}
	if len(svc.Tasks()) != 3 {
		t.Errorf("web runs %d tasks, want 3", len(svc.Tasks()))
	}
}

// TestScaleIn: scaling from 6 to 3 stops three tasks chosen by the default strategy's scale-in
// rule, which keeps the zones balanced: one task left in each.
func TestScaleIn(t *testing.T) {
	def := modelstest.TaskDef("web", 256, 256)
	svc := service("web", def, 6, 100, 200)
	_, rec := simulate(t, time.Hour, []*models.InstanceGroup{fleet("g", "m6i.large", 6)}, []*models.Service{svc},
		models.Action{ActionConfig: &models.ActionConfig{At: 10 * time.Minute, Kind: models.ActionScale, DesiredCount: 3}, Service: svc})
	if n := len(rec.of(models.DesiredCountChanged)); n != 1 {
		t.Errorf("%d DesiredCountChanged events", n)
	}
	if n := len(rec.of(models.TaskStopping)); n != 3 {
		t.Errorf("%d tasks stopped, want 3", n)
	}
	zones := map[string]int{}
	for _, task := range svc.Tasks() {
		zones[task.Instance.Zone]++
	}
	if diff := cmp.Diff(map[string]int{"us-east-1a": 1, "us-east-1b": 1, "us-east-1c": 1}, zones); diff != "" {
		t.Errorf("tasks per zone (-want +got):\n%s", diff)
	}
}

// TestHealthCheckFailure: tasks that never pass the ALB's checks turn unhealthy after 2 × 30 s,
// but ECS stops them only once the 120 s grace period is over, and replaces them.
func TestHealthCheckFailure(t *testing.T) {
	def := modelstest.TaskDef("web", 256, 256, models.PortMapping{ContainerPort: 8080})
	def.Behavior.HealthCheckFailureRate = 1
	tg := models.NewTargetGroup(&models.TargetGroupConfig{Name: "web-tg", Type: models.TargetInstance, HealthCheck: models.DefaultTargetHealthCheck(), DeregistrationDelay: 10 * time.Second})
	svc := service("web", def, 1, 100, 200)
	svc.HealthCheckGracePeriod = 120 * time.Second
	svc.LoadBalancers = []models.LoadBalancer{{TargetGroup: tg, ContainerName: "web", ContainerPort: 8080}}
	_, rec := simulate(t, 10*time.Minute, []*models.InstanceGroup{fleet("g", "m6i.large", 1)}, []*models.Service{svc})
	unhealthy := rec.of(models.TargetUnhealthy, models.TaskUnhealthy)
	if len(unhealthy) < 2 {
		t.Fatalf("events %+v", unhealthy)
	}
	const start = 2 * time.Second
	if unhealthy[0].Kind != models.TargetUnhealthy || unhealthy[0].At != start+60*time.Second {
		t.Errorf("first %+v, want TargetUnhealthy at %v", unhealthy[0], start+60*time.Second)
	}
	if unhealthy[1].Kind != models.TaskUnhealthy || unhealthy[1].At != start+120*time.Second ||
		unhealthy[1].Detail != "Task failed ELB health checks in (target-group web-tg)" {
		t.Errorf("second %+v, want TaskUnhealthy at %v", unhealthy[1], start+120*time.Second)
	}
	if n := len(rec.of(models.TaskPlaced)); n < 3 {
		t.Errorf("only %d tasks placed: failed tasks are not replaced", n)
	}
}

// TestBreakerThreshold works the circuit breaker's threshold: ceil(desired / 2) clamped to
// [3, 200] by default (API/ServiceDeploymentCircuitBreaker: desired 1 gives 3, 25 gives 13,
// 400 and more give 200), and the newer ThresholdConfiguration's types.
func TestBreakerThreshold(t *testing.T) {
	for _, tc := range []struct {
		name    string
		desired int
		typ     models.ThresholdType
		value   int
		want    int
	}{
		{"desired 1 meets the minimum of 3", 1, "", 0, 3},
		{"desired 6 gives 3", 6, "", 0, 3},
		{"desired 25 gives 13", 25, "", 0, 13},
		{"desired 400 gives 200", 400, "", 0, 200},
		{"desired 1000 is capped at 200", 1000, "", 0, 200},
		{"bounded 20% of 50 is 10", 50, models.ThresholdBoundedPercent, 20, 10},
		{"bounded 20% of 5 meets the minimum", 5, models.ThresholdBoundedPercent, 20, 3},
		{"count 1", 10, models.ThresholdCount, 1, 1},
		{"unbounded 10% of 5 rounds up to 1", 5, models.ThresholdUnboundedPercent, 10, 1},
		{"unbounded 100% of 1000", 1000, models.ThresholdUnboundedPercent, 100, 1000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svc := models.NewService(&models.ServiceConfig{DesiredCount: tc.desired, CircuitBreaker: models.CircuitBreaker{
				Enable: true, ThresholdType: tc.typ, ThresholdValue: tc.value}}, nil)
			if got := svc.BreakerThreshold(); got != tc.want {
				t.Errorf("threshold %d, want %d", got, tc.want)
			}
		})
	}
}

// TestDaemonRollouts covers DAEMON services through deployments, draining and tight capacity.
func TestDaemonRollouts(t *testing.T) {
	agent := modelstest.TaskDef("agent", 128, 128)
	daemon := func(minPct int) *models.Service {
		return models.NewService(&models.ServiceConfig{Name: "agent", Scheduling: models.Daemon, Def: agent, MinimumHealthyPercent: minPct, MaximumPercent: 100}, nil)
	}

	t.Run("a drain and a deploy together keep the floor", func(t *testing.T) {
		// Four instances, floor ceil(3 × 50 / 100) = 2 once i-0001 drains: its task stops
		// outside the floor, and of the three others only one may stop at a time.
		svc := daemon(50)
		_, rec := simulate(t, time.Hour, []*models.InstanceGroup{fleet("g", "m6i.large", 4)}, []*models.Service{svc},
			models.Action{ActionConfig: &models.ActionConfig{At: 10 * time.Minute, Kind: models.ActionDrain, Instances: []string{"i-0001"}}},
			models.Action{ActionConfig: &models.ActionConfig{At: 10 * time.Minute, Kind: models.ActionDeploy, Def: revision(agent, nil)}, Service: svc})
		var stopsAt10m int
		for _, r := range rec.of(models.TaskStopping) {
			if r.At == 10*time.Minute {
				stopsAt10m++
			}
		}
		if stopsAt10m != 2 {
			t.Errorf("%d tasks stopped at 10m, want 2 (the drained one and one under the floor)", stopsAt10m)
		}
		if d := svc.Primary(); d.State != models.RolloutCompleted || svc.DesiredCount != 3 {
			t.Errorf("deployment %v with desired %d, want COMPLETED with 3", d.State, svc.DesiredCount)
		}
	})

	t.Run("a daemon short of room is placed once room frees", func(t *testing.T) {
		// agent:2 needs 1024 CPU units, which the web tasks hold until they scale to zero.
		svc := daemon(0)
		web := service("web", modelstest.TaskDef("web", 512, 512), 6, 0, 100)
		big := revision(agent, func(d *models.TaskDefinition) { d.CPU = 1024 })
		_, rec := simulate(t, time.Hour, []*models.InstanceGroup{fleet("g", "m6i.large", 2)}, []*models.Service{svc, web},
			models.Action{ActionConfig: &models.ActionConfig{At: 10 * time.Minute, Kind: models.ActionDeploy, Def: big}, Service: svc},
			models.Action{ActionConfig: &models.ActionConfig{At: 20 * time.Minute, Kind: models.ActionScale, DesiredCount: 0}, Service: web})
		if len(svc.Tasks()) != 2 || svc.Primary().State != models.RolloutCompleted {
			t.Errorf("%d daemon tasks, deployment %v; want 2 and COMPLETED", len(svc.Tasks()), svc.Primary().State)
		}
		if n := len(rec.messages("service agent was unable to place a task")); n == 0 {
			t.Error("no placement failure reported while the daemon did not fit")
		}
	})

	t.Run("instances outside the constraints do not want the daemon", func(t *testing.T) {
		svc := daemon(0)
		svc.Placer = constrained{cons: []models.ConstraintSpec{{Type: "memberOf", Expression: "attribute:ecs.instance-type == m6i.2xlarge"}}}
		big := revision(agent, func(d *models.TaskDefinition) { d.CPU = 4096 })
		simulate(t, time.Hour, []*models.InstanceGroup{fleet("big", "m6i.2xlarge", 2), fleet("small", "m6i.large", 4)}, []*models.Service{svc},
			models.Action{ActionConfig: &models.ActionConfig{At: 10 * time.Minute, Kind: models.ActionDeploy, Def: big}, Service: svc})
		if svc.DesiredCount != 2 || len(svc.Tasks()) != 2 || svc.Primary().State != models.RolloutCompleted {
			t.Errorf("desired %d, %d tasks, deployment %v; want 2, 2 and COMPLETED", svc.DesiredCount, len(svc.Tasks()), svc.Primary().State)
		}
	})

	t.Run("a floor of 100 deadlocks the rollout", func(t *testing.T) {
		svc := daemon(100)
		_, rec := simulate(t, time.Hour, []*models.InstanceGroup{fleet("g", "m6i.large", 3)}, []*models.Service{svc},
			models.Action{ActionConfig: &models.ActionConfig{At: 10 * time.Minute, Kind: models.ActionDeploy, Def: revision(agent, nil)}, Service: svc})
		if n := len(rec.messages("unable to stop or start tasks during a deployment")); n != 1 {
			t.Errorf("%d deadlock events, want 1", n)
		}
	})
}

// TestFailedDeploymentStillScalesIn: after the circuit breaker fails a deployment without
// rollback, no task is launched, but a scale-in still stops tasks.
func TestFailedDeploymentStillScalesIn(t *testing.T) {
	v1 := modelstest.TaskDef("web", 256, 256)
	bad := revision(v1, func(d *models.TaskDefinition) { d.Behavior.StartFailureRate = 1 })
	svc := service("web", v1, 6, 50, 200)
	svc.CircuitBreaker = models.CircuitBreaker{Enable: true}
	simulate(t, 2*time.Hour, []*models.InstanceGroup{fleet("g", "m6i.xlarge", 3)}, []*models.Service{svc},
		models.Action{ActionConfig: &models.ActionConfig{At: 10 * time.Minute, Kind: models.ActionDeploy, Def: bad}, Service: svc},
		models.Action{ActionConfig: &models.ActionConfig{At: time.Hour, Kind: models.ActionScale, DesiredCount: 2}, Service: svc})
	if svc.Primary().State != models.RolloutFailed {
		t.Fatalf("deployment %v, want FAILED", svc.Primary().State)
	}
	if n := len(svc.Tasks()); n != 2 {
		t.Errorf("%d tasks after scaling to 2", n)
	}
}

// TestUnplaced: Service.Unplaced is what the latest pass found no instance for. Two m6i.large
// (2048 CPU units each) hold four tasks of 1024 units. A service wanting 7 leaves 3 unplaced;
// scaled to 5 at 10 min it leaves 1; scaled to 3 at 20 min it stops one and needs none.
func TestUnplaced(t *testing.T) {
	def := modelstest.TaskDef("web", 1024, 256)
	cases := []struct {
		name    string
		actions []models.Action
		want    int
	}{
		{"short all the run", nil, 3},
		{"scaled to fewer, still short", []models.Action{{ActionConfig: &models.ActionConfig{At: 10 * time.Minute, Kind: models.ActionScale, DesiredCount: 5}}}, 1},
		{"scaled to what fits", []models.Action{
			{ActionConfig: &models.ActionConfig{At: 10 * time.Minute, Kind: models.ActionScale, DesiredCount: 5}},
			{ActionConfig: &models.ActionConfig{At: 20 * time.Minute, Kind: models.ActionScale, DesiredCount: 3}},
		}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			svc := service("web", def, 7, 100, 200)
			for i := range c.actions {
				c.actions[i].Service = svc
			}
			simulate(t, time.Hour, []*models.InstanceGroup{fleet("g", "m6i.large", 2)}, []*models.Service{svc}, c.actions...)
			if got := svc.Unplaced(); got != c.want {
				t.Errorf("Unplaced() = %d, want %d", got, c.want)
			}
		})
	}
}

// placersFunc is a function that serves as models.ProviderPlacers.
type placersFunc func(svc *models.Service, p *models.CapacityProvider) (models.Placer, bool)

func (f placersFunc) PlacerOn(svc *models.Service, p *models.CapacityProvider) (models.Placer, bool) {
	return f(svc, p)
}

// WorkloadPlacerOn has no placer: these tests run no workload on a capacity provider.
func (f placersFunc) WorkloadPlacerOn(*models.Workload, *models.CapacityProvider) (models.Placer, bool) {
	return nil, false
}
