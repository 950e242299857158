package main

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestRunOutputs: run's outputs under hostile paths and sizes. A device that cannot be
// written is an error naming it, a symlink is written through and kept, a FIFO is written in
// place, -sample is held to the time series' cap and -trace-max cuts the trace, saying so.
func TestRunOutputs(t *testing.T) {
	tests := []struct {
		name   string
		args   func(t *testing.T, dir string) []string
		code   int
		stderr string
		check  func(t *testing.T, dir string)
	}{
		{"a full device", func(t *testing.T, dir string) []string {
			writable(t, "/dev/full")
			return []string{"-trace", "/dev/full"}
		}, 1, "cannot write /dev/full: no space left on device", nil},
		{"-out on a full device", func(t *testing.T, dir string) []string {
			writable(t, "/dev/full")
			return []string{"-out", "/dev/full"}
		}, 1, "/dev/full", nil},
		{"-sample 1ns", func(t *testing.T, dir string) []string {
			return []string{"-out", filepath.Join(dir, "out"), "-sample", "1ns"}
		}, 2, "-sample: a time series every 1ns would write", func(t *testing.T, dir string) {
			if _, err := os.Stat(filepath.Join(dir, "out")); err == nil {
				t.Error("the refused run made its -out folder")
			}
		}},
		{"a symlinked trace", func(t *testing.T, dir string) []string {
			if err := os.Symlink("target.jsonl", filepath.Join(dir, "link.jsonl")); err != nil {
				t.Skip("no symlinks here:", err)
			}
			return []string{"-trace", filepath.Join(dir, "link.jsonl")}
		}, 0, "", func(t *testing.T, dir string) {
			if fi, err := os.Lstat(filepath.Join(dir, "link.jsonl")); err != nil || fi.Mode()&os.ModeSymlink == 0 {
				t.Errorf("the link was replaced: %v, %v", fi.Mode(), err)
			}
			if b, err := os.ReadFile(filepath.Join(dir, "target.jsonl")); err != nil || !strings.HasPrefix(string(b), `{"t":0,`) {
				t.Errorf("the link's target holds %.40q, %v; want the trace", b, err)
			}
		}},
		{"a FIFO", fifoTrace, 0, "", nil},
		{"-trace-max", func(t *testing.T, dir string) []string {
			return []string{"-trace", filepath.Join(dir, "t.jsonl"), "-trace-max", "1KiB"}
		}, 0, "run: the trace reached -trace-max 1KiB and was cut before event", func(t *testing.T, dir string) {
			b, _ := os.ReadFile(filepath.Join(dir, "t.jsonl"))
			lines := strings.Split(strings.TrimSpace(string(b)), "\n")
			if last := lines[len(lines)-1]; len(b) > 1200 || !strings.Contains(last, `"kind":"TraceCut"`) {
				t.Errorf("%d bytes, last line %s; want 1 KiB and a TraceCut line", len(b), last)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			args := append(append([]string{"run"}, tt.args(t, dir)...), "example:port-bound")
			code, _, errs := ecssim(t, args...)
			if code != tt.code || !strings.Contains(errs, tt.stderr) {
				t.Errorf("exit %d, want %d with %q; stderr:\n%s", code, tt.code, tt.stderr, errs)
			}
			if tt.check != nil {
				tt.check(t, dir)
			}
			if names, _ := filepath.Glob(filepath.Join(dir, ".*.tmp*")); len(names) > 0 {
				t.Errorf("temporary files left: %v", names)
			}
		})
	}
}

func writable(t *testing.T, path string) {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Skip(path, "is not writable here:", err)
	}
	f.Close()
}

// fifoTrace makes a FIFO for -trace, and a reader that checks the trace came through it.
func fifoTrace(t *testing.T, dir string) []string {
	path := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	got := make(chan string, 1)
	go func() {
		b, _ := os.ReadFile(path)
		got <- string(b)
	}()
	t.Cleanup(func() {
		if s := <-got; !strings.HasPrefix(s, `{"t":0,`) {
			t.Errorf("the FIFO's reader got %.40q, want the trace", s)
		}
		if fi, err := os.Lstat(path); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
			t.Errorf("the FIFO was replaced: %v, %v", fi.Mode(), err)
		}
	})
	return []string{"-trace", path}
}

// TestRunInterrupt: an interrupted run writes no file and leaves no temporary one.
func TestRunInterrupt(t *testing.T) {
	defer func(f func() (context.Context, context.CancelFunc)) { interrupted = f }(interrupted)
	interrupted = func() (context.Context, context.CancelFunc) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel() // Ctrl-C before the first slice of the run
		return ctx, cancel
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	code, _, errs := ecssim(t, "run", "-out", out, "-trace", filepath.Join(dir, "t.jsonl"), "example:port-bound")
	if code != 1 || !strings.Contains(errs, "interrupted") {
		t.Errorf("exit %d, stderr:\n%s", code, errs)
	}
	for _, d := range []string{dir, out} {
		names, _ := os.ReadDir(d)
		for _, n := range names {
			if !n.IsDir() {
				t.Errorf("%s left in %s", n.Name(), d)
			}
		}
	}
}

// TestImportThroughLink: import -o through a symlink writes its target and keeps the link.
func TestImportThroughLink(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, "link.toml")
	if err := os.Symlink("target.toml", link); err != nil {
		t.Skip("no symlinks here:", err)
	}
	code, _, errs := ecssim(t, "import", "-o", link, filepath.Join(jsonDir, "fargate-web-taskdef.json"), filepath.Join(jsonDir, "fargate-web-service.json"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v, %v", fi.Mode(), err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "target.toml")); err != nil || len(b) == 0 {
		t.Errorf("the target holds %d bytes, %v", len(b), err)
	}
}

// TestReadUntil: an interrupt ends a read that waits for a key.
func TestReadUntil(t *testing.T) {
	pr, pw := io.Pipe() // never written: a terminal nobody types at
	defer pw.Close()
	ctx, cancel := context.WithCancel(context.Background())
	r := readUntil(ctx, pr)
	done := make(chan error, 1)
	go func() {
		_, err := r.Read(make([]byte, 8))
		done <- err
	}()
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Read after the interrupt: %v, want context.Canceled", err)
	}
	b, err := io.ReadAll(readUntil(context.Background(), strings.NewReader("q\n")))
	if string(b) != "q\n" || err != nil {
		t.Errorf("read %q, %v; want the input whole", b, err)
	}
}

func TestSizeFlag(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"0", 0, true}, {"1000", 1000, true}, {"512MiB", 512 << 20, true}, {"10GiB", 10 << 30, true},
		{"3KiB", 3 << 10, true}, {"1TiB", 1 << 40, true}, {"7B", 7, true},
		{"-1", 0, false}, {"10GB", 0, false}, {"x", 0, false}, {"9999999TiB", 0, false},
	}
	for _, tt := range tests {
		var f sizeFlag
		err := f.Set(tt.in)
		if (err == nil) != tt.ok || (tt.ok && int64(f) != tt.want) {
			t.Errorf("Set(%q) = %d, %v; want %d, ok %v", tt.in, f, err, tt.want, tt.ok)
		}
	}
	if s := sizeFlag(defaultTraceMax).String(); s != "10GiB" {
		t.Errorf("the default prints as %s, want 10GiB", s)
	}
}
