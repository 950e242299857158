//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestHostileInputs checks that a device or a FIFO named as input is refused by name with
// exit status 2, at once: never read until memory runs out, never waited on.
func TestHostileInputs(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.toml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		fifo = ""
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"validate", "/dev/zero"}, "/dev/zero: not a regular file (a character device)"},
		{[]string{"validate", fifo}, fifo + ": not a regular file (a FIFO)"},
		{[]string{"run", "/dev/urandom"}, "/dev/urandom: not a regular file (a character device)"},
		{[]string{"validate", dir}, dir + ": not a regular file (a directory)"},
		{[]string{"import", "/dev/zero"}, "/dev/zero: not a regular file (a character device)"},
		{[]string{"sweep", "/dev/zero"}, "/dev/zero: not a regular file (a character device)"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			if tt.args[1] == "" {
				t.Skip("no FIFOs here")
			}
			if _, err := os.Stat(tt.args[1]); err != nil {
				t.Skipf("no %s here", tt.args[1])
			}
			type result struct {
				code      int
				out, errs string
			}
			done := make(chan result, 1)
			go func() {
				code, out, errs := ecssim(t, tt.args...)
				done <- result{code, out, errs}
			}()
			select {
			case r := <-done:
				if r.code != 2 || !strings.Contains(r.out+r.errs, tt.want) {
					t.Errorf("exit status %d, stdout %q, stderr %q; want 2 and %q", r.code, r.out, r.errs, tt.want)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("ecssim did not return in 10s")
			}
		})
	}
}
