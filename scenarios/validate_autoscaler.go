package scenarios

import (
	"fmt"
	"time"

	"github.com/ecssim/ecssim/models"
)

// clusterAutoscalerFile is [eks.cluster_autoscaler]: the Cluster Autoscaler's flags a scenario
// may set, named as the flags are with underscores (FAQ flag table).
type clusterAutoscalerFile struct {
	ScanInterval                  str    `toml:"scan_interval"`
	Expander                      str    `toml:"expander"`
	ScaleDownUtilizationThreshold number `toml:"scale_down_utilization_threshold"`
	ScaleDownUnneededTime         str    `toml:"scale_down_unneeded_time"`
	ScaleDownDelayAfterAdd        str    `toml:"scale_down_delay_after_add"`
	ScaleDownDelayAfterDelete     str    `toml:"scale_down_delay_after_delete"`
}

// Bounds on the Cluster Autoscaler's durations: ecssim's, as the CA takes any duration. A scan
// of at least a second keeps a run's events countable; a day bounds the waits.
const (
	minScanInterval = time.Second
	maxScanInterval = time.Hour
	maxCADelay      = 24 * time.Hour
)

// eksNodeGroups makes an EKS run's Auto Scaling group capacity providers EKS managed node
// groups, which the Cluster Autoscaler scales ([eks.cluster_autoscaler]). What only ECS does
// with them is ignored, with a warning at its key: managed scaling, managed termination
// protection and managed draining (the Cluster Autoscaler scales, and drains what it removes),
// and capacity provider strategies of Auto Scaling groups, as the kube-scheduler places a pod
// on any node that passes its filters and the Cluster Autoscaler grows whichever group its
// expander picks.
func (c *checker) eksNodeGroups(f *scenarioFile, sc *Scenario) {
	for i := range f.CapacityProviders {
		p, fp := fmt.Sprintf("capacity_providers[%d]", i), &f.CapacityProviders[i]
		if fp.ManagedScaling != (managedScalingFile{}) || c.given(p+".managed_scaling", true) {
			c.warn(p+".managed_scaling", "an EKS run's node groups scale by the Cluster Autoscaler ([eks.cluster_autoscaler]): managed scaling is ignored")
		}
		for _, k := range []struct {
			key string
			set bool
		}{{"managed_termination_protection", fp.ManagedTerminationProtection.set}, {"managed_draining", fp.ManagedDraining.set}} {
			if k.set {
				c.warn(p+"."+k.key, "the Cluster Autoscaler removes only nodes whose pods can move, and drains them first: an EKS run ignores it")
			}
		}
	}
	for i := range sc.Services {
		s := &sc.Services[i]
		s.CapacityProviderStrategy = c.dropASGStrategy(fmt.Sprintf("services[%d].capacity_provider_strategy", i), s.CapacityProviderStrategy)
	}
	for i := range sc.Workloads {
		w := &sc.Workloads[i]
		w.CapacityProviderStrategy = c.dropASGStrategy(fmt.Sprintf("workloads[%d].capacity_provider_strategy", i), w.CapacityProviderStrategy)
	}
	sc.DefaultStrategy = c.dropASGStrategy("cluster.default_capacity_provider_strategy", sc.DefaultStrategy)
	c.clusterAutoscaler(&f.EKS.ClusterAutoscaler, sc)
}

// dropASGStrategy returns strategy items at p without their Auto Scaling group providers,
// warning that an EKS run ignores them; a Fargate strategy is returned as it is.
func (c *checker) dropASGStrategy(p string, items []models.StrategyItemConfig) []models.StrategyItemConfig {
	if len(items) == 0 || fargateStrategy(items) {
		return items
	}
	c.warn(p, "Kubernetes has no capacity provider strategy: an EKS run places pods on any node that passes the kube-scheduler's filters, and the Cluster Autoscaler grows the node group its expander picks")
	return nil
}

// clusterAutoscaler reads [eks.cluster_autoscaler] into sc.ClusterAutoscaler, which an EKS run
// has when it has node groups to scale.
func (c *checker) clusterAutoscaler(f *clusterAutoscalerFile, sc *Scenario) {
	const p = "eks.cluster_autoscaler"
	ca := models.DefaultClusterAutoscaler()
	if d, ok := c.durationIn(p+".scan_interval", f.ScanInterval, minScanInterval, maxScanInterval); ok {
		ca.ScanInterval = d
	}
	if e, ok := c.oneOf(p+".expander", f.Expander, models.Expanders...); ok {
		ca.Expander = e
	}
	if x, ok := c.number(p+".scale_down_utilization_threshold", f.ScaleDownUtilizationThreshold, 0, 1, false); ok {
		ca.ScaleDownUtilizationThreshold = x
	}
	for _, d := range []struct {
		key string
		v   str
		dst *time.Duration
	}{{"scale_down_unneeded_time", f.ScaleDownUnneededTime, &ca.ScaleDownUnneededTime},
		{"scale_down_delay_after_add", f.ScaleDownDelayAfterAdd, &ca.ScaleDownDelayAfterAdd},
		{"scale_down_delay_after_delete", f.ScaleDownDelayAfterDelete, &ca.ScaleDownDelayAfterDelete}} {
		if v, ok := c.durationIn(p+"."+d.key, d.v, 0, maxCADelay); ok {
			*d.dst = v
		}
	}
	if len(sc.CapacityProviders) == 0 {
		if *f != (clusterAutoscalerFile{}) {
			c.warn(p, "the run has no node groups ([[capacity_providers]]) for the Cluster Autoscaler to scale: it is ignored")
		}
		return
	}
	sc.ClusterAutoscaler = &ca
}
