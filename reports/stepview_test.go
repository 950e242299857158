package reports_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/models"
	mt "github.com/ecssim/ecssim/models/modelstest"
	"github.com/ecssim/ecssim/reports"
	"github.com/ecssim/ecssim/sim"
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

// TestStepView: each event's frame is its line and the map of the zones as the event left
// them, the instance it is about starred and first in its zone; a goal skips the frames before
// the first event that meets it, whether drawn already or to come.
func TestStepView(t *testing.T) {
	c := mt.Cluster(1, mt.Instance("m6i.xlarge"), mt.Instance("m6i.xlarge").Zone("us-east-1b"), mt.Instance("m6i.large"))
	in := c.Instances()
	batch := mt.TaskDef("batch", 1024, 512)
	task := mt.Place(c, in[2], "batch-1", batch, "batch")
	mt.Place(c, in[2], "batch-2", batch, "batch")
	v := reports.NewStepView(c)
	v.Observe(0, models.Event{Kind: models.InstanceRegistered, Instance: in[0]})
	v.Observe(sim.Time(90*time.Second), models.Event{Kind: models.TaskPlaced, Task: task, Instance: in[2]})
	v.RunOn(func(f reports.Frame) bool { return f.N >= 3 }) // both drawn frames skipped
	v.Observe(sim.Time(100*time.Second), models.Event{Kind: models.TaskUnhealthy, Task: task, Instance: in[2], Reason: "health check failed"})
	v.Observe(sim.Time(time.Hour), models.Event{Kind: models.InstanceRegistered, Instance: in[1]})
	var got []string
	for _, f := range v.Frames {
		got = append(got, f.Text)
	}
	want := []string{
		"\n00:01:40.0  #3 TaskUnhealthy batch-1 on i-0003 (health check failed)\n" +
			"us-east-1a  i-0003*[████████] batch×2  i-0001[░░░░░░░░]\n" +
			"us-east-1b  i-0002[░░░░░░░░]\n",
		"\n01:00:00.0  #4 InstanceRegistered i-0002 (m6i.xlarge, us-east-1b)\n" +
			"us-east-1a  i-0001[░░░░░░░░]  i-0003[████████] batch×2\n" +
			"us-east-1b  i-0002*[░░░░░░░░]\n",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("frames (-want +got):\n%s", diff)
	}
	if v.Seen() != 4 {
		t.Errorf("Seen() = %d, want 4", v.Seen())
	}
}
