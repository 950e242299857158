package experiment

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"time"

	"github.com/ecssim/ecssim/scenarios"
)

// fgdScenario is the FGD experiment's scenario, read from the working directory: bench runs
// it from the repository's root, beside the reference data its node and pod lists sit in
// (fgdData, as the scenario names them from its own directory).
const fgdScenario = "docs/fgd.toml"

var fgdData = []string{
	"../shared/data/alibaba-v2023-openb_node_list_gpu_node.csv",
	"../shared/data/alibaba-v2023-openb_pod_list_default.csv",
}

// fgdPolicies are the FGD paper's six policies as ecssim names them (docs/fgd.toml): Random,
// DotProd, GpuClustering, GpuPacking, BestFit and FGD.
var fgdPolicies = []string{"random", "dot-product-fgd", "gpu-clustering", "gpu-packing", "best-fit", "fgd"}

// fgdWorkloads time one run of the FGD experiment (docs/fgd.toml: 1,213 GPU nodes and about
// 11,000 pods drawn from the openb trace to 130% of the GPUs), under each policy.
func fgdWorkloads() []Workload {
	var ws []Workload
	for _, p := range fgdPolicies {
		ws = append(ws, Workload{"fgd-openb-" + p,
			"the FGD experiment (" + fgdScenario + ", the openb trace beside the repository), one run with " + p,
			func() (BenchResult, error) { return fgdRun(p) }})
	}
	return ws
}

// fgdRun runs the FGD experiment under strategy, loading included; without the scenario or
// its reference data (a clone alone, or another working directory) it is skipped, saying so.
func fgdRun(strategy string) (BenchResult, error) {
	start := time.Now()
	for _, f := range append([]string{fgdScenario}, fgdData...) {
		if _, err := os.Stat(f); errors.Is(err, fs.ErrNotExist) {
			return BenchResult{Skipped: "no " + f + " here: run it from the repository's root, beside ../shared/data"}, nil
		}
	}
	sc, err := scenarios.LoadFile(fgdScenario)
	if err != nil {
		return BenchResult{}, err
	}
	s, err := scenarios.LoadStrategy(strategy)
	if err != nil {
		return BenchResult{}, err
	}
	res, err := simulate(context.Background(), sc, s.Chain, sc.Seed, nil)
	if err != nil {
		return BenchResult{}, err
	}
	return BenchResult{Events: res.Summary.Events, Placements: uint64(res.Summary.Tasks.Started), Wall: time.Since(start)}, nil
}
