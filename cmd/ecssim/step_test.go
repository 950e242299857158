package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// stepKeys runs ecssim run -step with keys as its input.
func stepKeys(t *testing.T, keys string, args ...string) (int, string, string) {
	t.Helper()
	old := stdin
	stdin = strings.NewReader(keys)
	defer func() { stdin = old }()
	return ecssim(t, append([]string{"run", "-step"}, args...)...)
}

var frameRE = regexp.MustCompile(`(?m)^\d\d:\d\d:\d\d\.\d  #(\d+) `)

// frames lists the event numbers of the frames a run -step printed.
func frames(out string) []string {
	var ns []string
	for _, m := range frameRE.FindAllStringSubmatch(out, -1) {
		ns = append(ns, m[1])
	}
	return ns
}

var headerRE = regexp.MustCompile(`(?m)^(\d\d:\d\d:\d\d\.\d)  #\d+ (\w+)`)

// headers lists the frames a run -step printed as "TIME KIND", which stays put when a change
// elsewhere renumbers the events.
func headers(out string) []string {
	var hs []string
	for _, m := range headerRE.FindAllStringSubmatch(out, -1) {
		hs = append(hs, m[1]+" "+m[2])
	}
	return hs
}

// TestRunStep drives run -step as a person would: Enter shows the next event, a number runs on
// to that event, a number already passed is refused, anything else is named as unknown with
// the answers there are, and q quits without a summary.
func TestRunStep(t *testing.T) {
	code, out, errs := stepKeys(t, "\n10\n3\nhelp\n\nq\n", "example:rolling-deployment")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if diff := cmp.Diff([]string{"1", "2", "10", "11"}, frames(out)); diff != "" {
		t.Errorf("frames shown (-want +got):\n%s\n%s", diff, out)
	}
	for _, want := range []string{
		"00:00:00.0  #1 InstanceRegistered i-0001 (m6i.xlarge, us-east-1a)\nus-east-1a  i-0001*[░░░░░░░░]\n",
		"#10 TaskPlaced web-3 on i-0001\n",
		"us-east-1a  i-0001*[█░░░░░░░] web:1×1  i-0004[░░░░░░░░]\n", // the task just placed, its instance first
		"event 3 has passed; the next is 11\n",
		"\n" + stepHelp + "\n\n", // once, at the start
		`unknown input "help": Enter, a number, a time (1h), next KIND or q` + "\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "scenario ") {
		t.Errorf("quitting printed a summary:\n%s", out)
	}
}

// TestRunStepGoals runs on to a time and to a kind of event, on example:zone-outage, whose
// zone us-east-1a fails at 1h and comes back at 1h30m of a 3h run.
func TestRunStepGoals(t *testing.T) {
	const first = "00:00:00.0 InstanceRegistered"
	tests := []struct {
		name    string
		keys    string
		headers []string // the frames shown, as TIME KIND
		output  []string // substrings of the output
	}{
		{"a time in hours", "1h\nq\n", []string{first, "01:00:00.0 ZoneOutageStarted"}, nil},
		{"a time in minutes", "90m\nq\n", []string{first, "01:30:00.0 ZoneOutageEnded"}, nil},
		{"hours and minutes", "1h30m\nq\n", []string{first, "01:30:00.0 ZoneOutageEnded"}, nil},
		{"a time after the frames waiting", "\n\n1h\nq\n", []string{first, "00:00:00.0 InstanceRegistered",
			"00:00:00.0 InstanceRegistered", "01:00:00.0 ZoneOutageStarted"}, nil},
		{"days, past the end of the run", "2d\n", []string{first}, []string{"The run ends at 03:00:00.0"}},
		{"a time passed", "1h\n30m\n1h\nq\n", []string{first, "01:00:00.0 ZoneOutageStarted", "01:00:00.0 TaskStopping"},
			[]string{"\n> 30m has passed; event #", " was at 01:00:00.0\n> \n"}},
		{"next kind", "next ZoneOutageStarted\nnext ZoneOutageEnded\nq\n",
			[]string{first, "01:00:00.0 ZoneOutageStarted", "01:30:00.0 ZoneOutageEnded"}, nil},
		{"next kind in any case", "NEXT zoneoutageended\nq\n", []string{first, "01:30:00.0 ZoneOutageEnded"}, nil},
		{"next kind that never comes again", "next ZoneOutageStarted\nnext ZoneOutageStarted\n",
			[]string{first, "01:00:00.0 ZoneOutageStarted"}, []string{"The run ends at 03:00:00.0"}},
		{"a misspelt kind", "next ZoneOutageStart\nq\n", []string{first},
			[]string{`unknown event kind "ZoneOutageStart" (did you mean "ZoneOutageStarted"?)` + "\n"}},
		{"a kind like none", "next Bogus\nq\n", []string{first}, []string{`unknown event kind "Bogus"` + "\n> "}},
		{"next without a kind", "next\nq\n", []string{first}, []string{"next needs an event kind, such as next TaskStopped\n"}},
		{"a time without a unit", "1.5\nq\n", []string{first},
			[]string{`unknown input "1.5": Enter, a number, a time (1h), next KIND or q` + "\n"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := stepKeys(t, tc.keys, "example:zone-outage")
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			if diff := cmp.Diff(tc.headers, headers(out)); diff != "" {
				t.Errorf("frames shown (-want +got):\n%s\n%s", diff, out)
			}
			for _, want := range tc.output {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
		})
	}
}

// TestRunStepToTheEnd steps past the last event: the summary that follows is the one run
// prints without -step, so walking a run never changes it.
func TestRunStepToTheEnd(t *testing.T) {
	for _, ex := range []string{"example:rolling-deployment", "example:zone-outage", "example:capacity-fargate"} {
		t.Run(ex, func(t *testing.T) {
			code, out, errs := stepKeys(t, "1000000\n", ex)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			_, plain, _ := ecssim(t, "run", ex)
			_, summary, ok := strings.Cut(out, "\n\n"+strings.SplitN(plain, "\n", 2)[0])
			if !ok || !strings.Contains(out, "The run ends at") {
				t.Fatalf("no end and summary:\n%s", out)
			}
			if got := strings.SplitN(plain, "\n", 2)[0] + summary; got != plain {
				t.Errorf("the summary after stepping differs:\n%s", cmp.Diff(plain, got))
			}
		})
	}
	code, _, errs := stepKeys(t, "", "-format", "json", "example:loss-system")
	if code != 2 || !strings.Contains(errs, "-step shows the run in the terminal") {
		t.Errorf("-step -format json: exit %d, %s", code, errs)
	}
	// No keys at all (stdin closed) quits at the first frame.
	if code, out, _ := stepKeys(t, "", "example:loss-system"); code != 0 || len(frames(out)) != 1 {
		t.Errorf("closed input: exit %d, %d frames", code, len(frames(out)))
	}
}
