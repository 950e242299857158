package scenarios

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/models"
)

// TestDeclaredInstanceTypes declares a type the catalog lacks, sized as ECS registered it, and
// uses it in an instance group, an Auto Scaling group and [pricing]: its instances register
// the CPU units and memory given (less reserved_memory), and the awsvpc tasks of max_enis − 1.
func TestDeclaredInstanceTypes(t *testing.T) {
	src := `duration = "1h"
[[instance_types]]
name = "m8g.large"
cpu = 2048
memory = 7800
max_enis = 3
arch = "arm64"
price_usd_per_hour = 0.09
[[instance_groups]]
type = "m8g.large"
count = 1
agent = { reserved_memory = 100 }
[[capacity_providers]]
name = "asg"
[capacity_providers.auto_scaling_group]
instance_types = ["m8g.large", "m7g.large"]
max_size = 2
[pricing]
instance_prices = { "m8g.large" = 0.08 }
`
	sc, err := Load([]byte(src), "declared.toml")
	if err != nil {
		t.Fatal(err)
	}
	typ := sc.InstanceGroups[0].Type
	if typ != sc.InstanceTypes[0] || sc.CapacityProviders[0].ASG.InstanceTypes[0] != typ {
		t.Errorf("the groups do not use the declared type")
	}
	want := models.InstanceType{Name: "m8g.large", VCPU: 2, MemoryMiB: 7800, MaxENIs: 3, Arch: models.ArchARM64, PriceUSDPerHour: 0.09,
		Listed: models.Resources{CPU: 2048, MemoryMiB: 7800}}
	if diff := cmp.Diff(want, *typ); diff != "" {
		t.Errorf("declared type (-want +got):\n%s", diff)
	}
	run, err := runChecked(t, sc)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := run.Sim.Cluster.Instances()[0].Registered, (models.Resources{CPU: 2048, MemoryMiB: 7700, ENIs: 2}); got != want {
		t.Errorf("registered %+v, want %+v", got, want)
	}
}

// TestDeclaredInstanceTypeProblems: a declared type needs a name the catalog lacks, its CPU
// and memory; bad values are positioned problems.
func TestDeclaredInstanceTypeProblems(t *testing.T) {
	src := `duration = "1h"
[[instance_types]]
name = "m5.large"
cpu = 2048
memory = 7985
[[instance_types]]
name = "x1.big"
arch = "sparc"
max_enis = -1
[[instance_types]]
name = "x1.big"
cpu = 1024
memory = 1024
`
	_, err := Load([]byte(src), "bad.toml")
	want := []string{
		`bad.toml:3:8: instance_types[0].name: m5.large is in ecssim's catalog (ecssim instance-types): use it as it is`,
		`bad.toml:6:3: instance_types[1].cpu: required, but missing`,
		`bad.toml:6:3: instance_types[1].memory: required, but missing`,
		`bad.toml:8:8: instance_types[1].arch: want x86_64 or arm64, got "sparc"`,
		`bad.toml:9:12: instance_types[1].max_enis: must be between 0 and 1000, got -1`,
		`bad.toml:11:8: instance_types[2].name: instance type "x1.big" is already defined on line 7`,
	}
	if diff := cmp.Diff(want, problemLines(t, err)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}
