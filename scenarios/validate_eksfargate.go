package scenarios

import (
	"fmt"
	"slices"

	"github.com/ecssim/ecssim/models"
)

// EKS on Fargate: in an EKS run, a service or workload whose tasks would run on Fargate (its
// launch type, or a strategy of FARGATE) runs its pods on Fargate, as a Fargate profile
// selecting them does: each pod on a micro-VM of its own, sized from its requests
// (models.FargatePodSize) and billed at that size. What EKS on Fargate does not run is refused
// here, each with its source: EKSUG = awsdocs/amazon-eks-user-guide @ 4d52b4d0,
// latest/ug/nodes/fargate.adoc, "Fargate considerations", and fargate-pod-configuration.adoc
// (EKS-REFERENCE (b)).

// eksFargateWhy cites the list of what EKS on Fargate does not support.
const eksFargateWhy = `EKS user guide, fargate.adoc, "Fargate considerations"`

// eksFargate checks a service's or workload's pods on Fargate (at p, its task definition d,
// its own strategy own, daemon for a DAEMON service): no FARGATE_SPOT, no DaemonSet, no GPU,
// no Arm, and a size Fargate has. Fargate's launch rate, provisioning, image pull and zones
// are ECS's: EKS documents none of its own.
func (c *checker) eksFargate(p string, d *models.TaskDefinition, own []models.StrategyItemConfig, daemon bool, sc *Scenario) {
	if slices.ContainsFunc(own, fargateSpot) {
		c.bad(p+".capacity_provider_strategy", "EKS on Fargate has no Fargate Spot (%s): use FARGATE", eksFargateWhy)
	}
	if daemon {
		c.bad(p+".scheduling_strategy", "a DAEMON service is a DaemonSet, and EKS on Fargate runs no DaemonSets (%s): run it on EC2", eksFargateWhy)
	}
	if d != nil {
		c.eksFargatePod(p+".task_definition", d)
	}
}

// fargateSpot reports whether a strategy item names FARGATE_SPOT.
func fargateSpot(it models.StrategyItemConfig) bool {
	return it.Provider == models.FargateSpotProviderName
}

// eksFargateDefault refuses, once, a default strategy with FARGATE_SPOT that a service or
// workload of an EKS run would run on: EKS on Fargate has no Fargate Spot.
func (c *checker) eksFargateDefault(sc *Scenario) {
	if !slices.ContainsFunc(sc.DefaultStrategy, fargateSpot) {
		return
	}
	onDefault := func(launchType string, own []models.StrategyItemConfig) bool { return launchType == "" && own == nil }
	used := slices.ContainsFunc(sc.Services, func(s models.ServiceConfig) bool { return onDefault(s.LaunchType, s.CapacityProviderStrategy) }) ||
		slices.ContainsFunc(sc.Workloads, func(w models.WorkloadConfig) bool { return onDefault(w.LaunchType, w.CapacityProviderStrategy) })
	if used {
		c.bad("cluster.default_capacity_provider_strategy", "EKS on Fargate has no Fargate Spot (%s), and a service or workload runs on this strategy: use FARGATE", eksFargateWhy)
	}
}

// eksFargatePod checks that a pod of d can run on EKS on Fargate (at p): no GPU and no Arm
// (EKSUG "Fargate considerations"; Fargate's pricing page: "ARM CPU Architecture [is]
// currently only available for Amazon ECS"), and requests that a Fargate size holds once
// Fargate adds its 256 MB.
func (c *checker) eksFargatePod(p string, d *models.TaskDefinition) {
	if d.Charge().GPUMilli > 0 {
		c.bad(p, "%s asks for GPUs, which EKS on Fargate does not support (%s): run it on EC2 GPU instances", d.Ref(), eksFargateWhy)
	}
	if d.CPUArchitecture == "ARM64" {
		c.bad(p, "%s runs on ARM64, and EKS on Fargate runs x86 only (%s)", d.Ref(), eksFargateWhy)
	}
	ch := d.Charge() // the pod's requests: millicores and MiB in an EKS run
	if _, err := models.FargatePodSize(nil, []models.Resources{{CPU: ch.CPU, MemoryMiB: ch.MemoryMiB}}); err != nil {
		c.bad(p, "%s on EKS on Fargate: %v (EKS user guide, fargate-pod-configuration.adoc, \"Pod CPU and memory\")", d.Ref(), err)
	}
}

// eksFargateDeploys checks the task definitions that events deploy to services on Fargate,
// at the definition itself: a deployment's pods run where the service's do.
func (c *checker) eksFargateDeploys(sc *Scenario) {
	seen := map[*models.TaskDefinition]bool{}
	for _, a := range sc.Actions {
		s := c.serviceConfig(sc, a.ServiceName)
		if a.Def == nil || seen[a.Def] || s == nil || !onFargate(s.LaunchType, s.CapacityProviderStrategy, sc) {
			continue
		}
		seen[a.Def] = true
		if i := slices.Index(sc.TaskDefinitions, a.Def); i >= 0 {
			c.eksFargatePod(fmt.Sprintf("task_definitions[%d]", i), a.Def)
		}
	}
}

// serviceConfig is sc's service of the name, nil if none.
func (c *checker) serviceConfig(sc *Scenario, name string) *models.ServiceConfig {
	for i := range sc.Services {
		if sc.Services[i].Name == name {
			return &sc.Services[i]
		}
	}
	return nil
}
