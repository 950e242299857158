package scenarios

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestNamedFilesBounded checks that the files a scenario names (an agent_config, a node list,
// a trace) are refused, at the key that names them, when they are devices or too large.
func TestNamedFilesBounded(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.config")
	if err := os.WriteFile(big, make([]byte, MaxAgentConfigBytes+1), 0o644); err != nil {
		t.Fatal(err)
	}
	example, err := readExampleFile("trace-replay.toml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, src, want string
	}{
		{"agent_config /dev/zero", agentScenario(`agent_config = "/dev/zero"`),
			`instance_groups[0].agent_config: /dev/zero: not a regular file (a character device)`},
		{"agent_config too large", agentScenario(`agent_config = "big.config"`),
			`instance_groups[0].agent_config: big.config: larger than 1 MiB, the most ecssim reads of an ecs.config file`},
		{"nodes a directory", strings.Replace(string(example), `"trace-replay-nodes.csv"`, `"."`, 1),
			`instance_groups[0].nodes: .: not a regular file (a directory)`},
		{"trace /dev/zero", strings.Replace(string(example), `"trace-replay-jobs.csv"`, `"/dev/zero"`, 1),
			`workloads[0].trace: /dev/zero: not a regular file (a character device)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if strings.Contains(tt.src, "/dev/zero") {
				if _, err := os.Stat("/dev/zero"); err != nil {
					t.Skip("no /dev/zero here")
				}
			}
			p := filepath.Join(dir, "scenario.toml")
			if err := os.WriteFile(p, []byte(tt.src), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := LoadFile(p)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("LoadFile: %v\nwant %q", err, tt.want)
			}
		})
	}
}

// deepTOML is 7,000 inline tables deep in 42 KB: it took the TOML decoder 7 s and 2.6 GB.
var deepTOML = "a = " + strings.Repeat("{a=", 7000) + "1" + strings.Repeat("}", 7000) + "\n"

// TestNestingBounded checks that the TOML loaders refuse a document nested past
// tomlpos.MaxDepth at its place, before the decoder sees it.
func TestNestingBounded(t *testing.T) {
	dotted := "name = \"x\"\n[" + strings.TrimSuffix(strings.Repeat("cluster.", 20_000), ".") + "]\n"
	tests := []struct {
		name string
		load func() error
		want string
	}{
		{"a scenario of inline tables", func() error { _, err := Load([]byte(deepTOML), "scenario.toml"); return err },
			"scenario.toml:1:195: tables and arrays nested 65 deep; ecssim reads at most 64"},
		{"a scenario's dotted header", func() error { _, err := Load([]byte(dotted), "scenario.toml"); return err },
			"scenario.toml:2:1: tables and arrays nested 20000 deep; ecssim reads at most 64"},
		{"a sweep of arrays", func() error {
			_, err := parseSweep([]byte("seeds = "+strings.Repeat("[", 100_000)), "sweep.toml")
			return err
		}, "sweep.toml:1:73: tables and arrays nested 65 deep; ecssim reads at most 64"},
		{"a strategy file", func() error { _, err := ParseStrategyFile([]byte(deepTOML), "s.toml"); return err },
			"s.toml:1:195: tables and arrays nested 65 deep; ecssim reads at most 64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			err := tt.load()
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v", d)
			}
			if err == nil || err.Error() != tt.want {
				t.Errorf("got %v\nwant %s", err, tt.want)
			}
		})
	}
	if v := SettingValue(deepTOML[4:]); v != deepTOML[4:] {
		t.Errorf("SettingValue of a bomb = %T, want the string as written", v)
	}
}
