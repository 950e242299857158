package scenarios

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/ecssim/ecssim/models"
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

// maxTraceTasks bounds the tasks a replay may start, drawn to a target load or listed: ten
// million runs in seconds (README, Performance) and keeps memory in hand.
const maxTraceTasks = 10_000_000

// ECS's bounds on a task's size on EC2 (ECS-REFERENCE §2.1): task cpu 128 to 196608 units;
// a container's memory at least 6 MiB.
const (
	minTraceMemoryMiB = minContainerMiB
	maxTraceMemoryMiB = 1 << 30
)

// Bounds on a trace's times, in seconds: an arrival may be a Unix time, even in microseconds
// read with time_unit = "1s" by mistake, and a lifetime at most a century; both far within
// time.Duration once made relative.
const (
	maxTraceSeconds = 1e15
	maxLifeSeconds  = 100 * 365 * 24 * 3600
)

// traceMapping says where a trace's columns are and in which units they count.
type traceMapping struct {
	arrival, departure, duration, cpu, memory, count string
	gpu, gpuMilli, gpuSpec                           string // the openb format's GPU columns
	timeUnit                                         time.Duration
	cpuPerUnit, mibPerUnit                           float64
}

// openbPods is the pod list of Alibaba's cluster-trace-gpu-v2023 (openb_pod_list_*.csv,
// alibaba/clusterdata cluster-trace-gpu-v2023/README.md): creation and deletion times in
// seconds, cpu_milli in thousandths of a core (1024 CPU units a core, ECS's rule for a vCPU),
// memory_mib in MiB, and the GPU columns num_gpu, gpu_milli and gpu_spec, carried with each
// task for a GPU model to come. scheduled_time, qos and pod_phase are not used: every pod is
// replayed, whatever became of it in the trace.
var openbPods = traceMapping{
	arrival: "creation_time", departure: "deletion_time", cpu: "cpu_milli", memory: "memory_mib",
	gpu: "num_gpu", gpuMilli: "gpu_milli", gpuSpec: "gpu_spec",
	timeUnit: time.Second, cpuPerUnit: 1.024, mibPerUnit: 1,
}

// Units of the csv format's cpu and memory columns, in ECS CPU units and MiB.
var (
	cpuUnits = []unitFactor{{"units", 1}, {"vcpu", 1024}, {"millicores", 1.024}}
	memUnits = []unitFactor{{"MiB", 1}, {"GiB", 1024}, {"KiB", 1.0 / 1024}, {"bytes", 1.0 / (1 << 20)},
		{"MB", 1e6 / (1 << 20)}, {"GB", 1e9 / (1 << 20)}}
)

type unitFactor struct {
	name   string
	factor float64
}

// traceRow is a row as read, before times are made relative and scaled.
type traceRow struct {
	at, life float64 // seconds; life < 0: no departure
	cpu, mem int64
	count    int
	gpu      *models.GPURequest
}

// trace reads a trace workload's keys and file into w.
func (c *checker) trace(p string, f *workloadFile, w *WorkloadSpec, sc *Scenario, families map[string]bool) {
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
	r := &models.Replay{}
	scale := 1.0
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
	if res, set := c.oneOf(p+".target_resource", f.TargetResource, "cpu", "memory"); set {
		r.LoadMemory = res == "memory"
		if r.TargetLoad == 0 {
			c.bad(p+".target_resource", "says what target_load counts, which the workload does not set")
		}
	}
	if !ok || w.Def == nil {
		return
	}
	rows, ok := c.traceRows(p, f.Trace.v, m)
	if !ok {
		return
	}
	if typed(c, p+".departures", f.Departures) && !f.Departures.v {
		for i := range rows {
			rows[i].life = -1
		}
	}
	r.Rows = c.traceTasks(p, rows, scale, w.Def)
	c.traceOverrides(p, rows, w.Def)
	r.Smallest = models.SmallestSizes(traceSizes(r.Rows))
	w.Trace = r
	if r.TargetLoad > 0 {
		c.traceTarget(p, r, sc)
	}
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
func (c *checker) traceMapping(p string, f *workloadFile) (traceMapping, bool) {
	format := "csv"
	if v, ok := c.oneOf(p+".trace_format", f.TraceFormat, "csv", "openb"); ok {
		format = v
	} else if f.TraceFormat.set {
		return traceMapping{}, false
	}
	cols := f.Columns
	if format == "openb" {
		for _, k := range []struct {
			key string
			set bool
		}{{"columns", cols != (traceColumnsFile{})}, {"time_unit", f.TimeUnit.set}, {"cpu_unit", f.CPUUnit.set}, {"memory_unit", f.MemoryUnit.set}} {
			if k.set {
				c.bad(p+"."+k.key, `the openb format fixes its columns and units; %s is for trace_format = "csv"`, k.key)
			}
		}
		return openbPods, cols == (traceColumnsFile{}) && !f.TimeUnit.set && !f.CPUUnit.set && !f.MemoryUnit.set
	}
	m := traceMapping{timeUnit: time.Second, cpuPerUnit: 1, mibPerUnit: 1}
	ok := true
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
	m.arrival = name("arrival", cols.Arrival, true)
	m.departure = name("departure", cols.Departure, false)
	m.duration = name("duration", cols.Duration, false)
	m.cpu = name("cpu", cols.CPU, true)
	m.memory = name("memory", cols.Memory, true)
	m.count = name("count", cols.Count, false)
	if m.departure != "" && m.duration != "" {
		c.bad(p+".columns.duration", "set departure or duration, not both")
		ok = false
	}
	if d, set := c.duration(p+".time_unit", f.TimeUnit); set {
		if d <= 0 {
			c.bad(p+".time_unit", "must be positive")
			ok = false
		}
		m.timeUnit = d
	}
	unit := func(key string, v str, units []unitFactor) float64 {
		if !typed(c, p+"."+key, v) {
			return 1
		}
		for _, u := range units {
			if u.name == v.v {
				return u.factor
			}
		}
		names := make([]string, len(units))
		for i, u := range units {
			names[i] = u.name
		}
		c.bad(p+"."+key, "want %s, got %q", orList(names), v.v)
		ok = false
		return 1
	}
	m.cpuPerUnit = unit("cpu_unit", f.CPUUnit, cpuUnits)
	m.mibPerUnit = unit("memory_unit", f.MemoryUnit, memUnits)
	return m, ok
}

// traceRows reads the trace file's rows.
func (c *checker) traceRows(p, file string, m traceMapping) ([]traceRow, bool) {
	t, ok := c.openCSV(p+".trace", file)
	if !ok {
		return nil, false
	}
	col := func(name string) int {
		if name == "" {
			return -1
		}
		i := t.column(name)
		if i < 0 && name != m.gpu && name != m.gpuMilli && name != m.gpuSpec { // GPU columns are carried where they are
			c.bad(p+".trace", "%s has no column %q (its columns: %s)", t.name, name, t.columns())
			ok = false
		}
		return i
	}
	arrival, departure, duration := col(m.arrival), col(m.departure), col(m.duration)
	cpuCol, memCol, countCol := col(m.cpu), col(m.memory), col(m.count)
	gpuCol, gpuMilliCol, gpuSpecCol := col(m.gpu), col(m.gpuMilli), col(m.gpuSpec)
	if !ok {
		return nil, false
	}
	var rows []traceRow
	var low struct{ cpu, mem int }
	var lowAt struct{ cpu, mem Pos }
	tasks := 0
	for t.next() {
		at, okAt := t.number(arrival)
		cpu, okCPU := t.number(cpuCol)
		mem, okMem := t.number(memCol)
		n, okN := t.integer(countCol, 1, 100_000, 1)
		if !okAt || !okCPU || !okMem || !okN {
			continue
		}
		r := traceRow{at: at * m.timeUnit.Seconds(), life: -1, count: int(n)}
		if !(r.at <= maxTraceSeconds) {
			t.bad(arrival, "%s is too late a time: more than %g seconds", t.cell(arrival), float64(maxTraceSeconds))
			continue
		}
		if s := t.cell(departure); s != "" {
			dep, ok := t.number(departure)
			if !ok {
				continue
			}
			if dep < at {
				t.bad(departure, "%s is before the arrival, %s", s, t.cell(arrival))
				continue
			}
			r.life = (dep - at) * m.timeUnit.Seconds()
			if !(r.life <= maxLifeSeconds) {
				t.bad(departure, "%s is more than 100 years after the arrival", s)
				continue
			}
		} else if s := t.cell(duration); s != "" {
			d, ok := t.number(duration)
			if !ok {
				continue
			}
			if r.life = d * m.timeUnit.Seconds(); !(r.life <= maxLifeSeconds) {
				t.bad(duration, "%s is more than 100 years", s)
				continue
			}
		}
		// Sizes are compared before they become integers, which would wrap.
		if x := cpu * m.cpuPerUnit; x > maxTaskCPU {
			t.bad(cpuCol, "%s is %.6g CPU units, above ECS's task maximum of %d", t.cell(cpuCol), x, maxTaskCPU)
			continue
		}
		if x := mem * m.mibPerUnit; x > maxTraceMemoryMiB {
			t.bad(memCol, "%s is %.6g MiB, more than any instance has", t.cell(memCol), x)
			continue
		}
		r.cpu, r.mem = int64(math.Round(cpu*m.cpuPerUnit)), int64(math.Round(mem*m.mibPerUnit))
		if r.cpu < minTaskCPU {
			if low.cpu == 0 {
				lowAt.cpu = t.here(cpuCol)
			}
			low.cpu++
			r.cpu = minTaskCPU
		}
		if r.mem < minTraceMemoryMiB {
			if low.mem == 0 {
				lowAt.mem = t.here(memCol)
			}
			low.mem++
			r.mem = minTraceMemoryMiB
		}
		if gpuCol >= 0 {
			r.gpu = readGPU(t, gpuCol, gpuMilliCol, gpuSpecCol)
		}
		if tasks += r.count; tasks > maxTraceTasks {
			c.bad(p+".trace", "%s starts more than %d tasks", t.name, maxTraceTasks)
			return nil, false
		}
		rows = append(rows, r)
	}
	if t.probs > 0 {
		return nil, false
	}
	if len(rows) == 0 {
		c.bad(p+".trace", "%s has no rows", t.name)
		return nil, false
	}
	if low.cpu > 0 {
		c.warn(p+".trace", "%d of its rows ask for less than ECS's minimum task cpu of %d units and run with %d (the first at %s:%d:%d)",
			low.cpu, minTaskCPU, minTaskCPU, t.name, lowAt.cpu.Line, lowAt.cpu.Col)
	}
	if low.mem > 0 {
		c.warn(p+".trace", "%d of its rows ask for less than ECS's minimum memory of %d MiB and run with %d (the first at %s:%d:%d)",
			low.mem, minTraceMemoryMiB, minTraceMemoryMiB, t.name, lowAt.mem.Line, lowAt.mem.Col)
	}
	return rows, true
}

// readGPU reads the openb format's GPU columns; nil when the row asks for no GPU, or when a
// count is malformed (reported, so the load fails).
func readGPU(t *csvTable, count, milli, spec int) *models.GPURequest {
	n, okN := t.integer(count, 0, 1024, 0)
	m, okM := t.integer(milli, 0, 1_000_000, 0)
	if !okN || !okM || (n == 0 && m == 0) {
		return nil
	}
	g := &models.GPURequest{Count: int(n), Milli: int(m)}
	if s := t.cell(spec); s != "" {
		g.Models = strings.Split(s, "|")
	}
	return g
}

// traceTasks makes the rows' tasks: times from the earliest arrival, times scale, in arrival
// order (file order at ties), each size a task definition shared by the rows of that size.
func (c *checker) traceTasks(p string, rows []traceRow, scale float64, tmpl *models.TaskDefinition) []models.TraceTask {
	first := slices.MinFunc(rows, func(a, b traceRow) int { return cmp.Compare(a.at, b.at) }).at
	shapes := map[[2]int64]*models.TaskDefinition{}
	out := make([]models.TraceTask, len(rows))
	for i, r := range rows {
		at, life := (r.at-first)*scale, r.life*scale
		if !(at <= maxLifeSeconds && life <= maxLifeSeconds) {
			where := p + ".trace"
			if scale != 1 {
				where = p + ".time_scale"
			}
			c.bad(where, "the trace, scaled by time_scale %g, spans more than 100 years from its first arrival", scale)
			return nil
		}
		key := [2]int64{r.cpu, r.mem}
		def := shapes[key]
		if def == nil {
			def = tmpl.WithOverrides(r.cpu, r.mem)
			shapes[key] = def
		}
		out[i] = models.TraceTask{At: fromSeconds(at), Life: models.RunsToEnd, Count: r.count, Def: def, GPU: r.gpu}
		if r.life >= 0 {
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
// the draws it takes stay within maxTraceTasks.
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
	if expect := r.TargetLoad / load * float64(tasks); expect > maxTraceTasks {
		c.bad(p+".target_load", "would start about %.3g tasks, more than %d; lower it or lengthen the run", expect, maxTraceTasks)
	}
}

// traceOverrides warns about rows whose size the template's containers do not fit in: the
// containers' CPU in all above the row's, or a container's memory above it. ECS's rules for a
// definition's own sizes (DG/task_definition_parameters; validate_taskdefs.go applies them)
// would refuse such a size; ecssim runs the tasks at the rows' sizes and says how many.
func (c *checker) traceOverrides(p string, rows []traceRow, d *models.TaskDefinition) {
	var cpu, mem int64
	for _, ct := range d.Containers {
		cpu += ct.CPU
		mem = max(mem, ct.MemoryMiB, ct.MemoryReservationMiB)
	}
	n := 0
	for _, r := range rows {
		if r.cpu < cpu || r.mem < mem {
			n++
		}
	}
	if n > 0 {
		c.warn(p+".task_definition", "%d of the trace's rows are smaller than the containers of %s (%d CPU units in all, "+
			"a container of %d MiB), a task size ECS would refuse; they run at the rows' sizes", n, d.Ref(), cpu, mem)
	}
}
