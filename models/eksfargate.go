package models

import (
	"fmt"
	"slices"
)

// EKS on Fargate: every pod runs on a micro-VM of its own, sized from the pod's requests and
// billed as a Fargate task of that size. Source, as EKS-REFERENCE (b) gives it: EKSUG =
// awsdocs/amazon-eks-user-guide @ 4d52b4d0, latest/ug/nodes/fargate-pod-configuration.adoc,
// "Pod CPU and memory" (the same text as docs.aws.amazon.com/eks/latest/userguide/
// fargate-pod-configuration.html).

// FargatePodOverheadMiB is the memory Fargate adds to every pod for the Kubernetes components
// it runs beside the pod's containers (kubelet, kube-proxy, containerd): "256 MB" (EKSUG). It is
// taken here as 256 MiB, Fargate's sizes being whole GiB and halves ("0.5 GB" is ECS's 512).
const FargatePodOverheadMiB = 256

// fargatePodCPU is one vCPU size of EKS on Fargate, in millicores, and the memory sizes it
// takes, ascending (EKSUG's table of valid combinations).
type fargatePodCPU struct {
	milliCPU  int64
	memoryMiB []int64
}

// fargatePodSizes are the vCPU and memory combinations a Fargate pod may get (EKSUG, "Pod CPU
// and memory"): .25 vCPU with 0.5, 1 or 2 GB; .5 vCPU 1–4 GB; 1 vCPU 2–8 GB; 2 vCPU 4–16 GB
// and 4 vCPU 8–30 GB, in 1 GB steps; 8 vCPU 16–60 GB in 4 GB steps; 16 vCPU 32–120 GB in 8 GB
// steps. They are ECS's Linux Fargate task sizes (fargate-task-sizes.csv), which the tests
// check.
var fargatePodSizes = []fargatePodCPU{
	{250, []int64{512, 1024, 2048}},
	{500, gibSteps(1, 4, 1)},
	{1000, gibSteps(2, 8, 1)},
	{2000, gibSteps(4, 16, 1)},
	{4000, gibSteps(8, 30, 1)},
	{8000, gibSteps(16, 60, 4)},
	{16000, gibSteps(32, 120, 8)},
}

// gibSteps is the memory sizes from GiB to GiB in steps of GiB, in MiB.
func gibSteps(from, to, step int64) []int64 {
	var out []int64
	for g := from; g <= to; g += step {
		out = append(out, g*1024)
	}
	return out
}

// FargatePodSize is the Fargate size a pod runs on, given its init containers' and app
// containers' requests (CPU in millicores, memory in MiB; other dimensions are ignored), as
// EKS on Fargate computes it (EKSUG, "Pod CPU and memory"): per resource, the larger of the
// largest init container's request (init containers run one at a time) and the sum of the app
// containers' (which run together); plus FargatePodOverheadMiB of memory; rounded up to the
// smallest valid combination with at least that vCPU and memory (fargatePodSizes). A pod with
// no requests gets the smallest, 0.25 vCPU and 0.5 GB; EKSUG's example, 1 vCPU and 8 GB, gets
// 2 vCPU and 9 GB.
//
// Requests are what the pod spec holds after Kubernetes' defaulting (a container that sets only
// a limit requests its limit). The size comes back as an ECS Fargate task's is held (the
// task's Charge): CPU in ECS units, 1024 per vCPU, and memory in MiB, so that
// Pricing.FargatePodHourly prices it as Pricing.FargateHourly prices a task. A pod larger than
// 16 vCPU or 120 GB is an error: Fargate has no size for it.
func FargatePodSize(initContainers, appContainers []Resources) (Resources, error) {
	for _, c := range append(slices.Clip(initContainers), appContainers...) {
		if c.CPU < 0 || c.MemoryMiB < 0 {
			return Resources{}, fmt.Errorf("a container cannot request %dm CPU and %d MiB", c.CPU, c.MemoryMiB)
		}
	}
	var largestInit, sumApps Resources
	for _, c := range initContainers {
		largestInit.CPU = max(largestInit.CPU, c.CPU)
		largestInit.MemoryMiB = max(largestInit.MemoryMiB, c.MemoryMiB)
	}
	for _, c := range appContainers {
		sumApps.CPU += c.CPU
		sumApps.MemoryMiB += c.MemoryMiB
	}
	milliCPU := max(largestInit.CPU, sumApps.CPU)
	memoryMiB := max(largestInit.MemoryMiB, sumApps.MemoryMiB) + FargatePodOverheadMiB
	for _, size := range fargatePodSizes {
		if size.milliCPU < milliCPU {
			continue
		}
		for _, mem := range size.memoryMiB {
			if mem >= memoryMiB {
				return Resources{CPU: size.milliCPU * 1024 / MilliCPUPerVCPU, MemoryMiB: mem}, nil
			}
		}
	}
	return Resources{}, fmt.Errorf("no Fargate size holds %dm CPU and %d MiB (the pod's requests and Fargate's %d MiB): the largest is 16 vCPU with 120 GB",
		milliCPU, memoryMiB, FargatePodOverheadMiB)
}

// podFargateSize is the Fargate size a pod of d runs on when a Fargate profile selects it:
// FargatePodSize of its requests, the definition's charge, which holds the task-level sizes
// when set and else its containers' sums, CPU already in millicores (Finalize). ECS has no init
// containers (its containers all start together), so every request is an app container's; the
// sum is converted from ECS units once, as the kube-scheduler sees the pod, not per container.
// It is the zero Resources when no Fargate size holds the pod, which validation refuses
// (scenarios' EKS checks) before a run can launch it.
func (d *TaskDefinition) podFargateSize() Resources {
	size, err := FargatePodSize(nil, []Resources{{CPU: d.charge.CPU, MemoryMiB: d.charge.MemoryMiB}})
	if err != nil {
		return Resources{}
	}
	return size
}

// FargateSize returns the Fargate micro-VM a task of d runs on, CPU in ECS units (1024 per
// vCPU) and memory in MiB, as Fargate sizes and bills it: an ECS task's own task size (its
// Charge); an EKS pod's FargatePodSize of its requests (EKSUG fargate-pod-configuration.adoc,
// "Pod CPU and memory"), which a 0.5 vCPU / 1 GB task definition makes 0.5 vCPU / 2 GB.
func (d *TaskDefinition) FargateSize() Resources {
	if d.Kube == nil {
		return d.charge
	}
	return d.fargateSize
}

// podFargateVM is the type and registered resources of the micro-VM an EKS pod of d runs on
// (NewFargateInstance): its FargateSize, CPU in the millicores an EKS run counts, and room for
// one pod: "Amazon EKS Fargate runs only one Pod per node" (EKSUG fargate-pod-configuration.adoc).
// EKS on Fargate runs x86 only (EKSUG fargate.adoc, "Fargate considerations": no Arm).
func podFargateVM(d *TaskDefinition) (*InstanceType, Resources) {
	size := d.FargateSize()
	typ := &InstanceType{Name: "fargate", VCPU: int((size.CPU + 1023) / 1024), MemoryMiB: size.MemoryMiB, MaxENIs: 2, Arch: ArchX86_64}
	return typ, Resources{CPU: MilliCPUFromECSUnits(size.CPU), MemoryMiB: size.MemoryMiB, Pods: 1}
}
