package ecsjson

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/scenarios"
	"github.com/ecssim/ecssim/scenarios/internal/tomlpos"
)

// tomlWriter writes the scenario and remembers which JSON value each key came from, so that
// a problem Load finds in the scenario can be placed in the JSON.
type tomlWriter struct {
	b       strings.Builder
	origins map[string]ref
}

func (w *tomlWriter) line(format string, args ...any) {
	fmt.Fprintf(&w.b, format+"\n", args...)
}

// table starts [header] or [[header]] (array) at path, from r.
func (w *tomlWriter) table(header, path string, array bool, r ref) {
	if array && strings.Contains(header, ".") {
		w.line("  [[%s]]", header)
	} else if array {
		w.line("\n[[%s]]", header)
	} else {
		w.line("[%s]", header)
	}
	w.from(path, r)
}

// kv writes key = value in the table at path, indented by indent, from r.
func (w *tomlWriter) kv(indent, path, key, value string, r ref) {
	w.line("%s%s = %s", indent, key, value)
	w.from(tomlpos.Join(path, key), r)
}

func (w *tomlWriter) from(path string, r ref) {
	if r.file != nil {
		w.origins[path] = r
	}
}

// origin finds the JSON value a scenario key path came from: the key's own, or its nearest
// enclosing table's.
func (w *tomlWriter) origin(path string) (ref, bool) {
	for {
		if r, ok := w.origins[path]; ok {
			return r, true
		}
		i := max(strings.LastIndexByte(path, '.'), strings.LastIndexByte(path, '['))
		if i <= 0 {
			return ref{}, false
		}
		path = path[:i]
	}
}

// tomlQuote writes s as a TOML basic string.
func tomlQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func tomlStrings(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = tomlQuote(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// inline writes an inline table of the pairs (key, value) whose value is not "".
func inline(pairs ...string) string {
	var parts []string
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] != "" {
			parts = append(parts, pairs[i]+" = "+pairs[i+1])
		}
	}
	return "{ " + strings.Join(parts, ", ") + " }"
}

func quoted(s string) string {
	if s == "" {
		return ""
	}
	return tomlQuote(s)
}

func seconds(n int64) string { return tomlQuote(strconv.FormatInt(n, 10) + "s") }

// commentSafe keeps a comment on its line.
func commentSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' || r == 0x7f {
			return '?'
		}
		return r
	}, s)
}

// write writes the scenario: the comment that names what was not imported, then the tables.
func (im *importer) write(opt Options) *tomlWriter {
	w := &tomlWriter{origins: map[string]ref{}}
	w.line("name = %s", tomlQuote(opt.Name))
	w.line("duration = %s", tomlQuote(opt.Duration))
	if im.region != "" {
		w.line("region = %s", tomlQuote(im.region))
	}
	if im.cluster != "" {
		w.line("\n[cluster]\nname = %s", tomlQuote(im.cluster))
	}
	for i, d := range im.declared {
		writeDeclaredType(w, i, d)
	}
	for i, p := range im.providers {
		im.writeProvider(w, i, p)
	}
	for i, g := range groupInstances(im.instances) {
		writeGroup(w, i, g)
	}
	for i, td := range im.taskDefs {
		writeTaskDef(w, i, td)
	}
	im.writeServices(w)
	body := w.b.String()
	w.b.Reset()
	im.header(w) // last: writing the tables adds notes
	w.b.WriteString(body)
	return w
}

func (im *importer) header(w *tomlWriter) {
	var names []string
	for _, f := range im.files {
		names = append(names, f.file)
	}
	w.line("# Imported by ecssim import from %s.", commentSafe(strings.Join(names, ", ")))
	section := func(title string, list func(*fileReader) []string) {
		first := true
		for _, f := range im.files {
			items := uniq(list(f)) // once for all the elements of [*]
			if len(items) == 0 {
				continue
			}
			if first {
				w.line("#\n# %s", title)
				first = false
			}
			wrapComment(w, f.file+": ", items)
		}
	}
	section("Not modelled (ecssim has no equivalent of these JSON fields, which were not imported):",
		func(f *fileReader) []string { return f.notModelled })
	section("Identity and status (not modelled: ARNs, timestamps, counts, derived values):",
		func(f *fileReader) []string { return f.identity })
	notes := uniq(im.notes)
	if len(notes) > 0 {
		w.line("#\n# Notes:")
		for _, n := range notes {
			w.line("#   - %s", commentSafe(n))
		}
	}
	w.line("")
}

// uniq returns ss without repeats, in the order of their first occurrence.
func uniq(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// wrapComment writes items after prefix, comma-separated, in comment lines of about 100
// characters.
func wrapComment(w *tomlWriter, prefix string, items []string) {
	line := "#   " + commentSafe(prefix)
	for i, it := range items {
		it = commentSafe(it)
		if i < len(items)-1 {
			it += ","
		}
		if len(line)+len(it) > 100 && !strings.HasSuffix(line, " ") {
			w.line("%s", line)
			line = "#     "
		} else if !strings.HasSuffix(line, " ") {
			line += " "
		}
		line += it
	}
	w.line("%s", line)
}

func (im *importer) writeProvider(w *tomlWriter, i int, p *impProvider) {
	path := fmt.Sprintf("capacity_providers[%d]", i)
	w.table("capacity_providers", path, true, p.at)
	w.kv("", path, "name", tomlQuote(p.name), p.src["name"])
	if p.terminationProtection != "" {
		w.kv("", path, "managed_termination_protection", tomlQuote(p.terminationProtection), p.src["managed_termination_protection"])
	}
	if p.draining != "" {
		w.kv("", path, "managed_draining", tomlQuote(p.draining), p.src["managed_draining"])
	}
	ap := path + ".auto_scaling_group"
	w.table("capacity_providers.auto_scaling_group", ap, false, p.autoScalingGroup)
	im.writeGroupTypes(w, ap, p)
	n := len(p.instances)
	w.kv("", ap, "min_size", "0", ref{})
	w.kv("", ap, "max_size", strconv.Itoa(max(2*n, 10)), ref{})
	w.kv("", ap, "desired_capacity", strconv.Itoa(n), ref{})
	im.note("capacity provider %s: its Auto Scaling group's sizes are not in ECS's JSON; desired_capacity is the %d instances given, min_size 0 and max_size %d are guesses", p.name, n, max(2*n, 10))
	if n > 0 {
		// An Auto Scaling group launches from one template: its instances' settings are the
		// first one's.
		st := settingsOf(p.instances[0])
		for _, in := range p.instances[1:] {
			if settingsOf(in).key() != st.key() {
				im.note("capacity provider %s: its instances differ in AMI, attributes or agent settings; the Auto Scaling group takes the first one's", p.name)
				break
			}
		}
		writeInstanceSettings(w, ap, "capacity_providers.auto_scaling_group.agent", st, p.instances[0].at)
	}
	writeManagedScaling(w, path, p)
}

// writeGroupTypes writes a capacity provider's Auto Scaling group's instance types and zones:
// those of its container instances, or a guess when none was given.
func (im *importer) writeGroupTypes(w *tomlWriter, ap string, p *impProvider) {
	var types, zones []string
	for _, in := range p.instances {
		if !slices.Contains(types, in.typ) {
			types = append(types, in.typ)
		}
		if !slices.Contains(zones, in.zone) {
			zones = append(zones, in.zone)
		}
	}
	slices.Sort(zones)
	switch len(types) {
	case 0:
		types = []string{"m6i.large"}
		im.note("capacity provider %s: no container instance of it was given, so its Auto Scaling group's instance type is a guess (m6i.large); set it from aws autoscaling describe-auto-scaling-groups", p.name)
		w.kv("", ap, "instance_type", tomlQuote(types[0]), ref{})
	case 1:
		w.kv("", ap, "instance_type", tomlQuote(types[0]), p.instances[0].typeAt)
	default:
		w.kv("", ap, "instance_types", tomlStrings(types), p.instances[0].typeAt)
	}
	if len(zones) > 0 {
		w.kv("", ap, "zones", tomlStrings(zones), p.instances[0].zoneAt)
	}
}

// writeManagedScaling writes a capacity provider's managed scaling, when its JSON has one.
func writeManagedScaling(w *tomlWriter, path string, p *impProvider) {
	if p.scalingAt.file == nil {
		return
	}
	mp := path + ".managed_scaling"
	w.table("capacity_providers.managed_scaling", mp, false, p.scalingAt)
	if p.status != "" {
		w.kv("", mp, "status", tomlQuote(p.status), p.scalingAt)
	}
	for _, f := range []struct {
		key string
		v   int64
	}{{"target_capacity", p.target}, {"minimum_scaling_step_size", p.minStep}, {"maximum_scaling_step_size", p.maxStep}} {
		if f.v >= 0 {
			w.kv("", mp, f.key, strconv.FormatInt(f.v, 10), p.scalingAt)
		}
	}
	if p.warmup >= 0 {
		w.kv("", mp, "instance_warmup_period", seconds(p.warmup), p.scalingAt)
	}
}

// defaultReservedPorts is ECS_RESERVED_PORTS's default, which an instance group need not set.
var defaultReservedPorts = []int64{22, 2375, 2376, 51678, 51679}

func writeGroup(w *tomlWriter, i int, g *instanceGroup) {
	path := fmt.Sprintf("instance_groups[%d]", i)
	w.table("instance_groups", path, true, g.at)
	w.kv("", path, "name", tomlQuote(fmt.Sprintf("%s-%d", strings.ReplaceAll(g.typ, ".", "-"), i+1)), ref{})
	w.kv("", path, "type", tomlQuote(g.typ), g.at)
	w.kv("", path, "count", strconv.Itoa(g.count), g.at)
	w.kv("", path, "zones", tomlStrings(g.zones), g.at)
	writeInstanceSettings(w, path, "instance_groups.agent", instanceSettings{g.amiID, g.agentVersion, g.attrs, g.ports, g.portsSet}, g.at)
}

// instanceSettings are what an instance registers beyond its type and zone: the AMI, custom
// attributes, the agent's version and reserved ports.
type instanceSettings struct {
	amiID, agentVersion string
	attrs               []models.Attribute
	ports               []int64
	portsSet            bool
}

func settingsOf(in *impInstance) instanceSettings {
	return instanceSettings{in.amiID, in.agentVersion, in.attrs, in.regPorts, in.regPortsSet}
}

// key is the settings as a string, the same whatever the order of attributes and ports.
func (st instanceSettings) key() string {
	attrs := slices.Clone(st.attrs)
	slices.SortStableFunc(attrs, func(a, b models.Attribute) int { return strings.Compare(a.Name, b.Name) })
	ports := slices.Clone(st.ports)
	slices.Sort(ports)
	return fmt.Sprint(st.amiID, "|", st.agentVersion, "|", attrs, "|", st.portsSet, slices.Compact(ports))
}

// writeInstanceSettings writes settings into the table at path (an instance group, or an Auto
// Scaling group), the agent's under agentTable.
func writeInstanceSettings(w *tomlWriter, path, agentTable string, st instanceSettings, at ref) {
	if st.amiID != "" {
		w.kv("", path, "ami_id", tomlQuote(st.amiID), at)
	}
	if len(st.attrs) > 0 {
		last := map[string]string{}
		var names []string
		for _, a := range st.attrs {
			if _, ok := last[a.Name]; !ok {
				names = append(names, a.Name)
			}
			last[a.Name] = a.Value
		}
		var pairs []string
		for _, n := range names {
			pairs = append(pairs, tomlpos.QuoteKey(n), tomlQuote(last[n]))
		}
		w.kv("", path, "attributes", inline(pairs...), at)
	}
	ports := slices.Clone(st.ports)
	slices.Sort(ports)
	ports = slices.Compact(ports)
	setPorts := st.portsSet && !slices.Equal(ports, defaultReservedPorts)
	setVersion := st.agentVersion != "" && scenarios.ValidAgentVersion(st.agentVersion)
	if !setPorts && !setVersion {
		return
	}
	ap := path + ".agent"
	w.table(agentTable, ap, false, at)
	if setVersion {
		w.kv("", ap, "agent_version", tomlQuote(st.agentVersion), at)
	}
	if setPorts {
		s := make([]string, len(ports))
		for i, p := range ports {
			s[i] = strconv.FormatInt(p, 10)
		}
		w.kv("", ap, "reserved_ports", "["+strings.Join(s, ", ")+"]", at)
	}
}

func writeTaskDef(w *tomlWriter, i int, td *impTaskDef) {
	path := fmt.Sprintf("task_definitions[%d]", i)
	td.tomlIndex = i
	w.table("task_definitions", path, true, td.at)
	w.kv("", path, "family", tomlQuote(td.family), td.src["family"])
	if td.cpu > 0 {
		w.kv("", path, "cpu", strconv.FormatInt(td.cpu, 10), td.src["cpu"])
	}
	if td.memory > 0 {
		w.kv("", path, "memory", strconv.FormatInt(td.memory, 10), td.src["memory"])
	}
	if td.networkMode != "" {
		w.kv("", path, "network_mode", tomlQuote(td.networkMode), td.src["network_mode"])
	}
	if td.compat != nil {
		w.kv("", path, "requires_compatibilities", tomlStrings(td.compat), td.src["requires_compatibilities"])
	}
	if td.taskRole != "" {
		w.kv("", path, "task_role_arn", tomlQuote(td.taskRole), td.src["task_role_arn"])
	}
	if td.cpuArch != "" || td.osFamily != "" {
		w.kv("", path, "runtime_platform", inline("cpu_architecture", quoted(td.cpuArch), "operating_system_family", quoted(td.osFamily)), td.src["runtime_platform"])
	}
	writeConstraints(w, "", path, td.constraints)
	for j, c := range td.containers {
		writeContainer(w, fmt.Sprintf("%s.containers[%d]", path, j), c)
	}
}

// writeContainer writes one container of a task definition at cp.
func writeContainer(w *tomlWriter, cp string, c *impContainer) {
	w.table("task_definitions.containers", cp, true, c.at)
	if c.name != "" {
		w.kv("  ", cp, "name", tomlQuote(c.name), c.src["name"])
	}
	for _, f := range []struct {
		key string
		v   int64
	}{{"cpu", c.cpu}, {"memory", c.memory}, {"memory_reservation", c.memRes}} {
		if f.v > 0 {
			w.kv("  ", cp, f.key, strconv.FormatInt(f.v, 10), c.src[f.key])
		}
	}
	writePorts(w, cp, c.ports)
	writeResourceRequirements(w, cp, c.resources)
	if c.logDriver != "" {
		w.kv("  ", cp, "log_configuration", inline("log_driver", tomlQuote(c.logDriver)), c.src["log_configuration"])
	}
	if h := c.health; h != nil {
		pos := func(n int64, f func(int64) string) string {
			if n <= 0 {
				return ""
			}
			return f(n)
		}
		var cmd string
		if h.command != nil {
			cmd = tomlStrings(h.command)
		}
		w.kv("  ", cp, "health_check", inline("command", cmd, "interval", pos(h.interval, seconds), "timeout", pos(h.timeout, seconds),
			"retries", pos(h.retries, func(n int64) string { return strconv.FormatInt(n, 10) }), "start_period", pos(h.startPeriod, seconds)), h.at)
	}
	if c.stop > 0 {
		w.kv("  ", cp, "stop_timeout", seconds(c.stop), c.src["stop_timeout"])
	}
}

func writePorts(w *tomlWriter, cp string, ports []impPort) {
	if len(ports) == 0 {
		return
	}
	var items []string
	for k, p := range ports {
		host := ""
		if p.hostSet {
			host = strconv.FormatInt(p.hostPort, 10)
		}
		items = append(items, inline("container_port", strconv.FormatInt(p.containerPort, 10), "host_port", host, "protocol", quoted(p.protocol)))
		w.from(fmt.Sprintf("%s.port_mappings[%d]", cp, k), p.at)
	}
	w.kv("  ", cp, "port_mappings", "["+strings.Join(items, ", ")+"]", ports[0].at)
}

// writeResourceRequirements writes a container's resourceRequirements as they are (GPU: whole
// GPUs; the scenario's loader refuses what ecssim does not model, at the JSON's place).
func writeResourceRequirements(w *tomlWriter, cp string, rs []impConstraint) {
	writeTyped(w, "  ", cp, "resource_requirements", "value", rs)
}

func writeConstraints(w *tomlWriter, indent, path string, cs []impConstraint) {
	writeTyped(w, indent, path, "placement_constraints", "expression", cs)
}

// writeTyped writes a list of objects of a type and one string, named second, as an array of
// inline tables under key.
func writeTyped(w *tomlWriter, indent, path, key, second string, cs []impConstraint) {
	if len(cs) == 0 {
		return
	}
	var items []string
	for k, c := range cs {
		items = append(items, inline("type", quoted(c.typ), second, quoted(c.expr)))
		w.from(fmt.Sprintf("%s.%s[%d]", path, key, k), c.at)
	}
	w.kv(indent, path, key, "["+strings.Join(items, ", ")+"]", cs[0].at)
}

func (im *importer) writeServices(w *tomlWriter) {
	im.writeTargetGroups(w)
	for i, s := range im.services {
		im.writeService(w, fmt.Sprintf("services[%d]", i), s)
	}
}

// writeTargetGroups writes the target groups the services' load balancers name, each once.
func (im *importer) writeTargetGroups(w *tomlWriter) {
	var tgs []string
	tgFrom := map[string]ref{}
	for _, s := range im.services {
		for _, lb := range s.lbs {
			if !slices.Contains(tgs, lb.targetGroup) {
				tgs = append(tgs, lb.targetGroup)
				tgFrom[lb.targetGroup] = lb.at
			}
		}
	}
	for i, tg := range tgs {
		path := fmt.Sprintf("target_groups[%d]", i)
		w.table("target_groups", path, true, tgFrom[tg])
		w.kv("", path, "name", tomlQuote(tg), tgFrom[tg])
		w.line("# describe-services gives only the target group's ARN: its health check and deregistration")
		w.line("# delay are the ALB defaults (see aws elbv2 describe-target-groups)")
	}
}

// writeService writes one service at path.
func (im *importer) writeService(w *tomlWriter, path string, s *impService) {
	w.table("services", path, true, s.at)
	w.kv("", path, "name", tomlQuote(s.name), s.src["name"])
	if s.def != nil {
		w.kv("", path, "task_definition", tomlQuote(s.def.scenarioRef), s.src["task_definition"])
	}
	if s.scheduling != "" {
		w.kv("", path, "scheduling_strategy", tomlQuote(s.scheduling), s.src["scheduling_strategy"])
	}
	if s.scheduling != string(models.Daemon) {
		w.kv("", path, "desired_count", strconv.FormatInt(s.desired, 10), s.src["desired_count"])
	}
	switch {
	case len(s.cps) > 0:
		var items []string
		for k, it := range s.cps {
			items = append(items, inline("capacity_provider", tomlQuote(it.provider), "base", strconv.FormatInt(it.base, 10),
				"weight", strconv.FormatInt(it.weight, 10)))
			w.from(fmt.Sprintf("%s.capacity_provider_strategy[%d]", path, k), it.at)
		}
		w.kv("", path, "capacity_provider_strategy", "["+strings.Join(items, ", ")+"]", s.cps[0].at)
		if s.launchType != "" {
			im.note("service %s: launchType %s is left out, as its capacityProviderStrategy decides (ECS takes one or the other)", s.name, s.launchType)
		}
	case s.launchType != "":
		w.kv("", path, "launch_type", tomlQuote(s.launchType), s.src["launch_type"])
	}
	if len(s.strategy) > 0 {
		var items []string
		for k, st := range s.strategy {
			items = append(items, inline("type", tomlQuote(st.typ), "field", quoted(st.field)))
			w.from(fmt.Sprintf("%s.placement_strategy[%d]", path, k), st.at)
		}
		w.kv("", path, "placement_strategy", "["+strings.Join(items, ", ")+"]", s.strategy[0].at)
	}
	writeConstraints(w, "", path, s.constraints)
	im.writeDeployment(w, path, s)
	if len(s.lbs) > 0 {
		var items []string
		for k, lb := range s.lbs {
			items = append(items, inline("target_group", tomlQuote(lb.targetGroup), "container_name", tomlQuote(lb.container),
				"container_port", strconv.FormatInt(lb.port, 10)))
			w.from(fmt.Sprintf("%s.load_balancers[%d]", path, k), lb.at)
		}
		w.kv("", path, "load_balancers", "["+strings.Join(items, ", ")+"]", s.lbs[0].at)
	}
	if s.grace >= 0 {
		w.kv("", path, "health_check_grace_period_seconds", strconv.FormatInt(s.grace, 10), s.src["health_check_grace_period_seconds"])
	}
	switch {
	case s.azRebalancing != "":
		w.kv("", path, "availability_zone_rebalancing", tomlQuote(s.azRebalancing), s.src["availability_zone_rebalancing"])
	case s.existing && s.scheduling != string(models.Daemon):
		// Left out, a scenario's service would take CreateService's default (ENABLED where ECS
		// can rebalance it); an existing service that never set it runs DISABLED (API/UpdateService).
		// A DAEMON service is never rebalanced: nothing to say.
		w.line("# describe-services gives no availabilityZoneRebalancing: a service that never set it runs DISABLED")
		w.kv("", path, "availability_zone_rebalancing", tomlQuote(string(models.RebalancingDisabled)), s.at)
	}
}

func (im *importer) writeDeployment(w *tomlWriter, path string, s *impService) {
	dp := path + ".deployment_configuration"
	num := func(n int64) string {
		if n < 0 {
			return ""
		}
		return strconv.FormatInt(n, 10)
	}
	var cb string
	if s.cb != nil {
		cb = inline("enable", strconv.FormatBool(s.cb.enable), "rollback", strconv.FormatBool(s.cb.rollback))
		w.from(dp+".deployment_circuit_breaker", s.cb.at)
	}
	if s.minHealthy < 0 && s.maxPercent < 0 && cb == "" {
		return
	}
	w.from(dp+".minimum_healthy_percent", s.src["deployment_configuration.minimum_healthy_percent"])
	w.from(dp+".maximum_percent", s.src["deployment_configuration.maximum_percent"])
	w.kv("", path, "deployment_configuration", inline("minimum_healthy_percent", num(s.minHealthy), "maximum_percent", num(s.maxPercent),
		"deployment_circuit_breaker", cb), s.src["deployment_configuration"])
}

// writeDeclaredType writes an instance type the catalog lacks as [[instance_types]], sized as
// its instances registered it.
func writeDeclaredType(w *tomlWriter, i int, d *declaredType) {
	path := fmt.Sprintf("instance_types[%d]", i)
	w.table("instance_types", path, true, d.at)
	w.kv("", path, "name", tomlQuote(d.name), d.at)
	w.kv("", path, "cpu", strconv.FormatInt(d.cpu, 10), d.at)
	w.kv("", path, "memory", strconv.FormatInt(d.mem, 10), d.at)
	w.kv("", path, "max_enis", strconv.Itoa(d.maxENIs), d.at)
	w.kv("", path, "arch", tomlQuote(string(d.arch)), d.at)
}
