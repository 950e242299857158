package scenarios

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestFargateSizeCovering rounds task sizes up to Fargate's (DG/AWS_Fargate fargate-tasks-size).
func TestFargateSizeCovering(t *testing.T) {
	type size struct {
		CPU, Memory int64
		OK          bool
	}
	tests := []struct {
		name     string
		cpu, mem int64
		want     size
	}{
		{"a valid size is itself", 1024, 2048, size{1024, 2048, true}},
		{"nothing asked: the smallest", 0, 0, size{256, 512, true}},
		{"odd sizes round up", 300, 600, size{512, 1024, true}},
		{"more memory than 0.25 vCPU takes", 256, 4096, size{512, 4096, true}},
		{"memory between steps", 2048, 4097, size{2048, 5120, true}},
		{"past 4 vCPU's 30 GB: 8 vCPU in 4 GB steps", 4096, 31000, size{8192, 32768, true}},
		{"above the largest", 16384, 122881, size{}},
		{"more CPU than any size", 32768, 1024, size{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, m, ok := FargateSizeCovering(tc.cpu, tc.mem)
			if diff := cmp.Diff(tc.want, size{c, m, ok}); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
