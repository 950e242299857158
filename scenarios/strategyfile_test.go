package scenarios

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestLoadStrategies: presets, chains and strategy files come back in order, named as given (a
// file by its name key, or else its file name); a name given twice, by any route, is a
// DuplicateStrategyError.
func TestLoadStrategies(t *testing.T) {
	file := filepath.Join(t.TempDir(), "random.toml")
	if err := os.WriteFile(file, []byte(`placement_strategy = [{ type = "random" }]`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		args  []string
		names []string
		err   string
	}{
		{"a preset and a chain", []string{"binpack-memory", "spread(instanceId),binpack(cpu)"},
			[]string{"binpack-memory", "spread(instanceId),binpack(cpu)"}, ""},
		{"a file by its name", []string{file, "binpack-cpu"}, []string{"random", "binpack-cpu"}, ""},
		{"twice", []string{"random", "binpack-cpu", "random"}, nil, "strategy random given twice"},
		{"twice, once from a file", []string{"random", file}, nil, "strategy random given twice"},
		{"unknown", []string{"binpack-cpu", "bogus"}, nil, `unknown placement strategy type "bogus"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := LoadStrategies(c.args)
			var names []string
			for _, ns := range got {
				names = append(names, ns.Name)
			}
			if diff := cmp.Diff(c.names, names); diff != "" {
				t.Errorf("names (-want +got):\n%s", diff)
			}
			if (err == nil) != (c.err == "") || err != nil && !strings.HasPrefix(err.Error(), c.err) {
				t.Errorf("error %v, want one that starts %q", err, c.err)
			}
		})
	}
}
