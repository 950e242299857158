package models

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestNodeRegistration: in an EKS run (a cluster with a Kubelet) an instance registers its
// allocatable, as the EKS-optimized AMI sets it up (eks.go), and takes no trunk ENI; max pods
// come from the VPC CNI's addresses, prefix delegation or the kubelet's setting.
func TestNodeRegistration(t *testing.T) {
	m5large, _ := LookupInstanceType("m5.large")
	tests := []struct {
		name    string
		kubelet *Kubelet
		want    Resources
	}{
		// 2 vCPU: 2000 − 70 millicores; 7985 MiB − (11 × 29 + 255) − 100; 3 ENIs × 9 + 2 pods
		{"the AMI's max pods", &Kubelet{}, Resources{CPU: 1930, MemoryMiB: 7311, Pods: 29}},
		// max-pods-calculator caps a type of 30 vCPUs or fewer at 110: 7985 − 1465 − 100
		{"prefix delegation", &Kubelet{PrefixDelegation: true}, Resources{CPU: 1930, MemoryMiB: 6420, Pods: 110}},
		{"max pods set by hand", &Kubelet{MaxPods: 17}, Resources{CPU: 1930, MemoryMiB: 7985 - (11*17 + 255) - 100, Pods: 17}},
		// ECS: 2 × 1024 CPU units, MemTotal, and the ENIs less the primary one
		{"ECS", nil, Resources{CPU: 2048, MemoryMiB: 7985, ENIs: 2}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := NewCluster("c", time.Time{}, TieOldest, 1)
			c.Kubelet = tc.kubelet
			agent := DefaultAgentConfig()
			in := c.Register(InstanceSpec{Type: m5large, Zone: "us-east-1a", Agent: &agent}, 1, 0)
			if diff := cmp.Diff(tc.want, in.Registered); diff != "" {
				t.Errorf("registered (-want +got):\n%s", diff)
			}
			if in.Trunk {
				t.Error("a trunk ENI")
			}
		})
	}
}
