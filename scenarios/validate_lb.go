package scenarios

import (
	"fmt"
	"regexp"
	"time"

	"github.com/ecssim/ecssim/models"
)

// Image and registry bounds: ecssim's own, as ECS sets none that matter here. The bandwidth
// bounds keep a pull of the largest image within a few years of virtual time.
const (
	maxImageMiB        = 100_000
	minRegistryMiBps   = 0.01
	maxRegistryMiBps   = 100_000
	maxRegistryLatency = time.Hour
)

var (
	// hostRE is a registry host name with an optional port, as Docker image references have.
	hostRE = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*(:[0-9]{1,5})?$`)
	// targetGroupRE is ELB's rule for target group names (ELB API CreateTargetGroup): at most
	// 32 letters, digits and hyphens, not starting or ending with a hyphen.
	targetGroupRE = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]{0,30}[A-Za-z0-9])?$`)
)

// registries holds every registry the scenario's images use, by name: declared ones, the
// built-in ones (copied when a [[registries]] entry overrides them) and undeclared private
// hosts, each once, so definitions that name the same registry share one *models.Registry.
type registries map[string]*models.Registry

// lookup returns the registry called name, adding an undeclared one.
func (r registries) lookup(name string) *models.Registry {
	if reg, ok := r[name]; ok {
		return reg
	}
	var reg *models.Registry
	switch name {
	case models.ECR.Name:
		reg = models.ECR
	case models.PublicRegistry.Name:
		reg = models.PublicRegistry
	default:
		reg = models.DefaultPrivateRegistry(name)
	}
	r[name] = reg
	return reg
}

func (c *checker) registries(fs []registryFile, sc *Scenario) registries {
	regs := registries{}
	names := map[string]string{}
	for i := range fs {
		f := &fs[i]
		p := fmt.Sprintf("registries[%d]", i)
		if !typed(c, p+".name", f.Name) {
			if !f.Name.set {
				c.missing(p, "name")
			}
			continue
		}
		name := f.Name.v
		if !validRegistryName(name) {
			c.bad(p+".name", "want ecr, public or a registry host name such as registry.example.com, got %q", name)
			continue
		}
		c.unique(names, p+".name", "registry", name)
		if _, dup := regs[name]; dup {
			continue
		}
		reg := new(models.Registry)
		*reg = *registries{}.lookup(name) // a copy: the built-in registries stay as they are
		if typed(c, p+".bandwidth_mib_per_second", f.Bandwidth) {
			if b := f.Bandwidth.v; b >= minRegistryMiBps && b <= maxRegistryMiBps {
				reg.BandwidthMiBps = b
			} else {
				c.bad(p+".bandwidth_mib_per_second", "must be between %g and %g MiB/s, got %g", minRegistryMiBps, float64(maxRegistryMiBps), b)
			}
		}
		if d, ok := c.durationIn(p+".latency", f.Latency, 0, maxRegistryLatency); ok {
			reg.Latency = d
		}
		if typed(c, p+".private", f.Private) {
			reg.Private = f.Private.v
		}
		regs[name] = reg
		sc.Registries = append(sc.Registries, reg)
	}
	return regs
}

func validRegistryName(name string) bool {
	return len(name) <= 253 && hostRE.MatchString(name)
}

// image reads a task definition's image table; nil when the definition has none. Its name is
// left empty for taskDefinitions to default to "family:revision" once the revision is known.
func (c *checker) image(p string, f *imageFile, regs registries) *models.Image {
	if !c.given(p, *f == imageFile{}) {
		return nil
	}
	im := &models.Image{}
	if typed(c, p+".name", f.Name) {
		if f.Name.v == "" {
			c.bad(p+".name", "must not be empty")
		}
		c.plainName(p+".name", "an image name", f.Name.v)
		im.Name = f.Name.v
	}
	if n, ok := c.intIn(p+".size_mib", f.SizeMiB, 1, maxImageMiB); ok {
		im.SizeMiB = n
	} else if !f.SizeMiB.set {
		c.missing(p, "size_mib")
	}
	name := models.ECR.Name
	if typed(c, p+".registry", f.Registry) {
		if validRegistryName(f.Registry.v) {
			name = f.Registry.v
		} else {
			c.bad(p+".registry", "want ecr, public or a registry host name such as registry.example.com, got %q", f.Registry.v)
		}
	}
	im.Registry = regs.lookup(name)
	return im
}

// targetGroupUse is what services need to know about a target group while they are read.
type targetGroupUse struct {
	i        int  // index in Scenario.TargetGroups
	explicit bool // target_type is set; otherwise the first service to use the group sets it
	service  string
	path     string // the load balancer entry that uses it
}

type targetGroups map[string]*targetGroupUse

func (c *checker) targetGroups(fs []targetGroupFile, sc *Scenario) targetGroups {
	tgs := targetGroups{}
	names := map[string]string{}
	for i := range fs {
		f := &fs[i]
		p := fmt.Sprintf("target_groups[%d]", i)
		g := models.TargetGroupConfig{Type: models.TargetInstance, HealthCheck: models.DefaultTargetHealthCheck(),
			DeregistrationDelay: models.DefaultDeregistrationDelay}
		use := &targetGroupUse{i: i}
		if typed(c, p+".name", f.Name) {
			g.Name = f.Name.v
			if !targetGroupRE.MatchString(g.Name) {
				c.bad(p+".name", "a target group name is 1-32 letters, digits and hyphens, not starting or ending with a hyphen")
			}
			c.unique(names, p+".name", "target group", g.Name)
			if _, dup := tgs[g.Name]; !dup {
				tgs[g.Name] = use
			}
		} else if !f.Name.set {
			c.missing(p, "name")
		}
		if t, ok := c.oneOf(p+".target_type", f.TargetType, string(models.TargetInstance), string(models.TargetIP)); ok {
			g.Type, use.explicit = models.TargetType(t), true
		}
		hp := p + ".health_check"
		hc := &f.HealthCheck
		if d, ok := c.durationIn(hp+".interval", hc.Interval, models.MinTargetHealthInterval, models.MaxTargetHealthInterval); ok {
			g.HealthCheck.Interval = d
		}
		timeoutOK := !hc.Timeout.set
		if d, ok := c.durationIn(hp+".timeout", hc.Timeout, minTargetTimeout, maxTargetTimeout); ok {
			g.HealthCheck.Timeout, timeoutOK = d, true
		}
		if timeoutOK && g.HealthCheck.Timeout >= g.HealthCheck.Interval {
			path := hp + ".timeout"
			if !hc.Timeout.set {
				path = hp + ".interval"
			}
			c.bad(path, "the timeout (%s) must be less than the interval (%s)", shortDuration(g.HealthCheck.Timeout), shortDuration(g.HealthCheck.Interval))
		}
		if n, ok := c.intIn(hp+".healthy_threshold", hc.HealthyThreshold, models.MinTargetHealthThreshold, models.MaxTargetHealthThreshold); ok {
			g.HealthCheck.HealthyThreshold = int(n)
		}
		if n, ok := c.intIn(hp+".unhealthy_threshold", hc.UnhealthyThreshold, models.MinTargetHealthThreshold, models.MaxTargetHealthThreshold); ok {
			g.HealthCheck.UnhealthyThreshold = int(n)
		}
		if d, ok := c.durationIn(p+".deregistration_delay", f.DeregistrationDelay, 0, models.MaxDeregistrationDelay); ok {
			g.DeregistrationDelay = d
		}
		sc.TargetGroups = append(sc.TargetGroups, g)
	}
	return tgs
}

// ALB health check timeout bounds (ELB API CreateTargetGroup HealthCheckTimeoutSeconds).
const (
	minTargetTimeout = 2 * time.Second
	maxTargetTimeout = 120 * time.Second
)

// targetTypeFor is the target type a task of network mode m registers as: ip for awsvpc,
// instance for bridge and host (DG/load-balancer-types).
func targetTypeFor(m models.NetworkMode) models.TargetType {
	if m == models.AWSVPC {
		return models.TargetIP
	}
	return models.TargetInstance
}

// loadBalancers reads a service's load_balancers. Each names a target group no other service
// uses (ecssim's rule: a target group serves one service), a container of the service's task
// definition and one of that container's container ports, and the group's target type must
// suit the definition's network mode.
func (c *checker) loadBalancers(p string, svc string, fs []loadBalancerFile, d *models.TaskDefinition, tgs targetGroups, sc *Scenario) []models.LoadBalancerConfig {
	if len(fs) > models.MaxTargetGroupsPerService {
		c.bad(p, "%d load balancers, ECS allows at most %d target groups per service", len(fs), models.MaxTargetGroupsPerService)
	}
	var out []models.LoadBalancerConfig
	for i := range fs {
		f := &fs[i]
		lp := fmt.Sprintf("%s[%d]", p, i)
		lb := models.LoadBalancerConfig{}
		use, ok := c.lbTargetGroup(lp, f, tgs, &lb)
		if typed(c, lp+".container_name", f.ContainerName) {
			lb.ContainerName = f.ContainerName.v
		} else {
			if !f.ContainerName.set {
				c.missing(lp, "container_name")
			}
			ok = false
		}
		if n, nok := c.intIn(lp+".container_port", f.ContainerPort, 1, 65535); nok {
			lb.ContainerPort = uint16(n)
		} else {
			if !f.ContainerPort.set {
				c.missing(lp, "container_port")
			}
			ok = false
		}
		if use != nil {
			use.service, use.path = svc, lp
		}
		if d != nil && lb.ContainerName != "" {
			if key, msg := lbMismatch(lb, d); msg != "" {
				c.bad(lp+"."+key, "%s", msg)
				ok = false
			}
		}
		if d != nil && use != nil {
			g := &sc.TargetGroups[use.i]
			if !use.explicit { // the first service to use the group sets its type
				g.Type, use.explicit = targetTypeFor(d.NetworkMode), true
			} else if msg := targetTypeMismatch(g, d); msg != "" {
				c.bad(lp+".target_group", "%s", msg)
				ok = false
			}
		}
		if ok {
			out = append(out, lb)
		}
	}
	return out
}

// lbTargetGroup reads the target group of load balancer lb at lp into it, and returns the
// group's use, nil when it is unknown or serves another service already; ok is false then, or
// when the key is missing or mistyped.
func (c *checker) lbTargetGroup(lp string, f *loadBalancerFile, tgs targetGroups, lb *models.LoadBalancerConfig) (use *targetGroupUse, ok bool) {
	if !typed(c, lp+".target_group", f.TargetGroup) {
		if !f.TargetGroup.set {
			c.missing(lp, "target_group")
		}
		return nil, false
	}
	lb.TargetGroup = f.TargetGroup.v
	if use = tgs[lb.TargetGroup]; use == nil {
		c.bad(lp+".target_group", "no target group %q in [[target_groups]]", lb.TargetGroup)
		return nil, false
	}
	if use.path != "" {
		loc, _ := c.index.Nearest(use.path)
		c.bad(lp+".target_group", "target group %q is already used by service %q on line %d: in ecssim a target group serves one service",
			lb.TargetGroup, use.service, loc.Key.Line)
		return nil, false
	}
	return use, true
}

// lbMismatch says what d lacks for load balancer lb, and under which key of lb: the container
// or a TCP mapping of the container port (API/LoadBalancer); "" when it has both.
func lbMismatch(lb models.LoadBalancerConfig, d *models.TaskDefinition) (key, msg string) {
	ct := d.Container(lb.ContainerName)
	if ct == nil {
		return "container_name", fmt.Sprintf("%s has no container %q", d.Ref(), lb.ContainerName)
	}
	if lb.ContainerPort == 0 {
		return "", ""
	}
	for _, m := range ct.PortMappings {
		if m.ContainerPort == lb.ContainerPort && m.Protocol == models.TCP {
			return "", ""
		}
	}
	return "container_port", fmt.Sprintf("container %q of %s maps no TCP container_port %d", lb.ContainerName, d.Ref(), lb.ContainerPort)
}

// targetTypeMismatch says why target group g cannot take tasks of d, or "".
func targetTypeMismatch(g *models.TargetGroupConfig, d *models.TaskDefinition) string {
	if want := targetTypeFor(d.NetworkMode); g.Type != want {
		return fmt.Sprintf("target group %q has target_type %s, but %s uses %s network mode, which registers %s targets",
			g.Name, g.Type, d.Ref(), d.NetworkMode, want)
	}
	return ""
}
