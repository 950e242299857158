package kubesched

import (
	"testing"

	"github.com/ecssim/ecssim/models"
	"github.com/google/go-cmp/cmp"
)

// TestSpreadScore: i-0001 (zone a) runs two web pods, i-0002 (zone a) and i-0003 (zone b)
// none, and the pod spreads by host (maxSkew 3) and zone (maxSkew 5), the system defaults'
// constraints. Host: 3 domains, log(3+2) = 1.6094; zone: 2 domains, log(2+2) = 1.3863.
//
//	i-0001: 2·1.6094 + 2 + 2·1.3863 + 4 = 11.99 → 12
//	i-0002: 0 + 2 + 2·1.3863 + 4 = 8.77 → 9
//	i-0003: 0 + 2 + 0 + 4 = 6
//
// normalised 100·(12 + 6 − s)/12: 50, 75, 100.
func TestSpreadScore(t *testing.T) {
	c := fleet("us-east-1a", "us-east-1a", "us-east-1b")
	web := podDef("web", 256, 512, nil)
	run(c, c.Instances()[0], "web-1", web)
	run(c, c.Instances()[0], "web-2", web)
	s := newScheduler(t, c, Profile{}, 1)
	pod := podDef("web", 256, 512, &models.PodSpec{TopologySpread: []models.TopologySpreadConstraint{
		{MaxSkew: 3, TopologyKey: models.LabelHostname, WhenUnsatisfiable: models.ScheduleAnyway},
		{MaxSkew: 5, TopologyKey: models.LabelZone, WhenUnsatisfiable: models.ScheduleAnyway},
	}})
	// nodeOrder interleaves zones: i-0001 (a), i-0003 (b), i-0002 (a).
	if diff := cmp.Diff([]int64{50, 100, 75}, scoresOf(s, spreadScore{}, pod)); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
	// A standalone pod without constraints gets no system defaults (no owner selector): Skip.
	if diff := cmp.Diff([]int64{0, 0, 0}, scoresOf(s, spreadScore{}, web)); diff != "" {
		t.Errorf("no constraints (-want +got)\n%s", diff)
	}
}

// TestTaintScore: PreferNoSchedule taints 2, 1 and 0 on i-0001, i-0002, i-0003 (nodeOrder
// i-0001, i-0003, i-0002); max 2, reversed: 100 − 100·{2,0,1}/2 = 0, 100, 50. Tolerating
// "spot" leaves counts 1, 0, 0: 0, 100, 100.
func TestTaintScore(t *testing.T) {
	c := fleet("us-east-1a", "us-east-1a", "us-east-1b")
	spot := models.Taint{Key: "spot", Effect: models.PreferNoSchedule}
	old := models.Taint{Key: "old-ami", Effect: models.PreferNoSchedule}
	c.Instances()[0].Kube = &models.KubeNode{Taints: []models.Taint{spot, old}}
	c.Instances()[1].Kube = &models.KubeNode{Taints: []models.Taint{spot}}
	s := newScheduler(t, c, Profile{}, 1)
	if diff := cmp.Diff([]int64{0, 100, 50}, scoresOf(s, taintScore{}, podDef("web", 256, 512, nil))); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
	tol := &models.PodSpec{Tolerations: []models.Toleration{{Key: "spot", Operator: models.TolerationExists, Effect: models.PreferNoSchedule}}}
	if diff := cmp.Diff([]int64{0, 100, 100}, scoresOf(s, taintScore{}, podDef("web", 256, 512, tol))); diff != "" {
		t.Errorf("tolerating spot (-want +got)\n%s", diff)
	}
}

// TestNodeAffinityScore: weights 30 (zone b) and 50 (m5.xlarge): i-0001 and i-0002 match 50,
// i-0003 80; 100·50/80 = 62, 100.
func TestNodeAffinityScore(t *testing.T) {
	c := fleet("us-east-1a", "us-east-1a", "us-east-1b")
	s := newScheduler(t, c, Profile{}, 1)
	spec := &models.PodSpec{PreferredNodeAffinity: []models.PreferredSchedulingTerm{
		{Weight: 30, Term: models.NodeSelectorTerm{MatchExpressions: []models.NodeSelectorRequirement{{Key: models.LabelZone, Operator: models.OpIn, Values: []string{"us-east-1b"}}}}},
		{Weight: 50, Term: models.NodeSelectorTerm{MatchExpressions: []models.NodeSelectorRequirement{{Key: models.LabelInstanceType, Operator: models.OpExists}}}},
	}}
	if diff := cmp.Diff([]int64{62, 100, 62}, scoresOf(s, nodeAffinityScore{}, podDef("web", 256, 512, spec))); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}

// TestAffinityScore: a web pod on i-0001 (zone a), a db pod on i-0003 (zone b). The pod
// prefers not to share a host with web (weight 100) and to share a zone with db (weight 50):
// pairs (host i-0001) −100, (zone b) +50. Raw: i-0001 −100, i-0003 50, i-0002 0; min −100,
// max 50: 0, 100, 100·100/150 = 66.
func TestAffinityScore(t *testing.T) {
	c := fleet("us-east-1a", "us-east-1a", "us-east-1b")
	run(c, c.Instances()[0], "web-1", podDef("web", 256, 512, nil))
	run(c, c.Instances()[2], "db-1", podDef("db", 256, 512, nil))
	s := newScheduler(t, c, Profile{}, 1)
	spec := &models.PodSpec{
		PreferredPodAntiAffinity: []models.WeightedPodAffinityTerm{{Weight: 100, Term: models.PodAffinityTerm{App: "web", TopologyKey: models.LabelHostname}}},
		PreferredPodAffinity:     []models.WeightedPodAffinityTerm{{Weight: 50, Term: models.PodAffinityTerm{App: "db", TopologyKey: models.LabelZone}}},
	}
	if diff := cmp.Diff([]int64{0, 100, 66}, scoresOf(s, affinityScore{}, podDef("web", 256, 512, spec))); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
	// An existing pod's required affinity to the incoming pod adds hardPodAffinityWeight 1 in
	// its domain: db requires web in its zone, so zone b scores 1, the rest 0: 0, 100, 0.
	c2 := fleet("us-east-1a", "us-east-1a", "us-east-1b")
	run(c2, c2.Instances()[2], "db-1", podDef("db", 256, 512, &models.PodSpec{
		RequiredPodAffinity: []models.PodAffinityTerm{{App: "web", TopologyKey: models.LabelZone}}}))
	s2 := newScheduler(t, c2, Profile{}, 1)
	if diff := cmp.Diff([]int64{0, 100, 0}, scoresOf(s2, affinityScore{}, podDef("web", 256, 512, nil))); diff != "" {
		t.Errorf("existing required affinity (-want +got)\n%s", diff)
	}
}

// TestImageScore: a 500 MiB image on 1 node of 2: 500 MB · 1/2 = 250 MB,
// 100·(250 − 23)/(1000 − 23) = 23; on both: 500 MB, 100·477/977 = 48; on a node without it, 0.
// (The image cache is filled by the simulation's pulls, so the test calls the per-node rule.)
func TestImageScore(t *testing.T) {
	tests := []struct {
		name          string
		having, nodes int64
		has           bool
		want          int64
	}{
		{"one of two", 1, 2, true, 23},
		{"both", 2, 2, true, 48},
		{"not here", 1, 2, false, 0},
	}
	for _, tc := range tests {
		if got := imageNodeScore(500*mb, tc.having, tc.nodes, 1, tc.has); got != tc.want {
			t.Errorf("%s: got %d, want %d", tc.name, got, tc.want)
		}
	}
}
