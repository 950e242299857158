package scenarios

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLintWarnings(t *testing.T) {
	src, err := os.ReadFile("testdata/warnings.toml")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := Load(src, "warnings.toml")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"warnings.toml:23:19: warning: services[0].task_definition: no instance group can run api:1: none registers com.amazonaws.ecs.capability.task-iam-role",
		"warnings.toml:23:19: warning: services[0].task_definition: no instance group can run api:1: every agent reserves host port 22/tcp",
		"warnings.toml:23:19: warning: services[0].task_definition: api:1 binds host port 33000, inside the dynamic port range 32768-60999 of instance group group-1, where the agent may give it to another task",
		"warnings.toml:28:19: warning: services[1].task_definition: no instance group can run arm:1: none registers ecs.cpu-architecture=arm64",
	}
	if diff := cmp.Diff(want, strings.Split(sc.Warnings.Error(), "\n")); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
	for _, ex := range Examples() {
		if sc, _ := LoadExample(ex.Name); sc != nil && len(sc.Warnings) > 0 {
			t.Errorf("example %s has warnings:\n%v", ex.Name, sc.Warnings)
		}
	}
}
