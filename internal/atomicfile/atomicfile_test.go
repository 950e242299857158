package atomicfile

import (
	"os"
	"path/filepath"
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
