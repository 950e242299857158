package models

import (
	"fmt"
	"math/bits"
	"strconv"
)

// GPUs, device by device.
//
// ECS schedules GPUs as whole devices: a container asks for GPUs with resourceRequirements
// [{type: GPU, value: "n"}], the task asks for the sum of its containers', and each GPU is
// dedicated to the one container it is pinned to, never shared (DG/ecs-gpu, "Working with GPUs
// on Amazon ECS"; ECS-REFERENCE §2.2: the GPU resource is the STRINGSET of the instance's GPU
// IDs, and a task takes IDs from it). An instance registers the GPUs of its type when GPU
// support is on (ECS_ENABLE_GPU_SUPPORT, set on the ECS GPU-optimized AMI).
//
// GPU sharing is ecssim's extension beyond ECS, as Alibaba's GPU traces have it (openb's
// num_gpu and gpu_milli, alibaba/clusterdata cluster-trace-gpu-v2023): a task may ask for a
// share of one GPU, in thousandths, which must fit within what one device has left, beside
// the other shares on that device. Whole-GPU tasks of a trace ask for devices wholly free, as
// ECS's do. Each instance keeps the thousandths each of its devices has free, and each task
// the devices it holds.

// MilliPerGPU is one whole GPU in thousandths (Resources.GPUMilli).
const MilliPerGPU = 1000

// FormatGPUMilli writes m thousandths of a GPU in GPUs: "2", "0.46".
func FormatGPUMilli(m int64) string {
	return strconv.FormatFloat(float64(m)/MilliPerGPU, 'f', -1, 64)
}

// MaxGPUsPerInstance bounds an instance's GPUs: a task's devices are a 32-bit mask. The
// largest GPU types have 16.
const MaxGPUsPerInstance = 32

// gpuDevices are the thousandths each GPU of an instance has free, in device order.
type gpuDevices []int16

// newGPUDevices makes n wholly free devices, nil for none.
func newGPUDevices(n int) gpuDevices {
	if n == 0 {
		return nil
	}
	d := make(gpuDevices, n)
	for i := range d {
		d[i] = MilliPerGPU
	}
	return d
}

// fits reports whether a request of milli thousandths fits the devices: whole GPUs need as
// many devices wholly free; a share needs one device with that much left.
func (g gpuDevices) fits(milli int64) bool {
	if milli == 0 {
		return true
	}
	if milli < MilliPerGPU {
		for _, f := range g {
			if int64(f) >= milli {
				return true
			}
		}
		return false
	}
	return g.whole() >= int(milli/MilliPerGPU)
}

// whole counts the wholly free devices.
func (g gpuDevices) whole() int {
	n := 0
	for _, f := range g {
		if f == MilliPerGPU {
			n++
		}
	}
	return n
}

// take assigns devices to a request of milli thousandths that fits, and returns them as a
// mask, bit i for device i. Whole GPUs take the lowest-numbered wholly free devices: the agent
// hands a task GPU IDs from those it has free, in an order ECS does not document, and ecssim
// takes them in device order. A share goes to device prefer when a strategy chose one that
// fits it; otherwise to the device it fits most tightly, the lowest-numbered at a tie (ecssim's
// rule: best fit keeps whole devices whole for whole-GPU tasks).
func (g gpuDevices) take(milli int64, prefer int) uint32 {
	if milli < MilliPerGPU {
		i := prefer
		if i < 0 || i >= len(g) || int64(g[i]) < milli {
			i = g.tightest(milli)
		}
		g[i] -= int16(milli)
		return 1 << i
	}
	var mask uint32
	for i, n := 0, milli/MilliPerGPU; i < len(g) && n > 0; i++ {
		if g[i] == MilliPerGPU {
			g[i], mask, n = 0, mask|1<<i, n-1
		}
	}
	return mask
}

// tightest is the device with the least left that still holds milli, the lowest-numbered at
// a tie; it panics when none does, since take is called only for a request that fits.
func (g gpuDevices) tightest(milli int64) int {
	best := -1
	for i, f := range g {
		if int64(f) >= milli && (best < 0 || f < g[best]) {
			best = i
		}
	}
	if best < 0 {
		panic(fmt.Sprintf("models: %s GPU fits no device of %v", FormatGPUMilli(milli), g))
	}
	return best
}

// give returns what a request of milli thousandths held on the devices of mask.
func (g gpuDevices) give(milli int64, mask uint32) {
	per := int16(min(milli, MilliPerGPU))
	for i := range g {
		if mask&(1<<i) == 0 {
			continue
		}
		if g[i] += per; g[i] > MilliPerGPU {
			panic(fmt.Sprintf("models: GPU %d released more than it held", i))
		}
	}
}

// GPUFits is the GPU part of the fit rule: whether a task of d fits the instance's GPUs
// device by device (gpuDevices.fits). A task that asks for no GPU fits anywhere.
func (in *Instance) GPUFits(d *TaskDefinition) bool {
	return d.charge.GPUMilli == 0 || in.gpus.fits(d.charge.GPUMilli)
}

// GPUDevices returns the thousandths each of the instance's GPUs has free, in device order;
// nil for an instance without GPUs. Callers must not modify it.
func (in *Instance) GPUDevices() []int16 { return in.gpus }

// GPUDevicesAfter returns, in dst, the instance's devices as they would be after a task of d
// took its GPUs here, with a share on device prefer (-1: ecssim's own choice, the tightest),
// and the device the share would take (-1 for whole GPUs or none). Strategies that score an
// instance by the state a placement leaves (FGD) ask it; d must fit (GPUFits).
func (in *Instance) GPUDevicesAfter(d *TaskDefinition, prefer int, dst []int16) ([]int16, int) {
	dst = append(dst[:0], in.gpus...)
	m := d.charge.GPUMilli
	if m == 0 {
		return dst, -1
	}
	mask := gpuDevices(dst).take(m, prefer)
	if m < MilliPerGPU {
		return dst, bits.TrailingZeros32(mask)
	}
	return dst, -1
}

// PreferGPU asks that t's share of one GPU go to device i of the instance it is placed on,
// where it fits (gpuDevices.take): a strategy that chooses the device as it chooses the
// instance (FGD) says so before Place. Place forgets it.
func (t *Task) PreferGPU(i int) { t.gpuPrefer = int8(i + 1) }

// preferredGPU is the device PreferGPU named, -1 for none.
func (t *Task) preferredGPU() int {
	if t == nil {
		return -1
	}
	return int(t.gpuPrefer) - 1
}

// MixEntry is one task size of a scenario and how many of its tasks the scenario asks for:
// the workload distribution that fragmentation is measured against (the FGD paper's M).
type MixEntry struct {
	Def   *TaskDefinition
	Count float64
}

// TaskMix returns the cluster's task mix (SetTaskMix), nil when none was set.
func (c *Cluster) TaskMix() []MixEntry { return c.mix }

// SetTaskMix sets the task sizes a scenario runs on the cluster and their counts: a trace's
// rows, each size as often as the trace lists it (its original rows, before any drawing), a
// service's desired count, and one for each other workload.
func (c *Cluster) SetTaskMix(m []MixEntry) { c.mix = m }

// taskMix is the mix of s's services and workloads (SetTaskMix), sizes in the order they come.
func (s *Simulation) taskMix() []MixEntry {
	var out []MixEntry
	at := map[*TaskDefinition]int{}
	add := func(d *TaskDefinition, n float64) {
		if i, ok := at[d]; ok {
			out[i].Count += n
			return
		}
		at[d] = len(out)
		out = append(out, MixEntry{Def: d, Count: n})
	}
	for _, svc := range s.Services {
		add(svc.Def, float64(svc.DesiredCount))
	}
	for _, w := range s.Workloads {
		if w.Trace == nil {
			add(w.Def, 1)
			continue
		}
		for _, r := range w.Trace.Rows {
			add(r.Def, float64(r.Count))
		}
	}
	return out
}
