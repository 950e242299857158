package replay

import (
	"container/heap"
	"slices"
	"time"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/reports"
	"github.com/ecssim/ecssim/sim"
)

// billing follows what the run has cost so far, as the summary's cost_usd bills it (package
// reports): every EC2 instance from its launch, an Auto Scaling group's launch still booting
// at the group's first type's price, and every Fargate task from its image pull. A bill that
// has ended is charged whole (reports.Billed); one still open is charged for the time it has
// run, so the cost grows smoothly and reaches the summary's at the run's end (Finish).
type billing struct {
	closed    float64
	open      []*bill  // started and not ended, each at its slot
	rate      float64  // Σ price of the open bills, per hour
	rateStart float64  // Σ price × start, in hours, of the open bills
	future    billHeap // Fargate bills whose image pull has not started yet
	instance  map[*models.Instance]*bill
	task      map[*models.Task]*bill
	launching map[*models.CapacityProvider][]*bill // oldest first
}

type bill struct {
	price float64 // per hour
	start sim.Time
	slot  int // index in open; -1 while in future, -2 once ended
}

func (b *billing) observe(now sim.Time, e *models.Event, pricing *models.Pricing) {
	if b.instance == nil {
		b.instance, b.task, b.launching = map[*models.Instance]*bill{}, map[*models.Task]*bill{}, map[*models.CapacityProvider][]*bill{}
	}
	b.startDue(now)
	in := e.Instance
	switch {
	case e.Kind == models.InstanceLaunched && e.Provider != nil && e.Provider.ASG != nil:
		p := e.Provider
		nb := b.add(pricing.TypeHourly(p.ASG.InstanceTypes[0], p.ASG.Market), now)
		b.launching[p] = append(b.launching[p], nb)
	case e.Kind == models.InstanceRegistered && in != nil && !in.Fargate():
		if in.Provider != nil {
			b.registered(in)
		}
		b.instance[in] = b.add(pricing.InstanceHourly(in), min(in.Launched, now))
	case e.Kind == models.InstanceTerminated && in != nil:
		if ib := b.instance[in]; ib != nil {
			b.end(ib, now)
			delete(b.instance, in)
		}
	case e.Kind == models.TaskPlaced && in != nil && in.Fargate():
		t := e.Task
		b.task[t] = b.add(pricing.FargateHourly(t.Def, in.Market == models.Spot), max(t.PullStartedAt, now))
	case e.Kind == models.TaskStopped:
		if tb := b.task[e.Task]; tb != nil {
			b.end(tb, now)
			delete(b.task, e.Task)
		}
	}
}

// registered ends the launch bill of an instance of an Auto Scaling group that registers: its
// bill goes on as the instance's own, from its launch. The launch of the same time is its own;
// without one, the oldest.
func (b *billing) registered(in *models.Instance) {
	q := b.launching[in.Provider]
	if len(q) == 0 {
		return
	}
	i := max(slices.IndexFunc(q, func(nb *bill) bool { return nb.start == in.Launched }), 0)
	b.drop(q[i])
	b.launching[in.Provider] = slices.Delete(q, i, i+1)
}

// add opens a bill from start (in the future for a Fargate task still provisioning).
func (b *billing) add(price float64, start sim.Time) *bill {
	nb := &bill{price: price, start: start, slot: -1}
	heap.Push(&b.future, nb)
	return nb
}

// startDue moves the bills that have started by now into the open ones.
func (b *billing) startDue(now sim.Time) {
	for len(b.future) > 0 && b.future[0].start <= now {
		nb := heap.Pop(&b.future).(*bill)
		if nb.slot == -2 {
			continue // ended before it started: not billed
		}
		nb.slot = len(b.open)
		b.open = append(b.open, nb)
		b.rate += nb.price
		b.rateStart += nb.price * nb.start.Seconds() / 3600
	}
}

// end charges a bill that ends at now, whole.
func (b *billing) end(nb *bill, now sim.Time) {
	if nb.slot >= 0 {
		b.closed += nb.price * reports.Billed(time.Duration(now-nb.start)).Hours()
	}
	b.drop(nb)
}

// drop takes a bill out without charging it.
func (b *billing) drop(nb *bill) {
	if nb.slot >= 0 {
		last := b.open[len(b.open)-1]
		b.open[nb.slot], last.slot = last, nb.slot
		b.open = b.open[:len(b.open)-1]
		b.rate -= nb.price
		b.rateStart -= nb.price * nb.start.Seconds() / 3600
	}
	nb.slot = -2
}

// at returns the cost so far at now, no earlier than the last event heard.
func (b *billing) at(now sim.Time) float64 {
	b.startDue(now)
	return b.closed + b.rate*now.Seconds()/3600 - b.rateStart
}

// total returns the run's cost at its end, horizon: the bills still open charged whole, as the
// summary charges them.
func (b *billing) total(horizon sim.Time) float64 {
	b.startDue(horizon)
	usd := b.closed
	for _, nb := range b.open {
		usd += nb.price * reports.Billed(time.Duration(horizon-nb.start)).Hours()
	}
	return usd
}

// billHeap orders bills by start.
type billHeap []*bill

func (h billHeap) Len() int           { return len(h) }
func (h billHeap) Less(i, j int) bool { return h[i].start < h[j].start }
func (h billHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *billHeap) Push(x any)        { *h = append(*h, x.(*bill)) }
func (h *billHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
