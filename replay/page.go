package replay

import (
	_ "embed"
	"encoding/json"
	"html/template"
	"io"
	"math"
	"strconv"

	"github.com/ecssim/ecssim/sim"
)

//go:embed page.html.tmpl
var pageTemplate string

//go:embed replay.js
var pageScript string

//go:embed replay.css
var pageStyle string

var tmpl = template.Must(template.New("replay").Parse(pageTemplate))

// pageData is the run as the page's script reads it (replay.js): tables of strings and rows of
// numbers that refer to them, in the order the run made them. Times are in seconds, as
// float64(nanoseconds)/1e9, the number the trace writes; the events' times are whole
// nanoseconds, each the difference from the one before, which keeps them exact and short.
type pageData struct {
	Title     string      `json:"title"`
	Horizon   float64     `json:"horizon"`
	Zones     []string    `json:"zones"`
	Kinds     []string    `json:"kinds"`
	Strings   []string    `json:"strings"`
	Defs      []string    `json:"defs"`
	Owners    []pageOwner `json:"owners"`
	Instances [][]any     `json:"instances"` // id, zone, type, group, market, cpu, mem, gpus, $/h, registered
	Tasks     [][]any     `json:"tasks"`     // id, owner, def, cpu, mem, gpu thousandths, created, Fargate capacity
	// Events are flat, six numbers each: kind, task, instance, zone, owner (-1 for none) and
	// a value (DesiredCountChanged's new count); Times, Texts, Costs and Rates run beside them.
	Events  []int64           `json:"events"`
	Times   []int64           `json:"times"`   // nanoseconds after the event before (the first: after 0)
	Texts   []int             `json:"texts"`   // each event in words (Strings)
	Costs   []float64         `json:"costs"`   // US dollars so far, to the tenth of a cent
	Rates   []float64         `json:"rates"`   // what the bills open then cost, US dollars per hour
	Marks   [][]float64       `json:"marks"`   // time, kind, zone, text
	Explain map[string]string `json:"explain"` // by task row
	Total   float64           `json:"total_usd"`
	Thinned *pageThinned      `json:"thinned,omitempty"`
	Samples *pageSamples      `json:"samples,omitempty"`
	// Changes are what the events left out changed of the counters, four numbers each:
	// nanoseconds after the change before, zone, owner and value (Recorder.noteChange);
	// ChangesUntil, when maxChanges ran out, the time of the first change left out.
	Changes      []int64  `json:"changes"`
	ChangesUntil *float64 `json:"changes_until,omitempty"`
	Budget       Budget   `json:"budget"`
	MaxMarks     int      `json:"max_marks"`           // of each kind (Recorder.noteMark)
	MilliCPU     bool     `json:"milli_cpu,omitempty"` // an EKS run's: CPU in millicores
	Heard        int64    `json:"heard"`
}

type pageOwner struct {
	Name        string `json:"name"`
	Kind        string `json:"kind"`
	Desired     int    `json:"desired"` // at the start
	MinPct      int    `json:"min_pct,omitempty"`
	MaxPct      int    `json:"max_pct,omitempty"`
	Deployments string `json:"deployments,omitempty"` // explain -deployments' words
}

// pageThinned says what the budget left out.
type pageThinned struct {
	leftOut
	CutAt float64 `json:"cut_at,omitempty"` // seconds: the first event left out for the event budget
	Cut   bool    `json:"cut"`
}

// pageSamples are the counters at regular times, for a thinned page: zones and owners are
// rows by sample.
type pageSamples struct {
	T         []float64 `json:"t"`
	Zones     [][]int   `json:"zones"`
	Pending   []int     `json:"pending"`
	OwnerPend [][]int   `json:"owner_pending"`
	Running   [][]int   `json:"running"`
	Healthy   [][]int   `json:"healthy"`
	Desired   [][]int   `json:"desired"`
	Cost      []float64 `json:"cost"`
	Instances []int     `json:"instances"`
}

// WritePage writes the replay page of the run r watched, headed title; call it once the run
// has ended.
func (r *Recorder) WritePage(w io.Writer, title string) error {
	r.Finish()
	data, err := json.Marshal(r.pageData(title))
	if err != nil {
		return err
	}
	return tmpl.Execute(w, map[string]any{
		"Title":  title,
		"Style":  template.CSS(pageStyle),
		"Script": template.JS(pageScript),
		// encoding/json escapes <, > and & in strings, so the data cannot end its script element
		"Data": template.JS(data),
	})
}

func (r *Recorder) pageData(title string) pageData {
	d := pageData{
		Title: title, Horizon: seconds(r.sim.Horizon), Zones: r.zones.list, Kinds: r.kinds.list,
		Strings: r.strs.list, Defs: r.defs.list, Total: cents(r.bills.total(r.sim.Horizon)),
		Budget: r.opt.Budget, MaxMarks: maxMarks, Heard: r.heard, Explain: map[string]string{}, MilliCPU: r.sim.Cluster.Kubelet != nil,
		// empty lists, not null, for the script
		Instances: [][]any{}, Tasks: [][]any{}, Marks: [][]float64{},
	}
	for _, l := range []*[]string{&d.Zones, &d.Kinds, &d.Strings, &d.Defs} {
		if *l == nil {
			*l = []string{}
		}
	}
	d.Owners = r.pageOwners()
	for _, in := range r.insts {
		d.Instances = append(d.Instances, []any{in.id, in.zone, in.typ, in.group, in.market, in.cpu, in.mem, in.gpus, in.price, seconds(in.registered)})
	}
	for i, t := range r.tasks {
		d.Tasks = append(d.Tasks, []any{t.id, t.owner, t.def, t.cpu, t.mem, t.gpuMilli, seconds(t.created), t.fargate})
		if text, ok := r.decisions.Of(t.id); ok {
			d.Explain[strconv.Itoa(i)] = text
		}
	}
	r.pageEvents(&d)
	d.Changes = make([]int64, 0, 4*len(r.changes))
	var last sim.Time
	for _, c := range r.changes {
		d.Changes = append(d.Changes, int64(c.t-last), int64(c.zone), int64(c.owner), c.value)
		last = c.t
	}
	if r.changesCut {
		until := seconds(r.changesCutAt)
		d.ChangesUntil = &until
	}
	for _, m := range r.marks {
		d.Marks = append(d.Marks, []float64{seconds(m.t), float64(m.kind), float64(m.zone), float64(m.text)})
	}
	if r.cut || r.leftOut.Instances > 0 || r.leftOut.Marks > 0 {
		d.Thinned = &pageThinned{leftOut: r.leftOut, Cut: r.cut}
		if r.cut {
			d.Thinned.CutAt = seconds(r.cutAt)
		}
		d.Samples = r.pageSamples()
	}
	return d
}

// pageOwners lists the services and workloads, each service with its deployments in words,
// within maxDeploymentBytes each and maxDeploymentsBytes in all.
func (r *Recorder) pageOwners() []pageOwner {
	owners := []pageOwner{}
	size := 0
	for _, o := range r.owners {
		po := pageOwner{Name: o.name, Kind: o.kind, MinPct: o.minPct, MaxPct: o.maxPct}
		if o.svc != nil {
			po.Desired = o.svc.ServiceConfig.DesiredCount
			po.Deployments = r.deployments.Service(o.name, min(maxDeploymentBytes, max(0, maxDeploymentsBytes-size)))
			size += len(po.Deployments)
		}
		owners = append(owners, po)
	}
	return owners
}

// pageEvents writes the kept events into d.
func (r *Recorder) pageEvents(d *pageData) {
	n := len(r.events)
	d.Events, d.Times = make([]int64, 0, 6*n), make([]int64, 0, n)
	d.Texts, d.Costs, d.Rates = make([]int, 0, n), make([]float64, 0, n), make([]float64, 0, n)
	var last sim.Time
	for _, e := range r.events {
		d.Events = append(d.Events, int64(e.kind), int64(e.task), int64(e.inst), int64(e.zone), int64(e.owner), e.value)
		d.Times = append(d.Times, int64(e.t-last))
		last = e.t
		d.Texts = append(d.Texts, e.text)
		d.Costs = append(d.Costs, cents(e.cost))
		d.Rates = append(d.Rates, math.Round(e.rate*1e6)/1e6)
	}
}

func (r *Recorder) pageSamples() *pageSamples {
	s := &r.samples
	ps := &pageSamples{Pending: s.pending, Instances: s.instances}
	for i, at := range s.t {
		ps.T = append(ps.T, seconds(at))
		ps.Cost = append(ps.Cost, cents(s.cost[i]))
		zones := make([]int, len(r.zones.list))
		copy(zones, s.zoneRunning[i])
		ps.Zones = append(ps.Zones, zones)
		n := len(r.owners)
		pend, run, healthy, desired := make([]int, n), make([]int, n), make([]int, n), make([]int, n)
		for j, oc := range s.owners[i] {
			pend[j], run[j], healthy[j], desired[j] = oc.pending, oc.running, oc.healthy, oc.desired
		}
		ps.OwnerPend, ps.Running = append(ps.OwnerPend, pend), append(ps.Running, run)
		ps.Healthy, ps.Desired = append(ps.Healthy, healthy), append(ps.Desired, desired)
	}
	return ps
}

// cents rounds dollars to the tenth of a cent, so the page's numbers stay short.
func cents(usd float64) float64 { return math.Round(usd*1000) / 1000 }

// seconds writes a time in seconds as the trace does, and as the script reads the events'
// nanoseconds: float64(ns) / 1e9.
func seconds(t sim.Time) float64 { return float64(t) / 1e9 }
