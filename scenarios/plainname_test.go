package scenarios

import (
	"fmt"
	"strings"
	"testing"
)

// TestNamesRefuseControlCharacters checks that a NUL or a newline in any name is an error at
// the name: ECS's names by their rule (ValidName), free-form names by plainName.
func TestNamesRefuseControlCharacters(t *testing.T) {
	const base = `name = "NAME_SCENARIO"
duration = "1h"

[[instance_groups]]
name = "NAME_GROUP"
type = "m6i.large"
count = 1

[[task_definitions]]
family = "NAME_FAMILY"
memory = 512
image = { name = "NAME_IMAGE", size_mib = 100 }
  [[task_definitions.containers]]
  name = "NAME_CONTAINER"

[[services]]
name = "NAME_SERVICE"
task_definition = "NAME_FAMILY"
desired_count = 1
`
	tests := []struct{ name, key, value, want string }{
		{"NUL in the scenario's name", "NAME_SCENARIO", `a\u0000b`, `scenario.toml:1:8: name: a scenario name must hold no control character (a NUL, a newline), got "a\x00b"`},
		{"newline in the scenario's name", "NAME_SCENARIO", `a\nb`, `scenario.toml:1:8: name: a scenario name must hold no control character`},
		{"NUL in an instance group's name", "NAME_GROUP", `g\u0000`, `scenario.toml:5:8: instance_groups[0].name: an instance group name must hold no control character`},
		{"NUL in an image's name", "NAME_IMAGE", `img\u0000`, `scenario.toml:12:18: task_definitions[0].image.name: an image name must hold no control character`},
		{"NUL in a family (ValidName)", "NAME_FAMILY", `f\u0000`, `task_definitions[0].family: a family is 1-255 letters`},
		{"NUL in a container's name (ValidName)", "NAME_CONTAINER", `c\u0000`, `task_definitions[0].containers[0].name: a container name is 1-255 letters`},
		{"NUL in a service's name (ValidName)", "NAME_SERVICE", `s\u0000`, `services[0].name: a service name is 1-255 letters`},
	}
	fill := func(src, key, value string) string {
		for _, k := range []string{"NAME_SCENARIO", "NAME_GROUP", "NAME_FAMILY", "NAME_IMAGE", "NAME_CONTAINER", "NAME_SERVICE"} {
			v := strings.ToLower(strings.TrimPrefix(k, "NAME_"))
			if k == key {
				v = value
			}
			src = strings.ReplaceAll(src, k, v)
		}
		return src
	}
	if _, err := Load([]byte(fill(base, "", "")), loadFile); err != nil {
		t.Fatalf("the base scenario is invalid: %v", err)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := strings.Join(loadRender(loadProblems(t, fill(base, tc.key, tc.value))), "\n")
			if !strings.Contains(got, tc.want) {
				t.Errorf("got\n%s\nwant it to contain\n%s", got, tc.want)
			}
		})
	}
}

// TestManyProblemsCut: a file of thousands of mistakes lists the first MaxShownProblems and
// counts the rest in a last line, rather than printing them all.
func TestManyProblemsCut(t *testing.T) {
	var b strings.Builder
	b.WriteString("duration = \"1h\"\n")
	for i := range 500 {
		fmt.Fprintf(&b, "[[services]]\nname = \"s%d\"\ntask_definition = \"none\"\ndesired_count = 1\n", i)
	}
	_, err := Load([]byte(b.String()), "many.toml")
	if err == nil {
		t.Fatal("want problems")
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != MaxShownProblems+1 || !strings.HasPrefix(lines[MaxShownProblems], "and 300 more problems") {
		t.Errorf("%d lines, the last %q; want %d and the rest counted", len(lines), lines[len(lines)-1], MaxShownProblems+1)
	}
}
