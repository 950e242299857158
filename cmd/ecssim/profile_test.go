package main

import (
	"os"
	"testing"
)

// TestCPUProfileWriteError: pprof drops the CPU profile's write errors, so a profile written
// to a full disk ended as a success; the error is kept and the command exits 1 naming the file.
func TestCPUProfileWriteError(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full here")
	}
	checkCommand(t, []string{"run", "-cpuprofile", "/dev/full", "example:port-bound"}, 1, nil,
		[]string{"-cpuprofile: cannot write /dev/full: no space left on device"})
}
