package reports

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/ecssim/ecssim/models"
)

// gpuSums are the cluster-wide GPU sums, in thousandths of a GPU (models.MilliPerGPU), and
// their time integrals: utilization.gpu_reserved_mean and gpu_stranded_mean (doc.go), kept
// as the CPU and memory sums are, for the runs whose instances register GPUs.
type gpuSums struct {
	defs          []*models.TaskDefinition // the smallest of the scenario's sizes that ask for GPUs
	reg, res, str int64
	// ∫ reserved/registered dt and ∫ dt while some GPU is registered; ∫ stranded/free dt and
	// ∫ dt while some GPU is free.
	resInt, regSecs, strInt, freeSecs float64
}

// gpuState is what one registered instance adds to the GPU sums.
type gpuState struct{ used, str int64 }

// advance integrates the sums over dt seconds.
func (g *gpuSums) advance(dt float64) {
	if g.reg <= 0 {
		return
	}
	g.resInt += dt * float64(g.res) / float64(g.reg)
	g.regSecs += dt
	if free := g.reg - g.res; free > 0 {
		g.strInt += dt * float64(g.str) / float64(free)
		g.freeSecs += dt
	}
}

// update replaces what in added to the sums (was) by what it adds now, and returns that.
func (g *gpuSums) update(in *models.Instance, was gpuState) gpuState {
	if in.Registered.GPUMilli == 0 {
		return gpuState{}
	}
	now := gpuState{used: in.Used().GPUMilli}
	if !g.anyFits(in) {
		now.str = in.Free().GPUMilli
	}
	g.res += now.used - was.used
	g.str += now.str - was.str
	return now
}

// anyFits reports whether a task of any size that asks for GPUs would fit on in now.
func (g *gpuSums) anyFits(in *models.Instance) bool {
	for _, d := range g.defs {
		if in.CanHost(d) {
			return true
		}
	}
	return false
}

// register adds a registered instance's GPUs; leave takes them and what it added away.
func (g *gpuSums) register(in *models.Instance) { g.reg += in.Registered.GPUMilli }

func (g *gpuSums) leave(in *models.Instance, was gpuState) {
	g.reg -= in.Registered.GPUMilli
	g.res -= was.used
	g.str -= was.str
}

// gpuRow is the report's row of the GPU means, nil for a run without GPUs.
func gpuRow(u Utilization) []string {
	if u.GPUReservedMean == nil {
		return nil
	}
	return []string{"GPU reserved, stranded (of what is free)", pct(*u.GPUReservedMean) + ", " + pct(*u.GPUStrandedMean)}
}

// utilization returns the two GPU means, nil when no instance ever registered a GPU.
func (g *gpuSums) utilization() (reserved, stranded *float64) {
	if g.regSecs == 0 {
		return nil, nil
	}
	r, s := ratio(g.resInt, g.regSecs), ratio(g.strInt, g.freeSecs)
	return &r, &s
}

// GPUSection is the summary's "gpu" section (SPEC §4) for a run with a workload drawn to a
// share of the cluster's GPUs (target_resource = "gpu"): the FGD paper's measure of how much
// of the arriving GPU demand a placement policy allocates (Weng et al., USENIX ATC'23, Fig.
// 9(a): unallocated GPU against arrived workload).
type GPUSection struct {
	// GPUs are the GPUs the cluster's instances register.
	GPUs int `json:"gpus"`
	// ByArrived has a point at each arrived share 0.05 apart, from 0.05 up to the workload's
	// target.
	ByArrived []GPUPoint `json:"by_arrived"`
}

// GPUPoint is the cluster's GPU at the moment the arrived share first reached Arrived: the GPU
// the arrived tasks asked for (placed or not, a share of one GPU as its share) over the
// cluster's GPUs. Allocated is the GPU the placed tasks hold, shares as their shares, over the
// cluster's GPUs; UnallocatedGPUs is the GPUs not held, in GPUs.
type GPUPoint struct {
	Arrived         float64 `json:"arrived"`
	Allocated       float64 `json:"allocated"`
	UnallocatedGPUs float64 `json:"unallocated_gpus"`
}

// gpuArrival follows the arrived share of a run's GPU-drawn workloads and takes a point each
// time it passes a mark: after the placement (or the failed one) of the task that passes it.
type gpuArrival struct {
	marks   int   // the points to take: the target's marks, 0.05 apart
	arrived int64 // GPU asked for by the arrived tasks, in thousandths
	points  []GPUPoint
}

// gpuMarks are the arrived shares a point is taken at: 1/gpuMarks apart.
const gpuMarks = 20

// newGPUArrival returns the follower for s's GPU-drawn workloads, nil when it has none. With
// several, the highest target sets the marks.
func newGPUArrival(s *models.Simulation) *gpuArrival {
	var target float64
	for _, w := range s.Workloads {
		if w.Trace != nil && w.Trace.LoadGPU {
			target = max(target, w.Trace.TargetLoad)
		}
	}
	if target == 0 {
		return nil
	}
	return &gpuArrival{marks: int(target*gpuMarks + 1e-9)}
}

// arrived counts task t, just placed or failed, if a GPU-drawn workload started it, and takes
// the points its arrival passes, with g as it is after the placement.
func (a *gpuArrival) taskArrived(t *models.Task, g *gpuSums) {
	if t.Workload == nil || t.Workload.Trace == nil || !t.Workload.Trace.LoadGPU {
		return
	}
	a.arrived += t.Def.Charge().GPUMilli
	for k := len(a.points) + 1; g.reg > 0 && k <= a.marks && a.arrived*gpuMarks >= int64(k)*g.reg; k++ {
		a.points = append(a.points, GPUPoint{
			Arrived:         float64(k) / gpuMarks,
			Allocated:       float64(g.res) / float64(g.reg),
			UnallocatedGPUs: float64(g.reg-g.res) / models.MilliPerGPU,
		})
	}
}

// section returns the summary's gpu section, nil for a run without GPU-drawn workloads.
func (a *gpuArrival) section(g *gpuSums) *GPUSection {
	if a == nil {
		return nil
	}
	return &GPUSection{GPUs: int(g.reg / models.MilliPerGPU), ByArrived: slices.Clip(a.points)}
}

// metricGPUUnallocated prefixes the comparison metrics of the gpu section's points:
// gpu.unallocated_at.P is the unallocated share of the cluster's GPUs (1 − allocated) when the
// arrived share first reached P percent: the FGD paper's y against its x.
const metricGPUUnallocated = "gpu.unallocated_at."

// gpuNumbers reads the rest of the gpu section's by_arrived list from dec, its '[' read, into
// metrics named metricGPUUnallocated + the arrived percent; the closing ']' is read too.
func gpuNumbers(dec *json.Decoder, out *[]namedNumber) error {
	for dec.More() {
		var p GPUPoint
		if err := dec.Decode(&p); err != nil {
			return err
		}
		name := fmt.Sprintf("%s%d", metricGPUUnallocated, int(math.Round(p.Arrived*100)))
		*out = append(*out, namedNumber{name, 1 - p.Allocated})
	}
	_, err := dec.Token()
	return err
}

// gpuFigure draws the FGD paper's figure from a comparison (Weng et al., USENIX ATC'23, Fig.
// 9(a)): the unallocated share of the cluster's GPUs against the arrived GPU demand, one line
// per strategy at the median over the seeds in a band from the 25th to the 75th percentile,
// as the paper plots them; beside it the same from 75% arrived on, where the policies part.
func gpuFigure(c *Comparison) (Figure, bool) {
	type point struct {
		pct int
		m   *MetricComparison
	}
	var pts []point
	for i := range c.Metrics {
		if p, ok := strings.CutPrefix(c.Metrics[i].Name, metricGPUUnallocated); ok {
			if n, err := strconv.Atoi(p); err == nil {
				pts = append(pts, point{n, &c.Metrics[i]})
			}
		}
	}
	if len(pts) == 0 {
		return Figure{}, false
	}
	slices.SortFunc(pts, func(a, b point) int { return a.pct - b.pct })
	const zoomFrom = 75
	all := Panel{Title: "all arrivals", XLabel: "arrived GPU demand (% of the cluster's GPUs)", YLabel: "unallocated GPUs (% of the cluster's)"}
	zoom := Panel{Title: fmt.Sprintf("from %d%% arrived", zoomFrom), XLabel: all.XLabel, YLabel: all.YLabel}
	for s, name := range c.Strategies {
		line, tail := Series{Name: name, Color: s}, Series{Name: name, Color: s}
		for _, p := range pts {
			v := slices.Sorted(slices.Values(p.m.Values[s]))
			x, lo, mid, hi := float64(p.pct), 100*quantile7(v, 0.25), 100*quantile7(v, 0.5), 100*quantile7(v, 0.75)
			line.X, line.Y, line.Low, line.High = append(line.X, x), append(line.Y, mid), append(line.Low, lo), append(line.High, hi)
			if p.pct >= zoomFrom {
				tail.X, tail.Y, tail.Low, tail.High = append(tail.X, x), append(tail.Y, mid), append(tail.Low, lo), append(tail.High, hi)
			}
		}
		all.Lines, zoom.Lines = append(all.Lines, line), append(zoom.Lines, tail)
	}
	return Figure{
		Name: "gpu-unallocated", Title: "Unallocated GPUs against arrived GPU demand", Columns: 2,
		Caption: fmt.Sprintf("The share of the cluster's GPUs no task holds (a share of one GPU counts as its share) when the GPUs the arrived tasks asked for first reach each share, placed or not; the line is the median over %d seeds, the band the 25th to 75th percentile. Lower is better: the FGD paper's Fig. 9(a).", len(c.Seeds)),
		Panels:  []Panel{all, zoom},
	}, true
}

// quantile7 is the p quantile of sorted by linear interpolation between the closest ranks
// (Hyndman and Fan's type 7, numpy's and seaborn's default, which the FGD paper's figure uses).
func quantile7(sorted []float64, p float64) float64 {
	h := float64(len(sorted)-1) * p
	i := int(h)
	if i+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	return sorted[i] + (h-float64(i))*(sorted[i+1]-sorted[i])
}
