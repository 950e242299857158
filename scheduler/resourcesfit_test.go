package scheduler

import (
	"math/rand/v2"
	"testing"

	"github.com/ecssim/ecssim/models"
	mt "github.com/ecssim/ecssim/models/modelstest"
)

// TestResourcesFitIsTheFilters holds the fast path's combined check to the resource filters
// run one by one, on every instance for every definition, as a fleet fills and drains:
// draining instances, awsvpc tasks that use up ENIs, a static host port, a task role that
// some agents lack, an architecture that some instances lack, and whole and shared GPUs that
// only some instances have.
func TestResourcesFitIsTheFilters(t *testing.T) {
	var fleet []*mt.InstanceBuilder
	for i := range 12 {
		typ := "m6i.large"
		switch i % 4 {
		case 0:
			typ = "m7g.large"
		case 1:
			typ = "g4dn.12xlarge" // 4 GPUs
		}
		b := mt.Instance(typ)
		if i%2 == 0 {
			b = b.Agent(func(a *models.AgentConfig) { a.EnableTaskIAMRole = true })
		}
		fleet = append(fleet, b)
	}
	c := mt.Cluster(1, fleet...)
	vpc := mt.TaskDef("vpc", 256, 512)
	vpc.NetworkMode = models.AWSVPC
	role := mt.TaskDef("role", 256, 512)
	role.TaskRoleArn = "arn:aws:iam::1:role/r"
	arm := mt.TaskDef("arm", 256, 512)
	arm.CPUArchitecture = "ARM64"
	whole, share := mt.TaskDef("whole", 256, 512), mt.TaskDef("share", 256, 512)
	whole.Containers[0].GPUs, share.GPUShareMilli = 2, 700
	defs := []*models.TaskDefinition{mt.TaskDef("big", 1024, 4096), vpc, role, arm,
		mt.TaskDef("web", 256, 512, models.PortMapping{ContainerPort: 80, HostPort: 80}), whole, share}
	for _, d := range defs {
		d.Finalize()
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var r Request
	for step := range 300 {
		in := c.Instances()[rng.IntN(len(c.Instances()))]
		d := defs[rng.IntN(len(defs))]
		switch {
		case step%17 == 0:
			c.SetStatus(in, models.StatusDraining)
		case step%19 == 0:
			c.SetStatus(in, models.StatusActive)
		case in.CanHost(d):
			c.Place(mt.Task("t", d, "family:"+d.Family), in, 0)
		}
		for _, d := range defs {
			r.reset(mt.Task("t", d, "family:"+d.Family), c)
			for _, in := range c.Instances() {
				if got, want := resourcesFit(&r, in), feasible(&r, in, resourceFilters); got != want {
					t.Fatalf("step %d, %s on %s: resourcesFit = %v, the filters say %v", step, d.Family, in.ID, got, want)
				}
			}
		}
	}
}
