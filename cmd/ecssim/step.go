package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/reports"
	"github.com/ecssim/ecssim/scenarios"
	"github.com/ecssim/ecssim/sim"
)

// stdin is where run -step reads its keys; tests replace it.
var stdin io.Reader = os.Stdin

// stepHelp is what run -step prints first: the answers it takes.
const stepHelp = "Enter: the next event · a number: run on to that event · a time (1h30m, 2d): run on to it · " +
	"next KIND: run on to the next event of that kind (next TaskStopped) · q: quit"

// stepper walks a run one event at a time: the step view (reports.StepView) draws the
// frames, and the stepper shows them and reads what to run on to.
type stepper struct {
	run   *scenarios.Run
	view  *reports.StepView
	shown reports.Frame // the last frame shown
}

// stepThrough runs r one event at a time, reading keys from in. It reports whether the run
// reached its end (false: the user quit).
func stepThrough(r *scenarios.Run, in io.Reader, out io.Writer) (bool, error) {
	s := &stepper{run: r, view: reports.NewStepView(r.Sim.Cluster)}
	r.Sim.AddObserver(s.view)
	fmt.Fprintf(out, "%s: %s, seed %d, %v simulated.\n%s\n", r.Scenario.Name, r.Strategy, r.Seed, r.Scenario.Duration, stepHelp)
	keys := bufio.NewScanner(in)
	r.Sim.Start() // registers the fleet: the first events
	for {
		if len(s.view.Frames) == 0 && !s.advance() {
			fmt.Fprintf(out, "\nThe run ends at %s, after event #%d.\n\n", reports.Clock(r.Sim.Horizon), s.view.Seen())
			return true, nil
		}
		s.shown, s.view.Frames = s.view.Frames[0], s.view.Frames[1:]
		fmt.Fprint(out, s.shown.Text)
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
					s.view.RunOn(g)
				}
				break
			}
			fmt.Fprintln(out, msg)
		}
	}
}

// answer reads one line of input: the goal to run on to (nil for the next event), or a
// message to print before asking again, or quit.
func (s *stepper) answer(key string) (g reports.Goal, msg string, quit bool) {
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
		if n <= s.shown.N {
			return nil, fmt.Sprintf("event %d has passed; the next is %d", n, s.shown.N+1), false
		}
		return func(f reports.Frame) bool { return f.N >= n }, "", false
	}
	if d, err := scenarios.ParseDuration(key); err == nil { // as scenario files write times: 90m, 2d
		t := sim.Time(d)
		if t < s.shown.At {
			return nil, fmt.Sprintf("%s has passed; event #%d was at %s", key, s.shown.N, reports.Clock(s.shown.At)), false
		}
		return func(f reports.Frame) bool { return f.At >= t }, "", false
	}
	return nil, fmt.Sprintf("unknown input %q: Enter, a number, a time (1h), next KIND or q", key), false
}

// kindGoal is the goal of "next KIND": the next event of that kind, named as the trace names
// it, in any case.
func kindGoal(name string) (reports.Goal, string, bool) {
	if name == "" {
		return nil, "next needs an event kind, such as next TaskStopped", false
	}
	var names []string
	for _, k := range models.EventKinds() {
		if strings.EqualFold(k.String(), name) {
			return func(f reports.Frame) bool { return f.Kind == k }, "", false
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
	for len(s.view.Frames) == 0 {
		if at, ok := e.Peek(); !ok || at > s.run.Sim.Horizon {
			return false
		}
		e.Step()
	}
	return true
}
