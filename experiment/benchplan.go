package experiment

import (
	"context"
	"runtime"
	"time"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/scenarios"
)

// planWorkloads are the plan's speed goals as workloads: the default example sized over six
// types and three strategies, and a fleet near 1,000 instances.
func planWorkloads() []Workload {
	return []Workload{
		{"plan-web-and-batch", "plan: example:web-and-batch over 6 instance types × 3 strategies × 11 seeds, on every core",
			func() (BenchResult, error) {
				sc, err := scenarios.LoadExample("web-and-batch")
				if err != nil {
					return BenchResult{}, err
				}
				return planWorkload(sc, []string{"m6i.large", "m6i.xlarge", "m6i.2xlarge", "c6i.xlarge", "r6i.xlarge", "m7i.xlarge"},
					[]string{"binpack-memory", "spread-az-spread-instance", "random"})
			}},
		{"plan-1k", "plan: the loaded fleet of e2e-1M for 1 h (about 1,000 m5.xlarge), sized on 11 seeds, on every core",
			func() (BenchResult, error) {
				sc, err := scenarios.Load([]byte(LoadedFleet("1h")), "plan-1k")
				if err != nil {
					return BenchResult{}, err
				}
				return planWorkload(sc, nil, nil)
			}},
	}
}

// planWorkload plans sc over the types and strategies named (none: the scenario's own) on 11
// seeds, and measures its wall time.
func planWorkload(sc *scenarios.Scenario, typeNames, strategyNames []string) (BenchResult, error) {
	start := time.Now()
	var types []*models.InstanceType
	for _, n := range typeNames {
		t, _ := models.LookupInstanceType(n)
		types = append(types, t)
	}
	strategies, err := scenarios.LoadStrategies(strategyNames)
	if err != nil {
		return BenchResult{}, err
	}
	_, err = PlanFleet(context.Background(), sc, PlanOptions{
		Types: types, Strategies: strategies, Seeds: 11, FirstSeed: sc.Seed, Quantile: 1,
		Targets: PlanTargets{Availability: 0.999}, Workers: runtime.GOMAXPROCS(0),
	})
	return BenchResult{Wall: time.Since(start)}, err
}
