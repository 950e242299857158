package scenarios

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/ecssim/ecssim/models"
)

// An EKS scenario may write its capacity and workloads in Kubernetes' own vocabulary
// (file_kube.go): [[node_groups]] (EKS managed node groups: a fixed size, or with min_size
// and max_size scaled by the Cluster Autoscaler), [[deployments]], [[daemon_sets]], [[jobs]]
// (a stream of Jobs of one pod) and [[fargate_profiles]]. They become the same run objects as
// the ECS tables under orchestrator = "eks": node groups instance groups or Auto Scaling
// groups, Deployments REPLICA services, DaemonSets DAEMON services, Jobs workloads, each with
// a task definition of its pod template's containers, requests in Kubernetes units.

// kubeNameRE is a Kubernetes object name: a DNS-1123 label (apimachinery
// IsDNS1123Label), at most 63 lowercase letters, digits and hyphens.
var kubeNameRE = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$`)

// notNative reports the Kubernetes tables of an ECS scenario.
func (c *checker) notNative(f *scenarioFile) {
	const why = `is for an EKS run (set orchestrator = "eks")`
	for _, t := range []struct {
		key string
		n   int
	}{{"node_groups", len(f.NodeGroups)}, {"deployments", len(f.Deployments)}, {"daemon_sets", len(f.DaemonSets)},
		{"jobs", len(f.Jobs)}, {"fargate_profiles", len(f.FargateProfiles)}} {
		if t.n > 0 {
			c.bad(t.key+"[0]", why)
		}
	}
}

// kubeName reads an object's name (what it is: "node group"), unique among names.
func (c *checker) kubeName(p string, v str, names map[string]string, what string) string {
	if !typed(c, p+".name", v) {
		if !v.set {
			c.missing(p, "name")
		}
		return ""
	}
	if !kubeNameRE.MatchString(v.v) {
		c.bad(p+".name", "a Kubernetes name is at most 63 lowercase letters, digits and hyphens, starting and ending alphanumeric")
	}
	c.unique(names, p+".name", what, v.v)
	return v.v
}

// nativeApps adds the scenario's Deployments, DaemonSets and Jobs as services and workloads.
// names holds the service and workload names already taken; apps, every app label a pod
// (anti-)affinity term may name.
func (c *checker) nativeApps(f *scenarioFile, sc *Scenario, names map[string]string, apps []string) {
	fargate := c.fargateProfiles(f)
	for i := range f.Deployments {
		d, p := &f.Deployments[i], fmt.Sprintf("deployments[%d]", i)
		s := models.ServiceConfig{Name: c.kubeName(p, d.Name, names, "service, workload or Kubernetes object"), Scheduling: models.Replica}
		if n, ok := c.intIn(p+".replicas", d.Replicas, 0, 1_000_000); ok {
			s.DesiredCount = int(n)
		} else if !d.Replicas.set {
			s.DesiredCount = 1 // a Deployment's default replicas (apps/v1 SetDefaults_Deployment)
		}
		u := models.DefaultRollingUpdate
		c.rollingUpdate(p+".strategy", &d.Strategy, &u)
		s.RollingUpdate = &u
		s.MinReady = c.minReady(p+".min_ready_seconds", d.MinReadySeconds)
		// ECS's bounds, for what reads them: the floor and ceiling of the desired count
		s.MinimumHealthyPercent, s.MaximumPercent = 100, 200
		c.nativeService(p, &s, &d.Template, sc, apps, fargate[s.Name])
	}
	for i := range f.DaemonSets {
		d, p := &f.DaemonSets[i], fmt.Sprintf("daemon_sets[%d]", i)
		s := models.ServiceConfig{Name: c.kubeName(p, d.Name, names, "service, workload or Kubernetes object"), Scheduling: models.Daemon, MaximumPercent: 100}
		s.MinReady = c.minReady(p+".min_ready_seconds", d.MinReadySeconds)
		if fargate[s.Name] {
			c.bad(p, "a DaemonSet's pods run on nodes, never on Fargate (EKSUG fargate.adoc, Fargate considerations)")
		}
		c.nativeService(p, &s, &d.Template, sc, apps, false)
	}
	for i := range f.Jobs {
		j, p := &f.Jobs[i], fmt.Sprintf("jobs[%d]", i)
		w := models.WorkloadConfig{Name: c.kubeName(p, j.Name, names, "service, workload or Kubernetes object"), LaunchType: models.LaunchEC2}
		w.Arrival = c.arrival(p+".arrival", &j.Arrival)
		w.Duration = c.distribution(p+".duration", &j.Duration)
		w.Def = c.podDef(p+".template", w.Name, &j.Template, fargate[w.Name], sc)
		w.Kube = &models.PodSpec{}
		c.podTemplate(p+".template", templateKube(&j.Template), w.Kube, apps)
		if fargate[w.Name] {
			w.LaunchType, w.Zones = models.LaunchFargate, clusterZones(sc)
		}
		sc.TaskDefinitions = append(sc.TaskDefinitions, w.Def)
		sc.Workloads = append(sc.Workloads, w)
	}
}

// nativeService completes a Deployment's or DaemonSet's service s from its pod template.
func (c *checker) nativeService(p string, s *models.ServiceConfig, t *podTemplateFile, sc *Scenario, apps []string, onFargate bool) {
	s.Def = c.podDef(p+".template", s.Name, t, onFargate, sc)
	s.Kube = &models.PodSpec{}
	c.podTemplate(p+".template", templateKube(t), s.Kube, apps)
	s.LaunchType, s.AZRebalancing = models.LaunchEC2, models.RebalancingDisabled
	if onFargate {
		s.LaunchType, s.Zones = models.LaunchFargate, clusterZones(sc)
	}
	sc.TaskDefinitions = append(sc.TaskDefinitions, s.Def)
	sc.Services = append(sc.Services, *s)
}

// templateKube is a pod template's scheduling as a [kubernetes] table holds it.
func templateKube(t *podTemplateFile) *kubeFile {
	return &kubeFile{NodeSelector: t.NodeSelector, Tolerations: t.Tolerations, TopologySpreadConstraints: t.TopologySpreadConstraints,
		PodAffinity: t.PodAffinity, PodAntiAffinity: t.PodAntiAffinity, NodeAffinity: t.NodeAffinity}
}

// podDef is the task definition of a pod template's containers: family name, revision 1,
// each container's CPU and memory its requests (a limit alone is the request, as Kubernetes
// defaults it), its memory limit its hard memory, and its host ports bound; the pod's own IP
// binds no other port.
func (c *checker) podDef(p, name string, t *podTemplateFile, onFargate bool, sc *Scenario) *models.TaskDefinition {
	if slices.ContainsFunc(sc.TaskDefinitions, func(d *models.TaskDefinition) bool { return d.Family == name }) {
		c.bad(strings.TrimSuffix(p, ".template")+".name", "a task definition family %q exists: its pods' definition would share its name", name)
	}
	d := &models.TaskDefinition{Family: name, Revision: 1, NetworkMode: models.Bridge, MilliCPU: true, Kube: &models.PodSpec{},
		RequiresCompatibilities: []string{models.LaunchEC2}}
	if onFargate {
		d.RequiresCompatibilities = []string{models.LaunchFargate}
	}
	if len(t.Containers) == 0 && !c.shapeBad[p] && !c.shapeBad[p+".containers"] {
		c.bad(p+".containers", "a pod template needs at least one container")
	}
	for i := range t.Containers {
		cp := fmt.Sprintf("%s.containers[%d]", p, i)
		ct := c.podContainer(cp, &t.Containers[i])
		if slices.ContainsFunc(d.Containers, func(o models.Container) bool { return o.Name == ct.Name }) {
			c.bad(cp+".name", "a pod has one container of a name (core/v1 validation: duplicate value)")
		}
		d.Containers = append(d.Containers, ct)
	}
	d.Finalize()
	if size := d.FargateSize(); onFargate && size.CPU == 0 {
		c.bad(p+".containers", "no Fargate size holds the pod's requests with the 256 MiB EKS adds (16 vCPU, 120 GB at most)")
	}
	return d
}

// podContainer reads one of a pod template's containers.
func (c *checker) podContainer(p string, f *podContainerFile) models.Container {
	var ct models.Container
	if typed(c, p+".name", f.Name) {
		ct.Name = f.Name.v
		if !kubeNameRE.MatchString(ct.Name) {
			c.bad(p+".name", "a container name is at most 63 lowercase letters, digits and hyphens, starting and ending alphanumeric")
		}
	} else if !f.Name.set {
		c.missing(p, "name")
	}
	reqCPU, reqMem := c.cpuQuantity(p+".requests.cpu", f.Requests.CPU), c.memoryQuantity(p+".requests.memory", f.Requests.Memory)
	limCPU, limMem := c.cpuQuantity(p+".limits.cpu", f.Limits.CPU), c.memoryQuantity(p+".limits.memory", f.Limits.Memory)
	if !f.Requests.CPU.set {
		reqCPU = limCPU // a limit alone sets the request (core/v1 defaults)
	}
	if !f.Requests.Memory.set {
		reqMem = limMem
	}
	if limCPU > 0 && reqCPU > limCPU || limMem > 0 && reqMem > limMem {
		c.bad(p+".requests", "a request may not exceed its limit")
	}
	ct.CPU, ct.MemoryReservationMiB, ct.MemoryMiB = reqCPU, reqMem, limMem
	if n, ok := c.intIn(p+".limits.\"nvidia.com/gpu\"", f.Limits.GPU, 0, 32); ok {
		ct.GPUs = int(n)
	}
	if n, ok := c.intIn(p+".requests.\"nvidia.com/gpu\"", f.Requests.GPU, 0, 32); ok && int(n) != ct.GPUs {
		c.bad(p+".requests.\"nvidia.com/gpu\"", "a GPU request must equal its limit (extended resources are not overcommitted)")
	}
	for i, port := range f.Ports {
		pp := fmt.Sprintf("%s.ports[%d]", p, i)
		cp, ok := c.intIn(pp+".container_port", port.ContainerPort, 1, 65535)
		if !ok && !port.ContainerPort.set {
			c.missing(pp, "container_port")
		}
		if hp, ok := c.intIn(pp+".host_port", port.HostPort, 1, 65535); ok {
			ct.PortMappings = append(ct.PortMappings, models.PortMapping{ContainerPort: uint16(cp), HostPort: uint16(hp), Protocol: models.TCP})
		}
	}
	return ct
}

// quantityRE is a Kubernetes quantity (apimachinery resource.Quantity): a decimal number, then
// an exponent (e3) or a suffix, decimal (n, u, m, k, M, G, T, P, E) or binary (Ki ... Ei).
var quantityRE = regexp.MustCompile(`^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(?:[eE]([+-]?[0-9]+)|(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei))?$`)

// quantitySuffixes are the suffixes' multipliers.
var quantitySuffixes = map[string]float64{"n": 1e-9, "u": 1e-6, "m": 1e-3, "": 1, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12,
	"P": 1e15, "E": 1e18, "Ki": 1 << 10, "Mi": 1 << 20, "Gi": 1 << 30, "Ti": 1 << 40, "Pi": 1 << 50, "Ei": 1 << 60}

// quantity reads a Kubernetes quantity at p, what it measures saying what the message asks for;
// false when it is no quantity or negative.
func (c *checker) quantity(p string, v str, want string) (float64, bool) {
	if !typed(c, p, v) {
		return 0, false
	}
	m := quantityRE.FindStringSubmatch(v.v)
	if m == nil {
		c.bad(p, "want %s, got %q", want, v.v)
		return 0, false
	}
	x, _ := strconv.ParseFloat(m[1], 64)
	if m[2] != "" {
		e, _ := strconv.Atoi(m[2])
		x *= math.Pow(10, float64(e))
	} else {
		x *= quantitySuffixes[m[3]]
	}
	if x < 0 || math.IsInf(x, 0) {
		c.bad(p, "want %s, got %q", want, v.v)
		return 0, false
	}
	return x, true
}

// cpuQuantity reads a CPU quantity into millicores, rounded up as Kubernetes' MilliValue:
// "500m", "0.5" or "2" cores.
func (c *checker) cpuQuantity(p string, v str) int64 {
	x, ok := c.quantity(p, v, `a CPU quantity such as "500m" or "0.5" (cores)`)
	if !ok {
		return 0
	}
	if x > 100_000 { // far past any instance type
		c.bad(p, "%s is more CPU than any node has", v.v)
		return 0
	}
	return int64(math.Ceil(x * models.MilliCPUPerVCPU))
}

// memoryQuantity reads a memory quantity in bytes into MiB, rounded up: "512Mi", "1Gi", "1G".
func (c *checker) memoryQuantity(p string, v str) int64 {
	x, ok := c.quantity(p, v, `a memory quantity such as "512Mi", "1Gi" or "1G"`)
	if !ok {
		return 0
	}
	mib := x / (1 << 20)
	if mib > 64<<20 { // 64 TiB: far past any instance type
		c.bad(p, "%s is more memory than any node has", v.v)
		return 0
	}
	return int64(math.Ceil(mib))
}

// fargateProfiles reads which apps run on Fargate: those its profiles' selectors name.
func (c *checker) fargateProfiles(f *scenarioFile) map[string]bool {
	var apps []string // what a profile may select: the pods of Kubernetes' objects
	for _, n := range nativeNames(f) {
		apps = append(apps, n.v)
	}
	on, names := map[string]bool{}, map[string]string{}
	for i, fp := range f.FargateProfiles {
		p := fmt.Sprintf("fargate_profiles[%d]", i)
		c.kubeName(p, fp.Name, names, "Fargate profile")
		if len(fp.Selectors) == 0 && !c.shapeBad[p+".selectors"] {
			c.bad(p+".selectors", "a Fargate profile needs at least one selector")
		}
		for j, s := range fp.Selectors {
			sp := fmt.Sprintf("%s.selectors[%d].app", p, j)
			if !typed(c, sp, s.App) {
				if !s.App.set {
					c.missing(fmt.Sprintf("%s.selectors[%d]", p, j), "app")
				}
				continue
			}
			if !slices.Contains(apps, s.App.v) {
				c.bad(sp, "%q names no Deployment, DaemonSet or Job of the scenario", s.App.v)
			}
			on[s.App.v] = true
		}
	}
	return on
}

// nativeNodeGroups adds the scenario's [[node_groups]]: with neither min_size nor max_size, a
// group of desired_size nodes (an instance group); with them, an Auto Scaling group the
// Cluster Autoscaler scales between them (a capacity provider). desired_size defaults to 2,
// min_size to 1 and max_size to desired_size, as EKS's CreateNodegroup does.
func (c *checker) nativeNodeGroups(f *scenarioFile, sc *Scenario) {
	names := map[string]string{} // every group's: instance groups, providers and node groups
	for i, g := range sc.InstanceGroups {
		names[g.Name] = fmt.Sprintf("instance_groups[%d].name", i)
	}
	for i, cp := range sc.CapacityProviders {
		names[cp.Name] = fmt.Sprintf("capacity_providers[%d].name", i)
	}
	for i := range f.NodeGroups {
		g, p := &f.NodeGroups[i], fmt.Sprintf("node_groups[%d]", i)
		name := c.kubeName(p, g.Name, names, "group")
		types := c.instanceTypes(p, &hostsFile{typeKey: "instance_types", typesKey: "instance_types", Types: g.InstanceTypes}, sc)
		zones := c.zones(p+".zones", g.Zones, sc.Region)
		market := models.OnDemand
		if ct, ok := c.oneOf(p+".capacity_type", g.CapacityType, "ON_DEMAND", "SPOT"); ok && ct == "SPOT" {
			market = models.Spot
		}
		kube := &models.InstanceGroup{}
		c.kubeNodeGroup(p, &instanceGroupFile{Labels: g.Labels, Taints: g.Taints}, kube)
		desired, lo, hi := c.nodeGroupSizes(p, g)
		if len(types) == 0 {
			continue
		}
		if !g.MinSize.set && !g.MaxSize.set {
			if len(types) > 1 {
				c.bad(p+".instance_types", "a node group of fixed size takes one instance type; give min_size and max_size for a group the Cluster Autoscaler scales over several")
			}
			sc.InstanceGroups = append(sc.InstanceGroups, &models.InstanceGroup{Name: name, Type: types[0], Count: desired, Zones: zones,
				Market: market, Agent: models.DefaultAgentConfig(), AMIID: defaultAMIID, Kube: kube.Kube})
			continue
		}
		asg := &models.AutoScalingGroup{InstanceTypes: types, Zones: zones, MinSize: lo, MaxSize: hi, DesiredCapacity: desired,
			Market: market, LaunchLatency: defaultLaunchLatency, Agent: models.DefaultAgentConfig(), AMIID: defaultAMIID, Kube: kube.Kube}
		sc.CapacityProviders = append(sc.CapacityProviders, models.CapacityProviderConfig{Name: name, Kind: models.ProviderASG, ASG: asg, ManagedDraining: true})
	}
}

// nodeGroupSizes reads a node group's desired, min and max sizes (EKS NodegroupScalingConfig:
// min ≤ desired ≤ max). EKS asks for all three or none (none: 2, 1 and 2); ecssim takes any of
// them, the others following: desired from min (else 2), min 1 (0 for a desired of 0), max
// desired.
func (c *checker) nodeGroupSizes(p string, g *nodeGroupFile) (desired, lo, hi int) {
	read := func(key string, v integer, lo int64, dflt int) int {
		if n, ok := c.intIn(p+"."+key, v, lo, 100_000); ok {
			return int(n)
		}
		return dflt
	}
	desired = read("desired_size", g.DesiredSize, 0, 2)
	lo = read("min_size", g.MinSize, 0, min(1, desired))
	if !g.DesiredSize.set && g.MinSize.set {
		desired = lo
	}
	hi = read("max_size", g.MaxSize, 1, max(desired, lo))
	if !g.DesiredSize.set && g.MaxSize.set {
		desired = min(max(desired, lo), hi)
	}
	if lo > desired || desired > hi {
		c.bad(p, "want min_size ≤ desired_size ≤ max_size, got %d, %d and %d", lo, desired, hi)
	}
	return desired, lo, hi
}
