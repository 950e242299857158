package reports

import (
	"time"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/sim"
)

// The collector's cost accounting: EC2 instance bills, Fargate task bills, and the attribution
// of EC2 cost to the tasks that reserve it (definitions in the package documentation).

// provider returns the stats of an ASG capacity provider, nil for any other.
func (c *Collector) provider(p *models.CapacityProvider) *providerStats {
	if p == nil || p.Kind != models.ProviderASG {
		return nil
	}
	ps := c.providers[p.Name]
	if ps == nil {
		ps = &providerStats{}
		c.providers[p.Name] = ps
	}
	return ps
}

// onFargate reports whether a task event is about a task on Fargate.
func onFargate(t *models.Task, in *models.Instance) bool {
	if in == nil && t != nil {
		in = t.Instance
	}
	return in != nil && in.Fargate()
}

// owner returns the cost account of a task (its record r): its service's, or its workload's
// (keyed by the workload's name, or by the task's group for a standalone task of no workload).
// A service's account is kept in its stats, and the last workload's here: tasks come in runs
// of the same workload, and a name is hashed only when the workload changes.
func (c *Collector) owner(r *taskRec) *ownerCost {
	t := r.t
	switch {
	case r.svc != nil:
		return r.svc.cost
	case t.Service == nil && t.Workload != nil && t.Workload == c.lastWorkload:
		return c.lastWorkloadCost
	}
	accounts, key := c.workloadCost, t.Group
	switch {
	case t.Service != nil:
		accounts, key = c.svcCost, t.Service.Name
	case t.Workload != nil:
		key = t.Workload.Name
	}
	oc := accounts[key]
	if oc == nil {
		oc = c.newOwnerCost()
		accounts[key] = oc
	}
	if t.Service == nil && t.Workload != nil {
		c.lastWorkload, c.lastWorkloadCost = t.Workload, oc
	}
	return oc
}

// newOwnerCost returns a new cost account, numbered.
func (c *Collector) newOwnerCost() *ownerCost {
	oc := &ownerCost{id: int32(len(c.owners))}
	c.owners = append(c.owners, oc)
	return oc
}

// placed starts what a placed task (its record r) costs: a Fargate bill from the start of its
// image pull (models.Task.PullStartedAt), or a hold on its EC2 instance.
func (c *Collector) placed(r *taskRec, in *models.Instance, now sim.Time) {
	t := r.t
	if in == nil {
		in = t.Instance
	}
	if in == nil {
		return
	}
	if in.Fargate() {
		if r.fargate != nil {
			return
		}
		c.fargateSeq++
		charge := t.Def.Charge()
		b := &fargateBill{
			seq: c.fargateSeq, start: max(t.PullStartedAt, now), // Fargate bills from the image pull
			price: c.sim.Pricing.FargateHourly(t.Def, in.Market == models.Spot),
			vcpu:  float64(charge.CPU) / 1024, gb: float64(charge.MemoryMiB) / 1024,
			provider: fargateProviderName(in), owner: c.owner(r),
		}
		r.fargate = b
		return
	}
	st := c.live(in)
	if st == nil {
		return
	}
	c.update(in, st, now)
	charge := t.Def.Charge()
	share := max(fraction(charge.CPU, in.Registered.CPU), fraction(charge.MemoryMiB, in.Registered.MemoryMiB))
	st.holds = append(st.holds, hold{slot: t.ObserverSlot, owner: c.owner(r).id, share: share})
	r.held = true     // the slot stays the task's until its hold ends
	st.total += share // the sum from the first hold on, one more term
}

// released ends what a stopped task costs: it closes its Fargate bill, or ends its hold on its
// EC2 instance.
func (c *Collector) released(t *models.Task, in *models.Instance, now sim.Time) {
	r := c.taskRecord(t)
	if r != nil && r.fargate != nil {
		b := r.fargate
		r.fargate = nil
		c.untrack(r)
		c.closeFargate(b, now)
		return
	}
	if in == nil {
		in = t.Instance
	}
	if st := c.live(in); st != nil {
		c.update(in, st, now)
		if r != nil && r.held {
			st.holds, st.total = dropHolds(st.holds, t.ObserverSlot)
		}
	}
	if r != nil && r.held {
		r.held = false
		c.untrack(r)
	}
}

// dropHolds removes the holds of the task in slot, keeping the others in placement order, and
// returns them with their shares summed in that order, as accrue would sum them: a sum less a
// term need not be the sum without it. It is slices.DeleteFunc without a call for each hold,
// and writes nothing before the first of the task's.
func dropHolds(holds []hold, slot int32) ([]hold, float64) {
	var total float64
	i := 0
	for ; i < len(holds) && holds[i].slot != slot; i++ {
		total += holds[i].share
	}
	if i == len(holds) {
		return holds, total
	}
	kept := holds[:i]
	for _, h := range holds[i+1:] {
		if h.slot != slot {
			kept = append(kept, h)
			total += h.share
		}
	}
	clear(holds[len(kept):])
	return kept, total
}

// closeFargate charges a Fargate bill that ends at end: per second, at least one minute
// (billed). A task that stopped before its image pull started, still provisioning, is not
// billed: AWS bills from the pull.
func (c *Collector) closeFargate(b *fargateBill, end sim.Time) {
	if end < b.start {
		return
	}
	hours := billed(end.Sub(b.start)).Hours()
	usd := b.price * hours
	c.fargateUSD += usd
	c.fargateVCPUHours += b.vcpu * hours
	c.fargateGBh += b.gb * hours
	c.fargateByProvider[b.provider] += usd
	b.owner.fargate += usd
}

// billed is what AWS bills for capacity used for d, EC2 instances and Fargate tasks alike: per
// second, a second begun counting whole, and never less than a minute.
//   - EC2 (Linux): "billed on one second increments, with a minimum of 60 seconds", from the
//     instance's launch to its termination (AWS What's New, "Announcing Amazon EC2 per-second
//     billing", 2 October 2017; ECS-REFERENCE §7.1).
//   - Fargate: "from the time you start to download your container image until the Amazon ECS
//     Task terminates, rounded up to the nearest second", with a one-minute minimum
//     (aws.amazon.com/fargate/pricing, as quoted on devops.stackexchange.com question 4830;
//     ECS-REFERENCE §6.4). FARGATE_SPOT bills the same window at its own price.
func billed(d time.Duration) time.Duration {
	secs := (d + time.Second - 1) / time.Second
	return max(secs*time.Second, time.Minute)
}

// launchedAtEnd bills the instances Auto Scaling groups launched that had not registered when
// the run ended (still booting, or waiting for a zone to come back): EC2 bills an instance
// from its launch whether or not its agent ever registers, at the price of the group's first
// type: the type is chosen when the instance registers, by the pools with capacity then, so a
// Spot group falling back along its types is priced at its first here.
func (c *Collector) launchedAtEnd() {
	for _, p := range c.sim.CapacityProviders {
		if p.Kind != models.ProviderASG {
			continue
		}
		for _, at := range p.Launching() {
			price := c.sim.Pricing.TypeHourly(p.ASG.InstanceTypes[0], p.ASG.Market)
			c.bills = append(c.bills, bill{price: price, start: at, end: c.horizon, provider: p.Name, asg: c.provider(p)})
		}
	}
}

// fargateProviderName is the cost_usd.per_provider key of a Fargate task's capacity: its
// provider, or FARGATE or FARGATE_SPOT by its market when it names none.
func fargateProviderName(in *models.Instance) string {
	switch {
	case in.Provider != nil:
		return in.Provider.Name
	case in.Market == models.Spot:
		return models.FargateSpotProviderName
	}
	return models.FargateProviderName
}

// fraction returns num/den, 0 when den is not positive.
func fraction(num, den int64) float64 {
	if den <= 0 {
		return 0
	}
	return float64(num) / float64(den)
}

// accrue charges an instance's time since it was last accrued: each task holding a
// reservation its share of the price (scaled down in proportion when the shares add up to more
// than the whole instance), and the stranded dollars of its CPU and memory.
func (c *Collector) accrue(in *models.Instance, st *instState, now sim.Time) {
	if now <= st.since {
		return
	}
	h := now.Sub(st.since).Hours()
	st.since = now
	c.strandedCPUUSD += st.price * h * fraction(st.strCPU, in.Registered.CPU)
	c.strandedMemUSD += st.price * h * fraction(st.strMem, in.Registered.MemoryMiB)
	scale := 1.0
	if st.total > 1 {
		scale = 1 / st.total
	}
	ph := st.price * h // price × h × share × scale, evaluated left to right as before
	for _, x := range st.holds {
		usd := ph * x.share * scale
		c.owners[x.owner].ec2 += usd
		c.attributed += usd
	}
}
