package models

import (
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestTaskIDs checks that counting in the IDs' digits numbers tasks as formatting each number
// would, across the carries, and that peek does not move on.
func TestTaskIDs(t *testing.T) {
	tests := []struct {
		name  string
		owner string
		n     int
	}{
		{"past one digit", "web", 12},
		{"past two digits", "batch", 105},
		{"past four digits", "job", 10_002},
		{"empty name", "", 11},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ids taskIDs
			var got, want []string
			for i := 1; i <= tt.n; i++ {
				if p := ids.peek(tt.owner); p != tt.owner+"-"+strconv.Itoa(i) {
					t.Fatalf("peek before task %d = %q", i, p)
				}
				got = append(got, ids.take(tt.owner))
				want = append(want, tt.owner+"-"+strconv.Itoa(i))
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("IDs (-want +got):\n%s", diff)
			}
		})
	}
}
