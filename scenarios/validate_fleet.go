package scenarios

import (
	"encoding/base64"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/scenarios/internal/tomlpos"
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
		ig := &models.InstanceGroup{Name: fmt.Sprintf("group-%d", i+1)}
		if typed(c, p+".name", g.Name) {
			ig.Name = g.Name.v
			c.plainName(p+".name", "an instance group name", ig.Name)
		}
		c.unique(names, p+".name", "instance group", ig.Name)
		hf := &hostsFile{typeKey: "type", Type: g.Type, Zones: g.Zones, Attributes: g.Attributes,
			Market: g.Market, AMIID: g.AMIID, Agent: &g.Agent, AgentConfig: g.AgentConfig}
		var rows []listedNode
		if hf.nodes = typed(c, p+".nodes", g.Nodes); hf.nodes {
			rows = c.nodeList(p, g)
			for _, r := range rows {
				if !slices.Contains(hf.nodeTypes, r.typ) {
					hf.nodeTypes = append(hf.nodeTypes, r.typ)
				}
			}
		} else if g.NodesFormat.set {
			c.bad(p+".nodes_format", "says how to read nodes, which the group does not set")
		}
		h := c.hosts(p, hf, sc)
		if hf.nodes {
			if g.Count.set {
				c.bad(p+".count", typeOrNodes)
			}
			ig.Nodes = c.nodeGroup(p, rows, h.Attributes)
			ig.Count = len(ig.Nodes)
		} else {
			if len(h.Types) > 0 {
				ig.Type = h.Types[0]
			}
			if n, ok := c.intIn(p+".count", g.Count, 0, 1_000_000); ok {
				ig.Count = int(n)
			} else if !g.Count.set {
				c.missing(p, "count")
			}
		}
		ig.Zones, ig.Market, ig.Agent, ig.AMIID, ig.Attributes = h.Zones, h.Market, h.Agent, h.AMIID, h.Attributes
		sc.InstanceGroups = append(sc.InstanceGroups, ig)
	}
}

// hostsFile holds the keys instance groups and the Auto Scaling groups of capacity providers
// share: which instances they launch, where, and how their agents are configured.
type hostsFile struct {
	// typeKey names the key of one instance type: "type" for instance groups, "instance_type"
	// for Auto Scaling groups, which may instead list several in typesKey.
	typeKey, typesKey string
	Type              str
	Types             strs
	Zones             strs
	Attributes        map[string]str
	Market            str
	AMIID             str
	Agent             *agentFile
	AgentConfig       str
	// nodes says the group lists its instances in a node list, whose types are nodeTypes
	// (each once), instead of setting a type.
	nodes     bool
	nodeTypes []*models.InstanceType
}

// hosts is a validated hostsFile.
type hosts struct {
	Types      []*models.InstanceType // those known to the catalog
	Zones      []string
	Market     models.Market
	AMIID      string
	Attributes []models.Attribute
	Agent      models.AgentConfig
}

// typeOrNodes is the problem with a group that sets both a type (or count) and a node list.
const typeOrNodes = "set type and count, or nodes (one instance per row), not both"

// defaultAMIID is the ecs.ami-id attribute of instances whose group names no AMI.
const defaultAMIID = "ami-ecs-al2023"

// hosts reads the keys of f, in the table at path p: instance types from the catalog, zones in
// the scenario's region (default a, b and c), custom attributes, market, AMI, and the agent
// configuration (the agent's defaults, with ECS_CLUSTER the scenario's cluster, then the
// agent_config file, then the agent table).
func (c *checker) hosts(p string, f *hostsFile, sc *Scenario) hosts {
	h := hosts{Market: models.OnDemand, AMIID: defaultAMIID, Agent: models.DefaultAgentConfig()}
	h.Agent.Cluster = sc.Cluster
	h.Types = c.instanceTypes(p, f, sc)
	h.Zones = c.zones(p+".zones", f.Zones, sc.Region)
	h.Attributes = c.customAttributes(p+".attributes", f.Attributes)
	if m, ok := c.oneOf(p+".market", f.Market, string(models.OnDemand), string(models.Spot)); ok {
		h.Market = models.Market(m)
	}
	if typed(c, p+".ami_id", f.AMIID) {
		h.AMIID = f.AMIID.v
	}
	var file *ecsConfig
	if typed(c, p+".agent_config", f.AgentConfig) {
		file = c.readAgentConfig(p+".agent_config", f.AgentConfig.v)
	}
	c.agent(p, file, f.Agent, &h)
	return h
}

// instanceTypes reads the instance type at typeKey, or the list at typesKey when f has one:
// one or the other is required. A type is one sc declares or a catalog type.
func (c *checker) instanceTypes(p string, f *hostsFile, sc *Scenario) []*models.InstanceType {
	var out []*models.InstanceType
	lookup := func(path, name string) {
		if t, ok := lookupType(sc, name); ok {
			out = append(out, t)
		} else {
			c.bad(path, "unknown instance type %q%s", name, ClosestType(name))
		}
	}
	typeOK := typed(c, p+"."+f.typeKey, f.Type)
	listOK := f.typesKey != "" && typed(c, p+"."+f.typesKey, f.Types)
	if f.nodes {
		if typeOK {
			c.bad(p+"."+f.typeKey, typeOrNodes)
		}
		return f.nodeTypes
	}
	switch {
	case typeOK && listOK:
		c.bad(p+"."+f.typesKey, "set %s or %s, not both", f.typeKey, f.typesKey)
	case typeOK:
		lookup(p+"."+f.typeKey, f.Type.v)
	case listOK:
		lp := p + "." + f.typesKey
		if len(f.Types.v) == 0 {
			c.bad(lp, "list at least one instance type")
		}
		for i, name := range f.Types.v {
			if slices.Contains(f.Types.v[:i], name) {
				c.bad(fmt.Sprintf("%s[%d]", lp, i), "instance type %q is listed twice", name)
				continue
			}
			lookup(fmt.Sprintf("%s[%d]", lp, i), name)
		}
	case !f.Type.set && !f.Types.set:
		c.missing(p, f.typeKey)
	}
	return out
}

// ClosestType suggests catalog types that share the input's family, for an unknown type.
func ClosestType(name string) string {
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
		p := path + "." + tomlpos.QuoteKey(n)
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

// agentSource is where an agent key was set: the checker of its file and its path there.
type agentSource struct {
	c    *checker
	path string
}

func (s agentSource) bad(format string, args ...any) { s.c.bad(s.path, format, args...) }

// agentSources remembers which source set the keys whose final value is checked once every
// source is read, so that a file's value the table overrides is not held against the file.
type agentSources struct {
	reservedMemory, reservedPorts, reservedPortsUDP agentSource
	authType, authData                              agentSource
	authTypeValue, authDataValue                    string
	authTypeKey                                     string // the auth type's key, named as where the data is
}

// agentKeys applies one source of ecs.config keys, the agent table or an ecs.config file read
// into the same form, to h.Agent, checking each value; key gives the path a problem with a
// key (named as in the table) is reported at, in c's file. Checks that span keys or sources
// wait for agentSources.check. The keys are read in the order they always were, since
// problems at the same position are reported in the order they are found.
func (c *checker) agentKeys(key func(string) string, f *agentFile, h *hosts, src *agentSources) {
	a := &h.Agent
	if typed(c, key("cluster"), f.Cluster) {
		a.Cluster = f.Cluster.v
		if !ValidName(a.Cluster) { // the agent could not register with it
			c.bad(key("cluster"), "a cluster name is 1-255 letters, digits, hyphens and underscores")
		}
	}
	c.agentReservations(key, f, a, src)
	if typed(c, key("enable_task_iam_role"), f.EnableTaskIAMRole) {
		a.EnableTaskIAMRole = f.EnableTaskIAMRole.v
	}
	if typed(c, key("enable_task_iam_role_network_host"), f.EnableTaskIAMRoleHost) {
		a.EnableTaskIAMRoleNetworkHost = f.EnableTaskIAMRoleHost.v
	}
	if typed(c, key("enable_spot_instance_draining"), f.EnableSpotDraining) {
		a.EnableSpotInstanceDraining = f.EnableSpotDraining.v
	}
	if typed(c, key("enable_high_density_eni"), f.EnableHighDensityENI) {
		a.EnableHighDensityENI = f.EnableHighDensityENI.v
	}
	if typed(c, key("enable_gpu_support"), f.EnableGPUSupport) {
		a.EnableGPUSupport = f.EnableGPUSupport.v
	}
	c.agentContainerKeys(key, f, a)
	c.agentEngineAuth(key, f, src)
}

// agentReservations applies the keys that set what the agent holds back from tasks: memory,
// TCP and UDP ports, and the range it draws dynamic host ports from. It notes in src which
// source set the memory and ports, because whether they fit the instance type or ECS's limit
// is checked on the final values, and a problem there belongs to the source that set them.
func (c *checker) agentReservations(key func(string) string, f *agentFile, a *models.AgentConfig, src *agentSources) {
	if n, ok := c.intIn(key("reserved_memory"), f.ReservedMemory, 0, 1<<40); ok {
		a.ReservedMemoryMiB = n
		src.reservedMemory = agentSource{c, key("reserved_memory")}
	}
	if ports, ok := c.ports(key("reserved_ports"), f.ReservedPorts); ok {
		a.ReservedPorts = ports
		src.reservedPorts = agentSource{c, key("reserved_ports")}
	}
	if ports, ok := c.ports(key("reserved_ports_udp"), f.ReservedPortsUDP); ok {
		a.ReservedPortsUDP = ports
		src.reservedPortsUDP = agentSource{c, key("reserved_ports_udp")}
	}
	if p := key("dynamic_host_port_range"); typed(c, p, f.DynamicHostPortRange) {
		if r, ok := parsePortRange(f.DynamicHostPortRange.v); ok {
			a.DynamicHostPortRange = r
		} else {
			c.bad(p, "want FIRST-LAST with 1 <= FIRST <= LAST <= 65535, got %q", f.DynamicHostPortRange.v)
		}
	}
}

// agentContainerKeys applies the keys that say how the agent runs containers: the log drivers
// it offers, its version, how long it waits for a container to stop, and how it pulls images.
// Each is checked on its own, so a wrong value is reported where it is set.
func (c *checker) agentContainerKeys(key func(string) string, f *agentFile, a *models.AgentConfig) {
	if p := key("available_logging_drivers"); typed(c, p, f.AvailableLoggingDrivers) {
		for i, d := range f.AvailableLoggingDrivers.v {
			if !slices.Contains(logDrivers, d) {
				c.bad(fmt.Sprintf("%s[%d]", p, i), "unknown log driver %q (want %s)", d, orList(logDrivers))
			}
		}
		a.AvailableLoggingDrivers = f.AvailableLoggingDrivers.v
	}
	if p := key("agent_version"); typed(c, p, f.AgentVersion) {
		if !ValidAgentVersion(f.AgentVersion.v) {
			c.bad(p, "want a version such as 1.89.0, got %q", f.AgentVersion.v)
		}
		a.AgentVersion = f.AgentVersion.v
	}
	if p := key("container_stop_timeout"); typed(c, p, f.ContainerStopTimeout) {
		d, err := time.ParseDuration(f.ContainerStopTimeout.v)
		switch {
		case err != nil:
			c.bad(p, "want a duration such as 30s or 2m, got %q", f.ContainerStopTimeout.v)
		case d < time.Second:
			c.bad(p, "%q is below the agent's minimum of 1s", f.ContainerStopTimeout.v)
		default:
			a.StopTimeout = d
		}
	}
	pulls := []string{string(models.PullDefault), string(models.PullAlways), string(models.PullOnce), string(models.PullPreferCached)}
	if b, ok := c.oneOf(key("image_pull_behavior"), f.ImagePullBehavior, pulls...); ok {
		a.ImagePullBehavior = models.PullBehavior(b)
	}
}

// agentEngineAuth notes in src the engine auth type and data this source sets, without
// applying them: the data's meaning depends on the type, which another source may set, so
// agentSources.check reads the data once every source is read. A later source's type
// replaces an earlier one's, even when it is wrong, so the earlier value is cleared first.
func (c *checker) agentEngineAuth(key func(string) string, f *agentFile, src *agentSources) {
	if f.EngineAuthType.set {
		src.authType, src.authTypeValue = agentSource{c, key("engine_auth_type")}, ""
		if t, ok := c.oneOf(key("engine_auth_type"), f.EngineAuthType, "docker", "dockercfg"); ok {
			src.authTypeValue = t
		}
	}
	if typed(c, key("engine_auth_data"), f.EngineAuthData) {
		src.authData, src.authDataValue = agentSource{c, key("engine_auth_data")}, f.EngineAuthData.v
		// The type's key as the data's source names it (engine_auth_type in the table,
		// ECS_ENGINE_AUTH_TYPE in a file), for the problem that the data has no type.
		p := key("engine_auth_type")
		src.authTypeKey = p[strings.LastIndexByte(p, '.')+1:]
	}
}

// check makes the checks that need every source's keys, and reads the engine auth data, whose
// meaning depends on the auth type, which another source may set.
func (src *agentSources) check(h *hosts) {
	a := &h.Agent
	var smallest *models.InstanceType // the type with the least memory
	for _, t := range h.Types {
		if smallest == nil || t.MemTotalMiB() < smallest.MemTotalMiB() {
			smallest = t
		}
	}
	if n := a.ReservedMemoryMiB; src.reservedMemory.c != nil && smallest != nil && n >= smallest.MemTotalMiB() {
		src.reservedMemory.bad("reserves %d MiB, but %s has only %d MiB; the agent would fail to register", n, smallest.Name, smallest.MemTotalMiB())
	}
	if n := len(a.ReservedPorts) + len(a.ReservedPortsUDP); n > models.MaxReservedPorts {
		s := src.reservedPorts
		if s.c == nil {
			s = src.reservedPortsUDP
		}
		s.bad("%d reserved ports, ECS allows at most %d", n, models.MaxReservedPorts)
	}
	if src.authData.c == nil {
		return
	}
	regs, ok := engineAuthRegistries(src.authData, src.authTypeValue, src.authDataValue)
	if !ok {
		return
	}
	if src.authType.c == nil {
		src.authData.bad("without %s (docker or dockercfg), the agent ignores this data", src.authTypeKey)
		return
	}
	if src.authTypeValue != "" {
		a.EngineAuthRegistries = regs
	}
}

// engineAuthRegistries reads ECS_ENGINE_AUTH_DATA as the agent does (agent/dockerclient/
// dockerauth parseAuthData): a JSON object whose keys are registries and whose values are
// credentials, for type docker {"username", "password", "email"}, for type dockercfg
// {"auth": base64 of USERNAME:PASSWORD, "email"}. It returns the registries' host names,
// sorted and without duplicates. typ is "" when the type is unknown; the values are then
// checked only for being objects.
func engineAuthRegistries(s agentSource, typ, data string) ([]string, bool) {
	const want = `a JSON object of registries and their credentials, such as {"registry.example.com":{"username":"u","password":"p"}}`
	v, err := decodeJSON(data)
	if err != nil {
		s.bad("want %s: %s", want, jsonError(data, err))
		return nil, false
	}
	m, isObject := v.(map[string]any)
	if !isObject {
		s.bad("want %s, got %s", want, describe(v))
		return nil, false
	}
	var hosts []string
	ok := true
	for _, reg := range slices.Sorted(maps.Keys(m)) {
		host := registryHost(reg)
		if host == "" {
			s.bad("registry %q has no host name", reg)
			ok = false
			continue
		}
		creds, isObject := m[reg].(map[string]any)
		if !isObject {
			s.bad("registry %q: want an object of credentials, got %s", reg, describe(m[reg]))
			ok = false
			continue
		}
		for _, k := range slices.Sorted(maps.Keys(creds)) {
			if _, isString := creds[k].(string); !isString && typ != "dockercfg" && credentialFields[strings.ToLower(k)] {
				s.bad("registry %q: %s: want a string, got %s", reg, k, describe(creds[k]))
				ok = false
			}
		}
		if typ == "dockercfg" {
			auth, _ := creds["auth"].(string)
			if !validDockercfgAuth(auth) {
				s.bad("registry %q: auth must be the base64 of USERNAME:PASSWORD, or the agent skips the registry", reg)
				ok = false
				continue
			}
		}
		hosts = append(hosts, host)
	}
	slices.Sort(hosts)
	return slices.Compact(hosts), ok
}

// credentialFields are the string fields of the agent's Docker AuthConfig, which it decodes
// credentials into (matching keys without regard to case, as encoding/json does).
var credentialFields = map[string]bool{"username": true, "password": true, "auth": true, "email": true,
	"serveraddress": true, "identitytoken": true, "registrytoken": true}

func validDockercfgAuth(auth string) bool {
	b, err := base64.StdEncoding.DecodeString(auth)
	return err == nil && strings.Contains(string(b), ":")
}

// registryHost reduces a registry key of the auth data to its host: without a scheme such as
// https:// and without any path, so "https://index.docker.io/v1/" gives "index.docker.io".
func registryHost(reg string) string {
	if _, rest, ok := strings.Cut(reg, "://"); ok {
		reg = rest
	}
	host, _, _ := strings.Cut(reg, "/")
	return host
}

// agent reads the agent configuration of the instance group or Auto Scaling group at path p:
// the agent's defaults already in h.Agent, then file (the ecs.config agent_config names, or
// nil), then the group's agent table, and merges the file's custom attributes under the
// group's.
func (c *checker) agent(p string, file *ecsConfig, table *agentFile, h *hosts) {
	var src agentSources
	if file != nil {
		file.c.agentKeys(ecsConfigPath, &file.agent, h, &src)
	}
	path := p + ".agent"
	c.agentKeys(func(k string) string { return path + "." + k }, table, h, &src)
	src.check(h)
	if file == nil {
		return
	}
	attrs := file.c.customAttributes(ecsInstanceAttributes, file.attributes)
	group := len(h.Attributes)
	h.Attributes = mergeAttributes(attrs, h.Attributes)
	if n := len(h.Attributes); n > maxCustomAttributes && len(attrs) <= maxCustomAttributes && group <= maxCustomAttributes {
		c.bad(p+".agent_config", "%d custom attributes with %s's %s, ECS allows at most %d", n, file.c.file, ecsInstanceAttributes, maxCustomAttributes)
	}
	c.adopt(file.c)
}

// mergeAttributes returns base with over's attributes added or replacing those of the same
// name, sorted by name.
func mergeAttributes(base, over []models.Attribute) []models.Attribute {
	byName := map[string]models.Attribute{}
	for _, a := range slices.Concat(base, over) {
		byName[a.Name] = a
	}
	if len(byName) == 0 {
		return over
	}
	out := make([]models.Attribute, 0, len(byName))
	for _, n := range slices.Sorted(maps.Keys(byName)) {
		out = append(out, byName[n])
	}
	return out
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
