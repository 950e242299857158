package models

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ecssim/ecssim/sim"
)

// Capacity shortages. Spot capacity is finite: a Spot capacity pool, one instance type in one
// zone, can have none to give for a while, and a launch there fails with
// InsufficientInstanceCapacity (API/LaunchInstancesError: ErrorCode, InstanceType,
// AvailabilityZone, MarketType); FARGATE_SPOT can lack capacity too (ECS-REFERENCE §5.1, §6.5).
// A run has none unless its scenario declares them ([[capacity_shortages]]), so results
// without them are what they always were. During a dry spell:
//   - a Spot Auto Scaling group launches each instance in the first pool that has capacity:
//     the zone with fewest of its instances among those that have some, as the default
//     capacity distribution strategy balanced-best-effort does ("If launches fail in an
//     Availability Zone, Auto Scaling will attempt to launch in another healthy Availability
//     Zone instead", API/AvailabilityZoneDistribution), and there the first instance type of
//     its list that has some, as a mixed instances policy with the prioritized allocation
//     strategy does (API/InstancesDistribution). When no pool has capacity the launch fails
//     and the group tries again every LaunchRetry until one has: EC2 Auto Scaling keeps
//     retrying a desired capacity it could not reach (repost.aws, "EKS insufficient capacity
//     errors"), at an interval AWS does not document. The group's instances still count as
//     wanted meanwhile (its desired capacity), so managed scaling does not ask again for them;
//   - a FARGATE_SPOT task is launched only in a zone of its service with Spot capacity; with
//     none it waits in PROVISIONING and tries again every PlacementRetry. Spot never falls
//     back to on-demand: the Spot share of a strategy simply does not launch until capacity
//     returns (ECS-REFERENCE §5.1, last bullet; §6.5).
//
// Instances and tasks already running are not touched: a shortage stops launches, not
// capacity in use (interruptions are the Spot faults' business).

// LaunchRetry is how long an Auto Scaling group waits before trying again a launch that found
// no capacity: ecssim's choice, as AWS gives no figure.
const LaunchRetry = time.Minute

// InsufficientCapacity is the error code of a launch that found no capacity.
const InsufficientCapacity = "InsufficientInstanceCapacity"

// ShortageKind is what a capacity shortage dries up.
type ShortageKind string

// Shortage kinds: EC2 Spot capacity pools (instance type × zone), and FARGATE_SPOT by zone.
const (
	ShortageSpot        ShortageKind = "spot_capacity"
	ShortageFargateSpot ShortageKind = "fargate_spot_capacity"
)

// CapacityShortage is one declared shortage: either a dry spell at a fixed time (At, For), or
// dry spells that come at random to each pool (RatePerSecond > 0), each lasting a time drawn
// from Duration, drawn from the run's stream "capacity/N/POOL" (N the shortage's index).
type CapacityShortage struct {
	Kind ShortageKind
	// Pools are what runs dry: for spot_capacity "instance-type/zone" ("m5.large/us-east-1a"),
	// for fargate_spot_capacity zones, none meaning every zone.
	Pools         []string
	At, For       time.Duration
	RatePerSecond float64
	Duration      DistSpec
}

// poolKey is the key of a pool in Simulation.dry: "m5.large/us-east-1a" for an EC2 Spot pool,
// "FARGATE_SPOT/us-east-1a" for FARGATE_SPOT in a zone, "FARGATE_SPOT" for it everywhere.
func (c *CapacityShortage) poolKey(pool string) string {
	if c.Kind == ShortageSpot {
		return pool
	}
	if pool == "" {
		return FargateSpotProviderName
	}
	return FargateSpotProviderName + "/" + pool
}

// startShortages schedules every declared shortage's dry spells.
func (s *Simulation) startShortages() {
	for i := range s.Shortages {
		c := &s.Shortages[i]
		pools := c.Pools
		if len(pools) == 0 {
			pools = []string{""} // FARGATE_SPOT everywhere
		}
		for _, pool := range pools {
			key := c.poolKey(pool)
			if c.RatePerSecond <= 0 {
				s.drySpell(key, sim.Time(c.At), c.For)
				continue
			}
			src := s.source(fmt.Sprintf("capacity/%d/%s", i, key))
			gaps := NewSampler(DistSpec{Kind: DistExponential, Mean: secondsToDuration(1 / c.RatePerSecond)}, src)
			lengths := NewSampler(c.Duration, src)
			s.nextDrySpell(key, 0, gaps, lengths)
		}
	}
}

// nextDrySpell schedules the random dry spell of pool key that follows time from.
func (s *Simulation) nextDrySpell(key string, from sim.Time, gaps, lengths *Sampler) {
	at := from.Add(gaps.Sample())
	if at > s.Horizon {
		return
	}
	s.drySpell(key, at, lengths.Sample())
	s.Engine.Schedule(at, PriorityInfra, sim.HandlerFunc(func(now sim.Time) { s.nextDrySpell(key, now, gaps, lengths) }))
}

// drySpell schedules pool key's capacity to run out at at for d. Dry spells of one pool may
// overlap: it has capacity again when the last ends.
func (s *Simulation) drySpell(key string, at sim.Time, d time.Duration) {
	if at > s.Horizon {
		return
	}
	s.Engine.Schedule(at, PriorityInfra, sim.HandlerFunc(func(now sim.Time) {
		if s.dry == nil {
			s.dry = map[string]int{}
		}
		s.dry[key]++
		s.emit(Event{Kind: CapacityShortageStarted, Message: key})
	}))
	end := at.Add(d)
	if end > s.Horizon {
		return
	}
	s.Engine.Schedule(end, PriorityInfra, sim.HandlerFunc(func(now sim.Time) {
		if s.dry[key]--; s.dry[key] == 0 {
			delete(s.dry, key)
		}
		s.emit(Event{Kind: CapacityShortageEnded, Message: key})
		// What waited retries on its own clock: a group's launches every LaunchRetry, a
		// FARGATE_SPOT task every PlacementRetry. A Fargate service may rebalance now, and an
		// instance launched with no zone up with capacity may register.
		if strings.HasPrefix(key, FargateSpotProviderName) {
			s.fargateSpotBack(now)
			return
		}
		if s.registerDeferred(now) {
			s.capacityAdded(now)
		}
	}))
}

// spotDry reports whether an EC2 Spot pool has no capacity.
func (s *Simulation) spotDry(t *InstanceType, zone string) bool {
	return len(s.dry) > 0 && s.dry[t.Name+"/"+zone] > 0
}

// fargateSpotDry reports whether FARGATE_SPOT has no capacity in zone.
func (s *Simulation) fargateSpotDry(zone string) bool {
	return len(s.dry) > 0 && (s.dry[FargateSpotProviderName] > 0 || s.dry[FargateSpotProviderName+"/"+zone] > 0)
}

// poolType returns the first of g's instance types (its priority order) with capacity in
// zone, nil if none has: only Spot pools run dry.
func (s *Simulation) poolType(g *AutoScalingGroup, zone string) *InstanceType {
	if g.Market != Spot {
		return g.InstanceTypes[0]
	}
	i := slices.IndexFunc(g.InstanceTypes, func(t *InstanceType) bool { return !s.spotDry(t, zone) })
	if i < 0 {
		return nil
	}
	return g.InstanceTypes[i]
}

// anyPool reports whether some pool of g has capacity, whether or not its zone is up (an
// instance launched for a zone that is down registers when it returns, as before).
func (s *Simulation) anyPool(g *AutoScalingGroup) bool {
	return slices.ContainsFunc(g.Zones, func(z string) bool { return s.poolType(g, z) != nil })
}

// launchFailed records n of p's launches that found no capacity: they stay wanted and are
// tried again after LaunchRetry.
func (s *Simulation) launchFailed(p *CapacityProvider, n int, now sim.Time) {
	p.asg.short += n
	s.emit(Event{Kind: InstanceLaunchFailed, Provider: p, Reason: InsufficientCapacity, Count: n})
	if p.asg.retrying {
		return
	}
	at := now.Add(LaunchRetry)
	if at > s.Horizon {
		return
	}
	p.asg.retrying = true
	s.Engine.Schedule(at, PriorityInfra, sim.HandlerFunc(func(now sim.Time) {
		p.asg.retrying = false
		n := p.asg.short
		p.asg.short = 0
		s.launch(p, n, now)
	}))
}
