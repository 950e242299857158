package kubesched

import (
	"math"

	"github.com/ecssim/ecssim/models"
)

// maxUtilization is RequestedToCapacityRatio's utilization scale, and maxCustomPriorityScore
// the top of its shape's scores (noderesources/requested_to_capacity_ratio.go maxUtilization;
// apis/config/types.go MaxCustomPriorityScore).
const (
	maxUtilization         = 100
	maxCustomPriorityScore = 10
)

// resourcePair is cpu and memory, NodeResourcesFit's and BalancedAllocation's default
// resources, each of weight 1 (apis/config/v1/defaults.go defaultResourceSpec).
type resourcePair struct{ requested, allocatable [2]int64 }

// fitScore is NodeResourcesFit's Score: the profile's strategy applied to the node's non-zero
// requests plus the pod's against its allocatable, cpu and memory (resource_allocation.go
// score, calculateResourceAllocatableRequest with useRequested false). The plugin has no
// NormalizeScore: its strategies score 0–100 already.
type fitScore struct{}

func (fitScore) name() string  { return NodeResourcesFit }
func (fitScore) weight() int64 { return WeightNodeResourcesFit }

func (fitScore) score(c *cycle, nodes []*models.Instance, dst []int64) {
	want := nonZero(c.pod.req)
	for i, in := range nodes {
		have := nonZeroRequested(in)
		p := resourcePair{
			requested:   [2]int64{have.CPU + want.CPU, have.MemoryMiB + want.MemoryMiB},
			allocatable: [2]int64{in.Registered.CPU, in.Registered.MemoryMiB},
		}
		switch c.prof.Scoring {
		case MostAllocated:
			dst[i] = weightedMean(p, mostRequestedScore)
		case RequestedToCapacityRatio:
			dst[i] = shapeScore(p, c.prof.Shape)
		default:
			dst[i] = weightedMean(p, leastRequestedScore)
		}
	}
}

// weightedMean is leastResourceScorer's and mostResourceScorer's combination: Σ score·w / Σ w
// in integers over the resources with allocatable > 0, every weight 1 here
// (least_allocated.go, most_allocated.go).
func weightedMean(p resourcePair, per func(requested, capacity int64) int64) int64 {
	var sum, weights int64
	for r := range p.requested {
		if p.allocatable[r] == 0 {
			continue
		}
		sum += per(p.requested[r], p.allocatable[r])
		weights++
	}
	if weights == 0 {
		return 0
	}
	return sum / weights
}

// leastRequestedScore is (capacity − requested)·100/capacity, 0 when the request exceeds
// capacity (least_allocated.go leastRequestedScore).
func leastRequestedScore(requested, capacity int64) int64 {
	if capacity == 0 || requested > capacity {
		return 0
	}
	return (capacity - requested) * MaxNodeScore / capacity
}

// mostRequestedScore is requested·100/capacity with requested capped at capacity
// (most_allocated.go mostRequestedScore).
func mostRequestedScore(requested, capacity int64) int64 {
	if capacity == 0 {
		return 0
	}
	return min(requested, capacity) * MaxNodeScore / capacity
}

// shapeScore is RequestedToCapacityRatio (requested_to_capacity_ratio.go
// buildRequestedToCapacityRatioScorerFunction): each resource's utilization
// requested·100/capacity (100 when capacity is 0 or exceeded) goes through the broken-linear
// shape, its scores scaled ×10; the node's score is round(Σ score·w / Σ w) over the resources
// that scored above 0.
func shapeScore(p resourcePair, shape []ShapePoint) int64 {
	var sum, weights int64
	for r := range p.requested {
		if p.allocatable[r] == 0 {
			continue
		}
		util := int64(maxUtilization)
		if p.requested[r] <= p.allocatable[r] {
			util = p.requested[r] * maxUtilization / p.allocatable[r]
		}
		if s := brokenLinear(shape, util); s > 0 {
			sum += s
			weights++
		}
	}
	if weights == 0 {
		return 0
	}
	return int64(math.Round(float64(sum) / float64(weights)))
}

// brokenLinear is helper.BuildBrokenLinearFunction (plugins/helper/shape_score.go) over the
// shape with scores scaled by MaxNodeScore/MaxCustomPriorityScore: the first point's score at
// or below its utilization, the last's above the last, integer interpolation between.
func brokenLinear(shape []ShapePoint, p int64) int64 {
	const scale = MaxNodeScore / maxCustomPriorityScore
	for i, pt := range shape {
		if p <= pt.Utilization {
			if i == 0 {
				return pt.Score * scale
			}
			prev := shape[i-1]
			return prev.Score*scale + (pt.Score-prev.Score)*scale*(p-prev.Utilization)/(pt.Utilization-prev.Utilization)
		}
	}
	return shape[len(shape)-1].Score * scale
}

// balancedScore is NodeResourcesBalancedAllocation (noderesources/balanced_allocation.go):
// with actual requests (useRequested), each resource's fraction requested/allocatable capped
// at 1; the score is (1 − std)·100 truncated, std being |f_cpu − f_mem|/2 for two resources.
// A pod that requests nothing skips the plugin (its PreScore returns Skip for best-effort
// pods, kubernetes#129138), which scores every node 0.
type balancedScore struct{}

func (balancedScore) name() string  { return BalancedAllocation }
func (balancedScore) weight() int64 { return WeightBalancedAllocation }

func (balancedScore) score(c *cycle, nodes []*models.Instance, dst []int64) {
	want := c.pod.req
	if want.CPU == 0 && want.MemoryMiB == 0 {
		clear(dst)
		return
	}
	for i, in := range nodes {
		have := in.Used()
		dst[i] = balancedResourceScore(
			[2]int64{have.CPU + want.CPU, have.MemoryMiB + want.MemoryMiB},
			[2]int64{in.Registered.CPU, in.Registered.MemoryMiB})
	}
}

// balancedResourceScore is balancedResourceScorer for cpu and memory.
func balancedResourceScore(requested, allocatable [2]int64) int64 {
	var fractions []float64
	for r := range requested {
		if allocatable[r] == 0 {
			continue
		}
		fractions = append(fractions, min(float64(requested[r])/float64(allocatable[r]), 1))
	}
	std := 0.0
	if len(fractions) == 2 {
		std = math.Abs((fractions[0] - fractions[1]) / 2)
	}
	return int64((1 - std) * MaxNodeScore)
}
