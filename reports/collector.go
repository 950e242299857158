package reports

import (
	"cmp"
	"slices"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/sim"
)

// Collector is a models.Observer that keeps the run's metrics as it goes: time-weighted
// integrals updated at each event, and counters. Definitions are in the package documentation.
type Collector struct {
	sim     *models.Simulation
	defs    []*models.TaskDefinition // what the scenario runs: the stranded-capacity test
	last    sim.Time
	horizon sim.Time
	done    bool

	// The EC2 instances seen to register, by Seq (slots.go): their bills and, for the
	// cluster's registered instances, their current contribution to the sums below.
	insts                          []instRec
	regCPU, regMem, resCPU, resMem int64
	// What standalone tasks (RunTask's) hold on EC2 instances, and the most they held at once.
	soloCPU, soloMem, soloPeakCPU, soloPeakMem int64
	strCPU, strMem                             int64
	cpuRes, memRes, regSecs                    float64 // ∫ reserved/registered dt, ∫ dt
	cpuStr, memStr, cpuFreeSecs, memFreeSecs   float64
	gpu                                        gpuSums
	gpuArrival                                 *gpuArrival // nil without GPU-drawn workloads

	instancesNow, instancesMax int
	bills                      []bill
	providers                  map[string]*providerStats // ASG capacity providers, by name

	// EC2 cost attributed to tasks, and the dollars of stranded CPU and memory, accrued per
	// instance (instState.since) and summed here.
	attributed, strandedCPUUSD, strandedMemUSD float64

	// Fargate: bills opened (each open one is in its task's record), and what closed bills
	// came to.
	fargateSeq                   uint64
	fargateNow, fargateMax       int
	fargateUSD                   float64
	fargateVCPUHours, fargateGBh float64
	fargateByProvider            map[string]float64

	// Cost by owner: services by name, standalone workloads by name (or task group), and the
	// account of the workload that last placed a task (owner).
	svcCost, workloadCost map[string]*ownerCost
	lastWorkload          *models.Workload
	lastWorkloadCost      *ownerCost

	started, failures int
	neverPlaced       int // tasks that never reached an instance (tasks.never_placed)
	startFailures     int
	stoppedByFaults   int
	running           int
	taskSecs          float64 // ∫ RUNNING tasks dt
	pending           sample  // seconds from creation to RUNNING, a task

	// Faults: instances lost, Fargate tasks interrupted, zone outages (open ones by zone, with
	// their start, and the seconds of those that ended), agent disconnects.
	instancesLost, fargateLost int
	zoneOutages                int
	outageOpen                 map[string]*zoneOutage
	outageSecs                 map[string]float64
	agentDisconnects           int
	shortages, launchesFailed  int // dry spells of capacity pools; launches that found none

	services       []*serviceStats
	bySvc          map[*models.Service]*serviceStats
	healthyTargets map[*models.Target]bool // targets counted in their service's healthy targets

	// The tasks followed, by slot (slots.go), the slots free for reuse, and how many of the
	// tasks are in the counts (placed, and no stop event yet).
	tasks     []taskRec
	freeTasks []int32
	counted   int

	series *sampler
	rec    *Recording // the figures' samples (Record), or nil
}

// instState is a registered instance of the cluster: what it contributes to the sums above,
// and what the tasks that hold a reservation on it are charged (cost.go).
type instState struct {
	usedCPU, usedMem int64
	strCPU, strMem   int64
	gpu              gpuState

	price float64  // per hour
	since sim.Time // attribution and stranded dollars are accrued up to here

	// The holds (taskRec.hold) on the instance: how many, and their shares summed in units of
	// shareUnit, an integer so that the sum less a share is exactly the sum without it.
	holding    int
	shareUnits int64
}

// bill is an EC2 instance's bill, from its launch (models.Instance.Launched) to its termination
// or the end of the run.
type bill struct {
	price      float64
	start, end sim.Time
	open       bool
	provider   string         // cost_usd.per_provider key
	asg        *providerStats // the ASG provider that launched it, nil for instance groups
}

// fargateBill is a Fargate task's bill, from the start of its image pull to TaskStopped or the
// end of the run.
type fargateBill struct {
	seq      uint64   // TaskPlaced order: open bills close at the end in this order
	start    sim.Time // when the task's image pull started (models.Task.PullStartedAt)
	price    float64  // per hour
	vcpu, gb float64  // the task's size, in vCPU and GB (1024 MiB)
	provider string
	owner    *ownerCost
}

// zoneOutage is a zone out of service: the outages open on it (ZoneOutageStarted events not
// yet ended) and when the first of them started.
type zoneOutage struct {
	open  int
	since sim.Time
}

// ownerCost is what a service's or workload's tasks cost: their share of EC2 instances and
// their Fargate bills.
type ownerCost struct {
	ec2, fargate float64
}

// providerStats follows an ASG capacity provider's instances and scaling.
type providerStats struct {
	now, max            int
	scaleOuts, scaleIns int
}

type taskFlags uint8

const (
	countedRunning taskFlags = 1 << iota
	countedHealthy
	countedFargate // RUNNING on Fargate: counted in fargateNow
)

// instanceGroupsKey is the cost_usd.per_provider key of the scenario's instance groups: the
// instances no capacity provider launched.
const instanceGroupsKey = "instance_groups"

// NewCollector returns a collector for s; add it to s's observers before the run starts.
func NewCollector(s *models.Simulation) *Collector {
	c := &Collector{
		sim: s, horizon: s.Horizon,
		providers: map[string]*providerStats{}, fargateByProvider: map[string]float64{},
		svcCost: map[string]*ownerCost{}, workloadCost: map[string]*ownerCost{},
		bySvc:          map[*models.Service]*serviceStats{},
		healthyTargets: map[*models.Target]bool{},
		outageOpen:     map[string]*zoneOutage{}, outageSecs: map[string]float64{},
	}
	seen := map[*models.TaskDefinition]bool{}
	add := func(d *models.TaskDefinition) {
		if d != nil && !seen[d] {
			seen[d] = true
			c.defs = append(c.defs, d)
		}
	}
	// The stranded-capacity test leaves out the task definitions of services and workloads that
	// run on Fargate only: no EC2 capacity is kept for them.
	for _, svc := range s.Services {
		if s.OnEC2(svc.LaunchType, svc.CapacityProviderStrategy) {
			add(svc.Def)
		}
		st := newServiceStats(svc)
		c.services = append(c.services, st)
		c.bySvc[svc] = st
		c.svcCost[svc.Name] = &ownerCost{}
	}
	for _, w := range s.Workloads {
		switch {
		case !s.OnEC2(w.LaunchType, w.CapacityProviderStrategy):
		case w.Trace != nil: // a trace's tasks run at its sizes, not at the definition's
			for _, d := range w.Trace.Smallest {
				add(d)
			}
			c.gpu.defs = append(c.gpu.defs, w.Trace.SmallestGPU...)
		default:
			add(w.Def)
		}
		c.workloadCost[w.Name] = &ownerCost{}
	}
	for _, st := range c.services {
		st.cost = c.svcCost[st.svc.Name]
	}
	c.gpu.defs = models.SmallestSizes(append(c.gpu.defs, models.AskingGPUs(c.defs)...))
	c.gpuArrival = newGPUArrival(s)
	return c
}

// Observe implements models.Observer. It sees every event of a run, so it stays a switch
// that hands each kind to a method taking the event by pointer: no closures, no maps of
// handlers, nothing allocated on the way.
func (c *Collector) Observe(now sim.Time, e models.Event) {
	if c.rec != nil {
		c.rec.observe(now, e, c) // before the counts below change: it reads them
	}
	if c.series != nil {
		c.series.before(now, c)
	}
	c.advance(now)
	switch e.Kind {
	case models.InstanceRegistered:
		c.register(e.Instance, now)
	case models.InstanceTerminated:
		c.instanceTerminated(&e, now)
	case models.ZoneOutageStarted:
		c.outageStarted(e.Zone, now)
	case models.ZoneOutageEnded:
		c.outageEnded(e.Zone, now)
	case models.AgentDisconnected:
		c.agentDisconnects++
	case models.CapacityShortageStarted:
		c.shortages++
	case models.InstanceLaunchFailed:
		c.launchesFailed += e.Count
	case models.InstanceLaunched, models.ScaleOut, models.ScaleIn:
		c.capacityChanged(&e)
	case models.TaskPlaced:
		c.taskPlaced(e.Task, e.Instance, now)
		if c.gpuArrival != nil {
			c.gpuArrival.taskArrived(e.Task, &c.gpu)
		}
	case models.PlacementFailed:
		c.placementFailed(&e)
		if c.gpuArrival != nil {
			c.gpuArrival.taskArrived(e.Task, &c.gpu)
		}
	case models.TaskRunning:
		c.taskRunning(e.Task, e.Instance, now)
	case models.TaskHealthy:
		c.taskHealth(e.Task, now, true)
	case models.TaskUnhealthy:
		c.taskUnhealthy(&e, now)
	case models.TaskStopping, models.TaskStopped:
		c.taskStop(&e, now)
	case models.TargetHealthy:
		c.targetHealth(&e, now, true)
	case models.TargetUnhealthy, models.TargetDraining, models.TargetDeregistered:
		c.targetHealth(&e, now, false)
	case models.DeploymentStarted, models.DeploymentCompleted, models.DeploymentFailed:
		c.deploymentEvent(&e, now)
	case models.DesiredCountChanged:
		c.desiredCountChanged(&e, now)
	}
}

// instanceTerminated counts an EC2 instance a fault took (Fargate's are not instances the
// cluster lost) and ends the instance's time.
func (c *Collector) instanceTerminated(e *models.Event, now sim.Time) {
	if e.Fault && e.Instance != nil && !e.Instance.Fargate() {
		c.instancesLost++
	}
	c.terminate(e.Instance, now)
}

// capacityChanged keeps a provider's statistics for a launch or a scaling action: a launch
// only makes sure the provider is listed, even if it never scales.
func (c *Collector) capacityChanged(e *models.Event) {
	ps := c.provider(e.Provider)
	if ps == nil {
		return
	}
	switch e.Kind {
	case models.ScaleOut:
		ps.scaleOuts++
	case models.ScaleIn:
		ps.scaleIns++
	}
}

// placementFailed counts a failed placement, and a task that will never be placed: a
// service tries again, RunTask does not.
func (c *Collector) placementFailed(e *models.Event) {
	c.failures++
	if e.Task != nil && e.Task.Service == nil {
		c.neverPlaced++
	}
}

// taskUnhealthy counts a failed health check against the task's service, then ends the
// task's healthy time.
func (c *Collector) taskUnhealthy(e *models.Event, now sim.Time) {
	if st := c.service(e.Task.Service); st != nil {
		st.failedChecks++
	}
	c.taskHealth(e.Task, now, false)
}

// deploymentEvent opens a service's deployment when it starts and closes it when it
// completes or fails; events of services the collector does not follow are ignored.
func (c *Collector) deploymentEvent(e *models.Event, now sim.Time) {
	st := c.service(e.Service)
	if st == nil || e.Deployment == nil {
		return
	}
	if e.Kind == models.DeploymentStarted {
		st.deploymentStarted(e.Deployment, now)
	} else {
		st.deploymentEnded(e.Deployment, now)
	}
}

// desiredCountChanged closes the service's time at the old desired count before it takes
// the new one, so that each stretch of time is weighed against the count it had.
func (c *Collector) desiredCountChanged(e *models.Event, now sim.Time) {
	if st := c.service(e.Service); st != nil {
		st.integrate(now)
		st.setDesired(e.Service.DesiredCount, e.Service.MinHealthy())
	}
}

// outageStarted opens an outage of zone: the zone's outage time runs from the first of its
// outages open at once.
func (c *Collector) outageStarted(zone string, now sim.Time) {
	c.zoneOutages++
	o := c.outageOpen[zone]
	if o == nil {
		o = &zoneOutage{since: now}
		c.outageOpen[zone] = o
	}
	o.open++
}

// outageEnded closes an outage of zone, and the zone's outage time with the last one open.
func (c *Collector) outageEnded(zone string, now sim.Time) {
	if o := c.outageOpen[zone]; o != nil {
		if o.open--; o.open == 0 {
			c.outageSecs[zone] += now.Sub(o.since).Seconds()
			delete(c.outageOpen, zone)
		}
	}
}

// taskPlaced counts a task placed on in, and in its service's counts.
func (c *Collector) taskPlaced(t *models.Task, in *models.Instance, now sim.Time) {
	c.started++
	r := c.track(t)
	if !r.counted {
		r.counted = true
		c.counted++
	}
	r.flags = 0
	st := r.svc
	c.placed(r, in, now)
	if st != nil {
		st.accrueShort(now)
		st.started++
		st.placed++
	}
}

// taskRunning counts a task that reached RUNNING: its time to RUNNING, the running tasks (on
// Fargate too), and its service's.
func (c *Collector) taskRunning(t *models.Task, in *models.Instance, now sim.Time) {
	c.pending.add(now.Sub(t.CreatedAt).Seconds())
	c.running++
	r := c.track(t)
	if !r.counted { // RUNNING with no TaskPlaced before: counted from here, as if placed
		r.counted = true
		c.counted++
	}
	r.flags |= countedRunning
	if onFargate(t, in) {
		r.flags |= countedFargate
		c.fargateNow++
		c.fargateMax = max(c.fargateMax, c.fargateNow)
	}
	if st := r.svc; st != nil {
		st.integrate(now)
		st.run(t, +1)
	}
}

// taskHealth counts a service task turning healthy, or unhealthy, once each way.
func (c *Collector) taskHealth(t *models.Task, now sim.Time, healthy bool) {
	r := c.taskRecord(t)
	if r == nil || r.svc == nil || !r.counted || (r.flags&countedHealthy != 0) == healthy {
		return
	}
	st := r.svc
	st.integrate(now)
	if healthy {
		r.flags |= countedHealthy
		st.setHealthy(+1)
	} else {
		r.flags &^= countedHealthy
		st.setHealthy(-1)
	}
}

// taskStop counts a task's TaskStopping or TaskStopped: out of the counts at the first, its
// reservation released at TaskStopped, a fault's stop, and a task that never reached an
// instance.
func (c *Collector) taskStop(e *models.Event, now sim.Time) {
	if e.Kind == models.TaskStopped && e.Task.Instance == nil {
		c.stoppedUnplaced(e.Task)
	}
	c.stopped(e.Task, now)
	if e.Kind == models.TaskStopped {
		c.released(e.Task, e.Instance, now)
	} else if e.Fault {
		c.faultStop(e, now)
	}
}

// targetHealth counts a target turning healthy, or leaving healthy (unhealthy, draining or
// deregistered), once each way, in its service's healthy targets.
func (c *Collector) targetHealth(e *models.Event, now sim.Time, healthy bool) {
	st := c.targetService(e)
	if st == nil || c.healthyTargets[e.Target] == healthy {
		return
	}
	st.integrate(now)
	if healthy {
		c.healthyTargets[e.Target] = true
		st.targets++
	} else {
		delete(c.healthyTargets, e.Target)
		st.targets--
	}
	st.checkSteady()
}

// targetService returns the stats of a target event's service: the event's, or else the
// target's task's.
func (c *Collector) targetService(e *models.Event) *serviceStats {
	if e.Target == nil {
		return nil
	}
	svc := e.Service
	if svc == nil && e.Target.Task != nil {
		svc = e.Target.Task.Service
	}
	return c.service(svc)
}

// stopped takes a stopping task out of the running count and its service's running and
// healthy counts, once; a task that stops before it ever ran failed to start, unless the
// scheduler stopped it first (a superseded deployment, scale-in, draining).
func (c *Collector) stopped(t *models.Task, now sim.Time) {
	r := c.taskRecord(t)
	if r == nil || !r.counted {
		return
	}
	f, st := r.flags, r.svc
	r.counted, r.flags = false, 0
	c.counted--
	c.untrack(r)
	if st != nil {
		st.accrueShort(now)
		st.placed--
	}
	if f&countedRunning != 0 {
		c.running--
		if f&countedFargate != 0 {
			c.fargateNow--
		}
	} else if t.StartError != nil {
		c.startFailures++
	}
	if st == nil {
		return
	}
	st.integrate(now)
	if f&countedRunning != 0 {
		st.run(t, -1)
	}
	if f&countedHealthy != 0 {
		st.setHealthy(-1)
	}
}

// stoppedUnplaced counts a task that stopped while it waited in PROVISIONING: it never
// reached an instance.
func (c *Collector) stoppedUnplaced(t *models.Task) {
	c.neverPlaced++
	if st := c.service(t.Service); st != nil {
		st.neverPlaced++
	}
}

// unplacedAtEnd counts, at the end of the run, the tasks services still want and have not
// placed (models.Service.Unplaced), and the standalone tasks still waiting in PROVISIONING
// (models.Workload.Unplaced).
func (c *Collector) unplacedAtEnd() {
	for _, st := range c.services {
		n := st.svc.Unplaced()
		st.neverPlaced += n
		c.neverPlaced += n
	}
	for _, w := range c.sim.Workloads {
		c.neverPlaced += w.Unplaced()
	}
}

// faultStop counts a task stopped by a fault (its TaskStopping with Fault, after stopped took
// it out of the counts): in the cluster's and its service's counts, as a fault of its own for
// a Fargate task (its micro-VM is lost with it), and in its service's recovery episodes.
func (c *Collector) faultStop(e *models.Event, now sim.Time) {
	if e.Task == nil {
		return
	}
	c.stoppedByFaults++
	if onFargate(e.Task, e.Instance) {
		c.fargateLost++
	}
	if st := c.service(e.Task.Service); st != nil {
		st.integrate(now)
		st.faultStop(now)
	}
}

// advance integrates the cluster-wide time-weighted metrics from the last event to now.
func (c *Collector) advance(now sim.Time) {
	if now <= c.last {
		return
	}
	dt := now.Sub(c.last).Seconds()
	c.last = now
	c.taskSecs += dt * float64(c.running)
	if c.regCPU > 0 {
		c.cpuRes += dt * float64(c.resCPU) / float64(c.regCPU)
		c.memRes += dt * float64(c.resMem) / float64(c.regMem)
		c.regSecs += dt
	}
	if free := c.regCPU - c.resCPU; free > 0 {
		c.cpuStr += dt * float64(c.strCPU) / float64(free)
		c.cpuFreeSecs += dt
	}
	if free := c.regMem - c.resMem; free > 0 {
		c.memStr += dt * float64(c.strMem) / float64(free)
		c.memFreeSecs += dt
	}
	c.gpu.advance(dt)
}

// register starts an EC2 instance's bill, from its launch (the boot and the agent's start are
// billed), and, for an instance of the cluster, its share of the cluster-wide sums from now. A
// Fargate task's synthetic instance never registers; one that did would be ignored.
func (c *Collector) register(in *models.Instance, now sim.Time) {
	if in.Fargate() {
		return
	}
	if c.instRecord(in) != nil {
		return // registered already
	}
	c.instancesNow++
	c.instancesMax = max(c.instancesMax, c.instancesNow)
	price := c.sim.Pricing.InstanceHourly(in)
	b := bill{price: price, start: min(in.Launched, now), open: true, provider: instanceGroupsKey}
	if in.Provider != nil {
		b.provider = in.Provider.Name
		if ps := c.provider(in.Provider); ps != nil {
			b.asg = ps
			ps.now++
			ps.max = max(ps.max, ps.now)
		}
	}
	r := c.newInstRecord(in)
	r.bill = len(c.bills)
	c.bills = append(c.bills, b)
	if in.Agent.Cluster != c.sim.Cluster.Name {
		return // another cluster's instance: it costs money but holds none of our tasks
	}
	r.live, r.instState = true, instState{price: price, since: now}
	c.regCPU += in.Registered.CPU
	c.regMem += in.Registered.MemoryMiB
	c.gpu.register(in)
	c.refresh(in, now)
}

func (c *Collector) terminate(in *models.Instance, now sim.Time) {
	r := c.instRecord(in)
	if r == nil {
		return
	}
	if b := &c.bills[r.bill]; b.open {
		b.end, b.open = now, false
		c.instancesNow--
		if b.asg != nil {
			b.asg.now--
		}
	}
	if r.live {
		c.accrue(r, now)
		c.resCPU -= r.usedCPU
		c.resMem -= r.usedMem
		c.strCPU -= r.strCPU
		c.strMem -= r.strMem
		c.regCPU -= in.Registered.CPU
		c.regMem -= in.Registered.MemoryMiB
		c.gpu.leave(in, r.gpu)
		r.live, r.instState = false, instState{}
	}
}

// refresh accrues an instance's costs up to now, then recomputes its reserved and stranded
// capacity and updates the sums.
func (c *Collector) refresh(in *models.Instance, now sim.Time) {
	if r := c.live(in); r != nil {
		c.update(r, now)
	}
}

// update is refresh for the record st of a registered instance.
func (c *Collector) update(st *instRec, now sim.Time) {
	in := st.in
	c.accrue(st, now)
	used := in.Used()
	var strCPU, strMem int64
	if !c.anyFits(in) {
		free := in.Free()
		strCPU, strMem = free.CPU, free.MemoryMiB
	}
	c.resCPU += used.CPU - st.usedCPU
	c.resMem += used.MemoryMiB - st.usedMem
	c.strCPU += strCPU - st.strCPU
	c.strMem += strMem - st.strMem
	st.usedCPU, st.usedMem, st.strCPU, st.strMem = used.CPU, used.MemoryMiB, strCPU, strMem
	if in.Registered.GPUMilli > 0 {
		st.gpu = c.gpu.update(in, st.gpu)
	}
}

// anyFits reports whether a task of any of the scenario's task definitions would fit on the
// instance now, by placement's rule (models.Instance.CanHost).
func (c *Collector) anyFits(in *models.Instance) bool {
	return slices.ContainsFunc(c.defs, in.CanHost)
}

// PeakStandalone returns the most CPU units and memory MiB the standalone tasks (RunTask's,
// a workload's) held on the cluster's EC2 instances at once, each at its own moment: plan's
// measure of the peak of the demand that cannot wait.
func (c *Collector) PeakStandalone() (cpu, memMiB int64) { return c.soloPeakCPU, c.soloPeakMem }

// Finish closes the run at the horizon: integrals end there and open bills are charged to it.
func (c *Collector) Finish() {
	if c.done {
		return
	}
	c.done = true
	if c.series != nil {
		c.series.before(c.horizon+1, c)
	}
	if c.rec != nil {
		c.rec.finish(c)
	}
	c.advance(c.horizon)
	for _, st := range c.services {
		st.integrate(c.horizon)
		st.accrueShort(c.horizon)
	}
	c.unplacedAtEnd()
	for zone, o := range c.outageOpen { // each zone's seconds are one sum: the order is immaterial
		c.outageSecs[zone] += c.horizon.Sub(o.since).Seconds()
	}
	clear(c.outageOpen)
	for i := range c.bills {
		if c.bills[i].open {
			c.bills[i].end, c.bills[i].open = c.horizon, false
		}
	}
	c.launchedAtEnd()
	// Instances, holds and Fargate bills still open are charged in a fixed order (registration,
	// slot, placement), so the sums come out the same to the last bit in every run.
	for i := range c.insts {
		if r := &c.insts[i]; r.live {
			c.accrue(r, c.horizon)
		}
	}
	for i := range c.tasks {
		if r := &c.tasks[i]; r.held {
			c.endHold(r)
		}
	}
	var open []*fargateBill
	for i := range c.tasks {
		if r := &c.tasks[i]; r.fargate != nil {
			open = append(open, r.fargate)
			r.fargate = nil
			c.untrack(r)
		}
	}
	slices.SortFunc(open, func(a, b *fargateBill) int { return cmp.Compare(a.seq, b.seq) })
	for _, b := range open {
		c.closeFargate(b, c.horizon)
	}
}

// billedHours returns an instance's billed hours: per second, at least 60 seconds (billed).
func (b bill) billedHours() float64 {
	return Billed(b.end.Sub(b.start)).Hours()
}
