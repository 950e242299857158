package scheduler

import (
	"math/rand/v2"
	"testing"

	"github.com/ecssim/ecssim/models"
	mt "github.com/ecssim/ecssim/models/modelstest"
)

// TestArtifactTiesGoToLowestRank: the FGD artifact's policies give equal scores to the node of
// smallest name (the fork github.com/mental2008/kubernetes v1.20.5-minor that
// hkust-adsl/kubernetes-scheduler-simulator runs, pkg/scheduler/core/generic_scheduler.go,
// genericScheduler.selectHost), and its names begin with the node's place in a permutation
// drawn once per seed (pkg/simulator/simulator.go, syncClusterResourceList). So among
// identical empty instances every placement of fgd, gpu-packing, gpu-clustering, best-fit and
// dot-product(fgd) goes to the instance of lowest Rank, on the scan and the fast path alike,
// and draws nothing: the same instance each time, whatever the stream.
func TestArtifactTiesGoToLowestRank(t *testing.T) {
	specs := []models.StrategySpec{{Type: FGD}, {Type: GPUPacking}, {Type: GPUClustering}, {Type: BestFit},
		{Type: DotProduct, Field: FieldFGD}}
	d := gpuTaskDef("w", 1024, 1, 0)
	for _, tie := range []models.TieBreak{models.TieRandom, models.TieOldest} {
		for seed := uint64(1); seed <= 5; seed++ {
			var b []*mt.InstanceBuilder
			for range 12 {
				b = append(b, mt.Instance("g4dn.12xlarge"))
			}
			c := mt.ClusterWith(tie, seed, b...)
			c.SetTaskMix([]models.MixEntry{{Def: d, Count: 1}})
			want := lowestRank(c.Instances())
			if tie == models.TieOldest && want != c.Instances()[0] {
				t.Fatalf("TieOldest: lowest rank is %s, want the first registered", want.ID)
			}
			for _, spec := range specs {
				for _, ix := range []*Index{nil, NewIndex(c)} {
					for stream := uint64(1); stream <= 3; stream++ {
						p, err := NewPipeline(c, ix, []models.StrategySpec{spec}, nil, rand.NewPCG(stream, 2))
						if err != nil {
							t.Fatal(err)
						}
						in, fail := p.Place(mt.Task("w", d, "family:w"))
						if fail != nil || in != want {
							t.Fatalf("%v, tie %v, seed %d, index %v, stream %d: placed on %v (%v), want %s (rank %d)",
								spec, tie, seed, ix != nil, stream, in, fail, want.ID, want.Rank)
						}
					}
				}
			}
		}
	}
}

// TestOtherTiesStillDraw: strategies that are not the artifact's (worst-fit, Tetris's
// alignment) leave their ties to the cluster's tie-break, a draw under TieRandom: over a few
// streams they do not all land on one instance.
func TestOtherTiesStillDraw(t *testing.T) {
	var b []*mt.InstanceBuilder
	for range 12 {
		b = append(b, mt.Instance("g4dn.12xlarge"))
	}
	c := mt.ClusterWith(models.TieRandom, 1, b...)
	d := gpuTaskDef("w", 1024, 1, 0)
	for _, spec := range []models.StrategySpec{{Type: WorstFit}, {Type: DotProduct, Field: FieldAlign}} {
		seen := map[*models.Instance]bool{}
		for stream := uint64(1); stream <= 8; stream++ {
			p, err := NewPipeline(c, nil, []models.StrategySpec{spec}, nil, rand.NewPCG(stream, 2))
			if err != nil {
				t.Fatal(err)
			}
			in, fail := p.Place(mt.Task("w", d, "family:w"))
			if fail != nil {
				t.Fatal(fail)
			}
			seen[in] = true
		}
		if len(seen) < 2 {
			t.Errorf("%v: 8 streams all chose one instance: ties are not drawn", spec)
		}
	}
}
