package tracefile

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"time"

	"github.com/ecssim/ecssim/models"
)

// MaxTasks bounds the tasks a replay may start, drawn to a target load or listed: ten
// million runs in seconds (README, Performance) and keeps memory in hand.
const MaxTasks = 10_000_000

// maxMemoryMiB bounds a row's memory: more than any instance has.
const maxMemoryMiB = 1 << 30

// Bounds on a trace's times, in seconds: an arrival may be a Unix time, even in microseconds
// read with time_unit = "1s" by mistake, and a lifetime at most a century (MaxLifeSeconds);
// both far within time.Duration once made relative.
const (
	maxSeconds     = 1e15
	MaxLifeSeconds = 100 * 365 * 24 * 3600
)

// Mapping says where a trace's columns are and in which units they count. A column named ""
// is not read.
type Mapping struct {
	Arrival, Departure, Duration, CPU, Memory, Count string
	GPU, GPUMilli, GPUSpec                           string // the openb format's GPU columns, read where present
	TimeUnit                                         time.Duration
	CPUPerUnit, MiBPerUnit                           float64 // ECS CPU units and MiB per unit of the columns
}

// Openb is the pod list of Alibaba's cluster-trace-gpu-v2023 (openb_pod_list_*.csv,
// alibaba/clusterdata cluster-trace-gpu-v2023/README.md): creation and deletion times in
// seconds, cpu_milli in thousandths of a core (1024 CPU units a core, ECS's rule for a vCPU),
// memory_mib in MiB, and the GPU columns num_gpu, gpu_milli and gpu_spec (Table.gpu), each
// optional. scheduled_time, qos and pod_phase are not used: every pod is replayed, whatever
// became of it in the trace.
var Openb = Mapping{
	Arrival: "creation_time", Departure: "deletion_time", CPU: "cpu_milli", Memory: "memory_mib",
	GPU: "num_gpu", GPUMilli: "gpu_milli", GPUSpec: "gpu_spec",
	TimeUnit: time.Second, CPUPerUnit: 1.024, MiBPerUnit: 1,
}

// Unit is a unit of a trace's cpu or memory column: its name, and what one of it is in ECS
// CPU units or MiB.
type Unit struct {
	Name   string
	Factor float64
}

// Units of the csv format's cpu and memory columns, in ECS CPU units and MiB.
var (
	CPUUnits    = []Unit{{"units", 1}, {"vcpu", 1024}, {"millicores", 1.024}}
	MemoryUnits = []Unit{{"MiB", 1}, {"GiB", 1024}, {"KiB", 1.0 / 1024}, {"bytes", 1.0 / (1 << 20)},
		{"MB", 1e6 / (1 << 20)}, {"GB", 1e9 / (1 << 20)}}
)

// Limits are ECS's bounds on a task's size, which a row's size is held to: above MaxCPU is
// an error; below MinCPU or MinMemoryMiB the row runs at the minimum, with a warning.
type Limits struct {
	MinCPU, MaxCPU, MinMemoryMiB int64
}

// Row is a trace row as read, before times are made relative and scaled.
type Row struct {
	At, Life float64 // seconds; Life < 0: no departure
	CPU, Mem int64   // ECS CPU units, MiB
	Count    int
	GPU      *models.GPURequest
}

// traceColumns are the indices of a trace's columns in its header, -1 for one not read.
type traceColumns struct {
	arrival, departure, duration, cpu, mem, count, gpu, gpuMilli, gpuSpec int
}

// Trace reads a trace's rows, as m maps them, each held to lim. ok is false when the file
// lacks a column or a row is wrong (reported through the Reporter), or when it has no rows.
func (t *Table) Trace(m Mapping, lim Limits) (rows []Row, ok bool) {
	cols, ok := t.traceColumns(m)
	if !ok {
		return nil, false
	}
	var low lowSizes
	tasks := 0
	for t.next() {
		r, ok := t.traceRow(cols, m, lim, &low)
		if !ok {
			continue
		}
		if tasks += r.Count; tasks > MaxTasks {
			t.rep.Whole(fmt.Sprintf("%s starts more than %d tasks", t.name, MaxTasks))
			return nil, false
		}
		rows = append(rows, r)
	}
	if t.probs > 0 {
		return nil, false
	}
	if len(rows) == 0 {
		t.rep.Whole(fmt.Sprintf("%s has no rows", t.name))
		return nil, false
	}
	low.warn(t, lim)
	return rows, true
}

// traceColumns finds m's columns, reporting each the file lacks (the GPU columns excepted:
// they are read where they are).
func (t *Table) traceColumns(m Mapping) (traceColumns, bool) {
	var need []string
	for _, name := range []string{m.Arrival, m.Departure, m.Duration, m.CPU, m.Memory, m.Count} {
		if name != "" {
			need = append(need, name)
		}
	}
	ok := t.missingColumns("a trace", "", need)
	col := func(name string) int {
		if name == "" {
			return -1
		}
		return t.column(name)
	}
	var c traceColumns
	c.arrival, c.departure, c.duration = col(m.Arrival), col(m.Departure), col(m.Duration)
	c.cpu, c.mem, c.count = col(m.CPU), col(m.Memory), col(m.Count)
	c.gpu, c.gpuMilli, c.gpuSpec = col(m.GPU), col(m.GPUMilli), col(m.GPUSpec)
	return c, ok
}

// traceRow reads the current row; ok is false for a row with a problem, reported.
func (t *Table) traceRow(c traceColumns, m Mapping, lim Limits, low *lowSizes) (Row, bool) {
	at, okAt := 0.0, true // an untimed trace (no arrival column) arrives at 0
	if c.arrival >= 0 {
		at, okAt = t.number(c.arrival)
	}
	cpu, okCPU := t.number(c.cpu)
	mem, okMem := t.number(c.mem)
	n, okN := t.integer(c.count, 1, 100_000, 1)
	if !okAt || !okCPU || !okMem || !okN {
		return Row{}, false
	}
	r := Row{At: at * m.TimeUnit.Seconds(), Life: -1, Count: int(n)}
	if !(r.At <= maxSeconds) {
		t.bad(c.arrival, "%s is too late a time: more than %g seconds", t.cell(c.arrival), float64(maxSeconds))
		return Row{}, false
	}
	if !t.lifetime(c, m, at, &r) {
		return Row{}, false
	}
	// Sizes are compared before they become integers, which would wrap.
	if x := cpu * m.CPUPerUnit; x > float64(lim.MaxCPU) {
		t.bad(c.cpu, "%s is %.6g CPU units, above ECS's task maximum of %d", t.cell(c.cpu), x, lim.MaxCPU)
		return Row{}, false
	}
	if x := mem * m.MiBPerUnit; x > maxMemoryMiB {
		t.bad(c.mem, "%s is %.6g MiB, more than any instance has", t.cell(c.mem), x)
		return Row{}, false
	}
	r.CPU, r.Mem = int64(math.Round(cpu*m.CPUPerUnit)), int64(math.Round(mem*m.MiBPerUnit))
	low.raise(t, c, lim, &r)
	if c.gpu >= 0 {
		r.GPU = t.gpu(c.gpu, c.gpuMilli, c.gpuSpec)
	}
	return r, true
}

// lifetime reads the current row's departure or duration into r.Life (in seconds); at is
// its arrival, in the file's time unit. ok is false for a problem, reported.
func (t *Table) lifetime(c traceColumns, m Mapping, at float64, r *Row) bool {
	if s := t.cell(c.departure); s != "" {
		dep, ok := t.number(c.departure)
		if !ok {
			return false
		}
		if dep < at {
			t.bad(c.departure, "%s is before the arrival, %s", s, t.cell(c.arrival))
			return false
		}
		r.Life = (dep - at) * m.TimeUnit.Seconds()
		if !(r.Life <= MaxLifeSeconds) {
			t.bad(c.departure, "%s is more than 100 years after the arrival", s)
			return false
		}
	} else if s := t.cell(c.duration); s != "" {
		d, ok := t.number(c.duration)
		if !ok {
			return false
		}
		if r.Life = d * m.TimeUnit.Seconds(); !(r.Life <= MaxLifeSeconds) {
			t.bad(c.duration, "%s is more than 100 years", s)
			return false
		}
	}
	return true
}

// lowSizes counts the rows raised to ECS's minimum cpu and memory, and where the first of
// each is, for one warning each.
type lowSizes struct {
	cpu, mem     int
	cpuAt, memAt pos
}

// raise lifts r's size to lim's minimums, counting the rows it lifts.
func (low *lowSizes) raise(t *Table, c traceColumns, lim Limits, r *Row) {
	if r.CPU < lim.MinCPU {
		if low.cpu == 0 {
			low.cpuAt = t.here(c.cpu)
		}
		low.cpu++
		r.CPU = lim.MinCPU
	}
	if r.Mem < lim.MinMemoryMiB {
		if low.mem == 0 {
			low.memAt = t.here(c.mem)
		}
		low.mem++
		r.Mem = lim.MinMemoryMiB
	}
}

// warn says how many rows run at a minimum.
func (low *lowSizes) warn(t *Table, lim Limits) {
	if low.cpu > 0 {
		t.rep.Warn(fmt.Sprintf("%d of its rows ask for less than ECS's minimum task cpu of %d units and run with %d (the first at %s:%d:%d)",
			low.cpu, lim.MinCPU, lim.MinCPU, t.name, low.cpuAt.line, low.cpuAt.col))
	}
	if low.mem > 0 {
		t.rep.Warn(fmt.Sprintf("%d of its rows ask for less than ECS's minimum memory of %d MiB and run with %d (the first at %s:%d:%d)",
			low.mem, lim.MinMemoryMiB, lim.MinMemoryMiB, t.name, low.memAt.line, low.memAt.col))
	}
}

// gpu reads the openb format's GPU columns (alibaba/clusterdata cluster-trace-gpu-v2023
// README): num_gpu GPUs, each at gpu_milli thousandths; a pod of one GPU may share it (gpu_milli
// below 1000), a pod of more takes whole GPUs. Without a gpu_milli column, GPUs are whole. gpu_spec, where present, lists the GPU models
// the pod may run on, separated by "|". It returns nil when the row asks for no GPU, or for a
// problem, reported, so that the read fails.
func (t *Table) gpu(count, milli, spec int) *models.GPURequest {
	n, okN := t.integer(count, 0, models.MaxGPUsPerInstance, 0)
	m, okM := t.integer(milli, 0, models.MilliPerGPU, 0)
	if milli < 0 && n > 0 {
		m = models.MilliPerGPU // a list without gpu_milli asks for whole GPUs (the FGD artifact's rule)
	}
	switch {
	case !okN || !okM || (n == 0 && m == 0):
		return nil
	case n == 0:
		t.bad(milli, "%d with num_gpu 0: a pod without GPUs has gpu_milli 0", m)
		return nil
	case m == 0:
		t.bad(milli, "0 with num_gpu %d: a pod with GPUs has gpu_milli from 1 to 1000", n)
		return nil
	case n > 1 && m < models.MilliPerGPU:
		t.bad(milli, "%d with num_gpu %d: only a pod of one GPU may share it; more take whole GPUs (1000)", m, n)
		return nil
	}
	g := &models.GPURequest{Milli: n * m}
	if s := t.cell(spec); s != "" {
		g.Models = strings.Split(s, "|")
		for _, name := range g.Models {
			if !gpuModelRE.MatchString(name) {
				t.bad(spec, "%q is not a GPU model: letters, digits, '.', '_' and '-', models separated by '|'", s)
				return nil
			}
		}
	}
	return g
}

// gpuModelRE is what a gpu_spec model may be: a value the cluster query language reads in a
// list (memberOf's "attribute:gpu_model in [...]").
var gpuModelRE = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,128}$`)
