package experiment

import (
	"errors"
	"strings"
	"testing"
)

// TestParseResultRanges checks that a result line whose numbers no run can make is refused at
// the number, by file, line and column, and that the summary's legitimate extremes pass.
func TestParseResultRanges(t *testing.T) {
	const header = `{"run":{"sweep":"abc","index":1,"of":4,"points":1,"seeds":2,"strategies":["a","b"],"point":0,"strategy_index":1,"replicate":0},`
	tests := []struct{ name, rest, err string }{
		{"a share below 0", `"utilization":{"cpu_reserved_mean":-0.5}}`,
			"f.json:1:163: not a sweep result: utilization.cpu_reserved_mean is -0.5, want a share from 0 to 1"},
		{"a share above 1", `"utilization":{"cpu_reserved_mean":1.5}}`, "utilization.cpu_reserved_mean is 1.5, want a share"},
		{"a share of 1e308", `"utilization":{"memory_reserved_mean":1e308}}`, "utilization.memory_reserved_mean is 1e308"},
		{"a service's share", `"services":{"web":{"availability":2}}}`, "services.web.availability is 2, want a share"},
		{"a huge cost", `"cost_usd":{"total":1e308}}`, "cost_usd.total is 1e308, want a number from 0 to 2^53"},
		{"a negative count", `"tasks":{"started":-1}}`, "tasks.started is -1"},
		{"lowest_healthy below -1", `"services":{"web":{"lowest_healthy":-2}}}`, "services.web.lowest_healthy is -2"},
		{"NaN, not JSON", `"utilization":{"cpu_reserved_mean":NaN}}`, "f.json:1:163: not a sweep result: invalid character 'N'"},
		{"beyond float64", `"utilization":{"cpu_reserved_mean":1e309}}`, "f.json:1:168: not a sweep result: json: cannot unmarshal number 1e309"},
		{"a service named like a share", `"cost_usd":{"per_service":{"availability":5}}}`, ""},
		{"lowest_healthy -1: none seen", `"services":{"web":{"lowest_healthy":-1}}}`, ""},
		{"a seed under an empty key is no seed", `"":{"seed":-5}}`, ".seed is -5"},
		{"shares at their bounds", `"utilization":{"cpu_reserved_mean":0,"memory_reserved_mean":1}}`, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseResult([]byte(header+tc.rest), "f.json")
			switch {
			case tc.err == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tc.err != "" && (!errors.As(err, new(InputError)) || !strings.Contains(err.Error(), tc.err)):
				t.Errorf("got %v, want bad input saying %q", err, tc.err)
			}
		})
	}
}
