package models

import (
	"encoding/csv"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/internal/refdata"
)

// TestCatalogMatchesReferenceData checks every catalog entry against the reference CSV, field
// by field, without the project ever holding a copy of the file.
func TestCatalogMatchesReferenceData(t *testing.T) {
	f, err := os.Open(refdata.File(t, "ec2-instance-types.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]InstanceType{}
	for _, r := range rows[1:] {
		vcpu, _ := strconv.Atoi(r[1])
		mem, _ := strconv.ParseInt(r[2], 10, 64)
		enis, _ := strconv.Atoi(r[3])
		price, _ := strconv.ParseFloat(r[5], 64)
		want[r[0]] = InstanceType{Name: r[0], VCPU: vcpu, MemoryMiB: mem, MaxENIs: enis, Arch: Arch(r[4]), PriceUSDPerHour: price}
	}
	families := map[string]int{}
	for _, got := range InstanceTypes() {
		w, ok := want[got.Name]
		if !ok {
			t.Errorf("%s is in the catalog but not in the reference data", got.Name)
			continue
		}
		if diff := cmp.Diff(w, *got); diff != "" {
			t.Errorf("%s differs from the reference data (-csv +catalog):\n%s", got.Name, diff)
		}
		families[strings.Split(got.Name, ".")[0]]++
	}
	if n := len(InstanceTypes()); n < 40 {
		t.Errorf("catalog has %d types, want at least 40", n)
	}
	for _, fam := range []string{"t3", "m5", "m6i", "m6g", "m7g", "c5", "c6i", "r5", "r6i"} {
		if families[fam] == 0 {
			t.Errorf("catalog has no %s types", fam)
		}
	}
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
