package models

import (
	"errors"
	"fmt"

	"github.com/ecssim/ecssim/sim"
)

// ErrNoHostPort is a task's start error when its instance has no free port left in its dynamic
// range: the agent fails the task with "a host port is unavailable"
// (agent/utils/ephemeral_ports.go).
var ErrNoHostPort = errors.New("a host port is unavailable")

// Every task state change goes through the four methods below, so the cluster's resource
// accounting and group counts always agree with the tasks' states.

// Place puts a PROVISIONING task on an instance at time now: it reserves the task's CPU,
// memory, GPUs, ENIs and explicit host ports, has the agent pick its dynamic host ports, and
// moves it to PENDING. It panics if the task does not fit (Instance.Lacks), because placement
// checks fit first. Dynamic ports are not a placement resource, so an exhausted range does not
// stop the placement: the task gets StartError ErrNoHostPort and no dynamic ports, and fails
// when it starts, as ECS's agent fails it.
func (c *Cluster) Place(t *Task, in *Instance, now sim.Time) {
	d := t.Def
	if short := in.Lacks(d); !short.None() {
		panic(fmt.Sprintf("models: %s (%v, %d ENI) does not fit on %s: it lacks %v (%v free, %d/%d ENIs)",
			t.ID, d.Charge(), d.ENIs(), in.ID, short, in.Free(), in.ENIsUsed(), in.ENILimit()))
	}
	in.hold(d, t)
	t.Bindings = t.Bindings[:0]
	for _, m := range d.StaticPorts() {
		t.Bindings = append(t.Bindings, HostBinding(m))
	}
	static := len(t.Bindings)
	for _, m := range d.DynamicPorts() {
		p, ok := in.nextDynamicPort(m.Protocol)
		if !ok {
			for _, b := range t.Bindings[static:] {
				delete(in.ports, portKey(b.Protocol, b.HostPort))
			}
			t.Bindings, t.StartError = t.Bindings[:static], ErrNoHostPort
			break
		}
		in.ports[portKey(m.Protocol, p)] = t
		t.Bindings = append(t.Bindings, HostBinding{m.ContainerPort, p, m.Protocol})
	}
	in.tasks = append(in.tasks, t)
	t.Instance = in
	t.holds = true
	if in.fargate {
		c.fargate = append(c.fargate, in)
	}
	t.setState(Pending)
	c.join(t)
	c.changed(in)
}

// MarkRunning moves a PENDING task to RUNNING at time now.
func (c *Cluster) MarkRunning(t *Task, now sim.Time) {
	t.setState(Running)
	t.StartedAt = now
	t.Instance.running++
}

// BeginStop moves a task to STOPPING at time now. The task keeps its resources until
// FinishStop: ECS holds a STOPPING task's resources (roadmap#325).
func (c *Cluster) BeginStop(t *Task, now sim.Time, reason string) {
	c.deactivate(t)
	t.setState(Stopping)
	t.StoppingAt = now
	t.noteReason(reason)
}

// FinishStop moves a task to STOPPED at time now and frees what it held.
func (c *Cluster) FinishStop(t *Task, now sim.Time, reason string) {
	c.deactivate(t)
	t.setState(Stopped)
	t.StoppedAt = now
	t.noteReason(reason)
	if !t.holds {
		return
	}
	in := t.Instance
	for _, b := range t.Bindings {
		delete(in.ports, portKey(b.Protocol, b.HostPort))
	}
	in.staticBound -= len(t.Def.StaticPorts())
	in.used = in.used.Sub(t.Def.Charge())
	in.gpus.give(t.Def.charge.GPUMilli, t.GPUMask)
	t.GPUMask = 0
	if in.used.negative() {
		panic(fmt.Sprintf("models: %s released more than it held on %s", t.ID, in.ID))
	}
	for i, x := range in.tasks {
		if x == t {
			in.tasks = append(in.tasks[:i], in.tasks[i+1:]...)
			break
		}
	}
	t.holds = false
	if in.fargate {
		c.fargate = removeInstance(c.fargate, in)
	}
	c.changed(in)
}

// noteReason keeps the first reason a task was given to stop, as ECS's stoppedReason does.
func (t *Task) noteReason(reason string) {
	if t.StopReason == "" {
		t.StopReason = reason
	}
}

// deactivate takes an active task out of its group and the running count.
func (c *Cluster) deactivate(t *Task) {
	if !t.Active() || t.Instance == nil {
		return
	}
	if t.State == Running {
		t.Instance.running--
	}
	c.leave(t)
}
