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

// InstanceType is one EC2 instance type: its size, network limit and price.
type InstanceType struct {
	Name            string
	VCPU            int
	MemoryMiB       int64 // nominal memory
	MaxENIs         int   // network interfaces, the primary one included
	Arch            Arch
	PriceUSDPerHour float64 // us-east-1, Linux, on-demand

	// Listed is set for a node of a node list (a trace's machines) rather than a catalog type:
	// its instances register these CPU units and this memory as listed, with no derivation.
	Listed Resources
	// GPUs and GPUModel are a listed node's GPUs: its instances register the GPUs
	// (Resources.GPUs), but no task asks for one yet, so no placement filter reads them.
	GPUs     int
	GPUModel string
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

// catalog lists the instance types ecssim knows, as facts.
//
// Source: vCPU, memory and architecture from the Karpenter AWS provider's instance-type
// reference (aws/karpenter-provider-aws @ 1d927085, website/content/en/preview/reference/
// instance-types.md, 2026-08-21); ENI limits from its generated VPC limits
// (pkg/providers/instancetype/zz_generated.vpclimits.go, generated 2026-08-06); prices are
// AWS's us-east-1 Linux on-demand list prices from its generated pricing table
// (pkg/providers/pricing/zz_generated.pricing_aws.go, generated 2026-07-20). Collected
// 2026-11-24. A test checks every entry against ../shared/data/ec2-instance-types.csv.
var catalog = []InstanceType{

	// t3
	{Name: "t3.micro", VCPU: 2, MemoryMiB: 1024, MaxENIs: 2, Arch: ArchX86_64, PriceUSDPerHour: 0.0104},
	{Name: "t3.small", VCPU: 2, MemoryMiB: 2048, MaxENIs: 3, Arch: ArchX86_64, PriceUSDPerHour: 0.0208},
	{Name: "t3.medium", VCPU: 2, MemoryMiB: 4096, MaxENIs: 3, Arch: ArchX86_64, PriceUSDPerHour: 0.0416},
	{Name: "t3.large", VCPU: 2, MemoryMiB: 8192, MaxENIs: 3, Arch: ArchX86_64, PriceUSDPerHour: 0.0832},
	{Name: "t3.xlarge", VCPU: 4, MemoryMiB: 16384, MaxENIs: 4, Arch: ArchX86_64, PriceUSDPerHour: 0.1664},
	{Name: "t3.2xlarge", VCPU: 8, MemoryMiB: 32768, MaxENIs: 4, Arch: ArchX86_64, PriceUSDPerHour: 0.3328},

	// m5
	{Name: "m5.large", VCPU: 2, MemoryMiB: 8192, MaxENIs: 3, Arch: ArchX86_64, PriceUSDPerHour: 0.0960},
	{Name: "m5.xlarge", VCPU: 4, MemoryMiB: 16384, MaxENIs: 4, Arch: ArchX86_64, PriceUSDPerHour: 0.1920},
	{Name: "m5.2xlarge", VCPU: 8, MemoryMiB: 32768, MaxENIs: 4, Arch: ArchX86_64, PriceUSDPerHour: 0.3840},
	{Name: "m5.4xlarge", VCPU: 16, MemoryMiB: 65536, MaxENIs: 8, Arch: ArchX86_64, PriceUSDPerHour: 0.7680},
	{Name: "m5.12xlarge", VCPU: 48, MemoryMiB: 196608, MaxENIs: 8, Arch: ArchX86_64, PriceUSDPerHour: 2.3040},

	// m6i
	{Name: "m6i.large", VCPU: 2, MemoryMiB: 8192, MaxENIs: 3, Arch: ArchX86_64, PriceUSDPerHour: 0.0960},
	{Name: "m6i.xlarge", VCPU: 4, MemoryMiB: 16384, MaxENIs: 4, Arch: ArchX86_64, PriceUSDPerHour: 0.1920},
	{Name: "m6i.2xlarge", VCPU: 8, MemoryMiB: 32768, MaxENIs: 4, Arch: ArchX86_64, PriceUSDPerHour: 0.3840},
	{Name: "m6i.4xlarge", VCPU: 16, MemoryMiB: 65536, MaxENIs: 8, Arch: ArchX86_64, PriceUSDPerHour: 0.7680},
	{Name: "m6i.8xlarge", VCPU: 32, MemoryMiB: 131072, MaxENIs: 8, Arch: ArchX86_64, PriceUSDPerHour: 1.5360},

	// m7i
	{Name: "m7i.large", VCPU: 2, MemoryMiB: 8192, MaxENIs: 3, Arch: ArchX86_64, PriceUSDPerHour: 0.1008},
	{Name: "m7i.xlarge", VCPU: 4, MemoryMiB: 16384, MaxENIs: 4, Arch: ArchX86_64, PriceUSDPerHour: 0.2016},
	{Name: "m7i.2xlarge", VCPU: 8, MemoryMiB: 32768, MaxENIs: 4, Arch: ArchX86_64, PriceUSDPerHour: 0.4032},

	// m6g
	{Name: "m6g.medium", VCPU: 1, MemoryMiB: 4096, MaxENIs: 2, Arch: ArchARM64, PriceUSDPerHour: 0.0385},
	{Name: "m6g.large", VCPU: 2, MemoryMiB: 8192, MaxENIs: 3, Arch: ArchARM64, PriceUSDPerHour: 0.0770},
	{Name: "m6g.xlarge", VCPU: 4, MemoryMiB: 16384, MaxENIs: 4, Arch: ArchARM64, PriceUSDPerHour: 0.1540},
	{Name: "m6g.2xlarge", VCPU: 8, MemoryMiB: 32768, MaxENIs: 4, Arch: ArchARM64, PriceUSDPerHour: 0.3080},
	{Name: "m6g.4xlarge", VCPU: 16, MemoryMiB: 65536, MaxENIs: 8, Arch: ArchARM64, PriceUSDPerHour: 0.6160},

	// m7g
	{Name: "m7g.medium", VCPU: 1, MemoryMiB: 4096, MaxENIs: 2, Arch: ArchARM64, PriceUSDPerHour: 0.0408},
	{Name: "m7g.large", VCPU: 2, MemoryMiB: 8192, MaxENIs: 3, Arch: ArchARM64, PriceUSDPerHour: 0.0816},
	{Name: "m7g.xlarge", VCPU: 4, MemoryMiB: 16384, MaxENIs: 4, Arch: ArchARM64, PriceUSDPerHour: 0.1632},
	{Name: "m7g.2xlarge", VCPU: 8, MemoryMiB: 32768, MaxENIs: 4, Arch: ArchARM64, PriceUSDPerHour: 0.3264},
	{Name: "m7g.4xlarge", VCPU: 16, MemoryMiB: 65536, MaxENIs: 8, Arch: ArchARM64, PriceUSDPerHour: 0.6528},

	// c5
	{Name: "c5.large", VCPU: 2, MemoryMiB: 4096, MaxENIs: 3, Arch: ArchX86_64, PriceUSDPerHour: 0.0850},
	{Name: "c5.xlarge", VCPU: 4, MemoryMiB: 8192, MaxENIs: 4, Arch: ArchX86_64, PriceUSDPerHour: 0.1700},
	{Name: "c5.2xlarge", VCPU: 8, MemoryMiB: 16384, MaxENIs: 4, Arch: ArchX86_64, PriceUSDPerHour: 0.3400},
	{Name: "c5.4xlarge", VCPU: 16, MemoryMiB: 32768, MaxENIs: 8, Arch: ArchX86_64, PriceUSDPerHour: 0.6800},
	{Name: "c5.9xlarge", VCPU: 36, MemoryMiB: 73728, MaxENIs: 8, Arch: ArchX86_64, PriceUSDPerHour: 1.5300},

	// c6i
	{Name: "c6i.large", VCPU: 2, MemoryMiB: 4096, MaxENIs: 3, Arch: ArchX86_64, PriceUSDPerHour: 0.0850},
	{Name: "c6i.xlarge", VCPU: 4, MemoryMiB: 8192, MaxENIs: 4, Arch: ArchX86_64, PriceUSDPerHour: 0.1700},
	{Name: "c6i.2xlarge", VCPU: 8, MemoryMiB: 16384, MaxENIs: 4, Arch: ArchX86_64, PriceUSDPerHour: 0.3400},
	{Name: "c6i.4xlarge", VCPU: 16, MemoryMiB: 32768, MaxENIs: 8, Arch: ArchX86_64, PriceUSDPerHour: 0.6800},

	// c6g
	{Name: "c6g.large", VCPU: 2, MemoryMiB: 4096, MaxENIs: 3, Arch: ArchARM64, PriceUSDPerHour: 0.0680},
	{Name: "c6g.xlarge", VCPU: 4, MemoryMiB: 8192, MaxENIs: 4, Arch: ArchARM64, PriceUSDPerHour: 0.1360},
	{Name: "c6g.2xlarge", VCPU: 8, MemoryMiB: 16384, MaxENIs: 4, Arch: ArchARM64, PriceUSDPerHour: 0.2720},
	{Name: "c6g.4xlarge", VCPU: 16, MemoryMiB: 32768, MaxENIs: 8, Arch: ArchARM64, PriceUSDPerHour: 0.5440},

	// c7g
	{Name: "c7g.large", VCPU: 2, MemoryMiB: 4096, MaxENIs: 3, Arch: ArchARM64, PriceUSDPerHour: 0.0725},
	{Name: "c7g.xlarge", VCPU: 4, MemoryMiB: 8192, MaxENIs: 4, Arch: ArchARM64, PriceUSDPerHour: 0.1450},
	{Name: "c7g.2xlarge", VCPU: 8, MemoryMiB: 16384, MaxENIs: 4, Arch: ArchARM64, PriceUSDPerHour: 0.2900},
	{Name: "c7g.4xlarge", VCPU: 16, MemoryMiB: 32768, MaxENIs: 8, Arch: ArchARM64, PriceUSDPerHour: 0.5800},

	// r5
	{Name: "r5.large", VCPU: 2, MemoryMiB: 16384, MaxENIs: 3, Arch: ArchX86_64, PriceUSDPerHour: 0.1260},
	{Name: "r5.xlarge", VCPU: 4, MemoryMiB: 32768, MaxENIs: 4, Arch: ArchX86_64, PriceUSDPerHour: 0.2520},
	{Name: "r5.2xlarge", VCPU: 8, MemoryMiB: 65536, MaxENIs: 4, Arch: ArchX86_64, PriceUSDPerHour: 0.5040},
	{Name: "r5.4xlarge", VCPU: 16, MemoryMiB: 131072, MaxENIs: 8, Arch: ArchX86_64, PriceUSDPerHour: 1.0080},

	// r6i
	{Name: "r6i.large", VCPU: 2, MemoryMiB: 16384, MaxENIs: 3, Arch: ArchX86_64, PriceUSDPerHour: 0.1260},
	{Name: "r6i.xlarge", VCPU: 4, MemoryMiB: 32768, MaxENIs: 4, Arch: ArchX86_64, PriceUSDPerHour: 0.2520},
	{Name: "r6i.2xlarge", VCPU: 8, MemoryMiB: 65536, MaxENIs: 4, Arch: ArchX86_64, PriceUSDPerHour: 0.5040},
	{Name: "r6i.4xlarge", VCPU: 16, MemoryMiB: 131072, MaxENIs: 8, Arch: ArchX86_64, PriceUSDPerHour: 1.0080},

	// r6g
	{Name: "r6g.large", VCPU: 2, MemoryMiB: 16384, MaxENIs: 3, Arch: ArchARM64, PriceUSDPerHour: 0.1008},
	{Name: "r6g.xlarge", VCPU: 4, MemoryMiB: 32768, MaxENIs: 4, Arch: ArchARM64, PriceUSDPerHour: 0.2016},
	{Name: "r6g.2xlarge", VCPU: 8, MemoryMiB: 65536, MaxENIs: 4, Arch: ArchARM64, PriceUSDPerHour: 0.4032},
}
