package scenarios

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestOpenWith overrides scenario values as -set gives them, and refuses what names nothing.
func TestOpenWith(t *testing.T) {
	tests := []struct {
		name    string
		sets    []Setting
		count   int    // the instance group's, when no error
		desired int    // web's
		typ     string // the group's instance type
		err     string
	}{
		{"nothing set", nil, 9, 12, "m6i.xlarge", ""},
		{"a count and a desired count", []Setting{{"instance_groups.general.count", "4"}, {"services.web.desired_count", "20"}}, 4, 20, "m6i.xlarge", ""},
		{"a bare word is a string", []Setting{{"instance_groups.general.type", "c6i.2xlarge"}}, 9, 12, "c6i.2xlarge", ""},
		{"an element that does not exist", []Setting{{"services.nope.desired_count", "2"}}, 0, 0, "", `services has no element "nope"`},
		{"a value of the wrong type", []Setting{{"services.web.desired_count", "lots"}}, 0, 0, "", `-set services.web.desired_count: with services.web.desired_count = lots, the scenario is invalid`},
		{"the seed", []Setting{{"seed", "3"}}, 0, 0, "", "give the seed with -seed"},
		{"a strategy", []Setting{{"services.web.placement_strategy", "[]"}}, 0, 0, "", "give strategies with -strategy"},
		{"an empty part", []Setting{{"services..desired_count", "2"}}, 0, 0, "", "want a dotted path"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc, err := OpenWith("example:web-and-batch", tc.sets)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want one saying %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := []any{sc.InstanceGroups[0].Count, sc.Services[0].DesiredCount, sc.InstanceGroups[0].Type.Name, sc.File}
			if diff := cmp.Diff([]any{tc.count, tc.desired, tc.typ, "example:web-and-batch"}, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestSettingValue reads -set values as TOML values, or as strings.
func TestSettingValue(t *testing.T) {
	tests := []struct {
		in   string
		want any
	}{
		{"20", int64(20)}, {"1.5", 1.5}, {"true", true}, {`"x y"`, "x y"}, {"m6i.large", "m6i.large"}, {"1h", "1h"},
		{"[1, 2]", []any{int64(1), int64(2)}}, {"", ""},
	}
	for _, tc := range tests {
		if diff := cmp.Diff(tc.want, SettingValue(tc.in)); diff != "" {
			t.Errorf("SettingValue(%q) (-want +got):\n%s", tc.in, diff)
		}
	}
}

// FuzzOpenWith: any -set key and value is taken or refused with an error, never a panic.
func FuzzOpenWith(f *testing.F) {
	f.Add("services.web.desired_count", "20")
	f.Add("instance_groups.0.zones", `["us-east-1a"]`)
	f.Add("workloads.batch.arrival", "{ process = \"poisson\", rate = \"1/s\" }")
	f.Add("services.web", "3")
	f.Fuzz(func(t *testing.T, key, value string) {
		if len(key) > 200 || len(value) > 1000 {
			return
		}
		sc, err := OpenWith("example:web-and-batch", []Setting{{key, value}})
		if err == nil && sc == nil {
			t.Fatal("no scenario and no error")
		}
	})
}
