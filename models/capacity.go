package models

import (
	"slices"
	"time"

	"github.com/ecssim/ecssim/sim"
)

// Launch types (API/CreateService launchType). A service sets a launch type or a capacity
// provider strategy, never both.
const (
	LaunchFargate = "FARGATE"
)

// ProviderKind is what a capacity provider draws capacity from.
type ProviderKind uint8

// Capacity provider kinds: the two built-in Fargate providers, and Auto Scaling group providers
// (DG/cluster-capacity-providers).
const (
	ProviderFargate ProviderKind = iota + 1
	ProviderFargateSpot
	ProviderASG
)

// Fargate reports whether the provider runs tasks on Fargate.
func (k ProviderKind) Fargate() bool { return k == ProviderFargate || k == ProviderFargateSpot }

// Reserved capacity provider names (DG/fargate-capacity-providers).
const (
	FargateProviderName     = "FARGATE"
	FargateSpotProviderName = "FARGATE_SPOT"
)

// ManagedScaling is an ASG provider's managedScaling (API/ManagedScaling). Defaults: target
// capacity 100, steps 1 and 10000, warm-up 300 s.
type ManagedScaling struct {
	Enabled        bool
	TargetCapacity int // percent, 1-100
	MinStep        int
	MaxStep        int
	WarmUp         time.Duration
}

// Managed scaling defaults (API/ManagedScaling, ECS-REFERENCE §5.2).
const (
	DefaultTargetCapacity = 100
	DefaultMinStep        = 1
	DefaultMaxStep        = 10000
	DefaultWarmUp         = 300 * time.Second
)

// AutoScalingGroup is the EC2 Auto Scaling group behind an ASG capacity provider: what it
// launches, where, and how many.
type AutoScalingGroup struct {
	// InstanceTypes are what the group launches, in priority order (a mixed instances policy's
	// overrides with the prioritized allocation strategy, or capacity-optimized-prioritized for
	// Spot, API/InstancesDistribution): a new
	// instance is of the first type with capacity in its zone, the first unless a Spot pool
	// has run dry (shortage.go). The first and the smallest bound the scale-out computation
	// (DG/cluster-auto-scaling).
	InstanceTypes []*InstanceType
	Zones         []string
	MinSize       int
	MaxSize       int
	// DesiredCapacity is the group's size at time 0.
	DesiredCapacity int
	Market          Market
	// LaunchLatency is how long an instance takes from launch to registering with the cluster
	// (EC2 boot and agent start; 1-3 min is common, ECS-REFERENCE §7.3).
	LaunchLatency DistSpec
	Agent         AgentConfig
	AMIID         string
	Attributes    []Attribute
	// Kube is an EKS managed node group's labels and taints; nil in an ECS run.
	Kube *KubeNode
}

// CapacityProviderConfig is a capacity provider as its scenario configures it: shared by every
// run built from the scenario and never changed by one, its Auto Scaling group included.
type CapacityProviderConfig struct {
	Name string
	Kind ProviderKind
	// ASG, ManagedScaling, ManagedTerminationProtection and ManagedDraining are for ASG
	// providers.
	ASG                          *AutoScalingGroup
	ManagedScaling               ManagedScaling
	ManagedTerminationProtection bool
	ManagedDraining              bool
}

// CapacityProvider is one run's capacity provider: FARGATE, FARGATE_SPOT, or one backed by an
// Auto Scaling group, with the group's scaling state in this run.
type CapacityProvider struct {
	*CapacityProviderConfig

	asg asgState
}

// NewCapacityProvider returns a run's capacity provider of configuration c.
func NewCapacityProvider(c *CapacityProviderConfig) *CapacityProvider {
	return &CapacityProvider{CapacityProviderConfig: c}
}

// Launching returns when each instance an Auto Scaling group provider launched and that has not
// registered yet was launched, in launch order (those waiting for a zone to come back last).
// EC2 bills an instance from its launch, so an instance still booting when the run ends is
// billed too.
func (p *CapacityProvider) Launching() []sim.Time {
	return append(slices.Clone(p.asg.launching), p.asg.deferred...)
}

// The built-in providers' configurations, which every run shares.
var (
	fargateConfig     = &CapacityProviderConfig{Name: FargateProviderName, Kind: ProviderFargate}
	fargateSpotConfig = &CapacityProviderConfig{Name: FargateSpotProviderName, Kind: ProviderFargateSpot}
)

// BuiltinProvider reports whether name is one of Fargate's capacity providers, which a
// cluster has without defining them (DG/fargate-capacity-providers).
func BuiltinProvider(name string) bool {
	return name == FargateProviderName || name == FargateSpotProviderName
}

// BuiltinProviders returns a run's FARGATE and FARGATE_SPOT providers, which every cluster
// has (DG/fargate-capacity-providers).
func BuiltinProviders() []*CapacityProvider {
	return []*CapacityProvider{NewCapacityProvider(fargateConfig), NewCapacityProvider(fargateSpotConfig)}
}

// StrategyItemConfig is one capacity provider strategy item as configured, its provider by
// name: an Auto Scaling group provider of the scenario, FARGATE or FARGATE_SPOT.
type StrategyItemConfig struct {
	Provider string
	Base     int
	Weight   int
}

// StrategyItem is one capacityProviderStrategy item (API/CapacityProviderStrategyItem),
// resolved to a run's provider.
type StrategyItem struct {
	Provider *CapacityProvider
	Base     int
	Weight   int
}

// PullTime is how long a Fargate task takes to pull im: all of it, at PullMiBps; none without
// an image or a pull rate.
func (f FargateSettings) PullTime(im *Image) time.Duration {
	if im == nil || f.PullMiBps <= 0 {
		return 0
	}
	return time.Duration(float64(im.SizeMiB) / f.PullMiBps * float64(time.Second))
}

// FargateSettings are the account's Fargate behaviour, which ECS documents only in part.
type FargateSettings struct {
	// Provisioning is the time from a Fargate task's launch to its image pull starting: ENI
	// attachment and micro-VM start. ECS gives no figure; see DefaultFargateSettings.
	Provisioning DistSpec
	// PullMiBps is how fast a Fargate task pulls its image; Fargate caches nothing, so every
	// task pulls.
	PullMiBps float64
	// LaunchBurst and LaunchRate are the account's launch token bucket (DG/throttling): a burst
	// of 100 tasks refilled at 20 per second, one bucket for on-demand and one for Spot.
	LaunchBurst int
	LaunchRate  float64
}

// DefaultFargateSettings returns ecssim's Fargate defaults: provisioning drawn lognormal with a
// median of 25 s (sigma 0.3: most draws 15-40 s), then the image pulled at 50 MiB/s with no
// cache, so that a task with a 250 MiB image is RUNNING after about 30-45 s, within the
// community's 20-90 s (ECS-REFERENCE §6.3); the launch bucket as DG/throttling gives it.
func DefaultFargateSettings() FargateSettings {
	return FargateSettings{
		Provisioning: DistSpec{Kind: DistLogNormal, Median: 25 * time.Second, Sigma: 0.3},
		PullMiBps:    50,
		LaunchBurst:  100,
		LaunchRate:   20,
	}
}

// SpotSettings drive Spot interruptions: EC2 Spot instances and FARGATE_SPOT tasks are
// interrupted at random, each after an exponential time with the given rate, with a two-minute
// notice (DG/container-instance-spot, DG/fargate-capacity-providers).
type SpotSettings struct {
	InstanceInterruptionsPerHour float64 // per EC2 Spot instance
	TaskInterruptionsPerHour     float64 // per FARGATE_SPOT task
	Notice                       time.Duration
}

// SpotNotice is the warning EC2 and Fargate give before a Spot interruption.
const SpotNotice = 2 * time.Minute

// asgState is an ASG provider's scaling state.
type asgState struct {
	instances []*Instance // registered, in launch order
	// launching holds when each instance launched and not yet registered was launched; deferred
	// the same for those whose registration found every zone of the group down: they register
	// when one returns. EC2 bills each from its launch (Launching).
	launching  []sim.Time
	deferred   []sim.Time
	short      int      // wanted, but no pool had capacity: launched again after LaunchRetry
	retrying   bool     // a retry of the short launches is queued
	lastLaunch sim.Time // when the newest instance registered: warm-up runs from it
	lowSince   sim.Time // when the metric last went below target; Never while at or above
	scaled     bool     // scaled out at least once (the from-zero rule applies once)
}

// pending counts the instances the group wants and has not registered: launched and booting,
// launched but with no zone up with capacity to register in, or not launched for want of
// capacity.
func (st *asgState) pending() int { return len(st.launching) + len(st.deferred) + st.short }

// size counts the group's instances, registered or pending: its desired capacity, which the
// CapacityProviderReservation's N and the group's MaxSize count.
func (st *asgState) size() int { return len(st.instances) + st.pending() }

// Fargate is the synthetic "instance" a Fargate task runs on: a micro-VM of exactly the task's
// size in one zone. It is never registered with the cluster, so placement never sees it.
// Fargate reports whether in is one.
func (in *Instance) Fargate() bool { return in.fargate }

// FaultSettings are the random failures of a run's [faults] table beyond Spot: each EC2
// instance fails after an exponential time with mean InstanceMTBF (0: never), drawn from the
// "faults/instances" stream in registration order, so turning faults on changes no arrival,
// duration or placement draw.
type FaultSettings struct {
	InstanceMTBF time.Duration
}
