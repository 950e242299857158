package kubesched

import "github.com/ecssim/ecssim/models"

// portsFilter is NodePorts: a pod's host ports must be free on the node
// (nodeports/node_ports.go Filter, fitsPorts). A task definition's static ports are the pod's
// hostPorts. The check is the instance's own (Instance.PortsFit), so that a node the filter
// passes is one models will place on: it also counts the ports the node's agent reserves,
// none on an EKS node whose agent configuration reserves none.
type portsFilter struct{}

func (portsFilter) name() string { return NodePorts }

func (portsFilter) filter(c *cycle, in *models.Instance) []string {
	if in.PortsFit(c.pod.task.Def) {
		return nil
	}
	return reasonNodePorts
}

var reasonNodePorts = []string{ReasonNodePorts}
