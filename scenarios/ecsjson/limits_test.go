package ecsjson

import (
	"strings"
	"testing"
	"time"
)

// TestDepth checks that nesting past MaxDepth is refused at the bracket that goes past it,
// quickly, and that brackets inside strings do not count.
func TestDepth(t *testing.T) {
	deep := func(open, close string, n int) string { return strings.Repeat(open, n) + strings.Repeat(close, n) }
	tests := []struct {
		name, src string
		want      string // a substring of the problem; "" for none about depth
	}{
		{"arrays at the limit", deep("[", "]", MaxDepth), ""},
		{"arrays past it", deep("[", "]", MaxDepth+1), "f.json:1:65: arrays and objects nested 65 deep; ecssim reads at most 64"},
		{"objects past it", "{\n" + deep(`{"a":`, "}", MaxDepth), "f.json:2:316: arrays and objects nested 65 deep"},
		{"brackets in strings", `{"a": "` + strings.Repeat("[{", 100) + `\"` + `"}`, ""},
		{"a bomb", deep("[", "]", 100_000), "f.json:1:65: arrays and objects nested 65 deep"},
		{"a million objects", "[" + strings.Repeat("{},", 1_000_000) + "{}]", "f.json:1:599999: more than 200000 arrays and objects"},
		{"a million numbers", "[" + strings.Repeat("0,", 1_000_000) + "0]", "f.json:1:1000003: more than 500000 members and elements"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, err := Import([]File{{Name: "f.json", Data: []byte(tt.src)}}, Options{})
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("Import took %v", d)
			}
			got := ""
			if err != nil {
				got = err.Error()
			}
			switch {
			case tt.want == "" && (strings.Contains(got, "nested") || strings.Contains(got, "ecssim reads at most")):
				t.Errorf("Import: %s; want no depth problem", got)
			case tt.want != "" && !strings.Contains(got, tt.want):
				t.Errorf("Import: %q; want %q", got, tt.want)
			}
		})
	}
}
