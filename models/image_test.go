package models

import (
	"strings"
	"testing"
	"time"

	"github.com/ecssim/ecssim/sim"
)

// TestPull works a 300 MiB image from ECR (80 MiB/s and a 1 s round trip: 4.75 s in all)
// through each ECS_IMAGE_PULL_BEHAVIOR, and a private registry with and without credentials.
func TestPull(t *testing.T) {
	img := &Image{Name: "web:1", SizeMiB: 300, Registry: ECR}
	private := &Image{Name: "app:1", SizeMiB: 80, Registry: DefaultPrivateRegistry("registry.example.com")}
	s := func(x float64) sim.Time { return sim.Time(x * float64(time.Second)) }
	type pull struct {
		image *Image
		at    sim.Time
		ready sim.Time
		err   string
	}
	for _, tc := range []struct {
		name     string
		behavior PullBehavior
		auth     []string
		pulls    []pull
	}{
		{"default pulls again, layers cached", PullDefault, nil, []pull{
			{img, 0, s(4.75), ""}, {img, s(2), s(4.75), ""}, {img, s(10), s(11), ""}}},
		{"always pulls again too", PullAlways, nil, []pull{{img, 0, s(4.75), ""}, {img, s(10), s(11), ""}}},
		{"once uses the cache", PullOnce, nil, []pull{{img, 0, s(4.75), ""}, {img, s(2), s(4.75), ""}, {img, s(10), s(10), ""}}},
		{"prefer-cached uses the cache", PullPreferCached, nil, []pull{{img, 0, s(4.75), ""}, {img, s(10), s(10), ""}}},
		{"private registry without credentials", PullDefault, nil, []pull{{private, 0, s(2), "CannotPullContainerError"}}},
		{"private registry with credentials", PullDefault, []string{"registry.example.com"}, []pull{{private, 0, s(4), ""}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			agent := DefaultAgentConfig()
			agent.ImagePullBehavior, agent.EngineAuthRegistries = tc.behavior, tc.auth
			in := &Instance{ID: "i-0001", Agent: &agent}
			for i, p := range tc.pulls {
				ready, err := in.pull(p.image, p.at)
				if ready != p.ready || (err == nil) != (p.err == "") || (err != nil && !strings.HasPrefix(err.Error(), p.err)) {
					t.Errorf("pull %d at %v: ready %v, err %v; want %v, %q", i, p.at, ready, err, p.ready, p.err)
				}
			}
		})
	}
}
