package scenarios

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSizeProblem: a size key's value of the wrong type is answered with its unit and, when
// it reads as a size, the integer to write; other keys keep the generic message (ok false).
func TestSizeProblem(t *testing.T) {
	tests := []struct {
		name, path string
		got        any
		want       string
		ok         bool
	}{
		{"MB", "task_definitions[0].memory", "512MB", "memory is MiB, an integer: 512", true},
		{"MiB", "task_definitions[0].memory", "512MiB", "memory is MiB, an integer: 512", true},
		{"M", "task_definitions[0].memory", "512M", "memory is MiB, an integer: 512", true},
		{"GB, as ECS counts it", "task_definitions[0].memory", "1GB", "memory is MiB, an integer: 1024", true},
		{"GiB", "task_definitions[0].memory", "1GiB", "memory is MiB, an integer: 1024", true},
		{"G", "task_definitions[0].memory", "1G", "memory is MiB, an integer: 1024", true},
		{"GB with a space and a fraction", "task_definitions[0].memory", "1.5 GB", "memory is MiB, an integer: 1536", true},
		{"lower case", "task_definitions[0].containers[0].memory", "2gb", "memory is MiB, an integer: 2048", true},
		{"a number in a string", "task_definitions[0].memory", "512", "memory is MiB, an integer: 512", true},
		{"a whole number", "task_definitions[0].memory", 1500.0, "memory is MiB, an integer: 1500", true},
		{"a fraction", "task_definitions[0].memory", 1.5, "memory is MiB, an integer, got number 1.5", true},
		{"words", "task_definitions[0].memory", "lots", `memory is MiB, an integer, got string "lots"`, true},
		{"a negative size", "task_definitions[0].memory", "-5MB", `memory is MiB, an integer, got string "-5MB"`, true},
		{"a boolean", "task_definitions[0].memory", true, "memory is MiB, an integer, got true", true},
		{"vCPU", "task_definitions[0].cpu", "0.5 vCPU", "cpu is CPU units (1024 a vCPU), an integer: 512", true},
		{"vcpu without a space", "task_definitions[0].cpu", "0.5vcpu", "cpu is CPU units (1024 a vCPU), an integer: 512", true},
		{"CPU units in a string", "task_definitions[0].containers[1].cpu", "1024", "cpu is CPU units (1024 a vCPU), an integer: 1024", true},
		{"CPU in GB", "task_definitions[0].cpu", "1GB", `cpu is CPU units (1024 a vCPU), an integer, got string "1GB"`, true},
		{"memory_reservation", "task_definitions[0].containers[0].memory_reservation", "256MiB", "memory_reservation is MiB, an integer: 256", true},
		{"an image's size", "task_definitions[0].image.size_mib", "1GB", "size_mib is MiB, an integer: 1024", true},
		{"the agent's reserved memory", "instance_groups[0].agent.reserved_memory", "256M", "reserved_memory is MiB, an integer: 256", true},
		{"in an ecs.config", "ECS_RESERVED_MEMORY", "256MB", "ECS_RESERVED_MEMORY is MiB, an integer: 256", true},
		{"not a size", "services[0].desired_count", "2", "", false},
		{"not a size in an ecs.config", "ECS_CLUSTER", "2", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			msg, ok := sizeProblem(tc.path, tc.got)
			if diff := cmp.Diff(tc.want, msg); diff != "" || ok != tc.ok {
				t.Errorf("sizeProblem(%q, %#v) = %q, %v; want %q, %v", tc.path, tc.got, msg, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestParseECSSizes(t *testing.T) {
	for _, tt := range []struct {
		s        string
		cpu, mem int64
	}{{"1024", 1024, 1024}, {"1 vCPU", 1024, -1}, {"0.5 vCPU", 512, -1}, {".25vcpu", 256, -1}, {"2 GB", -1, 2048},
		{"2GB", -1, 2048}, {"0.5 GB", -1, 512}, {"lots", -1, -1}, {"-1", -1, -1}} {
		cpu, err := ParseTaskCPU(tt.s)
		if err != nil {
			cpu = -1
		}
		mem, err := ParseTaskMemory(tt.s)
		if err != nil {
			mem = -1
		}
		if cpu != tt.cpu || mem != tt.mem {
			t.Errorf("%q: cpu %d, memory %d; want %d, %d", tt.s, cpu, mem, tt.cpu, tt.mem)
		}
	}
}
