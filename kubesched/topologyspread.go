package kubesched

import (
	"math"
	"slices"

	"github.com/ecssim/ecssim/models"
)

// systemDefaultConstraints are PodTopologySpread's defaults for pods without constraints of
// their own (podtopologyspread/plugin.go systemDefaultConstraints; defaultingType System is the
// default, apis/config/v1/defaults.go SetDefaults_PodTopologySpreadArgs).
var systemDefaultConstraints = []models.TopologySpreadConstraint{
	{TopologyKey: models.LabelHostname, WhenUnsatisfiable: models.ScheduleAnyway, MaxSkew: 3},
	{TopologyKey: models.LabelZone, WhenUnsatisfiable: models.ScheduleAnyway, MaxSkew: 5},
}

// constraintsOf returns the pod's constraints with the given whenUnsatisfiable.
func constraintsOf(spec *models.PodSpec, when models.UnsatisfiableConstraintAction) []models.TopologySpreadConstraint {
	var out []models.TopologySpreadConstraint
	for _, tc := range spec.TopologySpread {
		if tc.WhenUnsatisfiable == when {
			out = append(out, tc)
		}
	}
	return out
}

// hasAllKeys reports whether in has every constraint's topology key.
func hasAllKeys(in *models.Instance, cons []models.TopologySpreadConstraint) bool {
	for _, tc := range cons {
		if _, ok := in.KubeLabel(tc.TopologyKey); !ok {
			return false
		}
	}
	return true
}

// matchingPods counts the pods on in that a constraint's selector (app = the pod's app)
// matches, terminating ones left out (podtopologyspread/common.go countPodsMatchSelector
// skips pods with a deletionTimestamp): the active tasks of the app.
func matchingPods(in *models.Instance, app string) int {
	n := 0
	for _, t := range in.Tasks() {
		if t.Active() && appOf(t) == app {
			n++
		}
	}
	return n
}

// spreadDomains is PodTopologySpread's PreFilter state for one DoNotSchedule constraint: the
// matching pods per domain over the nodes the plugin counts, and the global minimum.
type spreadDomains struct {
	tc     models.TopologySpreadConstraint
	counts map[string]int
	min    int
}

// preFilterSpread counts, for each of the pod's DoNotSchedule constraints, the matching pods
// in each domain over all nodes that match the pod's node selector and affinity
// (nodeAffinityPolicy Honor; nodeTaintsPolicy Ignore, the defaults) and carry every
// constraint's key (podtopologyspread/filtering.go calPreFilterState). The global minimum is 0
// when there are fewer domains than minDomains (default 1; filtering.go minMatchNum).
func (c *cycle) preFilterSpread() []spreadDomains {
	cons := constraintsOf(c.pod.spec, models.DoNotSchedule)
	if len(cons) == 0 {
		return nil
	}
	out := make([]spreadDomains, len(cons))
	for i, tc := range cons {
		out[i] = spreadDomains{tc: tc, counts: map[string]int{}}
	}
	for _, in := range c.nodes {
		c.noteZoneNode(in)
		if !matchesNodeSelector(c.pod.spec, in) || !hasAllKeys(in, cons) {
			continue
		}
		n := matchingPods(in, c.pod.app)
		for i, tc := range cons {
			v, _ := in.KubeLabel(tc.TopologyKey)
			out[i].counts[v] += n
		}
	}
	c.downZoneDomains(cons, out)
	for i := range out {
		d := &out[i]
		first := true
		for _, k := range sortedKeys(d.counts) {
			if first || d.counts[k] < d.min {
				d.min, first = d.counts[k], false
			}
		}
		if len(d.counts) < int(max(d.tc.MinDomains, 1)) {
			d.min = 0
		}
	}
	return out
}

// noteZoneNode remembers in as its zone's node of its group, the first time one is seen.
func (c *cycle) noteZoneNode(in *models.Instance) {
	for _, n := range c.zoneNode[in.Zone] {
		if n.Group == in.Group {
			return
		}
	}
	c.zoneNode[in.Zone] = append(c.zoneNode[in.Zone], in)
}

// downZoneDomains keeps each zone in an outage a domain of the zone constraints, with no pod:
// its nodes are NotReady to Kubernetes, not gone, and still count (Profile.DownZones), when
// one of the groups seen there matches the pod's node selection.
func (c *cycle) downZoneDomains(cons []models.TopologySpreadConstraint, out []spreadDomains) {
	if c.prof.DownZones == nil {
		return
	}
	for _, z := range c.prof.DownZones() {
		if !slices.ContainsFunc(c.zoneNode[z], func(in *models.Instance) bool {
			return matchesNodeSelector(c.pod.spec, in) && hasAllKeys(in, cons)
		}) {
			continue
		}
		for i, tc := range cons {
			if _, ok := out[i].counts[z]; !ok && tc.TopologyKey == models.LabelZone {
				out[i].counts[z] = 0
			}
		}
	}
}

// spreadFilter is PodTopologySpread's Filter (filtering.go Filter): for each DoNotSchedule
// constraint, the node must have the key, and matching pods in its domain + 1 (the pod
// matches its own selector) − the global minimum must not exceed maxSkew.
type spreadFilter struct{}

func (spreadFilter) name() string { return PodTopologySpread }

func (spreadFilter) filter(c *cycle, in *models.Instance) []string {
	for _, d := range c.spread {
		v, ok := in.KubeLabel(d.tc.TopologyKey)
		if !ok {
			return reasonSpreadMissingLabel
		}
		if d.counts[v]+1-d.min > int(d.tc.MaxSkew) {
			return reasonSpread
		}
	}
	return nil
}

var (
	reasonSpread             = []string{ReasonSpread}
	reasonSpreadMissingLabel = []string{ReasonSpreadMissingLabel}
)

// spreadScore is PodTopologySpread's Score (podtopologyspread/scoring.go). Its constraints are
// the pod's ScheduleAnyway ones, or, for a pod with no constraints at all, the system defaults
// (which need a selector from the pod's owner: ecssim gives them to services' pods, not to
// standalone tasks, as a Job's pods get none). Per node, each constraint adds
// cnt·log(size+2) + (maxSkew − 1), cnt being the matching pods in the node's domain and size
// the number of domains among the feasible nodes; the sum is rounded. NormalizeScore maps
// s to 100·(max + min − s)/max, 100 when max is 0, so emptier domains score higher.
type spreadScore struct{}

func (spreadScore) name() string  { return PodTopologySpread }
func (spreadScore) weight() int64 { return WeightPodTopologySpread }

func (spreadScore) score(c *cycle, nodes []*models.Instance, dst []int64) {
	cons := constraintsOf(c.pod.spec, models.ScheduleAnyway)
	if len(c.pod.spec.TopologySpread) == 0 && c.pod.task.Service != nil {
		cons = systemDefaultConstraints
	}
	if len(cons) == 0 {
		clear(dst) // PreScore returns Skip
		return
	}
	// Only the pod's own constraints require every key; the system defaults let a node
	// without a zone label still spread by hostname (scoring.go PreScore requireAllTopologies).
	requireAll := len(c.pod.spec.TopologySpread) > 0
	counts, sizes, ignored := c.spreadCounts(cons, nodes, requireAll)
	for i, in := range nodes {
		if ignored[i] {
			dst[i] = -1
			continue
		}
		var s float64
		for k, tc := range cons {
			v, ok := in.KubeLabel(tc.TopologyKey)
			if !ok {
				continue
			}
			cnt := counts[k][v]
			if tc.TopologyKey == models.LabelHostname {
				cnt = matchingPods(in, c.pod.app)
			}
			s += float64(cnt)*math.Log(float64(sizes[k]+2)) + float64(tc.MaxSkew-1)
		}
		dst[i] = int64(math.Round(s))
	}
	normalizeSpread(dst)
}
