package refdata

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// recorder is a T that records what File asked of it.
type recorder struct{ skipped, failed string }

func (r *recorder) Helper()                           {}
func (r *recorder) Skipf(format string, args ...any)  { r.skipped = fmt.Sprintf(format, args...) }
func (r *recorder) Fatalf(format string, args ...any) { r.failed = fmt.Sprintf(format, args...) }

func TestFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "here.csv"), []byte("a\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	type outcome struct {
		Path           string
		Skipped, Fatal bool
	}
	cases := []struct {
		name, file, required string
		want                 outcome
	}{
		{"present", "here.csv", "", outcome{Path: filepath.Join(dir, "here.csv")}},
		{"absent skips", "gone.csv", "", outcome{Skipped: true}},
		{"absent fails when required", "gone.csv", "1", outcome{Fatal: true}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv(DirEnv, dir)
			t.Setenv(RequiredEnv, c.required)
			var r recorder
			got := outcome{Path: File(&r, c.file), Skipped: r.skipped != "", Fatal: r.failed != ""}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("File(%q) (-want +got):\n%s", c.file, diff)
			}
			if msg := r.skipped + r.failed; msg != "" && !strings.Contains(msg, c.file) {
				t.Errorf("the message does not name the file %s: %s", c.file, msg)
			}
		})
	}
}

// TestDirBesideModule checks the default: shared/data beside the folder holding go.mod.
func TestDirBesideModule(t *testing.T) {
	t.Setenv(DirEnv, "")
	got, err := Dir()
	if err != nil {
		t.Fatal(err)
	}
	wd, _ := os.Getwd() // internal/refdata, two folders below the module's root
	want := filepath.Join(filepath.Dir(filepath.Dir(filepath.Dir(wd))), "shared", "data")
	if got != want {
		t.Errorf("Dir() = %s, want %s", got, want)
	}
}
