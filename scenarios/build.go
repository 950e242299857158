package scenarios

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/ecssim/ecssim/kubesched"
	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/scheduler"
	"github.com/ecssim/ecssim/sim"
)

// Options change a run without changing its scenario.
type Options struct {
	// Seed, if not nil, replaces the scenario's seed.
	Seed *uint64
	// Strategy, if not nil, replaces the placement strategy of every service and workload, so
	// strategies can be compared on one scenario; DAEMON services keep theirs, which is none.
	Strategy []models.StrategySpec
	// Placer, if not nil, is given each placement pipeline as Build makes it, and what it
	// returns places in the pipeline's stead (the pipeline, or a placer that wraps it): kind is
	// "service" or "workload" and name the owner's; provider is the Auto Scaling group capacity
	// provider whose instances the pipeline keeps to, nil for the owner's own. explain wraps
	// them to show the decisions they make.
	Placer func(kind, name string, provider *models.CapacityProvider, p *scheduler.Pipeline) models.Placer
	// KubePlacer is Placer's counterpart in an EKS run: if not nil, it is given the run's
	// kube-scheduler for each service and workload (kind and name as Placer's), and what it
	// returns places that owner's pods. The one scheduler serves every owner, as one
	// kube-scheduler serves a cluster, so a wrapper must place through it. explain wraps it to
	// show the kube-scheduler's decisions; scenarios stays below explain, which imports it.
	KubePlacer func(kind, name string, s *kubesched.Scheduler) models.Placer
}

// kubePlacer is the placer of an EKS run's owner kind name: the kube-scheduler s itself, or
// what the KubePlacer hook makes of it.
func (opt Options) kubePlacer(kind, name string, s *kubesched.Scheduler) models.Placer {
	if opt.KubePlacer == nil {
		return s
	}
	return opt.KubePlacer(kind, name, s)
}

// placer is the placer of pipeline p: p itself, or what the Placer hook makes of it.
func (opt Options) placer(kind, name string, provider *models.CapacityProvider, p *scheduler.Pipeline) models.Placer {
	if opt.Placer == nil {
		return p
	}
	return opt.Placer(kind, name, provider, p)
}

// Run is a scenario built and ready to run.
type Run struct {
	Scenario *Scenario
	Sim      *models.Simulation
	Seed     uint64
	// Strategy names the run's placement strategy: the override's name, the chain every
	// service and workload shares, or "per-service" when they differ.
	Strategy string
}

// Build wires a scenario into a simulation: the cluster with its capacity index, a run's own
// capacity providers (they hold per-run state; the built-in FARGATE and FARGATE_SPOT follow the
// scenario's), target groups, services, workloads and the events as actions, in time order.
// Each run's object points at its configuration in sc, which runs share and never change, and
// holds what the configuration names resolved to this run: target groups, capacity providers,
// services, and one placement pipeline per service and workload (each drawing from its own
// named random stream). One scenario can be built many times, concurrently.
func Build(sc *Scenario, opt Options) (*Run, error) {
	seed := sc.Seed
	if opt.Seed != nil {
		seed = *opt.Seed
	}
	if sc.Orchestrator == OrchestratorEKS && opt.Strategy != nil {
		return nil, errors.New("an EKS run places with the kube-scheduler, which takes no placement strategy: set [eks] scoring_strategy instead")
	}
	b, err := newBuilder(sc, opt, seed)
	if err != nil {
		return nil, err
	}
	for _, step := range []func() error{b.addProviders, b.addTargetGroups, b.addServices, b.addWorkloads, b.addActions} {
		if err := step(); err != nil {
			return nil, err
		}
	}
	name := strategyName(opt.Strategy, b.chains)
	if b.kube != nil {
		name = "kube-scheduler(" + b.kube.Profile().Scoring.String() + ")"
	}
	return &Run{Scenario: sc, Sim: b.sim, Seed: seed, Strategy: name}, nil
}

// builder holds one Build's run as it is wired, and what the scenario's names resolve to in
// it.
type builder struct {
	sc      *Scenario
	opt     Options
	sim     *models.Simulation
	streams sim.Streams
	index   *scheduler.Index

	providers map[string]*models.CapacityProvider
	groups    map[string]*models.TargetGroup
	services  map[string]*models.Service
	placers   providerPlacers
	// chains are the strategy chains of the pipelines that have one: they name the run's
	// strategy.
	chains [][]models.StrategySpec
	// kube places every pod of an EKS run, as one kube-scheduler serves a cluster; nil in
	// an ECS run.
	kube *kubesched.Scheduler
}

// newBuilder starts a run of sc: its cluster, capacity index and settings, and an EKS run's
// kube-scheduler.
func newBuilder(sc *Scenario, opt Options, seed uint64) (*builder, error) {
	streams := sim.NewStreams(seed)
	cluster := models.NewCluster(sc.Cluster, sc.StartTime, sc.TieBreak, seed)
	cluster.AWSVPCTrunking = sc.AWSVPCTrunking
	cluster.Kubelet = sc.Kubelet
	s := models.NewSimulation(cluster, streams, sim.Time(sc.Duration))
	s.ClusterAutoscaler = sc.ClusterAutoscaler
	s.InstanceGroups = sc.InstanceGroups
	s.Settings = sc.Settings
	s.Pricing.InstancePrices = maps.Clone(sc.Pricing.InstancePrices) // a run's own, for callers to change
	b := &builder{sc: sc, opt: opt, sim: s, streams: streams, index: scheduler.NewIndex(cluster),
		providers: map[string]*models.CapacityProvider{}, groups: map[string]*models.TargetGroup{},
		services: map[string]*models.Service{}, placers: providerPlacers{
			services:  map[*models.Service]map[*models.CapacityProvider]models.Placer{},
			workloads: map[*models.Workload]map[*models.CapacityProvider]models.Placer{},
		}}
	s.ProviderPlacers = b.placers
	if sc.Orchestrator == OrchestratorEKS {
		var err error
		if b.kube, err = newKubeScheduler(sc, s, streams); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// newKubeScheduler is an EKS run's kube-scheduler: the scenario's profile, each node's max
// pods as it registered them, the run's clock, and its own random stream.
func newKubeScheduler(sc *Scenario, s *models.Simulation, streams sim.Streams) (*kubesched.Scheduler, error) {
	p := kubesched.Profile{
		PercentageOfNodesToScore: int32(sc.KubeScheduler.PercentageOfNodesToScore),
		MaxPods:                  func(in *models.Instance) int { return in.Registered.Pods },
		Now:                      s.Engine.Now,
		DownZones:                s.DownZones,
	}
	switch sc.KubeScheduler.ScoringStrategy {
	case kubesched.MostAllocated.String():
		p.Scoring = kubesched.MostAllocated
	case kubesched.RequestedToCapacityRatio.String():
		p.Scoring, p.Shape = kubesched.RequestedToCapacityRatio, sc.KubeScheduler.Shape
	}
	return kubesched.New(s.Cluster, p, streams.Source("placement/kube-scheduler"))
}

// addProviders adds the scenario's capacity providers, then FARGATE and FARGATE_SPOT, and
// resolves the cluster's default strategy.
func (b *builder) addProviders() error {
	for i := range b.sc.CapacityProviders {
		c := &b.sc.CapacityProviders[i]
		if c.ASG == nil {
			return fmt.Errorf("capacity provider %s has no Auto Scaling group", c.Name)
		}
		b.addProvider(models.NewCapacityProvider(c))
	}
	for _, p := range models.BuiltinProviders() {
		b.addProvider(p)
	}
	var err error
	if b.sim.DefaultStrategy, err = b.strategy(b.sc.DefaultStrategy); err != nil {
		return fmt.Errorf("default capacity provider strategy: %w", err)
	}
	return nil
}

func (b *builder) addProvider(p *models.CapacityProvider) {
	b.providers[p.Name] = p
	b.sim.CapacityProviders = append(b.sim.CapacityProviders, p)
}

// strategy resolves a capacity provider strategy to the run's providers.
func (b *builder) strategy(items []models.StrategyItemConfig) ([]models.StrategyItem, error) {
	var out []models.StrategyItem
	for _, it := range items {
		p := b.providers[it.Provider]
		if p == nil {
			return nil, fmt.Errorf("no capacity provider %s", it.Provider)
		}
		out = append(out, models.StrategyItem{Provider: p, Base: it.Base, Weight: it.Weight})
	}
	return out, nil
}

func (b *builder) addTargetGroups() error {
	for i := range b.sc.TargetGroups {
		g := models.NewTargetGroup(&b.sc.TargetGroups[i])
		b.groups[g.Name] = g
		b.sim.TargetGroups = append(b.sim.TargetGroups, g)
	}
	return nil
}

// pipeline builds a placement pipeline, the one place Build makes one for a service or a
// workload. A DAEMON service's has no strategy (ECS allows none), nor has a Fargate service's
// (Fargate places tasks itself), so neither the override nor the run's strategy name concerns
// them. It returns the pipeline and the strategy chain it uses.
func (b *builder) pipeline(kind, name string, chain []models.StrategySpec, cons []models.ConstraintSpec, noStrategy bool) (models.Placer, []models.StrategySpec, error) {
	if b.kube != nil {
		return b.opt.kubePlacer(kind, name, b.kube), nil, nil // the pod spec (scenarios' eksRun) holds the constraints
	}
	if b.opt.Strategy != nil && !noStrategy {
		chain = b.opt.Strategy
	}
	if !noStrategy {
		b.chains = append(b.chains, chain)
	}
	p, err := scheduler.NewPipeline(b.sim.Cluster, b.index, chain, cons, b.streams.Source("placement/"+kind+"/"+name))
	if err != nil {
		return nil, nil, fmt.Errorf("%s %s: %w", kind, name, err)
	}
	return b.opt.placer(kind, name, nil, p), chain, nil
}

func (b *builder) addServices() error {
	for i := range b.sc.Services {
		svc, err := b.service(&b.sc.Services[i])
		if err != nil {
			return err
		}
		b.services[svc.Name] = svc
		b.sim.Services = append(b.sim.Services, svc)
	}
	return nil
}

// service builds a run's service of configuration c, its placement pipelines, strategy and
// load balancers resolved.
func (b *builder) service(c *models.ServiceConfig) (*models.Service, error) {
	p, chain, err := b.pipeline("service", c.Name, c.Strategy, c.Constraints, c.Scheduling == models.Daemon || onFargate(c.LaunchType, c.CapacityProviderStrategy, b.sc))
	if err != nil {
		return nil, err
	}
	svc := models.NewService(c, p)
	if svc.CapacityProviderStrategy, err = b.strategy(c.CapacityProviderStrategy); err != nil {
		return nil, fmt.Errorf("service %s: %w", c.Name, err)
	}
	if c.LaunchType == "" {
		if err := b.providerPipelines(svc, chain); err != nil {
			return nil, err
		}
	}
	for _, lb := range c.LoadBalancers {
		g := b.groups[lb.TargetGroup]
		if g == nil {
			return nil, fmt.Errorf("service %s: no target group %s", c.Name, lb.TargetGroup)
		}
		svc.LoadBalancers = append(svc.LoadBalancers, models.LoadBalancer{TargetGroup: g, ContainerName: lb.ContainerName, ContainerPort: lb.ContainerPort})
	}
	return svc, nil
}

// providerPipelines builds svc's placers on the ASG providers of its strategy (its own, else
// the cluster's): a service on Auto Scaling group providers places the tasks it gives each
// provider with its own strategies and constraints, on that provider's instances only.
func (b *builder) providerPipelines(svc *models.Service, chain []models.StrategySpec) error {
	made, err := b.onProviders("service", svc.Name, svc.CapacityProviderStrategy, chain, svc.Constraints)
	if made != nil {
		b.placers.services[svc] = made
	}
	return err
}

// onProviders builds the placers of the service or workload kind name on the ASG providers of
// its strategy own, else the cluster's, with its strategy chain and constraints: nil when it
// has none.
func (b *builder) onProviders(kind, name string, own []models.StrategyItem, chain []models.StrategySpec, cons []models.ConstraintSpec) (map[*models.CapacityProvider]models.Placer, error) {
	items := own
	if items == nil {
		items = b.sim.DefaultStrategy
	}
	var made map[*models.CapacityProvider]models.Placer
	for _, it := range items {
		if it.Provider.Kind != models.ProviderASG {
			continue
		}
		pl, err := scheduler.NewProviderPipeline(b.sim.Cluster, b.index, chain, cons, it.Provider,
			b.streams.Source("placement/"+kind+"/"+name+"/"+it.Provider.Name))
		if err != nil {
			return nil, fmt.Errorf("%s %s on capacity provider %s: %w", kind, name, it.Provider.Name, err)
		}
		if made == nil {
			made = map[*models.CapacityProvider]models.Placer{}
		}
		made[it.Provider] = b.opt.placer(kind, name, it.Provider, pl)
	}
	return made, nil
}

// addWorkloads builds the run's workloads: each one's pipeline on the cluster's instances, its
// strategy resolved, and its placers on the ASG providers of its strategy (its own, else the
// cluster's), as a service's.
func (b *builder) addWorkloads() error {
	for i := range b.sc.Workloads {
		c := &b.sc.Workloads[i]
		p, chain, err := b.pipeline("workload", c.Name, c.Strategy, c.Constraints, onFargate(c.LaunchType, c.CapacityProviderStrategy, b.sc))
		if err != nil {
			return err
		}
		w := models.NewWorkload(c, p)
		if w.CapacityProviderStrategy, err = b.strategy(c.CapacityProviderStrategy); err != nil {
			return fmt.Errorf("workload %s: %w", c.Name, err)
		}
		if c.LaunchType == "" {
			made, err := b.onProviders("workload", w.Name, w.CapacityProviderStrategy, chain, w.Constraints)
			if err != nil {
				return err
			}
			if made != nil {
				b.placers.workloads[w] = made
			}
		}
		b.sim.Workloads = append(b.sim.Workloads, w)
	}
	return nil
}

// addActions adds the events as actions on the run's services, in time order.
func (b *builder) addActions() error {
	for i := range b.sc.Actions {
		c := &b.sc.Actions[i]
		a := models.Action{ActionConfig: c}
		if c.ServiceName != "" {
			if a.Service = b.services[c.ServiceName]; a.Service == nil {
				return fmt.Errorf("%s event at %v: no service %s", c.Kind, c.At, c.ServiceName)
			}
		}
		b.sim.Actions = append(b.sim.Actions, a)
	}
	slices.SortStableFunc(b.sim.Actions, func(x, y models.Action) int { return cmp.Compare(x.At, y.At) })
	return nil
}

// providerPlacers are a run's placers of services and workloads on ASG capacity providers'
// instances; Build makes one for every ASG provider of every service's and workload's
// strategy.
type providerPlacers struct {
	services  map[*models.Service]map[*models.CapacityProvider]models.Placer
	workloads map[*models.Workload]map[*models.CapacityProvider]models.Placer
}

// PlacerOn returns svc's placer on p's instances, false if Build made none.
func (pp providerPlacers) PlacerOn(svc *models.Service, p *models.CapacityProvider) (models.Placer, bool) {
	pl, ok := pp.services[svc][p]
	return pl, ok
}

// WorkloadPlacerOn returns w's placer on p's instances, false if Build made none.
func (pp providerPlacers) WorkloadPlacerOn(w *models.Workload, p *models.CapacityProvider) (models.Placer, bool) {
	pl, ok := pp.workloads[w][p]
	return pl, ok
}

func strategyName(override []models.StrategySpec, chains [][]models.StrategySpec) string {
	if override != nil {
		return scheduler.ChainName(override)
	}
	if len(chains) == 0 {
		return "none"
	}
	for _, c := range chains[1:] {
		if !slices.Equal(c, chains[0]) {
			return "per-service"
		}
	}
	return scheduler.ChainName(chains[0])
}
