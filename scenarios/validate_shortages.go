package scenarios

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ecssim/ecssim/models"
)

// shortages reads [[capacity_shortages]]: Spot capacity pools (instance type × zone) or
// FARGATE_SPOT zones that run out of capacity for a while, at a time or at random
// (models/shortage.go; API/LaunchInstancesError's InsufficientInstanceCapacity, ECS-REFERENCE
// §5.1 and §6.5). None by default.
func (c *checker) shortages(fs []shortageFile, sc *Scenario) {
	for i := range fs {
		f := &fs[i]
		p := fmt.Sprintf("capacity_shortages[%d]", i)
		var s models.CapacityShortage
		kind, ok := c.oneOf(p+".kind", f.Kind, string(models.ShortageSpot), string(models.ShortageFargateSpot))
		if !ok && !f.Kind.set {
			c.missing(p, "kind")
		}
		s.Kind = models.ShortageKind(kind)
		switch s.Kind {
		case models.ShortageSpot:
			s.Pools = c.spotPools(p, f.Pools, sc)
		case models.ShortageFargateSpot:
			if f.Pools.set {
				s.Pools = c.zones(p+".pools", f.Pools, sc.Region)
			}
			if !usesFargateSpot(sc) {
				c.warn(p+".kind", "no service or workload runs on FARGATE_SPOT: the shortage changes nothing")
			}
		}
		c.shortageTiming(p, f, &s)
		sc.Shortages = append(sc.Shortages, s)
	}
}

// spotPools reads a spot_capacity shortage's pools: required, each "instance-type/zone" of a
// Spot Auto Scaling group (the only launches a shortage stops), each once.
func (c *checker) spotPools(p string, v strs, sc *Scenario) []string {
	if !typed(c, p+".pools", v) {
		if !v.set {
			c.missing(p, "pools")
		}
		return nil
	}
	if len(v.v) == 0 {
		c.bad(p+".pools", "list at least one pool, such as \"m5.large/us-east-1a\"")
	}
	var out []string
	for j, pool := range v.v {
		jp := fmt.Sprintf("%s.pools[%d]", p, j)
		typ, zone, ok := strings.Cut(pool, "/")
		switch {
		case !ok:
			c.bad(jp, "want a Spot capacity pool as instance-type/zone, such as \"m5.large/us-east-1a\", got %q", pool)
		case !spotGroupLaunches(sc, typ, zone):
			c.bad(jp, "no Spot Auto Scaling group (market = \"spot\") launches %s in %s", typ, zone)
		case slices.Contains(out, pool):
			c.bad(jp, "pool %q is listed twice", pool)
		default:
			out = append(out, pool)
		}
	}
	return out
}

// spotGroupLaunches reports whether a Spot Auto Scaling group of sc lists type typ and zone.
func spotGroupLaunches(sc *Scenario, typ, zone string) bool {
	return slices.ContainsFunc(sc.CapacityProviders, func(cp models.CapacityProviderConfig) bool {
		g := cp.ASG
		return g != nil && g.Market == models.Spot && slices.Contains(g.Zones, zone) &&
			slices.ContainsFunc(g.InstanceTypes, func(t *models.InstanceType) bool { return t.Name == typ })
	})
}

// usesFargateSpot reports whether a service or workload of sc may run on FARGATE_SPOT: its own
// strategy names it, or it has neither a strategy nor a launch type and the cluster's default
// strategy names it.
func usesFargateSpot(sc *Scenario) bool {
	names := func(items []models.StrategyItemConfig) bool {
		return slices.ContainsFunc(items, func(it models.StrategyItemConfig) bool { return it.Provider == models.FargateSpotProviderName })
	}
	uses := func(launchType string, strategy []models.StrategyItemConfig) bool {
		return names(strategy) || (launchType == "" && len(strategy) == 0 && names(sc.DefaultStrategy))
	}
	return slices.ContainsFunc(sc.Services, func(s models.ServiceConfig) bool { return uses(s.LaunchType, s.CapacityProviderStrategy) }) ||
		slices.ContainsFunc(sc.Workloads, func(w models.WorkloadConfig) bool { return uses(w.LaunchType, w.CapacityProviderStrategy) })
}

// shortageTiming reads when a shortage's pools run dry: at a time for a while (at and for,
// both required), or at random (rate, dry spells per pool such as "1/d", and duration, the
// distribution of how long each lasts), never both.
func (c *checker) shortageTiming(p string, f *shortageFile, s *models.CapacityShortage) {
	if f.Rate.set || f.Duration != (distFile{}) {
		for _, k := range []struct {
			key string
			set bool
		}{{"at", f.At.set}, {"for", f.For.set}} {
			if k.set {
				c.bad(p+"."+k.key, "a shortage has at and for, or rate and duration, not both")
			}
		}
		if typed(c, p+".rate", f.Rate) {
			r, err := parseRate(f.Rate.v)
			if err != nil {
				c.bad(p+".rate", "%v", err)
			}
			s.RatePerSecond = r
		} else if !f.Rate.set {
			c.missing(p, "rate")
		}
		s.Duration = c.distribution(p+".duration", &f.Duration)
		return
	}
	if d, ok := c.duration(p+".at", f.At); ok {
		s.At = d
	} else if !f.At.set {
		c.missing(p, "at")
	}
	switch d, ok := c.duration(p+".for", f.For); {
	case ok && d > 0:
		s.For = d
	case ok:
		c.bad(p+".for", "must be positive")
	case !f.For.set:
		c.missing(p, "for")
	}
}
