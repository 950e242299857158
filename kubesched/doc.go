// Package kubesched places pods the way kube-scheduler's default profile does (Kubernetes
// v1.35.4, read as vendored in openshift-kni/scheduler-plugins @ e0b47cde; EKS-REFERENCE §c
// gives each fact with its file): the filters in the default profile's order, the scoring
// plugins with their default weights and normalisation to 0–100 in the source's integer
// arithmetic, percentageOfNodesToScore with the search resuming where the previous cycle
// stopped, and the highest total winning.
//
// A Scheduler implements models.Placer for an EKS run: Place (filter, score, select), PlaceOn
// (a DaemonSet's pod on one node: the filters only), Eligible (the nodes a DaemonSet wants a
// pod on) and ScaleIn (the ReplicaSet controller's choice of the pod to delete). Explain
// returns the Decision behind a placement: every node with the plugin that rejected it, or
// each plugin's normalised score and the weighted total.
//
// Nodes are the cluster's registered instances; a pod is a task, its requests the task
// definition's Charge, its host ports the definition's StaticPorts, its labels app=<its
// service's or workload's name>, and the rest of its spec models.PodSpec
// (TaskDefinition.Kube). Node labels and taints are models.KubeNode (Instance.Kube) and the
// well-known labels (Instance.KubeLabel).
//
// One Scheduler serves a whole cluster, as one kube-scheduler does: its search position and
// its random stream are shared by every workload. It is deterministic: it never ranges over a
// map to decide, and draws only from the stream it was given.
//
// kubesched imports models and sim, never scheduler or scenarios.
package kubesched
