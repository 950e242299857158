package scheduler

import (
	"math/rand/v2"
	"testing"

	"github.com/ecssim/ecssim/models"
	mt "github.com/ecssim/ecssim/models/modelstest"
)

// gpuTaskDef is a definition of cpu units and 1 GiB asking for whole GPUs or a share of one.
func gpuTaskDef(family string, cpu int64, whole int, share int64) *models.TaskDefinition {
	d := &models.TaskDefinition{Family: family, Revision: 1, CPU: cpu, MemoryMiB: 1024, NetworkMode: models.Bridge,
		Containers: []models.Container{{Name: family, GPUs: whole}}, GPUShareMilli: share}
	d.Finalize()
	return d
}

// TestRandomShareDevice: random draws a share's device among those that hold it, from the
// placement's stream, and does not draw for a task without a share.
func TestRandomShareDevice(t *testing.T) {
	devices := map[uint32]bool{}
	for seed := range uint64(40) {
		c := mt.ClusterWith(models.TieOldest, 1, mt.Instance("g4dn.12xlarge"))
		p, _ := NewPipeline(c, nil, []models.StrategySpec{{Type: Random}}, nil, rand.NewPCG(seed, 2))
		task := mt.Task("q", gpuTaskDef("q", 512, 0, 300), "family:q")
		in, _ := p.Place(task)
		c.Place(task, in, 0)
		devices[task.GPUMask] = true
	}
	if len(devices) != 4 {
		t.Errorf("shares went to devices %v, want all four", devices)
	}
	// A whole-GPU task draws nothing: the stream after it is the stream of a fresh source
	// after one instance draw.
	c := mt.ClusterWith(models.TieOldest, 1, mt.Instance("g4dn.12xlarge"), mt.Instance("g4dn.12xlarge"))
	src := rand.NewPCG(5, 6)
	p, _ := NewPipeline(c, nil, []models.StrategySpec{{Type: Random}}, nil, src)
	p.Place(mt.Task("w", gpuTaskDef("w", 512, 1, 0), "family:w"))
	ref := rand.NewPCG(5, 6)
	rand.New(ref).IntN(2)
	if src.Uint64() != ref.Uint64() {
		t.Errorf("placing a whole-GPU task drew more than the instance")
	}
}
