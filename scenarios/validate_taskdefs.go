package scenarios

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/scheduler"
)

// ECS limits on task definitions (API/TaskDefinition, DG/service-quotas).
const (
	minTaskCPU      = 128
	maxTaskCPU      = 196608
	maxContainers   = 10
	minContainerMiB = 6
)

// Container timing limits. ECS allows a stopTimeout of up to 120 s on Fargate and sets no
// maximum on EC2 (DG/task_definition_parameters); ecssim bounds it at an hour. The health
// check ranges are API/HealthCheck's.
const (
	maxStopTimeout            = time.Hour
	minHealthCheckInterval    = 5 * time.Second
	maxHealthCheckInterval    = 300 * time.Second
	minHealthCheckTimeout     = 2 * time.Second
	maxHealthCheckTimeout     = 60 * time.Second
	minHealthCheckRetries     = 1
	maxHealthCheckRetries     = 10
	maxHealthCheckStartPeriod = 300 * time.Second
)

// registry holds the registered task definitions by family, revisions in order, as
// RegisterTaskDefinition does: repeating a family adds its next revision. Definitions with no
// family (a missing or misspelt key, reported there) are under "".
type registry map[string][]*models.TaskDefinition

// resolve finds "family" (the latest revision) or "family:revision". An unknown family is
// reported whatever else is wrong: when some definition has no family, the message says so,
// since that may be the one meant.
func (r registry) resolve(ref string) (*models.TaskDefinition, error) {
	family, rev, hasRev := strings.Cut(ref, ":")
	revs := r[family]
	if len(revs) == 0 {
		known := slices.DeleteFunc(slices.Sorted(maps.Keys(r)), func(f string) bool { return f == "" })
		unnamed := ""
		if n := len(r[""]); n > 0 {
			unnamed = fmt.Sprintf("; %d definition(s) have no family, reported above", n)
		}
		if len(known) == 0 {
			return nil, errorf("no task definition family %q: the scenario registers none%s", family, unnamed)
		}
		return nil, errorf("no task definition family %q (known: %s%s)", family, strings.Join(known, ", "), unnamed)
	}
	if !hasRev {
		return revs[len(revs)-1], nil
	}
	n, err := strconv.Atoi(rev)
	if err != nil || n < 1 || n > len(revs) {
		if len(revs) == 1 {
			return nil, errorf("family %q has only revision 1, not %q", family, rev)
		}
		return nil, errorf("family %q has revisions 1 to %d, not %q", family, len(revs), rev)
	}
	return revs[n-1], nil
}

func (c *checker) taskDefinitions(defs []taskDefFile, regs registries, sc *Scenario) registry {
	reg := registry{}
	for i := range defs {
		p := fmt.Sprintf("task_definitions[%d]", i)
		d := c.taskDefinition(p, &defs[i])
		if d == nil {
			continue
		}
		d.Revision = len(reg[d.Family]) + 1
		d.Image = c.image(p+".image", &defs[i].Image, regs)
		if d.Image != nil && d.Image.Name == "" {
			d.Image.Name = fmt.Sprintf("%s:%d", d.Family, d.Revision)
		}
		d.Behavior = c.behavior(p+".behavior", &defs[i].Behavior)
		d.Finalize()
		reg[d.Family] = append(reg[d.Family], d)
		sc.TaskDefinitions = append(sc.TaskDefinitions, d)
	}
	return reg
}

func (c *checker) taskDefinition(p string, f *taskDefFile) *models.TaskDefinition {
	d := &models.TaskDefinition{NetworkMode: models.Bridge}
	if typed(c, p+".family", f.Family) {
		d.Family = f.Family.v
		if !ValidName(d.Family) {
			c.bad(p+".family", "a family is 1-255 letters, digits, hyphens and underscores")
		}
	} else if !f.Family.set {
		c.missing(p, "family")
	}
	if n, ok := c.intIn(p+".cpu", f.CPU, minTaskCPU, maxTaskCPU); ok {
		d.CPU = n
	}
	if n, ok := c.intIn(p+".memory", f.Memory, minContainerMiB, 1<<30); ok {
		d.MemoryMiB = n
	}
	if m, ok := c.oneOf(p+".network_mode", f.NetworkMode, "bridge", "host", "awsvpc", "none"); ok {
		d.NetworkMode = models.NetworkMode(m)
	}
	if typed(c, p+".requires_compatibilities", f.RequiresCompatibilities) {
		for i, lt := range f.RequiresCompatibilities.v {
			if !slices.Contains([]string{"EC2", "FARGATE", "EXTERNAL"}, lt) {
				c.bad(fmt.Sprintf("%s.requires_compatibilities[%d]", p, i), "want EC2, FARGATE or EXTERNAL, got %q", lt)
			}
		}
		d.RequiresCompatibilities = f.RequiresCompatibilities.v
	}
	if typed(c, p+".task_role_arn", f.TaskRoleArn) {
		if !strings.HasPrefix(f.TaskRoleArn.v, "arn:") {
			c.bad(p+".task_role_arn", "want an IAM role ARN such as arn:aws:iam::123456789012:role/web")
		}
		d.TaskRoleArn = f.TaskRoleArn.v
	}
	if a, ok := c.oneOf(p+".runtime_platform.cpu_architecture", f.RuntimePlatform.CPUArchitecture, "X86_64", "ARM64"); ok {
		d.CPUArchitecture = a
	}
	if os, ok := c.oneOf(p+".runtime_platform.operating_system_family", f.RuntimePlatform.OperatingSystemFamily, "LINUX", "WINDOWS_SERVER_2019_FULL", "WINDOWS_SERVER_2022_FULL"); ok && os != "LINUX" {
		c.bad(p+".runtime_platform.operating_system_family", "ecssim models Linux container instances only")
	}
	d.PlacementConstraints = c.constraints(p+".placement_constraints", f.PlacementConstraints, true)
	c.containers(p, f.Containers, d)
	c.gpuShare(p, f.GPUShare, d)
	if slices.Contains(d.RequiresCompatibilities, models.LaunchFargate) {
		c.fargateTaskDefinition(p, f, d)
	}
	return d
}

// containers reads the task definition's containers into d: each container's own keys, then
// the checks that span containers (names and host ports unique within the task, CPU within the
// task's), which is why the loop keeps the names, host ports and CPU seen so far.
func (c *checker) containers(p string, cs []containerFile, d *models.TaskDefinition) {
	if len(cs) == 0 {
		c.missing(p, "containers")
	}
	if len(cs) > maxContainers {
		c.bad(p+".containers", "%d containers, ECS allows at most %d per task definition", len(cs), maxContainers)
		// Check only those ECS would take: each problem is placed by a search of the file,
		// so a hostile list of 100,000 containers would take minutes to report.
		cs = cs[:maxContainers]
	}
	names := map[string]string{}
	hostPorts := map[string]string{}
	var cpuSum int64
	for i := range cs {
		cf := &cs[i]
		cp := fmt.Sprintf("%s.containers[%d]", p, i)
		ct := c.container(p, cp, i, cf, d, names)
		cpuSum += ct.CPU // zero when the container's cpu is unset or wrong
		ct.PortMappings = c.containerPorts(cp, cf.PortMappings, d.NetworkMode, hostPorts)
		d.Containers = append(d.Containers, ct)
	}
	if d.CPU > 0 && cpuSum > d.CPU {
		c.bad(p+".cpu", "the containers reserve %d CPU units in all, more than the task's %d", cpuSum, d.CPU)
	}
}

// container reads the i-th container, at cp in the task definition at p, all but its port
// mappings (containerPorts). A container whose name is unset or not a string is named
// container-N (N from 1) so that the simulation can still refer to it; names holds the names of the task's containers
// read so far, since a name is unique within a task.
func (c *checker) container(p, cp string, i int, cf *containerFile, d *models.TaskDefinition, names map[string]string) models.Container {
	ct := models.Container{Name: fmt.Sprintf("container-%d", i+1)}
	if typed(c, cp+".name", cf.Name) {
		ct.Name = cf.Name.v
		if !ValidName(ct.Name) {
			c.bad(cp+".name", "a container name is 1-255 letters, digits, hyphens and underscores")
		}
	}
	c.unique(names, cp+".name", "container", ct.Name)
	if n, ok := c.intIn(cp+".cpu", cf.CPU, 0, maxTaskCPU); ok {
		ct.CPU = n
	}
	if n, ok := c.intIn(cp+".memory", cf.Memory, minContainerMiB, 1<<30); ok {
		ct.MemoryMiB = n
	}
	if n, ok := c.intIn(cp+".memory_reservation", cf.MemoryReservation, minContainerMiB, 1<<30); ok {
		ct.MemoryReservationMiB = n
	}
	c.containerMemory(p, cp, ct, d)
	ct.HealthCheck = c.healthCheck(cp+".health_check", &cf.HealthCheck)
	if t, ok := c.durationIn(cp+".stop_timeout", cf.StopTimeout, time.Second, maxStopTimeout); ok {
		ct.StopTimeout = t
	}
	if drv, ok := c.oneOf(cp+".log_configuration.log_driver", cf.LogConfiguration.LogDriver, logDrivers...); ok {
		ct.LogDriver = drv
	}
	ct.GPUs = c.containerGPUs(cp+".resource_requirements", cf.ResourceReqs)
	return ct
}

// containerGPUs reads a container's resourceRequirements: GPU, a string of whole GPUs pinned
// to the container, at most once (API/ResourceRequirement; DG/ecs-gpu). InferenceAccelerator
// (Elastic Inference, retired by AWS) is not modelled.
func (c *checker) containerGPUs(p string, reqs []resourceReqFile) int {
	gpus := 0
	for i := range reqs {
		rp := fmt.Sprintf("%s[%d]", p, i)
		kind, ok := c.oneOf(rp+".type", reqs[i].Type, "GPU", "InferenceAccelerator")
		switch {
		case !ok:
			if !reqs[i].Type.set {
				c.missing(rp, "type")
			}
			continue
		case kind == "InferenceAccelerator":
			c.bad(rp+".type", "ecssim models GPUs, not Elastic Inference accelerators")
			continue
		case gpus > 0:
			c.bad(rp, "a second GPU requirement: a container states its GPUs once")
			continue
		}
		if !typed(c, rp+".value", reqs[i].Value) {
			if !reqs[i].Value.set {
				c.missing(rp, "value")
			}
			continue
		}
		n, err := strconv.Atoi(reqs[i].Value.v)
		if err != nil || n < 1 || n > models.MaxGPUsPerInstance {
			c.bad(rp+".value", "want the GPUs as a string of a whole number from 1 to %d, such as \"1\", got %q", models.MaxGPUsPerInstance, reqs[i].Value.v)
			continue
		}
		gpus = n
	}
	return gpus
}

// gpuShare reads the task's gpu_share, ecssim's GPU-sharing extension beyond ECS: a share of
// one GPU, above 0 and below 1, kept in thousandths (models.MilliPerGPU); a task asks for a
// share or for its containers' whole GPUs, not both.
func (c *checker) gpuShare(p string, v number, d *models.TaskDefinition) {
	x, ok := c.number(p+".gpu_share", v, 0.001, 1, true)
	if !ok {
		return
	}
	if m := math.Round(x * models.MilliPerGPU); m >= models.MilliPerGPU {
		c.bad(p+".gpu_share", "%g is a whole GPU in thousandths: a share is at most 0.999", x)
		return
	}
	if slices.Contains(d.RequiresCompatibilities, models.LaunchFargate) {
		c.bad(p+".gpu_share", "Fargate has no GPUs: GPU tasks run on EC2 GPU instances (DG/ecs-gpu)")
		return
	}
	for _, ct := range d.Containers {
		if ct.GPUs > 0 {
			c.bad(p+".gpu_share", "a share of one GPU, and whole GPUs in container %s: ask for one or the other", ct.Name)
			return
		}
	}
	d.GPUShareMilli = int64(math.Round(x * models.MilliPerGPU))
}

// containerPorts reads the port mappings of the container at cp, in a task of network mode
// mode. hostPorts holds the host ports (with protocol) of the task's containers read so far,
// since two containers of one task cannot bind the same host port.
func (c *checker) containerPorts(cp string, fs []portMappingFile, mode models.NetworkMode, hostPorts map[string]string) []models.PortMapping {
	if len(fs) > 0 && mode == models.None {
		c.bad(cp+".port_mappings", "a task in none network mode has no network to map ports on")
	}
	var out []models.PortMapping
	for j := range fs {
		pp := fmt.Sprintf("%s.port_mappings[%d]", cp, j)
		m, ok := c.portMapping(pp, &fs[j], mode)
		if !ok {
			continue
		}
		out = append(out, m)
		host := m.HostPort
		if mode == models.Host && host == 0 {
			host = m.ContainerPort // host mode binds the container port itself
		}
		if host > 0 {
			c.unique(hostPorts, pp+".host_port", "host port", fmt.Sprintf("%d/%v", host, m.Protocol))
		}
	}
	return out
}

// containerMemory applies ECS's memory rules to the container at cp of the task definition at
// p: without task-level memory, a container sets memory, memoryReservation or both; with both,
// the reservation is below the limit; no container may exceed the task's memory
// (DG/task_definition_parameters). A memory that is set but wrong is not missing: its own
// problem is reported.
func (c *checker) containerMemory(p, cp string, ct models.Container, d *models.TaskDefinition) {
	switch {
	case d.MemoryMiB == 0 && ct.MemoryMiB == 0 && ct.MemoryReservationMiB == 0:
		if c.unreported(p+".memory", cp+".memory", cp+".memory_reservation") {
			c.bad(cp, "set memory or memory_reservation (or the task's memory): ECS needs one on EC2")
		}
	case ct.MemoryMiB > 0 && ct.MemoryReservationMiB >= ct.MemoryMiB:
		c.bad(cp+".memory_reservation", "must be below memory (%d MiB)", ct.MemoryMiB)
	case d.MemoryMiB > 0 && max(ct.MemoryMiB, ct.MemoryReservationMiB) > d.MemoryMiB:
		c.bad(cp, "asks for more memory than the task's %d MiB", d.MemoryMiB)
	}
}

func (c *checker) portMapping(pp string, f *portMappingFile, mode models.NetworkMode) (models.PortMapping, bool) {
	var m models.PortMapping
	n, ok := c.intIn(pp+".container_port", f.ContainerPort, 1, 65535)
	if !ok {
		if !f.ContainerPort.set {
			c.missing(pp, "container_port")
		}
		return m, false
	}
	m.ContainerPort = uint16(n)
	if n, ok := c.intIn(pp+".host_port", f.HostPort, 0, 65535); ok {
		m.HostPort = uint16(n)
		if (mode == models.AWSVPC || mode == models.Host) && m.HostPort != 0 && m.HostPort != m.ContainerPort {
			c.bad(pp+".host_port", "in %s mode the host port must equal the container port (%d)", mode, m.ContainerPort)
		}
	}
	if proto, ok := c.oneOf(pp+".protocol", f.Protocol, "tcp", "udp"); ok && proto == "udp" {
		m.Protocol = models.UDP
	}
	return m, true
}

// constraints reads placement constraints; a task definition allows only memberOf.
func (c *checker) constraints(p string, fs []constraintFile, inTaskDef bool) []models.ConstraintSpec {
	var out []models.ConstraintSpec
	if len(fs) > scheduler.MaxConstraints {
		c.bad(p, "%d placement constraints, ECS allows at most %d", len(fs), scheduler.MaxConstraints)
	}
	for i := range fs {
		ip := fmt.Sprintf("%s[%d]", p, i)
		typ, ok := c.oneOf(ip+".type", fs[i].Type, scheduler.DistinctInstance, scheduler.MemberOf)
		if !ok {
			if !fs[i].Type.set {
				c.missing(ip, "type")
			}
			continue
		}
		cs := models.ConstraintSpec{Type: typ}
		if typed(c, ip+".expression", fs[i].Expression) {
			cs.Expression = fs[i].Expression.v
		} else if typ == scheduler.MemberOf && !fs[i].Expression.set {
			c.missing(ip, "expression")
			continue
		}
		if _, err := scheduler.CompileConstraint(cs, inTaskDef); err != nil {
			if ee, ok := err.(*scheduler.ExprError); ok {
				c.badAt(ip+".expression", len([]rune(cs.Expression[:min(ee.Offset, len(cs.Expression))])), "%s", ee.Msg)
			} else {
				c.bad(ip, "%v", err)
			}
			continue
		}
		out = append(out, cs)
	}
	return out
}

// healthCheck reads a container's healthCheck (API/HealthCheck); nil when it has none. ecssim
// does not run the command, but ECS requires one, starting with CMD or CMD-SHELL.
func (c *checker) healthCheck(hp string, f *healthCheckFile) *models.HealthCheck {
	empty := !f.Command.set && !f.Interval.set && !f.Timeout.set && !f.Retries.set && !f.StartPeriod.set
	if !c.given(hp, empty) {
		return nil
	}
	hc := &models.HealthCheck{Interval: models.DefaultHealthCheckInterval, Timeout: models.DefaultHealthCheckTimeout,
		Retries: models.DefaultHealthCheckRetries}
	if typed(c, hp+".command", f.Command) {
		if cmd := f.Command.v; len(cmd) < 2 || (cmd[0] != "CMD" && cmd[0] != "CMD-SHELL") {
			c.bad(hp+".command", `want CMD or CMD-SHELL and then the command, such as ["CMD-SHELL", "curl -f http://localhost/ || exit 1"]`)
		}
	} else if !f.Command.set {
		c.missing(hp, "command")
	}
	if d, ok := c.durationIn(hp+".interval", f.Interval, minHealthCheckInterval, maxHealthCheckInterval); ok {
		hc.Interval = d
	}
	if d, ok := c.durationIn(hp+".timeout", f.Timeout, minHealthCheckTimeout, maxHealthCheckTimeout); ok {
		hc.Timeout = d
	}
	if n, ok := c.intIn(hp+".retries", f.Retries, minHealthCheckRetries, maxHealthCheckRetries); ok {
		hc.Retries = int(n)
	}
	if d, ok := c.durationIn(hp+".start_period", f.StartPeriod, 0, maxHealthCheckStartPeriod); ok {
		hc.StartPeriod = d
	}
	return hc
}

// behavior reads a task definition's behavior table, ecssim's own: how its tasks fail and how
// long their containers take to start and to exit.
func (c *checker) behavior(bp string, f *behaviorFile) models.Behavior {
	var b models.Behavior
	rate := func(key string, v number) float64 {
		if !typed(c, bp+"."+key, v) {
			return 0
		}
		if !(v.v >= 0 && v.v <= 1) {
			c.bad(bp+"."+key, "a rate is between 0 and 1, got %g", v.v)
			return 0
		}
		return v.v
	}
	b.StartFailureRate = rate("start_failure_rate", f.StartFailureRate)
	b.HealthCheckFailureRate = rate("health_check_failure_rate", f.HealthCheckFailureRate)
	b.ContainerStart = c.optionalDistribution(bp+".container_start", &f.ContainerStart)
	b.Shutdown = c.optionalDistribution(bp+".shutdown", &f.Shutdown)
	return b
}

// optionalDistribution reads a distribution table that may be left out: the zero spec then.
func (c *checker) optionalDistribution(p string, f *distFile) models.DistSpec {
	switch {
	case *f != distFile{}:
		return c.distribution(p, f)
	case c.given(p, true):
		c.missing(p, "distribution")
	}
	return models.DistSpec{}
}
