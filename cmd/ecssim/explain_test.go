package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// portBound is the explain package's scenario in which a task finds no host port; main_test
// runs it too.
var portBound = func() string {
	b, err := os.ReadFile(filepath.Join("..", "..", "explain", "testdata", "port-bound.toml"))
	if err != nil {
		panic(err)
	}
	return string(b)
}()

// TestExplainUsageErrors: a task the run never had and -at values that name no moment of the
// run are usage errors, exit 2, in plain words.
func TestExplainUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown task", []string{"-task", "web-99"}, "no placement created task web-99 in this run"},
		{"negative -at", []string{"-pending", "-at", "-1s"}, `invalid value "-1s" for flag -at: want a time into the run`},
		{"-at not a duration", []string{"-pending", "-at", "soon"}, `invalid value "soon" for flag -at`},
		{"-at after the end", []string{"-pending", "-at", "3h"}, "-at 3h0m0s: want a time within the run, which ends at 2h0m0s"},
		{"-at without -pending", []string{"-at", "1m"}, "-at goes with -pending"},
		{"-pending with -task", []string{"-pending", "-task", "web-1"}, "use it without -task and -deployments"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := ecssim(t, append(append([]string{"explain"}, tc.args...), "example:rolling-deployment")...)
			if code != 2 || !strings.Contains(errs, tc.want) {
				t.Errorf("exit %d, stderr %q; want exit 2 with %q", code, errs, tc.want)
			}
			if out != "" {
				t.Errorf("a usage error printed to stdout:\n%s", out)
			}
		})
	}
}
