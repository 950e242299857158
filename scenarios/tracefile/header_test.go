package tracefile

import (
	"strings"
	"testing"
	"time"
)

// TestHeaderOfManyColumns: a hostile header of 200,000 columns, all named alike, is checked in
// linear time (it was a search of the columns before each: minutes for a million) and reports
// at most maxFileProblems duplicates, each naming the first column of its name.
func TestHeaderOfManyColumns(t *testing.T) {
	src := "a" + strings.Repeat(",x", 200000) + "\n"
	var rep collect
	start := time.Now()
	if _, err := Open("h.csv", strings.NewReader(src), &rep); err == nil {
		t.Fatal("a header of duplicate columns opened")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
	if len(rep.lines) != maxFileProblems {
		t.Errorf("%d problems, want %d", len(rep.lines), maxFileProblems)
	}
	if len(rep.lines) > 0 && !strings.Contains(rep.lines[0], `h.csv:1:5: column "x" is named twice (first as column 2)`) {
		t.Errorf("first problem: %s", rep.lines[0])
	}
}
