package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/ecssim/ecssim/experiment"
	"github.com/google/go-cmp/cmp"
)

// TestReplayInBrowser opens the replay page run -out writes for example:zone-outage in headless
// Chromium. It jumps to the outage by its mark on the timeline, and to other moments by the
// page's address, and reads the running tasks per zone off the page: they must be the trace's.
// It clicks the first task placed and reads its decision and road. The page must ask for
// nothing but itself. Then a click on a report figure at 1 h must open the replay at 1 h.
func TestReplayInBrowser(t *testing.T) {
	ctx := newBrowser(t)
	dir := t.TempDir()
	out, tracePath := filepath.Join(dir, "run"), filepath.Join(dir, "trace.jsonl")
	if code, _, stderr := ecssim(t, "run", "-out", out, "-trace", tracePath, "example:zone-outage"); code != 0 {
		t.Fatalf("ecssim run: exit %d: %s", code, stderr)
	}
	trace := readTrace(t, tracePath)
	var mu sync.Mutex
	var requests []string
	err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			mu.Lock()
			requests = append(requests, e.Request.URL)
			mu.Unlock()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	page := "file://" + filepath.Join(out, "replay.html")
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(page)); err != nil {
		t.Fatal(err)
	}
	outage := -1.0
	for _, l := range trace {
		if l.Kind == "ZoneOutageStarted" {
			outage = l.T
			break
		}
	}
	// a mouse click on the outage's mark, a rectangle of the timeline's SVG
	mark, err := chromedp.Run(ctx, chromedp.Evaluate[struct{ X, Y float64 }](`(() => {
		const r = document.querySelector('[data-mark-kind="ZoneOutageStarted"]').getBoundingClientRect();
		return {X: r.left + r.width / 2, Y: r.top + r.height / 2};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.MouseClickXY(mark.X, mark.Y)); err != nil {
		t.Fatal(err)
	}
	checkZones(t, ctx, trace, outage)
	for _, at := range []float64{1800, outage + 60, 2 * 3600, 3 * 3600} {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf("location.hash = '#t=%g'", at))); err != nil {
			t.Fatal(err)
		}
		checkZones(t, ctx, trace, at)
	}
	checkTaskStory(t, ctx)
	// A page thinned to 60 events and 4 instances still counts every event of the run.
	thin := filepath.Join(dir, "thin.html")
	if code, _, stderr := ecssim(t, "replay", "-keep-events", "60", "-keep-instances", "4", "-o", thin, "example:zone-outage"); code != 0 {
		t.Fatalf("ecssim replay: exit %d: %s", code, stderr)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+thin)); err != nil {
		t.Fatal(err)
	}
	for _, at := range []float64{5.5, 60, outage, outage + 30, 2 * 3600, 3 * 3600} {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf("location.hash = '#t=%g'", at))); err != nil {
			t.Fatal(err)
		}
		checkZones(t, ctx, trace, at)
	}
	mu.Lock()
	if len(requests) == 0 {
		t.Error("no request heard, not even the page's own: the check of requests is deaf")
	}
	for _, u := range requests {
		if u := strings.SplitN(u, "#", 2)[0]; u != page && u != "file://"+thin {
			t.Errorf("the page asked for %s", u)
		}
	}
	mu.Unlock()
	checkFigureOpensReplay(t, ctx, "file://"+filepath.Join(out, "report.html"))
}

// checkZones reads the page's running tasks per zone and its clock, and checks them against
// the trace at time at.
func checkZones(t *testing.T, ctx context.Context, trace []traceEvent, at float64) {
	t.Helper()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]int](`Object.fromEntries([...document.querySelectorAll("[data-zone-running]")].map(e => [e.dataset.zoneRunning, +e.textContent]).filter(e => e[1] > 0))`))
	if err != nil {
		t.Fatal(err)
	}
	clock, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("clock")))
	if err != nil {
		t.Fatal(err)
	}
	if want := runningByZone(trace, at); !cmp.Equal(want, got) {
		t.Errorf("at %gs (the page's clock %s), running by zone: page %v, trace %v", at, clock, got, want)
	}
}

// checkTaskStory clicks the first task placed, at 60 s, and reads its story.
func checkTaskStory(t *testing.T, ctx context.Context) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.hash = '#t=60'`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.inst [data-task][title^="packed-1 "]`))); err != nil {
		t.Fatal(err)
	}
	var texts [3]string
	for i, sel := range []string{"#story-title", "#decision", "#story .road"} {
		var err error
		if texts[i], err = chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel))); err != nil {
			t.Fatal(err)
		}
	}
	title, decision, road := texts[0], texts[1], texts[2]
	if want := "task packed-1 (shop:1) of service packed"; title != want {
		t.Errorf("the story's title %q, want %q", title, want)
	}
	for _, want := range []string{"placement 1 at 0s: task packed-1 of service packed", "strategies, in order: binpack(memory)", "i-0001", "chosen", "placed on i-0001 (us-east-1a)"} {
		if !strings.Contains(decision, want) {
			t.Errorf("the decision lacks %q:\n%s", want, decision)
		}
	}
	for _, want := range []string{"created", "TaskPlaced packed-1 on i-0001", "TaskRunning packed-1", "TaskStopped packed-1"} {
		if !strings.Contains(road, want) {
			t.Errorf("the road lacks %q:\n%s", want, road)
		}
	}
}

// checkFigureOpensReplay clicks the first figure over time of report.html above its time
// axis's 1 h tick: the replay must open at 1 h.
func checkFigureOpensReplay(t *testing.T, ctx context.Context, report string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(report)); err != nil {
		t.Fatal(err)
	}
	at, err := chromedp.Run(ctx, chromedp.Evaluate[struct{ X, Y float64 }](`(() => {
		const f = [...document.querySelectorAll("figure svg")].find(s => [...s.querySelectorAll("text")].some(t => t.textContent === "time (hours)"));
		f.scrollIntoView();
		const one = [...f.querySelectorAll("text")].find(t => t.textContent.trim() === "1" || t.textContent.trim() === "1.0");
		const r = one.getBoundingClientRect();
		return {X: r.left + r.width / 2, Y: r.top - 40};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.MouseClickXY(at.X, at.Y), chromedp.Sleep(500*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href`))
	if err != nil {
		t.Fatal(err)
	}
	_, hash, _ := strings.Cut(href, "replay.html")
	var secs float64
	if _, err := fmt.Sscanf(hash, "#t=%g", &secs); err != nil || math.Abs(secs-3600) > 90 {
		t.Errorf("a click above the figure's 1 h (at %v) opened %q, want replay.html#t= about 3600", at, href)
	}
}

// TestReplayThinnedInBrowser writes the page of a run of about 1,000,000 events: it must stay
// within its budget, say so, and still play in the browser.
func TestReplayThinnedInBrowser(t *testing.T) {
	ctx := newBrowser(t)
	dir := t.TempDir()
	scenario := filepath.Join(dir, "fleet.toml")
	// e2e-1M's fleet and workload for 6 h 30 min on 2,500 instances: about 1,000,000 events
	fleet := strings.Replace(experiment.LoadedFleet("6h30m"), "count = 1000", "count = 2500", 1)
	if err := os.WriteFile(scenario, []byte(fleet), 0o644); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(dir, "replay.html")
	if code, _, stderr := ecssim(t, "replay", "-o", page, scenario); code != 0 {
		t.Fatalf("ecssim replay: exit %d: %s", code, stderr)
	}
	info, err := os.Stat(page)
	if err != nil {
		t.Fatal(err)
	}
	if info.Size() > 4<<20 {
		t.Errorf("the page has %d bytes, want at most 4 MiB", info.Size())
	}
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+page+"#t=300")); err != nil {
		t.Fatal(err)
	}
	note, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("thinned")))
	if err != nil {
		t.Fatal(err)
	}
	counts, err := chromedp.Run(ctx, chromedp.Evaluate[[2]int](`[document.querySelectorAll(".inst").length, document.querySelectorAll(".inst [data-task]").length]`))
	if err != nil {
		t.Fatal(err)
	}
	instances, tasks := counts[0], counts[1]
	var heard int
	if m := regexp.MustCompile(`of the run's ([0-9,]+) events`).FindStringSubmatch(note); m != nil {
		heard, _ = strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
	}
	if heard < 900_000 {
		t.Errorf("the page's note gives the run's events as %d, want about 1,000,000: %s", heard, note)
	}
	for _, want := range []string{"thinned to its budget", "the page keeps 20,000", "500 instances past the first 2,000"} {
		if !strings.Contains(note, want) {
			t.Errorf("the page's note lacks %q: %s", want, note)
		}
	}
	if instances != 2000 || tasks == 0 {
		t.Errorf("the page draws %d instances and %d tasks at 5 min, want 2,000 and some", instances, tasks)
	}
}

// traceEvent is what the browser tests read of a trace's line.
type traceEvent struct {
	T    float64 `json:"t"`
	Kind string  `json:"kind"`
	Task string  `json:"task"`
	Zone string  `json:"zone"`
}

func readTrace(t *testing.T, path string) []traceEvent {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []traceEvent
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var e traceEvent
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatal(err)
		}
		out = append(out, e)
	}
	return out
}

// runningByZone counts the tasks running in each zone after every event at or before at: from
// TaskRunning to the task's first stop event, as the replay defines it.
func runningByZone(trace []traceEvent, at float64) map[string]int {
	zoneOf := map[string]string{}
	for _, e := range trace {
		if e.T > at {
			break
		}
		switch e.Kind {
		case "TaskRunning":
			zoneOf[e.Task] = e.Zone
		case "TaskStopping", "TaskStopped":
			delete(zoneOf, e.Task)
		}
	}
	n := map[string]int{}
	for _, z := range zoneOf {
		n[z]++
	}
	return n
}
