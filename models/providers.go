package models

import (
	"fmt"
	"slices"

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
	switch {
	case svc.LaunchType != "":
		return nil
	case len(svc.CapacityProviderStrategy) > 0:
		return svc.CapacityProviderStrategy
	}
	return s.DefaultStrategy
}

// pickProvider chooses the provider for svc's next task.
func pickProvider(svc *Service, strategy []StrategyItem) *CapacityProvider {
	if len(strategy) == 1 {
		return strategy[0].Provider
	}
	counts := providerCounts(svc, strategy)
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
	counts := providerCounts(svc, strategy)
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
func providerCounts(svc *Service, strategy []StrategyItem) []int {
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
		p = pickProvider(svc, strategy)
		t.Provider = p
	}
	switch {
	case svc.LaunchType == LaunchFargate:
		s.create(t)
		s.placeFargate(t, nil, now)
	case p != nil && p.Kind.Fargate():
		s.create(t)
		s.placeFargate(t, p, now)
	case p != nil:
		in, fail := s.providerPlacer(svc, p).Place(t)
		s.create(t)
		if fail != nil {
			s.provisioning = append(s.provisioning, t)
			s.retryLater(now)
			return nil
		}
		s.place(t, in, now)
	default:
		in, fail := svc.Placer.Place(t)
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

// providerPlacer returns the placer svc uses on provider p's instances. The scenarios package
// builds one for every ASG provider of every service's strategy, the only ones asked for, so a
// missing one is a bug.
func (s *Simulation) providerPlacer(svc *Service, p *CapacityProvider) Placer {
	pl, ok := s.ProviderPlacers.PlacerOn(svc, p)
	if !ok {
		panic(fmt.Sprintf("models: service %s has no placer on capacity provider %s", svc.Name, p.Name))
	}
	return pl
}

// retryProvisioning places the tasks waiting in PROVISIONING that now fit, oldest first. Once
// a task finds no room, the others of its service, definition and provider do not try: they
// would find none either. A service's task waits too while the service holds as many PENDING,
// RUNNING and STOPPING tasks as its deployment ceiling allows (floor(desired ×
// maximumPercent / 100), DG/deployment-type-ecs, ECS-REFERENCE §4.2): it was started under
// the ceiling, but a scale-in since may have lowered it, and STOPPING tasks count until they
// stop.
func (s *Simulation) retryProvisioning(now sim.Time) {
	type key struct {
		svc *Service
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
		k := key{t.Service, t.Def, t.Provider}
		if slices.Contains(full, k) || !ceilingRoom(room, t.Service) {
			waiting = append(waiting, t)
			continue
		}
		in, fail := s.providerPlacer(t.Service, t.Provider).Place(t)
		if fail != nil {
			full = append(full, k)
			waiting = append(waiting, t)
			continue
		}
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

// dropProvisioning stops a task still waiting in PROVISIONING.
func (s *Simulation) dropProvisioning(t *Task, now sim.Time, reason string) {
	if i := slices.Index(s.provisioning, t); i >= 0 {
		s.provisioning = slices.Delete(s.provisioning, i, i+1)
	}
	s.Cluster.FinishStop(t, now, reason)
	s.emit(Event{Kind: TaskStopped, Task: t, Reason: t.StopReason, Scheduled: true})
	if svc := t.Service; svc != nil {
		svc.tasks = remove(svc.tasks, t)
		s.wake(svc, now)
	}
}
