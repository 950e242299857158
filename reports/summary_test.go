package reports_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/models"
	mt "github.com/ecssim/ecssim/models/modelstest"
	"github.com/ecssim/ecssim/reports"
)

func TestServices(t *testing.T) {
	const s = time.Second
	web := mt.TaskDef("web", 256, 256)
	// zones returns one 4096 CPU / 8192 MiB instance per zone given.
	zones := func(zs ...string) []*mt.InstanceBuilder {
		var out []*mt.InstanceBuilder
		for _, z := range zs {
			out = append(out, sized("m5.xlarge", z, 8192))
		}
		return out
	}
	none := []reports.Deployment{}

	tests := []struct {
		name string
		sc   scenario
		want reports.ServiceSummary
	}{
		{
			name: "availability and min_healthy_held from the first steady state",
			// Desired 2, minimum healthy 50% → floor 1. Tasks start at 0 and are healthy at 40 s:
			// the first steady state, so the 3560 s from 40 s to 3600 s are measured.
			//   1800–1840 s: one of two healthy → below desired, at the floor.
			//   3000–3040 s: none healthy → below both.
			// Availability: (3560 − 80)/3560 = 3480/3560. Held: (3560 − 40)/3560 = 3520/3560.
			// Lowest healthy after steady state: 0.
			// Shares: each start puts 1 task on an instance and a zone, and running never exceeds
			// desired: 1/max(running, 2) = 1/2.
			sc: scenario{
				fleet:    zones("us-east-1a", "us-east-1b"),
				services: []*models.Service{service("web", web, 2, 50)},
				horizon:  3600 * s,
				script: func(r *run) {
					r.register(0, r.in...)
					t1 := r.start(0, r.in[0], "web")
					t2 := r.start(0, r.in[1], "web")
					r.healthy(40*s, t1, t2)
					r.stop(1800*s, t1)
					t3 := r.start(1800*s, r.in[0], "web")
					r.healthy(1840*s, t3)
					r.stop(3000*s, t2, t3)
					t4 := r.start(3000*s, r.in[1], "web")
					t5 := r.start(3000*s, r.in[0], "web")
					r.healthy(3040*s, t4, t5)
				},
			},
			want: reports.ServiceSummary{
				Desired: 2, Availability: 3480.0 / 3560, MinHealthyHeld: 3520.0 / 3560,
				MaxInstanceShare: 0.5, MaxAZShare: 0.5, Deployments: none, LowestHealthy: 0,
			},
		},
		{
			name: "min_healthy_held rounds the floor up",
			// Desired 3, minimum healthy 50% → ceil(1.5) = 2. Steady at 40 s; measured 960 s.
			//   40–400 s: 3 healthy; 400–600 s: 2; 600–740 s: 1; 740–1000 s: 3.
			// Availability (>= 3): 360 + 260 = 620 → 620/960.
			// Held (>= 2): 560 + 260 = 820 → 820/960 (a floor of 1 would give 1).
			// All tasks on one instance in one zone: the third start makes it 3/3 = 1.
			sc: scenario{
				fleet:    zones("us-east-1a"),
				services: []*models.Service{service("web", web, 3, 50)},
				horizon:  1000 * s,
				script: func(r *run) {
					r.register(0, r.in[0])
					t1 := r.start(0, r.in[0], "web")
					t2 := r.start(0, r.in[0], "web")
					t3 := r.start(0, r.in[0], "web")
					r.healthy(40*s, t1, t2, t3)
					r.stop(400*s, t1)
					r.stop(600*s, t2)
					t4 := r.start(700*s, r.in[0], "web")
					t5 := r.start(700*s, r.in[0], "web")
					r.healthy(740*s, t4, t5)
				},
			},
			want: reports.ServiceSummary{
				Desired: 3, Availability: 620.0 / 960, MinHealthyHeld: 820.0 / 960,
				MaxInstanceShare: 1, MaxAZShare: 1, Deployments: none, LowestHealthy: 1,
			},
		},
		{
			name: "time and dips before the first steady state do not count",
			// Desired 2, floor 2. The second placement fails; the one healthy task stops at
			// 100 s; two new tasks are healthy at 140 s, the first steady state. Measured 860 s,
			// all at 2 healthy: availability 1, held 1, lowest healthy 2 (the 0 at 100 s was
			// before steady state).
			// Shares: t1 1/2, t2 1/2 (t1 stopped), t3 on the other instance and zone 1/2.
			sc: scenario{
				fleet:    zones("us-east-1a", "us-east-1b"),
				services: []*models.Service{service("web", web, 2, 100)},
				horizon:  1000 * s,
				script: func(r *run) {
					r.register(0, r.in...)
					t1 := r.start(0, r.in[0], "web")
					r.fail(0, "web", r.in[1])
					r.healthy(40*s, t1)
					r.stop(100*s, t1)
					t2 := r.start(100*s, r.in[0], "web")
					t3 := r.start(100*s, r.in[1], "web")
					r.healthy(140*s, t2, t3)
				},
			},
			want: reports.ServiceSummary{
				Desired: 2, Availability: 1, MinHealthyHeld: 1,
				MaxInstanceShare: 0.5, MaxAZShare: 0.5, Deployments: none, LowestHealthy: 2,
			},
		},
		{
			name: "a service that never reaches steady state scores 0",
			// Desired 3, floor ceil(1.5) = 2. Only two tasks ever start (the third placement
			// fails); 2 healthy from 40 s meets the floor but never the desired count, so there
			// is no steady state: availability 0, held 0, lowest healthy -1.
			// Shares against max(running, desired) = 3: both on one instance and zone → 2/3.
			sc: scenario{
				fleet:    zones("us-east-1a"),
				services: []*models.Service{service("web", web, 3, 50)},
				horizon:  1000 * s,
				script: func(r *run) {
					r.register(0, r.in[0])
					t1 := r.start(0, r.in[0], "web")
					t2 := r.start(0, r.in[0], "web")
					r.fail(0, "web", r.in[0])
					r.healthy(40*s, t1, t2)
				},
			},
			want: reports.ServiceSummary{
				Desired: 3, Availability: 0, MinHealthyHeld: 0,
				MaxInstanceShare: 2.0 / 3, MaxAZShare: 2.0 / 3, Deployments: none, LowestHealthy: -1,
			},
		},
		{
			name: "desired 0 is in steady state from the start",
			// Desired 0, floor 0: healthy (0) >= desired (0) at time 0, the first steady state,
			// and at every moment after: availability 1, held 1, lowest healthy 0. No task ever
			// runs: shares 0.
			sc: scenario{
				fleet:    zones("us-east-1a"),
				services: []*models.Service{service("web", web, 0, 100)},
				horizon:  1000 * s,
				script:   func(r *run) { r.register(0, r.in[0]) },
			},
			want: reports.ServiceSummary{
				Desired: 0, Availability: 1, MinHealthyHeld: 1, Deployments: none, LowestHealthy: 0,
			},
		},
		{
			name: "12 desired spread 4/4/4 over three zones on three instances",
			// Started round-robin over i-1 (a), i-2 (b), i-3 (c): 4 per instance and zone.
			// Denominator max(running, 12) = 12 throughout: 4/12 for both.
			// All healthy at 40 s and after: availability 1, held 1, lowest 12.
			sc: scenario{
				fleet:    zones("us-east-1a", "us-east-1b", "us-east-1c"),
				services: []*models.Service{service("web", web, 12, 100)},
				horizon:  1000 * s,
				script: func(r *run) {
					r.register(0, r.in...)
					var ts []*models.Task
					for i := range 12 {
						ts = append(ts, r.start(0, r.in[i%3], "web"))
					}
					r.healthy(40*s, ts...)
				},
			},
			want: reports.ServiceSummary{
				Desired: 12, Availability: 1, MinHealthyHeld: 1,
				MaxInstanceShare: 4.0 / 12, MaxAZShare: 4.0 / 12, Deployments: none, LowestHealthy: 12,
			},
		},
		{
			name: "12 desired over six instances in three zones",
			// Round-robin over i-1..i-6 in zones a, b, c, a, b, c: 2 per instance, 4 per zone.
			// Instance share 2/12, zone share 4/12.
			sc: scenario{
				fleet:    zones("us-east-1a", "us-east-1b", "us-east-1c", "us-east-1a", "us-east-1b", "us-east-1c"),
				services: []*models.Service{service("web", web, 12, 100)},
				horizon:  1000 * s,
				script: func(r *run) {
					r.register(0, r.in...)
					var ts []*models.Task
					for i := range 12 {
						ts = append(ts, r.start(0, r.in[i%6], "web"))
					}
					r.healthy(40*s, ts...)
				},
			},
			want: reports.ServiceSummary{
				Desired: 12, Availability: 1, MinHealthyHeld: 1,
				MaxInstanceShare: 2.0 / 12, MaxAZShare: 4.0 / 12, Deployments: none, LowestHealthy: 12,
			},
		},
		{
			name: "only RUNNING tasks count toward the shares",
			// Desired 2. t1 is placed on i-1 (zone a) but stays PENDING; t2 runs on i-1 too.
			// One RUNNING task of max(1, 2) = 2 → 1/2 (counting the PENDING one would give 1).
			// Never steady (one healthy of two): 0, 0, -1.
			sc: scenario{
				fleet:    zones("us-east-1a"),
				services: []*models.Service{service("web", web, 2, 100)},
				horizon:  1000 * s,
				script: func(r *run) {
					r.register(0, r.in[0])
					r.place(0, r.in[0], "web")
					t2 := r.start(0, r.in[0], "web")
					r.healthy(40*s, t2)
				},
			},
			want: reports.ServiceSummary{
				Desired: 2, MaxInstanceShare: 0.5, MaxAZShare: 0.5, Deployments: none, LowestHealthy: -1,
			},
		},
		{
			name: "a surge above desired is measured against the running tasks",
			// Desired 2 on i-1 (a) and i-2 (b). At 500 s a third task starts on i-1: 2 of
			// max(3, 2) = 3 running → 2/3 (2/desired would be 1). At 600 s the old task on i-1
			// stops: 1 and 1 of 2. Max share 2/3 for instance and zone.
			// Healthy never drops below 2 after 40 s: availability 1, held 1, lowest 2.
			sc: scenario{
				fleet:    zones("us-east-1a", "us-east-1b"),
				services: []*models.Service{service("web", web, 2, 100)},
				horizon:  1000 * s,
				script: func(r *run) {
					r.register(0, r.in...)
					t1 := r.start(0, r.in[0], "web")
					t2 := r.start(0, r.in[1], "web")
					r.healthy(40*s, t1, t2)
					t3 := r.start(500*s, r.in[0], "web")
					r.healthy(540*s, t3)
					r.stop(600*s, t1)
				},
			},
			want: reports.ServiceSummary{
				Desired: 2, Availability: 1, MinHealthyHeld: 1,
				MaxInstanceShare: 2.0 / 3, MaxAZShare: 2.0 / 3, Deployments: none, LowestHealthy: 2,
			},
		},
		{
			name: "a stop after a surge can raise the share",
			// Desired 2 on i-1 (a) and i-2 (b): 1/2 each. At 500 s a third task starts on i-1:
			// 2 of max(3, 2) = 3 → 2/3. At 600 s the task on i-2 stops: both running tasks are
			// on i-1 in zone a, 2 of max(2, 2) = 2 → 1. Losing i-1 now loses the whole service.
			// Healthy 2, 3, then 2 again: availability 1, held 1, lowest 2.
			sc: scenario{
				fleet:    zones("us-east-1a", "us-east-1b"),
				services: []*models.Service{service("web", web, 2, 100)},
				horizon:  1000 * s,
				script: func(r *run) {
					r.register(0, r.in...)
					t1 := r.start(0, r.in[0], "web")
					t2 := r.start(0, r.in[1], "web")
					r.healthy(40*s, t1, t2)
					t3 := r.start(500*s, r.in[0], "web")
					r.healthy(540*s, t3)
					r.stop(600*s, t2)
				},
			},
			want: reports.ServiceSummary{
				Desired: 2, Availability: 1, MinHealthyHeld: 1,
				MaxInstanceShare: 1, MaxAZShare: 1, Deployments: none, LowestHealthy: 2,
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.sc.summary(t).Services
			want := map[string]reports.ServiceSummary{"web": tc.want}
			if diff := cmp.Diff(want, got, approx); diff != "" {
				t.Errorf("services (-want +got):\n%s", diff)
			}
		})
	}
}

func TestServicesOnlyListsServices(t *testing.T) {
	// Two services and a workload: the summary has one entry per service, keyed by name, and
	// standalone tasks belong to none.
	def := mt.TaskDef("app", 256, 256)
	sc := scenario{
		fleet:     []*mt.InstanceBuilder{sized("m5.xlarge", "us-east-1a", 8192)},
		services:  []*models.Service{service("web", def, 1, 100), service("api", def, 1, 100)},
		workloads: []*models.Workload{workload("batch", def)},
		horizon:   100 * time.Second,
		script: func(r *run) {
			r.register(0, r.in[0])
			w := r.start(0, r.in[0], "web")
			r.start(0, r.in[0], "batch")
			r.start(0, r.in[0], "batch")
			r.healthy(40*time.Second, w)
		},
	}
	// web: steady at 40 s, measured 60 s, all available; 1 task of max(1, 1) → share 1.
	// api: no task at all, never steady.
	want := map[string]reports.ServiceSummary{
		"web": {Desired: 1, Availability: 1, MinHealthyHeld: 1, MaxInstanceShare: 1, MaxAZShare: 1,
			Deployments: []reports.Deployment{}, LowestHealthy: 1},
		"api": {Desired: 1, Deployments: []reports.Deployment{}, LowestHealthy: -1},
	}
	if diff := cmp.Diff(want, sc.summary(t).Services, approx); diff != "" {
		t.Errorf("services (-want +got):\n%s", diff)
	}
}

func TestSummaryMeta(t *testing.T) {
	sc := scenario{horizon: 6 * time.Hour}
	r := newRun(t, sc)
	r.play()
	got := r.col.Summary(reports.Meta{Scenario: "web-and-batch", Seed: 7, Strategy: "binpack-memory", Events: 183422})
	// The run's identity comes from Meta; simulated_seconds is the horizon: 6 h = 21600 s.
	want := reports.Summary{
		Scenario: "web-and-batch", Seed: 7, Strategy: "binpack-memory", SimulatedSeconds: 21600, Events: 183422,
		Services: map[string]reports.ServiceSummary{},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("summary (-want +got):\n%s", diff)
	}
}

// sampleSummary is a summary with every field set.
func sampleSummary() reports.Summary {
	svc := func(desired int) reports.ServiceSummary {
		return reports.ServiceSummary{
			Desired: desired, Availability: 0.99, MinHealthyHeld: 1, MaxInstanceShare: 0.25,
			MaxAZShare: 0.5, RecoverySecondsMax: 42,
			Deployments:   []reports.Deployment{{StartedAt: 7200, FinishedAt: 7800, State: "COMPLETED"}},
			LowestHealthy: desired - 1,
		}
	}
	return reports.Summary{
		Scenario: "web-and-batch", Seed: 1, Strategy: "spread-az-binpack-memory",
		SimulatedSeconds: 21600, Events: 183422,
		Tasks: reports.TaskSummary{
			Started: 120, PlacementFailures: 3, StoppedByFaults: 2,
			PendingSeconds: reports.Quantiles{Mean: 1.5, P50: 1, P99: 4},
		},
		Utilization: reports.Utilization{CPUReservedMean: 0.5, MemoryReservedMean: 0.25, CPUStrandedMean: 0.125, MemoryStrandedMean: 0.0625},
		Capacity:    reports.Capacity{InstancesMax: 6, InstanceHours: 36, FargateVCPUHours: 1, FargateGBHours: 2},
		CostUSD:     reports.Cost{Total: 3.5, EC2: 3.456, Fargate: 0.044},
		Services:    map[string]reports.ServiceSummary{"web": svc(12), "api": svc(4), "worker": svc(2)},
	}
}

// jsonKeys returns every object key of a JSON document as a dotted path, in document order.
// Array elements add "[]" to the path.
func jsonKeys(t *testing.T, doc []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(doc))
	var keys []string
	var walk func(path string)
	walk = func(path string) {
		tok, err := dec.Token()
		if err != nil {
			t.Fatalf("decoding summary: %v", err)
		}
		switch tok {
		case json.Delim('{'):
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					t.Fatalf("decoding summary: %v", err)
				}
				p := k.(string)
				if path != "" {
					p = path + "." + p
				}
				keys = append(keys, p)
				walk(p)
			}
			dec.Token() //nolint:errcheck // the closing brace
		case json.Delim('['):
			for dec.More() {
				walk(path + "[]")
			}
			dec.Token() //nolint:errcheck // the closing bracket
		}
	}
	walk("")
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		t.Fatalf("summary has more than one JSON value: %v", err)
	}
	return keys
}

func TestWriteJSONKeys(t *testing.T) {
	var buf bytes.Buffer
	if err := sampleSummary().WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	// SPEC §4, in its order; a service's lowest_healthy is a key added after the spec's.
	service := func(name string) []string {
		p := "services." + name
		return []string{
			p, p + ".desired", p + ".availability", p + ".min_healthy_held", p + ".max_instance_share",
			p + ".max_az_share", p + ".recovery_seconds_max", p + ".deployments",
			p + ".deployments[].started_at", p + ".deployments[].finished_at", p + ".deployments[].state",
			p + ".lowest_healthy",
		}
	}
	want := []string{
		"scenario", "seed", "strategy", "simulated_seconds", "events",
		"tasks", "tasks.started", "tasks.placement_failures", "tasks.stopped_by_faults",
		"tasks.pending_seconds", "tasks.pending_seconds.mean", "tasks.pending_seconds.p50", "tasks.pending_seconds.p99",
		"tasks.start_failures",
		"utilization", "utilization.cpu_reserved_mean", "utilization.memory_reserved_mean",
		"utilization.cpu_stranded_mean", "utilization.memory_stranded_mean",
		"capacity", "capacity.instances_max", "capacity.instance_hours", "capacity.fargate_vcpu_hours", "capacity.fargate_gb_hours",
		"cost_usd", "cost_usd.total", "cost_usd.ec2", "cost_usd.fargate",
		"services",
	}
	// Service names come out sorted.
	for _, name := range []string{"api", "web", "worker"} {
		want = append(want, service(name)...)
	}
	if diff := cmp.Diff(want, jsonKeys(t, buf.Bytes())); diff != "" {
		t.Errorf("summary keys (-want +got):\n%s", diff)
	}
	out := buf.String()
	if !strings.HasPrefix(out, "{\n  \"scenario\": \"web-and-batch\",\n") || !strings.HasSuffix(out, "\n}\n") {
		t.Errorf("summary is not indented JSON with a final newline:\n%s", out)
	}
	var back reports.Summary
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(sampleSummary(), back); diff != "" {
		t.Errorf("summary does not round-trip (-want +got):\n%s", diff)
	}
}

func TestWriteJSONDeterministic(t *testing.T) {
	// The same summary, with its services map built in two insertion orders and written
	// several times, gives the same bytes.
	a := sampleSummary()
	b := sampleSummary()
	b.Services = map[string]reports.ServiceSummary{}
	for _, n := range []string{"worker", "web", "api"} {
		b.Services[n] = a.Services[n]
	}
	var first bytes.Buffer
	if err := a.WriteJSON(&first); err != nil {
		t.Fatal(err)
	}
	for i, s := range []reports.Summary{a, b, a, b} {
		var buf bytes.Buffer
		if err := s.WriteJSON(&buf); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first.Bytes(), buf.Bytes()) {
			t.Errorf("write %d differs:\n%s\nfirst:\n%s", i, buf.String(), first.String())
		}
	}
}

func TestWriteJSONFromCollector(t *testing.T) {
	// A run's summary writes every service with an empty deployments list, never null.
	def := mt.TaskDef("web", 256, 256)
	sc := scenario{
		fleet:    []*mt.InstanceBuilder{sized("m5.xlarge", "us-east-1a", 8192)},
		services: []*models.Service{service("web", def, 1, 100)},
		horizon:  time.Minute,
		script:   func(r *run) { r.register(0, r.in[0]) },
	}
	var buf bytes.Buffer
	if err := sc.summary(t).WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		SimulatedSeconds float64 `json:"simulated_seconds"`
		Services         map[string]map[string]json.RawMessage
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if got := string(doc.Services["web"]["deployments"]); got != "[]" {
		t.Errorf(`services.web.deployments = %s, want []`, got)
	}
	if doc.SimulatedSeconds != 60 {
		t.Errorf("simulated_seconds = %v, want 60", doc.SimulatedSeconds)
	}
}
