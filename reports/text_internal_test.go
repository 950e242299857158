package reports

import "testing"

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
