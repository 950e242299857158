package models_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/models/modelstest"
)

// TestRebalancingDefault: a service that gives no availabilityZoneRebalancing gets
// CreateService's default, ENABLED when ECS can rebalance it and DISABLED otherwise
// (API/CreateService; DG/service-rebalancing; ECS-REFERENCE §1.10); a configured value stands,
// even ENABLED where it does nothing.
func TestRebalancingDefault(t *testing.T) {
	binpack := []models.StrategySpec{{Type: "binpack", Field: "memory"}}
	tests := []struct {
		name       string
		configured models.Rebalancing
		maxPct     int
		chain      []models.StrategySpec // nil: ECS's default, spread over zones then instances
		cons       []models.ConstraintSpec
		daemon     bool
		fargate    bool
		want       models.Rebalancing
	}{
		{name: "spread over zones first, maximum 200%: ENABLED", maxPct: 200, want: models.RebalancingEnabled},
		{name: "configured DISABLED stands", configured: models.RebalancingDisabled, maxPct: 200, want: models.RebalancingDisabled},
		{name: "binpack first: DISABLED", maxPct: 200, chain: binpack, want: models.RebalancingDisabled},
		{name: "configured ENABLED on binpack stands (and does nothing)", configured: models.RebalancingEnabled, maxPct: 200, chain: binpack, want: models.RebalancingEnabled},
		{name: "maximum 100%: no room to start a task first, DISABLED", maxPct: 100, want: models.RebalancingDisabled},
		{name: "a constraint on the zone attribute: DISABLED", maxPct: 200, want: models.RebalancingDisabled,
			cons: []models.ConstraintSpec{{Type: "memberOf", Expression: "attribute:ecs.availability-zone in [us-east-1a, us-east-1b]"}}},
		{name: "DAEMON: DISABLED", maxPct: 100, daemon: true, want: models.RebalancingDisabled},
		{name: "Fargate, maximum 200%: ENABLED", maxPct: 200, fargate: true, want: models.RebalancingEnabled},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			svc := service("web", modelstest.TaskDef("web", 256, 256), 1, 100, tc.maxPct)
			svc.AZRebalancing = tc.configured
			svc.Placer = constrained{chain: tc.chain, cons: tc.cons}
			svc.Constraints = tc.cons
			if tc.daemon {
				svc.Scheduling, svc.MinimumHealthyPercent = models.Daemon, 0
			}
			if tc.fargate {
				svc.LaunchType = models.LaunchFargate
			}
			simulate(t, time.Second, []*models.InstanceGroup{fleet("g", "m6i.large", 3)}, []*models.Service{svc})
			if diff := cmp.Diff(tc.want, svc.Rebalancing()); diff != "" {
				t.Errorf("availabilityZoneRebalancing in force (-want +got):\n%s", diff)
			}
		})
	}
}
