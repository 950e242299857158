package reports_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/models"
	mt "github.com/ecssim/ecssim/models/modelstest"
	"github.com/ecssim/ecssim/reports"
	"github.com/ecssim/ecssim/scheduler"
	"github.com/ecssim/ecssim/sim"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites the file under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s", path, diff)
	}
}

// figureRun is a real simulation for the figures' tests, an hour of a small cluster: six
// m6i.xlarge over three zones; a web service of 9 behind a target group, deployed again at
// 20 min; a worker service of 4 without a load balancer; batch tasks arriving at 2 per
// minute for 5 minutes (median) each; us-east-1a out from 40 to 50 min. Every strategy sees
// the same arrivals on a seed.
type figureRun struct {
	chain     []models.StrategySpec
	seed      uint64
	opt       reports.RecordOptions
	instances int // 6 at least
}

func (fr figureRun) run(t *testing.T) (reports.Summary, *reports.Recording) {
	t.Helper()
	streams := sim.NewStreams(fr.seed)
	c := models.NewCluster("default", mt.Epoch, models.TieOldest, fr.seed)
	ix := scheduler.NewIndex(c)
	s := models.NewSimulation(c, streams, sim.Time(time.Hour))
	it, _ := models.LookupInstanceType("m6i.xlarge")
	s.InstanceGroups = []*models.InstanceGroup{{
		Name: "general", Type: it, Count: max(fr.instances, 6), Market: models.OnDemand, AMIID: "ami-test",
		Zones: []string{"us-east-1a", "us-east-1b", "us-east-1c"}, Agent: models.DefaultAgentConfig(),
	}}
	placer := func(name string) models.Placer {
		p, err := scheduler.NewPipeline(c, ix, fr.chain, nil, streams.Source("placement/"+name))
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	// Images make the time to RUNNING vary: a first pull on an instance takes the image's size
	// over the registry's bandwidth, later ones find it cached.
	image := func(d *models.TaskDefinition, mib int64, r *models.Registry) *models.TaskDefinition {
		d.Image = &models.Image{Name: d.Family, SizeMiB: mib, Registry: r}
		return d
	}
	web := image(mt.TaskDef("web", 512, 1024, models.PortMapping{ContainerPort: 8080}), 400, models.ECR)
	web2 := *web
	web2.Containers = append([]models.Container(nil), web.Containers...)
	web2.Revision = 2
	web2.Finalize()
	tg := models.NewTargetGroup(&models.TargetGroupConfig{Name: "web-tg", Type: models.TargetInstance, HealthCheck: models.DefaultTargetHealthCheck(), DeregistrationDelay: time.Minute})
	s.TargetGroups = []*models.TargetGroup{tg}
	svc := func(name string, def *models.TaskDefinition, desired int) *models.Service {
		return models.NewService(&models.ServiceConfig{Name: name, Scheduling: models.Replica, Def: def, DesiredCount: desired, MinimumHealthyPercent: 100, MaximumPercent: 200}, placer("service/"+name))
	}
	webSvc := svc("web", web, 9)
	webSvc.LoadBalancers = []models.LoadBalancer{{TargetGroup: tg, ContainerName: "web", ContainerPort: 8080}}
	s.Services = []*models.Service{webSvc, svc("worker", image(mt.TaskDef("worker", 1024, 2048), 1200, models.PublicRegistry), 4)}
	s.Workloads = []*models.Workload{models.NewWorkload(&models.WorkloadConfig{
		Name: "batch", Def: image(mt.TaskDef("batch", 256, 512), 800, models.PublicRegistry), Group: "family:batch",
		Arrival:  models.ArrivalSpec{Kind: models.ArrivalPoisson, RatePerSecond: 2.0 / 60},
		Duration: models.DistSpec{Kind: models.DistLogNormal, Median: 5 * time.Minute, Sigma: 0.5},
	}, placer("workload/batch"))}
	s.Actions = []models.Action{
		{ActionConfig: &models.ActionConfig{At: 20 * time.Minute, Kind: models.ActionDeploy, Def: &web2}, Service: webSvc},
		{ActionConfig: &models.ActionConfig{At: 40 * time.Minute, Kind: models.ActionAZOutage, Zone: "us-east-1a", Duration: 10 * time.Minute}},
	}
	col := reports.NewCollector(s)
	s.AddObserver(col)
	rec := col.Record(fr.opt)
	s.Run()
	col.Finish()
	strategy := scheduler.PresetName(fr.chain)
	return col.Summary(reports.Meta{Scenario: "figures", Seed: fr.seed, Strategy: strategy, Events: s.Engine.Fired()}), rec
}

func preset(t *testing.T, name string) []models.StrategySpec {
	t.Helper()
	chain, ok := scheduler.LookupPreset(name)
	if !ok {
		t.Fatalf("no preset %s", name)
	}
	return chain
}

// TestRecordingGolden: the recording of the real run, as CSV. The golden was read by eye:
// the deployment at 20 min surges web above 9 healthy targets' worth of tasks, the outage at
// 40 min empties us-east-1a and the other zones take its tasks, and it returns at 50 min.
func TestRecordingGolden(t *testing.T) {
	_, rec := figureRun{chain: preset(t, "spread-az-spread-instance"), seed: 1, opt: reports.RecordOptions{Every: time.Minute, Instances: true}}.run(t)
	var b bytes.Buffer
	if err := rec.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	if n := len(rec.Times()); n != 61 {
		t.Errorf("%d samples, want 61 (0 to 60 min)", n)
	}
	if got := rec.Outages(); len(got) != 1 || got[0] != (reports.Outage{Zone: "us-east-1a", Start: 2400, End: 3000}) {
		t.Errorf("outages %+v, want us-east-1a 2400-3000", got)
	}
	golden(t, "recording.csv.golden", b.Bytes())
}

// TestRecordingByHand: hand-made runs, the counts worked out from the script.
func TestRecordingByHand(t *testing.T) {
	const s = time.Second
	web := mt.TaskDef("web", 1024, 2048)
	tests := []struct {
		name    string
		sc      scenario
		every   time.Duration
		want    []string // rows of the CSV
		outages []reports.Outage
	}{
		{
			name: "pending, running, waiting and zones",
			// Two instances in zones a and b; web wants 3. At 0 s two tasks are placed
			// (pending 2; waiting 3 − 2 = 1); at 10 s one runs in zone a; at 20 s the other runs
			// in zone b and the third is placed on i-1 (pending 1, waiting 0); at 30 s the
			// first stops (STOPPING: running 1, waiting 1) and is STOPPED at 40 s.
			// Reserved: 1, 2, 3 tasks of 1024 CPU over 8192 registered: 0.125, 0.25, 0.375.
			sc: scenario{
				fleet:    []*mt.InstanceBuilder{sized("m5.xlarge", "us-east-1a", 8192), sized("m5.xlarge", "us-east-1b", 8192)},
				services: []*models.Service{service("web", web, 3, 100)},
				horizon:  40 * s,
				script: func(r *run) {
					r.register(0, r.in...)
					t1 := r.place(0, r.in[0], "web")
					t2 := r.place(0, r.in[1], "web")
					r.running(10*s, t1)
					r.running(20*s, t2)
					r.place(20*s, r.in[0], "web")
					r.stopping(30*s, t1)
					r.stopped(40*s, t1)
				},
			},
			every: 10 * s,
			want: []string{
				"time_seconds,instances,cpu_reserved,memory_reserved,tasks_running,tasks_pending,tasks_waiting,running:us-east-1a,running:us-east-1b,healthy:web,desired:web",
				"0,2,0.2500,0.2500,0,2,1,0,0,0,3",
				"10,2,0.2500,0.2500,1,1,1,1,0,0,3",
				"20,2,0.3750,0.3750,2,1,0,1,1,0,3",
				"30,2,0.3750,0.3750,1,1,1,0,1,0,3",
				"40,2,0.2500,0.2500,1,1,1,0,1,0,3",
			},
		},
		{
			name: "an outage open at the end lasts to the horizon",
			sc: scenario{
				fleet:   []*mt.InstanceBuilder{sized("m5.xlarge", "us-east-1a", 8192)},
				horizon: 100 * s,
				script: func(r *run) {
					r.register(0, r.in...)
					r.emit(10*s, models.Event{Kind: models.ZoneOutageStarted, Zone: "us-east-1a"})
					r.emit(20*s, models.Event{Kind: models.ZoneOutageStarted, Zone: "us-east-1a"}) // overlaps: one outage
					r.emit(30*s, models.Event{Kind: models.ZoneOutageEnded, Zone: "us-east-1a"})
				},
			},
			every: 50 * s,
			want: []string{
				"time_seconds,instances,cpu_reserved,memory_reserved,tasks_running,tasks_pending,tasks_waiting,running:us-east-1a",
				"0,1,0.0000,0.0000,0,0,0,0",
				"50,1,0.0000,0.0000,0,0,0,0",
				"100,1,0.0000,0.0000,0,0,0,0",
			},
			outages: []reports.Outage{{Zone: "us-east-1a", Start: 10, End: 100}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newRun(t, tc.sc)
			rec := r.col.Record(reports.RecordOptions{Every: tc.every})
			r.play()
			var b bytes.Buffer
			if err := rec.WriteCSV(&b); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, strings.Split(strings.TrimSpace(b.String()), "\n")); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.outages, rec.Outages()); diff != "" {
				t.Errorf("outages (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRecordingInterval: the default interval, and the bound on the number of samples.
func TestRecordingInterval(t *testing.T) {
	tests := []struct {
		name        string
		every       time.Duration
		horizon     time.Duration
		wantSamples int
	}{
		{"6 h by default: 54 s", 0, 6 * time.Hour, 401},        // 21600/400 = 54
		{"10 min by default: 2 s", 0, 10 * time.Minute, 301},   // 600/400 = 1.5, rounded to 2
		{"1 min by default: at least 1 s", 0, time.Minute, 61}, // 0.15 s, raised to 1
		{"asked for", 10 * time.Minute, 6 * time.Hour, 37},
		{"too fine: raised to a whole second", time.Second, 2 * time.Hour, 901}, // 7200/1000 = 7.2 s, up to 8 s
		{"1 s would give 1001 samples: 2 s", time.Second, 1000 * time.Second, 501},
		{"just within the bound", time.Second, 999 * time.Second, 1000},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newRun(t, scenario{fleet: []*mt.InstanceBuilder{sized("m5.xlarge", "us-east-1a", 8192)}, horizon: tc.horizon})
			rec := r.col.Record(reports.RecordOptions{Every: tc.every})
			r.play()
			if got := len(rec.Times()); got != tc.wantSamples || got > reports.MaxSamples {
				t.Errorf("%d samples, want %d", got, tc.wantSamples)
			}
		})
	}
}
