package models

import "github.com/ecssim/ecssim/sim"

// daemonPass keeps one task of a DAEMON service on every ACTIVE instance that meets its
// constraints (DG/ecs_services):
//   - an instance without the daemon's task gets one, if it fits; one that does not meet the
//     constraints is not the daemon's, one short of resources is counted as wanting a task;
//   - a task of an older deployment is stopped while the floor allows (minimumHealthyPercent,
//     0 by default for DAEMON), and its replacement starts once it has stopped, since the
//     ceiling is 100%;
//   - on a DRAINING instance the daemon's task stops last, once no other task is left;
//   - the desired count is the number of instances that want the daemon.
func (s *Simulation) daemonPass(svc *Service, now sim.Time) {
	ctl := &svc.ctl
	d := svc.Primary()
	if d.State == RolloutFailed {
		return
	}
	ctl.started, ctl.stopped = ctl.started[:0], ctl.stopped[:0]
	healthy := 0
	for _, t := range svc.tasks {
		if t.Active() && t.Healthy {
			healthy++
		}
	}
	budget := healthy - svc.MinHealthy()
	throttled := now < ctl.throttleUntil
	want := 0
	for _, in := range s.Cluster.Instances() {
		var mine *Task
		stopping, others := false, false
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
		switch {
		case in.Status != StatusActive:
			if mine != nil && !others {
				s.stopScheduled(svc, mine, now, d)
			}
			continue
		case mine != nil && mine.Deployment != d:
			want++
			if !mine.Healthy || budget > 0 {
				if mine.Healthy {
					budget--
				}
				s.stopScheduled(svc, mine, now, d)
			}
			continue
		case mine != nil || stopping:
			want++
			continue
		case throttled:
			want++ // counted as wanting a task; the throttle decides when
			continue
		}
		t := &Task{Service: svc, Deployment: d, Def: d.Def, Group: svc.Group(), State: Provisioning, CreatedAt: now}
		fail := svc.Placer.PlaceOn(t, in)
		if fail == nil {
			want++
			s.place(t, in, now)
			ctl.started = append(ctl.started, t.ID)
			continue
		}
		if fail.resourceShort() {
			want++
			s.emit(Event{Kind: PlacementFailed, Task: t, Service: svc, Failure: fail})
			s.emit(Event{Kind: ServiceEvent, Service: svc, Message: unableToPlace(svc, fail)})
		}
	}
	if throttled {
		s.wake(svc, ctl.throttleUntil)
	}
	if want != svc.DesiredCount {
		svc.DesiredCount = want
		s.emit(Event{Kind: DesiredCountChanged, Service: svc})
	}
	s.passEvents(svc)
	s.checkCompleted(svc, d, now)
}
