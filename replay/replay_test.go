package replay

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/experiment"
	"github.com/ecssim/ecssim/reports"
	"github.com/ecssim/ecssim/scenarios"
)

// recorded is a run watched by a Recorder and a TraceWriter.
type recorded struct {
	rec   *Recorder
	data  pageData
	sum   reports.Summary
	trace []traceLine
	page  []byte
}

// traceLine is what the tests read of a trace's line.
type traceLine struct {
	T        float64 `json:"t"`
	Kind     string  `json:"kind"`
	Task     string  `json:"task"`
	Instance string  `json:"instance"`
	Zone     string  `json:"zone"`
	Desired  *int    `json:"desired_count"`
}

// record runs the example name with a Recorder keeping opt, and the trace beside it.
func record(t *testing.T, name string, opt Options) recorded {
	t.Helper()
	sc, err := scenarios.Open("example:" + name)
	if err != nil {
		t.Fatal(err)
	}
	rec := New(opt)
	r, err := scenarios.Build(sc, scenarios.Options{Placer: rec.Placer})
	if err != nil {
		t.Fatal(err)
	}
	var trace bytes.Buffer
	tw := reports.NewTraceWriter(&trace)
	res, err := experiment.Run(context.Background(), r, experiment.Options{Before: func(*reports.Collector) error {
		r.Sim.AddObserver(tw)
		rec.Watch(r.Sim)
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	if err := tw.Flush(); err != nil {
		t.Fatal(err)
	}
	var page bytes.Buffer
	if err := rec.WritePage(&page, name); err != nil {
		t.Fatal(err)
	}
	out := recorded{rec: rec, data: rec.pageData(name), sum: res.Summary, page: page.Bytes()}
	sc2 := bufio.NewScanner(&trace)
	sc2.Buffer(nil, 1<<20)
	for sc2.Scan() {
		var l traceLine
		if err := json.Unmarshal(sc2.Bytes(), &l); err != nil {
			t.Fatal(err)
		}
		out.trace = append(out.trace, l)
	}
	return out
}

// TestPageKeepsTheTrace: a page within its budget keeps every event of the trace, in its order,
// about the same task, instance and zone, at the same time, to the nanosecond.
func TestPageKeepsTheTrace(t *testing.T) {
	for _, name := range []string{"zone-outage", "rolling-deployment", "capacity-fargate", "spot-storm", "scale-from-zero"} {
		t.Run(name, func(t *testing.T) {
			r := record(t, name, Options{})
			d := r.data
			if d.Thinned != nil {
				t.Fatalf("thinned within the budget: %+v", *d.Thinned)
			}
			type line struct {
				T                    float64
				Kind, Task, In, Zone string
			}
			var got, want []line
			var ns int64
			for i := range d.Texts {
				e := d.Events[6*i : 6*i+6]
				ns += d.Times[i]
				l := line{T: float64(ns) / 1e9, Kind: d.Kinds[e[0]]}
				if e[1] >= 0 {
					l.Task = d.Tasks[e[1]][0].(string)
				}
				if e[2] >= 0 {
					l.In = d.Instances[e[2]][0].(string)
				}
				if e[3] >= 0 {
					l.Zone = d.Zones[e[3]]
				}
				got = append(got, l)
			}
			for _, tl := range r.trace {
				l := line{T: tl.T, Kind: tl.Kind, Task: tl.Task, In: tl.Instance, Zone: tl.Zone}
				if l.Kind == "PlacementFailed" {
					l.Task = "" // a task not placed has no row
				}
				want = append(want, l)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("the page's events against the trace (-trace +page):\n%s", diff)
			}
		})
	}
}

// TestDesiredCounts: each DesiredCountChanged event carries the service's new desired count,
// as the trace's desired_count gives it.
func TestDesiredCounts(t *testing.T) {
	r := record(t, "scale-from-zero", Options{})
	var got, want []int64
	for i := range r.data.Texts {
		if e := r.data.Events[6*i : 6*i+6]; r.data.Kinds[e[0]] == "DesiredCountChanged" {
			got = append(got, e[5])
		}
	}
	for _, l := range r.trace {
		if l.Kind == "DesiredCountChanged" {
			want = append(want, int64(*l.Desired))
		}
	}
	if len(want) == 0 {
		t.Fatal("scale-from-zero changes no desired count")
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("desired counts (-trace +page):\n%s", diff)
	}
}

// TestCostSoFar: the cost so far never falls, and at the run's end it is the summary's total.
func TestCostSoFar(t *testing.T) {
	for _, name := range []string{"zone-outage", "capacity-fargate", "capacity-fargate-spot", "scale-from-zero", "spot-storm", "gpu-service", "mtbf-month"} {
		t.Run(name, func(t *testing.T) {
			r := record(t, name, Options{})
			if got, want := r.data.Total, r.sum.CostUSD.Total; math.Abs(got-want) > 0.001 {
				t.Errorf("cost at the end %.4f, summary's cost_usd.total %.4f", got, want)
			}
			costs := r.data.Costs
			for i := 1; i < len(costs); i++ {
				if costs[i] < costs[i-1]-0.001 {
					t.Fatalf("cost so far falls from %.3f to %.3f at event %d", costs[i-1], costs[i], i)
				}
			}
			if n := len(costs); n > 0 && costs[n-1] > r.data.Total+0.001 {
				t.Errorf("cost at the last event %.3f passes the total %.3f", costs[n-1], r.data.Total)
			}
		})
	}
}

// runningByZone counts the tasks running in each zone after every trace line at or before at,
// by the package's definition: from TaskRunning to the task's first stop event.
func runningByZone(trace []traceLine, at float64) map[string]int {
	zoneOf := map[string]string{}
	for _, l := range trace {
		if l.T > at {
			break
		}
		switch l.Kind {
		case "TaskRunning":
			zoneOf[l.Task] = l.Zone
		case "TaskStopping", "TaskStopped":
			delete(zoneOf, l.Task)
		}
	}
	n := map[string]int{}
	for _, z := range zoneOf {
		n[z]++
	}
	return n
}

// TestThinnedPage keeps zone-outage within a budget of 60 events and 4 instances: the page
// says what it left out, its events stop at the cut, and its samples count the whole run as
// the trace does.
func TestThinnedPage(t *testing.T) {
	r := record(t, "zone-outage", Options{Budget: Budget{Events: 60, Instances: 4}})
	d := r.data
	if d.Thinned == nil || !d.Thinned.Cut {
		t.Fatalf("not cut: %+v", d.Thinned)
	}
	if len(d.Texts) != 60 || len(d.Instances) != 4 {
		t.Errorf("%d events and %d instances kept, want 60 and 4", len(d.Texts), len(d.Instances))
	}
	registered := 0
	for _, l := range r.trace {
		if l.Kind == "InstanceRegistered" {
			registered++
		}
	}
	if want := registered - 4; d.Thinned.Instances != want {
		t.Errorf("%d instances left out, want %d", d.Thinned.Instances, want)
	}
	if got := int64(len(d.Texts)) + d.Thinned.Events; got != int64(len(r.trace)) || d.Heard != int64(len(r.trace)) {
		t.Errorf("kept %d + left out %d events, heard %d; the trace has %d", len(d.Texts), d.Thinned.Events, d.Heard, len(r.trace))
	}
	if len(d.Marks) == 0 || d.Marks[len(d.Marks)-1][0] < d.Thinned.CutAt {
		t.Errorf("the timeline's marks stop at the cut: %v", d.Marks)
	}
	s := d.Samples
	if s == nil || len(s.T) < 400 {
		t.Fatalf("samples: %+v", s)
	}
	for i, at := range s.T {
		got := map[string]int{}
		for z, n := range s.Zones[i] {
			if n != 0 {
				got[d.Zones[z]] = n
			}
		}
		// A sample at s sees every event at or before s.
		if diff := cmp.Diff(runningByZone(r.trace, at), got); diff != "" {
			t.Fatalf("sample at %gs, running by zone (-trace +sample):\n%s", at, diff)
		}
	}
	if len(r.page) > 200<<10 {
		t.Errorf("the thinned page has %d bytes", len(r.page))
	}
}

// TestExplanations: the page keeps the first placements' decisions in explain's words, and a
// service's deployments as explain -deployments tells them.
func TestExplanations(t *testing.T) {
	r := record(t, "zone-outage", Options{First: 3})
	if len(r.data.Explain) != 3 {
		t.Errorf("%d decisions kept, want 3", len(r.data.Explain))
	}
	first := r.data.Explain["0"]
	for _, want := range []string{"placement 1 at 0s: task packed-1 of service packed\n", "strategies, in order: binpack(memory)", "> i-0001", "chosen"} {
		if !strings.Contains(first, want) {
			t.Errorf("the first decision lacks %q:\n%s", want, first)
		}
	}
	r = record(t, "rolling-deployment", Options{Service: "web"})
	var web *pageOwner
	for i := range r.data.Owners {
		if r.data.Owners[i].Name == "web" {
			web = &r.data.Owners[i]
		}
	}
	if web == nil || !strings.Contains(web.Deployments, "floor") || !strings.Contains(web.Deployments, "COMPLETED") {
		t.Fatalf("service web's deployments: %+v", web)
	}
	explained := 0
	for i, task := range r.data.Tasks {
		if _, ok := r.data.Explain[itoa(i)]; ok && r.data.Owners[task[1].(int)].Name == "web" {
			explained++
		}
	}
	if explained == 0 {
		t.Errorf("-service web kept no decision of web's tasks")
	}
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

// TestPageDeterministic: the same run writes the same page, byte for byte.
func TestPageDeterministic(t *testing.T) {
	a, b := record(t, "spot-storm", Options{}), record(t, "spot-storm", Options{})
	if !bytes.Equal(a.page, b.page) {
		t.Error("two pages of one run differ")
	}
	for _, forbidden := range []string{"http://", "https://", "<link", " src="} {
		if bytes.Contains(a.page, []byte(forbidden)) {
			t.Errorf("the page holds %q: it must load nothing", forbidden)
		}
	}
}
