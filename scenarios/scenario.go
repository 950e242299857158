package scenarios

import (
	"time"

	"github.com/ecssim/ecssim/models"
)

// Scenario is a validated scenario: everything a run needs, with defaults filled in, each in
// one place: the cluster-wide settings' by models.DefaultSettings, each object's where its
// table is validated (validate*.go); models fills in none. It is read-only once loaded, and
// the runs built from it share its instance groups, task definitions and the configurations of
// its services, workloads, target groups, capacity providers and events, so one Scenario can
// be built into many runs, concurrently.
type Scenario struct {
	Name        string
	Description string
	File        string // where it was loaded from, "example:NAME" for an embedded one
	Duration    time.Duration
	Seed        uint64
	Region      string
	StartTime   time.Time
	Cluster     string
	TieBreak    models.TieBreak
	// AWSVPCTrunking is [cluster] awsvpc_trunking, the account setting awsvpcTrunking
	// (models.Cluster.AWSVPCTrunking); default false.
	AWSVPCTrunking bool
	// Settings are [cluster] placement_retry_interval and throttle_initial_delay and the
	// [fargate], [pricing] and [faults] tables over models.DefaultSettings.
	models.Settings

	// InstanceTypes are the [[instance_types]] the scenario declares beside the catalog.
	InstanceTypes   []*models.InstanceType
	InstanceGroups  []*models.InstanceGroup
	TaskDefinitions []*models.TaskDefinition // every registered revision, in file order
	Services        []models.ServiceConfig
	Workloads       []models.WorkloadConfig
	// Registries are the [[registries]] the scenario declares, in file order; the task
	// definitions' images point at them (or at the built-in and default private ones).
	Registries []*models.Registry
	// TargetGroups are configurations: every run builds its own models.TargetGroup from them,
	// as a target group holds per-run state.
	TargetGroups []models.TargetGroupConfig
	// Actions are the [[events]], in file order.
	Actions []models.ActionConfig

	// CapacityProviders are the [[capacity_providers]], in file order: configurations, from
	// which every run builds its own models.CapacityProvider (they hold per-run state), adding
	// the built-in FARGATE and FARGATE_SPOT.
	CapacityProviders []models.CapacityProviderConfig
	// DefaultStrategy is [cluster] default_capacity_provider_strategy; nil when there is none.
	DefaultStrategy []models.StrategyItemConfig

	// Orchestrator is OrchestratorECS or OrchestratorEKS. An EKS run's nodes set up their
	// kubelet as Kubelet says (nil for ECS), and the kube-scheduler places its pods as
	// KubeScheduler says.
	Orchestrator  string
	Kubelet       *models.Kubelet
	KubeScheduler KubeSchedulerConfig
	// ClusterAutoscaler scales an EKS run's node groups, its Auto Scaling group capacity
	// providers; nil in an ECS run and in an EKS run without them.
	ClusterAutoscaler *models.ClusterAutoscaler

	// source is the text it was loaded from: a sweep's runs are named by its digest.
	source []byte

	// Warnings are things in a valid file that will not do what its author likely wants,
	// such as a task no instance group can ever run.
	Warnings Problems
}

// fargateStrategy reports whether a valid strategy runs its tasks on Fargate (a valid
// strategy's providers are all Fargate or all Auto Scaling groups).
func fargateStrategy(items []models.StrategyItemConfig) bool {
	return len(items) > 0 && models.BuiltinProvider(items[0].Provider)
}

// OnFargate reports whether the tasks of a service or workload with launchType and strategy
// own run on Fargate: its launch type, or its strategy (its own, or sc's default), is Fargate.
func (sc *Scenario) OnFargate(launchType string, own []models.StrategyItemConfig) bool {
	return onFargate(launchType, own, sc)
}

// onFargate is Scenario.OnFargate.
func onFargate(launchType string, own []models.StrategyItemConfig, sc *Scenario) bool {
	switch {
	case launchType != "":
		return launchType == models.LaunchFargate
	case own != nil:
		return fargateStrategy(own)
	}
	return fargateStrategy(sc.DefaultStrategy)
}
