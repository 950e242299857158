package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReplayCommand writes a page, and refuses what names no page or no service of the run:
// exit 2, in plain words, with no file left behind.
func TestReplayCommand(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "page.html")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"a page", []string{"-o", page, "-service", "web", "-first", "3"}, 0, "replay: wrote " + page},
		{"no -o", nil, 2, "replay: -o FILE.html: say where to write the page"},
		{"-first 0", []string{"-o", page, "-first", "0"}, 2, "-first: want at least 1"},
		{"-keep-events 0", []string{"-o", page, "-keep-events", "0"}, 2, "-keep-events and -keep-instances: want 1 to 1000000"},
		{"-keep-instances past the bound", []string{"-o", page, "-keep-instances", "1000001"}, 2, "want 1 to 1000000"},
		{"no such service", []string{"-o", page, "-service", "webb"}, 2, `-service: the scenario has no service "webb" (did you mean "web"?)`},
		{"a directory that is not there", []string{"-o", filepath.Join(dir, "none", "page.html")}, 1, "none/page.html"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			os.Remove(page)
			code, out, errs := ecssim(t, append(append([]string{"replay"}, tc.args...), "example:rolling-deployment")...)
			if code != tc.code || !strings.Contains(errs, tc.want) {
				t.Errorf("exit %d, stderr %q; want exit %d with %q", code, errs, tc.code, tc.want)
			}
			if out != "" {
				t.Errorf("stdout: %s", out)
			}
			_, err := os.Stat(page)
			if written := err == nil; written != (tc.code == 0) {
				t.Errorf("page written: %v, with exit %d", written, code)
			}
		})
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Errorf("left behind: %v", entries)
	}
}
