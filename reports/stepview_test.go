package reports_test

import (
	"testing"
	"time"

	"github.com/ecssim/ecssim/reports"
	"github.com/ecssim/ecssim/sim"
	"github.com/google/go-cmp/cmp"
)

// TestClock checks the step view's clock: tenths of a second, rounded before the time is split
// so that 59.96 s never shows as 60.0, and days only when there are any.
func TestClock(t *testing.T) {
	for _, c := range []struct {
		name string
		at   time.Duration
		want string
	}{
		{"start", 0, "00:00:00.0"},
		{"tenths", 90*time.Minute + 4500*time.Millisecond, "01:30:04.5"},
		{"rounds up whole", 59*time.Second + 960*time.Millisecond, "00:01:00.0"},
		{"days", 26*time.Hour + 3*time.Minute + 4*time.Second, "1d02:03:04.0"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if diff := cmp.Diff(c.want, reports.Clock(sim.Time(c.at))); diff != "" {
				t.Errorf("Clock(%v) (-want +got):\n%s", c.at, diff)
			}
		})
	}
}
