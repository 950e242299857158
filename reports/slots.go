package reports

import (
	"fmt"

	"github.com/ecssim/ecssim/models"
)

// The collector's records of the tasks and instances it follows, in dense slices rather than
// maps keyed by pointers: it looks a task or an instance up several times an event, and a
// slice index costs a load where a map lookup hashes and probes.

// taskRec is what the collector keeps of a task, from its TaskPlaced (or first TaskRunning)
// to its stop: its counts, and its hold on an EC2 instance or its open Fargate bill until
// TaskStopped.
type taskRec struct {
	t       *models.Task
	svc     *serviceStats // the task's service's, nil for a standalone task
	fargate *fargateBill  // its open Fargate bill, nil on EC2 or once closed
	// its hold on an EC2 instance while held: the instance's Seq, and its perShare when the
	// hold began (endHold)
	holdFrom float64
	holdSeq  uint32
	flags    taskFlags
	counted  bool // in the counts: placed, and no stop event yet
	held     bool // it holds a reservation on an EC2 instance: TaskPlaced to TaskStopped
}

// instRec is an EC2 instance the collector has seen register: its bill, and, while it is a
// registered instance of the cluster, its share of the cluster-wide sums (live).
type instRec struct {
	in   *models.Instance
	bill int // index in Collector.bills
	live bool
	instState

	// perShare is what a whole share of the instance has been charged since it registered: the
	// integral of its price, scaled down while the holds' shares add up to more than the whole
	// (accrue). A hold is charged its share of the growth of perShare while it lasts, so a
	// change costs the same whatever the number of tasks on the instance. It is kept once the
	// instance leaves the cluster, for the holds that end after.
	perShare float64
}

// taskRecord returns the record of t, nil if the collector follows no such task. A slot is
// taken by the collector when it first sees a task and given back (ObserverSlot 0 again) when
// the task's record is done with, so the slices stay as long as the most tasks followed at once.
func (c *Collector) taskRecord(t *models.Task) *taskRec {
	if s := int(t.ObserverSlot) - 1; s >= 0 && s < len(c.tasks) && c.tasks[s].t == t {
		return &c.tasks[s]
	}
	return nil
}

// track returns the record of t, making one if there is none. The pointer is good until the
// next call of track: the slice may move.
func (c *Collector) track(t *models.Task) *taskRec {
	if r := c.taskRecord(t); r != nil {
		return r
	}
	var s int
	if n := len(c.freeTasks); n > 0 {
		s, c.freeTasks = int(c.freeTasks[n-1]), c.freeTasks[:n-1]
	} else {
		s = len(c.tasks)
		c.tasks = append(c.tasks, taskRec{})
	}
	// A free slot holds nothing but its last task and service (untrack): the record is set
	// field by field, as one store of a whole record costs the garbage collector's bulk write
	// barrier while it marks.
	r := &c.tasks[s]
	r.t, r.svc = t, c.service(t.Service)
	r.flags = 0
	t.ObserverSlot = int32(s + 1)
	return r
}

// untrack gives back the slot of a task whose record holds nothing any more: it is out of the
// counts, holds no reservation and has no open Fargate bill.
func (c *Collector) untrack(r *taskRec) {
	if r.counted || r.held || r.fargate != nil {
		return
	}
	s := r.t.ObserverSlot - 1
	r.t.ObserverSlot = 0
	// The record keeps its task and service until the slot is taken again, which comes soon
	// (the free slots are a stack): clearing the pointers costs a bulk write barrier while the
	// garbage collector marks, and taskRecord never finds a record whose task gave up its slot.
	r.flags = 0
	c.freeTasks = append(c.freeTasks, s)
}

// flags returns a task's counted flags, and whether it is in the counts.
func (c *Collector) flags(t *models.Task) (taskFlags, bool) {
	if r := c.taskRecord(t); r != nil && r.counted {
		return r.flags, true
	}
	return 0, false
}

// service returns the stats of svc, nil for no service or one the collector does not follow.
func (c *Collector) service(svc *models.Service) *serviceStats {
	if svc == nil {
		return nil
	}
	return c.bySvc[svc]
}

// instRecord returns the record of an EC2 instance the collector saw register, nil for any
// other. Instances are found by their Seq, which numbers a run's EC2 instances 1, 2, ... in
// registration order.
func (c *Collector) instRecord(in *models.Instance) *instRec {
	if in == nil || in.Seq >= uint64(len(c.insts)) || c.insts[in.Seq].in != in {
		return nil
	}
	return &c.insts[in.Seq]
}

// live returns the record of a registered instance of the cluster, nil for any other.
func (c *Collector) live(in *models.Instance) *instRec {
	if r := c.instRecord(in); r != nil && r.live {
		return r
	}
	return nil
}

// newInstRecord makes the record of an instance registering; the pointer is good until the
// next call. Two instances with one Seq would share a record, so it refuses them.
func (c *Collector) newInstRecord(in *models.Instance) *instRec {
	if in.Seq >= 1<<32 {
		panic(fmt.Sprintf("reports: instance %s has Seq %d, not a run's registration number", in.ID, in.Seq))
	}
	for uint64(len(c.insts)) <= in.Seq {
		c.insts = append(c.insts, instRec{})
	}
	r := &c.insts[in.Seq]
	if r.in != nil {
		panic(fmt.Sprintf("reports: instances %s and %s share Seq %d", r.in.ID, in.ID, in.Seq))
	}
	r.in = in
	return r
}
