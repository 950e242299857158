package scenarios

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/models"
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
			[]string{`scenario.toml:8:20: eks.scoring_strategy: want LeastAllocated or MostAllocated, got "MostRequested"`}},
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
