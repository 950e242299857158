package scenarios

import "github.com/ecssim/ecssim/models"

// The orchestrators a scenario may name: ECS, or Kubernetes on EKS, which runs the scenario's
// services as Deployments and its workloads' tasks as pods, on the same fleet.
const (
	OrchestratorECS = "ecs"
	OrchestratorEKS = "eks"
)

// KubeSchedulerConfig is the kube-scheduler profile of an EKS run ([eks]): NodeResourcesFit's
// scoring strategy and percentageOfNodesToScore (0: the adaptive default).
type KubeSchedulerConfig struct {
	ScoringStrategy          string
	PercentageOfNodesToScore int
}

// The scoring strategies of NodeResourcesFit (kube-scheduler config v1 ScoringStrategyType).
var scoringStrategies = []string{"LeastAllocated", "MostAllocated", "RequestedToCapacityRatio"}

// maxKubeletMaxPods bounds [eks] max_pods: far above any node's addresses (737 is the
// catalog's most), a figure that still keeps a fleet's pods countable.
const maxKubeletMaxPods = 10_000

// orchestrator reads orchestrator and the [eks] table, which only an EKS run takes.
func (c *checker) orchestrator(f *scenarioFile, sc *Scenario) {
	sc.Orchestrator = OrchestratorECS
	if o, ok := c.oneOf("orchestrator", f.Orchestrator, OrchestratorECS, OrchestratorEKS); ok {
		sc.Orchestrator = o
	}
	e := &f.EKS
	if sc.Orchestrator != OrchestratorEKS {
		for _, k := range []struct {
			key string
			set bool
		}{{"prefix_delegation", e.PrefixDelegation.set}, {"max_pods", e.MaxPods.set},
			{"scoring_strategy", e.ScoringStrategy.set}, {"percentage_of_nodes_to_score", e.PercentageOfNodesToScore.set}} {
			if k.set {
				c.bad("eks."+k.key, `is for an EKS run (set orchestrator = "eks")`)
			}
		}
		return
	}
	sc.Kubelet = &models.Kubelet{}
	if typed(c, "eks.prefix_delegation", e.PrefixDelegation) {
		sc.Kubelet.PrefixDelegation = e.PrefixDelegation.v
	}
	if n, ok := c.intIn("eks.max_pods", e.MaxPods, 1, maxKubeletMaxPods); ok {
		sc.Kubelet.MaxPods = int(n)
	}
	sc.KubeScheduler.ScoringStrategy = scoringStrategies[0]
	if s, ok := c.oneOf("eks.scoring_strategy", e.ScoringStrategy, scoringStrategies...); ok {
		sc.KubeScheduler.ScoringStrategy = s
	}
	if n, ok := c.intIn("eks.percentage_of_nodes_to_score", e.PercentageOfNodesToScore, 0, 100); ok {
		sc.KubeScheduler.PercentageOfNodesToScore = int(n)
	}
}
