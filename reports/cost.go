package reports

import (
	"math"
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
		oc = &ownerCost{}
		accounts[key] = oc
	}
	if t.Service == nil && t.Workload != nil {
		c.lastWorkload, c.lastWorkloadCost = t.Workload, oc
	}
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
		size := t.Def.FargateSize() // the task's size, or an EKS pod's rounded-up one
		b := &fargateBill{
			seq: c.fargateSeq, start: max(t.PullStartedAt, now), // Fargate bills from the image pull
			price: c.sim.Pricing.FargateHourly(t.Def, in.Market == models.Spot),
			vcpu:  float64(size.CPU) / 1024, gb: float64(size.MemoryMiB) / 1024,
			provider: fargateProviderName(in), owner: c.owner(r),
		}
		r.fargate = b
		return
	}
	st := c.live(in)
	if st == nil {
		return
	}
	c.update(st, now)
	if r.held { // placed again without a stop: the first hold ends here
		c.endHold(r)
	}
	r.holdFrom, r.holdSeq, r.held = st.perShare, uint32(in.Seq), true // the slot stays the task's until its hold ends
	st.holding++
	st.shareUnits += shareUnits(holdShare(t, in))
	if t.Service == nil {
		c.holdStandalone(t.Def.Charge(), 1)
	}
}

// holdStandalone counts a standalone task's charge taking (sign 1) or giving back (-1) its
// hold, and the peak of what they hold.
func (c *Collector) holdStandalone(charge models.Resources, sign int64) {
	c.soloCPU += sign * charge.CPU
	c.soloMem += sign * charge.MemoryMiB
	c.soloPeakCPU, c.soloPeakMem = max(c.soloPeakCPU, c.soloCPU), max(c.soloPeakMem, c.soloMem)
}

// holdShare is the share of an EC2 instance's price a task holding its reservation is charged:
// the larger of its CPU and memory shares of the instance's registered capacity.
func holdShare(t *models.Task, in *models.Instance) float64 {
	charge := t.Def.Charge()
	return max(fraction(charge.CPU, in.Registered.CPU), fraction(charge.MemoryMiB, in.Registered.MemoryMiB))
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
		c.update(st, now)
	}
	if r != nil && r.held {
		c.endHold(r)
		c.untrack(r)
	}
}

// endHold charges a task's hold on an EC2 instance (from TaskPlaced to TaskStopped) to its
// owner: its share (holdShare) of what a whole share of the instance was charged while it
// held, the growth of perShare up to when the instance was last accrued (the caller accrues
// it first, or it left the cluster, which accrued it last). It takes the hold off the instance.
func (c *Collector) endHold(r *taskRec) {
	in := &c.insts[r.holdSeq]
	share := holdShare(r.t, in.in)
	usd := share * (in.perShare - r.holdFrom)
	c.owner(r).ec2 += usd
	c.attributed += usd
	if in.live {
		in.holding--
		in.shareUnits -= shareUnits(share)
	}
	if r.t.Service == nil {
		c.holdStandalone(r.t.Def.Charge(), -1)
	}
	r.held = false
}

// shareUnit is a whole instance in the units its holds' shares are summed in: an integer sum
// loses nothing when a share leaves it, where a float64 sum less a term can differ from the sum
// without it.
const shareUnit = 1 << 40

// shareUnits returns a share in units of shareUnit.
func shareUnits(share float64) int64 {
	return int64(math.Round(share * shareUnit))
}

// closeFargate charges a Fargate bill that ends at end: per second, at least one minute
// (billed). A task that stopped before its image pull started, still provisioning, is not
// billed: AWS bills from the pull.
func (c *Collector) closeFargate(b *fargateBill, end sim.Time) {
	if end < b.start {
		return
	}
	hours := Billed(end.Sub(b.start)).Hours()
	usd := b.price * hours
	c.fargateUSD += usd
	c.fargateVCPUHours += b.vcpu * hours
	c.fargateGBh += b.gb * hours
	c.fargateByProvider[b.provider] += usd
	b.owner.fargate += usd
}

// Billed is what AWS bills for capacity used for d, EC2 instances and Fargate tasks alike: per
// second, a second begun counting whole, and never less than a minute.
//   - EC2 (Linux): "billed on one second increments, with a minimum of 60 seconds", from the
//     instance's launch to its termination (AWS What's New, "Announcing Amazon EC2 per-second
//     billing", 2 October 2017; ECS-REFERENCE §7.1).
//   - Fargate: "from the time you start to download your container image until the Amazon ECS
//     Task terminates, rounded up to the nearest second", with a one-minute minimum
//     (aws.amazon.com/fargate/pricing, as quoted on devops.stackexchange.com question 4830;
//     ECS-REFERENCE §6.4). FARGATE_SPOT bills the same window at its own price.
func Billed(d time.Duration) time.Duration {
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

// accrue charges an instance's time since it was last accrued: the stranded dollars of its
// CPU and memory, and, to perShare, what a whole share of its price came to, scaled down in
// proportion while the holds' shares add up to more than the whole instance. A hold's charge
// is taken from perShare when it ends (endHold), so accrue costs the same however many tasks
// the instance holds.
func (c *Collector) accrue(r *instRec, now sim.Time) {
	if now <= r.since {
		return
	}
	h := now.Sub(r.since).Hours()
	r.since = now
	c.strandedCPUUSD += r.price * h * fraction(r.strCPU, r.in.Registered.CPU)
	c.strandedMemUSD += r.price * h * fraction(r.strMem, r.in.Registered.MemoryMiB)
	scale := 1.0
	if r.shareUnits > shareUnit {
		scale = shareUnit / float64(r.shareUnits)
	}
	r.perShare += r.price * h * scale
}
