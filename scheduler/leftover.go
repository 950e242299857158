package scheduler

import (
	"fmt"

	"github.com/ecssim/ecssim/models"
)

// The FGD artifact's units (hkust-adsl/kubernetes-scheduler-simulator,
// pkg/type/open-gpu-share/utils/const.go): its baselines divide CPU by 128 cores
// (MaxSpecCpu, 128000 milli) and GPU by 8 GPUs (MaxSpecGpu, 8000 milli). ecssim counts CPU in
// ECS units, 1024 a core, so 128 cores are 131072 units.
const (
	specCPU = 128 * 1024
	specGPU = 8 * models.MilliPerGPU
)

// LeftoverStrategy scores an instance by the weighted resources a placement would leave on it,
// the FGD artifact's BestFit baseline (Weng et al., "Beware of Fragmentation: Scheduling
// GPU-Sharing Workloads with Fragmentation Gradient Descent", USENIX ATC'23; the artifact's
// plugin/best_fit_score.go):
//
//	s = 0.5·(cpuFree − cpuReq)/128 cores + 0.5·(gpuFree − gpuReq)/8 GPUs
//
// with GPUs summed over the instance's devices. best-fit takes the least s; worst-fit, its
// mirror, the most. (The artifact's own worst_fit_score.go, not among the paper's six
// policies, weighs CPU milli 1 and GPU milli 100 instead; ecssim keeps one leftover for both,
// so that the two differ only in direction.) Memory is not part of
// s, as it is not in the artifact. Not ECS's: ecssim's extension. The artifact truncates
// int((1−s)·100) and rescales the node scores min-max to 0..100 in integers, which ties nodes
// whose s differ by less than a point; ecssim compares s exactly, since the definition is the
// least leftover: s is held as the whole number L = (cpuFree−cpuReq)·8000 + (gpuFree−gpuReq)·
// 131072 over 2·131072·8000, so equal leftovers score exactly equal. Without GPUs, s is the
// CPU term alone.
type LeftoverStrategy struct {
	Worst bool // worst-fit: the most leftover wins
}

func newBestFit(field string) (Strategy, error)  { return newLeftover(field, false) }
func newWorstFit(field string) (Strategy, error) { return newLeftover(field, true) }

func newLeftover(field string, worst bool) (Strategy, error) {
	s := LeftoverStrategy{Worst: worst}
	if field != "" {
		return nil, fmt.Errorf("%s takes no field, got %q", s.Name(), field)
	}
	return s, nil
}

// Name implements Strategy.
func (s LeftoverStrategy) Name() string {
	if s.Worst {
		return WorstFit
	}
	return BestFit
}

// ranksTies implements rankTies: best-fit is the artifact's BestFit, whose ties go to the node
// of lowest rank; worst-fit, ecssim's mirror, leaves them to the cluster's tie-break.
func (s LeftoverStrategy) ranksTies() bool { return !s.Worst }

// Score implements Strategy: s, or −s for worst-fit.
func (s LeftoverStrategy) Score(r *Request, cands []*models.Instance, dst []float64) {
	for i, in := range cands {
		v := Leftover(in.Free(), r.Need)
		if s.Worst {
			v = -v
		}
		dst[i] = v
	}
}

// Leftover is the artifact's weighted leftover s of free after need (see LeftoverStrategy).
func Leftover(free, need models.Resources) float64 {
	l := (free.CPU-need.CPU)*specGPU + (free.GPUMilli-need.GPUMilli)*specCPU
	return float64(l) / (2 * specCPU * specGPU)
}

var _ Strategy = LeftoverStrategy{}
