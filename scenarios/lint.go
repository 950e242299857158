package scenarios

import (
	"fmt"
	"slices"

	"github.com/ecssim/ecssim/models"
)

// lint warns about what a valid scenario asks for but can never get, so that its author learns
// it from validate rather than from a run full of placement failures:
//   - a task definition that requires an attribute (a task-role or log-driver capability, a CPU
//     architecture) that no instance group or Auto Scaling group registers;
//   - an explicit host port that every agent reserves;
//   - an explicit host port inside an agent's dynamic port range, where the agent may already
//     have given it to another task (DG/task_definition_parameters hostPort);
//   - an instance group or Auto Scaling group whose agent joins another cluster (ECS_CLUSTER);
//   - Spot instances whose agent does not drain them on an interruption notice, and Spot
//     interruptions with no Spot capacity to interrupt;
//   - random instance failures with no EC2 instance to fail;
//   - a service or workload on EC2 in a scenario that can never have an EC2 instance, and a
//     target group no service attaches (lintunused.go);
//   - availability_zone_rebalancing on a service ECS never rebalances;
//   - awsvpc_trunking on, with a type EC2 calls trunking-compatible that ECS's table does not
//     list, which ecssim runs without trunking [U] (models.InstanceType.SupportsTrunking).
//
// Task definitions are checked only where EC2 instances run them: Fargate brings its own.
func (c *checker) lint(sc *Scenario) {
	c.lintClusters(sc)
	used := map[*models.TaskDefinition]string{}
	for i, s := range sc.Services {
		if _, ok := used[s.Def]; !ok && !onFargate(s.LaunchType, s.CapacityProviderStrategy, sc) {
			used[s.Def] = fmt.Sprintf("services[%d].task_definition", i)
		}
	}
	for i, w := range sc.Workloads {
		if _, ok := used[w.Def]; !ok && !onFargate(w.LaunchType, w.CapacityProviderStrategy, sc) {
			used[w.Def] = fmt.Sprintf("workloads[%d].task_definition", i)
		}
	}
	fleet := lintFleet(sc)
	for _, d := range sc.TaskDefinitions {
		path, ok := used[d]
		if !ok || len(fleet.groups) == 0 {
			continue
		}
		c.lintAttributes(path, d, fleet)
		c.lintPorts(path, d, fleet)
	}
	c.lintHealthCheckFailures(sc)
	c.lintEventTimes(sc)
	c.lintSpot(sc)
	c.lintFaults(sc)
	c.lintAZRebalancing(sc)
	c.lintTrunking(sc)
	c.lintNoCapacity(sc)
	c.lintUnusedTargetGroups(sc)
}

// lintTrunking warns, when the account setting awsvpcTrunking is on, about each instance
// group or Auto Scaling group type that EC2 calls trunking-compatible but whose trunked limit
// the ECS Developer Guide's table does not give (m7i, c7a, g6, ...): ecssim keeps it at max
// ENIs − 1 awsvpc tasks [U], where ECS may well give it more, so a plan on it may buy too much.
func (c *checker) lintTrunking(sc *Scenario) {
	if !sc.AWSVPCTrunking {
		return
	}
	check := func(p, what string, types []*models.InstanceType, agent *models.AgentConfig) {
		for _, t := range types {
			if t.TrunkingUnknown() && agent.EnableHighDensityENI {
				c.warn(p, "%s: EC2 calls %s trunking-compatible, but the ECS table of trunked awsvpc task limits (DG/container-instance-eni) does not list it, so ecssim runs it without trunking, %d awsvpc tasks an instance (max ENIs − 1) [U]",
					what, t.Name, t.AWSVPCTaskLimit())
			}
		}
	}
	for i, g := range sc.InstanceGroups {
		if g.Type != nil {
			check(fmt.Sprintf("instance_groups[%d].type", i), "instance group "+g.Name, []*models.InstanceType{g.Type}, &g.Agent)
		}
	}
	for i, cp := range sc.CapacityProviders {
		check(fmt.Sprintf("capacity_providers[%d].auto_scaling_group", i), "capacity provider "+cp.Name, cp.ASG.InstanceTypes, &cp.ASG.Agent)
	}
}

// lintFaults warns about an instance MTBF in a scenario with no EC2 instances to fail.
func (c *checker) lintFaults(sc *Scenario) {
	if sc.Faults.InstanceMTBF == 0 {
		return
	}
	if !hasEC2Capacity(sc) {
		c.warn("faults.instance_mtbf", "fails nothing: the scenario has no EC2 instances (instance groups or Auto Scaling groups)")
	}
}

// lintAZRebalancing warns about availability_zone_rebalancing = "ENABLED" on a service that is
// never rebalanced, for the reasons models.RebalancingUnsupported gives (DG/service-rebalancing:
// ECS rebalances a service only when its first placement strategy spreads over
// attribute:ecs.availability-zone, as ECS's default strategy does, its maximum_percent is above
// 100, so that it can start a task before stopping one, and no placement constraint names the
// zone attribute; a Fargate service needs no strategy, as Fargate spreads over its zones). A
// DAEMON service's is an error, reported when it is read. Left unset, the setting takes ECS's
// default, which is ENABLED only where rebalancing works: nothing to warn about.
func (c *checker) lintAZRebalancing(sc *Scenario) {
	for i, s := range sc.Services {
		if s.AZRebalancing != models.RebalancingEnabled || s.Scheduling == models.Daemon {
			continue
		}
		p := fmt.Sprintf("services[%d].availability_zone_rebalancing", i)
		fargate := onFargate(s.LaunchType, s.CapacityProviderStrategy, sc)
		if why := models.RebalancingUnsupported(&s, s.Strategy, fargate); why != "" {
			c.warn(p, "does nothing: %s", why)
		}
	}
}

// fleetGroups are the sets of identical instances a scenario may launch: its instance groups,
// and one per instance type of each Auto Scaling group.
type fleetGroups struct {
	groups []*models.InstanceGroup
	what   []string // each one's name for a message: "instance group NAME" or "capacity provider NAME"
	noun   string   // what they all are: "instance group", or "instance group or capacity provider"
}

func lintFleet(sc *Scenario) fleetGroups {
	f := fleetGroups{noun: "instance group"}
	for _, g := range sc.InstanceGroups {
		if g.Nodes == nil {
			f.groups = append(f.groups, g)
			f.what = append(f.what, "instance group "+g.Name)
			continue
		}
		seen := map[*models.InstanceType]bool{} // a node list's groups are its distinct nodes
		for _, n := range g.Nodes {
			if !seen[n.Type] {
				seen[n.Type] = true
				f.groups = append(f.groups, &models.InstanceGroup{Name: g.Name, Type: n.Type, Count: 1, Zones: g.Zones,
					Market: g.Market, Agent: g.Agent, AMIID: g.AMIID, Attributes: n.Attributes})
				f.what = append(f.what, "instance group "+g.Name)
			}
		}
	}
	for _, cp := range sc.CapacityProviders {
		f.noun = "instance group or capacity provider"
		for _, t := range cp.ASG.InstanceTypes {
			f.groups = append(f.groups, &models.InstanceGroup{Name: cp.Name, Type: t, Zones: cp.ASG.Zones,
				Market: cp.ASG.Market, Agent: cp.ASG.Agent, AMIID: cp.ASG.AMIID, Attributes: cp.ASG.Attributes})
			f.what = append(f.what, "capacity provider "+cp.Name)
		}
	}
	return f
}

// lintClusters warns about each instance group and Auto Scaling group whose agent registers
// its instances with another cluster than the scenario's: ECS never places this cluster's
// tasks on them.
func (c *checker) lintClusters(sc *Scenario) {
	check := func(p, what string, agent *models.AgentConfig) {
		if agent.Cluster == sc.Cluster {
			return
		}
		where := p + ".agent.cluster"
		if _, inline := c.index.Find(where); !inline {
			if _, file := c.index.Find(p + ".agent_config"); file {
				where = p + ".agent_config" // ECS_CLUSTER in the file
			}
		}
		c.warn(where, "%s joins cluster %q, not this scenario's cluster %q: its instances will never receive this cluster's tasks",
			what, agent.Cluster, sc.Cluster)
	}
	for i, g := range sc.InstanceGroups {
		check(fmt.Sprintf("instance_groups[%d]", i), "instance group "+g.Name, &g.Agent)
	}
	for i, cp := range sc.CapacityProviders {
		check(fmt.Sprintf("capacity_providers[%d].auto_scaling_group", i), "the Auto Scaling group of capacity provider "+cp.Name, &cp.ASG.Agent)
	}
}

// lintSpot warns about Spot instances whose agent does not set them DRAINING on the
// interruption notice (ECS_ENABLE_SPOT_INSTANCE_DRAINING, default false: DG/container-
// instance-spot), so their tasks die at the interruption with no replacement started first,
// and about interruption rates with nothing to interrupt.
func (c *checker) lintSpot(sc *Scenario) {
	if sc.Kubelet != nil {
		return // an EKS node runs no ECS agent, and managed node groups drain Spot nodes themselves
	}
	const advice = "without enable_spot_instance_draining (ECS_ENABLE_SPOT_INSTANCE_DRAINING), " +
		"an interrupted instance's tasks are killed at the interruption before replacements start (DG/container-instance-spot)"
	spot := false
	for i, g := range sc.InstanceGroups {
		if g.Market == models.Spot {
			spot = true
			if !g.Agent.EnableSpotInstanceDraining {
				c.warn(fmt.Sprintf("instance_groups[%d].market", i), "instance group %s is Spot, and %s", g.Name, advice)
			}
		}
	}
	for i, cp := range sc.CapacityProviders {
		if cp.ASG.Market == models.Spot {
			spot = true
			if !cp.ASG.Agent.EnableSpotInstanceDraining {
				c.warn(fmt.Sprintf("capacity_providers[%d].auto_scaling_group.market", i), "capacity provider %s is Spot, and %s", cp.Name, advice)
			}
		}
	}
	if sc.Spot.InstanceInterruptionsPerHour > 0 && !spot {
		c.warn("faults.spot_interruptions_per_hour", "interrupts nothing: no instance group or Auto Scaling group is Spot (market = \"spot\")")
	}
	fargateSpot := func(items []models.StrategyItemConfig) bool {
		return slices.ContainsFunc(items, func(it models.StrategyItemConfig) bool { return it.Provider == models.FargateSpotProviderName })
	}
	usesFargateSpot := false
	for _, s := range sc.Services {
		usesFargateSpot = usesFargateSpot || fargateSpot(s.CapacityProviderStrategy) ||
			(s.LaunchType == "" && s.CapacityProviderStrategy == nil && fargateSpot(sc.DefaultStrategy))
	}
	if sc.Spot.TaskInterruptionsPerHour > 0 && !usesFargateSpot {
		c.warn("faults.fargate_spot_interruptions_per_hour", "interrupts nothing: no service's capacity provider strategy uses FARGATE_SPOT")
	}
}

// lintHealthCheckFailures warns about a task definition whose behavior makes some tasks fail
// their health checks, when nothing ever checks them: no container health check, and no
// service that runs it (from the start or after a deploy) behind a load balancer.
func (c *checker) lintHealthCheckFailures(sc *Scenario) {
	balanced := map[*models.TaskDefinition]bool{}
	lbs := map[string]bool{}
	for _, s := range sc.Services {
		balanced[s.Def] = balanced[s.Def] || len(s.LoadBalancers) > 0
		lbs[s.Name] = len(s.LoadBalancers) > 0
	}
	for _, a := range sc.Actions {
		if a.Kind == models.ActionDeploy && lbs[a.ServiceName] {
			balanced[a.Def] = true
		}
	}
	for i, d := range sc.TaskDefinitions {
		if d.Behavior.HealthCheckFailureRate > 0 && d.HealthCheck() == nil && !balanced[d] {
			c.warn(fmt.Sprintf("task_definitions[%d].behavior.health_check_failure_rate", i),
				"no health check ever fails a task of %s: it has no container health check and no load-balanced service runs it", d.Ref())
		}
	}
}

// lintEventTimes warns about events and capacity shortages after the end of the run: they
// never happen.
func (c *checker) lintEventTimes(sc *Scenario) {
	for i, a := range sc.Actions {
		if a.At > sc.Duration {
			c.warn(fmt.Sprintf("events[%d].at", i), "the run ends at %s, before this event", shortDuration(sc.Duration))
		}
	}
	for i, s := range sc.Shortages {
		if s.RatePerSecond == 0 && s.At > sc.Duration {
			c.warn(fmt.Sprintf("capacity_shortages[%d].at", i), "the run ends at %s, before this shortage", shortDuration(sc.Duration))
		}
	}
}

func (c *checker) lintAttributes(path string, d *models.TaskDefinition, fleet fleetGroups) {
	for _, need := range d.RequiredAttributes() {
		found := false
		for _, g := range fleet.groups {
			found = found || groupHas(g, need)
		}
		if !found {
			c.warn(path, "no %s can run %s: none registers %s", fleet.noun, d.Ref(), describeAttr(need))
			return
		}
	}
}

// groupHas reports whether the instances of g register attribute a.
func groupHas(g *models.InstanceGroup, a models.Attribute) bool {
	spec := models.InstanceSpec{Type: g.Type, Zone: g.Zones[0], Agent: &g.Agent, AMIID: g.AMIID, Custom: g.Attributes}
	return slices.ContainsFunc(spec.Attributes(), func(x models.Attribute) bool {
		return x.Name == a.Name && (a.Value == "" || x.Value == a.Value)
	})
}

func describeAttr(a models.Attribute) string {
	if a.Value != "" {
		return a.Name + "=" + a.Value
	}
	return a.Name
}

func (c *checker) lintPorts(path string, d *models.TaskDefinition, fleet fleetGroups) {
	for _, m := range d.StaticPorts() {
		reservedEverywhere := true
		warned := map[string]bool{} // an Auto Scaling group's types share one agent
		for i, g := range fleet.groups {
			reserved := g.Agent.ReservedPorts
			if m.Protocol == models.UDP {
				reserved = g.Agent.ReservedPortsUDP
			}
			reservedEverywhere = reservedEverywhere && slices.Contains(reserved, m.HostPort)
			if m.Protocol == models.TCP && g.Agent.DynamicHostPortRange.Contains(m.HostPort) && !warned[fleet.what[i]] {
				warned[fleet.what[i]] = true
				c.warn(path, "%s binds host port %d, inside the dynamic port range %v of %s, where the agent may give it to another task",
					d.Ref(), m.HostPort, g.Agent.DynamicHostPortRange, fleet.what[i])
			}
		}
		if reservedEverywhere {
			c.warn(path, "no %s can run %s: every agent reserves host port %d/%v", fleet.noun, d.Ref(), m.HostPort, m.Protocol)
		}
	}
}
