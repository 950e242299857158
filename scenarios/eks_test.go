package scenarios

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/sim"
)

// eksBase is a scenario on one m5.large, to which the tests add the orchestrator's keys.
const eksBase = `name = "eks"
duration = "1h"
[[instance_groups]]
type = "m5.large"
count = 1
`

// TestOrchestratorProblems: orchestrator takes ecs or eks, and [eks] only with eks, within its
// ranges.
func TestOrchestratorProblems(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"an unknown orchestrator", `orchestrator = "nomad"` + "\n" + eksBase,
			[]string{`scenario.toml:1:16: orchestrator: want ecs or eks, got "nomad"`}},
		{"[eks] under ECS", eksBase + "[eks]\nmax_pods = 20\nscoring_strategy = \"MostAllocated\"\n",
			[]string{`scenario.toml:7:12: eks.max_pods: is for an EKS run (set orchestrator = "eks")`,
				`scenario.toml:8:20: eks.scoring_strategy: is for an EKS run (set orchestrator = "eks")`}},
		{"max pods out of range", `orchestrator = "eks"` + "\n" + eksBase + "[eks]\nmax_pods = 0\n",
			[]string{"scenario.toml:8:12: eks.max_pods: must be between 1 and 10000, got 0"}},
		{"an unknown scoring strategy", `orchestrator = "eks"` + "\n" + eksBase + "[eks]\nscoring_strategy = \"MostRequested\"\n",
			[]string{`scenario.toml:8:20: eks.scoring_strategy: want LeastAllocated, MostAllocated or RequestedToCapacityRatio, got "MostRequested"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, loadRender(loadProblems(t, tc.src))); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

// TestOrchestratorSettings: an EKS scenario's kubelet and scheduler settings, and their
// defaults.
func TestOrchestratorSettings(t *testing.T) {
	tests := []struct {
		name, src    string
		orchestrator string
		kubelet      *models.Kubelet
		profile      KubeSchedulerConfig
	}{
		{"ECS by default", eksBase, OrchestratorECS, nil, KubeSchedulerConfig{}},
		{"EKS's defaults", `orchestrator = "eks"` + "\n" + eksBase, OrchestratorEKS, &models.Kubelet{}, KubeSchedulerConfig{ScoringStrategy: "LeastAllocated"}},
		{"EKS set", `orchestrator = "eks"` + "\n" + eksBase + "[eks]\nprefix_delegation = true\nscoring_strategy = \"MostAllocated\"\npercentage_of_nodes_to_score = 30\n",
			OrchestratorEKS, &models.Kubelet{PrefixDelegation: true}, KubeSchedulerConfig{ScoringStrategy: "MostAllocated", PercentageOfNodesToScore: 30}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc, err := Load([]byte(tc.src), loadFile)
			if err != nil {
				t.Fatal(err)
			}
			got := []any{sc.Orchestrator, sc.Kubelet, sc.KubeScheduler}
			if diff := cmp.Diff([]any{tc.orchestrator, tc.kubelet, tc.profile}, got); diff != "" {
				t.Errorf("orchestrator, kubelet, profile (-want +got):\n%s", diff)
			}
		})
	}
}

// TestExamplesUnderEKS runs every example that an EKS run can take (orchestrator = "eks")
// with the invariant checker watching: no node over-committed in any resource, its pods
// included, and each Deployment within its maxSurge ceiling. Those it cannot take must say
// why at a key.
func TestExamplesUnderEKS(t *testing.T) {
	ran := 0
	for _, ex := range Examples() {
		t.Run(ex.Name, func(t *testing.T) {
			sc, err := OpenWith("example:"+ex.Name, []Setting{{Key: "orchestrator", Value: "eks"}})
			if err != nil {
				t.Logf("refused: %v", err)
				return
			}
			run, err := runChecked(t, sc)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(run.Strategy, "kube-scheduler(") {
				t.Errorf("strategy %q, want the kube-scheduler's", run.Strategy)
			}
			ran++
		})
	}
	if ran < 12 {
		t.Errorf("%d examples ran under EKS, want 12 at least", ran)
	}
}

// TestEKSNodeLimits runs a service on one m5.large under each orchestrator, and counts the
// tasks that run. ECS registers 2 × 1024 CPU units, room for 4 tasks of 512; EKS's allocatable
// is 2000 − 70 = 1930 millicores, room for 3 pods of 500m (512 units). Tiny pods stop at the
// node's max pods, 3 ENIs × (10 − 1) + 2 = 29, where ECS, which counts no pods, runs all 40.
func TestEKSNodeLimits(t *testing.T) {
	service := func(orchestrator string, cpu, memory, count int) string {
		return fmt.Sprintf(`orchestrator = %q
duration = "10m"
[[instance_groups]]
type = "m5.large"
count = 1
[[task_definitions]]
family = "app"
containers = [{ name = "app", cpu = %d, memory = %d }]
[[services]]
name = "app"
task_definition = "app:1"
desired_count = %d
`, orchestrator, cpu, memory, count)
	}
	tests := []struct {
		name                       string
		orchestrator               string
		cpu, memory, count, placed int
	}{
		{"ECS: 2048 CPU units hold 4 of 512", OrchestratorECS, 512, 1024, 4, 4},
		{"EKS: 1930m hold 3 of 500m", OrchestratorEKS, 512, 1024, 4, 3},
		{"ECS counts no pods", OrchestratorECS, 16, 32, 40, 40},
		{"EKS: max pods 29", OrchestratorEKS, 16, 32, 40, 29},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc, err := Load([]byte(service(tc.orchestrator, tc.cpu, tc.memory, tc.count)), "limits.toml")
			if err != nil {
				t.Fatal(err)
			}
			n := counter{}
			if _, err := runChecked(t, sc, n); err != nil {
				t.Fatal(err)
			}
			if got := n[models.TaskPlaced]; got != tc.placed {
				t.Errorf("%d tasks placed, want %d", got, tc.placed)
			}
		})
	}
}

// TestKubernetesKeysProblems: the Kubernetes keys are checked as the API server checks them,
// and are for an EKS run only.
func TestKubernetesKeysProblems(t *testing.T) {
	eks := `orchestrator = "eks"` + "\n"
	svc := "[[task_definitions]]\nfamily = \"app\"\ncpu = 256\nmemory = 512\ncontainers = [{ name = \"app\" }]\n[[services]]\nname = \"app\"\ntask_definition = \"app:1\"\ndesired_count = 1\n"
	tests := []struct {
		name, src string
		want      []string
	}{
		{"labels under ECS", eksBase + "labels = { team = \"web\" }\n",
			[]string{`scenario.toml:6:10: instance_groups[0].labels: is for an EKS run (set orchestrator = "eks")`}},
		{"a kubernetes table under ECS", eksBase + svc + "kubernetes = { node_selector = { team = \"web\" } }\n",
			[]string{`scenario.toml:15:14: services[0].kubernetes: is for an EKS run (set orchestrator = "eks")`}},
		{"a bad label and taint", eks + eksBase + "labels = { \"-bad\" = \"x\" }\ntaints = [{ key = \"gpu\", effect = \"NoPlace\" }]\n",
			[]string{`scenario.toml:7:21: instance_groups[0].labels.-bad: "-bad" is no Kubernetes label key: [prefix/]name, the name at most 63 letters, digits, -, _ and . starting and ending alphanumeric, the prefix a DNS subdomain`,
				`scenario.toml:8:35: instance_groups[0].taints[0].effect: want NoSchedule, PreferNoSchedule or NoExecute, got "NoPlace"`}},
		{"an Exists toleration with a value", eks + eksBase + svc + "kubernetes = { tolerations = [{ key = \"gpu\", operator = \"Exists\", value = \"true\" }] }\n",
			[]string{`scenario.toml:16:75: services[0].kubernetes.tolerations[0].value: a toleration with operator Exists takes no value`}},
		{"a spread without skew", eks + eksBase + svc + "kubernetes = { topology_spread_constraints = [{ topology_key = \"topology.kubernetes.io/zone\" }] }\n",
			[]string{`scenario.toml:16:47: services[0].kubernetes.topology_spread_constraints[0].max_skew: required, but missing`}},
		{"anti-affinity to nobody", eks + eksBase + svc + "kubernetes = { pod_anti_affinity = [{ app = \"db\", topology_key = \"kubernetes.io/hostname\" }] }\n",
			[]string{`scenario.toml:16:45: services[0].kubernetes.pod_anti_affinity[0].app: "db" names no service or workload of the scenario`}},
		{"a rollout of nothing", eks + eksBase + svc + "kubernetes = { rolling_update = { max_surge = \"0\", max_unavailable = \"0%\" } }\n",
			[]string{`scenario.toml:16:33: services[0].kubernetes.rolling_update: max_surge and max_unavailable may not both be 0`}},
		{"a well-known label", eks + eksBase + "labels = { \"kubernetes.io/hostname\" = \"x\" }\n",
			[]string{`scenario.toml:7:1: instance_groups[0].labels.kubernetes.io/hostname: is a label the kubelet or EKS sets on every node itself`}},
		{"two taints of one key and effect", eks + eksBase + "taints = [{ key = \"a\", effect = \"NoSchedule\" }, { key = \"a\", value = \"b\", effect = \"NoSchedule\" }]\n",
			[]string{`scenario.toml:7:49: instance_groups[0].taints[1]: a node may not have two taints of one key and effect (core/v1 validateNodeTaints)`}},
		{"two spreads of one key", eks + eksBase + svc + "kubernetes = { topology_spread_constraints = [{ max_skew = 1, topology_key = \"kubernetes.io/hostname\" }, { max_skew = 2, topology_key = \"kubernetes.io/hostname\" }] }\n",
			[]string{`scenario.toml:16:106: services[0].kubernetes.topology_spread_constraints[1]: two constraints of one topology_key and when_unsatisfiable (core/v1 validation: duplicate value)`}},
		{"a surge of 150%", eks + eksBase + svc + "kubernetes = { rolling_update = { max_surge = \"150%\" } }\n",
			[]string{`scenario.toml:16:47: services[0].kubernetes.rolling_update.max_surge: want a count such as "2" or a percentage such as "25%" (at most 100%), got "150%"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, loadRender(loadProblems(t, tc.src))); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

// placements records each task's service and the group and zone of its instance.
type placements map[string][]string

func (p placements) Observe(_ sim.Time, e models.Event) {
	if e.Kind == models.TaskPlaced && e.Task.Service != nil {
		p[e.Task.Service.Name] = append(p[e.Task.Service.Name], e.Instance.Group+"/"+e.Instance.Zone)
	}
}

// eksGroups is an EKS scenario with a tainted node group and pod templates: a seed of
// FuzzLoad too.
const eksGroups = `orchestrator = "eks"
duration = "10m"
[[instance_groups]]
name = "general"
type = "m5.xlarge"
count = 3
[[instance_groups]]
name = "gpu"
type = "m5.xlarge"
count = 3
labels = { kind = "gpu" }
taints = [{ key = "gpu", value = "true", effect = "NoSchedule" }]
[[task_definitions]]
family = "app"
cpu = 256
memory = 512
containers = [{ name = "app" }]
[[services]]
name = "web"
task_definition = "app:1"
desired_count = 9
kubernetes = { topology_spread_constraints = [{ max_skew = 1, topology_key = "topology.kubernetes.io/zone", when_unsatisfiable = "DoNotSchedule" }] }
[[services]]
name = "ml"
task_definition = "app:1"
desired_count = 4
  [services.kubernetes]
  node_selector = { kind = "gpu" }
  tolerations = [{ key = "gpu", operator = "Equal", value = "true", effect = "NoSchedule" }]
`

// TestNodeGroupsAndPodTemplates: a tainted GPU node group takes only the pods that tolerate its
// taint, and a node selector keeps a service's pods on it; a DoNotSchedule spread of skew 1
// over zones puts 2 of 6 pods in each of three zones, whatever LeastAllocated prefers.
func TestNodeGroupsAndPodTemplates(t *testing.T) {
	src := eksGroups
	sc, err := Load([]byte(src), "groups.toml")
	if err != nil {
		t.Fatal(err)
	}
	p := placements{}
	if _, err := runChecked(t, sc, p); err != nil {
		t.Fatal(err)
	}
	zones := map[string]int{}
	for _, where := range p["web"] {
		group, zone, _ := strings.Cut(where, "/")
		if group != "general" {
			t.Errorf("a web pod on %s, which it does not tolerate", where)
		}
		zones[zone]++
	}
	if want := map[string]int{"us-east-1a": 3, "us-east-1b": 3, "us-east-1c": 3}; !cmp.Equal(zones, want) {
		t.Errorf("web's pods by zone %v, want %v", zones, want)
	}
	for _, where := range p["ml"] {
		if !strings.HasPrefix(where, "gpu/") {
			t.Errorf("an ml pod on %s, outside its node selector", where)
		}
	}
	if len(p["ml"]) != 4 || len(p["web"]) != 9 {
		t.Errorf("placed %d web and %d ml pods, want 9 and 4", len(p["web"]), len(p["ml"]))
	}
}

// zoneRunning samples, at given times, a service's running pods by zone: from TaskRunning to
// the pod's first stop event.
type zoneRunning struct {
	service string
	at      []sim.Time
	zoneOf  map[*models.Task]string
	seen    []map[string]int
}

func (z *zoneRunning) Observe(now sim.Time, e models.Event) {
	for len(z.seen) < len(z.at) && now > z.at[len(z.seen)] {
		snap := map[string]int{}
		for _, zone := range z.zoneOf {
			snap[zone]++
		}
		z.seen = append(z.seen, snap)
	}
	if e.Task == nil || e.Task.Service == nil || e.Task.Service.Name != z.service {
		return
	}
	switch e.Kind {
	case models.TaskRunning:
		z.zoneOf[e.Task] = e.Task.Instance.Zone
	case models.TaskStopping, models.TaskStopped:
		delete(z.zoneOf, e.Task)
	}
}

// TestSpreadThroughZoneOutage: a zone spread of skew 1 (DoNotSchedule) holds through a scale
// from 6 to 12 pods and an outage of one of three zones: the zone's nodes are NotReady to
// Kubernetes, not gone, so it stays a domain with no pod, and the 4 pods it lost wait Pending
// (0/4/4) until it returns (4/4/4), where ECS-style replacement would pile 6/6 into the others.
func TestSpreadThroughZoneOutage(t *testing.T) {
	src := `orchestrator = "eks"
duration = "2h"
[[instance_groups]]
type = "m5.large"
count = 6
[[task_definitions]]
family = "web"
cpu = 256
memory = 512
containers = [{ name = "web" }]
[[services]]
name = "web"
task_definition = "web"
desired_count = 6
kubernetes = { topology_spread_constraints = [{ max_skew = 1, topology_key = "topology.kubernetes.io/zone", when_unsatisfiable = "DoNotSchedule" }] }
[[events]]
at = "20m"
action = "scale"
service = "web"
desired_count = 12
[[events]]
at = "40m"
action = "az_outage"
zone = "us-east-1a"
duration = "30m"
`
	sc, err := Load([]byte(src), "spread.toml")
	if err != nil {
		t.Fatal(err)
	}
	min := func(m int) sim.Time { return sim.Time(time.Duration(m) * time.Minute) }
	z := &zoneRunning{service: "web", at: []sim.Time{min(30), min(60), min(100)}, zoneOf: map[*models.Task]string{}}
	if _, err := runChecked(t, sc, z); err != nil {
		t.Fatal(err)
	}
	z.Observe(sim.Time(sc.Duration)+1, models.Event{}) // the samples after the last event
	want := []map[string]int{
		{"us-east-1a": 4, "us-east-1b": 4, "us-east-1c": 4},
		{"us-east-1b": 4, "us-east-1c": 4},
		{"us-east-1a": 4, "us-east-1b": 4, "us-east-1c": 4},
	}
	if diff := cmp.Diff(want, z.seen); diff != "" {
		t.Errorf("web's running pods by zone at 30m, 60m and 100m (-want +got):\n%s", diff)
	}
}

// TestNodeAffinityAndShape: a pod template's required node affinity, ANDed with what its
// constraints require, and a preferred term; RequestedToCapacityRatio with its shape.
func TestNodeAffinityAndShape(t *testing.T) {
	src := `orchestrator = "eks"
duration = "10m"
[eks]
scoring_strategy = "RequestedToCapacityRatio"
shape = [{ utilization = 0, score = 10 }, { utilization = 100, score = 0 }]
[[instance_groups]]
type = "m5.large"
count = 3
[[task_definitions]]
family = "app"
cpu = 256
memory = 512
containers = [{ name = "app" }]
[[services]]
name = "app"
task_definition = "app:1"
desired_count = 2
placement_constraints = [{ type = "memberOf", expression = "attribute:ecs.availability-zone != us-east-1c" }]
  [services.kubernetes.node_affinity]
  required = [{ match_expressions = [{ key = "kubernetes.io/arch", operator = "In", values = ["amd64"] }] }]
  preferred = [{ weight = 50, match_expressions = [{ key = "topology.kubernetes.io/zone", operator = "In", values = ["us-east-1b"] }] }]
`
	sc, err := Load([]byte(src), "affinity.toml")
	if err != nil {
		t.Fatal(err)
	}
	spec := sc.Services[0].Kube
	want := []models.NodeSelectorTerm{{MatchExpressions: []models.NodeSelectorRequirement{
		{Key: "kubernetes.io/arch", Operator: models.OpIn, Values: []string{"amd64"}},
		{Key: models.LabelZone, Operator: models.OpNotIn, Values: []string{"us-east-1c"}},
	}}}
	if diff := cmp.Diff(want, spec.RequiredNodeAffinity); diff != "" {
		t.Errorf("required node affinity (-want +got):\n%s", diff)
	}
	if len(spec.PreferredNodeAffinity) != 1 || spec.PreferredNodeAffinity[0].Weight != 50 {
		t.Errorf("preferred node affinity %+v, want one term of weight 50", spec.PreferredNodeAffinity)
	}
	if got := sc.KubeScheduler.Shape; len(got) != 2 || got[1].Score != 0 {
		t.Errorf("shape %+v", got)
	}
	p := placements{}
	if _, err := runChecked(t, sc, p); err != nil {
		t.Fatal(err)
	}
	for _, where := range p["app"] {
		if strings.HasSuffix(where, "us-east-1c") {
			t.Errorf("a pod on %s, which its constraint excludes", where)
		}
	}
}
