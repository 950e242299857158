package scenarios

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ecssim/ecssim/scenarios/internal/tomlpos"
)

// The agent configuration (ecs.config) of an instance group, or of a capacity provider's Auto
// Scaling group, comes from up to three places, each overriding the one before it key by key:
//  1. the agent's defaults on an ECS-optimized AMI (models.DefaultAgentConfig), except that
//     ECS_CLUSTER defaults to the scenario's cluster;
//  2. the ecs.config file the group's `agent_config` names, relative to the scenario file's
//     directory (for an embedded example, the examples directory);
//  3. the group's [instance_groups.agent] (or [capacity_providers.auto_scaling_group.agent])
//     table.
//
// So one ecs.config can serve several groups, each adjusting it in the scenario.
//
// The file has the format of /etc/ecs/ecs.config, which ecs-init hands to systemd as an
// EnvironmentFile: one KEY=VALUE per line. Blank lines and lines whose first non-blank
// character is # or ; are ignored. Whitespace around the key and around the value is trimmed;
// the value is everything after the first '=', so a JSON value keeps its own '=' and spaces. A
// value wrapped in double or single quotes loses the quotes, nothing else (no escapes, no line
// continuations). An empty value leaves the key unset, as an empty environment variable does
// for the agent. A key set twice takes its later value, with a warning.
//
// The keys ecssim models are those of the agent table under their ecs.config names (see
// ecsConfigKeys), plus ECS_INSTANCE_ATTRIBUTES, a JSON object of custom attributes merged with
// the group's `attributes` (the group's winning). Integers are decimal, booleans are read as
// strconv.ParseBool reads them (the agent's parser), lists and objects are JSON, durations
// are Go durations. Keys the agent knows but ecssim does not model (ecsConfigIgnored) are
// accepted silently; any other key is warned about, with the closest known key when one is
// at most two edits away. Each value is converted into the agent table's form and passes the
// table's own checks (agentKeys); a problem names the ecs.config file as the scenario gave it,
// and the line and column of the value.

// ecsConfigKeys maps each ecs.config key ecssim models to its key in the agent table: the
// file's value is read into that field of an agentFile and checked by agentKeys like the
// table's own.
var ecsConfigKeys = map[string]string{
	"ECS_CLUSTER":                           "cluster",
	"ECS_RESERVED_MEMORY":                   "reserved_memory",
	"ECS_RESERVED_PORTS":                    "reserved_ports",
	"ECS_RESERVED_PORTS_UDP":                "reserved_ports_udp",
	"ECS_DYNAMIC_HOST_PORT_RANGE":           "dynamic_host_port_range",
	"ECS_CONTAINER_STOP_TIMEOUT":            "container_stop_timeout",
	"ECS_IMAGE_PULL_BEHAVIOR":               "image_pull_behavior",
	"ECS_ENABLE_TASK_IAM_ROLE":              "enable_task_iam_role",
	"ECS_ENABLE_TASK_IAM_ROLE_NETWORK_HOST": "enable_task_iam_role_network_host",
	"ECS_AVAILABLE_LOGGING_DRIVERS":         "available_logging_drivers",
	"ECS_ENGINE_AUTH_TYPE":                  "engine_auth_type",
	"ECS_ENGINE_AUTH_DATA":                  "engine_auth_data",
	"ECS_ENABLE_SPOT_INSTANCE_DRAINING":     "enable_spot_instance_draining",
	"ECS_ENABLE_HIGH_DENSITY_ENI":           "enable_high_density_eni",
	"ECS_ENABLE_GPU_SUPPORT":                "enable_gpu_support",
}

// ecsInstanceAttributes is the ecs.config key of custom attributes, which go to the instance
// group rather than to its AgentConfig.
const ecsInstanceAttributes = "ECS_INSTANCE_ATTRIBUTES"

// ecsConfigIgnored are keys the agent (or ecs-init) reads that do not change what ecssim
// simulates (agent README, environment variables; ECS-REFERENCE §8).
var ecsConfigIgnored = []string{
	"AWS_ACCESS_KEY_ID", "AWS_DEFAULT_REGION", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
	"CREDENTIALS_FETCHER_HOST", "CREDENTIALS_FETCHER_SECRET_NAME_FOR_DOMAINLESS_GMSA", "DOCKER_HOST",
	"ECS_AGENT_APPARMOR_PROFILE", "ECS_AGENT_HEALTHCHECK_HOST", "ECS_AGENT_LABELS",
	"ECS_ALLOW_OFFHOST_INTROSPECTION_ACCESS", "ECS_ALTERNATE_CREDENTIAL_PROFILE",
	"ECS_APPARMOR_CAPABLE", "ECS_AWSVPC_ADDITIONAL_LOCAL_ROUTES", "ECS_AWSVPC_BLOCK_IMDS",
	"ECS_CGROUP_CPU_PERIOD", "ECS_CGROUP_PATH", "ECS_CHECKPOINT", "ECS_CNI_PLUGINS_PATH",
	"ECS_CONTAINER_CREATE_TIMEOUT", "ECS_CONTAINER_INSTANCE_PROPAGATE_TAGS_FROM",
	"ECS_CONTAINER_INSTANCE_TAGS", "ECS_CONTAINER_START_TIMEOUT", "ECS_DATADIR",
	"ECS_DISABLE_DOCKER_HEALTH_CHECK", "ECS_DISABLE_IMAGE_CLEANUP", "ECS_DISABLE_METRICS",
	"ECS_DISABLE_PRIVILEGED", "ECS_EBSTA_SUPPORTED", "ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE",
	"ECS_ENABLE_CONTAINER_METADATA", "ECS_ENABLE_CPU_UNBOUNDED_WINDOWS_WORKAROUND",
	"ECS_ENABLE_MEMORY_UNBOUNDED_WINDOWS_WORKAROUND", "ECS_ENABLE_PROMETHEUS_METRICS",
	"ECS_ENABLE_RUNTIME_STATS", "ECS_ENABLE_TASK_CPU_MEM_LIMIT",
	"ECS_ENABLE_TASK_ENI", "ECS_ENABLE_UNTRACKED_IMAGE_CLEANUP",
	"ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION", "ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION_JITTER",
	"ECS_EXCLUDE_IPV6_PORTBINDING", "ECS_EXCLUDE_UNTRACKED_IMAGE",
	"ECS_FSX_WINDOWS_FILE_SERVER_SUPPORTED", "ECS_GMSA_SUPPORTED", "ECS_HOST_DATA_DIR",
	"ECS_IMAGE_CLEANUP_INTERVAL", "ECS_IMAGE_MINIMUM_CLEANUP_AGE", "ECS_IMAGE_PULL_INACTIVITY_TIMEOUT",
	"ECS_IMAGE_PULL_TIMEOUT", "ECS_LOG_DRIVER", "ECS_LOG_MAX_FILE_SIZE_MB", "ECS_LOG_MAX_ROLL_COUNT",
	"ECS_LOG_OPTS", "ECS_LOG_OUTPUT_FORMAT", "ECS_LOG_ROLLOVER_TYPE", "ECS_LOGFILE", "ECS_LOGLEVEL",
	"ECS_LOGLEVEL_ON_INSTANCE", "ECS_MANIFEST_PULL_TIMEOUT", "ECS_NUM_IMAGES_DELETE_PER_CYCLE",
	"ECS_NVIDIA_RUNTIME", "ECS_OFFHOST_INTROSPECTION_INTERFACE_NAME", "ECS_POLL_METRICS",
	"ECS_POLLING_METRICS_WAIT_DURATION", "ECS_PULL_DEPENDENT_CONTAINERS_UPFRONT",
	"ECS_SELINUX_CAPABLE", "ECS_SHARED_VOLUME_MATCH_FULL_CONFIG", "ECS_SKIP_LOCALHOST_TRAFFIC_FILTER",
	"ECS_TASK_METADATA_RPS_LIMIT", "ECS_TASK_PIDS_LIMIT", "ECS_UPDATES_ENABLED", "ECS_WARM_POOLS_CHECK",
	"HTTP_PROXY", "NO_PROXY", "NON_ECS_IMAGE_MINIMUM_CLEANUP_AGE",
}

// ecsConfigPath names an agent table key as an ecs.config file does, for the path of a
// problem with a value from the file.
func ecsConfigPath(key string) string {
	for env, k := range ecsConfigKeys {
		if k == key {
			return env
		}
	}
	return key // a table key with no ecs.config name, such as agent_version: never set from a file
}

// ecsConfig is an ecs.config file read into the form of the agent table, with the checker that
// reports problems in the file: its index places each key (as its ecs.config name) at its value.
type ecsConfig struct {
	c          *checker
	agent      agentFile
	attributes map[string]str // ECS_INSTANCE_ATTRIBUTES; nil when unset
}

// readAgentConfig reads the ecs.config file the agent_config key at path names.
func (c *checker) readAgentConfig(path, name string) *ecsConfig {
	switch {
	case name == "":
		c.bad(path, "want the path of an ecs.config file")
		return nil
	case c.readFile == nil:
		c.bad(path, "cannot read files when loading from memory")
		return nil
	}
	src, err := readAll(c.readFile, name, agentConfigLimit)
	if err != nil {
		c.readProblem(path, name, err)
		return nil
	}
	return parseECSConfig(src, c.shownPath(name))
}

// textFile reports whether src is text: UTF-8 without control characters but tabs and line
// ends. A binary file named as an ecs.config is refused whole, its bytes not echoed.
func textFile(src []byte) bool {
	return utf8.Valid(src) && bytes.IndexFunc(src, func(r rune) bool { return unicode.IsControl(r) && !strings.ContainsRune("\t\r\n", r) }) < 0
}

// ecsEntry is one KEY=VALUE line.
type ecsEntry struct {
	key, value     string
	keyPos, valPos Pos
}

// parseECSConfig reads an ecs.config file named name. Malformed lines and unknown keys are
// reported through the result's checker; values are only converted here, and checked when
// agentKeys applies them.
func parseECSConfig(src []byte, name string) *ecsConfig {
	c := &checker{file: name, src: src, shapeBad: map[string]bool{},
		index: tomlpos.NewIndex(nil)}
	cfg := &ecsConfig{c: c}
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf")) // a UTF-8 byte order mark is no part of the first key
	if !textFile(src) {
		c.probs = append(c.probs, Problem{File: name, Pos: Pos{1, 1}, Msg: "not an ecs.config: the file is not UTF-8 text without control characters"})
		return cfg
	}
	entries := map[string]ecsEntry{} // the last of each key's lines, which the agent reads
	for i, line := range strings.Split(string(src), "\n") {
		e, ok := c.ecsConfigLine(i+1, strings.TrimSuffix(line, "\r"))
		if !ok {
			continue
		}
		if prev, dup := entries[e.key]; dup {
			c.warnings = append(c.warnings, Problem{File: name, Pos: e.keyPos, Path: e.key,
				Msg: fmt.Sprintf("also set on line %d; this later value wins", prev.keyPos.Line), Warning: true})
		}
		entries[e.key] = e
		if _, modelled := ecsConfigKeys[e.key]; !modelled && e.key != ecsInstanceAttributes && !slices.Contains(ecsConfigIgnored, e.key) {
			msg := "unknown key; the agent ignores it"
			if s := suggestECSKey(e.key); s != "" {
				msg += ` (did you mean "` + s + `"?)`
			}
			c.warnings = append(c.warnings, Problem{File: name, Pos: e.keyPos, Path: e.key, Msg: msg, Warning: true})
		}
	}
	fields := reflect.ValueOf(&cfg.agent).Elem()
	for _, key := range slices.Sorted(maps.Keys(entries)) {
		e := entries[key]
		field, modelled := ecsConfigKeys[key]
		if (!modelled && key != ecsInstanceAttributes) || e.value == "" {
			continue // an empty variable leaves the agent's default
		}
		c.index.Add(tomlpos.Location{Path: key, Bare: key, Key: tomlpos.Pos(e.valPos), Value: tomlpos.Pos(e.valPos)})
		if key == ecsInstanceAttributes {
			cfg.attributes = envAttributes(c, key, e.value)
			continue
		}
		f, _ := fieldByTag(fields.Type(), field)
		envValue(fields.FieldByIndex(f.Index).Addr().Interface(), e.value)
	}
	return cfg
}

// ecsConfigLine splits one line into its key and value; ok is false for a blank line, a
// comment or a malformed line (which it reports).
func (c *checker) ecsConfigLine(n int, line string) (e ecsEntry, ok bool) {
	trimmed := strings.TrimLeft(line, " \t")
	if trimmed == "" || trimmed[0] == '#' || trimmed[0] == ';' {
		return e, false
	}
	col := func(off int) int { return utf8.RuneCountInString(line[:off]) + 1 }
	start := len(line) - len(trimmed)
	eq := strings.IndexByte(line, '=')
	if eq < 0 {
		c.probs = append(c.probs, Problem{File: c.file, Pos: Pos{n, col(start)},
			Msg: "want KEY=VALUE, but the line has no '='"}) // the line is not echoed: the file may be another kind named by mistake
		return e, false
	}
	e.key = strings.TrimSpace(line[:eq])
	e.keyPos = Pos{n, col(start)}
	if e.key == "" {
		c.probs = append(c.probs, Problem{File: c.file, Pos: e.keyPos, Msg: "want KEY=VALUE, but the line has no key before '='"})
		return e, false
	}
	v := line[eq+1:]
	off := eq + 1 + len(v) - len(strings.TrimLeft(v, " \t"))
	v = strings.TrimSpace(v)
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		v, off = v[1:len(v)-1], off+1
	}
	e.value, e.valPos = v, Pos{n, col(off)}
	return e, true
}

// suggestECSKey returns the known key closest to an unknown one, if one is close (Closest,
// which ignores case).
func suggestECSKey(key string) string {
	known := slices.Concat(slices.Collect(maps.Keys(ecsConfigKeys)), []string{ecsInstanceAttributes}, ecsConfigIgnored)
	slices.Sort(known)
	return Closest(key, known)
}

// envValue reads an ecs.config value into one of the agent table's fields (a *value[T]), as
// the agent reads the variable: integers in decimal, booleans as strconv.ParseBool does, lists
// as JSON. A value that does not convert is handed over as a string, so it is reported as the
// table's value of the wrong type would be.
func envValue(field any, raw string) {
	switch v := field.(type) {
	case *str:
		_ = v.UnmarshalTOML(raw)
	case *integer:
		var data any = raw
		if n, err := strconv.ParseInt(raw, 10, 64); err == nil {
			data = n
		}
		_ = v.UnmarshalTOML(data)
	case *boolean:
		var data any = raw
		if b, err := strconv.ParseBool(raw); err == nil {
			data = b
		}
		_ = v.UnmarshalTOML(data)
	case *ints:
		envJSON(v, raw, "a JSON list of integers such as [22, 2375]")
	case *strs:
		envJSON(v, raw, `a JSON list of strings such as ["json-file","awslogs"]`)
	}
}

// envJSON reads a JSON value into a value[T].
func envJSON[T any](v *value[T], raw, want string) {
	data, err := decodeJSON(raw)
	if err != nil {
		v.set, v.badElem, v.bad = true, -1, fmt.Sprintf("want %s: %s", want, jsonError(raw, err))
		return
	}
	_ = v.UnmarshalTOML(data)
}

// envAttributes reads ECS_INSTANCE_ATTRIBUTES, a JSON object of strings.
func envAttributes(c *checker, key, raw string) map[string]str {
	const want = `a JSON object of strings such as {"stack":"prod"}`
	data, err := decodeJSON(raw)
	if err != nil {
		c.bad(key, "want %s: %s", want, jsonError(raw, err))
		return nil
	}
	m, ok := data.(map[string]any)
	if !ok {
		c.bad(key, "want %s, got %s", want, describe(data))
		return nil
	}
	out := make(map[string]str, len(m))
	for k, x := range m {
		var v str
		_ = v.UnmarshalTOML(x)
		out[k] = v
	}
	return out
}

// decodeJSON decodes one JSON value into the types the TOML decoder produces: integers as
// int64, other numbers as float64, arrays as []any, objects as map[string]any.
func decodeJSON(raw string) (any, error) {
	var whole json.RawMessage // Unmarshal checks the whole input, and places syntax errors
	if err := json.Unmarshal([]byte(raw), &whole); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber()
	var data any
	if err := dec.Decode(&data); err != nil {
		return nil, err
	}
	return fromJSON(data), nil
}

func fromJSON(data any) any {
	switch d := data.(type) {
	case json.Number:
		if n, err := d.Int64(); err == nil {
			return n
		}
		f, _ := d.Float64()
		return f
	case []any:
		for i := range d {
			d[i] = fromJSON(d[i])
		}
	case map[string]any:
		for k := range d {
			d[k] = fromJSON(d[k])
		}
	}
	return data
}

// jsonError describes a JSON decoding error, with the character where it happened.
func jsonError(raw string, err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) && se.Offset > 0 {
		return fmt.Sprintf("malformed JSON at character %d: %v", utf8.RuneCountInString(raw[:min(int(se.Offset), len(raw))]), err)
	}
	return "malformed JSON: " + err.Error()
}

// adopt takes the problems another checker found (in another file), each once: groups that
// share an ecs.config file read it each, and find its problems each.
func (c *checker) adopt(o *checker) {
	for _, p := range o.probs {
		if !slices.Contains(c.probs, p) {
			c.probs = append(c.probs, p)
		}
	}
	for _, w := range o.warnings {
		if !slices.Contains(c.warnings, w) {
			c.warnings = append(c.warnings, w)
		}
	}
}
