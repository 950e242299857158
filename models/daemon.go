package models

import "github.com/ecssim/ecssim/sim"

// daemonPass keeps one task of a DAEMON service on every ACTIVE instance that meets its
// constraints (DG/ecs_services):
//   - the desired count is the number of eligible instances: ACTIVE, with the attributes the
//     task requires, meeting the constraints; an eligible instance short of room for the task
//     still wants one, and the pass tries again after PlacementRetry;
//   - a task of an older deployment is stopped while the healthy tasks on ACTIVE instances stay
//     at or above the floor (minimumHealthyPercent, 0 by default for DAEMON), and its
//     replacement starts once it has stopped, since the ceiling is 100%; a rollout that can
//     neither stop nor start gets the same deadlock event as a REPLICA one;
//   - on a DRAINING instance the daemon's task stops last, once no other task is left, outside
//     the floor: the instance no longer wants it.
func (s *Simulation) daemonPass(svc *Service, now sim.Time) {
	ctl := &svc.ctl
	d := svc.Primary()
	ctl.started, ctl.stopped = ctl.started[:0], ctl.stopped[:0]

	want, healthy, c := s.daemonCount(svc, d)
	if want != svc.DesiredCount {
		svc.DesiredCount = want
		s.emit(Event{Kind: DesiredCountChanged, Service: svc})
	}
	budget := healthy - svc.MinHealthy()
	throttled := now < ctl.throttleUntil
	failed := d.State == RolloutFailed // a failed deployment launches no new tasks
	ctl.starved = false
	if !throttled { // a throttled pass tries nothing: what the last one left unplaced stands
		ctl.unplaced = 0
	}

	budget = s.daemonStopsAndStarts(svc, d, budget, throttled, failed, now)
	if throttled {
		s.wake(svc, ctl.throttleUntil)
	}
	s.passEvents(svc)
	s.checkDeadlock(svc, d, c, 0, budget)
	s.checkCompleted(svc, d, now)
}

// daemonCount takes the desired count and the floor from the instances as they are, before
// the pass stops or starts anything: want counts the eligible ACTIVE instances, healthy the
// daemon's healthy tasks on them, and c what checkDeadlock needs (the tasks in flight, the
// older deployment's tasks and the primary's).
func (s *Simulation) daemonCount(svc *Service, d *Deployment) (want, healthy int, c passCounts) {
	probe := &Task{Service: svc, Deployment: d, Def: d.Def, Group: svc.Group(), State: Provisioning}
	for _, in := range s.Cluster.Instances() {
		mine, stopping, _ := daemonTasks(svc, in)
		if in.Status != StatusActive {
			continue
		}
		if mine != nil || stopping || svc.Placer.Eligible(probe, in) {
			want++
		}
		switch {
		case stopping:
			c.inFlight++
		case mine == nil:
		case mine.Healthy:
			healthy++
		default:
			c.inFlight++
		}
		if mine != nil && mine.Deployment != d {
			c.old = append(c.old, mine)
		} else if mine != nil {
			c.primary++
		}
	}
	return want, healthy, c
}

// daemonStopsAndStarts walks the instances once: on one no longer ACTIVE (draining) it stops
// the daemon's task once nothing else is left; on an ACTIVE one it stops an older deployment's task while the
// floor's budget allows (an unhealthy one costs nothing), or places the primary's task where
// none runs or is stopping. It returns the budget left, for checkDeadlock.
func (s *Simulation) daemonStopsAndStarts(svc *Service, d *Deployment, budget int, throttled, failed bool, now sim.Time) int {
	for _, in := range s.Cluster.Instances() {
		mine, stopping, others := daemonTasks(svc, in)
		switch {
		case in.Status != StatusActive:
			if mine != nil && !others {
				s.stopScheduled(svc, mine, now, d)
			}
		case mine != nil && mine.Deployment != d:
			if !failed && (!mine.Healthy || budget > 0) {
				if mine.Healthy {
					budget--
				}
				s.stopScheduled(svc, mine, now, d)
			}
		case mine != nil || stopping || throttled || failed:
		default:
			s.daemonPlace(svc, d, in, now)
		}
	}
	return budget
}

// daemonPlace places the daemon's task on in if it is eligible and fits; an eligible instance
// short of room gets the placement-failure events and a retry.
func (s *Simulation) daemonPlace(svc *Service, d *Deployment, in *Instance, now sim.Time) {
	t := &Task{Service: svc, Deployment: d, Def: d.Def, Group: svc.Group(), State: Provisioning, CreatedAt: now}
	if !svc.Placer.Eligible(t, in) {
		return
	}
	if fail := svc.Placer.PlaceOn(t, in); fail != nil {
		s.emit(Event{Kind: PlacementFailed, Task: t, Service: svc, Failure: fail})
		s.emit(Event{Kind: ServiceEvent, Service: svc, Message: unableToPlace(svc, fail)})
		svc.ctl.starved = true
		svc.ctl.unplaced++
		s.wake(svc, now.Add(s.PlacementRetry))
		return
	}
	s.create(t)
	s.place(t, in, now)
	svc.ctl.started = append(svc.ctl.started, t.ID)
}

// daemonTasks returns the daemon's active task on in, whether one of its tasks is stopping
// there, and whether the instance holds tasks of anything but DAEMON services.
func daemonTasks(svc *Service, in *Instance) (mine *Task, stopping, others bool) {
	for _, t := range in.tasks {
		switch {
		case t.Service == svc && t.Active():
			mine = t
		case t.Service == svc:
			stopping = true
		case t.Service == nil || t.Service.Scheduling != Daemon:
			others = true
		}
	}
	return mine, stopping, others
}
