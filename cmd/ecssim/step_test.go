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

// TestRunStep drives run -step as a person would: Enter shows the next event, a number runs on
// to that event, a number already passed is refused, anything else shows the keys, and q
// quits without a summary.
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
		"#10 TaskPlaced web-3 on i-0002\n",
		"us-east-1b  i-0002*[█░░░░░░░] web:1×1  i-0005[░░░░░░░░]\n", // the task just placed, its instance first
		"event 3 has passed; the next is 11\n",
		stepHelp + "\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "scenario ") {
		t.Errorf("quitting printed a summary:\n%s", out)
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
