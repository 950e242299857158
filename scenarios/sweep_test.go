package scenarios

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/models"
)

func TestSweepGrid(t *testing.T) {
	sw, err := LoadSweep("examples/sweeps/fleet-size.toml")
	if err != nil {
		t.Fatal(err)
	}
	// 2 counts × 2 desired counts, 3 strategies, 5 seeds.
	if sw.Points() != 4 || sw.Len() != 60 || sw.FirstSeed != 1 {
		t.Fatalf("points %d, runs %d, first seed %d; want 4, 60, 1", sw.Points(), sw.Len(), sw.FirstSeed)
	}
	// The last parameter turns fastest; each point's scenario has its settings.
	type point struct {
		Settings        []Setting
		Count, WebTasks int
	}
	var got []point
	for p := range sw.Points() {
		sc := sw.ScenarioAt(p)
		got = append(got, point{sw.Settings(p), sc.InstanceGroups[0].Count, sc.Services[0].DesiredCount})
	}
	wantPoints := []point{
		{[]Setting{{"instance_groups.general.count", "6"}, {"services.web.desired_count", "6"}}, 6, 6},
		{[]Setting{{"instance_groups.general.count", "6"}, {"services.web.desired_count", "12"}}, 6, 12},
		{[]Setting{{"instance_groups.general.count", "9"}, {"services.web.desired_count", "6"}}, 9, 6},
		{[]Setting{{"instance_groups.general.count", "9"}, {"services.web.desired_count", "12"}}, 9, 12},
	}
	if diff := cmp.Diff(wantPoints, got); diff != "" {
		t.Errorf("points (-want +got):\n%s", diff)
	}
	if sc := sw.ScenarioAt(3); sc.Name != "web-and-batch" || len(sc.Workloads) != 1 {
		t.Errorf("point 3 lost the rest of the scenario: name %q, %d workloads", sc.Name, len(sc.Workloads))
	}
}

// TestSweepID: the grid's ID changes with what decides its results, and only with that.
func TestSweepID(t *testing.T) {
	dir := t.TempDir()
	base := `scenario = "example:binpack-vs-spread"
strategies = ["binpack-memory", "random"]
seeds = 3
`
	ids := map[string]string{}
	for name, src := range map[string]string{
		"base":          base,
		"comment":       "# a note\n" + base,
		"more seeds":    strings.Replace(base, "seeds = 3", "seeds = 4", 1),
		"strategies":    strings.Replace(base, `"random"`, `"spread-az"`, 1),
		"other example": strings.Replace(base, "binpack-vs-spread", "port-bound", 1),
	} {
		path := filepath.Join(dir, strings.ReplaceAll(name, " ", "-")+".toml")
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		sw, err := LoadSweep(path)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		ids[name] = sw.ID
	}
	if ids["comment"] != ids["base"] {
		t.Errorf("a comment in the sweep file changed the ID")
	}
	for _, name := range []string{"more seeds", "strategies", "other example"} {
		if ids[name] == ids["base"] {
			t.Errorf("%s: the ID did not change", name)
		}
	}
}

func TestSweepProblems(t *testing.T) {
	head := "scenario = \"example:web-and-batch\"\nstrategies = [\"binpack-memory\"]\nseeds = 2\n"
	cases := []struct {
		name, src string
		want      []string
	}{
		{"empty", "", []string{
			"sweep.toml:1:1: scenario: required, but missing",
			"sweep.toml:1:1: strategies: required, but missing",
			"sweep.toml:1:1: seeds: required, but missing: the replicates of every point and strategy (2 at least, for a confidence interval)",
		}},
		{"unknown key", head + "seed = 3\n", []string{
			"sweep.toml:4:1: seed: unknown key: a sweep file holds scenario, strategies, seeds, first_seed and [[parameters]] with key and values",
		}},
		{"one seed", strings.Replace(head, "seeds = 2", "seeds = 1", 1), []string{
			"sweep.toml:3:9: seeds: must be between 2 and 1000000, got 1",
		}},
		{"unknown strategy", strings.Replace(head, "binpack-memory", "binpack-disk", 1), []string{
			`sweep.toml:2:15: strategies[0]: unknown placement strategy type "binpack-disk"`,
		}},
		{"no example", strings.Replace(head, "web-and-batch", "nope", 1), []string{
			`sweep.toml:1:12: scenario: no example "nope"`,
		}},
		{"no such element", head + "[[parameters]]\nkey = \"services.webb.desired_count\"\nvalues = [1]\n", []string{
			`sweep.toml:5:7: parameters[0].key: services.webb.desired_count: services has no element "webb" (it has web, api)`,
		}},
		{"not a table", head + "[[parameters]]\nkey = \"duration.hours\"\nvalues = [1]\n", []string{
			`sweep.toml:5:7: parameters[0].key: duration.hours: duration is a value, not a table`,
		}},
		{"bad value", head + "[[parameters]]\nkey = \"services.web.desired_count\"\nvalues = [3, -1, \"x\"]\n", []string{
			`sweep.toml:6:14: parameters[0].values[1]: with services.web.desired_count = -1, the scenario is invalid: services[0].desired_count:`,
			`sweep.toml:6:18: parameters[0].values[2]: with services.web.desired_count = x, the scenario is invalid: services[0].desired_count: want an integer, got string "x"`,
		}},
		{"typo in the last key", head + "[[parameters]]\nkey = \"services.web.desried_count\"\nvalues = [3]\n", []string{
			`sweep.toml:6:11: parameters[0].values[0]: with services.web.desried_count = 3, the scenario is invalid: services[0].desried_count: unknown key (did you mean "desired_count"?)`,
		}},
		{"same key twice", head + "[[parameters]]\nkey = \"duration\"\nvalues = [\"1h\"]\n[[parameters]]\nkey = \"duration\"\nvalues = [\"2h\"]\n", []string{
			`sweep.toml:8:7: parameters[1].key: parameter "duration" is already defined on line 5`,
		}},
		{"the seed", head + "[[parameters]]\nkey = \"seed\"\nvalues = [1, 2]\n", []string{
			`sweep.toml:5:7: parameters[0].key: a sweep cannot vary seed: a sweep sets every run's seed from first_seed and its replicate`,
		}},
		{"a placement strategy", head + "[[parameters]]\nkey = \"services.web.placement_strategy\"\nvalues = [[{ type = \"random\" }]]\n", []string{
			`sweep.toml:5:7: parameters[0].key: a sweep cannot vary services.web.placement_strategy: the sweep's strategies replace every placement strategy`,
		}},
		{"no such list element", head + "[[parameters]]\nkey = \"events.x.at\"\nvalues = [\"1h\"]\n", []string{
			`sweep.toml:5:7: parameters[0].key: events.x.at: the scenario has no events`,
		}},
		{"a bad table value", head + "[[parameters]]\nkey = \"faults\"\nvalues = [{ instance_mtbf = \"-1h\" }]\n", []string{
			`sweep.toml:6:11: parameters[0].values[0]: with faults = {instance_mtbf = "-1h"}, the scenario is invalid: faults.instance_mtbf:`,
		}},
		{"no values", head + "[[parameters]]\nkey = \"duration\"\nvalues = []\n", []string{
			`sweep.toml:6:10: parameters[0].values: want one value at least`,
		}},
	}
	dir := t.TempDir()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, "sweep.toml")
			if err := os.WriteFile(path, []byte(tc.src), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := LoadSweep(path)
			ps, ok := err.(Problems)
			if !ok {
				t.Fatalf("got %v, want problems", err)
			}
			var got []string
			for _, p := range ps {
				got = append(got, strings.TrimPrefix(p.String(), dir+string(filepath.Separator)))
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %d problems, want %d:\n%s", len(got), len(tc.want), strings.Join(got, "\n"))
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tc.want[i]) {
					t.Errorf("problem %d:\n got %s\nwant %s...", i, got[i], tc.want[i])
				}
			}
		})
	}
}

// TestSweepParameterValues: tables and lists as values, tables the scenario leaves out, and
// task definition families by their latest revision or a named one.
func TestSweepParameterValues(t *testing.T) {
	dir := t.TempDir()
	scenario := `duration = "1h"
[[instance_groups]]
name = "g"
type = "m6i.large"
count = 2
[[task_definitions]]
family = "web"
cpu = 256
memory = 512
containers = [{ name = "app" }]
[[task_definitions]]
family = "web"
cpu = 512
memory = 512
containers = [{ name = "app" }]
[[services]]
name = "web"
task_definition = "web"
desired_count = 2
`
	sweep := `scenario = "s.toml"
strategies = ["random"]
seeds = 2
[[parameters]]
key = "task_definitions.web.cpu"
values = [1024]
[[parameters]]
key = "task_definitions.web:1.memory"
values = [1024]
[[parameters]]
key = "faults.instance_mtbf"
values = ["100h"]
[[parameters]]
key = "instance_groups.g.agent"
values = [{ reserved_memory = 256, reserved_ports = [22] }]
[[parameters]]
key = "duration"
values = [3.0]
`
	os.WriteFile(filepath.Join(dir, "s.toml"), []byte(scenario), 0o644)
	os.WriteFile(filepath.Join(dir, "sweep.toml"), []byte(strings.Replace(sweep, "values = [3.0]", `values = ["2h"]`, 1)), 0o644)
	sw, err := LoadSweep(filepath.Join(dir, "sweep.toml"))
	if err != nil {
		t.Fatal(err)
	}
	sc := sw.ScenarioAt(0)
	type got struct {
		Rev1CPU, Rev1Mem, Rev2CPU, Rev2Mem int64
		MTBF, Duration                     time.Duration
		Reserved                           int64
	}
	g := got{sc.TaskDefinitions[0].CPU, sc.TaskDefinitions[0].MemoryMiB, sc.TaskDefinitions[1].CPU, sc.TaskDefinitions[1].MemoryMiB,
		sc.Faults.InstanceMTBF, sc.Duration, sc.InstanceGroups[0].Agent.ReservedMemoryMiB}
	if diff := cmp.Diff(got{256, 1024, 1024, 512, 100 * time.Hour, 2 * time.Hour, 256}, g); diff != "" {
		t.Errorf("the point's scenario (-want +got):\n%s", diff)
	}
	want := []Setting{{"task_definitions.web.cpu", "1024"}, {"task_definitions.web:1.memory", "1024"}, {"faults.instance_mtbf", "100h"},
		{"instance_groups.g.agent", `{reserved_memory = 256, reserved_ports = [22]}`}, {"duration", "2h"}}
	if diff := cmp.Diff(want, sw.Settings(0)); diff != "" {
		t.Errorf("settings (-want +got):\n%s", diff)
	}
	// 3.0 is not 3: a float stays one in the key.
	if got := ValueString(3.0); got != "3.0" {
		t.Errorf("ValueString(3.0) = %q", got)
	}
}

func TestStrategyFile(t *testing.T) {
	az := models.StrategySpec{Type: "spread", Field: "attribute:ecs.availability-zone"}
	mem := models.StrategySpec{Type: "binpack", Field: "memory"}
	cases := []struct {
		name, src string
		want      NamedStrategy
		problems  []string
	}{
		{"inline list", `placement_strategy = [{ type = "spread", field = "attribute:ecs.availability-zone" }, { type = "binpack", field = "memory" }]`,
			NamedStrategy{Name: "az-mem", Chain: []models.StrategySpec{az, mem}}, nil},
		{"tables and a name", "name = \"zones then memory\"\n[[placement_strategy]]\ntype = \"spread\"\nfield = \"attribute:ecs.availability-zone\"\n[[placement_strategy]]\ntype = \"binpack\"\nfield = \"memory\"\n",
			NamedStrategy{Name: "zones then memory", Chain: []models.StrategySpec{az, mem}}, nil},
		{"bad field", `placement_strategy = [{ type = "binpack", field = "disk" }]`, NamedStrategy{},
			[]string{`az-mem.toml:1:51: placement_strategy[0].field:`}},
		{"unknown key", `placement_strategy = [{ type = "random", weight = 2 }]`, NamedStrategy{},
			[]string{`az-mem.toml:1:42: placement_strategy[0].weight: unknown key`}},
		{"empty", ``, NamedStrategy{}, []string{`az-mem.toml:1:1: placement_strategy: required, but missing`}},
		{"an empty list", `placement_strategy = []`, NamedStrategy{}, []string{`az-mem.toml:1:22: placement_strategy: want one placement strategy at least`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseStrategyFile([]byte(tc.src), "az-mem.toml")
			if tc.problems == nil {
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tc.want, got); diff != "" {
					t.Errorf("(-want +got):\n%s", diff)
				}
				return
			}
			ps, ok := err.(Problems)
			if !ok || len(ps) != len(tc.problems) {
				t.Fatalf("got %v, want %d problems", err, len(tc.problems))
			}
			for i, p := range ps {
				if !strings.HasPrefix(p.String(), tc.problems[i]) {
					t.Errorf("got %s, want %s...", p, tc.problems[i])
				}
			}
		})
	}
}
