// Package modelstest builds realistic models fixtures for tests: instances with ECS's defaults
// that a test overrides only where it matters, task definitions, and tasks placed on them.
package modelstest

import (
	"fmt"
	"time"

	"github.com/ecssim/ecssim/models"
)

// Epoch is the wall-clock start of test clusters.
var Epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// InstanceBuilder describes an instance to register; start from Instance.
type InstanceBuilder struct {
	spec models.InstanceSpec
}

// Instance starts an instance of the given catalog type in us-east-1a with the agent's default
// configuration. It panics on an unknown type.
func Instance(typ string) *InstanceBuilder {
	t, ok := models.LookupInstanceType(typ)
	if !ok {
		panic(fmt.Sprintf("modelstest: unknown instance type %q", typ))
	}
	agent := models.DefaultAgentConfig()
	return &InstanceBuilder{spec: models.InstanceSpec{
		Type: t, Zone: "us-east-1a", Market: models.OnDemand, Agent: &agent, AMIID: "ami-test",
	}}
}

// Zone sets the instance's availability zone.
func (b *InstanceBuilder) Zone(z string) *InstanceBuilder { b.spec.Zone = z; return b }

// Attr adds a custom attribute.
func (b *InstanceBuilder) Attr(name, value string) *InstanceBuilder {
	b.spec.Custom = append(b.spec.Custom, models.Attribute{Name: name, Value: value})
	return b
}

// Agent changes the instance's agent configuration.
func (b *InstanceBuilder) Agent(f func(*models.AgentConfig)) *InstanceBuilder {
	a := *b.spec.Agent
	f(&a)
	b.spec.Agent = &a
	return b
}

// Cluster registers the instances, numbered 1, 2, ... in the order given, in a cluster named
// "default" with the TieRandom tie-break, whose instance ranks derive from seed.
func Cluster(seed uint64, instances ...*InstanceBuilder) *models.Cluster {
	return ClusterWith(models.TieRandom, seed, instances...)
}

// ClusterWith is Cluster with the given tie-break rule.
func ClusterWith(tie models.TieBreak, seed uint64, instances ...*InstanceBuilder) *models.Cluster {
	c := models.NewCluster("default", Epoch, tie, seed)
	for i, b := range instances {
		c.Register(b.spec, uint64(i+1), 0)
	}
	return c
}

// TaskDef returns a finalized bridge-mode task definition "family:1" with one container and the
// given task-level CPU units and memory (MiB).
func TaskDef(family string, cpu, mem int64, mappings ...models.PortMapping) *models.TaskDefinition {
	d := &models.TaskDefinition{
		Family: family, Revision: 1, CPU: cpu, MemoryMiB: mem, NetworkMode: models.Bridge,
		Containers: []models.Container{{Name: family, PortMappings: mappings}},
	}
	d.Finalize()
	return d
}

// Task returns a PROVISIONING task of def in group with the given ID.
func Task(id string, def *models.TaskDefinition, group string) *models.Task {
	return &models.Task{ID: id, Def: def, Group: group, State: models.Provisioning}
}

// Place places a new task of def in group on in and marks it RUNNING; it panics if it does not
// fit. It returns the task.
func Place(c *models.Cluster, in *models.Instance, id string, def *models.TaskDefinition, group string) *models.Task {
	t := Task(id, def, group)
	c.Place(t, in, 0)
	c.MarkRunning(t, 0)
	return t
}

// Spec returns the instance's specification, for a test that registers it itself.
func (b *InstanceBuilder) Spec() models.InstanceSpec { return b.spec }
