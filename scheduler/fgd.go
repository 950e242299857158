package scheduler

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/ecssim/ecssim/models"
)

// FGDStrategy is Fragmentation Gradient Descent (Weng et al., "Beware of Fragmentation:
// Scheduling GPU-Sharing Workloads with Fragmentation Gradient Descent", USENIX ATC'23; the
// artifact hkust-adsl/kubernetes-scheduler-simulator, plugin/fgd_score.go and utils/frag.go).
// Not ECS's: ecssim's extension.
//
// An instance's GPU fragmentation is measured against the workload the cluster runs, M: the
// scenario's task sizes (Cluster.TaskMix), merged by CPU, GPU per device, GPU count and GPU
// model constraint, the most frequent kept until they cover 95% of the tasks, their shares
// renormalized (p_m). For a task size m, F_n(m) is the GPU of instance n that m could not use
// (GetNodePodFrag, NodeGpuShareFragAmount):
//
//   - if m asks for GPUs, n has the CPU for it, n's GPU model is one m accepts, and enough
//     devices have m's per-device request left: the thousandths left on the devices with
//     less than that request (too small for any of m's GPUs);
//   - otherwise (m asks for no GPU, or lacks CPU, GPUs or access): all of n's idle GPU.
//
// F_n = Σ_m p_m·F_n(m), in GPU thousandths, and a task scores ΔF = F_n after − F_n before
// placing it; the instance with the least ΔF wins. For a share of one GPU each device that
// holds it is tried, by device number, and the best (the lowest-numbered at a tie) is both the
// instance's score and, on the winner, the device the share takes (Task.PreferGPU). Whole
// GPUs take the lowest-numbered free devices, as models places them. Memory is not part of
// the measure, as it is not in the artifact, though the filters still check it; CPU enters
// only through the fit tests.
//
// ecssim computes ΔF exactly: the artifact scores int(sigmoid(−ΔF/1000)·100), which ties
// instances within about 40 thousandths of a GPU near ΔF = 0. Ties go, as the artifact's
// kube-scheduler gives them, to the instance of lowest rank (rankTies). Here F is summed as a whole number (the tasks' counts times
// thousandths) and divided by the kept tasks' count once, so equal ΔF score equal and no
// rounding reorders them. With no task mix (a cluster no scenario set one on) or no GPUs,
// every instance scores 0.
//
// Speed: each instance's F_n before is cached and recomputed only when its free CPU or device
// state changes; F for a state (the CPU bracket among M's CPU requests, the device remainders
// sorted, the GPU model's access to M) is memoized, since many instances share states; and
// the states a placement would leave are found once per state per request (fgdModel).
type FGDStrategy struct {
	model *fgdModel
}

func newFGD(field string) (Strategy, error) {
	if field != "" {
		return nil, fmt.Errorf("%s takes no field, got %q", FGD, field)
	}
	return &FGDStrategy{}, nil
}

// Name implements Strategy.
func (*FGDStrategy) Name() string { return FGD }

// ranksTies implements rankTies: the artifact's ties go to the node of lowest rank.
func (*FGDStrategy) ranksTies() bool { return true }

// Score implements Strategy: ΔF of each candidate, in GPU thousandths.
func (s *FGDStrategy) Score(r *Request, cands []*models.Instance, dst []float64) {
	m := s.modelFor(r.Cluster)
	if m == nil || r.Def == nil {
		clear(dst)
		return
	}
	m.begin(r)
	for i, in := range cands {
		dst[i] = m.delta(in)
	}
}

// chooseDevice implements deviceChooser: the device whose share leaves the least F, the
// lowest-numbered at a tie (the artifact's strict > over devices in order).
func (s *FGDStrategy) chooseDevice(r *Request, in *models.Instance, _ *rand.Rand) int {
	m := s.modelFor(r.Cluster)
	if m == nil {
		return -1
	}
	m.begin(r)
	nd := m.node(in)
	lvl := m.level(in.Free().CPU - r.Need.CPU)
	best, bestF := -1, math.Inf(1)
	for i, f := range in.GPUDevices() {
		if int64(f) < r.Need.GPUMilli {
			continue
		}
		var after []int16
		after, _ = in.GPUDevicesAfter(r.Def, i, m.scratch)
		m.scratch = after
		if v := m.fState(nd.access, lvl, after); v < bestF {
			best, bestF = i, v
		}
	}
	return best
}

// modelFor returns the model of c's task mix, built on first use and again if the mix is
// replaced; nil without a cluster or a mix.
func (s *FGDStrategy) modelFor(c *models.Cluster) *fgdModel {
	if c == nil || len(c.TaskMix()) == 0 {
		return nil
	}
	if s.model == nil || !s.model.builtFrom(c) {
		s.model = newFGDModel(c)
	}
	return s.model
}

// Fragmentation returns F_n, instance in's expected fragment in GPU thousandths against the
// task mix of c (see FGDStrategy), and false when c has no mix.
func (s *FGDStrategy) Fragmentation(c *models.Cluster, in *models.Instance) (float64, bool) {
	m := s.modelFor(c)
	if m == nil {
		return 0, false
	}
	return m.node(in).f / m.total, true
}

var (
	_ Strategy      = (*FGDStrategy)(nil)
	_ deviceChooser = (*FGDStrategy)(nil)
	_ rankTies      = (*FGDStrategy)(nil)
)
