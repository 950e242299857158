package models

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ecssim/ecssim/sim"
)

// availabilityZoneRebalancing's default (API/CreateService, API/UpdateService; ECS-REFERENCE
// §1.10). Since 2025 CreateService defaults a service that gives none to ENABLED when the
// service supports rebalancing, and to DISABLED otherwise (the API reference's
// availabilityZoneRebalancing: ENABLED "if the service is compatible"; AWS's notice of the
// change, June 2025, named services whose strategy is binpack as ones that stay DISABLED).
// UpdateService keeps the old value, and a service that
// never had one, created before, reads DISABLED: a scenario models a new service, so ecssim
// applies the CreateService default, and availability_zone_rebalancing = "DISABLED" models an
// older one.
//
// What ECS can rebalance (DG/service-rebalancing, as quoted in aws-cdk pull request 32259 and
// checked by its validation, pull request 32263): REPLICA services whose first placement
// strategy is Availability Zone spread (or that give none: ECS's default chain starts with
// it), never DAEMON services, services with maximumPercent 100 (rebalancing starts a task
// before it stops one), services with a placement constraint on
// attribute:ecs.availability-zone, services behind a Classic Load Balancer or on EXTERNAL
// (ECS Anywhere) capacity. ecssim models neither of the last two. Fargate services qualify:
// placement strategies are rejected on Fargate, which spreads a service's tasks over its
// subnets' zones itself (DG/task-placement; ECS-REFERENCE §1, "Fargate: AZ spread"), so a
// Fargate service is rebalanced as one whose first strategy spreads over zones.

// resolveRebalancing fixes each service's availabilityZoneRebalancing for the run: its own
// setting, else CreateService's default for the service as built, with the placement
// strategy it runs with (a run's strategy override included).
func (s *Simulation) resolveRebalancing() {
	for _, svc := range s.Services {
		if svc.Kube != nil {
			// Kubernetes moves no running pod to even out zones: a Deployment's pods stay
			// where the scheduler put them (rebalancing would take a descheduler, which EKS
			// does not run).
			svc.rebalancing = RebalancingDisabled
			continue
		}
		svc.rebalancing = svc.AZRebalancing
		if svc.rebalancing == "" {
			svc.rebalancing = RebalancingDisabled
			if RebalancingUnsupported(svc.ServiceConfig, placerChain(svc), s.fargateOnly(svc)) == "" {
				svc.rebalancing = RebalancingEnabled
			}
		}
	}
}

// RebalancingUnsupported says why ECS would not rebalance a service of configuration c whose
// tasks are placed by chain (on EC2) or that runs on Fargate only, as a clause naming the
// service ("service web's maximum_percent is 100, and ..."); "" when ECS would. It is the rule
// behind availabilityZoneRebalancing's default, and behind the scenarios package's warnings
// about ENABLED where it does nothing.
func RebalancingUnsupported(c *ServiceConfig, chain []StrategySpec, fargate bool) string {
	const why = "ECS rebalances a service only when its first placement strategy spreads over attribute:" + AttrAvailabilityZone + " (DG/service-rebalancing)"
	zoneSpread := StrategySpec{Type: "spread", Field: "attribute:" + AttrAvailabilityZone}
	switch {
	case c.Scheduling == Daemon:
		return fmt.Sprintf("service %s is a DAEMON service, which ECS does not rebalance: it runs one task on each instance (DG/service-rebalancing)", c.Name)
	case !fargate && len(chain) == 0:
		return fmt.Sprintf("service %s has no placement strategy, and %s", c.Name, why)
	case !fargate && chain[0] != zoneSpread:
		return fmt.Sprintf("service %s's first placement strategy is %s, and %s", c.Name, chain[0], why)
	case c.MaximumPercent <= 100:
		return fmt.Sprintf("service %s's maximum_percent is %d, and ECS rebalances only a service that may start a task "+
			"before it stops one, with maximum_percent above 100 (DG/service-rebalancing)", c.Name, c.MaximumPercent)
	case zoneConstraint(c.Constraints) || (c.Def != nil && zoneConstraint(c.Def.PlacementConstraints)):
		return fmt.Sprintf("service %s has a placement constraint on %s, and ECS does not rebalance such a service "+
			"(DG/service-rebalancing)", c.Name, AttrAvailabilityZone)
	}
	return ""
}

// zoneConstraint reports whether a constraint names the zone attribute.
func zoneConstraint(cs []ConstraintSpec) bool {
	return slices.ContainsFunc(cs, func(c ConstraintSpec) bool { return strings.Contains(c.Expression, AttrAvailabilityZone) })
}

// fargateOnly reports whether svc runs on Fargate only: launch type FARGATE, or a capacity
// provider strategy (its own, else the cluster's default) of FARGATE and FARGATE_SPOT alone.
func (s *Simulation) fargateOnly(svc *Service) bool {
	if svc.LaunchType != "" {
		return svc.LaunchType == LaunchFargate
	}
	strategy := s.strategyOf(svc)
	return len(strategy) > 0 && !slices.ContainsFunc(strategy, func(it StrategyItem) bool {
		return it.Provider == nil || !it.Provider.Kind.Fargate()
	})
}

// AZ rebalancing (DG/service-rebalancing, ECS-REFERENCE §1.10). A service with
// availabilityZoneRebalancing whose first placement strategy spreads over zones, or that runs
// on Fargate only (which spreads over zones by itself, DG/task-placement), is watched once it
// is steady (its deployment completed, nothing in flight): when its tasks differ by more than
// one between the zones it can run in, ECS starts a task, which the zone spread puts in the
// emptiest zone (fargateZone does the same for a Fargate task), and once that task is healthy
// stops one from the fullest zone by the spread's scale-in rule (scaleInPick for Fargate). A
// service whose maximumPercent leaves no room above its desired count is not rebalanced, as
// ECS documents. It repeats until the zones are even, emitting the SERVICE_REBALANCING_STARTED
// and _COMPLETED events as service events. A fleet whose capacity cannot even the zones ends
// the attempt after as many moves as the service has tasks.
func (s *Simulation) rebalance(svc *Service, d *Deployment, c passCounts, now sim.Time) {
	ctl := &svc.ctl
	if d.State != RolloutCompleted || len(c.old) > 0 || c.inFlight > 0 || c.primary != svc.DesiredCount ||
		c.active >= svc.MaxTasks() {
		return // ECS rebalances only with room above the desired count (DG/service-rebalancing)
	}
	fargate := s.fargateOnly(svc)
	if !fargate && !spreadsZonesFirst(svc) {
		return
	}
	lo, hi, room := s.zoneSpread(svc, d, fargate)
	if hi-lo <= 1 {
		if ctl.rebalancing {
			ctl.rebalancing = false
			s.emit(Event{Kind: ServiceEvent, Service: svc, Message: fmt.Sprintf("service %s has completed rebalancing tasks across Availability Zones (SERVICE_REBALANCING_COMPLETED).", svc.Name)})
		}
		ctl.rebalanceSteps = 0
		return
	}
	if ctl.rebalanceSteps >= svc.DesiredCount || !room {
		// ECS starts a rebalancing task only in a zone with the fewest tasks; with no room
		// there, it reports the placement failure and moves nothing (DG/track-service-rebalancing:
		// SERVICE_TASK_PLACEMENT_FAILURE). Started anyway, the zone spread would put the task in
		// another zone, and the scale-in that follows would stop it again.
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

// fargateSpotBack wakes the services on Fargate alone that rebalance, when FARGATE_SPOT
// capacity returns: a zone that had none did not count among a FARGATE_SPOT service's zones
// (fargateZones), so the service may now be uneven, and ECS watches its zones continuously
// (DG/service-rebalancing). A FARGATE_SPOT task waiting for capacity retries on its own clock.
func (s *Simulation) fargateSpotBack(now sim.Time) {
	for _, svc := range s.Services {
		if svc.rebalances() && s.fargateOnly(svc) {
			s.wake(svc, now)
		}
	}
}

// stopRebalancing ends a rebalancing under way when a deployment or a scale changes what the
// service should run: ECS rebalances a service only from a steady state (DG/service-rebalancing),
// and a scale-in must not wait for a rebalancing task that may never be placed. The next
// steady state looks at the zones afresh.
func (ctl *serviceControl) stopRebalancing() { ctl.rebalancing, ctl.rebalanceSteps = false, 0 }

// spreadsZonesFirst reports whether svc's first placement strategy spreads over zones: the
// only case ECS rebalances.
func spreadsZonesFirst(svc *Service) bool {
	chain := placerChain(svc)
	return len(chain) > 0 && chain[0].Type == "spread" && chain[0].Field == "attribute:"+AttrAvailabilityZone
}

// placerChain returns the placement strategies svc's placer uses, nil when it tells none.
func placerChain(svc *Service) []StrategySpec {
	if p, ok := svc.Placer.(interface{ Strategies() []StrategySpec }); ok {
		return p.Strategies()
	}
	return nil
}

// zoneSpread returns the fewest and most of svc's active tasks in the zones where it can run,
// and whether a zone with the fewest has room for one more task now. On EC2 those zones are the
// ones with an ACTIVE instance svc is eligible for, and room is an instance there that fits the
// task; on Fargate (fargate set) they are fargateZones, and a zone where it can run has room.
func (s *Simulation) zoneSpread(svc *Service, d *Deployment, fargate bool) (lo, hi int, room bool) {
	var zones []int
	var fits []bool
	if fargate {
		zones, fits = s.fargateZones(svc)
	} else {
		zones, fits = s.ec2Zones(svc, d)
	}
	g := s.Cluster.Group(svc.Group())
	lo, hi = -1, 0
	for i, z := range zones {
		n := 0
		if g != nil && z >= 0 {
			n = g.ZoneCount(z)
		}
		switch {
		case lo < 0 || n < lo:
			lo, room = n, fits[i]
		case n == lo:
			room = room || fits[i]
		}
		hi = max(hi, n)
	}
	return max(lo, 0), hi, room
}

// ec2Zones returns the indexes of the zones with an ACTIVE instance svc is eligible for, in
// the cluster's zone order, and for each whether such an instance has room for a task of d.
func (s *Simulation) ec2Zones(svc *Service, d *Deployment) (zones []int, fits []bool) {
	probe := &Task{Service: svc, Deployment: d, Def: d.Def, Group: svc.Group(), State: Provisioning}
	n := len(s.Cluster.Zones())
	ok, fit := make([]bool, n), make([]bool, n)
	for _, in := range s.Cluster.Instances() {
		if z := in.zoneIndex; !fit[z] && s.eligible(svc, probe, in) {
			ok[z] = true
			fit[z] = in.CanHost(d.Def)
		}
	}
	for z := range ok {
		if ok[z] {
			zones, fits = append(zones, z), append(fits, fit[z])
		}
	}
	return zones, fits
}

// fargateZones returns the zones where Fargate can start a task of svc now, the ones
// fargateZone chooses among: svc's zones that are not in an outage and, for a service on
// FARGATE_SPOT alone, that have Spot capacity (shortage.go). Each is given as its index among
// the cluster's zones, -1 for one where no task ever ran (it holds none), and each has room:
// Fargate brings a micro-VM per task. A service configured with no zones runs in one zone
// ("fargate"), which is never uneven, so it gets none.
func (s *Simulation) fargateZones(svc *Service) (zones []int, fits []bool) {
	spotOnly := svc.LaunchType == "" && !slices.ContainsFunc(s.strategyOf(svc), func(it StrategyItem) bool {
		return it.Provider.Kind != ProviderFargateSpot
	})
	for _, z := range svc.Zones {
		if s.zoneDown[z] > 0 || (spotOnly && s.fargateSpotDry(z)) {
			continue
		}
		i, ok := s.Cluster.zoneIndex[z]
		if !ok {
			i = -1
		}
		zones, fits = append(zones, i), append(fits, true)
	}
	return zones, fits
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
