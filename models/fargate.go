package models

import (
	"math"
	"time"

	"github.com/ecssim/ecssim/sim"
)

// fargateAgent is the configuration every Fargate task's platform behaves by: the stop timeout
// defaults to 30 s (DG/task_definition_parameters stopTimeout), and nothing is cached.
var fargateAgent = func() *AgentConfig {
	a := DefaultAgentConfig()
	a.Cluster = ""
	return &a
}()

// NewFargateInstance returns the synthetic instance a Fargate task of d runs on: a micro-VM of
// exactly the task's size in zone, launched by provider p (FARGATE or FARGATE_SPOT). It is
// never registered with a cluster, so placement never sees it; it exists so that a Fargate
// task has a zone and a place to hold its resources, like any other. An EKS pod's micro-VM is
// its pod size instead (podFargateVM).
func NewFargateInstance(id string, d *TaskDefinition, zone string, p *CapacityProvider) *Instance {
	c := d.Charge()
	arch := ArchX86_64
	if d.CPUArchitecture == "ARM64" {
		arch = ArchARM64
	}
	typ := &InstanceType{Name: "fargate", VCPU: int((c.CPU + 1023) / 1024), MemoryMiB: c.MemoryMiB, MaxENIs: 2, Arch: arch}
	if d.Kube != nil {
		typ, c = podFargateVM(d)
	}
	market := OnDemand
	if p != nil && p.Kind == ProviderFargateSpot {
		market = Spot
	}
	return &Instance{
		ID: id, Type: typ, Zone: zone, Market: market, Agent: fargateAgent, Status: StatusActive,
		Registered: c, Provider: p, fargate: true, slot: -1, ports: map[uint32]*Task{}, Terminated: sim.Never,
	}
}

// fargateSeq numbers Fargate micro-VMs after any registered instance.
const fargateSeq = 1 << 48

// tokenBucket is the account's Fargate launch rate (DG/throttling): Burst tokens, refilled at
// Rate per second; a launch takes one, and waits for it when the bucket is empty.
type tokenBucket struct {
	burst  float64
	rate   float64
	tokens float64
	at     sim.Time // when tokens was last brought up to date
}

// take returns when a launch asked for at now gets its token. Launches are served in order,
// so a launch may be granted a token in the future, which it then owns.
func (b *tokenBucket) take(now sim.Time) sim.Time {
	if b.rate <= 0 {
		return now
	}
	if now > b.at {
		b.tokens = math.Min(b.burst, b.tokens+now.Sub(b.at).Seconds()*b.rate)
		b.at = now
	}
	b.tokens--
	if b.tokens >= 0 {
		return b.at
	}
	return b.at.Add(time.Duration(-b.tokens / b.rate * float64(time.Second)))
}

// fargateZone picks the zone of Fargate task t on provider p: its service's (or workload's)
// zone with the fewest of its group's active tasks, the first such zone in their order (ECS
// spreads Fargate tasks over the service's subnets' zones, DG/task-placement), leaving out
// zones in an outage and, for FARGATE_SPOT, zones out of Spot capacity (shortage.go); "" when
// none is left, and "fargate" for a service configured with no zones.
func (s *Simulation) fargateZone(t *Task, p *CapacityProvider) string {
	zones := t.Zones()
	spot := p != nil && p.Kind == ProviderFargateSpot
	if len(zones) == 0 {
		if spot && s.fargateSpotDry("fargate") {
			return ""
		}
		return "fargate"
	}
	g := s.Cluster.Group(t.Group)
	best, bestN := "", math.MaxInt
	for _, z := range zones {
		if s.zoneDown[z] > 0 || (spot && s.fargateSpotDry(z)) {
			continue
		}
		n := 0
		if g != nil {
			n = g.ZoneCount(s.Cluster.zoneFor(z))
		}
		if n < bestN {
			best, bestN = z, n
		}
	}
	return best
}

// placeFargate launches a Fargate task: it takes a launch token, waiting in PROVISIONING for
// one when the account's bucket is empty, then provisions for a drawn time, pulls its whole
// image (Fargate caches nothing) and starts its containers.
func (s *Simulation) placeFargate(t *Task, p *CapacityProvider, now sim.Time) {
	bucket := &s.fargateBucket
	if p != nil && p.Kind == ProviderFargateSpot {
		bucket = &s.fargateSpotBucket
	}
	granted := bucket.take(now)
	if granted == now {
		s.launchFargate(t, p, now)
		return
	}
	s.Engine.Schedule(granted, PriorityStart, sim.HandlerFunc(func(now sim.Time) {
		if t.State == Provisioning { // not stopped while it waited
			s.launchFargate(t, p, now)
		}
	}))
}

// StopReasonFargateCapacity is why a RunTask task on Fargate stops when no zone it may run in
// has capacity: RunTask fails at once with this message, and the caller must retry
// (knowledge-center/ecs-fargate-runtask-capacity); a service's scheduler retries by itself.
const StopReasonFargateCapacity = "Capacity is unavailable at this time. Please try again later or in a different availability zone"

// launchFargate puts a task with its launch token on a micro-VM of its own. With every zone of
// the service down (or, on FARGATE_SPOT, out of Spot capacity), a service's task waits in
// PROVISIONING and tries again after PlacementRetry; a workload's (RunTask's) stops.
func (s *Simulation) launchFargate(t *Task, p *CapacityProvider, now sim.Time) {
	zone := s.fargateZone(t, p)
	if zone == "" && t.Workload != nil {
		s.dropProvisioning(t, now, StopReasonFargateCapacity, false)
		return
	}
	if zone == "" {
		if at := now.Add(s.PlacementRetry); at <= s.Horizon {
			s.Engine.Schedule(at, PriorityStart, sim.HandlerFunc(func(now sim.Time) {
				if t.State == Provisioning {
					s.launchFargate(t, p, now)
				}
			}))
		}
		return
	}
	in := NewFargateInstance("fargate-"+t.ID, t.Def, zone, p)
	in.zoneIndex = s.Cluster.zoneFor(in.Zone)
	s.nextFargate++
	in.Seq = fargateSeq + s.nextFargate // after every registered instance, in launch order
	t.next = taskEvent{t: t, sim: s}
	s.Cluster.Place(t, in, now)
	t.PlacedAt = now
	t.PullStartedAt = now.Add(s.fargateProvisioning.Sample()) // ENI and micro-VM ready: the pull starts
	t.ImageReadyAt = t.PullStartedAt.Add(s.Fargate.PullTime(t.Def.Image))
	s.emit(Event{Kind: TaskPlaced, Task: t, Instance: in})
	start := t.ImageReadyAt.Add(t.life().containerStart(t.Def))
	if t.life().fails(t.Def.Behavior.StartFailureRate) {
		t.StartError = errExited
	}
	s.schedule(t, stepStart, start, PriorityStart)
	if in.Market == Spot {
		s.scheduleSpotTask(t, now)
	}
}

// zoneFor returns the index of zone, adding it to the cluster's zones if it is new.
func (c *Cluster) zoneFor(zone string) int {
	z, ok := c.zoneIndex[zone]
	if !ok {
		z = len(c.zones)
		c.zones = append(c.zones, zone)
		c.zoneIndex[zone] = z
	}
	return z
}

// scaleInPick returns which of cands, active tasks of svc, svc stops first: the one its
// placer's scale-in rule picks, among, for a service on Fargate only, the tasks in the zone
// holding most of the service's tasks. Fargate takes no placement strategy and spreads a
// service's tasks over its zones (DG/task-placement; ECS-REFERENCE §1, "Fargate: AZ spread"),
// so its scale-in keeps them balanced as spread(attribute:ecs.availability-zone)'s does on EC2:
// a task in the zone with the most (DG/task-placement-strategies; ECS-REFERENCE §1.2), which is
// also the task AZ rebalancing stops (DG/service-rebalancing: "stops the tasks in Availability
// Zones with the largest number of running tasks"). A Fargate service's placer has no strategy,
// so the cluster's tie-break chooses within that zone.
func (s *Simulation) scaleInPick(svc *Service, cands []*Task) *Task {
	if g := s.Cluster.Group(svc.Group()); g != nil && len(cands) > 1 && s.fargateOnly(svc) {
		most := 0
		for _, t := range cands {
			most = max(most, g.ZoneCount(t.Instance.zoneIndex))
		}
		var full []*Task
		for _, t := range cands {
			if g.ZoneCount(t.Instance.zoneIndex) == most {
				full = append(full, t)
			}
		}
		cands = full
	}
	return svc.Placer.ScaleIn(cands)
}
