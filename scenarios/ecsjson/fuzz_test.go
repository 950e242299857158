package ecsjson

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecssim/ecssim/scenarios"
)

// FuzzImport feeds Import arbitrary bytes: it must never panic, and what it returns without an
// error must load (Import loads it before returning; this checks that promise too).
func FuzzImport(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("..", "testdata", "ecsjson", "*.json"))
	for _, p := range paths {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`[{"family": "x", "containerDefinitions": [{"name": "a", "memory": 512}]}, {"serviceName": "s", "taskDefinition": "x"}]`))
	f.Add([]byte(`{"cpu": ]`))
	f.Add([]byte(strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth)))
	f.Add([]byte(`{"a": "[[[", "b": ` + strings.Repeat(`{"c": `, MaxDepth+1)))
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := Import([]File{{Name: "f.json", Data: data}}, Options{})
		if err != nil {
			return
		}
		if _, err := scenarios.Load(out, "imported.toml"); err != nil {
			t.Fatalf("Import returned a scenario that does not load: %v\n%s", err, out)
		}
	})
}
