package models

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestFenceposts: a rolling update's surge rounds up and its unavailable rounds down, and
// both at zero leave one pod unavailable (kubernetes deployment util ResolveFenceposts and its
// comment's examples).
func TestFenceposts(t *testing.T) {
	pct := func(v int) IntOrPercent { return IntOrPercent{v, true} }
	tests := []struct {
		name               string
		u                  RollingUpdate
		desired            int
		surge, unavailable int
		floor, ceiling     int
	}{
		{"the default on 10", DefaultRollingUpdate, 10, 3, 2, 8, 13}, // 2.5 up, 2.5 down
		{"the default on 4", DefaultRollingUpdate, 4, 1, 1, 3, 5},
		{"the default on 1", DefaultRollingUpdate, 1, 1, 0, 1, 2},                       // 0.25 up to 1, down to 0
		{"unavailable 1%, surge 0% on 2", RollingUpdate{pct(0), pct(1)}, 2, 0, 1, 1, 2}, // both 0: one unavailable
		{"counts", RollingUpdate{IntOrPercent{Value: 2}, IntOrPercent{Value: 0}}, 6, 2, 0, 6, 8},
		{"ECS 100/200 on 12", RollingUpdateFor(100, 200), 12, 12, 0, 12, 24},
		{"ECS 50/150 on 5: surge rounds up where ECS's ceiling rounds down", RollingUpdateFor(50, 150), 5, 3, 2, 3, 8},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			surge, unavailable := tc.u.Fenceposts(tc.desired)
			u := tc.u
			svc := &Service{ServiceConfig: &ServiceConfig{RollingUpdate: &u}, DesiredCount: tc.desired}
			got := []int{surge, unavailable, svc.MinHealthy(), svc.MaxTasks()}
			if diff := cmp.Diff([]int{tc.surge, tc.unavailable, tc.floor, tc.ceiling}, got); diff != "" {
				t.Errorf("surge, unavailable, floor, ceiling (-want +got):\n%s", diff)
			}
		})
	}
	// ECS's own bounds for 50/150 on 5: floor ceil(2.5) = 3, ceiling floor(7.5) = 7.
	ecs := &Service{ServiceConfig: &ServiceConfig{MinimumHealthyPercent: 50, MaximumPercent: 150}, DesiredCount: 5}
	if got := []int{ecs.MinHealthy(), ecs.MaxTasks()}; !cmp.Equal(got, []int{3, 7}) {
		t.Errorf("ECS 50/150 on 5: floor and ceiling %v, want [3 7]", got)
	}
}
