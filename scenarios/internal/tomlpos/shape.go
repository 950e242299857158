package tomlpos

import "fmt"

// The shape a TOML document may have, checked by CheckShape before it is decoded. The TOML
// decoder's time and memory grow with the square of nesting depth (7,000 inline tables deep
// take it 2.6 GB), so a bomb must be refused before it sees one. Scenario files nest about 5
// deep, hold thousands of keys at most and strings of a line or a paragraph.
const (
	MaxDepth     = 64        // tables and arrays nested in one another, counting dotted keys
	MaxValues    = 1_000_000 // keys, headers and array elements in one document
	MaxStringLen = 1 << 20   // bytes of one string or key, quotes included
)

// ShapeError is a document past one of the limits, placed where it goes past.
type ShapeError struct {
	Pos Pos
	Msg string
}

func (e *ShapeError) Error() string { return fmt.Sprintf("%d:%d: %s", e.Pos.Line, e.Pos.Col, e.Msg) }

// CheckShape reports the first place src goes past MaxDepth, MaxValues or MaxStringLen, or
// nil. It reads the grammar NewIndex reads, counting rather than recording, and stops quietly
// where src is not TOML, since the decoder stops there too and reports why. Its own recursion
// is bounded by MaxDepth, and its cost is linear in src.
func CheckShape(src []byte) *ShapeError {
	s := newScanner(src)
	sh := &shape{s: s}
	table := 0
	for !sh.failed() {
		s.skipBlank()
		if s.eof() {
			break
		}
		ok := false
		if s.peek() == '[' {
			table, ok = sh.header()
		} else {
			ok = sh.keyval(table)
		}
		if !ok || !s.endOfLine() {
			break
		}
	}
	return sh.err
}

// shape walks a document with scanner s, counting its values and its nesting.
type shape struct {
	s      *scanner
	values int
	err    *ShapeError
}

func (sh *shape) failed() bool { return sh.err != nil }

// fail records the first limit src goes past, at byte off.
func (sh *shape) fail(off int, format string, args ...any) bool {
	if sh.err == nil {
		sh.err = &ShapeError{Pos: sh.s.pos(off), Msg: fmt.Sprintf(format, args...)}
	}
	return false
}

// count counts one value at off, and checks the nesting it sits at.
func (sh *shape) count(off, depth int) bool {
	if sh.values++; sh.values > MaxValues {
		return sh.fail(off, "more than %d keys and array elements; ecssim reads at most %d", MaxValues, MaxValues)
	}
	if depth > MaxDepth {
		return sh.fail(off, "tables and arrays nested %d deep; ecssim reads at most %d", depth, MaxDepth)
	}
	return true
}

// key reads a dotted key, checking each piece's length; it returns how many pieces it has.
func (sh *shape) key() (int, bool) {
	s := sh.s
	s.skipSpace()
	start := s.off
	pieces, ok := s.key()
	for _, p := range pieces {
		if len(p) > MaxStringLen {
			return 0, sh.fail(start, "a key of more than %d bytes; ecssim reads at most %d", MaxStringLen, MaxStringLen)
		}
	}
	return len(pieces), ok
}

// header reads `[a.b]` or `[[a.b]]` and returns the depth of the keys below it.
func (sh *shape) header() (int, bool) {
	s := sh.s
	at := s.off
	s.off++
	isArray := s.consume('[')
	n, ok := sh.key()
	if !ok || !s.consume(']') || isArray && !s.consume(']') {
		return 0, false
	}
	if isArray {
		n++ // the element of the array of tables
	}
	return n, sh.count(at, n)
}

// keyval reads `a.b = value` in a table depth deep.
func (sh *shape) keyval(depth int) bool {
	s := sh.s
	s.skipSpace()
	at := s.off
	n, ok := sh.key()
	if !ok || !sh.count(at, depth+n) || !s.consume('=') {
		return false
	}
	s.skipSpace()
	return sh.value(depth + n)
}

// value reads a value depth deep: an array's elements are one deeper, an inline table's keys
// as deep as their pieces take them.
func (sh *shape) value(depth int) bool {
	s := sh.s
	switch at := s.off; s.peek() {
	case '"', '\'':
		if !s.skipString() {
			return false
		}
		if s.off-at > MaxStringLen {
			return sh.fail(at, "a string of more than %d bytes; ecssim reads at most %d", MaxStringLen, MaxStringLen)
		}
		return true
	case '[':
		return s.list(']', func(int) bool {
			return sh.count(s.off, depth+1) && sh.value(depth+1)
		})
	case '{':
		return s.list('}', func(int) bool { return sh.keyval(depth) })
	}
	start := s.off
	for !s.eof() && !isValueEnd(s.src[s.off]) {
		s.off++
	}
	return s.off > start
}
