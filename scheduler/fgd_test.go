package scheduler

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/models"
	mt "github.com/ecssim/ecssim/models/modelstest"
)

// TestTypicalSizes: sizes merge by (CPU, GPU per device, count, constraint), the most frequent
// are kept until 95% of the tasks, the size that crosses 95% included, equal counts by
// descending CPU.
func TestTypicalSizes(t *testing.T) {
	a, b, b2 := gpuTaskDef("a", 1024, 0, 500), gpuTaskDef("b", 2048, 1, 0), gpuTaskDef("b2", 2048, 1, 0)
	small, large := mt.TaskDef("small", 512, 512), mt.TaskDef("large", 4096, 512)
	got, total := typicalSizes([]models.MixEntry{{Def: a, Count: 10}, {Def: b, Count: 5}, {Def: small, Count: 1},
		{Def: b2, Count: 3}, {Def: large, Count: 1}})
	type row struct {
		CPU, Per int64
		Count    int
		W        float64
	}
	var rows []row
	for _, e := range got {
		rows = append(rows, row{e.cpu, e.per, e.count, e.w})
	}
	// 10 + 8 = 18 of 20 is 90%; the next, large (CPU 4096 before small's 512), makes 95%.
	want := []row{{1024, 500, 1, 10}, {2048, 1000, 1, 8}, {4096, 0, 0, 1}}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("typicalSizes (-want +got):\n%s", diff)
	}
	if total != 19 {
		t.Errorf("kept tasks = %v, want 19", total)
	}
}

// TestFGDTwoNodes works ΔF out by hand. M: a share of 400 thousandths (3 tasks, p = 0.75) and
// one whole GPU (1 task, p = 0.25), each with 1024 CPU. The task: a share of 100.
//
// g4dn.xlarge, devices [1000]: before, both sizes fit and no device is below their requests:
// F = 0. After, [900]: the share still fits (0), the whole GPU does not (all 900 idle):
// F = 0.25·900 = 225, ΔF = 225.
//
// g4dn.12xlarge, devices [400 700 0 0]: before, the share fits and no device is between 0 and
// 400 (0), the whole GPU fits nowhere (1100 idle): F = 275. On device 0, [300 700 0 0]: the
// share leaves 300 too small (0.75·300) and the whole GPU 1000 idle (0.25·1000): F = 475,
// ΔF = 200. On device 1, [400 600 0 0]: 0 and 0.25·1000: F = 250, ΔF = −25. So the
// 12xlarge wins, on device 1, where models' own rule (the tightest) would take device 0.
func TestFGDTwoNodes(t *testing.T) {
	c := gpuPair()
	big := c.Instances()[1]
	placeGPU(c, big, "s6", gpuTaskDef("s6", 1024, 0, 600), 0)
	placeGPU(c, big, "s3", gpuTaskDef("s3", 1024, 0, 300), 1)
	placeGPU(c, big, "w2", gpuTaskDef("w2", 1024, 2, 0), -1)
	if diff := cmp.Diff([]int16{400, 700, 0, 0}, big.GPUDevices()); diff != "" {
		t.Fatalf("setup (-want +got):\n%s", diff)
	}
	c.SetTaskMix([]models.MixEntry{{Def: gpuTaskDef("s4", 1024, 0, 400), Count: 3}, {Def: gpuTaskDef("w1", 1024, 1, 0), Count: 1}})
	d := gpuTaskDef("q", 1024, 0, 100)
	if diff := cmp.Diff([]float64{225, -25}, scoresOf(t, c, models.StrategySpec{Type: FGD}, d)); diff != "" {
		t.Errorf("ΔF (-want +got):\n%s", diff)
	}
	st, _ := Lookup(models.StrategySpec{Type: FGD})
	var fs []float64
	for _, in := range c.Instances() {
		f, _ := st.(*FGDStrategy).Fragmentation(c, in)
		fs = append(fs, f)
	}
	if diff := cmp.Diff([]float64{0, 275}, fs); diff != "" {
		t.Errorf("F (-want +got):\n%s", diff)
	}
	for _, ix := range []*Index{nil, NewIndex(c)} {
		p, err := NewPipeline(c, ix, []models.StrategySpec{{Type: FGD}}, nil, rand.NewPCG(1, 2))
		if err != nil {
			t.Fatal(err)
		}
		task := mt.Task("q", d, "family:q")
		in, fail := p.Place(task)
		if fail != nil || in != big {
			t.Fatalf("placed on %v (%v), want %s", in, fail, big.ID)
		}
		c.Place(task, in, 0)
		if task.GPUMask != 0b10 {
			t.Errorf("the share took devices %b, want device 1", task.GPUMask)
		}
		c.FinishStop(task, 0, "test")
	}
}

// TestFGDCPUAndAccess: a task without GPUs moves F through the CPU test, and a size whose GPU
// models exclude an instance's counts all its idle GPU there.
func TestFGDCPUAndAccess(t *testing.T) {
	c := gpuPair()
	// M: one size of 2048 CPU and a share of 400. The task: 3072 CPU, no GPU. On the
	// g4dn.xlarge it leaves 1024 CPU, too little for the size: its one idle GPU becomes
	// fragment, ΔF = 1000. The g4dn.12xlarge keeps CPU to spare: ΔF = 0.
	c.SetTaskMix([]models.MixEntry{{Def: gpuTaskDef("s4", 2048, 0, 400), Count: 1}})
	if diff := cmp.Diff([]float64{1000, 0}, scoresOf(t, c, models.StrategySpec{Type: FGD}, mt.TaskDef("cpu", 3072, 512))); diff != "" {
		t.Errorf("ΔF of a CPU-only task (-want +got):\n%s", diff)
	}
	c = mt.ClusterWith(models.TieOldest, 1, mt.Instance("g4dn.xlarge").Attr(models.AttrGPUModel, "V100"),
		mt.Instance("g4dn.xlarge").Attr(models.AttrGPUModel, "T4"))
	v100 := gpuTaskDef("v", 1024, 0, 500).WithOverrides(1024, 1024, &models.GPURequest{Milli: 500, Models: []string{"V100"}})
	c.SetTaskMix([]models.MixEntry{{Def: v100, Count: 1}})
	st, _ := Lookup(models.StrategySpec{Type: FGD})
	var fs []float64
	for _, in := range c.Instances() {
		f, _ := st.(*FGDStrategy).Fragmentation(c, in)
		fs = append(fs, f)
	}
	if diff := cmp.Diff([]float64{0, 1000}, fs); diff != "" {
		t.Errorf("F with a V100-only mix, on a V100 and a T4 (-want +got):\n%s", diff)
	}
}

// TestFGDWithoutGPUsOrMix: on instances without GPUs, or with no task mix, every score is 0.
func TestFGDWithoutGPUsOrMix(t *testing.T) {
	c := mt.ClusterWith(models.TieOldest, 1, mt.Instance("m5.large"), mt.Instance("c5.xlarge"))
	d := mt.TaskDef("t", 512, 512)
	if got := scoresOf(t, c, models.StrategySpec{Type: FGD}, d); !cmp.Equal(got, []float64{0, 0}) {
		t.Errorf("no mix: %v", got)
	}
	c.SetTaskMix([]models.MixEntry{{Def: d, Count: 1}})
	if got := scoresOf(t, c, models.StrategySpec{Type: FGD}, d); !cmp.Equal(got, []float64{0, 0}) {
		t.Errorf("no GPUs: %v", got)
	}
}

// directF is Σ p_m·F_n(m) straight from the definition, with no cache: the reference the
// cached model must match.
func directF(entries []fgdEntry, total float64, cpu int64, devs []int16) float64 {
	idle := 0.0
	for _, d := range devs {
		idle += float64(d)
	}
	f := 0.0
	for _, e := range entries {
		frag := idle
		if e.per > 0 && cpu >= e.cpu {
			fits, small := 0, 0.0
			for _, d := range devs {
				if int64(d) >= e.per {
					fits++
				} else {
					small += float64(d)
				}
			}
			if fits >= e.count {
				frag = small
			}
		}
		f += e.w / total * frag
	}
	return f
}

// directDelta is ΔF of placing a task of d on in, the best device for a share, from directF.
func directDelta(entries []fgdEntry, total float64, in *models.Instance, d *models.TaskDefinition) float64 {
	cpu, need := in.Free().CPU, d.Charge()
	before, best := directF(entries, total, cpu, in.GPUDevices()), math.Inf(1)
	for i, f := range in.GPUDevices() {
		if need.GPUMilli > 0 && need.GPUMilli < models.MilliPerGPU && int64(f) >= need.GPUMilli {
			after, _ := in.GPUDevicesAfter(d, i, nil)
			best = min(best, directF(entries, total, cpu-need.CPU, after))
		}
	}
	if need.GPUMilli == 0 || need.GPUMilli >= models.MilliPerGPU {
		after, _ := in.GPUDevicesAfter(d, -1, nil)
		best = directF(entries, total, cpu-need.CPU, after)
	}
	return best - before
}

// TestFGDMatchesDefinition fills the openb-like cluster at random and checks, every 50 tasks,
// that FGD's cached and memoized ΔF of every instance that can host the next task is the one
// the definition gives.
func TestFGDMatchesDefinition(t *testing.T) {
	defs, mix := openbPods(3000, 3)
	c := openbCluster()
	c.SetTaskMix(mix)
	entries, total := typicalSizes(mix)
	st, _ := Lookup(models.StrategySpec{Type: FGD})
	p, _ := NewPipeline(c, NewIndex(c), []models.StrategySpec{{Type: Random}}, nil, rand.NewPCG(1, 2))
	var r Request
	for i, d := range defs {
		task := mt.Task("p", d, "family:pod")
		if i%50 == 0 {
			r.reset(task, c)
			var cands []*models.Instance
			for _, in := range c.Instances() {
				if in.CanHost(d) {
					cands = append(cands, in)
				}
			}
			got := make([]float64, len(cands))
			st.Score(&r, cands, got)
			for j, in := range cands {
				if want := directDelta(entries, total, in, d); math.Abs(want-got[j]) > 1e-6 {
					t.Fatalf("task %d on %s %v, %d CPU free: ΔF %v, want %v", i, in.ID, in.GPUDevices(), in.Free().CPU, got[j], want)
				}
			}
		}
		if in, fail := p.Place(task); fail == nil {
			c.Place(task, in, 0)
		}
	}
}
