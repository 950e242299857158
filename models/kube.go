package models

import "strings"

// The Kubernetes side of a node and a pod: what kube-scheduler reads that ECS has no word for.
// The types mirror the fields of the Kubernetes core/v1 API (k8s.io/api/core/v1 types.go) that
// the kubesched package's plugins read, with the API's names, and nothing else: an EKS run
// sets Instance.Kube and TaskDefinition.Kube, an ECS run leaves both nil.

// Well-known node labels the kubelet and EKS set on every node (k8s.io/api/core/v1
// well_known_labels.go; EKS user guide, managed node groups). They are computed from the
// Instance (KubeLabel) rather than stored.
const (
	LabelHostname     = "kubernetes.io/hostname"           // the node's name: the instance ID
	LabelZone         = "topology.kubernetes.io/zone"      // the instance's Availability Zone
	LabelInstanceType = "node.kubernetes.io/instance-type" // the EC2 instance type
	LabelArch         = "kubernetes.io/arch"               // amd64 or arm64, as Go names them
	LabelOS           = "kubernetes.io/os"                 // linux
	LabelCapacityType = "eks.amazonaws.com/capacityType"   // ON_DEMAND or SPOT
	LabelNodegroup    = "eks.amazonaws.com/nodegroup"      // the instance's group
)

// KubeNode is a node's scheduling metadata beyond the well-known labels: Node.metadata.labels
// and Node.spec.taints.
type KubeNode struct {
	// Labels are the node group's labels. A well-known label set here is shadowed by the
	// computed one (KubeLabel).
	Labels map[string]string
	Taints []Taint
}

// TaintEffect is a taint's effect (core/v1 TaintEffect).
type TaintEffect string

// Taint effects (core/v1 TaintEffectNoSchedule and the others).
const (
	NoSchedule       TaintEffect = "NoSchedule"
	PreferNoSchedule TaintEffect = "PreferNoSchedule"
	NoExecute        TaintEffect = "NoExecute"
)

// Taint is one of Node.spec.taints.
type Taint struct {
	Key, Value string
	Effect     TaintEffect
}

// KubeLabel returns the node label key of in: a well-known label computed from the instance,
// else one of in.Kube.Labels.
func (in *Instance) KubeLabel(key string) (string, bool) {
	switch key {
	case LabelHostname:
		return in.ID, true
	case LabelZone:
		return in.Zone, true
	case LabelInstanceType:
		return in.Type.Name, true
	case LabelArch:
		if in.Type.Arch == ArchARM64 {
			return "arm64", true
		}
		return "amd64", true
	case LabelOS:
		return "linux", true
	case LabelCapacityType:
		return strings.ToUpper(strings.ReplaceAll(string(in.Market), "-", "_")), true
	case LabelNodegroup:
		if in.Group != "" {
			return in.Group, true
		}
	}
	if in.Kube == nil {
		return "", false
	}
	v, ok := in.Kube.Labels[key]
	return v, ok
}

// NodeSelectorOperator is a node selector requirement's operator (core/v1
// NodeSelectorOperator).
type NodeSelectorOperator string

// Node selector operators.
const (
	OpIn           NodeSelectorOperator = "In"
	OpNotIn        NodeSelectorOperator = "NotIn"
	OpExists       NodeSelectorOperator = "Exists"
	OpDoesNotExist NodeSelectorOperator = "DoesNotExist"
	OpGt           NodeSelectorOperator = "Gt"
	OpLt           NodeSelectorOperator = "Lt"
)

// NodeSelectorRequirement is one of a NodeSelectorTerm's matchExpressions.
type NodeSelectorRequirement struct {
	Key      string
	Operator NodeSelectorOperator
	// Values: one or more for In and NotIn, none for Exists and DoesNotExist, one integer for
	// Gt and Lt.
	Values []string
}

// NodeSelectorTerm is a NodeSelectorTerm's matchExpressions, which all must hold. (matchFields
// selects by metadata.name only, which ecssim has no use for.)
type NodeSelectorTerm struct {
	MatchExpressions []NodeSelectorRequirement
}

// PreferredSchedulingTerm is one of nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution:
// a term and its weight, 1–100.
type PreferredSchedulingTerm struct {
	Weight int32
	Term   NodeSelectorTerm
}

// TolerationOperator is a toleration's operator (core/v1 TolerationOperator).
type TolerationOperator string

// Toleration operators; the empty operator means Equal.
const (
	TolerationEqual  TolerationOperator = "Equal"
	TolerationExists TolerationOperator = "Exists"
)

// Toleration is one of Pod.spec.tolerations. An empty Key with Exists tolerates every taint;
// an empty Effect matches every effect.
type Toleration struct {
	Key      string
	Operator TolerationOperator
	Value    string
	Effect   TaintEffect
}

// UnsatisfiableConstraintAction is a topology spread constraint's whenUnsatisfiable.
type UnsatisfiableConstraintAction string

// whenUnsatisfiable values (core/v1 UnsatisfiableConstraintAction).
const (
	DoNotSchedule  UnsatisfiableConstraintAction = "DoNotSchedule"
	ScheduleAnyway UnsatisfiableConstraintAction = "ScheduleAnyway"
)

// TopologySpreadConstraint is one of Pod.spec.topologySpreadConstraints. Its labelSelector is
// the pod's own app label: it counts the pods of the same Deployment (or DaemonSet, or job),
// which is how a Deployment's template writes it.
type TopologySpreadConstraint struct {
	MaxSkew           int32
	TopologyKey       string
	WhenUnsatisfiable UnsatisfiableConstraintAction
	// MinDomains is minDomains; 0 means unset, which the scheduler takes as 1.
	MinDomains int32
}

// PodAffinityTerm is a pod (anti-)affinity term: the pods whose app label is App, counted per
// value of TopologyKey. Its labelSelector is matchLabels {app: App}, the label a Deployment's
// pods carry (ecssim labels every pod app=its service's or workload's name).
type PodAffinityTerm struct {
	App         string
	TopologyKey string
}

// WeightedPodAffinityTerm is a preferred pod (anti-)affinity term with its weight, 1–100.
type WeightedPodAffinityTerm struct {
	Weight int32
	Term   PodAffinityTerm
}

// PodSpec is the part of a pod's spec kube-scheduler reads beyond its requests (the task
// definition's Charge) and host ports (its StaticPorts): nodeSelector, affinity, tolerations
// and topologySpreadConstraints.
type PodSpec struct {
	NodeSelector map[string]string
	// RequiredNodeAffinity is requiredDuringSchedulingIgnoredDuringExecution's
	// nodeSelectorTerms: ORed, each term's expressions ANDed. Nil means no requirement.
	RequiredNodeAffinity  []NodeSelectorTerm
	PreferredNodeAffinity []PreferredSchedulingTerm
	Tolerations           []Toleration
	TopologySpread        []TopologySpreadConstraint
	// Pod affinity and anti-affinity, required and preferred
	// (podAffinity/podAntiAffinity.{required,preferred}DuringSchedulingIgnoredDuringExecution).
	RequiredPodAffinity      []PodAffinityTerm
	RequiredPodAntiAffinity  []PodAffinityTerm
	PreferredPodAffinity     []WeightedPodAffinityTerm
	PreferredPodAntiAffinity []WeightedPodAffinityTerm
}

// PodSpec returns t's pod spec in an EKS run, as the kube-scheduler reads it: its service's (a
// Deployment's or DaemonSet's pod template), its workload's (a Job's), else its task
// definition's; nil in an ECS run.
func (t *Task) PodSpec() *PodSpec {
	switch {
	case t.Service != nil && t.Service.Kube != nil:
		return t.Service.Kube
	case t.Workload != nil && t.Workload.Kube != nil:
		return t.Workload.Kube
	}
	return t.Def.Kube
}
