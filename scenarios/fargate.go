package scenarios

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ecssim/ecssim/models"
)

// fargateSize is one task CPU size Fargate offers and the memory sizes (MiB) it takes with it.
type fargateSize struct {
	cpu      int64
	memories []int64 // ascending
}

// fargateSizes are the task sizes Fargate accepts for Linux tasks, as task-level cpu (units)
// and memory (MiB): DG/AWS_Fargate "fargate-tasks-size" and DG/task-cpu-memory-error (current
// pages; ECS-REFERENCE §6.1). 8192 and 16384 need platform version 1.4.0 or later, the only
// one ecssim models. Memory steps are 1 GB (1024 MiB) except where noted.
var fargateSizes = []fargateSize{
	{256, []int64{512, 1024, 2048}},      // 0.5, 1, 2 GB
	{512, memorySteps(1024, 4096, 1024)}, // 1-4 GB
	{1024, memorySteps(2048, 8192, 1024)},
	{2048, memorySteps(4096, 16384, 1024)},
	{4096, memorySteps(8192, 30720, 1024)},
	{8192, memorySteps(16384, 61440, 4096)},   // 16-60 GB in 4 GB steps
	{16384, memorySteps(32768, 122880, 8192)}, // 32-120 GB in 8 GB steps
}

// Fargate limits (DG/task_definition_parameters stopTimeout).
const maxFargateStopTimeout = 120 * time.Second

func memorySteps(lo, hi, step int64) []int64 {
	var out []int64
	for m := lo; m <= hi; m += step {
		out = append(out, m)
	}
	return out
}

// fargateSizeFor returns the size with the given cpu, or nil.
func fargateSizeFor(cpu int64) *fargateSize {
	for i := range fargateSizes {
		if fargateSizes[i].cpu == cpu {
			return &fargateSizes[i]
		}
	}
	return nil
}

// validFargateSize reports whether Fargate runs a task of cpu units and memory MiB.
func validFargateSize(cpu, memory int64) bool {
	s := fargateSizeFor(cpu)
	return s != nil && slices.Contains(s.memories, memory)
}

// fargateCPUsFor returns the cpu sizes that take memory MiB.
func fargateCPUsFor(memory int64) []int64 {
	var out []int64
	for _, s := range fargateSizes {
		if slices.Contains(s.memories, memory) {
			out = append(out, s.cpu)
		}
	}
	return out
}

// describe lists the memory sizes s takes: all of them when few, else as a range and a step.
func (s *fargateSize) describe() string {
	m := s.memories
	if len(m) <= 4 {
		return orList(int64s(m)) + " MiB"
	}
	return fmt.Sprintf("%d-%d MiB in steps of %d", m[0], m[len(m)-1], m[1]-m[0])
}

// nearestMemories returns the memory sizes of s nearest to memory: those just below and just
// above it, or the nearer end when it is outside s's range.
func (s *fargateSize) nearestMemories(memory int64) []int64 {
	i, _ := slices.BinarySearch(s.memories, memory)
	switch {
	case i == 0:
		return s.memories[:1]
	case i == len(s.memories):
		return s.memories[i-1:]
	}
	return s.memories[i-1 : i+1]
}

func int64s(xs []int64) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = strconv.FormatInt(x, 10)
	}
	return out
}

// fargateSizeProblem explains why cpu and memory are no Fargate size, naming the nearest valid
// sizes; it returns the key the problem belongs at ("cpu" when cpu is no Fargate cpu size,
// else "memory") and the message.
func fargateSizeProblem(cpu, memory int64) (key, msg string) {
	var b strings.Builder
	takers := fargateCPUsFor(memory)
	s := fargateSizeFor(cpu)
	if s == nil {
		var cpus []int64
		for _, s := range fargateSizes {
			cpus = append(cpus, s.cpu)
		}
		fmt.Fprintf(&b, "Fargate has no task size with cpu %d: it takes cpu %s", cpu, orList(int64s(cpus)))
		i, _ := slices.BinarySearchFunc(fargateSizes, cpu, func(s fargateSize, cpu int64) int { return int(s.cpu - cpu) })
		var near []string
		for _, j := range []int{i - 1, i} {
			if j >= 0 && j < len(fargateSizes) {
				near = append(near, fmt.Sprintf("%d with memory %s", fargateSizes[j].cpu, fargateSizes[j].describe()))
			}
		}
		fmt.Fprintf(&b, "; the nearest are %s", strings.Join(near, ", and "))
		if len(takers) > 0 {
			fmt.Fprintf(&b, "; memory %d MiB goes with cpu %s", memory, orList(int64s(takers)))
		}
		return "cpu", b.String()
	}
	fmt.Fprintf(&b, "Fargate has no task size with cpu %d and memory %d MiB: cpu %d takes memory %s", cpu, memory, cpu, s.describe())
	if len(s.memories) > 4 {
		fmt.Fprintf(&b, " (nearest %s)", orList(int64s(s.nearestMemories(memory))))
	}
	if len(takers) > 0 {
		fmt.Fprintf(&b, "; memory %d MiB goes with cpu %s", memory, orList(int64s(takers)))
	}
	return "memory", b.String()
}

// fargateTaskDefinition applies the rules RegisterTaskDefinition adds for a task definition
// that lists FARGATE in requires_compatibilities (DG/AWS_Fargate, DG/task-cpu-memory-error):
// awsvpc network mode; task-level cpu and memory, required and forming a Fargate size; the
// containers' CPU and memory within them; a stop timeout of at most 120 s. (A host port must be
// empty or equal to the container port, which awsvpc mode already requires.)
func (c *checker) fargateTaskDefinition(p string, f *taskDefFile, d *models.TaskDefinition) {
	const why = "required for FARGATE, but missing: "
	switch {
	case !f.NetworkMode.set:
		c.missingWhy(p, "network_mode", why+`Fargate tasks use network_mode = "awsvpc"`)
	case d.NetworkMode != models.AWSVPC && f.NetworkMode.bad == "" && f.NetworkMode.v == string(d.NetworkMode):
		c.bad(p+".network_mode", "Fargate tasks use awsvpc network mode, not %s", d.NetworkMode)
	}
	if !f.CPU.set {
		c.missingWhy(p, "cpu", why+"a Fargate task definition sets task-level cpu and memory")
	}
	if !f.Memory.set {
		c.missingWhy(p, "memory", why+"a Fargate task definition sets task-level cpu and memory")
	}
	if d.CPU > 0 && d.MemoryMiB > 0 && !validFargateSize(d.CPU, d.MemoryMiB) {
		key, msg := fargateSizeProblem(d.CPU, d.MemoryMiB)
		c.bad(p+"."+key, "%s", msg)
	}
	var reserved int64
	for i, ct := range d.Containers {
		reserved += cmpOr(ct.MemoryReservationMiB, ct.MemoryMiB)
		if ct.GPUs > 0 && i < len(f.Containers) {
			c.bad(fmt.Sprintf("%s.containers[%d].resource_requirements", p, i), "Fargate has no GPUs: GPU tasks run on EC2 GPU instances (DG/ecs-gpu)")
		}
		if ct.StopTimeout > maxFargateStopTimeout && i < len(f.Containers) {
			c.bad(fmt.Sprintf("%s.containers[%d].stop_timeout", p, i), "Fargate allows a stop timeout of at most %s", shortDuration(maxFargateStopTimeout))
		}
	}
	if d.MemoryMiB > 0 && reserved > d.MemoryMiB {
		c.bad(p+".memory", "the containers reserve %d MiB in all, more than the task's %d", reserved, d.MemoryMiB)
	}
}

// cmpOr returns the first of its arguments that is not zero.
func cmpOr(a, b int64) int64 {
	if a != 0 {
		return a
	}
	return b
}

// fargate reads the [fargate] table over sc's defaults (models.DefaultSettings).
func (c *checker) fargate(f *fargateFile, sc *Scenario) {
	if d := c.optionalDistribution("fargate.provisioning", &f.Provisioning); d.Kind != "" {
		sc.Fargate.Provisioning = d
	}
	if x, ok := c.number("fargate.pull_bandwidth_mib_per_second", f.PullMiBps, minRegistryMiBps, maxRegistryMiBps, false); ok {
		sc.Fargate.PullMiBps = x
	}
	if n, ok := c.intIn("fargate.launch_burst", f.LaunchBurst, 1, 100_000); ok {
		sc.Fargate.LaunchBurst = int(n)
	}
	if typed(c, "fargate.launch_rate", f.LaunchRate) {
		if r, err := parseRate(f.LaunchRate.v); err != nil {
			c.bad("fargate.launch_rate", "%v", err)
		} else {
			sc.Fargate.LaunchRate = r
		}
	}
}

// number reads a finite number in [lo, hi], or in [lo, hi) when below; an infinite hi means no
// upper bound. It reports whether the value is set and valid.
func (c *checker) number(path string, v number, lo, hi float64, below bool) (float64, bool) {
	if !typed(c, path, v) {
		return 0, false
	}
	x := v.v
	switch {
	case math.IsInf(x, 0) || math.IsNaN(x):
		c.bad(path, "want a finite number, got %g", x)
	case math.IsInf(hi, 1) && x < lo:
		c.bad(path, "must be at least %g, got %g", lo, x)
	case below && !(x >= lo && x < hi):
		c.bad(path, "must be at least %g and below %g, got %g", lo, hi, x)
	case !below && !(x >= lo && x <= hi):
		c.bad(path, "must be between %g and %g, got %g", lo, hi, x)
	default:
		return x, true
	}
	return 0, false
}

// FargateSizeCovering returns the smallest Linux task size Fargate runs that holds cpu units
// and memory MiB: the fewest CPU units whose memory range reaches memory, with the least
// memory of that range at or above it (fargateSizes; ECS-REFERENCE §6.1). A larger CPU size
// never takes less memory, so it is also the cheapest. ok is false above Fargate's largest.
func FargateSizeCovering(cpu, memory int64) (fcpu, fmem int64, ok bool) {
	for _, s := range fargateSizes {
		if s.cpu < cpu {
			continue
		}
		if i := slices.IndexFunc(s.memories, func(m int64) bool { return m >= memory }); i >= 0 {
			return s.cpu, s.memories[i], true
		}
	}
	return 0, 0, false
}
