package scenarios

import (
	"strings"
	"testing"
	"time"
)

// TestTooManyContainers: past ECS's 10 containers, the count is the problem and only the first
// 10 are checked: each problem is placed by a search of the file, so checking 20,000 hostile
// containers took seconds, and a million minutes.
func TestTooManyContainers(t *testing.T) {
	src := "name = \"x\"\nduration = \"1h\"\n[[task_definitions]]\nfamily = \"f\"\ncpu = 256\nmemory = 512\n" +
		strings.Repeat("[[task_definitions.containers]]\nname = \"c\"\n", 20000)
	start := time.Now()
	_, err := Load([]byte(src), "x.toml")
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
	msg := ""
	if err != nil {
		msg = err.Error()
	}
	if !strings.Contains(msg, "20000 containers, ECS allows at most 10 per task definition") {
		t.Errorf("no count problem:\n%.500s", msg)
	}
	// The first container's name is its own; the second to the tenth repeat it.
	if n := strings.Count(msg, "is named twice") + strings.Count(msg, "already"); n > 9 {
		t.Errorf("%d problems about the containers' names, want at most 9", n)
	}
}
