package models

import (
	"cmp"
	"slices"

	"github.com/ecssim/ecssim/sim"
)

// Faults (ECS-REFERENCE §7.2–7.3). Unplanned failures (an instance failing after its MTBF, a
// zone outage, a Spot instance's end) terminate the instance at once: its tasks stop without
// draining their targets, and the service scheduler replaces them wherever capacity and
// constraints allow; a capacity provider's group launches a replacement instance. Planned
// removals (a terminate event, managed draining) drain first: the instance goes DRAINING, its
// service tasks are replaced under the deployment's floor and ceiling and their targets drain,
// and it terminates once no replica service task is left on it (daemon and standalone tasks
// go with it). Every fault draws from its own stream, so turning faults on changes no arrival,
// duration or placement.

// armFaults starts a newly registered instance's failure clocks: its MTBF and, for Spot, its
// interruption.
func (s *Simulation) armFaults(in *Instance, now sim.Time) {
	if in.Market == Spot {
		s.afterDraw(s.spotEC2, now, func(now sim.Time) { s.spotNotice(in, now) })
	}
	s.afterDraw(s.mtbf, now, func(now sim.Time) { s.lose(in, now, "Instance failure") })
}

// afterDraw runs fn after a time drawn from d (a fault's clock), unless d is nil (the fault is
// off) or the time falls after the horizon.
func (s *Simulation) afterDraw(d *Sampler, now sim.Time, fn func(sim.Time)) {
	if d == nil {
		return
	}
	if at := now.Add(d.Sample()); at <= s.Horizon {
		s.Engine.Schedule(at, PriorityInfra, sim.HandlerFunc(fn))
	}
}

// lose terminates an instance that failed, and has its capacity provider replace it.
func (s *Simulation) lose(in *Instance, now sim.Time, reason string) {
	if in.Terminated != sim.Never {
		return
	}
	retiring := in.terminateReason != "" // already on its way out: nothing to replace
	s.terminate(in, now, reason, true)
	if p := in.Provider; p != nil && !retiring && p.asg.size() < p.ASG.MaxSize {
		s.launch(p, 1, now)
	}
}

// targets returns the registered instances an action names, in registration order.
func (s *Simulation) targets(a *Action) []*Instance {
	var out []*Instance
	for _, in := range s.allInstances() {
		if (a.Zone != "" && in.Zone == a.Zone) || (a.InstanceGroup != "" && in.Group == a.InstanceGroup) || slices.Contains(a.Instances, in.ID) {
			out = append(out, in)
		}
	}
	return out
}

// allInstances returns the instances of every cluster of the run, in registration order.
func (s *Simulation) allInstances() []*Instance {
	out := slices.Clone(s.Cluster.Instances())
	for _, c := range s.others {
		out = append(out, c.Instances()...)
	}
	slices.SortFunc(out, func(a, b *Instance) int { return cmp.Compare(a.Seq, b.Seq) })
	return out
}

// terminateAction is a planned termination: each instance drains first.
func (s *Simulation) terminateAction(a *Action, now sim.Time) {
	for _, in := range s.targets(a) {
		s.retireDrained(in, now, "Terminated by its operator")
	}
}

// retireDrained drains an instance and terminates it once no replica service task is left.
func (s *Simulation) retireDrained(in *Instance, now sim.Time, reason string) {
	in.terminateReason = reason
	s.drainInstance(in, now)
	s.maybeRetire(in, now)
}

// maybeRetire terminates a draining instance marked for termination once no replica service
// task is left on it.
func (s *Simulation) maybeRetire(in *Instance, now sim.Time) {
	if in.terminateReason == "" || in.Terminated != sim.Never {
		return
	}
	for _, t := range in.tasks {
		if t.Service != nil && t.Service.Scheduling == Replica {
			return
		}
	}
	s.terminate(in, now, in.terminateReason, false)
}

// zoneOutage fails every instance in the action's zone for its duration, and every Fargate
// task running there: EC2 and Fargate face the same event (ECS-REFERENCE §7.3). Nothing
// launches in the zone meanwhile (fargateZone and registerASGInstance skip it, so Fargate
// replaces its tasks in the service's other zones); when it returns, the instance groups' lost
// instances register again.
func (s *Simulation) zoneOutage(a *Action, now sim.Time) {
	zone := a.Zone
	if s.zoneDown == nil {
		s.zoneDown = map[string]int{}
		s.zoneLost = map[string][]*Instance{}
	}
	s.zoneDown[zone]++ // outages of one zone may overlap: it returns when the last ends
	s.emit(Event{Kind: ZoneOutageStarted, Zone: zone})
	reason := "Availability zone " + zone + " outage"
	for _, in := range s.allInstances() {
		if in.Zone == zone {
			if in.Provider == nil && in.terminateReason == "" { // an ASG replaces its own at once
				s.zoneLost[zone] = append(s.zoneLost[zone], in)
			}
			s.lose(in, now, reason)
		}
	}
	for _, in := range slices.Clone(s.Cluster.fargate) { // Fargate tasks in the zone go too
		if in.Zone == zone {
			for _, t := range slices.Clone(in.tasks) {
				s.kill(t, now, reason, true)
			}
		}
	}
	end := now.Add(a.Duration)
	if end > s.Horizon {
		return
	}
	s.Engine.Schedule(end, PriorityInfra, sim.HandlerFunc(func(now sim.Time) {
		s.emit(Event{Kind: ZoneOutageEnded, Zone: zone})
		if s.zoneDown[zone]--; s.zoneDown[zone] > 0 {
			return
		}
		delete(s.zoneDown, zone)
		for _, in := range s.zoneLost[zone] {
			s.reregister(in, now)
		}
		delete(s.zoneLost, zone)
		s.registerDeferred(now)
		s.capacityAdded(now)
	}))
}

// reregister registers a new instance like in, which was lost: same group, zone and agent.
func (s *Simulation) reregister(in *Instance, now sim.Time) {
	var g *InstanceGroup
	for _, x := range s.InstanceGroups {
		if x.Name == in.Group {
			g = x
		}
	}
	if g == nil {
		return
	}
	s.nextInstance++
	node := g.nodeOf(in.Type)
	n := s.clusterFor(g.Agent.Cluster).Register(InstanceSpec{
		Type: node.Type, Zone: in.Zone, Market: g.Market, Group: g.Name, Agent: &g.Agent, AMIID: g.AMIID, Custom: node.Attributes,
		Kube: g.Kube,
	}, s.nextInstance, now)
	s.emit(Event{Kind: InstanceRegistered, Instance: n})
	s.armFaults(n, now)
	if len(s.provisioning) > 0 {
		s.retryProvisioning(now)
	}
}

// spotStorm sends Spot interruption notices to Count of the action's Spot instances at once
// (all Spot instances when the action names none).
func (s *Simulation) spotStorm(a *Action, now sim.Time) {
	pool := s.allInstances()
	if a.Zone != "" || a.InstanceGroup != "" || len(a.Instances) > 0 {
		pool = s.targets(a)
	}
	n := 0
	for _, in := range pool {
		if in.Market != Spot || in.Terminated != sim.Never || in.noticed {
			continue
		}
		if a.Count > 0 && n == a.Count {
			break
		}
		n++
		s.spotNotice(in, now)
	}
}

// agentDisconnect disconnects the action's instances' agents for its duration: they keep
// their tasks but get no new ones (ECS-REFERENCE §7.3: the tasks keep counting as running).
func (s *Simulation) agentDisconnect(a *Action, now sim.Time) {
	ins := s.targets(a)
	for _, in := range ins {
		if in.disconnected {
			continue
		}
		in.disconnected = true
		s.clusterFor(in.Agent.Cluster).changed(in)
		s.emit(Event{Kind: AgentDisconnected, Instance: in})
	}
	end := now.Add(a.Duration)
	if end > s.Horizon {
		return
	}
	s.Engine.Schedule(end, PriorityInfra, sim.HandlerFunc(func(now sim.Time) {
		for _, in := range ins {
			if in.disconnected && in.Terminated == sim.Never {
				in.disconnected = false
				s.clusterFor(in.Agent.Cluster).changed(in)
				s.emit(Event{Kind: AgentReconnected, Instance: in})
			}
		}
		s.capacityAdded(now)
	}))
}

// kill stops a task at once because its capacity is gone: no draining, no SIGTERM grace.
// fault says the capacity was lost rather than retired.
func (s *Simulation) kill(t *Task, now sim.Time, reason string, fault bool) {
	if t.State != Stopping {
		s.unschedule(t)
		s.Cluster.BeginStop(t, now, reason)
		s.emit(Event{Kind: TaskStopping, Task: t, Instance: t.Instance, Reason: reason, Fault: fault})
	}
	s.finishStop(t, now)
}

// DownZones lists the zones in an outage now, in order.
func (s *Simulation) DownZones() []string {
	var zones []string
	for z, n := range s.zoneDown {
		if n > 0 {
			zones = append(zones, z)
		}
	}
	slices.Sort(zones)
	return zones
}
