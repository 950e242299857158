package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestInstanceTypes lists the catalog with filters, against golden files in
// testdata/instance-types (go test ./cmd/ecssim -run TestInstanceTypes -update rewrites them).
func TestInstanceTypes(t *testing.T) {
	tests := []struct {
		golden string
		args   []string
	}{
		{"all.txt", nil},
		{"families.txt", []string{"-family", "m5,m7i,t3,g5", "-min-vcpu", "4"}},
		{"graviton-64gib.txt", []string{"-arch", "arm64", "-min-memory", "64 GiB"}},
		{"gpu-8.json", []string{"-gpu", "-min-gpus", "8", "-format", "json"}},
		{"gpu-p3.txt", []string{"-family", "p3,p4d", "-gpu"}},
		{"none.txt", []string{"-family", "t3", "-gpu"}},
	}
	for _, tc := range tests {
		t.Run(tc.golden, func(t *testing.T) {
			code, out, errs := ecssim(t, append([]string{"instance-types"}, tc.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			path := filepath.Join("testdata", "instance-types", tc.golden)
			if *update {
				if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), out); diff != "" {
				t.Errorf("instance-types %v (-%s +got):\n%s", tc.args, path, diff)
			}
		})
	}
}

// TestInstanceTypesBadFlags: bad flags and values are usage errors, exit status 2, that say
// what was wrong.
func TestInstanceTypesBadFlags(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string // stderr
	}{
		{"unknown family", []string{"-family", "m5,zz"}, `ecssim: instance-types: -family: no family "zz" in the catalog; known: t3, t4g, m5,`},
		{"unknown architecture", []string{"-arch", "sparc"}, `ecssim: instance-types: -arch: want x86_64 or arm64, got "sparc"`},
		{"bad memory", []string{"-min-memory", "lots"}, `ecssim: instance-types: -min-memory: want MiB such as "2048" or GB such as "2 GB", got "lots"`},
		{"negative count", []string{"-min-vcpu", "-1"}, "ecssim: instance-types: -min-vcpu and -min-gpus: want 0 or more"},
		{"bad format", []string{"-format", "xml"}, `ecssim: instance-types: -format: want text or json, got "xml"`},
		{"unknown flag", []string{"-gpus"}, "ecssim: instance-types: unknown flag -gpus (did you mean -gpu?)"},
		{"a positional argument", []string{"m5.large"}, `ecssim: instance-types: takes flags only, got "m5.large"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := ecssim(t, append([]string{"instance-types"}, tc.args...)...)
			if code != 2 || out != "" {
				t.Errorf("exit status %d, stdout %q; want 2 and nothing", code, out)
			}
			if len(errs) < len(tc.want) || errs[:len(tc.want)] != tc.want {
				t.Errorf("stderr %q, want it to start %q", errs, tc.want)
			}
		})
	}
}
