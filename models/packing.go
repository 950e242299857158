package models

import (
	"cmp"
	"slices"
)

// PackCount is how many empty instances of type t under agent a hold the tasks defs (one task
// per entry): first fit, largest first (by memory, then CPU), onto imagined instances
// (blankInstance) that take a task by placement's own rule, Instance.CanHost, so in every
// requirement ECS groups tasks by: CPU, memory, GPUs, ENIs and explicit host ports, the
// agent's reserved TCP and UDP ports included, each instance holding a task of each of
// daemons that fits there first. It is the packing managed scaling's capacity
// estimate makes (DG/cluster-auto-scaling; ECS-REFERENCE §5.3), and the fleet a perfect
// first-fit-decreasing placement of a peak would need. An instance that could not host a task
// cannot host the next of the same definition (it only fills), so a run of them starts where
// the last one went: the packing costs the instances plus the tasks for each definition. Tasks that no empty instance of t can
// host are left out and counted in unfit. The imagined instances take as many awsvpc tasks as
// real ones would, trunked under the account's awsvpcTrunking setting (trunking) where t and a
// allow it. defs is sorted in place.
func PackCount(defs, daemons []*TaskDefinition, t *InstanceType, a *AgentConfig, trunking bool) (bins, unfit int) {
	return PackNodes(defs, daemons, t, a, trunking, nil)
}

// PackNodes is PackCount onto instances that register as an EKS run's nodes when kubelet is
// set (Cluster.Kubelet): their allocatable and max pods.
func PackNodes(defs, daemons []*TaskDefinition, t *InstanceType, a *AgentConfig, trunking bool, kubelet *Kubelet) (bins, unfit int) {
	empty := func() *Instance {
		in := blankNode(t, a, trunking, kubelet)
		for _, d := range daemons {
			if in.CanHost(d) { // ECS places a daemon task only where it fits
				in.hold(d, nil)
			}
		}
		return in
	}
	fresh := empty()
	slices.SortStableFunc(defs, func(x, y *TaskDefinition) int {
		return cmp.Or(cmp.Compare(y.Charge().MemoryMiB, x.Charge().MemoryMiB), cmp.Compare(y.Charge().CPU, x.Charge().CPU))
	})
	var open []*Instance
	from := 0 // the instances before it cannot host the run of tasks of one definition now placed
	for k, d := range defs {
		if k > 0 && defs[k-1] != d {
			from = 0
		}
		if !fresh.CanHost(d) {
			unfit++
			continue
		}
		i := slices.IndexFunc(open[from:], func(b *Instance) bool { return b.CanHost(d) })
		if i < 0 {
			open = append(open, empty())
			i = len(open) - 1 - from
		}
		from += i
		open[from].hold(d, nil)
	}
	return len(open), unfit
}

// Registers is what an instance of type t under agent a registers with its cluster in an
// account whose awsvpcTrunking setting is trunking: the capacity placement fits tasks into.
func (t *InstanceType) Registers(a *AgentConfig, trunking bool) Resources {
	return t.registers(a, trunking)
}
