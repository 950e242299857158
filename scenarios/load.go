package scenarios

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// Load parses and validates a scenario. file names the source in messages: a path, or
// "example:NAME". A malformed or invalid scenario returns Problems listing everything wrong
// at once, each with its line, column and key path.
func Load(src []byte, file string) (*Scenario, error) {
	var f scenarioFile
	md, err := toml.Decode(string(src), &f)
	if err != nil {
		return nil, Problems{decodeProblem(err, src, file)}
	}
	c := &checker{file: file, index: NewIndex(src)}
	c.unknownKeys(md.Undecoded())
	sc := c.scenario(&f)
	if sc.Name == "" {
		sc.Name = defaultName(file)
	}
	sc.File = file
	if err := c.result(); err != nil {
		return nil, err
	}
	return sc, nil
}

// LoadFile loads the scenario file at path.
func LoadFile(path string) (*Scenario, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Load(src, path)
}

// Open loads a scenario named on the command line: "example:NAME" for an embedded example,
// anything else a file path.
func Open(arg string) (*Scenario, error) {
	if name, ok := strings.CutPrefix(arg, "example:"); ok {
		return LoadExample(name)
	}
	return LoadFile(arg)
}

func defaultName(file string) string {
	if name, ok := strings.CutPrefix(file, "example:"); ok {
		return name
	}
	return strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
}

// decodeProblem turns a decoding error into a positioned problem: a TOML syntax error carries
// its position; a structural mismatch (a number where a table belongs) carries a line and the
// last key, which the index places.
func decodeProblem(err error, src []byte, file string) Problem {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return Problem{File: file, Pos: Pos{Line: max(pe.Position.Line, 1), Col: max(pe.Position.Col, 1)}, Path: pe.LastKey, Msg: pe.Message}
	}
	msg := err.Error()
	p := Problem{File: file, Pos: Pos{Line: 1, Col: 1}, Msg: msg}
	if m := decodeErrRE.FindStringSubmatch(msg); m != nil {
		p.Path, p.Msg = m[2], m[3]
		p.Pos.Line, _ = strconv.Atoi(m[1])
		if loc, ok := NewIndex(src).Find(p.Path); ok {
			p.Pos = loc.Value
		}
		if t := typeErrRE.FindStringSubmatch(p.Msg); t != nil {
			p.Msg = "want " + tomlShape(t[2]) + ", got " + tomlShape(t[1])
		}
	}
	return p
}

var (
	decodeErrRE = regexp.MustCompile(`^toml: line (\d+) \(last key "([^"]*)"\): (.*)$`)
	typeErrRE   = regexp.MustCompile(`TOML value has type (\S+); destination has type (\S+)`)
)

// tomlShape names a TOML or Go type in words a scenario author knows.
func tomlShape(t string) string {
	switch {
	case strings.HasPrefix(t, "map"), t == "struct":
		return "a table"
	case strings.HasPrefix(t, "[]map"), strings.HasPrefix(t, "[]scenarios"):
		return "an array of tables"
	case strings.HasPrefix(t, "[]"):
		return "an array"
	case strings.HasPrefix(t, "int"):
		return "an integer"
	case strings.HasPrefix(t, "float"):
		return "a number"
	}
	return "a " + strings.TrimPrefix(t, "scenarios.")
}

// notModelled names keys that belong to ECS features this version does not simulate, so a
// scenario that uses them is told so rather than that the key is unknown.
var notModelled = map[string]string{
	"events":             "scheduled events (deploy, scale, drain, outages)",
	"faults":             "fault injection",
	"target_groups":      "load balancer target groups",
	"capacity_providers": "capacity providers",
	"cluster.default_capacity_provider_strategy": "capacity providers",
	"services.load_balancers":                    "load balancer target groups",
	"services.capacity_provider_strategy":        "capacity providers",
	"services.health_check_grace_period":         "load balancer health checks",
	"task_definitions.image":                     "image pulls",
	"task_definitions.behavior":                  "task failures",
	"instance_groups.agent_config":               "agent configuration files",
}

// unknownKeys reports each key no field decoded (only the outermost of an unknown table).
func (c *checker) unknownKeys(keys []toml.Key) {
	var reported []string
	for _, k := range keys {
		bare := k.String()
		if slices.ContainsFunc(reported, func(r string) bool { return strings.HasPrefix(bare, r+".") }) {
			continue
		}
		reported = append(reported, bare)
		msg := "unknown key"
		if what, ok := notModelled[bare]; ok {
			msg = "ecssim does not model " + what + " yet"
		} else if s := suggest(k); s != "" {
			msg += ` (did you mean "` + s + `"?)`
		}
		locs := c.index.FindBare(bare)
		if len(locs) == 0 {
			c.probs = append(c.probs, Problem{File: c.file, Pos: Pos{1, 1}, Path: bare, Msg: msg})
		}
		for _, loc := range locs {
			if !strings.HasSuffix(loc.Path, "]") { // the key itself, not its elements
				c.probs = append(c.probs, Problem{File: c.file, Pos: loc.Key, Path: loc.Path, Msg: msg})
			}
		}
	}
}

// suggest returns the known key closest to an unknown one, if one is close: at most two edits
// away, found among the keys its table accepts.
func suggest(k toml.Key) string {
	t := reflect.TypeOf(scenarioFile{})
	for _, piece := range k[:len(k)-1] {
		f, ok := fieldByTag(t, piece)
		if !ok {
			return ""
		}
		t = f.Type
		for t.Kind() == reflect.Slice {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			return ""
		}
	}
	best, bestD := "", 3
	for i := range t.NumField() {
		tag := t.Field(i).Tag.Get("toml")
		if d := editDistance(tag, k[len(k)-1]); d < bestD {
			best, bestD = tag, d
		}
	}
	return best
}

func fieldByTag(t reflect.Type, tag string) (reflect.StructField, bool) {
	if t.Kind() != reflect.Struct {
		return reflect.StructField{}, false
	}
	for i := range t.NumField() {
		if t.Field(i).Tag.Get("toml") == tag {
			return t.Field(i), true
		}
	}
	return reflect.StructField{}, false
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
