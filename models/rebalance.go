package models

import (
	"fmt"

	"github.com/ecssim/ecssim/sim"
)

// AZ rebalancing (DG/service-rebalancing, ECS-REFERENCE §1.10). A service with
// availabilityZoneRebalancing whose first placement strategy spreads over zones is watched once
// it is steady (its deployment completed, nothing in flight): when its tasks differ by more than
// one between the zones it can run in, ECS starts a task, which the zone spread puts in the
// emptiest zone, and once that task is healthy stops one from the fullest zone by the spread's
// scale-in rule. A service whose maximumPercent leaves no room above its desired count is not
// rebalanced, as ECS documents. It repeats
// until the zones are even, emitting the SERVICE_REBALANCING_STARTED and _COMPLETED events as
// service events. A fleet whose capacity cannot even the zones ends the attempt after as many
// moves as the service has tasks.
func (s *Simulation) rebalance(svc *Service, d *Deployment, c passCounts, now sim.Time) {
	ctl := &svc.ctl
	if d.State != RolloutCompleted || len(c.old) > 0 || c.inFlight > 0 || c.primary != svc.DesiredCount ||
		c.active >= svc.MaxTasks() || !spreadsZonesFirst(svc) {
		return // ECS rebalances only with room above the desired count (DG/service-rebalancing)
	}
	lo, hi := s.zoneSpread(svc, d)
	if hi-lo <= 1 {
		if ctl.rebalancing {
			ctl.rebalancing = false
			s.emit(Event{Kind: ServiceEvent, Service: svc, Message: fmt.Sprintf("service %s has completed rebalancing tasks across Availability Zones (SERVICE_REBALANCING_COMPLETED).", svc.Name)})
		}
		ctl.rebalanceSteps = 0
		return
	}
	if ctl.rebalanceSteps >= svc.DesiredCount {
		return
	}
	if !ctl.rebalancing {
		ctl.rebalancing = true
		s.emit(Event{Kind: ServiceEvent, Service: svc, Message: fmt.Sprintf("service %s is rebalancing tasks across Availability Zones (SERVICE_REBALANCING_STARTED).", svc.Name)})
	}
	ctl.rebalanceSteps++
	s.startTasks(svc, d, 1, now)
	s.passEvents(svc)
}

// spreadsZonesFirst reports whether svc's first placement strategy spreads over zones: the
// only case ECS rebalances.
func spreadsZonesFirst(svc *Service) bool {
	p, ok := svc.Placer.(interface{ Strategies() []StrategySpec })
	if !ok {
		return false
	}
	chain := p.Strategies()
	return len(chain) > 0 && chain[0].Type == "spread" && chain[0].Field == "attribute:"+AttrAvailabilityZone
}

// zoneSpread returns the fewest and most of svc's active tasks in the zones where it can run:
// those with an ACTIVE instance it is eligible for.
func (s *Simulation) zoneSpread(svc *Service, d *Deployment) (lo, hi int) {
	probe := &Task{Service: svc, Deployment: d, Def: d.Def, Group: svc.Group(), State: Provisioning}
	zones := s.Cluster.Zones()
	ok := make([]bool, len(zones))
	for _, in := range s.Cluster.Instances() {
		if !ok[in.zoneIndex] && s.eligible(svc, probe, in) {
			ok[in.zoneIndex] = true
		}
	}
	g := s.Cluster.Group(svc.Group())
	lo, hi = -1, 0
	for z := range zones {
		if !ok[z] {
			continue
		}
		n := 0
		if g != nil {
			n = g.ZoneCount(z)
		}
		if lo < 0 || n < lo {
			lo = n
		}
		hi = max(hi, n)
	}
	return max(lo, 0), hi
}

// eligible reports whether svc could run probe on in, room aside, with the placer it uses
// there: its own on EC2, or its capacity providers' on their instances.
func (s *Simulation) eligible(svc *Service, probe *Task, in *Instance) bool {
	strategy := s.strategyOf(svc)
	if len(strategy) == 0 {
		return svc.LaunchType != LaunchFargate && svc.Placer.Eligible(probe, in)
	}
	for _, it := range strategy {
		if it.Provider.Kind == ProviderASG && s.providerPlacer(probe, it.Provider).Eligible(probe, in) {
			return true
		}
	}
	return false
}
