package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestWrite(t *testing.T) {
	tests := []struct {
		name string
		old  string // the file's content before, "" for none
		data string
	}{
		{"new file", "", "one\n"},
		{"replaced", "old content\n", "new\n"},
		{"emptied", "old\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "f.json")
			if tt.old != "" {
				os.WriteFile(path, []byte(tt.old), 0o600)
			}
			if err := Write(path, []byte(tt.data)); err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(path)
			if err != nil || string(b) != tt.data {
				t.Errorf("read %q, %v; want %q", b, err, tt.data)
			}
			if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
				t.Errorf("mode %v, want 0644", fi.Mode().Perm())
			}
			if names, _ := os.ReadDir(dir); len(names) != 1 {
				t.Errorf("%d files in the folder, want 1: no temporary file left", len(names))
			}
		})
	}
}

func TestWriteFails(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing", "f.json")
	if err := Write(path, []byte("x")); err == nil {
		t.Error("wrote into a folder that does not exist")
	}
}

// TestWhere holds where each kind of path is written: a symlink's target (the link kept), a
// FIFO or a device in place (never renamed over), and errors that name the path.
func TestWhere(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string) string // makes the output path, or skips
		check func(t *testing.T, path string, err error)
	}{
		{"regular file", func(t *testing.T, dir string) string {
			return filepath.Join(dir, "f")
		}, wantContent},
		{"symlink", func(t *testing.T, dir string) string {
			os.WriteFile(filepath.Join(dir, "target"), []byte("old"), 0o644)
			return symlink(t, "target", filepath.Join(dir, "link"))
		}, wantLinkKept},
		{"dangling symlink", func(t *testing.T, dir string) string {
			return symlink(t, "new", filepath.Join(dir, "link"))
		}, wantLinkKept},
		{"symlink to a symlink", func(t *testing.T, dir string) string {
			symlink(t, "target", filepath.Join(dir, "link1"))
			return symlink(t, "link1", filepath.Join(dir, "link2"))
		}, wantLinkKept},
		{"fifo", fifo, wantInPlace(os.ModeNamedPipe)},
		{"/dev/null", device("/dev/null"), wantInPlace(os.ModeDevice)},
		{"/dev/full", device("/dev/full"), wantErr("write", syscall.ENOSPC)},
		{"directory", func(t *testing.T, dir string) string { return dir }, wantErr("create", nil)},
		{"missing folder", func(t *testing.T, dir string) string {
			return filepath.Join(dir, "missing", "f")
		}, wantErr("create", syscall.ENOENT)},
		{"file as folder", func(t *testing.T, dir string) string {
			os.WriteFile(filepath.Join(dir, "file"), nil, 0o644)
			return filepath.Join(dir, "file", "f")
		}, wantErr("create", syscall.ENOTDIR)},
		{"read-only folder", readOnly, wantErr("create", syscall.EACCES)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := tt.setup(t, t.TempDir())
			err := Write(path, []byte(content))
			tt.check(t, path, err)
			if names, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*.tmp*")); len(names) > 0 {
				t.Errorf("temporary files left behind: %v", names)
			}
		})
	}
}

const content = "data\n"

func symlink(t *testing.T, target, link string) string {
	if err := os.Symlink(target, link); err != nil {
		t.Skip("no symlinks here:", err)
	}
	return link
}

// fifo makes a FIFO and reads it in a goroutine, checking that it gets the content.
func fifo(t *testing.T, dir string) string {
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
		if s := <-got; s != content {
			t.Errorf("the FIFO's reader got %q, want %q", s, content)
		}
	})
	return path
}

func device(path string) func(*testing.T, string) string {
	return func(t *testing.T, _ string) string {
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			t.Skip(path, "is not writable here:", err)
		}
		f.Close()
		return path
	}
}

func readOnly(t *testing.T, dir string) string {
	if os.Geteuid() == 0 {
		t.Skip("root writes into read-only folders")
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	return filepath.Join(dir, "f")
}

func wantContent(t *testing.T, path string, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != content {
		t.Errorf("read %q, %v; want %q", b, err, content)
	}
}

func wantLinkKept(t *testing.T, path string, err error) {
	t.Helper()
	wantContent(t, path, err)
	if fi, err := os.Lstat(path); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("%s is no longer a symlink: %v, %v", path, fi.Mode(), err)
	}
}

func wantInPlace(mode os.FileMode) func(*testing.T, string, error) {
	return func(t *testing.T, path string, err error) {
		if err != nil {
			t.Fatal(err)
		}
		if fi, err := os.Lstat(path); err != nil || fi.Mode()&mode == 0 {
			t.Errorf("%s was replaced: mode %v, %v", path, fi.Mode(), err)
		}
	}
}

// wantErr wants an error for op naming path, wrapping errno unless it is 0.
func wantErr(op string, errno error) func(*testing.T, string, error) {
	return func(t *testing.T, path string, err error) {
		var pe *Error
		if !errors.As(err, &pe) || pe.Op != op || pe.Path != path {
			t.Fatalf("error %v, want one for %s %s", err, op, path)
		}
		if errno != nil && !errors.Is(err, errno) {
			t.Errorf("error %v, want %v", err, errno)
		}
		if !strings.Contains(err.Error(), path) {
			t.Errorf("error %q does not name %s", err, path)
		}
	}
}

func TestAbort(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f")
	os.WriteFile(path, []byte("old"), 0o644)
	f, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("new"))
	f.Abort()
	f.Abort() // twice: a deferred Abort after an explicit one
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("read %q after Abort, want the old content", b)
	}
	if names, _ := os.ReadDir(dir); len(names) != 1 {
		t.Errorf("%d files in the folder after Abort, want 1", len(names))
	}
	if err := f.Commit(); err == nil {
		t.Error("Commit after Abort succeeded")
	}
}
