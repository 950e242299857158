package scenarios

import (
	"cmp"
	"fmt"
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
// services and workloads themselves, fresh target groups (they hold per-run state) and the
// events as actions on this run's services, in time order. Nothing in sc is changed, so one
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
	groups := map[string]*models.TargetGroup{}
	for _, g := range sc.TargetGroups {
		tg := &models.TargetGroup{Name: g.Name, Type: g.Type, HealthCheck: g.HealthCheck, DeregistrationDelay: g.DeregistrationDelay}
		groups[g.Name] = tg
		s.TargetGroups = append(s.TargetGroups, tg)
	}
	var chains [][]models.StrategySpec
	// pipeline builds a placement pipeline; a DAEMON service's has no strategy (ECS allows
	// none), so neither the override nor the run's strategy name concerns it.
	pipeline := func(kind, name string, chain []models.StrategySpec, cons []models.ConstraintSpec, daemon bool) (*scheduler.Pipeline, error) {
		if opt.Strategy != nil && !daemon {
			chain = opt.Strategy
		}
		if !daemon {
			chains = append(chains, chain)
		}
		p, err := scheduler.NewPipeline(cluster, index, chain, cons, streams.Source("placement/"+kind+"/"+name))
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", kind, name, err)
		}
		return p, nil
	}
	services := map[string]*models.Service{}
	for _, spec := range sc.Services {
		p, err := pipeline("service", spec.Name, spec.Strategy, spec.Constraints, spec.Scheduling == models.Daemon)
		if err != nil {
			return nil, err
		}
		svc := &models.Service{
			Name: spec.Name, Scheduling: spec.Scheduling, Def: spec.Def, DesiredCount: spec.DesiredCount,
			MinimumHealthyPercent: spec.MinimumHealthyPercent, MaximumPercent: spec.MaximumPercent,
			CircuitBreaker: spec.CircuitBreaker, HealthCheckGracePeriod: spec.HealthCheckGracePeriod, Placer: p,
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
		p, err := pipeline("workload", spec.Name, spec.Strategy, spec.Constraints, false)
		if err != nil {
			return nil, err
		}
		s.Workloads = append(s.Workloads, &models.Workload{
			Name: spec.Name, Def: spec.Def, Group: spec.Group, Arrival: spec.Arrival, Duration: spec.Duration, Placer: p,
		})
	}
	for _, a := range sc.Actions {
		act := models.Action{At: a.At, Kind: a.Kind, Def: a.Def, DesiredCount: a.DesiredCount,
			Instances: slices.Clone(a.Instances), Zone: a.Zone, InstanceGroup: a.InstanceGroup}
		if a.Service != "" {
			if act.Service = services[a.Service]; act.Service == nil {
				return nil, fmt.Errorf("%s event at %v: no service %s", a.Kind, a.At, a.Service)
			}
		}
		s.Actions = append(s.Actions, act)
	}
	slices.SortStableFunc(s.Actions, func(a, b models.Action) int { return cmp.Compare(a.At, b.At) })
	return &Run{Scenario: sc, Sim: s, Seed: seed, Strategy: strategyName(opt.Strategy, chains)}, nil
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
