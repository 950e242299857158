package models

import (
	"math"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestFargatePodSize: max(largest init, sum of apps) per resource, + 256 MiB, rounded up to a
// valid combination, by hand. Requests are millicores and MiB; sizes come back in ECS units.
func TestFargatePodSize(t *testing.T) {
	req := func(milliCPU, memoryMiB int64) Resources { return Resources{CPU: milliCPU, MemoryMiB: memoryMiB} }
	tests := []struct {
		name       string
		init, apps []Resources
		want       Resources
	}{
		{"no requests: the smallest, 0.25 vCPU / 0.5 GB", nil, []Resources{{}}, req(256, 512)},
		{"EKSUG's example: 1 vCPU + 8 GB + 256 MiB → 2 vCPU / 9 GB", nil, []Resources{req(1000, 8192)}, req(2048, 9216)},
		{"250m and 256 MiB: 512 MiB exactly", nil, []Resources{req(250, 256)}, req(256, 512)},
		{"250m and 257 MiB: 513 MiB → 1 GB", nil, []Resources{req(250, 257)}, req(256, 1024)},
		{"apps sum: 3 × (300m, 700 MiB) = 900m, 2100 + 256 → 1 vCPU / 3 GB", nil,
			[]Resources{req(300, 700), req(300, 700), req(300, 700)}, req(1024, 3072)},
		{"the largest init wins: 2000m, 1024 + 256 → 2 vCPU / 4 GB",
			[]Resources{req(2000, 1024), req(100, 64)}, []Resources{req(250, 512), req(250, 512)}, req(2048, 4096)},
		{"init for CPU, apps for memory: 1000m, 3000 + 256 → 1 vCPU / 4 GB",
			[]Resources{req(1000, 128)}, []Resources{req(100, 1500), req(100, 1500)}, req(1024, 4096)},
		{"0.25 vCPU's memory stops at 2 GB: 1800 + 256 → 0.5 vCPU / 3 GB", nil, []Resources{req(200, 1800)}, req(512, 3072)},
		{"4 vCPU's stops at 30 GB: 30 GB + 256 → 8 vCPU / 32 GB", nil, []Resources{req(4000, 30720)}, req(8192, 32768)},
		{"8 vCPU in 4 GB steps: 17 GB + 256 → 20 GB", nil, []Resources{req(8000, 17408)}, req(8192, 20480)},
		{"the largest: 16 vCPU, 120 GB − 256 MiB + 256 → 120 GB", nil, []Resources{req(16000, 122624)}, req(16384, 122880)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := FargatePodSize(tc.init, tc.apps)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("FargatePodSize (-want +got):\n%s", diff)
			}
		})
	}
}

// TestFargatePodSizeRefuses what no Fargate size holds, and requests below nothing.
func TestFargatePodSizeRefuses(t *testing.T) {
	tests := []struct {
		name string
		apps []Resources
	}{
		{"more than 16 vCPU", []Resources{{CPU: 16001, MemoryMiB: 1024}}},
		{"120 GB of requests, 256 MiB more with Fargate's", []Resources{{CPU: 1000, MemoryMiB: 122880}}},
		{"a negative request", []Resources{{CPU: -1}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got, err := FargatePodSize(nil, tc.apps); err == nil {
				t.Errorf("FargatePodSize = %v, want an error", got)
			}
		})
	}
}

// TestFargatePodHourly: a pod pays the Linux/x86 Fargate rates, as an ECS task of its size does.
func TestFargatePodHourly(t *testing.T) {
	p := DefaultPricing()
	size, err := FargatePodSize(nil, []Resources{{CPU: 1000, MemoryMiB: 8192}})
	if err != nil {
		t.Fatal(err)
	}
	// 2 vCPU × 0.04048 + 9 GB × 0.004445 = 0.08096 + 0.040005
	if got, want := p.FargatePodHourly(size), 0.120965; math.Abs(got-want) > 1e-12 {
		t.Errorf("FargatePodHourly(%v) = %v, want %v", size, got, want)
	}
	task := &TaskDefinition{Family: "same-size", Revision: 1, CPU: size.CPU, MemoryMiB: size.MemoryMiB, CPUArchitecture: "X86_64"}
	task.Finalize()
	if got, want := p.FargatePodHourly(size), p.FargateHourly(task, false); got != want {
		t.Errorf("a pod of %v costs %v an hour, an ECS task of that size %v", size, got, want)
	}
}

// TestFargatePodSizesAreECSTaskSizes checks EKSUG's combinations against ECS's Linux Fargate
// task sizes in fargate-task-sizes.csv: one list of sizes, so one price list.
func TestFargatePodSizesAreECSTaskSizes(t *testing.T) {
	var want [][2]int64
	for _, r := range readCSV(t, "fargate-task-sizes.csv") {
		want = append(want, [2]int64{int64(atoi(t, r[0])), int64(atoi(t, r[1]))})
	}
	var got [][2]int64
	for _, size := range fargatePodSizes {
		for _, mem := range size.memoryMiB {
			got = append(got, [2]int64{size.milliCPU * 1024 / MilliCPUPerVCPU, mem})
		}
	}
	slices.SortFunc(want, cmpPair)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("EKS on Fargate's sizes differ from ECS's (-csv +fargatePodSizes):\n%s", diff)
	}
}

// cmpPair orders (cpu, memory) pairs by cpu, then memory.
func cmpPair(a, b [2]int64) int {
	if a[0] != b[0] {
		return int(a[0] - b[0])
	}
	return int(a[1] - b[1])
}

// TestPodOnFargate: an EKS pod of 1 vCPU and 8 GB (task-level 1024 units, 8192 MiB: 1000m
// requested) runs on Fargate at EKSUG's 2 vCPU / 9 GB, on a micro-VM that registers 2000m,
// 9216 MiB and one pod, and costs 2 × 0.04048 + 9 × 0.004445 = 0.120965 an hour; the same
// definition under ECS is its own task size, 1 vCPU / 8 GB: 0.04048 + 8 × 0.004445 = 0.07604.
func TestPodOnFargate(t *testing.T) {
	p := DefaultPricing()
	def := func(kube *PodSpec) *TaskDefinition {
		d := &TaskDefinition{Family: "app", Revision: 1, CPU: 1024, MemoryMiB: 8192, NetworkMode: AWSVPC,
			Containers: []Container{{Name: "app"}}, Kube: kube}
		d.Finalize()
		return d
	}
	pod, task := def(&PodSpec{}), def(nil)
	if diff := cmp.Diff(Resources{CPU: 2048, MemoryMiB: 9216}, pod.FargateSize()); diff != "" {
		t.Errorf("pod's FargateSize (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(Resources{CPU: 1024, MemoryMiB: 8192, ENIs: 1}, task.FargateSize()); diff != "" {
		t.Errorf("task's FargateSize (-want +got):\n%s", diff)
	}
	for _, c := range []struct {
		name string
		d    *TaskDefinition
		want float64
	}{{"pod", pod, 0.120965}, {"task", task, 0.07604}} {
		if got := p.FargateHourly(c.d, false); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("%s: FargateHourly = %v, want %v", c.name, got, c.want)
		}
	}
	in := NewFargateInstance("fargate-app-1", pod, "us-east-1a", nil)
	if diff := cmp.Diff(Resources{CPU: 2000, MemoryMiB: 9216, Pods: 1}, in.Registered); diff != "" {
		t.Errorf("pod's micro-VM registers (-want +got):\n%s", diff)
	}
	if in.Type.VCPU != 2 || in.Type.MemoryMiB != 9216 || !in.CanHost(pod) {
		t.Errorf("micro-VM %d vCPU, %d MiB, hosts the pod %v: want 2, 9216, true", in.Type.VCPU, in.Type.MemoryMiB, in.CanHost(pod))
	}
}
