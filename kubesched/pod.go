package kubesched

import (
	"github.com/ecssim/ecssim/models"
)

// Requests kube-scheduler's scoring counts for a container that requests no CPU or no memory
// (pkg/scheduler/util/pod_resources.go DefaultMilliCPURequest, DefaultMemoryRequest =
// 200*1024*1024 bytes), so that pods without requests do not all pile onto one node. ecssim
// applies them per pod: a pod whose charge has no CPU counts 100, no memory 200 MiB. The
// numbers are in the run's units: millicores and MiB in an EKS run.
const (
	nonZeroCPU    = 100
	nonZeroMemMiB = 200
)

// pod is the task being scheduled as kube-scheduler sees it.
type pod struct {
	task *models.Task
	spec *models.PodSpec // never nil
	app  string          // its app label
	req  models.Resources
}

var noSpec models.PodSpec

func podOf(t *models.Task) pod {
	return pod{task: t, spec: specOf(t), app: appOf(t), req: t.Def.Charge()}
}

// specOf returns t's pod spec (models.Task.PodSpec), an empty one when it has none.
func specOf(t *models.Task) *models.PodSpec {
	if spec := t.PodSpec(); spec != nil {
		return spec
	}
	return &noSpec
}

// appOf is a pod's app label: its service's or workload's name, the label a Deployment's
// template gives its pods.
func appOf(t *models.Task) string { return t.Owner() }

// nonZero returns r with the non-zero defaults for a pod that requests no CPU or no memory
// (pod_resources.go GetNonzeroRequests).
func nonZero(r models.Resources) models.Resources {
	if r.CPU == 0 {
		r.CPU = nonZeroCPU
	}
	if r.MemoryMiB == 0 {
		r.MemoryMiB = nonZeroMemMiB
	}
	return r
}

// nonZeroRequested is the node's NodeInfo.NonZeroRequested: its pods' requests, each with the
// non-zero defaults.
func nonZeroRequested(in *models.Instance) models.Resources {
	var sum models.Resources
	for _, t := range in.Tasks() {
		sum = sum.Add(nonZero(t.Def.Charge()))
	}
	return sum
}

// Taints the node lifecycle controller puts on nodes by condition
// (pkg/controller/nodelifecycle: TaintNodesByCondition; k8s.io/api core/v1
// well_known_taints.go): a cordoned node carries unschedulable:NoSchedule, a node whose
// kubelet stopped reporting unreachable:NoSchedule and unreachable:NoExecute.
const (
	TaintUnschedulable = "node.kubernetes.io/unschedulable"
	TaintUnreachable   = "node.kubernetes.io/unreachable"
	TaintNotReady      = "node.kubernetes.io/not-ready"
)

// cordoned reports whether the node's spec.unschedulable is set: ecssim cordons an instance
// that is not ACTIVE (DRAINING), as kubectl drain cordons a node before evicting its pods.
func cordoned(in *models.Instance) bool { return in.Status != models.StatusActive }

// taintsOf appends in's taints to buf: its node group's, then those its condition implies.
func taintsOf(in *models.Instance, buf []models.Taint) []models.Taint {
	buf = buf[:0]
	if in.Kube != nil {
		buf = append(buf, in.Kube.Taints...)
	}
	if cordoned(in) {
		buf = append(buf, models.Taint{Key: TaintUnschedulable, Effect: models.NoSchedule})
	}
	if !in.AgentConnected() {
		buf = append(buf, models.Taint{Key: TaintUnreachable, Effect: models.NoSchedule},
			models.Taint{Key: TaintUnreachable, Effect: models.NoExecute})
	}
	return buf
}

// tolerates is Toleration.ToleratesTaint (k8s.io/api core/v1 toleration.go): the effects
// match or the toleration's is empty, the keys match or the toleration's is empty, and the
// operator is Exists or the values are equal.
func tolerates(tol models.Toleration, taint models.Taint) bool {
	if tol.Effect != "" && tol.Effect != taint.Effect {
		return false
	}
	if tol.Key != "" && tol.Key != taint.Key {
		return false
	}
	switch tol.Operator {
	case "", models.TolerationEqual:
		return tol.Value == taint.Value
	case models.TolerationExists:
		return true
	}
	return false
}

// tolerated reports whether any of tols tolerates taint (TolerationsTolerateTaint).
func tolerated(tols []models.Toleration, taint models.Taint) bool {
	for _, tol := range tols {
		if tolerates(tol, taint) {
			return true
		}
	}
	return false
}

// DaemonSetTolerations are the tolerations the DaemonSet controller adds to its pods
// (pkg/controller/daemon/util/daemonset_util.go AddOrUpdateDaemonPodTolerations), so that a
// DaemonSet's pods run on not-ready, unreachable, pressured and cordoned nodes. (The
// network-unavailable toleration, for host-network pods only, is left out.) The scenario's
// DaemonSets add them to their pod spec.
func DaemonSetTolerations() []models.Toleration {
	return []models.Toleration{
		{Key: TaintNotReady, Operator: models.TolerationExists, Effect: models.NoExecute},
		{Key: TaintUnreachable, Operator: models.TolerationExists, Effect: models.NoExecute},
		{Key: "node.kubernetes.io/disk-pressure", Operator: models.TolerationExists, Effect: models.NoSchedule},
		{Key: "node.kubernetes.io/memory-pressure", Operator: models.TolerationExists, Effect: models.NoSchedule},
		{Key: "node.kubernetes.io/pid-pressure", Operator: models.TolerationExists, Effect: models.NoSchedule},
		{Key: TaintUnschedulable, Operator: models.TolerationExists, Effect: models.NoSchedule},
	}
}
