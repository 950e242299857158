package models

import "strings"

// The EKS node model: how many pods an EKS node runs and what it offers them (its allocatable),
// as the EKS-optimized AMI sets both up. Sources, in EKS-REFERENCE.md's shorthand: AMI =
// awslabs/amazon-eks-ami @ 81fec2e8 (nodeadm, AL2023), AL2 = the same repository's
// templates/al2/runtime/bootstrap.sh @ 41298160.
//
// In an EKS run, Resources.CPU counts millicores, 1000 per vCPU, as Kubernetes states a node's
// allocatable and a pod's requests; not ECS's 1024 units per vCPU. MilliCPUFromECSUnits turns an
// ECS task's CPU into the request the same container would make of Kubernetes.

// MilliCPUPerVCPU is how many millicores make one vCPU: Kubernetes counts CPU in cores, one
// virtual core on a VM, written in thousandths, "m" (kubernetes.io
// manage-resources-containers, "CPU resource units").
const MilliCPUPerVCPU = 1000

// MilliCPUFromECSUnits is the CPU request, in millicores, of a container that ECS gives units
// CPU units (1024 per vCPU, agent getCpu): units × 1000 / 1024, rounded up so that the request
// never asks for less than ECS reserved. 512 units are 500m, 256 are 250m, 100 are 98m (97.66
// rounded up).
func MilliCPUFromECSUnits(units int64) int64 {
	return (units*MilliCPUPerVCPU + 1023) / 1024
}

// EKSMaxPods is the max pods an EKS node of type t runs with the VPC CNI's default (secondary
// IP) mode, as the EKS-optimized AMI sets the kubelet's maxPods: ENIs of the default network
// card × (IPv4 addresses per ENI − 1) + 2: each ENI's first address is not a pod's, and the 2
// are the pods on the host's network (the VPC CNI's and kube-proxy), which take none. Source:
// AMI nodeadm/internal/kubelet/eni_max_pods.go (calculateStandardMaxPods; DefaultMaxENIs is the
// default card's limit, nodeadm/internal/util/ec2.go), and AL2's eni-max-pods.txt, whose
// header says multi-card types count card 0 only (EKS-REFERENCE (a)). An m5.large has 3 × (10
// − 1) + 2 = 29; a p5.48xlarge 64 ENIs over 32 cards, so 2 × 49 + 2 = 100.
func (t *InstanceType) EKSMaxPods() int {
	return t.defaultCardENIs()*(t.IPv4PerENI-1) + 2
}

// defaultCardENIs is how many ENIs the type's default network card takes: MaxENIs counts every
// card, and the catalog's multi-card types have their ENIs spread evenly over their cards
// (SOURCES.md: 2 × 10, 4 × 10, 4 × 15, 32 × 2).
func (t *InstanceType) defaultCardENIs() int {
	return t.MaxENIs / max(t.NetworkCards, 1)
}

// The max-pods-calculator's ceilings on the value it recommends (AMI templates/al2/runtime/
// max-pods-calculator.sh, MAX_POD_CEILING_FOR_LOW_CPU and _HIGH_CPU; EKSUG choosing-instance-
// type.adoc): 110 pods on a type with up to 30 vCPUs, 250 above.
const (
	maxPodsCeilingSmall      = 110
	maxPodsCeilingLarge      = 250
	maxPodsCeilingSmallVCPUs = 30
)

// ipv4PerPrefix is how many addresses one prefix the VPC CNI assigns in prefix mode holds: a
// /28 (max-pods-calculator.sh IPS_PER_PREFIX=16).
const ipv4PerPrefix = 16

// EKSMaxPodsPrefixDelegation is the max pods AWS's max-pods-calculator.sh recommends for a node
// of type t when the VPC CNI (1.9 or later) assigns /28 prefixes instead of single addresses
// (--cni-prefix-delegation-enabled): ENIs of the default card × ((IPv4 per ENI − 1) × 16) + 2,
// then at most 110 on a type of up to 30 vCPUs and 250 above. The calculator uses prefixes only
// where EC2 reports the type's hypervisor as "nitro"; elsewhere it keeps the secondary-IP
// formula (EKSMaxPods) under the same ceiling. An m5.large: 3 × 144 + 2 = 434, capped at 110.
// Source: AMI templates/al2/runtime/max-pods-calculator.sh (as stored @ 0a6d499e:
// calculate_max_ip_addresses_prefix_delegation, the IS_NITRO test, the ceilings).
//
// The ceilings are the calculator's recommended value; its --show-max-allowed prints the
// uncapped figure. nodeadm's default does not apply prefix delegation: a node gets this only
// where its maxPods is set to it (EKS-REFERENCE (a)).
func (t *InstanceType) EKSMaxPodsPrefixDelegation() int {
	pods := t.EKSMaxPods()
	if t.reportsNitroHypervisor() {
		pods = t.defaultCardENIs()*((t.IPv4PerENI-1)*ipv4PerPrefix) + 2
	}
	ceiling := maxPodsCeilingSmall
	if t.VCPU > maxPodsCeilingSmallVCPUs {
		ceiling = maxPodsCeilingLarge
	}
	return min(pods, ceiling)
}

// reportsNitroHypervisor reports whether EC2 describes the type's hypervisor as "nitro", the
// max-pods-calculator's test for prefix delegation. Of the catalog, p3 runs on Xen and bare
// metal types (g4dn.metal) report no hypervisor; Karpenter's instance-types.md
// (aws/karpenter-provider-aws, website/content/en/v1.12/reference/instance-types.md, label
// karpenter.k8s.aws/instance-hypervisor: "xen" for p3.*, empty for *.metal) gives both. Every
// other catalog type is Nitro.
func (t *InstanceType) reportsNitroHypervisor() bool {
	_, size, _ := strings.Cut(t.Name, ".")
	return t.Family() != "p3" && !strings.HasPrefix(size, "metal")
}

// kubeReservedCPUBands are the EKS AMI's kube-reserved CPU bands: the millicores each band's
// upper end reaches, and the share of the band reserved in hundredths of a percent: 6 % of the
// first core, 1 % of the second, 0.5 % of cores 3 and 4, 0.25 % of every core above 4. Source:
// AMI nodeadm/internal/kubelet/config.go getCPUMillicoresToReserve (cpuRanges {0, 1000, 2000,
// 4000, total}, percentages {600, 100, 50, 25}); AL2 get_cpu_millicores_to_reserve, which
// credits GKE's ranges.
var kubeReservedCPUBands = []struct {
	upToMilli      int64 // 0 for the last band: up to the node's total
	reservedPer10k int64
}{{1000, 600}, {2000, 100}, {4000, 50}, {0, 25}}

// EKSKubeReservedMilliCPU is the CPU, in millicores, the EKS AMI reserves for Kubernetes'
// daemons (kube-reserved) on a node of t: the sum over kubeReservedCPUBands of the part of the
// node's vCPU × 1000 within the band times its share, each band's term truncated to a whole
// millicore as the AMI's getResourceToReserveInRange does ((min(total, end) − start) × pct /
// 10000). 1 vCPU reserves 60m, 2 70m, 4 80m, 16 110m, 64 230m, 192 550m.
func (t *InstanceType) EKSKubeReservedMilliCPU() int64 {
	total := int64(t.VCPU) * MilliCPUPerVCPU
	var reserved, start int64
	for _, band := range kubeReservedCPUBands {
		if total <= start {
			break
		}
		end := band.upToMilli
		if end == 0 || end > total {
			end = total
		}
		reserved += (end - start) * band.reservedPer10k / 10000
		start = band.upToMilli
	}
	return reserved
}

// EKSKubeReservedMemoryMiB is the memory the EKS AMI reserves for Kubernetes' daemons
// (kube-reserved) on a node that runs up to maxPods pods: 11 MiB a pod + 255 MiB. Source: AMI
// nodeadm/internal/kubelet/config.go getMemoryMebibytesToReserve; AL2
// get_memory_mebibytes_to_reserve.
func EKSKubeReservedMemoryMiB(maxPods int) int64 { return 11*int64(maxPods) + 255 }

// EKSEvictionHardMemoryMiB is the kubelet's hard eviction threshold on memory that the EKS AMI
// sets, memory.available 100Mi, which Kubernetes takes off allocatable (AMI config.go
// evictionHard; AL2 bootstrap.sh).
const EKSEvictionHardMemoryMiB = 100

// EKSAllocatable is what an EKS node of type t, its kubelet allowing maxPods pods, offers pods
// as the EKS-optimized AMI sets it up: Allocatable = capacity − kube-reserved − system-reserved
// − the hard eviction threshold (kubernetes.io reserve-compute-resources, "Node Allocatable").
// The AMI sets no system-reserved amounts, so:
//   - CPU, in millicores: vCPU × 1000 − EKSKubeReservedMilliCPU (an m5.large 1930m, an
//     m5.4xlarge 15890m, as Karpenter's instance-types.md lists them);
//   - memory, MiB: the memory the OS reports (MemTotalMiB, which ecssim already derives for
//     ECS, DG/memory-management) − EKSKubeReservedMemoryMiB(maxPods) − 100 (evictionHard);
//   - GPUs, in thousandths as for ECS: the type's GPUs, each whole (Karpenter's
//     instance-types.md gives nvidia.com/gpu = the GPU count);
//   - pods: maxPods (EKSMaxPods, or EKSMaxPodsPrefixDelegation where the CNI uses prefixes).
//
// ENIs stay 0: pods take addresses, which maxPods already counts, not ENIs of their own.
func (t *InstanceType) EKSAllocatable(maxPods int) Resources {
	return Resources{
		CPU:       int64(t.VCPU)*MilliCPUPerVCPU - t.EKSKubeReservedMilliCPU(),
		MemoryMiB: t.MemTotalMiB() - EKSKubeReservedMemoryMiB(maxPods) - EKSEvictionHardMemoryMiB,
		GPUMilli:  int64(t.GPUs) * MilliPerGPU,
		Pods:      maxPods,
	}
}
