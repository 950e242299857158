package models

import (
	"fmt"
	"strings"
)

// Placer chooses a container instance for a task, and the task to stop when a service scales
// in: the scheduler package's placement pipeline implements it. No method changes the cluster;
// the caller places or stops the task it is given.
type Placer interface {
	// Place chooses an instance for t with the placement pipeline (filters, strategies,
	// tie-break), or says why none can take it.
	Place(t *Task) (*Instance, *PlacementError)
	// PlaceOn reports whether t may go on in: nil if every filter passes, else why not (a
	// DAEMON service places on each instance in turn).
	PlaceOn(t *Task, in *Instance) *PlacementError
	// Eligible reports whether t may ever run on in, room aside: in is ACTIVE, has the
	// attributes t requires and meets every constraint (the instances a DAEMON service wants).
	Eligible(t *Task, in *Instance) bool
	// ScaleIn returns which of cands, a service's tasks, to stop first when it has more tasks
	// than it wants, by the scale-in rule of its strategy chain (DG/task-placement-strategies:
	// binpack stops the task whose instance keeps the most of the resource free; spread keeps
	// the spread field's values balanced; random picks at random). cands is not empty.
	ScaleIn(cands []*Task) *Task
}

// Rejection counts the instances one placement filter turned down.
type Rejection struct {
	Filter string
	Count  int
}

// PlacementError says why no instance could take a task: how many instances each filter
// rejected (each instance counted once, by the first filter in pipeline order that rejected
// it), and the closest match, the way ECS's service event names "the closest matching
// container-instance".
type PlacementError struct {
	Candidates int
	Rejected   []Rejection
	// Closest is the instance that passed the most filters (nil with no instances), and
	// ClosestReason what stopped it, e.g. "has insufficient memory available".
	Closest       *Instance
	ClosestReason string
}

func (e *PlacementError) Error() string {
	if e.Candidates == 0 {
		return "no container instances are registered"
	}
	var b strings.Builder
	b.WriteString("no container instance met all of its requirements")
	for i, r := range e.Rejected {
		if i == 0 {
			b.WriteString(" (")
		} else {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s: %d", r.Filter, r.Count)
	}
	if len(e.Rejected) > 0 {
		b.WriteString(")")
	}
	return b.String()
}
