package scenarios

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/ecssim/ecssim/internal/boundedread"
	"github.com/ecssim/ecssim/scenarios/internal/tomlpos"
)

// Sweep is a grid of scenario parameters × placement strategies × seeds (SPEC §2, sweep),
// read from a sweep file:
//
//	scenario = "example:web-and-batch"   # or a path, relative to the sweep file
//	strategies = ["binpack-memory", "spread-az-binpack-memory", "az-then-cpu.toml"]
//	seeds = 10                           # replicates of every point and strategy
//	first_seed = 1                       # default: the scenario's seed
//
//	[[parameters]]
//	key = "instance_groups.general.type"
//	values = ["m6i.large", "m6i.xlarge"]
//
//	[[parameters]]
//	key = "services.web.desired_count"
//	values = [6, 12]
//
// A parameter's key is a dotted path into the scenario file; an array of tables
// ([[services]], [[instance_groups]], ...) is entered by an element's name (its name or family
// key) or by its index from 0. Values replace what the scenario has there, or add the key,
// and may be any TOML value. Strategies are presets or chains of the registry, or strategy
// files (LoadStrategyFile) relative to the sweep file.
//
// Points are numbered in odometer order, the last parameter turning fastest (Settings). The
// grid's runs (every point × seed × strategy) are numbered, run, kept and merged by package
// experiment.
type Sweep struct {
	File       string
	Scenario   string // as the sweep file names it
	Parameters []SweepParameter
	Strategies []NamedStrategy
	Seeds      int
	FirstSeed  uint64
	// ID identifies the grid: a digest of the scenario's source, the parameters, the
	// strategies and the seeds. Every run of a sweep carries it, so results of a changed
	// sweep file are never mistaken for this one's.
	ID string

	points []*Scenario // the scenario at each point, validated
	// pointIDs identify each point's scenario: a digest of its text with the point's settings.
	pointIDs []string
	// Warnings are the scenario's, told once for the whole sweep.
	Warnings Problems
}

// SweepParameter is one axis of the grid.
type SweepParameter struct {
	Key    string
	Values []any // as TOML decodes them: string, int64, float64, bool, arrays and tables
}

// Setting is one parameter's value at a grid point, the value written as TOML writes it
// (strings bare).
type Setting struct {
	Key, Value string
}

type sweepFile struct {
	Scenario   str             `toml:"scenario"`
	Strategies strs            `toml:"strategies"`
	Seeds      integer         `toml:"seeds"`
	FirstSeed  integer         `toml:"first_seed"`
	Parameters []parameterFile `toml:"parameters"`
}

type parameterFile struct {
	Key    str      `toml:"key"`
	Values anyValue `toml:"values"`
}

// anyValue is a TOML array of any values.
type anyValue struct {
	v   []any
	set bool
	bad string
}

func (x *anyValue) UnmarshalTOML(data any) error {
	x.set = true
	if x.v, _ = data.([]any); x.v == nil {
		x.bad = "want a list of values, got " + describe(data)
	}
	return nil
}

// maxSweepRuns and maxSweepPoints bound a grid, so that a typo in a sweep file cannot ask
// for billions of runs, or for more scenarios than can be validated up front in seconds.
const (
	maxSweepRuns   = 1_000_000
	maxSweepPoints = 10_000
)

// LoadSweep reads and checks a sweep file, and loads and validates the scenario at every
// point of its grid, so that no run fails on bad input after others have run. Problems are
// Problems at their line and column; a point whose scenario is invalid is reported at the
// value that makes it so.
func LoadSweep(path string) (*Sweep, error) {
	src, err := boundedread.ReadFile(path, sweepLimit)
	if err != nil {
		return nil, err
	}
	return parseSweep(src, path)
}

// sweepParse is one sweep file being read: its checker, the sweep as far as it is known, and
// the base scenario with the text and file reader its points are made from.
type sweepParse struct {
	c        *checker
	sw       *Sweep
	base     *Scenario
	baseSrc  []byte
	readFile opener
}

func parseSweep(src []byte, file string) (*Sweep, error) {
	var f sweepFile
	md, err := decodeFile(src, file, &f)
	if err != nil {
		return nil, err
	}
	ps := &sweepParse{c: &checker{file: file, index: tomlpos.NewIndex(src), src: src, shapeBad: map[string]bool{}},
		sw: &Sweep{File: file}}
	ps.unknownKeys(md.Undecoded())
	if err := ps.scenario(f.Scenario); err != nil {
		return nil, err // the scenario's own problems, at their positions in it
	}
	ps.strategies(f.Strategies)
	ps.seeds(f)
	ps.parameters(f.Parameters)
	if err := ps.c.result(); err != nil {
		return nil, err
	}
	points, err := ps.checkSize()
	if err != nil {
		return nil, err
	}
	ps.points(points)
	if err := ps.c.result(); err != nil {
		return nil, dedupe(err.(Problems))
	}
	sw := ps.sw
	sw.ID = sw.gridID(ps.baseSrc)
	sw.Warnings = ps.base.Warnings
	return sw, nil
}

func (ps *sweepParse) unknownKeys(keys []toml.Key) {
	var undecoded []toml.Key
	for _, k := range keys {
		if len(k) > 2 && k[0] == "parameters" && k[1] == "values" {
			continue // inside a table given as a value: the scenario checks it
		}
		undecoded = append(undecoded, k)
	}
	ps.c.unknownAt(undecoded, "unknown key: a sweep file holds scenario, strategies, seeds, first_seed and [[parameters]] with key and values")
}

// rel resolves a file named in the sweep file against the sweep file's folder.
func (ps *sweepParse) rel(name string) string {
	if filepath.IsAbs(name) {
		return name
	}
	return filepath.Join(filepath.Dir(ps.sw.File), name)
}

// scenario reads and loads the base scenario; an error is the scenario's own problems.
func (ps *sweepParse) scenario(v value[string]) error {
	c := ps.c
	if !typed(c, "scenario", v) {
		if !v.set {
			c.missing("", "scenario")
		}
		return nil
	}
	ps.sw.Scenario = v.v
	name := v.v
	if !strings.HasPrefix(name, "example:") {
		name = ps.rel(name)
	}
	var err error
	ps.baseSrc, ps.readFile, err = scenarioSource(name)
	if err != nil {
		c.bad("scenario", "%v", err)
		return nil
	}
	ps.base, err = load(ps.baseSrc, name, ps.readFile)
	return err
}

func (ps *sweepParse) strategies(v value[[]string]) {
	c := ps.c
	if !typed(c, "strategies", v) {
		if !v.set {
			c.missing("", "strategies")
		}
		return
	}
	if len(v.v) == 0 {
		c.bad("strategies", "want one strategy at least")
	}
	seen := map[string]string{}
	for i, arg := range v.v {
		p := fmt.Sprintf("strategies[%d]", i)
		if IsStrategyFile(arg) {
			arg = ps.rel(arg)
		}
		ns, err := LoadStrategy(arg)
		if err != nil {
			c.bad(p, "%v", err)
			continue
		}
		c.unique(seen, p, "strategy", ns.Name)
		ps.sw.Strategies = append(ps.sw.Strategies, ns)
	}
}

func (ps *sweepParse) seeds(f sweepFile) {
	c, sw := ps.c, ps.sw
	if n, ok := c.intIn("seeds", f.Seeds, 2, 1_000_000); ok {
		sw.Seeds = int(n)
	} else if !f.Seeds.set {
		c.probs = append(c.probs, Problem{File: sw.File, Pos: Pos{1, 1}, Path: "seeds",
			Msg: "required, but missing: the replicates of every point and strategy (2 at least, for a confidence interval)"})
	}
	if n, ok := c.intIn("first_seed", f.FirstSeed, 0, 1<<62); ok {
		sw.FirstSeed = uint64(n)
	} else if ps.base != nil {
		sw.FirstSeed = ps.base.Seed
	}
}

func (ps *sweepParse) parameters(params []parameterFile) {
	c := ps.c
	keys := map[string]string{}
	for i, pf := range params {
		p := fmt.Sprintf("parameters[%d]", i)
		var sp SweepParameter
		if typed(c, p+".key", pf.Key) {
			sp.Key = pf.Key.v
			ps.parameterKey(p, sp.Key)
			c.unique(keys, p+".key", "parameter", sp.Key)
		} else if !pf.Key.set {
			c.missing(p, "key")
		}
		switch {
		case pf.Values.bad != "":
			c.bad(p+".values", "%s", pf.Values.bad)
		case !pf.Values.set:
			c.missing(p, "values")
		case len(pf.Values.v) == 0:
			c.bad(p+".values", "want one value at least")
		}
		sp.Values = pf.Values.v
		ps.sw.Parameters = append(ps.sw.Parameters, sp)
	}
}

// parameterKey checks that key is a dotted path a sweep may vary.
func (ps *sweepParse) parameterKey(p, key string) {
	parts := strings.Split(key, ".")
	if slices.Contains(parts, "") {
		ps.c.bad(p+".key", "want a dotted path into the scenario, such as services.web.desired_count")
	} else if why, ok := forbiddenKeys[parts[0]]; ok && len(parts) == 1 {
		ps.c.bad(p+".key", "a sweep cannot vary %s: %s", key, why)
	} else if slices.Contains(parts, "placement_strategy") {
		ps.c.bad(p+".key", "a sweep cannot vary %s: %s", key, forbiddenKeys["placement_strategy"])
	}
}

// checkSize bounds the grid's runs and points, and returns how many points it has.
func (ps *sweepParse) checkSize() (int, error) {
	sw := ps.sw
	total := sw.Seeds * len(sw.Strategies)
	for _, p := range sw.Parameters {
		total *= len(p.Values)
		if total > maxSweepRuns {
			return 0, Problems{{File: sw.File, Pos: Pos{1, 1}, Msg: fmt.Sprintf("the grid has more than %d runs", maxSweepRuns)}}
		}
	}
	points := 1
	for _, p := range sw.Parameters {
		points *= len(p.Values)
		if points > maxSweepPoints {
			return 0, Problems{{File: sw.File, Pos: Pos{1, 1}, Path: "parameters",
				Msg: fmt.Sprintf("the grid has more than %d points; split it into several sweeps", maxSweepPoints)}}
		}
	}
	return points, nil
}

// points loads and validates every point's scenario now, so that no run fails on bad input
// after others have run.
func (ps *sweepParse) points(points int) {
	sw, c := ps.sw, ps.c
	sw.points, sw.pointIDs = make([]*Scenario, points), make([]string, points)
	if len(sw.Parameters) == 0 {
		sw.points[0], sw.pointIDs[0] = ps.base, digest(ps.baseSrc)
		return
	}
	for pt := range points {
		sc, src, bad := pointScenario(ps.baseSrc, ps.base.File, ps.readFile, sw.Parameters, sw.indices(pt))
		switch {
		case bad != nil && bad.key:
			c.bad(fmt.Sprintf("parameters[%d].key", bad.param), "%s", bad.msg)
			continue
		case bad != nil:
			c.bad(fmt.Sprintf("parameters[%d].values[%d]", bad.param, sw.indices(pt)[bad.param]), "%s", bad.msg)
			continue
		}
		sc.Name = ps.base.Name
		sw.points[pt], sw.pointIDs[pt] = sc, digest(src)
	}
}

// digest is a short hex digest of b.
func digest(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])[:16]
}

// NewSweep returns the grid of one scenario with no parameters: compare's runs, seeds
// firstSeed, firstSeed+1, ... Its ID covers the text the scenario was loaded from.
func NewSweep(sc *Scenario, strategies []NamedStrategy, seeds int, firstSeed uint64) *Sweep {
	src := sc.source
	sw := &Sweep{File: sc.File, Scenario: sc.File, Strategies: strategies, Seeds: seeds, FirstSeed: firstSeed,
		points: []*Scenario{sc}, pointIDs: []string{digest(src)}}
	sw.ID = sw.gridID(src)
	return sw
}

// dedupe drops repeats of a problem: a bad value is met at every point that uses it.
func dedupe(ps Problems) Problems {
	var out Problems
	seen := map[string]bool{}
	for _, p := range ps {
		if s := p.String(); !seen[s] {
			seen[s] = true
			out = append(out, p)
		}
	}
	return out
}

// scenarioSource reads a scenario's source and the reader of the files it names.
func scenarioSource(name string) ([]byte, opener, error) {
	if ex, ok := strings.CutPrefix(name, "example:"); ok {
		src, err := readExampleFile(ex + ".toml")
		if err != nil {
			_, err = LoadExample(ex) // says which examples there are
		}
		return src, openExampleFile, err
	}
	src, err := boundedread.ReadFile(name, scenarioLimit)
	if err != nil {
		return nil, nil, err
	}
	return src, dirOpener(filepath.Dir(name)), nil
}

// pointProblem is why a point's scenario cannot be made: msg, in words, belongs to parameter
// param, and key says its key is at fault (it names nothing in the scenario), not its value.
type pointProblem struct {
	msg   string
	param int
	key   bool
}

// pointScenario loads the scenario with the point's settings, and returns it with its text.
func pointScenario(src []byte, file string, readFile opener, params []SweepParameter, idx []int) (*Scenario, []byte, *pointProblem) {
	var tree map[string]any
	if _, err := toml.Decode(string(src), &tree); err != nil {
		return nil, nil, &pointProblem{msg: err.Error()}
	}
	var with []string
	for i, p := range params {
		v := p.Values[idx[i]]
		if err := setPath(tree, p.Key, v); err != nil {
			return nil, nil, &pointProblem{err.Error(), i, true}
		}
		with = append(with, p.Key+" = "+ValueString(v))
	}
	var buf bytes.Buffer
	if err := toml.NewEncoder(&buf).Encode(tree); err != nil {
		return nil, nil, &pointProblem{msg: err.Error()}
	}
	sc, err := load(buf.Bytes(), file, readFile)
	if err != nil {
		// The positions are in the rewritten scenario, which nobody has seen: keep the key
		// paths and messages, and blame the last parameter (the problem is the combination).
		var msgs []string
		if ps, ok := err.(Problems); ok {
			for _, p := range ps {
				m := p.Msg
				if p.Path != "" {
					m = p.Path + ": " + m
				}
				msgs = append(msgs, m)
			}
		} else {
			msgs = append(msgs, err.Error())
		}
		blame := len(params) - 1
		for i, p := range params {
			for _, m := range msgs {
				if strings.Contains(m, lastKey(p.Key)) {
					blame = i
				}
			}
		}
		return nil, nil, &pointProblem{fmt.Sprintf("with %s, the scenario is invalid: %s", strings.Join(with, ", "), strings.Join(msgs, "; ")), blame, false}
	}
	sc.Warnings = nil // the base scenario's warnings are told once, for the whole sweep
	return sc, buf.Bytes(), nil
}

func lastKey(path string) string {
	return path[strings.LastIndexByte(path, '.')+1:]
}

// arrayTables are the scenario's arrays of tables: a sweep can enter their elements, not
// make them up.
var arrayTables = map[string]bool{"instance_groups": true, "task_definitions": true, "services": true, "workloads": true,
	"target_groups": true, "registries": true, "events": true, "capacity_providers": true, "containers": true,
	"port_mappings": true, "load_balancers": true, "placement_constraints": true, "placement_strategy": true,
	"capacity_provider_strategy": true, "default_capacity_provider_strategy": true}

// forbiddenKeys are scenario keys a sweep may not vary, and why.
var forbiddenKeys = map[string]string{
	"seed":               "a sweep sets every run's seed from first_seed and its replicate: vary seeds with seeds and first_seed",
	"name":               "the scenario's name labels every run of the sweep",
	"placement_strategy": "the sweep's strategies replace every placement strategy: list them in strategies",
}

// setPath sets the value at a dotted key path in a decoded TOML tree. Every table on the way
// must exist; the last key may be new. An array of tables is entered by an element's name or
// family, or by its index.
func setPath(tree map[string]any, path string, v any) error {
	if err := set(tree, strings.Split(path, "."), "", v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

func set(node map[string]any, parts []string, done string, v any) error {
	if len(parts) == 1 {
		node[parts[0]] = v
		return nil
	}
	here := strings.TrimPrefix(done+"."+parts[0], ".")
	switch n := node[parts[0]].(type) {
	case nil:
		if _, known := arrayTables[parts[0]]; known {
			return fmt.Errorf("the scenario has no %s", here)
		}
		t := map[string]any{} // a table the scenario leaves out, such as [faults]
		node[parts[0]] = t
		return set(t, parts[1:], here, v)
	case map[string]any:
		return set(n, parts[1:], here, v)
	case []map[string]any:
		return setElement(n, parts[1:], here, v)
	case []any:
		tables := make([]map[string]any, len(n))
		for i, el := range n {
			if tables[i], _ = el.(map[string]any); tables[i] == nil {
				return fmt.Errorf("%s is a list of values, not of tables", here)
			}
		}
		return setElement(tables, parts[1:], here, v)
	default:
		return fmt.Errorf("%s is a value, not a table", here)
	}
}

// setElement sets a key of the element of an array of tables that rest[0] names: by its
// name, or by its family, meaning the family's latest revision as a service's task_definition
// = "family" does; "family:N" for revision N; or by its index from 0.
func setElement(arr []map[string]any, rest []string, here string, v any) error {
	if len(rest) < 2 {
		return fmt.Errorf("%s is a list: name an element and a key in it, e.g. %s.NAME.key", here, here)
	}
	name := rest[0]
	var found map[string]any
	family, rev, revised := strings.Cut(name, ":")
	n := 0
	for _, el := range arr {
		switch {
		case el["name"] == name:
			found = el
		case el["family"] == family:
			n++
			if !revised || strconv.Itoa(n) == rev {
				found = el // the last of the family, unless a revision is named
			}
		}
	}
	if found == nil {
		if i, err := strconv.Atoi(name); err == nil && i >= 0 && i < len(arr) {
			found = arr[i]
		}
	}
	if found != nil {
		return set(found, rest[1:], here+"."+name, v)
	}
	var names []string
	for i, el := range arr {
		n, _ := el["name"].(string)
		if n == "" {
			n, _ = el["family"].(string)
		}
		if n == "" {
			n = strconv.Itoa(i)
		}
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	return errorf("%s has no element %q (it has %s)", here, name, strings.Join(names, ", "))
}

// ValueString writes a parameter's value on one line, as inline TOML, with strings bare at the
// top level: m6i.large, 12, 0.5, true, [1, 2], {cpu = 256, name = "x"}.
func ValueString(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return inlineTOML(v)
}

func inlineTOML(v any) string {
	switch x := v.(type) {
	case string:
		return strconv.Quote(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		s := strconv.FormatFloat(x, 'g', -1, 64)
		if !strings.ContainsAny(s, ".eEn") { // 3.0 stays a float: TOML and the run's key tell it from 3
			s += ".0"
		}
		return s
	case bool:
		return strconv.FormatBool(x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = inlineTOML(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case []map[string]any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = inlineTOML(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		keys := slices.Sorted(maps.Keys(x))
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + " = " + inlineTOML(x[k])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return fmt.Sprint(v) // dates and times
}

// gridID identifies the grid.
func (sw *Sweep) gridID(scenarioSrc []byte) string {
	h := sha256.New()
	fmt.Fprintf(h, "ecssim sweep 1\n%d\n", len(scenarioSrc))
	h.Write(scenarioSrc)
	for _, p := range sw.Parameters {
		fmt.Fprintf(h, "\nparameter %q", p.Key)
		for _, v := range p.Values {
			fmt.Fprintf(h, " %q", ValueString(v))
		}
	}
	for _, s := range sw.Strategies {
		fmt.Fprintf(h, "\nstrategy %q %v", s.Name, s.Chain)
		if s.Scenario != nil {
			fmt.Fprintf(h, " orchestrator %q", s.Scenario.Orchestrator)
		}
	}
	fmt.Fprintf(h, "\nseeds %d from %d\n", sw.Seeds, sw.FirstSeed)
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// Points returns the number of points in the grid.
func (sw *Sweep) Points() int { return len(sw.points) }

// Len returns the number of runs in the grid.
func (sw *Sweep) Len() int { return len(sw.points) * len(sw.Strategies) * sw.Seeds }

// indices returns each parameter's value index at point pt, the last parameter turning fastest.
func (sw *Sweep) indices(pt int) []int {
	idx := make([]int, len(sw.Parameters))
	for i := len(sw.Parameters) - 1; i >= 0; i-- {
		n := len(sw.Parameters[i].Values)
		idx[i] = pt % n
		pt /= n
	}
	return idx
}

// Settings returns the parameters' values at point pt.
func (sw *Sweep) Settings(pt int) []Setting {
	var out []Setting
	for i, vi := range sw.indices(pt) {
		p := sw.Parameters[i]
		out = append(out, Setting{Key: p.Key, Value: ValueString(p.Values[vi])})
	}
	return out
}

// ScenarioAt returns the scenario at point pt, with the point's settings.
func (sw *Sweep) ScenarioAt(pt int) *Scenario { return sw.points[pt] }

// ScenarioFor returns the scenario the runs of strategy j at point pt build: the strategy's
// own (NamedStrategy.Scenario), or the point's.
func (sw *Sweep) ScenarioFor(pt, j int) *Scenario {
	if sc := sw.Strategies[j].Scenario; sc != nil {
		return sc
	}
	return sw.points[pt]
}

// PointID identifies the scenario at point pt: a digest of its text with the point's
// settings, so that a run's result can be found again when the grid around it changes.
func (sw *Sweep) PointID(pt int) string { return sw.pointIDs[pt] }
