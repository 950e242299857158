package scheduler

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/ecssim/ecssim/models"
	mt "github.com/ecssim/ecssim/models/modelstest"
)

// openbNodes are the shapes of the openb GPU node list (alibaba/clusterdata
// cluster-trace-gpu-v2023, openb_node_list_gpu_node.csv): count, CPU milli, memory MiB, GPUs,
// model; 1,213 nodes and 6,212 GPUs.
var openbNodes = []struct {
	n, cpuMilli, memMiB, gpus int
	model                     string
}{
	{549, 96000, 393216, 8, "G2"}, {387, 104000, 524288, 2, "T4"}, {107, 16000, 122880, 2, "P100"},
	{39, 128000, 786432, 8, "G3"}, {28, 32000, 131072, 4, "V100M16"}, {22, 64000, 262144, 2, "P100"},
	{21, 96000, 786432, 8, "V100M32"}, {19, 8000, 32768, 1, "V100M16"}, {17, 96000, 393216, 4, "T4"},
	{9, 48000, 376832, 4, "V100M32"}, {7, 64000, 262144, 8, "V100M16"}, {3, 8000, 61440, 1, "P100"},
	{2, 8000, 61440, 2, "P100"}, {2, 128000, 1048576, 1, "A10"}, {1, 82000, 344064, 8, "V100M16"},
}

// openbGPUShapes are the default openb pod list's (num_gpu, gpu_milli) and how many of its
// 8,152 pods ask for each, the rarest folded into their neighbours.
var openbGPUShapes = []struct{ count, milli, pods int }{
	{1, 1000, 3911}, {0, 0, 1088}, {1, 810, 1078}, {1, 470, 750}, {1, 320, 328}, {1, 650, 253},
	{1, 230, 140}, {1, 460, 128}, {1, 590, 75}, {1, 160, 74}, {1, 550, 72}, {1, 220, 62},
	{1, 370, 47}, {8, 1000, 44}, {1, 110, 24}, {1, 480, 19}, {2, 1000, 16}, {4, 1000, 15},
	{1, 50, 7}, {1, 330, 7}, {1, 350, 6},
}

// openbCluster registers the openb node list's 1,213 nodes (CPU at 1024 units a core).
func openbCluster() *models.Cluster {
	c := models.NewCluster("default", mt.Epoch, models.TieRandom, 1)
	agent := models.DefaultAgentConfig()
	seq := uint64(0)
	for _, s := range openbNodes {
		typ := &models.InstanceType{Name: fmt.Sprintf("node-%d-%s", s.cpuMilli/1000, s.model), VCPU: s.cpuMilli / 1000,
			MemoryMiB: int64(s.memMiB), Arch: models.ArchX86_64, GPUs: s.gpus, GPUModel: s.model,
			Listed: models.Resources{CPU: int64(s.cpuMilli) * 1024 / 1000, MemoryMiB: int64(s.memMiB)}}
		for range s.n {
			seq++
			c.Register(models.InstanceSpec{Type: typ, Zone: "us-east-1a", Market: models.OnDemand, Agent: &agent,
				AMIID: "ami-bench", Custom: []models.Attribute{{Name: models.AttrGPUModel, Value: s.model}}}, seq, 0)
		}
	}
	return c
}

// openbPods draws n task definitions as the default openb list's shapes occur, each with a
// CPU of 1 to 16 cores in steps of one core (openb's CPU requests are mostly whole cores),
// and returns them with the task mix of 8,152 such pods.
func openbPods(n int, seed uint64) ([]*models.TaskDefinition, []models.MixEntry) {
	rng := rand.New(rand.NewPCG(seed, 1))
	total := 0
	for _, s := range openbGPUShapes {
		total += s.pods
	}
	defs := map[[3]int]*models.TaskDefinition{}
	draw := func() *models.TaskDefinition {
		k := rng.IntN(total)
		i := 0
		for k >= openbGPUShapes[i].pods {
			k -= openbGPUShapes[i].pods
			i++
		}
		s := openbGPUShapes[i]
		cores := []int{1, 2, 4, 4, 6, 8, 8, 12, 16}[rng.IntN(9)]
		key := [3]int{cores, s.count, s.milli}
		if d, ok := defs[key]; ok {
			return d
		}
		whole, share := 0, int64(0)
		if s.milli == 1000 {
			whole = s.count
		} else {
			share = int64(s.milli)
		}
		d := gpuTaskDef(fmt.Sprintf("pod-%d-%d-%d", cores, s.count, s.milli), int64(cores)*1024, whole, share)
		defs[key] = d
		return d
	}
	var mix []models.MixEntry
	at := map[*models.TaskDefinition]int{}
	for range 8152 {
		d := draw()
		if i, ok := at[d]; ok {
			mix[i].Count++
		} else {
			at[d] = len(mix)
			mix = append(mix, models.MixEntry{Def: d, Count: 1})
		}
	}
	out := make([]*models.TaskDefinition, n)
	for i := range out {
		out[i] = draw()
	}
	return out, mix
}

// BenchmarkFGDOpenb places 10,000 openb-like pods one by one on the openb GPU node list's
// 1,213 nodes, as the FGD paper's experiment does (pods never leave), with each FGD-paper
// strategy through the indexed pipeline, and reports placements per second over the whole
// fill, failures included (past about 90% of the GPUs most pods fail). Each iteration starts
// from an empty cluster; the cluster's setup is outside the timer.
func BenchmarkFGDOpenb(b *testing.B) {
	for _, chain := range []string{"fgd", "best-fit", "dot-product-fgd", "gpu-packing", "gpu-clustering", "random"} {
		b.Run("strategy="+chain, func(b *testing.B) {
			const pods = 10000
			defs, mix := openbPods(pods, 1)
			spec, _ := LookupPreset(chain)
			placed, alloc := 0, 0.0
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				c := openbCluster()
				c.SetTaskMix(mix)
				p, err := NewPipeline(c, NewIndex(c), spec, nil, rand.NewPCG(1, 2))
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				placed = 0
				for i, d := range defs {
					t := mt.Task(fmt.Sprint("p", i), d, "family:pod")
					if in, fail := p.Place(t); fail == nil {
						c.Place(t, in, 0)
						placed++
					}
				}
				alloc = gpuAllocated(c)
			}
			b.ReportMetric(float64(b.N*pods)/b.Elapsed().Seconds(), "placements/s")
			b.ReportMetric(float64(placed), "placed")
			b.ReportMetric(alloc, "%gpu-allocated")
		})
	}
}

// gpuAllocated is the share of the cluster's GPU thousandths that tasks hold, in percent.
func gpuAllocated(c *models.Cluster) float64 {
	var used, all int64
	for _, in := range c.Instances() {
		used += in.Used().GPUMilli
		all += in.Registered.GPUMilli
	}
	return 100 * float64(used) / float64(all)
}
