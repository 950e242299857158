package scenarios

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/scenarios/tracefile"
)

// Node lists: an instance group may list its instances one by one, as a trace's machine list
// gives them, instead of a catalog type and a count. The one format, "openb", is read by
// package tracefile (Table.Nodes). A node's CPU is registered at 1024 CPU units a core (ECS's
// rule for an instance's vCPUs); its memory as listed, less the agent's reserved memory; gpu
// and model become the instance type's GPUs and GPU model, and the custom attributes gpu and
// gpu_model, which memberOf constraints may name (a trace's gpu_spec does). Instance i-0001 is the first row.

// nodeAttributes are the custom attributes a node list adds to each instance.
const (
	attrGPU      = models.AttrGPUCount
	attrGPUModel = models.AttrGPUModel
)

// listedNode is one node list row: its type and the attributes it adds.
type listedNode struct {
	typ   *models.InstanceType
	attrs []models.Attribute
}

// nodeList reads the node list the string at p.nodes names. Identical rows share one
// *models.InstanceType, named after its size ("node-32vcpu-256gib", "node-96vcpu-384gib-8gpu-G2").
func (c *checker) nodeList(p string, f *instanceGroupFile) []listedNode {
	if _, ok := c.oneOf(p+".nodes_format", f.NodesFormat, "openb"); !ok && f.NodesFormat.set {
		return nil
	}
	t, done, ok := c.openCSV(p+".nodes", f.Nodes.v)
	if !ok {
		return nil
	}
	defer done()
	nodes, ok := t.Nodes(attrValueRE.MatchString)
	if !ok {
		return nil
	}
	types := map[tracefile.Node]listedNode{}
	out := make([]listedNode, 0, len(nodes))
	for _, s := range nodes {
		n, ok := types[s]
		if !ok {
			n = listedNode{typ: &models.InstanceType{
				Name: nodeTypeName(s.CPU, s.MemoryMiB, s.GPUs, s.Model), VCPU: int(s.CPU / 1024), MemoryMiB: s.MemoryMiB,
				Arch: models.ArchX86_64, Listed: models.Resources{CPU: s.CPU, MemoryMiB: s.MemoryMiB}, GPUs: s.GPUs, GPUModel: s.Model,
			}}
			n.attrs = []models.Attribute{{Name: attrGPU, Value: strconv.Itoa(s.GPUs)}}
			if s.Model != "" {
				n.attrs = append(n.attrs, models.Attribute{Name: attrGPUModel, Value: s.Model})
			}
			types[s] = n
		}
		out = append(out, n)
	}
	return out
}

// nodeTypeName names a listed node's size: whole vCPUs and GiB where they are whole.
func nodeTypeName(cpu, mem int64, gpus int, model string) string {
	var b strings.Builder
	b.WriteString("node-")
	if cpu%1024 == 0 {
		fmt.Fprintf(&b, "%dvcpu", cpu/1024)
	} else {
		fmt.Fprintf(&b, "%dcpu-units", cpu)
	}
	if mem%1024 == 0 {
		fmt.Fprintf(&b, "-%dgib", mem/1024)
	} else {
		fmt.Fprintf(&b, "-%dmib", mem)
	}
	if gpus > 0 {
		fmt.Fprintf(&b, "-%dgpu", gpus)
	}
	if model != "" {
		b.WriteString("-" + strings.ReplaceAll(model, " ", "_"))
	}
	return b.String()
}

// nodeGroup makes a node-list group's nodes: each row's type with the group's custom
// attributes and its own, checking that they do not clash and stay within ECS's ten.
func (c *checker) nodeGroup(p string, rows []listedNode, group []models.Attribute) []models.Node {
	for _, a := range group {
		if a.Name == attrGPU || a.Name == attrGPUModel {
			c.bad(p+".attributes."+a.Name, "a node list sets %s from its rows", a.Name)
			return nil
		}
	}
	if n := len(group) + 2; n > maxCustomAttributes {
		c.bad(p+".attributes", "%d custom attributes and a node list's gpu and gpu_model, ECS allows at most %d", len(group), maxCustomAttributes)
		return nil
	}
	merged := map[*models.InstanceType][]models.Attribute{}
	out := make([]models.Node, len(rows))
	for i, r := range rows {
		attrs, ok := merged[r.typ]
		if !ok {
			attrs = append(slices.Clone(group), r.attrs...)
			slices.SortFunc(attrs, func(a, b models.Attribute) int { return cmp.Compare(a.Name, b.Name) })
			merged[r.typ] = attrs
		}
		out[i] = models.Node{Type: r.typ, Attributes: attrs}
	}
	return out
}
