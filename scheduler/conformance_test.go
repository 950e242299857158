package scheduler_test

import (
	"strings"
	"testing"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/scheduler"
	"github.com/ecssim/ecssim/scheduler/schedtest"
)

// TestConformance runs the shared suite on every registered strategy with every field it
// accepts.
func TestConformance(t *testing.T) {
	for _, e := range scheduler.Entries() {
		for _, field := range e.Fields {
			field = strings.ReplaceAll(field, "attribute:NAME", "attribute:rack")
			spec := models.StrategySpec{Type: e.Type, Field: field}
			t.Run(spec.String(), func(t *testing.T) { schedtest.Run(t, spec) })
		}
	}
}
