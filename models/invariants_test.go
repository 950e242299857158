package models

import (
	"strings"
	"testing"
	"time"
)

// fixture registers one m5.large and places two bridge tasks on it, one with a static port.
func fixture(t *testing.T) (*Cluster, *Instance, []*Task) {
	t.Helper()
	agent := DefaultAgentConfig()
	typ, _ := LookupInstanceType("m5.large")
	c := NewCluster("default", time.Time{}, TieRandom, 1)
	in := c.Register(InstanceSpec{Type: typ, Zone: "us-east-1a", Agent: &agent}, 1, 0)
	d := &TaskDefinition{Family: "web", Revision: 1, CPU: 256, MemoryMiB: 512, NetworkMode: Bridge,
		Containers: []Container{{PortMappings: []PortMapping{{ContainerPort: 80, HostPort: 80}, {ContainerPort: 81}}}}}
	d.Finalize()
	var tasks []*Task
	for _, id := range []string{"a", "b"} {
		task := &Task{ID: id, Def: d, Group: "service:web", State: Provisioning}
		if id == "b" {
			d2 := *d
			d2.Containers = []Container{{PortMappings: []PortMapping{{ContainerPort: 81}}}}
			d2.Finalize()
			task.Def = &d2
		}
		c.Place(task, in, 0)
		c.MarkRunning(task, 0)
		tasks = append(tasks, task)
	}
	if err := CheckCluster(c); err != nil {
		t.Fatalf("clean fixture fails: %v", err)
	}
	return c, in, tasks
}

func TestInvariantsCatchCorruption(t *testing.T) {
	tests := []struct {
		name    string
		corrupt func(c *Cluster, in *Instance, tasks []*Task)
		want    string
	}{
		{"over-commit", func(c *Cluster, in *Instance, _ []*Task) {
			in.Registered.MemoryMiB = 100
		}, "over-committed"},
		{"leaked reservation", func(c *Cluster, in *Instance, _ []*Task) {
			in.used.CPU += 1
		}, "but its tasks charge"},
		{"port bound twice", func(c *Cluster, in *Instance, tasks []*Task) {
			tasks[1].Bindings[0].HostPort = tasks[0].Bindings[0].HostPort
		}, "held by"},
		{"reserved port bound", func(c *Cluster, in *Instance, tasks []*Task) {
			b := &tasks[1].Bindings[0]
			delete(in.ports, portKey(b.Protocol, b.HostPort))
			b.HostPort = 22
			in.ports[portKey(TCP, 22)] = tasks[1]
		}, "binds reserved port 22"},
		{"ENIs beyond the limit", func(c *Cluster, in *Instance, _ []*Task) {
			in.used.ENIs = 5 // an m5.large attaches 2
		}, "over-committed in enis"},
		{"pods beyond max pods", func(c *Cluster, in *Instance, tasks []*Task) {
			// A node of 1 pod holding 2 pods, each task charging one and the counter agreeing.
			tasks[0].Def.charge.Pods, tasks[1].Def.charge.Pods = 1, 1
			in.used.Pods, in.Registered.Pods = 2, 1
		}, "over-committed in pods: 512 CPU, 1024 MiB and 0 ENIs, 2 pods reserved of 2048 CPU, 7985 MiB and 2 ENIs, 1 pods registered"},
		{"a pod counter that drifts", func(c *Cluster, in *Instance, _ []*Task) {
			in.used.Pods, in.Registered.Pods = 1, 2
		}, "but its tasks charge"},
		{"group count drift", func(c *Cluster, in *Instance, _ []*Task) {
			c.groups["service:web"].count = 7
		}, "counts 7 tasks"},
		{"stopped task still held", func(c *Cluster, in *Instance, tasks []*Task) {
			tasks[0].State = Stopped
		}, "holds resources in state STOPPED"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, in, tasks := fixture(t)
			tc.corrupt(c, in, tasks)
			err := CheckCluster(c)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("CheckCluster() = %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

// TestInvariantsAcceptPodsAtMaxPods: a node holding exactly its max pods is not over-committed.
func TestInvariantsAcceptPodsAtMaxPods(t *testing.T) {
	c, in, tasks := fixture(t)
	tasks[0].Def.charge.Pods, tasks[1].Def.charge.Pods = 1, 1
	in.used.Pods, in.Registered.Pods = 2, 2
	if err := CheckCluster(c); err != nil {
		t.Errorf("CheckCluster() = %v, want no error at 2 pods of 2", err)
	}
}

func TestInvariantCheckerFlagsPlacementOnDrainingInstance(t *testing.T) {
	c, in, tasks := fixture(t)
	k := &InvariantChecker{Cluster: c}
	c.SetStatus(in, StatusDraining)
	k.Observe(5, Event{Kind: TaskPlaced, Task: tasks[0], Instance: in})
	if err := k.Finish(); err == nil || !strings.Contains(err.Error(), "placed on DRAINING instance i-0001") {
		t.Errorf("Finish() = %v, want a placement-on-draining error", err)
	}
}
