package refdata

import (
	"errors"
	"os"
	"path/filepath"
)

// DirEnv names a folder holding the reference files, instead of ../shared/data beside the
// repository.
const DirEnv = "ECSSIM_REFERENCE_DATA"

// RequiredEnv, set to 1, makes a missing reference file fail the test instead of skipping it.
const RequiredEnv = "ECSSIM_REFERENCE_DATA_REQUIRED"

// T is the part of *testing.T that File uses.
type T interface {
	Helper()
	Skipf(format string, args ...any)
	Fatalf(format string, args ...any)
}

// File returns the absolute path of the reference file name. When the file is absent it
// skips the test, saying which file it lacks and where it looked, or fails it under
// RequiredEnv.
func File(t T, name string) string {
	t.Helper()
	dir, err := Dir()
	if err == nil {
		p := filepath.Join(dir, name)
		if _, err = os.Stat(p); err == nil {
			return p
		}
	}
	if os.Getenv(RequiredEnv) == "1" {
		t.Fatalf("reference data %s is required (%s=1) but missing: %v", name, RequiredEnv, err)
	} else {
		t.Skipf("needs the reference file %s, which a clone of the repository alone lacks (%v): put it in ../shared/data beside the repository, or name its folder in $%s",
			name, err, DirEnv)
	}
	return ""
}

// Dir returns the folder the reference files are looked for in: $ECSSIM_REFERENCE_DATA, else
// shared/data beside the module's root.
func Dir() (string, error) {
	if d := os.Getenv(DirEnv); d != "" {
		return filepath.Abs(d)
	}
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	return filepath.Join(filepath.Dir(root), "shared", "data"), nil
}

// moduleRoot returns the nearest folder at or above the working directory (a test's package
// folder) that holds go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod at or above the working directory")
		}
		dir = parent
	}
}
