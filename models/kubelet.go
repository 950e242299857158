package models

// Kubelet is how an EKS run's nodes are set up, where ECS's agent would be: what limits the
// pods of a node. A cluster with a Kubelet (Cluster.Kubelet) is an EKS run's: its instances
// register as nodes (Cluster.Register), with CPU in millicores (eks.go).
type Kubelet struct {
	// PrefixDelegation is the VPC CNI's ENABLE_PREFIX_DELEGATION: max pods as
	// max-pods-calculator gives it with prefixes (InstanceType.EKSMaxPodsPrefixDelegation).
	PrefixDelegation bool
	// MaxPods, above 0, is the kubelet's maxPods set by hand (nodeadm's kubelet config), in
	// place of the AMI's figure.
	MaxPods int
}

// MaxPodsOf is the max pods of a node of type t: MaxPods when set, else the EKS-optimized
// AMI's figure from the VPC CNI's IP addresses (InstanceType.EKSMaxPods), or with prefix
// delegation max-pods-calculator's.
func (k *Kubelet) MaxPodsOf(t *InstanceType) int {
	switch {
	case k.MaxPods > 0:
		return k.MaxPods
	case k.PrefixDelegation:
		return t.EKSMaxPodsPrefixDelegation()
	}
	return t.EKSMaxPods()
}

// registration is what an instance of type t under agent a registers with c: as an EKS node
// when c has a Kubelet (allocatable, InstanceType.EKSAllocatable), else with ECS.
func (c *Cluster) registration(t *InstanceType, a *AgentConfig) Resources {
	if c.Kubelet != nil {
		return t.EKSAllocatable(c.Kubelet.MaxPodsOf(t))
	}
	return t.registers(a, c.AWSVPCTrunking)
}

// nodeOf is the Kubernetes side of an EKS node registered as spec says: its group's custom
// attributes as labels (a managed node group's labels, where ECS would have attributes), its
// group's own labels over them, and its group's taints.
func nodeOf(spec InstanceSpec) *KubeNode {
	n := &KubeNode{Labels: map[string]string{}}
	for _, at := range spec.Custom {
		n.Labels[at.Name] = at.Value
	}
	if spec.Kube != nil {
		for k, v := range spec.Kube.Labels {
			n.Labels[k] = v
		}
		n.Taints = spec.Kube.Taints
	}
	return n
}

// blankNode is blankInstance as an EKS run's node when kubelet is set: registered as
// Cluster.Register would register it, with no trunk ENI.
func blankNode(t *InstanceType, a *AgentConfig, trunking bool, kubelet *Kubelet) *Instance {
	in := blankInstance(t, a, trunking)
	if kubelet != nil {
		in.Registered, in.Trunk = t.EKSAllocatable(kubelet.MaxPodsOf(t)), false
	}
	return in
}

// Registration is what an instance of type t under agent a registers in a run whose account
// has awsvpcTrunking set to trunking, and whose nodes' kubelet is kubelet (nil for ECS), as
// Cluster.Register registers it: what plans and estimates size a fleet by.
func Registration(t *InstanceType, a *AgentConfig, trunking bool, kubelet *Kubelet) Resources {
	return blankNode(t, a, trunking, kubelet).Registered
}
