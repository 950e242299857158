package scenarios

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/ecssim/ecssim/internal/cut"
	"github.com/ecssim/ecssim/scenarios/internal/tomlpos"
)

// Pos is a 1-based line and column (column counted in runes): where a Problem is. It has the
// shape of tomlpos.Pos, which places keys in TOML files, and is its own type so that users of
// Problem need not (and cannot) import that internal package.
type Pos struct{ Line, Col int }

// Problem is one thing wrong with a scenario file, at a position and key path.
type Problem struct {
	File    string
	Pos     Pos
	Path    string // e.g. "services[0].placement_strategy[1].field"; "" for the whole file
	Msg     string
	Warning bool // the file is valid, but this will not do what its author likely wants
}

func (p Problem) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d:%d: ", p.File, p.Pos.Line, p.Pos.Col)
	if p.Warning {
		b.WriteString("warning: ")
	}
	if p.Path != "" {
		b.WriteString(cut.String(p.Path) + ": ") // a key path holds the file's keys, of any length
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Problems is every problem found in a scenario file, in the order they appear in it. It is the
// error Load returns for a file that is malformed or invalid.
type Problems []Problem

// Error lists the problems, one FILE:LINE:COL: message a line. A file of many mistakes
// (100,000 services, each wrong) would print megabytes: past MaxShownProblems the rest are
// counted in a last line.
func (ps Problems) Error() string {
	shown := ps[:min(len(ps), MaxShownProblems)]
	lines := make([]string, len(shown), len(shown)+1)
	for i, p := range shown {
		lines[i] = p.String()
	}
	if n := len(ps) - len(shown); n > 0 {
		lines = append(lines, fmt.Sprintf("and %d more problems (the first %d shown)", n, len(shown)))
	}
	return strings.Join(lines, "\n")
}

// MaxShownProblems is how many problems a Problems error lists.
const MaxShownProblems = 200

// checker collects problems, placing each at the position of its key path in the file.
type checker struct {
	file     string
	index    *tomlpos.Index
	src      []byte
	shapeBad map[string]bool // paths whose value had the wrong shape, already reported
	// spoken holds the key paths a problem already speaks for: a value reported as wrong (its
	// type, its range), or the key a misspelt key's "did you mean" names. Checks that a key is
	// missing treat these as present (unreported), so that one mistake gives one message.
	spoken   map[string]bool
	probs    Problems
	warnings Problems
	// readFile reads a file the scenario names (an instance group's agent_config), relative
	// to the scenario's directory; nil when the scenario was loaded from memory.
	readFile opener
}

// bad records a problem with the value at path. It, badAt and warn cut the strings they quote
// (cut.Args: the strings it quotes with %q): a value in the file may be megabytes long.
func (c *checker) bad(path, format string, args ...any) {
	c.speak(path)
	loc, exact := c.index.Nearest(path)
	pos := Pos(loc.Key)
	if exact {
		pos = Pos(loc.Value)
	}
	c.probs = append(c.probs, Problem{File: c.file, Pos: pos, Path: path, Msg: fmt.Sprintf(format, cut.Args(format, args)...)})
}

// badAt records a problem at the runes'th character of the string value at path, for errors
// inside an expression: the position is found in the source, through the string's quotes and
// escape sequences.
func (c *checker) badAt(path string, runes int, format string, args ...any) {
	c.speak(path)
	loc, exact := c.index.Nearest(path)
	pos := Pos(loc.Key)
	if exact {
		pos = Pos(tomlpos.StringPos(c.src, loc.Value, runes))
	}
	c.probs = append(c.probs, Problem{File: c.file, Pos: pos, Path: path, Msg: fmt.Sprintf(format, cut.Args(format, args)...)})
}

// warn records a warning about the value at path.
func (c *checker) warn(path, format string, args ...any) {
	loc, exact := c.index.Nearest(path)
	pos := Pos(loc.Key)
	if exact {
		pos = Pos(loc.Value)
	}
	c.warnings = append(c.warnings, Problem{File: c.file, Pos: pos, Path: path, Msg: fmt.Sprintf(format, cut.Args(format, args)...), Warning: true})
}

// speak records that a problem speaks for the key path (spoken).
func (c *checker) speak(path string) {
	if c.spoken == nil {
		c.spoken = map[string]bool{}
	}
	c.spoken[path] = true
}

// unreported reports whether no problem speaks for any of the key paths (spoken). A check that
// finds a key missing asks it before it reports, since the key may be there but wrong, or
// misspelt, which is already reported.
func (c *checker) unreported(paths ...string) bool {
	for _, p := range paths {
		if c.spoken[p] {
			return false
		}
	}
	return true
}

// missing records that a required key is absent from the table at path, unless that table was
// already reported as the wrong shape, or a problem speaks for the key (unreported).
func (c *checker) missing(table, key string) {
	if table == "" {
		if c.unreported(key) {
			loc, _ := c.index.Nearest(table)
			c.probs = append(c.probs, Problem{File: c.file, Pos: Pos(loc.Key), Path: key, Msg: "required, but missing"})
		}
		return
	}
	c.missingWhy(table, key, "required, but missing")
}

// missingWhy is missing with a message that says why the key is required here.
func (c *checker) missingWhy(table, key, msg string) {
	if !c.unreported(table + "." + key) {
		return
	}
	for p := range c.shapeBad {
		if table == p || strings.HasPrefix(table, p+".") || strings.HasPrefix(table, p+"[") {
			return
		}
	}
	loc, _ := c.index.Nearest(table)
	c.probs = append(c.probs, Problem{File: c.file, Pos: Pos(loc.Key), Path: table + "." + key, Msg: msg})
}

// result returns the problems sorted by position, or nil: the scenario file's first, then
// those of each file it names (an ecs.config), by file name.
func (c *checker) result() error {
	if len(c.probs) == 0 {
		return nil
	}
	other := func(p Problem) string {
		if p.File == c.file {
			return ""
		}
		return "\x00" + p.File // after the scenario file, whatever the names
	}
	slices.SortStableFunc(c.probs, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(other(a), other(b)), cmp.Compare(a.Pos.Line, b.Pos.Line), cmp.Compare(a.Pos.Col, b.Pos.Col))
	})
	return c.probs
}

// typed reports a value of the wrong type and returns whether v is set and well-typed.
func typed[T any](c *checker, path string, v value[T]) bool {
	if v.bad != "" {
		msg := v.why(path)
		if v.badElem >= 0 {
			path = fmt.Sprintf("%s[%d]", path, v.badElem)
		}
		c.bad(path, "%s", msg)
		return false
	}
	return v.set
}

// errorf is fmt.Errorf for an error that quotes input, cutting the strings it quotes as bad
// does (cut.Args).
func errorf(format string, args ...any) error {
	return fmt.Errorf(format, cut.Args(format, args)...)
}
