package scenarios

import (
	"embed"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// exampleFS holds the examples and the files they name, such as an ecs.config for an instance
// group's agent_config.
//
//go:embed examples
var exampleFS embed.FS

// DefaultExample is the example `ecssim run` runs when given no scenario.
const DefaultExample = "web-and-batch"

// Example describes one embedded example scenario.
type Example struct {
	Name        string
	Description string
	Source      []byte
}

// Examples returns the embedded examples, sorted by name.
func Examples() []Example {
	entries, _ := exampleFS.ReadDir("examples")
	var out []Example
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".toml")
		if !ok {
			continue // a file an example names
		}
		src, _ := exampleFS.ReadFile(path.Join("examples", e.Name()))
		ex := Example{Name: name, Source: src}
		if sc, err := Load(src, "example:"+name); err == nil {
			ex.Description = sc.Description
		}
		out = append(out, ex)
	}
	slices.SortFunc(out, func(a, b Example) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// LoadExample loads the named embedded example.
func LoadExample(name string) (*Scenario, error) {
	src, err := exampleFS.ReadFile(path.Join("examples", name+".toml"))
	if err != nil {
		var names []string
		for _, e := range Examples() {
			names = append(names, e.Name)
		}
		return nil, errorf("no example %q (examples: %s)", name, strings.Join(names, ", "))
	}
	return Load(src, "example:"+name)
}

// readExampleFile reads a file an example names, from the embedded examples directory.
func readExampleFile(name string) ([]byte, error) {
	return exampleFS.ReadFile(path.Join("examples", filepath.ToSlash(name)))
}
