package experiment_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/ecssim/ecssim/experiment"
	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/reports"
	"github.com/ecssim/ecssim/scenarios"
)

// genSpec is what the generator wrote, kept beside the TOML so that the trace checker reads
// task sizes and deployment bounds from the generator's own numbers, not from the loader's or
// the model's: a loader bug then shows as a disagreement rather than hiding.
type genSpec struct {
	defs           map[string]tdSpec // by "family:revision", as the trace names them
	services       map[string]*svcSpec
	reservedMemory int64 // every instance's ECS_RESERVED_MEMORY
}

// tdSpec is a task definition's charge on an EC2 instance (ECS-REFERENCE §2.2) and its
// explicit host ports.
type tdSpec struct {
	cpu, memory, gpuMilli int64
	static                []int
}

// svcSpec is a service's deployment configuration and initial desired count.
type svcSpec struct {
	desired, minPct, maxPct int
	daemon                  bool
}

// gen writes one random scenario: b is its TOML, spec what the checker needs to know of it.
type gen struct {
	r    *rand.Rand
	b    strings.Builder
	spec genSpec
	// what the scenario has so far, for later parts to refer to
	families    []string // EC2 families, each with revision 1 and maybe 2
	revised     map[string]bool
	gpuFamilies []string
	asgs        int
	spot, gpus  bool
	replicas    []string // replica services on EC2
}

func (g *gen) pick(xs ...string) string     { return xs[g.r.IntN(len(xs))] }
func (g *gen) f(format string, args ...any) { fmt.Fprintf(&g.b, format, args...) }

// generate draws a scenario: instance groups (some of GPU types, some Spot), Auto Scaling
// group capacity providers with managed scaling, task definitions (some with GPUs or a
// gpu_share, some with a second revision), replica services with placement constraints and
// strategies and deployment bounds, a service behind an ALB target group, a Fargate service, a
// daemon, standalone workloads, and deploy, scale, drain, terminate, az_outage and
// spot_interruption events, with an instance MTBF sometimes.
func generate(r *rand.Rand) (string, genSpec) {
	g := &gen{r: r, revised: map[string]bool{}}
	g.spec = genSpec{defs: map[string]tdSpec{}, services: map[string]*svcSpec{}, reservedMemory: int64(128 * r.IntN(3))}
	g.f("name = \"random\"\nduration = %q\nseed = %d\n", g.pick("20m", "1h", "2h", "3h"), r.IntN(1000))
	g.asgs = r.IntN(3)
	if g.asgs > 0 && r.IntN(3) == 0 {
		g.f("[cluster]\ndefault_capacity_provider_strategy = [{ capacity_provider = \"asg0\", weight = 1 }]\n")
	}
	g.instanceGroups()
	g.capacityProviders()
	g.taskDefinitions()
	g.services()
	g.balanced()
	g.fargate()
	g.daemon()
	g.workloads()
	g.events()
	if r.IntN(3) == 0 {
		g.f("[faults]\ninstance_mtbf = \"%dh\"\n", 1+r.IntN(24))
	}
	return g.b.String(), g.spec
}

var (
	plainTypes = []string{"m5.large", "m6i.xlarge", "c5.xlarge", "r5.large"}
	gpuTypes   = []string{"g4dn.xlarge", "g4dn.12xlarge", "g5.2xlarge", "g5.12xlarge"}
)

// instanceGroups writes 1 to 3 groups of 1 to 6 instances; a group of GPU types half the time.
func (g *gen) instanceGroups() {
	for i := range 1 + g.r.IntN(3) {
		typ := plainTypes[g.r.IntN(len(plainTypes))]
		if g.r.IntN(2) == 0 {
			typ, g.gpus = gpuTypes[g.r.IntN(len(gpuTypes))], true
		}
		g.f("[[instance_groups]]\nname = \"g%d\"\ntype = %q\ncount = %d\n", i, typ, 1+g.r.IntN(6))
		g.f("zones = [%s]\n", g.pick(`"us-east-1a"`, `"us-east-1a", "us-east-1b"`, `"us-east-1a", "us-east-1b", "us-east-1c"`))
		g.f("attributes = { team = %q }\n", g.pick("a", "b"))
		if g.r.IntN(4) == 0 {
			g.f("market = \"spot\"\n")
			g.spot = true
		}
		g.f("[instance_groups.agent]\nreserved_memory = %d\n", g.spec.reservedMemory)
		if g.r.IntN(2) == 0 {
			g.f("enable_spot_instance_draining = true\n")
		}
		if g.r.IntN(4) == 0 { // few dynamic ports: they run out, and must not be bound twice
			g.f("dynamic_host_port_range = \"40000-%d\"\n", 40000+g.r.IntN(6))
		}
	}
}

// capacityProviders writes g.asgs Auto Scaling group providers with managed scaling.
func (g *gen) capacityProviders() {
	for i := range g.asgs {
		g.f("[[capacity_providers]]\nname = \"asg%d\"\n", i)
		if g.r.IntN(2) == 0 {
			g.f("managed_termination_protection = \"ENABLED\"\n")
		}
		typ := plainTypes[g.r.IntN(len(plainTypes))]
		if g.r.IntN(3) == 0 {
			typ, g.gpus = gpuTypes[g.r.IntN(len(gpuTypes))], true
		}
		minSize := g.r.IntN(2)
		g.f("[capacity_providers.auto_scaling_group]\ninstance_type = %q\nzones = [\"us-east-1a\", \"us-east-1b\"]\n", typ)
		g.f("min_size = %d\nmax_size = %d\ndesired_capacity = %d\n", minSize, minSize+1+g.r.IntN(6), minSize)
		if g.r.IntN(3) == 0 {
			g.f("market = \"spot\"\n")
			g.spot = true
		}
		g.f("agent = { reserved_memory = %d }\n", g.spec.reservedMemory)
		g.f("launch_latency = { distribution = \"uniform\", min = \"30s\", max = \"%ds\" }\n", 60+g.r.IntN(120))
		g.f("[capacity_providers.managed_scaling]\nstatus = \"ENABLED\"\ntarget_capacity = %d\n", 60+10*g.r.IntN(5))
		g.f("maximum_scaling_step_size = %d\ninstance_warmup_period = \"%ds\"\n", 1+g.r.IntN(4), 30*g.r.IntN(6))
	}
}

// taskDefinitions writes 1 to 3 EC2 families, t0 onwards, a second revision of some, and
// (with GPU capacity) GPU families, gpu0 onwards.
func (g *gen) taskDefinitions() {
	for i := range 1 + g.r.IntN(3) {
		fam := fmt.Sprintf("t%d", i)
		g.families = append(g.families, fam)
		g.taskDefinition(fam, 1, false)
		if g.r.IntN(2) == 0 {
			g.taskDefinition(fam, 2, false)
			g.revised[fam] = true
		}
	}
	if !g.gpus {
		return
	}
	for i := range 1 + g.r.IntN(2) {
		fam := fmt.Sprintf("gpu%d", i)
		g.gpuFamilies = append(g.gpuFamilies, fam)
		g.taskDefinition(fam, 1, true)
	}
}

// taskDefinition writes revision rev of family fam, and records its charge as ECS computes it
// (ECS-REFERENCE §2.2): the task-level cpu and memory when set, else the containers' cpu and
// memory_reservation (or memory) summed; GPUs the containers' GPU requirements summed, or
// the task's gpu_share. Task-level sizes cover the containers', as ECS requires.
func (g *gen) taskDefinition(fam string, rev int, gpu bool) {
	mode := g.pick("bridge", "bridge", "host", "awsvpc")
	g.f("[[task_definitions]]\nfamily = %q\nnetwork_mode = %q\n", fam, mode)
	var td tdSpec
	share := gpu && g.r.IntN(2) == 0
	if share {
		td.gpuMilli = int64(250 * (1 + g.r.IntN(3)))
		g.f("gpu_share = %g\n", float64(td.gpuMilli)/1000)
	}
	if g.r.IntN(5) == 0 {
		g.f("placement_constraints = [{ type = \"memberOf\", expression = \"attribute:team == a\" }]\n")
	}
	if g.r.IntN(4) == 0 { // tasks that fail to start or to pass health checks get replaced
		g.f("behavior = { start_failure_rate = %g, health_check_failure_rate = %g }\n", float64(g.r.IntN(4))/10, float64(g.r.IntN(4))/10)
	}
	// The containers go to their own builder: the task-level sizes, written first, depend on them.
	var containers strings.Builder
	outer := g.b
	g.b = containers
	var cpu, mem, biggest int64
	for c := range 1 + g.r.IntN(2) {
		ccpu, cmem := int64(64*g.r.IntN(5)), int64(128*(1+g.r.IntN(4)))
		g.f("[[task_definitions.containers]]\nname = \"c%d\"\ncpu = %d\nmemory = %d\n", c, ccpu, cmem)
		cpu, biggest = cpu+ccpu, max(biggest, cmem)
		if g.r.IntN(3) == 0 {
			g.f("memory_reservation = 64\n")
			cmem = 64
		}
		mem += cmem
		if gpu && !share && c == 0 {
			n := 1 + g.r.IntN(2)
			g.f("resource_requirements = [{ type = \"GPU\", value = \"%d\" }]\n", n)
			td.gpuMilli = int64(1000 * n)
		}
		td.static = append(td.static, g.ports(mode, c)...)
		if g.r.IntN(4) == 0 { // healthy only when the check passes (ECS-REFERENCE §4.2)
			g.f("health_check = { command = [\"CMD-SHELL\", \"exit 0\"], interval = \"%ds\", retries = %d }\n", 5+g.r.IntN(30), 1+g.r.IntN(3))
		}
	}
	containers, g.b = g.b, outer
	td.cpu, td.memory = cpu, mem
	if g.r.IntN(2) == 0 {
		td.cpu, td.memory = max(cpu, 128)+int64(256*g.r.IntN(4)), max(mem, biggest)+int64(256*g.r.IntN(4))
		g.f("cpu = %d\nmemory = %d\n", td.cpu, td.memory)
	}
	g.b.WriteString(containers.String())
	g.spec.defs[fmt.Sprintf("%s:%d", fam, rev)] = td
}

// ports writes container c's port mappings in the network mode and returns its explicit host
// ports: in host mode the container port is the host port; awsvpc binds none on the host.
func (g *gen) ports(mode string, c int) []int {
	switch p := g.r.IntN(3); {
	case p == 0 && mode == "bridge":
		g.f("port_mappings = [{ container_port = %d }]\n", 8000+c)
	case p == 1 && mode == "bridge":
		g.f("port_mappings = [{ container_port = %d, host_port = %d }]\n", 80+c, 80+c)
		return []int{80 + c}
	case p == 1 && mode == "host":
		g.f("port_mappings = [{ container_port = %d }]\n", 80+c)
		return []int{80 + c}
	case p == 1:
		g.f("port_mappings = [{ container_port = %d }]\n", 80+c)
	}
	return nil
}

// deployment writes a service's deployment configuration, sometimes ECS's default (100/200),
// and records the bounds.
func (g *gen) deployment(s *svcSpec) {
	s.minPct, s.maxPct = 100, 200
	if g.r.IntN(4) != 0 {
		s.minPct, s.maxPct = 25*g.r.IntN(5), 100+25*g.r.IntN(5)
		g.f("deployment_configuration = { minimum_healthy_percent = %d, maximum_percent = %d", s.minPct, s.maxPct)
		if g.r.IntN(3) == 0 {
			g.f(", deployment_circuit_breaker = { enable = true, rollback = %v }", g.r.IntN(2) == 0)
		}
		g.f(" }\n")
	}
}

// strategy writes a placement strategy, sometimes none (the default).
func (g *gen) strategy() {
	g.f("%s", g.pick("",
		"placement_strategy = [{ type = \"spread\", field = \"attribute:ecs.availability-zone\" }, { type = \"binpack\", field = \"memory\" }]\n",
		"placement_strategy = [{ type = \"binpack\", field = \"cpu\" }]\n",
		"placement_strategy = [{ type = \"spread\", field = \"instanceId\" }]\n",
		"placement_strategy = [{ type = \"random\" }]\n",
		"placement_strategy = [{ type = \"spread\", field = \"attribute:team\" }, { type = \"binpack\", field = \"memory\" }]\n"))
}

// constraints writes a placement constraint, sometimes none.
func (g *gen) constraints() {
	g.f("%s", g.pick("", "",
		"placement_constraints = [{ type = \"distinctInstance\" }]\n",
		"placement_constraints = [{ type = \"memberOf\", expression = \"attribute:team == b\" }]\n",
		"placement_constraints = [{ type = \"memberOf\", expression = \"attribute:ecs.availability-zone != us-east-1c\" }]\n"))
}

// family picks an EC2 family, a GPU one a third of the time when there are some.
func (g *gen) family() string {
	if len(g.gpuFamilies) > 0 && g.r.IntN(3) == 0 {
		return g.gpuFamilies[g.r.IntN(len(g.gpuFamilies))]
	}
	return g.families[g.r.IntN(len(g.families))]
}

// services writes 0 to 3 replica services on EC2, s0 onwards, some on the providers.
func (g *gen) services() {
	for i := range g.r.IntN(4) {
		name, fam := fmt.Sprintf("s%d", i), g.family()
		s := &svcSpec{desired: g.r.IntN(10)}
		g.f("[[services]]\nname = %q\ntask_definition = \"%s:1\"\ndesired_count = %d\n", name, fam, s.desired)
		g.deployment(s)
		g.strategy()
		g.constraints()
		switch {
		case g.asgs > 0 && g.r.IntN(2) == 0:
			g.f("capacity_provider_strategy = [{ capacity_provider = \"asg%d\", base = %d, weight = 1 }]\n", g.r.IntN(g.asgs), g.r.IntN(3))
		case g.asgs > 0: // the cluster may default to a provider strategy: keep this one on EC2
			g.f("launch_type = \"EC2\"\n")
		}
		g.spec.services[name] = s
		g.replicas = append(g.replicas, name)
	}
}

// balanced sometimes writes a target group and a service "lb" behind it, on a family "lb" of
// bridge (dynamic port) or awsvpc tasks.
func (g *gen) balanced() {
	if g.r.IntN(2) != 0 {
		return
	}
	g.f("[[target_groups]]\nname = \"tg\"\nhealth_check = { interval = \"%ds\", healthy_threshold = %d }\nderegistration_delay = \"%ds\"\n",
		10+g.r.IntN(20), 2+g.r.IntN(3), g.r.IntN(120))
	mode := g.pick("bridge", "awsvpc") // a target group takes instance or ip targets, not both
	for rev := 1; rev <= 2; rev++ {
		g.f("[[task_definitions]]\nfamily = \"lb\"\nnetwork_mode = %q\ncpu = 256\nmemory = %d\n", mode, 256*rev)
		g.f("[[task_definitions.containers]]\nname = \"web\"\nport_mappings = [{ container_port = 8080 }]\n")
		g.spec.defs[fmt.Sprintf("lb:%d", rev)] = tdSpec{cpu: 256, memory: int64(256 * rev)}
	}
	s := &svcSpec{desired: 1 + g.r.IntN(6)}
	g.f("[[services]]\nname = \"lb\"\ntask_definition = \"lb:1\"\ndesired_count = %d\n", s.desired)
	g.f("load_balancers = [{ target_group = \"tg\", container_name = \"web\", container_port = 8080 }]\n")
	g.f("health_check_grace_period_seconds = %d\n", g.r.IntN(60))
	if g.asgs > 0 {
		g.f("launch_type = \"EC2\"\n")
	}
	g.deployment(s)
	g.strategy()
	g.spec.services["lb"] = s
	g.replicas = append(g.replicas, "lb")
	g.revised["lb"] = true
}

// fargate sometimes writes a service "fg" on FARGATE, or on FARGATE and FARGATE_SPOT.
func (g *gen) fargate() {
	if g.r.IntN(3) != 0 {
		return
	}
	g.f("[[task_definitions]]\nfamily = \"fg\"\nnetwork_mode = \"awsvpc\"\nrequires_compatibilities = [\"FARGATE\"]\ncpu = 256\nmemory = 512\n")
	g.f("[[task_definitions.containers]]\nname = \"app\"\n")
	s := &svcSpec{desired: g.r.IntN(8)}
	g.f("[[services]]\nname = \"fg\"\ntask_definition = \"fg\"\ndesired_count = %d\n", s.desired)
	g.f("%s", g.pick("launch_type = \"FARGATE\"\n",
		"capacity_provider_strategy = [{ capacity_provider = \"FARGATE\", base = 1, weight = 1 }, { capacity_provider = \"FARGATE_SPOT\", weight = 2 }]\n"))
	g.deployment(s)
	g.spec.services["fg"] = s
	g.replicas = append(g.replicas, "fg")
}

// daemon sometimes writes a DAEMON service "d0" on EC2.
func (g *gen) daemon() {
	if g.r.IntN(3) != 0 {
		return
	}
	g.f("[[services]]\nname = \"d0\"\ntask_definition = \"%s:1\"\nscheduling_strategy = \"DAEMON\"\nlaunch_type = \"EC2\"\n", g.families[0])
	g.f("deployment_configuration = { minimum_healthy_percent = %d }\n", 50*g.r.IntN(2))
	if g.r.IntN(2) == 0 {
		g.f("placement_constraints = [{ type = \"memberOf\", expression = \"attribute:team == a\" }]\n")
	}
	g.spec.services["d0"] = &svcSpec{daemon: true}
}

// workloads writes 0 to 2 standalone workloads, w0 onwards, some on the providers.
func (g *gen) workloads() {
	for i := range g.r.IntN(3) {
		g.f("[[workloads]]\nname = \"w%d\"\ntask_definition = \"%s:1\"\n", i, g.family())
		g.f("%s", g.pick(
			fmt.Sprintf("arrival = { process = \"poisson\", rate = \"%d/min\" }\n", 1+g.r.IntN(10)),
			fmt.Sprintf("arrival = { process = \"fixed\", count = %d, at = \"%dm\" }\n", 1+g.r.IntN(30), g.r.IntN(10)),
			fmt.Sprintf("arrival = { process = \"periodic\", every = \"%ds\" }\n", 10+g.r.IntN(60))))
		g.f("%s", g.pick(
			"duration = { distribution = \"exponential\", mean = \"5m\" }\n",
			"duration = { distribution = \"lognormal\", median = \"3m\", sigma = 1.0 }\n",
			"duration = { distribution = \"uniform\", min = \"30s\", max = \"15m\" }\n"))
		if g.asgs > 0 && g.r.IntN(2) == 0 {
			g.f("capacity_provider_strategy = [{ capacity_provider = \"asg%d\", weight = 1 }]\n", g.r.IntN(g.asgs))
		} else if g.asgs > 0 {
			g.f("launch_type = \"EC2\"\n")
		}
		g.strategy()
		g.constraints()
	}
}

// events writes 0 to 5 events within the first 40 minutes: rolling deployments (to a second
// revision, or the same one again, which ECS also rolls out as a new deployment), scaling,
// drains and faults.
func (g *gen) events() {
	for range g.r.IntN(6) {
		g.f("[[events]]\nat = \"%dm\"\n", g.r.IntN(40))
		switch n := g.r.IntN(8); {
		case n <= 2 && len(g.replicas) > 0:
			svc := g.replicas[g.r.IntN(len(g.replicas))]
			def := svc
			if svc[0] == 's' {
				def = g.family() // a service may move to another family, as UpdateService allows
			}
			if g.revised[def] {
				def += ":2"
			}
			g.f("action = \"deploy\"\nservice = %q\ntask_definition = %q\n", svc, def)
		case n == 3 && len(g.replicas) > 0:
			g.f("action = \"scale\"\nservice = %q\ndesired_count = %d\n", g.replicas[g.r.IntN(len(g.replicas))], g.r.IntN(10))
		case n == 4:
			g.f("action = \"drain\"\n%s\n", g.pick(`instances = ["i-0001"]`, `zone = "us-east-1a"`, `instance_group = "g0"`))
		case n == 5:
			g.f("action = \"az_outage\"\nzone = \"us-east-1a\"\nduration = \"%dm\"\n", 1+g.r.IntN(30))
		case n == 6 && g.spot:
			g.f("action = \"spot_interruption\"\ncount = %d\n", 1+g.r.IntN(3))
		case n == 6:
			g.f("action = \"agent_disconnect\"\n%s\nduration = \"%dm\"\n", g.pick(`instances = ["i-0001"]`, `zone = "us-east-1a"`), 1+g.r.IntN(20))
		default:
			g.f("action = \"terminate\"\n%s\n", g.pick(`instances = ["i-0001"]`, `instance_group = "g0"`))
		}
	}
}

// TestRandomScenariosKeepInvariants generates scenarios from a fixed seed, runs each through
// experiment.Run with the models' invariant checker and a trace, and checks the trace again
// with a checker that knows only the trace and what the generator wrote (checkTrace). A
// scenario the loader refuses is counted, and most must load. The seed is fixed, so CI runs the
// same 400; ECSSIM_RANDOM_SEED=N runs 4000 others, to look further by hand.
func TestRandomScenariosKeepInvariants(t *testing.T) {
	n, seed := 400, uint64(2024)
	if v := os.Getenv("ECSSIM_RANDOM_SEED"); v != "" { // to look further than CI: another seed, 10× the scenarios
		var err error
		if seed, err = strconv.ParseUint(v, 10, 64); err != nil {
			t.Fatalf("ECSSIM_RANDOM_SEED=%q: want a whole number", v)
		}
		n *= 10
	}
	r := rand.New(rand.NewPCG(seed, 6))
	refused, events := 0, 0
	stats := traceStats{kinds: map[string]int{}}
	for i := range n {
		src, spec := generate(r)
		sc, err := scenarios.Load([]byte(src), fmt.Sprintf("random-%d.toml", i))
		if err != nil {
			refused++
			t.Logf("scenario %d refused: %v", i, err)
			continue
		}
		trace, fired, err := runTraced(sc)
		if err != nil {
			t.Fatalf("scenario %d (seed %d): %v\n%s", i, seed, err, src)
		}
		if err := checkTrace(trace, spec, &stats); err != nil {
			t.Fatalf("scenario %d (seed %d): the trace breaks an invariant: %v\n%s", i, seed, err, src)
		}
		events += fired
	}
	if refused > n/10 {
		t.Errorf("the loader refused %d of %d generated scenarios", refused, n)
	}
	t.Logf("%d scenarios, %d refused, %d events; placements: %d on EC2 (%d with GPUs, %d host ports), %d on Fargate; %d ceiling and %d floor checks",
		n, refused, events, stats.ec2, stats.gpu, stats.ports, stats.fargate, stats.ceilings, stats.floors)
	// Each feature must have been exercised, or a check above passed for want of cases.
	for _, k := range []string{"PlacementFailed", "DeploymentStarted", "DeploymentCompleted", "DesiredCountChanged", "InstanceDraining",
		"InstanceTerminated", "ZoneOutageStarted", "SpotInterruptionNotice", "AgentDisconnected", "ScaleOut", "TargetHealthy", "TaskHealthy", "TaskUnhealthy"} {
		t.Logf("%s: %d", k, stats.kinds[k])
		if stats.kinds[k] < 10 {
			t.Errorf("only %d %s events over %d scenarios", stats.kinds[k], k, n)
		}
	}
	if stats.gpu < 100 || stats.fargate < 100 || stats.floors < 100 || stats.ceilings < 100 {
		t.Errorf("too few cases: %+v", stats)
	}
}

// runTraced builds and runs sc as ecssim run does, with the models' invariant checker
// watching and the trace written to a buffer.
func runTraced(sc *scenarios.Scenario) (trace []byte, fired int, err error) {
	run, err := scenarios.Build(sc, scenarios.Options{})
	if err != nil {
		return nil, 0, err
	}
	k := &models.InvariantChecker{Cluster: run.Sim.Cluster}
	var buf bytes.Buffer
	tw := reports.NewTraceWriter(&buf)
	_, err = experiment.Run(context.Background(), run, experiment.Options{Before: func(*reports.Collector) error {
		run.Sim.AddObserver(k)
		run.Sim.AddObserver(tw)
		return nil
	}})
	if err != nil {
		return nil, 0, err
	}
	if err := errors.Join(k.Finish(), tw.Flush()); err != nil {
		return nil, 0, err
	}
	return buf.Bytes(), int(run.Sim.Engine.Fired()), nil
}
