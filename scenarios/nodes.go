package scenarios

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/ecssim/ecssim/models"
)

// Node lists: an instance group may list its instances one by one, as a trace's machine list
// gives them, instead of a catalog type and a count. The one format, "openb", is the node
// list of Alibaba's cluster-trace-gpu-v2023 (openb_node_list_*.csv, alibaba/clusterdata):
//
//	sn,cpu_milli,memory_mib,gpu,model
//
// cpu_milli is the node's CPU in thousandths of a core, registered at 1024 CPU units a core
// (ECS's rule for an instance's vCPUs); memory_mib is registered as listed, less the agent's
// reserved memory; gpu and model (optional columns) become the custom attributes gpu and
// gpu_model, carried for a GPU model to come and usable in memberOf constraints. Other
// columns (sn) are ignored: instance i-0001 is the first row.

// nodeAttributes are the custom attributes a node list adds to each instance.
const (
	attrGPU      = "gpu"
	attrGPUModel = "gpu_model"
)

// maxNodes bounds a node list as count bounds an instance group.
const maxNodes = 1_000_000

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
	t, ok := c.openCSV(p+".nodes", f.Nodes.v)
	if !ok {
		return nil
	}
	cpuCol, memCol := t.column("cpu_milli"), t.column("memory_mib")
	gpuCol, modelCol := t.column("gpu"), t.column("model")
	for _, need := range []struct {
		col  int
		name string
	}{{cpuCol, "cpu_milli"}, {memCol, "memory_mib"}} {
		if need.col < 0 {
			c.bad(p+".nodes", "%s has no column %q (its columns: %s); a node list has the columns sn, cpu_milli, memory_mib, gpu and model",
				t.name, need.name, t.columns())
		}
	}
	if cpuCol < 0 || memCol < 0 {
		return nil
	}
	type shape struct {
		cpu, mem int64
		gpus     int
		model    string
	}
	types := map[shape]listedNode{}
	var out []listedNode
	for t.next() {
		milli, okCPU := t.number(cpuCol)
		mib, okMem := t.number(memCol)
		gpus, okGPU := t.integer(gpuCol, 0, 1024, 0)
		model := t.cell(modelCol)
		s := shape{cpu: int64(math.Round(milli * 1.024)), mem: int64(math.Round(mib)), gpus: int(gpus), model: model}
		switch {
		case !okCPU || !okMem || !okGPU:
			continue
		case s.cpu < 1 || s.cpu > math.MaxInt32:
			t.bad(cpuCol, "%s is not a node's CPU (thousandths of a core, above 0)", t.cell(cpuCol))
			continue
		case s.mem < 1 || s.mem > 1<<40:
			t.bad(memCol, "%s is not a node's memory (MiB, above 0)", t.cell(memCol))
			continue
		case model != "" && !attrValueRE.MatchString(model):
			t.bad(modelCol, "%q is not an attribute value (1-128 letters, digits, spaces or -_/.@:)", model)
			continue
		}
		n, ok := types[s]
		if !ok {
			n = listedNode{typ: &models.InstanceType{
				Name: nodeTypeName(s.cpu, s.mem, s.gpus, model), VCPU: int(s.cpu / 1024), MemoryMiB: s.mem,
				Arch: models.ArchX86_64, Listed: models.Resources{CPU: s.cpu, MemoryMiB: s.mem}, GPUs: s.gpus, GPUModel: model,
			}}
			n.attrs = []models.Attribute{{Name: attrGPU, Value: strconv.Itoa(s.gpus)}}
			if model != "" {
				n.attrs = append(n.attrs, models.Attribute{Name: attrGPUModel, Value: model})
			}
			types[s] = n
		}
		if len(out) == maxNodes {
			c.bad(p+".nodes", "%s lists more than %d nodes", t.name, maxNodes)
			return nil
		}
		out = append(out, n)
	}
	if len(out) == 0 && t.probs == 0 {
		c.bad(p+".nodes", "%s lists no nodes", t.name)
	}
	if t.probs > 0 {
		return nil
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
