package experiment

import (
	"bufio"
	"cmp"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/reports"
	"github.com/ecssim/ecssim/scenarios"
)

// The costs a run's estimate counts. They were measured with /usr/bin/time -v (maximum
// resident set size) on `ecssim run` of an m5.xlarge fleet with one Poisson workload of
// 512-CPU, 1-GiB tasks held 2 to 3 h, for 1 h, on Linux amd64, Go 1.26, gcPercent as run sets
// it:
//
//	10 instances, no tasks                     16 MiB   (the program: baseBytes)
//	100,000 instances, no tasks               153 MiB
//	200,000 instances, no tasks               275 MiB   (1.25 to 1.4 KiB an instance)
//	100,000 instances, 340,000 tasks held     274 MiB   (hold-100k: about 370 B a task)
//	30,000 instances, 170,000 / 340,000 tasks 132 / 174 MiB (about 260 to 370 B a task)
//
// Rounded up a little, as the estimate guards against running out of memory. A task that has
// stopped is recycled (Run sets RecycleTasks), so tasks cost while in flight only. Events:
// a task that arrives, starts and stops fires about 3 (2,152,720 events for 720,000 tasks of
// 60 s over 2 h); README's benchmarks run 0.4 to 2 M events a second, e2e about 1.5 M.
const (
	baseBytes       = 16 << 20
	instanceBytes   = 1500
	taskBytes       = 400
	traceRowBytes   = 32 // a run's copy of a trace row (models.TraceTask)
	eventsPerTask   = 3
	EventsPerSecond = 1.5e6
	// resultBytes is what compare and sweep keep of each finished run until the comparison:
	// its result line (about 2 KB of JSON) and the grid's bookkeeping for it.
	resultBytes = 2500
	// buildSeconds and instanceSeconds are what building a run costs beside its events: a
	// hundred thousand instances take about a second (hold-100k: 2.9 s for 680,000 events).
	buildSeconds    = 1e-3
	instanceSeconds = 1e-5
)

// Default limits: DefaultMaxEvents is about 22 minutes at EventsPerSecond; DefaultMaxRuns
// bounds compare's grid (a sweep file's is bounded when it is loaded).
const (
	DefaultMaxEvents = 2e9
	DefaultMaxRuns   = 1_000_000
	maxGridRuns      = 1 << 53 // runs a float counts exactly and an int holds
)

// Part is one contribution to an estimate: Count things (instances, tasks, trace rows) of
// Source (a workload, or "" for the scenario's) needing Bytes of memory and firing Events.
type Part struct {
	Source string
	What   string
	Count  float64
	Bytes  float64
	Events float64
}

// Estimate is what a run (or a grid of runs) is expected to need before it starts: its peak
// memory and the events it fires, with the contributions they come from, biggest first.
type Estimate struct {
	File   string
	Bytes  float64
	Events float64
	// Seconds is about how long the run takes: building its instances, then its events.
	Seconds float64
	Parts   []Part
}

// EstimateRun estimates one run of sc from the scenario alone, without building it, so that
// a scenario too big for the machine is refused at once rather than after minutes of building
// and gigabytes of memory.
func EstimateRun(sc *scenarios.Scenario) Estimate {
	dur := sc.Duration.Seconds()
	var parts []Part
	instances := 0.0
	for _, g := range sc.InstanceGroups {
		instances += float64(g.Count)
	}
	for _, p := range sc.CapacityProviders {
		if p.ASG != nil {
			instances += float64(p.ASG.MaxSize) // an upper bound: the group may scale out to it
		}
	}
	if instances > 0 {
		parts = append(parts, Part{What: "instances", Count: instances, Bytes: instances * instanceBytes,
			Events: faultEvents(sc, instances, dur)})
	}
	parts = append(parts, servicesPart(sc, instances))
	for i := range sc.Workloads {
		parts = append(parts, workloadParts(&sc.Workloads[i], dur)...)
	}
	e := total(sc.File, parts)
	e.Seconds = buildSeconds + instances*instanceSeconds + e.Events/EventsPerSecond
	return e
}

// total sums parts into an estimate, dropping empty parts and ordering the rest by memory.
func total(file string, parts []Part) Estimate {
	e := Estimate{File: file, Bytes: baseBytes}
	for _, p := range parts {
		if p.Count == 0 && p.Bytes == 0 && p.Events == 0 {
			continue
		}
		e.Bytes += p.Bytes
		e.Events += p.Events
		e.Parts = append(e.Parts, p)
	}
	slices.SortStableFunc(e.Parts, func(a, b Part) int { return cmp.Compare(b.Bytes, a.Bytes) })
	return e
}

// faultEvents are the failures [faults] instance_mtbf draws over a run: each instance fails
// about dur/MTBF times (and is replaced).
func faultEvents(sc *scenarios.Scenario, instances, dur float64) float64 {
	if mtbf := sc.Faults.InstanceMTBF.Seconds(); mtbf > 0 {
		return instances * dur / mtbf * eventsPerTask
	}
	return 0
}

// servicesPart is the services' tasks: each keeps its desired count (the largest a scale
// event sets) and up to maximumPercent of it during a deployment; a daemon one per instance.
// Each deployment starts and stops every task once more.
func servicesPart(sc *scenarios.Scenario, instances float64) Part {
	p := Part{What: "service tasks"}
	for _, s := range sc.Services {
		desired := float64(s.DesiredCount)
		deploys := 1.0
		for _, a := range sc.Actions {
			switch {
			case a.ServiceName != s.Name:
			case a.Kind == models.ActionDeploy:
				deploys++
			case a.Kind == models.ActionScale:
				desired = max(desired, float64(a.DesiredCount))
			}
		}
		if s.Scheduling == models.Daemon {
			desired = instances
		}
		peak := desired * float64(max(s.MaximumPercent, 100)) / 100
		p.Count += peak
		p.Bytes += peak * taskBytes
		p.Events += desired * deploys * eventsPerTask
	}
	return p
}

// workloadParts is a workload's tasks: a trace's rows, or the arrivals over the run. Tasks in
// flight follow Little's law: arrival rate × mean duration, at most the tasks that arrive.
func workloadParts(w *models.WorkloadConfig, dur float64) []Part {
	if w.Trace != nil {
		return tracePart(w, dur)
	}
	a := w.Arrival
	size := float64(max(a.Count, 1))
	if a.MaxCount > a.Count {
		size = (size + float64(a.MaxCount)) / 2
	}
	life := w.Duration.MeanDuration().Seconds()
	window := arrivalWindow(a, dur)
	var tasks, inFlight float64
	switch a.Kind {
	case models.ArrivalFixed:
		if a.At.Seconds() < dur {
			tasks = float64(a.Count)
		}
		inFlight = tasks // all at once
	case models.ArrivalPoisson:
		tasks = a.RatePerSecond * window * size
		inFlight = min(tasks, a.RatePerSecond*size*min(life, window))
	case models.ArrivalPeriodic:
		if every := a.Every.Seconds(); every > 0 {
			tasks = (math.Floor(window/every) + 1) * size
			inFlight = min(tasks, size*min(life, window)/every)
		}
	}
	return []Part{{Source: "workload " + w.Name, What: "tasks in flight", Count: inFlight,
		Bytes: inFlight * taskBytes, Events: tasks * eventsPerTask}}
}

// arrivalWindow is how long a Poisson or periodic workload's tasks arrive for in a run of dur
// seconds: from Start to Stop, or to the end.
func arrivalWindow(a models.ArrivalSpec, dur float64) float64 {
	end := dur
	if a.Stop > 0 {
		end = min(end, a.Stop.Seconds())
	}
	return max(end-a.Start.Seconds(), 0)
}

// tracePart is a trace's rows (every run copies them) and their tasks in flight, by Little's
// law: each row's tasks for the part of its life within the run, over the run's length.
// A target_load resamples the rows; the estimate counts them as the trace has them.
func tracePart(w *models.WorkloadConfig, dur float64) []Part {
	rows := w.Trace.Rows
	var tasks, taskSeconds float64
	for _, r := range rows {
		at := r.At.Seconds()
		if at >= dur {
			continue
		}
		life := dur - at
		if r.Life != models.RunsToEnd {
			life = min(life, r.Life.Seconds())
		}
		tasks += float64(r.Count)
		taskSeconds += float64(r.Count) * life
	}
	inFlight := taskSeconds / max(dur, 1)
	return []Part{
		{Source: "workload " + w.Name, What: "trace rows", Count: float64(len(rows)), Bytes: float64(len(rows)) * traceRowBytes},
		{Source: "workload " + w.Name, What: "tasks in flight", Count: inFlight, Bytes: inFlight * taskBytes, Events: tasks * eventsPerTask},
	}
}

// Limits bound what a run, or a grid of runs, may need before it starts; 0 is no limit.
type Limits struct {
	MaxBytes  float64 // -max-memory: DefaultMaxMemory unless told
	MaxEvents float64 // -max-events, a run's: DefaultMaxEvents unless told
	MaxRuns   float64 // -max-runs, a grid's: DefaultMaxRuns unless told
}

// DefaultMaxMemory is half of the machine's memory (MemTotal of /proc/meminfo, on Linux), so
// that a run refused is one that would have swapped or been killed; where it cannot be read,
// half of 8 GiB.
func DefaultMaxMemory() float64 {
	total := 8.0 * (1 << 30)
	if f, err := os.Open("/proc/meminfo"); err == nil {
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			fields := strings.Fields(sc.Text())
			if len(fields) >= 2 && fields[0] == "MemTotal:" {
				if kb, err := strconv.ParseFloat(fields[1], 64); err == nil && kb > 0 {
					total = kb * 1024
				}
				break
			}
		}
	}
	return total / 2
}

// CheckRun refuses a run whose estimate is beyond the limits: more memory than MaxBytes, or
// more events than MaxEvents (a run for hours, silently). The error is bad input, naming the
// file, the estimate and its biggest contributors.
func (e Estimate) CheckRun(l Limits) error {
	if l.MaxBytes > 0 && e.Bytes > l.MaxBytes {
		return inputErrorf("%s: a run would need about %s (%s), more than -max-memory %s",
			e.File, formatBytes(e.Bytes), e.contributors(func(p Part) float64 { return p.Bytes }, byteShare), formatBytes(l.MaxBytes))
	}
	if l.MaxEvents > 0 && e.Events > l.MaxEvents {
		return inputErrorf("%s: a run would fire about %s events (%s), about %s at ~%s events/s: more than -max-events %s",
			e.File, formatCount(e.Events), e.contributors(func(p Part) float64 { return p.Events }, eventShare),
			formatSeconds(e.Events/EventsPerSecond), formatCount(EventsPerSecond), formatCount(l.MaxEvents))
	}
	return nil
}

// contributors lists the three parts that weigh most by weight, each as share says.
func (e Estimate) contributors(weight func(Part) float64, share func(Part) string) string {
	parts := slices.Clone(e.Parts)
	slices.SortStableFunc(parts, func(a, b Part) int { return cmp.Compare(weight(b), weight(a)) })
	var out []string
	for _, p := range parts[:min(3, len(parts))] {
		if weight(p) > 0 {
			out = append(out, share(p))
		}
	}
	return strings.Join(out, "; ")
}

func byteShare(p Part) string {
	return fmt.Sprintf("%s %s: about %s", formatCount(p.Count), strings.TrimSpace(p.Source+" "+p.What), formatBytes(p.Bytes))
}

func eventShare(p Part) string {
	return fmt.Sprintf("%s: about %s events", cmp.Or(p.Source, p.What), formatCount(p.Events))
}

// formatBytes writes b in decimal units, as people read memory sizes: "22 GB", "1.5 GB".
func formatBytes(b float64) string {
	units := []string{"B", "kB", "MB", "GB", "TB", "PB", "EB"}
	i := 0
	for ; b >= 1000 && i < len(units)-1; i++ {
		b /= 1000
	}
	if b < 10 && i > 0 {
		return fmt.Sprintf("%.1f %s", b, units[i])
	}
	return fmt.Sprintf("%.0f %s", b, units[i])
}

// formatCount writes a count whole with thousands separators, or, beyond a quadrillion, in
// scientific notation.
func formatCount(n float64) string {
	if n >= 1e15 || math.IsInf(n, 0) {
		return fmt.Sprintf("%.3g", n)
	}
	return reports.Thousands(strconv.FormatFloat(math.Round(n), 'f', 0, 64))
}

// formatSeconds writes a length of time in the largest unit that keeps it above 1.
func formatSeconds(s float64) string {
	units := []struct {
		name string
		secs float64
	}{{"years", 365 * 86400}, {"days", 86400}, {"hours", 3600}, {"minutes", 60}}
	for _, u := range units {
		if n := s / u.secs; n >= 10 {
			return fmt.Sprintf("%s %s", formatCount(n), u.name)
		} else if n >= 1 {
			return fmt.Sprintf("%.1f %s", n, u.name)
		}
	}
	return (time.Duration(s * float64(time.Second))).Round(time.Millisecond).String()
}

// GridEstimate is what a grid of runs (compare's, sweep's) is expected to need: its runs'
// results kept, and Workers runs at once, each needing at most Run.
type GridEstimate struct {
	Estimate
	Run     Estimate // the most demanding point's run
	Runs    float64
	Workers int
}

// EstimateGrid estimates sw's grid on workers at once, counting its runs as floats so that
// no count of seeds overflows.
func EstimateGrid(sw *scenarios.Sweep, workers int) GridEstimate {
	g := GridEstimate{Runs: float64(sw.Points()) * float64(len(sw.Strategies)) * float64(sw.Seeds), Workers: workers}
	for p := range sw.Points() {
		if e := EstimateRun(sw.ScenarioAt(p)); p == 0 || e.Bytes > g.Run.Bytes {
			g.Run = e
		}
	}
	atOnce := min(float64(workers), g.Runs)
	g.Estimate = total(sw.File, []Part{
		{What: "runs at once", Count: atOnce, Bytes: atOnce * (g.Run.Bytes - baseBytes), Events: g.Runs * g.Run.Events},
		{What: "results kept", Count: g.Runs, Bytes: g.Runs * resultBytes},
	})
	g.Seconds = g.Runs * g.Run.Seconds / atOnce
	return g
}

// Check refuses a grid beyond the limits: more runs than MaxRuns (saying how long they would
// take), more memory than MaxBytes, or runs of more events than MaxEvents each.
func (g GridEstimate) Check(l Limits) error {
	if g.Runs > maxGridRuns { // whatever the limits: the grid numbers its runs with ints
		return inputErrorf("%s: %s runs: more than a grid can number (%s)", g.File, formatCount(g.Runs), formatCount(maxGridRuns))
	}
	if l.MaxRuns > 0 && g.Runs > l.MaxRuns {
		return inputErrorf("%s: %s runs would take about %s on %d workers (about %s a run): more than -max-runs %s",
			g.File, formatCount(g.Runs), formatSeconds(g.Seconds), g.Workers, formatSeconds(g.Run.Seconds), formatCount(l.MaxRuns))
	}
	if l.MaxBytes > 0 && g.Bytes > l.MaxBytes {
		return inputErrorf("%s: %s runs on %d workers would need about %s (%s), more than -max-memory %s",
			g.File, formatCount(g.Runs), g.Workers, formatBytes(g.Bytes), g.contributors(func(p Part) float64 { return p.Bytes }, byteShare), formatBytes(l.MaxBytes))
	}
	return g.Run.CheckRun(Limits{MaxEvents: l.MaxEvents})
}

// Took says about how long the grid would take, as the refusals say it.
func (g GridEstimate) Took() string { return formatSeconds(g.Seconds) }
