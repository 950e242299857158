package scenarios

import (
	"fmt"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/ecssim/ecssim/scenarios/internal/tomlpos"
)

// OpenWith opens the scenario arg as Open does, with each setting's value in place of the
// scenario's (SPEC §2: run, compare and plan take -set KEY=VALUE). A key is a dotted path into
// the scenario as sweep files name them (services.web.desired_count, entering arrays of tables
// by name or index); a value is a TOML value, and a bare word a string. The scenario must be
// valid before the settings too, so that its own problems are told at their places.
func OpenWith(arg string, sets []Setting) (*Scenario, error) {
	base, err := Open(arg)
	if err != nil || len(sets) == 0 {
		return base, err
	}
	src, readFile, err := scenarioSource(arg)
	if err != nil {
		return nil, err
	}
	params := make([]SweepParameter, len(sets))
	for i, s := range sets {
		if err := checkSetKey(s.Key); err != nil {
			return nil, err
		}
		params[i] = SweepParameter{Key: s.Key, Values: []any{SettingValue(s.Value)}}
	}
	sc, _, pp := pointScenario(src, arg, readFile, params, make([]int, len(sets)))
	switch {
	case pp != nil && pp.key: // the message names the key
		return nil, fmt.Errorf("-set %s", pp.msg)
	case pp != nil:
		return nil, fmt.Errorf("-set %s: %s", params[pp.param].Key, pp.msg)
	}
	sc.File, sc.Warnings = base.File, base.Warnings
	return sc, nil
}

// checkSetKey refuses a key that names nothing a setting may change.
func checkSetKey(key string) error {
	parts := strings.Split(key, ".")
	switch {
	case slices.Contains(parts, ""):
		return fmt.Errorf("-set %s: want a dotted path into the scenario, such as services.web.desired_count", key)
	case key == "seed":
		return fmt.Errorf("-set seed: give the seed with -seed")
	case slices.Contains(parts, "placement_strategy"):
		return fmt.Errorf("-set %s: give strategies with -strategy (run) or -strategies (compare, plan)", key)
	}
	return nil
}

// SettingValue reads a -set value as TOML reads a value (20, 1.5, true, "x", [1, 2],
// { a = 1 }); anything else, or a value past tomlpos's shape limits, is the string as written.
func SettingValue(s string) any {
	var v struct{ V any }
	if tomlpos.CheckShape([]byte("V = "+s)) != nil {
		return s
	}
	if _, err := toml.Decode("V = "+s, &v); err == nil && v.V != nil {
		return v.V
	}
	return s
}
