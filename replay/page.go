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
// numbers that refer to them, in the order the run made them.
type pageData struct {
	Title     string      `json:"title"`
	Horizon   float64     `json:"horizon"` // seconds
	Zones     []string    `json:"zones"`
	Kinds     []string    `json:"kinds"`
	Strings   []string    `json:"strings"`
	Defs      []string    `json:"defs"`
	Owners    []pageOwner `json:"owners"`
	Instances [][]any     `json:"instances"` // id, zone, type, group, market, cpu, mem, gpus, $/h, registered
	Tasks     [][]any     `json:"tasks"`     // id, owner, def, cpu, mem, gpu thousandths, created
	// Events are flat, six numbers each: time, kind, task, instance, zone, owner (-1 for
	// none); Texts and Costs run beside them.
	Events  []float64         `json:"events"`
	Texts   []int             `json:"texts"`
	Costs   []float64         `json:"costs"`   // US dollars so far, to the tenth of a cent
	Marks   [][]float64       `json:"marks"`   // time, kind, text
	Explain map[string]string `json:"explain"` // by task row
	Total   float64           `json:"total_usd"`
	Thinned *pageThinned      `json:"thinned,omitempty"`
	Samples *pageSamples      `json:"samples,omitempty"`
	Budget  Budget            `json:"budget"`
	Heard   int64             `json:"heard"`
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
		Title: title, Horizon: r.sim.Horizon.Seconds(), Zones: r.zones.list, Kinds: r.kinds.list,
		Strings: r.strs.list, Defs: r.defs.list, Total: cents(r.bills.total(r.sim.Horizon)),
		Budget: r.opt.Budget, Heard: r.heard, Explain: map[string]string{},
		// empty lists, not null, for the script
		Owners: []pageOwner{}, Instances: [][]any{}, Tasks: [][]any{}, Texts: []int{}, Costs: []float64{}, Marks: [][]float64{},
	}
	for _, l := range []*[]string{&d.Zones, &d.Kinds, &d.Strings, &d.Defs} {
		if *l == nil {
			*l = []string{}
		}
	}
	for _, o := range r.owners {
		po := pageOwner{Name: o.name, Kind: o.kind, MinPct: o.minPct, MaxPct: o.maxPct}
		if o.svc != nil {
			po.Desired = o.svc.ServiceConfig.DesiredCount
			po.Deployments = r.deployments.Service(o.name)
		}

		d.Owners = append(d.Owners, po)
	}
	for _, in := range r.insts {
		d.Instances = append(d.Instances, []any{in.id, in.zone, in.typ, in.group, in.market, in.cpu, in.mem, in.gpus, in.price, in.registered.Seconds()})
	}
	for i, t := range r.tasks {
		d.Tasks = append(d.Tasks, []any{t.id, t.owner, t.def, t.cpu, t.mem, t.gpuMilli, t.created.Seconds()})
		if text, ok := r.decisions.Of(t.id); ok {
			d.Explain[strconv.Itoa(i)] = text
		}
	}
	d.Events = make([]float64, 0, 6*len(r.events))
	for _, e := range r.events {
		d.Events = append(d.Events, millis(e.t), float64(e.kind), float64(e.task), float64(e.inst), float64(e.zone), float64(e.owner))
		d.Texts = append(d.Texts, e.text)
		d.Costs = append(d.Costs, cents(e.cost))
	}
	for _, m := range r.marks {
		d.Marks = append(d.Marks, []float64{millis(m.t), float64(m.kind), float64(m.text)})
	}
	if r.cut || r.leftOut.Instances > 0 || r.leftOut.Marks > 0 {
		d.Thinned = &pageThinned{leftOut: r.leftOut, Cut: r.cut}
		if r.cut {
			d.Thinned.CutAt = r.cutAt.Seconds()
		}
		d.Samples = r.pageSamples()
	}
	return d
}

func (r *Recorder) pageSamples() *pageSamples {
	s := &r.samples
	ps := &pageSamples{Pending: s.pending, Instances: s.instances}
	for i, at := range s.t {
		ps.T = append(ps.T, at.Seconds())
		ps.Cost = append(ps.Cost, cents(s.cost[i]))
		zones := make([]int, len(r.zones.list))
		copy(zones, s.zoneRunning[i])
		ps.Zones = append(ps.Zones, zones)
		run, healthy, desired := make([]int, len(r.owners)), make([]int, len(r.owners)), make([]int, len(r.owners))
		for j, oc := range s.owners[i] {
			run[j], healthy[j], desired[j] = oc.running, oc.healthy, oc.desired
		}
		ps.Running, ps.Healthy, ps.Desired = append(ps.Running, run), append(ps.Healthy, healthy), append(ps.Desired, desired)
	}
	return ps
}

// cents rounds dollars to the tenth of a cent, so the page's numbers stay short.
func cents(usd float64) float64 { return math.Round(usd*1000) / 1000 }

// millis writes a time in seconds to the millisecond, which keeps the page's numbers short.
func millis(t sim.Time) float64 { return math.Round(t.Seconds()*1000) / 1000 }
