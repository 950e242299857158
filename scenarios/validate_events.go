package scenarios

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/ecssim/ecssim/models"
)

// eventActions are the [[events]] actions, in the order messages list them.
var eventActions = []string{string(models.ActionDeploy), string(models.ActionScale), string(models.ActionDrain),
	string(models.ActionTerminate), string(models.ActionAZOutage), string(models.ActionSpotInterruption),
	string(models.ActionAgentDisconnect)}

// eventKeys are the keys each action reads, besides at and action.
var eventKeys = map[string][]string{
	"deploy":            {"service", "task_definition"},
	"scale":             {"service", "desired_count"},
	"drain":             {"instances", "zone", "instance_group"},
	"terminate":         {"instances", "zone", "instance_group"},
	"az_outage":         {"zone", "duration"},
	"spot_interruption": {"instances", "zone", "instance_group", "count"},
	"agent_disconnect":  {"instances", "zone", "instance_group", "duration"},
}

// eventKeyOrder is every key an action may read, in the order unused ones are reported.
var eventKeyOrder = []string{"service", "task_definition", "desired_count", "instances", "zone", "instance_group", "duration", "count"}

// maxSpotCount bounds a spot_interruption's count, as count bounds an instance group's size.
const maxSpotCount = 1_000_000

// events reads [[events]]. A deploy is UpdateService with a task definition (the same one
// forces a new deployment, as forceNewDeployment does), a scale UpdateService with a desired
// count, a drain UpdateContainerInstancesState to DRAINING for the instances it names, a
// terminate an operator's planned termination (the instances drain first). The faults: an
// az_outage fails a zone for a while (ECS-REFERENCE §7.3), a spot_interruption sends Spot
// interruption notices at once (a Spot storm; DG/container-instance-spot), an
// agent_disconnect cuts instances' agents off for a while (agentConnected false: they run
// their tasks and get no new ones). spot is what spotCapacity says of the scenario.
func (c *checker) events(fs []eventFile, reg registry, tgs targetGroups, sc *Scenario, spot spotKnowledge) {
	services := map[string]int{}
	for i, s := range sc.Services {
		if _, dup := services[s.Name]; !dup && s.Name != "" {
			services[s.Name] = i
		}
	}
	for i := range fs {
		f := &fs[i]
		p := fmt.Sprintf("events[%d]", i)
		var a models.ActionConfig
		if d, ok := c.duration(p+".at", f.At); ok {
			a.At = d
		} else if !f.At.set {
			c.missing(p, "at")
		}
		if act, ok := c.oneOf(p+".action", f.Action, eventActions...); ok {
			a.Kind = models.ActionKind(act)
		} else if !f.Action.set {
			c.missing(p, "action")
		}
		if a.Kind != "" {
			c.unusedEventKeys(p, string(a.Kind), f)
		}
		switch a.Kind {
		case models.ActionDeploy:
			s := c.eventService(p, f.Service, services, sc)
			a.Def = c.taskDefRef(p, f.TaskDefinition, reg)
			if s != nil {
				a.ServiceName = s.Name
			}
			if a.Def != nil {
				c.deployable(p+".task_definition", a.Def, s, tgs, sc)
			}
		case models.ActionScale:
			s := c.eventService(p, f.Service, services, sc)
			if s != nil {
				a.ServiceName = s.Name
			}
			if s != nil && s.Scheduling == models.Daemon {
				c.bad(p+".service", "service %s is a DAEMON service: it has no desired count to scale", s.Name)
			} else if n, ok := c.intIn(p+".desired_count", f.DesiredCount, 0, 1_000_000); ok {
				a.DesiredCount = int(n)
			} else if !f.DesiredCount.set {
				c.missing(p, "desired_count")
			}
		case models.ActionDrain, models.ActionTerminate, models.ActionAZOutage, models.ActionSpotInterruption, models.ActionAgentDisconnect:
			c.targets(p, f, &a, sc)
			c.eventDuration(p, f, &a)
			if a.Kind == models.ActionSpotInterruption {
				c.spotInterruption(p, f, &a, sc, spot)
			}
		}
		sc.Actions = append(sc.Actions, a)
	}
}

// unusedEventKeys reports keys set on an event that its action does not read.
func (c *checker) unusedEventKeys(p, action string, f *eventFile) {
	set := map[string]bool{"service": f.Service.set, "task_definition": f.TaskDefinition.set, "desired_count": f.DesiredCount.set,
		"instances": f.Instances.set, "zone": f.Zone.set, "instance_group": f.InstanceGroup.set, "duration": f.Duration.set, "count": f.Count.set}
	for _, k := range eventKeyOrder {
		if set[k] && !slices.Contains(eventKeys[action], k) {
			c.bad(p+"."+k, "%s events do not use %s", action, k)
		}
	}
}

// actionUses reports whether an event of kind k reads key.
func actionUses(k models.ActionKind, key string) bool {
	return slices.Contains(eventKeys[string(k)], key)
}

// eventDuration reads how long an az_outage or agent_disconnect lasts: required, above 0.
func (c *checker) eventDuration(p string, f *eventFile, a *models.ActionConfig) {
	if !actionUses(a.Kind, "duration") {
		return
	}
	if d, ok := c.requiredPositive(p, "duration", f.Duration); ok {
		a.Duration = d
	}
}

// eventService resolves an event's service by name.
func (c *checker) eventService(p string, v str, services map[string]int, sc *Scenario) *models.ServiceConfig {
	if !typed(c, p+".service", v) {
		if !v.set {
			c.missing(p, "service")
		}
		return nil
	}
	i, ok := services[v.v]
	if !ok {
		if len(services) == 0 {
			c.bad(p+".service", "no service %q: the scenario defines none", v.v)
		} else {
			c.bad(p+".service", "no service %q (known: %s)", v.v, strings.Join(slices.Sorted(maps.Keys(services)), ", "))
		}
		return nil
	}
	return &sc.Services[i]
}

// deployable checks that d can replace a service's task definition: it runs where the service
// runs (EC2, or Fargate with no placement constraints) and has what the service's load
// balancers send traffic to, as UpdateService requires.
func (c *checker) deployable(path string, d *models.TaskDefinition, s *models.ServiceConfig, tgs targetGroups, sc *Scenario) {
	lt := models.LaunchEC2
	if s != nil && onFargate(s.LaunchType, s.CapacityProviderStrategy, sc) {
		lt = models.LaunchFargate
	}
	if !d.CompatibleWith(lt) {
		c.bad(path, "%s does not list %s in requires_compatibilities", d.Ref(), lt)
		return
	}
	if lt == models.LaunchFargate && len(d.PlacementConstraints) > 0 {
		c.bad(path, "%s has placement constraints, which ECS rejects on Fargate (DG/task-placement)", d.Ref())
		return
	}
	if s == nil {
		return
	}
	for _, lb := range s.LoadBalancers {
		if _, msg := lbMismatch(lb, d); msg != "" {
			c.bad(path, "service %s's load balancer: %s", s.Name, msg)
			return
		}
		if use := tgs[lb.TargetGroup]; use != nil {
			if msg := targetTypeMismatch(&sc.TargetGroups[use.i], d); msg != "" {
				c.bad(path, "service %s's load balancer: %s", s.Name, msg)
				return
			}
		}
	}
}

// targets reads the instances an event acts on, as drain, terminate, az_outage,
// spot_interruption and agent_disconnect take them (as far as the action uses each key):
// instance IDs, every instance in a zone some instance group or Auto Scaling group uses, and
// every instance of an instance group or of a capacity provider's Auto Scaling group. Instance
// IDs are "i-0001" onwards, numbered across the instance groups in file order. An az_outage
// needs its zone, which may also be one of a Fargate service's zones (it stops the Fargate
// tasks there too), a spot_interruption nothing (every Spot instance), the others at least one
// key.
func (c *checker) targets(p string, f *eventFile, a *models.ActionConfig, sc *Scenario) {
	total := 0
	var zones, groups []string
	for _, g := range sc.InstanceGroups {
		total += g.Count
		groups = append(groups, g.Name)
		for _, z := range g.Zones {
			if !slices.Contains(zones, z) {
				zones = append(zones, z)
			}
		}
	}
	if actionUses(a.Kind, "instances") && typed(c, p+".instances", f.Instances) {
		c.eventInstances(p, f.Instances.v, a, total)
	}
	users := "instance group"
	for _, cp := range sc.CapacityProviders {
		users = "instance group or Auto Scaling group"
		if cp.ASG != nil {
			zones = append(zones, cp.ASG.Zones...) // an event by zone takes their instances too
			groups = append(groups, cp.Name)       // an ASG's instances are in the group of its provider's name
		}
	}
	fargateZones := fargateZones(sc)
	if a.Kind == models.ActionAZOutage && len(fargateZones) > 0 {
		users = strings.TrimSuffix(users, " or Auto Scaling group") + ", Auto Scaling group, Fargate service or Fargate workload"
		zones = append(zones, fargateZones...) // Fargate tasks run in their zones: an outage stops them
	}
	if actionUses(a.Kind, "zone") && typed(c, p+".zone", f.Zone) {
		a.Zone = f.Zone.v
		if !slices.Contains(zones, a.Zone) {
			c.bad(p+".zone", "no %s uses zone %q", users, a.Zone)
		}
	}
	if actionUses(a.Kind, "instance_group") && typed(c, p+".instance_group", f.InstanceGroup) {
		a.InstanceGroup = f.InstanceGroup.v
		if !slices.Contains(groups, a.InstanceGroup) {
			c.bad(p+".instance_group", "no %s %q", strings.Replace(users, "Auto Scaling group", "capacity provider", 1), a.InstanceGroup)
		}
	}
	switch {
	case a.Kind == models.ActionAZOutage:
		if !f.Zone.set {
			c.missing(p, "zone")
		}
	case a.Kind == models.ActionSpotInterruption: // none chosen: every Spot instance
	case len(f.Instances.v) == 0 && !f.Zone.set && !f.InstanceGroup.set && f.Instances.bad == "":
		article := "a"
		if strings.ContainsAny(string(a.Kind[:1]), "aeiou") {
			article = "an"
		}
		c.bad(p+".action", "%s %s event needs instances, zone or instance_group", article, a.Kind)
	}
}

// eventInstances reads the instances of event a at p, by ID, of the total that the instance
// groups register.
func (c *checker) eventInstances(p string, ids []string, a *models.ActionConfig, total int) {
	for j, id := range ids {
		ip := fmt.Sprintf("%s.instances[%d]", p, j)
		n, err := strconv.Atoi(strings.TrimPrefix(id, "i-"))
		switch {
		case err != nil || fmt.Sprintf("i-%04d", n) != id:
			c.bad(ip, "want an instance ID such as i-0001, got %q", id)
		case total == 0:
			c.bad(ip, "no instance %s: the instance groups register none", id)
		case n < 1 || n > total:
			c.bad(ip, "no instance %s: the instance groups register i-0001 to %s", id, fmt.Sprintf("i-%04d", total))
		case slices.Contains(a.Instances, id):
			c.bad(ip, "instance %s is listed twice", id)
		default:
			a.Instances = append(a.Instances, id)
		}
	}
}

// spotKnowledge is what validation knows of a scenario's Spot capacity.
type spotKnowledge uint8

const (
	spotUnknown spotKnowledge = iota // a market or size was malformed: no telling
	spotNone                         // no instance group or Auto Scaling group is Spot
	spotSome
)

// spotCapacity says whether the scenario has Spot capacity: a Spot instance group with
// instances, or a Spot Auto Scaling group (it can launch some). f is the file sc was read from.
func spotCapacity(f *scenarioFile, sc *Scenario) spotKnowledge {
	malformed := func(m str) bool {
		return m.bad != "" || (m.set && m.v != string(models.OnDemand) && m.v != string(models.Spot))
	}
	known := spotNone
	for i, g := range sc.InstanceGroups {
		if i >= len(f.InstanceGroups) { // an EKS node group of fixed size
			if g.Market == models.Spot && g.Count > 0 {
				return spotSome
			}
			continue
		}
		gf := &f.InstanceGroups[i]
		countOK := (gf.Count.set && gf.Count.bad == "" && int64(g.Count) == gf.Count.v) || (gf.Nodes.set && !gf.Count.set)
		switch {
		case malformed(gf.Market) || (g.Market == models.Spot && !countOK):
			known = spotUnknown
		case g.Market == models.Spot && g.Count > 0:
			return spotSome
		}
	}
	for i, cp := range sc.CapacityProviders {
		switch {
		case i >= len(f.CapacityProviders): // an EKS node group the Cluster Autoscaler scales
			if cp.ASG != nil && cp.ASG.Market == models.Spot {
				return spotSome
			}
		case malformed(f.CapacityProviders[i].AutoScalingGroup.Market):
			known = spotUnknown
		case cp.ASG != nil && cp.ASG.Market == models.Spot:
			return spotSome
		}
	}
	return known
}

// spotInterruption reads a spot_interruption's count, and checks that there is Spot capacity
// to interrupt (an error), and that the instances it chooses may include some (a warning).
func (c *checker) spotInterruption(p string, f *eventFile, a *models.ActionConfig, sc *Scenario, spot spotKnowledge) {
	if n, ok := c.intIn(p+".count", f.Count, 1, maxSpotCount); ok {
		a.Count = int(n)
	}
	switch spot {
	case spotNone:
		c.bad(p+".action", `a spot_interruption event needs Spot capacity: no instance group with instances or Auto Scaling group is Spot (market = "spot")`)
		return
	case spotUnknown:
		return
	}
	if len(a.Instances) == 0 && a.Zone == "" && a.InstanceGroup == "" {
		return // every Spot instance
	}
	chosen := slices.ContainsFunc(a.Instances, func(id string) bool {
		g := instanceGroupOf(sc, id)
		return g != nil && g.Market == models.Spot
	})
	for _, g := range sc.InstanceGroups {
		if g.Market != models.Spot || g.Count == 0 {
			continue
		}
		chosen = chosen || g.Name == a.InstanceGroup || slices.Contains(g.Zones[:min(g.Count, len(g.Zones))], a.Zone)
	}
	for _, cp := range sc.CapacityProviders {
		if cp.ASG != nil && cp.ASG.Market == models.Spot {
			chosen = chosen || cp.Name == a.InstanceGroup || slices.Contains(cp.ASG.Zones, a.Zone)
		}
	}
	if !chosen {
		where := p + ".instances"
		if !f.Instances.set {
			where = p + ".zone"
			if !f.Zone.set {
				where = p + ".instance_group"
			}
		}
		c.warn(where, "interrupts nothing: no instance the event chooses is Spot")
	}
}

// instanceGroupOf returns the instance group that registers instance id ("i-0003"), nil if
// none does: instances are numbered across the groups in file order.
func instanceGroupOf(sc *Scenario, id string) *models.InstanceGroup {
	n, err := strconv.Atoi(strings.TrimPrefix(id, "i-"))
	if err != nil || n < 1 {
		return nil
	}
	for _, g := range sc.InstanceGroups {
		if n <= g.Count {
			return g
		}
		n -= g.Count
	}
	return nil
}

// fargateZones lists the zones the Fargate services and workloads of sc run their tasks in
// (only Fargate ones are given zones), with repeats.
func fargateZones(sc *Scenario) []string {
	var zones []string
	for _, s := range sc.Services {
		zones = append(zones, s.Zones...)
	}
	for _, w := range sc.Workloads {
		zones = append(zones, w.Zones...)
	}
	return zones
}
