package scenarios

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/internal/refdata"
	"github.com/ecssim/ecssim/models"
)

// nodesScenario is a scenario whose one instance group reads nodes.csv.
func nodesScenario(keys string) string {
	return `duration = "1h"
[[instance_groups]]
name = "trace"
nodes = "nodes.csv"
zones = ["us-east-1a", "us-east-1b"]
` + keys
}

// TestNodeList registers a node list and checks each instance as ECS would see it: CPU at
// 1024 units a core, memory as listed, the zones in turn, and the GPU attributes.
func TestNodeList(t *testing.T) {
	nodes := "sn,cpu_milli,memory_mib,gpu,model\n" +
		"a,16000,65536,0,\n" + // 16 cores: 16384 units
		"b,96000,393216,8,G2\n" +
		"c,16000,65536,0,\n" +
		"d,2500,4000,,\n" // 2.5 cores: 2560 units; an empty gpu cell is none
	src := nodesScenario(`attributes = { team = "ml" }
[pricing]
instance_prices = { "node-16vcpu-64gib" = 0.5 }
`)
	sc, err := loadWithFiles(src, map[string]string{"nodes.csv": nodes})
	if err != nil {
		t.Fatal(err)
	}
	run, err := Build(sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	run.Sim.Run()
	type instance struct {
		ID, Type, Zone string
		CPU, Mem       int64
		GPU, Model     string
	}
	var got []instance
	for _, in := range run.Sim.Cluster.Instances() {
		attr := func(name string) string { v, _ := in.Attribute(name); return v }
		if attr("team") != "ml" {
			t.Errorf("%s lost the group's attribute team", in.ID)
		}
		got = append(got, instance{in.ID, in.Type.Name, in.Zone, in.Registered.CPU, in.Registered.MemoryMiB, attr("gpu"), attr("gpu_model")})
	}
	want := []instance{
		{"i-0001", "node-16vcpu-64gib", "us-east-1a", 16384, 65536, "0", ""},
		{"i-0002", "node-96vcpu-384gib-8gpu-G2", "us-east-1b", 98304, 393216, "8", "G2"},
		{"i-0003", "node-16vcpu-64gib", "us-east-1a", 16384, 65536, "0", ""},
		{"i-0004", "node-2560cpu-units-4000mib", "us-east-1b", 2560, 4000, "0", ""},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("instances (-want +got):\n%s", diff)
	}
	if sc.InstanceGroups[0].Nodes[0].Type != sc.InstanceGroups[0].Nodes[2].Type {
		t.Errorf("identical rows do not share a type")
	}
	if p := sc.Pricing.InstancePrices["node-16vcpu-64gib"]; p != 0.5 {
		t.Errorf("price of node-16vcpu-64gib %g, want 0.5", p)
	}
}

// TestNodeListProblems checks that bad node lists and keys are reported where they are.
func TestNodeListProblems(t *testing.T) {
	header := "sn,cpu_milli,memory_mib,gpu,model\n"
	tests := []struct {
		name, keys, csv string
		want            []string
	}{{
		name: "a missing column",
		csv:  "sn,cpu,memory_mib\na,1000,1024\n",
		want: []string{`scenario.toml:4:9: instance_groups[0].nodes: nodes.csv has no column "cpu_milli" (its columns: sn, cpu, memory_mib); a node list has the columns sn, cpu_milli, memory_mib, gpu and model`},
	}, {
		name: "bad cells",
		csv:  header + "a,0,1024,0,\nb,1000,lots,0,\nc,1000,1024,-1,\nd,1000,1024,0,bad!model\n",
		want: []string{
			`nodes.csv:2:3: cpu_milli: 0 is not a node's CPU (thousandths of a core, above 0)`,
			`nodes.csv:3:8: memory_mib: "lots" is not a number`,
			`nodes.csv:4:13: gpu: "-1" is not a whole number from 0 to 32`,
			`nodes.csv:5:15: model: "bad!model" is not an attribute value (1-128 letters, digits, spaces or -_/.@:)`,
		},
	}, {
		name: "no nodes",
		csv:  header,
		want: []string{`scenario.toml:4:9: instance_groups[0].nodes: nodes.csv lists no nodes`},
	}, {
		name: "nodes and a type and count",
		keys: "type = \"m5.large\"\ncount = 2\n",
		csv:  header + "a,1000,1024,0,\n",
		want: []string{
			`scenario.toml:6:8: instance_groups[0].type: set type and count, or nodes (one instance per row), not both`,
			`scenario.toml:7:9: instance_groups[0].count: set type and count, or nodes (one instance per row), not both`,
		},
	}, {
		name: "an attribute the node list sets",
		keys: "attributes = { gpu = \"4\" }\n",
		csv:  header + "a,1000,1024,0,\n",
		want: []string{`scenario.toml:6:22: instance_groups[0].attributes.gpu: a node list sets gpu from its rows`},
	}, {
		name: "an unknown format",
		keys: "nodes_format = \"k8s\"\n",
		csv:  header + "a,1000,1024,0,\n",
		want: []string{`scenario.toml:6:16: instance_groups[0].nodes_format: want openb, got "k8s"`},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := loadWithFiles(nodesScenario(tt.keys), map[string]string{"nodes.csv": tt.csv})
			if diff := cmp.Diff(tt.want, problemLines(t, err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

// TestOpenbReplay replays the openb pod list on the openb fleet, both reference files (package refdata),
// end to end under the invariant checker. The numbers are the files': 1523 nodes with 125,514
// cores in all (registered at 1024 units a core), 8152 pods over 149 days, which the whole
// fleet holds at once with room to spare, so every pod is placed.
func TestOpenbReplay(t *testing.T) {
	dir := t.TempDir()
	src := `name = "openb"
duration = "150d"
[[instance_groups]]
name = "openb"
nodes = "` + refdata.File(t, "alibaba-v2023-openb_node_list_all_node.csv") + `"
[[workloads]]
name = "pods"
trace = "` + refdata.File(t, "alibaba-v2023-openb_pod_list_default.csv") + `"
trace_format = "openb"
placement_strategy = [{ type = "binpack", field = "cpu" }]
`
	file := filepath.Join(dir, "openb.toml")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	sc, err := LoadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	g := sc.InstanceGroups[0]
	if cpu := models.FleetCapacity(sc.InstanceGroups, sc.Cluster).CPU; g.Count != 1523 || cpu != 125514*1024 {
		t.Errorf("%d nodes registering %d CPU units, want 1523 and %d", g.Count, cpu, 125514*1024)
	}
	r := sc.Workloads[0].Trace
	gpus := 0
	for _, row := range r.Rows {
		if row.Def.Charge().GPUMilli > 0 {
			gpus++
		}
	}
	// 1088 of the 8152 pods ask for no GPU (num_gpu 0, gpu_milli 0).
	if len(r.Rows) != 8152 || gpus != 8152-1088 {
		t.Errorf("%d rows, %d with GPUs; want 8152 and %d", len(r.Rows), gpus, 8152-1088)
	}
	n := counter{}
	if _, err := runChecked(t, sc, n); err != nil {
		t.Fatal(err)
	}
	if n[models.TaskPlaced] != 8152 || n[models.PlacementFailed] != 0 {
		t.Errorf("placed %d, failed %d; want 8152 and 0", n[models.TaskPlaced], n[models.PlacementFailed])
	}
}
