package scenarios

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/ecssim/ecssim/models"
)

// Event actions: those ecssim models, and those SPEC §3 lists that it does not model yet.
var (
	eventActions   = []string{string(models.ActionDeploy), string(models.ActionScale), string(models.ActionDrain)}
	pendingActions = []string{"terminate", "az_outage", "spot_interruption"}
)

// eventKeys are the keys each action reads, besides at and action.
var eventKeys = map[string][]string{
	"deploy": {"service", "task_definition"},
	"scale":  {"service", "desired_count"},
	"drain":  {"instances", "zone", "instance_group"},
}

// events reads [[events]]. A deploy is UpdateService with a task definition (the same one
// forces a new deployment, as forceNewDeployment does), a scale UpdateService with a desired
// count, a drain UpdateContainerInstancesState to DRAINING for the instances it names.
func (c *checker) events(fs []eventFile, reg registry, tgs targetGroups, sc *Scenario) {
	services := map[string]int{}
	for i, s := range sc.Services {
		if _, dup := services[s.Name]; !dup && s.Name != "" {
			services[s.Name] = i
		}
	}
	for i := range fs {
		f := &fs[i]
		p := fmt.Sprintf("events[%d]", i)
		var a ActionSpec
		if d, ok := c.duration(p+".at", f.At); ok {
			a.At = d
		} else if !f.At.set {
			c.missing(p, "at")
		}
		if typed(c, p+".action", f.Action) {
			switch act := f.Action.v; {
			case slices.Contains(eventActions, act):
				a.Kind = models.ActionKind(act)
			case slices.Contains(pendingActions, act):
				c.bad(p+".action", "ecssim does not model %s events yet", act)
			default:
				c.bad(p+".action", "want %s, got %q", orList(slices.Concat(eventActions, pendingActions)), act)
			}
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
				a.Service = s.Name
			}
			if a.Def != nil {
				c.deployable(p+".task_definition", a.Def, s, tgs, sc)
			}
		case models.ActionScale:
			s := c.eventService(p, f.Service, services, sc)
			if s != nil {
				a.Service = s.Name
			}
			if s != nil && s.Scheduling == models.Daemon {
				c.bad(p+".service", "service %s is a DAEMON service: it has no desired count to scale", s.Name)
			} else if n, ok := c.intIn(p+".desired_count", f.DesiredCount, 0, 1_000_000); ok {
				a.DesiredCount = int(n)
			} else if !f.DesiredCount.set {
				c.missing(p, "desired_count")
			}
		case models.ActionDrain:
			c.drain(p, f, &a, sc)
		}
		sc.Actions = append(sc.Actions, a)
	}
}

// unusedEventKeys reports keys set on an event that its action does not read.
func (c *checker) unusedEventKeys(p, action string, f *eventFile) {
	set := map[string]bool{"service": f.Service.set, "task_definition": f.TaskDefinition.set, "desired_count": f.DesiredCount.set,
		"instances": f.Instances.set, "zone": f.Zone.set, "instance_group": f.InstanceGroup.set}
	for _, k := range []string{"service", "task_definition", "desired_count", "instances", "zone", "instance_group"} {
		if set[k] && !slices.Contains(eventKeys[action], k) {
			c.bad(p+"."+k, "%s events do not use %s", action, k)
		}
	}
}

// eventService resolves an event's service by name.
func (c *checker) eventService(p string, v str, services map[string]int, sc *Scenario) *ServiceSpec {
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
func (c *checker) deployable(path string, d *models.TaskDefinition, s *ServiceSpec, tgs targetGroups, sc *Scenario) {
	lt := models.LaunchEC2
	if s != nil && s.OnFargate(sc) {
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

// drain reads a drain event's instances, zone and instance group; it needs at least one.
// Instance IDs are "i-0001" onwards, numbered across the instance groups in file order.
func (c *checker) drain(p string, f *eventFile, a *ActionSpec, sc *Scenario) {
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
	if typed(c, p+".instances", f.Instances) {
		for j, id := range f.Instances.v {
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
	users := "instance group"
	for _, cp := range sc.CapacityProviders {
		users = "instance group or Auto Scaling group"
		if cp.ASG != nil {
			zones = append(zones, cp.ASG.Zones...) // a drain by zone drains their instances too
			groups = append(groups, cp.Name)       // an ASG's instances are in the group of its provider's name
		}
	}
	if typed(c, p+".zone", f.Zone) {
		a.Zone = f.Zone.v
		if !slices.Contains(zones, a.Zone) {
			c.bad(p+".zone", "no %s uses zone %q", users, a.Zone)
		}
	}
	if typed(c, p+".instance_group", f.InstanceGroup) {
		a.InstanceGroup = f.InstanceGroup.v
		if !slices.Contains(groups, a.InstanceGroup) {
			c.bad(p+".instance_group", "no %s %q", strings.Replace(users, "Auto Scaling group", "capacity provider", 1), a.InstanceGroup)
		}
	}
	if len(f.Instances.v) == 0 && !f.Zone.set && !f.InstanceGroup.set && f.Instances.bad == "" {
		c.bad(p+".action", "a drain event needs instances, zone or instance_group")
	}
}
