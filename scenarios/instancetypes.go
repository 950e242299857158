package scenarios

import (
	"fmt"

	"github.com/ecssim/ecssim/models"
)

// Declared instance types: a scenario may declare, in [[instance_types]], types the catalog
// lacks (a newer family, or a type ecssim does not list), sized as ECS registered them: the CPU
// units and memory of describe-container-instances' registeredResources. Their instances
// register those figures as given, as a node list's do (models.InstanceType.Listed), less
// the agent's reserved_memory; ecssim import writes one for each type of the JSON the catalog
// lacks. A declared type is named like a catalog type in instance groups, Auto Scaling groups
// and [pricing] instance_prices; a catalog name cannot be declared again.

// instanceTypeFile is one [[instance_types]] table.
type instanceTypeFile struct {
	Name    str     `toml:"name"`
	CPU     integer `toml:"cpu"`
	Memory  integer `toml:"memory"`
	MaxENIs integer `toml:"max_enis"`
	Arch    str     `toml:"arch"`
	Price   number  `toml:"price_usd_per_hour"`
}

// declaredTypes reads the [[instance_types]] tables into sc.InstanceTypes.
func (c *checker) declaredTypes(types []instanceTypeFile, sc *Scenario) {
	names := map[string]string{}
	for i := range types {
		f := &types[i]
		p := fmt.Sprintf("instance_types[%d]", i)
		t := &models.InstanceType{Arch: models.ArchX86_64}
		switch {
		case !typed(c, p+".name", f.Name):
			c.missing(p, "name")
		case !attrValueRE.MatchString(f.Name.v):
			c.bad(p+".name", "an instance type's name becomes the ecs.instance-type attribute: 1-128 letters, digits and _./@: -")
		default:
			if _, ok := models.LookupInstanceType(f.Name.v); ok {
				c.bad(p+".name", "%s is in ecssim's catalog (ecssim instance-types): use it as it is", f.Name.v)
			}
			t.Name = f.Name.v
			c.unique(names, p+".name", "instance type", t.Name)
		}
		if n, ok := c.intIn(p+".cpu", f.CPU, 1, 1<<30); ok {
			t.Listed.CPU, t.VCPU = n, int((n+1023)/1024)
		} else if !f.CPU.set {
			c.missing(p, "cpu")
		}
		if n, ok := c.intIn(p+".memory", f.Memory, 1, 1<<40); ok {
			t.Listed.MemoryMiB, t.MemoryMiB = n, n
		} else if !f.Memory.set {
			c.missing(p, "memory")
		}
		if n, ok := c.intIn(p+".max_enis", f.MaxENIs, 0, 1000); ok {
			t.MaxENIs = int(n)
		}
		if a, ok := c.oneOf(p+".arch", f.Arch, string(models.ArchX86_64), string(models.ArchARM64)); ok {
			t.Arch = models.Arch(a)
		}
		if x, ok := c.number(p+".price_usd_per_hour", f.Price, 0, 1e6, false); ok {
			t.PriceUSDPerHour = x
		}
		sc.InstanceTypes = append(sc.InstanceTypes, t)
	}
}

// lookupType finds an instance type by name: one the scenario declares, else the catalog's.
func lookupType(sc *Scenario, name string) (*models.InstanceType, bool) {
	for _, t := range sc.InstanceTypes {
		if t.Name == name {
			return t, true
		}
	}
	return models.LookupInstanceType(name)
}
