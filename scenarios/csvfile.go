package scenarios

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// maxFileProblems is how many problems one CSV file reports before reading stops: enough to
// see a pattern, not a screenful per row.
const maxFileProblems = 20

// csvTable reads a CSV file that a scenario names (a trace, a node list) one row at a time,
// placing each problem at its file, line and column. The first row is the header.
type csvTable struct {
	c      *checker
	name   string
	r      *csv.Reader
	header []string
	row    []string
	probs  int
}

// openCSV reads the header of the CSV file the string at path names; it reports a file that
// cannot be read, or has no header, at path.
func (c *checker) openCSV(path, name string) (*csvTable, bool) {
	switch {
	case name == "":
		c.bad(path, "want the path of a CSV file")
		return nil, false
	case c.readFile == nil:
		c.bad(path, "cannot read files when loading from memory")
		return nil, false
	}
	src, err := c.readFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		c.bad(path, "%s does not exist (a relative path is read from the scenario file's directory)", name)
		return nil, false
	} else if err != nil {
		c.bad(path, "cannot read %s: %v", name, err)
		return nil, false
	}
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	t := &csvTable{c: c, name: c.shownPath(name), r: csv.NewReader(bytes.NewReader(src))}
	t.r.ReuseRecord = true
	header, err := t.r.Read()
	switch {
	case err == io.EOF:
		c.bad(path, "%s is empty: want a header row naming the columns", name)
		return nil, false
	case err != nil:
		t.parseError(err)
		return nil, false
	}
	t.header = slices.Clone(header)
	for i, h := range t.header {
		t.header[i] = strings.TrimSpace(h)
		if j := slices.Index(t.header[:i], t.header[i]); j >= 0 && t.header[i] != "" {
			t.problem(t.here(i), "column %q is named twice (first as column %d)", t.header[i], j+1)
		}
	}
	return t, t.probs == 0
}

// shownPath is how messages name a file the scenario names: relative to where the scenario
// was loaded from, as the user can open it, rather than to the scenario's directory.
func (c *checker) shownPath(name string) string {
	if strings.HasPrefix(c.file, "example:") || filepath.IsAbs(name) {
		return name
	}
	return filepath.Join(filepath.Dir(c.file), name)
}

// column returns the index of the named column, or -1.
func (t *csvTable) column(name string) int { return slices.Index(t.header, name) }

// columns lists the header for a message.
func (t *csvTable) columns() string { return strings.Join(t.header, ", ") }

// next reads the next row into t.row; it returns false at the end of the file, after a
// malformed row, or once the file has reported maxFileProblems.
func (t *csvTable) next() bool {
	if t.probs >= maxFileProblems {
		return false
	}
	row, err := t.r.Read()
	if err == io.EOF {
		return false
	}
	if err != nil {
		t.parseError(err)
		return false
	}
	t.row = row
	return true
}

func (t *csvTable) parseError(err error) {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		t.problem(Pos{pe.Line, max(pe.Column, 1)}, "%v", pe.Err)
		return
	}
	t.problem(Pos{1, 1}, "%v", err)
}

// bad reports a problem with cell col of the current row.
func (t *csvTable) bad(col int, format string, args ...any) {
	line, column := t.r.FieldPos(col)
	t.problem(Pos{line, column}, "%s: %s", t.header[col], fmt.Sprintf(format, args...))
}

func (t *csvTable) problem(pos Pos, format string, args ...any) {
	t.probs++
	msg := fmt.Sprintf(format, args...)
	if t.probs == maxFileProblems {
		msg += fmt.Sprintf(" (%d problems: reading stopped)", maxFileProblems)
	}
	t.c.probs = append(t.c.probs, Problem{File: t.name, Pos: pos, Msg: msg})
}

// here is the position of cell col of the current row.
func (t *csvTable) here(col int) Pos {
	line, column := t.r.FieldPos(col)
	return Pos{line, column}
}

// cell returns cell col of the current row, trimmed; "" for a column the file lacks.
func (t *csvTable) cell(col int) string {
	if col < 0 {
		return ""
	}
	return strings.TrimSpace(t.row[col])
}

// number reads cell col as a finite number of at least 0; ok is false, with a problem
// reported, when it is not one.
func (t *csvTable) number(col int) (float64, bool) {
	s := t.cell(col)
	x, err := strconv.ParseFloat(s, 64)
	switch {
	case s == "":
		t.bad(col, "empty: want a number")
		return 0, false
	case err != nil || math.IsInf(x, 0) || math.IsNaN(x):
		t.bad(col, "%q is not a number", s)
		return 0, false
	case x < 0:
		t.bad(col, "%s is negative", s)
		return 0, false
	}
	return x, true
}

// integer reads cell col as a whole number in [lo, hi], the empty cell as empty.
func (t *csvTable) integer(col int, lo, hi, empty int64) (int64, bool) {
	s := t.cell(col)
	if s == "" {
		return empty, true
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < lo || n > hi {
		t.bad(col, "%q is not a whole number from %d to %d", s, lo, hi)
		return 0, false
	}
	return n, true
}
