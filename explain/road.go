package explain

import (
	"fmt"
	"io"
	"strings"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/sim"
)

// noDecision says why a task has no placement decision to show.
func noDecision(t *models.Task) string {
	switch {
	case t.Instance != nil && t.Instance.Fargate():
		return fmt.Sprintf("task %s runs on Fargate, which picks its capacity itself: there is no placement decision to show", t.ID)
	case t.State == models.Provisioning || t.Instance == nil:
		return fmt.Sprintf("task %s was never placed: there is no placement decision to show", t.ID)
	case t.Service != nil && t.Service.Scheduling == models.Daemon:
		return fmt.Sprintf("task %s belongs to daemon service %s, which runs one task on each instance it may: there is no choice of instance to show", t.ID, t.Service.Name)
	}
	return fmt.Sprintf("task %s: no placement decision was recorded", t.ID)
}

// find returns the task -task follows: heard in an event, or else still waiting in
// PROVISIONING for capacity it never got (such a task is created without an event).
func (l *waitLog) find(s *models.Simulation) *models.Task {
	if l.task != nil {
		return l.task
	}
	for _, svc := range s.Services {
		for _, t := range svc.Tasks() {
			if t.ID == l.watch {
				return t
			}
		}
	}
	return nil
}

// writeRoad writes t's road from creation to RUNNING, a step a line, each at the simulated
// time it began: created (and PROVISIONING while it waited for capacity), placed, its image,
// its containers, RUNNING; or why it never got there. miss is why its capacity provider's
// instances first turned it down.
func (l *waitLog) writeRoad(w io.Writer, s *models.Simulation, t *models.Task, miss string) {
	fmt.Fprintf(w, "task %s (%s), from creation to RUNNING:\n", t.ID, t.Def.Ref())
	step := func(at sim.Time, format string, args ...any) {
		fmt.Fprintf(w, "  %-10v %s\n", dur(at), fmt.Sprintf(format, args...))
	}
	step(t.CreatedAt, "%s", createdBy(t, miss))
	p := l.placed[t]
	stopped := !l.ran && (t.State == models.Stopping || t.State == models.Stopped)
	stopAt := t.StoppedAt // a task stopped while PROVISIONING was never STOPPING
	if p != nil && stopped {
		stopAt = t.StoppingAt
	}
	waitEnd := s.Horizon
	switch {
	case p != nil:
		waitEnd = p.at
	case stopped:
		waitEnd = stopAt
	}
	if pr := t.Provider; pr != nil && pr.Kind == models.ProviderASG {
		for _, so := range l.scaleOuts {
			if so.p == pr && so.at >= t.CreatedAt && so.at <= waitEnd {
				step(so.at, "managed scaling: ScaleOut of %s at CapacityProviderReservation %g, %s launched", pr.Name, so.metric, instancesCount(so.count))
			}
		}
	}
	if p != nil {
		// The steps after placement end when it ran, when its start failed, or when it stopped
		// or the run ended partway.
		until, done := s.Horizon, l.ran
		switch {
		case l.ran:
			until = t.StartedAt
		case stopped:
			until = stopAt
			done = startFailed(t)
		}
		if p.in.Fargate() {
			l.fargateSteps(step, s, t, p, until, done)
		} else {
			l.instanceSteps(step, t, p, until, done)
		}
	}
	switch {
	case l.ran:
		step(t.StartedAt, "RUNNING, %v after it was created", dur(t.StartedAt-t.CreatedAt))
	case stopped && p == nil:
		step(stopAt, "STOPPED while PROVISIONING, %v after it was created: %s", dur(stopAt-t.CreatedAt), t.StopReason)
	case stopped:
		step(stopAt, "STOPPED before RUNNING, %v after it was created: %s", dur(stopAt-t.CreatedAt), t.StopReason)
	default:
		step(s.Horizon, "still %v when the run ended, %v after it was created", t.State, dur(s.Horizon-t.CreatedAt))
	}
}

// startFailed reports whether a task stopped because it could not start: its pull failed, it
// got no host port, or its essential container exited.
func startFailed(t *models.Task) bool {
	return t.StartError != nil && strings.HasSuffix(t.StopReason, t.StartError.Error())
}

// createdBy says who created t, with what, and why it waited in PROVISIONING if it did.
func createdBy(t *models.Task, miss string) string {
	who := fmt.Sprintf("created by RunTask (workload %s)", t.Owner())
	if t.Service != nil {
		who = fmt.Sprintf("created by the service scheduler for deployment %s", t.Deployment.ID)
	}
	switch p := t.Provider; {
	case p != nil && p.Kind == models.ProviderASG && miss != "":
		return fmt.Sprintf("%s, PROVISIONING on capacity provider %s, as %s", who, p.Name, miss)
	case p != nil:
		return fmt.Sprintf("%s on capacity provider %s", who, p.Name)
	case t.LaunchType() == models.LaunchFargate:
		return who + " with launch type FARGATE"
	}
	return who
}

// instanceSteps writes an EC2 task's placement, image and containers, up to until; done says
// it started (or failed to) at until.
func (l *waitLog) instanceSteps(step func(sim.Time, string, ...any), t *models.Task, p *placedTask, until sim.Time, done bool) {
	where := fmt.Sprintf("placed on %s in %s", p.in.ID, p.in.Zone)
	if waited := p.at - t.CreatedAt; waited > 0 {
		switch reg := l.registered[p.in]; {
		case reg == p.at:
			where += fmt.Sprintf(" as it registered, after %v in PROVISIONING", dur(waited))
		case reg > t.CreatedAt:
			where += fmt.Sprintf(", which registered at %v, after %v in PROVISIONING", dur(reg), dur(waited))
		default:
			where += fmt.Sprintf(" when room opened there, after %v in PROVISIONING", dur(waited))
		}
	}
	step(p.at, "%s", where)
	im, ready := t.Def.Image, t.ImageReadyAt
	switch {
	case im == nil || im.Registry == nil:
		step(p.at, "no image to pull")
	case pullFailed(t):
		step(p.at, "image %s: the pull from %s failed after %v: %s", im.Name, im.Registry.Name, dur(ready-p.at), refusal(im))
		return
	case ready > until && !done:
		step(p.at, "%s", p.imageWait(im, ready))
		return
	case !p.cached:
		step(p.at, "image %s pulled from %s: %d MiB at %g MiB/s plus a %v round trip, %v",
			im.Name, im.Registry.Name, im.SizeMiB, im.Registry.BandwidthMiBps, im.Registry.Latency, dur(ready-p.at))
	case p.cacheReady > p.at && ready == p.cacheReady:
		step(p.at, "image %s: waited %v for the pull that %s started on %s at %v",
			im.Name, dur(ready-p.at), p.puller.task, p.in.ID, dur(p.puller.at))
	case ready == p.at && im.Registry.Private && !p.in.Agent.HasEngineAuth(im.Registry.Name):
		step(p.at, "image %s cached on %s: the registry refused the pull (no credentials), so the agent used its cached copy", im.Name, p.in.ID)
	case ready == p.at:
		step(p.at, "image %s found cached on %s: no pull (ECS_IMAGE_PULL_BEHAVIOR=%s)", im.Name, p.in.ID, p.in.Agent.ImagePullBehavior)
	default:
		step(p.at, "image %s cached on %s; the registry check (ECS_IMAGE_PULL_BEHAVIOR=%s) took %v", im.Name, p.in.ID, p.in.Agent.ImagePullBehavior, dur(ready-p.at))
	}
	if done {
		step(ready, "%s %v", containersVerb(t), dur(until-ready))
	} else {
		step(ready, "starting its containers") // until the run ended, or the task was stopped
	}
}

// fargateSteps writes a Fargate task's launch, provisioning, image and containers, up to until;
// done says it started (or failed to) at until. The task records when its image was ready
// (provisioned, then pulled whole at the account's rate), which splits the wait.
func (l *waitLog) fargateSteps(step func(sim.Time, string, ...any), s *models.Simulation, t *models.Task, p *placedTask, until sim.Time, done bool) {
	where := "launched on Fargate in " + p.in.Zone
	if waited := p.at - t.CreatedAt; waited > 0 {
		why := "a launch token"
		if l.outages {
			why += " or a zone that is up"
		}
		where += fmt.Sprintf(", after %v in PROVISIONING waiting for %s", dur(waited), why)
	}
	step(p.at, "%s", where)
	im := t.Def.Image
	pull := s.Fargate.PullTime(im)
	pulled := t.ImageReadyAt
	provisioned := pulled.Add(-pull)
	if provisioned > until {
		step(p.at, "Fargate provisioning (ENI and micro-VM), until %v", dur(provisioned))
		return
	}
	step(p.at, "Fargate provisioning (ENI and micro-VM): %v", dur(provisioned-p.at))
	if pull > 0 {
		step(provisioned, "image %s pulled: %d MiB at %g MiB/s, %v (Fargate caches no image)", im.Name, im.SizeMiB, s.Fargate.PullMiBps, dur(sim.Time(pull)))
	}
	if pulled > until {
		return
	}
	if done {
		step(pulled, "%s %v", containersVerb(t), dur(until-pulled))
	} else {
		step(pulled, "starting its containers")
	}
}

// containersVerb says how a task's containers ended their start.
func containersVerb(t *models.Task) string {
	if t.StartError != nil {
		return "containers failed to start after"
	}
	return "containers started in"
}
