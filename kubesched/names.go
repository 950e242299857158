package kubesched

// Plugin names (pkg/scheduler/framework/plugins/names/names.go).
const (
	NodeUnschedulable  = "NodeUnschedulable"
	TaintToleration    = "TaintToleration"
	NodeAffinity       = "NodeAffinity"
	NodePorts          = "NodePorts"
	NodeResourcesFit   = "NodeResourcesFit"
	PodTopologySpread  = "PodTopologySpread"
	InterPodAffinity   = "InterPodAffinity"
	BalancedAllocation = "NodeResourcesBalancedAllocation"
	ImageLocality      = "ImageLocality"
)

// Rejection reasons, worded as each plugin's Status and so as FitError prints them ("0/3 nodes
// are available: 2 Insufficient cpu, ...").
const (
	// nodeunschedulable/node_unschedulable.go ErrReasonUnschedulable.
	ReasonUnschedulable = "node(s) were unschedulable"
	// nodeaffinity/node_affinity.go ErrReasonPod.
	ReasonNodeAffinity = "node(s) didn't match Pod's node affinity/selector"
	// nodeports/node_ports.go ErrReason.
	ReasonNodePorts = "node(s) didn't have free ports for the requested pod ports"
	// noderesources/fit.go: "Too many pods" and "Insufficient " + the resource name.
	ReasonTooManyPods     = "Too many pods"
	ReasonInsufficientCPU = "Insufficient cpu"
	ReasonInsufficientMem = "Insufficient memory"
	ReasonInsufficientGPU = "Insufficient nvidia.com/gpu"
	// podtopologyspread/filtering.go ErrReasonConstraintsNotMatch and ErrReasonNodeLabelNotMatch.
	ReasonSpread             = "node(s) didn't match pod topology spread constraints"
	ReasonSpreadMissingLabel = "node(s) didn't match pod topology spread constraints (missing required label)"
	// interpodaffinity/filtering.go ErrReasonAffinityRulesNotMatch,
	// ErrReasonAntiAffinityRulesNotMatch and ErrReasonExistingAntiAffinityRulesNotMatch.
	ReasonPodAffinity          = "node(s) didn't match pod affinity rules"
	ReasonPodAntiAffinity      = "node(s) didn't match pod anti-affinity rules"
	ReasonExistingAntiAffinity = "node(s) didn't satisfy existing pods anti-affinity rules"
)

// Score plugin weights of the default profile (apis/config/v1/default_plugins.go
// getDefaultPlugins, MultiPoint).
const (
	WeightTaintToleration    = 3
	WeightNodeAffinity       = 2
	WeightNodeResourcesFit   = 1
	WeightPodTopologySpread  = 2
	WeightInterPodAffinity   = 2
	WeightBalancedAllocation = 1
	WeightImageLocality      = 1
)

// MaxNodeScore is the highest score a plugin gives a node after normalisation
// (k8s.io/kube-scheduler/framework interface.go MaxNodeScore; MinNodeScore is 0).
const MaxNodeScore = 100
