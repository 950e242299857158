package models_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/models"
	mt "github.com/ecssim/ecssim/models/modelstest"
)

// TestResourcesLacks is the countable part of the fit rule: a dimension falls short when the
// need exceeds what is free, and only then.
func TestResourcesLacks(t *testing.T) {
	free := models.Resources{CPU: 1536, MemoryMiB: 6961, ENIs: 1}
	tests := []struct {
		name string
		need models.Resources
		want models.Shortfall
	}{
		{"exactly what is free fits", models.Resources{CPU: 1536, MemoryMiB: 6961, ENIs: 1}, models.Shortfall{}},
		{"nothing needed fits", models.Resources{}, models.Shortfall{}},
		{"CPU: 1537 of 1536", models.Resources{CPU: 1537}, models.Shortfall{CPU: true}},
		{"memory: 6962 MiB of 6961", models.Resources{MemoryMiB: 6962}, models.Shortfall{Memory: true}},
		{"GPU: 1 of none", models.Resources{GPUMilli: 1000}, models.Shortfall{GPUs: true}},
		{"ENIs: 2 of 1", models.Resources{ENIs: 2}, models.Shortfall{ENIs: true}},
		{"every dimension at once", models.Resources{CPU: 2048, MemoryMiB: 8192, GPUMilli: 1000, ENIs: 2},
			models.Shortfall{CPU: true, Memory: true, GPUs: true, ENIs: true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := free.Lacks(tc.need)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Lacks(%+v) (-want +got):\n%s", tc.need, diff)
			}
		})
	}
}

// TestResourcesPods is the pod-count dimension: a node's max pods against one per pod, added,
// taken away and checked by the same rule as the other dimensions (kube-scheduler's
// NodeResourcesFit, "Too many pods").
func TestResourcesPods(t *testing.T) {
	node := models.Resources{CPU: 1930, MemoryMiB: 7311, Pods: 29} // an EKS m5.large's allocatable
	pod := models.Resources{CPU: 250, MemoryMiB: 512, Pods: 1}
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"Add: 28 pods + 1", models.Resources{Pods: 28}.Add(pod), models.Resources{CPU: 250, MemoryMiB: 512, Pods: 29}},
		{"Sub: 29 − 1", node.Sub(pod), models.Resources{CPU: 1680, MemoryMiB: 6799, Pods: 28}},
		{"Lacks: the 29th pod fits in 1 left", models.Resources{CPU: 1930, MemoryMiB: 7311, Pods: 1}.Lacks(pod), models.Shortfall{}},
		{"Lacks: the 30th pod finds 0 left", models.Resources{CPU: 1930, MemoryMiB: 7311}.Lacks(pod), models.Shortfall{Pods: true}},
		{"Lacks: out of pods and CPU at once", models.Resources{MemoryMiB: 7311}.Lacks(pod), models.Shortfall{CPU: true, Pods: true}},
		{"None: short of pods is not nothing", models.Shortfall{Pods: true}.None(), false},
		{"an ECS task charges no pods and fits where none are registered", models.Resources{CPU: 2048, MemoryMiB: 7985}.Lacks(mt.TaskDef("ecs", 512, 1024).Charge()),
			models.Shortfall{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, tc.got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestECSRegistersNoPods: every catalog type registers 0 pods with ECS, trunked or not, so the
// pod dimension never decides an ECS placement.
func TestECSRegistersNoPods(t *testing.T) {
	agent := models.DefaultAgentConfig()
	for _, typ := range models.InstanceTypes() {
		for _, trunking := range []bool{false, true} {
			if got := typ.Registers(&agent, trunking).Pods; got != 0 {
				t.Errorf("%s (trunking %v) registers %d pods, want 0", typ.Name, trunking, got)
			}
		}
	}
}

// TestInstanceLacks is the fit rule on an m5.large with the default agent: 2048 CPU units,
// 7985 MiB (MemTotal, nothing reserved), no GPUs, 3 − 1 = 2 task ENIs, and the reserved TCP
// ports 22, 2375, 2376, 51678 and 51679.
func TestInstanceLacks(t *testing.T) {
	tcp := func(p uint16) models.PortMapping { return models.PortMapping{ContainerPort: p, HostPort: p} }
	udp := func(p uint16) models.PortMapping {
		return models.PortMapping{ContainerPort: p, HostPort: p, Protocol: models.UDP}
	}
	small := mt.TaskDef("small", 512, 1024)
	web80 := mt.TaskDef("web", 128, 128, tcp(80))
	dns53 := mt.TaskDef("dns", 128, 128, udp(53))
	vpc := &models.TaskDefinition{Family: "vpc", Revision: 1, CPU: 256, MemoryMiB: 512, NetworkMode: models.AWSVPC,
		Containers: []models.Container{{Name: "vpc", PortMappings: []models.PortMapping{tcp(22)}}}}
	vpc.Finalize()
	many := func(n int) *models.TaskDefinition { // n explicit TCP host ports from 1000
		ports := make([]models.PortMapping, n)
		for i := range ports {
			ports[i] = tcp(uint16(1000 + i))
		}
		return mt.TaskDef("many", 128, 128, ports...)
	}
	reserveUDP53 := func(a *models.AgentConfig) { a.ReservedPortsUDP = []uint16{53} }
	tests := []struct {
		name   string
		agent  func(*models.AgentConfig) // nil: the default agent
		placed []*models.TaskDefinition  // already on the instance
		def    *models.TaskDefinition
		want   models.Shortfall
	}{
		{"fits exactly: 2048 CPU and 7985 MiB of 2048 and 7985", nil, nil, mt.TaskDef("all", 2048, 7985), models.Shortfall{}},
		{"CPU: 1537 needed, 2048 − 512 = 1536 free", nil, []*models.TaskDefinition{small}, mt.TaskDef("c", 1537, 1024),
			models.Shortfall{CPU: true}},
		{"memory: 6962 MiB needed, 7985 − 1024 = 6961 free", nil, []*models.TaskDefinition{small}, mt.TaskDef("m", 512, 6962),
			models.Shortfall{Memory: true}},
		{"CPU and memory at once", nil, []*models.TaskDefinition{small}, mt.TaskDef("cm", 1537, 6962),
			models.Shortfall{CPU: true, Memory: true}},
		{"GPUs: a task asks for none, so none is enough", nil, nil, small, models.Shortfall{}},
		{"ENIs: a second awsvpc task takes the second of 2", nil, []*models.TaskDefinition{vpc}, vpc, models.Shortfall{}},
		{"ENIs: a third awsvpc task finds 2 of 2 in use", nil, []*models.TaskDefinition{vpc, vpc}, vpc,
			models.Shortfall{ENIs: true}},
		{"ENIs: a bridge task beside two awsvpc tasks needs none", nil, []*models.TaskDefinition{vpc, vpc}, small,
			models.Shortfall{}},
		{"ports: awsvpc binds no host port, so its port 22 is no conflict", nil, nil, vpc, models.Shortfall{}},
		{"ports: TCP 80 bound by a task", nil, []*models.TaskDefinition{web80}, web80, models.Shortfall{Ports: true}},
		{"ports: UDP 80 beside TCP 80, a port is taken per protocol", nil, []*models.TaskDefinition{web80},
			mt.TaskDef("udp80", 128, 128, udp(80)), models.Shortfall{}},
		{"ports: UDP 53 bound by a task", nil, []*models.TaskDefinition{dns53}, dns53, models.Shortfall{Ports: true}},
		{"ports: TCP 22 reserved by the agent", nil, nil, mt.TaskDef("ssh", 128, 128, tcp(22)), models.Shortfall{Ports: true}},
		{"ports: UDP 53 reserved by the agent", reserveUDP53, nil, dns53, models.Shortfall{Ports: true}},
		{"ports: a reserved UDP 53 leaves TCP 53 free", reserveUDP53, nil, mt.TaskDef("tcp53", 128, 128, tcp(53)),
			models.Shortfall{}},
		{"ports: 5 of the agent's + 95 of the task = 100 reserved, ECS's most", nil, nil, many(95), models.Shortfall{}},
		{"ports: 5 of the agent's + 96 of the task = 101 reserved", nil, nil, many(96), models.Shortfall{Ports: true}},
		{"ports: 5 + 1 of a task + 95 = 101 reserved", nil, []*models.TaskDefinition{web80}, many(95),
			models.Shortfall{Ports: true}},
		{"short of CPU, memory and a port at once", nil, []*models.TaskDefinition{web80}, mt.TaskDef("big", 4096, 8192, tcp(80)),
			models.Shortfall{CPU: true, Memory: true, Ports: true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := mt.Instance("m5.large")
			if tc.agent != nil {
				b = b.Agent(tc.agent)
			}
			c := mt.Cluster(1, b)
			in := c.Instances()[0]
			for i, d := range tc.placed {
				mt.Place(c, in, "t-"+string(rune('a'+i)), d, "service:placed")
			}
			got := in.Lacks(tc.def)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Lacks(%s) (-want +got):\n%s", tc.def.Ref(), diff)
			}
			if in.CanHost(tc.def) != tc.want.None() {
				t.Errorf("CanHost(%s) = %v, want %v", tc.def.Ref(), in.CanHost(tc.def), tc.want.None())
			}
		})
	}
}

// TestInstanceLacksGPUs: a listed node registers its GPUs, and a task that asks for none
// fits it (gpu_test.go has the tasks that do).
func TestInstanceLacksGPUs(t *testing.T) {
	node := &models.InstanceType{Name: "node-8vcpu-64gib-8gpu", VCPU: 8, MemoryMiB: 65536, Arch: models.ArchX86_64,
		Listed: models.Resources{CPU: 8192, MemoryMiB: 65536}, GPUs: 8}
	agent := models.DefaultAgentConfig()
	c := models.NewCluster("default", mt.Epoch, models.TieOldest, 1)
	in := c.Register(models.InstanceSpec{Type: node, Zone: "us-east-1a", Agent: &agent}, 1, 0)
	// Listed: 8192 CPU, 65536 MiB as listed, 8 GPUs; no ENIs (a node lists none).
	if diff := cmp.Diff(models.Resources{CPU: 8192, MemoryMiB: 65536, GPUMilli: 8000}, in.Registered); diff != "" {
		t.Errorf("registered (-want +got):\n%s", diff)
	}
	if got := in.Lacks(mt.TaskDef("t", 8192, 65536)); !got.None() {
		t.Errorf("Lacks = %v, want nothing", got)
	}
}

func TestShortfallString(t *testing.T) {
	tests := []struct {
		s    models.Shortfall
		want string
	}{
		{models.Shortfall{}, "nothing"},
		{models.Shortfall{Memory: true}, "memory"},
		{models.Shortfall{CPU: true, GPUs: true, ENIs: true, Ports: true}, "cpu, gpus, enis, ports"},
		{models.Shortfall{Pods: true}, "pods"},
		{models.Shortfall{Memory: true, Pods: true, Ports: true}, "memory, pods, ports"},
	}
	for _, tc := range tests {
		if got := tc.s.String(); got != tc.want {
			t.Errorf("%+v.String() = %q, want %q", tc.s, got, tc.want)
		}
	}
}
