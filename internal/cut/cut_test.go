package cut

import (
	"strings"
	"testing"
)

func TestString(t *testing.T) {
	long := strings.Repeat("k", 1<<20)
	tests := []struct{ name, in, want string }{
		{"short", "web", "web"},
		{"exactly Max", strings.Repeat("a", Max), strings.Repeat("a", Max)},
		{"a megabyte", long, strings.Repeat("k", Max) + "…"},
		{"multibyte characters are not split", strings.Repeat("é", Max+1), strings.Repeat("é", Max) + "…"},
		{"Max characters of multibyte text", strings.Repeat("é", Max), strings.Repeat("é", Max)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := String(tc.in); got != tc.want {
				t.Errorf("String = %.100q (%d bytes), want %.100q", got, len(got), tc.want)
			}
		})
	}
}

func TestArgs(t *testing.T) {
	long := strings.Repeat("k", 1<<20)
	tests := []struct {
		name, format string
		args, want   []any
	}{
		{"a quoted value is cut", "got %q", []any{long}, []any{String(long)}},
		{"a %s list is left whole", "%s; got %q", []any{long, long}, []any{long, String(long)}},
		{"flags and width", "%-8d %#q %v", []any{5, long, long}, []any{5, String(long), long}},
		{"a * width consumes an argument", "%*q", []any{4, long}, []any{4, String(long)}},
		{"%% consumes none", "100%% %q", []any{long}, []any{String(long)}},
		{"more arguments than verbs", "%q", []any{"a", long}, []any{"a", long}},
		{"a quoted non-string", "%q", []any{'x'}, []any{'x'}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Args(tc.format, tc.args)
			for i := range tc.want {
				if got[i] != tc.want[i] {
					t.Errorf("argument %d: got %.40v, want %.40v", i, got[i], tc.want[i])
				}
			}
			if tc.args[0] != tc.want[0] && got[0] == tc.args[0] {
				t.Error("Args changed its argument slice")
			}
		})
	}
}

// TestQuoted: each Go-quoted string in a message longer than Max is cut, its quoting kept;
// short ones, and text outside quotes, are left as they are.
func TestQuoted(t *testing.T) {
	long := strings.Repeat("9", 300)
	tests := []struct{ name, msg, want string }{
		{"a flag's value", `invalid value "` + long + `" for flag -seed: want a whole number`,
			`invalid value "` + strings.Repeat("9", Max) + `…" for flag -seed: want a whole number`},
		{"short values", `unknown type "x" (known: "a", "b")`, `unknown type "x" (known: "a", "b")`},
		{"escapes", `bad "` + strings.Repeat(`\"`, 100) + `"`, `bad "` + strings.Repeat(`\"`, Max) + `…"`},
		{"no quotes", "plain words", "plain words"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Quoted(tc.msg); got != tc.want {
				t.Errorf("Quoted(%.40q…) = %q, want %q", tc.msg, got, tc.want)
			}
		})
	}
}
