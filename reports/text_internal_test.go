package reports

import (
	"strings"
	"testing"
)

func TestUSD(t *testing.T) {
	tests := []struct {
		x    float64
		want string
	}{
		{0, "$0.00"}, {4.896, "$4.90"}, {999.994, "$999.99"}, {1000, "$1,000.00"},
		{1191.36, "$1,191.36"}, {1234567.8, "$1,234,567.80"}, {-1500, "$-1,500.00"},
	}
	for _, tc := range tests {
		if got := usd(tc.x); got != tc.want {
			t.Errorf("usd(%v) = %s, want %s", tc.x, got, tc.want)
		}
	}
}

// TestPlacementLine: the failed attempts get a line of their own only when there are more of
// them than tasks never placed, that is when services tried again; RunTask tries once.
func TestPlacementLine(t *testing.T) {
	for _, tc := range []struct {
		failures, never int
		want            bool
	}{{0, 0, false}, {5, 5, false}, {121, 3, true}} {
		var b strings.Builder
		s := Summary{Tasks: TaskSummary{PlacementFailures: tc.failures, NeverPlaced: tc.never}}
		if err := s.WriteText(&b); err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(b.String(), "failed attempts"); got != tc.want {
			t.Errorf("%d failures, %d never placed: a placement line %v, want %v", tc.failures, tc.never, got, tc.want)
		}
	}
}
