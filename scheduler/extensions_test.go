package scheduler

import (
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/models"
	mt "github.com/ecssim/ecssim/models/modelstest"
)

// placeGPU places a task of d on in, its share on device dev (-1: models' choice).
func placeGPU(c *models.Cluster, in *models.Instance, id string, d *models.TaskDefinition, dev int) *models.Task {
	t := mt.Task(id, d, "family:"+d.Family)
	if dev >= 0 {
		t.PreferGPU(dev)
	}
	c.Place(t, in, 0)
	c.MarkRunning(t, 0)
	return t
}

// scoresOf scores every instance of c for a task of d with the strategy spec names.
func scoresOf(t *testing.T, c *models.Cluster, spec models.StrategySpec, d *models.TaskDefinition) []float64 {
	t.Helper()
	st, err := Lookup(spec)
	if err != nil {
		t.Fatal(err)
	}
	var r Request
	r.reset(mt.Task("x", d, "family:"+d.Family), c)
	dst := make([]float64, len(c.Instances()))
	st.Score(&r, c.Instances(), dst)
	return dst
}

// gpuPair is a g4dn.xlarge (4 vCPU = 4096 units, 1 GPU) and a g4dn.12xlarge (48 vCPU = 49152
// units, 4 GPUs), both empty.
func gpuPair() *models.Cluster {
	return mt.ClusterWith(models.TieOldest, 1, mt.Instance("g4dn.xlarge"), mt.Instance("g4dn.12xlarge"))
}

// TestFirstFit: the first instance in registration order that passes the filters.
func TestFirstFit(t *testing.T) {
	c := mt.ClusterWith(models.TieRandom, 3, mt.Instance("m5.large"), mt.Instance("m5.large"), mt.Instance("m5.large"))
	mt.Place(c, c.Instances()[0], "hog", mt.TaskDef("hog", 2048, 100), "family:hog")
	p, err := NewPipeline(c, NewIndex(c), []models.StrategySpec{{Type: FirstFit}}, nil, rand.NewPCG(1, 2))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		in, fail := p.Place(mt.Task("t", mt.TaskDef("t", 1024, 512), "family:t"))
		if fail != nil || in != c.Instances()[1] {
			t.Fatalf("placement %d: got %v (%v), want i-0002", i, in, fail)
		}
	}
}

// TestLeftover: s = 0.5·(cpuFree−cpuReq)/131072 + 0.5·(gpuFree−gpuReq)/8000, by hand, for a
// task of 1024 CPU and half a GPU: on the g4dn.xlarge 0.5·3072/131072 + 0.5·500/8000 =
// 0.01171875 + 0.03125; on the g4dn.12xlarge 0.5·48128/131072 + 0.5·3500/8000 = 0.18359375 +
// 0.21875.
func TestLeftover(t *testing.T) {
	c := gpuPair()
	d := gpuTaskDef("half", 1024, 0, 500)
	want := []float64{0.04296875, 0.40234375}
	if diff := cmp.Diff(want, scoresOf(t, c, models.StrategySpec{Type: BestFit}, d)); diff != "" {
		t.Errorf("best-fit (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]float64{-want[0], -want[1]}, scoresOf(t, c, models.StrategySpec{Type: WorstFit}, d)); diff != "" {
		t.Errorf("worst-fit (-want +got):\n%s", diff)
	}
	// Without GPUs, only the CPU term: 0.5·(4096−1024)/131072.
	if got := Leftover(models.Resources{CPU: 4096}, models.Resources{CPU: 1024}); got != 0.01171875 {
		t.Errorf("CPU-only leftover = %v, want 0.01171875", got)
	}
}

// TestDotProduct: Tetris's alignment and the FGD artifact's dot product, by hand.
func TestDotProduct(t *testing.T) {
	r := func(cpu, mem, gpu int64) models.Resources {
		return models.Resources{CPU: cpu, MemoryMiB: mem, GPUMilli: gpu}
	}
	aligns := []struct {
		name                 string
		capacity, free, need models.Resources
		want                 float64
	}{
		// 1024/4096·4096/4096 + 4000/16000·8000/16000 + 500/1000·1000/1000
		{"three dimensions", r(4096, 16000, 1000), r(4096, 8000, 1000), r(1024, 4000, 500), 0.25 + 0.125 + 0.5},
		// no GPU registered: the GPU dimension is skipped
		{"no GPUs", r(4096, 8000, 0), r(2048, 8000, 0), r(1024, 4000, 500), 0.125 + 0.5},
	}
	for _, tc := range aligns {
		if got := Alignment(tc.capacity, tc.free, tc.need); got != tc.want {
			t.Errorf("Alignment %s = %v, want %v", tc.name, got, tc.want)
		}
	}
	dots := []struct {
		free, need models.Resources
		want       float64
	}{
		{r(65536, 0, 4000), r(32768, 0, 2000), 0.5*0.25 + 0.5*0.25},
		{r(131072, 0, 8000), r(1024, 0, 1000), 1.0/128 + 0.125},
		{r(4096, 0, 0), r(1024, 0, 0), 4096.0 * 1024 / 131072 / 131072},
	}
	for _, tc := range dots {
		if got := ArtifactDot(tc.free, tc.need); got != tc.want {
			t.Errorf("ArtifactDot(%v, %v) = %v, want %v", tc.free, tc.need, got, tc.want)
		}
	}
	// On the pair, a task of 1024 CPU and one GPU: Tetris prefers the g4dn.xlarge, whose
	// capacity the task's shape matches (a larger alignment), and the artifact the
	// g4dn.xlarge too, whose free vector is smaller (a smaller dot product).
	c := gpuPair()
	d := gpuTaskDef("one", 1024, 1, 0)
	align := scoresOf(t, c, models.StrategySpec{Type: DotProduct, Field: FieldAlign}, d)
	fgd := scoresOf(t, c, models.StrategySpec{Type: DotProduct, Field: FieldFGD}, d)
	// g4dn.xlarge: 1024/4096·1 + mem + 1000/1000·1; g4dn.12xlarge: 1024/49152 + mem + 1000/4000.
	if !(align[0] < align[1] && fgd[0] < fgd[1]) {
		t.Errorf("align scores %v: want the g4dn.xlarge first", align)
	}
	// Artifact: 4096·1024/2^34 + 1000·1000/8000² against 49152·1024/2^34 + 4000·1000/8000².
	if want := []float64{4096.0*1024/(1<<34) + 1.0/64, 49152.0*1024/(1<<34) + 4.0/64}; !cmp.Equal(want, fgd) {
		t.Errorf("fgd scores %v, want %v", fgd, want)
	}
}

// TestPackingTier: each of getPackingScore's tiers, by hand.
func TestPackingTier(t *testing.T) {
	tests := []struct {
		name  string
		devs  []int16
		per   int64
		count int
		want  int64
	}{
		{"empty 8-GPU instance", []int16{1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000}, 1000, 1, 25},
		{"empty 4-GPU instance", []int16{1000, 1000, 1000, 1000}, 300, 1, 29},
		{"empty 2-GPU instance", []int16{1000, 1000}, 1000, 2, 31},
		{"empty 1-GPU instance", []int16{1000}, 500, 1, 32},
		{"a free GPU of a used instance", []int16{1000, 0, 0, 0}, 1000, 1, 49},
		{"two free GPUs of a used instance", []int16{1000, 1000, 0, 0}, 1000, 2, 48},
		{"a share too big for the shared GPU takes a free one", []int16{400, 1000}, 500, 1, 49},
		{"a shared GPU: the least left first, 30% left", []int16{600, 1000, 300, 1000}, 300, 1, 97},
		{"a shared GPU, 60% left", []int16{600, 1000, 300, 1000}, 500, 1, 94},
		{"percent and tenths in integers: 55 → 5% → 0", []int16{55, 1000}, 50, 1, 100},
		{"does not fit", []int16{1000, 500}, 1000, 2, 0},
	}
	for _, tc := range tests {
		if got, _ := PackingTier(tc.devs, tc.per, tc.count, nil); got != tc.want {
			t.Errorf("%s: PackingTier(%v, %d, %d) = %d, want %d", tc.name, tc.devs, tc.per, tc.count, got, tc.want)
		}
	}
	c := gpuPair()
	placeGPU(c, c.Instances()[1], "s", gpuTaskDef("s", 1024, 0, 700), 0) // the 12xlarge: 300, 1000, 1000, 1000
	got := scoresOf(t, c, models.StrategySpec{Type: GPUPacking}, gpuTaskDef("q", 1024, 0, 250))
	if diff := cmp.Diff([]float64{-32, -97}, got); diff != "" {
		t.Errorf("gpu-packing scores (-want +got):\n%s", diff)
	}
	if got := scoresOf(t, c, models.StrategySpec{Type: GPUPacking}, mt.TaskDef("cpu", 1024, 512)); !cmp.Equal(got, []float64{0, 0}) {
		t.Errorf("gpu-packing scores a task without GPUs %v, want 0 everywhere", got)
	}
}

// TestGPUClustering: the four tiers on base = 25·(8000 − free)/8000 in integers.
func TestGPUClustering(t *testing.T) {
	c := mt.ClusterWith(models.TieOldest, 1, mt.Instance("g4dn.12xlarge"), mt.Instance("g4dn.12xlarge"),
		mt.Instance("g4dn.12xlarge"), mt.Instance("g4dn.xlarge"), mt.Instance("m5.large"))
	ins := c.Instances()
	placeGPU(c, ins[0], "a", gpuTaskDef("share", 512, 0, 500), -1) // share-gpu only; 3500 free
	placeGPU(c, ins[1], "b", gpuTaskDef("share", 512, 0, 500), -1) // share-gpu and 1-gpu; 2500 free
	placeGPU(c, ins[1], "c", gpuTaskDef("one", 512, 1, 0), -1)
	placeGPU(c, ins[2], "d", gpuTaskDef("two", 512, 2, 0), -1) // 2-gpu only; 2000 free
	mt.Place(c, ins[4], "e", mt.TaskDef("cpu", 512, 512), "family:cpu")
	got := scoresOf(t, c, models.StrategySpec{Type: GPUClustering}, gpuTaskDef("q", 512, 0, 200))
	// base: 25·4500/8000 = 14; 25·5500/8000 = 17; 25·6000/8000 = 18; 25·7000/8000 = 21;
	// the m5.large has no GPU: 25·8000/8000 = 25, and no GPU task.
	want := []float64{-(14 + 75), -(17 + 50), -18, -(21 + 25), -(25 + 25)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("gpu-clustering scores (-want +got):\n%s", diff)
	}
	if got := scoresOf(t, c, models.StrategySpec{Type: GPUClustering}, mt.TaskDef("cpu", 512, 512)); !cmp.Equal(got, make([]float64, 5)) {
		t.Errorf("gpu-clustering scores a task without GPUs %v, want 0 everywhere", got)
	}
}
