// Package cut shortens the values that messages quote: a value read from input (a scenario's
// string, a CSV file's header, a JSON key) may be megabytes long, and a message that echoes
// it whole buries its point and floods a terminal. Every package that quotes input in a
// message cuts it here, so that the length is one rule.
package cut

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Max is how many characters of a value a message quotes.
const Max = 80

// String returns s, or its first Max characters and "…" when it is longer.
func String(s string) string {
	if len(s) <= Max || utf8.RuneCountInString(s) <= Max {
		return s
	}
	n := 0
	for i := range s {
		if n == Max {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// Args returns args with each string that format quotes (%q) cut (String): a message quotes
// a value it read, and prints as %s and %v what ecssim made (a list of known names), which is
// left whole. Other values are left as they are, their own formatting being short.
func Args(format string, args []any) []any {
	var out []any
	for i, verb := range verbs(format, len(args)) {
		s, ok := args[i].(string)
		if verb != 'q' || !ok || len(s) <= Max {
			continue
		}
		if out == nil {
			out = append([]any(nil), args...)
		}
		out[i] = String(s)
	}
	if out == nil {
		return args
	}
	return out
}

// verbs returns the verb of each of the first n arguments that format consumes, in order (0
// for one it does not reach). A width or precision given as * consumes an argument too.
func verbs(format string, n int) []rune {
	out := make([]rune, n)
	k := 0
	for i := 0; i < len(format) && k < n; i++ {
		if format[i] != '%' {
			continue
		}
		for i++; i < len(format) && strings.IndexByte("+-# 0123456789.*[]", format[i]) >= 0; i++ {
			if format[i] == '*' && k < n {
				k++
			}
		}
		if i < len(format) && format[i] != '%' && k < n {
			out[k] = rune(format[i])
			k++
		}
	}
	return out
}

// quotedRE is a Go-quoted string (strconv.Quote) in a message.
var quotedRE = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// Quoted returns msg with each Go-quoted string in it cut (String): for a message another
// package made that quotes input whole, such as the flag package's "invalid value %q".
func Quoted(msg string) string {
	return quotedRE.ReplaceAllStringFunc(msg, func(q string) string {
		s, err := strconv.Unquote(q)
		if err != nil || len(s) <= Max {
			return q
		}
		return strconv.Quote(String(s))
	})
}
