package scheduler

import (
	"fmt"
	"slices"

	"github.com/ecssim/ecssim/models"
)

// GPUPackingStrategy is the FGD artifact's GpuPacking baseline (Weng et al., USENIX ATC'23;
// the artifact's plugin/gpu_packing_score.go, getPackingScore), tier for tier, in its integer
// arithmetic. A task that asks for GPUs scores, higher better:
//
//  1. on an instance whose GPUs are all wholly free: max(33 − free GPUs, free GPUs), so a
//     smaller empty instance is preferred (8 GPUs 25, 4 GPUs 29, 1 GPU 32);
//  2. otherwise the devices the task would take, walking them by least left first (by device
//     number at equal left) and taking those with at least its per-GPU request: if any taken
//     is wholly free, max(50 − wholly free taken, 33), a free GPU on a used instance;
//  3. else, shares of already shared devices only: max(100 − Σ_taken(left·100/1000)/10, 50),
//     the device with the least left first.
//
// So shared devices (50..100) beat free devices of used instances (33..50), which beat empty
// instances (≤ 33). A task without GPUs scores 0 everywhere, and so does every task on a
// cluster without GPUs: the choice goes to the rest of the chain, or, as the artifact breaks
// ties, to the instance of lowest rank (rankTies). Scores are negated, lower being better here. Not ECS's: ecssim's
// extension.
type GPUPackingStrategy struct{}

func newGPUPacking(field string) (Strategy, error) {
	if field != "" {
		return nil, fmt.Errorf("%s takes no field, got %q", GPUPacking, field)
	}
	return GPUPackingStrategy{}, nil
}

// Name implements Strategy.
func (GPUPackingStrategy) Name() string { return GPUPacking }

// ranksTies implements rankTies: the artifact's ties go to the node of lowest rank.
func (GPUPackingStrategy) ranksTies() bool { return true }

// Score implements Strategy.
func (GPUPackingStrategy) Score(r *Request, cands []*models.Instance, dst []float64) {
	per, count := gpuShape(r.Need)
	var order []int
	for i, in := range cands {
		if count == 0 {
			dst[i] = 0
			continue
		}
		var tier int64
		tier, order = PackingTier(in.GPUDevices(), per, count, order)
		dst[i] = -float64(tier)
	}
}

// PackingTier is getPackingScore's score of devices for a task of count GPUs of per
// thousandths each; order is scratch. It is 0 when the task does not fit.
func PackingTier(devs []int16, per int64, count int, order []int) (int64, []int) {
	free := 0
	for _, f := range devs {
		if f == models.MilliPerGPU {
			free++
		}
	}
	if free == len(devs) {
		return int64(max(33-free, free)), order
	}
	order = order[:0]
	for i := range devs {
		order = append(order, i)
	}
	slices.SortStableFunc(order, func(a, b int) int { return int(devs[a]) - int(devs[b]) })
	taken, freeTaken, pct := 0, 0, int64(0)
	for _, i := range order {
		if taken == count {
			break
		}
		if left := int64(devs[i]); left >= per {
			taken++
			pct += left * 100 / models.MilliPerGPU
			if left == models.MilliPerGPU {
				freeTaken++
			}
		}
	}
	switch {
	case taken < count:
		return 0, order
	case freeTaken > 0:
		return int64(max(50-freeTaken, 33)), order
	}
	return max(100-pct/10, 50), order
}

var (
	_ Strategy = GPUPackingStrategy{}
	_ rankTies = GPUPackingStrategy{}
)
