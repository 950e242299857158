package scenarios

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/internal/boundedread"
	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/scenarios/internal/tomlpos"
)

// agentScenario is a scenario of one m5.large instance group (7985 MiB to register) whose
// agent configuration the tests vary: group holds the rest of the group's keys and tables.
func agentScenario(group string) string {
	return `duration = "1h"

[cluster]
name = "web"

[[instance_groups]]
type = "m5.large"
count = 1
` + group
}

// loadWithFiles loads src as scenario.toml, with files as the files it may name.
func loadWithFiles(src string, files map[string]string) (*Scenario, error) {
	return load([]byte(src), "scenario.toml", func(name string, _ boundedread.Limit) (io.ReadCloser, error) {
		if s, ok := files[name]; ok {
			return io.NopCloser(strings.NewReader(s)), nil
		}
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	})
}

// problemLines renders a Load error, or warnings, one problem per line.
func problemLines(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("error %T, want Problems: %v", err, err)
	}
	if len(ps) == 0 {
		return nil
	}
	return strings.Split(ps.Error(), "\n")
}

// agentWant is the default agent of a group in the scenario's cluster "web", changed by edit.
func agentWant(edit func(a *models.AgentConfig)) models.AgentConfig {
	a := models.DefaultAgentConfig()
	a.Cluster = "web"
	if edit != nil {
		edit(&a)
	}
	return a
}

func TestAgentConfigFile(t *testing.T) {
	tests := []struct {
		name      string
		config    string // ecs.config
		group     string // the group's other keys, after agent_config
		want      models.AgentConfig
		wantAttrs []models.Attribute
		warnings  []string
	}{
		{
			name: "every modelled key",
			config: `ECS_CLUSTER=web
ECS_RESERVED_MEMORY=256
ECS_RESERVED_PORTS=[22, 2375, 2376, 51678, 51679, 8080]
ECS_RESERVED_PORTS_UDP=[53, 123]
ECS_DYNAMIC_HOST_PORT_RANGE=40000-50000
ECS_CONTAINER_STOP_TIMEOUT=2m
ECS_IMAGE_PULL_BEHAVIOR=prefer-cached
ECS_ENABLE_TASK_IAM_ROLE=false
ECS_ENABLE_TASK_IAM_ROLE_NETWORK_HOST=false
ECS_AVAILABLE_LOGGING_DRIVERS=["json-file","awslogs"]
ECS_ENGINE_AUTH_TYPE=docker
ECS_ENGINE_AUTH_DATA={"registry.example.com":{"username":"u","password":"p","email":"e"},"https://quay.io/v2/":{"username":"u","password":"p"},"http://registry.example.com/team":{"username":"t","password":"p"}}
ECS_INSTANCE_ATTRIBUTES={"stack":"prod","tier":"gold"}
ECS_ENABLE_HIGH_DENSITY_ENI=false
ECS_ENABLE_GPU_SUPPORT=false
`,
			want: models.AgentConfig{
				Cluster:                      "web",
				ReservedMemoryMiB:            256,
				ReservedPorts:                []uint16{22, 2375, 2376, 51678, 51679, 8080},
				ReservedPortsUDP:             []uint16{53, 123},
				DynamicHostPortRange:         models.PortRange{First: 40000, Last: 50000},
				EnableTaskIAMRole:            false,
				EnableTaskIAMRoleNetworkHost: false,
				AvailableLoggingDrivers:      []string{"json-file", "awslogs"},
				AgentVersion:                 models.DefaultAgentVersion,
				StopTimeout:                  2 * time.Minute,
				ImagePullBehavior:            models.PullPreferCached,
				EngineAuthRegistries:         []string{"quay.io", "registry.example.com"},
				EnableHighDensityENI:         false, // ECS_ENABLE_HIGH_DENSITY_ENI=false
				EnableGPUSupport:             false, // ECS_ENABLE_GPU_SUPPORT=false
			},
			wantAttrs: []models.Attribute{{Name: "stack", Value: "prod"}, {Name: "tier", Value: "gold"}},
		},
		{
			name: "quoting, comments, blank lines, spaces and CRLF",
			config: "# ecs.config of the web group\r\n" +
				"   ; a systemd comment\r\n" +
				"\r\n" +
				"  ECS_RESERVED_MEMORY = \"128\"  \r\n" +
				"ECS_AVAILABLE_LOGGING_DRIVERS='[\"json-file\", \"awslogs\"]'\r\n" +
				"ECS_INSTANCE_ATTRIBUTES=\"{\"stack\": \"prod blue\"}\"\r\n" +
				"ECS_ENGINE_AUTH_TYPE=dockercfg\r\n" +
				"ECS_ENGINE_AUTH_DATA={\"https://index.docker.io/v1/\": {\"auth\": \"dTpwYQ==\"}}\r\n" + // '=' in the value
				"ECS_CONTAINER_STOP_TIMEOUT=\r\n" + // empty: the default
				"ECS_LOGLEVEL=debug\r\n" + // known to the agent, not modelled
				"ECS_ENABLE_TASK_ENI=true\r\n" +
				"ECS_IMAGE_PULL_BEHAVIOR='once'", // no final newline
			want: agentWant(func(a *models.AgentConfig) {
				a.ReservedMemoryMiB = 128
				a.AvailableLoggingDrivers = []string{"json-file", "awslogs"}
				a.ImagePullBehavior = models.PullOnce
				a.EngineAuthRegistries = []string{"index.docker.io"}
			}),
			wantAttrs: []models.Attribute{{Name: "stack", Value: "prod blue"}},
		},
		{
			name:   "an empty file leaves the defaults, and the scenario's cluster",
			config: "",
			want:   agentWant(nil),
		},
		{
			name: "the agent table overrides the file, key by key",
			config: `ECS_CLUSTER=web
ECS_RESERVED_MEMORY=100000
ECS_RESERVED_PORTS=[22]
ECS_CONTAINER_STOP_TIMEOUT=10s
ECS_ENGINE_AUTH_DATA={"https://index.docker.io/v1/":{"auth":"dTpw","email":"e"}}
ECS_INSTANCE_ATTRIBUTES={"stack":"prod","team":"file"}
`,
			// 100000 MiB is more than an m5.large has, but the table's 256 replaces it; the
			// file's auth data takes the table's auth type.
			group: `attributes = { team = "web" }
[instance_groups.agent]
reserved_memory = 256
container_stop_timeout = "45s"
engine_auth_type = "dockercfg"
`,
			want: agentWant(func(a *models.AgentConfig) {
				a.ReservedMemoryMiB = 256
				a.ReservedPorts = []uint16{22}
				a.StopTimeout = 45 * time.Second
				a.EngineAuthRegistries = []string{"index.docker.io"}
			}),
			wantAttrs: []models.Attribute{{Name: "stack", Value: "prod"}, {Name: "team", Value: "web"}},
		},
		{
			name: "unknown keys are warned about, with the closest known key",
			config: `ECS_RESERVED_MEMROY=256
ecs_cluster=web
TOTALLY_UNKNOWN=1
ECS_RESERVED_MEMORY=64
ECS_RESERVED_MEMORY=128
`,
			want: agentWant(func(a *models.AgentConfig) { a.ReservedMemoryMiB = 128 }),
			warnings: []string{
				`ecs.config:1:1: warning: ECS_RESERVED_MEMROY: unknown key; the agent ignores it (did you mean "ECS_RESERVED_MEMORY"?)`,
				`ecs.config:2:1: warning: ecs_cluster: unknown key; the agent ignores it (did you mean "ECS_CLUSTER"?)`,
				`ecs.config:3:1: warning: TOTALLY_UNKNOWN: unknown key; the agent ignores it`,
				`ecs.config:5:1: warning: ECS_RESERVED_MEMORY: also set on line 4; this later value wins`,
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := agentScenario("agent_config = \"ecs.config\"\n" + tc.group)
			sc, err := loadWithFiles(src, map[string]string{"ecs.config": tc.config})
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			g := sc.InstanceGroups[0]
			if diff := cmp.Diff(tc.want, g.Agent); diff != "" {
				t.Errorf("agent (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.wantAttrs, g.Attributes); diff != "" {
				t.Errorf("attributes (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.warnings, problemLines(t, sc.Warnings)); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAgentConfigProblems(t *testing.T) {
	tests := []struct {
		name   string
		config string // ecs.config
		group  string // the rest of the group, after agent_config (line 10 on)
		want   []string
	}{
		{
			name: "malformed values, each at its value",
			config: `ECS_RESERVED_MEMORY=lots
ECS_RESERVED_PORTS=[22, 2375
ECS_RESERVED_PORTS_UDP=[53, "dns"]
  ECS_DYNAMIC_HOST_PORT_RANGE = "200-100"
ECS_CONTAINER_STOP_TIMEOUT=30
ECS_IMAGE_PULL_BEHAVIOR=never
ECS_ENABLE_TASK_IAM_ROLE=yes
ECS_AVAILABLE_LOGGING_DRIVERS=["json-file","loki"]
ECS_ENGINE_AUTH_TYPE=basic
ECS_INSTANCE_ATTRIBUTES={"stack":7}
a line with no equals sign
=value
ECS_ENABLE_TASK_IAM_ROLE_NETWORK_HOST=["true"]
`,
			want: []string{
				`ecs.config:1:21: ECS_RESERVED_MEMORY: ECS_RESERVED_MEMORY is MiB, an integer, got string "lots"`,
				`ecs.config:2:20: ECS_RESERVED_PORTS: want a JSON list of integers such as [22, 2375]: malformed JSON at character 9: unexpected end of JSON input`,
				`ecs.config:3:24: ECS_RESERVED_PORTS_UDP[1]: want an integer, got string "dns"`,
				`ecs.config:4:34: ECS_DYNAMIC_HOST_PORT_RANGE: want FIRST-LAST with 1 <= FIRST <= LAST <= 65535, got "200-100"`,
				`ecs.config:5:28: ECS_CONTAINER_STOP_TIMEOUT: want a duration such as 30s or 2m, got "30"`,
				`ecs.config:6:25: ECS_IMAGE_PULL_BEHAVIOR: want default, always, once or prefer-cached, got "never"`,
				`ecs.config:7:26: ECS_ENABLE_TASK_IAM_ROLE: want true or false, got string "yes"`,
				`ecs.config:8:31: ECS_AVAILABLE_LOGGING_DRIVERS[1]: unknown log driver "loki" (want awsfirelens, awslogs, fluentd, gelf, journald, json-file, logentries, none, splunk or syslog)`,
				`ecs.config:9:22: ECS_ENGINE_AUTH_TYPE: want docker or dockercfg, got "basic"`,
				`ecs.config:10:25: ECS_INSTANCE_ATTRIBUTES.stack: want a string, got integer 7`,
				`ecs.config:11:1: want KEY=VALUE, but the line has no '='`,
				`ecs.config:12:1: want KEY=VALUE, but the line has no key before '='`,
				`ecs.config:13:39: ECS_ENABLE_TASK_IAM_ROLE_NETWORK_HOST: want true or false, got string "[\"true\"]"`,
			},
		},
		{
			name: "values out of range",
			config: `ECS_RESERVED_MEMORY=9000
ECS_RESERVED_PORTS=[22, 70000]
ECS_CONTAINER_STOP_TIMEOUT=500ms
ECS_INSTANCE_ATTRIBUTES={"ecs.os-type":"linux","team":" web"}
`,
			want: []string{
				`ecs.config:1:21: ECS_RESERVED_MEMORY: reserves 9000 MiB, but m5.large has only 7985 MiB; the agent would fail to register`,
				`ecs.config:2:20: ECS_RESERVED_PORTS[1]: port 70000 is outside 1-65535`,
				`ecs.config:3:28: ECS_CONTAINER_STOP_TIMEOUT: "500ms" is below the agent's minimum of 1s`,
				`ecs.config:4:25: ECS_INSTANCE_ATTRIBUTES."ecs.os-type": "ecs.os-type" is a built-in attribute name; ECS sets it`,
				`ecs.config:4:25: ECS_INSTANCE_ATTRIBUTES.team: an attribute value is 1-128 letters, digits, spaces or -_/.@: with no leading or trailing space`,
			},
		},
		{
			name: "malformed engine auth data",
			config: `ECS_ENGINE_AUTH_DATA={"registry.example.com":{"username":"u",}}
`,
			want: []string{
				`ecs.config:1:22: ECS_ENGINE_AUTH_DATA: want a JSON object of registries and their credentials, such as {"registry.example.com":{"username":"u","password":"p"}}: malformed JSON at character 41: invalid character '}' looking for beginning of object key string`,
			},
		},
		{
			name:   "engine auth data without a type anywhere",
			config: `ECS_ENGINE_AUTH_DATA='{"registry.example.com":{"username":"u","password":"p"}}'`,
			want: []string{
				`ecs.config:1:23: ECS_ENGINE_AUTH_DATA: without ECS_ENGINE_AUTH_TYPE (docker or dockercfg), the agent ignores this data`,
			},
		},
		{
			name: "dockercfg credentials the agent cannot decode",
			config: `ECS_ENGINE_AUTH_TYPE=dockercfg
ECS_ENGINE_AUTH_DATA={"https://index.docker.io/v1/":{"auth":"not base64","email":"e"},"quay.io":"token"}
`,
			want: []string{
				`ecs.config:2:22: ECS_ENGINE_AUTH_DATA: registry "https://index.docker.io/v1/": auth must be the base64 of USERNAME:PASSWORD, or the agent skips the registry`,
				`ecs.config:2:22: ECS_ENGINE_AUTH_DATA: registry "quay.io": want an object of credentials, got string "token"`,
			},
		},
		{
			name:   "the scenario's problems come first, then the file's",
			config: "ECS_RESERVED_MEMORY=-1\n",
			group:  "zones = [\"eu-west-1a\"]\n",
			want: []string{
				`scenario.toml:10:10: instance_groups[0].zones[0]: zone "eu-west-1a" is not in region us-east-1 (want us-east-1a, us-east-1b, ...)`,
				`ecs.config:1:21: ECS_RESERVED_MEMORY: must be between 0 and 1099511627776, got -1`,
			},
		},
		{
			name:   "groups that share a file are told of its problems once",
			config: "ECS_IMAGE_PULL_BEHAVIOR=sometimes\n",
			group: `
[[instance_groups]]
type = "m5.large"
count = 1
agent_config = "ecs.config"
`,
			want: []string{
				`ecs.config:1:25: ECS_IMAGE_PULL_BEHAVIOR: want default, always, once or prefer-cached, got "sometimes"`,
			},
		},
		{
			name:   "a missing file",
			config: "",
			group: `
[[instance_groups]]
type = "m5.large"
count = 1
agent_config = "conf/missing.config"
`,
			want: []string{
				`scenario.toml:14:16: instance_groups[1].agent_config: conf/missing.config does not exist (a relative path is read from the scenario file's directory)`,
			},
		},
		{
			name:   "too many custom attributes together",
			config: `ECS_INSTANCE_ATTRIBUTES={"a1":"x","a2":"x","a3":"x","a4":"x","a5":"x","a6":"x"}`,
			group:  `attributes = { b1 = "y", b2 = "y", b3 = "y", b4 = "y", b5 = "y", a1 = "y" }`,
			want: []string{
				`scenario.toml:9:16: instance_groups[0].agent_config: 11 custom attributes with ecs.config's ECS_INSTANCE_ATTRIBUTES, ECS allows at most 10`,
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := agentScenario("agent_config = \"ecs.config\"\n" + tc.group)
			sc, err := loadWithFiles(src, map[string]string{"ecs.config": tc.config})
			if err == nil {
				t.Fatalf("Load accepted the scenario; warnings: %v", sc.Warnings)
			}
			if diff := cmp.Diff(tc.want, problemLines(t, err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAgentInlineKeys(t *testing.T) {
	tests := []struct {
		name  string
		agent string // the [instance_groups.agent] table's keys, from line 10
		want  models.AgentConfig
		probs []string
	}{
		{
			name: "stop timeout and pull behaviour",
			agent: `container_stop_timeout = "2m30s"
image_pull_behavior = "always"
`,
			want: agentWant(func(a *models.AgentConfig) {
				a.StopTimeout = 150 * time.Second
				a.ImagePullBehavior = models.PullAlways
			}),
		},
		{
			name: "docker auth data: registries reduced to sorted, distinct hosts",
			agent: `engine_auth_type = "docker"
engine_auth_data = '{"registry.example.com":{"username":"u","password":"p","email":"e"},"https://registry.example.com/v2/team":{"username":"u","password":"p"},"localhost:5000":{"username":"u","password":"p"}}'
`,
			want: agentWant(func(a *models.AgentConfig) {
				a.EngineAuthRegistries = []string{"localhost:5000", "registry.example.com"}
			}),
		},
		{
			name: "dockercfg auth data",
			agent: `engine_auth_type = "dockercfg"
engine_auth_data = '{"https://index.docker.io/v1/":{"auth":"dXNlcjpwYXNz","email":"e"}}'
`,
			want: agentWant(func(a *models.AgentConfig) {
				a.EngineAuthRegistries = []string{"index.docker.io"}
			}),
		},
		{
			name: "bad values",
			agent: `container_stop_timeout = "0s"
image_pull_behavior = "never"
engine_auth_type = "docker"
engine_auth_data = '["registry.example.com"]'
`,
			probs: []string{
				`scenario.toml:10:26: instance_groups[0].agent.container_stop_timeout: "0s" is below the agent's minimum of 1s`,
				`scenario.toml:11:23: instance_groups[0].agent.image_pull_behavior: want default, always, once or prefer-cached, got "never"`,
				`scenario.toml:13:20: instance_groups[0].agent.engine_auth_data: want a JSON object of registries and their credentials, such as {"registry.example.com":{"username":"u","password":"p"}}, got an array`,
			},
		},
		{
			name: "malformed auth data, and credentials of the wrong type",
			agent: `engine_auth_type = "docker"
engine_auth_data = '{"registry.example.com": {"username": 5}, "": {}}'
`,
			probs: []string{
				`scenario.toml:11:20: instance_groups[0].agent.engine_auth_data: registry "" has no host name`,
				`scenario.toml:11:20: instance_groups[0].agent.engine_auth_data: registry "registry.example.com": username: want a string, got integer 5`,
			},
		},
		{
			name:  "auth data without a type",
			agent: `engine_auth_data = '{"registry.example.com":{"username":"u","password":"p"}}'` + "\n",
			probs: []string{
				`scenario.toml:10:20: instance_groups[0].agent.engine_auth_data: without engine_auth_type (docker or dockercfg), the agent ignores this data`,
			},
		},
		{
			name:  "unterminated auth data",
			agent: `engine_auth_type = "docker"` + "\n" + `engine_auth_data = '{"registry.example.com":'` + "\n",
			probs: []string{
				`scenario.toml:11:20: instance_groups[0].agent.engine_auth_data: want a JSON object of registries and their credentials, such as {"registry.example.com":{"username":"u","password":"p"}}: malformed JSON at character 24: unexpected end of JSON input`,
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc, err := Load([]byte(agentScenario("[instance_groups.agent]\n"+tc.agent)), "scenario.toml")
			if diff := cmp.Diff(tc.probs, problemLines(t, err)); diff != "" {
				t.Fatalf("problems (-want +got):\n%s", diff)
			}
			if err != nil {
				return
			}
			if diff := cmp.Diff(tc.want, sc.InstanceGroups[0].Agent); diff != "" {
				t.Errorf("agent (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAgentConfigFromMemory(t *testing.T) {
	_, err := Load([]byte(agentScenario(`agent_config = "ecs.config"`+"\n")), "scenario.toml")
	want := []string{"scenario.toml:9:16: instance_groups[0].agent_config: cannot read files when loading from memory"}
	if diff := cmp.Diff(want, problemLines(t, err)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if _, err := readExampleFile("no-such.ecs.config"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("reading a missing example file: %v, want fs.ErrNotExist", err)
	}
}

func TestAgentConfigLoadFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("scenarios/conf/ecs.config", "ECS_CLUSTER=web\nECS_RESERVED_MEMORY=512\n")
	good := write("scenarios/good.toml", agentScenario(`agent_config = "conf/ecs.config"`+"\n"))
	sc, err := LoadFile(good)
	if err != nil {
		t.Fatalf("LoadFile: %v", err)
	}
	if diff := cmp.Diff(agentWant(func(a *models.AgentConfig) { a.ReservedMemoryMiB = 512 }), sc.InstanceGroups[0].Agent); diff != "" {
		t.Errorf("agent (-want +got):\n%s", diff)
	}
	if sc, err := Open(good); err != nil || sc.InstanceGroups[0].Agent.ReservedMemoryMiB != 512 {
		t.Errorf("Open: %v", err)
	}

	// Problems in the ecs.config name the file where the user can open it: the scenario's
	// directory joined with the name the scenario gives.
	path := write("scenarios/conf/bad.config", "# bad\nECS_RESERVED_MEMORY=1.5\n")
	bad := write("scenarios/bad.toml", agentScenario(`agent_config = "conf/bad.config"`+"\n"))
	_, err = LoadFile(bad)
	want := []string{path + `:2:21: ECS_RESERVED_MEMORY: ECS_RESERVED_MEMORY is MiB, an integer, got string "1.5"`}
	if diff := cmp.Diff(want, problemLines(t, err)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}

	// An absolute path is read as it is.
	abs := write("elsewhere/ecs.config", "ECS_RESERVED_MEMORY=64\n")
	sc, err = LoadFile(write("scenarios/abs.toml", agentScenario(`agent_config = '`+abs+"'\n")))
	if err != nil || sc.InstanceGroups[0].Agent.ReservedMemoryMiB != 64 {
		t.Errorf("LoadFile with an absolute agent_config: %v", err)
	}
}

func TestLintAgentCluster(t *testing.T) {
	src := agentScenario(`[instance_groups.agent]
cluster = "staging"

[[instance_groups]]
name = "legacy"
type = "m5.large"
count = 1
agent_config = "ecs.config"

[[instance_groups]]
name = "fine"
type = "m5.large"
count = 1
agent_config = "ecs.config"
agent = { cluster = "web" }
`)
	sc, err := loadWithFiles(src, map[string]string{"ecs.config": "ECS_CLUSTER=old\n"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`scenario.toml:10:11: warning: instance_groups[0].agent.cluster: instance group group-1 joins cluster "staging", not this scenario's cluster "web": its instances will never receive this cluster's tasks`,
		`scenario.toml:16:16: warning: instance_groups[1].agent_config: instance group legacy joins cluster "old", not this scenario's cluster "web": its instances will never receive this cluster's tasks`,
	}
	if diff := cmp.Diff(want, problemLines(t, sc.Warnings)); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}

// FuzzAgentConfig checks that reading any ecs.config file, and applying it to an instance
// group, never panics, and that every problem it finds is placed in the file.
func FuzzAgentConfig(f *testing.F) {
	f.Add([]byte("ECS_CLUSTER=web\nECS_RESERVED_MEMORY=256\nECS_RESERVED_PORTS=[22, 2375]\n"))
	f.Add([]byte("# c\n  ECS_AVAILABLE_LOGGING_DRIVERS = '[\"json-file\"]'\r\nECS_INSTANCE_ATTRIBUTES={\"a\":\"b\"}\n"))
	f.Add([]byte("ECS_ENGINE_AUTH_TYPE=dockercfg\nECS_ENGINE_AUTH_DATA={\"https://x/v1/\":{\"auth\":\"dTpw\"}}\n"))
	f.Add([]byte("ECS_ENGINE_AUTH_DATA={\"\":[1,{\"a\":[]}]}\nECS_RESERVED_PORTS_UDP=[1e400]\n=\nno equals\n\xef\xbb\xbfECS_CLUSTER=\"\n"))
	f.Add([]byte("ECS_DYNAMIC_HOST_PORT_RANGE=1-2\nECS_CONTAINER_STOP_TIMEOUT=-5s\nECS_ENABLE_TASK_IAM_ROLE=T\nECS_IMAGE_PULL_BEHAVIOR=once\n"))
	typ, _ := models.LookupInstanceType("m5.large")
	f.Fuzz(func(t *testing.T, src []byte) {
		c := &checker{file: "scenario.toml", index: tomlpos.NewIndex(nil), shapeBad: map[string]bool{}}
		h := &hosts{Types: []*models.InstanceType{typ}, Agent: models.DefaultAgentConfig()}
		c.agent("instance_groups[0]", parseECSConfig(src, "ecs.config"), &agentFile{}, h)
		for _, p := range append(c.probs, c.warnings...) {
			if p.File != "ecs.config" || p.Pos.Line < 1 || p.Pos.Col < 1 || strings.TrimSpace(p.Msg) == "" {
				t.Errorf("problem not placed in the file: %#v", p)
			}
		}
		if n := strings.Count(string(src), "\n") + 1; len(c.probs) > 0 && c.probs[len(c.probs)-1].Pos.Line > n {
			t.Errorf("problem past the last line %d: %v", n, c.probs[len(c.probs)-1])
		}
	})
}
