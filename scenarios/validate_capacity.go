package scenarios

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/scenarios/internal/tomlpos"
)

// Capacity provider limits (API/CapacityProviderStrategyItem, API/ManagedScaling; ECS-REFERENCE
// §§5.1, 5.2). maxStrategyItems is the current SDK documentation's; the 2023 DG said 6.
const (
	maxStrategyItems   = 20
	maxStrategyBase    = 100_000
	maxStrategyWeight  = 1000
	maxTargetCapacity  = 100
	maxScalingStepSize = 10_000
	maxInstanceWarmup  = 10_000 * time.Second
	// maxASGSize bounds an Auto Scaling group's sizes as count bounds an instance group's:
	// ecssim's choice.
	maxASGSize = 1_000_000
)

// defaultLaunchLatency is how long an Auto Scaling group's new instance takes to register with
// the cluster unless launch_latency says otherwise: 1-3 min, the common EC2 launch-to-
// registration time (ECS-REFERENCE §7.3, unconfirmed).
var defaultLaunchLatency = models.DistSpec{Kind: models.DistUniform, Min: time.Minute, Max: 3 * time.Minute}

// reservedProviderPrefixes are the prefixes ECS forbids in capacity provider names
// (API/CreateCapacityProvider name: "can't be prefixed with aws, ecs, or fargate").
var reservedProviderPrefixes = []string{"aws", "ecs", "fargate"}

// capacityKind is what a service's tasks run on, as far as validation is concerned.
type capacityKind uint8

const (
	capUnknown capacityKind = iota // not known: a problem was reported
	capEC2                         // the EC2 launch type
	capASG                         // Auto Scaling group capacity providers
	capFargate                     // the FARGATE launch type, or FARGATE and FARGATE_SPOT
)

func (k capacityKind) String() string {
	switch k {
	case capEC2:
		return "the EC2 launch type"
	case capASG:
		return "an Auto Scaling group provider"
	case capFargate:
		return "a Fargate provider"
	}
	return "unknown"
}

// capacityProviders reads the [[capacity_providers]]: Auto Scaling group providers, as
// CreateCapacityProvider takes them (API/AutoScalingGroupProvider).
func (c *checker) capacityProviders(fs []capacityProviderFile, sc *Scenario) {
	names := map[string]string{}
	for i := range fs {
		f := &fs[i]
		p := fmt.Sprintf("capacity_providers[%d]", i)
		cp := models.CapacityProviderConfig{Name: fmt.Sprintf("provider-%d", i+1), Kind: models.ProviderASG, ManagedDraining: true}
		if typed(c, p+".name", f.Name) {
			cp.Name = f.Name.v
			c.providerName(p+".name", cp.Name)
			c.unique(names, p+".name", "capacity provider", cp.Name)
		} else if !f.Name.set {
			c.missing(p, "name")
		}
		var scalingKnown bool
		cp.ManagedScaling, scalingKnown = c.managedScaling(p+".managed_scaling", &f.ManagedScaling)
		if v, ok := c.oneOf(p+".managed_termination_protection", f.ManagedTerminationProtection, "ENABLED", "DISABLED"); ok {
			cp.ManagedTerminationProtection = v == "ENABLED"
			if cp.ManagedTerminationProtection && scalingKnown && !cp.ManagedScaling.Enabled {
				c.bad(p+".managed_termination_protection", "ECS allows managed termination protection only with managed scaling: give managed_scaling status ENABLED")
			}
		}
		if v, ok := c.oneOf(p+".managed_draining", f.ManagedDraining, "ENABLED", "DISABLED"); ok {
			cp.ManagedDraining = v == "ENABLED"
		}
		cp.ASG = c.autoScalingGroup(p+".auto_scaling_group", &f.AutoScalingGroup, sc)
		sc.CapacityProviders = append(sc.CapacityProviders, cp)
	}
}

// providerName applies ECS's rules for capacity provider names.
func (c *checker) providerName(path, name string) {
	lower := strings.ToLower(name)
	switch {
	case !ValidName(name):
		c.bad(path, "a capacity provider name is 1-255 letters, digits, hyphens and underscores")
	case models.BuiltinProvider(name):
		c.bad(path, "%s is built in: strategies name it without declaring it", name)
	case slices.ContainsFunc(reservedProviderPrefixes, func(pre string) bool { return strings.HasPrefix(lower, pre) }):
		c.bad(path, "ECS reserves names that start with aws, ecs or fargate (in any case)")
	}
}

// managedScaling reads a provider's managed_scaling table. Managed scaling is ENABLED when the
// table is given without a status (as the console creates providers), DISABLED without the
// table. known is false when the status is malformed.
func (c *checker) managedScaling(p string, f *managedScalingFile) (ms models.ManagedScaling, known bool) {
	ms = models.ManagedScaling{Enabled: c.given(p, *f == managedScalingFile{}), TargetCapacity: models.DefaultTargetCapacity,
		MinStep: models.DefaultMinStep, MaxStep: models.DefaultMaxStep, WarmUp: models.DefaultWarmUp}
	known = true
	if f.Status.set {
		status, ok := c.oneOf(p+".status", f.Status, "ENABLED", "DISABLED")
		ms.Enabled, known = status == "ENABLED", ok
	}
	if n, ok := c.intIn(p+".target_capacity", f.TargetCapacity, 1, maxTargetCapacity); ok {
		ms.TargetCapacity = int(n)
	}
	minOK := !f.MinimumScalingStepSize.set
	if n, ok := c.intIn(p+".minimum_scaling_step_size", f.MinimumScalingStepSize, 1, maxScalingStepSize); ok {
		ms.MinStep, minOK = int(n), true
	}
	if n, ok := c.intIn(p+".maximum_scaling_step_size", f.MaximumScalingStepSize, 1, maxScalingStepSize); ok {
		ms.MaxStep = int(n)
		if minOK && ms.MaxStep < ms.MinStep {
			c.bad(p+".maximum_scaling_step_size", "%d is below minimum_scaling_step_size (%d)", ms.MaxStep, ms.MinStep)
		}
	}
	if d, ok := c.duration(p+".instance_warmup_period", f.InstanceWarmupPeriod); ok && d > maxInstanceWarmup {
		c.bad(p+".instance_warmup_period", "must be at most 10000s, got %s", f.InstanceWarmupPeriod.v)
	} else if ok {
		ms.WarmUp = d
	}
	return ms, known
}

// autoScalingGroup reads a provider's required auto_scaling_group table; nil when it is
// missing.
func (c *checker) autoScalingGroup(p string, f *asgFile, sc *Scenario) *models.AutoScalingGroup {
	if _, ok := c.index.Find(p); !ok {
		i := strings.LastIndexByte(p, '.')
		c.missing(p[:i], p[i+1:])
		return nil
	}
	h := c.hosts(p, &hostsFile{typeKey: "instance_type", typesKey: "instance_types", Type: f.InstanceType, Types: f.InstanceTypes,
		Zones: f.Zones, Attributes: f.Attributes, Market: f.Market, AMIID: f.AMIID, Agent: &f.Agent, AgentConfig: f.AgentConfig}, sc)
	g := &models.AutoScalingGroup{InstanceTypes: h.Types, Zones: h.Zones, Market: h.Market, Agent: h.Agent, AMIID: h.AMIID,
		Attributes: h.Attributes, LaunchLatency: defaultLaunchLatency}
	minOK := !f.MinSize.set
	if n, ok := c.intIn(p+".min_size", f.MinSize, 0, maxASGSize); ok {
		g.MinSize, minOK = int(n), true
	}
	maxOK := false
	if n, ok := c.intIn(p+".max_size", f.MaxSize, 1, maxASGSize); ok {
		g.MaxSize, maxOK = int(n), true
		if minOK && g.MaxSize < g.MinSize {
			c.bad(p+".max_size", "%d is below min_size (%d)", g.MaxSize, g.MinSize)
			maxOK = false
		}
	} else if !f.MaxSize.set {
		c.missing(p, "max_size")
	}
	g.DesiredCapacity = g.MinSize
	if n, ok := c.intIn(p+".desired_capacity", f.DesiredCapacity, 0, maxASGSize); ok {
		g.DesiredCapacity = int(n)
		if minOK && maxOK && (g.DesiredCapacity < g.MinSize || g.DesiredCapacity > g.MaxSize) {
			c.bad(p+".desired_capacity", "must be between min_size (%d) and max_size (%d), got %d", g.MinSize, g.MaxSize, n)
		}
	}
	if d := c.optionalDistribution(p+".launch_latency", &f.LaunchLatency); d.Kind != "" {
		g.LaunchLatency = d
	}
	return g
}

// defaultStrategy reads [cluster] default_capacity_provider_strategy and returns the kind of
// capacity it uses; an empty list (or none) is no default, as PutClusterCapacityProviders
// takes it.
func (c *checker) defaultStrategy(fs []strategyItemFile, sc *Scenario) capacityKind {
	if len(fs) == 0 {
		return capUnknown
	}
	var kind capacityKind
	sc.DefaultStrategy, kind = c.capacityStrategy("cluster.default_capacity_provider_strategy", fs, sc)
	return kind
}

// capacityStrategy reads a capacityProviderStrategy (API/CapacityProviderStrategyItem) and
// returns its items and the kind of capacity they use, capUnknown if that is unclear.
func (c *checker) capacityStrategy(p string, fs []strategyItemFile, sc *Scenario) ([]models.StrategyItemConfig, capacityKind) {
	if len(fs) > maxStrategyItems {
		c.bad(p, "%d capacity providers, ECS allows at most %d in a strategy", len(fs), maxStrategyItems)
	}
	known := map[string]capacityKind{models.FargateProviderName: capFargate, models.FargateSpotProviderName: capFargate}
	for _, cp := range sc.CapacityProviders {
		known[cp.Name] = capASG
	}
	var (
		items          []models.StrategyItemConfig
		providers      = strategyProviders{known: known, seen: map[string]int{}}
		baseItem       = -1
		weighed, valid = false, true
	)
	for i := range fs {
		f := &fs[i]
		ip := fmt.Sprintf("%s[%d]", p, i)
		var it models.StrategyItemConfig
		if cp := ip + ".capacity_provider"; typed(c, cp, f.CapacityProvider) {
			it.Provider = f.CapacityProvider.v
			c.strategyProvider(cp, i, it.Provider, &providers)
		} else if !f.CapacityProvider.set {
			c.missing(ip, "capacity_provider")
		}
		if n, ok := c.intIn(ip+".base", f.Base, 0, maxStrategyBase); ok {
			it.Base = int(n)
			if n > 0 && baseItem >= 0 {
				c.bad(ip+".base", "only one item of a strategy may set a base, and item %d already does", baseItem)
			} else if n > 0 {
				baseItem = i
			}
		}
		if n, ok := c.intIn(ip+".weight", f.Weight, 0, maxStrategyWeight); ok {
			it.Weight = int(n)
			weighed = weighed || n > 0
		} else if f.Weight.set {
			valid = false
		}
		items = append(items, it)
	}
	if len(fs) > 0 && !weighed && valid {
		c.bad(p, "no item has a weight above 0 (weight defaults to 0, as in the API): ECS rejects such a strategy")
	}
	if providers.mixed {
		return items, capUnknown
	}
	return items, providers.kind
}

// strategyProviders are the providers a strategy's items name, as they are read.
type strategyProviders struct {
	known map[string]capacityKind // every provider the strategy may name
	seen  map[string]int          // the providers named so far, to their items' indices
	kind  capacityKind            // the kind of the first provider of a known kind
	first string                  // that provider
	mixed bool                    // a provider of another kind followed
}

// strategyProvider reads provider name, item i's at cp, into ps.
func (c *checker) strategyProvider(cp string, i int, name string, ps *strategyProviders) {
	k, ok := ps.known[name]
	j, dup := ps.seen[name]
	switch {
	case !ok:
		names := slices.Sorted(maps.Keys(ps.known))
		c.bad(cp, "no capacity provider %q (known: %s)", name, strings.Join(names, ", "))
	case dup:
		c.bad(cp, "%s is already item %d of this strategy; ECS takes each provider once", name, j)
	case ps.kind == capUnknown:
		ps.kind, ps.first = k, name
	case k != ps.kind:
		c.bad(cp, "%s is %v and %s %v: a strategy uses Auto Scaling group providers or Fargate providers, not both",
			name, k, ps.first, ps.kind)
		ps.mixed = true
	}
	ps.seen[name] = i
}

// serviceCapacity resolves what a service runs on (launchCapacity) and sets s.LaunchType and
// s.CapacityProviderStrategy.
func (c *checker) serviceCapacity(p string, f *serviceFile, s *models.ServiceConfig, sc *Scenario, defKind capacityKind) capacityKind {
	var kind capacityKind
	s.LaunchType, s.CapacityProviderStrategy, kind = c.launchCapacity(p, "service", f.LaunchType, f.CapacityProviderStrategy, s.Scheduling == models.Daemon, sc, defKind)
	return kind
}

// launchCapacity resolves what the tasks of a service or a RunTask workload (what) at p run
// on: its launch_type, its capacity_provider_strategy (one or the other, as ECS requires), or
// with neither the cluster's default strategy (defKind is its kind), or else the EC2 launch
// type (API/CreateService and API/RunTask: "If no capacityProviderStrategy or launchType is
// specified, the defaultCapacityProviderStrategy for the cluster is used"). It returns the
// launch type ("" on capacity providers), the strategy's items, and the kind of capacity, and
// reports the combinations ECS rejects, DAEMON's among them.
func (c *checker) launchCapacity(p, what string, lt str, fs []strategyItemFile, daemon bool, sc *Scenario, defKind capacityKind) (string, []models.StrategyItemConfig, capacityKind) {
	lp, sp := p+".launch_type", p+".capacity_provider_strategy"
	strategy := c.given(sp, len(fs) == 0)
	if strategy && lt.set {
		c.bad(sp, "set launch_type or capacity_provider_strategy, not both: ECS rejects a %s with both", what)
		c.capacityStrategy(sp, fs, sc)
		strategy = false
	}
	switch {
	case lt.set:
		v, ok := c.oneOf(lp, lt, models.LaunchEC2, models.LaunchFargate, "EXTERNAL")
		switch {
		case !ok:
			return "", nil, capUnknown
		case v == "EXTERNAL":
			c.bad(lp, "ecssim does not model the EXTERNAL launch type (ECS Anywhere) yet")
			return "", nil, capUnknown
		case v == models.LaunchFargate && daemon:
			c.bad(lp, "Fargate does not run DAEMON services (DG/ecs_service-options)")
			return "", nil, capUnknown
		case v == models.LaunchFargate:
			return v, nil, capFargate
		}
		return v, nil, capEC2
	case strategy && len(fs) == 0:
		c.bad(sp, "list at least one capacity provider, or leave capacity_provider_strategy out")
		return "", nil, capUnknown
	case strategy:
		items, kind := c.capacityStrategy(sp, fs, sc)
		if daemon {
			c.bad(sp, `ECS allows no capacity provider strategy on a DAEMON service; set launch_type = "EC2"`)
			return "", items, capUnknown
		}
		return "", items, kind
	case sc.DefaultStrategy != nil && daemon:
		c.bad(p+".scheduling_strategy", `ECS rejects a DAEMON service that would use the cluster's default_capacity_provider_strategy; set launch_type = "EC2" (roadmap#692)`)
		return "", nil, capUnknown
	case sc.DefaultStrategy != nil:
		return "", nil, defKind
	}
	return models.LaunchEC2, nil, capEC2
}

// fargateService applies the rules ECS adds for a service whose tasks run on Fargate
// (fargatePlacement).
func (c *checker) fargateService(p string, f *serviceFile, s *models.ServiceConfig) {
	c.fargatePlacement(p, f.PlacementStrategy, f.PlacementConstraints, s.Def)
}

// fargatePlacement applies the rules ECS adds for a service or RunTask whose tasks run on
// Fargate: Fargate places tasks itself, so it may set no placement strategy or constraint, nor
// may its task definition d (DG/task-placement).
func (c *checker) fargatePlacement(p string, strategies []strategyFile, constraints []constraintFile, d *models.TaskDefinition) {
	if ps := p + ".placement_strategy"; c.given(ps, len(strategies) == 0) {
		c.bad(ps, "ECS rejects placement strategies on Fargate, which places tasks itself (DG/task-placement)")
	}
	if pc := p + ".placement_constraints"; c.given(pc, len(constraints) == 0) {
		c.bad(pc, "ECS rejects placement constraints on Fargate, which places tasks itself (DG/task-placement)")
	}
	if d != nil && len(d.PlacementConstraints) > 0 {
		c.bad(p+".task_definition", "%s has placement constraints, which ECS rejects on Fargate (DG/task-placement)", d.Ref())
	}
}

// pricing reads the [pricing] table over sc's defaults (models.DefaultSettings).
func (c *checker) pricing(f *pricingFile, sc *Scenario) {
	pr := &sc.Pricing
	for _, x := range []struct {
		key      string
		v        number
		dst      *float64
		discount bool
	}{
		{"fargate_vcpu_hour", f.FargateVCPUHour, &pr.FargateX86VCPUHour, false},
		{"fargate_gb_hour", f.FargateGBHour, &pr.FargateX86GBHour, false},
		{"fargate_arm_vcpu_hour", f.FargateARMVCPUHour, &pr.FargateARMVCPUHour, false},
		{"fargate_arm_gb_hour", f.FargateARMGBHour, &pr.FargateARMGBHour, false},
		{"ec2_spot_discount", f.EC2SpotDiscount, &pr.EC2SpotDiscount, true},
		{"fargate_spot_discount", f.FargateSpotDiscount, &pr.FargateSpotDiscount, true},
	} {
		hi := math.Inf(1)
		if x.discount {
			hi = 1
		}
		if v, ok := c.number("pricing."+x.key, x.v, 0, hi, x.discount); ok {
			*x.dst = v
		}
	}
	for _, name := range slices.Sorted(maps.Keys(f.InstancePrices)) {
		ip := "pricing.instance_prices." + tomlpos.QuoteKey(name)
		v := f.InstancePrices[name]
		if strings.HasSuffix(v.bad, "got a table") {
			c.bad(ip, `want a price, got a table: quote the instance type, whose name has a dot, as in "m6i.large" = 0.096`)
			continue
		}
		if _, ok := lookupType(sc, name); !ok && !listedType(sc, name) {
			c.bad(ip, "unknown instance type %q%s", name, ClosestType(name))
			continue
		}
		if x, ok := c.number(ip, v, 0, math.Inf(1), false); ok {
			if pr.InstancePrices == nil {
				pr.InstancePrices = map[string]float64{}
			}
			pr.InstancePrices[name] = x
		}
	}
}

// listedType reports whether a node list of the scenario has a node type of that name.
func listedType(sc *Scenario, name string) bool {
	for _, g := range sc.InstanceGroups {
		for _, n := range g.Nodes {
			if n.Type.Name == name {
				return true
			}
		}
	}
	return false
}

// faults reads the [faults] table: Spot interruptions, each with the two-minute notice EC2 and
// Fargate give (DG/container-instance-spot, DG/fargate-capacity-providers), and random
// instance failures at an instance MTBF, over sc's defaults (models.DefaultSettings).
func (c *checker) faults(f *faultsFile, sc *Scenario) {
	if d, ok := c.duration("faults.instance_mtbf", f.InstanceMTBF); ok && d > 0 {
		sc.Faults.InstanceMTBF = d
	} else if ok {
		c.bad("faults.instance_mtbf", "must be positive: leave instance_mtbf out for instances that never fail")
	}
	if x, ok := c.number("faults.spot_interruptions_per_hour", f.SpotInterruptionsPerHour, 0, math.Inf(1), false); ok {
		sc.Spot.InstanceInterruptionsPerHour = x
	}
	if x, ok := c.number("faults.fargate_spot_interruptions_per_hour", f.FargateSpotInterruptionsPerHour, 0, math.Inf(1), false); ok {
		sc.Spot.TaskInterruptionsPerHour = x
	}
}
