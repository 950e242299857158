package models

import "github.com/ecssim/ecssim/sim"

// PassReport is what one pass of a REPLICA service's scheduler left behind: the bounds it
// worked within, the service's tasks after it, what it started and stopped, and the room it
// had left. It is what explains why a deployment moves, waits or is stuck: the floor, the
// ceiling, capacity, health checks or the throttle (see Simulation.OnPass).
type PassReport struct {
	Deployment *Deployment // the primary deployment
	Failed     bool        // it has failed: nothing new starts

	// The desired count and the rolling update's bounds (ECS-REFERENCE §4.2): the floor,
	// ceil(desired × minimumHealthyPercent / 100); the ceiling, floor(desired × maximumPercent / 100).
	Desired, Floor, Ceiling int

	// The service's tasks after the pass.
	Active        int // PENDING, RUNNING, STOPPING and PROVISIONING, every deployment: under the ceiling
	Healthy       int // healthy and not stopping: over the floor
	Primary       int // the primary deployment's PENDING, RUNNING and PROVISIONING tasks
	OldLeft       int // tasks of older revisions (or on DRAINING instances) still to replace
	NewNotHealthy int // the primary deployment's placed tasks not yet healthy: health checks
	Stopping      int // stopping: targets draining, then the stop timeout
	Provisioning  int // waiting for a capacity provider's instances

	Started, Stopped int
	// StopRoom is how many more healthy tasks the floor would have let the pass stop;
	// StartRoom how many more the desired count and the ceiling would have let it start.
	StopRoom, StartRoom int
	// Unplaced is why a start found no instance, when one did not.
	Unplaced *PlacementError
	// ThrottledUntil is when the service throttle lets it launch again, if it held the pass.
	ThrottledUntil sim.Time
}

// passReport builds the report of the pass that has just run, which the floor let stop budget
// more healthy tasks and the desired count and the ceiling let start want tasks (before those
// it started, which ctl.started lists), and which unplaced or the throttle stopped starting.
func (s *Simulation) passReport(svc *Service, d *Deployment, budget, want int, unplaced *PlacementError, throttled sim.Time) PassReport {
	ctl := &svc.ctl
	r := PassReport{
		Deployment: d, Failed: d.State == RolloutFailed,
		Desired: svc.DesiredCount, Floor: svc.MinHealthy(), Ceiling: svc.MaxTasks(),
		Started: len(ctl.started), Stopped: len(ctl.stopped),
		StopRoom: max(budget, 0), StartRoom: max(want-len(ctl.started), 0),
		Unplaced: unplaced, ThrottledUntil: throttled,
	}
	for _, t := range svc.tasks {
		switch t.State {
		case Stopping:
			r.Active++
			r.Stopping++
			continue
		case Provisioning:
			r.Active++
			r.Provisioning++
		case Pending, Running:
			r.Active++
			if t.Healthy {
				r.Healthy++
			} else if t.Deployment == d {
				r.NewNotHealthy++
			}
		default:
			continue
		}
		if t.Deployment == d && onActive(t) {
			r.Primary++
		} else {
			r.OldLeft++
		}
	}
	return r
}
