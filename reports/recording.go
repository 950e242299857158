package reports

import (
	"cmp"
	"encoding/csv"
	"io"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/sim"
)

// RecordOptions says what a Recording keeps.
type RecordOptions struct {
	// Every is the sampling interval; 0 picks the horizon / 400 rounded to a whole second (at
	// least 1 s). An interval that would take more than MaxSamples samples is raised to the
	// least whole second that takes fewer, so a Recording stays small whatever the run's
	// length.
	Every time.Duration
	// Instances also keeps the tasks on each instance at each sample, for the heat map. It
	// costs a number per instance and sample, so comparisons turn it on for one seed only.
	Instances bool
}

// MaxSamples bounds the samples of a Recording's series (see RecordOptions.Every).
const MaxSamples = 1000

// defaultSamples is how many intervals RecordOptions.Every = 0 cuts the run into.
const defaultSamples = 400

// Recording is what a run's figures show, sampled in memory as the run goes: the reserved
// shares of CPU and memory, running, pending and waiting tasks, running tasks per zone, each
// service's healthy tasks or targets and desired count, optionally the tasks on each instance,
// the zone outages, and the pending times' distribution. Collector.Record makes one; it is
// complete once the collector's Finish has run. A sample at time s shows the state after every
// event at or before s, as the CSV time series does. Definitions are in the package
// documentation.
type Recording struct {
	opt     RecordOptions
	every   sim.Time
	next    sim.Time
	horizon sim.Time
	done    bool

	times                  []float64 // seconds
	instances              []float64 // EC2 instances registered (of any cluster)
	cpu, mem               []float64 // reserved shares
	running, pend, waiting []float64
	zones                  []*zoneSeries // in the order they appeared; sorted by Finish
	services               []*serviceSeries
	hosts                  []*hostSeries // with Instances only; sorted by Finish
	outages                []Outage
	pendingCDF             cdf

	// Live counts, dropped by Finish.
	zoneOf   map[string]*zoneSeries
	hostOf   map[*models.Instance]*hostSeries
	outageOf map[string]int // index in outages of the zone's open outage
	openOf   map[string]int // outages open on the zone (they may overlap)
}

// zoneSeries is the running tasks in one zone at each sample.
type zoneSeries struct {
	zone    string
	now     int
	running []float64
}

// serviceSeries is one service at each sample.
type serviceSeries struct {
	st                       *serviceStats
	name                     string
	balanced                 bool
	healthy, targets, desire []float64
}

// hostSeries is the tasks on one EC2 instance at each sample: NaN while it is not registered.
// It keeps the instance's names, not the instance: a Recording outlives its simulation, and an
// instance would keep the whole of it from the garbage collector.
type hostSeries struct {
	id, zone string
	seq      uint64
	tasks    []float64
}

// Outage is a zone out of service from Start to End, in seconds (End is the horizon for one
// still going at the end of the run); overlapping outages of one zone make one.
type Outage struct {
	Zone       string
	Start, End float64
}

// Record makes the collector sample what the run's figures show into the returned Recording.
// Call it before the run starts, as SampleEvery; the Recording is complete after Finish.
func (c *Collector) Record(opt RecordOptions) *Recording {
	r := &Recording{
		opt: opt, horizon: c.horizon, every: samplingInterval(opt.Every, c.horizon),
		zoneOf: map[string]*zoneSeries{}, hostOf: map[*models.Instance]*hostSeries{},
		outageOf: map[string]int{}, openOf: map[string]int{},
	}
	for _, st := range c.services {
		r.services = append(r.services, &serviceSeries{st: st, name: st.svc.Name, balanced: st.balanced})
	}
	c.rec = r
	return r
}

// samplingInterval returns the interval RecordOptions.Every asks for over a run of horizon.
func samplingInterval(every time.Duration, horizon sim.Time) sim.Time {
	h := time.Duration(horizon)
	if every <= 0 {
		every = max(time.Second, (h / defaultSamples).Round(time.Second))
	}
	// Samples at 0, every, 2 × every, ... up to h: h/every + 1 of them.
	if h/every+1 > MaxSamples {
		every = (h / MaxSamples).Truncate(time.Second) + time.Second // the least whole second above h/MaxSamples
	}
	return sim.Time(every)
}

// observe takes the samples due before now, then counts e. The collector calls it before it
// handles e itself, so its task records still say whether e is a task's first stop event and whether
// the task was running.
func (r *Recording) observe(now sim.Time, e models.Event, c *Collector) {
	r.before(now, c)
	switch e.Kind {
	case models.InstanceRegistered:
		if e.Instance != nil && !e.Instance.Fargate() {
			r.zone(e.Instance.Zone)
		}
	case models.TaskRunning:
		if f, ok := c.flags(e.Task); (!ok || f&countedRunning == 0) && e.Task.Instance != nil {
			r.zone(e.Task.Instance.Zone).now++
		}
	case models.TaskStopping, models.TaskStopped:
		f, ok := c.flags(e.Task)
		if !ok {
			return // stopped already, or never placed
		}
		if f&countedRunning != 0 && e.Task.Instance != nil {
			r.zone(e.Task.Instance.Zone).now--
		}
	case models.ZoneOutageStarted:
		if r.openOf[e.Zone]++; r.openOf[e.Zone] == 1 {
			r.outageOf[e.Zone] = len(r.outages)
			r.outages = append(r.outages, Outage{Zone: e.Zone, Start: now.Seconds(), End: -1})
		}
	case models.ZoneOutageEnded:
		if n := r.openOf[e.Zone]; n > 0 {
			if r.openOf[e.Zone] = n - 1; n == 1 {
				r.outages[r.outageOf[e.Zone]].End = now.Seconds()
			}
		}
	}
}

// zone returns the series of a zone, adding it (zero before now) the first time.
func (r *Recording) zone(name string) *zoneSeries {
	z := r.zoneOf[name]
	if z == nil {
		z = &zoneSeries{zone: name, running: make([]float64, len(r.times))}
		r.zoneOf[name] = z
		r.zones = append(r.zones, z)
	}
	return z
}

// before takes the samples due before now, with the state they saw.
func (r *Recording) before(now sim.Time, c *Collector) {
	for r.next < now && r.next <= r.horizon {
		r.sample(c)
		r.next += r.every
	}
}

func (r *Recording) sample(c *Collector) {
	r.times = append(r.times, r.next.Seconds())
	r.instances = append(r.instances, float64(c.instancesNow))
	r.cpu = append(r.cpu, fraction(c.resCPU, c.regCPU))
	r.mem = append(r.mem, fraction(c.resMem, c.regMem))
	r.running = append(r.running, float64(c.running))
	r.pend = append(r.pend, float64(c.counted-c.running))
	waiting := 0
	for _, s := range r.services {
		st := s.st
		waiting += max(0, st.desired-st.placed) // the service's shortfall
		s.healthy = append(s.healthy, float64(st.healthy))
		s.targets = append(s.targets, float64(st.targets))
		s.desire = append(s.desire, float64(st.desired))
	}
	r.waiting = append(r.waiting, float64(waiting))
	for _, z := range r.zones {
		z.running = append(z.running, float64(z.now))
	}
	if !r.opt.Instances {
		return
	}
	n := len(r.times)
	for i := range c.insts { // each instance writes its own row
		if !c.insts[i].live {
			continue
		}
		in, st := c.insts[i].in, &c.insts[i]
		h := r.hostOf[in]
		if h == nil {
			h = &hostSeries{id: in.ID, zone: in.Zone, seq: in.Seq, tasks: make([]float64, n-1, n)}
			for i := range h.tasks {
				h.tasks[i] = math.NaN()
			}
			r.hostOf[in] = h
			r.hosts = append(r.hosts, h)
		}
		h.tasks = append(h.tasks, float64(st.holding))
	}
	for _, h := range r.hosts {
		if len(h.tasks) < n { // deregistered
			h.tasks = append(h.tasks, math.NaN())
		}
	}
}

// finish takes the last samples, closes the outages still open at the horizon, keeps the
// distribution of the pending times, and drops the maps it counted with.
func (r *Recording) finish(c *Collector) {
	if r.done {
		return
	}
	r.done = true
	r.before(r.horizon+1, c)
	for i := range r.outages {
		if r.outages[i].End < 0 {
			r.outages[i].End = r.horizon.Seconds()
		}
	}
	slices.SortFunc(r.zones, func(a, b *zoneSeries) int { return cmp.Compare(a.zone, b.zone) })
	slices.SortFunc(r.hosts, func(a, b *hostSeries) int {
		return cmp.Or(cmp.Compare(a.zone, b.zone), cmp.Compare(a.seq, b.seq), cmp.Compare(a.id, b.id))
	})
	r.pendingCDF = c.pending.cdf()
	r.zoneOf, r.hostOf, r.outageOf, r.openOf = nil, nil, nil, nil
	for _, s := range r.services {
		s.st = nil
	}
}

// Times returns the sample times in seconds. Callers must not modify the slice.
func (r *Recording) Times() []float64 { return r.times }

// Outages returns the run's zone outages in the order they started.
func (r *Recording) Outages() []Outage { return slices.Clone(r.outages) }

// WriteCSV writes the recording as CSV, one row per sample: time_seconds, instances,
// cpu_reserved, memory_reserved, tasks_running, tasks_pending, tasks_waiting, the running
// tasks of each zone (running:ZONE, zones sorted), and for each service its healthy tasks
// (healthy:NAME), its healthy targets if it has a load balancer (targets:NAME) and its
// desired count (desired:NAME). The tasks on each instance are not in it.
func (r *Recording) WriteCSV(w io.Writer) error {
	type column struct {
		name string
		vals []float64
		prec int // decimals; -1: as many as needed
	}
	cols := []column{
		{"time_seconds", r.times, -1}, {"instances", r.instances, -1},
		// The shares with four decimals, as timeseries.csv has them.
		{"cpu_reserved", r.cpu, 4}, {"memory_reserved", r.mem, 4},
		{"tasks_running", r.running, -1}, {"tasks_pending", r.pend, -1}, {"tasks_waiting", r.waiting, -1},
	}
	for _, z := range r.zones {
		cols = append(cols, column{"running:" + z.zone, z.running, -1})
	}
	for _, s := range r.services {
		cols = append(cols, column{"healthy:" + s.name, s.healthy, -1})
		if s.balanced {
			cols = append(cols, column{"targets:" + s.name, s.targets, -1})
		}
		cols = append(cols, column{"desired:" + s.name, s.desire, -1})
	}
	cw := csv.NewWriter(w)
	row := make([]string, len(cols))
	for j, col := range cols {
		row[j] = col.name
	}
	cw.Write(row) //nolint:errcheck // the csv.Writer keeps the error for Error
	for i := range r.times {
		for j, col := range cols {
			row[j] = strconv.FormatFloat(col.vals[i], 'f', col.prec, 64)
		}
		cw.Write(row) //nolint:errcheck
	}
	cw.Flush()
	return cw.Error()
}

// cdf is an empirical distribution function kept in at most cdfPoints + 1 steps: F(X[i]) =
// P[i], X increasing, F flat between steps. N is the sample size.
type cdf struct {
	N    int
	X, P []float64
}

// cdfPoints is the resolution of a kept CDF: a step is kept where F crosses a multiple of
// 1/cdfPoints, so F is exact at its steps and low by less than 1/cdfPoints between them.
const cdfPoints = 1000

// newCDF returns the empirical CDF of xs (not modified).
func newCDF(xs []float64) cdf {
	sorted := slices.Clone(xs)
	slices.Sort(sorted)
	d := cdf{N: len(sorted)}
	for i, x := range sorted {
		if i+1 < len(sorted) && sorted[i+1] == x {
			continue // the step is at the last of equal values
		}
		d.X = append(d.X, x)
		d.P = append(d.P, float64(i+1)/float64(len(sorted)))
	}
	d.X, d.P = thin(d.X, d.P)
	return d
}

// thin keeps the steps of a CDF where it crosses a multiple of 1/cdfPoints, and the last.
func thin(xs, ps []float64) ([]float64, []float64) {
	if len(xs) <= cdfPoints {
		return xs, ps
	}
	var outX, outP []float64
	level := -1.0
	for i := range xs {
		l := math.Floor(ps[i] * cdfPoints)
		if l > level || i == len(xs)-1 {
			outX, outP = append(outX, xs[i]), append(outP, ps[i])
			level = l
		}
	}
	return outX, outP
}

// at returns F(x): the P of the last step at or before x, 0 before the first.
func (d cdf) at(x float64) float64 {
	i, found := slices.BinarySearch(d.X, x)
	if found {
		return d.P[i]
	}
	if i == 0 {
		return 0
	}
	return d.P[i-1]
}

// pool returns the CDF of the pooled samples of ds, each weighing its sample size.
func pool(ds []cdf) cdf {
	var out cdf
	var xs []float64
	for _, d := range ds {
		out.N += d.N
		xs = append(xs, d.X...)
	}
	if out.N == 0 {
		return out
	}
	slices.Sort(xs)
	xs = slices.Compact(xs)
	for _, x := range xs {
		var f float64
		for _, d := range ds {
			f += float64(d.N) * d.at(x)
		}
		out.X = append(out.X, x)
		out.P = append(out.P, f/float64(out.N))
	}
	out.X, out.P = thin(out.X, out.P)
	return out
}
