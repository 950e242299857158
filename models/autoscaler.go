package models

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/ecssim/ecssim/sim"
)

// The Kubernetes Cluster Autoscaler (CA), which scales an EKS run's node groups: its Auto
// Scaling group capacity providers, as EKS managed node groups. Sources, in EKS-REFERENCE
// (d)'s shorthand: FAQ = kubernetes/autoscaler cluster-autoscaler/FAQ.md ("How does scale-up
// work?", "How does scale-down work?", "What are Expanders?", the flag table), and the
// repository's files named where each rule is.
//
// Every scan interval the CA runs one loop (FAQ "How does scale-up work?"; core/
// static_autoscaler.go RunOnce):
//   - scale-up: the pods that the kube-scheduler found no node for (PROVISIONING pods of no
//     capacity provider, which an EKS run with node groups leaves pending rather than failing)
//     are first put on the nodes the groups are still launching (upcoming nodes, which the CA
//     adds to its snapshot as template nodes), and those that fit there are left out. For each
//     group below its max size, the binpacking estimator packs the rest, largest first
//     (estimator/decreasing_pod_orderer.go: cpu/allocatable + memory/allocatable), first fit
//     onto new nodes of the group's template (estimator/binpacking_estimator.go), at most as
//     many as the max size leaves; the expander picks one group, whose desired size grows by
//     that many nodes. One group grows per loop.
//   - scale-down, in a loop that did not scale up (FAQ "How does scale-down work?"): a node
//     of a group is unneeded while the larger of its CPU and memory requests over allocatable
//     (DaemonSet pods counted) is below the utilization threshold and every pod on it that is
//     not a DaemonSet's fits some other node; it is removed once unneeded for the unneeded
//     time, unless the group is at its min size or a scale-up or a removal was too recent
//     (delay-after-add, delay-after-delete).
//
// What the CA reads of a pod is modelled as far as ecssim has it: requests (CPU, memory, GPUs,
// pods), node affinity and taints (the pod's Placer.Eligible), and required pod anti-affinity
// against its own pods by hostname. Host ports, topology spread and PodDisruptionBudgets are
// not checked when it simulates; max-node-provision-time and delay-after-failure have nothing
// to act on, as ecssim's launches never fail for good (an Auto Scaling group retries a launch
// that found no capacity, shortage.go).

// Expanders the CA offers that ecssim models (FAQ "What are Expanders?"; expander/).
const (
	ExpanderLeastWaste = "least-waste"
	ExpanderRandom     = "random"
	ExpanderMostPods   = "most-pods"
	ExpanderLeastNodes = "least-nodes"
)

// Expanders are the expanders a scenario may choose, the default first.
var Expanders = []string{ExpanderLeastWaste, ExpanderRandom, ExpanderMostPods, ExpanderLeastNodes}

// ClusterAutoscaler is the Cluster Autoscaler's configuration: its flags that ecssim's
// simulation reads.
type ClusterAutoscaler struct {
	ScanInterval time.Duration // --scan-interval
	Expander     string        // --expander: one of Expanders
	// ScaleDownUtilizationThreshold is --scale-down-utilization-threshold: a node whose larger
	// share of CPU and memory requested is below it may be unneeded.
	ScaleDownUtilizationThreshold float64
	ScaleDownUnneededTime         time.Duration // --scale-down-unneeded-time
	ScaleDownDelayAfterAdd        time.Duration // --scale-down-delay-after-add
	ScaleDownDelayAfterDelete     time.Duration // --scale-down-delay-after-delete
}

// DefaultClusterAutoscaler returns the CA's defaults (FAQ flag table, EKS-REFERENCE (d)): a
// scan every 10 s, least-waste (the default since CA 1.33, main.go), threshold 0.5, a node
// unneeded for 10 min goes, not within 10 min of a scale-up, with no delay after a removal.
func DefaultClusterAutoscaler() ClusterAutoscaler {
	return ClusterAutoscaler{
		ScanInterval:                  10 * time.Second,
		Expander:                      ExpanderLeastWaste,
		ScaleDownUtilizationThreshold: 0.5,
		ScaleDownUnneededTime:         10 * time.Minute,
		ScaleDownDelayAfterAdd:        10 * time.Minute,
		ScaleDownDelayAfterDelete:     0,
	}
}

// CA bounds on removals in one loop: empty nodes go up to --max-empty-bulk-delete (10) at a
// time, nodes that need draining one at a time (--max-drain-parallelism 1; FAQ flag table).
const (
	caMaxEmptyBulkDelete = 10
	caMaxDrainParallel   = 1
)

// caState is the CA's state in a run.
type caState struct {
	lastScaleUp, lastScaleDown sim.Time // Never until the first
	// unneeded holds since when each node has been unneeded; it is only looked up, never
	// ranged over, so its order cannot leak into results.
	unneeded map[*Instance]sim.Time
	rng      *rand.Rand // the expander's tie-breaks: stream "autoscaler/expander"
}

// startAutoscaler starts the CA's loop: its first scan one interval after the start.
func (s *Simulation) startAutoscaler(now sim.Time) {
	s.ca = caState{lastScaleUp: sim.Never, lastScaleDown: sim.Never, unneeded: map[*Instance]sim.Time{},
		rng: rand.New(s.source("autoscaler/expander"))}
	s.scheduleScan(now)
}

// scheduleScan queues the CA's next loop. It runs after the service passes of its instant
// (PriorityService+1, as managed scaling does), so it sees the pods they left pending.
func (s *Simulation) scheduleScan(now sim.Time) {
	if next := now.Add(s.ClusterAutoscaler.ScanInterval); next <= s.Horizon {
		s.Engine.Schedule(next, PriorityService+1, sim.HandlerFunc(s.autoscale))
	}
}

// autoscale is one loop of the CA: scale up if pending pods need it, else scale down (the FAQ:
// scale-down is checked "if no scale-up is needed"; static_autoscaler.go returns after a
// scale-up).
func (s *Simulation) autoscale(now sim.Time) {
	s.scheduleScan(now)
	if s.caScaleUp(now) {
		s.ca.lastScaleUp = now
		return
	}
	s.caScaleDown(now)
}

// unschedulable returns the pods waiting for a node, oldest first: the PROVISIONING tasks of
// no capacity provider.
func (s *Simulation) unschedulable() []*Task {
	var out []*Task
	for _, t := range s.provisioning {
		if t.State == Provisioning && t.Provider == nil {
			out = append(out, t)
		}
	}
	return out
}

// expansion is a scale-up option: a group, how many nodes it would add, and the pods they
// would take (expander.Option).
type expansion struct {
	group    *CapacityProvider
	nodes    int
	pods     []*Task
	template *Instance
}

// caScaleUp grows the group the expander picks for the pending pods, and reports whether
// it did.
func (s *Simulation) caScaleUp(now sim.Time) bool {
	pending := s.unschedulable()
	if len(pending) == 0 {
		return false
	}
	pending = s.notUpcoming(pending)
	var opts []expansion
	for _, p := range s.CapacityProviders {
		if p.Kind != ProviderASG || p.asg.size() >= p.ASG.MaxSize {
			continue
		}
		tmpl := s.templateNode(p)
		nodes, pods := s.binpack(pending, tmpl, p.ASG.MaxSize-p.asg.size())
		if nodes > 0 {
			opts = append(opts, expansion{group: p, nodes: nodes, pods: pods, template: tmpl})
		}
	}
	if len(opts) == 0 {
		return false
	}
	o := s.expand(opts)
	s.emit(Event{Kind: ScaleOut, Provider: o.group, Metric: float64(len(o.pods)), Count: o.nodes,
		Reason: fmt.Sprintf("Cluster Autoscaler: %d unschedulable pods, expander %s", len(o.pods), s.ClusterAutoscaler.Expander)})
	s.launch(o.group, o.nodes, now)
	return true
}

// notUpcoming returns the pending pods that the nodes the groups are launching would not
// take: the CA counts upcoming nodes, as template nodes, before it asks for more
// (static_autoscaler.go: upcoming nodes are added to the cluster snapshot), so a pod waiting
// for a node that boots is not scaled up for again.
func (s *Simulation) notUpcoming(pending []*Task) []*Task {
	for _, p := range s.CapacityProviders {
		if p.Kind != ProviderASG || p.asg.pending() == 0 || len(pending) == 0 {
			continue
		}
		_, took := s.binpack(pending, s.templateNode(p), p.asg.pending())
		pending = slices.DeleteFunc(slices.Clone(pending), func(t *Task) bool { return slices.Contains(took, t) })
	}
	return pending
}

// templateNode is a node as group p would register one, for the CA's simulations: of the
// group's first instance type (a managed node group's launch template type, the first of a
// mixed instances policy's overrides), in its first zone, with its labels, taints and
// allocatable.
func (s *Simulation) templateNode(p *CapacityProvider) *Instance {
	g := p.ASG
	t := g.InstanceTypes[0]
	in := blankInstance(t, &g.Agent, false)
	in.ID, in.Zone, in.Market, in.Group, in.Provider = "template-"+p.Name, g.Zones[0], g.Market, p.Name, p
	in.Status, in.Trunk, in.Terminated = StatusActive, false, sim.Never
	in.Registered = s.Cluster.registration(t, &g.Agent)
	in.Kube = nodeOf(InstanceSpec{Custom: g.Attributes, Kube: g.Kube})
	return in
}

// binpack is the binpacking estimator on template node tmpl: the pods that may ever run on the
// template (their Placer's Eligible, and room on an empty one) in decreasing size, each on the
// first new node with room, else on a new node while fewer than limit. It returns the nodes
// that took pods and those pods, in packing order.
func (s *Simulation) binpack(pending []*Task, tmpl *Instance, limit int) (int, []*Task) {
	alloc := tmpl.Registered
	size := func(t *Task) float64 {
		c := t.Def.Charge()
		return float64(c.CPU)/float64(max(alloc.CPU, 1)) + float64(c.MemoryMiB)/float64(max(alloc.MemoryMiB, 1))
	}
	pods := slices.Clone(pending)
	slices.SortStableFunc(pods, func(a, b *Task) int { return cmp.Compare(size(b), size(a)) })
	var bins []caBin
	var took []*Task
	for _, t := range pods {
		if !placerOf(t).Eligible(t, tmpl) || !newBin(alloc).fits(t) {
			continue // the CA leaves out pods no node of the group could take
		}
		i := slices.IndexFunc(bins, func(b caBin) bool { return b.fits(t) })
		if i < 0 {
			if len(bins) >= limit {
				continue
			}
			bins, i = append(bins, newBin(alloc)), len(bins)
		}
		bins[i].add(t)
		took = append(took, t)
	}
	return len(bins), took
}

// placerOf is the placer of t's Deployment or job: in an EKS run, the kube-scheduler.
func placerOf(t *Task) Placer {
	if t.Service != nil {
		return t.Service.Placer
	}
	return t.Workload.Placer
}

// caBin is a node in one of the CA's simulations: what it has free, and the apps whose pods
// on it keep others of their app off by required anti-affinity on the hostname.
type caBin struct {
	free  Resources
	apart []string
}

func newBin(free Resources) caBin { return caBin{free: free} }

// fits reports whether t's pod fits in the bin: its requests, and no required anti-affinity
// by hostname against its own app's pods already there.
func (b caBin) fits(t *Task) bool {
	return b.free.Lacks(t.Def.Charge()).None() && !slices.Contains(b.apart, t.Owner())
}

func (b *caBin) add(t *Task) {
	b.free = b.free.Sub(t.Def.Charge())
	if selfAntiAffine(t) {
		b.apart = append(b.apart, t.Owner())
	}
}

// selfAntiAffine reports whether t's pod requires no other pod of its app on its node.
func selfAntiAffine(t *Task) bool {
	spec := t.PodSpec()
	return spec != nil && slices.ContainsFunc(spec.RequiredPodAntiAffinity, func(a PodAffinityTerm) bool {
		return a.App == t.Owner() && a.TopologyKey == LabelHostname
	})
}

// dependsOnPods reports whether where t's pod may go depends on other pods: it has required
// pod affinity or anti-affinity, a DoNotSchedule topology spread, or host ports. (Other pods'
// anti-affinity against it is left to the scheduler when the pod is placed again.)
func dependsOnPods(t *Task) bool {
	spec := t.PodSpec()
	return len(t.Def.StaticPorts()) > 0 || spec != nil && (len(spec.RequiredPodAffinity) > 0 ||
		len(spec.RequiredPodAntiAffinity) > 0 || slices.ContainsFunc(spec.TopologySpread, func(c TopologySpreadConstraint) bool {
		return c.WhenUnsatisfiable == DoNotSchedule
	}))
}

// expand is the expander's choice among the options. least-waste keeps the options whose new
// nodes would leave the least of their capacity idle, the CPU share plus the memory share
// (expander/waste/waste.go BestOptions: (avail − requested)/avail for each, summed, over the
// template node's capacity times the nodes); most-pods those that schedule the most pods
// (expander/mostpods); least-nodes those that add the fewest nodes (expander/leastnodes);
// random keeps all. What ties is settled at random (the random expander ends every chain,
// expander/factory), drawn only when there is a tie.
func (s *Simulation) expand(opts []expansion) expansion {
	var score func(o expansion) float64
	switch s.ClusterAutoscaler.Expander {
	case ExpanderLeastWaste:
		score = wasteScore
	case ExpanderMostPods:
		score = func(o expansion) float64 { return -float64(len(o.pods)) }
	case ExpanderLeastNodes:
		score = func(o expansion) float64 { return float64(o.nodes) }
	default:
		score = func(expansion) float64 { return 0 }
	}
	best := score(opts[0])
	for _, o := range opts[1:] {
		best = min(best, score(o))
	}
	ties := slices.DeleteFunc(slices.Clone(opts), func(o expansion) bool { return score(o) != best })
	if len(ties) == 1 {
		return ties[0]
	}
	return ties[s.ca.rng.IntN(len(ties))]
}

// wasteScore is least-waste's score of o: the node's capacity (the instance type's vCPUs and
// memory, as the CA's AWS template node states capacity, cloudprovider/aws aws_manager.go
// buildNodeFromTemplate) times the nodes, less the pods' requests, as shares, CPU plus memory.
func wasteScore(o expansion) float64 {
	t := o.template.Type
	availCPU := float64(int64(t.VCPU)*MilliCPUPerVCPU) * float64(o.nodes)
	availMem := float64(t.MemoryMiB) * float64(o.nodes)
	var cpu, mem float64
	for _, p := range o.pods {
		cpu += float64(p.Def.Charge().CPU)
		mem += float64(p.Def.Charge().MemoryMiB)
	}
	return (availCPU-cpu)/availCPU + (availMem-mem)/availMem
}
