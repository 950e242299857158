package scheduler

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCounted words a PlacementError's counts by filter name: every filter has its words, one
// instance or several, and a name no filter has still reads.
func TestCounted(t *testing.T) {
	tests := []struct {
		filter string
		n      int
		want   string
	}{
		{FilterStatus, 1, "was not ACTIVE"},
		{FilterStatus, 2, "were not ACTIVE"},
		{FilterCPU, 3, "lacked CPU"},
		{FilterMemory, 3, "lacked memory"},
		{FilterPorts, 1, "already used a host port the task needs"},
		{FilterENIs, 2, "had no free ENI for an awsvpc task"},
		{FilterAttributes, 2, "lacked an attribute the task requires"},
		{FilterDistinctInstance, 4, "already ran a task of its group (distinctInstance)"},
		{FilterMemberOf, 1, "did not match its memberOf constraint"},
		{FilterCapacityProvider, 2, "belonged to another capacity provider"},
		{"unknown", 1, "failed unknown"},
	}
	var got, want []string
	for _, tc := range tests {
		got = append(got, Counted(tc.filter, tc.n))
		want = append(want, tc.want)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Counted (-want +got):\n%s", diff)
	}
}
