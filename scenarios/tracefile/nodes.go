package tracefile

import (
	"fmt"
	"math"

	"github.com/ecssim/ecssim/models"
)

// maxNodes bounds a node list as count bounds an instance group.
const maxNodes = 1_000_000

// Node is one row of a node list: a node's CPU in ECS CPU units (1024 a core), its memory in
// MiB, and its GPUs and their model ("" when the list has no model column or leaves it empty).
type Node struct {
	CPU, MemoryMiB int64
	GPUs           int
	Model          string
}

// Nodes reads a node list in the openb format, the node list of Alibaba's
// cluster-trace-gpu-v2023 (openb_node_list_*.csv, alibaba/clusterdata):
//
//	sn,cpu_milli,memory_mib,gpu,model
//
// cpu_milli is the node's CPU in thousandths of a core, memory_mib its memory in MiB; gpu
// and model are optional columns, and a model must be one that validModel accepts (it becomes
// an attribute value). Other columns (sn) are ignored. ok is false when the file lacks a
// column, a row is wrong (reported through the Reporter), or it lists no nodes.
func (t *Table) Nodes(validModel func(string) bool) (nodes []Node, ok bool) {
	cpuCol, memCol := t.column("cpu_milli"), t.column("memory_mib")
	gpuCol, modelCol := t.column("gpu"), t.column("model")
	if !t.missingColumns("a node list", "; a node list has the columns sn, cpu_milli, memory_mib, gpu and model", []string{"cpu_milli", "memory_mib"}) {
		return nil, false
	}
	for t.next() {
		milli, okCPU := t.number(cpuCol)
		mib, okMem := t.number(memCol)
		gpus, okGPU := t.integer(gpuCol, 0, models.MaxGPUsPerInstance, 0)
		// Sizes are compared before they become integers, which would wrap: a size rounds
		// to at least 1 and at most the bound.
		cpu := milli * Openb.CPUPerUnit // cpu_milli as the openb pod list has it
		n := Node{GPUs: int(gpus), Model: t.cell(modelCol)}
		switch {
		case !okCPU || !okMem || !okGPU:
			continue
		case !(cpu >= 0.5 && cpu < math.MaxInt32+0.5):
			t.bad(cpuCol, "%s is not a node's CPU (thousandths of a core, above 0)", t.cell(cpuCol))
			continue
		case !(mib >= 0.5 && mib < 1<<40+0.5):
			t.bad(memCol, "%s is not a node's memory (MiB, above 0)", t.cell(memCol))
			continue
		case n.Model != "" && !validModel(n.Model):
			t.bad(modelCol, "%q is not an attribute value (1-128 letters, digits, spaces or -_/.@:)", n.Model)
			continue
		}
		n.CPU, n.MemoryMiB = int64(math.Round(cpu)), int64(math.Round(mib))
		if len(nodes) == maxNodes {
			t.rep.Whole(fmt.Sprintf("%s lists more than %d nodes", t.name, maxNodes))
			return nil, false
		}
		nodes = append(nodes, n)
	}
	if len(nodes) == 0 && t.probs == 0 {
		t.rep.Whole(fmt.Sprintf("%s lists no nodes", t.name))
	}
	if t.probs > 0 || len(nodes) == 0 {
		return nil, false
	}
	return nodes, true
}
