package tracefile

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ecssim/ecssim/internal/cut"
)

// maxFileProblems is how many problems one CSV file reports before reading stops: enough to
// see a pattern, not a screenful per row.
const maxFileProblems = 20

// Problem is a problem at a line and column (counted from 1) of a CSV file.
type Problem struct {
	File      string
	Line, Col int
	Msg       string
}

// Reporter takes what reading a file finds wrong, in the order it finds it: problems placed
// in the file, and problems and warnings about the file as a whole, which the caller places
// where the file is named (a scenario's key), since the file has no position for them.
type Reporter interface {
	InFile(p Problem)
	Whole(msg string)
	Warn(msg string)
}

// ErrEmpty is Open's error for a file without even a header row. The caller says so where
// the file is named.
var ErrEmpty = errors.New("empty: want a header row naming the columns")

// errHeader is Open's error for a header that it reported through the Reporter.
var errHeader = errors.New("tracefile: malformed header")

// Table reads a CSV file (a trace, a node list) one row at a time, placing each problem at
// its file, line and column. The first row is the header.
type Table struct {
	name   string
	rep    Reporter
	r      *csv.Reader
	header []string
	row    []string
	rows   int // rows read, the header not counted
	probs  int
}

// Open reads the header of the CSV file src; name is how messages name the file. The rows are
// read from src as Trace or Nodes asks for them, so a file is never held whole in memory; the
// caller bounds its bytes (src fails once past them), Table its rows (MaxRows). A UTF-8 byte
// order mark is skipped. It returns ErrEmpty for a file with no rows, and another error for a
// malformed header, which it has reported through rep.
func Open(name string, src io.Reader, rep Reporter) (*Table, error) {
	br := bufio.NewReader(src)
	if bom, _ := br.Peek(3); string(bom) == "\xef\xbb\xbf" {
		br.Discard(3)
	}
	t := &Table{name: name, rep: rep, r: csv.NewReader(br)}
	t.r.ReuseRecord = true
	header, err := t.r.Read()
	switch {
	case err == io.EOF:
		return nil, ErrEmpty
	case err != nil:
		t.readError(err)
		return nil, errHeader
	}
	if !textRow(header) {
		// A binary file, or another kind named by mistake: its bytes are not echoed.
		t.rep.Whole(fmt.Sprintf("%s is not a CSV text file: its first line is not UTF-8 text without control characters", t.name))
		return nil, errHeader
	}
	t.header = slices.Clone(header)
	// A map, not a search of the columns before each: a hostile header has a million columns.
	first := make(map[string]int, len(t.header))
	for i, h := range t.header {
		t.header[i] = strings.TrimSpace(h)
		if j, ok := first[t.header[i]]; ok && t.header[i] != "" && t.probs < maxFileProblems {
			t.problem(t.here(i), "column %q is named twice (first as column %d)", t.header[i], j+1)
		} else if !ok {
			first[t.header[i]] = i
		}
	}
	if t.probs > 0 {
		return nil, errHeader
	}
	return t, nil
}

// column returns the index of the named column, or -1.
func (t *Table) column(name string) int { return slices.Index(t.header, name) }

// columns lists the header for a message, each name cut, at most maxListed (Open has refused
// a header that is not text).
func (t *Table) columns() string {
	const maxListed = 10
	var b strings.Builder
	for i, h := range t.header[:min(len(t.header), maxListed)] {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(cut.String(h))
	}
	if len(t.header) > maxListed {
		fmt.Fprintf(&b, ", … (%d in all)", len(t.header))
	}
	return b.String()
}

// missingColumns reports the columns of want the file lacks, each in its own message, when it
// has some of them; when it has none, one message says so without listing its header: the
// file is most likely another kind named by mistake (a trace = "/etc/passwd"), whose first
// line is not for echoing. what names the kind of file, for that message; hint follows each
// message.
func (t *Table) missingColumns(what, hint string, want []string) bool {
	var missing []string
	for _, name := range want {
		if t.column(name) < 0 {
			missing = append(missing, name)
		}
	}
	switch {
	case len(missing) == 0:
		return true
	case len(missing) == len(want):
		t.rep.Whole(fmt.Sprintf("%s has none of the columns %s: it is not %s with a header row naming them%s",
			t.name, cut.String(strings.Join(want, ", ")), what, hint))
	default:
		for _, name := range missing {
			t.rep.Whole(fmt.Sprintf("%s has no column %q (its columns: %s)%s", t.name, cut.String(name), t.columns(), hint))
		}
	}
	return false
}

// textRow reports whether a row is text: UTF-8 without control characters but the tab.
func textRow(row []string) bool {
	for _, c := range row {
		if !utf8.ValidString(c) || strings.IndexFunc(c, func(r rune) bool { return unicode.IsControl(r) && r != '\t' }) >= 0 {
			return false
		}
	}
	return true
}

// MaxRows bounds the rows of one file, as MaxTasks bounds a replay's tasks: a trace starts a
// task at least per row, so a file with more could not be replayed.
const MaxRows = MaxTasks

// next reads the next row into t.row; it returns false at the end of the file, after a
// malformed row, past MaxRows, or once the file has reported maxFileProblems.
func (t *Table) next() bool {
	if t.probs >= maxFileProblems {
		return false
	}
	row, err := t.r.Read()
	if err == io.EOF {
		return false
	}
	if err != nil {
		t.readError(err)
		return false
	}
	if t.rows++; t.rows > MaxRows {
		t.probs++
		t.rep.Whole(fmt.Sprintf("%s has more than %d rows, the most ecssim reads", t.name, MaxRows))
		return false
	}
	t.row = row
	return true
}

// readError reports a malformed row at its place, and a file that could not be read (one
// past its size limit) as a whole.
func (t *Table) readError(err error) {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		t.problem(pos{pe.Line, max(pe.Column, 1)}, "%v", pe.Err)
		return
	}
	t.probs++
	t.rep.Whole(err.Error())
}

// bad reports a problem with cell col of the current row.
func (t *Table) bad(col int, format string, args ...any) {
	line, column := t.r.FieldPos(col)
	t.problem(pos{line, column}, "%s: %s", t.header[col], fmt.Sprintf(format, args...))
}

func (t *Table) problem(at pos, format string, args ...any) {
	t.probs++
	msg := fmt.Sprintf(format, cut.Args(format, args)...)
	if t.probs == maxFileProblems {
		msg += fmt.Sprintf(" (%d problems: reading stopped)", maxFileProblems)
	}
	t.rep.InFile(Problem{File: t.name, Line: at.line, Col: at.col, Msg: msg})
}

// pos is a line and column of the file.
type pos struct{ line, col int }

// here is the position of cell col of the current row.
func (t *Table) here(col int) pos {
	line, column := t.r.FieldPos(col)
	return pos{line, column}
}

// cell returns cell col of the current row, trimmed; "" for a column the file lacks.
func (t *Table) cell(col int) string {
	if col < 0 {
		return ""
	}
	return strings.TrimSpace(t.row[col])
}

// number reads cell col as a finite number of at least 0; ok is false, with a problem
// reported, when it is not one.
func (t *Table) number(col int) (float64, bool) {
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
func (t *Table) integer(col int, lo, hi, empty int64) (int64, bool) {
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
