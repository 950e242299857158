package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/internal/refdata"
)

// tutorialPath is the tutorial whose every command this test runs.
const tutorialPath = "../../docs/tutorial.md"

// consoleBlock is a fenced block of the tutorial that shows a command and what it prints:
//
//	```console
//	$ ecssim run example:port-bound
//	...output...
//	```
//
// The command may take keys on its input: $ printf 'KEYS' | ecssim run -step ...
var consoleBlock = regexp.MustCompile("(?s)```console\n\\$ ([^\n]*)\n(.*?)```\n")

// TestTutorial runs every command of docs/tutorial.md and checks that it still prints what
// the tutorial shows, so the tutorial never goes stale; go test -update rewrites the outputs
// after a deliberate change.
func TestTutorial(t *testing.T) {
	path, err := filepath.Abs(tutorialPath)
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(src)
	t.Chdir("../..") // the tutorial's commands run from the repository's root, as a reader runs them
	blocks := consoleBlock.FindAllStringSubmatchIndex(doc, -1)
	if len(blocks) < 10 {
		t.Fatalf("the tutorial has %d commands, want at least 10", len(blocks))
	}
	var b strings.Builder
	last := 0
	for _, m := range blocks {
		line, want := doc[m[2]:m[3]], doc[m[4]:m[5]]
		got := want // a command whose reference data is absent keeps what the tutorial shows
		t.Run(line, func(t *testing.T) {
			for _, name := range referenceFiles(line) {
				refdata.File(t, name)
			}
			got = tutorialOutput(t, line)
			if !*update && got != want {
				t.Errorf("$ %s prints other than the tutorial shows (-tutorial +now):\n%s", line, cmp.Diff(want, got))
			}
		})
		b.WriteString(doc[last:m[4]])
		b.WriteString(got)
		last = m[5]
	}
	b.WriteString(doc[last:])
	if *update {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// referenceFiles returns the reference files a tutorial command reads: the openb scenarios in
// docs/ read Alibaba's openb node and pod lists from ../shared/data, which a clone of the
// repository alone lacks.
func referenceFiles(line string) []string {
	if strings.Contains(line, "docs/openb") {
		return []string{"alibaba-v2023-openb_node_list_all_node.csv", "alibaba-v2023-openb_pod_list_default.csv"}
	}
	return nil
}

// tutorialOutput runs one tutorial command line in-process and returns what it prints, as a
// terminal shows it: stdout and stderr together, the keys typed after each prompt, and a final
// newline.
func tutorialOutput(t *testing.T, line string) string {
	t.Helper()
	keys := ""
	if rest, ok := strings.CutPrefix(line, "printf '"); ok {
		k, cmdline, ok := strings.Cut(rest, "' | ")
		if !ok {
			t.Fatalf("%q: want printf 'KEYS' | ecssim ...", line)
		}
		keys, line = strings.ReplaceAll(k, `\n`, "\n"), cmdline
	}
	args := splitArgs(line)
	if len(args) == 0 || args[0] != "ecssim" {
		t.Fatalf("%q: a tutorial command runs ecssim", line)
	}
	var out bytes.Buffer
	old := stdin
	stdin = &echoLines{keys: keys, echo: &out}
	defer func() { stdin = old }()
	if code := run(args[1:], &out, &out); code != 0 {
		t.Errorf("$ %s: exit %d\n%s", line, code, out.String())
	}
	if s := out.String(); !strings.HasSuffix(s, "\n") {
		out.WriteString("\n")
	}
	return out.String()
}

// echoLines gives its keys a line at a time, writing each to echo as it goes, as a terminal
// echoes what is typed at a prompt.
type echoLines struct {
	keys string
	echo io.Writer
}

func (e *echoLines) Read(p []byte) (int, error) {
	if e.keys == "" {
		return 0, io.EOF
	}
	line := e.keys
	if i := strings.IndexByte(line, '\n'); i >= 0 {
		line = line[:i+1]
	}
	n := copy(p, line)
	e.keys = e.keys[n:]
	e.echo.Write(p[:n]) //nolint:errcheck // a bytes.Buffer
	return n, nil
}

// splitArgs splits a command line at spaces, keeping 'single-quoted' words whole.
func splitArgs(line string) []string {
	var args []string
	var cur strings.Builder
	quoted, inWord := false, false
	for _, r := range line {
		switch {
		case r == '\'':
			quoted, inWord = !quoted, true
		case r == ' ' && !quoted:
			if inWord {
				args = append(args, cur.String())
				cur.Reset()
			}
			inWord = false
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if inWord {
		args = append(args, cur.String())
	}
	return args
}
