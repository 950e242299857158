package scenarios

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/sim"
)

// launches records an Auto Scaling group's launches: the instances that registered (type/zone
// at a time) and the launches that found no capacity.
type launches struct {
	registered []string // "1m0s m5.large/us-east-1a"
	failed     []string // "1m0s 2"
}

func (l *launches) Observe(now sim.Time, e models.Event) {
	at := time.Duration(now)
	switch e.Kind {
	case models.InstanceRegistered:
		l.registered = append(l.registered, fmt.Sprintf("%v %s/%s", at, e.Instance.Type.Name, e.Instance.Zone))
	case models.InstanceLaunchFailed:
		l.failed = append(l.failed, fmt.Sprintf("%v %d %s", at, e.Count, e.Reason))
	}
}

// scalingGroup is a Spot Auto Scaling group provider of the given types over us-east-1a and b,
// empty at first, with managed scaling and a constant 60 s launch latency, under a service of
// 4 tasks of 512 CPU units: at 1m managed scaling reads CPR 200 (from zero) and launches 2.
func scalingGroup(types, shortages string) string {
	return `name = "shortage"
duration = "30m"
[[capacity_providers]]
name = "spot"
[capacity_providers.auto_scaling_group]
instance_types = ` + types + `
zones = ["us-east-1a", "us-east-1b"]
max_size = 10
market = "spot"
launch_latency = { distribution = "constant", value = "60s" }
[capacity_providers.managed_scaling]
status = "ENABLED"
[cluster]
default_capacity_provider_strategy = [{ capacity_provider = "spot", weight = 1 }]
[[task_definitions]]
family = "web"
cpu = 512
memory = 1024
  [[task_definitions.containers]]
  name = "web"
[[services]]
name = "web"
task_definition = "web"
desired_count = 4
` + shortages
}

// TestSpotShortageFallback: a Spot group launching into dry pools falls back along its types in
// priority order within the zone it balances to, then to other zones (prioritized allocation,
// API/InstancesDistribution; balanced-best-effort, API/AvailabilityZoneDistribution); with no
// pool left, the launch fails with InsufficientInstanceCapacity and is tried again every
// LaunchRetry (60 s). Worked numbers, two instances launched at 1m that register at 2m:
//   - m5.large dry in both zones, m6i.large dry in a: the first goes to us-east-1a (both zones
//     empty, a first) as c5.large, the third type; the second to us-east-1b as m6i.large;
//   - every m5.large and m6i.large pool of us-east-1a dry: both go to us-east-1b, the only zone
//     with capacity, as m5.large;
//   - the only type dry in both zones from 0 to 10m: the launch fails at 1m, 2m, ... 9m (nine
//     failures of the two instances); the retry at 10m, after the shortage ends, launches them,
//     and they register at 11m in a and b;
//   - m5.large dry in us-east-1b while us-east-1a is out from 0 to 5m: the launch at 1m finds
//     capacity (in a, whose instances wait for it), and at 2m neither zone takes them, a down
//     and b dry: they wait, and register in a when it returns at 5m, not in the dry pool.
func TestSpotShortageFallback(t *testing.T) {
	const outage = "[[events]]\nat = \"0s\"\naction = \"az_outage\"\nzone = \"us-east-1a\"\nduration = \"5m\"\n"
	tests := []struct {
		name, types, pools, extra string
		registered, failed        []string
	}{
		{"fallback along types", `["m5.large", "m6i.large", "c5.large"]`, `["m5.large/us-east-1a", "m5.large/us-east-1b", "m6i.large/us-east-1a"]`, "",
			[]string{"2m0s c5.large/us-east-1a", "2m0s m6i.large/us-east-1b"}, nil},
		{"fallback to a zone", `["m5.large", "m6i.large"]`, `["m5.large/us-east-1a", "m6i.large/us-east-1a"]`, "",
			[]string{"2m0s m5.large/us-east-1b", "2m0s m5.large/us-east-1b"}, nil},
		{"no pool left: retried", `["m5.large"]`, `["m5.large/us-east-1a", "m5.large/us-east-1b"]`, "",
			[]string{"11m0s m5.large/us-east-1a", "11m0s m5.large/us-east-1b"},
			[]string{"1m0s 2", "2m0s 2", "3m0s 2", "4m0s 2", "5m0s 2", "6m0s 2", "7m0s 2", "8m0s 2", "9m0s 2"}},
		{"the pool with capacity is in a zone that is out", `["m5.large"]`, `["m5.large/us-east-1b"]`, outage,
			[]string{"5m0s m5.large/us-east-1a", "5m0s m5.large/us-east-1a"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			short := fmt.Sprintf("[[capacity_shortages]]\nkind = \"spot_capacity\"\npools = %s\nat = \"0s\"\nfor = \"10m\"\n", tt.pools) + tt.extra
			sc, err := Load([]byte(scalingGroup(tt.types, short)), "shortage.toml")
			if err != nil {
				t.Fatal(err)
			}
			l := &launches{}
			if _, err := runChecked(t, sc, l); err != nil {
				t.Fatal(err)
			}
			var failed []string
			for _, f := range l.failed {
				failed = append(failed, strings.TrimSuffix(f, " "+models.InsufficientCapacity))
			}
			if diff := cmp.Diff(tt.registered, l.registered); diff != "" {
				t.Errorf("instances registered (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.failed, failed); diff != "" {
				t.Errorf("launches that found no capacity (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSpotShortageAvailability: a service of 2 tasks on one m5.large Spot instance in
// us-east-1a (an Auto Scaling group of size 1, no managed scaling, launch latency 60 s) whose
// instance gets its two-minute Spot notice at 1h, while the pool m5.large/us-east-1a is dry from
// 1h for 30 minutes. The instance ends at 1h2m and both tasks stop with it. With m5.large alone
// the replacement launch fails at 1h2m and every minute after, until the retry at 1h30m finds
// the pool again: the instance registers at 1h31m, the tasks start 1 s later and are healthy
// 40 s after that, at 1h31m41s: 1781 s without a task. Diversified over m5.large and m6i.large,
// the group launches an m6i.large at 1h2m, registered at 1h3m, the tasks healthy at 1h3m41s:
// 101 s. Spot pays for a single pool with half an hour of its availability.
func TestSpotShortageAvailability(t *testing.T) {
	tests := []struct {
		name, types string
		recovery    float64
		failures    int
	}{
		{"one type", `["m5.large"]`, 1781, 28},
		{"diversified", `["m5.large", "m6i.large"]`, 101, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := `name = "dry-pool"
duration = "2h"
[[capacity_providers]]
name = "spot"
[capacity_providers.auto_scaling_group]
instance_types = ` + tt.types + `
zones = ["us-east-1a"]
min_size = 1
max_size = 1
desired_capacity = 1
market = "spot"
launch_latency = { distribution = "constant", value = "60s" }
[cluster]
default_capacity_provider_strategy = [{ capacity_provider = "spot", weight = 1 }]
[[task_definitions]]
family = "web"
cpu = 512
memory = 1024
behavior = { container_start = { distribution = "constant", value = "1s" } }
  [[task_definitions.containers]]
  name = "web"
[[services]]
name = "web"
task_definition = "web"
desired_count = 2
[[events]]
at = "1h"
action = "spot_interruption"
instance_group = "spot"
[[capacity_shortages]]
kind = "spot_capacity"
pools = ["m5.large/us-east-1a"]
at = "1h"
for = "30m"
`
			sc, err := Load([]byte(src), "dry-pool.toml")
			if err != nil {
				t.Fatal(err)
			}
			l := &launches{}
			if _, err := runChecked(t, sc, l); err != nil {
				t.Fatal(err)
			}
			if len(l.failed) != tt.failures {
				t.Errorf("%d failed launches, want %d: %v", len(l.failed), tt.failures, l.failed)
			}
			web := summarize(t, sc).Services["web"]
			if web.RecoverySecondsMax != tt.recovery || web.StoppedByFaults != 2 {
				t.Errorf("recovery %vs with %d tasks stopped by faults, want %vs and 2", web.RecoverySecondsMax, web.StoppedByFaults, tt.recovery)
			}
		})
	}
}

// TestFargateSpotShortage: FARGATE_SPOT lacks capacity in us-east-1a and b from 0 to 10m, and
// Spot never falls back to on-demand (ECS-REFERENCE §5.1, §6.5): a service of 4 tasks at
// weights 1:1 on FARGATE and FARGATE_SPOT runs its 2 FARGATE tasks at once, while its 2
// FARGATE_SPOT tasks go to us-east-1c, the one zone of the three with Spot capacity. With the
// shortage everywhere (no pools) the Spot tasks wait in PROVISIONING, retried every 30 s
// (PlacementRetry), and launch at the first retry after 10m: 10m0s, as 20 retries of 30 s
// from 0 land on 10m and the shortage's end, scheduled first, runs before it. The FARGATE
// tasks went to us-east-1a and b at 0, so the Spot ones go to c (the zone with fewest of the
// service's tasks), then to a (all tied at one, a first).
func TestFargateSpotShortage(t *testing.T) {
	tests := []struct {
		name, pools string
		spotPlaced  map[string]int // "zone at" → FARGATE_SPOT tasks
	}{
		{"two zones dry", `pools = ["us-east-1a", "us-east-1b"]`, map[string]int{"us-east-1c 0s": 2}},
		{"every zone dry", ``, map[string]int{"us-east-1c 10m0s": 1, "us-east-1a 10m0s": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := `name = "fargate-spot-dry"
duration = "30m"
[cluster]
default_capacity_provider_strategy = [{ capacity_provider = "FARGATE", weight = 1 }, { capacity_provider = "FARGATE_SPOT", weight = 1 }]
[[task_definitions]]
family = "web"
network_mode = "awsvpc"
requires_compatibilities = ["FARGATE"]
cpu = 512
memory = 1024
  [[task_definitions.containers]]
  name = "web"
[[services]]
name = "web"
task_definition = "web"
desired_count = 4
[[capacity_shortages]]
kind = "fargate_spot_capacity"
` + tt.pools + `
at = "0s"
for = "10m"
`
			sc, err := Load([]byte(src), "fargate-spot-dry.toml")
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]int{}
			watch := observerFunc(func(now sim.Time, e models.Event) {
				if e.Kind == models.TaskPlaced && e.Task.Provider != nil && e.Task.Provider.Kind == models.ProviderFargateSpot {
					got[fmt.Sprintf("%s %v", e.Instance.Zone, time.Duration(now))]++
				}
			})
			if _, err := runChecked(t, sc, watch); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.spotPlaced, got); diff != "" {
				t.Errorf("FARGATE_SPOT tasks placed (-want +got):\n%s", diff)
			}
		})
	}
}

// observerFunc is a function that observes events.
type observerFunc func(now sim.Time, e models.Event)

func (f observerFunc) Observe(now sim.Time, e models.Event) { f(now, e) }

// TestShortageProblems: what [[capacity_shortages]] refuses, at file:line:col.
func TestShortageProblems(t *testing.T) {
	tests := []struct {
		name, table, want string
	}{
		{"no kind", `pools = ["m5.large/us-east-1a"]` + "\nat = \"1h\"\nfor = \"1h\"",
			`shortage.toml:25:3: capacity_shortages[0].kind: required, but missing`},
		{"not a pool", `kind = "spot_capacity"` + "\npools = [\"m5.large\"]\nat = \"1h\"\nfor = \"1h\"",
			`shortage.toml:27:10: capacity_shortages[0].pools[0]: want a Spot capacity pool as instance-type/zone, such as "m5.large/us-east-1a", got "m5.large"`},
		{"a pool no group launches", `kind = "spot_capacity"` + "\npools = [\"c5.large/us-east-1a\"]\nat = \"1h\"\nfor = \"1h\"",
			`shortage.toml:27:10: capacity_shortages[0].pools[0]: no Spot Auto Scaling group (market = "spot") launches c5.large in us-east-1a`},
		{"both forms", `kind = "spot_capacity"` + "\npools = [\"m5.large/us-east-1a\"]\nat = \"1h\"\nrate = \"1/d\"\nduration = { distribution = \"constant\", value = \"1h\" }",
			`shortage.toml:28:6: capacity_shortages[0].at: a shortage has at and for, or rate and duration, not both`},
		{"no for", `kind = "spot_capacity"` + "\npools = [\"m5.large/us-east-1a\"]\nat = \"1h\"",
			`shortage.toml:25:3: capacity_shortages[0].for: required, but missing`},
		{"after the end of the run", `kind = "spot_capacity"` + "\npools = [\"m5.large/us-east-1a\"]\nat = \"1h\"\nfor = \"1h\"",
			`shortage.toml:28:6: warning: capacity_shortages[0].at: the run ends at 30m, before this shortage`},
		{"a bad rate", `kind = "fargate_spot_capacity"` + "\nrate = \"often\"\nduration = { distribution = \"constant\", value = \"1h\" }",
			`shortage.toml:27:8: capacity_shortages[0].rate: "often" is not a positive rate such as 20/min, 0.5/s or 300/h`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := scalingGroup(`["m5.large"]`, "[[capacity_shortages]]\n"+tt.table+"\n")
			sc, err := Load([]byte(src), "shortage.toml")
			got := ""
			if err != nil {
				got = strings.Split(err.Error(), "\n")[0]
			} else if len(sc.Warnings) > 0 {
				got = sc.Warnings[0].String()
			}
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestSpotCapacityExample checks the numbers the spot-capacity example's header states, over
// a few seeds: the dry pool stops 6 tasks of "concentrated" and 2 of "diversified"; the first
// fails 357 launches (3 at 2h00m, 3 at 2h01m, 3 + 6 at 2h02m, 6 at each retry to 2h59m) and
// recovers 58 min + the launch latency (60-180 s) + 42 s after the loss; the second's new
// instance is an m6i.large in us-east-1a, registered at 2h + the launch latency, and it
// recovers 42 s after that, at most 2h + 180 s + 42 s − 2h02m = 102 s after the loss.
func TestSpotCapacityExample(t *testing.T) {
	for _, seed := range []uint64{1, 2, 99} {
		t.Run(fmt.Sprintf("seed-%d", seed), func(t *testing.T) {
			sc, err := LoadExample("spot-capacity")
			if err != nil {
				t.Fatal(err)
			}
			l := &launches{}
			if _, err := runCheckedWith(t, sc, Options{Seed: &seed}, l); err != nil {
				t.Fatal(err)
			}
			if got := l.registered[6]; !strings.HasSuffix(got, " m6i.large/us-east-1a") {
				t.Errorf("the first instance after the 6 at 0: %s, want an m6i.large in us-east-1a", got)
			}
			s := summarize(t, sc, Options{Seed: &seed})
			if s.Faults.LaunchesFailed != 357 {
				t.Errorf("%d launches failed, want 357", s.Faults.LaunchesFailed)
			}
			for _, want := range []struct {
				name                      string
				stopped                   int
				recoveryMin, recoveryMax  float64
				availabilityMin, availMax float64
			}{
				{"concentrated", 6, 58*60 + 60 + 42, 58*60 + 180 + 43, 0.80, 0.85},
				{"diversified", 2, 0, 102, 0.99, 1},
			} {
				svc := s.Services[want.name]
				if svc.StoppedByFaults != want.stopped || svc.RecoverySecondsMax < want.recoveryMin || svc.RecoverySecondsMax > want.recoveryMax ||
					svc.Availability < want.availabilityMin || svc.Availability > want.availMax {
					t.Errorf("%s: %d stopped, recovery %.0fs, availability %.3f; want %d, %.0f-%.0fs, %.2f-%.2f", want.name,
						svc.StoppedByFaults, svc.RecoverySecondsMax, svc.Availability, want.stopped, want.recoveryMin, want.recoveryMax, want.availabilityMin, want.availMax)
				}
			}
		})
	}
}

// TestRandomShortages: dry spells at random come from the run's own stream: the same seed
// gives the same spells, each lasting the drawn duration (a constant 5 minutes here); at 6 an
// hour for 2 hours a pool has about 12 (Poisson: 4 to 24 in all but a sliver of seeds).
func TestRandomShortages(t *testing.T) {
	short := "[[capacity_shortages]]\nkind = \"spot_capacity\"\npools = [\"m5.large/us-east-1a\"]\nrate = \"6/h\"\nduration = { distribution = \"constant\", value = \"5m\" }\n"
	src := strings.Replace(scalingGroup(`["m5.large"]`, short), `duration = "30m"`, `duration = "2h"`, 1)
	sc, err := Load([]byte(src), "random.toml")
	if err != nil {
		t.Fatal(err)
	}
	spells := func(seed uint64) []string {
		var out []string
		var starts, ends []time.Duration
		watch := observerFunc(func(now sim.Time, e models.Event) {
			switch e.Kind {
			case models.CapacityShortageStarted:
				out = append(out, fmt.Sprintf("%v %s", time.Duration(now), e.Message))
				starts = append(starts, time.Duration(now))
			case models.CapacityShortageEnded:
				ends = append(ends, time.Duration(now))
			}
		})
		if _, err := runCheckedWith(t, sc, Options{Seed: &seed}, watch); err != nil {
			t.Fatal(err)
		}
		var want []time.Duration // every spell ends 5 minutes after it starts, overlapping or not
		for _, at := range starts {
			if at+5*time.Minute <= 2*time.Hour {
				want = append(want, at+5*time.Minute)
			}
		}
		if diff := cmp.Diff(want, ends); diff != "" {
			t.Errorf("seed %d: dry spells' ends (-want +got):\n%s", seed, diff)
		}
		return out
	}
	for _, seed := range []uint64{1, 2, 3} {
		first, again := spells(seed), spells(seed)
		if diff := cmp.Diff(first, again); diff != "" {
			t.Errorf("seed %d: the spells differ between two runs (-first +again):\n%s", seed, diff)
		}
		if n := len(first); n < 4 || n > 24 {
			t.Errorf("seed %d: %d dry spells in 2h at 6/h, want about 12: %v", seed, n, first)
		}
	}
}

// TestScaleInCancelsLaunchesWithoutCapacity: when a group's scale-in finds launches still
// waiting for capacity, lowering its desired capacity drops those first, rather than
// terminating a running instance and launching the wanted one once the pool refills (EC2 Auto
// Scaling terminates only to go below what it runs). Worked numbers: one m5.large in service
// from 0 takes 2 of the service's 4 tasks of 1024 CPU units; at 1m managed scaling asks for 1
// more (a group over two zones: M = N + 1), whose launch fails every minute from 1m to 19m
// (the retry at 19m comes before that minute's scaling reading);
// the service scales to 0 at 3m30s, so from 4m the group counts N = 2 (1 running, 1 wanted)
// and M = 1 (i-0001 is empty): CPR 50. After the 15-minute scale-in period, at 19m, the
// scale-in of 1 cancels the wanted launch; at 20m (N = 1, M = 0) the next takes i-0001. No
// instance launches when the pool refills at 25m.
func TestScaleInCancelsLaunchesWithoutCapacity(t *testing.T) {
	src := `name = "cancel"
duration = "30m"
[[capacity_providers]]
name = "spot"
[capacity_providers.auto_scaling_group]
instance_type = "m5.large"
zones = ["us-east-1a", "us-east-1b"]
desired_capacity = 1
max_size = 10
market = "spot"
launch_latency = { distribution = "constant", value = "60s" }
[capacity_providers.managed_scaling]
status = "ENABLED"
[cluster]
default_capacity_provider_strategy = [{ capacity_provider = "spot", weight = 1 }]
[[task_definitions]]
family = "web"
cpu = 1024
memory = 1024
containers = [{ name = "web" }]
[[services]]
name = "web"
task_definition = "web"
desired_count = 4
[[capacity_shortages]]
kind = "spot_capacity"
pools = ["m5.large/us-east-1a", "m5.large/us-east-1b"]
at = "0s"
for = "25m"
[[events]]
at = "3m30s"
action = "scale"
service = "web"
desired_count = 0
`
	sc, err := Load([]byte(src), "cancel.toml")
	if err != nil {
		t.Fatal(err)
	}
	l := &launches{}
	var scaleIns []string
	watch := observerFunc(func(now sim.Time, e models.Event) {
		if e.Kind == models.ScaleIn {
			scaleIns = append(scaleIns, fmt.Sprintf("%v %d", time.Duration(now), e.Count))
		}
	})
	if _, err := runChecked(t, sc, l, watch); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"0s m5.large/us-east-1a"}, l.registered); diff != "" {
		t.Errorf("instances registered (-want +got):\n%s", diff)
	}
	if len(l.failed) != 19 || l.failed[18] != "19m0s 1 "+models.InsufficientCapacity {
		t.Errorf("launches without capacity %v, want 19, the last at 19m", l.failed)
	}
	if diff := cmp.Diff([]string{"19m0s 1", "20m0s 1"}, scaleIns); diff != "" {
		t.Errorf("scale-ins (-want +got):\n%s", diff)
	}
}
