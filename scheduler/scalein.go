package scheduler

import (
	"fmt"
	"slices"

	"github.com/ecssim/ecssim/models"
)

// PlaceOn implements models.Placer: it runs the filters Place runs for t, in the same order
// (resource fit, then the task definition's constraints, then the pipeline's), against in
// alone. It returns nil if every filter passes, else the failure Place would report for a
// cluster of that one instance: one candidate, rejected by the first filter that turned it
// down, and in as the closest match with that filter's ECS reason. A DAEMON service asks it
// about each instance in turn (DG/ecs_services, "Daemon"); strategies play no part.
func (p *Pipeline) PlaceOn(t *models.Task, in *models.Instance) *models.PlacementError {
	r := &p.req
	r.reset(t, p.cluster)
	fs := p.filters(t.Def)
	if feasible(r, in, fs) {
		return nil
	}
	pool := [1]*models.Instance{in}
	return p.failure(r, fs, pool[:])
}

// Eligible implements models.Placer: whether in is an instance t may run on at all, room
// aside: ACTIVE, with the attributes the task requires, and meeting every constraint. A DAEMON
// service wants a task on each eligible instance (DG/ecs_services), whether or not it fits yet.
func (p *Pipeline) Eligible(t *models.Task, in *models.Instance) bool {
	r := &p.req
	r.reset(t, p.cluster)
	for _, f := range p.filters(t.Def) {
		if roomFilter(f) {
			continue
		}
		if !f.Feasible(r, in) {
			return false
		}
	}
	return true
}

// roomFilter reports whether f checks room (CPU, memory, host ports, ENIs) rather than what the
// instance is.
func roomFilter(f Filter) bool {
	switch f.(type) {
	case cpuFilter, memoryFilter, portsFilter, enisFilter:
		return true
	}
	return false
}

// ScaleIn implements models.Placer: it returns which of cands, active tasks of one task group,
// to stop first when a service scales in. ECS gives each strategy a scale-in rule
// (DG/task-placement-strategies; ECS-REFERENCE §1.2, column "Scale-in"):
//
//   - binpack(cpu|memory): the task on the instance that will have the most of the resource
//     left after the task terminates (BinpackStrategy.ScaleInScore);
//   - spread(field): keep the field's values balanced: a task in the zone, attribute value or
//     instance holding the most active tasks of the group (SpreadStrategy.ScaleInScore). The
//     service default [spread(AZ), spread(instanceId)] thus gives ECS's documented scale-in:
//     the AZ with the most tasks of the service, then the instance with the most tasks of the
//     service (DG/ecs_services; ECS-REFERENCE §1.4);
//   - random: a uniform draw among the tasks left.
//
// The rules chain as placement chains strategies (ECS-REFERENCE §1.3): the first strategy
// keeps the tasks it scores highest, each later one breaks only the exact ties the earlier ones
// left, and random (a Chooser) draws among the ties and ends the chain. With an empty chain every
// task is tied, as every instance is for placement. What is still tied after the chain goes to the cluster's tie-break, which ECS does not
// document: TieRandom draws uniformly, TieOldest takes the task on the instance that registered
// first, the earliest in cands among its tasks (cands come in launch order). Draws come from
// the pipeline's own random stream, so a fixed seed gives the same choices.
//
// ScaleIn changes nothing; the caller stops the task. It allocates nothing in steady state,
// except that spread over an attribute other than the zone lists the group's instances to count
// them, as placement does.
func (p *Pipeline) ScaleIn(cands []*models.Task) *models.Task {
	if len(cands) == 0 {
		panic("scheduler: ScaleIn with no candidates")
	}
	group := cands[0].Group
	for _, t := range cands {
		if !t.Active() || t.Instance == nil || t.Group != group {
			panic(fmt.Sprintf("scheduler: ScaleIn candidate %s is %v on %v in group %q; want active, placed tasks of group %q",
				t.ID, t.State, t.Instance, t.Group, group))
		}
	}
	r := &p.req
	r.resetScaleIn(group, p.cluster)
	survivors := append(p.tasks[:0], cands...)
	t := p.scaleIn(r, survivors)
	clear(survivors[:len(cands)]) // hold on to no stopped task
	p.tasks = survivors[:0]
	return t
}

// scaleIn walks the chain over survivors, which it shrinks in place, keeping their order.
func (p *Pipeline) scaleIn(r *Request, survivors []*models.Task) *models.Task {
	for _, s := range p.chain {
		if len(survivors) == 1 {
			break // nothing left to rank, and a draw among one task draws nothing
		}
		if _, ok := s.(Chooser); ok {
			return p.drawTask(survivors)
		}
		sc, ok := s.(ScaleInScorer)
		if !ok {
			continue // no scale-in rule: the ties stay as they are
		}
		scores := p.scoreBuf(len(survivors))
		sc.ScaleInScore(r, survivors, scores)
		survivors = keepScored(survivors, scores, slices.Max(scores))
	}
	if p.cluster.TieBreak() == models.TieOldest {
		return oldestTask(survivors)
	}
	return p.drawTask(survivors)
}

// drawTask picks uniformly among tasks from the pipeline's random stream: random's scale-in
// rule and the TieRandom tie-break. One task wins without a draw.
func (p *Pipeline) drawTask(tasks []*models.Task) *models.Task {
	if len(tasks) == 1 {
		return tasks[0]
	}
	return tasks[p.rng.IntN(len(tasks))]
}

// oldestTask is the TieOldest tie-break for scale-in: the task whose instance registered first
// (lowest Seq), the earliest in tasks among that instance's.
func oldestTask(tasks []*models.Task) *models.Task {
	best := tasks[0]
	for _, t := range tasks[1:] {
		if t.Instance.Seq < best.Instance.Seq {
			best = t
		}
	}
	return best
}
