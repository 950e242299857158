package models

import (
	"fmt"
	"time"

	"github.com/ecssim/ecssim/sim"
)

// When a service task counts as healthy (DG/deployment-type-ecs, ECS-REFERENCE §4.2):
//   - with no load balancer and no container health check, HealthGrace (40 s) after RUNNING;
//   - with a container health check, when Docker first reports it healthy: one check interval
//     after the container starts;
//   - with load balancers, when every target group has seen HealthyThreshold passing checks,
//     one per interval (150 s at the ALB defaults, BP/load-balancer-healthcheck);
//   - with both, when all of them pass.
//
// In an EKS run a pod without a readiness probe (a container health check) or a load balancer
// is ready once RUNNING, and every pod counts as available, and so healthy, its Deployment's
// minReadySeconds after it is ready (readyAfter).
//
// A task of a definition whose behavior says it fails health checks never passes: its target
// turns unhealthy after UnhealthyThreshold failed checks, its container health check after
// StartPeriod plus Retries failed checks, and ECS stops it at the first of these, but not
// before the service's health check grace period has passed since the task started
// (API/CreateService healthCheckGracePeriodSeconds). A task with neither check cannot fail one.

// running starts a service task's health checks: it registers the task with the service's
// target groups and schedules when the task turns healthy or fails.
func (s *Simulation) running(t *Task, now sim.Time) {
	svc := t.Service
	for _, lb := range svc.LoadBalancers {
		s.registerTarget(t, lb, now)
	}
	hc := t.Def.HealthCheck()
	if hc == nil && len(t.targets) == 0 {
		s.schedule(t, stepHealthy, now.Add(readyAfter(svc)), PriorityHealth)
		return
	}
	fails := t.life().fails(t.Def.Behavior.HealthCheckFailureRate)
	healthyAt, failAt := now, sim.Never
	if hc != nil {
		healthyAt = now.Add(hc.Interval)
		failAt = now.Add(hc.StartPeriod + hc.Interval*time.Duration(hc.Retries))
	}
	for _, g := range t.targets {
		h := g.Group.HealthCheck
		if fails {
			failAt = min(failAt, now.Add(h.TimeToUnhealthy()))
			s.scheduleTarget(g, targetStepUnhealthy, now.Add(h.TimeToUnhealthy()))
		} else {
			healthyAt = max(healthyAt, now.Add(h.TimeToHealthy()))
			s.scheduleTarget(g, targetStepHealthy, now.Add(h.TimeToHealthy()))
		}
	}
	if fails {
		s.schedule(t, stepUnhealthy, max(failAt, now.Add(svc.HealthCheckGracePeriod)), PriorityHealth)
		return
	}
	if svc.Kube != nil {
		healthyAt = healthyAt.Add(svc.MinReady) // available minReadySeconds after it is ready
	}
	s.schedule(t, stepHealthy, healthyAt, PriorityHealth)
}

// readyAfter is how long after RUNNING a task with no health check and no load balancer
// counts as healthy: ECS's HealthGrace; in an EKS run, a Deployment's minReadySeconds, as a
// pod without a readiness probe is ready once its containers start and available
// minReadySeconds later (apps/v1 DeploymentSpec.minReadySeconds, default 0).
func readyAfter(svc *Service) time.Duration {
	if svc.Kube != nil {
		return svc.MinReady
	}
	return HealthGrace
}

// unhealthy stops a task that failed its health checks; the service replaces it.
func (s *Simulation) unhealthy(t *Task, now sim.Time) {
	reason := "Task failed container health checks"
	for _, g := range t.targets {
		if g.State == TargetStateUnhealthy {
			reason = "Task failed ELB health checks in (target-group " + g.Group.Name + ")"
			break
		}
	}
	s.emit(Event{Kind: TaskUnhealthy, Task: t, Instance: t.Instance, Service: t.Service, Reason: reason})
	s.stopTask(t, now, reason, false)
	s.serviceTaskFailed(t, now, true)
	s.wake(t.Service, now) // the ceiling may have room for its replacement already
}

// registerTarget registers a running task with a target group: an instance target is the
// instance and the host port mapped to the container port (a dynamic one in bridge mode); an
// ip target is the task's own address and the container port (DG/load-balancer-types).
func (s *Simulation) registerTarget(t *Task, lb LoadBalancer, now sim.Time) {
	g := &Target{Group: lb.TargetGroup, Task: t, State: TargetStateInitial, RegisteredAt: now}
	if t.Def.NetworkMode == AWSVPC {
		s.nextIP++
		g.ID = fmt.Sprintf("10.%d.%d.%d", t.Instance.zoneIndex, s.nextIP>>8&255, s.nextIP&255)
		g.Port = lb.ContainerPort
	} else {
		g.ID, g.Port = t.Instance.ID, lb.ContainerPort
		for _, b := range t.Bindings {
			if b.ContainerPort == lb.ContainerPort && b.Protocol == TCP {
				g.Port = b.HostPort
				break
			}
		}
	}
	g.next = targetEvent{target: g, sim: s}
	lb.TargetGroup.targets++
	t.targets = append(t.targets, g)
	s.emit(Event{Kind: TargetRegistered, Task: t, Instance: t.Instance, Service: t.Service, Target: g})
}

func (s *Simulation) scheduleTarget(g *Target, step targetStep, at sim.Time) {
	if g.next.id != 0 {
		s.Engine.Cancel(g.next.id)
		g.next.id = 0
	}
	if at > s.Horizon {
		return
	}
	g.next.step = step
	g.next.id = s.Engine.Schedule(at, PriorityHealth, &g.next)
}

// advanceTarget carries a target through its next step.
func (s *Simulation) advanceTarget(g *Target, step targetStep, now sim.Time) {
	t := g.Task
	ev := Event{Task: t, Instance: t.Instance, Service: t.Service, Target: g}
	switch step {
	case targetStepHealthy:
		g.State, ev.Kind = TargetStateHealthy, TargetHealthy
	case targetStepUnhealthy:
		g.State, ev.Kind = TargetStateUnhealthy, TargetUnhealthy
	case targetStepGone:
		g.State, ev.Kind = TargetStateUnused, TargetDeregistered
		g.Group.targets--
	}
	s.emit(ev)
}

// drainTargets deregisters a stopping task's targets: each drains for its group's
// deregistration delay, then is gone. It returns when the last one is gone, when the agent
// sends SIGTERM (DG/task-lifecycle).
func (s *Simulation) drainTargets(t *Task, now sim.Time) sim.Time {
	sigterm := now
	for _, g := range t.targets {
		if g.State == TargetStateDraining || g.State == TargetStateUnused {
			continue
		}
		g.State = TargetStateDraining
		s.emit(Event{Kind: TargetDraining, Task: t, Instance: t.Instance, Service: t.Service, Target: g})
		gone := now.Add(g.Group.DeregistrationDelay)
		s.scheduleTarget(g, targetStepGone, gone)
		sigterm = max(sigterm, gone)
	}
	return sigterm
}

// forgetTargets deregisters whatever targets a stopped task still has, at once: they were
// never drained (the task failed) or the run ends before their delay does.
func (s *Simulation) forgetTargets(t *Task) {
	for _, g := range t.targets {
		if g.next.id != 0 {
			s.Engine.Cancel(g.next.id)
			g.next.id = 0
		}
		if g.State != TargetStateUnused {
			s.advanceTarget(g, targetStepGone, s.Engine.Now())
		}
	}
}
