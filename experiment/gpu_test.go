package experiment_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/ecssim/ecssim/experiment"
	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/reports"
	"github.com/ecssim/ecssim/scenarios"
	"github.com/ecssim/ecssim/sim"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// gpuScenario writes a scenario of one node with 2 GPUs and a one-row openb pod list (a pod of
// 0.6 GPU, 4 cores, 8 GiB) drawn to target_load of the GPUs, and loads it.
func gpuScenario(t *testing.T, target string) *scenarios.Scenario {
	t.Helper()
	sc := loadFiles(t, map[string]string{
		"nodes.csv": "sn,cpu_milli,memory_mib,gpu,model\nn0,32000,131072,2,T4\n",
		"pods.csv":  "name,cpu_milli,memory_mib,num_gpu,gpu_milli\np0,4000,8192,1,600\n",
		"s.toml": `name = "gpu-draw"
duration = "1h"
[[instance_groups]]
name = "nodes"
nodes = "nodes.csv"
[[workloads]]
name = "pods"
trace = "pods.csv"
trace_format = "openb"
target_resource = "gpu"
target_load = ` + target + "\n",
	})
	return sc
}

// loadFiles writes files into a temporary directory and loads its scenario, s.toml.
func loadFiles(t *testing.T, files map[string]string) *scenarios.Scenario {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sc, err := scenarios.LoadFile(filepath.Join(dir, "s.toml"))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// TestGPUSection checks the summary's gpu section by hand. The cluster has 2 GPUs (2000
// thousandths); pods of 0.6 GPU are drawn until they ask for 100% of them: 4 pods (600, 1200,
// 1800, 2400 asked). The first goes to GPU 0 (400 left), the second to GPU 1 (GPU 0 is too
// small), the third and fourth fit no GPU and are never placed. After pod 1 the arrived share
// is 0.3 (marks 0.05-0.3 taken with 0.6 GPU held: allocated 0.3, 1.4 GPUs unallocated); after
// pod 2, 0.6 (marks 0.35-0.6: 1.2 held, allocated 0.6, 0.8 unallocated); after pods 3 and 4,
// 0.9 and 1.2 (marks 0.65-1.0: still 1.2 held).
func TestGPUSection(t *testing.T) {
	r, err := scenarios.Build(gpuScenario(t, "1.0"), scenarios.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := experiment.Run(context.Background(), r, experiment.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := res.Summary
	var want []reports.GPUPoint
	for k := 1; k <= 20; k++ {
		p := reports.GPUPoint{Arrived: float64(k) / 20, Allocated: 0.3, UnallocatedGPUs: 1.4}
		if k > 6 {
			p.Allocated, p.UnallocatedGPUs = 0.6, 0.8
		}
		want = append(want, p)
	}
	if s.GPU == nil {
		t.Fatal("no gpu section")
	}
	opt := cmpopts.EquateApprox(0, 1e-12)
	if diff := cmp.Diff(&reports.GPUSection{GPUs: 2, ByArrived: want}, s.GPU, opt); diff != "" {
		t.Errorf("gpu section (-want +got):\n%s", diff)
	}
	if s.Tasks.Started != 2 || s.Tasks.NeverPlaced != 2 {
		t.Errorf("%d started, %d never placed; want 2 and 2", s.Tasks.Started, s.Tasks.NeverPlaced)
	}
	// 1.2 of 2 GPUs held from the first seconds to the end of the hour; the 0.8 free (0.4 on
	// each GPU) fits no 0.6 pod: all of it stranded once the second pod is placed.
	if u := s.Utilization; u.GPUReservedMean == nil || !cmp.Equal(*u.GPUReservedMean, 0.6, cmpopts.EquateApprox(0, 1e-3)) ||
		!cmp.Equal(*u.GPUStrandedMean, 1.0, cmpopts.EquateApprox(0, 1e-3)) {
		t.Errorf("GPU reserved %v, stranded %v; want about 0.6 and 1", u.GPUReservedMean, u.GPUStrandedMean)
	}
}

// TestGPUSpec: a trace row's gpu_spec (GPU models separated by "|") holds its pods to nodes
// of those models, through a memberOf constraint on the node list's gpu_model attribute. Two
// nodes of 1 GPU each, a G2 and a T4; pods of a whole GPU each, the first for T4 only, the
// second for either, the third for V100 only: the first takes the T4, the second the G2, the
// third finds no node.
func TestGPUSpec(t *testing.T) {
	sc := loadFiles(t, map[string]string{
		"nodes.csv": "sn,cpu_milli,memory_mib,gpu,model\nn0,8000,32768,1,G2\nn1,8000,32768,1,T4\n",
		"pods.csv": "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,creation_time,deletion_time\n" +
			"p0,1000,1024,1,1000,T4,0,\np1,1000,1024,1,1000,G2|T4,1,\np2,1000,1024,1,1000,V100M16,2,\n",
		"s.toml": "name = \"spec\"\nduration = \"1m\"\n[[instance_groups]]\nname = \"nodes\"\nnodes = \"nodes.csv\"\n" +
			"[[workloads]]\nname = \"pods\"\ntrace = \"pods.csv\"\ntrace_format = \"openb\"\n",
	})
	r, err := scenarios.Build(sc, scenarios.Options{})
	if err != nil {
		t.Fatal(err)
	}
	placed := map[string]string{}
	r.Sim.AddObserver(observerTimeFunc(func(_ sim.Time, e models.Event) {
		if e.Kind == models.TaskPlaced {
			placed[e.Task.ID] = e.Instance.Type.GPUModel
		}
	}))
	res, err := experiment.Run(context.Background(), r, experiment.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]string{"pods-1": "T4", "pods-2": "G2"}, placed); diff != "" {
		t.Errorf("GPU models of the placements (-want +got):\n%s", diff)
	}
	if n := res.Summary.Tasks.NeverPlaced; n != 1 {
		t.Errorf("%d never placed, want the V100 pod", n)
	}
}

// TestGPUServiceScaleOut checks example:gpu-service by hand: 8 tasks of one whole GPU each on
// g5.2xlarge (1 GPU, $1.212/h) behind managed scaling from zero (DG/cluster-auto-scaling;
// ECS-REFERENCE §5.3). At 60 s, the first metric: N = 0 and tasks waiting, so CPR = 200 and 2
// instances launch; they register at 180 s (launch latency 120 s) and take 2 tasks. At 360 s
// the warm-up (300 s from the launch) is over: the 6 waiting tasks binpack one per instance
// on the group's type, since each g5.2xlarge has one GPU (CPU and memory would take 4 and 3),
// so M = 2 + 6 and CPR = 8/2 × 100 = 400: 6 launch. Instance-hours: 2 × (7200 − 60) / 3600 +
// 6 × (7200 − 360) / 3600 = 15.3667, at $1.212: $18.624.
func TestGPUServiceScaleOut(t *testing.T) {
	sc, err := scenarios.LoadExample("gpu-service")
	if err != nil {
		t.Fatal(err)
	}
	r, err := scenarios.Build(sc, scenarios.Options{})
	if err != nil {
		t.Fatal(err)
	}
	type scaleOut struct {
		At            float64
		Metric, Count int
	}
	var got []scaleOut
	r.Sim.AddObserver(observerTimeFunc(func(now sim.Time, e models.Event) {
		if e.Kind == models.ScaleOut {
			got = append(got, scaleOut{now.Seconds(), int(e.Metric), e.Count})
		}
	}))
	res, err := experiment.Run(context.Background(), r, experiment.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]scaleOut{{60, 200, 2}, {360, 400, 6}}, got); diff != "" {
		t.Errorf("scale-outs (-want +got):\n%s", diff)
	}
	s := res.Summary
	hours := (2*(7200-60) + 6*(7200-360)) / 3600.0
	approx := cmpopts.EquateApprox(0, 1e-9)
	if !cmp.Equal(s.Capacity.InstanceHours, hours, approx) || !cmp.Equal(s.CostUSD.EC2, hours*1.212, approx) {
		t.Errorf("%v instance-hours costing $%v; want %v and $%v", s.Capacity.InstanceHours, s.CostUSD.EC2, hours, hours*1.212)
	}
	if s.Tasks.Started != 8 || s.Capacity.InstancesMax != 8 {
		t.Errorf("%d tasks started on %d instances at most; want 8 and 8", s.Tasks.Started, s.Capacity.InstancesMax)
	}
}

type observerTimeFunc func(sim.Time, models.Event)

func (f observerTimeFunc) Observe(now sim.Time, e models.Event) { f(now, e) }

// TestTraceRowGPUsReplaceTheTemplate: in a trace with GPU columns, a row's GPUs are the task's,
// whatever the workload's task definition asks: a row of num_gpu 0 runs without the
// template's whole GPU, a row of one shared GPU with its share alone.
func TestTraceRowGPUsReplaceTheTemplate(t *testing.T) {
	sc := loadFiles(t, map[string]string{
		"pods.csv": "name,cpu_milli,memory_mib,num_gpu,gpu_milli,creation_time,deletion_time\n" +
			"p0,1000,1024,0,0,0,\np1,1000,1024,1,300,1,\n",
		"s.toml": "name = \"t\"\nduration = \"1m\"\n[[task_definitions]]\nfamily = \"tmpl\"\nmemory = 512\n" +
			"  [[task_definitions.containers]]\n  name = \"main\"\n  resource_requirements = [{ type = \"GPU\", value = \"1\" }]\n" +
			"[[workloads]]\nname = \"pods\"\ntask_definition = \"tmpl\"\ntrace = \"pods.csv\"\ntrace_format = \"openb\"\n",
	})
	var got []int64
	for _, r := range sc.Workloads[0].Trace.Rows {
		got = append(got, r.Def.Charge().GPUMilli)
	}
	if diff := cmp.Diff([]int64{0, 300}, got); diff != "" {
		t.Errorf("the rows' GPU in thousandths (-want +got):\n%s", diff)
	}
}
