package scenarios

import (
	"cmp"
	"fmt"
	"maps"
	"slices"

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

// Build wires a scenario into a simulation: the cluster with its capacity index, one placement
// pipeline per service and workload (each drawing from its own named random stream), the
// services and workloads themselves, fresh target groups and capacity providers (they hold
// per-run state; the built-in FARGATE and FARGATE_SPOT follow the scenario's, and strategies
// point at this run's), the Fargate, pricing, Spot and fault settings, and the events as
// actions on this run's services, in time order. Nothing in sc is changed, so one
// scenario can be built many times.
func Build(sc *Scenario, opt Options) (*Run, error) {
	seed := sc.Seed
	if opt.Seed != nil {
		seed = *opt.Seed
	}
	streams := sim.NewStreams(seed)
	cluster := models.NewCluster(sc.Cluster, sc.StartTime, sc.TieBreak, seed)
	index := scheduler.NewIndex(cluster)
	s := models.NewSimulation(cluster, streams, sim.Time(sc.Duration))
	s.InstanceGroups = sc.InstanceGroups
	s.PlacementRetry, s.ThrottleDelay = sc.PlacementRetry, sc.ThrottleDelay
	s.Fargate, s.Spot, s.Faults, s.Pricing = sc.Fargate, sc.Spot, sc.Faults, sc.Pricing
	s.Pricing.InstancePrices = maps.Clone(sc.Pricing.InstancePrices)
	providers := map[string]*models.CapacityProvider{}
	for _, spec := range sc.CapacityProviders {
		if spec.ASG == nil {
			return nil, fmt.Errorf("capacity provider %s has no Auto Scaling group", spec.Name)
		}
		cp := &models.CapacityProvider{Name: spec.Name, Kind: models.ProviderASG, ASG: cloneASG(spec.ASG),
			ManagedScaling: spec.ManagedScaling, ManagedTerminationProtection: spec.ManagedTerminationProtection,
			ManagedDraining: spec.ManagedDraining}
		providers[cp.Name] = cp
		s.CapacityProviders = append(s.CapacityProviders, cp)
	}
	for _, cp := range []*models.CapacityProvider{
		{Name: models.FargateProviderName, Kind: models.ProviderFargate},
		{Name: models.FargateSpotProviderName, Kind: models.ProviderFargateSpot},
	} {
		providers[cp.Name] = cp
		s.CapacityProviders = append(s.CapacityProviders, cp)
	}
	strategy := func(items []StrategyItemSpec) ([]models.StrategyItem, error) {
		var out []models.StrategyItem
		for _, it := range items {
			cp := providers[it.Provider]
			if cp == nil {
				return nil, fmt.Errorf("no capacity provider %s", it.Provider)
			}
			out = append(out, models.StrategyItem{Provider: cp, Base: it.Base, Weight: it.Weight})
		}
		return out, nil
	}
	var err error
	if s.DefaultStrategy, err = strategy(sc.DefaultStrategy); err != nil {
		return nil, fmt.Errorf("default capacity provider strategy: %w", err)
	}
	groups := map[string]*models.TargetGroup{}
	for _, g := range sc.TargetGroups {
		tg := &models.TargetGroup{Name: g.Name, Type: g.Type, HealthCheck: g.HealthCheck, DeregistrationDelay: g.DeregistrationDelay}
		groups[g.Name] = tg
		s.TargetGroups = append(s.TargetGroups, tg)
	}
	var chains [][]models.StrategySpec
	// pipeline builds a placement pipeline; a DAEMON service's has no strategy (ECS allows
	// none), nor has a Fargate service's (Fargate places tasks itself), so neither the override
	// nor the run's strategy name concerns them.
	pipeline := func(kind, name string, chain []models.StrategySpec, cons []models.ConstraintSpec, noStrategy bool) (models.Placer, []models.StrategySpec, error) {
		if opt.Strategy != nil && !noStrategy {
			chain = opt.Strategy
		}
		if !noStrategy {
			chains = append(chains, chain)
		}
		p, err := scheduler.NewPipeline(cluster, index, chain, cons, streams.Source("placement/"+kind+"/"+name))
		if err != nil {
			return nil, nil, fmt.Errorf("%s %s: %w", kind, name, err)
		}
		return opt.placer(kind, name, nil, p), chain, nil
	}
	services := map[string]*models.Service{}
	// A service on Auto Scaling group providers places the tasks it gives each provider with
	// its own strategies and constraints, on that provider's instances only.
	providerPlacers := map[*models.Service]map[*models.CapacityProvider]models.Placer{}
	for _, spec := range sc.Services {
		p, chain, err := pipeline("service", spec.Name, spec.Strategy, spec.Constraints, spec.Scheduling == models.Daemon || spec.OnFargate(sc))
		if err != nil {
			return nil, err
		}
		items, err := strategy(spec.CapacityProviderStrategy)
		if err != nil {
			return nil, fmt.Errorf("service %s: %w", spec.Name, err)
		}
		svc := &models.Service{
			Name: spec.Name, Scheduling: spec.Scheduling, Def: spec.Def, DesiredCount: spec.DesiredCount,
			MinimumHealthyPercent: spec.MinimumHealthyPercent, MaximumPercent: spec.MaximumPercent,
			CircuitBreaker: spec.CircuitBreaker, HealthCheckGracePeriod: spec.HealthCheckGracePeriod, Placer: p,
			LaunchType: spec.LaunchType, CapacityProviderStrategy: items, Zones: slices.Clone(spec.Zones),
			AZRebalancing: spec.AZRebalancing,
		}
		if spec.LaunchType == "" {
			if items == nil {
				items = s.DefaultStrategy
			}
			for _, it := range items {
				if it.Provider.Kind != models.ProviderASG {
					continue
				}
				pl, err := scheduler.NewProviderPipeline(cluster, index, chain, spec.Constraints, it.Provider,
					streams.Source("placement/service/"+spec.Name+"/"+it.Provider.Name))
				if err != nil {
					return nil, fmt.Errorf("service %s on capacity provider %s: %w", spec.Name, it.Provider.Name, err)
				}
				if providerPlacers[svc] == nil {
					providerPlacers[svc] = map[*models.CapacityProvider]models.Placer{}
				}
				providerPlacers[svc][it.Provider] = opt.placer("service", spec.Name, it.Provider, pl)
			}
		}
		for _, lb := range spec.LoadBalancers {
			tg := groups[lb.TargetGroup]
			if tg == nil {
				return nil, fmt.Errorf("service %s: no target group %s", spec.Name, lb.TargetGroup)
			}
			svc.LoadBalancers = append(svc.LoadBalancers, models.LoadBalancer{TargetGroup: tg, ContainerName: lb.ContainerName, ContainerPort: lb.ContainerPort})
		}
		services[spec.Name] = svc
		s.Services = append(s.Services, svc)
	}
	for _, spec := range sc.Workloads {
		p, _, err := pipeline("workload", spec.Name, spec.Strategy, spec.Constraints, false)
		if err != nil {
			return nil, err
		}
		s.Workloads = append(s.Workloads, &models.Workload{
			Name: spec.Name, Def: spec.Def, Group: spec.Group, Arrival: spec.Arrival, Duration: spec.Duration, Placer: p,
			Trace: spec.Trace,
		})
	}
	for _, a := range sc.Actions {
		act := models.Action{At: a.At, Kind: a.Kind, Def: a.Def, DesiredCount: a.DesiredCount,
			Instances: slices.Clone(a.Instances), Zone: a.Zone, InstanceGroup: a.InstanceGroup,
			Duration: a.Duration, Count: a.Count}
		if a.Service != "" {
			if act.Service = services[a.Service]; act.Service == nil {
				return nil, fmt.Errorf("%s event at %v: no service %s", a.Kind, a.At, a.Service)
			}
		}
		s.Actions = append(s.Actions, act)
	}
	slices.SortStableFunc(s.Actions, func(a, b models.Action) int { return cmp.Compare(a.At, b.At) })
	s.PlacerFor = func(svc *models.Service, p *models.CapacityProvider) models.Placer {
		if pl := providerPlacers[svc][p]; pl != nil {
			return pl
		}
		// Build made one for each provider in each service's strategy; the simulation asks for
		// no other.
		panic(fmt.Sprintf("scenarios: service %s has no placer for capacity provider %s", svc.Name, p.Name))
	}
	return &Run{Scenario: sc, Sim: s, Seed: seed, Strategy: strategyName(opt.Strategy, chains)}, nil
}

// cloneASG copies an Auto Scaling group, with its own lists and agent configuration, so that
// no run shares them with another.
func cloneASG(g *models.AutoScalingGroup) *models.AutoScalingGroup {
	c := *g
	c.InstanceTypes = slices.Clone(g.InstanceTypes)
	c.Zones = slices.Clone(g.Zones)
	c.Attributes = slices.Clone(g.Attributes)
	a := &c.Agent
	a.ReservedPorts = slices.Clone(a.ReservedPorts)
	a.ReservedPortsUDP = slices.Clone(a.ReservedPortsUDP)
	a.AvailableLoggingDrivers = slices.Clone(a.AvailableLoggingDrivers)
	a.EngineAuthRegistries = slices.Clone(a.EngineAuthRegistries)
	return &c
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
