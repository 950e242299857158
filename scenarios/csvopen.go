package scenarios

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/ecssim/ecssim/internal/boundedread"
	"github.com/ecssim/ecssim/scenarios/tracefile"
)

// openCSV opens the CSV file (a trace, a node list) the string at path names, for package
// tracefile to read a row at a time; it reports a file that cannot be read, or has no header,
// at path. The caller reads the table's rows, then calls done to close the file.
func (c *checker) openCSV(path, name string) (t *tracefile.Table, done func(), ok bool) {
	switch {
	case name == "":
		c.bad(path, "want the path of a CSV file")
		return nil, nil, false
	case c.readFile == nil:
		c.bad(path, "cannot read files when loading from memory")
		return nil, nil, false
	}
	r, err := c.readFile(name, csvLimit)
	if err != nil {
		c.readProblem(path, name, err)
		return nil, nil, false
	}
	t, err = tracefile.Open(c.shownPath(name), r, csvReporter{c, path})
	if errors.Is(err, tracefile.ErrEmpty) {
		c.bad(path, "%s is empty: want a header row naming the columns", name)
	}
	if err != nil {
		r.Close()
		return nil, nil, false
	}
	return t, func() { r.Close() }, true
}

// readProblem reports, at path, why the file name that path names could not be read.
func (c *checker) readProblem(path, name string, err error) {
	var be *boundedread.Error
	switch {
	case errors.Is(err, fs.ErrNotExist):
		c.bad(path, "%s does not exist (a relative path is read from the scenario file's directory)", name)
	case errors.As(err, &be):
		c.bad(path, "%s: %s", name, be.Reason)
	default:
		c.bad(path, "cannot read %s: %v", name, err)
	}
}

// csvReporter places what package tracefile finds wrong with a file: in the file, or at the
// key that names it.
type csvReporter struct {
	c   *checker
	key string
}

func (r csvReporter) InFile(p tracefile.Problem) {
	r.c.probs = append(r.c.probs, Problem{File: p.File, Pos: Pos{p.Line, p.Col}, Msg: p.Msg})
}

func (r csvReporter) Whole(msg string) { r.c.bad(r.key, "%s", msg) }

func (r csvReporter) Warn(msg string) { r.c.warn(r.key, "%s", msg) }

// shownPath is how messages name a file the scenario names: relative to where the scenario
// was loaded from, as the user can open it, rather than to the scenario's directory.
func (c *checker) shownPath(name string) string {
	if strings.HasPrefix(c.file, "example:") || filepath.IsAbs(name) {
		return name
	}
	return filepath.Join(filepath.Dir(c.file), name)
}
