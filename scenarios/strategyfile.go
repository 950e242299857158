package scenarios

import (
	"path/filepath"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/ecssim/ecssim/internal/boundedread"
	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/scenarios/internal/tomlpos"
	"github.com/ecssim/ecssim/scheduler"
)

// NamedStrategy is a placement strategy chain that compare and sweep try: a preset or chain
// from the registry, or one read from a strategy file.
type NamedStrategy struct {
	Name  string
	Chain []models.StrategySpec
	// Scenario, when set, is what this column's runs build instead of the sweep's point: the
	// same scenario under another orchestrator (compare -orchestrators), of a sweep of one
	// point.
	Scenario *Scenario
}

// strategyListFile mirrors a strategy file: ECS placement_strategy items, as a service takes
// them, and an optional name.
type strategyListFile struct {
	Name              str            `toml:"name"`
	PlacementStrategy []strategyFile `toml:"placement_strategy"`
}

// IsStrategyFile reports whether a strategy argument names a strategy file rather than a
// preset or chain of the registry: it ends in .toml.
func IsStrategyFile(arg string) bool {
	return strings.HasSuffix(arg, ".toml")
}

// LoadStrategy reads a strategy argument: a strategy file's path (see LoadStrategyFile), or a
// preset or chain the registry knows (scheduler.ParseChain), named as given.
func LoadStrategy(arg string) (NamedStrategy, error) {
	if IsStrategyFile(arg) {
		return LoadStrategyFile(arg)
	}
	chain, err := scheduler.ParseChain(arg)
	if err != nil {
		return NamedStrategy{}, err
	}
	return NamedStrategy{Name: arg, Chain: chain}, nil
}

// LoadStrategies reads strategy arguments (LoadStrategy) in order, and rejects a strategy
// named twice with a DuplicateStrategyError: a comparison tells its strategies apart by name.
func LoadStrategies(args []string) ([]NamedStrategy, error) {
	var out []NamedStrategy
	for _, arg := range args {
		ns, err := LoadStrategy(arg)
		if err != nil {
			return nil, err
		}
		if slices.ContainsFunc(out, func(t NamedStrategy) bool { return t.Name == ns.Name }) {
			return nil, DuplicateStrategyError{ns.Name}
		}
		out = append(out, ns)
	}
	return out, nil
}

// DuplicateStrategyError is LoadStrategies' error for a strategy named twice.
type DuplicateStrategyError struct{ Name string }

func (e DuplicateStrategyError) Error() string { return "strategy " + e.Name + " given twice" }

// LoadStrategyFile reads a strategy file: a list of ECS placement_strategy items, in the shape
// a service's placement_strategy has, and an optional name (by default the file's name without
// .toml):
//
//	name = "az-then-memory"
//	placement_strategy = [
//	  { type = "spread", field = "attribute:ecs.availability-zone" },
//	  { type = "binpack", field = "memory" },
//	]
//
// or the same items as [[placement_strategy]] tables. Problems come back as Problems, each at
// its line and column.
func LoadStrategyFile(path string) (NamedStrategy, error) {
	src, err := boundedread.ReadFile(path, strategyLimit)
	if err != nil {
		return NamedStrategy{}, err
	}
	return ParseStrategyFile(src, path)
}

// ParseStrategyFile is LoadStrategyFile on a file's contents; file names it in messages.
func ParseStrategyFile(src []byte, file string) (NamedStrategy, error) {
	var f strategyListFile
	md, err := decodeFile(src, file, &f)
	if err != nil {
		return NamedStrategy{}, err
	}
	c := &checker{file: file, index: tomlpos.NewIndex(src), src: src, shapeBad: map[string]bool{}}
	c.unknownAt(md.Undecoded(), "unknown key: a strategy file holds name and placement_strategy items of type and field")
	ns := NamedStrategy{Name: strings.TrimSuffix(filepath.Base(file), ".toml")}
	if typed(c, "name", f.Name) {
		if strings.TrimSpace(f.Name.v) == "" {
			c.bad("name", "want a name, got an empty string")
		}
		ns.Name = f.Name.v
	}
	switch {
	case len(f.PlacementStrategy) > 0:
	case md.IsDefined("placement_strategy"):
		c.bad("placement_strategy", "want one placement strategy at least")
	default:
		c.probs = append(c.probs, Problem{File: file, Pos: Pos{1, 1}, Path: "placement_strategy",
			Msg: `required, but missing: a list of ECS placement strategies, e.g. placement_strategy = [{ type = "binpack", field = "memory" }]`})
	}
	ns.Chain = c.strategies("placement_strategy", f.PlacementStrategy, nil)
	if err := c.result(); err != nil {
		return NamedStrategy{}, err
	}
	return ns, nil
}

// unknownAt reports each occurrence of keys nobody decoded, with msg: for the small files
// (strategy and sweep files) whose keys are few enough to list in the message.
func (c *checker) unknownAt(keys []toml.Key, msg string) {
	for _, k := range keys {
		for _, loc := range c.index.FindBare(k.String()) {
			if !strings.HasSuffix(loc.Path, "]") { // the key itself, not its elements
				c.probs = append(c.probs, Problem{File: c.file, Pos: Pos(loc.Key), Path: loc.Path, Msg: msg})
			}
		}
	}
}
