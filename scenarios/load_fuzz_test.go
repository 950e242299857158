package scenarios

import (
	"errors"
	"strings"
	"testing"
)

// FuzzLoad checks that Load never panics, that every rejection is a list of positioned
// problems, and that every scenario it accepts can be built into a run.
func FuzzLoad(f *testing.F) {
	for _, ex := range Examples() {
		f.Add(ex.Source)
	}
	for _, tc := range loadBadCases {
		f.Add([]byte(tc.src))
	}
	f.Add([]byte(loadDefaultsSrc))
	f.Add([]byte(deepTOML))
	f.Add([]byte(eksGroups))
	f.Add([]byte(`orchestrator = "eks"` + "\n" + eksBase + "[eks]\nprefix_delegation = true\nscoring_strategy = \"MostAllocated\"\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		sc, err := Load(src, "fuzz.toml")
		if err != nil {
			if sc != nil {
				t.Errorf("Load returned a scenario with its error")
			}
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("Load error is %T, want Problems: %v", err, err)
			}
			if len(ps) == 0 {
				t.Fatalf("Load failed with no problems")
			}
			for _, p := range ps {
				if p.Pos.Line < 1 || p.Pos.Col < 1 || strings.TrimSpace(p.Msg) == "" {
					t.Errorf("problem without a position or message: %#v", p)
				}
			}
			return
		}
		if sc == nil {
			t.Fatal("Load returned neither a scenario nor an error")
		}
		if _, err := Build(sc, Options{}); err != nil {
			t.Fatalf("Load accepted a scenario Build rejects: %v", err)
		}
	})
}
