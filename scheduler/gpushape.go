package scheduler

import "github.com/ecssim/ecssim/models"

// gpuShape reads a task's GPU request as the FGD artifact's PodResource has it
// (utils.GetPodResource): thousandths per GPU and how many GPUs. A share of one GPU is
// (milli, 1), whole GPUs (1000, n), no GPU (0, 0).
func gpuShape(need models.Resources) (per int64, count int) {
	switch m := need.GPUMilli; {
	case m == 0:
		return 0, 0
	case m < models.MilliPerGPU:
		return m, 1
	default:
		return models.MilliPerGPU, int(m / models.MilliPerGPU)
	}
}
