package kubesched

import (
	"math/rand/v2"
	"testing"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/models/modelstest"
)

// fleet registers one m5.xlarge (4096 CPU, 15970 MiB) per zone given, numbered i-0001 on.
func fleet(zones ...string) *models.Cluster {
	var bs []*modelstest.InstanceBuilder
	for _, z := range zones {
		bs = append(bs, modelstest.Instance("m5.xlarge").Zone(z))
	}
	return modelstest.Cluster(1, bs...)
}

// podDef is a task definition whose pods are labelled app=family, with spec.
func podDef(family string, cpu, mem int64, spec *models.PodSpec, ports ...models.PortMapping) *models.TaskDefinition {
	d := modelstest.TaskDef(family, cpu, mem, ports...)
	d.Kube = spec
	return d
}

// run places a RUNNING pod of d on in.
func run(c *models.Cluster, in *models.Instance, id string, d *models.TaskDefinition) *models.Task {
	return modelstest.Place(c, in, id, d, d.Family)
}

func newScheduler(t *testing.T, c *models.Cluster, p Profile, seed uint64) *Scheduler {
	t.Helper()
	s, err := New(c, p, rand.NewPCG(seed, 7))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// scoresOf runs scorer sc for a pod of d over every node of c.
func scoresOf(s *Scheduler, sc scorer, d *models.TaskDefinition) []int64 {
	c := s.newCycle(modelstest.Task("p", d, d.Family))
	dst := make([]int64, len(c.nodes))
	sc.score(c, c.nodes, dst)
	return dst
}
