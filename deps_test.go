package ecssim_test

import (
	"go/build"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/ecssim/ecssim"

// allowed is the import policy, as data: each package and the project packages and external
// modules its non-test files may import. Imports point down the layer graph
// cmd → experiment, replay → explain, scenarios/ecsjson → scenarios → scheduler → models → sim, with
// reports → models beside scenarios (experiment imports both); scenarios' own formats
// (tracefile, internal/tomlpos) sit under scenarios and import nothing of it; sim uses the
// standard library only.
// Do not relax it to fix a build: move the code to the layer it belongs in.
var allowed = map[string][]string{
	"sim":                 {},
	"internal/refdata":    {}, // tests' access to the reference data beside the repository
	"internal/atomicfile": {}, // a file written whole or not at all
	"models":              {"sim", "gonum.org/v1/gonum"},
	"models/modelstest":   {"models"},
	"scheduler":           {"internal/blockset", "models", "sim"},
	"internal/blockset":   {}, // an ordered set of uint64 keys in sorted blocks, with rank and select
	"scheduler/schedtest": {"models", "models/modelstest", "scheduler"},
	"kubesched":           {"models", "sim"}, // kube-scheduler's default profile, a models.Placer beside scheduler
	"scenarios":           {"internal/boundedread", "internal/cut", "kubesched", "models", "scheduler", "scenarios/internal/tomlpos", "scenarios/tracefile", "sim", "github.com/BurntSushi/toml"},
	"reports":             {"internal/atomicfile", "internal/cut", "models", "sim", "gonum.org/v1/gonum", "gonum.org/v1/plot"},
	"explain":             {"kubesched", "models", "scheduler", "sim"},
	"replay":              {"explain", "kubesched", "models", "reports", "scheduler", "sim"},
	"experiment":          {"internal/atomicfile", "internal/boundedread", "models", "reports", "scenarios", "scheduler", "sim"},
	"cmd/ecssim":          {"experiment", "explain", "internal/atomicfile", "internal/boundedread", "internal/cut", "models", "replay", "reports", "scenarios", "scenarios/ecsjson", "scheduler", "sim", "github.com/schollz/progressbar/v3", "golang.org/x/term"},
	"deploy":              {}, // doc.go only: its test checks the deployment manifests

	// Values quoted in messages, cut to a length a reader can take: one rule for every package.
	"internal/cut": {},

	// A file the user names, refused unless regular and read within its kind's size.
	"internal/boundedread": {},

	// One file format per package under scenarios: the formats scenarios reads import none of
	// it; ecsjson, which writes scenario files, imports it.
	"scenarios/internal/tomlpos": {}, // where keys sit in TOML files, for file:line:col
	"scenarios/ecsjson":          {"internal/cut", "models", "scenarios", "scenarios/internal/tomlpos"},
	"scenarios/tracefile":        {"internal/cut", "models"},
}

func TestImportGraph(t *testing.T) {
	seen := map[string]bool{}
	err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if path != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		pkg, err := build.ImportDir(path, 0)
		if err != nil || path == "." {
			return nil // no Go files, or the root's test-only package
		}
		rel := filepath.ToSlash(path)
		seen[rel] = true
		rules, ok := allowed[rel]
		if !ok {
			t.Errorf("package %s is not in the import policy", rel)
			return nil
		}
		for _, imp := range pkg.Imports {
			if !strings.Contains(strings.Split(imp, "/")[0], ".") {
				continue // the standard library
			}
			target := strings.TrimPrefix(strings.TrimPrefix(imp, module), "/")
			ok := slices.ContainsFunc(rules, func(r string) bool {
				return target == r || strings.HasPrefix(imp, r+"/") || imp == r
			})
			if !ok {
				t.Errorf("%s imports %s, which the policy does not allow", rel, imp)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for pkg := range allowed {
		if !seen[pkg] {
			t.Errorf("the policy lists %s, which does not exist", pkg)
		}
	}
}
