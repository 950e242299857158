package scheduler

import (
	"fmt"

	"github.com/ecssim/ecssim/models"
)

// GPUClusteringStrategy is the FGD artifact's GpuClustering baseline (Weng et al., USENIX
// ATC'23; the artifact's plugin/gpu_clustering_score.go), in its integer arithmetic: it
// gathers tasks of one GPU shape on the same instances. A task's tag is share-gpu (a share of
// one GPU), N-gpu (N whole GPUs) or no-gpu (utils.GetGpuAffinityFromPodAnnotation); an
// instance's tags are those of the GPU tasks it holds (Instance.Tasks). With
// base = 25·(8000 − the instance's free GPU thousandths)/8000, a GPU task scores, higher
// better:
//
//   - base + 75 on an instance whose GPU tasks all share its tag;
//   - base + 50 on one with its tag and others;
//   - base + 25 on one without GPU tasks;
//   - base on one with other tags only.
//
// base uses 8 GPUs whatever the instance has, as the artifact does. A task without GPUs scores
// 0 everywhere, as does every task on a cluster without GPUs. Scores are negated, lower being
// better here. Not ECS's: ecssim's extension. The tags are counted from the instance's tasks
// at each score, which costs a pass over them: GPU instances hold few tasks.
type GPUClusteringStrategy struct{}

func newGPUClustering(field string) (Strategy, error) {
	if field != "" {
		return nil, fmt.Errorf("%s takes no field, got %q", GPUClustering, field)
	}
	return GPUClusteringStrategy{}, nil
}

// Name implements Strategy.
func (GPUClusteringStrategy) Name() string { return GPUClustering }

// ranksTies implements rankTies: the artifact's ties go to the node of lowest rank.
func (GPUClusteringStrategy) ranksTies() bool { return true }

// Score implements Strategy.
func (GPUClusteringStrategy) Score(r *Request, cands []*models.Instance, dst []float64) {
	tag := r.Need.GPUMilli
	for i, in := range cands {
		if tag == 0 {
			dst[i] = 0
			continue
		}
		same, other := tagCounts(in, tag)
		dst[i] = -float64(ClusteringScore(in.Free().GPUMilli, same, other))
	}
}

// tagCounts counts the instance's GPU tasks whose tag is tag's and those whose is not. A tag
// is the task's GPU thousandths: a share's is below 1000 and all shares are one tag
// (share-gpu); whole GPUs are one tag per count.
func tagCounts(in *models.Instance, tag int64) (same, other int) {
	for _, t := range in.Tasks() {
		m := t.Def.Charge().GPUMilli
		switch {
		case m == 0:
		case m == tag || m < models.MilliPerGPU && tag < models.MilliPerGPU:
			same++
		default:
			other++
		}
	}
	return same, other
}

// ClusteringScore is the artifact's score for an instance with free GPU thousandths free and
// same and other GPU tasks of the task's tag and of others.
func ClusteringScore(free int64, same, other int) int64 {
	base := 25 * (specGPU - free) / specGPU
	switch {
	case same > 0 && other == 0:
		return base + 75
	case same > 0:
		return base + 50
	case other == 0:
		return base + 25
	}
	return base
}

var (
	_ Strategy = GPUClusteringStrategy{}
	_ rankTies = GPUClusteringStrategy{}
)
