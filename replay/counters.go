package replay

import (
	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/sim"
)

// counters are what the page's counters show, over every event of the run, kept or not (the
// package documentation defines them).
type counters struct {
	zoneRunning []int // by zone number
	pending     int
	owners      []ownerCount
}

type ownerCount struct {
	pending, running, healthy, desired int
}

// observe counts e; lt is its task's state before it, updated here.
func (c *counters) observe(e *models.Event, lt *liveTask) {
	if lt == nil {
		return
	}
	for len(c.zoneRunning) <= lt.zone {
		c.zoneRunning = append(c.zoneRunning, 0)
	}
	o := &c.owners[lt.owner]
	switch e.Kind {
	case models.TaskPlaced:
		c.pending++
		o.pending++
	case models.TaskRunning:
		if lt.state == placed {
			lt.state = running
			c.pending--
			o.pending--
			o.running++
			if lt.zone >= 0 {
				c.zoneRunning[lt.zone]++
			}
		}
	case models.TaskHealthy, models.TaskUnhealthy:
		if healthy := e.Kind == models.TaskHealthy; healthy != lt.healthy && lt.state != stopping {
			lt.healthy = healthy
			if healthy {
				o.healthy++
			} else {
				o.healthy--
			}
		}
	case models.TaskStopping, models.TaskStopped:
		c.stop(lt, o)
	}
}

// stop counts a task's first stop event: it is neither running, pending nor healthy after it.
func (c *counters) stop(lt *liveTask, o *ownerCount) {
	switch lt.state {
	case stopping:
		return
	case placed:
		c.pending--
		o.pending--
	case running:
		o.running--
		if lt.zone >= 0 {
			c.zoneRunning[lt.zone]--
		}
	}
	if lt.healthy {
		lt.healthy = false
		o.healthy--
	}
	lt.state = stopping
}

// samples are the counters at regular times over the whole run: what the page shows past its
// cut, or for instances it left out.
type samples struct {
	t           []sim.Time
	zoneRunning [][]int
	pending     []int
	owners      [][]ownerCount
	cost        []float64
	instances   []int
}

// sampleUntil takes the samples due before now: each sees every event at or before its time,
// as it is taken when the first event after it comes.
func (r *Recorder) sampleUntil(now sim.Time) {
	for r.nextSample < now && r.nextSample <= r.sim.Horizon {
		r.sampleAt(r.nextSample)
		r.nextSample += r.sampleEvery
	}
}

func (r *Recorder) sampleAt(at sim.Time) {
	s, c := &r.samples, &r.counts
	s.t = append(s.t, at)
	s.zoneRunning = append(s.zoneRunning, append([]int(nil), c.zoneRunning...))
	s.pending = append(s.pending, c.pending)
	s.owners = append(s.owners, append([]ownerCount(nil), c.owners...))
	s.cost = append(s.cost, r.bills.at(at))
	s.instances = append(s.instances, r.instancesNow)
}

// Finish takes the samples left up to the run's end; call it once the run has ended.
func (r *Recorder) Finish() {
	r.sampleUntil(r.sim.Horizon + 1)
}

// change is what an event the page does not keep changed of the counters, so that the page's
// counters stay exact past its cut and over the instances it leaves out. zone and owner are
// the task's, and value packs its changes: (running+1)·9 + (pending+1)·3 + (healthy+1), each
// −1, 0 or +1. Two other kinds: zone changeDesired sets the owner's desired count to value;
// zone changeInstances adds value to the EC2 instances registered.
type change struct {
	t           sim.Time
	zone, owner int
	value       int64
}

const (
	changeDesired   = -2
	changeInstances = -3
)

// maxChanges caps the counter changes a page keeps; past them its counters come from samples.
const maxChanges = 60_000

// noteChange keeps what e, left out of the page, changed of the counters: before was its
// task's owner's counts and pending the cluster's pending before it.
func (r *Recorder) noteChange(now sim.Time, e *models.Event, lt *liveTask, before ownerCount, pending int) {
	if r.changesCut {
		return
	}
	ch := change{t: now, zone: -1, owner: -1}
	switch {
	case lt != nil:
		after := r.counts.owners[lt.owner]
		dr, dp, dh := after.running-before.running, r.counts.pending-pending, after.healthy-before.healthy
		if dr == 0 && dp == 0 && dh == 0 {
			return
		}
		ch.zone, ch.owner, ch.value = lt.zone, lt.owner, int64((dr+1)*9+(dp+1)*3+dh+1)
	case e.Kind == models.DesiredCountChanged && e.Service != nil:
		ch.zone, ch.owner, ch.value = changeDesired, r.ownerFor(e.Service.Name, e.Service), int64(e.Service.DesiredCount)
	case e.Instance != nil && !e.Instance.Fargate() && e.Kind == models.InstanceRegistered:
		ch.zone, ch.value = changeInstances, 1
	case e.Instance != nil && !e.Instance.Fargate() && e.Kind == models.InstanceTerminated:
		ch.zone, ch.value = changeInstances, -1
	default:
		return
	}
	if len(r.changes) >= maxChanges {
		r.changesCut, r.changesCutAt = true, now
		return
	}
	r.changes = append(r.changes, ch)
}
