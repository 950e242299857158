package scenarios

import (
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
	// strategies can be compared on one scenario.
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
// pipeline per service and workload (each drawing from its own named random stream), and the
// services and workloads themselves. Nothing in sc is changed, so one scenario can be built
// many times.
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
	var chains [][]models.StrategySpec
	pipeline := func(kind, name string, chain []models.StrategySpec, cons []models.ConstraintSpec) (*scheduler.Pipeline, error) {
		if opt.Strategy != nil {
			chain = opt.Strategy
		}
		chains = append(chains, chain)
		p, err := scheduler.NewPipeline(cluster, index, chain, cons, streams.Source("placement/"+kind+"/"+name))
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", kind, name, err)
		}
		return p, nil
	}
	for _, spec := range sc.Services {
		p, err := pipeline("service", spec.Name, spec.Strategy, spec.Constraints)
		if err != nil {
			return nil, err
		}
		s.Services = append(s.Services, &models.Service{
			Name: spec.Name, Def: spec.Def, DesiredCount: spec.DesiredCount,
			MinimumHealthyPercent: spec.MinimumHealthyPercent, MaximumPercent: spec.MaximumPercent, Placer: p,
		})
	}
	for _, spec := range sc.Workloads {
		p, err := pipeline("workload", spec.Name, spec.Strategy, spec.Constraints)
		if err != nil {
			return nil, err
		}
		s.Workloads = append(s.Workloads, &models.Workload{
			Name: spec.Name, Def: spec.Def, Group: spec.Group, Arrival: spec.Arrival, Duration: spec.Duration, Placer: p,
		})
	}
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
