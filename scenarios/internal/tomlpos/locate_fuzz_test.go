package tomlpos

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

const scenarioDoc = `# Scenario: two services on a small cluster.
name = "rolling-deploy" # inline comment
description = """
A multi-line description with "quotes", ""doubled"" quotes,
[brackets], {braces}, # hashes and key = value lines that are not keys.
"""
seed = 42
started_at = 1979-05-27T07:32:00Z

[cluster]
name = 'demo' # literal
region = "eu-west-1"

[[instance_groups]]
name = "general"
count = 3
instance_type = "m5.large"
tags = { team = "infra", "cost center" = "42" }

[instance_groups.agent]
version = "1.80.0"
env = { ECS_ENABLE_TASK_IAM_ROLE = "true" }

[[instance_groups]]
name = "gpu" # second group
count = 1
[instance_groups.agent]
version = "1.79.2"

[[task_definitions]]
family = "web"
cpu = 256
memory = 512

  [[task_definitions.containers]]
  name = "nginx"
  image = "nginx:1.25"
  port_mappings = [{ container_port = 8080 }]
  command = ["sh", "-c", 'echo "hi" # not a comment']
  health_check = { command = ["CMD-SHELL", "curl -f http://localhost/ || exit 1"], interval = 30 }

  [[task_definitions.containers]]
  name = "sidecar"
  image = "envoy:v1"
  port_mappings = [
    { container_port = 9901, protocol = "tcp" }, # admin
    { container_port = 10000 },
  ]

[[task_definitions]]
family = "worker"
script = '''
#!/bin/sh
echo '[not a table]'
'''

[[services]]
name = "web"
task_definition = "web"
desired_count = 2
placement_strategy = [
  # spread first
  { type = "spread", field = "attribute:ecs.availability-zone" },
  { type = "binpack", field = "memory" }, # then pack
]

[services.deployment_configuration]
maximum_percent = 200
minimum_healthy_percent = 100

[[services]]
name = "worker"
task_definition = "worker"
placement_strategy = [ { type = "random" } ]
timeouts.start = "30s"
timeouts.stop = "10s"
`

const keysDoc = `"quoted.key" = 1
'literal key' = 2
"ünï" = 3
"tab\there" = 4
site."google.com" = true
a . b . c = "spaced dots"
"" = "empty key"
3.14159 = "pi"
nested = { x = { y = { z = [1, [2, { deep = true }]] } } }
matrix = [[1, 2], [3, 4], []]
times = [1979-05-27, 07:32:00, 1979-05-27 07:32:00.999999-07:00]
special = [inf, -inf, nan, +nan, 0xdead_beef, 0o755, 0b1101, 1e-3]
multi = {
  a = 1, # TOML 1.1
  b = [
    'x',
  ],
}
esc = "\e\x41\u00e9\U0001F600"
quoted_value = "say \"hi\", [x] # no" # yes
ml_escaped = """a \""" b ""\\"""

[fruit]
apple.color = "red"
apple.taste.sweet = true

[fruit.apple.texture]
smooth = true

[x.y.z.w]
[x]
after = true
`

const arraysDoc = `[[a]]
id = 1
  [[a.b]]
  id = 10
  [a.b.c]
  deep = true
  [[a.b]]
  id = 11
[[a]]
id = 2
  [[a.b]]
  id = 20
[a.extra]
note = "belongs to a[1]"
[[z]]
[[z]]
list = [ { k = [ { kk = 1 } ] }, { k = [] } ]
`

// seeds are realistic documents shared by the cross-check test and the fuzzer.
var seeds = []string{scenarioDoc, keysDoc, arraysDoc,
	strings.ReplaceAll(scenarioDoc, "\n", "\r\n"), "\xef\xbb\xbf" + arraysDoc}

func TestCrossCheckWithDecoder(t *testing.T) {
	for i, src := range seeds {
		if !crossCheck(t, []byte(src)) {
			t.Errorf("seed %d does not decode", i)
		}
	}
}

// crossCheck compares the located paths with the keys the decoder reports, and reports false
// when the decoder rejects src. Every decoded key must be located (as often as the decoder lists
// it), every key/value location must be a decoded key, and every other location a decoded key
// or one of its enclosing tables.
func crossCheck(t *testing.T, src []byte) bool {
	t.Helper()
	md, err := toml.Decode(string(src), &map[string]any{})
	if err != nil {
		return false
	}
	ix, keys, tables := NewIndex(src), map[string]int{}, map[string]bool{}
	for _, k := range md.Keys() {
		keys[k.String()]++
		for i := 1; i < len(k); i++ {
			tables[k[:i].String()] = true
		}
	}
	for _, k := range md.Keys() {
		bare := k.String()
		if n, got := keys[bare], len(ix.FindBare(bare)); got < n {
			t.Errorf("decoded key %s appears %d times, located %d times", bare, n, got)
			keys[bare] = got // report each key once
		}
	}
	for _, l := range locations(src) {
		checkText(t, src, l)
		isKeyval := l.Key != l.Value
		if keys[l.Bare] == 0 && (isKeyval || !tables[l.Bare]) {
			t.Errorf("located %s (bare %s) is not among the decoded keys", l.Path, l.Bare)
		}
	}
	return true
}

// checkText verifies that positions land on plausible characters of a valid document.
func checkText(t *testing.T, src []byte, l Location) {
	t.Helper()
	k, v := charAt(src, l.Key), charAt(src, l.Value)
	if !strings.ContainsRune("\"'", k) && !(k < utf8.RuneSelf && isBare(byte(k))) && l.Path[len(l.Path)-1] != ']' {
		t.Errorf("%s: key position %v is at %q", l.Path, l.Key, k)
	}
	if strings.ContainsRune(" \t\r\n=,]}#", v) {
		t.Errorf("%s: value position %v is at %q", l.Path, l.Value, v)
	}
}

// charAt returns the rune at p, counting lines and runes independently of the scanner.
func charAt(src []byte, p Pos) rune {
	text := strings.TrimPrefix(string(src), "\xef\xbb\xbf")
	lines := strings.Split(text, "\n")
	if p.Line > len(lines) || p.Col > utf8.RuneCountInString(lines[p.Line-1])+1 {
		return -1
	}
	rs := []rune(lines[p.Line-1] + "\n")
	return rs[p.Col-1]
}

func FuzzLocations(f *testing.F) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Add([]byte("a = [[[{b = [1, {c = 'x'}]}]]]\n[[t]]\n[t.u]\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		locs := locations(src)
		prev := Pos{1, 1}
		for _, l := range locs {
			for _, p := range []Pos{l.Key, l.Value} {
				if p.Line < 1 || p.Col < 1 {
					t.Fatalf("%s: invalid position %+v", l.Path, p)
				}
				if p.Line < prev.Line || p.Line == prev.Line && p.Col < prev.Col {
					t.Fatalf("%s: position %+v before %+v", l.Path, p, prev)
				}
				prev = p
			}
		}
		if utf8.Valid(src) {
			crossCheck(t, src)
		}
	})
}
