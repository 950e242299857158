package models

import (
	"slices"
	"strings"
)

// Arch is a CPU architecture as ECS's ecs.cpu-architecture attribute spells it.
type Arch string

// The architectures of the catalog.
const (
	ArchX86_64 Arch = "x86_64"
	ArchARM64  Arch = "arm64"
)

// InstanceType is one EC2 instance type: its size, network limits, GPUs and price.
type InstanceType struct {
	Name            string
	VCPU            int
	MemoryMiB       int64 // nominal memory
	MaxENIs         int   // network interfaces, the primary one included, over all network cards
	IPv4PerENI      int   // private IPv4 addresses per network interface
	Arch            Arch
	PriceUSDPerHour float64 // us-east-1, Linux, on-demand

	// NetworkCards is how many network cards the type has, over which MaxENIs is spread evenly;
	// 0 or 1 means one. It matters where a consumer uses only the default card, as EKS's max
	// pods does (EKSMaxPods). The catalog's multi-card types, from SOURCES.md's notes on the
	// VPC limits: g6e.24xlarge 2 cards × 10 ENIs, g6e.48xlarge 4 × 10, p4d.24xlarge 4 × 15,
	// p5.48xlarge 32 × 2.
	NetworkCards int

	// GPUs are the type's GPUs, and GPUModel, GPUManufacturer and GPUMemoryMiB (each GPU's
	// memory) say what they are: a catalog type's as EC2 lists them ("t4", "nvidia", 16384),
	// a listed node's as its node list gives them (GPUModel only). Instances register the
	// GPUs either way (Resources.GPUMilli, and each device's free share: gpu.go).
	GPUs            int
	GPUModel        string
	GPUManufacturer string
	GPUMemoryMiB    int64

	// TrunkingCompatible is EC2's word that the type can take a trunk network interface (the
	// VPC limits' IsTrunkingCompatible). It is not ECS's: ECS hosts more awsvpc tasks only on
	// the types its own table lists, whose limits TrunkedAWSVPCTasks carries.
	TrunkingCompatible bool
	// TrunkedAWSVPCTasks is how many awsvpc tasks an instance of the type runs with ENI
	// trunking, as the ECS Developer Guide's table gives it (DG/container-instance-eni); 0 where
	// the table does not list the type, which ecssim then runs without trunking (see
	// AWSVPCTaskLimitWith).
	TrunkedAWSVPCTasks int

	// Listed is set for a node of a node list (a trace's machines) rather than a catalog type:
	// its instances register these CPU units and this memory as listed, with no derivation.
	Listed Resources
}

// Family is the type's family, the part of its name before the dot: "m7i" of "m7i.large".
func (t *InstanceType) Family() string {
	f, _, _ := strings.Cut(t.Name, ".")
	return f
}

// RegisteredCPU is the CPU an instance of this type registers with ECS: vCPUs × 1024
// (agent:ecs-agent/api/ecs/client/ecs_client.go getCpu; DG "multiply the instance's vCPUs by
// 1,024"), or a listed node's CPU units.
func (t *InstanceType) RegisteredCPU() int64 {
	if t.Listed.CPU > 0 {
		return t.Listed.CPU
	}
	return int64(t.VCPU) * 1024
}

// MemTotalMiB is the memory the operating system reports (MemTotal), which the agent
// registers before subtracting ECS_RESERVED_MEMORY.
//
// MemTotal is below the nominal size because the kernel keeps memory for itself. ECS documents
// one point, an m4.large with 8 GiB that registers 7985 MiB on Linux (DG/memory-management).
// Per-type figures are not published, so ecssim scales that ratio: MemTotal =
// floor(nominal × 7985 / 8192), about 97.5% (the rule ECS-REFERENCE §2.1 derives). An 8 GiB type
// therefore registers exactly 7985 MiB and a 16 GiB type 15970 MiB. A listed node's memory is
// taken as listed.
func (t *InstanceType) MemTotalMiB() int64 {
	if t.Listed.MemoryMiB > 0 {
		return t.Listed.MemoryMiB
	}
	return t.MemoryMiB * 7985 / 8192
}

// AWSVPCTaskLimit is how many awsvpc tasks an instance of this type can run without ENI
// trunking: one ENI per task, and the primary ENI is not available (DG/container-instance-eni).
func (t *InstanceType) AWSVPCTaskLimit() int { return max(t.MaxENIs-1, 0) }

// SupportsTrunking reports whether ECS gives the type more awsvpc tasks with ENI trunking:
// whether the ECS Developer Guide's table lists it (DG/container-instance-eni).
//
// The table is the one source of ECS's trunked limits. It lists p3, which EC2's VPC limits
// call not trunking-compatible, and leaves out g4dn, which the page names as not supported.
// It also leaves out types that came after it and that EC2 calls trunking-compatible (t3 and
// t4g aside): m7i, m7a, c7i, c7a, r7i, g6, g6e and p5 in this catalog. ECS may well trunk
// them, but their limits are not published in what we could read, and neither the VPC limits'
// branch interfaces nor a sibling type's figure is ECS's limit. So ecssim runs them without
// trunking (max ENIs − 1) [U], a planner's conservative choice: `ecssim instance-types` shows
// them as compatible with no ECS limit, and validate warns when trunking is on for them.
func (t *InstanceType) SupportsTrunking() bool { return t.TrunkedAWSVPCTasks > 0 }

// TrunkingUnknown reports whether EC2 calls the type trunking-compatible but ECS's table
// neither gives its trunked limit nor names its family as not supported: a type ECS may well
// trunk, with a limit nobody published, which ecssim runs without trunking [U].
func (t *InstanceType) TrunkingUnknown() bool {
	return t.TrunkingCompatible && !t.SupportsTrunking() && !slices.Contains(ecsUntrunkedFamilies, t.Family())
}

// ecsUntrunkedFamilies are the EC2-trunking-compatible families the ECS page names as not
// supported for trunking (DG/container-instance-eni).
var ecsUntrunkedFamilies = []string{"g4dn"}

// AWSVPCTaskLimitWith is how many awsvpc tasks an instance of this type runs when it gets a
// trunk ENI (trunk true) or not: with one, the ECS table's limit for a type it lists (the
// ENI limit raised for the trunk, less the primary and the trunk ENIs; an m5.large 10 instead
// of 2); else, or on a type the table does not list, max ENIs − 1 (DG/container-instance-eni).
func (t *InstanceType) AWSVPCTaskLimitWith(trunk bool) int {
	if trunk && t.SupportsTrunking() {
		return t.TrunkedAWSVPCTasks
	}
	return t.AWSVPCTaskLimit()
}

// LookupInstanceType returns the catalog entry for name.
func LookupInstanceType(name string) (*InstanceType, bool) {
	i, ok := slices.BinarySearchFunc(catalogByName, name, func(t *InstanceType, n string) int {
		return strings.Compare(t.Name, n)
	})
	if !ok {
		return nil, false
	}
	return catalogByName[i], true
}

// InstanceTypes returns the whole catalog, grouped by family as listed below. Callers must not
// modify the entries.
func InstanceTypes() []*InstanceType {
	out := make([]*InstanceType, len(catalog))
	for i := range catalog {
		out[i] = &catalog[i]
	}
	return out
}

var catalogByName = func() []*InstanceType {
	s := InstanceTypes()
	slices.SortFunc(s, func(a, b *InstanceType) int { return strings.Compare(a.Name, b.Name) })
	return s
}()

// catalog lists the instance types ecssim knows, as facts, in the reference data's order: t,
// m, c and r, x86 families by generation then Graviton, then the GPU families; sizes ascending.
//
// Source: vCPU, memory, architecture and the GPUs (count, name, manufacturer and memory per
// GPU) from the Karpenter AWS provider's instance-type reference (aws/karpenter-provider-aws
// @ 1d927085, 2026-08-21: website/content/en/preview/reference/instance-types.md, and for p3,
// which the preview page no longer lists, website/content/en/v1.12/reference/
// instance-types.md); ENIs, IPv4 addresses per ENI and trunking compatibility from its
// generated VPC limits (pkg/providers/instancetype/zz_generated.vpclimits.go, generated
// 2026-08-06); prices are AWS's us-east-1 Linux on-demand list prices from its generated
// pricing table (pkg/providers/pricing/zz_generated.pricing_aws.go, generated 2026-07-20).
// The network cards of the four multi-card types are SOURCES.md's notes on the same VPC
// limits. The awsvpc task limits with trunking are the ECS Developer Guide's table
// (awsdocs/amazon-ecs-developer-guide @ a35b767, 2023-04-18, doc_source/
// container-instance-eni.md), absent where it does not list the type. Collected 2026-11-24,
// extended 2026-12-05 (130 types and the IPv4, GPU and trunking fields; no earlier value
// changed). TestCatalogMatchesReferenceData checks every field against
// ../shared/data/ec2-instance-types.csv and ecs-awsvpc-task-limits.csv, and prints this table
// anew from them with -print-catalog.
var catalog = []InstanceType{

	// t3
	{Name: "t3.micro", VCPU: 2, MemoryMiB: 1024, MaxENIs: 2, IPv4PerENI: 2, Arch: ArchX86_64, PriceUSDPerHour: 0.0104},
	{Name: "t3.small", VCPU: 2, MemoryMiB: 2048, MaxENIs: 3, IPv4PerENI: 4, Arch: ArchX86_64, PriceUSDPerHour: 0.0208},
	{Name: "t3.medium", VCPU: 2, MemoryMiB: 4096, MaxENIs: 3, IPv4PerENI: 6, Arch: ArchX86_64, PriceUSDPerHour: 0.0416},
	{Name: "t3.large", VCPU: 2, MemoryMiB: 8192, MaxENIs: 3, IPv4PerENI: 12, Arch: ArchX86_64, PriceUSDPerHour: 0.0832},
	{Name: "t3.xlarge", VCPU: 4, MemoryMiB: 16384, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchX86_64, PriceUSDPerHour: 0.1664},
	{Name: "t3.2xlarge", VCPU: 8, MemoryMiB: 32768, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchX86_64, PriceUSDPerHour: 0.3328},

	// t4g
	{Name: "t4g.micro", VCPU: 2, MemoryMiB: 1024, MaxENIs: 2, IPv4PerENI: 2, Arch: ArchARM64, PriceUSDPerHour: 0.0084},
	{Name: "t4g.small", VCPU: 2, MemoryMiB: 2048, MaxENIs: 3, IPv4PerENI: 4, Arch: ArchARM64, PriceUSDPerHour: 0.0168},
	{Name: "t4g.medium", VCPU: 2, MemoryMiB: 4096, MaxENIs: 3, IPv4PerENI: 6, Arch: ArchARM64, PriceUSDPerHour: 0.0336},
	{Name: "t4g.large", VCPU: 2, MemoryMiB: 8192, MaxENIs: 3, IPv4PerENI: 12, Arch: ArchARM64, PriceUSDPerHour: 0.0672},
	{Name: "t4g.xlarge", VCPU: 4, MemoryMiB: 16384, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchARM64, PriceUSDPerHour: 0.1344},
	{Name: "t4g.2xlarge", VCPU: 8, MemoryMiB: 32768, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchARM64, PriceUSDPerHour: 0.2688},

	// m5
	{Name: "m5.large", VCPU: 2, MemoryMiB: 8192, MaxENIs: 3, IPv4PerENI: 10, Arch: ArchX86_64, PriceUSDPerHour: 0.0960, TrunkingCompatible: true, TrunkedAWSVPCTasks: 10},
	{Name: "m5.xlarge", VCPU: 4, MemoryMiB: 16384, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchX86_64, PriceUSDPerHour: 0.1920, TrunkingCompatible: true, TrunkedAWSVPCTasks: 20},
	{Name: "m5.2xlarge", VCPU: 8, MemoryMiB: 32768, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchX86_64, PriceUSDPerHour: 0.3840, TrunkingCompatible: true, TrunkedAWSVPCTasks: 40},
	{Name: "m5.4xlarge", VCPU: 16, MemoryMiB: 65536, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchX86_64, PriceUSDPerHour: 0.7680, TrunkingCompatible: true, TrunkedAWSVPCTasks: 60},
	{Name: "m5.12xlarge", VCPU: 48, MemoryMiB: 196608, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchX86_64, PriceUSDPerHour: 2.3040, TrunkingCompatible: true, TrunkedAWSVPCTasks: 60},

	// m6i
	{Name: "m6i.large", VCPU: 2, MemoryMiB: 8192, MaxENIs: 3, IPv4PerENI: 10, Arch: ArchX86_64, PriceUSDPerHour: 0.0960, TrunkingCompatible: true, TrunkedAWSVPCTasks: 10},
	{Name: "m6i.xlarge", VCPU: 4, MemoryMiB: 16384, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchX86_64, PriceUSDPerHour: 0.1920, TrunkingCompatible: true, TrunkedAWSVPCTasks: 20},
	{Name: "m6i.2xlarge", VCPU: 8, MemoryMiB: 32768, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchX86_64, PriceUSDPerHour: 0.3840, TrunkingCompatible: true, TrunkedAWSVPCTasks: 40},
	{Name: "m6i.4xlarge", VCPU: 16, MemoryMiB: 65536, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchX86_64, PriceUSDPerHour: 0.7680, TrunkingCompatible: true, TrunkedAWSVPCTasks: 60},
	{Name: "m6i.8xlarge", VCPU: 32, MemoryMiB: 131072, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchX86_64, PriceUSDPerHour: 1.5360, TrunkingCompatible: true, TrunkedAWSVPCTasks: 90},

	// m6a
	{Name: "m6a.large", VCPU: 2, MemoryMiB: 8192, MaxENIs: 3, IPv4PerENI: 10, Arch: ArchX86_64, PriceUSDPerHour: 0.0864, TrunkingCompatible: true, TrunkedAWSVPCTasks: 10},
	{Name: "m6a.xlarge", VCPU: 4, MemoryMiB: 16384, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchX86_64, PriceUSDPerHour: 0.1728, TrunkingCompatible: true, TrunkedAWSVPCTasks: 20},
	{Name: "m6a.2xlarge", VCPU: 8, MemoryMiB: 32768, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchX86_64, PriceUSDPerHour: 0.3456, TrunkingCompatible: true, TrunkedAWSVPCTasks: 40},
	{Name: "m6a.4xlarge", VCPU: 16, MemoryMiB: 65536, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchX86_64, PriceUSDPerHour: 0.6912, TrunkingCompatible: true, TrunkedAWSVPCTasks: 60},
	{Name: "m6a.8xlarge", VCPU: 32, MemoryMiB: 131072, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchX86_64, PriceUSDPerHour: 1.3824, TrunkingCompatible: true, TrunkedAWSVPCTasks: 90},
	{Name: "m6a.12xlarge", VCPU: 48, MemoryMiB: 196608, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchX86_64, PriceUSDPerHour: 2.0736, TrunkingCompatible: true, TrunkedAWSVPCTasks: 120},
	{Name: "m6a.16xlarge", VCPU: 64, MemoryMiB: 262144, MaxENIs: 15, IPv4PerENI: 50, Arch: ArchX86_64, PriceUSDPerHour: 2.7648, TrunkingCompatible: true, TrunkedAWSVPCTasks: 120},
	{Name: "m6a.24xlarge", VCPU: 96, MemoryMiB: 393216, MaxENIs: 15, IPv4PerENI: 50, Arch: ArchX86_64, PriceUSDPerHour: 4.1472, TrunkingCompatible: true, TrunkedAWSVPCTasks: 120},
	{Name: "m6a.32xlarge", VCPU: 128, MemoryMiB: 524288, MaxENIs: 15, IPv4PerENI: 50, Arch: ArchX86_64, PriceUSDPerHour: 5.5296, TrunkingCompatible: true, TrunkedAWSVPCTasks: 120},
	{Name: "m6a.48xlarge", VCPU: 192, MemoryMiB: 786432, MaxENIs: 15, IPv4PerENI: 50, Arch: ArchX86_64, PriceUSDPerHour: 8.2944, TrunkingCompatible: true, TrunkedAWSVPCTasks: 120},

	// m7i
	{Name: "m7i.large", VCPU: 2, MemoryMiB: 8192, MaxENIs: 3, IPv4PerENI: 10, Arch: ArchX86_64, PriceUSDPerHour: 0.1008, TrunkingCompatible: true},
	{Name: "m7i.xlarge", VCPU: 4, MemoryMiB: 16384, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchX86_64, PriceUSDPerHour: 0.2016, TrunkingCompatible: true},
	{Name: "m7i.2xlarge", VCPU: 8, MemoryMiB: 32768, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchX86_64, PriceUSDPerHour: 0.4032, TrunkingCompatible: true},
	{Name: "m7i.4xlarge", VCPU: 16, MemoryMiB: 65536, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchX86_64, PriceUSDPerHour: 0.8064, TrunkingCompatible: true},
	{Name: "m7i.8xlarge", VCPU: 32, MemoryMiB: 131072, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchX86_64, PriceUSDPerHour: 1.6128, TrunkingCompatible: true},
	{Name: "m7i.12xlarge", VCPU: 48, MemoryMiB: 196608, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchX86_64, PriceUSDPerHour: 2.4192, TrunkingCompatible: true},
	{Name: "m7i.16xlarge", VCPU: 64, MemoryMiB: 262144, MaxENIs: 15, IPv4PerENI: 50, Arch: ArchX86_64, PriceUSDPerHour: 3.2256, TrunkingCompatible: true},
	{Name: "m7i.24xlarge", VCPU: 96, MemoryMiB: 393216, MaxENIs: 15, IPv4PerENI: 50, Arch: ArchX86_64, PriceUSDPerHour: 4.8384, TrunkingCompatible: true},
	{Name: "m7i.48xlarge", VCPU: 192, MemoryMiB: 786432, MaxENIs: 15, IPv4PerENI: 50, Arch: ArchX86_64, PriceUSDPerHour: 9.6768, TrunkingCompatible: true},

	// m7a
	{Name: "m7a.large", VCPU: 2, MemoryMiB: 8192, MaxENIs: 3, IPv4PerENI: 10, Arch: ArchX86_64, PriceUSDPerHour: 0.11592, TrunkingCompatible: true},
	{Name: "m7a.xlarge", VCPU: 4, MemoryMiB: 16384, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchX86_64, PriceUSDPerHour: 0.23184, TrunkingCompatible: true},
	{Name: "m7a.2xlarge", VCPU: 8, MemoryMiB: 32768, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchX86_64, PriceUSDPerHour: 0.46368, TrunkingCompatible: true},
	{Name: "m7a.4xlarge", VCPU: 16, MemoryMiB: 65536, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchX86_64, PriceUSDPerHour: 0.92736, TrunkingCompatible: true},
	{Name: "m7a.8xlarge", VCPU: 32, MemoryMiB: 131072, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchX86_64, PriceUSDPerHour: 1.85472, TrunkingCompatible: true},
	{Name: "m7a.12xlarge", VCPU: 48, MemoryMiB: 196608, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchX86_64, PriceUSDPerHour: 2.78208, TrunkingCompatible: true},
	{Name: "m7a.16xlarge", VCPU: 64, MemoryMiB: 262144, MaxENIs: 15, IPv4PerENI: 50, Arch: ArchX86_64, PriceUSDPerHour: 3.70944, TrunkingCompatible: true},
	{Name: "m7a.24xlarge", VCPU: 96, MemoryMiB: 393216, MaxENIs: 15, IPv4PerENI: 50, Arch: ArchX86_64, PriceUSDPerHour: 5.56416, TrunkingCompatible: true},
	{Name: "m7a.32xlarge", VCPU: 128, MemoryMiB: 524288, MaxENIs: 15, IPv4PerENI: 50, Arch: ArchX86_64, PriceUSDPerHour: 7.41888, TrunkingCompatible: true},
	{Name: "m7a.48xlarge", VCPU: 192, MemoryMiB: 786432, MaxENIs: 15, IPv4PerENI: 50, Arch: ArchX86_64, PriceUSDPerHour: 11.12832, TrunkingCompatible: true},

	// m6g
	{Name: "m6g.medium", VCPU: 1, MemoryMiB: 4096, MaxENIs: 2, IPv4PerENI: 4, Arch: ArchARM64, PriceUSDPerHour: 0.0385, TrunkingCompatible: true, TrunkedAWSVPCTasks: 4},
	{Name: "m6g.large", VCPU: 2, MemoryMiB: 8192, MaxENIs: 3, IPv4PerENI: 10, Arch: ArchARM64, PriceUSDPerHour: 0.0770, TrunkingCompatible: true, TrunkedAWSVPCTasks: 10},
	{Name: "m6g.xlarge", VCPU: 4, MemoryMiB: 16384, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchARM64, PriceUSDPerHour: 0.1540, TrunkingCompatible: true, TrunkedAWSVPCTasks: 20},
	{Name: "m6g.2xlarge", VCPU: 8, MemoryMiB: 32768, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchARM64, PriceUSDPerHour: 0.3080, TrunkingCompatible: true, TrunkedAWSVPCTasks: 40},
	{Name: "m6g.4xlarge", VCPU: 16, MemoryMiB: 65536, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchARM64, PriceUSDPerHour: 0.6160, TrunkingCompatible: true, TrunkedAWSVPCTasks: 60},

	// m7g
	{Name: "m7g.medium", VCPU: 1, MemoryMiB: 4096, MaxENIs: 2, IPv4PerENI: 4, Arch: ArchARM64, PriceUSDPerHour: 0.0408, TrunkingCompatible: true, TrunkedAWSVPCTasks: 4},
	{Name: "m7g.large", VCPU: 2, MemoryMiB: 8192, MaxENIs: 3, IPv4PerENI: 10, Arch: ArchARM64, PriceUSDPerHour: 0.0816, TrunkingCompatible: true, TrunkedAWSVPCTasks: 10},
	{Name: "m7g.xlarge", VCPU: 4, MemoryMiB: 16384, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchARM64, PriceUSDPerHour: 0.1632, TrunkingCompatible: true, TrunkedAWSVPCTasks: 20},
	{Name: "m7g.2xlarge", VCPU: 8, MemoryMiB: 32768, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchARM64, PriceUSDPerHour: 0.3264, TrunkingCompatible: true, TrunkedAWSVPCTasks: 40},
	{Name: "m7g.4xlarge", VCPU: 16, MemoryMiB: 65536, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchARM64, PriceUSDPerHour: 0.6528, TrunkingCompatible: true, TrunkedAWSVPCTasks: 60},
	{Name: "m7g.8xlarge", VCPU: 32, MemoryMiB: 131072, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchARM64, PriceUSDPerHour: 1.3056, TrunkingCompatible: true, TrunkedAWSVPCTasks: 60},
	{Name: "m7g.12xlarge", VCPU: 48, MemoryMiB: 196608, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchARM64, PriceUSDPerHour: 1.9584, TrunkingCompatible: true, TrunkedAWSVPCTasks: 60},
	{Name: "m7g.16xlarge", VCPU: 64, MemoryMiB: 262144, MaxENIs: 15, IPv4PerENI: 50, Arch: ArchARM64, PriceUSDPerHour: 2.6112, TrunkingCompatible: true, TrunkedAWSVPCTasks: 120},

	// c5
	{Name: "c5.large", VCPU: 2, MemoryMiB: 4096, MaxENIs: 3, IPv4PerENI: 10, Arch: ArchX86_64, PriceUSDPerHour: 0.0850, TrunkingCompatible: true, TrunkedAWSVPCTasks: 10},
	{Name: "c5.xlarge", VCPU: 4, MemoryMiB: 8192, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchX86_64, PriceUSDPerHour: 0.1700, TrunkingCompatible: true, TrunkedAWSVPCTasks: 20},
	{Name: "c5.2xlarge", VCPU: 8, MemoryMiB: 16384, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchX86_64, PriceUSDPerHour: 0.3400, TrunkingCompatible: true, TrunkedAWSVPCTasks: 40},
	{Name: "c5.4xlarge", VCPU: 16, MemoryMiB: 32768, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchX86_64, PriceUSDPerHour: 0.6800, TrunkingCompatible: true, TrunkedAWSVPCTasks: 60},
	{Name: "c5.9xlarge", VCPU: 36, MemoryMiB: 73728, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchX86_64, PriceUSDPerHour: 1.5300, TrunkingCompatible: true, TrunkedAWSVPCTasks: 60},

	// c6i
	{Name: "c6i.large", VCPU: 2, MemoryMiB: 4096, MaxENIs: 3, IPv4PerENI: 10, Arch: ArchX86_64, PriceUSDPerHour: 0.0850, TrunkingCompatible: true, TrunkedAWSVPCTasks: 10},
	{Name: "c6i.xlarge", VCPU: 4, MemoryMiB: 8192, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchX86_64, PriceUSDPerHour: 0.1700, TrunkingCompatible: true, TrunkedAWSVPCTasks: 20},
	{Name: "c6i.2xlarge", VCPU: 8, MemoryMiB: 16384, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchX86_64, PriceUSDPerHour: 0.3400, TrunkingCompatible: true, TrunkedAWSVPCTasks: 40},
	{Name: "c6i.4xlarge", VCPU: 16, MemoryMiB: 32768, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchX86_64, PriceUSDPerHour: 0.6800, TrunkingCompatible: true, TrunkedAWSVPCTasks: 60},

	// c6a
	{Name: "c6a.large", VCPU: 2, MemoryMiB: 4096, MaxENIs: 3, IPv4PerENI: 10, Arch: ArchX86_64, PriceUSDPerHour: 0.0765, TrunkingCompatible: true, TrunkedAWSVPCTasks: 10},
	{Name: "c6a.xlarge", VCPU: 4, MemoryMiB: 8192, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchX86_64, PriceUSDPerHour: 0.1530, TrunkingCompatible: true, TrunkedAWSVPCTasks: 20},
	{Name: "c6a.2xlarge", VCPU: 8, MemoryMiB: 16384, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchX86_64, PriceUSDPerHour: 0.3060, TrunkingCompatible: true, TrunkedAWSVPCTasks: 40},
	{Name: "c6a.4xlarge", VCPU: 16, MemoryMiB: 32768, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchX86_64, PriceUSDPerHour: 0.6120, TrunkingCompatible: true, TrunkedAWSVPCTasks: 60},
	{Name: "c6a.8xlarge", VCPU: 32, MemoryMiB: 65536, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchX86_64, PriceUSDPerHour: 1.2240, TrunkingCompatible: true, TrunkedAWSVPCTasks: 90},
	{Name: "c6a.12xlarge", VCPU: 48, MemoryMiB: 98304, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchX86_64, PriceUSDPerHour: 1.8360, TrunkingCompatible: true, TrunkedAWSVPCTasks: 120},
	{Name: "c6a.16xlarge", VCPU: 64, MemoryMiB: 131072, MaxENIs: 15, IPv4PerENI: 50, Arch: ArchX86_64, PriceUSDPerHour: 2.4480, TrunkingCompatible: true, TrunkedAWSVPCTasks: 120},
	{Name: "c6a.24xlarge", VCPU: 96, MemoryMiB: 196608, MaxENIs: 15, IPv4PerENI: 50, Arch: ArchX86_64, PriceUSDPerHour: 3.6720, TrunkingCompatible: true, TrunkedAWSVPCTasks: 120},
	{Name: "c6a.32xlarge", VCPU: 128, MemoryMiB: 262144, MaxENIs: 15, IPv4PerENI: 50, Arch: ArchX86_64, PriceUSDPerHour: 4.8960, TrunkingCompatible: true, TrunkedAWSVPCTasks: 120},
	{Name: "c6a.48xlarge", VCPU: 192, MemoryMiB: 393216, MaxENIs: 15, IPv4PerENI: 50, Arch: ArchX86_64, PriceUSDPerHour: 7.3440, TrunkingCompatible: true, TrunkedAWSVPCTasks: 120},

	// c7i
	{Name: "c7i.large", VCPU: 2, MemoryMiB: 4096, MaxENIs: 3, IPv4PerENI: 10, Arch: ArchX86_64, PriceUSDPerHour: 0.08925, TrunkingCompatible: true},
	{Name: "c7i.xlarge", VCPU: 4, MemoryMiB: 8192, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchX86_64, PriceUSDPerHour: 0.1785, TrunkingCompatible: true},
	{Name: "c7i.2xlarge", VCPU: 8, MemoryMiB: 16384, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchX86_64, PriceUSDPerHour: 0.3570, TrunkingCompatible: true},
	{Name: "c7i.4xlarge", VCPU: 16, MemoryMiB: 32768, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchX86_64, PriceUSDPerHour: 0.7140, TrunkingCompatible: true},
	{Name: "c7i.8xlarge", VCPU: 32, MemoryMiB: 65536, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchX86_64, PriceUSDPerHour: 1.4280, TrunkingCompatible: true},
	{Name: "c7i.12xlarge", VCPU: 48, MemoryMiB: 98304, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchX86_64, PriceUSDPerHour: 2.1420, TrunkingCompatible: true},
	{Name: "c7i.16xlarge", VCPU: 64, MemoryMiB: 131072, MaxENIs: 15, IPv4PerENI: 50, Arch: ArchX86_64, PriceUSDPerHour: 2.8560, TrunkingCompatible: true},
	{Name: "c7i.24xlarge", VCPU: 96, MemoryMiB: 196608, MaxENIs: 15, IPv4PerENI: 50, Arch: ArchX86_64, PriceUSDPerHour: 4.2840, TrunkingCompatible: true},
	{Name: "c7i.48xlarge", VCPU: 192, MemoryMiB: 393216, MaxENIs: 15, IPv4PerENI: 50, Arch: ArchX86_64, PriceUSDPerHour: 8.5680, TrunkingCompatible: true},

	// c7a
	{Name: "c7a.large", VCPU: 2, MemoryMiB: 4096, MaxENIs: 3, IPv4PerENI: 10, Arch: ArchX86_64, PriceUSDPerHour: 0.10264, TrunkingCompatible: true},
	{Name: "c7a.xlarge", VCPU: 4, MemoryMiB: 8192, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchX86_64, PriceUSDPerHour: 0.20528, TrunkingCompatible: true},
	{Name: "c7a.2xlarge", VCPU: 8, MemoryMiB: 16384, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchX86_64, PriceUSDPerHour: 0.41056, TrunkingCompatible: true},
	{Name: "c7a.4xlarge", VCPU: 16, MemoryMiB: 32768, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchX86_64, PriceUSDPerHour: 0.82112, TrunkingCompatible: true},
	{Name: "c7a.8xlarge", VCPU: 32, MemoryMiB: 65536, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchX86_64, PriceUSDPerHour: 1.64224, TrunkingCompatible: true},
	{Name: "c7a.12xlarge", VCPU: 48, MemoryMiB: 98304, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchX86_64, PriceUSDPerHour: 2.46336, TrunkingCompatible: true},
	{Name: "c7a.16xlarge", VCPU: 64, MemoryMiB: 131072, MaxENIs: 15, IPv4PerENI: 50, Arch: ArchX86_64, PriceUSDPerHour: 3.28448, TrunkingCompatible: true},
	{Name: "c7a.24xlarge", VCPU: 96, MemoryMiB: 196608, MaxENIs: 15, IPv4PerENI: 50, Arch: ArchX86_64, PriceUSDPerHour: 4.92672, TrunkingCompatible: true},
	{Name: "c7a.32xlarge", VCPU: 128, MemoryMiB: 262144, MaxENIs: 15, IPv4PerENI: 50, Arch: ArchX86_64, PriceUSDPerHour: 6.56896, TrunkingCompatible: true},
	{Name: "c7a.48xlarge", VCPU: 192, MemoryMiB: 393216, MaxENIs: 15, IPv4PerENI: 50, Arch: ArchX86_64, PriceUSDPerHour: 9.85344, TrunkingCompatible: true},

	// c6g
	{Name: "c6g.large", VCPU: 2, MemoryMiB: 4096, MaxENIs: 3, IPv4PerENI: 10, Arch: ArchARM64, PriceUSDPerHour: 0.0680, TrunkingCompatible: true, TrunkedAWSVPCTasks: 10},
	{Name: "c6g.xlarge", VCPU: 4, MemoryMiB: 8192, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchARM64, PriceUSDPerHour: 0.1360, TrunkingCompatible: true, TrunkedAWSVPCTasks: 20},
	{Name: "c6g.2xlarge", VCPU: 8, MemoryMiB: 16384, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchARM64, PriceUSDPerHour: 0.2720, TrunkingCompatible: true, TrunkedAWSVPCTasks: 40},
	{Name: "c6g.4xlarge", VCPU: 16, MemoryMiB: 32768, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchARM64, PriceUSDPerHour: 0.5440, TrunkingCompatible: true, TrunkedAWSVPCTasks: 60},

	// c7g
	{Name: "c7g.large", VCPU: 2, MemoryMiB: 4096, MaxENIs: 3, IPv4PerENI: 10, Arch: ArchARM64, PriceUSDPerHour: 0.0725, TrunkingCompatible: true, TrunkedAWSVPCTasks: 10},
	{Name: "c7g.xlarge", VCPU: 4, MemoryMiB: 8192, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchARM64, PriceUSDPerHour: 0.1450, TrunkingCompatible: true, TrunkedAWSVPCTasks: 20},
	{Name: "c7g.2xlarge", VCPU: 8, MemoryMiB: 16384, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchARM64, PriceUSDPerHour: 0.2900, TrunkingCompatible: true, TrunkedAWSVPCTasks: 40},
	{Name: "c7g.4xlarge", VCPU: 16, MemoryMiB: 32768, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchARM64, PriceUSDPerHour: 0.5800, TrunkingCompatible: true, TrunkedAWSVPCTasks: 60},
	{Name: "c7g.8xlarge", VCPU: 32, MemoryMiB: 65536, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchARM64, PriceUSDPerHour: 1.1600, TrunkingCompatible: true, TrunkedAWSVPCTasks: 60},
	{Name: "c7g.12xlarge", VCPU: 48, MemoryMiB: 98304, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchARM64, PriceUSDPerHour: 1.7400, TrunkingCompatible: true, TrunkedAWSVPCTasks: 60},
	{Name: "c7g.16xlarge", VCPU: 64, MemoryMiB: 131072, MaxENIs: 15, IPv4PerENI: 50, Arch: ArchARM64, PriceUSDPerHour: 2.3200, TrunkingCompatible: true, TrunkedAWSVPCTasks: 120},

	// r5
	{Name: "r5.large", VCPU: 2, MemoryMiB: 16384, MaxENIs: 3, IPv4PerENI: 10, Arch: ArchX86_64, PriceUSDPerHour: 0.1260, TrunkingCompatible: true, TrunkedAWSVPCTasks: 10},
	{Name: "r5.xlarge", VCPU: 4, MemoryMiB: 32768, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchX86_64, PriceUSDPerHour: 0.2520, TrunkingCompatible: true, TrunkedAWSVPCTasks: 20},
	{Name: "r5.2xlarge", VCPU: 8, MemoryMiB: 65536, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchX86_64, PriceUSDPerHour: 0.5040, TrunkingCompatible: true, TrunkedAWSVPCTasks: 40},
	{Name: "r5.4xlarge", VCPU: 16, MemoryMiB: 131072, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchX86_64, PriceUSDPerHour: 1.0080, TrunkingCompatible: true, TrunkedAWSVPCTasks: 60},

	// r6i
	{Name: "r6i.large", VCPU: 2, MemoryMiB: 16384, MaxENIs: 3, IPv4PerENI: 10, Arch: ArchX86_64, PriceUSDPerHour: 0.1260, TrunkingCompatible: true, TrunkedAWSVPCTasks: 10},
	{Name: "r6i.xlarge", VCPU: 4, MemoryMiB: 32768, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchX86_64, PriceUSDPerHour: 0.2520, TrunkingCompatible: true, TrunkedAWSVPCTasks: 20},
	{Name: "r6i.2xlarge", VCPU: 8, MemoryMiB: 65536, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchX86_64, PriceUSDPerHour: 0.5040, TrunkingCompatible: true, TrunkedAWSVPCTasks: 40},
	{Name: "r6i.4xlarge", VCPU: 16, MemoryMiB: 131072, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchX86_64, PriceUSDPerHour: 1.0080, TrunkingCompatible: true, TrunkedAWSVPCTasks: 60},

	// r6a
	{Name: "r6a.large", VCPU: 2, MemoryMiB: 16384, MaxENIs: 3, IPv4PerENI: 10, Arch: ArchX86_64, PriceUSDPerHour: 0.1134, TrunkingCompatible: true, TrunkedAWSVPCTasks: 10},
	{Name: "r6a.xlarge", VCPU: 4, MemoryMiB: 32768, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchX86_64, PriceUSDPerHour: 0.2268, TrunkingCompatible: true, TrunkedAWSVPCTasks: 20},
	{Name: "r6a.2xlarge", VCPU: 8, MemoryMiB: 65536, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchX86_64, PriceUSDPerHour: 0.4536, TrunkingCompatible: true, TrunkedAWSVPCTasks: 40},
	{Name: "r6a.4xlarge", VCPU: 16, MemoryMiB: 131072, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchX86_64, PriceUSDPerHour: 0.9072, TrunkingCompatible: true, TrunkedAWSVPCTasks: 60},
	{Name: "r6a.8xlarge", VCPU: 32, MemoryMiB: 262144, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchX86_64, PriceUSDPerHour: 1.8144, TrunkingCompatible: true, TrunkedAWSVPCTasks: 90},
	{Name: "r6a.12xlarge", VCPU: 48, MemoryMiB: 393216, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchX86_64, PriceUSDPerHour: 2.7216, TrunkingCompatible: true, TrunkedAWSVPCTasks: 120},
	{Name: "r6a.16xlarge", VCPU: 64, MemoryMiB: 524288, MaxENIs: 15, IPv4PerENI: 50, Arch: ArchX86_64, PriceUSDPerHour: 3.6288, TrunkingCompatible: true, TrunkedAWSVPCTasks: 120},
	{Name: "r6a.24xlarge", VCPU: 96, MemoryMiB: 786432, MaxENIs: 15, IPv4PerENI: 50, Arch: ArchX86_64, PriceUSDPerHour: 5.4432, TrunkingCompatible: true, TrunkedAWSVPCTasks: 120},
	{Name: "r6a.32xlarge", VCPU: 128, MemoryMiB: 1048576, MaxENIs: 15, IPv4PerENI: 50, Arch: ArchX86_64, PriceUSDPerHour: 7.2576, TrunkingCompatible: true, TrunkedAWSVPCTasks: 120},
	{Name: "r6a.48xlarge", VCPU: 192, MemoryMiB: 1572864, MaxENIs: 15, IPv4PerENI: 50, Arch: ArchX86_64, PriceUSDPerHour: 10.8864, TrunkingCompatible: true, TrunkedAWSVPCTasks: 120},

	// r7i
	{Name: "r7i.large", VCPU: 2, MemoryMiB: 16384, MaxENIs: 3, IPv4PerENI: 10, Arch: ArchX86_64, PriceUSDPerHour: 0.1323, TrunkingCompatible: true},
	{Name: "r7i.xlarge", VCPU: 4, MemoryMiB: 32768, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchX86_64, PriceUSDPerHour: 0.2646, TrunkingCompatible: true},
	{Name: "r7i.2xlarge", VCPU: 8, MemoryMiB: 65536, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchX86_64, PriceUSDPerHour: 0.5292, TrunkingCompatible: true},
	{Name: "r7i.4xlarge", VCPU: 16, MemoryMiB: 131072, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchX86_64, PriceUSDPerHour: 1.0584, TrunkingCompatible: true},
	{Name: "r7i.8xlarge", VCPU: 32, MemoryMiB: 262144, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchX86_64, PriceUSDPerHour: 2.1168, TrunkingCompatible: true},
	{Name: "r7i.12xlarge", VCPU: 48, MemoryMiB: 393216, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchX86_64, PriceUSDPerHour: 3.1752, TrunkingCompatible: true},
	{Name: "r7i.16xlarge", VCPU: 64, MemoryMiB: 524288, MaxENIs: 15, IPv4PerENI: 50, Arch: ArchX86_64, PriceUSDPerHour: 4.2336, TrunkingCompatible: true},
	{Name: "r7i.24xlarge", VCPU: 96, MemoryMiB: 786432, MaxENIs: 15, IPv4PerENI: 50, Arch: ArchX86_64, PriceUSDPerHour: 6.3504, TrunkingCompatible: true},
	{Name: "r7i.48xlarge", VCPU: 192, MemoryMiB: 1572864, MaxENIs: 15, IPv4PerENI: 50, Arch: ArchX86_64, PriceUSDPerHour: 12.7008, TrunkingCompatible: true},

	// r6g
	{Name: "r6g.large", VCPU: 2, MemoryMiB: 16384, MaxENIs: 3, IPv4PerENI: 10, Arch: ArchARM64, PriceUSDPerHour: 0.1008, TrunkingCompatible: true, TrunkedAWSVPCTasks: 10},
	{Name: "r6g.xlarge", VCPU: 4, MemoryMiB: 32768, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchARM64, PriceUSDPerHour: 0.2016, TrunkingCompatible: true, TrunkedAWSVPCTasks: 20},
	{Name: "r6g.2xlarge", VCPU: 8, MemoryMiB: 65536, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchARM64, PriceUSDPerHour: 0.4032, TrunkingCompatible: true, TrunkedAWSVPCTasks: 40},

	// r7g
	{Name: "r7g.large", VCPU: 2, MemoryMiB: 16384, MaxENIs: 3, IPv4PerENI: 10, Arch: ArchARM64, PriceUSDPerHour: 0.1071, TrunkingCompatible: true, TrunkedAWSVPCTasks: 10},
	{Name: "r7g.xlarge", VCPU: 4, MemoryMiB: 32768, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchARM64, PriceUSDPerHour: 0.2142, TrunkingCompatible: true, TrunkedAWSVPCTasks: 20},
	{Name: "r7g.2xlarge", VCPU: 8, MemoryMiB: 65536, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchARM64, PriceUSDPerHour: 0.4284, TrunkingCompatible: true, TrunkedAWSVPCTasks: 40},
	{Name: "r7g.4xlarge", VCPU: 16, MemoryMiB: 131072, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchARM64, PriceUSDPerHour: 0.8568, TrunkingCompatible: true, TrunkedAWSVPCTasks: 60},
	{Name: "r7g.8xlarge", VCPU: 32, MemoryMiB: 262144, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchARM64, PriceUSDPerHour: 1.7136, TrunkingCompatible: true, TrunkedAWSVPCTasks: 60},
	{Name: "r7g.12xlarge", VCPU: 48, MemoryMiB: 393216, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchARM64, PriceUSDPerHour: 2.5704, TrunkingCompatible: true, TrunkedAWSVPCTasks: 60},
	{Name: "r7g.16xlarge", VCPU: 64, MemoryMiB: 524288, MaxENIs: 15, IPv4PerENI: 50, Arch: ArchARM64, PriceUSDPerHour: 3.4272, TrunkingCompatible: true, TrunkedAWSVPCTasks: 120},

	// g4dn
	{Name: "g4dn.xlarge", VCPU: 4, MemoryMiB: 16384, MaxENIs: 3, IPv4PerENI: 10, Arch: ArchX86_64, PriceUSDPerHour: 0.5260, GPUs: 1, GPUModel: "t4", GPUManufacturer: "nvidia", GPUMemoryMiB: 16384, TrunkingCompatible: true},
	{Name: "g4dn.2xlarge", VCPU: 8, MemoryMiB: 32768, MaxENIs: 3, IPv4PerENI: 10, Arch: ArchX86_64, PriceUSDPerHour: 0.7520, GPUs: 1, GPUModel: "t4", GPUManufacturer: "nvidia", GPUMemoryMiB: 16384, TrunkingCompatible: true},
	{Name: "g4dn.4xlarge", VCPU: 16, MemoryMiB: 65536, MaxENIs: 3, IPv4PerENI: 10, Arch: ArchX86_64, PriceUSDPerHour: 1.2040, GPUs: 1, GPUModel: "t4", GPUManufacturer: "nvidia", GPUMemoryMiB: 16384, TrunkingCompatible: true},
	{Name: "g4dn.8xlarge", VCPU: 32, MemoryMiB: 131072, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchX86_64, PriceUSDPerHour: 2.1760, GPUs: 1, GPUModel: "t4", GPUManufacturer: "nvidia", GPUMemoryMiB: 16384, TrunkingCompatible: true},
	{Name: "g4dn.12xlarge", VCPU: 48, MemoryMiB: 196608, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchX86_64, PriceUSDPerHour: 3.9120, GPUs: 4, GPUModel: "t4", GPUManufacturer: "nvidia", GPUMemoryMiB: 16384, TrunkingCompatible: true},
	{Name: "g4dn.16xlarge", VCPU: 64, MemoryMiB: 262144, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchX86_64, PriceUSDPerHour: 4.3520, GPUs: 1, GPUModel: "t4", GPUManufacturer: "nvidia", GPUMemoryMiB: 16384, TrunkingCompatible: true},
	{Name: "g4dn.metal", VCPU: 96, MemoryMiB: 393216, MaxENIs: 15, IPv4PerENI: 50, Arch: ArchX86_64, PriceUSDPerHour: 7.8240, GPUs: 8, GPUModel: "t4", GPUManufacturer: "nvidia", GPUMemoryMiB: 16384, TrunkingCompatible: true},

	// g5
	{Name: "g5.xlarge", VCPU: 4, MemoryMiB: 16384, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchX86_64, PriceUSDPerHour: 1.0060, GPUs: 1, GPUModel: "a10g", GPUManufacturer: "nvidia", GPUMemoryMiB: 22888, TrunkingCompatible: true, TrunkedAWSVPCTasks: 6},
	{Name: "g5.2xlarge", VCPU: 8, MemoryMiB: 32768, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchX86_64, PriceUSDPerHour: 1.2120, GPUs: 1, GPUModel: "a10g", GPUManufacturer: "nvidia", GPUMemoryMiB: 22888, TrunkingCompatible: true, TrunkedAWSVPCTasks: 19},
	{Name: "g5.4xlarge", VCPU: 16, MemoryMiB: 65536, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchX86_64, PriceUSDPerHour: 1.6240, GPUs: 1, GPUModel: "a10g", GPUManufacturer: "nvidia", GPUMemoryMiB: 22888, TrunkingCompatible: true, TrunkedAWSVPCTasks: 40},
	{Name: "g5.8xlarge", VCPU: 32, MemoryMiB: 131072, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchX86_64, PriceUSDPerHour: 2.4480, GPUs: 1, GPUModel: "a10g", GPUManufacturer: "nvidia", GPUMemoryMiB: 22888, TrunkingCompatible: true, TrunkedAWSVPCTasks: 90},
	{Name: "g5.12xlarge", VCPU: 48, MemoryMiB: 196608, MaxENIs: 15, IPv4PerENI: 50, Arch: ArchX86_64, PriceUSDPerHour: 5.6720, GPUs: 4, GPUModel: "a10g", GPUManufacturer: "nvidia", GPUMemoryMiB: 22888, TrunkingCompatible: true, TrunkedAWSVPCTasks: 120},
	{Name: "g5.16xlarge", VCPU: 64, MemoryMiB: 262144, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchX86_64, PriceUSDPerHour: 4.0960, GPUs: 1, GPUModel: "a10g", GPUManufacturer: "nvidia", GPUMemoryMiB: 22888, TrunkingCompatible: true, TrunkedAWSVPCTasks: 120},
	{Name: "g5.24xlarge", VCPU: 96, MemoryMiB: 393216, MaxENIs: 15, IPv4PerENI: 50, Arch: ArchX86_64, PriceUSDPerHour: 8.1440, GPUs: 4, GPUModel: "a10g", GPUManufacturer: "nvidia", GPUMemoryMiB: 22888, TrunkingCompatible: true, TrunkedAWSVPCTasks: 120},
	{Name: "g5.48xlarge", VCPU: 192, MemoryMiB: 786432, MaxENIs: 7, IPv4PerENI: 50, Arch: ArchX86_64, PriceUSDPerHour: 16.2880, GPUs: 8, GPUModel: "a10g", GPUManufacturer: "nvidia", GPUMemoryMiB: 22888, TrunkingCompatible: true, TrunkedAWSVPCTasks: 120},

	// g6
	{Name: "g6.xlarge", VCPU: 4, MemoryMiB: 16384, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchX86_64, PriceUSDPerHour: 0.8048, GPUs: 1, GPUModel: "l4", GPUManufacturer: "nvidia", GPUMemoryMiB: 22888, TrunkingCompatible: true},
	{Name: "g6.2xlarge", VCPU: 8, MemoryMiB: 32768, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchX86_64, PriceUSDPerHour: 0.9776, GPUs: 1, GPUModel: "l4", GPUManufacturer: "nvidia", GPUMemoryMiB: 22888, TrunkingCompatible: true},
	{Name: "g6.4xlarge", VCPU: 16, MemoryMiB: 65536, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchX86_64, PriceUSDPerHour: 1.3232, GPUs: 1, GPUModel: "l4", GPUManufacturer: "nvidia", GPUMemoryMiB: 22888, TrunkingCompatible: true},
	{Name: "g6.8xlarge", VCPU: 32, MemoryMiB: 131072, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchX86_64, PriceUSDPerHour: 2.0144, GPUs: 1, GPUModel: "l4", GPUManufacturer: "nvidia", GPUMemoryMiB: 22888, TrunkingCompatible: true},
	{Name: "g6.12xlarge", VCPU: 48, MemoryMiB: 196608, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchX86_64, PriceUSDPerHour: 4.6016, GPUs: 4, GPUModel: "l4", GPUManufacturer: "nvidia", GPUMemoryMiB: 22888, TrunkingCompatible: true},
	{Name: "g6.16xlarge", VCPU: 64, MemoryMiB: 262144, MaxENIs: 15, IPv4PerENI: 50, Arch: ArchX86_64, PriceUSDPerHour: 3.3968, GPUs: 1, GPUModel: "l4", GPUManufacturer: "nvidia", GPUMemoryMiB: 22888, TrunkingCompatible: true},
	{Name: "g6.24xlarge", VCPU: 96, MemoryMiB: 393216, MaxENIs: 15, IPv4PerENI: 50, Arch: ArchX86_64, PriceUSDPerHour: 6.6752, GPUs: 4, GPUModel: "l4", GPUManufacturer: "nvidia", GPUMemoryMiB: 22888, TrunkingCompatible: true},
	{Name: "g6.48xlarge", VCPU: 192, MemoryMiB: 786432, MaxENIs: 15, IPv4PerENI: 50, Arch: ArchX86_64, PriceUSDPerHour: 13.3504, GPUs: 8, GPUModel: "l4", GPUManufacturer: "nvidia", GPUMemoryMiB: 22888, TrunkingCompatible: true},

	// g6e
	{Name: "g6e.xlarge", VCPU: 4, MemoryMiB: 32768, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchX86_64, PriceUSDPerHour: 1.8610, GPUs: 1, GPUModel: "l40s", GPUManufacturer: "nvidia", GPUMemoryMiB: 45776, TrunkingCompatible: true},
	{Name: "g6e.2xlarge", VCPU: 8, MemoryMiB: 65536, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchX86_64, PriceUSDPerHour: 2.24208, GPUs: 1, GPUModel: "l40s", GPUManufacturer: "nvidia", GPUMemoryMiB: 45776, TrunkingCompatible: true},
	{Name: "g6e.4xlarge", VCPU: 16, MemoryMiB: 131072, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchX86_64, PriceUSDPerHour: 3.00424, GPUs: 1, GPUModel: "l40s", GPUManufacturer: "nvidia", GPUMemoryMiB: 45776, TrunkingCompatible: true},
	{Name: "g6e.8xlarge", VCPU: 32, MemoryMiB: 262144, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchX86_64, PriceUSDPerHour: 4.52856, GPUs: 1, GPUModel: "l40s", GPUManufacturer: "nvidia", GPUMemoryMiB: 45776, TrunkingCompatible: true},
	{Name: "g6e.12xlarge", VCPU: 48, MemoryMiB: 393216, MaxENIs: 10, IPv4PerENI: 30, Arch: ArchX86_64, PriceUSDPerHour: 10.49264, GPUs: 4, GPUModel: "l40s", GPUManufacturer: "nvidia", GPUMemoryMiB: 45776, TrunkingCompatible: true},
	{Name: "g6e.16xlarge", VCPU: 64, MemoryMiB: 524288, MaxENIs: 15, IPv4PerENI: 50, Arch: ArchX86_64, PriceUSDPerHour: 7.57719, GPUs: 1, GPUModel: "l40s", GPUManufacturer: "nvidia", GPUMemoryMiB: 45776, TrunkingCompatible: true},
	{Name: "g6e.24xlarge", VCPU: 96, MemoryMiB: 786432, MaxENIs: 20, IPv4PerENI: 50, NetworkCards: 2, Arch: ArchX86_64, PriceUSDPerHour: 15.06559, GPUs: 4, GPUModel: "l40s", GPUManufacturer: "nvidia", GPUMemoryMiB: 45776, TrunkingCompatible: true},
	{Name: "g6e.48xlarge", VCPU: 192, MemoryMiB: 1572864, MaxENIs: 40, IPv4PerENI: 50, NetworkCards: 4, Arch: ArchX86_64, PriceUSDPerHour: 30.13118, GPUs: 8, GPUModel: "l40s", GPUManufacturer: "nvidia", GPUMemoryMiB: 45776, TrunkingCompatible: true},

	// p3
	{Name: "p3.2xlarge", VCPU: 8, MemoryMiB: 62464, MaxENIs: 4, IPv4PerENI: 15, Arch: ArchX86_64, PriceUSDPerHour: 3.0600, GPUs: 1, GPUModel: "v100", GPUManufacturer: "nvidia", GPUMemoryMiB: 16384, TrunkedAWSVPCTasks: 40},
	{Name: "p3.8xlarge", VCPU: 32, MemoryMiB: 249856, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchX86_64, PriceUSDPerHour: 12.2400, GPUs: 4, GPUModel: "v100", GPUManufacturer: "nvidia", GPUMemoryMiB: 16384, TrunkedAWSVPCTasks: 60},
	{Name: "p3.16xlarge", VCPU: 64, MemoryMiB: 499712, MaxENIs: 8, IPv4PerENI: 30, Arch: ArchX86_64, PriceUSDPerHour: 24.4800, GPUs: 8, GPUModel: "v100", GPUManufacturer: "nvidia", GPUMemoryMiB: 16384, TrunkedAWSVPCTasks: 120},

	// p4d
	{Name: "p4d.24xlarge", VCPU: 96, MemoryMiB: 1179648, MaxENIs: 60, IPv4PerENI: 50, NetworkCards: 4, Arch: ArchX86_64, PriceUSDPerHour: 21.957642, GPUs: 8, GPUModel: "a100", GPUManufacturer: "nvidia", GPUMemoryMiB: 40960, TrunkingCompatible: true, TrunkedAWSVPCTasks: 120},

	// p5
	{Name: "p5.4xlarge", VCPU: 16, MemoryMiB: 262144, MaxENIs: 4, IPv4PerENI: 30, Arch: ArchX86_64, PriceUSDPerHour: 6.8800, GPUs: 1, GPUModel: "h100", GPUManufacturer: "nvidia", GPUMemoryMiB: 81920, TrunkingCompatible: true},
	{Name: "p5.48xlarge", VCPU: 192, MemoryMiB: 2097152, MaxENIs: 64, IPv4PerENI: 50, NetworkCards: 32, Arch: ArchX86_64, PriceUSDPerHour: 55.0400, GPUs: 8, GPUModel: "h100", GPUManufacturer: "nvidia", GPUMemoryMiB: 81920, TrunkingCompatible: true},
}
