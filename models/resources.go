package models

import (
	"fmt"
	"strings"
)

// Resources is an amount of the countable resources a placement checks, the dimensions of
// ECS's resource fit (ECS-REFERENCE §1.1 step 1): CPU in ECS units (1024 per vCPU), memory in
// MiB, GPUs, task ENIs (one per awsvpc task), and pods (a Kubernetes node's max pods). The
// same vector says what an instance registered, what its tasks hold, what is free, and what one
// task needs, so that one rule (Lacks) decides fit in every dimension at once.
//
// In an EKS run the same vector holds Kubernetes' quantities: CPU counts millicores (1000 per
// vCPU, as a node's allocatable and a pod's requests are given; MilliCPUFromECSUnits converts
// an ECS task's units), memory MiB, GPUs as here, and Pods the node's max pods (EKSAllocatable)
// against one per pod. ECS's instances register no pods and its tasks charge none, so for ECS
// the dimension is always 0 ≤ 0 and never decides anything. Host ports are not a count but a set of
// (protocol, port) pairs; Instance.PortsFit is their part of the rule.
type Resources struct {
	CPU       int64
	MemoryMiB int64
	// GPUMilli is GPU in thousandths of one GPU (MilliPerGPU a whole GPU): what ECS registers
	// as GPU when GPU support is on (an instance's type's GPUs, a g5.12xlarge's 4 being 4000)
	// and what a task asks for with resourceRequirements (ECS-REFERENCE §2.1, §2.2), whole GPUs
	// each dedicated to the task; below MilliPerGPU, a share of one GPU, ecssim's extension for
	// GPU-sharing traces (gpu.go). The sum is only part of the rule: a task fits where its
	// GPUs fit device by device (Instance.GPUFits).
	GPUMilli int64
	// ENIs are the task ENIs an instance can attach (its awsvpc task limit, with or without a
	// trunk ENI) or a task attaches (DG/container-instance-eni).
	ENIs int
	// Pods are the pods a Kubernetes node may run (its allocatable pods, the kubelet's maxPods,
	// which EKS sets from the VPC CNI's IP limits: InstanceType.EKSMaxPods) or the one a pod
	// takes: kube-scheduler's NodeResourcesFit turns a node down with "Too many pods" when one
	// more would exceed it (K8S pkg/scheduler/framework/plugins/noderesources/fit.go,
	// fitsRequest). Always 0 on ECS.
	Pods int
}

// Add returns r+o.
func (r Resources) Add(o Resources) Resources {
	return Resources{CPU: r.CPU + o.CPU, MemoryMiB: r.MemoryMiB + o.MemoryMiB, GPUMilli: r.GPUMilli + o.GPUMilli, ENIs: r.ENIs + o.ENIs,
		Pods: r.Pods + o.Pods}
}

// Sub returns r-o.
func (r Resources) Sub(o Resources) Resources {
	return Resources{CPU: r.CPU - o.CPU, MemoryMiB: r.MemoryMiB - o.MemoryMiB, GPUMilli: r.GPUMilli - o.GPUMilli, ENIs: r.ENIs - o.ENIs,
		Pods: r.Pods - o.Pods}
}

// Lacks returns the dimensions in which need exceeds r: the countable part of the fit rule,
// r being what an instance has free. Its Ports is always false.
func (r Resources) Lacks(need Resources) Shortfall {
	return Shortfall{CPU: need.CPU > r.CPU, Memory: need.MemoryMiB > r.MemoryMiB, GPUs: need.GPUMilli > r.GPUMilli, ENIs: need.ENIs > r.ENIs,
		Pods: need.Pods > r.Pods}
}

// negative reports whether any dimension of r is below zero: accounting that released more
// than it held.
func (r Resources) negative() bool {
	return r.CPU < 0 || r.MemoryMiB < 0 || r.GPUMilli < 0 || r.ENIs < 0 || r.Pods < 0
}

// String formats r's CPU and memory as "512 CPU, 1024 MiB", with its GPUs when it has any.
// ENIs and pods are left out: they mean something only beside an instance's limit, so the
// messages that need them show "used/limit" themselves.
func (r Resources) String() string {
	if r.GPUMilli != 0 {
		return fmt.Sprintf("%d CPU, %d MiB, %s GPU", r.CPU, r.MemoryMiB, FormatGPUMilli(r.GPUMilli))
	}
	return fmt.Sprintf("%d CPU, %d MiB", r.CPU, r.MemoryMiB)
}

// Shortfall is what an instance lacks to host a task, one flag per dimension of the fit rule
// (Instance.Lacks); the zero Shortfall means the task fits. Placement's filters each read
// their own flag, the capacity estimate and the stranded-capacity metric ask only None.
type Shortfall struct {
	CPU, Memory, GPUs, ENIs bool
	// Pods: the node runs as many pods as its max pods allows (Kubernetes only).
	Pods bool
	// Ports: an explicit host port of the task is taken on its protocol, or binding them would
	// hold more reserved ports than ECS allows.
	Ports bool
}

// None reports whether nothing is lacking: the task fits. (Spelled out rather than
// s == Shortfall{}, which compiles to a call to compare memory: Place asks on every task.)
func (s Shortfall) None() bool { return !(s.CPU || s.Memory || s.GPUs || s.ENIs || s.Pods || s.Ports) }

// String names the dimensions that fall short, e.g. "cpu, pods, ports", or "nothing".
func (s Shortfall) String() string {
	var names []string
	for _, d := range [...]struct {
		short bool
		name  string
	}{{s.CPU, "cpu"}, {s.Memory, "memory"}, {s.GPUs, "gpus"}, {s.ENIs, "enis"}, {s.Pods, "pods"}, {s.Ports, "ports"}} {
		if d.short {
			names = append(names, d.name)
		}
	}
	if len(names) == 0 {
		return "nothing"
	}
	return strings.Join(names, ", ")
}

// registers is what an instance of type t registers under agent a, in an account whose
// awsvpcTrunking setting is trunking, in each countable dimension: CPU = vCPU × 1024 and
// memory = MemTotal − ECS_RESERVED_MEMORY (agent getResources, ECS-REFERENCE §2.1), or a
// listed node's figures; the type's GPUs, a catalog GPU type's and a listed node's alike (as
// an ECS GPU AMI registers them, ECS_ENABLE_GPU_SUPPORT on); and the awsvpc tasks it can
// attach an ENI for, with a trunk ENI when it gets one (trunks) or else its ENIs less the
// primary one (InstanceType.AWSVPCTaskLimitWith, DG/container-instance-eni); no pods, which
// ECS does not count (a Kubernetes node's are EKSAllocatable's). The registration
// of a real instance and the capacity estimate's imagined ones both start here.
func (t *InstanceType) registers(a *AgentConfig, trunking bool) Resources {
	return Resources{
		CPU:       t.RegisteredCPU(),
		MemoryMiB: t.MemTotalMiB() - a.ReservedMemoryMiB,
		GPUMilli:  int64(t.gpusUnder(a)) * MilliPerGPU,
		ENIs:      t.AWSVPCTaskLimitWith(t.trunks(a, trunking)),
	}
}

// gpusUnder is how many GPUs an instance of t registers under agent a: its type's, with GPU
// support on (ECS_ENABLE_GPU_SUPPORT), else none.
func (t *InstanceType) gpusUnder(a *AgentConfig) int {
	if !a.EnableGPUSupport {
		return 0
	}
	return t.GPUs
}

// trunks reports whether an instance of t under agent a gets a trunk ENI in an account whose
// awsvpcTrunking setting is trunking (DG/container-instance-eni, ECS-REFERENCE §2.5): the
// account setting is on when the instance launches, its agent runs with
// ECS_ENABLE_HIGH_DENSITY_ENI (true by default where task ENIs are on: agent config_unix.go
// platformOverrides), and ECS supports trunking on the type (SupportsTrunking). The setting
// reaches only instances launched after it is enabled; a scenario's instances all launch
// within the run, under the scenario's one setting.
func (t *InstanceType) trunks(a *AgentConfig, trunking bool) bool {
	return trunking && a.EnableHighDensityENI && t.SupportsTrunking()
}
