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
	running, healthy, desired int
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
	case models.TaskRunning:
		if lt.state == placed {
			lt.state = running
			c.pending--
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

// sampleUntil takes the samples due before now, each seeing every event before it.
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
