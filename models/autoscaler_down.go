package models

import (
	"fmt"
	"slices"

	"github.com/ecssim/ecssim/sim"
)

// The Cluster Autoscaler's scale-down (FAQ "How does scale-down work?"; autoscaler.go has the
// sources). Each loop that did not scale up, every node of a group is checked in the groups'
// order: unneeded while its utilization is below the threshold and its pods can all move;
// those found unneeded earlier in the same loop are no destination for the next ones' pods, as
// the CA simulates removing them together (simulator/cluster.go FindNodesToRemove). A node
// unneeded for the unneeded time is removed, unless the loop is in cooldown
// (delay-after-add, delay-after-delete) or its group is at min size: empty ones up to
// caMaxEmptyBulkDelete at once, others caMaxDrainParallel at a time, drained first.

// caScaleDown is the scale-down half of a CA loop.
func (s *Simulation) caScaleDown(now sim.Time) {
	cands := s.unneededNodes(now)
	ca := s.ClusterAutoscaler
	if s.ca.lastScaleUp != sim.Never && now < s.ca.lastScaleUp.Add(ca.ScaleDownDelayAfterAdd) ||
		s.ca.lastScaleDown != sim.Never && now < s.ca.lastScaleDown.Add(ca.ScaleDownDelayAfterDelete) {
		return // cooldown: unneeded times run on, but nothing is removed
	}
	size := map[*CapacityProvider]int{} // each group's size as the removals leave it
	empties, drains := 0, 0
	for _, c := range cands {
		p := c.in.Provider
		if _, ok := size[p]; !ok {
			size[p] = p.asg.size() // before any removal of this loop: a terminated node leaves it
		}
		if now.Sub(s.ca.unneeded[c.in]) < ca.ScaleDownUnneededTime || size[p] <= p.ASG.MinSize {
			continue
		}
		if c.empty && empties < caMaxEmptyBulkDelete || !c.empty && drains < caMaxDrainParallel {
			if c.empty {
				empties++
			} else {
				drains++
			}
			size[p]--
			s.caRemove(c, now)
		}
	}
}

// caCandidate is an unneeded node: its utilization, and whether it runs only DaemonSet pods.
type caCandidate struct {
	in    *Instance
	util  float64
	empty bool
}

// unneededNodes checks every node of every group, records since when each is unneeded (and
// forgets those that are not), and returns the unneeded ones in the groups' order. A node the
// loop has already moved pods to is needed: it must stay to take them (the CA's removal
// simulation keeps the pods it moved on their destinations, simulator/cluster.go; ecssim does
// not let that node pass its own pods on in turn).
func (s *Simulation) unneededNodes(now sim.Time) []caCandidate {
	moved := map[*Instance]Resources{} // what this loop's simulation put on each node
	var out []caCandidate
	for _, p := range s.CapacityProviders {
		if p.Kind != ProviderASG {
			continue
		}
		for _, in := range p.asg.instances {
			util := caUtilization(in)
			_, took := moved[in] // it stays to take pods of a node found unneeded before it
			if in.Status != StatusActive || took || util >= s.ClusterAutoscaler.ScaleDownUtilizationThreshold || !s.podsMove(in, out, moved) {
				delete(s.ca.unneeded, in)
				continue
			}
			if _, ok := s.ca.unneeded[in]; !ok {
				s.ca.unneeded[in] = now
			}
			out = append(out, caCandidate{in: in, util: util, empty: empty(in)})
		}
	}
	return out
}

// caUtilization is a node's utilization as the CA reads it: the larger of its pods' CPU and
// memory requests over its allocatable, DaemonSet pods counted (FAQ; the default
// --ignore-daemonsets-utilization=false).
func caUtilization(in *Instance) float64 {
	u, a := in.Used(), in.Registered
	return max(float64(u.CPU)/float64(max(a.CPU, 1)), float64(u.MemoryMiB)/float64(max(a.MemoryMiB, 1)))
}

// podsMove reports whether every pod on in that is not a DaemonSet's could run on another
// ACTIVE node that is not itself going (gone: the nodes already found unneeded this loop),
// each taking room the ones before it took; if so, it books that room in moved. A pod of a
// workload blocks: the CA keeps a node with a pod no controller would recreate (FAQ "What
// types of pods can prevent CA from removing a node?"), and ecssim makes no new pod for a
// job's either.
func (s *Simulation) podsMove(in *Instance, gone []caCandidate, moved map[*Instance]Resources) bool {
	booked := map[*Instance]Resources{}
	apart := map[*Instance][]string{} // the self-anti-affine apps booked onto each node
	for _, t := range in.tasks {
		if !t.Active() || t.State == Stopping || t.Service != nil && t.Service.Scheduling == Daemon {
			continue
		}
		if t.Service == nil {
			return false
		}
		dst := s.caDestination(t, in, gone, moved, booked, apart)
		if dst == nil {
			return false
		}
		booked[dst] = booked[dst].Add(t.Def.Charge())
		if selfAntiAffine(t) {
			apart[dst] = append(apart[dst], t.Owner())
		}
	}
	for _, dst := range s.Cluster.Instances() { // in the cluster's order: no map order leaks
		if r, ok := booked[dst]; ok {
			moved[dst] = moved[dst].Add(r)
		}
	}
	return true
}

// caDestination returns the first node, in the cluster's order, that t's pod could move to
// from in: ACTIVE, not in or a node going, with room after what this scan has already put
// there, and passing every filter of t's placer, as the CA runs the scheduler's filters in
// its drain simulation (simulator/drain; FAQ "How does scale-down work?"): taints, affinity,
// topology spread and pod anti-affinity included, and no other pod of a self-anti-affine app
// booked there (apart).
func (s *Simulation) caDestination(t *Task, in *Instance, gone []caCandidate, moved, booked map[*Instance]Resources, apart map[*Instance][]string) *Instance {
	for _, dst := range s.Cluster.Instances() {
		if dst == in || dst.Status != StatusActive || isGoing(dst, gone) {
			continue
		}
		if selfAntiAffine(t) && slices.Contains(apart[dst], t.Owner()) {
			continue
		}
		free := dst.Free().Sub(moved[dst]).Sub(booked[dst])
		if !free.Lacks(t.Def.Charge()).None() || !placerOf(t).Eligible(t, dst) {
			continue
		}
		// The full filters (pod affinity, topology spread, host ports) count every pod of the
		// cluster: run them only for a pod whose placement depends on other pods.
		if !dependsOnPods(t) || placerOf(t).PlaceOn(t, dst) == nil {
			return dst
		}
	}
	return nil
}

func isGoing(in *Instance, gone []caCandidate) bool {
	for _, c := range gone {
		if c.in == in {
			return true
		}
	}
	return false
}

// caRemove removes an unneeded node: an empty one terminates at once (its DaemonSet pods with
// it); another is cordoned and drained, and terminates once its Deployments' pods are gone
// (retireDrained). The CA evicts them through the eviction API, which holds back while a
// PodDisruptionBudget would be broken (FAQ "Does CA work with PodDisruptionBudget in
// scale-down?"); ecssim has no PDBs, and lets each Deployment replace its pods under its
// rollout's floor and ceiling, as if each had a budget of its maxUnavailable. Pods get their
// own grace period: the CA caps it at --max-graceful-termination-sec, 600 s, which a
// container's stop timeout (at most 120 s) never reaches. The group's desired size drops with
// the node, as the CA deletes it with TerminateInstanceInAutoScalingGroup (cloudprovider/aws
// DeleteNodes).
func (s *Simulation) caRemove(c caCandidate, now sim.Time) {
	in, p := c.in, c.in.Provider
	delete(s.ca.unneeded, in)
	s.ca.lastScaleDown = now
	reason := fmt.Sprintf("Scale-down by the Cluster Autoscaler: node %s unneeded (utilization %.3g)", in.ID, c.util)
	s.emit(Event{Kind: ScaleIn, Provider: p, Metric: c.util, Count: 1, Reason: reason})
	if c.empty {
		s.terminate(in, now, reason, false)
		return
	}
	s.retireDrained(in, now, reason)
}
