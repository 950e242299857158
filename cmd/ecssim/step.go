package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/scenarios"
	"github.com/ecssim/ecssim/sim"
)

// stdin is where run -step reads its keys; tests replace it.
var stdin io.Reader = os.Stdin

// stepHelp is what run -step prints first: the answers it takes.
const stepHelp = "Enter: the next event · a number: run on to that event · a time (1h30m, 2d): run on to it · " +
	"next KIND: run on to the next event of that kind (next TaskStopped) · q: quit"

// stepper walks a run one event at a time. As an observer it hears each event at the moment
// it happens, when the cluster is as the event leaves it, so it draws the frame then: the
// event and the map of the cluster. The run goes on a step of the engine at a time (one step
// may hold many events, as a service's pass placing a dozen tasks), and the frames wait to be
// shown one by one.
type stepper struct {
	run     *scenarios.Run
	out     io.Writer
	seen    int     // events heard so far
	goal    goal    // frames are drawn from the first event that meets it on; nil: every event
	frames  []frame // drawn and not yet shown
	shown   frame   // the last frame shown
	fargate int     // Fargate tasks placed and not yet stopped: they have no instance to show
}

// frame is one event as the stepper shows it.
type frame struct {
	n    int // the event's number, its line in the -trace file
	at   sim.Time
	kind models.EventKind
	text string
}

// goal is what an answer runs on to, as a test of each event's frame (before its text is
// drawn): an event number, a time, or a kind of event. One mechanism serves the three, for
// frames already drawn (runOn) and events to come (Observe).
type goal func(f frame) bool

// Observe implements models.Observer.
func (s *stepper) Observe(now sim.Time, e models.Event) {
	s.seen++
	if e.Instance != nil && e.Instance.Fargate() {
		switch e.Kind {
		case models.TaskPlaced:
			s.fargate++
		case models.TaskStopped:
			s.fargate--
		}
	}
	f := frame{n: s.seen, at: now, kind: e.Kind}
	if s.goal != nil && !s.goal(f) {
		return
	}
	s.goal = nil // met: every event from here on is shown
	f.text = fmt.Sprintf("\n%s  #%d %s\n%s", clock(now), s.seen, describe(e),
		zoneMap(s.run.Sim.Cluster, e.Instance, s.fargate))
	s.frames = append(s.frames, f)
}

// runOn skips the frames waiting to be shown up to the first that meets g; when none does, the
// events to come are skipped until one meets it.
func (s *stepper) runOn(g goal) {
	for len(s.frames) > 0 && !g(s.frames[0]) {
		s.frames = s.frames[1:]
	}
	if len(s.frames) == 0 {
		s.goal = g
	}
}

// stepThrough runs r one event at a time, reading keys from in. It reports whether the run
// reached its end (false: the user quit).
func stepThrough(r *scenarios.Run, in io.Reader, out io.Writer) (bool, error) {
	s := &stepper{run: r, out: out}
	r.Sim.AddObserver(s)
	fmt.Fprintf(out, "%s: %s, seed %d, %v simulated.\n%s\n", r.Scenario.Name, r.Strategy, r.Seed, r.Scenario.Duration, stepHelp)
	keys := bufio.NewScanner(in)
	r.Sim.Start() // registers the fleet: the first events
	for {
		if len(s.frames) == 0 && !s.advance() {
			fmt.Fprintf(out, "\nThe run ends at %s, after event #%d.\n\n", clock(r.Sim.Horizon), s.seen)
			return true, nil
		}
		s.shown, s.frames = s.frames[0], s.frames[1:]
		fmt.Fprint(out, s.shown.text)
		for {
			fmt.Fprint(out, "> ")
			if !keys.Scan() {
				fmt.Fprintln(out)
				return false, keys.Err()
			}
			g, msg, quit := s.answer(strings.TrimSpace(keys.Text()))
			if quit {
				return false, nil
			}
			if msg == "" {
				if g != nil {
					s.runOn(g)
				}
				break
			}
			fmt.Fprintln(out, msg)
		}
	}
}

// answer reads one line of input: the goal to run on to (nil for the next event), or a
// message to print before asking again, or quit.
func (s *stepper) answer(key string) (g goal, msg string, quit bool) {
	word, kind := key, ""
	if f := strings.Fields(key); len(f) > 0 {
		word, kind = f[0], strings.Join(f[1:], " ")
	}
	switch {
	case key == "":
		return nil, "", false
	case strings.EqualFold(key, "q") || strings.EqualFold(key, "quit"):
		return nil, "", true
	case strings.EqualFold(word, "next"):
		return kindGoal(strings.TrimSpace(kind))
	}
	if n, err := strconv.Atoi(key); err == nil && n > 0 {
		if n <= s.shown.n {
			return nil, fmt.Sprintf("event %d has passed; the next is %d", n, s.shown.n+1), false
		}
		return func(f frame) bool { return f.n >= n }, "", false
	}
	if d, err := scenarios.ParseDuration(key); err == nil { // as scenario files write times: 90m, 2d
		t := sim.Time(d)
		if t < s.shown.at {
			return nil, fmt.Sprintf("%s has passed; event #%d was at %s", key, s.shown.n, clock(s.shown.at)), false
		}
		return func(f frame) bool { return f.at >= t }, "", false
	}
	return nil, fmt.Sprintf("unknown input %q: Enter, a number, a time (1h), next KIND or q", key), false
}

// kindGoal is the goal of "next KIND": the next event of that kind, named as the trace names
// it, in any case.
func kindGoal(name string) (goal, string, bool) {
	if name == "" {
		return nil, "next needs an event kind, such as next TaskStopped", false
	}
	var names []string
	for _, k := range models.EventKinds() {
		if strings.EqualFold(k.String(), name) {
			return func(f frame) bool { return f.kind == k }, "", false
		}
		names = append(names, k.String())
	}
	msg := fmt.Sprintf("unknown event kind %q", name)
	if s := scenarios.Closest(name, names); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	return nil, msg, false
}

// advance steps the engine until there is a frame to show, and reports false at the end of
// the run.
func (s *stepper) advance() bool {
	e := s.run.Sim.Engine
	for len(s.frames) == 0 {
		if at, ok := e.Peek(); !ok || at > s.run.Sim.Horizon {
			return false
		}
		e.Step()
	}
	return true
}

// clock writes a virtual time as days, hours, minutes and seconds: 1d02:03:04.5.
func clock(t sim.Time) string {
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

// describe writes one event in a line: its kind, then what it is about.
func describe(e models.Event) string {
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
