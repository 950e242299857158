package reports

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/sim"
)

// StepView is the view of ecssim run -step: a models.Observer that hears each event at the
// moment it happens, when the cluster is as the event leaves it, and draws its frame then: the
// event in a line and the map of the cluster. The run goes on a step of the engine at a time
// (one step may hold many events, as a service's pass placing a dozen tasks), so the frames
// wait in Frames to be shown one by one; the step view's loop (in cmd/ecssim) shows them and
// reads what to run on to.
type StepView struct {
	cluster *models.Cluster
	// Frames are drawn and not yet shown: the caller takes them from the front.
	Frames  []Frame
	seen    int  // events heard so far
	goal    Goal // frames are drawn from the first event that meets it on; nil: every event
	fargate int  // Fargate tasks placed and not yet stopped: they have no instance to show
}

// Frame is one event as the step view shows it.
type Frame struct {
	N    int // the event's number, its line in the -trace file
	At   sim.Time
	Kind models.EventKind
	Text string
}

// Goal is what the step view runs on to, as a test of each event's frame (before its text is
// drawn): an event number, a time, or a kind of event. One mechanism serves the three, for
// frames already drawn and events to come (RunOn).
type Goal func(f Frame) bool

// NewStepView draws the frames of the events of cluster c's run; add it as an observer.
func NewStepView(c *models.Cluster) *StepView { return &StepView{cluster: c} }

// Seen is the number of events heard so far: the last event's number.
func (v *StepView) Seen() int { return v.seen }

// Observe implements models.Observer.
func (v *StepView) Observe(now sim.Time, e models.Event) {
	v.seen++
	if e.Instance != nil && e.Instance.Fargate() {
		switch e.Kind {
		case models.TaskPlaced:
			v.fargate++
		case models.TaskStopped:
			v.fargate--
		}
	}
	f := Frame{N: v.seen, At: now, Kind: e.Kind}
	if v.goal != nil && !v.goal(f) {
		return
	}
	v.goal = nil // met: every event from here on is shown
	f.Text = fmt.Sprintf("\n%s  #%d %s\n%s", Clock(now), v.seen, DescribeEvent(e),
		zoneMap(v.cluster, e.Instance, v.fargate))
	v.Frames = append(v.Frames, f)
}

// RunOn skips the frames waiting to be shown up to the first that meets g; when none does, the
// events to come are skipped until one meets it.
func (v *StepView) RunOn(g Goal) {
	for len(v.Frames) > 0 && !g(v.Frames[0]) {
		v.Frames = v.Frames[1:]
	}
	if len(v.Frames) == 0 {
		v.goal = g
	}
}

// Clock writes a virtual time as days, hours, minutes and seconds: 1d02:03:04.5.
func Clock(t sim.Time) string {
	secs := math.Round(t.Seconds()*10) / 10 // to the tenth, before it is split: never 60.0 s
	d := int(secs / 86400)
	secs -= float64(d) * 86400
	h := int(secs / 3600)
	secs -= float64(h) * 3600
	m := int(secs / 60)
	secs -= float64(m) * 60
	s := fmt.Sprintf("%02d:%02d:%04.1f", h, m, secs)
	if d > 0 {
		s = fmt.Sprintf("%dd%s", d, s)
	}
	return s
}

// DescribeEvent writes one event in a line: its kind, then what it is about.
func DescribeEvent(e models.Event) string {
	parts := []string{e.Kind.String()}
	if e.Task != nil {
		parts = append(parts, e.Task.ID)
	}
	switch {
	case e.Instance != nil && e.Instance.Fargate():
		parts = append(parts, "on Fargate")
	case e.Instance != nil && e.Task != nil:
		parts = append(parts, "on "+e.Instance.ID)
	case e.Instance != nil:
		parts = append(parts, fmt.Sprintf("%s (%s, %s)", e.Instance.ID, e.Instance.Type.Name, e.Instance.Zone))
	}
	if e.Service != nil && e.Task == nil {
		parts = append(parts, "service "+e.Service.Name)
	}
	if e.Zone != "" {
		parts = append(parts, e.Zone)
	}
	if e.Provider != nil {
		parts = append(parts, e.Provider.Name)
	}
	if e.Kind == models.ScaleOut || e.Kind == models.ScaleIn {
		parts = append(parts, fmt.Sprintf("at CapacityProviderReservation %g: %d instances", e.Metric, e.Count))
	} else if e.Count != 0 {
		parts = append(parts, fmt.Sprintf("count %d", e.Count))
	}
	if e.Reason != "" {
		parts = append(parts, "("+e.Reason+")")
	}
	if e.Failure != nil {
		parts = append(parts, "· "+e.Failure.Error())
	}
	if e.Message != "" {
		parts = append(parts, "· "+e.Message)
	}
	return strings.Join(parts, " ")
}

// Limits of the zone map, to keep it on a screen.
const (
	mapInstances = 8 // instances shown per zone
	mapOwners    = 3 // owners listed per instance
)

// zoneMap draws the cluster one zone a line: each instance with a bar of its reserved CPU
// (eight cells), a mark for DRAINING, and its tasks counted by service revision or workload. The
// instance the event is about is starred, and comes first in its zone.
func zoneMap(c *models.Cluster, event *models.Instance, fargate int) string {
	var b strings.Builder
	width := 0
	for _, z := range c.Zones() {
		width = max(width, len(z))
	}
	if len(c.Instances()) == 0 {
		b.WriteString("(no container instances registered)\n")
	}
	for _, z := range c.Zones() {
		var shown, rest []*models.Instance
		for _, in := range c.Instances() {
			switch {
			case in.Zone != z:
			case in == event:
				shown = append(shown, in)
			default:
				rest = append(rest, in)
			}
		}
		shown = append(shown, rest...)
		fmt.Fprintf(&b, "%-*s", width, z)
		for i, in := range shown {
			if i == mapInstances {
				fmt.Fprintf(&b, "  +%d more", len(shown)-mapInstances)
				break
			}
			b.WriteString("  " + instanceCell(in, in == event))
		}
		if len(shown) == 0 {
			b.WriteString("  (no instances)")
		}
		b.WriteString("\n")
	}
	if fargate > 0 {
		fmt.Fprintf(&b, "Fargate: %d tasks\n", fargate)
	}
	return b.String()
}

// instanceCell draws one instance: i-0004*[███░░░░░]D web:2×2 batch×1 (a service's tasks by
// revision, a workload's by name).
func instanceCell(in *models.Instance, touched bool) string {
	var b strings.Builder
	b.WriteString(in.ID)
	if touched {
		b.WriteString("*")
	}
	filled := 0
	if reg := in.Registered.CPU; reg > 0 {
		filled = int((8*in.Used().CPU + reg - 1) / reg) // round up: any use shows
	}
	b.WriteString("[" + strings.Repeat("█", min(filled, 8)) + strings.Repeat("░", 8-min(filled, 8)) + "]")
	if in.Status == models.StatusDraining {
		b.WriteString("D")
	}
	var owners []string
	counts := map[string]int{}
	for _, t := range in.Tasks() {
		o := t.Owner()
		if t.Service != nil {
			o += ":" + strconv.Itoa(t.Def.Revision) // a rolling update shows both revisions
		}
		if counts[o] == 0 {
			owners = append(owners, o)
		}
		counts[o]++
	}
	for i, o := range owners {
		if i == mapOwners {
			fmt.Fprintf(&b, " +%d", len(owners)-mapOwners)
			break
		}
		fmt.Fprintf(&b, " %s×%d", o, counts[o])
	}
	return b.String()
}
