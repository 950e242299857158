package kubesched

import (
	"math/rand/v2"
	"slices"

	"github.com/ecssim/ecssim/models"
)

// filter is a Filter plugin: the reasons it rejects a node for the cycle's pod, nil if it
// passes.
type filter interface {
	name() string
	filter(c *cycle, in *models.Instance) []string
}

// scorer is a Score plugin with its NormalizeScore: it writes each node's normalised score,
// 0–100, to dst.
type scorer interface {
	name() string
	weight() int64
	score(c *cycle, nodes []*models.Instance, dst []int64)
}

// The default profile's Filter and Score plugins in its order (default_plugins.go
// getDefaultPlugins: MultiPoint order, which RunFilterPlugins and RunScorePlugins follow; the
// first filter that rejects a node settles it). Volume, NodeName, SchedulingGates and DRA
// plugins have nothing to check in ecssim.
var (
	filters = []filter{nodeUnschedulableFilter{}, taintFilter{}, nodeAffinityFilter{}, portsFilter{},
		fitFilter{}, spreadFilter{}, affinityFilter{}}
	scorers = []scorer{taintScore{}, nodeAffinityScore{}, fitScore{}, spreadScore{}, affinityScore{},
		balancedScore{}, imageScore{}}
)

// cycle is one scheduling cycle's state: the pod, the nodes in the scheduler's order, and
// what PreFilter computed over them.
type cycle struct {
	prof     *Profile
	zoneNode map[string][]*models.Instance // a node seen in each zone of each group (Scheduler.zoneNode)
	pod      pod
	nodes    []*models.Instance
	spread   []spreadDomains
	affinity affinityState
	taints   []models.Taint // scratch
}

// Scheduler is kube-scheduler's default profile over one cluster, a models.Placer. It keeps,
// as kube-scheduler does, where the last search stopped (nextStartNodeIndex), so one
// Scheduler should serve every workload of the cluster. It is not safe for concurrent use.
type Scheduler struct {
	cluster *models.Cluster
	prof    Profile
	src     *rand.PCG
	rng     *rand.Rand
	uidKey  uint64 // keys the pods' stand-in UIDs (ScaleIn)
	// zoneNode holds, for each zone, a node seen there of each group (whose nodes share their
	// labels and taints), which stand for the zone's nodes while an outage has them all lost
	// (Profile.DownZones).
	zoneNode map[string][]*models.Instance
	next     int // nextStartNodeIndex
	nodes    []*models.Instance
}

var _ models.Placer = (*Scheduler)(nil)

// New returns a scheduler for cluster c with profile p, drawing its tie-breaks from src. It
// fails if p is not valid.
func New(c *models.Cluster, p Profile, src *rand.PCG) (*Scheduler, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	p.Shape = slices.Clone(p.Shape)
	s := &Scheduler{cluster: c, prof: p, src: src, rng: rand.New(src)}
	s.uidKey = s.rng.Uint64()
	return s, nil
}

// Profile returns the scheduler's profile.
func (s *Scheduler) Profile() Profile { return s.prof }

// newCycle starts a cycle for t: the node list, and the PreFilter states of
// PodTopologySpread and InterPodAffinity, which count over every node.
func (s *Scheduler) newCycle(t *models.Task) *cycle {
	s.nodes = nodeOrder(s.cluster, s.nodes)
	if s.zoneNode == nil {
		s.zoneNode = map[string][]*models.Instance{}
	}
	c := &cycle{prof: &s.prof, pod: podOf(t), nodes: s.nodes, zoneNode: s.zoneNode}
	c.spread = c.preFilterSpread()
	c.affinity = c.preFilterAffinity()
	return c
}

// runFilters runs the filters on in in order and returns the index of the one that rejected
// it (-1 if none did) and its reasons.
func (c *cycle) runFilters(in *models.Instance) (int, []string) {
	for i, f := range filters {
		if reasons := f.filter(c, in); len(reasons) > 0 {
			return i, reasons
		}
	}
	return -1, nil
}

// Place implements models.Placer: it schedules t as schedule_one.go schedulePod does and
// moves the search's start past the nodes it examined.
func (s *Scheduler) Place(t *models.Task) (*models.Instance, *models.PlacementError) {
	in, next, err := s.schedule(t, s.rng, s.next, nil)
	s.next = next
	return in, err
}

// Explain returns the decision Place would make for t now, without changing anything: the
// search starts where Place's would and its tie-break draws from a copy of the random state.
func (s *Scheduler) Explain(t *models.Task) *Decision {
	src := *s.src
	d := &Decision{Task: t}
	s.schedule(t, rand.New(&src), s.next, d)
	return d
}

// PlaceOn implements models.Placer: the filters alone against in, for a DaemonSet's pod,
// which the DaemonSet controller binds to its node (its pods carry node affinity to the one
// node, so scoring has nothing to choose). It returns nil if every filter passes.
func (s *Scheduler) PlaceOn(t *models.Task, in *models.Instance) *models.PlacementError {
	c := s.newCycle(t)
	fi, reasons := c.runFilters(in)
	if fi < 0 {
		return nil
	}
	return &models.PlacementError{Candidates: 1, Rejected: []models.Rejection{{Filter: reasons[0], Count: 1}},
		Closest: in, ClosestReason: joinReasons(reasons)}
}

// Eligible implements models.Placer: whether a DaemonSet wants a pod of t on in, room aside.
// The DaemonSet controller's NodeShouldRunDaemonPod checks node affinity and the NoSchedule
// and NoExecute taints (pkg/controller/daemon/daemon_controller.go predicates); its pods
// tolerate a cordoned node through DaemonSetTolerations, which NodeUnschedulable reads.
func (s *Scheduler) Eligible(t *models.Task, in *models.Instance) bool {
	c := &cycle{prof: &s.prof, pod: podOf(t)}
	for _, f := range []filter{nodeUnschedulableFilter{}, taintFilter{}, nodeAffinityFilter{}} {
		if len(f.filter(c, in)) > 0 {
			return false
		}
	}
	return true
}
