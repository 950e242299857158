package replay

import (
	"time"

	"github.com/ecssim/ecssim/explain"
	"github.com/ecssim/ecssim/kubesched"
	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/reports"
	"github.com/ecssim/ecssim/scheduler"
	"github.com/ecssim/ecssim/sim"
)

// Budget is what a page keeps at most: events and instances. A run that passes either is
// thinned, and the page says what it left out.
type Budget struct {
	Events, Instances int
}

// DefaultBudget keeps a page to a few megabytes and a browser's view to what plays smoothly.
var DefaultBudget = Budget{Events: 20_000, Instances: 2_000}

// Options say what a Recorder keeps.
type Options struct {
	Budget Budget // zero fields take DefaultBudget's
	// First is how many of the run's first placements keep their decision (default 100);
	// Service keeps every placement of that service's tasks too.
	First   int
	Service string
}

// maxMarks caps the timeline's marks of each of two kinds: deployments and zone outages, which
// a reader looks for, and Spot notices and scaling, which can come by the thousand.
const maxMarks = 5_000

// maxPasses caps the deployment passes the page keeps over the run, and so the memory its log
// holds; maxDeploymentBytes caps each service's deployments' words, and maxDeploymentsBytes
// all of them.
const (
	maxPasses           = 20_000
	maxDeploymentBytes  = 64 << 10
	maxDeploymentsBytes = 1 << 20
)

// Recorder watches a run and keeps what its replay page shows. Make one with New, pass its
// Placer to the build (scenarios.Options.Placer), Watch the built simulation, run it, then
// WritePage.
type Recorder struct {
	opt         Options
	sim         *models.Simulation
	decisions   *explain.Decisions
	deployments *explain.DeploymentLog

	zones   names
	strs    names
	defs    names
	kinds   names
	owners  []owner
	ownerOf map[string]int
	insts   []instRow
	instOf  map[*models.Instance]int // -1: left out of the page
	tasks   []taskRow
	live    map[*models.Task]*liveTask // placed, not yet STOPPED
	events  []event
	marks   []mark
	// markCount counts the marks kept of each kind (noteMark): deployments and outages, and
	// the frequent ones.
	markCount [2]int

	changes      []change // what the events left out changed of the counters
	changesCut   bool     // maxChanges ran out
	changesCutAt sim.Time // the time of the first change left out for it
	heard        int64    // events heard
	cut          bool     // the event budget ran out
	cutAt        sim.Time // the time of the first event left out for it
	leftOut      leftOut
	counts       counters
	bills        billing
	samples      samples
	sampleEvery  sim.Time
	nextSample   sim.Time
	instancesNow int // EC2 instances registered, kept or not
}

// leftOut counts what the budget left out of the page.
type leftOut struct {
	Events    int64 `json:"events"`    // events not kept, of the events heard
	Instances int   `json:"instances"` // instances not shown
	Marks     int   `json:"marks"`     // timeline marks past maxMarks
}

// New returns a recorder keeping what opt says.
func New(opt Options) *Recorder {
	if opt.Budget.Events <= 0 {
		opt.Budget.Events = DefaultBudget.Events
	}
	if opt.Budget.Instances <= 0 {
		opt.Budget.Instances = DefaultBudget.Instances
	}
	if opt.First <= 0 {
		opt.First = 100
	}
	return &Recorder{
		opt: opt, decisions: explain.NewDecisions(opt.First, opt.Service),
		ownerOf: map[string]int{}, instOf: map[*models.Instance]int{}, live: map[*models.Task]*liveTask{},
	}
}

// Placer is the build hook scenarios.Options.Placer: it keeps the decisions the page explains.
func (r *Recorder) Placer(kind, name string, provider *models.CapacityProvider, p *scheduler.Pipeline) models.Placer {
	return r.decisions.Placer(kind, name, provider, p)
}

// KubePlacer is the build hook scenarios.Options.KubePlacer: in an EKS run it keeps the
// kube-scheduler's decisions, which the page explains in the pipeline's stead.
func (r *Recorder) KubePlacer(kind, name string, s *kubesched.Scheduler) models.Placer {
	return r.decisions.KubePlacer(kind, name, s)
}

// Watch makes r hear s's events and deployment passes; call it before s runs. It takes s's
// OnPass hook.
func (r *Recorder) Watch(s *models.Simulation) {
	r.sim = s
	r.decisions.Watch(s)
	r.deployments = explain.WatchDeployments(s, maxPasses)
	r.sampleEvery = max(s.Horizon/500, sim.Time(time.Second))
	for _, svc := range s.Services {
		r.ownerFor(svc.Name, svc)
	}
	s.AddObserver(r)
}

// Observe implements models.Observer.
func (r *Recorder) Observe(now sim.Time, e models.Event) {
	r.heard++
	r.sampleUntil(now)
	r.noteInstance(now, &e)
	lt := r.noteTask(now, &e)
	r.bills.observe(now, &e, &r.sim.Pricing)
	var before ownerCount
	if lt != nil {
		before = r.counts.owners[lt.owner]
	}
	pending := r.counts.pending
	r.counts.observe(&e, lt)
	if e.Kind == models.DesiredCountChanged && e.Service != nil {
		r.counts.owners[r.ownerFor(e.Service.Name, e.Service)].desired = e.Service.DesiredCount
	}
	r.noteMark(now, &e)
	if !r.keep(now, &e, lt) {
		r.leftOut.Events++
		r.noteChange(now, &e, lt, before, pending)
	}
	if e.Kind == models.TaskStopped {
		delete(r.live, e.Task) // the task may be recycled: forget the pointer
	}
}

// noteInstance gives an instance that registers its row, while the budget lasts.
func (r *Recorder) noteInstance(now sim.Time, e *models.Event) {
	in := e.Instance
	if in == nil || in.Fargate() {
		return
	}
	switch e.Kind {
	case models.InstanceRegistered:
		r.instancesNow++
		if _, seen := r.instOf[in]; seen {
			return
		}
		if len(r.insts) >= r.opt.Budget.Instances {
			r.instOf[in] = -1
			r.leftOut.Instances++
			return
		}
		r.instOf[in] = len(r.insts)
		r.insts = append(r.insts, r.instRowOf(now, in))
	case models.InstanceTerminated:
		r.instancesNow--
	}
}

// noteTask follows a task's life: its row when it is placed, its state after the event.
func (r *Recorder) noteTask(now sim.Time, e *models.Event) *liveTask {
	t := e.Task
	if t == nil {
		return nil
	}
	lt := r.live[t]
	if e.Kind == models.TaskPlaced && lt == nil {
		lt = &liveTask{row: -1, owner: r.ownerOfTask(t), zone: -1}
		if in := e.Instance; in != nil {
			lt.zone = r.zones.index(in.Zone)
		}
		if r.showsTask(e) {
			lt.row = len(r.tasks)
			r.tasks = append(r.tasks, r.taskRowOf(t, lt.owner, e.Instance))
		}
		r.live[t] = lt
	}
	return lt
}

// showsTask reports whether a placed task gets a row: while the event budget lasts, on
// Fargate or on an instance the page shows.
func (r *Recorder) showsTask(e *models.Event) bool {
	if r.cut || len(r.events) >= r.opt.Budget.Events {
		return false
	}
	if e.Instance == nil || e.Instance.Fargate() {
		return true
	}
	row, ok := r.instOf[e.Instance]
	return ok && row >= 0
}

// keep adds e to the page's events while the budget lasts, and reports whether it did. The
// first event past the budget cuts the page there: every event after it is left out, so the
// view is exact up to the cut.
func (r *Recorder) keep(now sim.Time, e *models.Event, lt *liveTask) bool {
	if r.cut {
		return false
	}
	if len(r.events) >= r.opt.Budget.Events {
		r.cut, r.cutAt = true, now
		return false
	}
	ev := event{t: now, kind: r.kinds.index(e.Kind.String()), task: -1, inst: -1, zone: -1}
	if in := e.Instance; in != nil && !in.Fargate() {
		row, ok := r.instOf[in]
		if !ok || row < 0 {
			return false // on an instance the page leaves out, or never heard to register
		}
		ev.inst = row
	}
	if lt != nil {
		if e.Kind != models.PlacementFailed && lt.row < 0 {
			return false // a task the page leaves out
		}
		ev.task = lt.row
	}
	switch {
	case e.Instance != nil:
		ev.zone = r.zones.index(e.Instance.Zone)
	case e.Zone != "":
		ev.zone = r.zones.index(e.Zone)
	}
	ev.owner = -1
	if e.Service != nil {
		ev.owner = r.ownerFor(e.Service.Name, e.Service)
	}
	if e.Kind == models.DesiredCountChanged && e.Service != nil {
		ev.value = int64(e.Service.DesiredCount)
	}
	ev.text = r.strs.index(reports.DescribeEvent(*e))
	ev.cost, ev.rate = r.bills.at(now), r.bills.rate
	r.events = append(r.events, ev)
	return true
}

// noteMark keeps the events the timeline marks, over the whole run.
func (r *Recorder) noteMark(now sim.Time, e *models.Event) {
	frequent := 0
	switch e.Kind {
	case models.DeploymentStarted, models.DeploymentCompleted, models.DeploymentFailed,
		models.ZoneOutageStarted, models.ZoneOutageEnded:
	case models.SpotInterruptionNotice, models.ScaleOut, models.ScaleIn:
		frequent = 1
	default:
		return
	}
	if r.markCount[frequent] >= maxMarks {
		r.leftOut.Marks++
		return
	}
	r.markCount[frequent]++
	zone := -1
	if e.Zone != "" {
		zone = r.zones.index(e.Zone)
	} else if e.Instance != nil {
		zone = r.zones.index(e.Instance.Zone)
	}
	r.marks = append(r.marks, mark{t: now, kind: r.kinds.index(e.Kind.String()), zone: zone, text: r.strs.index(reports.DescribeEvent(*e))})
}
