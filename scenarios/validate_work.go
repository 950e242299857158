package scenarios

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/scheduler"
)

// ECS's service defaults for the rolling update (DG/service_definition_parameters).
const (
	defaultMinimumHealthyPercent = 100
	defaultMaximumPercent        = 200
	maxGroupName                 = 255 // DG/task-groups
)

// services reads the [[services]]; defKind is the kind of capacity the cluster's default
// capacity provider strategy uses.
func (c *checker) services(fs []serviceFile, reg registry, tgs targetGroups, sc *Scenario, defKind capacityKind) {
	names := map[string]string{}
	for i := range fs {
		s := c.service(fmt.Sprintf("services[%d]", i), &fs[i], names, reg, tgs, sc, defKind)
		sc.Services = append(sc.Services, s)
	}
}

// service reads the service at p; names holds the names of the services before it.
func (c *checker) service(p string, f *serviceFile, names map[string]string, reg registry, tgs targetGroups, sc *Scenario, defKind capacityKind) models.ServiceConfig {
	s := models.ServiceConfig{Scheduling: models.Replica}
	if typed(c, p+".name", f.Name) {
		s.Name = f.Name.v
		if !ValidName(s.Name) {
			c.bad(p+".name", "a service name is 1-255 letters, digits, hyphens and underscores")
		}
		c.unique(names, p+".name", "service", s.Name)
	} else if !f.Name.set {
		c.missing(p, "name")
	}
	s.Def = c.taskDefRef(p, f.TaskDefinition, reg)
	if st, ok := c.oneOf(p+".scheduling_strategy", f.SchedulingStrategy, string(models.Replica), string(models.Daemon)); ok {
		s.Scheduling = models.SchedulingStrategy(st)
	}
	daemon := s.Scheduling == models.Daemon
	if daemon {
		if f.DesiredCount.set {
			c.bad(p+".desired_count", "a DAEMON service runs one task on each instance that meets its constraints; it takes no desired_count")
		}
	} else if n, ok := c.intIn(p+".desired_count", f.DesiredCount, 0, 1_000_000); ok {
		s.DesiredCount = int(n)
	} else if !f.DesiredCount.set {
		c.missing(p, "desired_count")
	}
	kind := c.serviceCapacity(p, f, &s, sc, defKind)
	if s.Def != nil {
		c.compatible(p, s.Def, kind)
	}
	c.servicePlacement(p, f, &s, kind, sc)
	c.deployment(p+".deployment_configuration", &f.DeploymentConfiguration, &s)
	// Not given, it stays "": CreateService's default, resolved when the run starts
	// (models.Simulation's resolveRebalancing), with the placement strategy the run uses.
	if v, ok := c.oneOf(p+".availability_zone_rebalancing", f.AZRebalancing, string(models.RebalancingEnabled), string(models.RebalancingDisabled)); ok {
		s.AZRebalancing = models.Rebalancing(v)
		if daemon && s.AZRebalancing == models.RebalancingEnabled {
			c.bad(p+".availability_zone_rebalancing", "ECS does not rebalance DAEMON services, which run one task on each instance (DG/service-rebalancing)")
		}
	}
	s.LoadBalancers = c.loadBalancers(p+".load_balancers", s.Name, f.LoadBalancers, s.Def, tgs, sc)
	if n, ok := c.intIn(p+".health_check_grace_period_seconds", f.HealthCheckGracePeriod, 0, math.MaxInt32); ok {
		s.HealthCheckGracePeriod = time.Duration(n) * time.Second
	}
	return s
}

// servicePlacement reads where service s at p runs its tasks, on capacity of the given kind:
// its placement strategies and constraints on EC2, its zones on Fargate.
func (c *checker) servicePlacement(p string, f *serviceFile, s *models.ServiceConfig, kind capacityKind, sc *Scenario) {
	switch {
	case kind == capFargate:
		c.fargateService(p, f, s)
	case s.Scheduling != models.Daemon:
		s.Strategy = c.strategies(p+".placement_strategy", f.PlacementStrategy, scheduler.ServiceDefault())
	case c.given(p+".placement_strategy", len(f.PlacementStrategy) == 0):
		c.bad(p+".placement_strategy", "ECS does not allow placement strategies on DAEMON services")
	}
	if kind != capFargate {
		s.Constraints = c.constraints(p+".placement_constraints", f.PlacementConstraints, false)
		c.constraintTotal(p, s.Def, s.Constraints)
	}
	if zp := p + ".zones"; kind == capFargate && f.Zones.set {
		s.Zones = c.zones(zp, f.Zones, sc.Region)
	} else if kind == capFargate {
		s.Zones = clusterZones(sc)
	} else if f.Zones.set {
		c.zones(zp, f.Zones, sc.Region)
		if kind != capUnknown && f.Zones.bad == "" {
			c.warn(zp, "zones place Fargate tasks only: service %s runs on EC2 instances, whose zones decide", s.Name)
		}
	}
}

// clusterZones are the zones a Fargate service with no zones of its own runs in: the zones of
// the cluster's EC2 capacity (instance groups, then Auto Scaling groups, in file order), so that
// EC2 and Fargate tasks face the same zone outages; the region's a, b and c when the cluster has
// no EC2 capacity. ECS needs the service's subnets (API/AwsVpcConfiguration) and spreads its
// Fargate tasks over their zones (DG/task-placement); the default is ecssim's.
func clusterZones(sc *Scenario) []string {
	var zones []string
	add := func(zs []string) {
		for _, z := range zs {
			if !slices.Contains(zones, z) {
				zones = append(zones, z)
			}
		}
	}
	for _, g := range sc.InstanceGroups {
		add(g.Zones)
	}
	for _, cp := range sc.CapacityProviders {
		if cp.ASG != nil {
			add(cp.ASG.Zones)
		}
	}
	if len(zones) == 0 {
		return []string{sc.Region + "a", sc.Region + "b", sc.Region + "c"}
	}
	return zones
}

// deployment reads a service's deployment_configuration over ECS's defaults: 100 and 200
// percent for REPLICA, 0 and 100 for DAEMON, whose maximum must stay 100 (ECS-REFERENCE §4.1).
func (c *checker) deployment(dp string, f *deploymentFile, s *models.ServiceConfig) {
	s.MinimumHealthyPercent, s.MaximumPercent = defaultMinimumHealthyPercent, defaultMaximumPercent
	if s.Scheduling == models.Daemon {
		s.MinimumHealthyPercent, s.MaximumPercent = 0, 100
	}
	minOK, maxOK := !f.MinimumHealthyPercent.set, !f.MaximumPercent.set
	if n, ok := c.intIn(dp+".minimum_healthy_percent", f.MinimumHealthyPercent, 0, 100); ok {
		s.MinimumHealthyPercent, minOK = int(n), true
	}
	if n, ok := c.intIn(dp+".maximum_percent", f.MaximumPercent, 0, 1000); ok {
		s.MaximumPercent, maxOK = int(n), true
		if s.Scheduling == models.Daemon && n != 100 {
			c.bad(dp+".maximum_percent", "a DAEMON service's maximum_percent must be 100, got %d", n)
			maxOK = false
		}
	}
	if minOK && maxOK && s.MaximumPercent < s.MinimumHealthyPercent {
		c.bad(dp+".maximum_percent", "%d is below minimum_healthy_percent (%d)", s.MaximumPercent, s.MinimumHealthyPercent)
	}
	s.CircuitBreaker = c.circuitBreaker(dp+".deployment_circuit_breaker", &f.CircuitBreaker)
}

// circuitBreaker reads deploymentCircuitBreaker and its newer ThresholdConfiguration
// (API/ServiceDeploymentCircuitBreaker, API/ThresholdConfiguration).
func (c *checker) circuitBreaker(bp string, f *circuitBreakerFile) models.CircuitBreaker {
	var cb models.CircuitBreaker
	if typed(c, bp+".enable", f.Enable) {
		cb.Enable = f.Enable.v
	}
	enableOK := f.Enable.bad == ""
	if typed(c, bp+".rollback", f.Rollback) {
		cb.Rollback = f.Rollback.v
		if cb.Rollback && !cb.Enable && enableOK {
			c.bad(bp+".rollback", "rollback needs enable = true: a disabled circuit breaker fails no deployment")
		}
	}
	tp := bp + ".threshold"
	if !c.given(tp, f.Threshold == thresholdFile{}) {
		return cb
	}
	if !cb.Enable && enableOK {
		c.bad(tp, "threshold needs enable = true: a disabled circuit breaker counts no failures")
	}
	typ, ok := c.oneOf(tp+".type", f.Threshold.Type, string(models.ThresholdCount), string(models.ThresholdBoundedPercent), string(models.ThresholdUnboundedPercent))
	if !ok {
		if !f.Threshold.Type.set {
			c.missing(tp, "type")
		}
		typed(c, tp+".value", f.Threshold.Value)
		return cb
	}
	hi := int64(math.MaxInt32)
	if typ == string(models.ThresholdBoundedPercent) {
		hi = 100
	}
	if n, ok := c.intIn(tp+".value", f.Threshold.Value, 1, hi); ok {
		cb.ThresholdType, cb.ThresholdValue = models.ThresholdType(typ), int(n)
	} else if !f.Threshold.Value.set {
		c.missing(tp, "value")
	}
	return cb
}

// lintGracePeriods warns about a health check grace period on a service that no health check
// ever judges: no load balancer, and no container health check in its task definition or any
// it is deployed to. ECS accepts it, and it does nothing (API/CreateService).
func (c *checker) lintGracePeriods(sc *Scenario) {
	checked := map[string]bool{}
	for _, a := range sc.Actions {
		if a.Kind == models.ActionDeploy && a.Def != nil && a.Def.HealthCheck() != nil {
			checked[a.ServiceName] = true
		}
	}
	for i, s := range sc.Services {
		if s.HealthCheckGracePeriod == 0 || len(s.LoadBalancers) > 0 || checked[s.Name] || (s.Def != nil && s.Def.HealthCheck() != nil) {
			continue
		}
		c.warn(fmt.Sprintf("services[%d].health_check_grace_period_seconds", i),
			"does nothing: service %s has no load balancer and no container health check", s.Name)
	}
}

// workloads reads the [[workloads]], RunTask's standalone tasks; defKind is the kind of
// capacity the cluster's default capacity provider strategy uses.
func (c *checker) workloads(fs []workloadFile, reg registry, sc *Scenario, defKind capacityKind) {
	// Task IDs are NAME-N for services and workloads alike, so they share one name space.
	names := map[string]string{}
	for i, s := range sc.Services {
		if s.Name != "" {
			names[s.Name] = fmt.Sprintf("services[%d].name", i)
		}
	}
	families := map[string]bool{}
	for _, d := range sc.TaskDefinitions {
		families[d.Family] = true
	}
	for i := range fs {
		f := &fs[i]
		p := fmt.Sprintf("workloads[%d]", i)
		var w models.WorkloadConfig
		if f.TaskDefinition.set || !f.Trace.set { // a trace workload may run without one
			w.Def = c.taskDefRef(p, f.TaskDefinition, reg)
		}
		var kind capacityKind
		w.LaunchType, w.CapacityProviderStrategy, kind = c.launchCapacity(p, "RunTask call", f.LaunchType, f.CapacityProviderStrategy, false, sc, defKind)
		if w.Def != nil {
			w.Name, w.Group = w.Def.Family, "family:"+w.Def.Family
			c.compatible(p, w.Def, kind)
		}
		if typed(c, p+".name", f.Name) {
			w.Name = f.Name.v
			if !ValidName(w.Name) {
				c.bad(p+".name", "a workload name is 1-255 letters, digits, hyphens and underscores")
			}
		}
		if w.Name != "" {
			c.unique(names, p+".name", "a service or workload (a workload is named after its family unless it sets name)", w.Name)
		}
		if typed(c, p+".group", f.Group) {
			w.Group = f.Group.v
			switch n := len(w.Group); {
			case n == 0 || n > maxGroupName:
				c.bad(p+".group", "a task group name is 1-%d characters", maxGroupName)
			case strings.HasPrefix(w.Group, "service:"):
				c.bad(p+".group", "service: groups belong to services (DG/task-groups); name the group otherwise")
			}
		}
		if typed(c, p+".trace", f.Trace) {
			c.trace(p, f, &w, sc, families)
			if w.Def != nil && !f.Group.set {
				w.Group = "family:" + w.Def.Family
			}
		} else {
			c.notTrace(p, f)
			w.Arrival = c.arrival(p+".arrival", &f.Arrival)
			w.Duration = c.distribution(p+".duration", &f.Duration)
		}
		c.workloadPlacement(p, f, &w, kind, sc)
		sc.Workloads = append(sc.Workloads, w)
	}
}

// workloadPlacement reads where workload w at p runs its tasks, on capacity of the given kind:
// its placement strategies and constraints on EC2, its zones on Fargate (as a service's,
// servicePlacement). A trace's rows are not Fargate sizes, so a trace workload may not run on
// Fargate.
func (c *checker) workloadPlacement(p string, f *workloadFile, w *models.WorkloadConfig, kind capacityKind, sc *Scenario) {
	if kind == capFargate {
		c.fargatePlacement(p, f.PlacementStrategy, f.PlacementConstraints, w.Def)
		w.Zones = clusterZones(sc) // as a Fargate service's
		if f.Zones.set {
			w.Zones = c.zones(p+".zones", f.Zones, sc.Region)
		}
		if f.Trace.set {
			c.bad(p+".trace", `ecssim replays a trace on EC2 capacity only, as its rows' sizes are no Fargate task sizes; set launch_type = "EC2" or a capacity_provider_strategy of Auto Scaling group providers`)
		}
		return
	}
	w.Strategy = c.strategies(p+".placement_strategy", f.PlacementStrategy, scheduler.RunTaskDefault())
	w.Constraints = c.constraints(p+".placement_constraints", f.PlacementConstraints, false)
	c.constraintTotal(p, w.Def, w.Constraints)
	if zp := p + ".zones"; f.Zones.set {
		c.zones(zp, f.Zones, sc.Region)
		if kind != capUnknown && f.Zones.bad == "" {
			c.warn(zp, "zones place Fargate tasks only: workload %s runs on EC2 instances, whose zones decide", w.Name)
		}
	}
}

// compatible reports a task definition d at p that does not list the launch type its tasks
// run on, capacity of kind, in requires_compatibilities.
func (c *checker) compatible(p string, d *models.TaskDefinition, kind capacityKind) {
	lt := models.LaunchEC2
	switch kind {
	case capUnknown:
		return
	case capFargate:
		lt = models.LaunchFargate
	}
	if !d.CompatibleWith(lt) {
		c.bad(p+".task_definition", "%s does not list %s in requires_compatibilities", d.Ref(), lt)
	}
}

func (c *checker) taskDefRef(p string, v str, reg registry) *models.TaskDefinition {
	if !typed(c, p+".task_definition", v) {
		if !v.set {
			c.missing(p, "task_definition")
		}
		return nil
	}
	d, err := reg.resolve(v.v)
	if err != nil {
		c.bad(p+".task_definition", "%v", err)
	}
	return d
}

// constraintTotal applies ECS's limit of 10 constraints per task, counting the task
// definition's with the service's or RunTask's (DG/service_definition_parameters).
func (c *checker) constraintTotal(p string, d *models.TaskDefinition, cs []models.ConstraintSpec) {
	if d == nil {
		return
	}
	if n := len(d.PlacementConstraints) + len(cs); n > scheduler.MaxConstraints && len(cs) <= scheduler.MaxConstraints {
		c.bad(p+".placement_constraints", "%d constraints with the task definition's %d, ECS allows at most %d in all",
			len(cs), len(d.PlacementConstraints), scheduler.MaxConstraints)
	}
}

// strategies reads a placementStrategy list, or returns def when the key is absent.
func (c *checker) strategies(p string, fs []strategyFile, def []models.StrategySpec) []models.StrategySpec {
	if fs == nil {
		return def
	}
	if err := scheduler.CheckStrategyCount(len(fs)); err != nil {
		c.bad(p, "%v", err)
	}
	out := []models.StrategySpec{}
	for i := range fs {
		ip := fmt.Sprintf("%s[%d]", p, i)
		if !typed(c, ip+".type", fs[i].Type) {
			if !fs[i].Type.set {
				c.missing(ip, "type")
			}
			continue
		}
		s := models.StrategySpec{Type: fs[i].Type.v}
		if typed(c, ip+".field", fs[i].Field) {
			s.Field = fs[i].Field.v
		}
		if _, err := scheduler.Lookup(s); err != nil {
			path := ip + ".field"
			if !knownStrategy(s.Type) {
				path = ip + ".type"
			}
			c.bad(path, "%v", err)
			continue
		}
		out = append(out, s)
	}
	return out
}

func knownStrategy(typ string) bool {
	for _, e := range scheduler.Entries() {
		if e.Type == typ {
			return true
		}
	}
	return false
}

// maxJobSize bounds the tasks one poisson or periodic arrival starts.
const maxJobSize = 100_000

func (c *checker) arrival(p string, f *arrivalFile) models.ArrivalSpec {
	var a models.ArrivalSpec
	proc, ok := c.kind(p, *f == arrivalFile{}, "process", f.Process, "poisson", "fixed", "periodic")
	if !ok {
		return a
	}
	a.Kind = models.ArrivalKind(proc)
	used := map[string]bool{"rate": proc == "poisson", "count": true, "max_count": proc != "fixed", "at": proc == "fixed",
		"every": proc == "periodic", "start": proc != "fixed", "stop": proc != "fixed"}
	c.unused(p, proc+" arrivals", used, map[string]bool{"rate": f.Rate.set, "count": f.Count.set, "max_count": f.MaxCount.set,
		"at": f.At.set, "every": f.Every.set, "start": f.Start.set, "stop": f.Stop.set})
	switch a.Kind {
	case models.ArrivalPoisson:
		if typed(c, p+".rate", f.Rate) {
			r, err := parseRate(f.Rate.v)
			if err != nil {
				c.bad(p+".rate", "%v", err)
			}
			a.RatePerSecond = r
		} else if !f.Rate.set {
			c.missing(p, "rate")
		}
	case models.ArrivalFixed:
		if n, ok := c.intIn(p+".count", f.Count, 1, 1_000_000); ok {
			a.Count = int(n)
		} else if !f.Count.set {
			c.missing(p, "count")
		}
		a.At, _ = c.duration(p+".at", f.At)
	case models.ArrivalPeriodic:
		if d, ok := c.requiredPositive(p, "every", f.Every); ok {
			a.Every = d
		}
	}
	if a.Kind != models.ArrivalFixed {
		// A job: count tasks per arrival, or a size drawn from count to max_count.
		a.Count = 1
		if n, ok := c.intIn(p+".count", f.Count, 1, maxJobSize); ok {
			a.Count = int(n)
		}
		if n, ok := c.intIn(p+".max_count", f.MaxCount, 1, maxJobSize); ok {
			a.MaxCount = int(n)
			if a.MaxCount < a.Count {
				c.bad(p+".max_count", "is below count (%d)", a.Count)
			}
		}
	}
	a.Start, _ = c.duration(p+".start", f.Start)
	a.Stop, _ = c.duration(p+".stop", f.Stop)
	if a.Stop > 0 && a.Stop < a.Start {
		c.bad(p+".stop", "is before start")
	}
	return a
}

func (c *checker) distribution(p string, f *distFile) models.DistSpec {
	var d models.DistSpec
	kind, ok := c.kind(p, *f == distFile{}, "distribution", f.Distribution, "constant", "exponential", "lognormal", "uniform")
	if !ok {
		return d
	}
	d.Kind = models.DistKind(kind)
	need := map[string]bool{"value": kind == "constant", "mean": kind == "exponential", "median": kind == "lognormal",
		"sigma": kind == "lognormal", "min": kind == "uniform", "max": kind == "uniform"}
	set := map[string]bool{"value": f.Value.set, "mean": f.Mean.set, "median": f.Median.set, "sigma": f.Sigma.set, "min": f.Min.set, "max": f.Max.set}
	c.unused(p, kind+" durations", need, set)
	for _, k := range []string{"value", "mean", "median", "sigma", "min", "max"} {
		if need[k] && !set[k] {
			c.missing(p, k)
		}
	}
	d.Value, _ = c.duration(p+".value", f.Value)
	var okMean, okMedian, okMin, okMax bool
	d.Mean, okMean = c.duration(p+".mean", f.Mean)
	d.Median, okMedian = c.duration(p+".median", f.Median)
	d.Min, okMin = c.duration(p+".min", f.Min)
	d.Max, okMax = c.duration(p+".max", f.Max)
	if typed(c, p+".sigma", f.Sigma) {
		if !(f.Sigma.v > 0 && f.Sigma.v <= 10) {
			c.bad(p+".sigma", "must be above 0 and at most 10")
		}
		d.Sigma = f.Sigma.v
	}
	switch {
	case kind == "exponential" && okMean && d.Mean <= 0:
		c.bad(p+".mean", "must be positive")
	case kind == "lognormal" && okMedian && d.Median <= 0:
		c.bad(p+".median", "must be positive")
	case kind == "uniform" && okMin && okMax && d.Max < d.Min:
		c.bad(p+".max", "is below min")
	}
	return d
}

// kind reads the key that says which kind a required table is (an arrival's process, a
// duration's distribution), reporting a missing table or key.
func (c *checker) kind(p string, empty bool, key string, v str, choices ...string) (string, bool) {
	if empty {
		i := strings.LastIndexByte(p, '.')
		c.missing(p[:i], p[i+1:])
		return "", false
	}
	k, ok := c.oneOf(p+"."+key, v, choices...)
	if !ok && !v.set {
		c.missing(p, key)
	}
	return k, ok
}

// unused reports keys set on a table that its kind does not read.
func (c *checker) unused(p, what string, used, set map[string]bool) {
	for _, k := range []string{"rate", "count", "max_count", "at", "every", "start", "stop", "value", "mean", "median", "sigma", "min", "max"} {
		if set[k] && !used[k] {
			c.bad(p+"."+k, "%s do not use %s", what, k)
		}
	}
}
