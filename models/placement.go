package models

import (
	"fmt"
	"strings"
)

// Placer chooses a container instance for a task: the scheduler package's placement pipeline
// implements it. Place must not change the cluster; the caller places the task on the
// instance it returns.
type Placer interface {
	Place(t *Task) (*Instance, *PlacementError)
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
