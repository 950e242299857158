package experiment_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/ecssim/ecssim/models"
)

// defaultReservedPorts are ECS_RESERVED_PORTS' default on Linux (ECS-REFERENCE §2.3): the
// generator leaves reserved_ports unset, so no task may bind these.
var defaultReservedPorts = []int{22, 2375, 2376, 51678, 51679}

// traceEvent is the part of a trace line (SPEC §5, reports.TraceWriter) the checker reads.
type traceEvent struct {
	T              float64 `json:"t"`
	Kind           string  `json:"kind"`
	Task           string  `json:"task"`
	TaskDefinition string  `json:"task_definition"`
	Service        string  `json:"service"`
	Instance       string  `json:"instance"`
	InstanceType   string  `json:"instance_type"`
	LaunchType     string  `json:"launch_type"`
	HostPort       int     `json:"host_port"`
	HostPorts      []int   `json:"host_ports"`
	Scheduled      bool    `json:"scheduled"`
	DesiredCount   *int    `json:"desired_count"`
}

// traceChecker replays a trace and checks, from the trace and the generator's spec alone (no
// model state), what ECS promises of every cluster: no instance over-committed, no host port
// bound twice, no task placed on an instance that is not ACTIVE with its agent connected, and
// the rolling-update bounds of every replica service.
type traceChecker struct {
	spec      genSpec
	instances map[string]*tcInstance
	tasks     map[string]*tcTask
	desired   map[string]int
	errs      []error
	line      int
	stats     *traceStats
}

// traceStats counts what the checks saw, so that a test can tell they were exercised.
type traceStats struct {
	ec2, fargate, gpu, ports, ceilings, floors int
	kinds                                      map[string]int // events by kind
}

type tcInstance struct {
	capCPU, capMem, capGPU    int64 // registered: CPU units, MiB, thousandths of a GPU
	usedCPU, usedMem, usedGPU int64 // held by tasks from TaskPlaced to TaskStopped
	draining, dead, offline   bool
	ports                     map[int]string // host port → task binding it
}

type tcTask struct {
	svc, def, inst        string // inst "" on Fargate
	ports                 []int
	held, active, healthy bool // held: placed, not STOPPED; active: PENDING or RUNNING
}

func (c *traceChecker) fail(e *traceEvent, format string, args ...any) {
	if len(c.errs) < 10 {
		c.errs = append(c.errs, fmt.Errorf("trace line %d (t=%g %s %s): %s", c.line, e.T, e.Kind, e.Task, fmt.Sprintf(format, args...)))
	}
}

// checkTrace reads trace line by line and returns every violation found.
func checkTrace(trace []byte, spec genSpec, stats *traceStats) error {
	c := &traceChecker{spec: spec, instances: map[string]*tcInstance{}, tasks: map[string]*tcTask{}, desired: map[string]int{}, stats: stats}
	for name, s := range spec.services {
		c.desired[name] = s.desired
	}
	sc := bufio.NewScanner(bytes.NewReader(trace))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		c.line++
		var e traceEvent
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			return fmt.Errorf("trace line %d: %v", c.line, err)
		}
		c.observe(&e)
	}
	return errors.Join(append(c.errs, sc.Err())...)
}

func (c *traceChecker) observe(e *traceEvent) {
	in := c.instances[e.Instance]
	c.stats.kinds[e.Kind]++
	switch e.Kind {
	case "InstanceRegistered":
		c.register(e)
	case "InstanceDraining":
		in.draining = true
	case "InstanceTerminated":
		in.dead = true
	case "AgentDisconnected":
		in.offline = true
	case "AgentReconnected":
		in.offline = false
	case "DesiredCountChanged":
		c.desired[e.Service] = *e.DesiredCount
	case "TaskPlaced":
		c.placed(e)
	case "TaskHealthy":
		if t := c.tasks[e.Task]; t != nil {
			t.healthy = true
		}
	case "TaskStopping":
		c.stopping(e)
	case "TaskStopped":
		c.stopped(e)
	}
}

// register records an instance's registered resources, derived from its type as ECS derives
// them (ECS-REFERENCE §2.1; DG/memory-management): vCPUs × 1024 CPU units, MemTotal less
// ECS_RESERVED_MEMORY, and the type's GPUs (ECS_ENABLE_GPU_SUPPORT is on by default).
func (c *traceChecker) register(e *traceEvent) {
	typ, ok := models.LookupInstanceType(e.InstanceType)
	if !ok {
		c.fail(e, "unknown instance type %q", e.InstanceType)
		return
	}
	c.instances[e.Instance] = &tcInstance{
		capCPU: int64(typ.VCPU) * 1024, capMem: typ.MemoryMiB*7985/8192 - c.spec.reservedMemory,
		capGPU: int64(typ.GPUs) * 1000, ports: map[int]string{},
	}
}

// placed checks a placement: on an EC2 instance, that the instance is ACTIVE (DRAINING
// instances never receive tasks, DG/container-instance-draining), not terminated, with its
// agent connected; that its CPU, memory and GPUs stay within what it registered and no host
// port is bound twice (DG/task-placement: resource fit; ECS-REFERENCE §2.2-2.4); and for a
// service, the deployment ceiling.
func (c *traceChecker) placed(e *traceEvent) {
	if t := c.tasks[e.Task]; t != nil && t.held {
		c.fail(e, "placed again while it holds %s", t.inst)
	}
	t := &tcTask{svc: e.Service, def: e.TaskDefinition, held: true, active: true}
	c.tasks[e.Task] = t
	if e.LaunchType != models.LaunchFargate {
		t.inst = e.Instance
		c.charge(e, t)
		c.stats.ec2++
	} else {
		c.stats.fargate++
	}
	s := c.spec.services[e.Service]
	switch {
	case s == nil:
	case s.daemon:
		c.oneDaemon(e, t)
	default:
		c.ceiling(e, s)
	}
}

// charge adds t's charge to its instance and checks that everything still fits.
func (c *traceChecker) charge(e *traceEvent, t *tcTask) {
	in := c.instances[t.inst]
	switch {
	case in == nil:
		c.fail(e, "placed on %q, which never registered", t.inst)
		return
	case in.dead:
		c.fail(e, "placed on terminated instance %s", t.inst)
	case in.draining:
		c.fail(e, "placed on DRAINING instance %s", t.inst)
	case in.offline:
		c.fail(e, "placed on %s while its agent is disconnected", t.inst)
	}
	td, ok := c.spec.defs[t.def]
	if !ok {
		c.fail(e, "task definition %q is none the scenario registered", t.def)
		return
	}
	in.usedCPU += td.cpu
	in.usedMem += td.memory
	// The trace names no GPU devices, so only the total is checked here: that shares of one
	// GPU fit within that GPU is the models' invariant checker's (tallyGPUs).
	in.usedGPU += td.gpuMilli
	if td.gpuMilli > 0 {
		c.stats.gpu++
	}
	if in.usedCPU > in.capCPU || in.usedMem > in.capMem || in.usedGPU > in.capGPU {
		c.fail(e, "over-commits %s: CPU %d/%d, memory %d/%d MiB, GPU %d/%d milli", t.inst,
			in.usedCPU, in.capCPU, in.usedMem, in.capMem, in.usedGPU, in.capGPU)
	}
	t.ports = e.HostPorts
	if e.HostPort != 0 {
		t.ports = []int{e.HostPort}
	}
	for _, p := range td.static {
		if !slices.Contains(t.ports, p) {
			c.fail(e, "task definition %s maps host port %d, the placement binds %v", t.def, p, t.ports)
		}
	}
	// Every binding, explicit or dynamic, is one socket: a port bound twice on one instance
	// would fail in Docker (ECS-REFERENCE §2.2-2.4). The trace carries no protocol: the
	// generator maps TCP only.
	for _, p := range t.ports {
		if slices.Contains(defaultReservedPorts, p) {
			c.fail(e, "binds port %d on %s, which the agent reserves", p, t.inst)
		}
		if other, ok := in.ports[p]; ok {
			c.fail(e, "binds port %d on %s, which %s holds", p, t.inst, other)
		}
		in.ports[p] = e.Task
		c.stats.ports++
	}
}

// oneDaemon checks that a daemon runs at most one active task per instance (DG/ecs_services:
// DAEMON places exactly one task on each instance; its maximumPercent stays 100).
func (c *traceChecker) oneDaemon(e *traceEvent, t *tcTask) {
	n := 0
	for _, x := range c.tasks {
		if x.svc == t.svc && x.inst == t.inst && x.active {
			n++
		}
	}
	if n > 1 {
		c.fail(e, "daemon %s runs %d tasks on %s", t.svc, n, t.inst)
	}
}

// ceiling checks ECS's upper bound on a replica service (DG/deployment-type-ecs,
// ECS-REFERENCE §4.2): tasks in PENDING, RUNNING or STOPPING, across all its deployments, at
// most floor(desired × maximumPercent / 100). Only a placement must respect it: a scale-in can
// leave more tasks than the new ceiling while they stop. The trace shows no PROVISIONING task
// (one waiting for a provider's capacity) until it is placed, and ECS does not count those.
func (c *traceChecker) ceiling(e *traceEvent, s *svcSpec) {
	n := 0
	for _, x := range c.tasks {
		if x.svc == e.Service && x.held {
			n++
		}
	}
	c.stats.ceilings++
	if limit := c.desired[e.Service] * s.maxPct / 100; n > limit {
		c.fail(e, "service %s holds %d tasks, above its ceiling floor(%d × %d%%) = %d", e.Service, n, c.desired[e.Service], s.maxPct, limit)
	}
}

// stopping checks ECS's lower bound when the scheduler chooses to stop a healthy task
// (DG/deployment-type-ecs, ECS-REFERENCE §4.2): the healthy RUNNING tasks left stay at least
// ceil(desired × minimumHealthyPercent / 100). The bound holds only for the scheduler's own
// stops ("scheduled":true): a failed health check, an instance lost, a Spot interruption or a
// task that exits take a service below its floor in ECS too, so running tasks after steady
// state are not checked against it. A daemon is exempt: the trace does not say on how many
// instances it should run, so its desired count, and with it its floor, is unknown here.
func (c *traceChecker) stopping(e *traceEvent) {
	t := c.tasks[e.Task]
	if t == nil {
		return // a PROVISIONING task dropped before placement
	}
	wasHealthy := t.healthy && t.active
	t.active, t.healthy = false, false
	s := c.spec.services[t.svc]
	if s == nil || s.daemon || !e.Scheduled || !wasHealthy {
		return
	}
	healthy := 0
	for _, x := range c.tasks {
		if x.svc == t.svc && x.active && x.healthy {
			healthy++
		}
	}
	c.stats.floors++
	d := c.desired[t.svc]
	if floor := (d*s.minPct + 99) / 100; healthy < floor {
		c.fail(e, "service %s stopped a healthy task leaving %d healthy, below its floor ceil(%d × %d%%) = %d", t.svc, healthy, d, s.minPct, floor)
	}
}

// stopped frees what a task held: ECS releases a task's resources and ports when it is
// STOPPED, not while it is STOPPING (DG/task-lifecycle).
func (c *traceChecker) stopped(e *traceEvent) {
	t := c.tasks[e.Task]
	if t == nil || !t.held {
		return
	}
	t.held, t.active, t.healthy = false, false, false
	delete(c.tasks, e.Task)
	in := c.instances[t.inst]
	if in == nil {
		return // Fargate
	}
	td := c.spec.defs[t.def]
	in.usedCPU -= td.cpu
	in.usedMem -= td.memory
	in.usedGPU -= td.gpuMilli
	for _, p := range t.ports {
		if in.ports[p] == e.Task {
			delete(in.ports, p)
		}
	}
}
