package models

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/ecssim/ecssim/sim"
)

// TraceTask is one row of a trace that a workload replays: when its tasks arrive, how long
// each runs, and their size.
type TraceTask struct {
	At time.Duration // arrival, from the start of the run
	// Life is how long each task runs once RUNNING, or RunsToEnd when the trace gives no
	// departure.
	Life  time.Duration
	Count int // tasks started together, as RunTask's count starts them
	// Def is the workload's task definition with the row's CPU and memory as RunTask's task
	// overrides: it keeps the definition's family and revision.
	Def *TaskDefinition
}

// RunsToEnd is the Life of a trace row with no departure: its tasks run until the run ends.
const RunsToEnd time.Duration = -1

// GPURequest is what a trace row asks of GPUs (gpu.go).
type GPURequest struct {
	// Milli is the row's GPU in thousandths: whole GPUs (a multiple of MilliPerGPU) or a
	// share of one GPU (below it), as Resources.GPUMilli counts them.
	Milli int64
	// Models are the GPU models the task may run on, as a node list's model column names
	// them; none means any.
	Models []string
}

// Replay is a trace workload's rows and how a run replays them.
type Replay struct {
	// Rows are sorted by At, stably: file order at ties.
	Rows []TraceTask
	// Shuffle deals the rows' sizes, counts and lifetimes to the rows' arrival instants in a
	// random order, so the arrival process stays the trace's and each seed gives another
	// sequence.
	Shuffle bool
	// TargetLoad, when above 0, replaces the rows by rows drawn uniformly with replacement
	// from those that arrive within the run, each keeping its arrival, lifetime and size,
	// until the load they offer reaches TargetLoad (see OfferedLoad).
	TargetLoad float64
	// LoadMemory makes TargetLoad count memory rather than CPU.
	LoadMemory bool
	// LoadGPU makes TargetLoad count GPUs as the FGD paper counts its arrived workload
	// (drawGPU): the GPUs the drawn tasks ask for, over the fleet's.
	LoadGPU bool
	// Smallest are the rows' sizes that no other row's is smaller than in CPU, memory and GPU:
	// where none of them fits, no task of the trace fits.
	Smallest []*TaskDefinition
	// SmallestGPU are the sizes among the rows' that ask for GPUs that no other such is
	// smaller than: where none of them fits, no GPU task of the trace fits.
	SmallestGPU []*TaskDefinition
}

// SmallestSizes returns the definitions among defs that no other is smaller than or equal to
// in CPU, memory and GPU (the Pareto front), in increasing CPU; one of each size. A task
// that fits where a larger one fits in every dimension: GPUs too, since a device that holds a
// share holds a smaller one, and whole GPUs free for k tasks' devices are free for fewer.
func SmallestSizes(defs []*TaskDefinition) []*TaskDefinition {
	sorted := slices.Clone(defs)
	slices.SortFunc(sorted, func(a, b *TaskDefinition) int {
		return cmp.Or(cmp.Compare(a.charge.CPU, b.charge.CPU), cmp.Compare(a.charge.MemoryMiB, b.charge.MemoryMiB),
			cmp.Compare(a.charge.GPUMilli, b.charge.GPUMilli))
	})
	var out []*TaskDefinition
	for _, d := range sorted {
		// d is not smaller in CPU than any kept; it is on the front unless a kept one needs
		// no more memory and no more GPU.
		dominated := slices.ContainsFunc(out, func(k *TaskDefinition) bool {
			return k.charge.MemoryMiB <= d.charge.MemoryMiB && k.charge.GPUMilli <= d.charge.GPUMilli
		})
		if !dominated {
			out = append(out, d)
		}
	}
	return out
}

// AskingGPUs returns the definitions among defs that ask for GPUs, in their order.
func AskingGPUs(defs []*TaskDefinition) []*TaskDefinition {
	var out []*TaskDefinition
	for _, d := range defs {
		if d.charge.GPUMilli > 0 {
			out = append(out, d)
		}
	}
	return out
}

// OfferedLoad is the load tasks offer a fleet of capacity over a run of horizon: the
// time-weighted mean over the run of the CPU (memory with memory set) the tasks ask for while
// they run, as if each were placed at its arrival, divided by the fleet's. A row's tasks count
// from their arrival for their lifetime, or to the end of the run, whichever comes first:
// span = min(Life, horizon − At). It is 0 for a fleet of no capacity.
func OfferedLoad(rows []TraceTask, capacity Resources, horizon time.Duration, memory bool) float64 {
	c := capacity.of(memory)
	if c <= 0 || horizon <= 0 {
		return 0
	}
	var sum float64
	for i := range rows {
		sum += rows[i].offered(horizon, memory)
	}
	return sum / (float64(c) * horizon.Seconds())
}

// offered is what the row's tasks ask for times how long they run within the run, in CPU
// units (or MiB) × seconds.
func (r *TraceTask) offered(horizon time.Duration, memory bool) float64 {
	if r.At >= horizon {
		return 0
	}
	span := horizon - r.At
	if r.Life >= 0 && r.Life < span {
		span = r.Life
	}
	return float64(r.Count) * float64(r.Def.Charge().of(memory)) * span.Seconds()
}

// of returns the memory in MiB with memory set, else the CPU units.
func (r Resources) of(memory bool) int64 {
	if memory {
		return r.MemoryMiB
	}
	return r.CPU
}

// FleetCapacity returns what the instance groups that join cluster register at the start of
// a run: the sum of their instances' registered CPU, memory (the agent's reserved memory
// taken off) and GPUs. A group with no type, or whose agent joins another cluster, counts nothing.
func FleetCapacity(groups []*InstanceGroup, cluster string) Resources {
	var r Resources
	for _, g := range groups {
		if g.Agent.Cluster != cluster {
			continue
		}
		for i := range g.Count {
			n := g.node(i)
			if n.Type == nil {
				break
			}
			r.CPU += n.Type.RegisteredCPU()
			r.MemoryMiB += max(n.Type.MemTotalMiB()-g.Agent.ReservedMemoryMiB, 0)
			r.GPUMilli += int64(n.Type.gpusUnder(&g.Agent)) * MilliPerGPU
		}
	}
	return r
}

// realise returns the rows one run replays, in arrival order: the trace's, shuffled, or
// drawn to the target load, with every random draw from rng. Rows arriving after horizon are
// kept (the run never reaches them).
func (r *Replay) realise(horizon time.Duration, capacity Resources, rng *rand.Rand) []TraceTask {
	switch {
	case r.TargetLoad > 0 && r.LoadGPU:
		return r.drawGPU(capacity.GPUMilli, rng)
	case r.TargetLoad > 0:
		return r.draw(horizon, capacity, rng)
	case r.Shuffle:
		out := slices.Clone(r.Rows)
		for i, j := range rng.Perm(len(out)) {
			at := out[i].At
			out[i] = r.Rows[j]
			out[i].At = at
		}
		return out
	}
	return r.Rows // read-only: runs share it
}

// Within returns how many of the rows arrive within a run of horizon: by its end, as the run
// starts a row at its last instant too.
func (r *Replay) Within(horizon time.Duration) int {
	return sort.Search(len(r.Rows), func(i int) bool { return r.Rows[i].At > horizon })
}

// draw samples rows with replacement, uniformly among those that arrive within the run, until
// their offered load reaches the target. A row drawn m times starts m times its count at its
// arrival, so the result is the drawn rows in trace order, each once, however many draws there
// were. It returns none when the rows within the run offer no load at all.
func (r *Replay) draw(horizon time.Duration, capacity Resources, rng *rand.Rand) []TraceTask {
	within := r.Within(horizon)
	target := r.TargetLoad * float64(capacity.of(r.LoadMemory)) * horizon.Seconds()
	if within == 0 || OfferedLoad(r.Rows[:within], capacity, horizon, r.LoadMemory) == 0 {
		return nil
	}
	drawn := make([]int, within)
	for sum := 0.0; sum < target; {
		i := rng.IntN(within)
		drawn[i]++
		sum += r.Rows[i].offered(horizon, r.LoadMemory)
	}
	var out []TraceTask
	for i, m := range drawn {
		if m > 0 {
			row := r.Rows[i]
			row.Count *= m
			out = append(out, row)
		}
	}
	return out
}

// GPUDrawSpacing is the time between the arrivals of rows drawn to a GPU target (drawGPU):
// the FGD paper submits its pods one at a time, each scheduled before the next, with no clock.
const GPUDrawSpacing = time.Second

// drawGPU samples rows with replacement, uniformly among all the trace's, until the GPUs
// their tasks ask for reach TargetLoad times gpus (thousandths): the FGD paper's inflated
// workload (Weng et al., USENIX ATC'23: tasks sampled from the trace until their GPU requests
// reach a share of the cluster's GPUs; its artifact keeps the trace's pods, shuffled, and adds
// draws with replacement up to the share, where ecssim draws every task). Rows that ask for no GPU are drawn
// too, as the trace has them, and add nothing. The drawn rows arrive in the order drawn,
// GPUDrawSpacing apart from the start of the run, and never leave: the trace's times are not
// used. It returns none when no row asks for a GPU or the fleet has none.
func (r *Replay) drawGPU(gpus int64, rng *rand.Rand) []TraceTask {
	var per int64 // GPU the whole trace asks for: none means the target is out of reach
	for i := range r.Rows {
		per += int64(r.Rows[i].Count) * r.Rows[i].Def.charge.GPUMilli
	}
	if per == 0 || gpus <= 0 {
		return nil
	}
	target := r.TargetLoad * float64(gpus)
	var out []TraceTask
	for sum := int64(0); float64(sum) < target; {
		row := r.Rows[rng.IntN(len(r.Rows))]
		row.At, row.Life = time.Duration(len(out))*GPUDrawSpacing, RunsToEnd
		sum += int64(row.Count) * row.Def.charge.GPUMilli
		out = append(out, row)
	}
	return out
}

// arriveTrace starts the trace rows that arrive at now, each as a RunTask of its count, and
// schedules the next arrival.
func (s *Simulation) arriveTrace(w *Workload, now sim.Time) {
	for w.cursor < len(w.replay) && sim.Time(w.replay[w.cursor].At) <= now {
		row := &w.replay[w.cursor]
		w.cursor++
		for range row.Count {
			s.runTask(w, row.Def, row.Life, now)
		}
	}
	if w.cursor < len(w.replay) {
		if at := sim.Time(w.replay[w.cursor].At); at <= s.Horizon {
			s.Engine.Schedule(at, PriorityStart, &w.arrive)
		}
	}
}

// WithOverrides returns the definition as RunTask runs it with a taskOverride of cpu and
// memoryMiB and, for a GPU request, a containerOverride of GPU resourceRequirements: whole GPUs
// on the first container (the others' cleared), or a share of one GPU (ecssim's extension),
// with its GPU models as a memberOf constraint on the gpu_model attribute a node list sets.
func (d *TaskDefinition) WithOverrides(cpu, memoryMiB int64, gpu *GPURequest) *TaskDefinition {
	o := *d
	o.CPU, o.MemoryMiB = cpu, memoryMiB
	if gpu != nil {
		o.GPUShareMilli = 0
		o.Containers = slices.Clone(d.Containers)
		for i := range o.Containers {
			o.Containers[i].GPUs = 0
		}
		if gpu.Milli < MilliPerGPU {
			o.GPUShareMilli = gpu.Milli
		} else if len(o.Containers) > 0 {
			o.Containers[0].GPUs = int(gpu.Milli / MilliPerGPU)
		}
		if len(gpu.Models) > 0 {
			o.PlacementConstraints = append(slices.Clip(d.PlacementConstraints), ConstraintSpec{
				Type: "memberOf", Expression: "attribute:" + AttrGPUModel + " in [" + strings.Join(gpu.Models, ", ") + "]"})
		}
	}
	o.Finalize()
	return &o
}
