package tomlpos

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Pos is a 1-based line and column (column counted in runes).
type Pos struct{ Line, Col int }

// Location is where one key (or one array element) appears.
type Location struct {
	Path  string // full path with array indices, e.g. `services[1].placement_strategy[0].field`
	Bare  string // the same path without indices, e.g. `services.placement_strategy.field`
	Key   Pos    // position of the key (for an array element: of the element itself)
	Value Pos    // position of the first character of the value
}

// maxDepth bounds nesting of arrays and inline tables, so that hostile input cannot make the
// recursive scanner exhaust the stack or build quadratically large paths.
const maxDepth = 1000

// locations lists every key and array element of src in document order. src is expected to be
// a document that BurntSushi/toml already parsed without error; on anything else it must not
// panic and returns what it found so far.
//
// The decoder reports only key names, not where they are, so a config loader that wants to say
// "line 12, column 3" has to find them itself; a full TOML parser is not needed for that, only
// enough lexing to walk keys, headers and nested values while skipping strings and comments.
func locations(src []byte) []Location {
	s := newScanner(src)
	s.document()
	return s.out
}

// Index maps Path to Location; build once, query many times. Queries do not modify it, so one
// Index may be shared between goroutines.
type Index struct {
	byPath map[string]Location
	byBare map[string][]Location
}

// NewIndex scans src once. When a path occurs more than once (an implicit table that is later
// defined explicitly, or an invalid duplicate) the first occurrence is kept, because that is
// where a reader scanning the file top to bottom first meets it.
func NewIndex(src []byte) *Index {
	ix := &Index{byPath: map[string]Location{}, byBare: map[string][]Location{}}
	for _, loc := range locations(src) {
		ix.Add(loc)
	}
	return ix
}

// Add records one location unless its path is already present (the first occurrence wins, as
// in NewIndex). It lets a file that is not TOML (an ecs.config) place its problems through an
// Index, starting from NewIndex(nil).
func (ix *Index) Add(loc Location) {
	if _, dup := ix.byPath[loc.Path]; dup {
		return
	}
	ix.byPath[loc.Path] = loc
	ix.byBare[loc.Bare] = append(ix.byBare[loc.Bare], loc)
}

// Find returns the location of an exact path.
func (ix *Index) Find(path string) (Location, bool) {
	loc, ok := ix.byPath[path]
	return loc, ok
}

// FindBare returns every location whose Bare path equals bare, in document order (used to place
// the decoder's Undecoded() keys, which carry no array indices). The result is a copy the
// caller may keep or modify.
func (ix *Index) FindBare(bare string) []Location {
	return slices.Clone(ix.byBare[bare])
}

// Nearest returns the location of path if present, else of its longest present prefix
// (dropping trailing `.key` or `[i]` segments), else Pos{1,1}; ok reports an exact hit.
//
// Validation errors often name paths that do not exist in the file (a missing required key, an
// index past the end), and pointing at the enclosing table is more useful than no position.
// When nothing matches, the Location has an empty Path and both positions at Pos{1,1}.
func (ix *Index) Nearest(path string) (loc Location, ok bool) {
	if loc, ok := ix.Find(path); ok {
		return loc, true
	}
	cuts := segmentCuts(path)
	for i := len(cuts) - 1; i >= 0; i-- {
		if loc, ok := ix.Find(path[:cuts[i]]); ok {
			return loc, false
		}
	}
	return Location{Key: Pos{1, 1}, Value: Pos{1, 1}}, false
}

// segmentCuts returns the offsets where a `.key` or `[i]` segment starts, ignoring dots and
// brackets inside quoted keys, so that prefixes of path can be formed by slicing.
func segmentCuts(path string) []int {
	var cuts []int
	quoted := false
	for i := 0; i < len(path); i++ {
		switch c := path[i]; {
		case quoted && c == '\\':
			i++
		case c == '"':
			quoted = !quoted
		case !quoted && (c == '.' || c == '[') && i > 0:
			cuts = append(cuts, i)
		}
	}
	return cuts
}

// keyQuoter escapes a key piece the way BurntSushi/toml's Key.String does, so that paths built
// here compare equal to the decoder's MetaData keys.
var keyQuoter = newKeyQuoter()

func newKeyQuoter() *strings.Replacer {
	pairs := []string{`"`, `\"`, `\`, `\\`, "\b", `\b`, "\t", `\t`, "\n", `\n`, "\f", `\f`, "\r", `\r`}
	for c := byte(0); c < 0x20; c++ {
		if !strings.ContainsRune("\b\t\n\f\r", rune(c)) {
			pairs = append(pairs, string([]byte{c}), fmt.Sprintf(`\u%04x`, c))
		}
	}
	return strings.NewReplacer(append(pairs, "\x7f", `\u007f`)...)
}

// QuoteKey writes one key piece bare when it consists only of bare-key characters, and as an
// escaped basic string otherwise.
func QuoteKey(k string) string {
	if k != "" && strings.Trim(k, bareChars) == "" {
		return k
	}
	return `"` + keyQuoter.Replace(k) + `"`
}

const bareChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"

func isBare(c byte) bool { return strings.IndexByte(bareChars, c) >= 0 }

// Join appends one key piece to an already quoted path.
func Join(prefix, piece string) string {
	if prefix == "" {
		return QuoteKey(piece)
	}
	return prefix + "." + QuoteKey(piece)
}

// index appends an array index to a path.
func index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// scanner walks the document once. Every method that fails returns false and the walk stops,
// which is how malformed input yields "what was found so far" instead of a panic.
type scanner struct {
	src    []byte
	off    int
	lines  []int // byte offset where each line starts
	cache  struct{ line, off, col int }
	out    []Location
	seen   map[string]bool
	arrays map[string]int // array-of-tables path (with parent indices) -> elements so far
	ctx    struct{ path, bare string }
}

func newScanner(src []byte) *scanner {
	s := &scanner{src: src, seen: map[string]bool{}, arrays: map[string]int{}}
	// The decoder drops a leading BOM; skipping it here keeps line-1 columns in agreement.
	for _, bom := range []string{"\xef\xbb\xbf", "\xff\xfe", "\xfe\xff"} {
		if bytes.HasPrefix(src, []byte(bom)) {
			s.off = len(bom)
			break
		}
	}
	s.lines = append(s.lines, s.off)
	for i := s.off; i < len(src); i++ {
		if src[i] == '\n' {
			s.lines = append(s.lines, i+1)
		}
	}
	return s
}

// pos converts a byte offset to a Pos. Offsets are mostly requested in increasing order, so the
// column of the previous request on the same line is reused to keep long lines linear.
func (s *scanner) pos(off int) Pos {
	line := sort.Search(len(s.lines), func(i int) bool { return s.lines[i] > off })
	from, col := s.lines[line-1], 1
	if c := s.cache; c.line == line && c.off >= from && c.off <= off {
		from, col = c.off, c.col
	}
	col += utf8.RuneCount(s.src[from:off])
	s.cache.line, s.cache.off, s.cache.col = line, off, col
	return Pos{Line: line, Col: col}
}

// add records a location. Implicit ones (table prefixes) are recorded only the first time, since
// they have no definition site of their own.
func (s *scanner) add(path, bare string, key, val Pos, implicit bool) {
	if implicit && s.seen[path] {
		return
	}
	s.seen[path] = true
	s.out = append(s.out, Location{Path: path, Bare: bare, Key: key, Value: val})
}

func (s *scanner) eof() bool { return s.off >= len(s.src) }

// peek returns the current byte, or 0 at the end, so callers never index past the input.
func (s *scanner) peek() byte {
	if s.eof() {
		return 0
	}
	return s.src[s.off]
}

func (s *scanner) advance(n int) { s.off = min(s.off+n, len(s.src)) }

// consume advances past c if it is next; c is never 0, so the end of input never matches.
func (s *scanner) consume(c byte) bool {
	if s.peek() != c {
		return false
	}
	s.off++
	return true
}

func (s *scanner) skipSpace() {
	for c := s.peek(); c == ' ' || c == '\t'; c = s.peek() {
		s.off++
	}
}

// skipBlank skips whitespace, newlines and comments, as allowed between top-level statements
// and between elements of arrays and (TOML 1.1) inline tables.
func (s *scanner) skipBlank() {
	for !s.eof() {
		switch s.src[s.off] {
		case ' ', '\t', '\r', '\n':
			s.off++
		case '#':
			for !s.eof() && s.src[s.off] != '\n' {
				s.off++
			}
		default:
			return
		}
	}
}

// document is the top level: a sequence of table headers and key/value lines.
func (s *scanner) document() {
	for {
		s.skipBlank()
		if s.eof() {
			return
		}
		var ok bool
		if s.peek() == '[' {
			ok = s.header()
		} else {
			ok = s.keyval(s.ctx.path, s.ctx.bare, 0)
		}
		if !ok || !s.endOfLine() {
			return
		}
	}
}

// endOfLine accepts trailing blanks and a comment, and requires the line to end there.
func (s *scanner) endOfLine() bool {
	s.skipSpace()
	c := s.peek()
	return c == '#' || c == '\n' || c == '\r' || s.eof()
}

// header handles `[a.b]` and `[[a.b]]`. Each prefix that names an array of tables resolves to
// its latest element, which is how TOML attaches `[a.b]` after `[[a]]` to that element.
func (s *scanner) header() bool {
	s.off++
	isArray := s.consume('[')
	s.skipSpace()
	at := s.pos(s.off)
	pieces, ok := s.key()
	if !ok || !s.consume(']') || isArray && !s.consume(']') {
		return false
	}
	path, bare := "", ""
	for _, p := range pieces[:len(pieces)-1] {
		path, bare = Join(path, p), Join(bare, p)
		if n := s.arrays[path]; n > 0 {
			path = index(path, n-1)
		}
		s.add(path, bare, at, at, true)
	}
	path, bare = Join(path, pieces[len(pieces)-1]), Join(bare, pieces[len(pieces)-1])
	if isArray {
		s.add(path, bare, at, at, true)
		s.arrays[path]++
		path = index(path, s.arrays[path]-1)
	}
	s.add(path, bare, at, at, false)
	s.ctx.path, s.ctx.bare = path, bare
	return true
}

// keyval handles `a.b = value` relative to the table at path/bare. Intermediate pieces of a
// dotted key are recorded as implicit tables positioned at the start of the key.
func (s *scanner) keyval(path, bare string, depth int) bool {
	at := s.pos(s.off)
	pieces, ok := s.key()
	if !ok || !s.consume('=') {
		return false
	}
	s.skipSpace()
	for i, p := range pieces {
		path, bare = Join(path, p), Join(bare, p)
		if i < len(pieces)-1 {
			s.add(path, bare, at, at, true)
		}
	}
	s.add(path, bare, at, s.pos(s.off), false)
	return s.value(path, bare, depth)
}

// key reads a possibly dotted key and returns its unquoted pieces, leaving the scanner after
// any trailing blanks.
func (s *scanner) key() ([]string, bool) {
	var pieces []string
	for {
		s.skipSpace()
		p, ok := s.keyPiece()
		if !ok {
			return nil, false
		}
		pieces = append(pieces, p)
		s.skipSpace()
		if !s.consume('.') {
			return pieces, true
		}
	}
}

// keyPiece reads one bare, "basic" or 'literal' piece of a key and returns its value.
func (s *scanner) keyPiece() (string, bool) {
	switch c := s.peek(); {
	case c == '"':
		return s.basicKey()
	case c == '\'':
		start := s.off + 1
		if !s.skipString() {
			return "", false
		}
		return string(s.src[start : s.off-1]), true
	case isBare(c):
		start := s.off
		for isBare(s.peek()) {
			s.off++
		}
		return string(s.src[start:s.off]), true
	}
	return "", false
}

// basicKey decodes a "quoted" key, because the path must carry the key's value, not its
// spelling: "caf\u00e9" and "café" are the same key.
func (s *scanner) basicKey() (string, bool) {
	var b strings.Builder
	s.off++
	for !s.eof() {
		switch c := s.src[s.off]; c {
		case '"':
			s.off++
			return b.String(), true
		case '\n':
			return "", false
		case '\\':
			r, n, ok := unescape(s.src[s.off:])
			if !ok {
				return "", false
			}
			b.WriteString(r)
			s.off += n
		default:
			b.WriteByte(c)
			s.off++
		}
	}
	return "", false
}

var (
	simpleEscapes = map[byte]string{'b': "\b", 't': "\t", 'n': "\n", 'f': "\f", 'r': "\r", 'e': "\x1b", '"': `"`, '\\': `\`}
	hexEscapes    = map[byte]int{'x': 2, 'u': 4, 'U': 8} // digits after the letter (\x is TOML 1.1)
)

// unescape decodes the escape sequence at the start of b and reports how many bytes it used.
func unescape(b []byte) (string, int, bool) {
	if len(b) < 2 {
		return "", 0, false
	}
	if r, ok := simpleEscapes[b[1]]; ok {
		return r, 2, true
	}
	n, ok := hexEscapes[b[1]]
	if !ok || len(b) < 2+n {
		return "", 0, false
	}
	v, err := strconv.ParseUint(string(b[2:2+n]), 16, 32)
	if err != nil || !utf8.ValidRune(rune(v)) {
		return "", 0, false
	}
	return string(rune(v)), 2 + n, true
}

// value skips one value, recording the keys and elements nested in arrays and inline tables.
// Scalars (numbers, booleans, dates, inf, nan) are skipped up to the next delimiter.
func (s *scanner) value(path, bare string, depth int) bool {
	switch s.peek() {
	case '"', '\'':
		return s.skipString()
	case '[':
		return depth < maxDepth && s.list(']', func(i int) bool {
			elem, at := index(path, i), s.pos(s.off)
			s.add(elem, bare, at, at, false)
			return s.value(elem, bare, depth+1)
		})
	case '{':
		return depth < maxDepth && s.list('}', func(int) bool { return s.keyval(path, bare, depth+1) })
	}
	start := s.off
	for !s.eof() && !isValueEnd(s.src[s.off]) {
		s.off++
	}
	return s.off > start
}

// isValueEnd reports whether c ends a scalar: a separator, a closing bracket, a newline or a
// comment.
func isValueEnd(c byte) bool { return strings.IndexByte(",]}\n#", c) >= 0 }

// list walks the comma-separated items of an array or inline table up to end, allowing
// newlines, comments and a trailing comma (TOML 1.1 allows them in inline tables too).
func (s *scanner) list(end byte, item func(i int) bool) bool {
	s.off++
	for i := 0; ; i++ {
		s.skipBlank()
		if s.consume(end) {
			return true
		}
		if s.eof() || !item(i) {
			return false
		}
		s.skipBlank()
		if s.consume(end) {
			return true
		}
		if !s.consume(',') {
			return false
		}
	}
}

// skipString skips any of the four string forms; strings are skipped rather than scanned so
// that quotes, brackets and '#' inside them are not mistaken for structure.
func (s *scanner) skipString() bool {
	q := s.src[s.off]
	multi := s.run(q) >= 3
	s.off++
	if multi {
		s.off += 2
	}
	for !s.eof() {
		switch c := s.src[s.off]; {
		case c == '\\' && q == '"':
			s.advance(2)
		case c == '\n' && !multi:
			return false
		case c == q && !multi:
			s.off++
			return true
		case c == q && s.run(q) >= 3:
			s.off += min(s.run(q), 5) // up to two quotes may end the content
			return true
		default:
			s.off++
		}
	}
	return false
}

// run counts consecutive q bytes at the current offset.
func (s *scanner) run(q byte) int {
	n := 0
	for s.off+n < len(s.src) && s.src[s.off+n] == q {
		n++
	}
	return n
}
