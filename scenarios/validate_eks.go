package scenarios

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/ecssim/ecssim/kubesched"
	"github.com/ecssim/ecssim/models"
)

// The orchestrators a scenario may name: ECS, or Kubernetes on EKS, which runs the scenario's
// services as Deployments and its workloads' tasks as pods, on the same fleet.
const (
	OrchestratorECS = "ecs"
	OrchestratorEKS = "eks"
)

// KubeSchedulerConfig is the kube-scheduler profile of an EKS run ([eks]): NodeResourcesFit's
// scoring strategy (with RequestedToCapacityRatio, its shape) and percentageOfNodesToScore
// (0: the adaptive default).
type KubeSchedulerConfig struct {
	ScoringStrategy          string
	Shape                    []kubesched.ShapePoint
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
			{"scoring_strategy", e.ScoringStrategy.set}, {"percentage_of_nodes_to_score", e.PercentageOfNodesToScore.set},
			{"cluster_autoscaler", e.ClusterAutoscaler != clusterAutoscalerFile{}}} {
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
	c.shape(e, sc)
}

// shape reads RequestedToCapacityRatio's shape: utilization 0-100, strictly increasing, and
// score 0-10 at each point (kube-scheduler validateFunctionShape).
func (c *checker) shape(e *eksFile, sc *Scenario) {
	const p = "eks.shape"
	rtcr := sc.KubeScheduler.ScoringStrategy == "RequestedToCapacityRatio"
	switch {
	case rtcr && len(e.Shape) == 0:
		c.bad("eks.scoring_strategy", "RequestedToCapacityRatio needs a shape: [eks] shape = [{ utilization = 0, score = 0 }, { utilization = 100, score = 10 }]")
		return
	case !rtcr && len(e.Shape) > 0:
		c.bad(p, "is for scoring_strategy = \"RequestedToCapacityRatio\"")
		return
	}
	last := int64(-1) // the utilization of the point before, -1 when it did not parse
	for i, pt := range e.Shape {
		u, okU := c.intIn(fmt.Sprintf("%s[%d].utilization", p, i), pt.Utilization, 0, 100)
		s, okS := c.intIn(fmt.Sprintf("%s[%d].score", p, i), pt.Score, 0, 10)
		if okU && last >= 0 && u <= last {
			c.bad(fmt.Sprintf("%s[%d].utilization", p, i), "the shape's utilizations must increase")
		}
		last = -1
		if okU {
			last = u
		}
		if okU && okS {
			sc.KubeScheduler.Shape = append(sc.KubeScheduler.Shape, kubesched.ShapePoint{Utilization: u, Score: s})
		}
	}
}

// eksRun makes an EKS scenario's task definitions pods and its services Deployments (REPLICA)
// and DaemonSets (DAEMON), runs on EKS on Fargate what would run on Fargate (eksFargate), and
// refuses what EKS has no equivalent for, or what ecssim does not
// model under EKS yet, each at its key.
func (c *checker) eksRun(f *scenarioFile, sc *Scenario) {
	if sc.Orchestrator != OrchestratorEKS {
		c.notKube(f)
		c.notNative(f)
		return
	}
	for _, d := range sc.TaskDefinitions {
		d.Kube = &models.PodSpec{}
		d.Finalize()
	}
	for i, g := range sc.InstanceGroups {
		if i < len(f.InstanceGroups) {
			c.kubeNodeGroup(fmt.Sprintf("instance_groups[%d]", i), &f.InstanceGroups[i], g)
		}
	}
	c.nativeNodeGroups(f, sc)
	c.eksAgents(f, sc)
	c.eksApps(f, sc)
	c.eksFargateDefault(sc)
	c.eksNodeGroups(f, sc)
}

// eksEvents checks an EKS scenario's events, once they are read: the task definitions they
// deploy to Fargate, and what has no EKS equivalent.
func (c *checker) eksEvents(f *scenarioFile, sc *Scenario) {
	if sc.Orchestrator != OrchestratorEKS {
		return
	}
	c.eksFargateDeploys(sc)
	for i := range f.Events {
		if f.Events[i].Action.v == string(models.ActionAgentDisconnect) {
			c.bad(fmt.Sprintf("events[%d].action", i), "agent_disconnect cuts off ECS's agent, which an EKS node does not run")
		}
	}
}

// eksApps makes the scenario's services Deployments and DaemonSets and its workloads' tasks
// pods, then adds the Deployments, DaemonSets and Jobs it writes in Kubernetes' vocabulary.
func (c *checker) eksApps(f *scenarioFile, sc *Scenario) {
	names := map[string]string{}
	var apps []string
	for i, s := range sc.Services {
		apps, names[s.Name] = append(apps, s.Name), fmt.Sprintf("services[%d].name", i)
	}
	for i, w := range sc.Workloads {
		apps, names[w.Name] = append(apps, w.Name), fmt.Sprintf("workloads[%d].name", i)
	}
	for _, n := range nativeNames(f) {
		apps = append(apps, n.v)
	}
	for i := range sc.Services {
		c.eksService(fmt.Sprintf("services[%d]", i), &f.Services[i], &sc.Services[i], sc, apps)
	}
	for i := range sc.Workloads {
		c.eksWorkload(fmt.Sprintf("workloads[%d]", i), &f.Workloads[i], &sc.Workloads[i], sc, apps)
	}
	c.nativeApps(f, sc, names, apps)
}

// nativeNames lists the names of the Deployments, DaemonSets and Jobs of Kubernetes'
// vocabulary, in that order.
func nativeNames(f *scenarioFile) []str {
	return slices.Concat(namesOf(f.Deployments, func(d kubeDeploymentFile) str { return d.Name }),
		namesOf(f.DaemonSets, func(d daemonSetFile) str { return d.Name }), namesOf(f.Jobs, func(j jobFile) str { return j.Name }))
}

// namesOf lists the names of a Kubernetes table's objects.
func namesOf[T any](objs []T, name func(T) str) []str {
	out := make([]str, len(objs))
	for i, o := range objs {
		out[i] = name(o)
	}
	return out
}

// eksWorkload makes workload w (file f, at p) a stream of pods.
func (c *checker) eksWorkload(p string, f *workloadFile, w *models.WorkloadConfig, sc *Scenario, apps []string) {
	w.Kube = c.podSpec(p+".placement_constraints", w.Name, w.Constraints)
	c.podTemplate(p+".kubernetes", &f.Kubernetes, w.Kube, apps)
	if f.Kubernetes.RollingUpdate != (rollingUpdateFile{}) {
		c.bad(p+".kubernetes.rolling_update", "is for a service's Deployment: a workload's pods are not rolled out")
	}
	if len(f.PlacementStrategy) > 0 {
		c.warn(p+".placement_strategy", "an EKS run places with the kube-scheduler's scoring ([eks] scoring_strategy), which has no per-workload strategy: this one is ignored")
	}
	if onFargate(w.LaunchType, w.CapacityProviderStrategy, sc) {
		c.eksFargate(p, w.Def, w.CapacityProviderStrategy, false, sc)
	}
}

// eksService makes service s (file f, at p) a Deployment or a DaemonSet.
func (c *checker) eksService(p string, f *serviceFile, s *models.ServiceConfig, sc *Scenario, apps []string) {
	ru := &f.Kubernetes.RollingUpdate
	switch {
	case s.Scheduling == models.Replica:
		u := models.RollingUpdateFor(s.MinimumHealthyPercent, s.MaximumPercent)
		c.rollingUpdate(p+".kubernetes.rolling_update", ru, &u)
		s.RollingUpdate = &u
	case *ru != (rollingUpdateFile{}):
		c.bad(p+".kubernetes.rolling_update", "is for a Deployment (a REPLICA service): a DaemonSet's rollout is not modelled")
	}
	s.MinReady = c.minReady(p+".kubernetes.min_ready_seconds", f.Kubernetes.MinReadySeconds) // DaemonSets take it too
	s.Kube = c.podSpec(p+".placement_constraints", s.Name, s.Constraints)
	c.podTemplate(p+".kubernetes", &f.Kubernetes, s.Kube, apps)
	if len(f.PlacementStrategy) > 0 {
		c.warn(p+".placement_strategy", "an EKS run places with the kube-scheduler's scoring ([eks] scoring_strategy), which has no per-service strategy: this one is ignored")
	}
	daemon := s.Scheduling == models.Daemon
	if onFargate(s.LaunchType, s.CapacityProviderStrategy, sc) || daemon && f.LaunchType.v == models.LaunchFargate {
		c.eksFargate(p, s.Def, s.CapacityProviderStrategy, daemon, sc)
	}
	if s.AZRebalancing == models.RebalancingEnabled {
		c.warn(p+".availability_zone_rebalancing", "Kubernetes moves no running pod to even out zones: an EKS run ignores it")
	}
}

// podSpec translates a service's ECS placement constraints into its pod template's
// scheduling: distinctInstance becomes required pod anti-affinity on the node's hostname
// against the service's own pods; memberOf, a conjunction (and, &&) of ==, !=, in and not in
// on one attribute each, becomes required node affinity: on a zone, instance type or CPU
// architecture attribute, the node's well-known label; on a custom attribute, the label of
// that name, which an EKS run's nodes carry for their group's attributes (Cluster.Register).
// Other expressions have no translation, and are refused.
func (c *checker) podSpec(p, app string, cons []models.ConstraintSpec) *models.PodSpec {
	spec := &models.PodSpec{}
	var reqs []models.NodeSelectorRequirement
	for i, con := range cons {
		if con.Type == "distinctInstance" {
			spec.RequiredPodAntiAffinity = append(spec.RequiredPodAntiAffinity, models.PodAffinityTerm{App: app, TopologyKey: models.LabelHostname})
			continue
		}
		rs, ok := nodeRequirements(con.Expression)
		if !ok {
			c.bad(fmt.Sprintf("%s[%d].expression", p, i), "%q has no Kubernetes node affinity ecssim can translate: an EKS run takes ==, !=, in and not in on an attribute (ecs.availability-zone, ecs.instance-type, ecs.cpu-architecture or a custom one), joined by and", con.Expression)
			continue
		}
		reqs = append(reqs, rs...)
	}
	if len(reqs) > 0 {
		spec.RequiredNodeAffinity = []models.NodeSelectorTerm{{MatchExpressions: reqs}}
	}
	return spec
}

// memberOfRE is a comparison on one attribute: ==, !=, in [...] or not in [...].
var memberOfRE = regexp.MustCompile(`^\s*attribute:([A-Za-z0-9_.:/-]+)\s*(==|!=|not in|in)\s*(\[[^\]]*\]|\S+)\s*$`)

// andRE splits a conjunction.
var andRE = regexp.MustCompile(`\s+(?:and|&&)\s+`)

// nodeLabels are the ECS attributes whose values a node's well-known labels carry.
var nodeLabels = map[string]string{
	"ecs.availability-zone": models.LabelZone,
	"ecs.instance-type":     models.LabelInstanceType,
	"ecs.cpu-architecture":  models.LabelArch,
}

// nodeRequirements translates a memberOf expression into node selector requirements, all of
// which a node must meet.
func nodeRequirements(expr string) ([]models.NodeSelectorRequirement, bool) {
	var reqs []models.NodeSelectorRequirement
	for _, part := range andRE.Split(expr, -1) {
		m := memberOfRE.FindStringSubmatch(part)
		if m == nil {
			return nil, false
		}
		key := m[1]
		if strings.HasPrefix(key, "ecs.") {
			if key = nodeLabels[key]; key == "" {
				return nil, false
			}
		}
		values := strings.Split(strings.Trim(m[3], "[]"), ",")
		for i, v := range values {
			values[i] = strings.TrimSpace(v)
			if m[1] == "ecs.cpu-architecture" && values[i] == string(models.ArchX86_64) {
				values[i] = "amd64" // Kubernetes names the architectures as Go does
			}
		}
		op := models.OpIn
		if m[2] == "!=" || m[2] == "not in" {
			op = models.OpNotIn
		}
		reqs = append(reqs, models.NodeSelectorRequirement{Key: key, Operator: op, Values: values})
	}
	return reqs, true
}
