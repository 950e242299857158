package scenarios

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/scheduler"
)

// logDrivers are the log drivers ECS supports on EC2 (API/LogConfiguration), plus "none".
var logDrivers = []string{"awsfirelens", "awslogs", "fluentd", "gelf", "journald", "json-file", "logentries", "none", "splunk", "syslog"}

var (
	attrValueRE = regexp.MustCompile(`^[A-Za-z0-9_./@: -]{1,128}$`) // same source; no edge spaces
	versionRE   = regexp.MustCompile(`^[0-9]+(\.[0-9]+)*$`)
	portRangeRE = regexp.MustCompile(`^([0-9]{1,5})-([0-9]{1,5})$`)
)

// maxCustomAttributes is ECS's limit of custom attributes per resource (API/PutAttributes).
const maxCustomAttributes = 10

func (c *checker) fleet(groups []instanceGroupFile, sc *Scenario) {
	names := map[string]string{}
	for i := range groups {
		g := &groups[i]
		p := fmt.Sprintf("instance_groups[%d]", i)
		ig := &models.InstanceGroup{Name: fmt.Sprintf("group-%d", i+1), Market: models.OnDemand, Agent: models.DefaultAgentConfig()}
		ig.Agent.Cluster = sc.Cluster
		if typed(c, p+".name", g.Name) {
			ig.Name = g.Name.v
		}
		c.unique(names, p+".name", "instance group", ig.Name)
		if typed(c, p+".type", g.Type) {
			t, ok := models.LookupInstanceType(g.Type.v)
			if !ok {
				c.bad(p+".type", "unknown instance type %q%s", g.Type.v, closestType(g.Type.v))
			}
			ig.Type = t
		} else if !g.Type.set {
			c.missing(p, "type")
		}
		if n, ok := c.intIn(p+".count", g.Count, 0, 1_000_000); ok {
			ig.Count = int(n)
		} else if !g.Count.set {
			c.missing(p, "count")
		}
		ig.Zones = c.zones(p+".zones", g.Zones, sc.Region)
		ig.Attributes = c.customAttributes(p+".attributes", g.Attributes)
		if m, ok := c.oneOf(p+".market", g.Market, "on-demand", "spot"); ok && m == "spot" {
			c.bad(p+".market", "ecssim does not model Spot instances yet")
		}
		ig.AMIID = "ami-ecs-al2023"
		if typed(c, p+".ami_id", g.AMIID) {
			ig.AMIID = g.AMIID.v
		}
		c.agent(p+".agent", &g.Agent, ig)
		sc.InstanceGroups = append(sc.InstanceGroups, ig)
	}
}

// closestType suggests catalog types that share the input's family, for an unknown type.
func closestType(name string) string {
	family, _, _ := strings.Cut(name, ".")
	var same []string
	for _, t := range models.InstanceTypes() {
		if strings.HasPrefix(t.Name, family+".") {
			same = append(same, t.Name)
		}
	}
	if len(same) > 0 {
		return "; known " + family + " types: " + strings.Join(same, ", ")
	}
	var families []string
	for _, t := range models.InstanceTypes() {
		f, _, _ := strings.Cut(t.Name, ".")
		if !slices.Contains(families, f) {
			families = append(families, f)
		}
	}
	return "; known families: " + strings.Join(families, ", ")
}

// zones returns the group's zones, by default the region's a, b and c.
func (c *checker) zones(path string, v strs, region string) []string {
	if !typed(c, path, v) {
		return []string{region + "a", region + "b", region + "c"}
	}
	if len(v.v) == 0 {
		c.bad(path, "list at least one zone")
	}
	seen := map[string]bool{}
	for i, z := range v.v {
		suffix, ok := strings.CutPrefix(z, region)
		if !ok || len(suffix) != 1 || suffix[0] < 'a' || suffix[0] > 'z' {
			c.bad(fmt.Sprintf("%s[%d]", path, i), "zone %q is not in region %s (want %sa, %sb, ...)", z, region, region, region)
		}
		if seen[z] {
			c.bad(fmt.Sprintf("%s[%d]", path, i), "zone %q is listed twice", z)
		}
		seen[z] = true
	}
	return v.v
}

func (c *checker) customAttributes(path string, attrs map[string]str) []models.Attribute {
	if len(attrs) > maxCustomAttributes {
		c.bad(path, "%d custom attributes, ECS allows at most %d", len(attrs), maxCustomAttributes)
	}
	var out []models.Attribute
	for _, n := range slices.Sorted(maps.Keys(attrs)) {
		p := path + "." + quoteKey(n)
		if !scheduler.ValidAttributeName(n) {
			c.bad(p, "an attribute name is 1-128 letters, digits or -_/.")
		}
		if strings.HasPrefix(n, "ecs.") || strings.HasPrefix(n, "com.amazonaws.ecs.") {
			c.bad(p, "%q is a built-in attribute name; ECS sets it", n)
		}
		v := attrs[n]
		if !typed(c, p, v) {
			continue
		}
		if !attrValueRE.MatchString(v.v) || strings.TrimSpace(v.v) != v.v {
			c.bad(p, "an attribute value is 1-128 letters, digits, spaces or -_/.@: with no leading or trailing space")
		}
		out = append(out, models.Attribute{Name: n, Value: v.v})
	}
	return out
}

// agent reads the group's ecs.config keys over the agent's defaults.
func (c *checker) agent(path string, f *agentFile, ig *models.InstanceGroup) {
	a := &ig.Agent
	if typed(c, path+".cluster", f.Cluster) {
		a.Cluster = f.Cluster.v
	}
	if n, ok := c.intIn(path+".reserved_memory", f.ReservedMemory, 0, 1<<40); ok {
		a.ReservedMemoryMiB = n
		if ig.Type != nil && n >= ig.Type.MemTotalMiB() {
			c.bad(path+".reserved_memory", "reserves %d MiB, but %s has only %d MiB; the agent would fail to register", n, ig.Type.Name, ig.Type.MemTotalMiB())
		}
	}
	if ports, ok := c.ports(path+".reserved_ports", f.ReservedPorts); ok {
		a.ReservedPorts = ports
	}
	if ports, ok := c.ports(path+".reserved_ports_udp", f.ReservedPortsUDP); ok {
		a.ReservedPortsUDP = ports
	}
	if n := len(a.ReservedPorts) + len(a.ReservedPortsUDP); n > models.MaxReservedPorts {
		c.bad(path+".reserved_ports", "%d reserved ports, ECS allows at most %d", n, models.MaxReservedPorts)
	}
	if typed(c, path+".dynamic_host_port_range", f.DynamicHostPortRange) {
		if r, ok := parsePortRange(f.DynamicHostPortRange.v); ok {
			a.DynamicHostPortRange = r
		} else {
			c.bad(path+".dynamic_host_port_range", "want FIRST-LAST with 1 <= FIRST <= LAST <= 65535, got %q", f.DynamicHostPortRange.v)
		}
	}
	if typed(c, path+".enable_task_iam_role", f.EnableTaskIAMRole) {
		a.EnableTaskIAMRole = f.EnableTaskIAMRole.v
	}
	if typed(c, path+".enable_task_iam_role_network_host", f.EnableTaskIAMRoleHost) {
		a.EnableTaskIAMRoleNetworkHost = f.EnableTaskIAMRoleHost.v
	}
	if typed(c, path+".available_logging_drivers", f.AvailableLoggingDrivers) {
		for i, d := range f.AvailableLoggingDrivers.v {
			if !slices.Contains(logDrivers, d) {
				c.bad(fmt.Sprintf("%s.available_logging_drivers[%d]", path, i), "unknown log driver %q (want %s)", d, orList(logDrivers))
			}
		}
		a.AvailableLoggingDrivers = f.AvailableLoggingDrivers.v
	}
	if typed(c, path+".agent_version", f.AgentVersion) {
		if !versionRE.MatchString(f.AgentVersion.v) {
			c.bad(path+".agent_version", "want a version such as 1.89.0, got %q", f.AgentVersion.v)
		}
		a.AgentVersion = f.AgentVersion.v
	}
}

func (c *checker) ports(path string, v ints) ([]uint16, bool) {
	if !typed(c, path, v) {
		return nil, false
	}
	out := make([]uint16, 0, len(v.v))
	for i, p := range v.v {
		if p < 1 || p > 65535 {
			c.bad(fmt.Sprintf("%s[%d]", path, i), "port %d is outside 1-65535", p)
			continue
		}
		out = append(out, uint16(p))
	}
	return out, true
}

func parsePortRange(s string) (models.PortRange, bool) {
	m := portRangeRE.FindStringSubmatch(s)
	if m == nil {
		return models.PortRange{}, false
	}
	var lo, hi int
	fmt.Sscan(m[1], &lo)
	fmt.Sscan(m[2], &hi)
	if lo < 1 || hi > 65535 || lo > hi {
		return models.PortRange{}, false
	}
	return models.PortRange{First: uint16(lo), Last: uint16(hi)}, true
}
