package explain

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestNoTask: a task no placement created and none waited for is a NoTaskError, which ecssim
// reports as a usage error.
func TestNoTask(t *testing.T) {
	out, err := placements(t, open(t, "example:rolling-deployment"), 5, "web-99")
	var got NoTaskError
	if !errors.As(err, &got) {
		t.Fatalf("error %v, want a NoTaskError", err)
	}
	if diff := cmp.Diff(NoTaskError{Task: "web-99"}, got); diff != "" {
		t.Errorf("NoTaskError (-want +got):\n%s", diff)
	}
	if out != "" {
		t.Errorf("printed for a task that never existed:\n%s", out)
	}
}
