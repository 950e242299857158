package models

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestEKSMaxPodsMatchesReferenceData checks EKSMaxPods of every catalog type against
// eks-max-pods.csv, the AMI's eni-max-pods.txt as SOURCES.md describes it, and that the file
// lists every catalog type.
func TestEKSMaxPodsMatchesReferenceData(t *testing.T) {
	rows := readCSV(t, "eks-max-pods.csv")
	want := map[string]int{}
	for _, r := range rows {
		want[r[0]] = atoi(t, r[1])
	}
	got := map[string]int{}
	matched := 0
	for _, typ := range InstanceTypes() {
		got[typ.Name] = typ.EKSMaxPods()
		if w, ok := want[typ.Name]; ok && w == got[typ.Name] {
			matched++
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("max pods differ from eks-max-pods.csv (-csv +EKSMaxPods):\n%s", diff)
	}
	t.Logf("%d of %d reference rows match, over %d catalog types", matched, len(rows), len(got))
}

// TestEKSMaxPods: ENIs of card 0 × (IPv4 per ENI − 1) + 2, by hand.
func TestEKSMaxPods(t *testing.T) {
	tests := []struct {
		name string
		typ  string
		want int
	}{
		{"t3.micro: 2 × (2 − 1) + 2", "t3.micro", 4},
		{"m5.large: 3 × (10 − 1) + 2", "m5.large", 29},
		{"m5.xlarge: 4 × (15 − 1) + 2", "m5.xlarge", 58},
		{"m5.4xlarge: 8 × (30 − 1) + 2", "m5.4xlarge", 234},
		{"g6e.24xlarge: 20 ENIs on 2 cards, 10 × 49 + 2", "g6e.24xlarge", 492},
		{"p4d.24xlarge: 60 ENIs on 4 cards, 15 × 49 + 2", "p4d.24xlarge", 737},
		{"p5.48xlarge: 64 ENIs on 32 cards, 2 × 49 + 2", "p5.48xlarge", 100},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			typ := mustType(t, tc.typ)
			if diff := cmp.Diff(tc.want, typ.EKSMaxPods()); diff != "" {
				t.Errorf("EKSMaxPods (-want +got):\n%s", diff)
			}
		})
	}
}

// TestEKSMaxPodsPrefixDelegation: max-pods-calculator.sh with prefix delegation, by hand:
// ENIs × ((IPv4 − 1) × 16) + 2 on Nitro, the secondary-IP formula elsewhere, then at most 110
// up to 30 vCPUs and 250 above.
func TestEKSMaxPodsPrefixDelegation(t *testing.T) {
	tests := []struct {
		name string
		typ  string
		want int
	}{
		{"t3.micro: 2 × 16 + 2 = 34, under the ceiling", "t3.micro", 34},
		{"t3.small: 3 × 48 + 2 = 146, 2 vCPUs cap it at 110", "t3.small", 110},
		{"m5.large: 3 × 144 + 2 = 434, capped at 110", "m5.large", 110},
		{"m5.4xlarge: 8 × 464 + 2 = 3714, 16 vCPUs cap it at 110", "m5.4xlarge", 110},
		{"m5.12xlarge: 3714, 48 vCPUs cap it at 250", "m5.12xlarge", 250},
		{"p5.48xlarge: card 0's 2 × 784 + 2 = 1570, capped at 250", "p5.48xlarge", 250},
		{"p3.2xlarge is Xen: 4 × 14 + 2 = 58, no prefixes", "p3.2xlarge", 58},
		{"p3.16xlarge is Xen: 8 × 29 + 2 = 234, under 250", "p3.16xlarge", 234},
		{"g4dn.metal reports no hypervisor: 15 × 49 + 2 = 737, capped at 250", "g4dn.metal", 250},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			typ := mustType(t, tc.typ)
			if diff := cmp.Diff(tc.want, typ.EKSMaxPodsPrefixDelegation()); diff != "" {
				t.Errorf("EKSMaxPodsPrefixDelegation (-want +got):\n%s", diff)
			}
		})
	}
}

// TestEKSKubeReservedMilliCPU: 6 % of the first core, 1 % of the second, 0.5 % of cores 3–4,
// 0.25 % above, each term truncated, by hand.
func TestEKSKubeReservedMilliCPU(t *testing.T) {
	tests := []struct {
		name string
		vcpu int
		want int64
	}{
		{"1 vCPU: 1000 × 6 %", 1, 60},
		{"2 vCPUs: 60 + 10", 2, 70},
		{"3 vCPUs: 60 + 10 + 1000 × 0.5 %", 3, 75},
		{"4 vCPUs: 60 + 10 + 10", 4, 80},
		{"16 vCPUs: 80 + 12000 × 0.25 %", 16, 110},
		{"64 vCPUs: 80 + 60000 × 0.25 %", 64, 230},
		{"192 vCPUs: 80 + 188000 × 0.25 %", 192, 550},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			typ := &InstanceType{Name: "test.size", VCPU: tc.vcpu}
			if diff := cmp.Diff(tc.want, typ.EKSKubeReservedMilliCPU()); diff != "" {
				t.Errorf("EKSKubeReservedMilliCPU (-want +got):\n%s", diff)
			}
		})
	}
}

// TestEKSAllocatable: capacity − kube-reserved − eviction threshold, by hand. The CPU figures
// are Karpenter's instance-types.md's (940m, 1930m, 15890m); memory starts from MemTotal =
// nominal × 7985 / 8192.
func TestEKSAllocatable(t *testing.T) {
	tests := []struct {
		name    string
		typ     string
		maxPods int
		want    Resources
	}{
		{"m6g.medium: 1000 − 60; 3992 − (11·8 + 255) − 100", "m6g.medium", 8,
			Resources{CPU: 940, MemoryMiB: 3549, Pods: 8}},
		{"m5.large: 2000 − 70; 7985 − (11·29 + 255) − 100", "m5.large", 29,
			Resources{CPU: 1930, MemoryMiB: 7311, Pods: 29}},
		{"m5.4xlarge: 16000 − 110; 63880 − (11·234 + 255) − 100", "m5.4xlarge", 234,
			Resources{CPU: 15890, MemoryMiB: 60951, Pods: 234}},
		{"m5.large with prefix delegation's 110: 7985 − (1210 + 255) − 100", "m5.large", 110,
			Resources{CPU: 1930, MemoryMiB: 6420, Pods: 110}},
		{"g5.xlarge: 4000 − 80; 15970 − (11·58 + 255) − 100; 1 GPU", "g5.xlarge", 58,
			Resources{CPU: 3920, MemoryMiB: 14977, GPUMilli: 1000, Pods: 58}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			typ := mustType(t, tc.typ)
			if diff := cmp.Diff(tc.want, typ.EKSAllocatable(tc.maxPods)); diff != "" {
				t.Errorf("EKSAllocatable(%d) (-want +got):\n%s", tc.maxPods, diff)
			}
		})
	}
}

// TestMilliCPUFromECSUnits: units × 1000 / 1024, rounded up.
func TestMilliCPUFromECSUnits(t *testing.T) {
	tests := []struct {
		name  string
		units int64
		want  int64
	}{
		{"none", 0, 0},
		{"1 unit is 0.98m, rounded up to 1m", 1, 1},
		{"100 units are 97.66m, rounded up", 100, 98},
		{"256 units, a quarter vCPU", 256, 250},
		{"512 units, half a vCPU", 512, 500},
		{"1024 units, one vCPU", 1024, 1000},
		{"4096 units, four vCPUs", 4096, 4000},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, MilliCPUFromECSUnits(tc.units)); diff != "" {
				t.Errorf("MilliCPUFromECSUnits(%d) (-want +got):\n%s", tc.units, diff)
			}
		})
	}
}

// mustType looks up a catalog type or fails the test.
func mustType(t *testing.T, name string) *InstanceType {
	t.Helper()
	typ, ok := LookupInstanceType(name)
	if !ok {
		t.Fatalf("no instance type %s in the catalog", name)
	}
	return typ
}
