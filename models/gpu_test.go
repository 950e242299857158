package models

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// gpuDef is a task definition of 256 CPU units and 512 MiB asking for whole GPUs on its one
// container (resourceRequirements GPU) or for a share of one GPU (ecssim's extension).
func gpuDef(whole int, share int64) *TaskDefinition {
	d := &TaskDefinition{Family: "g", Revision: 1, CPU: 256, MemoryMiB: 512, NetworkMode: Bridge,
		Containers: []Container{{Name: "g", GPUs: whole}}, GPUShareMilli: share}
	d.Finalize()
	return d
}

// TestGPUDevices: whole GPUs need wholly free devices and take the lowest-numbered; a share
// needs one device with that much left and goes to the one it fits most tightly.
func TestGPUDevices(t *testing.T) {
	tests := []struct {
		name     string
		devices  gpuDevices
		milli    int64
		prefer   int
		fits     bool
		wantMask uint32
		after    gpuDevices
	}{
		{"a whole GPU takes the first wholly free", gpuDevices{400, 1000, 1000}, 1000, -1, true, 0b010, gpuDevices{400, 0, 1000}},
		{"two whole GPUs, skipping a shared one", gpuDevices{1000, 999, 1000, 1000}, 2000, -1, true, 0b101, gpuDevices{0, 999, 0, 1000}},
		{"whole GPUs do not gather shares", gpuDevices{500, 500, 1000}, 2000, -1, false, 0, nil},
		{"a share goes where it fits most tightly", gpuDevices{1000, 600, 300}, 300, -1, true, 0b100, gpuDevices{1000, 600, 0}},
		{"a share's tie goes to the lowest device", gpuDevices{500, 500}, 460, -1, true, 0b01, gpuDevices{40, 500}},
		{"a share goes to the device a strategy chose", gpuDevices{1000, 600, 300}, 300, 0, true, 0b001, gpuDevices{700, 600, 300}},
		{"a chosen device too small is overruled", gpuDevices{1000, 200}, 300, 1, true, 0b01, gpuDevices{700, 200}},
		{"a share never spans devices", gpuDevices{300, 300}, 500, -1, false, 0, nil},
		{"no GPUs", nil, 100, -1, false, 0, nil},
		{"no request fits anywhere", nil, 0, -1, true, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.devices.fits(tt.milli); got != tt.fits {
				t.Fatalf("fits(%d) = %v, want %v", tt.milli, got, tt.fits)
			}
			if !tt.fits || tt.milli == 0 {
				return
			}
			before := append(gpuDevices(nil), tt.devices...)
			mask := tt.devices.take(tt.milli, tt.prefer)
			if mask != tt.wantMask {
				t.Errorf("take = %b, want %b", mask, tt.wantMask)
			}
			if diff := cmp.Diff(tt.after, tt.devices); diff != "" {
				t.Errorf("devices after take (-want +got):\n%s", diff)
			}
			tt.devices.give(tt.milli, mask)
			if diff := cmp.Diff(before, tt.devices); diff != "" {
				t.Errorf("give does not undo take (-want +got):\n%s", diff)
			}
		})
	}
}

// TestGPUPlacement places whole-GPU and shared tasks on a g5.12xlarge (4 A10G GPUs,
// catalog), then stops them: fit, the devices each task holds, and the release.
func TestGPUPlacement(t *testing.T) {
	agent := DefaultAgentConfig()
	typ, _ := LookupInstanceType("g5.12xlarge")
	c := NewCluster("default", time.Time{}, TieOldest, 1)
	in := c.Register(InstanceSpec{Type: typ, Zone: "us-east-1a", Agent: &agent}, 1, 0)
	two, share := gpuDef(2, 0), gpuDef(0, 460)
	var tasks []*Task
	place := func(id string, d *TaskDefinition) {
		task := &Task{ID: id, Def: d, Group: "family:g", State: Provisioning}
		c.Place(task, in, 0)
		tasks = append(tasks, task)
	}
	place("a", two)   // devices 0 and 1
	place("b", share) // device 2: 540 left
	place("c", share) // device 2 again, the tightest: 80 left
	if !in.GPUFits(share) || in.GPUFits(two) {
		t.Errorf("with %v free, a share fits: %v (want true), two whole GPUs fit: %v (want false)", in.GPUDevices(), in.GPUFits(share), in.GPUFits(two))
	}
	if got := in.Lacks(two); !got.GPUs || got.CPU || got.Memory {
		t.Errorf("Lacks(two GPUs) = %v, want gpus alone", got)
	}
	masks := []uint32{tasks[0].GPUMask, tasks[1].GPUMask, tasks[2].GPUMask}
	if diff := cmp.Diff([]uint32{0b0011, 0b0100, 0b0100}, masks); diff != "" {
		t.Errorf("devices held (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int16{0, 0, 80, 1000}, in.GPUDevices()); diff != "" {
		t.Errorf("devices free (-want +got):\n%s", diff)
	}
	if got, want := in.Used().GPUMilli, int64(2920); got != want {
		t.Errorf("GPU used %d thousandths, want %d", got, want)
	}
	if err := CheckCluster(c); err != nil {
		t.Fatal(err)
	}
	for _, task := range tasks {
		c.FinishStop(task, 0, "done")
	}
	if diff := cmp.Diff([]int16{1000, 1000, 1000, 1000}, in.GPUDevices()); diff != "" {
		t.Errorf("devices after every stop (-want +got):\n%s", diff)
	}
}

// TestInvariantsCatchGPUCorruption: a task holding a device its instance does not count, and a
// device over-committed, are both reported.
func TestInvariantsCatchGPUCorruption(t *testing.T) {
	agent := DefaultAgentConfig()
	typ, _ := LookupInstanceType("g5.12xlarge")
	c := NewCluster("default", time.Time{}, TieOldest, 1)
	in := c.Register(InstanceSpec{Type: typ, Zone: "us-east-1a", Agent: &agent}, 1, 0)
	task := &Task{ID: "a", Def: gpuDef(0, 700), Group: "family:g", State: Provisioning}
	c.Place(task, in, 0)
	task.GPUMask = 0b10 // the instance took device 0
	err := CheckCluster(c)
	if err == nil || !strings.Contains(err.Error(), "GPUs have [300 1000 1000 1000] free, but its tasks leave [1000 300 1000 1000]") {
		t.Errorf("CheckCluster = %v, want the devices' disagreement", err)
	}
	task.GPUMask = 0b11
	if err := CheckCluster(c); err == nil || !strings.Contains(err.Error(), "holds devices 11 of 4") {
		t.Errorf("CheckCluster = %v, want a share held on two devices", err)
	}
}

// TestGPUSupportOff: with ECS_ENABLE_GPU_SUPPORT false the agent registers no GPU (DG/ecs-gpu),
// so a g5.12xlarge registers none and a GPU task does not fit it.
func TestGPUSupportOff(t *testing.T) {
	agent := DefaultAgentConfig()
	agent.EnableGPUSupport = false
	typ, _ := LookupInstanceType("g5.12xlarge")
	c := NewCluster("default", time.Time{}, TieOldest, 1)
	in := c.Register(InstanceSpec{Type: typ, Zone: "us-east-1a", Agent: &agent}, 1, 0)
	if in.Registered.GPUMilli != 0 || len(in.GPUDevices()) != 0 || in.CanHost(gpuDef(1, 0)) {
		t.Errorf("registered %d thousandths on %d devices, a GPU task fits: %v; want none", in.Registered.GPUMilli, len(in.GPUDevices()), in.CanHost(gpuDef(1, 0)))
	}
}
