package tomlpos

import (
	"bytes"
	"unicode/utf8"
)

// StringPos returns the source position of the n'th character (from 0) of the TOML string
// whose opening quote is at start: it skips the quotes, the newline that may open a multi-line
// string, and reads each escape sequence as the one character it stands for. Past the end of
// the string it returns the closing quote's position.
func StringPos(src []byte, start Pos, n int) Pos {
	off := offsetOf(src, start)
	if off < 0 {
		return start
	}
	delim := `"`
	for _, d := range []string{`"""`, `'''`, `'`} {
		if bytes.HasPrefix(src[off:], []byte(d)) {
			delim = d
			break
		}
	}
	off += len(delim)
	multi := len(delim) == 3
	if multi { // a newline right after the opening quotes is not part of the string
		if bytes.HasPrefix(src[off:], []byte("\r\n")) {
			off += 2
		} else if off < len(src) && src[off] == '\n' {
			off++
		}
	}
	literal := delim[0] == '\''
	for ; n > 0 && off < len(src) && !bytes.HasPrefix(src[off:], []byte(delim)); n-- {
		off += charLen(src[off:], literal, multi)
	}
	return PosOf(src, off)
}

// charLen is how many source bytes the next character of a string takes.
func charLen(b []byte, literal, multi bool) int {
	if literal || b[0] != '\\' || len(b) < 2 {
		_, size := utf8.DecodeRune(b)
		return size
	}
	switch b[1] {
	case 'u':
		return min(6, len(b))
	case 'U':
		return min(10, len(b))
	case 'x':
		return min(4, len(b))
	case ' ', '\t', '\r', '\n':
		if multi { // a line-ending backslash swallows the whitespace after it
			trimmed := bytes.TrimLeft(b[1:], " \t\r\n")
			return len(b) - len(trimmed) + charLen(trimmed, literal, multi)
		}
	}
	return 2
}

// offsetOf returns the byte offset of a position, or -1 if it is outside src.
func offsetOf(src []byte, p Pos) int {
	off := 0
	for line := 1; line < p.Line; line++ {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			return -1
		}
		off += i + 1
	}
	for col := 1; col < p.Col; col++ {
		if off >= len(src) {
			return -1
		}
		_, size := utf8.DecodeRune(src[off:])
		off += size
	}
	return off
}

// Cursor finds the positions of byte offsets of one file, counting on from the last it found:
// a file's problems come mostly in order, so placing all of them costs one pass over the file
// where PosOf, counting from the start each time, would cost one pass each.
type Cursor struct {
	src []byte
	off int
	pos Pos
}

// NewCursor returns a cursor at the start of src.
func NewCursor(src []byte) *Cursor { return &Cursor{src: src, pos: Pos{Line: 1, Col: 1}} }

// At returns the position of byte offset off.
func (c *Cursor) At(off int) Pos {
	if off < c.off {
		c.off, c.pos = 0, Pos{Line: 1, Col: 1}
	}
	for c.off < off {
		r, size := utf8.DecodeRune(c.src[c.off:])
		if c.off+size > off { // off falls inside a rune: its bytes count a column each, as in PosOf
			return Pos{Line: c.pos.Line, Col: c.pos.Col + off - c.off}
		}
		if c.pos.Col++; r == '\n' {
			c.pos.Line, c.pos.Col = c.pos.Line+1, 1
		}
		c.off += size
	}
	return c.pos
}

// PosOf returns the position of a byte offset.
func PosOf(src []byte, off int) Pos {
	before := src[:off]
	lineStart := bytes.LastIndexByte(before, '\n') + 1
	return Pos{Line: bytes.Count(before, []byte("\n")) + 1, Col: utf8.RuneCount(before[lineStart:]) + 1}
}
