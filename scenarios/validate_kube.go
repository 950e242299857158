package scenarios

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ecssim/ecssim/models"
)

// The Kubernetes keys of an EKS scenario: a node group's labels and taints, and a service's or
// workload's [kubernetes] table (kubeFile), each checked by the rule the Kubernetes API
// server's validation applies to it, and refused in an ECS run.

// labelNameRE is a label key's name part or a label value: at most 63 characters,
// alphanumerics with -, _ and . inside (apimachinery validation IsQualifiedName and
// IsValidLabelValue).
var labelNameRE = regexp.MustCompile(`^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$`)

// labelPrefixRE is a label key's prefix: a DNS subdomain of at most 253 characters
// (IsDNS1123Subdomain).
var labelPrefixRE = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`)

// checkLabelKey reports a label key Kubernetes would refuse.
func (c *checker) checkLabelKey(path, key string) {
	prefix, name, hasPrefix := strings.Cut(key, "/")
	if !hasPrefix {
		prefix, name = "", key
	}
	if name == "" || !labelNameRE.MatchString(name) || hasPrefix && (len(prefix) > 253 || !labelPrefixRE.MatchString(prefix)) {
		c.bad(path, "%q is no Kubernetes label key: [prefix/]name, the name at most 63 letters, digits, -, _ and . starting and ending alphanumeric, the prefix a DNS subdomain", key)
	}
}

// checkLabelValue reports a label value Kubernetes would refuse.
func (c *checker) checkLabelValue(path, v string) {
	if !labelNameRE.MatchString(v) {
		c.bad(path, "%q is no Kubernetes label value: at most 63 letters, digits, -, _ and . starting and ending alphanumeric", v)
	}
}

// labels reads a table of labels, in key order.
func (c *checker) labels(p string, f map[string]str) map[string]string {
	if len(f) == 0 {
		return nil
	}
	out := map[string]string{}
	keys := make([]string, 0, len(f))
	for k := range f {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		kp := p + "." + k
		c.checkLabelKey(kp, k)
		if typed(c, kp, f[k]) {
			c.checkLabelValue(kp, f[k].v)
			out[k] = f[k].v
		}
	}
	return out
}

// taintEffects are a taint's effects, and a toleration's (core/v1 TaintEffect).
var taintEffects = []string{string(models.NoSchedule), string(models.PreferNoSchedule), string(models.NoExecute)}

// kubeNodeGroup reads an instance group's labels and taints into g, for an EKS run.
func (c *checker) kubeNodeGroup(p string, f *instanceGroupFile, g *models.InstanceGroup) {
	node := &models.KubeNode{Labels: c.labels(p+".labels", f.Labels)}
	for _, k := range wellKnownLabels {
		if _, ok := node.Labels[k]; ok {
			c.bad(p+".labels."+k, "is a label the kubelet or EKS sets on every node itself")
		}
	}
	for i, t := range f.Taints {
		tp := fmt.Sprintf("%s.taints[%d]", p, i)
		var taint models.Taint
		if typed(c, tp+".key", t.Key) {
			c.checkLabelKey(tp+".key", t.Key.v)
			taint.Key = t.Key.v
		} else if !t.Key.set {
			c.missing(tp, "key")
		}
		if typed(c, tp+".value", t.Value) {
			c.checkLabelValue(tp+".value", t.Value.v)
			taint.Value = t.Value.v
		}
		if e, ok := c.oneOf(tp+".effect", t.Effect, taintEffects...); ok {
			taint.Effect = models.TaintEffect(e)
		} else if !t.Effect.set {
			c.missing(tp, "effect")
		}
		if slices.ContainsFunc(node.Taints, func(o models.Taint) bool { return o.Key == taint.Key && o.Effect == taint.Effect }) {
			c.bad(tp, "a node may not have two taints of one key and effect (core/v1 validateNodeTaints)")
		}
		node.Taints = append(node.Taints, taint)
	}
	if node.Labels != nil || node.Taints != nil {
		g.Kube = node
	}
}

// notKube reports the Kubernetes keys of an ECS scenario: they are for an EKS run.
func (c *checker) notKube(f *scenarioFile) {
	const why = `is for an EKS run (set orchestrator = "eks")`
	for i, g := range f.InstanceGroups {
		if len(g.Labels) > 0 {
			c.bad(fmt.Sprintf("instance_groups[%d].labels", i), why)
		}
		if len(g.Taints) > 0 {
			c.bad(fmt.Sprintf("instance_groups[%d].taints", i), why)
		}
	}
	for i := range f.Services {
		if !f.Services[i].Kubernetes.empty() {
			c.bad(fmt.Sprintf("services[%d].kubernetes", i), why)
		}
	}
	for i := range f.Workloads {
		if !f.Workloads[i].Kubernetes.empty() {
			c.bad(fmt.Sprintf("workloads[%d].kubernetes", i), why)
		}
	}
}

func (k *kubeFile) empty() bool {
	return len(k.NodeSelector) == 0 && len(k.Tolerations) == 0 && len(k.TopologySpreadConstraints) == 0 &&
		len(k.PodAffinity) == 0 && len(k.PodAntiAffinity) == 0 && k.RollingUpdate == (rollingUpdateFile{}) && !k.MinReadySeconds.set &&
		len(k.NodeAffinity.Required) == 0 && len(k.NodeAffinity.Preferred) == 0
}

// minReady reads a Deployment's min_ready_seconds (apps/v1 minReadySeconds, 0 by default).
func (c *checker) minReady(p string, v integer) time.Duration {
	n, _ := c.intIn(p, v, 0, math.MaxInt32)
	return time.Duration(n) * time.Second
}

// podTemplate adds a [kubernetes] table's scheduling to spec. apps are the scenario's services
// and workloads, which pod (anti-)affinity terms name.
func (c *checker) podTemplate(p string, f *kubeFile, spec *models.PodSpec, apps []string) {
	spec.NodeSelector = c.labels(p+".node_selector", f.NodeSelector)
	for i := range f.Tolerations {
		if t, ok := c.toleration(fmt.Sprintf("%s.tolerations[%d]", p, i), &f.Tolerations[i]); ok {
			spec.Tolerations = append(spec.Tolerations, t)
		}
	}
	for i := range f.TopologySpreadConstraints {
		tp := fmt.Sprintf("%s.topology_spread_constraints[%d]", p, i)
		t, ok := c.spread(tp, &f.TopologySpreadConstraints[i])
		if ok && slices.ContainsFunc(spec.TopologySpread, func(o models.TopologySpreadConstraint) bool {
			return o.TopologyKey == t.TopologyKey && o.WhenUnsatisfiable == t.WhenUnsatisfiable
		}) {
			c.bad(tp, "two constraints of one topology_key and when_unsatisfiable (core/v1 validation: duplicate value)")
			ok = false
		}
		if ok {
			spec.TopologySpread = append(spec.TopologySpread, t)
		}
	}
	c.podAffinity(p+".pod_affinity", f.PodAffinity, apps, &spec.RequiredPodAffinity, &spec.PreferredPodAffinity)
	c.podAffinity(p+".pod_anti_affinity", f.PodAntiAffinity, apps, &spec.RequiredPodAntiAffinity, &spec.PreferredPodAntiAffinity)
	c.nodeAffinity(p+".node_affinity", &f.NodeAffinity, spec)
}

// toleration reads a toleration: Exists with no value, or Equal (the default) with one
// (core/v1 validation validateTolerations).
func (c *checker) toleration(p string, f *tolerationFile) (models.Toleration, bool) {
	t := models.Toleration{Operator: models.TolerationEqual}
	ok := true
	if typed(c, p+".key", f.Key) {
		c.checkLabelKey(p+".key", f.Key.v)
		t.Key = f.Key.v
	}
	if op, good := c.oneOf(p+".operator", f.Operator, string(models.TolerationEqual), string(models.TolerationExists)); good {
		t.Operator = models.TolerationOperator(op)
	}
	if typed(c, p+".value", f.Value) {
		t.Value = f.Value.v
		if t.Operator == models.TolerationExists && t.Value != "" {
			c.bad(p+".value", "a toleration with operator Exists takes no value")
			ok = false
		}
	}
	if t.Key == "" && t.Operator != models.TolerationExists {
		c.bad(p+".operator", "a toleration without a key must have operator Exists (it tolerates every taint)")
		ok = false
	}
	if e, good := c.oneOf(p+".effect", f.Effect, taintEffects...); good {
		t.Effect = models.TaintEffect(e)
	}
	return t, ok
}

// spread reads a topology spread constraint (core/v1 validation
// validateTopologySpreadConstraints: maxSkew at least 1, minDomains only with DoNotSchedule).
func (c *checker) spread(p string, f *spreadFile) (models.TopologySpreadConstraint, bool) {
	var t models.TopologySpreadConstraint
	skew, ok := c.intIn(p+".max_skew", f.MaxSkew, 1, 1<<31-1)
	if !f.MaxSkew.set {
		c.missing(p, "max_skew")
	}
	t.MaxSkew = int32(skew)
	if typed(c, p+".topology_key", f.TopologyKey) {
		c.checkLabelKey(p+".topology_key", f.TopologyKey.v)
		t.TopologyKey = f.TopologyKey.v
	} else if !f.TopologyKey.set {
		c.missing(p, "topology_key")
		ok = false
	}
	t.WhenUnsatisfiable = models.DoNotSchedule
	if w, good := c.oneOf(p+".when_unsatisfiable", f.WhenUnsatisfiable, string(models.DoNotSchedule), string(models.ScheduleAnyway)); good {
		t.WhenUnsatisfiable = models.UnsatisfiableConstraintAction(w)
	}
	if n, good := c.intIn(p+".min_domains", f.MinDomains, 1, 1<<31-1); good {
		if t.WhenUnsatisfiable != models.DoNotSchedule {
			c.bad(p+".min_domains", "goes with when_unsatisfiable = \"DoNotSchedule\" only")
		}
		t.MinDomains = int32(n)
	}
	return t, ok && t.MaxSkew > 0
}

// podAffinity reads pod (anti-)affinity terms: with a weight (1-100) preferred, else
// required.
func (c *checker) podAffinity(p string, fs []podAffinityFile, apps []string, required *[]models.PodAffinityTerm, preferred *[]models.WeightedPodAffinityTerm) {
	for i, f := range fs {
		tp := fmt.Sprintf("%s[%d]", p, i)
		var term models.PodAffinityTerm
		if typed(c, tp+".app", f.App) {
			if !slices.Contains(apps, f.App.v) {
				c.bad(tp+".app", "%q names no service or workload of the scenario", f.App.v)
			}
			term.App = f.App.v
		} else if !f.App.set {
			c.missing(tp, "app")
		}
		if typed(c, tp+".topology_key", f.TopologyKey) {
			c.checkLabelKey(tp+".topology_key", f.TopologyKey.v)
			term.TopologyKey = f.TopologyKey.v
		} else if !f.TopologyKey.set {
			c.missing(tp, "topology_key")
		}
		if w, ok := c.intIn(tp+".weight", f.Weight, 1, 100); ok {
			*preferred = append(*preferred, models.WeightedPodAffinityTerm{Weight: int32(w), Term: term})
		} else if !f.Weight.set {
			*required = append(*required, term)
		}
	}
}

// rollingUpdate reads a Deployment's rolling_update over the one its ECS deployment
// configuration gives (models.RollingUpdateFor): counts or percentages, not both zero
// (apps/v1 validation ValidateRollingUpdateDeployment).
func (c *checker) rollingUpdate(p string, f *rollingUpdateFile, u *models.RollingUpdate) {
	if v, ok := c.intOrPercent(p+".max_surge", f.MaxSurge); ok {
		u.MaxSurge = v
	}
	if v, ok := c.intOrPercent(p+".max_unavailable", f.MaxUnavailable); ok {
		u.MaxUnavailable = v
	}
	if (f.MaxSurge.set || f.MaxUnavailable.set) && u.MaxSurge.Value == 0 && u.MaxUnavailable.Value == 0 {
		c.bad(p, "max_surge and max_unavailable may not both be 0")
	}
}

// intOrPercent reads "25%" or "2": Kubernetes' IntOrString as a rollout takes it, at most 100%.
func (c *checker) intOrPercent(p string, v str) (models.IntOrPercent, bool) {
	if !typed(c, p, v) {
		return models.IntOrPercent{}, false
	}
	s, pct := strings.CutSuffix(v.v, "%")
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || pct && n > 100 || n > 1_000_000 {
		c.bad(p, "want a count such as \"2\" or a percentage such as \"25%%\" (at most 100%%), got %q", v.v)
		return models.IntOrPercent{}, false
	}
	return models.IntOrPercent{Value: n, Percent: pct}, true
}

// eksAgents ignores, with a warning, the ECS agent configuration of an EKS run's node groups:
// an EKS node runs the kubelet, not ECS's agent, so ECS_CLUSTER, registry credentials, task IAM
// roles, logging drivers and the rest of the agent's settings do not apply. Its nodes take the
// agent's defaults, which the node model (Cluster.Kubelet) does not read beyond GPU support.
func (c *checker) eksAgents(f *scenarioFile, sc *Scenario) {
	const why = "an EKS node runs the kubelet, not ECS's agent: an EKS run ignores it"
	for i, g := range sc.InstanceGroups {
		p := fmt.Sprintf("instance_groups[%d]", i)
		for _, k := range []string{".agent", ".agent_config"} {
			if i < len(f.InstanceGroups) && c.given(p+k, true) {
				c.warn(p+k, why)
			}
		}
		g.Agent = nodeAgent(sc)
	}
	for i := range sc.CapacityProviders {
		p := fmt.Sprintf("capacity_providers[%d].auto_scaling_group", i)
		for _, k := range []string{".agent", ".agent_config"} {
			if i < len(f.CapacityProviders) && c.given(p+k, true) {
				c.warn(p+k, why)
			}
		}
		if cp := &sc.CapacityProviders[i]; cp.ASG != nil {
			cp.ASG.Agent = nodeAgent(sc)
		}
	}
}

// nodeAgent is the agent configuration an EKS node carries: the defaults, in the scenario's
// cluster, which every node of an EKS run joins.
func nodeAgent(sc *Scenario) models.AgentConfig {
	a := models.DefaultAgentConfig()
	a.Cluster = sc.Cluster
	return a
}

// wellKnownLabels are the node labels the kubelet and EKS set themselves (models.KubeLabel),
// which a node group's labels may not set.
var wellKnownLabels = []string{models.LabelHostname, models.LabelZone, models.LabelInstanceType, models.LabelArch,
	models.LabelOS, models.LabelCapacityType, models.LabelNodegroup}

// nodeOperators are a node selector requirement's operators (core/v1 NodeSelectorOperator).
var nodeOperators = []string{string(models.OpIn), string(models.OpNotIn), string(models.OpExists), string(models.OpDoesNotExist),
	string(models.OpGt), string(models.OpLt)}

// nodeAffinity adds a node_affinity table to spec: required terms, each ANDed with what the
// placement constraints already require (both must hold), and preferred ones.
func (c *checker) nodeAffinity(p string, f *nodeAffinityFile, spec *models.PodSpec) {
	var required []models.NodeSelectorTerm
	for i := range f.Required {
		tp := fmt.Sprintf("%s.required[%d]", p, i)
		if f.Required[i].Weight.set {
			c.bad(tp+".weight", "a required term has no weight: it is for preferred ones")
		}
		required = append(required, c.nodeTerm(tp, &f.Required[i]))
	}
	if required != nil {
		for _, from := range spec.RequiredNodeAffinity { // the constraints': one term
			for i := range required {
				required[i].MatchExpressions = append(required[i].MatchExpressions, from.MatchExpressions...)
			}
		}
		spec.RequiredNodeAffinity = required
	}
	for i := range f.Preferred {
		tp := fmt.Sprintf("%s.preferred[%d]", p, i)
		w, ok := c.intIn(tp+".weight", f.Preferred[i].Weight, 1, 100)
		if !ok && !f.Preferred[i].Weight.set {
			c.missing(tp, "weight")
		}
		spec.PreferredNodeAffinity = append(spec.PreferredNodeAffinity, models.PreferredSchedulingTerm{Weight: int32(w), Term: c.nodeTerm(tp, &f.Preferred[i])})
	}
}

// nodeTerm reads a node selector term's expressions (core/v1 validation
// validateNodeSelectorRequirement: In and NotIn take values, Exists and DoesNotExist none, Gt
// and Lt one integer).
func (c *checker) nodeTerm(p string, f *nodeTermFile) models.NodeSelectorTerm {
	var term models.NodeSelectorTerm
	if len(f.MatchExpressions) == 0 {
		c.bad(p+".match_expressions", "a term needs at least one expression")
	}
	for i, e := range f.MatchExpressions {
		ep := fmt.Sprintf("%s.match_expressions[%d]", p, i)
		r := models.NodeSelectorRequirement{}
		if typed(c, ep+".key", e.Key) {
			c.checkLabelKey(ep+".key", e.Key.v)
			r.Key = e.Key.v
		} else if !e.Key.set {
			c.missing(ep, "key")
		}
		op, ok := c.oneOf(ep+".operator", e.Operator, nodeOperators...)
		if !ok && !e.Operator.set {
			c.missing(ep, "operator")
		}
		r.Operator = models.NodeSelectorOperator(op)
		if typed(c, ep+".values", e.Values) {
			r.Values = e.Values.v
		}
		c.operatorValues(ep, r)
		term.MatchExpressions = append(term.MatchExpressions, r)
	}
	return term
}

// operatorValues checks a requirement's values against its operator.
func (c *checker) operatorValues(p string, r models.NodeSelectorRequirement) {
	switch r.Operator {
	case models.OpIn, models.OpNotIn:
		if len(r.Values) == 0 {
			c.bad(p+".values", "%s takes at least one value", r.Operator)
		}
	case models.OpExists, models.OpDoesNotExist:
		if len(r.Values) > 0 {
			c.bad(p+".values", "%s takes no value", r.Operator)
		}
	case models.OpGt, models.OpLt:
		if _, err := strconv.ParseInt(strings.Join(r.Values, ","), 10, 64); len(r.Values) != 1 || err != nil {
			c.bad(p+".values", "%s takes one integer value", r.Operator)
		}
	}
}
