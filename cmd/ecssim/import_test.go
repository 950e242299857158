package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecssim/ecssim/scenarios"
)

const jsonDir = "../../scenarios/testdata/ecsjson"

// TestImport imports the test files to stdout and to a file, and runs what it wrote.
func TestImport(t *testing.T) {
	files := []string{filepath.Join(jsonDir, "fargate-web-taskdef.json"), filepath.Join(jsonDir, "fargate-web-service.json")}
	code, stdout, stderr := ecssim(t, append([]string{"import", "-duration", "30m"}, files...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	sc, err := scenarios.Load([]byte(stdout), "stdout.toml")
	if err != nil {
		t.Fatal(err)
	}
	if sc.Name != "fargate-web-taskdef" || sc.Duration.String() != "30m0s" {
		t.Errorf("name %q, duration %v; want the first file's name and 30m", sc.Name, sc.Duration)
	}

	out := filepath.Join(t.TempDir(), "web.toml")
	code, stdout, stderr = ecssim(t, append([]string{"import", "-o", out, "-name", "web"}, files...)...)
	if code != 0 || stdout != "" {
		t.Fatalf("exit %d, stdout %q: %s", code, stdout, stderr)
	}
	code, stdout, stderr = ecssim(t, "run", out)
	if code != 0 || !strings.Contains(stdout, "scenario    web") {
		t.Fatalf("run of the import: exit %d\n%s%s", code, stdout, stderr)
	}
	if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 1 {
		t.Errorf("-o left %d files, want 1", len(entries))
	}
}

func TestImportErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte("{\n  \"family\": \"web\",\n  \"cpu\": \"256\"\n  \"memory\": \"512\"\n}\n"), 0o644)
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"no files", []string{"import"}, "name one JSON file"},
		{"missing file", []string{"import", filepath.Join(dir, "none.json")}, "no such file"},
		{"malformed JSON", []string{"import", bad}, bad + ":4:3: malformed JSON"},
		{"bad flag", []string{"import", "-x", bad}, "unknown flag -x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := ecssim(t, tt.args...)
			if code != 2 || stdout != "" || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, stdout %q, stderr %q; want 2, nothing, and %q", code, stdout, stderr, tt.stderr)
			}
		})
	}
}
