package reports

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// Figure is the data of one figure, apart from its drawing (plot.go draws it): panels of
// lines, shaded spans, points with confidence intervals or a heat map, with their titles and
// axis labels. RunFigures and ComparisonFigures make them; tests compare them with goldens.
type Figure struct {
	// Name is the file name without extension: reserved, tasks, pending-cdf, ...
	Name  string
	Title string
	// Caption says in a sentence or two what the figure shows and how to read it.
	Caption string
	// Columns is the number of panels side by side; 0 or 1 stacks them.
	Columns int
	Panels  []Panel
}

// Panel is one plot of a figure.
type Panel struct {
	Title          string
	XLabel, YLabel string
	// YMin and YMax fix the y range when YMax > YMin; otherwise it runs from 0 (or below, for
	// data below 0) to the data's largest value, or over the data's range for points.
	YMin, YMax float64
	// XMin and XMax, when XMax > XMin, are the least x range: data outside widens it.
	XMin, XMax float64
	Spans      []Span
	Lines      []Series
	Points     []Point
	Heat       *Heat
}

// Series is one line of a panel.
type Series struct {
	// Name is the legend's entry; lines of one name share one entry.
	Name string
	// Color indexes the figure's colours: the lines of one strategy, service or zone share it.
	Color  int
	Dashed bool
	// Step draws the line flat from each point to the next, then up or down: a CDF.
	Step bool
	X, Y []float64
	// Low and High, when set, shade a band around the line (a spread over seeds) in its
	// colour, one pair per X.
	Low, High []float64
}

// SpanKind is what a shaded span of time shows.
type SpanKind uint8

// Span kinds.
const (
	SpanDeployment SpanKind = iota + 1
	SpanOutage
)

// Span is a shaded stretch of the x axis: a deployment in progress, a zone outage.
type Span struct {
	Kind     SpanKind
	Name     string // the legend's entry
	From, To float64
}

// Point is a mean with its 95% confidence interval in both directions (NaN bounds: no
// interval).
type Point struct {
	// Group is the legend's entry (the strategy), Label the text written next to the point,
	// above it or, to keep neighbours' labels apart, below it.
	Group, Label   string
	LabelBelow     bool
	Color          int
	X, XLow, XHigh float64
	Y, YLow, YHigh float64
	// XMetric and YMetric name the comparison metrics behind X and Y.
	XMetric, YMetric string
}

// Heat is a heat map of the tasks on each instance over time.
type Heat struct {
	// X holds the columns' times; Rows the row labels, top row first; Zones each row's zone.
	X     []float64
	Rows  []string
	Zones []string
	// Z[row][col] is the tasks on the row's instance at the column's time; NaN where the
	// instance was not registered.
	Z [][]float64
	// ZMax is the top of the colour scale (a comparison's heat maps share it).
	ZMax   float64
	ZLabel string
}

// timeAxis is how a figure shows time: seconds divided by Div, labelled Label.
type timeAxis struct {
	Div   float64
	Label string
}

// timeAxisFor picks hours for runs of 3 h and more, minutes from 3 min, else seconds.
func timeAxisFor(horizonSeconds float64) timeAxis {
	switch {
	case horizonSeconds >= 3*3600:
		return timeAxis{3600, "time (hours)"}
	case horizonSeconds >= 3*60:
		return timeAxis{60, "time (minutes)"}
	}
	return timeAxis{1, "time (seconds)"}
}

func (t timeAxis) xs(seconds []float64) []float64 { return scaled(seconds, 1/t.Div) }

// interval says a sampling interval for people: "2 min", "54 s".
func interval(secs float64) string {
	if secs >= 60 && math.Mod(secs, 60) == 0 {
		return fmt.Sprintf("%g min", secs/60)
	}
	return fmt.Sprintf("%g s", secs)
}

// scaled returns xs times k.
func scaled(xs []float64, k float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = x * k
	}
	return out
}

// percent is the factor from shares to percentages.
const percent = 100

// The texts of the figures' legends and axes, shared by the run's and a comparison's.
const (
	reservedAxis    = "reserved (% of registered)"
	pendingCDFAxis  = "time from creation to RUNNING (seconds)"
	pendingCDFShare = "tasks RUNNING within that time (%)"
	outageName      = "zone outage"
	deploymentName  = "deployment in progress"
)

// outageSpans returns zone outages as spans, in the time axis's unit.
func outageSpans(outages []Outage, ta timeAxis) []Span {
	var out []Span
	for _, o := range outages {
		out = append(out, Span{Kind: SpanOutage, Name: outageName, From: o.Start / ta.Div, To: o.End / ta.Div})
	}
	return out
}

// RunFigures returns the figures of one run: reserved CPU and memory, running, pending and
// waiting tasks, running tasks per zone, the tasks on each instance (when the recording kept
// them), each service's healthy targets or tasks against its desired count, and the CDF of the
// pending times. A figure with nothing to show (no service, no task that ran) is left out.
func RunFigures(sum Summary, rec *Recording) []Figure {
	ta := timeAxisFor(sum.SimulatedSeconds)
	x := ta.xs(rec.times)
	outages := outageSpans(rec.outages, ta)
	figs := []Figure{
		{
			Name: "reserved", Title: "Reserved CPU and memory",
			Caption: "CPU units and memory reserved by tasks (PENDING, RUNNING and STOPPING) on the registered EC2 instances, as a share of what those instances registered, sampled every " + interval(rec.every.Seconds()) + ".",
			Panels: []Panel{{
				XLabel: ta.Label, YLabel: reservedAxis, YMax: 100, Spans: outages,
				Lines: []Series{
					{Name: "CPU", Color: 0, X: x, Y: scaled(rec.cpu, percent)},
					{Name: "memory", Color: 1, X: x, Y: scaled(rec.mem, percent)},
				},
			}},
		},
		{
			Name: "tasks", Title: "Running, pending and waiting tasks",
			Caption: "Running: tasks RUNNING. Pending: tasks placed on an instance (or a Fargate task provisioning) that are not RUNNING yet. Waiting: tasks services want but have not placed: for each service, its desired count less its tasks placed and not stopping (placement found no instance, or the task waits for capacity from an Auto Scaling group).",
			Panels: []Panel{
				{YLabel: "running tasks", Spans: outages, Lines: []Series{{Name: "running", Color: 0, X: x, Y: rec.running}}},
				{XLabel: ta.Label, YLabel: "tasks", Spans: outages, Lines: []Series{
					{Name: "pending", Color: 1, X: x, Y: rec.pend},
					{Name: "waiting", Color: 2, X: x, Y: rec.waiting},
				}},
			},
		},
	}
	if len(rec.zones) > 0 {
		p := Panel{XLabel: ta.Label, YLabel: "running tasks", Spans: outages}
		for i, z := range rec.zones {
			p.Lines = append(p.Lines, Series{Name: z.zone, Color: i, X: x, Y: z.running})
		}
		figs = append(figs, Figure{
			Name: "zones", Title: "Running tasks per zone",
			Caption: "Tasks RUNNING in each availability zone (Fargate tasks by their zone); shaded: zone outages.",
			Panels:  []Panel{p},
		})
	}
	if h := heatOf(rec, ta, 0); h != nil {
		figs = append(figs, Figure{
			Name: "instances-heatmap", Title: "Tasks per instance",
			Caption: "Each row is an EC2 instance, grouped by zone; colour is the number of tasks placed on it and not yet stopped (PENDING, RUNNING and STOPPING). White: the instance is not registered.",
			Panels:  []Panel{{XLabel: ta.Label, YLabel: "instance (zone)", Heat: h}},
		})
	}
	if f, ok := targetsFigure(sum, rec, ta, outages); ok {
		figs = append(figs, f)
	}
	if rec.pendingCDF.N > 0 {
		q := sum.Tasks.PendingSeconds
		figs = append(figs, Figure{
			Name: "pending-cdf", Title: "Time from creation to RUNNING",
			Caption: fmt.Sprintf("Empirical CDF of the time from each task's creation to RUNNING (image pull and container start; Fargate provisioning), over the %d tasks that reached RUNNING: median %s, p99 %s.",
				rec.pendingCDF.N, seconds(q.P50), seconds(q.P99)),
			Panels: []Panel{cdfPanel([]Series{cdfSeries("tasks", 0, rec.pendingCDF)})},
		})
	}
	return figs
}

// targetsFigure shows each service's healthy targets (healthy tasks for a service with no load
// balancer) against its desired count, with its deployments and the zone outages shaded.
func targetsFigure(sum Summary, rec *Recording, ta timeAxis, outages []Span) (Figure, bool) {
	if len(rec.services) == 0 {
		return Figure{}, false
	}
	x := ta.xs(rec.times)
	balanced := 0
	for _, s := range rec.services {
		if s.balanced {
			balanced++
		}
	}
	title := "Healthy targets (tasks without a load balancer) per service"
	switch balanced {
	case 0:
		title = "Healthy tasks per service"
	case len(rec.services):
		title = "Healthy targets per service"
	}
	f := Figure{
		Name: "targets", Title: title,
		Caption: "Each service's healthy targets in its target groups (healthy tasks for a service without a load balancer) against its desired count (dashed). Shaded: deployments after the first, from start to completion, and zone outages.",
	}
	if len(rec.services) > 3 {
		f.Columns = 2
	}
	lastRow := (len(rec.services) - 1) / max(1, f.Columns) * max(1, f.Columns) // index of the first panel of the last row
	for i, s := range rec.services {
		p := Panel{Title: s.name, YLabel: "healthy tasks"}
		healthy := Series{Name: "healthy tasks", Color: 0, X: x, Y: s.healthy}
		if s.balanced {
			p.YLabel, healthy.Name, healthy.Y = "healthy targets", "healthy targets", s.targets
		}
		if i >= lastRow { // the time axis is labelled once, under the last row
			p.XLabel = ta.Label
		}
		for j, d := range sum.Services[s.name].Deployments {
			if j == 0 {
				continue // the deployment that created the service
			}
			end := sum.SimulatedSeconds
			if d.FinishedAt != nil {
				end = *d.FinishedAt
			}
			p.Spans = append(p.Spans, Span{Kind: SpanDeployment, Name: deploymentName, From: d.StartedAt / ta.Div, To: end / ta.Div})
		}
		p.Spans = append(p.Spans, outages...)
		p.Lines = []Series{healthy, {Name: "desired count", Color: 1, Dashed: true, X: x, Y: s.desire}}
		f.Panels = append(f.Panels, p)
	}
	return f, true
}

// heatOf returns the heat map of a recording's instances, or nil without instance data.
// zmax, if positive, fixes the top of the colour scale.
func heatOf(rec *Recording, ta timeAxis, zmax float64) *Heat {
	if len(rec.hosts) == 0 {
		return nil
	}
	h := &Heat{X: ta.xs(rec.times), ZMax: zmax, ZLabel: "tasks on the instance"}
	for _, host := range rec.hosts {
		h.Rows = append(h.Rows, host.id)
		h.Zones = append(h.Zones, host.zone)
		h.Z = append(h.Z, host.tasks)
		if zmax <= 0 {
			h.ZMax = max(h.ZMax, maxOf(host.tasks))
		}
	}
	return h
}

// maxOf returns the largest of xs, NaNs left out; 0 for none.
func maxOf(xs []float64) float64 {
	var m float64
	for _, x := range xs {
		if !math.IsNaN(x) {
			m = max(m, x)
		}
	}
	return m
}

// cdfSeries draws a CDF as a step line in percent, from 0 at its first step.
func cdfSeries(name string, color int, d cdf) Series {
	s := Series{Name: name, Color: color, Step: true}
	if len(d.X) == 0 {
		return s
	}
	s.X = append([]float64{d.X[0]}, d.X...)
	s.Y = append([]float64{0}, scaled(d.P, percent)...)
	return s
}

func cdfPanel(lines []Series) Panel {
	return Panel{XLabel: pendingCDFAxis, YLabel: pendingCDFShare, YMax: 100, Lines: lines}
}

// The comparison metrics the scatters and headline tables use (paths in the JSON summary).
const (
	metricCPU        = "utilization.cpu_reserved_mean"
	metricMemory     = "utilization.memory_reserved_mean"
	metricCost       = "cost_usd.total"
	metricResiliency = "resiliency.zone_loss_survival_mean"
)

// resiliencyAxis names the scatters' x metric: the share of the desired tasks that would
// survive losing the zone holding most of them, time-weighted, averaged over the services.
const resiliencyAxis = "zone-loss survival (% of desired tasks, mean)"

// ComparisonFigures returns the figures of a comparison, or of a sweep's grid of them:
// cs[i] is one grid point (compare passes one); recs[s][k] is the recording of strategy s on
// seed k of cs[0], or nil. With recordings: reserved CPU and memory and the running, pending
// and waiting tasks over time, one line per strategy (the mean over seeds at each sample
// time), the CDF of pending times per strategy (pooled over seeds), and the heat map of the
// first seed of each strategy whose recording kept its instances. Always: the scatters of
// utilization and of cost against resiliency, one point per grid point and strategy with
// 95% confidence intervals both ways.
func ComparisonFigures(cs []*Comparison, recs [][]*Recording) []Figure {
	var figs []Figure
	if len(cs) > 0 && len(recs) > 0 {
		figs = append(figs, comparisonSeries(cs[0].Strategies, cs[0].Seeds[0], recs)...)
	}
	if len(cs) == 1 {
		if f, ok := gpuFigure(cs[0]); ok {
			figs = append(figs, f)
		}
	}
	if f, ok := scatterFigure(cs, "utilization-vs-resiliency", "Utilization against resiliency",
		"Mean reserved CPU and memory of the EC2 instances against zone-loss survival (the share of the desired tasks that would survive losing the zone holding most of them, time-weighted, averaged over the services by desired count). Up and right is better; bars are 95% confidence intervals over the seeds.",
		[]scatterAxis{{metricCPU, "CPU reserved (% of registered, mean)", percent}, {metricMemory, "memory reserved (% of registered, mean)", percent}}); ok {
		figs = append(figs, f)
	}
	if f, ok := scatterFigure(cs, "cost-vs-resiliency", "Cost against resiliency",
		"Total cost of the run (EC2 and Fargate, USD) against zone-loss survival. Down and right is better; bars are 95% confidence intervals over the seeds.",
		[]scatterAxis{{metricCost, "total cost (USD per run)", 1}}); ok {
		figs = append(figs, f)
	}
	return figs
}

// comparisonSeries returns the figures over time of a comparison's recordings; seed is the
// first seed, whose runs the heat maps show.
func comparisonSeries(strategies []string, seed uint64, recs [][]*Recording) []Figure {
	first := firstRecording(recs)
	if first == nil {
		return nil
	}
	ta := timeAxisFor(first.horizon.Seconds())
	outages := commonOutages(recs, ta)
	reserved, tasks := comparisonMeans(strategies, recs, first, ta, outages)
	seeds := recordedSeeds(recs)
	shaded := ""
	if len(outages) > 0 {
		shaded = " Shaded: the zone outages every run had at the same times."
	}
	figs := []Figure{
		{
			Name: "reserved", Title: "Reserved CPU and memory by strategy",
			Caption: fmt.Sprintf("CPU units and memory reserved by tasks on the registered EC2 instances, as a share of what they registered: the mean over %s at each sample time.%s", seeds, shaded),
			Panels:  reserved,
		},
		{
			Name: "tasks", Title: "Running, pending and waiting tasks by strategy",
			Caption: fmt.Sprintf("The mean over %s at each sample time. Pending: placed (or provisioning on Fargate), not RUNNING yet. Waiting: wanted by a service and not placed (no instance found, or waiting for Auto Scaling capacity).%s", seeds, shaded),
			Panels:  tasks,
		},
	}
	if cdfs := pendingCDFs(strategies, recs); len(cdfs) > 0 {
		figs = append(figs, Figure{
			Name: "pending-cdf", Title: "Time from creation to RUNNING by strategy",
			Caption: "Empirical CDF of the time from each task's creation to RUNNING, the tasks of every seed pooled.",
			Panels:  []Panel{cdfPanel(cdfs)},
		})
	}
	return append(figs, comparisonHeatMaps(strategies, seed, recs, ta)...)
}

// comparisonMeans returns the panels of the means over the seeds at each sample time, one
// line per strategy that has recordings: reserved CPU and memory, and running, pending and
// waiting tasks. The means are taken at first's sample times, which every recording of a
// comparison shares; outages shade every panel.
func comparisonMeans(strategies []string, recs [][]*Recording, first *Recording, ta timeAxis, outages []Span) (reserved, tasks []Panel) {
	x := ta.xs(first.times)
	mean := func(s int, get func(*Recording) []float64, k float64) Series {
		return Series{Name: strategies[s], Color: s, X: x, Y: scaled(meanOver(recs[s], first.times, get), k)}
	}
	cpu := Panel{Title: "CPU", YLabel: reservedAxis, YMax: 100, Spans: outages}
	mem := Panel{Title: "memory", XLabel: ta.Label, YLabel: reservedAxis, YMax: 100, Spans: outages}
	running := Panel{Title: "running", YLabel: "running tasks", Spans: outages}
	waiting := Panel{Title: "pending (solid) and waiting (dashed)", XLabel: ta.Label, YLabel: "tasks", Spans: outages}
	for s := range strategies {
		if s >= len(recs) || len(recs[s]) == 0 {
			continue
		}
		cpu.Lines = append(cpu.Lines, mean(s, func(r *Recording) []float64 { return r.cpu }, percent))
		mem.Lines = append(mem.Lines, mean(s, func(r *Recording) []float64 { return r.mem }, percent))
		running.Lines = append(running.Lines, mean(s, func(r *Recording) []float64 { return r.running }, 1))
		waiting.Lines = append(waiting.Lines, mean(s, func(r *Recording) []float64 { return r.pend }, 1))
		w := mean(s, func(r *Recording) []float64 { return r.waiting }, 1)
		w.Dashed = true
		waiting.Lines = append(waiting.Lines, w)
	}
	return []Panel{cpu, mem}, []Panel{running, waiting}
}

// pendingCDFs returns, for each strategy with recordings, the CDF of its tasks' times from
// creation to RUNNING, its seeds' tasks pooled into one curve (a figure of one line per
// strategy, like the means).
func pendingCDFs(strategies []string, recs [][]*Recording) []Series {
	var cdfs []Series
	for s := range strategies {
		if s >= len(recs) || len(recs[s]) == 0 {
			continue
		}
		var ds []cdf
		for _, r := range recs[s] {
			if r != nil {
				ds = append(ds, r.pendingCDF)
			}
		}
		if d := pool(ds); d.N > 0 {
			cdfs = append(cdfs, cdfSeries(strategies[s], s, d))
		}
	}
	return cdfs
}

// recordedSeeds says which seeds the means over time are over: "10 seeds", or fewer where a
// resumed compare has recordings of the runs it ran, not of those it found done.
func recordedSeeds(recs [][]*Recording) string {
	recorded, all := 0, true
	for _, row := range recs {
		n := 0
		for _, r := range row {
			if r != nil {
				n++
			}
		}
		recorded = max(recorded, n)
		all = all && n == len(row)
	}
	if !all {
		return fmt.Sprintf("the seeds recorded (up to %d: a resumed compare records only the runs it ran)", recorded)
	}
	return fmt.Sprintf("%d seeds", recorded)
}

// comparisonHeatMaps returns the heat map of each strategy's run on the first seed, seed, whose
// recording kept its instances.
func comparisonHeatMaps(strategies []string, seed uint64, recs [][]*Recording, ta timeAxis) []Figure {
	var figs []Figure
	// The heat maps share one colour scale, so that colours compare across strategies.
	var zmax float64
	for s := range strategies {
		if s < len(recs) && len(recs[s]) > 0 && recs[s][0] != nil {
			for _, h := range recs[s][0].hosts {
				zmax = max(zmax, maxOf(h.tasks))
			}
		}
	}
	for s, name := range strategies {
		if s >= len(recs) || len(recs[s]) == 0 || recs[s][0] == nil {
			continue
		}
		h := heatOf(recs[s][0], ta, max(zmax, 1))
		if h == nil {
			continue
		}
		figs = append(figs, Figure{
			Name:  fmt.Sprintf("instances-heatmap-%d-%s", s+1, slug(name)),
			Title: fmt.Sprintf("Tasks per instance: %s, seed %d", name, seed),
			Caption: fmt.Sprintf("Strategy %s, seed %d (the first): each row is an EC2 instance, grouped by zone; colour is the number of tasks placed on it and not yet stopped. White: not registered. The colour scale is the same for every strategy.",
				name, seed),
			Panels: []Panel{{XLabel: ta.Label, YLabel: "instance (zone)", Heat: h}},
		})
	}
	return figs
}

// commonOutages returns, as spans, the zone outages that every recording had at the same
// times: those a scenario schedules, which the means over seeds can show. Outages drawn at
// random differ from seed to seed and are left out.
func commonOutages(recs [][]*Recording, ta timeAxis) []Span {
	var common []Outage
	started := false
	for _, row := range recs {
		for _, r := range row {
			switch {
			case r == nil:
			case !started:
				common, started = slices.Clone(r.outages), true
			default:
				common = slices.DeleteFunc(common, func(o Outage) bool { return !slices.Contains(r.outages, o) })
			}
		}
	}
	return outageSpans(common, ta)
}

// firstRecording returns the first recording in recs, or nil.
func firstRecording(recs [][]*Recording) *Recording {
	for _, row := range recs {
		for _, r := range row {
			if r != nil {
				return r
			}
		}
	}
	return nil
}

// meanOver returns, at each of times, the mean over recs of the series get returns, each
// read at its last sample at or before the time (recordings of one comparison share their
// sample times, so this is the sample at the same time).
func meanOver(recs []*Recording, times []float64, get func(*Recording) []float64) []float64 {
	out := make([]float64, len(times))
	n := 0
	for _, r := range recs {
		if r == nil || len(r.times) == 0 {
			continue
		}
		n++
		ys := get(r)
		for i, t := range times {
			j, found := slices.BinarySearch(r.times, t)
			if !found {
				j--
			}
			if j >= 0 {
				out[i] += ys[j]
			}
		}
	}
	if n > 0 {
		for i := range out {
			out[i] /= float64(n)
		}
	}
	return out
}

// slug turns a strategy's name into a file name's part: lowercase letters, digits and
// hyphens.
func slug(s string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			hyphen = false
			continue
		}
		hyphen = true
	}
	return b.String()
}

// scatterAxis is a scatter panel's y metric: its name, axis label and scale.
type scatterAxis struct {
	metric, label string
	scale         float64
}

// scatterFigure returns a scatter of the y metrics against zone-loss survival, a panel per
// y metric side by side, one point per grid point and strategy; false when no comparison has
// the metrics.
func scatterFigure(cs []*Comparison, name, title, caption string, ys []scatterAxis) (Figure, bool) {
	f := Figure{Name: name, Title: title, Caption: caption, Columns: len(ys)}
	var strategies []string // every grid point's, in order of first appearance: their colours
	for _, c := range cs {
		for _, s := range c.Strategies {
			if !slices.Contains(strategies, s) {
				strategies = append(strategies, s)
			}
		}
	}
	for _, y := range ys {
		// Survival runs from 0 to 100%: the whole scale, so that a gap between strategies
		// looks as large as it is.
		p := Panel{XLabel: resiliencyAxis, YLabel: y.label, XMin: 0, XMax: 100}
		for ci, c := range cs {
			xm, ym := c.metric(metricResiliency), c.metric(y.metric)
			if xm == nil || ym == nil {
				continue
			}
			for s, strategy := range c.Strategies {
				xi, yi := xm.Strategies[s], ym.Strategies[s]
				// The legend names the strategies by colour; a sweep's points say which grid
				// point they are.
				var label string
				if len(cs) > 1 {
					label = shortPoint(c)
				}
				p.Points = append(p.Points, Point{
					Group: strategy, Label: label, LabelBelow: ci%2 == 1, Color: slices.Index(strategies, strategy),
					X: xi.Mean * percent, XLow: xi.Low * percent, XHigh: xi.High * percent,
					Y: yi.Mean * y.scale, YLow: yi.Low * y.scale, YHigh: yi.High * y.scale,
					XMetric: metricResiliency, YMetric: y.metric,
				})
			}
		}
		if len(p.Points) == 0 {
			return Figure{}, false
		}
		f.Panels = append(f.Panels, p)
	}
	if len(cs) > 1 && len(cs[0].Parameters) > 0 {
		f.Caption += " Each point is labelled with its grid point: " + pointKeys(cs[0]) + "."
	}
	return f, true
}

// metric returns the comparison's metric of that name, or nil.
func (c *Comparison) metric(name string) *MetricComparison {
	for i := range c.Metrics {
		if c.Metrics[i].Name == name {
			return &c.Metrics[i]
		}
	}
	return nil
}

// shortPoint labels a grid point in a scatter by its parameters' values alone, "9/12", as
// pointKeys says; or by the point's label.
func shortPoint(c *Comparison) string {
	if len(c.Parameters) == 0 {
		return c.Point
	}
	parts := make([]string, len(c.Parameters))
	for i, p := range c.Parameters {
		parts[i] = p.Value
	}
	return strings.Join(parts, "/")
}

// pointKeys says what a scatter's point labels hold: each parameter by the last part of its
// key ("count" for instance_groups.general.count), "count/desired_count".
func pointKeys(c *Comparison) string {
	parts := make([]string, len(c.Parameters))
	for i, p := range c.Parameters {
		parts[i] = p.Key[strings.LastIndex(p.Key, ".")+1:]
	}
	return strings.Join(parts, "/")
}
