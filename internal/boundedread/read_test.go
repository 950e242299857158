package boundedread

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	lim := Limit{Bytes: 16, What: "a test file"}
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	fifo := filepath.Join(dir, "fifo")
	if err := mkfifo(fifo); err != nil {
		fifo = "" // no FIFOs on this platform
	}
	tests := []struct {
		name, path string
		want       string // the file's content, or a substring of the error
		ok         bool
	}{
		{"a regular file", write("ok", "name = \"x\"\n"), "name = \"x\"\n", true},
		{"exactly the limit", write("full", strings.Repeat("a", 16)), strings.Repeat("a", 16), true},
		{"empty", write("empty", ""), "", true},
		{"one byte over", write("over", strings.Repeat("a", 17)), "over: larger than 16 bytes, the most ecssim reads of a test file", false},
		{"a directory", dir, dir + ": not a regular file (a directory)", false},
		{"a FIFO with no writer", fifo, fifo + ": not a regular file (a FIFO)", false},
		{"/dev/zero", "/dev/zero", "/dev/zero: not a regular file (a character device)", false},
		{"missing", filepath.Join(dir, "missing"), "no such file", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.path == "" {
				t.Skip("no FIFOs here")
			}
			if _, err := os.Stat(tt.path); tt.path == "/dev/zero" && err != nil {
				t.Skip("no /dev/zero here")
			}
			got, err := within(t, func() ([]byte, error) { return ReadFile(tt.path, lim) })
			switch {
			case tt.ok && (err != nil || string(got) != tt.want):
				t.Errorf("ReadFile = %q, %v; want %q", got, err, tt.want)
			case !tt.ok && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("ReadFile = %q, %v; want an error containing %q", got, err, tt.want)
			}
		})
	}
}

// within runs read, failing the test if it has not returned in seconds: a FIFO must be
// refused, not waited on.
func within(t *testing.T, read func() ([]byte, error)) ([]byte, error) {
	t.Helper()
	type result struct {
		b   []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		b, err := read()
		done <- result{b, err}
	}()
	select {
	case r := <-done:
		return r.b, r.err
	case <-time.After(10 * time.Second):
		t.Fatal("the read did not return in 10s")
		return nil, nil
	}
}

// TestMissing checks that a missing file still reads as fs.ErrNotExist, which loaders tell
// apart ("does not exist (a relative path is read from ...)").
func TestMissing(t *testing.T) {
	_, err := Open(filepath.Join(t.TempDir(), "no"), Limit{Bytes: 1})
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Open of a missing file = %v; want fs.ErrNotExist", err)
	}
}

// TestGrowing checks that the limit holds for a file that grows after it is opened.
func TestGrowing(t *testing.T) {
	p := filepath.Join(t.TempDir(), "log")
	if err := os.WriteFile(p, []byte("12345678"), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := Open(p, Limit{Bytes: 8, What: "a log"})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("9")
	f.Close()
	_, err = io.ReadAll(r)
	var be *Error
	if !errors.As(err, &be) || !strings.Contains(be.Reason, "larger than 8 bytes") {
		t.Errorf("reading a file grown past its limit: %v; want an *Error", err)
	}
}

func TestSize(t *testing.T) {
	for n, want := range map[int64]string{8 << 20: "8 MiB", 1 << 30: "1 GiB", 64 << 10: "64 KiB", 1500: "1500 bytes"} {
		if got := Size(n); got != want {
			t.Errorf("Size(%d) = %q, want %q", n, got, want)
		}
	}
}
