package scenarios

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/sim"
)

// caGroup is a node group of the Cluster Autoscaler tests: one zone, a 60 s launch.
func caGroup(name, typ string, minSize, maxSize, desired int) string {
	return fmt.Sprintf(`[[capacity_providers]]
name = %q
[capacity_providers.auto_scaling_group]
instance_type = %q
zones = ["us-east-1a"]
min_size = %d
max_size = %d
desired_capacity = %d
launch_latency = { distribution = "constant", value = "60s" }
`, name, typ, minSize, maxSize, desired)
}

// caService is a Deployment of count pods of cpu ECS units (cpu × 1000 / 1024 millicores,
// rounded up) and memory MiB.
func caService(name string, cpu, memory, count int) string {
	return fmt.Sprintf(`[[task_definitions]]
family = %q
cpu = %d
memory = %d
[[task_definitions.containers]]
name = "app"
[[services]]
name = %q
task_definition = %q
desired_count = %d
`, name, cpu, memory, name, name, count)
}

// caScale is what a test reads of a ScaleOut or ScaleIn.
type caScale struct {
	At     sim.Time
	Kind   string
	Group  string
	Count  int
	Metric float64
}

// caRun loads and runs src with the invariant checker, and returns its ScaleOut and ScaleIn
// events, when each instance registered, the instances terminated, and the pods still pending.
func caRun(t *testing.T, src string) (scales []caScale, registered []sim.Time, terminated, pending int) {
	t.Helper()
	sc, err := Load([]byte(src), loadFile)
	if err != nil {
		t.Fatal(err)
	}
	obs := observerFunc(func(now sim.Time, e models.Event) {
		switch e.Kind {
		case models.ScaleOut, models.ScaleIn:
			scales = append(scales, caScale{now, e.Kind.String(), e.Provider.Name, e.Count, e.Metric})
		case models.InstanceRegistered:
			registered = append(registered, now)
		case models.InstanceTerminated:
			terminated++
		}
	})
	run, err := runChecked(t, sc, obs)
	if err != nil {
		t.Fatal(err)
	}
	return scales, registered, terminated, len(run.Sim.Provisioning())
}

// TestClusterAutoscalerScaleUp: pods the kube-scheduler finds no node for stay pending, and
// the Cluster Autoscaler's first scan (10 s) grows a group for them, registered after the
// 60 s launch. An m5.large's allocatable is 1930m and 7311 MiB (29 pods): 3 pods of 500m
// (512 units) and 1 GiB a node, CPU binding, so 10 pods need 4 nodes, or 3 more beside a
// node already running 3. A c5.xlarge (3920m, 6992 MiB, 58 pods) takes 6 (memory binding:
// 7 × 1024 > 6992), so 2 nodes. least-waste scores the m5.large option (4 × 2000m, 4 × 8192
// MiB capacity) 3000/8000 + 22528/32768 = 1.0625 and the c5.xlarge one (2 × 4000m, 2 × 8192
// MiB) 3000/8000 + 6144/16384 = 0.75: the c5.xlarge group grows. A group with max size 2
// grows by 2 and leaves 4 pods pending for good.
func TestClusterAutoscalerScaleUp(t *testing.T) {
	const head = "orchestrator = \"eks\"\nname = \"ca\"\nduration = \"30m\"\n"
	app := caService("app", 512, 1024, 10)
	at := func(s int) sim.Time { return sim.Time(time.Duration(s) * time.Second) }
	tests := []struct {
		name       string
		src        string
		scales     []caScale
		registered []sim.Time
		pending    int
	}{
		{"from zero", head + caGroup("ng", "m5.large", 0, 10, 0) + app,
			[]caScale{{at(10), "ScaleOut", "ng", 4, 10}}, []sim.Time{at(70), at(70), at(70), at(70)}, 0},
		{"from one node", head + caGroup("ng", "m5.large", 0, 10, 1) + app,
			[]caScale{{at(10), "ScaleOut", "ng", 3, 7}}, []sim.Time{0, at(70), at(70), at(70)}, 0},
		{"least-waste picks the c5.xlarge group", head + caGroup("ng-m5", "m5.large", 0, 10, 0) + caGroup("ng-c5", "c5.xlarge", 0, 10, 0) + app,
			[]caScale{{at(10), "ScaleOut", "ng-c5", 2, 10}}, []sim.Time{at(70), at(70)}, 0},
		{"max size holds", head + caGroup("ng", "m5.large", 0, 2, 0) + app,
			[]caScale{{at(10), "ScaleOut", "ng", 2, 6}}, []sim.Time{at(70), at(70)}, 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			scales, registered, _, pending := caRun(t, tc.src)
			if diff := cmp.Diff(tc.scales, scales); diff != "" {
				t.Errorf("scale events (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.registered, registered); diff != "" {
				t.Errorf("registrations (-want +got):\n%s", diff)
			}
			if pending != tc.pending {
				t.Errorf("%d pods pending at the end, want %d", pending, tc.pending)
			}
		})
	}
}

// TestClusterAutoscalerScaleDown: two m5.large nodes from the start, each running one pod of
// 500m and a DaemonSet pod of 125m (128 units): utilization 625/1930 = 0.3238, below 0.5. At the
// first scan (10 s) the first node is unneeded (its pod fits the second; the DaemonSet pod
// does not count as one to move), the second is not (its pod would have nowhere to go with the
// first gone). 10 minutes later, at 610 s, the first goes: its pod moves to the second, whose
// 1125/1930 = 0.58 keeps it. With min size 2 nothing goes; a pod of 901m (922 units, 0.467)
// beside one of 1100m (1126 units, 0.57) cannot move (830m free), so neither node goes; and
// after a scale-up at 10 s (3, 3, 3 and 1 pods on 4 nodes), the service scaled to 1 pod at
// 2 min and its nodes unneeded for the 1 min set, they go only at 610 s, 10 minutes after the
// scale-up: the two empty ones at once (utilization 0), and the one whose pod (500/1930) can
// move to the fourth, which stays to take it.
func TestClusterAutoscalerScaleDown(t *testing.T) {
	const head = "orchestrator = \"eks\"\nname = \"ca\"\nduration = \"30m\"\n"
	daemon := "[[task_definitions]]\nfamily = \"agent\"\ncpu = 128\nmemory = 64\n[[task_definitions.containers]]\nname = \"agent\"\n" +
		"[[services]]\nname = \"agent\"\ntask_definition = \"agent\"\nscheduling_strategy = \"DAEMON\"\n"
	util := float64(625) / 1930
	at := func(s int) sim.Time { return sim.Time(time.Duration(s) * time.Second) }
	tests := []struct {
		name       string
		src        string
		scales     []caScale
		terminated int
	}{
		{"an underused node after 10 minutes", head + caGroup("ng", "m5.large", 0, 5, 2) + caService("app", 512, 1024, 2) + daemon,
			[]caScale{{at(610), "ScaleIn", "ng", 1, util}}, 1},
		{"not below min size", head + caGroup("ng", "m5.large", 2, 5, 2) + caService("app", 512, 1024, 2) + daemon,
			nil, 0},
		{"not while a pod fits nowhere else", head + caGroup("ng", "m5.large", 0, 5, 2) + caService("small", 922, 1024, 1) + caService("big", 1126, 1024, 1),
			nil, 0},
		{"not within 10 minutes of a scale-up", head + "[eks.cluster_autoscaler]\nscale_down_unneeded_time = \"1m\"\n" +
			caGroup("ng", "m5.large", 0, 10, 0) + caService("app", 512, 1024, 10) +
			"[[events]]\nat = \"2m\"\naction = \"scale\"\nservice = \"app\"\ndesired_count = 1\n",
			[]caScale{{at(10), "ScaleOut", "ng", 4, 10}, {at(610), "ScaleIn", "ng", 1, 0}, {at(610), "ScaleIn", "ng", 1, 0},
				{at(610), "ScaleIn", "ng", 1, float64(500) / 1930}}, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			scales, _, terminated, _ := caRun(t, tc.src)
			if diff := cmp.Diff(tc.scales, scales); diff != "" {
				t.Errorf("scale events (-want +got):\n%s", diff)
			}
			if terminated != tc.terminated {
				t.Errorf("%d nodes terminated, want %d", terminated, tc.terminated)
			}
		})
	}
}

// TestClusterAutoscalerProblems: [eks.cluster_autoscaler] takes each flag within its range,
// only in an EKS run.
func TestClusterAutoscalerProblems(t *testing.T) {
	group := caGroup("ng", "m5.large", 0, 10, 0)
	tests := []struct {
		name, src string
		want      []string
	}{
		{"under ECS", eksBase + "[eks.cluster_autoscaler]\nexpander = \"random\"\n",
			[]string{`scenario.toml:6:2: eks.cluster_autoscaler: is for an EKS run (set orchestrator = "eks")`}},
		{"out of range", "orchestrator = \"eks\"\nname = \"ca\"\nduration = \"1h\"\n" + group + "[eks.cluster_autoscaler]\nexpander = \"price\"\n" +
			"scale_down_utilization_threshold = 1.5\nscan_interval = \"0s\"\nscale_down_unneeded_time = \"48h\"\n",
			[]string{
				`scenario.toml:14:12: eks.cluster_autoscaler.expander: want least-waste, random, most-pods or least-nodes, got "price"`,
				"scenario.toml:15:36: eks.cluster_autoscaler.scale_down_utilization_threshold: must be between 0 and 1, got 1.5",
				"scenario.toml:16:17: eks.cluster_autoscaler.scan_interval: must be between 1s and 1h, got 0s",
				"scenario.toml:17:28: eks.cluster_autoscaler.scale_down_unneeded_time: must be between 0s and 24h, got 48h",
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, loadRender(loadProblems(t, tc.src))); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

// TestClusterAutoscalerSettings: the defaults of EKS-REFERENCE (d), what a scenario overrides,
// and no autoscaler without node groups.
func TestClusterAutoscalerSettings(t *testing.T) {
	head := "orchestrator = \"eks\"\nname = \"ca\"\nduration = \"1h\"\n"
	set := models.DefaultClusterAutoscaler()
	set.Expander, set.ScaleDownUtilizationThreshold, set.ScaleDownUnneededTime = models.ExpanderRandom, 0.7, 5*time.Minute
	tests := []struct {
		name, src string
		want      *models.ClusterAutoscaler
	}{
		{"defaults", head + caGroup("ng", "m5.large", 0, 10, 0), &models.ClusterAutoscaler{ScanInterval: 10 * time.Second,
			Expander: "least-waste", ScaleDownUtilizationThreshold: 0.5, ScaleDownUnneededTime: 10 * time.Minute, ScaleDownDelayAfterAdd: 10 * time.Minute}},
		{"set", head + caGroup("ng", "m5.large", 0, 10, 0) + "[eks.cluster_autoscaler]\nexpander = \"random\"\nscale_down_utilization_threshold = 0.7\nscale_down_unneeded_time = \"5m\"\n", &set},
		{"no node groups", head + "[[instance_groups]]\ntype = \"m5.large\"\ncount = 1\n", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc, err := Load([]byte(tc.src), loadFile)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, sc.ClusterAutoscaler); diff != "" {
				t.Errorf("cluster autoscaler (-want +got):\n%s", diff)
			}
		})
	}
}

// TestScaleDownHonoursAntiAffinity: three api pods that may not share a node (distinctInstance,
// required pod anti-affinity on the hostname), each using a small part of its m5.large: no node
// is removable, as the CA's drain simulation runs the scheduler's filters, so the group neither
// shrinks nor, as it would if one were drained, grows back in a loop.
func TestScaleDownHonoursAntiAffinity(t *testing.T) {
	src := `orchestrator = "eks"
duration = "3h"
[[capacity_providers]]
name = "ng"
[capacity_providers.auto_scaling_group]
instance_type = "m5.large"
min_size = 0
max_size = 10
desired_capacity = 3
launch_latency = { distribution = "constant", value = "60s" }
[[task_definitions]]
family = "api"
cpu = 256
memory = 512
containers = [{ name = "api" }]
[[services]]
name = "api"
task_definition = "api"
desired_count = 3
placement_constraints = [{ type = "distinctInstance" }]
`
	sc, err := Load([]byte(src), "flap.toml")
	if err != nil {
		t.Fatal(err)
	}
	n := counter{}
	if _, err := runChecked(t, sc, n); err != nil {
		t.Fatal(err)
	}
	if n[models.ScaleIn] != 0 || n[models.ScaleOut] != 0 {
		t.Errorf("%d scale-ins and %d scale-outs, want none", n[models.ScaleIn], n[models.ScaleOut])
	}
}
