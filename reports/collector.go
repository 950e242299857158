package reports

import (
	"time"

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

	// The cluster's registered instances and their current contribution to the sums below.
	inst                                     map[*models.Instance]*instState
	regCPU, regMem, resCPU, resMem           int64
	strCPU, strMem                           int64
	cpuRes, memRes, regSecs                  float64 // ∫ reserved/registered dt, ∫ dt
	cpuStr, memStr, cpuFreeSecs, memFreeSecs float64

	instancesNow, instancesMax int
	bills                      []bill
	billOf                     map[*models.Instance]int

	started, failures int
	startFailures     int
	running           int
	pending           []float64

	services       []*serviceStats
	bySvc          map[*models.Service]*serviceStats
	counted        map[*models.Task]taskFlags
	healthyTargets map[*models.Target]bool // targets counted in their service's healthy targets

	series *sampler
}

type instState struct {
	usedCPU, usedMem int64
	strCPU, strMem   int64
}

type bill struct {
	price      float64
	start, end sim.Time
	open       bool
}

type taskFlags uint8

const (
	countedRunning taskFlags = 1 << iota
	countedHealthy
)

// NewCollector returns a collector for s; add it to s's observers before the run starts.
func NewCollector(s *models.Simulation) *Collector {
	c := &Collector{
		sim: s, horizon: s.Horizon,
		inst: map[*models.Instance]*instState{}, billOf: map[*models.Instance]int{},
		bySvc: map[*models.Service]*serviceStats{}, counted: map[*models.Task]taskFlags{},
		healthyTargets: map[*models.Target]bool{},
	}
	seen := map[*models.TaskDefinition]bool{}
	add := func(d *models.TaskDefinition) {
		if d != nil && !seen[d] {
			seen[d] = true
			c.defs = append(c.defs, d)
		}
	}
	for _, svc := range s.Services {
		add(svc.Def)
		st := newServiceStats(svc)
		c.services = append(c.services, st)
		c.bySvc[svc] = st
	}
	for _, w := range s.Workloads {
		add(w.Def)
	}
	return c
}

// Observe implements models.Observer.
func (c *Collector) Observe(now sim.Time, e models.Event) {
	if c.series != nil {
		c.series.before(now, c)
	}
	c.advance(now)
	switch e.Kind {
	case models.InstanceRegistered:
		c.register(e.Instance, now)
	case models.InstanceTerminated:
		c.terminate(e.Instance, now)
	case models.TaskPlaced:
		c.started++
		c.counted[e.Task] = 0
		c.refresh(e.Instance)
		if st := c.bySvc[e.Task.Service]; st != nil {
			st.started++
		}
	case models.PlacementFailed:
		c.failures++
	case models.TaskRunning:
		c.pending = append(c.pending, now.Sub(e.Task.CreatedAt).Seconds())
		c.running++
		c.counted[e.Task] |= countedRunning
		if st := c.bySvc[e.Task.Service]; st != nil {
			st.integrate(now)
			st.run(e.Task, +1)
		}
	case models.TaskHealthy:
		if st := c.bySvc[e.Task.Service]; st != nil {
			if f, ok := c.counted[e.Task]; ok && f&countedHealthy == 0 {
				st.integrate(now)
				c.counted[e.Task] = f | countedHealthy
				st.setHealthy(+1)
			}
		}
	case models.TaskUnhealthy:
		if st := c.bySvc[e.Task.Service]; st != nil {
			st.failedChecks++
			if f, ok := c.counted[e.Task]; ok && f&countedHealthy != 0 {
				st.integrate(now)
				c.counted[e.Task] = f &^ countedHealthy
				st.setHealthy(-1)
			}
		}
	case models.TaskStopping, models.TaskStopped:
		c.stopped(e.Task, now)
		if e.Kind == models.TaskStopped && e.Instance != nil {
			c.refresh(e.Instance)
		}
	case models.TargetHealthy:
		if st := c.targetService(e); st != nil && !c.healthyTargets[e.Target] {
			c.healthyTargets[e.Target] = true
			st.integrate(now)
			st.targets++
			st.checkSteady()
		}
	case models.TargetUnhealthy, models.TargetDraining, models.TargetDeregistered:
		if st := c.targetService(e); st != nil && c.healthyTargets[e.Target] {
			delete(c.healthyTargets, e.Target)
			st.integrate(now)
			st.targets--
			st.checkSteady()
		}
	case models.DeploymentStarted:
		if st := c.bySvc[e.Service]; st != nil && e.Deployment != nil {
			st.deploymentStarted(e.Deployment, now)
		}
	case models.DeploymentCompleted, models.DeploymentFailed:
		if st := c.bySvc[e.Service]; st != nil && e.Deployment != nil {
			st.deploymentEnded(e.Deployment, now)
		}
	case models.DesiredCountChanged:
		if st := c.bySvc[e.Service]; st != nil {
			st.integrate(now)
			st.setDesired(e.Service.DesiredCount, e.Service.MinHealthy())
		}
	}
}

// targetService returns the stats of a target event's service: the event's, or else the
// target's task's.
func (c *Collector) targetService(e models.Event) *serviceStats {
	if e.Target == nil {
		return nil
	}
	svc := e.Service
	if svc == nil && e.Target.Task != nil {
		svc = e.Target.Task.Service
	}
	return c.bySvc[svc]
}

// stopped takes a stopping task out of the running count and its service's running and
// healthy counts, once; a task that stops before it ever ran failed to start, unless the
// scheduler stopped it first (a superseded deployment, scale-in, draining).
func (c *Collector) stopped(t *models.Task, now sim.Time) {
	f, ok := c.counted[t]
	if !ok {
		return
	}
	delete(c.counted, t)
	if f&countedRunning != 0 {
		c.running--
	} else if t.StartError != nil {
		c.startFailures++
	}
	st := c.bySvc[t.Service]
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

// advance integrates the cluster-wide time-weighted metrics from the last event to now.
func (c *Collector) advance(now sim.Time) {
	if now <= c.last {
		return
	}
	dt := now.Sub(c.last).Seconds()
	c.last = now
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
}

func (c *Collector) register(in *models.Instance, now sim.Time) {
	c.instancesNow++
	c.instancesMax = max(c.instancesMax, c.instancesNow)
	c.billOf[in] = len(c.bills)
	c.bills = append(c.bills, bill{price: in.Type.PriceUSDPerHour, start: now, open: true})
	if in.Agent.Cluster != c.sim.Cluster.Name {
		return // another cluster's instance: it costs money but holds none of our tasks
	}
	c.inst[in] = &instState{}
	c.regCPU += in.Registered.CPU
	c.regMem += in.Registered.MemoryMiB
	c.refresh(in)
}

func (c *Collector) terminate(in *models.Instance, now sim.Time) {
	if i, ok := c.billOf[in]; ok && c.bills[i].open {
		c.bills[i].end, c.bills[i].open = now, false
		c.instancesNow--
	}
	if st := c.inst[in]; st != nil {
		c.resCPU -= st.usedCPU
		c.resMem -= st.usedMem
		c.strCPU -= st.strCPU
		c.strMem -= st.strMem
		c.regCPU -= in.Registered.CPU
		c.regMem -= in.Registered.MemoryMiB
		delete(c.inst, in)
	}
}

// refresh recomputes an instance's reserved and stranded capacity and updates the sums.
func (c *Collector) refresh(in *models.Instance) {
	st := c.inst[in]
	if st == nil {
		return
	}
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
	*st = instState{usedCPU: used.CPU, usedMem: used.MemoryMiB, strCPU: strCPU, strMem: strMem}
}

// anyFits reports whether a task of any of the scenario's task definitions would fit in the
// instance's free resources: CPU, memory, ENIs and explicit host ports.
func (c *Collector) anyFits(in *models.Instance) bool {
	free := in.Free()
	for _, d := range c.defs {
		if free.Fits(d.Charge()) && in.ENIsUsed()+d.ENIs() <= in.ENILimit() && in.PortsFit(d) {
			return true
		}
	}
	return false
}

// Finish closes the run at the horizon: integrals end there and open bills are charged to it.
func (c *Collector) Finish() {
	if c.done {
		return
	}
	c.done = true
	if c.series != nil {
		c.series.before(c.horizon+1, c)
	}
	c.advance(c.horizon)
	for _, st := range c.services {
		st.integrate(c.horizon)
	}
	for i := range c.bills {
		if c.bills[i].open {
			c.bills[i].end, c.bills[i].open = c.horizon, false
		}
	}
}

// billedHours returns an instance's billed hours: per second, at least 60 seconds.
func (b bill) billedHours() float64 {
	return max(b.end.Sub(b.start), time.Minute).Hours()
}
