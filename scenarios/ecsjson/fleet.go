package ecsjson

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/scenarios"
)

// impInstance is a container instance as read from describe-container-instances.
type impInstance struct {
	at                  ref
	typ, zone, provider string
	typeAt              ref
	arch                string // ecs.cpu-architecture, for a type the catalog lacks
	amiID, agentVersion string
	attrs               []models.Attribute // custom attributes, in the order given
	regCPU, regMem      int64              // -1 when not given
	regPorts            []int64
	regPortsSet         bool
	instanceType        *models.InstanceType
	zoneAt, attrsAt     ref
	status              string
	agentConnectedFalse bool
}

// impProvider is an Auto Scaling group capacity provider from describe-capacity-providers.
type impProvider struct {
	at                          ref
	name                        string
	terminationProtection       string
	draining                    string
	status                      string
	target, minStep, maxStep    int64 // -1 when unset
	warmup                      int64 // -1 when unset
	instances                   []*impInstance
	src                         map[string]ref
	scalingAt, autoScalingGroup ref
}

// derivedAttribute reports whether ecssim derives an instance attribute itself (from the
// instance type, zone, AMI and agent configuration) rather than taking it as a custom one.
func derivedAttribute(name string) bool {
	return strings.HasPrefix(name, "ecs.") || strings.HasPrefix(name, "com.amazonaws.ecs.")
}

// containerInstance reads one container instance of describe-container-instances.
func (fr *fileReader) containerInstance(n *jnode, path string) {
	if n.kind != jObject {
		fr.im.bad(fr.at(n, path), "want a container instance object, got %s", n.kind)
		return
	}
	o := fr.object(n, path)
	in := &impInstance{at: fr.at(n, path), regCPU: -1, regMem: -1}
	if v, _, ok := o.str("containerInstanceArn"); ok {
		// arn:aws:ecs:REGION:ACCOUNT:container-instance/CLUSTER/ID (the long ARN format)
		if parts := strings.Split(v, "/"); len(parts) == 3 {
			fr.im.clusterFrom(parts[1], v)
		}
		fr.im.regionFromARN(v)
	}
	fr.identity = append(fr.identity, presentKeys(o, "containerInstanceArn")...)
	in.provider, _, _ = o.str("capacityProviderName")
	in.status, _, _ = o.str("status")
	if v, _, ok := o.boolean("agentConnected"); ok && !v {
		in.agentConnectedFalse = true
	}
	fr.identity = append(fr.identity, presentKeys(o, "status", "agentConnected")...)
	fr.instanceAttributes(o, in)
	if in.typ == "" {
		fr.im.bad(in.at, "no ecs.instance-type attribute: ecssim needs the instance type")
	} else if t, ok := models.LookupInstanceType(in.typ); ok {
		in.instanceType = t
	} // else declared from what it registered (declareTypes)
	if in.zone == "" {
		fr.im.bad(in.at, "no ecs.availability-zone attribute: ecssim needs the instance's zone")
	}
	fr.registeredResources(o, in)
	if vi := o.child("versionInfo"); vi != nil {
		in.agentVersion, _, _ = vi.str("agentVersion")
		vi.rest()
	}
	o.identity("ec2InstanceId", "statusReason", "remainingResources", "runningTasksCount", "pendingTasksCount",
		"registeredAt", "version", "attachments", "agentUpdateStatus")
	o.rest()
	fr.im.instances = append(fr.im.instances, in)
}

// instanceAttributes reads a container instance's attributes: its type, zone and AMI, and
// its custom attributes; the attributes ECS derives are named once, as identity.
func (fr *fileReader) instanceAttributes(o *obj, in *impInstance) {
	var derived []string
	for _, a := range o.objects("attributes", "name") {
		name, r, _ := a.str("name")
		value, vr, hasValue := a.str("value")
		a.identity("targetType", "targetId")
		a.rest()
		switch name {
		case "ecs.instance-type":
			in.typ, in.typeAt = value, vr
			if !hasValue {
				in.typeAt = r
			}
		case "ecs.availability-zone":
			in.zone, in.zoneAt = value, vr
		case "ecs.ami-id":
			in.amiID = value
		case "ecs.cpu-architecture":
			in.arch = value
			derived = append(derived, name)
		default:
			if derivedAttribute(name) {
				derived = append(derived, name)
			} else if hasValue {
				in.attrs = append(in.attrs, models.Attribute{Name: name, Value: value})
				in.attrsAt = vr
			} else {
				fr.notModelled = append(fr.notModelled, a.path+" (an attribute without a value)")
			}
		}
	}
	if len(derived) > 0 {
		fr.identity = append(fr.identity, o.sub("attributes")+" (those ecssim derives from the instance type, zone and agent)")
	}
}

// registeredResources reads the CPU, memory and ports a container instance registered.
func (fr *fileReader) registeredResources(o *obj, in *impInstance) {
	for _, res := range o.objects("registeredResources", "name") {
		name, _, _ := res.str("name")
		switch name {
		case "CPU":
			in.regCPU, _, _ = res.count("integerValue")
		case "MEMORY":
			in.regMem, _, _ = res.count("integerValue")
		case "PORTS":
			ports, _ := res.strings("stringSetValue")
			in.regPortsSet = true
			for _, p := range ports {
				if n, err := strconv.ParseInt(p, 10, 64); err == nil && n > 0 && n < 65536 {
					in.regPorts = append(in.regPorts, n)
				}
			}
		case "PORTS_UDP": // ecssim's default, none reserved, is the agent's
		default:
			fr.notModelled = append(fr.notModelled, res.path)
		}
		for _, k := range res.n.keys {
			res.used[k] = true // the values: compared with the catalog below, or reserved ports
		}
	}
	fr.identity = append(fr.identity, presentKeys(o, "registeredResources")...)
}

func (fr *fileReader) capacityProvider(n *jnode, path string) {
	if n.kind != jObject {
		fr.im.bad(fr.at(n, path), "want a capacity provider object, got %s", n.kind)
		return
	}
	o := fr.object(n, path)
	p := &impProvider{at: fr.at(n, path), target: -1, minStep: -1, maxStep: -1, warmup: -1, src: map[string]ref{}}
	name, r, _ := o.str("name")
	p.name, p.src["name"] = name, r
	if arn, _, ok := o.str("capacityProviderArn"); ok {
		fr.im.regionFromARN(arn)
	}
	fr.identity = append(fr.identity, presentKeys(o, "capacityProviderArn")...)
	o.identity("status", "updateStatus", "updateStatusReason")
	asg := o.child("autoScalingGroupProvider")
	if asg == nil {
		if models.BuiltinProvider(name) {
			o.rest()
			return // FARGATE and FARGATE_SPOT are built in
		}
		fr.im.bad(p.at, "capacity provider %s has no autoScalingGroupProvider: ecssim models Auto Scaling group providers, FARGATE and FARGATE_SPOT", name)
		o.rest()
		return
	}
	p.autoScalingGroup = fr.at(asg.n, asg.path)
	asg.identity("autoScalingGroupArn")
	if v, r, ok := asg.str("managedTerminationProtection"); ok {
		p.terminationProtection, p.src["managed_termination_protection"] = v, r
	}
	if v, r, ok := asg.str("managedDraining"); ok {
		p.draining, p.src["managed_draining"] = v, r
	}
	if ms := asg.child("managedScaling"); ms != nil {
		p.scalingAt = fr.at(ms.n, ms.path)
		p.status, _, _ = ms.str("status")
		for _, f := range []struct {
			key string
			dst *int64
		}{{"targetCapacity", &p.target}, {"minimumScalingStepSize", &p.minStep}, {"maximumScalingStepSize", &p.maxStep}, {"instanceWarmupPeriod", &p.warmup}} {
			if v, _, ok := ms.count(f.key); ok {
				*f.dst = v
			}
		}
		ms.rest()
	}
	asg.rest()
	o.rest()
	fr.im.providers = append(fr.im.providers, p)
}

// instanceGroup is one [[instance_groups]] to write: identical instances, over zones that
// hold as many each, so that round-robin placement gives back the counts per zone.
type instanceGroup struct {
	typ, amiID, agentVersion string
	attrs                    []models.Attribute
	ports                    []int64
	portsSet                 bool
	zones                    []string
	count                    int
	at                       ref
}

// key is what makes instances identical, zone aside.
func (g *instanceGroup) key() string {
	return g.typ + "|" + instanceSettings{g.amiID, g.agentVersion, g.attrs, g.ports, g.portsSet}.key()
}

// groupInstances groups identical instances into instance groups: per zone first, then
// merging the zones whose groups are of the same size.
func groupInstances(ins []*impInstance) []*instanceGroup {
	var perZone []*instanceGroup
	index := map[string]*instanceGroup{}
	for _, in := range ins {
		g := &instanceGroup{typ: in.typ, amiID: in.amiID, agentVersion: in.agentVersion, attrs: in.attrs,
			ports: in.regPorts, portsSet: in.regPortsSet, zones: []string{in.zone}, at: in.at}
		k := g.key() + "|" + in.zone
		if old, ok := index[k]; ok {
			old.count++
			continue
		}
		g.count = 1
		index[k] = g
		perZone = append(perZone, g)
	}
	var out []*instanceGroup
	merged := map[string]*instanceGroup{}
	for _, g := range perZone {
		k := g.key() + "|" + strconv.Itoa(g.count)
		if m, ok := merged[k]; ok {
			m.zones = append(m.zones, g.zones...)
			m.count += g.count
			continue
		}
		merged[k] = g
		out = append(out, g)
	}
	for _, g := range out {
		slices.Sort(g.zones)
	}
	return out
}

// registeredNotes compares what the instances registered with what ecssim's catalog gives
// their types (ECS_RESERVED_MEMORY aside), once per type and value.
func (im *importer) registeredNotes() {
	seen := map[string]bool{}
	for _, in := range im.instances {
		t := in.instanceType
		if t == nil {
			continue
		}
		if in.regCPU >= 0 && in.regCPU != t.RegisteredCPU() {
			if k := fmt.Sprint(t.Name, "cpu", in.regCPU); !seen[k] {
				seen[k] = true
				im.note("%s registered %d CPU units; ecssim's catalog gives it %d", t.Name, in.regCPU, t.RegisteredCPU())
			}
		}
		if in.regMem >= 0 && in.regMem != t.MemTotalMiB() {
			if k := fmt.Sprint(t.Name, "mem", in.regMem); !seen[k] {
				seen[k] = true
				im.note("%s registered %d MiB of memory; ecssim's catalog gives it %d (the difference may be ECS_RESERVED_MEMORY, which the JSON does not show)",
					t.Name, in.regMem, t.MemTotalMiB())
			}
		}
		if in.status != "" && in.status != "ACTIVE" {
			im.note("an instance of %s in %s was %s; it is imported as ACTIVE", t.Name, in.zone, in.status)
		}
		if in.agentConnectedFalse {
			im.note("an instance of %s in %s had its agent disconnected; it is imported as connected", t.Name, in.zone)
		}
	}
}

// declaredType is an instance type the catalog lacks, sized from what its instances
// registered, to write as [[instance_types]].
type declaredType struct {
	name     string
	cpu, mem int64 // registered CPU units and MiB, the largest any of its instances gave
	arch     models.Arch
	maxENIs  int
	at       ref
}

// declareTypes sizes each instance type the catalog lacks from what its instances registered
// (registeredResources CPU and MEMORY), instead of refusing it, and notes what it assumed: the
// architecture from ecs.cpu-architecture (else x86_64), the ENIs from catalog types of as many
// vCPUs, no price. An instance that gives no CPU or MEMORY to size its type from is a problem.
func (im *importer) declareTypes() {
	byName := map[string]*declaredType{}
	for _, in := range append(slices.Clone(im.instances), im.providerInstances()...) {
		if in.instanceType != nil || in.typ == "" {
			continue
		}
		if in.regCPU <= 0 || in.regMem <= 0 {
			im.bad(in.typeAt, "unknown instance type %q%s, and its instance gives no registeredResources CPU and MEMORY to size it from",
				in.typ, scenarios.ClosestType(in.typ))
			continue
		}
		d := byName[in.typ]
		if d == nil {
			d = &declaredType{name: in.typ, arch: models.ArchX86_64, at: in.typeAt}
			if in.arch == string(models.ArchARM64) {
				d.arch = models.ArchARM64
			}
			byName[in.typ] = d
			im.declared = append(im.declared, d)
		} else if in.regCPU != d.cpu || in.regMem != d.mem {
			im.note("instances of %s registered different CPU or memory; its declared size takes the largest of each", in.typ)
		}
		d.cpu, d.mem = max(d.cpu, in.regCPU), max(d.mem, in.regMem)
	}
	for _, d := range im.declared {
		vcpu := int((d.cpu + 1023) / 1024)
		var basis string
		d.maxENIs, basis = guessENIs(vcpu, d.arch)
		im.note("instance type %s is not in ecssim's catalog: it is declared in [[instance_types]] with what its instances registered, %d CPU units and %d MiB (%s); max_enis = %d is a guess (%s), and its price is 0 unless you set price_usd_per_hour",
			d.name, d.cpu, d.mem, d.arch, d.maxENIs, basis)
	}
}

// guessENIs guesses the ENIs of a type the catalog lacks: the most common count among the
// catalog's types of as many vCPUs and the same architecture (the fewer on a tie, so that
// awsvpc tasks are not overcounted), else of any architecture, else 2, the fewest any EC2
// type has. The catalog's own types of a size mostly agree (2 vCPUs: 3 ENIs, t3.micro and
// t4g.micro aside).
func guessENIs(vcpu int, arch models.Arch) (int, string) {
	for _, sameArch := range []bool{true, false} {
		counts := map[int]int{}
		for _, t := range models.InstanceTypes() {
			if t.VCPU == vcpu && (!sameArch || t.Arch == arch) {
				counts[t.MaxENIs]++
			}
		}
		best := 0
		for n, k := range counts {
			if best == 0 || k > counts[best] || k == counts[best] && n < best {
				best = n
			}
		}
		if best > 0 {
			return best, fmt.Sprintf("the most common among the catalog's types with %d vCPUs", vcpu)
		}
	}
	return 2, "the fewest any EC2 type has"
}
