package tomlpos

import "testing"

// TestCursorIsPosOf: the cursor gives PosOf's position at every offset, in order, out of
// order, and inside multi-byte runes and CRLF lines.
func TestCursorIsPosOf(t *testing.T) {
	src := []byte("a = 1\r\nb = \"é€𝄞\"\n\n  [x]\nlast")
	c := NewCursor(src)
	for _, offs := range [][]int{{0, 1, 5, 6, 7, 12, 13, 16, 20, 24, 25, len(src)}, {len(src), 3, 14, 2, 22}} {
		for _, off := range offs {
			if got, want := c.At(off), PosOf(src, off); got != want {
				t.Errorf("At(%d) = %v, want PosOf's %v", off, got, want)
			}
		}
	}
}
