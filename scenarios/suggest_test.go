package scenarios

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestClosest(t *testing.T) {
	flags := []string{"cpuprofile", "format", "memprofile", "out", "sample", "seed", "step", "strategy", "trace"}
	kinds := []string{"TaskStopped", "ZoneOutageStarted", "ZoneOutageEnded"}
	tests := []struct {
		name, in string
		known    []string
		want     string
	}{
		{"one letter more", "seeds", flags, "seed"},
		{"a letter missing", "formt", flags, "format"},
		{"two letters swapped", "fromat", flags, "format"},
		{"a beginning", "strat", flags, "strategy"},
		{"more than a known name", "tracefile", flags, "trace"},
		{"ignoring case", "zoneoutagestarted", kinds, "ZoneOutageStarted"},
		{"closest of two beginnings", "ZoneOutageStart", kinds, "ZoneOutageStarted"},
		{"a one-letter beginning means no one name", "s", flags, ""},
		{"one letter for another", "x", []string{"o", "name"}, ""},
		{"two letters, one of them right", "nm", []string{"name", "no"}, "no"},
		{"two letters for two others", "xy", []string{"at", "no"}, ""},
		{"far from every name", "colour", flags, ""},
		{"an empty name", "", flags, ""},
		{"empty known names are skipped", "ab", []string{"", "abc"}, "abc"},
		{"a tie goes to the first", "sed", []string{"sad", "sea"}, "sad"},
		{"a beginning several names share means none", "ZoneOutage", kinds, ""},
		{"nothing known", "seed", nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, Closest(tc.in, tc.known)); diff != "" {
				t.Errorf("Closest(%q) (-want +got):\n%s", tc.in, diff)
			}
		})
	}
}
