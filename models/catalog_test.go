package models

import (
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/internal/refdata"
)

// printCatalog makes TestCatalogMatchesReferenceData print the catalog as the reference data
// gives it, as Go, to paste into catalog.go when the data is extended: the catalog's
// generator, which reads the files where they are and never copies them into the project.
var printCatalog = flag.Bool("print-catalog", false, "print the catalog's Go table from the reference data")

// TestCatalogMatchesReferenceData checks every field of every catalog entry against the
// reference CSVs, ec2-instance-types.csv and ecs-awsvpc-task-limits.csv, and that the catalog
// holds every row in the files' order, without the project ever holding a copy of them.
func TestCatalogMatchesReferenceData(t *testing.T) {
	types := readCSV(t, "ec2-instance-types.csv")
	limits := readCSV(t, "ecs-awsvpc-task-limits.csv")
	if len(types) != len(limits) {
		t.Fatalf("the reference files have %d and %d rows", len(types), len(limits))
	}
	var want []InstanceType
	for i, r := range types {
		w := referenceType(t, r, limits[i])
		want = append(want, w)
		if l := limits[i]; l[2] != "" && atoi(t, l[2]) != w.AWSVPCTaskLimit() {
			t.Errorf("%s: the ECS doc gives %s awsvpc tasks without trunking, max ENIs − 1 is %d", w.Name, l[2], w.AWSVPCTaskLimit())
		}
	}
	if *printCatalog {
		fmt.Print(catalogSource(want))
	}
	got := make([]InstanceType, 0, len(catalog))
	for _, typ := range InstanceTypes() {
		got = append(got, *typ)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the catalog differs from the reference data (-csv +catalog); go test ./models -run TestCatalogMatchesReferenceData -args -print-catalog prints it anew:\n%s", diff)
	}
}

// readCSV reads the rows of a reference file, its header left out.
func readCSV(t *testing.T, name string) [][]string {
	t.Helper()
	f, err := os.Open(refdata.File(t, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows[1:]
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("%q is not a whole number", s)
	}
	return n
}

// referenceType is the catalog entry a row of ec2-instance-types.csv (columns instance_type,
// vcpu, memory_mib, max_enis, arch, ondemand_usd_per_hour_us_east_1, ipv4_per_eni,
// gpu_count, gpu_name, gpu_manufacturer, gpu_memory_mib, trunking_compatible,
// branch_interfaces) and its row of ecs-awsvpc-task-limits.csv (instance_type, from ENIs,
// ECS doc without trunking, ECS doc with trunking) make. branch_interfaces is not ECS's
// limit (SOURCES.md), so the catalog leaves it out.
func referenceType(t *testing.T, r, l []string) InstanceType {
	t.Helper()
	if r[0] != l[0] {
		t.Fatalf("the reference files' rows disagree: %s and %s", r[0], l[0])
	}
	price, err := strconv.ParseFloat(r[5], 64)
	if err != nil {
		t.Fatal(err)
	}
	w := InstanceType{Name: r[0], VCPU: atoi(t, r[1]), MemoryMiB: int64(atoi(t, r[2])), MaxENIs: atoi(t, r[3]),
		IPv4PerENI: atoi(t, r[6]), Arch: Arch(r[4]), PriceUSDPerHour: price,
		GPUs: atoi(t, r[7]), GPUModel: r[8], GPUManufacturer: r[9], GPUMemoryMiB: int64(atoi(t, r[10])),
		TrunkingCompatible: r[11] == "true"}
	if r[11] != "true" && r[11] != "false" {
		t.Fatalf("%s: trunking_compatible %q", r[0], r[11])
	}
	if atoi(t, l[1]) != w.AWSVPCTaskLimit() {
		t.Errorf("%s: %s tasks from ENIs, max ENIs − 1 is %d", w.Name, l[1], w.AWSVPCTaskLimit())
	}
	if l[3] != "" {
		w.TrunkedAWSVPCTasks = atoi(t, l[3])
	}
	w.NetworkCards = referenceNetworkCards[w.Name]
	return w
}

// referenceNetworkCards are the network cards of the reference data's multi-card types, which
// its CSV columns do not carry: SOURCES.md's notes on the 2026-12-05 extension ("Cards per
// type"), from the same VPC limits. Every other type has one card (NetworkCards 0).
var referenceNetworkCards = map[string]int{"g6e.24xlarge": 2, "g6e.48xlarge": 4, "p4d.24xlarge": 4, "p5.48xlarge": 32}

// catalogSource writes types as catalog.go's table, a comment before each family.
func catalogSource(types []InstanceType) string {
	var b strings.Builder
	family := ""
	for _, w := range types {
		if f, _, _ := strings.Cut(w.Name, "."); f != family {
			family = f
			fmt.Fprintf(&b, "\n\t// %s\n", f)
		}
		fmt.Fprintf(&b, "\t{Name: %q, VCPU: %d, MemoryMiB: %d, MaxENIs: %d, IPv4PerENI: %d, ", w.Name, w.VCPU, w.MemoryMiB, w.MaxENIs, w.IPv4PerENI)
		if w.NetworkCards > 0 {
			fmt.Fprintf(&b, "NetworkCards: %d, ", w.NetworkCards)
		}
		fmt.Fprintf(&b, "Arch: %s, PriceUSDPerHour: %s", map[Arch]string{ArchX86_64: "ArchX86_64", ArchARM64: "ArchARM64"}[w.Arch],
			priceLiteral(w.PriceUSDPerHour))
		if w.GPUs > 0 {
			fmt.Fprintf(&b, ", GPUs: %d, GPUModel: %q, GPUManufacturer: %q, GPUMemoryMiB: %d", w.GPUs, w.GPUModel, w.GPUManufacturer, w.GPUMemoryMiB)
		}
		if w.TrunkingCompatible {
			b.WriteString(", TrunkingCompatible: true")
		}
		if w.TrunkedAWSVPCTasks > 0 {
			fmt.Fprintf(&b, ", TrunkedAWSVPCTasks: %d", w.TrunkedAWSVPCTasks)
		}
		b.WriteString("},\n")
	}
	return b.String()
}

// priceLiteral writes a price with at least four decimals, as the reference data does.
func priceLiteral(p float64) string {
	s := strconv.FormatFloat(p, 'f', -1, 64)
	if _, frac, _ := strings.Cut(s, "."); len(frac) < 4 {
		s = strconv.FormatFloat(p, 'f', 4, 64)
	}
	return s
}

func TestLookupInstanceType(t *testing.T) {
	got, ok := LookupInstanceType("m6i.xlarge")
	if !ok || got.VCPU != 4 || got.MemoryMiB != 16384 || got.MaxENIs != 4 || got.PriceUSDPerHour != 0.192 {
		t.Errorf("LookupInstanceType(m6i.xlarge) = %+v, %v", got, ok)
	}
	if _, ok := LookupInstanceType("m6i.huge"); ok {
		t.Error("LookupInstanceType found a type that does not exist")
	}
}

func TestInstanceTypeAccounting(t *testing.T) {
	tests := []struct {
		typ      string
		cpu      int64
		memTotal int64
		awsvpc   int
	}{
		// DG/memory-management: an 8 GiB m4.large registers 7985 MiB; m5.large is 8 GiB too.
		{"m5.large", 2 * 1024, 7985, 2},
		// 16384 × 7985 / 8192 = 15970; 4 ENIs − the primary = 3 awsvpc tasks (DG table: 3).
		{"m6i.xlarge", 4 * 1024, 15970, 3},
		// 1024 × 7985 / 8192 = 998.1 → 998; 2 ENIs → 1 awsvpc task.
		{"t3.micro", 2 * 1024, 998, 1},
		// 65536 × 7985 / 8192 = 63880; 8 ENIs → 7 (DG table: c5/m5/m6i .4xlarge 7).
		{"m5.4xlarge", 16 * 1024, 63880, 7},
	}
	for _, tc := range tests {
		typ, _ := LookupInstanceType(tc.typ)
		got := []any{typ.RegisteredCPU(), typ.MemTotalMiB(), typ.AWSVPCTaskLimit()}
		if diff := cmp.Diff([]any{tc.cpu, tc.memTotal, tc.awsvpc}, got); diff != "" {
			t.Errorf("%s: CPU, MemTotal, awsvpc tasks (-want +got):\n%s", tc.typ, diff)
		}
	}
}
