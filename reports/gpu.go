package reports

import "github.com/ecssim/ecssim/models"

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

// utilization returns the two GPU means, nil when no instance ever registered a GPU.
func (g *gpuSums) utilization() (reserved, stranded *float64) {
	if g.regSecs == 0 {
		return nil, nil
	}
	r, s := ratio(g.resInt, g.regSecs), ratio(g.strInt, g.freeSecs)
	return &r, &s
}
