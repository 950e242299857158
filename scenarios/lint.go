package scenarios

import (
	"fmt"
	"slices"

	"github.com/ecssim/ecssim/models"
)

// lint warns about what a valid scenario asks for but can never get, so that its author learns
// it from validate rather than from a run full of placement failures:
//   - a task definition that requires an attribute (a task-role or log-driver capability, a CPU
//     architecture) that no instance group registers;
//   - an explicit host port that every instance group's agent reserves;
//   - an explicit host port inside an instance group's dynamic port range, where the agent may
//     already have given it to another task (DG/task_definition_parameters hostPort);
//   - an instance group whose agent joins another cluster (ECS_CLUSTER).
func (c *checker) lint(sc *Scenario) {
	c.lintClusters(sc)
	used := map[*models.TaskDefinition]string{}
	for i, s := range sc.Services {
		if _, ok := used[s.Def]; !ok {
			used[s.Def] = fmt.Sprintf("services[%d].task_definition", i)
		}
	}
	for i, w := range sc.Workloads {
		if _, ok := used[w.Def]; !ok {
			used[w.Def] = fmt.Sprintf("workloads[%d].task_definition", i)
		}
	}
	for _, d := range sc.TaskDefinitions {
		path, ok := used[d]
		if !ok || len(sc.InstanceGroups) == 0 {
			continue
		}
		c.lintAttributes(path, d, sc.InstanceGroups)
		c.lintPorts(path, d, sc.InstanceGroups)
	}
	c.lintHealthCheckFailures(sc)
	c.lintEventTimes(sc)
}

// lintClusters warns about each instance group whose agent registers its instances with
// another cluster than the scenario's: ECS never places this cluster's tasks on them.
func (c *checker) lintClusters(sc *Scenario) {
	for i, g := range sc.InstanceGroups {
		if g.Agent.Cluster == sc.Cluster {
			continue
		}
		p := fmt.Sprintf("instance_groups[%d]", i)
		where := p + ".agent.cluster"
		if _, inline := c.index.Find(where); !inline {
			if _, file := c.index.Find(p + ".agent_config"); file {
				where = p + ".agent_config" // ECS_CLUSTER in the file
			}
		}
		c.warn(where, "instance group %s joins cluster %q, not this scenario's cluster %q: its instances will never receive this cluster's tasks",
			g.Name, g.Agent.Cluster, sc.Cluster)
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
		if a.Kind == models.ActionDeploy && lbs[a.Service] {
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

// lintEventTimes warns about events after the end of the run: they never happen.
func (c *checker) lintEventTimes(sc *Scenario) {
	for i, a := range sc.Actions {
		if a.At > sc.Duration {
			c.warn(fmt.Sprintf("events[%d].at", i), "the run ends at %s, before this event", shortDuration(sc.Duration))
		}
	}
}

func (c *checker) lintAttributes(path string, d *models.TaskDefinition, groups []*models.InstanceGroup) {
	for _, need := range d.RequiredAttributes() {
		found := false
		for _, g := range groups {
			found = found || groupHas(g, need)
		}
		if !found {
			c.warn(path, "no instance group can run %s: none registers %s", d.Ref(), describeAttr(need))
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

func (c *checker) lintPorts(path string, d *models.TaskDefinition, groups []*models.InstanceGroup) {
	for _, m := range d.StaticPorts() {
		reservedEverywhere := true
		for _, g := range groups {
			reserved := g.Agent.ReservedPorts
			if m.Protocol == models.UDP {
				reserved = g.Agent.ReservedPortsUDP
			}
			reservedEverywhere = reservedEverywhere && slices.Contains(reserved, m.HostPort)
			if m.Protocol == models.TCP && g.Agent.DynamicHostPortRange.Contains(m.HostPort) {
				c.warn(path, "%s binds host port %d, inside the dynamic port range %v of instance group %s, where the agent may give it to another task",
					d.Ref(), m.HostPort, g.Agent.DynamicHostPortRange, g.Name)
			}
		}
		if reservedEverywhere {
			c.warn(path, "no instance group can run %s: every agent reserves host port %d/%v", d.Ref(), m.HostPort, m.Protocol)
		}
	}
}
