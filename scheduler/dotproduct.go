package scheduler

import (
	"fmt"
	"strings"

	"github.com/ecssim/ecssim/models"
)

// DotProductStrategy scores an instance by the dot product of the task's demand and the
// instance's free resources. Not ECS's: ecssim's extension. Two rules share the name, and
// they rank in opposite directions, so both exist to let a comparison say which one it means:
//
//   - "align" (or no field): Tetris's alignment (Grandl et al., "Multi-Resource Packing for
//     Cluster Schedulers", SIGCOMM'14, §3.2): Σ_r demand_r·free_r over CPU, memory and GPU,
//     each divided by the instance's registered capacity in that dimension (dimensions the
//     instance lacks are skipped). The largest alignment wins: a task goes where its shape
//     matches what is free, which packs.
//   - "fgd": the FGD artifact's DotProd baseline (Weng et al., USENIX ATC'23; the artifact's
//     plugin/dot_product_score.go, dimext merge, norm max): the 2-D vectors (CPU, GPU) of the
//     node's free resources and the task's demand, each divided by [128 cores, 8 GPUs], and the
//     smallest dot product wins ("the larger the dot product, the lower the score"), which
//     favours fuller nodes. The artifact then truncates int(100·(1−dot/2)), tying nodes within
//     a point; ecssim compares the dot product exactly.
//
// Scores are the negated alignment and the dot product. The fgd form is held exactly, as the
// whole number (cpuFree·cpuReq)·5^6 + (gpuFree·gpuReq)·2^22 over 2^34·5^6; Tetris's
// normalizes by each instance's own capacity, so its scores are floating point, equal for
// instances in equal states.
type DotProductStrategy struct {
	FGD bool // the artifact's DotProd; false: Tetris's alignment
}

func newDotProduct(field string) (Strategy, error) {
	switch strings.ToLower(field) {
	case "", FieldAlign:
		return DotProductStrategy{}, nil
	case FieldFGD:
		return DotProductStrategy{FGD: true}, nil
	}
	return nil, fmt.Errorf("%s field %q: want %s or %s", DotProduct, field, FieldAlign, FieldFGD)
}

// Name implements Strategy.
func (s DotProductStrategy) Name() string {
	if s.FGD {
		return DotProduct + "(" + FieldFGD + ")"
	}
	return DotProduct + "(" + FieldAlign + ")"
}

// ranksTies implements rankTies: the fgd form is the artifact's DotProd, whose ties go to the
// node of lowest rank; Tetris's alignment leaves them to the cluster's tie-break.
func (s DotProductStrategy) ranksTies() bool { return s.FGD }

// Score implements Strategy.
func (s DotProductStrategy) Score(r *Request, cands []*models.Instance, dst []float64) {
	for i, in := range cands {
		if s.FGD {
			dst[i] = ArtifactDot(in.Free(), r.Need)
		} else {
			dst[i] = -Alignment(in.Registered, in.Free(), r.Need)
		}
	}
}

// Alignment is Tetris's Σ_r (need_r/capacity_r)·(free_r/capacity_r) over CPU, memory and GPU,
// skipping a dimension the instance has none of.
func Alignment(capacity, free, need models.Resources) float64 {
	var a float64
	for _, d := range [...][3]int64{
		{capacity.CPU, free.CPU, need.CPU},
		{capacity.MemoryMiB, free.MemoryMiB, need.MemoryMiB},
		{capacity.GPUMilli, free.GPUMilli, need.GPUMilli},
	} {
		if c := float64(d[0]); c > 0 {
			a += float64(d[2]) / c * (float64(d[1]) / c)
		}
	}
	return a
}

// ArtifactDot is the FGD artifact's normalized dot product of free and need over (CPU, GPU):
// cpuFree·cpuReq/131072² + gpuFree·gpuReq/8000², computed as one whole number over
// 2^34·5^6 (131072² = 2^34, 8000² = 2^12·5^6).
func ArtifactDot(free, need models.Resources) float64 {
	const five6, two22 = 15625, 1 << 22
	n := free.CPU*need.CPU*five6 + free.GPUMilli*need.GPUMilli*two22
	return float64(n) / (1 << 34 * five6)
}

var _ Strategy = DotProductStrategy{}
