package reports_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/models"
	mt "github.com/ecssim/ecssim/models/modelstest"
	"github.com/ecssim/ecssim/reports"
	"github.com/ecssim/ecssim/sim"
)

func TestTimeSeries(t *testing.T) {
	const s = time.Second
	header := "time_seconds,instances,tasks_running,cpu_reserved,memory_reserved,cpu_stranded,memory_stranded,healthy:web"
	// One instance of 4096 CPU / 8192 MiB; web tasks are 1024/2048, batch tasks 3072/2048.
	// With web-1 alone: reserved 1024/4096 = 0.25 and 2048/8192 = 0.25; the free 3072/6144
	// fits either definition, so nothing is stranded.
	// With web-1 and batch-1: reserved 4096/4096 = 1 and 4096/8192 = 0.5; no CPU is free
	// (stranded CPU shows 0), and the 4096 free MiB cannot take a task: stranded memory 1.
	// With batch-1 alone: reserved 3072/4096 = 0.75 and 2048/8192 = 0.25; the free 1024/6144
	// fits web: nothing stranded.
	tests := []struct {
		name     string
		every    time.Duration
		horizon  time.Duration
		script   func(r *run)
		wantRows []string
	}{
		{
			name:    "every 10 s",
			every:   10 * s,
			horizon: 60 * s,
			// Events at 0, 20, 40 and 50 s. The row at 20 s shows batch-1 placed at 20 s; the row
			// at 40 s shows web-1 healthy at 40 s; rows at 10 and 30 s repeat the state before
			// them, and the rows at 50 and 60 s show batch-1 stopped.
			script: func(r *run) {
				r.register(0, r.in[0])
				w := r.start(0, r.in[0], "web")
				b := r.start(20*s, r.in[0], "batch")
				r.healthy(40*s, w)
				r.stop(50*s, b)
			},
			wantRows: []string{
				"0,1,1,0.2500,0.2500,0.0000,0.0000,0",
				"10,1,1,0.2500,0.2500,0.0000,0.0000,0",
				"20,1,2,1.0000,0.5000,0.0000,1.0000,0",
				"30,1,2,1.0000,0.5000,0.0000,1.0000,0",
				"40,1,2,1.0000,0.5000,0.0000,1.0000,1",
				"50,1,1,0.2500,0.2500,0.0000,0.0000,1",
				"60,1,1,0.2500,0.2500,0.0000,0.0000,1",
			},
		},
		{
			name:    "an event at the horizon is in the last row",
			every:   30 * s,
			horizon: 60 * s,
			// web-1 stops at exactly 60 s, the horizon: the row at 60 s shows batch-1 alone.
			script: func(r *run) {
				r.register(0, r.in[0])
				w := r.start(0, r.in[0], "web")
				r.start(30*s, r.in[0], "batch")
				r.stop(60*s, w)
			},
			wantRows: []string{
				"0,1,1,0.2500,0.2500,0.0000,0.0000,0",
				"30,1,2,1.0000,0.5000,0.0000,1.0000,0",
				"60,1,1,0.7500,0.2500,0.0000,0.0000,0",
			},
		},
		{
			name:    "a horizon that is not a multiple of the interval",
			every:   25 * s,
			horizon: 60 * s,
			// Rows at 0, 25 and 50 s only. The instance registers at 5 s, so the row at 0 s has
			// nothing registered and shows zeros; it terminates at 50 s, which the row at 50 s
			// shows.
			script: func(r *run) {
				r.register(5*s, r.in[0])
				w := r.start(5*s, r.in[0], "web")
				r.stop(50*s, w)
				r.terminate(50*s, r.in[0])
			},
			wantRows: []string{
				"0,0,0,0.0000,0.0000,0.0000,0.0000,0",
				"25,1,1,0.2500,0.2500,0.0000,0.0000,0",
				"50,0,0,0.0000,0.0000,0.0000,0.0000,0",
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc := scenario{
				fleet:     []*mt.InstanceBuilder{sized("m5.xlarge", "us-east-1a", 8192)},
				services:  []*models.Service{service("web", mt.TaskDef("web", 1024, 2048), 1, 100)},
				workloads: []*models.Workload{workload("batch", mt.TaskDef("batch", 3072, 2048))},
				horizon:   tc.horizon,
				script:    tc.script,
			}
			r := newRun(t, sc)
			var buf bytes.Buffer
			if err := r.col.SampleEvery(tc.every, &buf); err != nil {
				t.Fatal(err)
			}
			r.play()
			if err := r.col.Flush(); err != nil {
				t.Fatal(err)
			}
			want := strings.Join(append([]string{header}, tc.wantRows...), "\n") + "\n"
			if diff := cmp.Diff(want, buf.String()); diff != "" {
				t.Errorf("time series (-want +got):\n%s", diff)
			}
			if _, err := csv.NewReader(strings.NewReader(buf.String())).ReadAll(); err != nil {
				t.Errorf("time series is not valid CSV: %v", err)
			}
		})
	}
}

func TestTimeSeriesOneColumnPerService(t *testing.T) {
	// Each service gets a healthy:NAME column, in the order the simulation lists them.
	def := mt.TaskDef("app", 256, 256)
	sc := scenario{
		services: []*models.Service{service("web", def, 1, 100), service("api", def, 1, 100)},
		horizon:  0,
	}
	r := newRun(t, sc)
	var buf bytes.Buffer
	if err := r.col.SampleEvery(time.Second, &buf); err != nil {
		t.Fatal(err)
	}
	r.play()
	if err := r.col.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "time_seconds,instances,tasks_running,cpu_reserved,memory_reserved,cpu_stranded,memory_stranded,healthy:web,healthy:api\n" +
		"0,0,0,0.0000,0.0000,0.0000,0.0000,0,0\n"
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("time series (-want +got):\n%s", diff)
	}
}

func TestTimeSeriesTargets(t *testing.T) {
	// A load-balanced service gets a targets:NAME column next to its healthy:NAME column; a
	// service without a load balancer does not.
	const s = time.Second
	tg := models.NewTargetGroup(&models.TargetGroupConfig{Name: "web-tg", Type: models.TargetInstance})
	web := balanced(service("web", taskDef("web", 1, 256, 256, models.PortMapping{ContainerPort: 8080}), 1, 100), tg)
	sc := scenario{
		fleet:    []*mt.InstanceBuilder{sized("m5.xlarge", "us-east-1a", 8192)},
		services: []*models.Service{web, service("api", mt.TaskDef("api", 256, 256), 1, 100)},
		horizon:  300 * s,
		// web-1 runs from 0 s; its target is healthy at 150 s (and the task with it); it
		// starts to stop at 250 s and its target drains: the row at 300 s shows neither.
		script: func(r *run) {
			r.register(0, r.in[0])
			w := r.start(0, r.in[0], "web")
			g := r.target(0, w, tg)
			r.targetTo(150*s, g, models.TargetHealthy, models.TargetStateHealthy)
			r.healthy(150*s, w)
			r.stopping(250*s, w)
			r.targetTo(250*s, g, models.TargetDraining, models.TargetStateDraining)
		},
	}
	r := newRun(t, sc)
	var buf bytes.Buffer
	if err := r.col.SampleEvery(100*s, &buf); err != nil {
		t.Fatal(err)
	}
	r.play()
	if err := r.col.Flush(); err != nil {
		t.Fatal(err)
	}
	// One 256/256 task of 4096/8192 while it holds its reservation (STOPPING included):
	// 0.0625 and 0.03125 (shown 0.0312).
	want := "time_seconds,instances,tasks_running,cpu_reserved,memory_reserved,cpu_stranded,memory_stranded,healthy:web,targets:web,healthy:api\n" +
		"0,1,1,0.0625,0.0312,0.0000,0.0000,0,0,0\n" +
		"100,1,1,0.0625,0.0312,0.0000,0.0000,0,0,0\n" +
		"200,1,1,0.0625,0.0312,0.0000,0.0000,1,1,0\n" +
		"300,1,0,0.0625,0.0312,0.0000,0.0000,0,0,0\n"
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("time series (-want +got):\n%s", diff)
	}
}

func TestCheckSampling(t *testing.T) {
	hour := sim.Time(time.Hour)
	tests := []struct {
		every   time.Duration
		horizon sim.Time
		ok      bool
	}{
		{time.Minute, hour, true},
		{time.Nanosecond, hour, false},
		{0, hour, false},
		{time.Hour/reports.MaxSeriesRows + 1, hour, true}, // the most rows
		{time.Hour / reports.MaxSeriesRows, hour, false},  // one more
	}
	for _, tt := range tests {
		err := reports.CheckSampling(tt.every, tt.horizon)
		if (err == nil) != tt.ok {
			t.Errorf("reports.CheckSampling(%v, %v) = %v, want ok %v", tt.every, tt.horizon, err, tt.ok)
		}
	}
	// The least interval it suggests passes.
	err := reports.CheckSampling(time.Nanosecond, hour)
	_, rest, _ := strings.Cut(err.Error(), "sample every ")
	least, perr := time.ParseDuration(strings.TrimSuffix(rest, " or more"))
	if perr != nil {
		t.Fatalf("no interval in %q: %v", err, perr)
	}
	if err := reports.CheckSampling(least, hour); err != nil {
		t.Errorf("the suggested interval %v is refused: %v", least, err)
	}
}
