package scenarios

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/sim"
)

// TestNativeProblems: Kubernetes' vocabulary is for an EKS run, its quantities and names are
// Kubernetes', and what it names must exist.
func TestNativeProblems(t *testing.T) {
	dep := func(body string) string {
		return `orchestrator = "eks"` + "\nduration = \"1h\"\n[[deployments]]\nname = \"web\"\n" + body
	}
	tests := []struct {
		name, src string
		want      []string
	}{
		{"under ECS", "duration = \"1h\"\n[[deployments]]\nname = \"web\"\n",
			[]string{`scenario.toml:2:3: deployments[0]: is for an EKS run (set orchestrator = "eks")`}},
		{"a name Kubernetes refuses", `orchestrator = "eks"` + "\nduration = \"1h\"\n[[deployments]]\nname = \"Web_1\"\n[[deployments.template.containers]]\nname = \"web\"\n",
			[]string{`scenario.toml:4:8: deployments[0].name: a Kubernetes name is at most 63 lowercase letters, digits and hyphens, starting and ending alphanumeric`}},
		{"bad quantities", dep("[[deployments.template.containers]]\nname = \"web\"\nrequests = { cpu = \"half\", memory = \"1GB\" }\n"),
			[]string{`scenario.toml:7:20: deployments[0].template.containers[0].requests.cpu: want a CPU quantity such as "500m" or "0.5" (cores), got "half"`,
				`scenario.toml:7:37: deployments[0].template.containers[0].requests.memory: want a memory quantity such as "512Mi", "1Gi" or "1G", got "1GB"`}},
		{"a request over its limit", dep("[[deployments.template.containers]]\nname = \"web\"\nrequests = { cpu = \"2\" }\nlimits = { cpu = \"1\" }\n"),
			[]string{`scenario.toml:7:12: deployments[0].template.containers[0].requests: a request may not exceed its limit`}},
		{"no container", dep(""),
			[]string{`scenario.toml:3:3: deployments[0].template.containers: a pod template needs at least one container`}},
		{"a node group out of order", `orchestrator = "eks"` + "\nduration = \"1h\"\n[[node_groups]]\nname = \"ng\"\ninstance_types = [\"m5.large\"]\nmin_size = 3\nmax_size = 2\n",
			[]string{`scenario.toml:3:3: node_groups[0]: want min_size ≤ desired_size ≤ max_size, got 3, 2 and 2`}},
		{"quantities Kubernetes refuses", dep("[[deployments.template.containers]]\nname = \"web\"\nrequests = { cpu = \"0x1p3\", memory = \"1e3Mi\" }\n"),
			[]string{`scenario.toml:7:20: deployments[0].template.containers[0].requests.cpu: want a CPU quantity such as "500m" or "0.5" (cores), got "0x1p3"`, `scenario.toml:7:38: deployments[0].template.containers[0].requests.memory: want a memory quantity such as "512Mi", "1Gi" or "1G", got "1e3Mi"`}},
		{"two containers of a name", dep("[[deployments.template.containers]]\nname = \"web\"\n[[deployments.template.containers]]\nname = \"web\"\n"),
			[]string{`scenario.toml:8:8: deployments[0].template.containers[1].name: a pod has one container of a name (core/v1 validation: duplicate value)`}},
		{"a node group named as an instance group", `orchestrator = "eks"` + "\nduration = \"1h\"\n[[instance_groups]]\nname = \"pool\"\ntype = \"m5.large\"\ncount = 1\n[[node_groups]]\nname = \"pool\"\ninstance_types = [\"m5.large\"]\n",
			[]string{`scenario.toml:8:8: node_groups[0].name: group "pool" is already defined on line 4`}},
		{"a bad shape point before a good one", `orchestrator = "eks"` + "\nduration = \"1h\"\n[eks]\nscoring_strategy = \"RequestedToCapacityRatio\"\nshape = [{ utilization = 0, score = 11 }, { utilization = 50, score = 5 }]\n",
			[]string{`scenario.toml:5:37: eks.shape[0].score: must be between 0 and 10, got 11`}},
		{"a profile for nobody", dep("[[deployments.template.containers]]\nname = \"web\"\n[[fargate_profiles]]\nname = \"fp\"\nselectors = [{ app = \"api\" }]\n"),
			[]string{`scenario.toml:9:22: fargate_profiles[0].selectors[0].app: "api" names no Deployment, DaemonSet or Job of the scenario`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, loadRender(loadProblems(t, tc.src))); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

// TestNativeRun runs example:eks-native: requests in Kubernetes units, a fixed node group of 3
// and one the Cluster Autoscaler grows from 0, a zone spread of skew 1 (2 of web's 6 pods in
// each zone), a DaemonSet that tolerates every taint (on every node), Jobs only on the
// tainted group, and api's pods on Fargate at 1 vCPU / 3 GB (1 vCPU / 2 GiB + 256 MiB).
func TestNativeRun(t *testing.T) {
	sc, err := LoadExample("eks-native")
	if err != nil {
		t.Fatal(err)
	}
	web := sc.Services[slicesIndex(sc.Services, "web")]
	if got := web.Def.Charge(); got.CPU != 500 || got.MemoryMiB != 1024 || got.Pods != 1 {
		t.Errorf("web's pod charges %+v, want 500m, 1024 MiB and a pod", got)
	}
	api := sc.Services[slicesIndex(sc.Services, "api")]
	if got := api.Def.FargateSize(); got.CPU != 1024 || got.MemoryMiB != 3072 || api.LaunchType != models.LaunchFargate {
		t.Errorf("api on %s at %+v, want FARGATE at 1 vCPU / 3 GB", api.LaunchType, got)
	}
	p := placements{}
	counts := counter{}
	if _, err := runChecked(t, sc, p, counts); err != nil {
		t.Fatal(err)
	}
	zones := map[string]int{}
	for _, where := range p["web"] {
		_, zone, _ := strings.Cut(where, "/")
		zones[zone]++
	}
	if want := map[string]int{"us-east-1a": 2, "us-east-1b": 2, "us-east-1c": 2}; !cmp.Equal(zones, want) {
		t.Errorf("web by zone %v, want %v", zones, want)
	}
	if counts[models.ScaleOut] == 0 {
		t.Error("the Cluster Autoscaler never grew the batch group for the jobs")
	}
	for _, where := range p["log-agent"] {
		if !strings.HasPrefix(where, "general/") && !strings.HasPrefix(where, "batch/") {
			t.Errorf("a log agent on %s", where)
		}
	}
}

// slicesIndex is the index of the service named.
func slicesIndex(ss []models.ServiceConfig, name string) int {
	for i, s := range ss {
		if s.Name == name {
			return i
		}
	}
	return -1
}

// healthDelay records how long after RUNNING each pod turned healthy.
type healthDelay map[string]sim.Time

func (h healthDelay) Observe(now sim.Time, e models.Event) {
	switch e.Kind {
	case models.TaskRunning:
		h[e.Task.ID] = now
	case models.TaskHealthy:
		h[e.Task.ID+" healthy"] = now - h[e.Task.ID]
	}
}

// TestMinReadySeconds: a pod with no readiness probe is available (healthy) once RUNNING,
// and minReadySeconds later with it set; ECS's task without a health check waits HealthGrace.
func TestMinReadySeconds(t *testing.T) {
	for _, tc := range []struct {
		name, extra, orchestrator string
		want                      time.Duration
	}{
		{"EKS, the default 0", "", OrchestratorEKS, 0},
		{"EKS, min_ready_seconds 30", "kubernetes = { min_ready_seconds = 30 }\n", OrchestratorEKS, 30 * time.Second},
		{"ECS", "", OrchestratorECS, models.HealthGrace},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "orchestrator = \"" + tc.orchestrator + "\"\nduration = \"10m\"\n[[instance_groups]]\ntype = \"m5.large\"\ncount = 1\n" +
				"[[task_definitions]]\nfamily = \"web\"\ncpu = 256\nmemory = 512\ncontainers = [{ name = \"web\" }]\n" +
				"[[services]]\nname = \"web\"\ntask_definition = \"web\"\ndesired_count = 1\n" + tc.extra
			sc, err := Load([]byte(src), "ready.toml")
			if err != nil {
				t.Fatal(err)
			}
			h := healthDelay{}
			if _, err := runChecked(t, sc, h); err != nil {
				t.Fatal(err)
			}
			if got := time.Duration(h["web-1 healthy"]); got != tc.want {
				t.Errorf("healthy %v after RUNNING, want %v", got, tc.want)
			}
		})
	}
}

// TestSpreadThroughOutageOfOneGroup: a zone spread of skew 1 over a labelled node group holds
// through an outage even where another group's node was the first seen in the zone: the pods
// lost in us-east-1a wait (2/2 of 6 running) rather than skew the others (3/3).
func TestSpreadThroughOutageOfOneGroup(t *testing.T) {
	src := `duration = "2h"
orchestrator = "eks"
[[instance_groups]]
name = "general"
type = "m5.large"
count = 3
[[node_groups]]
name = "pool"
instance_types = ["m5.xlarge"]
desired_size = 3
labels = { pool = "x" }
[[deployments]]
name = "web"
replicas = 6
  [deployments.template]
  node_selector = { pool = "x" }
  topology_spread_constraints = [{ max_skew = 1, topology_key = "topology.kubernetes.io/zone", when_unsatisfiable = "DoNotSchedule" }]
  [[deployments.template.containers]]
  name = "web"
  requests = { cpu = "500m", memory = "512Mi" }
[[events]]
at = "30m"
action = "az_outage"
zone = "us-east-1a"
duration = "1h"
`
	sc, err := Load([]byte(src), "outage.toml")
	if err != nil {
		t.Fatal(err)
	}
	z := &zoneRunning{service: "web", at: []sim.Time{sim.Time(45 * time.Minute)}, zoneOf: map[*models.Task]string{}}
	if _, err := runChecked(t, sc, z); err != nil {
		t.Fatal(err)
	}
	want := []map[string]int{{"us-east-1b": 2, "us-east-1c": 2}}
	if diff := cmp.Diff(want, z.seen); diff != "" {
		t.Errorf("web's running pods by zone at 45m (-want +got):\n%s", diff)
	}
}
