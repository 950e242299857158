package scenarios

import (
	"fmt"

	"github.com/ecssim/ecssim/models"
)

// hasEC2Capacity reports whether the scenario can ever have an EC2 instance: an instance group
// with instances, or an Auto Scaling group that may launch some.
func hasEC2Capacity(sc *Scenario) bool {
	for _, g := range sc.InstanceGroups {
		if g.Count > 0 {
			return true
		}
	}
	for _, cp := range sc.CapacityProviders {
		if cp.ASG != nil && cp.ASG.MaxSize > 0 {
			return true
		}
	}
	return false
}

// lintNoCapacity warns about each replica service (desired at the start or scaled to later)
// and each workload that runs on EC2 in a scenario that can never have an EC2 instance: every
// one of its tasks would fail placement, which reads like a strategy's fault in a comparison.
func (c *checker) lintNoCapacity(sc *Scenario) {
	if hasEC2Capacity(sc) {
		return
	}
	scaledUp := map[string]bool{}
	for _, a := range sc.Actions {
		if a.Kind == models.ActionScale && a.DesiredCount > 0 {
			scaledUp[a.ServiceName] = true
		}
	}
	const why = "no instance group has instances and no Auto Scaling group can launch any, so none of its tasks can be placed"
	for i, s := range sc.Services {
		wants := s.DesiredCount > 0 || scaledUp[s.Name]
		if wants && s.Scheduling != models.Daemon && !onFargate(s.LaunchType, s.CapacityProviderStrategy, sc) {
			c.warn(fmt.Sprintf("services[%d].desired_count", i), "service %s runs on EC2, but %s", s.Name, why)
		}
	}
	for i, w := range sc.Workloads {
		if !onFargate(w.LaunchType, w.CapacityProviderStrategy, sc) {
			c.warn(fmt.Sprintf("workloads[%d].task_definition", i), "workload %s runs on EC2, but %s", w.Name, why)
		}
	}
}

// lintUnusedTargetGroups warns about a target group no service's load_balancers names: it
// never has a target, and is most likely a misspelt or forgotten attachment.
func (c *checker) lintUnusedTargetGroups(sc *Scenario) {
	used := map[string]bool{}
	for _, s := range sc.Services {
		for _, lb := range s.LoadBalancers {
			used[lb.TargetGroup] = true
		}
	}
	for i, tg := range sc.TargetGroups {
		if !used[tg.Name] {
			c.warn(fmt.Sprintf("target_groups[%d].name", i), "no service's load_balancers names target group %s: it never has a target", tg.Name)
		}
	}
}
