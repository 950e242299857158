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

// TestRebalancingNeedsRoomInTheEmptiestZone: ECS starts a rebalancing task only in a zone with
// the fewest tasks (DG/service-rebalancing; a failure there is SERVICE_TASK_PLACEMENT_FAILURE,
// DG/track-service-rebalancing). Three m6i.large (2048 CPU units), one a zone; filler's two
// tasks of 1024 units binpack onto i-0001 first (oldest tie-break), filling us-east-1a; web's
// six tasks of 256 units then spread 3 and 3 over us-east-1b and us-east-1c. The zones read 0,
// 3, 3, but us-east-1a has no room: nothing moves, and web starts its six tasks only. Before,
// each pass started a task the zone spread put in us-east-1b or us-east-1c, and the scale-in
// stopped one there again, up to six times.
func TestRebalancingNeedsRoomInTheEmptiestZone(t *testing.T) {
	filler := service("filler", modelstest.TaskDef("filler", 1024, 256), 2, 100, 200)
	filler.Placer = constrained{chain: []models.StrategySpec{{Type: "binpack", Field: "cpu"}}}
	web := service("web", modelstest.TaskDef("web", 256, 256), 6, 100, 200)
	web.AZRebalancing = models.RebalancingEnabled
	_, rec := simulate(t, time.Hour, []*models.InstanceGroup{fleet("g", "m6i.large", 3)}, []*models.Service{filler, web})
	zones := map[string]int{}
	for _, task := range web.Tasks() {
		zones[task.Instance.Zone]++
	}
	if diff := cmp.Diff(map[string]int{"us-east-1b": 3, "us-east-1c": 3}, zones); diff != "" {
		t.Errorf("web's tasks per zone (-want +got):\n%s", diff)
	}
	placed := 0
	for _, r := range rec.of(models.TaskPlaced) {
		if r.Service == "web" {
			placed++
		}
	}
	if placed != 6 || len(rec.messages("SERVICE_REBALANCING_STARTED")) != 0 {
		t.Errorf("web placed %d tasks and started rebalancing %d times; want 6 and none", placed, len(rec.messages("SERVICE_REBALANCING_STARTED")))
	}
}
