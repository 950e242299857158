package models

import (
	"slices"
	"testing"
)

// TestBinpackCount is the capacity estimate's count of instances for waiting tasks, on a group
// of m6i.large (2048 CPU units, 7985 MiB, 3 − 1 = 2 task ENIs) with the default agent, which
// reserves TCP 22, 2375, 2376, 51678 and 51679. It fits tasks by placement's rule, so reserved
// UDP ports count, each list for its own protocol: before, a task binding a reserved UDP port
// got an instance of its own in the estimate, though no instance could ever run it, and a task
// binding a UDP port that was reserved only for TCP was left out, though it fits.
func TestBinpackCount(t *testing.T) {
	large, _ := LookupInstanceType("m6i.large")
	xlarge, _ := LookupInstanceType("m6i.xlarge")
	def := func(family string, cpu, mem int64, mode NetworkMode, ports ...PortMapping) *TaskDefinition {
		d := &TaskDefinition{Family: family, Revision: 1, CPU: cpu, MemoryMiB: mem, NetworkMode: mode,
			Containers: []Container{{Name: family, PortMappings: ports}}}
		d.Finalize()
		return d
	}
	times := func(n int, d *TaskDefinition) []*TaskDefinition { return slices.Repeat([]*TaskDefinition{d}, n) }
	udp53 := PortMapping{ContainerPort: 53, HostPort: 53, Protocol: UDP}
	tcp53 := PortMapping{ContainerPort: 53, HostPort: 53}
	dns := def("dns", 256, 256, Bridge, udp53)
	half := def("half", 1024, 1024, Bridge)
	reserveUDP53 := func(a *AgentConfig) { a.ReservedPortsUDP = []uint16{53} }
	tests := []struct {
		name  string
		types []*InstanceType
		agent func(*AgentConfig) // nil: the default agent
		defs  []*TaskDefinition
		want  int
	}{
		{"CPU: 5 tasks of 1024 units, two per 2048: 3 instances", nil, nil, times(5, half), 3},
		{"memory: 3 tasks of 4096 MiB, one per 7985: 3 instances", nil, nil, times(3, def("mem", 256, 4096, Bridge)), 3},
		{"ENIs: 5 small awsvpc tasks, two per instance: 3 instances", nil, nil, times(5, def("vpc", 256, 256, AWSVPC)), 3},
		{"UDP 53 free: 3 tasks binding it, one per instance: 3 instances", nil, nil, times(3, dns), 3},
		{"UDP 53 reserved by the agent: the 3 tasks fit nowhere and are left out", nil, reserveUDP53, times(3, dns), 0},
		{"UDP 53 reserved, others still counted: 2 tasks of 1024 units need 1 instance", nil, reserveUDP53,
			append(times(3, dns), times(2, half)...), 1},
		{"TCP 53 beside UDP 53: a port is taken per protocol, so 1 instance", nil, nil,
			[]*TaskDefinition{dns, def("tcp", 256, 256, Bridge, tcp53)}, 1},
		{"TCP 22 reserved by the agent: left out", nil, nil, times(2, def("ssh", 256, 256, Bridge, PortMapping{ContainerPort: 22, HostPort: 22})), 0},
		{"UDP 22 beside the reserved TCP 22: free, so 2 tasks need 2 instances", nil, nil,
			times(2, def("udp22", 256, 256, Bridge, PortMapping{ContainerPort: 22, HostPort: 22, Protocol: UDP})), 2},
		{"guard: 3072 units fit an m6i.xlarge (4096) but not the group's smallest m6i.large (2048)",
			[]*InstanceType{xlarge, large}, nil, times(2, def("big", 3072, 1024, Bridge)), 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := &AutoScalingGroup{InstanceTypes: tc.types, Agent: DefaultAgentConfig()}
			if g.InstanceTypes == nil {
				g.InstanceTypes = []*InstanceType{large}
			}
			if tc.agent != nil {
				tc.agent(&g.Agent)
			}
			if got := binpackCount(slices.Clone(tc.defs), g, false); got != tc.want {
				t.Errorf("binpackCount = %d, want %d", got, tc.want)
			}
		})
	}
}

// TestBinpackCountTrunking checks that the capacity estimate gives its imagined instances the
// awsvpc task limit the group's real ones register (DG/container-instance-eni): 25 awsvpc
// tasks of 128 units and 128 MiB on m5.large (2048 units, 7985 MiB) need ceil(25/2) = 13
// instances without trunking and ceil(25/10) = 3 with it; on t3.medium, which ECS does not
// trunk, 13 either way; with ECS_ENABLE_HIGH_DENSITY_ENI=false, 13.
func TestBinpackCountTrunking(t *testing.T) {
	d := &TaskDefinition{Family: "vpc", Revision: 1, CPU: 128, MemoryMiB: 128, NetworkMode: AWSVPC,
		Containers: []Container{{Name: "vpc"}}}
	d.Finalize()
	tests := []struct {
		name         string
		typ          string
		trunk, dense bool
		want         int
	}{
		{"m5.large without trunking: 2 an instance", "m5.large", false, true, 13},
		{"m5.large with trunking: 10 an instance", "m5.large", true, true, 3},
		{"m5.large, trunking on, ECS_ENABLE_HIGH_DENSITY_ENI=false: 2", "m5.large", true, false, 13},
		{"t3.medium with trunking: not supported, 2", "t3.medium", true, true, 13},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			typ, _ := LookupInstanceType(tc.typ)
			g := &AutoScalingGroup{InstanceTypes: []*InstanceType{typ}, Agent: DefaultAgentConfig()}
			g.Agent.EnableHighDensityENI = tc.dense
			if got := binpackCount(slices.Repeat([]*TaskDefinition{d}, 25), g, tc.trunk); got != tc.want {
				t.Errorf("binpackCount = %d, want %d", got, tc.want)
			}
		})
	}
}
