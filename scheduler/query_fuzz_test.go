package scheduler

import (
	"testing"
)

// fuzzSubjects cover a populated instance, an empty one and one whose
// values are malformed, so that every evaluation path is reached.
var fuzzSubjects = []*fakeSubject{t2small, c4large, bare, vbad, ab}

func FuzzParseExpression(f *testing.F) {
	for _, tt := range dgExamples {
		f.Add(tt.expr)
	}
	for _, tt := range parseTests {
		f.Add(tt.expr)
	}
	for _, tt := range evalTests {
		f.Add(tt.expr)
	}
	for _, tt := range errorTests {
		f.Add(tt.expr)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := ParseExpression(s)
		if err != nil {
			checkParseError(t, s, e, err)
			return
		}
		for _, sub := range fuzzSubjects {
			e.Eval(sub)
		}
		again, err := ParseExpression(e.String())
		if err != nil {
			t.Fatalf("ParseExpression(%q) succeeded but its String %q fails: %v", s, e.String(), err)
		}
		if got, want := dump(again.root), dump(e.root); got != want {
			t.Fatalf("ParseExpression(%q) = %s, but reparsing its String gives %s", s, want, got)
		}
	})
}

// checkParseError checks the error contract: a nil Expr and an *ExprError
// whose offset lies within the input.
func checkParseError(t *testing.T, s string, e *Expr, err error) {
	t.Helper()
	if e != nil {
		t.Fatalf("ParseExpression(%q) returned both %q and error %v", s, e, err)
	}
	pe, ok := err.(*ExprError)
	if !ok {
		t.Fatalf("ParseExpression(%q) error %#v is not an *ExprError", s, err)
	}
	if pe.Offset < 0 || pe.Offset > len(s) {
		t.Fatalf("ParseExpression(%q) error offset %d outside [0, %d]: %v", s, pe.Offset, len(s), err)
	}
}
