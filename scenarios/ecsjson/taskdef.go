package ecsjson

import (
	"strconv"
	"strings"

	"github.com/ecssim/ecssim/scenarios"
)

// impTaskDef is a task definition as read from JSON. src maps each scenario key written from
// it to the JSON value it came from, to place the problems Load finds.
type impTaskDef struct {
	at                     ref
	family, arn            string
	revision               int64 // 0 when the JSON gives none (register-task-definition input)
	cpu, memory            int64
	networkMode, taskRole  string
	compat                 []string
	cpuArch, osFamily      string
	constraints            []impConstraint
	containers             []*impContainer
	src                    map[string]ref
	scenarioRef            string // "family" or "family:N" in the scenario
	scenarioRev, tomlIndex int
}

// impConstraint is an object of a type and one string beside it: a placement constraint's
// expression, or a resource requirement's value.
type impConstraint struct {
	typ, expr string
	at        ref
}

type impContainer struct {
	at                        ref
	name                      string
	cpu, memory, memRes, stop int64
	ports                     []impPort
	logDriver                 string
	health                    *impHealth
	resources                 []impConstraint // resourceRequirements: type and value
	src                       map[string]ref
}

type impPort struct {
	containerPort, hostPort int64
	hostSet                 bool // hostPort given, 0 or not: bridge mode's dynamic port either way
	protocol                string
	at                      ref
}

type impHealth struct {
	command                                 []string
	interval, timeout, retries, startPeriod int64 // 0 when unset
	at                                      ref
}

// taskDefinition reads describe-task-definition's taskDefinition, or the bare input of
// register-task-definition.
func (fr *fileReader) taskDefinition(n *jnode, path string) {
	if n.kind != jObject {
		fr.im.bad(fr.at(n, path), "want a task definition object, got %s", n.kind)
		return
	}
	o := fr.object(n, path)
	td := &impTaskDef{at: fr.at(n, path), src: map[string]ref{}}
	if v, r, ok := o.str("family"); ok {
		td.family, td.src["family"] = v, r
	} else if !ok && r == (ref{}) {
		fr.im.bad(td.at, "a task definition needs a family")
	}
	if v, r, ok := o.integer("revision"); ok {
		if v < 1 {
			fr.im.bad(r, "a revision is 1 or more, got %d", v)
		}
		td.revision = v
	}
	td.arn, _, _ = o.str("taskDefinitionArn")
	fr.identity = append(fr.identity, presentKeys(o, "taskDefinitionArn", "revision")...)
	fr.im.regionFromARN(td.arn)
	td.cpu = fr.taskSize(o, "cpu", scenarios.ParseTaskCPU, td.src)
	td.memory = fr.taskSize(o, "memory", scenarios.ParseTaskMemory, td.src)
	if v, r, ok := o.str("networkMode"); ok {
		td.networkMode, td.src["network_mode"] = v, r
	}
	if v, r := o.strings("requiresCompatibilities"); v != nil {
		td.compat, td.src["requires_compatibilities"] = v, r
	}
	if v, r, ok := o.str("taskRoleArn"); ok {
		td.taskRole, td.src["task_role_arn"] = v, r
	}
	if rp := o.child("runtimePlatform"); rp != nil {
		if v, r, ok := rp.str("cpuArchitecture"); ok {
			td.cpuArch, td.src["runtime_platform"] = v, r
		}
		if v, r, ok := rp.str("operatingSystemFamily"); ok {
			td.osFamily, td.src["runtime_platform"] = v, r
			if v != "LINUX" {
				fr.im.bad(r, "ecssim models Linux container instances only, not %s", v)
			}
		}
		rp.rest()
	}
	td.constraints = fr.constraints(o, "placementConstraints")
	for _, co := range o.objects("containerDefinitions", "name") {
		td.containers = append(td.containers, fr.container(co))
	}
	o.identity("status", "requiresAttributes", "compatibilities", "registeredAt", "registeredBy", "deregisteredAt")
	o.rest()
	fr.im.taskDefs = append(fr.im.taskDefs, td)
}

// presentKeys returns the paths of those of keys the object has, for the identity list.
func presentKeys(o *obj, keys ...string) []string {
	var out []string
	for _, k := range keys {
		if n := o.n.get(k); n != nil && !n.empty() {
			out = append(out, o.sub(k))
		}
	}
	return out
}

// constraints reads placementConstraints, of a task definition or a service.
func (fr *fileReader) constraints(o *obj, key string) []impConstraint {
	return fr.typed(o, key, "expression")
}

// typed reads a list of objects of a type and one string, named second: a constraint's
// expression, a resource requirement's value.
func (fr *fileReader) typed(o *obj, key, second string) []impConstraint {
	var out []impConstraint
	for _, c := range o.objects(key) {
		var ic impConstraint
		ic.at = fr.at(c.n, c.path)
		ic.typ, _, _ = c.str("type")
		ic.expr, _, _ = c.str(second)
		c.rest()
		out = append(out, ic)
	}
	return out
}

func (fr *fileReader) container(o *obj) *impContainer {
	c := &impContainer{at: fr.at(o.n, o.path), src: map[string]ref{}}
	if v, r, ok := o.str("name"); ok {
		c.name, c.src["name"] = v, r
	}
	for _, f := range []struct {
		json, toml string
		dst        *int64
	}{{"cpu", "cpu", &c.cpu}, {"memory", "memory", &c.memory}, {"memoryReservation", "memory_reservation", &c.memRes}, {"stopTimeout", "stop_timeout", &c.stop}} {
		if v, r, ok := o.count(f.json); ok {
			*f.dst, c.src[f.toml] = v, r
		}
	}
	for _, p := range o.objects("portMappings") {
		pm := impPort{at: fr.at(p.n, p.path)}
		var hasPort bool
		pm.containerPort, _, hasPort = p.integer("containerPort")
		if !hasPort {
			// A containerPortRange (awsvpc, Fargate) has no single port: ecssim does not model
			// ranges, and the rest of the mapping is listed as not modelled below.
			p.rest()
			continue
		}
		pm.hostPort, _, pm.hostSet = p.integer("hostPort")
		pm.protocol, _, _ = p.str("protocol")
		p.rest()
		c.ports = append(c.ports, pm)
	}
	c.resources = fr.typed(o, "resourceRequirements", "value")
	if lc := o.child("logConfiguration"); lc != nil {
		if v, r, ok := lc.str("logDriver"); ok {
			c.logDriver, c.src["log_configuration"] = v, r
		}
		lc.rest()
	}
	if hc := o.child("healthCheck"); hc != nil {
		h := &impHealth{at: fr.at(hc.n, hc.path)}
		h.command, _ = hc.strings("command")
		h.interval, _, _ = hc.count("interval")
		h.timeout, _, _ = hc.count("timeout")
		h.retries, _, _ = hc.count("retries")
		h.startPeriod, _, _ = hc.count("startPeriod")
		hc.rest()
		c.health = h
	}
	o.rest()
	return c
}

// taskSize reads a task-level cpu or memory: a string, as ECS prints it, or a number, which
// ECS does not print but a hand-written --cli-input-json may hold.
func (fr *fileReader) taskSize(o *obj, key string, parse func(string) (int64, error), src map[string]ref) int64 {
	n := o.take(key)
	if n == nil {
		return 0
	}
	r := fr.at(n, o.sub(key))
	src[key] = r
	switch n.kind {
	case jString:
		v, err := parse(n.str)
		if err != nil {
			fr.im.bad(r, "%v", err)
		}
		return v
	case jNumber:
		v, _ := fr.countValue(n, r)
		return v
	}
	fr.im.bad(r, "want a string such as %q, got %s", map[string]string{"cpu": "1024", "memory": "2048"}[key], n.kind)
	return 0
}

// regionFromARN takes the scenario's region from the first ARN that has one
// (arn:aws:ecs:REGION:ACCOUNT:...).
func (im *importer) regionFromARN(arn string) {
	parts := strings.Split(arn, ":")
	if im.region == "" && len(parts) >= 6 && parts[0] == "arn" && scenarios.ValidRegion(parts[3]) {
		im.region = parts[3]
	}
}

// parseTaskDefRef splits a service's taskDefinition (an ARN, "family:revision" or "family")
// into family and revision (0 for none).
func parseTaskDefRef(s string) (string, int64) {
	if i := strings.LastIndex(s, "task-definition/"); i >= 0 && strings.HasPrefix(s, "arn:") {
		s = s[i+len("task-definition/"):]
	}
	family, rev, ok := strings.Cut(s, ":")
	if !ok {
		return family, 0
	}
	n, err := strconv.ParseInt(rev, 10, 64)
	if err != nil || n < 1 {
		return s, -1
	}
	return family, n
}
