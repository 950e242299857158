package scheduler

import (
	"math/rand/v2"

	"github.com/ecssim/ecssim/models"
)

// FilterCapacityProvider names the filter that keeps a capacity provider's tasks on its own
// Auto Scaling group's instances.
const FilterCapacityProvider = "capacityProvider"

// NewProviderPipeline is NewPipeline for the tasks a service launches with ASG capacity
// provider cp: the same strategies and constraints, on cp's instances only, as ECS places a
// capacity provider's tasks on the instances of its Auto Scaling group
// (DG/cluster-capacity-providers).
func NewProviderPipeline(c *models.Cluster, ix *Index, chain []models.StrategySpec, constraints []models.ConstraintSpec, cp *models.CapacityProvider, src *rand.PCG) (*Pipeline, error) {
	p, err := NewPipeline(c, ix, chain, constraints, src)
	if err != nil {
		return nil, err
	}
	p.constraints = append(p.constraints, providerFilter{cp})
	clear(p.perDef)
	return p, nil
}

// providerFilter keeps the instances of one capacity provider.
type providerFilter struct{ p *models.CapacityProvider }

func (providerFilter) Name() string { return FilterCapacityProvider }

func (f providerFilter) Feasible(_ *Request, in *models.Instance) bool { return in.Provider == f.p }

func (f providerFilter) Why(_ *Request, in *models.Instance) string {
	return "not an instance of capacity provider " + f.p.Name
}

func (f providerFilter) ECSReason() string {
	return "is not part of the capacity provider " + f.p.Name
}

func (providerFilter) Counted(int) string { return "belonged to another capacity provider" }
