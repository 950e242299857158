package models

import (
	"fmt"
	"strings"

	"github.com/ecssim/ecssim/sim"
)

// The service scheduler. Each service has a pass that runs whenever something it depends on
// changes (one of its tasks turns healthy or stops, a deployment or scale starts, an instance
// registers or drains) and, after a failed placement, again after PlacementRetry. Passes
// coalesce: many wake-ups at one instant give one pass, after every other event of that instant.
//
// A REPLICA pass applies ECS's rolling-update arithmetic (DG/deployment-type-ecs,
// BP/service-options, ECS-REFERENCE §4.2):
//   - the ceiling, floor(desired × maximumPercent / 100), bounds the service's PENDING, RUNNING
//     and STOPPING tasks of every deployment; the floor, ceil(desired ×
//     minimumHealthyPercent / 100), bounds its healthy tasks;
//   - tasks of older deployments, and tasks on DRAINING instances, are to be replaced: the
//     pass stops those that are not healthy at no cost to the floor, then healthy ones while
//     healthy tasks stay at or above the floor;
//   - the primary deployment's tasks above the desired count are stopped the same way,
//     chosen by the strategy's scale-in rule (Placer.ScaleIn; on Fargate, in the zone with
//     most, scaleInPick);
//   - then it starts primary tasks, one placement at a time, up to the desired count and as
//     far as the ceiling allows;
//   - stops come before starts, so with a 50% floor a rollout stops first (BP's worked example).
//
// It repeats pass after pass, as tasks become healthy and stop, until every task runs the new
// revision. A pass that can neither start nor stop anything, with nothing in flight that could
// change that, is the deadlock ECS reports as "unable to stop or start tasks during a
// deployment because of the service deployment configuration".

// serviceControl is the service scheduler's state for one service.
type serviceControl struct {
	pass passEvent
	life lifecycle
	// failedStarts counts tasks in a row that stopped before RUNNING; throttleUntil is when the
	// throttle lets the service launch again.
	failedStarts  int
	lastFailure   sim.Time
	throttleUntil sim.Time
	// starved is set while the service has tasks it could not place; unplaced counts them, as
	// the latest pass that tried to place tasks left them.
	starved  bool
	unplaced int
	deadlock *Deployment // the deployment the deadlock event was emitted for
	// rebalancing is set while AZ rebalancing moves tasks; rebalanceSteps counts its moves, so
	// that a fleet that cannot balance the zones stops it trying.
	rebalancing    bool
	rebalanceSteps int
	started        []string // task IDs started and stopped in the current pass, for its events
	stopped        []string
}

type passEvent struct {
	svc *Service
	sim *Simulation
	id  sim.EventID
	at  sim.Time
}

func (p *passEvent) Handle(now sim.Time) {
	p.id = 0
	if p.svc.Scheduling == Daemon {
		p.sim.daemonPass(p.svc, now)
	} else {
		p.sim.replicaPass(p.svc, now)
	}
}

// createService starts a service: its first deployment, then its first pass.
func (s *Simulation) createService(svc *Service, now sim.Time) {
	svc.ctl.pass = passEvent{svc: svc, sim: s}
	svc.ctl.life.bind(s.source("lifecycle/service/" + svc.Name))
	s.deploy(svc, svc.Def, false, now)
}

// wake asks for a pass of svc at time at, unless one is already due by then.
func (s *Simulation) wake(svc *Service, at sim.Time) {
	p := &svc.ctl.pass
	if p.id != 0 {
		if p.at <= at {
			return
		}
		s.Engine.Cancel(p.id)
		p.id = 0
	}
	if at > s.Horizon || p.sim == nil {
		return
	}
	prio := PriorityService
	if svc.Scheduling == Daemon {
		prio = PriorityDaemon
	}
	p.at, p.id = at, s.Engine.Schedule(at, prio, p)
}

// wakeDaemons asks every DAEMON service for a pass.
func (s *Simulation) wakeDaemons(now sim.Time) {
	for _, svc := range s.Services {
		if svc.Scheduling == Daemon {
			s.wake(svc, now)
		}
	}
}

// capacityAdded wakes the services that may now place tasks: every daemon, every service
// waiting for room, and every service that rebalances its zones.
func (s *Simulation) capacityAdded(now sim.Time) {
	for _, svc := range s.Services {
		if svc.Scheduling == Daemon || svc.ctl.starved || svc.rebalances() {
			s.wake(svc, now)
		}
	}
}

// deploy starts a deployment of def: the service's first, a deploy action, or a rollback.
// A new deployment resets the service throttle (DG/service-throttle-logic).
func (s *Simulation) deploy(svc *Service, def *TaskDefinition, rollback bool, now sim.Time) *Deployment {
	d := &Deployment{
		ID:      fmt.Sprintf("ecs-svc/%s-%d", svc.Name, len(svc.deployments)+1),
		Service: svc, Def: def, Rollback: rollback,
		State: RolloutInProgress, StartedAt: now,
	}
	svc.deployments = append(svc.deployments, d)
	svc.Def = def
	svc.ctl.failedStarts, svc.ctl.throttleUntil = 0, 0
	svc.ctl.stopRebalancing()
	if rollback {
		// The rollback returns to the tasks the last completed deployment left running: those
		// of its task definition stay, and only the failed revision's are replaced.
		for _, t := range svc.tasks {
			if t.Def == def && t.Active() {
				t.Deployment = d
			}
		}
	}
	s.emit(Event{Kind: DeploymentStarted, Service: svc, Deployment: d})
	s.wake(svc, now)
	return d
}

// replicaPass runs the rolling-update arithmetic once (see the top of this file).
func (s *Simulation) replicaPass(svc *Service, now sim.Time) {
	ctl := &svc.ctl
	d := svc.Primary()
	// A failed deployment launches no new tasks (API/Deployment rolloutState), so nothing is
	// replaced either: only scale-in and draining still stop tasks.
	failed := d.State == RolloutFailed
	ctl.started, ctl.stopped = ctl.started[:0], ctl.stopped[:0]

	c := s.count(svc, d)
	budget := c.healthy - svc.MinHealthy()
	// Tasks to replace that are not healthy cost the floor nothing.
	for _, t := range c.old {
		if !t.Healthy && (!failed || !onActive(t)) {
			s.stopScheduled(svc, t, now, d)
		}
	}
	// Scale-in: the primary deployment's tasks above the desired count, those not yet healthy
	// first. After a failed deployment every task on an ACTIVE instance serves, whatever its
	// revision, and counts.
	serving := c.primary
	if failed {
		serving = c.primary + c.oldActive
	}
	excess := serving - svc.DesiredCount
	if excess > 0 && !(ctl.rebalancing && c.inFlight > 0) { // a rebalancing task must be healthy first
		s.scaleIn(svc, d, excess, failed, &budget, now)
	}
	// Replace older revisions' healthy tasks while the floor allows; stops come before starts.
	budget = s.replaceHealthy(svc, d, c.old, failed, budget, now)
	want, unplaced, throttled := s.startWanted(svc, d, c, failed, now)
	if s.OnPass != nil {
		room := want
		if failed {
			room = 0
		}
		s.OnPass(now, svc, s.passReport(svc, d, budget, room, unplaced, throttled))
	}
	s.passEvents(svc)
	s.checkDeadlock(svc, d, c, want, budget)
	s.checkCompleted(svc, d, now)
	if svc.rebalances() && len(ctl.started)+len(ctl.stopped) == 0 {
		s.rebalance(svc, d, c, now)
	}
}

// replaceHealthy stops older revisions' healthy tasks, each chosen by the strategy's scale-in
// rule, while the floor's budget allows; after a failed deployment, only those on instances no
// longer ACTIVE, since the rest serve. It returns the budget left.
func (s *Simulation) replaceHealthy(svc *Service, d *Deployment, old []*Task, failed bool, budget int, now sim.Time) int {
	var cands []*Task
	for _, t := range old {
		if t.Healthy && t.Active() && (!failed || !onActive(t)) {
			cands = append(cands, t)
		}
	}
	for ; budget > 0 && len(cands) > 0; budget-- {
		t := s.scaleInPick(svc, cands)
		s.stopScheduled(svc, t, now, d)
		cands = remove(cands, t)
	}
	return budget
}

// startWanted starts what the desired count wants and the ceiling allows, unless the
// deployment failed or the launch throttle holds the service back (then it wakes the service
// when the throttle lifts). It returns how many tasks the pass wanted, what it could not
// place, and until when the throttle held it, for the pass report.
func (s *Simulation) startWanted(svc *Service, d *Deployment, c passCounts, failed bool, now sim.Time) (want int, unplaced *PlacementError, throttled sim.Time) {
	ctl := &svc.ctl
	want = min(svc.DesiredCount-c.primary, svc.MaxTasks()-c.active)
	switch {
	case want <= 0 || failed:
		ctl.starved, ctl.unplaced = false, 0
	case now < ctl.throttleUntil:
		throttled = ctl.throttleUntil
		s.wake(svc, ctl.throttleUntil)
	default:
		unplaced = s.startTasks(svc, d, want, now)
	}
	return want, unplaced, throttled
}

// scaleIn stops excess tasks of the primary deployment (every deployment's, after a failed
// one): those waiting for capacity first, then those not yet healthy, then healthy ones while
// the floor's budget allows, each chosen by the strategy's scale-in rule.
func (s *Simulation) scaleIn(svc *Service, d *Deployment, excess int, failed bool, budget *int, now sim.Time) {
	var cands []*Task
	for _, t := range svc.tasks { // tasks still waiting for capacity go first
		if t.State == Provisioning && t.Deployment == d {
			cands = append(cands, t)
		}
	}
	for _, t := range cands[:min(max(excess, 0), len(cands))] {
		s.stopScheduled(svc, t, now, d)
		excess--
	}
	strategy := s.strategyOf(svc)
	for _, healthy := range []bool{false, true} {
		cands = s.servingTasks(svc, d, failed, healthy, cands[:0])
		for ; excess > 0 && len(cands) > 0 && (!healthy || *budget > 0); excess-- {
			t := s.scaleInPick(svc, onProvider(cands, shedProvider(svc, strategy)))
			if healthy {
				*budget--
			}
			s.stopScheduled(svc, t, now, d)
			cands = remove(cands, t)
		}
	}
}

// onProvider returns the tasks of ts on provider p, or all of ts when p is nil or holds none
// of them.
func onProvider(ts []*Task, p *CapacityProvider) []*Task {
	if p == nil {
		return ts
	}
	var on []*Task
	for _, t := range ts {
		if t.Provider == p {
			on = append(on, t)
		}
	}
	if len(on) == 0 {
		return ts
	}
	return on
}

// startTasks places up to n tasks of deployment d, one at a time, stopping at the first that
// finds no instance; it returns why that one found none.
func (s *Simulation) startTasks(svc *Service, d *Deployment, n int, now sim.Time) *PlacementError {
	ctl := &svc.ctl
	ctl.starved, ctl.unplaced = false, 0
	for i := range n {
		if fail := s.launchServiceTask(svc, d, now); fail != nil {
			ctl.starved, ctl.unplaced = true, n-i
			s.wake(svc, now.Add(s.PlacementRetry))
			return fail
		}
	}
	return nil
}

// passCounts is what a pass counts of a service's tasks.
type passCounts struct {
	active    int     // PROVISIONING, PENDING, RUNNING and STOPPING (Service.stoppingCounts), every deployment: what the ceiling bounds
	healthy   int     // healthy and not stopping: what the floor bounds
	primary   int     // the primary deployment's PENDING and RUNNING tasks on ACTIVE instances
	oldActive int     // the other PENDING and RUNNING tasks on ACTIVE instances
	inFlight  int     // tasks that will change state by themselves: PENDING, STOPPING, not yet healthy
	old       []*Task // PENDING and RUNNING tasks to replace
}

func (s *Simulation) count(svc *Service, d *Deployment) passCounts {
	var c passCounts
	c.old = s.oldScratch[:0]
	for _, t := range svc.tasks {
		switch t.State {
		case Stopping:
			if svc.stoppingCounts() {
				c.active++
			}
			c.inFlight++
		case Provisioning: // waiting for capacity: counts toward the ceiling, not yet placed
			c.active++
			c.inFlight++
			if t.Deployment == d {
				c.primary++
			} else {
				c.old = append(c.old, t)
			}
		case Pending, Running:
			c.active++
			if t.Healthy {
				c.healthy++
			} else {
				c.inFlight++
			}
			switch {
			case t.Deployment == d && t.Instance.Status == StatusActive:
				c.primary++
			case t.Instance.Status == StatusActive:
				c.oldActive++
				fallthrough
			default:
				c.old = append(c.old, t)
			}
		}
	}
	s.oldScratch = c.old[:0]
	return c
}

// servingTasks appends the active tasks on ACTIVE instances that are healthy, or not, to dst:
// the primary deployment's, or every deployment's if all is set.
func (s *Simulation) servingTasks(svc *Service, d *Deployment, all, healthy bool, dst []*Task) []*Task {
	for _, t := range svc.tasks {
		if t.Active() && (all || t.Deployment == d) && t.Instance.Status == StatusActive && t.Healthy == healthy {
			dst = append(dst, t)
		}
	}
	return dst
}

// onActive reports whether t is on an ACTIVE instance, or waiting for one.
func onActive(t *Task) bool { return t.Instance == nil || t.Instance.Status == StatusActive }

func remove(ts []*Task, t *Task) []*Task {
	for i, x := range ts {
		if x == t {
			return append(ts[:i], ts[i+1:]...)
		}
	}
	return ts
}

// stopScheduled stops a task the scheduler chose to stop, with ECS's stoppedReason for it.
func (s *Simulation) stopScheduled(svc *Service, t *Task, now sim.Time, d *Deployment) {
	reason := "Scaling activity initiated by (deployment " + d.ID + ")"
	if !onActive(t) {
		reason = "Service " + svc.Name + ": container instance is in DRAINING state"
	}
	svc.ctl.stopped = append(svc.ctl.stopped, t.ID)
	s.stopTask(t, now, reason, true)
}

// passEvents emits the service events ECS writes for a pass that started or stopped tasks
// (DG/service-event-messages).
func (s *Simulation) passEvents(svc *Service) {
	ctl := &svc.ctl
	if len(ctl.stopped) > 0 {
		s.emit(Event{Kind: ServiceEvent, Service: svc, Message: fmt.Sprintf("service %s has stopped %d running tasks: %s.",
			svc.Name, len(ctl.stopped), taskList(ctl.stopped))})
	}
	if len(ctl.started) > 0 {
		s.emit(Event{Kind: ServiceEvent, Service: svc, Message: fmt.Sprintf("service %s has started %d tasks: %s.",
			svc.Name, len(ctl.started), taskList(ctl.started))})
	}
}

func taskList(ids []string) string {
	var b strings.Builder
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString("(task " + id + ")")
	}
	return b.String()
}

// checkDeadlock reports a deployment that can never progress: tasks remain to be replaced,
// the ceiling leaves no room to start one, the floor allows no stop, and no task is in flight.
func (s *Simulation) checkDeadlock(svc *Service, d *Deployment, c passCounts, want, budget int) {
	if len(c.old) == 0 || want > 0 || budget > 0 || c.inFlight > 0 || svc.ctl.deadlock == d ||
		len(svc.ctl.started)+len(svc.ctl.stopped) > 0 || d.State != RolloutInProgress {
		return
	}
	if svc.DesiredCount-c.primary <= 0 {
		return // nothing left to start: the floor alone holds the old tasks, as in scale-in
	}
	svc.ctl.deadlock = d
	s.emit(Event{Kind: ServiceEvent, Service: svc, Message: fmt.Sprintf(
		"service %s was unable to stop or start tasks during a deployment because of the service deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again.",
		svc.Name)})
}

// checkCompleted completes the primary deployment once the desired count of its tasks are
// healthy and no task of an older deployment is left, stopping ones included.
func (s *Simulation) checkCompleted(svc *Service, d *Deployment, now sim.Time) {
	if d.State != RolloutInProgress {
		return
	}
	healthy := 0
	for _, t := range svc.tasks {
		if t.Deployment != d || (!onActive(t) && svc.Scheduling == Replica) {
			return
		}
		if t.Active() && t.Healthy {
			healthy++
		}
	}
	if healthy < svc.DesiredCount {
		return
	}
	d.State, d.FinishedAt = RolloutCompleted, now
	s.emit(Event{Kind: DeploymentCompleted, Service: svc, Deployment: d})
	s.emit(Event{Kind: ServiceEvent, Service: svc, Message: fmt.Sprintf("service %s (deployment %s) deployment completed.", svc.Name, d.ID)})
	s.emit(Event{Kind: ServiceEvent, Service: svc, Message: fmt.Sprintf("service %s has reached a steady state.", svc.Name)})
}

// serviceTaskFailed counts a task that failed to start (healthCheck false) or failed its
// health checks against its deployment's circuit breaker, and a failed start against the
// service throttle.
func (s *Simulation) serviceTaskFailed(t *Task, now sim.Time, healthCheck bool) {
	svc, d := t.Service, t.Deployment
	d.Failures++
	if ctl := &svc.ctl; !healthCheck && (ctl.failedStarts == 0 || now > ctl.lastFailure) {
		// Tasks that fail together (one pass's batch) count as one failed attempt.
		ctl.failedStarts++
		ctl.lastFailure = now
		delay := s.ThrottleDelay
		for i := 1; i < ctl.failedStarts && delay < MaxThrottleDelay; i++ {
			delay *= 2
		}
		ctl.throttleUntil = now.Add(min(delay, MaxThrottleDelay))
		if ctl.failedStarts >= 2 {
			s.emit(Event{Kind: ServiceEvent, Service: svc, Message: fmt.Sprintf("service %s is unable to consistently start tasks successfully.", svc.Name)})
		}
	}
	cb := svc.CircuitBreaker
	if !cb.Enable || d.State != RolloutInProgress || d != svc.Primary() || d.Failures < svc.BreakerThreshold() {
		return
	}
	d.State, d.FinishedAt = RolloutFailed, now
	d.Reason = "ECS deployment circuit breaker: tasks failed to start."
	if healthCheck {
		d.Reason = "ECS deployment circuit breaker: tasks failed health checks."
	}
	s.emit(Event{Kind: DeploymentFailed, Service: svc, Deployment: d, Reason: d.Reason})
	s.emit(Event{Kind: ServiceEvent, Service: svc, Message: fmt.Sprintf("service %s (deployment %s) deployment failed: %s", svc.Name, d.ID, d.Reason)})
	if !cb.Rollback {
		return
	}
	for i := len(svc.deployments) - 2; i >= 0; i-- {
		if last := svc.deployments[i]; last.State == RolloutCompleted {
			s.emit(Event{Kind: ServiceEvent, Service: svc, Message: fmt.Sprintf("service %s rolling back to deployment %s.", svc.Name, last.ID)})
			s.deploy(svc, last.Def, true, now)
			return
		}
	}
}

// markRunning resets the service throttle when a task reaches RUNNING: the service starts
// tasks successfully again.
func (ctl *serviceControl) markRunning() { ctl.failedStarts = 0 }

// act carries out a scheduled action.
func (s *Simulation) act(a *Action, now sim.Time) {
	switch a.Kind {
	case ActionDeploy:
		s.deploy(a.Service, a.Def, false, now)
	case ActionScale:
		svc := a.Service
		svc.DesiredCount = a.DesiredCount
		svc.ctl.stopRebalancing()
		s.emit(Event{Kind: DesiredCountChanged, Service: svc})
		s.wake(svc, now)
	case ActionDrain:
		s.drain(a, now)
	case ActionTerminate:
		s.terminateAction(a, now)
	case ActionAZOutage:
		s.zoneOutage(a, now)
	case ActionSpotInterruption:
		s.spotStorm(a, now)
	case ActionAgentDisconnect:
		s.agentDisconnect(a, now)
	}
}

// drain sets the action's instances to DRAINING: they take no new tasks, and the service
// scheduler replaces their service tasks under the deployment's floor and ceiling
// (DG/container-instance-draining). Standalone tasks run on until they end.
func (s *Simulation) drain(a *Action, now sim.Time) {
	for _, in := range s.targets(a) {
		s.drainInstance(in, now)
	}
}
