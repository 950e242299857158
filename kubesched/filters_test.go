package kubesched

import (
	"testing"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/models/modelstest"
	"github.com/google/go-cmp/cmp"
)

// filterResult is the filter that rejected a node and its reasons; the zero value is a pass.
type filterResult struct {
	Filter  string
	Reasons []string
}

// filterCase is one node checked by the filters: node i-0001 of a two-zone fleet, after setup.
type filterCase struct {
	name  string
	setup func(c *models.Cluster)
	spec  *models.PodSpec
	cpu   int64
	ports []models.PortMapping
	prof  Profile
	want  filterResult
}

var pass = filterResult{}

var filterCases = []filterCase{
	{name: "fits", want: pass},
	{name: "cordoned", setup: func(c *models.Cluster) { c.SetStatus(c.Instances()[0], models.StatusDraining) },
		want: filterResult{NodeUnschedulable, []string{ReasonUnschedulable}}},
	{name: "cordoned, DaemonSet tolerations", setup: func(c *models.Cluster) { c.SetStatus(c.Instances()[0], models.StatusDraining) },
		spec: &models.PodSpec{Tolerations: DaemonSetTolerations()}, want: pass},
	{name: "untolerated taint", setup: taint(models.Taint{Key: "dedicated", Value: "gpu", Effect: models.NoSchedule}),
		want: filterResult{TaintToleration, []string{"node(s) had untolerated taint {dedicated: gpu}"}}},
	{name: "tolerated by Exists", setup: taint(models.Taint{Key: "dedicated", Value: "gpu", Effect: models.NoExecute}),
		spec: &models.PodSpec{Tolerations: []models.Toleration{{Key: "dedicated", Operator: models.TolerationExists}}}, want: pass},
	{name: "Equal with another value", setup: taint(models.Taint{Key: "dedicated", Value: "gpu", Effect: models.NoSchedule}),
		spec: &models.PodSpec{Tolerations: []models.Toleration{{Key: "dedicated", Value: "batch"}}},
		want: filterResult{TaintToleration, []string{"node(s) had untolerated taint {dedicated: gpu}"}}},
	{name: "PreferNoSchedule does not filter", setup: taint(models.Taint{Key: "spot", Effect: models.PreferNoSchedule}), want: pass},
	{name: "node selector", spec: &models.PodSpec{NodeSelector: map[string]string{models.LabelZone: "us-east-1b"}},
		want: filterResult{NodeAffinity, []string{ReasonNodeAffinity}}},
	{name: "required affinity, second term", spec: &models.PodSpec{RequiredNodeAffinity: []models.NodeSelectorTerm{
		{MatchExpressions: []models.NodeSelectorRequirement{{Key: models.LabelZone, Operator: models.OpIn, Values: []string{"us-east-1b"}}}},
		{MatchExpressions: []models.NodeSelectorRequirement{{Key: models.LabelInstanceType, Operator: models.OpNotIn, Values: []string{"m5.large"}}}},
	}}, want: pass},
	{name: "Gt on a custom label", setup: label("cores", "4"), spec: &models.PodSpec{RequiredNodeAffinity: []models.NodeSelectorTerm{
		{MatchExpressions: []models.NodeSelectorRequirement{{Key: "cores", Operator: models.OpGt, Values: []string{"8"}}}}}},
		want: filterResult{NodeAffinity, []string{ReasonNodeAffinity}}},
	{name: "host port taken", setup: func(c *models.Cluster) {
		run(c, c.Instances()[0], "x-1", podDef("x", 256, 512, nil, models.PortMapping{ContainerPort: 80, HostPort: 8080}))
	}, ports: []models.PortMapping{{ContainerPort: 80, HostPort: 8080}}, want: filterResult{NodePorts, []string{ReasonNodePorts}}},
	// 4096 CPU and 15970 MiB: a 5000-CPU pod lacks cpu; with max pods 1 already
	// reached, "Too many pods" comes first.
	{name: "insufficient cpu", cpu: 5000, want: filterResult{NodeResourcesFit, []string{ReasonInsufficientCPU}}},
	{name: "too many pods and cpu", cpu: 5000, prof: Profile{MaxPods: func(*models.Instance) int { return 1 }},
		setup: func(c *models.Cluster) { run(c, c.Instances()[0], "x-1", podDef("x", 0, 128, nil)) },
		want:  filterResult{NodeResourcesFit, []string{ReasonTooManyPods, ReasonInsufficientCPU}}},
}

func TestFilters(t *testing.T) {
	for _, tc := range filterCases {
		t.Run(tc.name, func(t *testing.T) {
			c := fleet("us-east-1a", "us-east-1b")
			if tc.setup != nil {
				tc.setup(c)
			}
			s := newScheduler(t, c, tc.prof, 1)
			cpu := tc.cpu
			if cpu == 0 {
				cpu = 512
			}
			cy := s.newCycle(modelstest.Task("p", podDef("web", cpu, 1024, tc.spec, tc.ports...), "web"))
			fi, reasons := cy.runFilters(c.Instances()[0])
			got := filterResult{Reasons: reasons}
			if fi >= 0 {
				got.Filter = filters[fi].name()
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

func taint(ts ...models.Taint) func(*models.Cluster) {
	return func(c *models.Cluster) { c.Instances()[0].Kube = &models.KubeNode{Taints: ts} }
}

func label(k, v string) func(*models.Cluster) {
	return func(c *models.Cluster) { c.Instances()[0].Kube = &models.KubeNode{Labels: map[string]string{k: v}} }
}

// TestSpreadAndAffinityFilters checks the filters that count pods across the cluster: zone a
// (i-0001, i-0002) runs two web pods on i-0001, zone b (i-0003) none.
func TestSpreadAndAffinityFilters(t *testing.T) {
	zoneSkew1 := []models.TopologySpreadConstraint{{MaxSkew: 1, TopologyKey: models.LabelZone, WhenUnsatisfiable: models.DoNotSchedule}}
	tests := []struct {
		name string
		spec *models.PodSpec
		want []string // each node's first reason, "" for a pass
	}{
		// Zone a: 2 + 1 − min 0 = 3 > 1; zone b: 0 + 1 − 0 = 1.
		{"zone spread", &models.PodSpec{TopologySpread: zoneSkew1}, []string{ReasonSpread, ReasonSpread, ""}},
		// minDomains 3 with 2 domains makes the minimum 0 all the same; maxSkew 2: zone a 3 > 2.
		{"minDomains", &models.PodSpec{TopologySpread: []models.TopologySpreadConstraint{{MaxSkew: 2, TopologyKey: models.LabelZone, WhenUnsatisfiable: models.DoNotSchedule, MinDomains: 3}}},
			[]string{ReasonSpread, ReasonSpread, ""}},
		// Only zone a's nodes match the selector: one domain, min 2, 2 + 1 − 2 = 1 ≤ 1.
		{"spread over the selected nodes", &models.PodSpec{TopologySpread: zoneSkew1, NodeSelector: map[string]string{models.LabelZone: "us-east-1a"}},
			[]string{"", "", ReasonNodeAffinity}},
		{"missing key", &models.PodSpec{TopologySpread: []models.TopologySpreadConstraint{{MaxSkew: 1, TopologyKey: "rack", WhenUnsatisfiable: models.DoNotSchedule}}},
			[]string{ReasonSpreadMissingLabel, ReasonSpreadMissingLabel, ReasonSpreadMissingLabel}},
		{"ScheduleAnyway does not filter", &models.PodSpec{TopologySpread: []models.TopologySpreadConstraint{{MaxSkew: 1, TopologyKey: models.LabelZone, WhenUnsatisfiable: models.ScheduleAnyway}}},
			[]string{"", "", ""}},
		{"anti-affinity by host", &models.PodSpec{RequiredPodAntiAffinity: []models.PodAffinityTerm{{App: "web", TopologyKey: models.LabelHostname}}},
			[]string{ReasonPodAntiAffinity, "", ""}},
		{"anti-affinity by zone", &models.PodSpec{RequiredPodAntiAffinity: []models.PodAffinityTerm{{App: "web", TopologyKey: models.LabelZone}}},
			[]string{ReasonPodAntiAffinity, ReasonPodAntiAffinity, ""}},
		{"affinity to web's zone", &models.PodSpec{RequiredPodAffinity: []models.PodAffinityTerm{{App: "web", TopologyKey: models.LabelZone}}},
			[]string{"", "", ReasonPodAffinity}},
		// No cache pod anywhere, but web's pod is not a cache pod: no first-pod exception.
		{"affinity to an absent app", &models.PodSpec{RequiredPodAffinity: []models.PodAffinityTerm{{App: "cache", TopologyKey: models.LabelZone}}},
			[]string{ReasonPodAffinity, ReasonPodAffinity, ReasonPodAffinity}},
		// The first pod of a group affine to itself goes anywhere.
		{"self-affinity, first pod", &models.PodSpec{RequiredPodAffinity: []models.PodAffinityTerm{{App: "api", TopologyKey: models.LabelZone}}},
			[]string{"", "", ""}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := fleet("us-east-1a", "us-east-1a", "us-east-1b")
			web := podDef("web", 256, 512, nil)
			run(c, c.Instances()[0], "web-1", web)
			run(c, c.Instances()[0], "web-2", web)
			s := newScheduler(t, c, Profile{}, 1)
			app := "web"
			if tc.name == "self-affinity, first pod" {
				app = "api"
			}
			cy := s.newCycle(modelstest.Task("p", podDef(app, 256, 512, tc.spec), app))
			var got []string
			for _, in := range c.Instances() {
				_, reasons := cy.runFilters(in)
				got = append(got, first(reasons))
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

// TestExistingAntiAffinity: a db pod that refuses web pods on its host keeps a web pod off it.
func TestExistingAntiAffinity(t *testing.T) {
	c := fleet("us-east-1a", "us-east-1b")
	db := podDef("db", 256, 512, &models.PodSpec{RequiredPodAntiAffinity: []models.PodAffinityTerm{{App: "web", TopologyKey: models.LabelHostname}}})
	run(c, c.Instances()[0], "db-1", db)
	s := newScheduler(t, c, Profile{}, 1)
	cy := s.newCycle(modelstest.Task("p", podDef("web", 256, 512, nil), "web"))
	var got []string
	for _, in := range c.Instances() {
		_, reasons := cy.runFilters(in)
		got = append(got, first(reasons))
	}
	if diff := cmp.Diff([]string{ReasonExistingAntiAffinity, ""}, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}

func first(reasons []string) string {
	if len(reasons) == 0 {
		return ""
	}
	return reasons[0]
}
