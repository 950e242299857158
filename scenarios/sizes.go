package scenarios

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// sizeUnit is the unit of an integer key that holds a size.
type sizeUnit struct {
	name string                      // as messages name it
	read func(string) (int64, error) // a size written as a string, in this unit
}

// The units of sizes. A string is read as ECS's API reads a task's cpu and memory
// (ParseTaskCPU, ParseTaskMemory): "0.5 vCPU" is 512 CPU units, "1 GB" 1024 MiB; memory also
// takes the shorthands people write elsewhere, "512M" and "1G".
var (
	cpuUnit = sizeUnit{"CPU units (1024 a vCPU)", ParseTaskCPU}
	mibUnit = sizeUnit{"MiB", func(s string) (int64, error) {
		t := strings.ToLower(strings.TrimSpace(s))
		if strings.HasSuffix(t, "g") || strings.HasSuffix(t, "m") {
			t += "b"
		}
		return ParseTaskMemory(t)
	}}
)

// sizeKeys are the integer keys of scenario files that hold a size, by key name (in any
// table: each name means one unit wherever it is), with their unit. A size written as a string,
// such as memory = "512MB", stays an error: the file says what ECS's API takes, and the message
// says exactly what to write. ecs.config keys are found through ecsConfigKeys.
var sizeKeys = map[string]sizeUnit{
	"cpu":                cpuUnit,
	"memory":             mibUnit,
	"memory_reservation": mibUnit,
	"size_mib":           mibUnit,
	"reserved_memory":    mibUnit,
}

// sizeProblem is the message for got, a value of the wrong type at path, when path's key is a
// size: "memory is MiB, an integer: 512" when got reads as a size, or "memory is MiB, an
// integer, got string "lots"". ok is false for any other key.
func sizeProblem(path string, got any) (msg string, ok bool) {
	key := path[strings.LastIndexByte(path, '.')+1:]
	unit, ok := sizeKeys[key]
	if !ok {
		unit, ok = sizeKeys[ecsConfigKeys[key]]
	}
	if !ok {
		return "", false
	}
	want := fmt.Sprintf("%s is %s, an integer", key, unit.name)
	switch g := got.(type) { // a size to write instead, when it reads as one above 0
	case string:
		if n, err := unit.read(g); err == nil && n > 0 {
			return fmt.Sprintf("%s: %d", want, n), true
		}
	case float64:
		if g == math.Trunc(g) && g > 0 && g < 1<<53 {
			return fmt.Sprintf("%s: %d", want, int64(g)), true
		}
	}
	return want + ", got " + describe(got), true
}

// ParseTaskCPU reads a task's cpu as ECS's API takes it (ECS JSON, and strings in scenario files): CPU units ("1024") or vCPUs ("1 vCPU",
// "0.5 vCPU"; DG/task_definition_parameters).
func ParseTaskCPU(s string) (int64, error) {
	t := strings.TrimSpace(strings.ToLower(s))
	if v, ok := strings.CutSuffix(t, "vcpu"); ok {
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || !(f > 0 && f <= 1024) {
			return 0, errorf("want CPU units such as \"1024\" or vCPUs such as \"1 vCPU\", got %q", s)
		}
		return int64(math.Round(f * 1024)), nil
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n < 0 {
		return 0, errorf("want CPU units such as \"1024\" or vCPUs such as \"1 vCPU\", got %q", s)
	}
	return n, nil
}

// ParseTaskMemory reads a task's memory as ECS takes it: MiB ("2048") or GB ("2 GB", "2GB",
// "0.5 GB"), a GB being 1024 MiB as ECS counts it.
func ParseTaskMemory(s string) (int64, error) {
	t := strings.TrimSpace(strings.ToLower(s))
	for _, unit := range []string{"gib", "gb"} {
		if v, ok := strings.CutSuffix(t, unit); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil || !(f > 0 && f <= 1<<20) {
				break
			}
			return int64(math.Round(f * 1024)), nil
		}
	}
	t = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(t, "mib"), "mb"))
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n < 0 {
		return 0, errorf("want MiB such as \"2048\" or GB such as \"2 GB\", got %q", s)
	}
	return n, nil
}
