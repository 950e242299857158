package tomlpos

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
)

func TestCheckShape(t *testing.T) {
	nest := func(open, close string, n int) string {
		return strings.Repeat(open, n) + "1" + strings.Repeat(close, n)
	}
	dotted := func(n int) string { return strings.TrimSuffix(strings.Repeat("a.", n), ".") }
	tests := []struct {
		name, src string
		want      string // the error, or "" for none
	}{
		{"a scenario", "name = \"x\"\n[[services]]\nname = \"web\"\nplacement_strategy = [{ type = \"spread\", field = \"x\" }]\n", ""},
		{"inline tables at the limit", "a = " + nest("{a = ", "}", MaxDepth-1), ""},
		{"inline tables past it", "a = " + nest("{a = ", "}", MaxDepth), "1:" + strconv.Itoa(4+5*63+2) + ": tables and arrays nested 65 deep; ecssim reads at most 64"},
		{"arrays at the limit", "a = " + nest("[", "]", MaxDepth-1), ""},
		{"arrays past it", "\na = " + nest("[", "]", MaxDepth), "2:69: tables and arrays nested 65 deep; ecssim reads at most 64"},
		{"a dotted header past it", "x = 1\n[" + dotted(MaxDepth+1) + "]\n", "2:1: tables and arrays nested 65 deep"},
		{"a dotted header at it", "[" + dotted(MaxDepth) + "]\n", ""},
		{"a dotted key under a header", "[" + dotted(60) + "]\n  " + dotted(5) + " = 1\n", "2:3: tables and arrays nested 65 deep"},
		{"brackets in strings", "a = \"" + strings.Repeat("[{", 100) + "\"\nb = '''\n" + strings.Repeat("[", 100) + "'''\n", ""},
		{"a long string", "\n\nd = \"" + strings.Repeat("x", MaxStringLen) + "\"\n", "3:5: a string of more than 1048576 bytes"},
		{"a long key", "\"" + strings.Repeat("k", MaxStringLen+1) + "\" = 1\n", "1:1: a key of more than 1048576 bytes"},
		{"too many values", "a = [" + strings.Repeat("1,", MaxValues) + "]\n", "more than 1000000 keys and array elements"},
		{"an inline table bomb", "a = " + nest("{a=", "}", 100_000), "1:" + strconv.Itoa(4+3*63+2) + ": tables and arrays nested 65 deep"},
		{"a header bomb", "[" + dotted(20_000) + "]\n", "1:1: tables and arrays nested 20000 deep"},
		{"not TOML", "a = = [[[[[[", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			err := CheckShape([]byte(tt.src))
			if d := time.Since(start); d > time.Second {
				t.Errorf("CheckShape took %v", d)
			}
			got := ""
			if err != nil {
				got = err.Error()
			}
			if tt.want == "" && got != "" || !strings.Contains(got, tt.want) {
				t.Errorf("CheckShape = %q, want %q", got, tt.want)
			}
		})
	}
}

// FuzzCheckShape checks that CheckShape never panics, and that a document it passes and the
// decoder accepts nests no deeper than it counts: at most MaxDepth, and twice that where
// arrays of tables sit in arrays of tables, whose parents' elements a header does not spell.
func FuzzCheckShape(f *testing.F) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Add([]byte("a = " + strings.Repeat("{a=", MaxDepth) + "1" + strings.Repeat("}", MaxDepth)))
	f.Add([]byte("[" + strings.TrimSuffix(strings.Repeat("a.", MaxDepth+1), ".") + "]\n"))
	f.Add([]byte("[[a]]\n[[a.b]]\n[[a.b.c]]\nd = [[{e = 1}]]\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		if CheckShape(src) != nil {
			return
		}
		var tree map[string]any
		if _, err := toml.Decode(string(src), &tree); err != nil {
			return
		}
		if d := treeDepth(tree); d > 2*MaxDepth {
			t.Fatalf("CheckShape passed a document nested %d deep", d)
		}
	})
}

// treeDepth is the length of the longest key path (keys and array indices) in a decoded value.
func treeDepth(v any) int {
	d := 0
	switch v := v.(type) {
	case map[string]any:
		for _, e := range v {
			d = max(d, 1+treeDepth(e))
		}
	case []map[string]any:
		for _, e := range v {
			d = max(d, 1+treeDepth(e))
		}
	case []any:
		for _, e := range v {
			d = max(d, 1+treeDepth(e))
		}
	}
	return d
}
