package scenarios

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/scenarios/tracefile"
)

// Trace replay: a workload with trace = "FILE" starts its tasks as the rows of a CSV file say,
// with RunTask semantics. Each row is a task (or count tasks started together) with an arrival
// time, a size, and a departure or a duration (without either it runs to the end of the run).
// A row's CPU and memory are RunTask's task overrides of the workload's task definition
// (API/TaskOverride), so the tasks keep its family, revision, network mode, ports and image;
// without task_definition the workload's tasks are family NAME revision 1, one bridge-mode
// container with no ports and no image to pull.
//
// Times count from the earliest arrival in the file, times time_scale. A task runs for its
// lifetime once RUNNING: the departure minus the arrival, or the duration.

// traceLimits are ECS's bounds on a task's size on EC2 (ECS-REFERENCE §2.1), which a trace's
// rows are held to: task cpu 128 to 196608 units, a container's memory at least 6 MiB.
var traceLimits = tracefile.Limits{MinCPU: minTaskCPU, MaxCPU: maxTaskCPU, MinMemoryMiB: minContainerMiB}

// trace reads a trace workload's keys and file into w.
func (c *checker) trace(p string, f *workloadFile, w *models.WorkloadConfig, sc *Scenario, families map[string]bool) {
	if f.Arrival != (arrivalFile{}) || f.Duration != (distFile{}) {
		key := p + ".arrival"
		if f.Arrival == (arrivalFile{}) {
			key = p + ".duration"
		}
		c.bad(key, "a trace workload takes its arrivals and lifetimes from the trace")
	}
	if w.Def == nil && !f.TaskDefinition.set {
		if w.Name == "" {
			c.missingWhy(p, "name", "required: a trace workload without task_definition runs its tasks as family NAME")
			return
		}
		if families[w.Name] {
			c.bad(p+".name", "a trace workload without task_definition runs its tasks as family %s, which a task definition registers; set task_definition = %q or choose another name", w.Name, w.Name)
		}
		w.Def = &models.TaskDefinition{Family: w.Name, Revision: 1, NetworkMode: models.Bridge, Containers: []models.Container{{Name: "main"}}}
		w.Def.Finalize()
	}
	m, ok := c.traceMapping(p, f)
	r, scale := c.replaySettings(p, f)
	if !ok || w.Def == nil {
		return
	}
	if r.LoadGPU { // drawn in order, never leaving: the trace's times are not read
		m.Arrival, m.Departure, m.Duration = "", "", ""
	}
	t, done, ok := c.openCSV(p+".trace", f.Trace.v)
	if !ok {
		return
	}
	defer done()
	rows, ok := t.Trace(m, traceLimits)
	if !ok {
		return
	}
	if typed(c, p+".departures", f.Departures) && !f.Departures.v {
		for i := range rows {
			rows[i].Life = -1
		}
	}
	r.Rows = c.traceTasks(p, rows, scale, w.Def, m.GPU != "")
	c.traceOverrides(p, rows, w.Def)
	sizes := traceSizes(r.Rows)
	r.Smallest, r.SmallestGPU = models.SmallestSizes(sizes), models.SmallestSizes(models.AskingGPUs(sizes))
	w.Trace = r
	switch {
	case r.LoadGPU:
		c.traceTargetGPU(p, r, sc)
	case r.TargetLoad > 0:
		c.traceTarget(p, r, sc)
	}
}

// replaySettings reads how a trace is replayed: time_scale, shuffle, and a target load.
func (c *checker) replaySettings(p string, f *workloadFile) (r *models.Replay, scale float64) {
	r, scale = &models.Replay{}, 1.0
	if x, set := c.number(p+".time_scale", f.TimeScale, 1e-9, 1e9, false); set {
		scale = x
	}
	if typed(c, p+".shuffle", f.Shuffle) {
		r.Shuffle = f.Shuffle.v
	}
	if x, set := c.number(p+".target_load", f.TargetLoad, 1e-6, 100, false); set {
		r.TargetLoad = x
		if r.Shuffle {
			c.bad(p+".shuffle", "rows drawn to a target load are in random order already; set shuffle or target_load, not both")
		}
	}
	if res, set := c.oneOf(p+".target_resource", f.TargetResource, "cpu", "memory", "gpu"); set {
		r.LoadMemory, r.LoadGPU = res == "memory", res == "gpu"
		if r.TargetLoad == 0 {
			c.bad(p+".target_resource", "says what target_load counts, which the workload does not set")
		}
	}
	return r, scale
}

// notTrace reports the trace keys of a workload that replays no trace.
func (c *checker) notTrace(p string, f *workloadFile) {
	for _, k := range []struct {
		key string
		set bool
	}{
		{"trace_format", f.TraceFormat.set}, {"columns", f.Columns != (traceColumnsFile{})}, {"time_unit", f.TimeUnit.set},
		{"cpu_unit", f.CPUUnit.set}, {"memory_unit", f.MemoryUnit.set}, {"time_scale", f.TimeScale.set}, {"departures", f.Departures.set},
		{"shuffle", f.Shuffle.set}, {"target_load", f.TargetLoad.set}, {"target_resource", f.TargetResource.set},
	} {
		if k.set {
			c.bad(p+"."+k.key, "is for a workload that replays a trace (set trace)")
		}
	}
}

// traceMapping reads trace_format, the columns table and the units.
func (c *checker) traceMapping(p string, f *workloadFile) (tracefile.Mapping, bool) {
	format := "csv"
	if v, ok := c.oneOf(p+".trace_format", f.TraceFormat, "csv", "openb"); ok {
		format = v
	} else if f.TraceFormat.set {
		return tracefile.Mapping{}, false
	}
	if format == "openb" {
		return tracefile.Openb, c.openbFixed(p, f)
	}
	m := tracefile.Mapping{TimeUnit: time.Second, CPUPerUnit: 1, MiBPerUnit: 1}
	ok := c.traceColumns(p, f.Columns, &m)
	if d, set := c.duration(p+".time_unit", f.TimeUnit); set {
		if d <= 0 {
			c.bad(p+".time_unit", "must be positive")
			ok = false
		}
		m.TimeUnit = d
	}
	var okCPU, okMem bool
	m.CPUPerUnit, okCPU = c.traceUnit(p+".cpu_unit", f.CPUUnit, tracefile.CPUUnits)
	m.MiBPerUnit, okMem = c.traceUnit(p+".memory_unit", f.MemoryUnit, tracefile.MemoryUnits)
	return m, ok && okCPU && okMem
}

// openbFixed reports the keys that the openb format fixes, and whether there are none.
func (c *checker) openbFixed(p string, f *workloadFile) bool {
	fixed := true
	for _, k := range []struct {
		key string
		set bool
	}{{"columns", f.Columns != (traceColumnsFile{})}, {"time_unit", f.TimeUnit.set}, {"cpu_unit", f.CPUUnit.set}, {"memory_unit", f.MemoryUnit.set}} {
		if k.set {
			c.bad(p+"."+k.key, `the openb format fixes its columns and units; %s is for trace_format = "csv"`, k.key)
			fixed = false
		}
	}
	return fixed
}

// traceColumns reads the columns table into m; ok is false when a column is missing or wrong.
func (c *checker) traceColumns(p string, cols traceColumnsFile, m *tracefile.Mapping) (ok bool) {
	ok = true
	name := func(key string, v str, required bool) string {
		switch {
		case typed(c, p+".columns."+key, v):
			if v.v == "" {
				c.bad(p+".columns."+key, "want a column name")
				ok = false
			}
			return v.v
		case v.set: // not a string: typed reported it, and there is no column to read
			ok = false
		case required:
			c.missingWhy(p+".columns", key, `required: the column of the trace that holds it (or trace_format = "openb")`)
			ok = false
		}
		return ""
	}
	m.Arrival = name("arrival", cols.Arrival, true)
	m.Departure = name("departure", cols.Departure, false)
	m.Duration = name("duration", cols.Duration, false)
	m.CPU = name("cpu", cols.CPU, true)
	m.Memory = name("memory", cols.Memory, true)
	m.Count = name("count", cols.Count, false)
	if m.Departure != "" && m.Duration != "" {
		c.bad(p+".columns.duration", "set departure or duration, not both")
		ok = false
	}
	return ok
}

// traceUnit reads a unit key (cpu_unit, memory_unit) as its factor, 1 when unset or wrong.
// ok is false for a unit it does not know; a value of the wrong type is reported (typed) and
// read as 1, which leaves the file to be read for its own problems.
func (c *checker) traceUnit(key string, v str, units []tracefile.Unit) (factor float64, ok bool) {
	if !typed(c, key, v) {
		return 1, true
	}
	for _, u := range units {
		if u.Name == v.v {
			return u.Factor, true
		}
	}
	names := make([]string, len(units))
	for i, u := range units {
		names[i] = u.Name
	}
	c.bad(key, "want %s, got %q", orList(names), v.v)
	return 1, false
}

// traceTasks makes the rows' tasks: times from the earliest arrival, times scale, in arrival
// order (file order at ties), each size a task definition shared by the rows of that size
// (CPU, memory, GPU and GPU models). In a trace with GPU columns (gpuColumns), a row's GPUs
// replace the template's, none included.
func (c *checker) traceTasks(p string, rows []tracefile.Row, scale float64, tmpl *models.TaskDefinition, gpuColumns bool) []models.TraceTask {
	first := slices.MinFunc(rows, func(a, b tracefile.Row) int { return cmp.Compare(a.At, b.At) }).At
	type shape struct {
		cpu, mem, gpu int64
		models        string
	}
	shapes := map[shape]*models.TaskDefinition{}
	out := make([]models.TraceTask, len(rows))
	for i, r := range rows {
		at, life := (r.At-first)*scale, r.Life*scale
		if !(at <= tracefile.MaxLifeSeconds && life <= tracefile.MaxLifeSeconds) {
			where := p + ".trace"
			if scale != 1 {
				where = p + ".time_scale"
			}
			c.bad(where, "the trace, scaled by time_scale %g, spans more than 100 years from its first arrival", scale)
			return nil
		}
		gpu := r.GPU
		if gpu == nil && gpuColumns {
			gpu = &models.GPURequest{} // a row of no GPU in a trace that says so: none, whatever the template's
		}
		key := shape{cpu: r.CPU, mem: r.Mem}
		if gpu != nil {
			key.gpu, key.models = gpu.Milli, strings.Join(gpu.Models, "|")
		}
		def := shapes[key]
		if def == nil {
			def = tmpl.WithOverrides(r.CPU, r.Mem, gpu)
			shapes[key] = def
		}
		out[i] = models.TraceTask{At: fromSeconds(at), Life: models.RunsToEnd, Count: r.Count, Def: def}
		if r.Life >= 0 {
			out[i].Life = fromSeconds(life)
		}
	}
	slices.SortStableFunc(out, func(a, b models.TraceTask) int { return cmp.Compare(a.At, b.At) })
	return out
}

// traceSizes returns the distinct sizes of a trace's tasks, in order of first arrival.
func traceSizes(rows []models.TraceTask) []*models.TaskDefinition {
	var out []*models.TaskDefinition
	seen := map[*models.TaskDefinition]bool{}
	for _, r := range rows {
		if !seen[r.Def] {
			seen[r.Def] = true
			out = append(out, r.Def)
		}
	}
	return out
}

func fromSeconds(s float64) time.Duration { return time.Duration(math.Round(s * float64(time.Second))) }

// traceTarget checks that a target load can be drawn: the instance groups register some CPU
// (or memory) to measure it against, the rows that arrive within the run offer some load, and
// the draws it takes stay within tracefile.MaxTasks.
func (c *checker) traceTarget(p string, r *models.Replay, sc *Scenario) {
	what := "CPU"
	if r.LoadMemory {
		what = "memory"
	}
	capacity := models.FleetCapacity(sc.InstanceGroups, sc.Cluster)
	if (r.LoadMemory && capacity.MemoryMiB == 0) || (!r.LoadMemory && capacity.CPU == 0) {
		c.bad(p+".target_load", "is a share of the %s that the instance groups of cluster %s register at the start, and they register none", what, sc.Cluster)
		return
	}
	within := r.Within(sc.Duration)
	load := models.OfferedLoad(r.Rows[:within], capacity, sc.Duration, r.LoadMemory)
	if load == 0 {
		c.bad(p+".target_load", "the rows that arrive within the run offer no load to draw from")
		return
	}
	tasks := 0
	for _, t := range r.Rows[:within] {
		tasks += t.Count
	}
	// Each draw offers load/within on average and starts tasks/within tasks.
	if expect := r.TargetLoad / load * float64(tasks); expect > tracefile.MaxTasks {
		c.bad(p+".target_load", "would start about %.3g tasks, more than %d; lower it or lengthen the run", expect, tracefile.MaxTasks)
	}
}

// traceTargetGPU checks that a GPU target can be drawn (models.Replay.drawGPU): the instance
// groups register GPUs, some row asks for one, the draws stay within tracefile.MaxTasks, and
// the run is long enough for them to arrive, GPUDrawSpacing apart.
func (c *checker) traceTargetGPU(p string, r *models.Replay, sc *Scenario) {
	gpus := models.FleetCapacity(sc.InstanceGroups, sc.Cluster).GPUMilli
	if gpus == 0 {
		c.bad(p+".target_load", "is a share of the GPUs that the instance groups of cluster %s register at the start, and they register none", sc.Cluster)
		return
	}
	var asked, tasks int64
	for _, t := range r.Rows {
		asked += int64(t.Count) * t.Def.Charge().GPUMilli
		tasks += int64(t.Count)
	}
	if asked == 0 {
		c.bad(p+".target_load", "no row of the trace asks for a GPU, so no draw reaches a share of the GPUs")
		return
	}
	// Each draw asks for asked/rows GPU on average: the draws expected, and their tasks.
	draws := r.TargetLoad * float64(gpus) / float64(asked) * float64(len(r.Rows))
	if expect := draws * float64(tasks) / float64(len(r.Rows)); expect > tracefile.MaxTasks {
		c.bad(p+".target_load", "would start about %.3g tasks, more than %d; lower it", expect, tracefile.MaxTasks)
		return
	}
	if need := time.Duration(draws) * models.GPUDrawSpacing; need > sc.Duration {
		c.warn(p+".target_load", "the drawn tasks arrive %s apart, about %s in all, and the run lasts %s: those after its end never arrive",
			models.GPUDrawSpacing, need.Round(time.Second), sc.Duration)
	}
}

// traceOverrides warns about rows whose size the template's containers do not fit in: the
// containers' CPU in all above the row's, or a container's memory above it. ECS's rules for a
// definition's own sizes (DG/task_definition_parameters; validate_taskdefs.go applies them)
// would refuse such a size; ecssim runs the tasks at the rows' sizes and says how many.
func (c *checker) traceOverrides(p string, rows []tracefile.Row, d *models.TaskDefinition) {
	var cpu, mem int64
	for _, ct := range d.Containers {
		cpu += ct.CPU
		mem = max(mem, ct.MemoryMiB, ct.MemoryReservationMiB)
	}
	n := 0
	for _, r := range rows {
		if r.CPU < cpu || r.Mem < mem {
			n++
		}
	}
	if n > 0 {
		c.warn(p+".task_definition", "%d of the trace's rows are smaller than the containers of %s (%d CPU units in all, "+
			"a container of %d MiB), a task size ECS would refuse; they run at the rows' sizes", n, d.Ref(), cpu, mem)
	}
}
