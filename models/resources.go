package models

import "fmt"

// Resources is an amount of the two resources every placement checks: CPU in ECS units (1024
// per vCPU) and memory in MiB.
type Resources struct {
	CPU       int64
	MemoryMiB int64
}

// Add returns r+o.
func (r Resources) Add(o Resources) Resources {
	return Resources{CPU: r.CPU + o.CPU, MemoryMiB: r.MemoryMiB + o.MemoryMiB}
}

// Sub returns r-o.
func (r Resources) Sub(o Resources) Resources {
	return Resources{CPU: r.CPU - o.CPU, MemoryMiB: r.MemoryMiB - o.MemoryMiB}
}

// Fits reports whether need fits in r, in both dimensions.
func (r Resources) Fits(need Resources) bool {
	return need.CPU <= r.CPU && need.MemoryMiB <= r.MemoryMiB
}

// String formats r as "512 CPU, 1024 MiB".
func (r Resources) String() string {
	return fmt.Sprintf("%d CPU, %d MiB", r.CPU, r.MemoryMiB)
}
