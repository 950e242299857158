package scenarios

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/scheduler"
)

// randomScenario writes a valid scenario file drawn from r: a mixed fleet with custom
// attributes and agent settings, task definitions in every network mode with static and
// dynamic ports, images, container health checks and failure rates, services (sometimes behind
// a load balancer, sometimes with a circuit breaker) and RunTask workloads with random
// strategies and constraints, DAEMON services, and deploy, scale and drain events (a deploy
// followed by a scale-in of its service among them); sometimes
// Auto Scaling group capacity providers with managed scaling that services (or the cluster's
// default strategy) use, and Fargate services; RunTask workloads on those providers (by their
// own strategy or the cluster's default, within tight PROVISIONING limits) and on Fargate.
// Sometimes faults too: Spot instance groups, an
// instance MTBF, terminate, az_outage, spot_interruption (with Spot capacity) and
// agent_disconnect events, and AZ rebalancing on services whose first strategy spreads over
// zones.
func randomScenario(r *rand.Rand) string {
	var b strings.Builder
	pick := func(xs ...string) string { return xs[r.IntN(len(xs))] }
	fmt.Fprintf(&b, "name = \"random\"\nduration = %q\nseed = %d\n", pick("10m", "1h", "3h"), r.IntN(1000))
	fmt.Fprintf(&b, "[cluster]\nplacement_tie_break = %q\n", pick("random", "oldest"))
	asgs := 0
	if r.IntN(3) == 0 {
		asgs = 1 + r.IntN(2)
	}
	defaultStrategy := asgs > 0 && r.IntN(4) == 0
	if defaultStrategy {
		b.WriteString("default_capacity_provider_strategy = [{ capacity_provider = \"asg0\", weight = 1 }]\n")
	}
	if asgs > 0 && r.IntN(3) == 0 { // PROVISIONING limits tight enough to reach
		fmt.Fprintf(&b, "provisioning_task_limit = %d\nprovisioning_timeout = \"%dm\"\n", 1+r.IntN(20), r.IntN(10))
	}
	spot, spotPools := randomCapacityProviders(r, &b, asgs)
	types := models.InstanceTypes()
	groups := 1 + r.IntN(3)
	for g := range groups {
		typ := types[r.IntN(len(types))]
		fmt.Fprintf(&b, "[[instance_groups]]\nname = \"g%d\"\ntype = %q\ncount = %d\n", g, typ.Name, 1+r.IntN(12))
		fmt.Fprintf(&b, "zones = [%s]\n", pick(`"us-east-1a"`, `"us-east-1a", "us-east-1b"`, `"us-east-1a", "us-east-1b", "us-east-1c"`))
		fmt.Fprintf(&b, "attributes = { team = %q }\n", pick("a", "b"))
		if r.IntN(5) == 0 {
			b.WriteString("market = \"spot\"\n")
			spot = true
		}
		fmt.Fprintf(&b, "[instance_groups.agent]\nreserved_memory = %d\n", r.IntN(3)*128)
		if r.IntN(2) == 0 {
			b.WriteString("enable_spot_instance_draining = true\n")
		}
		if r.IntN(4) == 0 {
			fmt.Fprintf(&b, "dynamic_host_port_range = \"40000-%d\"\n", 40000+r.IntN(8))
		}
		fmt.Fprintf(&b, "enable_task_iam_role = %v\n", r.IntN(2) == 0)
		fmt.Fprintf(&b, "available_logging_drivers = [%s]\n", pick(`"json-file"`, `"json-file", "awslogs"`))
	}
	families := []string{"t0", "t1", "t2", "t3"}[:1+r.IntN(4)]
	for _, f := range families {
		mode := pick("bridge", "bridge", "bridge", "host", "awsvpc")
		fmt.Fprintf(&b, "[[task_definitions]]\nfamily = %q\nnetwork_mode = %q\n", f, mode)
		if r.IntN(2) == 0 {
			fmt.Fprintf(&b, "cpu = %d\nmemory = %d\n", 512*(1+r.IntN(8)), 512*(1+r.IntN(16)))
		}
		if r.IntN(5) == 0 {
			b.WriteString("task_role_arn = \"arn:aws:iam::123456789012:role/x\"\n")
		}
		if r.IntN(6) == 0 {
			fmt.Fprintf(&b, "runtime_platform = { cpu_architecture = %q }\n", pick("X86_64", "ARM64"))
		}
		if r.IntN(5) == 0 {
			b.WriteString("placement_constraints = [{ type = \"memberOf\", expression = \"attribute:team == a\" }]\n")
		}
		randomImageAndBehavior(r, &b)
		for c := range 1 + r.IntN(2) {
			fmt.Fprintf(&b, "[[task_definitions.containers]]\nname = \"c%d\"\ncpu = %d\nmemory = %d\n", c, 32*r.IntN(8), 64+64*r.IntN(8))
			if r.IntN(3) == 0 {
				fmt.Fprintf(&b, "memory_reservation = %d\n", 32)
			}
			if r.IntN(5) == 0 {
				b.WriteString("log_configuration = { log_driver = \"awslogs\" }\n")
			}
			randomHealthCheck(r, &b)
			switch p := r.IntN(4); {
			case p == 0 && mode == "bridge":
				fmt.Fprintf(&b, "port_mappings = [{ container_port = %d }]\n", 8000+c)
			case p == 1:
				fmt.Fprintf(&b, "port_mappings = [{ container_port = %d, host_port = %d }]\n", 80+c, 80+c)
			}
		}
	}
	// strategy writes a placement strategy, or none for the default, and reports whether the
	// first strategy a service would get spreads over zones (ECS's service default does).
	strategy := func() (zonesFirst bool) {
		if r.IntN(4) == 0 {
			return true // the default
		}
		presets := scheduler.Presets()
		chain := presets[r.IntN(len(presets))].Chain
		if r.IntN(5) == 0 {
			chain = []models.StrategySpec{{Type: "spread", Field: "attribute:team"}, {Type: "binpack", Field: "memory"}}
		}
		var items []string
		for _, s := range chain {
			items = append(items, fmt.Sprintf("{ type = %q, field = %q }", s.Type, s.Field))
		}
		fmt.Fprintf(&b, "placement_strategy = [%s]\n", strings.Join(items, ", "))
		return len(chain) > 0 && chain[0] == models.StrategySpec{Type: scheduler.Spread, Field: scheduler.FieldZone}
	}
	constraints := func() {
		switch r.IntN(4) {
		case 0:
			b.WriteString("placement_constraints = [{ type = \"distinctInstance\" }]\n")
		case 1:
			b.WriteString("placement_constraints = [{ type = \"memberOf\", expression = \"not(task:group == service:s0)\" }]\n")
		}
	}
	services := r.IntN(4)
	for s := range services {
		fmt.Fprintf(&b, "[[services]]\nname = \"s%d\"\ntask_definition = %q\ndesired_count = %d\n", s, families[r.IntN(len(families))], r.IntN(16))
		if strategy() && r.IntN(2) == 0 {
			b.WriteString("availability_zone_rebalancing = \"ENABLED\"\n")
		}
		constraints()
		randomCircuitBreaker(r, &b)
		if asgs > 0 && r.IntN(2) == 0 {
			randomProviderStrategy(r, &b, asgs)
		}
	}
	fargate := r.IntN(3) == 0
	if fargate {
		randomFargateService(r, &b)
	}
	balanced := r.IntN(3) == 0
	if balanced {
		randomLoadBalancedService(r, &b)
	}
	daemon := r.IntN(3) == 0
	if daemon {
		fmt.Fprintf(&b, "[[services]]\nname = \"d0\"\ntask_definition = %q\nscheduling_strategy = \"DAEMON\"\n", families[r.IntN(len(families))])
		if defaultStrategy {
			b.WriteString("launch_type = \"EC2\"\n") // ECS rejects a DAEMON service on the default strategy
		}
		fmt.Fprintf(&b, "deployment_configuration = { minimum_healthy_percent = %d }\n", 50*r.IntN(3))
		if r.IntN(2) == 0 {
			b.WriteString("placement_constraints = [{ type = \"memberOf\", expression = \"attribute:team == a\" }]\n")
		}
	}
	if r.IntN(4) == 0 {
		fmt.Fprintf(&b, "[faults]\ninstance_mtbf = \"%dh\"\n", 1+r.IntN(48))
	}
	for range r.IntN(4) {
		if r.IntN(3) == 0 {
			randomFaultEvent(r, &b, spot)
		}
	}
	randomShortages(r, &b, spotPools, fargate)
	for range r.IntN(4) {
		at := fmt.Sprintf("%dm", r.IntN(10))
		switch {
		case r.IntN(4) == 0:
			fmt.Fprintf(&b, "[[events]]\nat = %q\naction = \"drain\"\n%s\n", at, pick(`instances = ["i-0001"]`, `zone = "us-east-1a"`, `instance_group = "g0"`))
		case daemon && r.IntN(3) == 0:
			fmt.Fprintf(&b, "[[events]]\nat = %q\naction = \"deploy\"\nservice = \"d0\"\ntask_definition = %q\n", at, families[r.IntN(len(families))])
		case fargate && r.IntN(3) == 0:
			fmt.Fprintf(&b, "[[events]]\nat = %q\naction = \"deploy\"\nservice = \"fg\"\ntask_definition = \"fg\"\n", at)
		case balanced && r.IntN(3) == 0:
			fmt.Fprintf(&b, "[[events]]\nat = %q\naction = \"deploy\"\nservice = \"lb\"\ntask_definition = %q\n", at, pick("lb", "lb:1"))
		case services == 0:
		case r.IntN(4) == 0:
			// A deployment, then a scale-in of the same service while it rolls out: the
			// ceiling falls under tasks still waiting or draining.
			svc, m := r.IntN(services), r.IntN(10)
			fmt.Fprintf(&b, "[[events]]\nat = \"%dm\"\naction = \"deploy\"\nservice = \"s%d\"\ntask_definition = %q\n", m, svc, families[r.IntN(len(families))])
			fmt.Fprintf(&b, "[[events]]\nat = \"%ds\"\naction = \"scale\"\nservice = \"s%d\"\ndesired_count = %d\n", 60*m+r.IntN(180), svc, r.IntN(8))
		case r.IntN(2) == 0:
			fmt.Fprintf(&b, "[[events]]\nat = %q\naction = \"deploy\"\nservice = \"s%d\"\ntask_definition = %q\n", at, r.IntN(services), families[r.IntN(len(families))])
		default:
			fmt.Fprintf(&b, "[[events]]\nat = %q\naction = \"scale\"\nservice = \"s%d\"\ndesired_count = %d\n", at, r.IntN(services), r.IntN(16))
		}
	}
	for w := range r.IntN(4) {
		onFargate := fargate && r.IntN(3) == 0
		def := families[r.IntN(len(families))]
		if onFargate {
			def = "fg"
		}
		fmt.Fprintf(&b, "[[workloads]]\nname = \"w%d\"\ntask_definition = %q\n", w, def)
		switch r.IntN(3) {
		case 0:
			fmt.Fprintf(&b, "arrival = { process = \"poisson\", rate = \"%d/min\" }\n", 1+r.IntN(30))
		case 1:
			fmt.Fprintf(&b, "arrival = { process = \"fixed\", count = %d, at = \"%dm\" }\n", 1+r.IntN(40), r.IntN(10))
		default:
			fmt.Fprintf(&b, "arrival = { process = \"periodic\", every = \"%ds\" }\n", 5+r.IntN(60))
		}
		b.WriteString(pick(
			"duration = { distribution = \"exponential\", mean = \"5m\" }\n",
			"duration = { distribution = \"lognormal\", median = \"3m\", sigma = 1.2 }\n",
			"duration = { distribution = \"uniform\", min = \"30s\", max = \"20m\" }\n",
			"duration = { distribution = \"constant\", value = \"2m\" }\n"))
		randomWorkloadCapacity(r, &b, onFargate, asgs)
		if !onFargate {
			strategy()
			constraints()
		}
	}
	return b.String()
}

// TestRandomScenariosKeepInvariants generates 200 random scenarios, loads and runs each, and
// checks the invariants at every placement and stop and across the cluster at the end: no
// instance over-committed in CPU, memory or ENIs, no host port bound twice or reserved, no
// placement on an instance that is not ACTIVE or not in the cluster. Faults must have
// happened too: instances lost, zone outages, Spot notices and agent disconnects.
func TestRandomScenariosKeepInvariants(t *testing.T) {
	seed := randomTestSeed(t)
	r := rand.New(rand.NewPCG(seed, 11))
	placed, failed := 0, 0
	n := counter{}
	for i := range 200 {
		src := randomScenario(r)
		sc, err := Load([]byte(src), fmt.Sprintf("random-%d.toml", i))
		if err != nil {
			t.Fatalf("generated scenario %d (ECSSIM_RANDOM_SEED=%d) does not load: %v\n%s", i, seed, err, src)
		}
		var f failures
		if _, err := runChecked(t, sc, &f, n); err != nil {
			t.Fatalf("scenario %d (ECSSIM_RANDOM_SEED=%d) breaks an invariant: %v\n%s", i, seed, err, src)
		}
		placed, failed = placed+f.placed, failed+f.failed
	}
	if placed < 1000 || failed < 100 {
		t.Errorf("the generator (ECSSIM_RANDOM_SEED=%d) exercised too little: %d placements, %d failures", seed, placed, failed)
	}
	for _, k := range []models.EventKind{models.InstanceTerminated, models.ZoneOutageStarted, models.SpotInterruptionNotice, models.AgentDisconnected,
		models.CapacityShortageStarted} {
		if n[k] < 2 { // a new seed each run: a floor far below the usual 6 to 100 of each
			t.Errorf("the generator (ECSSIM_RANDOM_SEED=%d) exercised too few faults: %d %v events", seed, n[k], k)
		}
	}
	t.Logf("ECSSIM_RANDOM_SEED=%d: %d placements, %d failures over 200 scenarios; %d instances terminated, %d zone outages, %d Spot notices, %d agent disconnects, %d capacity shortages, %d launches without capacity",
		seed, placed, failed, n[models.InstanceTerminated], n[models.ZoneOutageStarted], n[models.SpotInterruptionNotice], n[models.AgentDisconnected],
		n[models.CapacityShortageStarted], n[models.InstanceLaunchFailed])
}

// randomTestSeed is the seed of the random scenarios: $ECSSIM_RANDOM_SEED to replay a run,
// else a new one each run, so that every run of the tests tries scenarios no run tried before.
// A failure names the seed.
func randomTestSeed(t *testing.T) uint64 {
	if v := os.Getenv("ECSSIM_RANDOM_SEED"); v != "" {
		seed, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			t.Fatalf("ECSSIM_RANDOM_SEED=%q: want a whole number", v)
		}
		return seed
	}
	return uint64(time.Now().UnixNano())
}

// randomImageAndBehavior sometimes gives the task definition being written an image and a
// behavior table.
func randomImageAndBehavior(r *rand.Rand, b *strings.Builder) {
	if r.IntN(3) == 0 {
		registry := []string{"ecr", "public"}[r.IntN(2)]
		fmt.Fprintf(b, "image = { size_mib = %d, registry = %q }\n", 1+r.IntN(2000), registry)
	}
	if r.IntN(4) == 0 {
		fmt.Fprintf(b, "behavior = { start_failure_rate = %g, health_check_failure_rate = %g, container_start = { distribution = \"uniform\", min = \"1s\", max = \"%ds\" } }\n",
			float64(r.IntN(5))/10, float64(r.IntN(5))/10, 1+r.IntN(20))
	}
}

// randomHealthCheck sometimes gives the container being written a health check and a stop
// timeout.
func randomHealthCheck(r *rand.Rand, b *strings.Builder) {
	if r.IntN(4) == 0 {
		fmt.Fprintf(b, "health_check = { command = [\"CMD-SHELL\", \"exit 0\"], interval = \"%ds\", retries = %d, start_period = \"%ds\" }\n",
			5+r.IntN(30), 1+r.IntN(5), r.IntN(60))
	}
	if r.IntN(4) == 0 {
		fmt.Fprintf(b, "stop_timeout = \"%ds\"\n", 1+r.IntN(120))
	}
}

// randomCircuitBreaker sometimes gives the service being written a deployment configuration
// with a circuit breaker.
func randomCircuitBreaker(r *rand.Rand, b *strings.Builder) {
	switch r.IntN(4) {
	case 0:
		fmt.Fprintf(b, "deployment_configuration = { minimum_healthy_percent = %d, maximum_percent = 200, deployment_circuit_breaker = { enable = true, rollback = %v } }\n",
			25*r.IntN(5), r.IntN(2) == 0)
	case 1:
		fmt.Fprintf(b, "deployment_configuration = { deployment_circuit_breaker = { enable = true, threshold = { type = \"COUNT\", value = %d } } }\n", 1+r.IntN(5))
	}
}

// randomLoadBalancedService writes a target group and a service "lb" behind it, with its own
// task definition family "lb" in bridge or awsvpc mode.
func randomLoadBalancedService(r *rand.Rand, b *strings.Builder) {
	fmt.Fprintf(b, "[[target_groups]]\nname = \"tg\"\nhealth_check = { interval = \"%ds\", healthy_threshold = %d }\nderegistration_delay = \"%ds\"\n",
		10+r.IntN(30), 2+r.IntN(4), r.IntN(120))
	mode := []string{"bridge", "bridge", "awsvpc"}[r.IntN(3)]
	fmt.Fprintf(b, "[[task_definitions]]\nfamily = \"lb\"\nnetwork_mode = %q\ncpu = 256\nmemory = 512\n", mode)
	randomImageAndBehavior(r, b)
	b.WriteString("[[task_definitions.containers]]\nname = \"web\"\nport_mappings = [{ container_port = 8080 }]\n")
	randomHealthCheck(r, b)
	fmt.Fprintf(b, "[[services]]\nname = \"lb\"\ntask_definition = \"lb\"\ndesired_count = %d\n", 1+r.IntN(8))
	b.WriteString("load_balancers = [{ target_group = \"tg\", container_name = \"web\", container_port = 8080 }]\n")
	fmt.Fprintf(b, "health_check_grace_period_seconds = %d\n", r.IntN(120))
	randomCircuitBreaker(r, b)
}

// randomFaultEvent writes a terminate, az_outage, agent_disconnect or (when the scenario has
// Spot capacity) spot_interruption event, on instances that exist: i-0001 and i-0002 if
// there are two, us-east-1a, which every instance group uses, and group g0.
func randomFaultEvent(r *rand.Rand, b *strings.Builder, spot bool) {
	pick := func(xs ...string) string { return xs[r.IntN(len(xs))] }
	targets := func() string {
		return pick(`instances = ["i-0001"]`, `zone = "us-east-1a"`, `instance_group = "g0"`, "instances = [\"i-0001\"]\nzone = \"us-east-1a\"")
	}
	fmt.Fprintf(b, "[[events]]\nat = \"%dm\"\n", r.IntN(60))
	switch n := r.IntN(4); {
	case spot && (n == 0 || r.IntN(2) == 0): // Spot capacity is rarer than instances: notice it more often
		b.WriteString("action = \"spot_interruption\"\n")
		if r.IntN(2) == 0 {
			b.WriteString(targets() + "\n")
		}
		if r.IntN(2) == 0 {
			fmt.Fprintf(b, "count = %d\n", 1+r.IntN(4))
		}
	case n <= 1:
		fmt.Fprintf(b, "action = \"terminate\"\n%s\n", targets())
	case n == 2:
		fmt.Fprintf(b, "action = \"az_outage\"\nzone = \"us-east-1a\"\nduration = \"%dm\"\n", 1+r.IntN(60))
	default:
		fmt.Fprintf(b, "action = \"agent_disconnect\"\n%s\nduration = \"%dm\"\n", targets(), 1+r.IntN(60))
	}
}

// randomShortages sometimes writes capacity shortages: of some of the Spot groups' pools, and
// of FARGATE_SPOT in a zone or all, each at a fixed time or at random.
func randomShortages(r *rand.Rand, b *strings.Builder, spotPools []string, fargate bool) {
	pick := func(xs ...string) string { return xs[r.IntN(len(xs))] }
	when := func() string {
		if r.IntN(2) == 0 {
			return fmt.Sprintf("at = \"%dm\"\nfor = \"%dm\"\n", r.IntN(60), 1+r.IntN(60))
		}
		return fmt.Sprintf("rate = \"%d/h\"\nduration = { distribution = \"exponential\", mean = \"%dm\" }\n", 1+r.IntN(4), 1+r.IntN(30))
	}
	if len(spotPools) > 0 && r.IntN(3) == 0 {
		pools := spotPools[:1+r.IntN(len(spotPools))]
		fmt.Fprintf(b, "[[capacity_shortages]]\nkind = \"spot_capacity\"\npools = [\"%s\"]\n%s", strings.Join(pools, `", "`), when())
	}
	if fargate && r.IntN(3) == 0 {
		fmt.Fprintf(b, "[[capacity_shortages]]\nkind = \"fargate_spot_capacity\"\n%s%s", pick("", "pools = [\"us-east-1a\"]\n"), when())
	}
}

// randomCapacityProviders writes n Auto Scaling group capacity providers, asg0 onwards, each
// with managed scaling, sometimes Spot and sometimes of several instance types, and reports
// whether one is Spot, and the pools (type/zone) of the Spot groups.
func randomCapacityProviders(r *rand.Rand, b *strings.Builder, n int) (spot bool, spotPools []string) {
	types := models.InstanceTypes()
	for i := range n {
		var groupTypes []string
		fmt.Fprintf(b, "[[capacity_providers]]\nname = \"asg%d\"\n", i)
		if r.IntN(2) == 0 {
			b.WriteString("managed_termination_protection = \"ENABLED\"\n")
		}
		if r.IntN(4) == 0 {
			b.WriteString("managed_draining = \"DISABLED\"\n")
		}
		b.WriteString("[capacity_providers.auto_scaling_group]\n")
		if r.IntN(3) == 0 {
			groupTypes = []string{types[r.IntN(len(types)/2)].Name, types[len(types)/2+r.IntN(len(types)/2)].Name}
			fmt.Fprintf(b, "instance_types = [%q, %q]\n", groupTypes[0], groupTypes[1])
		} else {
			groupTypes = []string{types[r.IntN(len(types))].Name}
			fmt.Fprintf(b, "instance_type = %q\n", groupTypes[0])
		}
		minSize := r.IntN(2)
		maxSize := minSize + 1 + r.IntN(10)
		fmt.Fprintf(b, "min_size = %d\nmax_size = %d\ndesired_capacity = %d\n", minSize, maxSize, minSize+r.IntN(maxSize-minSize+1))
		if r.IntN(3) == 0 {
			b.WriteString("market = \"spot\"\nagent = { enable_spot_instance_draining = true }\nzones = [\"us-east-1a\", \"us-east-1b\"]\n")
			spot = true
			for _, typ := range groupTypes {
				spotPools = append(spotPools, typ+"/us-east-1a", typ+"/us-east-1b")
			}
		}
		if r.IntN(2) == 0 {
			fmt.Fprintf(b, "launch_latency = { distribution = \"uniform\", min = \"%ds\", max = \"%ds\" }\n", 30+r.IntN(30), 60+r.IntN(120))
		}
		fmt.Fprintf(b, "[capacity_providers.managed_scaling]\nstatus = \"ENABLED\"\ntarget_capacity = %d\n", 50+r.IntN(51))
		fmt.Fprintf(b, "minimum_scaling_step_size = %d\nmaximum_scaling_step_size = %d\ninstance_warmup_period = \"%ds\"\n",
			1, 1+r.IntN(5), 30*r.IntN(11))
	}
	return spot, spotPools
}

// randomProviderStrategy gives the service being written a strategy over the Auto Scaling
// group providers: one, or (with n = 2) sometimes both, the first with a base.
func randomProviderStrategy(r *rand.Rand, b *strings.Builder, n int) {
	if n == 1 || r.IntN(2) == 0 {
		fmt.Fprintf(b, "capacity_provider_strategy = [{ capacity_provider = \"asg%d\", weight = 1 }]\n", r.IntN(n))
		return
	}
	fmt.Fprintf(b, "capacity_provider_strategy = [{ capacity_provider = \"asg0\", base = %d, weight = %d }, { capacity_provider = \"asg1\", weight = %d }]\n",
		r.IntN(4), r.IntN(3), 1+r.IntN(4))
}

// randomWorkloadCapacity gives the workload being written what RunTask launches it with: on
// Fargate (the "fg" task definition) a launch type or a Fargate strategy; else sometimes a
// strategy over the Auto Scaling group providers, sometimes launch type EC2, else nothing (the
// cluster's default strategy, if any).
func randomWorkloadCapacity(r *rand.Rand, b *strings.Builder, onFargate bool, asgs int) {
	switch {
	case onFargate && r.IntN(2) == 0:
		b.WriteString("launch_type = \"FARGATE\"\n")
	case onFargate:
		fmt.Fprintf(b, "capacity_provider_strategy = [{ capacity_provider = \"FARGATE\", base = %d, weight = %d }, { capacity_provider = \"FARGATE_SPOT\", weight = %d }]\n",
			r.IntN(3), r.IntN(2), 1+r.IntN(3))
	case asgs > 0 && r.IntN(2) == 0:
		randomProviderStrategy(r, b, asgs)
	case r.IntN(4) == 0:
		b.WriteString("launch_type = \"EC2\"\n")
	}
}

// randomFargateService writes a Fargate task definition "fg" of a random valid size, in
// awsvpc mode, and a service "fg" that runs it on the FARGATE launch type or on FARGATE and
// FARGATE_SPOT.
func randomFargateService(r *rand.Rand, b *strings.Builder) {
	size := fargateSizes[r.IntN(3)] // the small ones: a scenario runs many tasks
	fmt.Fprintf(b, "[[task_definitions]]\nfamily = \"fg\"\nnetwork_mode = \"awsvpc\"\nrequires_compatibilities = [\"FARGATE\"]\ncpu = %d\nmemory = %d\n",
		size.cpu, size.memories[r.IntN(len(size.memories))])
	if r.IntN(4) == 0 {
		b.WriteString("runtime_platform = { cpu_architecture = \"ARM64\" }\n")
	}
	randomImageAndBehavior(r, b)
	b.WriteString("[[task_definitions.containers]]\nname = \"app\"\nport_mappings = [{ container_port = 8080 }]\n")
	randomHealthCheck(r, b) // its stop timeouts are within Fargate's 2m
	fmt.Fprintf(b, "[[services]]\nname = \"fg\"\ntask_definition = \"fg\"\ndesired_count = %d\n", r.IntN(12))
	switch r.IntN(3) {
	case 0:
		b.WriteString("launch_type = \"FARGATE\"\n")
	case 1:
		fmt.Fprintf(b, "capacity_provider_strategy = [{ capacity_provider = \"FARGATE\", base = %d, weight = 1 }, { capacity_provider = \"FARGATE_SPOT\", weight = %d }]\n",
			r.IntN(3), 1+r.IntN(4))
	default:
		b.WriteString("capacity_provider_strategy = [{ capacity_provider = \"FARGATE_SPOT\", weight = 1 }]\nzones = [\"us-east-1a\", \"us-east-1b\"]\n")
	}
	randomCircuitBreaker(r, b)
}
