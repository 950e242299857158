package models

import (
	"fmt"
	"slices"
	"time"

	"github.com/ecssim/ecssim/sim"
)

// Capacity provider strategies (DG/cluster-capacity-providers, ECS-REFERENCE §5.1). A service
// launches each task with one provider of its strategy: the provider with a base takes the
// first base tasks; after that each task goes to the provider furthest below its weight's share
// of the tasks past the base (largest deficit first, ties to the earlier item), so weights 1:4
// give one task on the first provider for every four on the second, interleaved. ECS does not
// document the interleaving; this is ecssim's rule. Weight 0 gets nothing past its base.
//
// A task for an ASG provider is placed with the service's strategies on that provider's
// instances only. When none can take it, it waits in PROVISIONING, which the provider's managed
// scaling counts, until an instance registers or frees room; it never fails for lack of room.

// strategyOf returns the capacity provider strategy svc launches with: its own, else the
// cluster's default, unless it sets a launch type.
func (s *Simulation) strategyOf(svc *Service) []StrategyItem {
	return s.launchStrategy(svc.LaunchType, svc.CapacityProviderStrategy)
}

// launchStrategy returns the capacity provider strategy a service or a standalone task
// launches with: none with a launch type, else its own, else the cluster's default ("If no
// capacityProviderStrategy or launchType is specified, the defaultCapacityProviderStrategy for
// the cluster is used", API/RunTask and API/CreateService).
func (s *Simulation) launchStrategy(launchType string, own []StrategyItem) []StrategyItem {
	switch {
	case launchType != "":
		return nil
	case len(own) > 0:
		return own
	}
	return s.DefaultStrategy
}

// OnEC2 reports whether tasks launched with launchType or strategy own (else the cluster's
// default) may run on EC2 instances: not on launch type FARGATE, nor on a strategy of FARGATE
// and FARGATE_SPOT alone.
func (s *Simulation) OnEC2(launchType string, own []StrategyItem) bool {
	if launchType != "" {
		return launchType != LaunchFargate
	}
	strategy := s.launchStrategy(launchType, own)
	return len(strategy) == 0 || slices.ContainsFunc(strategy, func(it StrategyItem) bool {
		return it.Provider == nil || !it.Provider.Kind.Fargate()
	})
}

// pickProvider chooses the provider for the next task of a service or workload, whose tasks
// not stopping count counts gives, item by item of strategy.
func pickProvider(strategy []StrategyItem, count func([]StrategyItem) []int) *CapacityProvider {
	if len(strategy) == 1 {
		return strategy[0].Provider
	}
	counts := count(strategy)
	total, weights := 0, 0
	for i, it := range strategy {
		if counts[i] < it.Base {
			return it.Provider
		}
		counts[i] -= it.Base
		total += counts[i]
		weights += it.Weight
	}
	best, bestDeficit := -1, 0.0
	for i, it := range strategy {
		if it.Weight == 0 {
			continue
		}
		deficit := float64(it.Weight)/float64(weights)*float64(total+1) - float64(counts[i])
		if best < 0 || deficit > bestDeficit {
			best, bestDeficit = i, deficit
		}
	}
	return strategy[best].Provider
}

// shedProvider chooses the provider whose task svc stops next when it scales in: the mirror
// of pickProvider, so that a scale-in keeps what launches built. A provider's base is kept
// ("how many tasks, at a minimum, to run on the specified capacity provider",
// API/CapacityProviderStrategyItem): only tasks above it are shed, from the provider furthest
// above its weight's share of the tasks that remain; a weight-0 provider's tasks above its base
// go first. nil when svc has one provider or none, or no task above the base: any may go.
func shedProvider(svc *Service, strategy []StrategyItem) *CapacityProvider {
	if len(strategy) < 2 {
		return nil
	}
	counts := svc.providerCounts(strategy)
	total, weights := 0, 0
	for i, it := range strategy {
		counts[i] = max(counts[i]-it.Base, 0)
		total += counts[i]
		weights += it.Weight
	}
	best, bestSurplus := -1, 0.0
	for i, it := range strategy {
		if counts[i] == 0 {
			continue
		}
		share := 0.0
		if weights > 0 {
			share = float64(it.Weight) / float64(weights) * float64(total-1)
		}
		if surplus := float64(counts[i]) - share; best < 0 || surplus > bestSurplus {
			best, bestSurplus = i, surplus
		}
	}
	if best < 0 {
		return nil // every task is within the base: any may go
	}
	return strategy[best].Provider
}

// providerCounts counts svc's tasks not stopping on each provider of strategy.
func (svc *Service) providerCounts(strategy []StrategyItem) []int {
	counts := make([]int, len(strategy))
	for _, t := range svc.tasks {
		if t.State == Stopping || t.State == Stopped {
			continue
		}
		for i, it := range strategy {
			if it.Provider == t.Provider {
				counts[i]++
			}
		}
	}
	return counts
}

// launchServiceTask creates one task of svc's deployment d and launches it by the service's
// launch type or capacity provider strategy. It returns the placement failure of an EC2 task
// that found no instance; a task for a capacity provider never fails for lack of room.
func (s *Simulation) launchServiceTask(svc *Service, d *Deployment, now sim.Time) *PlacementError {
	t := &Task{Service: svc, Deployment: d, Def: d.Def, Group: svc.Group(), State: Provisioning, CreatedAt: now}
	var p *CapacityProvider
	if strategy := s.strategyOf(svc); strategy != nil {
		p = pickProvider(strategy, svc.providerCounts)
		t.Provider = p
	}
	switch {
	case svc.LaunchType == LaunchFargate || p != nil && p.Kind.Fargate():
		s.create(t)
		s.placeFargate(t, p, now)
	case p != nil:
		in, fail := s.providerPlacer(t, p).Place(t)
		s.create(t)
		if fail != nil {
			s.wait(t, now)
			return nil
		}
		s.place(t, in, now)
	default:
		in, fail := svc.Placer.Place(t)
		if fail != nil && s.ClusterAutoscaler != nil {
			s.create(t)
			s.pend(t, now)
			break
		}
		if fail != nil {
			s.emit(Event{Kind: PlacementFailed, Task: t, Service: svc, Failure: fail})
			s.emit(Event{Kind: ServiceEvent, Service: svc, Message: unableToPlace(svc, fail)})
			return fail
		}
		s.create(t)
		s.place(t, in, now)
	}
	svc.ctl.started = append(svc.ctl.started, t.ID)
	return nil
}

// providerPlacer returns the placer t's service or workload uses on provider p's instances.
// The scenarios package builds one for every ASG provider of every service's and workload's
// strategy, the only ones asked for, so a missing one is a bug.
func (s *Simulation) providerPlacer(t *Task, p *CapacityProvider) Placer {
	if p == nil {
		return placerOf(t) // a pod pending for the Cluster Autoscaler, placed on any node
	}
	var pl Placer
	ok := false
	if t.Service != nil {
		pl, ok = s.ProviderPlacers.PlacerOn(t.Service, p)
	} else {
		pl, ok = s.ProviderPlacers.WorkloadPlacerOn(t.Workload, p)
	}
	if !ok {
		panic(fmt.Sprintf("models: %s has no placer on capacity provider %s", t.Owner(), p.Name))
	}
	return pl
}

// Tasks wait in PROVISIONING for an Auto Scaling group provider's capacity within two limits
// (DG/cluster-auto-scaling, "Managed scale-out behavior": "Amazon ECS limits the number of
// tasks with this status for each cluster"; DG/service-quotas, "Tasks in the PROVISIONING
// state per cluster"; BP/operating-at-scale-service-quotas). The AWS deep-dive blog on cluster
// auto scaling (quoted in roadmap#2381) gives both: "a maximum of 100 tasks can be in the
// provisioning state for any cluster, and provisioning tasks will wait for capacity for between
// 10 and 30 minutes before transitioning to stopped". The quota has grown since (listings give
// 300 and 500; ECS-REFERENCE §2.6); ecssim's defaults are 500 tasks and 30 minutes, both
// unconfirmed [U] and configurable ([cluster] provisioning_task_limit and
// provisioning_timeout):
//   - a task still in PROVISIONING after ProvisioningTimeout stops with
//     StopReasonProvisioningTimeout: a service starts another in its place, RunTask does not;
//   - RunTask refuses a task that would wait while ProvisioningLimit tasks already do: it
//     stops at once with StopReasonProvisioningLimit. (A service's tasks count in the limit;
//     ecssim does not hold its scheduler back at the limit.)
const (
	DefaultProvisioningLimit   = 500
	DefaultProvisioningTimeout = 30 * time.Minute
)

// Stop reasons of tasks past the PROVISIONING limits: ecssim's words, as ECS's are not
// documented.
const (
	StopReasonProvisioningTimeout = "TaskFailedToStart: no capacity from the capacity provider within the PROVISIONING timeout"
	StopReasonProvisioningLimit   = "TaskFailedToStart: the cluster has as many tasks in PROVISIONING as its quota allows"
)

// wait has t, created, wait in PROVISIONING for its ASG provider's capacity: retried when
// room may have appeared, counted in managed scaling's reservation, and stopped if it still
// waits after the PROVISIONING timeout.
func (s *Simulation) wait(t *Task, now sim.Time) {
	s.provisioning = append(s.provisioning, t)
	s.retryLater(now)
	if at := now.Add(s.ProvisioningTimeout); s.ProvisioningTimeout > 0 && at <= s.Horizon {
		t.timeout = s.Engine.Schedule(at, PriorityStop, sim.HandlerFunc(func(now sim.Time) {
			t.timeout = 0
			if t.State == Provisioning { // endWait cancels it otherwise; a guard against a new path
				s.dropProvisioning(t, now, StopReasonProvisioningTimeout, false)
			}
		}))
	}
}

// pend has t, created, wait unschedulable for a node, as a pod does that the kube-scheduler
// found none for: retried when room may have appeared, as wait's tasks are, and seen by the
// Cluster Autoscaler. A pod pends for as long as it takes: Kubernetes has no PROVISIONING
// timeout.
func (s *Simulation) pend(t *Task, now sim.Time) {
	s.provisioning = append(s.provisioning, t)
	s.retryLater(now)
}

// endWait cancels the PROVISIONING timeout of a task that stops waiting.
func (s *Simulation) endWait(t *Task) {
	if t.timeout != 0 {
		s.Engine.Cancel(t.timeout)
		t.timeout = 0
	}
}

// Provisioning returns the tasks waiting in PROVISIONING for Auto Scaling group capacity, the
// services' and the workloads', oldest first. Callers must not modify the slice.
func (s *Simulation) Provisioning() []*Task { return s.provisioning }

// waitingTasks counts the tasks waiting in PROVISIONING for ASG capacity: what the cluster's
// PROVISIONING limit bounds.
func (s *Simulation) waitingTasks() int {
	n := 0
	for _, t := range s.provisioning {
		if t.State == Provisioning {
			n++
		}
	}
	return n
}

// retryProvisioning places the tasks waiting in PROVISIONING that now fit, oldest first. Once
// a task finds no room, the others of its service or workload, definition and provider do not
// try: they would find none either. A service's task waits too while the service holds as many
// PENDING, RUNNING and STOPPING tasks as its deployment ceiling allows (floor(desired ×
// maximumPercent / 100), DG/deployment-type-ecs, ECS-REFERENCE §4.2): it was started under
// the ceiling, but a scale-in since may have lowered it, and STOPPING tasks count until they
// stop.
func (s *Simulation) retryProvisioning(now sim.Time) {
	type key struct {
		svc *Service
		w   *Workload
		def *TaskDefinition
		p   *CapacityProvider
	}
	var full []key
	room := map[*Service]int{} // what each service's ceiling has left, counted once a call
	waiting := s.provisioning[:0]
	for _, t := range s.provisioning {
		if t.State != Provisioning {
			continue
		}
		k := key{t.Service, t.Workload, t.Def, t.Provider}
		if slices.Contains(full, k) || !ceilingRoom(room, t.Service) {
			waiting = append(waiting, t)
			continue
		}
		in, fail := s.providerPlacer(t, t.Provider).Place(t)
		if fail != nil {
			full = append(full, k)
			waiting = append(waiting, t)
			continue
		}
		s.endWait(t)
		s.place(t, in, now)
		if t.Service != nil {
			room[t.Service]--
		}
	}
	clear(s.provisioning[len(waiting):])
	s.provisioning = waiting
	if len(waiting) > 0 {
		s.retryLater(now)
	}
}

// ceilingRoom reports whether svc's ceiling lets one more of its tasks leave PROVISIONING,
// counting its PENDING, RUNNING and STOPPING tasks into room the first time it is asked. A
// standalone task (svc nil) has no ceiling.
func ceilingRoom(room map[*Service]int, svc *Service) bool {
	if svc == nil {
		return true
	}
	r, ok := room[svc]
	if !ok {
		r = svc.MaxTasks() - svc.holdingTasks()
		room[svc] = r
	}
	return r > 0
}

// retryLater retries the waiting tasks after PlacementRetry: room can appear without an
// instance registering or a task stopping, as when a task lands that a constraint waits for.
func (s *Simulation) retryLater(now sim.Time) {
	if s.retryPending || now.Add(s.PlacementRetry) > s.Horizon {
		return
	}
	s.retryPending = true
	s.Engine.Schedule(now.Add(s.PlacementRetry), PriorityService+1, sim.HandlerFunc(func(now sim.Time) {
		s.retryPending = false
		if len(s.provisioning) > 0 {
			s.retryProvisioning(now)
		}
	}))
}

// dropProvisioning stops a task still waiting in PROVISIONING; scheduled marks a stop that
// stopTask chose, unlike the PROVISIONING timeout's.
func (s *Simulation) dropProvisioning(t *Task, now sim.Time, reason string, scheduled bool) {
	if i := slices.Index(s.provisioning, t); i >= 0 {
		s.provisioning = slices.Delete(s.provisioning, i, i+1)
	}
	s.endWait(t)
	s.Cluster.FinishStop(t, now, reason)
	s.emit(Event{Kind: TaskStopped, Task: t, Reason: t.StopReason, Scheduled: scheduled})
	if svc := t.Service; svc != nil {
		svc.tasks = remove(svc.tasks, t)
		s.wake(svc, now)
	}
}
