package scenarios

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/ecssim/ecssim/internal/boundedread"
	"github.com/ecssim/ecssim/scenarios/internal/tomlpos"
)

// Load parses and validates a scenario. file names the source in messages: a path, or
// "example:NAME". A malformed or invalid scenario returns Problems listing everything wrong
// at once, each with its line, column and key path.
//
// Loading runs in two passes. The first decodes the file into a generic tree, which catches
// TOML syntax, and checks its shape against the scenario's structure: a table where a table
// belongs, an array of tables where one belongs. A value of the wrong shape is reported and
// replaced by an empty one, so the second pass, which decodes into the scenario's structs
// (their scalars accept any type and report it later), always completes and every other
// problem is found too.
//
// The files a scenario names (an instance group's agent_config) are read from the embedded
// examples when file is "example:NAME"; otherwise Load, having no directory to read them from,
// reports them as problems, and LoadFile reads them next to the scenario file.
func Load(src []byte, file string) (*Scenario, error) {
	if strings.HasPrefix(file, "example:") {
		return load(src, file, openExampleFile)
	}
	return load(src, file, nil)
}

// load is Load with a way to read the files the scenario names, relative to its directory.
func load(src []byte, file string, readFile opener) (*Scenario, error) {
	var tree map[string]any
	if _, err := decodeFile(src, file, &tree); err != nil {
		return nil, err
	}
	c := &checker{file: file, index: tomlpos.NewIndex(src), src: src, shapeBad: map[string]bool{}, readFile: readFile}
	text := string(src)
	if c.shapes(tree, reflect.TypeFor[scenarioFile](), "") {
		var buf bytes.Buffer
		if err := toml.NewEncoder(&buf).Encode(tree); err != nil {
			return nil, Problems{{File: file, Pos: Pos{1, 1}, Msg: err.Error()}}
		}
		text = buf.String()
	}
	var f scenarioFile
	md, err := toml.Decode(text, &f)
	if err != nil { // the shape pass leaves nothing for the decoder to refuse
		return nil, Problems{{File: file, Pos: Pos{1, 1}, Msg: err.Error()}}
	}
	c.unknownKeys(md.Undecoded())
	sc := c.scenario(&f)
	if sc.Name == "" {
		sc.Name = defaultName(file)
	}
	sc.File = file
	sc.source = src
	if err := c.result(); err != nil {
		return nil, err
	}
	c.lint(sc)
	sc.Warnings = c.warnings
	return sc, nil
}

// LoadFile loads the scenario file at path. The files it names (an instance group's
// agent_config) are read relative to path's directory.
func LoadFile(path string) (*Scenario, error) {
	src, err := boundedread.ReadFile(path, scenarioLimit)
	if err != nil {
		return nil, err
	}
	return load(src, path, dirOpener(filepath.Dir(path)))
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

// decodeFile decodes the TOML file src into v. It first refuses a document past tomlpos's
// shape limits (nesting, values, string length), over which the decoder would spend time and
// memory growing with the square of the depth, at the place it goes past them. A syntax error
// comes back as Problems too.
func decodeFile(src []byte, file string, v any) (toml.MetaData, error) {
	if e := tomlpos.CheckShape(src); e != nil {
		return toml.MetaData{}, Problems{{File: file, Pos: Pos(e.Pos), Msg: e.Msg}}
	}
	md, err := toml.Decode(string(src), v)
	if err != nil {
		return md, Problems{syntaxProblem(err, src, file)}
	}
	return md, nil
}

// syntaxProblem places a TOML syntax error. The decoder's byte offset is turned into a line and
// a column in characters; a key defined twice is placed at the start of its line.
func syntaxProblem(err error, src []byte, file string) Problem {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		return Problem{File: file, Pos: Pos{1, 1}, Msg: err.Error()}
	}
	start := min(max(pe.Position.Start, 0), len(src))
	if strings.Contains(pe.Message, "already been defined") || strings.Contains(pe.Message, "already created") {
		lineStart := bytes.LastIndexByte(src[:start], '\n') + 1
		start = lineStart + len(src[lineStart:start]) - len(bytes.TrimLeft(src[lineStart:start], " \t"))
	}
	return Problem{File: file, Pos: Pos(tomlpos.PosOf(src, start)), Path: pe.LastKey, Msg: pe.Message}
}

// shapes checks the generic tree against the structure of t, reports each value of the wrong
// shape and replaces it with an empty one, and reports whether it found any.
func (c *checker) shapes(tree map[string]any, t reflect.Type, path string) bool {
	keys := make([]string, 0, len(tree))
	for k := range tree {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	found := false
	for _, k := range keys {
		f, ok := fieldByTag(t, k)
		if !ok || isLeaf(f.Type) {
			continue // unknown keys are reported from the decoder's list; leaves take any type
		}
		kp := tomlpos.Join(path, k)
		v := tree[k]
		switch f.Type.Kind() {
		case reflect.Struct:
			m, ok := v.(map[string]any)
			if !ok {
				c.badShape(kp, "a table", v)
				tree[k], found = map[string]any{}, true
				continue
			}
			found = c.shapes(m, f.Type, kp) || found
		case reflect.Map:
			if _, ok := v.(map[string]any); !ok {
				c.badShape(kp, "a table", v)
				tree[k], found = map[string]any{}, true
			}
		case reflect.Slice:
			found = c.shapeList(tree, k, kp, f.Type.Elem()) || found
		}
	}
	return found
}

// shapeList checks an array of tables, element by element.
func (c *checker) shapeList(tree map[string]any, k, kp string, elem reflect.Type) bool {
	var items []map[string]any
	found := false
	switch v := tree[k].(type) {
	case []map[string]any:
		items = v
	case []any:
		for i, x := range v {
			m, ok := x.(map[string]any)
			if !ok {
				c.badShape(fmt.Sprintf("%s[%d]", kp, i), "a table", x)
				m, found = map[string]any{}, true
			}
			items = append(items, m)
		}
	default:
		c.badShape(kp, "an array of tables", v)
		found = true
	}
	for i, m := range items {
		found = c.shapes(m, elem, fmt.Sprintf("%s[%d]", kp, i)) || found
	}
	tree[k] = items
	return found
}

func (c *checker) badShape(path, want string, got any) {
	c.shapeBad[path] = true
	c.bad(path, "want %s, got %s", want, describe(got))
}

// isLeaf reports whether a field holds one value[T], which decodes any TOML value.
func isLeaf(t reflect.Type) bool {
	return reflect.PointerTo(t).Implements(reflect.TypeFor[toml.Unmarshaler]())
}

// notModelled names keys that belong to ECS features this version does not simulate, so a
// scenario that uses them is told so rather than that the key is unknown.
// A key ending in ".*" covers every unknown key under its table, such as faults.zone_mtbf:
// [faults] is known, but only for the faults ecssim injects.
var notModelled = map[string]string{
	"faults.*": "random faults other than instance failures (instance_mtbf) and Spot interruptions",
	"services.deployment_configuration.alarms": "deployment alarms (CloudWatch alarm rollbacks)",
}

// notModelledKey returns what notModelled says of the bare key path k, and whether it names it.
func notModelledKey(k string) (string, bool) {
	if what, ok := notModelled[k]; ok {
		return what, true
	}
	for pattern, what := range notModelled {
		if table, ok := strings.CutSuffix(pattern, ".*"); ok && strings.HasPrefix(k, table+".") {
			return what, true
		}
	}
	return "", false
}

// unknownKeys reports each key no field decoded (only the outermost of an unknown table).
func (c *checker) unknownKeys(keys []toml.Key) {
	var reported []string
	for _, k := range keys {
		bare := k.String()
		if slices.ContainsFunc(reported, func(r string) bool { return bare == r || strings.HasPrefix(bare, r+".") }) {
			continue // each occurrence is reported below, once; nothing under an unknown table
		}
		reported = append(reported, bare)
		msg := "unknown key"
		s := suggest(k)
		if what, ok := notModelledKey(bare); ok && (s == "" || notModelled[bare] != "") {
			msg, s = "ecssim does not model "+what+" yet", "" // a key close to a known one is more likely a typo
		} else if s != "" {
			msg += ` (did you mean "` + s + `"?)`
		}
		locs := c.index.FindBare(bare)
		if len(locs) == 0 {
			c.probs = append(c.probs, Problem{File: c.file, Pos: Pos{1, 1}, Path: bare, Msg: msg})
		}
		for _, loc := range locs {
			if !strings.HasSuffix(loc.Path, "]") { // the key itself, not its elements
				c.probs = append(c.probs, Problem{File: c.file, Pos: Pos(loc.Key), Path: loc.Path, Msg: msg})
				// The key it likely means is not missing: this says so. Only a misspelling
				// (Misspells) says so; a longer key that merely begins with a required one
				// (cpu_architecture, cpu) may stand beside it, missing.
				if table, ok := strings.CutSuffix(loc.Path, tomlpos.QuoteKey(k[len(k)-1])); ok && s != "" && Misspells(k[len(k)-1], s) {
					c.speak(table + tomlpos.QuoteKey(s))
				}
			}
		}
	}
}

// suggest returns the known key closest to an unknown one, if one is close (Closest), found
// among the keys its table accepts.
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
	known := make([]string, t.NumField())
	for i := range t.NumField() {
		known[i] = t.Field(i).Tag.Get("toml")
	}
	return Closest(k[len(k)-1], known)
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
