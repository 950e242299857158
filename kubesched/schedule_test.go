package kubesched

import (
	"bytes"
	"strings"
	"testing"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/models/modelstest"
	"github.com/google/go-cmp/cmp"
)

func ids(ins []*models.Instance) []string {
	var out []string
	for _, in := range ins {
		out = append(out, in.ID)
	}
	return out
}

func TestNodeOrderInterleavesZones(t *testing.T) {
	c := fleet("a", "a", "b", "c", "b")
	got := ids(nodeOrder(c, nil))
	want := []string{"i-0001", "i-0003", "i-0004", "i-0002", "i-0005"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}

// TestLeastVersusMostAllocated: i-0001 runs a 2048 CPU / 4096 MiB pod, i-0002 nothing; a
// 1024 / 2048 pod. Allocatable 4096 CPU, 15970 MiB.
//
//	LeastAllocated: i-0001 ((4096−3072)·100/4096 = 25, (15970−6144)·100/15970 = 61) → 43;
//	                i-0002 (75, 87) → 81.
//	MostAllocated:  i-0001 (75, 38) → 56; i-0002 (25, 12) → 18.
//	Balanced:       i-0001 |0.75 − 0.385|/2 = 0.18 → 81; i-0002 |0.25 − 0.128|/2 → 93.
//
// Totals (the other plugins tie): least 43+81 = 124 < 81+93 = 174, so i-0002; most 56+81 =
// 137 > 18+93 = 111, so i-0001.
func TestLeastVersusMostAllocated(t *testing.T) {
	for _, tc := range []struct {
		strategy ScoringStrategy
		want     string
		fit      []int64 // NodeResourcesFit's score for i-0001, i-0002
	}{
		{LeastAllocated, "i-0002", []int64{43, 81}},
		{MostAllocated, "i-0001", []int64{56, 18}},
	} {
		t.Run(tc.strategy.String(), func(t *testing.T) {
			c := fleet("us-east-1a", "us-east-1a")
			run(c, c.Instances()[0], "big-1", podDef("big", 2048, 4096, nil))
			s := newScheduler(t, c, Profile{Scoring: tc.strategy}, 1)
			pod := modelstest.Task("web-1", podDef("web", 1024, 2048, nil), "web")
			d := s.Explain(pod)
			var fit []int64
			for _, r := range d.Rows {
				fit = append(fit, r.Scores[2]) // NodeResourcesFit is the third score plugin
			}
			if diff := cmp.Diff(tc.fit, fit); diff != "" {
				t.Errorf("fit scores (-want +got)\n%s", diff)
			}
			in, err := s.Place(pod)
			if err != nil || in.ID != tc.want {
				t.Errorf("Place = %v, %v; want %s", in, err, tc.want)
			}
		})
	}
}

// TestTieBreak: four empty nodes score alike. The same seed picks the same node; seeds differ
// in their picks; TieFirstFound takes the first node searched.
func TestTieBreak(t *testing.T) {
	pick := func(p Profile, seed uint64) string {
		c := fleet("a", "a", "a", "a")
		s := newScheduler(t, c, p, seed)
		in, err := s.Place(modelstest.Task("web-1", podDef("web", 256, 512, nil), "web"))
		if err != nil {
			t.Fatal(err)
		}
		return in.ID
	}
	seen := map[string]bool{}
	for seed := range uint64(20) {
		a, b := pick(Profile{}, seed), pick(Profile{}, seed)
		if a != b {
			t.Fatalf("seed %d: %s then %s", seed, a, b)
		}
		seen[a] = true
	}
	if len(seen) < 3 {
		t.Errorf("20 seeds picked only %v", seen)
	}
	if got := pick(Profile{Ties: TieFirstFound}, 5); got != "i-0001" {
		t.Errorf("TieFirstFound picked %s, want i-0001", got)
	}
}

// TestSearchResumes: 200 nodes, adaptive: 50 − 200/125 = 49 %, 98, raised to 100 nodes to
// find. The first cycle searches nodes 0–99 and the next starts at 100.
func TestSearchResumes(t *testing.T) {
	zones := make([]string, 200)
	for i := range zones {
		zones[i] = "a"
	}
	c := fleet(zones...)
	s := newScheduler(t, c, Profile{}, 1)
	pod := modelstest.Task("web-1", podDef("web", 256, 512, nil), "web")
	d := s.Explain(pod)
	searched := 0
	for _, r := range d.Rows {
		if r.Searched {
			searched++
		}
	}
	if d.ToFind != 100 || searched != 100 || d.Start != 0 {
		t.Errorf("to find %d, searched %d from %d; want 100, 100 from 0", d.ToFind, searched, d.Start)
	}
	if _, err := s.Place(pod); err != nil {
		t.Fatal(err)
	}
	if d := s.Explain(pod); d.Start != 100 {
		t.Errorf("next search starts at %d, want 100", d.Start)
	}
}

func TestFailure(t *testing.T) {
	c := fleet("a", "b", "c")
	c.Instances()[1].Kube = &models.KubeNode{Taints: []models.Taint{{Key: "k", Value: "v", Effect: models.NoSchedule}}}
	c.SetStatus(c.Instances()[2], models.StatusDraining)
	s := newScheduler(t, c, Profile{}, 1)
	pod := modelstest.Task("web-1", podDef("web", 8192, 512, nil), "web")
	in, err := s.Place(pod)
	if in != nil || err == nil {
		t.Fatalf("Place = %v, %v; want a failure", in, err)
	}
	want := &models.PlacementError{Candidates: 3,
		Rejected: []models.Rejection{
			{Filter: ReasonUnschedulable, Count: 1}, {Filter: "node(s) had untolerated taint {k: v}", Count: 1}, {Filter: ReasonInsufficientCPU, Count: 1}},
		ClosestReason: ReasonInsufficientCPU}
	got := *err
	if got.Closest != c.Instances()[0] {
		t.Errorf("closest %v, want i-0001", got.Closest)
	}
	got.Closest = nil
	if diff := cmp.Diff(want, &got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
	msg := s.Explain(pod).FitError()
	wantMsg := "0/3 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {k: v}, 1 node(s) were unschedulable."
	if msg != wantMsg {
		t.Errorf("FitError = %q, want %q", msg, wantMsg)
	}
}

func TestExplainFormat(t *testing.T) {
	c := fleet("a", "b")
	c.Instances()[1].Kube = &models.KubeNode{Taints: []models.Taint{{Key: "k", Value: "v", Effect: models.NoSchedule}}}
	c.Instances()[0].Kube = &models.KubeNode{}
	s := newScheduler(t, c, Profile{}, 1)
	d := s.Explain(modelstest.Task("web-1", podDef("web", 256, 512, nil), "web"))
	var b bytes.Buffer
	if err := d.Format(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"TaintToleration×3", "TaintToleration: node(s) had untolerated taint {k: v}",
		"feasible, not scored", "placed on i-0001, the only feasible node"} {
		if !strings.Contains(out, want) {
			t.Errorf("Format lacks %q:\n%s", want, out)
		}
	}
}

func TestPlaceOnAndEligible(t *testing.T) {
	c := fleet("a", "b")
	c.SetStatus(c.Instances()[1], models.StatusDraining)
	s := newScheduler(t, c, Profile{}, 1)
	daemon := podDef("agent", 128, 256, &models.PodSpec{Tolerations: DaemonSetTolerations()})
	plain := podDef("web", 128, 256, nil)
	huge := podDef("agent", 128, 99999, &models.PodSpec{Tolerations: DaemonSetTolerations()})
	cordoned := c.Instances()[1]
	if !s.Eligible(modelstest.Task("a", daemon, "agent"), cordoned) || s.Eligible(modelstest.Task("w", plain, "web"), cordoned) {
		t.Error("a DaemonSet pod should be eligible on a cordoned node, a plain pod not")
	}
	if !s.Eligible(modelstest.Task("a", huge, "agent"), cordoned) {
		t.Error("Eligible should leave room aside")
	}
	if err := s.PlaceOn(modelstest.Task("a", daemon, "agent"), cordoned); err != nil {
		t.Errorf("PlaceOn = %v, want nil", err)
	}
	err := s.PlaceOn(modelstest.Task("a", huge, "agent"), cordoned)
	if err == nil || err.Rejected[0].Filter != ReasonInsufficientMem {
		t.Errorf("PlaceOn = %v, want Insufficient memory", err)
	}
}

// TestScaleIn follows ActivePodsWithRanks: a pending pod first; then, among ready pods, the
// one on the node with more of the service's pods; then the more recently ready.
func TestScaleIn(t *testing.T) {
	c := fleet("a", "b", "c")
	d := podDef("web", 256, 512, nil)
	a1 := run(c, c.Instances()[0], "web-1", d)
	a2 := run(c, c.Instances()[0], "web-2", d)
	b1 := run(c, c.Instances()[1], "web-3", d)
	for _, x := range []*models.Task{a1, a2, b1} {
		x.Healthy = true
	}
	a2.StartedAt = 10
	pending := modelstest.Task("web-4", d, "web")
	c.Place(pending, c.Instances()[2], 0)
	s := newScheduler(t, c, Profile{}, 1)
	if got := s.ScaleIn([]*models.Task{a1, b1, pending, a2}); got != pending {
		t.Errorf("ScaleIn = %v, want the pending %v", got, pending)
	}
	if got := s.ScaleIn([]*models.Task{b1, a1, a2}); got != a2 {
		t.Errorf("ScaleIn = %v, want %v: two on its node, ready later than web-1", got, a2)
	}
	a1.Healthy = false
	if got := s.ScaleIn([]*models.Task{b1, a2, a1}); got != a1 {
		t.Errorf("ScaleIn = %v, want the unready %v", got, a1)
	}
}
