package models

import (
	"math"
	"slices"
	"time"

	"github.com/ecssim/ecssim/sim"
)

// Managed scaling of ASG capacity providers (DG/cluster-auto-scaling, ECS-REFERENCE §5.3).
// Every minute, the CloudWatch period, each provider with managed scaling computes its
// CapacityProviderReservation, CPR = M / N × 100, where N is the instances in the group
// (launching ones included) and M the instances its tasks need:
//   - with tasks waiting in PROVISIONING, M = N plus the instances that the waiting tasks
//     binpack onto (first fit, largest first, on empty instances of the group's first type,
//     by CPU, memory, ENIs and host ports); a task that fits no instance of the group's
//     smallest type is left out. A group over several zones or instance types cannot be
//     binpacked accurately, and ECS then takes M = N + minimumScalingStepSize;
//   - otherwise M = N minus the empty instances (those with no task but daemons').
//
// N = 0 with M > 0 reads 200: the very first scale-out from zero launches two instances.
// Target tracking holds CPR at targetCapacity:
//   - scale-out when CPR > target: ceil(M × 100 / target) − N instances, at least the minimum
//     and at most the maximum scaling step, and never past the group's max size; blocked while
//     any instance is launching or younger than the warm-up period;
//   - scale-in when CPR has stayed below target, with instances to spare, for 15 minutes (15
//     datapoints): down to ceil(M × 100 / target), by less than half the group per minute,
//     never below min size.
//     With managed termination protection only empty instances go; without it the oldest
//     others follow. With managed draining an instance with tasks drains first and terminates
//     once its tasks are gone.

// ScaleInPeriod is how long CPR must stay below target before the group scales in.
const ScaleInPeriod = 15 * time.Minute

// ScalingPeriod is how often managed scaling reads the metric.
const ScalingPeriod = time.Minute

// startProviders registers each ASG's initial instances and starts managed scaling.
func (s *Simulation) startProviders(now sim.Time) {
	for _, p := range s.CapacityProviders {
		if p.Kind != ProviderASG {
			continue
		}
		p.asg = asgState{lowSince: sim.Never, lastLaunch: sim.Never}
		for range p.ASG.DesiredCapacity {
			s.registerASGInstance(p, now, now)
		}
		if p.ManagedScaling.Enabled && s.ClusterAutoscaler == nil {
			s.Engine.Schedule(now.Add(ScalingPeriod), PriorityService+1, sim.HandlerFunc(func(now sim.Time) { s.scale(p, now) }))
		}
	}
	if s.ClusterAutoscaler != nil {
		s.startAutoscaler(now)
	}
}

// launch has p's group launch n instances; each registers after the group's launch latency.
// Each is billed from now, its launch, whenever it registers (see Instance.Launched). When no
// pool of the group has capacity (shortage.go) none launches, and the group tries again after
// LaunchRetry.
func (s *Simulation) launch(p *CapacityProvider, n int, now sim.Time) {
	if n > 0 && !s.anyPool(p.ASG) {
		s.launchFailed(p, n, now)
		return
	}
	if s.launchLatency == nil {
		s.launchLatency = map[*CapacityProvider]*Sampler{}
	}
	lat := s.launchLatency[p]
	if lat == nil {
		lat = NewSampler(p.ASG.LaunchLatency, s.source("launch/"+p.Name))
		s.launchLatency[p] = lat
	}
	launched := now
	for range n {
		p.asg.launching = append(p.asg.launching, launched)
		p.asg.lastLaunch = now
		s.emit(Event{Kind: InstanceLaunched, Provider: p})
		at := now.Add(lat.Sample())
		if at <= s.Horizon {
			s.Engine.Schedule(at, PriorityInfra, sim.HandlerFunc(func(now sim.Time) {
				i := slices.Index(p.asg.launching, launched)
				p.asg.launching = slices.Delete(p.asg.launching, i, i+1)
				if !s.registerASGInstance(p, now, launched) {
					p.asg.deferred = append(p.asg.deferred, launched) // no zone up with capacity
				}
			}))
		}
	}
}

// registerASGInstance registers one of p's instances, launched at launched, in the zone where
// the group has fewest, as an Auto Scaling group balances its zones, among the zones that are
// up with a pool that has capacity (balanced-best-effort), of the first of its types with
// capacity there (prioritized); when every pool, up or down, has run dry since the launch,
// which found capacity, in the zone with fewest, of its first type (so too the group's
// instances at time 0, which exist before any shortage). It returns false, registering
// nothing, when no zone that is up has a pool for it: the instance waits (deferred) for a
// zone to come back or a pool to refill.
func (s *Simulation) registerASGInstance(p *CapacityProvider, now, launched sim.Time) bool {
	g := p.ASG
	zone, typ := s.asgPool(p, true)
	if zone == "" && !s.anyPool(g) {
		zone, typ = s.asgPool(p, false)
	}
	if zone == "" {
		return false
	}
	s.nextInstance++
	in := s.clusterFor(g.Agent.Cluster).Register(InstanceSpec{
		Type: typ, Zone: zone, Market: g.Market, Group: p.Name, Agent: &g.Agent,
		AMIID: g.AMIID, Custom: g.Attributes, Provider: p, Kube: g.Kube,
	}, s.nextInstance, now)
	in.Launched = launched
	p.asg.instances = append(p.asg.instances, in)
	s.emit(Event{Kind: InstanceRegistered, Instance: in})
	s.instanceUp(in, now)
	return true
}

// asgPool returns the zone and type of p's next instance: the zone that is up where the
// group has fewest instances, the first such in the group's order, and the first of its types
// with capacity there. With capacity false it ignores shortages and takes the first type.
func (s *Simulation) asgPool(p *CapacityProvider, capacity bool) (string, *InstanceType) {
	g := p.ASG
	zone, typ := "", (*InstanceType)(nil)
	best := math.MaxInt
	for _, z := range g.Zones {
		if s.zoneDown[z] > 0 {
			continue // an Auto Scaling group launches in the zones that work
		}
		t := g.InstanceTypes[0]
		if capacity {
			if t = s.poolType(g, z); t == nil {
				continue
			}
		}
		n := 0
		for _, in := range p.asg.instances {
			if in.Zone == z {
				n++
			}
		}
		if n < best {
			zone, typ, best = z, t, n
		}
	}
	return zone, typ
}

// instanceUp starts what a newly registered instance brings: its Spot interruption clock, room
// for waiting tasks, and a pass of the services waiting for room.
func (s *Simulation) instanceUp(in *Instance, now sim.Time) {
	s.armFaults(in, now)
	for _, svc := range s.Services {
		if svc.Scheduling == Daemon && svc.ctl.pass.sim != nil {
			s.daemonPass(svc, now) // daemon tasks start first (DG/ecs_services)
		}
	}
	if len(s.provisioning) > 0 {
		s.retryProvisioning(now)
	}
	s.capacityAdded(now)
}

// reservation computes p's CapacityProviderReservation and the M and N behind it.
func (s *Simulation) reservation(p *CapacityProvider) (cpr float64, m, n int) {
	n = p.asg.size()
	var waiting []*TaskDefinition
	for _, t := range s.provisioning {
		if t.Provider == p && t.State == Provisioning {
			waiting = append(waiting, t.Def)
		}
	}
	g := p.ASG
	switch {
	case len(waiting) > 0 && (len(g.Zones) > 1 || len(g.InstanceTypes) > 1):
		// ECS cannot binpack accurately over several zones or types, so it asks for the
		// minimum step (the deep-dive blog, quoted in roadmap#960; ECS-REFERENCE §5.3).
		if binpackCount(waiting, g, s.Cluster.AWSVPCTrunking) > 0 {
			m = n + p.ManagedScaling.MinStep
		} else {
			m = n
		}
	case len(waiting) > 0:
		m = n + binpackCount(waiting, g, s.Cluster.AWSVPCTrunking)
	default:
		m = n
		for _, in := range p.asg.instances {
			if empty(in) {
				m--
			}
		}
	}
	switch {
	case n == 0 && m == 0:
		return 100, m, n
	case n == 0:
		return 200, m, n
	}
	return float64(m) / float64(n) * 100, m, n
}

// binpackCount is how many empty instances of g's first type the waiting tasks need: first fit,
// largest tasks first, onto imagined instances of that type (blankInstance) that take a task
// by placement's own rule, Instance.Lacks, so in every requirement ECS groups tasks by: CPU,
// memory, GPUs, ENIs and explicit host ports, the agent's reserved TCP and UDP ports included
// (DG/cluster-auto-scaling; ECS-REFERENCE §5.3). A task that does not fit an empty instance of
// g's smallest type is left out, as ECS's guard leaves it. The imagined instances take as many
// awsvpc tasks as the group's would, trunked under the account's awsvpcTrunking setting
// (trunking, the same for every cluster of a run) where their type and agent allow it.
func binpackCount(defs []*TaskDefinition, g *AutoScalingGroup, trunking bool) int {
	smallest := g.InstanceTypes[0]
	for _, t := range g.InstanceTypes {
		if t.RegisteredCPU() < smallest.RegisteredCPU() || t.MemTotalMiB() < smallest.MemTotalMiB() {
			smallest = t
		}
	}
	guard, fresh := blankInstance(smallest, &g.Agent, trunking), blankInstance(g.InstanceTypes[0], &g.Agent, trunking)
	fits := slices.DeleteFunc(slices.Clone(defs), func(d *TaskDefinition) bool { return !guard.CanHost(d) || !fresh.CanHost(d) })
	bins, _ := PackCount(fits, nil, g.InstanceTypes[0], &g.Agent, trunking)
	return bins
}

// empty reports whether an instance runs nothing but daemon tasks: what managed scaling and
// termination protection call empty.
func empty(in *Instance) bool {
	for _, t := range in.tasks {
		if t.Service == nil || t.Service.Scheduling != Daemon {
			return false
		}
	}
	return true
}

// scale is one managed-scaling evaluation of p.
func (s *Simulation) scale(p *CapacityProvider, now sim.Time) {
	if next := now.Add(ScalingPeriod); next <= s.Horizon {
		s.Engine.Schedule(next, PriorityService+1, sim.HandlerFunc(func(now sim.Time) { s.scale(p, now) }))
	}
	ms, g, st := p.ManagedScaling, p.ASG, &p.asg
	cpr, m, n := s.reservation(p)
	target := float64(ms.TargetCapacity)
	switch {
	case cpr > target:
		st.lowSince = sim.Never
		warming := st.pending() > 0 || (st.lastLaunch != sim.Never && now < st.lastLaunch.Add(ms.WarmUp))
		if warming || n >= g.MaxSize {
			return
		}
		count := int(math.Ceil(float64(m)*100/target)) - n
		if n == 0 && !st.scaled {
			count = 2 // the first scale-out from zero reads CPR 200: two instances
		}
		count = min(max(count, ms.MinStep), ms.MaxStep, g.MaxSize-n)
		st.scaled = true
		s.emit(Event{Kind: ScaleOut, Provider: p, Metric: cpr, Count: count})
		s.launch(p, count, now)
	case cpr < target:
		keep := max(int(math.Ceil(float64(m)*100/target)), g.MinSize)
		if keep >= n {
			st.lowSince = sim.Never // below target, but no instance to spare: nothing to wait for
			return
		}
		if st.lowSince == sim.Never {
			st.lowSince = now
		}
		if now.Sub(st.lowSince) < ScaleInPeriod {
			return
		}
		count := min(n-keep, max((n-1)/2, 1)) // less than half the group per minute
		// Lowering the desired capacity first drops launches still waiting for capacity: the
		// group only terminates instances to go below what it runs (EC2 Auto Scaling).
		cancelled := min(count, st.short)
		st.short -= cancelled
		victims := s.scaleInVictims(p, count-cancelled)
		if cancelled+len(victims) == 0 {
			return
		}
		s.emit(Event{Kind: ScaleIn, Provider: p, Metric: cpr, Count: cancelled + len(victims)})
		for _, in := range victims {
			s.retire(p, in, now, "Scale-in by the Auto Scaling group of capacity provider "+p.Name)
		}
	default:
		st.lowSince = sim.Never
	}
}

// scaleInVictims chooses up to n of p's instances to terminate. With managed termination
// protection ECS lets the group take only empty instances, oldest first. Without it the group's
// default termination policy chooses, blind to tasks: from the zone with the most instances, the
// oldest (EC2 Auto Scaling's default policy, simplified).
func (s *Simulation) scaleInVictims(p *CapacityProvider, n int) []*Instance {
	var out []*Instance
	if p.ManagedTerminationProtection {
		for _, in := range p.asg.instances {
			if len(out) < n && empty(in) && in.terminateReason == "" {
				out = append(out, in)
			}
		}
		return out
	}
	left := slices.DeleteFunc(slices.Clone(p.asg.instances), func(in *Instance) bool { return in.terminateReason != "" })
	for len(out) < n && len(left) > 0 {
		perZone := map[string]int{}
		for _, in := range left {
			perZone[in.Zone]++
		}
		i := 0
		for j, in := range left { // left is oldest first: the first of the fullest zone
			if perZone[in.Zone] > perZone[left[i].Zone] {
				i = j
			}
		}
		out = append(out, left[i])
		left = slices.Delete(left, i, i+1)
	}
	return out
}

// retire removes one of p's instances: at once if it is empty or the provider does not drain,
// else after draining (DG/managed-instance-draining).
func (s *Simulation) retire(p *CapacityProvider, in *Instance, now sim.Time, reason string) {
	if !p.ManagedDraining || len(in.tasks) == 0 {
		s.terminate(in, now, reason, false)
		return
	}
	s.retireDrained(in, now, reason)
}

// drainInstance sets an ACTIVE instance to DRAINING and wakes the services with tasks on it.
func (s *Simulation) drainInstance(in *Instance, now sim.Time) {
	if in.Status != StatusActive {
		return
	}
	s.clusterFor(in.Agent.Cluster).SetStatus(in, StatusDraining)
	s.emit(Event{Kind: InstanceDraining, Instance: in})
	for _, t := range in.tasks {
		if t.Service != nil {
			s.wake(t.Service, now)
		}
	}
	s.wakeDaemons(now)
}

// terminate ends an instance: its tasks stop at once, without draining their targets (ECS
// gets no say), and it leaves the cluster.
// fault says the instance was lost (a Spot interruption) rather than retired by its group.
func (s *Simulation) terminate(in *Instance, now sim.Time, reason string, fault bool) {
	if in.Terminated != sim.Never {
		return
	}
	in.Terminated = now // first: stopping its last task must not terminate it again
	c := s.clusterFor(in.Agent.Cluster)
	if in.Status == StatusActive {
		c.SetStatus(in, StatusDraining) // going: nothing may be placed on it meanwhile
	}
	stopped := "Host EC2 (instance " + in.ID + ") terminated."
	for _, t := range slices.Clone(in.tasks) {
		s.kill(t, now, stopped, fault)
	}
	c.Deregister(in)
	if p := in.Provider; p != nil {
		p.asg.instances = removeInstance(p.asg.instances, in)
	}
	s.emit(Event{Kind: InstanceTerminated, Instance: in, Reason: reason, Fault: fault})
}

func removeInstance(ins []*Instance, in *Instance) []*Instance {
	if i := slices.Index(ins, in); i >= 0 {
		return slices.Delete(ins, i, i+1)
	}
	return ins
}

// Spot interruptions (DG/container-instance-spot, DG/fargate-capacity-providers): each EC2
// Spot instance and each FARGATE_SPOT task is interrupted after an exponential time drawn from
// its own stream ("spot/ec2", "spot/fargate") at the scenario's rate, with a two-minute notice.
//   - An EC2 Spot instance whose agent enables ECS_ENABLE_SPOT_INSTANCE_DRAINING drains at the
//     notice, so the service scheduler replaces its tasks; otherwise they are killed when the
//     instance goes. An ASG provider launches a replacement instance: Spot capacity is replaced
//     with Spot, never on-demand.
//   - A FARGATE_SPOT task gets SIGTERM at the notice and SIGKILL after its stop timeout (at most
//     the two minutes); its service replaces it by its strategy.

// spotNotice gives a Spot instance its two-minute notice: it drains if its agent enables Spot
// draining, and terminates when the notice runs out.
func (s *Simulation) spotNotice(in *Instance, now sim.Time) {
	if in.Terminated != sim.Never || in.noticed {
		return
	}
	in.noticed = true
	s.emit(Event{Kind: SpotInterruptionNotice, Instance: in})
	if in.Agent.EnableSpotInstanceDraining {
		s.drainInstance(in, now)
	}
	if end := now.Add(s.Spot.Notice); end <= s.Horizon {
		s.Engine.Schedule(end, PriorityInfra, sim.HandlerFunc(func(now sim.Time) {
			s.lose(in, now, "Spot interruption") // scaled in meanwhile: nothing happens
		}))
	}
}

// scheduleSpotTask starts a FARGATE_SPOT task's interruption clock.
func (s *Simulation) scheduleSpotTask(t *Task, now sim.Time) {
	s.afterDraw(s.spotFargate, now, func(now sim.Time) {
		if !t.Active() {
			return
		}
		s.emit(Event{Kind: SpotInterruptionNotice, Task: t, Instance: t.Instance})
		s.interrupt(t, now, "Your Spot Task was interrupted.")
	})
}

// interrupt stops a task with SIGTERM now and SIGKILL after its stop timeout, at most the Spot
// notice; its targets start draining but the task does not wait for them.
func (s *Simulation) interrupt(t *Task, now sim.Time, reason string) {
	if t.State != Running {
		s.stopTask(t, now, reason, false) // not yet running: it stops at once
		return
	}
	s.unschedule(t)
	s.Cluster.BeginStop(t, now, reason)
	s.emit(Event{Kind: TaskStopping, Task: t, Instance: t.Instance, Reason: reason, Fault: true})
	s.drainTargets(t, now)
	timeout := min(t.Def.StopTimeout(t.Instance.Agent.StopTimeout), s.Spot.Notice)
	s.schedule(t, stepStopped, now.Add(t.life().shutdown(t.Def, timeout)), PriorityStop)
	s.wake(t.Service, now) // its replacement need not wait for it to stop
}

// registerDeferred registers the instances of every group that waited for a zone to come back
// or a pool to refill, as far as zones and pools now allow, and reports whether one did.
func (s *Simulation) registerDeferred(now sim.Time) bool {
	any := false
	for _, p := range s.CapacityProviders {
		for len(p.asg.deferred) > 0 && s.registerASGInstance(p, now, p.asg.deferred[0]) {
			p.asg.deferred = p.asg.deferred[1:]
			any = true
		}
	}
	return any
}
