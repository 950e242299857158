package reports

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"html/template"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/ecssim/ecssim/internal/atomicfile"
)

//go:embed report.html.tmpl
var reportTemplate string

// page is what report.html.tmpl shows.
type page struct {
	Title     string
	Subtitles []string
	Sections  []section
	Figures   []pageFigure
	// FiguresFirst puts the figures above the tables: a sweep's tables, one set per grid
	// point, are long.
	FiguresFirst bool
	Files        string
	// Replay names the run's replay page beside the report ("" for none): the page links to
	// it, and a click on a figure over time opens it at that time.
	Replay string
}

type section struct {
	Heading string
	Notes   []string
	Tables  []table
	Details []details
}

// details is a part of a section folded away: a long table, or the text summary.
type details struct {
	Summary string
	Pre     string
	Tables  []table
}

type table struct {
	Caption string
	Header  []string
	Rows    [][]string
}

type pageFigure struct {
	Name, Caption string
	SVG           template.HTML // our own SVG, its text escaped by gonum/plot's SVG canvas
}

var tmpl = template.Must(template.New("report").Parse(reportTemplate))

// WriteRunReport writes the report of one run into dir (creating it), as ecssim run -out does:
// summary.json and summary.txt (Summary.WriteJSON and WriteText), each figure as NAME.png and
// NAME.svg, recording.csv (the recording's series, for spreadsheets), and report.html, a
// self-contained page (no external files or fonts, under a Content-Security-Policy that loads
// nothing) with the summary's tables and every figure inline. With replay, the name of the
// run's replay page beside it, the page links to it, and its one inline script opens it at the
// time of a figure clicked; without, it has no script. Each file is written to a temporary
// name and renamed into place.
func WriteRunReport(dir string, sum Summary, rec *Recording, replay string) error {
	if rec == nil {
		return errors.New("reports: a run report needs the run's recording")
	}
	var csvBuf, jsonBuf, textBuf bytes.Buffer
	for _, err := range []error{rec.WriteCSV(&csvBuf), sum.WriteJSON(&jsonBuf), sum.WriteText(&textBuf)} {
		if err != nil {
			return err
		}
	}
	p := page{
		Title:     "ecssim run: " + sum.Scenario,
		Subtitles: []string{fmt.Sprintf("Placement strategy: %s; seed %d, %s simulated, %d events.", strategyWords(sum.Strategy), sum.Seed, seconds(sum.SimulatedSeconds), sum.Events)},
		Sections:  runSections(sum),
		Files:     "Beside this page: each figure as PNG and SVG, and recording.csv, the series behind the figures over time.",
		Replay:    replay,
	}
	return writeReport(dir, p, RunFigures(sum, rec), map[string][]byte{
		"recording.csv": csvBuf.Bytes(), "summary.json": jsonBuf.Bytes(), "summary.txt": textBuf.Bytes(),
	})
}

// WriteComparisonReport writes a comparison's figures and report.html into dir (creating it).
// cs holds one comparison per point of a sweep's grid (compare passes one); recs[s][k] is the
// recording of strategy s on seed k of cs[0] (compare only), or nil (sweep and merge, which
// keep only summaries): then only the figures that need summaries alone are drawn, the
// scatters with 95% confidence intervals. report.html has, per grid point, a table of the
// headline metrics' means with their intervals and the paired differences against the first
// strategy, and the full table folded away. Beside it: scatter.csv (the scatters' numbers) and,
// with recordings, recording-means.csv (each strategy's mean series over the seeds).
func WriteComparisonReport(dir string, cs []*Comparison, recs [][]*Recording) error {
	if len(cs) == 0 {
		return errors.New("reports: a comparison report needs a comparison")
	}
	files := map[string][]byte{"scatter.csv": scatterCSV(cs)}
	note := "Beside this page: each figure as PNG and SVG, and scatter.csv, the means and intervals the scatters show"
	if firstRecording(recs) != nil {
		files["recording-means.csv"] = meansCSV(cs[0].Strategies, recs)
		note += ", and recording-means.csv, each strategy's series over time averaged over the seeds"
	}
	c := cs[0]
	sub := fmt.Sprintf("%d strategies, %d seeds from %d (common random numbers: every strategy sees the same arrivals, durations and faults on a seed).",
		len(c.Strategies), len(c.Seeds), c.Seeds[0])
	if len(cs) > 1 {
		sub = fmt.Sprintf("A sweep of %d grid points; ", len(cs)) + sub
	}
	p := page{
		Title:        "ecssim comparison: " + c.Scenario,
		Subtitles:    []string{sub, "Strategies: " + strings.Join(c.Strategies, ", ") + "."},
		FiguresFirst: len(cs) > 1,
		Files:        note + ".",
	}
	for _, c := range cs {
		p.Sections = append(p.Sections, comparisonSection(c, len(cs) > 1))
	}
	return writeReport(dir, p, ComparisonFigures(cs, recs), files)
}

// writeReport renders the figures and the page and writes them, with the other files, into
// dir.
func writeReport(dir string, p page, figs []Figure, files map[string][]byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	out := map[string][]byte{}
	maps.Copy(out, files)
	for i := range figs {
		f := &figs[i]
		svg, err := f.SVG()
		if err != nil {
			return err
		}
		png, err := f.PNG()
		if err != nil {
			return err
		}
		out[f.Name+".svg"], out[f.Name+".png"] = svg, png
		p.Figures = append(p.Figures, pageFigure{Name: f.Name, Caption: f.Caption, SVG: template.HTML(inlineSVG(svg))})
	}
	var html bytes.Buffer
	if err := tmpl.Execute(&html, p); err != nil {
		return err
	}
	out["report.html"] = html.Bytes()
	for _, name := range slices.Sorted(maps.Keys(out)) {
		// Whole or not at all, and its error names the file (atomicfile).
		if err := atomicfile.Write(filepath.Join(dir, name), out[name]); err != nil {
			return err
		}
	}
	return nil
}

// runSections returns the run report's tables: the results, the services and their
// deployments, and the text summary folded away.
func runSections(s Summary) []section {
	secs := []section{{Heading: "Results", Tables: []table{resultsTable(s)}}}
	names := slices.Sorted(maps.Keys(s.Services))
	if len(names) > 0 {
		svc := table{
			Caption: "Availability: share of the time from the first steady state with healthy tasks ≥ desired. Survival: share of the desired tasks left if the worst instance or zone were lost.",
			Header:  []string{"service", "desired", "availability", "min healthy held", "never placed", "short mean / max", "healthy targets min / mean", "max zone share", "AZ rebalancing", "zone-loss survival mean / worst", "instance-loss survival mean / worst", "recovery max", "deployments"},
		}
		deps := table{Header: []string{"service", "started", "finished", "state", "task definition", "duration", "lowest healthy", "failed tasks"}}
		for _, n := range names {
			v := s.Services[n]
			targets := "-"
			if v.HealthyTargetsMin != nil && v.HealthyTargetsMean != nil {
				targets = fmt.Sprintf("%d / %.1f", *v.HealthyTargetsMin, *v.HealthyTargetsMean)
			}
			res := v.Resiliency
			svc.Rows = append(svc.Rows, []string{n, strconv.Itoa(v.Desired), pct(v.Availability), pct(v.MinHealthyHeld),
				strconv.Itoa(v.NeverPlaced), fmt.Sprintf("%.2f / %d", v.TasksShortMean, v.TasksShortMax), targets, pct(v.MaxAZShare), v.AvailabilityZoneRebalancing,
				pct(res.ZoneLossSurvival.Mean) + " / " + pct(res.ZoneLossSurvival.Worst),
				pct(res.InstanceLossSurvival.Mean) + " / " + pct(res.InstanceLossSurvival.Worst),
				seconds(v.RecoverySecondsMax), strconv.Itoa(len(v.Deployments))})
			for _, d := range v.Deployments {
				deps.Rows = append(deps.Rows, []string{n, seconds(d.StartedAt), d.finished(), d.marked(d.State), d.TaskDefinition, seconds(d.DurationSeconds),
					strconv.Itoa(d.LowestHealthy), strconv.Itoa(d.FailedTasks)})
			}
		}
		tables := []table{svc, deps}
		if episodes := episodesTable(s.Services, names); len(episodes.Rows) > 0 {
			tables = append(tables, episodes)
		}
		secs = append(secs, section{Heading: "Services", Tables: tables})
	}
	var text bytes.Buffer
	if err := s.WriteText(&text); err == nil {
		secs = append(secs, section{Heading: "Summary", Details: []details{{Summary: "The text summary (as ecssim run prints it)", Pre: text.String()}}})
	}
	return secs
}

// resultsTable is the run's measures, a row each.
func resultsTable(s Summary) table {
	t, u, capa, cost, r, f := s.Tasks, s.Utilization, s.Capacity, s.CostUSD, s.Resiliency, s.Faults
	results := table{Header: []string{"measure", "value"}, Rows: [][]string{
		{"tasks started", strconv.Itoa(t.Started)},
		{"tasks never placed", strconv.Itoa(t.NeverPlaced)},
		{"failed placement attempts", strconv.Itoa(t.PlacementFailures)},
		{"tasks that failed to start", strconv.Itoa(t.StartFailures)},
		{"tasks stopped by faults", strconv.Itoa(t.StoppedByFaults)},
		{"time to RUNNING: mean, p50, p99", seconds(t.PendingSeconds.Mean) + ", " + seconds(t.PendingSeconds.P50) + ", " + seconds(t.PendingSeconds.P99)},
		{"CPU, memory reserved (time-weighted)", pct(u.CPUReservedMean) + ", " + pct(u.MemoryReservedMean)},
		{"CPU, memory stranded (of what is free)", pct(u.CPUStrandedMean) + ", " + pct(u.MemoryStrandedMean)},
		{"EC2 instances at most, instance-hours", fmt.Sprintf("%d, %.1f", capa.InstancesMax, capa.InstanceHours)},
		{"Fargate tasks at most, vCPU-hours, GB-hours", fmt.Sprintf("%d, %.1f, %.1f", capa.FargateTasksMax, capa.FargateVCPUHours, capa.FargateGBHours)},
		{"cost: total (EC2, Fargate)", usd(cost.Total) + " (" + usd(cost.EC2) + ", " + usd(cost.Fargate) + ")"},
		{"cost per task-hour", usd4(cost.PerTaskHour)},
		{"cost per month (730 h) at this rate", usd(cost.PerMonth)},
		{"EC2 cost reserved by no task", usd(cost.Idle)},
		{"zone-loss survival: mean, worst", pct(r.ZoneLossSurvivalMean) + ", " + pct(r.ZoneLossSurvivalWorst)},
		{"instance-loss survival: mean, worst", pct(r.InstanceLossSurvivalMean) + ", " + pct(r.InstanceLossSurvivalWorst)},
		{"faults (instances lost, Fargate tasks interrupted)", fmt.Sprintf("%d (%d, %d)", f.Count, f.InstancesLost, f.FargateInterruptions)},
		{"zone outages", strconv.Itoa(f.ZoneOutages)},
		{"unserved task-seconds", fmt.Sprintf("%.0f", f.UnservedTaskSeconds)},
	}}
	if row := gpuRow(u); row != nil { // after the CPU and memory rows
		results.Rows = slices.Insert(results.Rows, 8, row)
	}
	return results
}

// episodesTable lists the services' fault episodes, service by service.
func episodesTable(services map[string]ServiceSummary, names []string) table {
	t := table{
		Caption: "Fault episodes: from a fault that left the service short of healthy tasks until they were back at the desired count. Served: the task-seconds served of those owed meanwhile.",
		Header:  []string{"service", "started", "ended", "duration", "lowest healthy", "served", "stopped by faults"},
	}
	for _, n := range names {
		for _, e := range services[n].Episodes {
			t.Rows = append(t.Rows, []string{n, seconds(e.StartedAt), e.ended(), seconds(e.DurationSeconds),
				strconv.Itoa(e.LowestHealthy), pct(e.ServedFraction), strconv.Itoa(e.StoppedByFaults)})
		}
	}
	return t
}

// comparisonSection returns a grid point's tables: the headline metrics (those that are not
// 0 for every strategy), then every metric folded away.
func comparisonSection(c *Comparison, sweep bool) section {
	heading := "Means with 95% confidence intervals"
	if pt := c.Point; sweep || pt != "" {
		heading = "Grid point " + pt
	}
	head, err := SelectMetrics([]*Comparison{c}, MetricsHeadline)
	if err != nil {
		panic(err) // the headline is no list: nothing to fail to match
	}
	return section{
		Heading: heading,
		Notes: []string{fmt.Sprintf("Each cell is the mean over %d seeds ± the half-width of its 95%% confidence interval (Student t). The columns after the strategies are paired differences against %s, seed by seed: * marks a difference whose interval excludes 0, significant at 5%%. %s",
			len(c.Seeds), c.Strategies[0], naNote)},
		Tables:  []table{metricTable(head[0], "Headline metrics (rows that are 0 or n/a for every strategy are left out)")},
		Details: []details{{Summary: fmt.Sprintf("Every metric (%d; names are paths in the JSON summary)", len(c.Metrics)), Tables: []table{metricTable(c, "")}}},
	}
}

// metricTable is the comparison's text table as HTML: a row per metric, a column per
// strategy, then the paired differences.
func metricTable(c *Comparison, caption string) table {
	rows := c.rows()
	return table{Caption: caption, Header: rows[0], Rows: rows[1:]}
}

// scatterCSV returns the numbers of the scatters: per grid point and strategy, each metric's
// mean and 95% interval.
func scatterCSV(cs []*Comparison) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	metrics := []string{metricResiliency, metricCPU, metricMemory, metricCost}
	header := []string{"point", "strategy", "n"}
	for _, m := range metrics {
		header = append(header, m+".mean", m+".ci95_low", m+".ci95_high")
	}
	w.Write(header) //nolint:errcheck // a bytes.Buffer takes every write
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	for _, c := range cs {
		for s, name := range c.Strategies {
			row := []string{c.Point, name, strconv.Itoa(len(c.Seeds))}
			for _, m := range metrics {
				if mc := c.metric(m); mc != nil {
					iv := mc.Strategies[s]
					row = append(row, f(iv.Mean), f(iv.Low), f(iv.High))
				} else {
					row = append(row, "", "", "")
				}
			}
			w.Write(row) //nolint:errcheck
		}
	}
	w.Flush()
	return b.Bytes()
}

// meansCSV returns each strategy's series over time averaged over its seeds, one row per
// strategy and sample time.
func meansCSV(strategies []string, recs [][]*Recording) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"strategy", "time_seconds", "cpu_reserved", "memory_reserved", "tasks_running", "tasks_pending", "tasks_waiting"}) //nolint:errcheck
	first := firstRecording(recs)
	getters := []func(*Recording) []float64{
		func(r *Recording) []float64 { return r.cpu }, func(r *Recording) []float64 { return r.mem },
		func(r *Recording) []float64 { return r.running }, func(r *Recording) []float64 { return r.pend },
		func(r *Recording) []float64 { return r.waiting },
	}
	for s, name := range strategies {
		if s >= len(recs) || len(recs[s]) == 0 {
			continue
		}
		cols := make([][]float64, len(getters))
		for j, get := range getters {
			cols[j] = meanOver(recs[s], first.times, get)
		}
		for i, t := range first.times {
			row := []string{name, strconv.FormatFloat(t, 'f', -1, 64)}
			for _, col := range cols {
				row = append(row, strconv.FormatFloat(col[i], 'f', 4, 64))
			}
			w.Write(row) //nolint:errcheck
		}
	}
	w.Flush()
	return b.Bytes()
}

// strategyWords says a summary's strategy for people: "per-service" means each service and
// workload placed with the strategy its scenario gives it.
func strategyWords(s string) string {
	if s == "per-service" {
		return "each service's and workload's own"
	}
	return s
}
