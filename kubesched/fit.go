package kubesched

import "github.com/ecssim/ecssim/models"

// fitFilter is NodeResourcesFit's Filter (noderesources/fit.go fitsRequest): the pod count
// first, then each resource the pod requests, where requests + the node's existing requests
// must not exceed allocatable. A resource the pod does not request (0) always fits, even on
// an overcommitted node. Every shortfall is a reason, in the source's order: "Too many pods",
// cpu, memory, then scalar resources (GPUs as nvidia.com/gpu, compared in thousandths).
// Allocatable is what the instance registered; existing requests are what its tasks hold,
// terminating ones included, as NodeInfo.Requested counts every pod bound to the node.
type fitFilter struct{}

func (fitFilter) name() string { return NodeResourcesFit }

func (fitFilter) filter(c *cycle, in *models.Instance) []string {
	var reasons []string
	if most := c.prof.maxPods(in); most > 0 && len(in.Tasks())+1 > most {
		reasons = append(reasons, ReasonTooManyPods)
	}
	req, free := c.pod.req, in.Free()
	if req.CPU > 0 && req.CPU > free.CPU {
		reasons = append(reasons, ReasonInsufficientCPU)
	}
	if req.MemoryMiB > 0 && req.MemoryMiB > free.MemoryMiB {
		reasons = append(reasons, ReasonInsufficientMem)
	}
	if req.GPUMilli > 0 && (req.GPUMilli > free.GPUMilli || !in.GPUFits(c.pod.task.Def)) {
		reasons = append(reasons, ReasonInsufficientGPU)
	}
	return reasons
}
