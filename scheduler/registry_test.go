package scheduler

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/models"
)

func TestParseChain(t *testing.T) {
	tests := []struct {
		in      string
		want    []models.StrategySpec
		wantErr string
	}{
		{"spread-az-binpack-memory", []models.StrategySpec{spreadZone, binpackMemory}, ""},
		{"random", []models.StrategySpec{random}, ""},
		{"spread(attribute:rack), binpack(cpu)", []models.StrategySpec{{Type: Spread, Field: "attribute:rack"}, binpackCPU}, ""},
		{"binpack(disk)", nil, `binpack field "disk"`},
		{"pack", nil, `unknown placement strategy type "pack"`},
		{"spread(instanceId", nil, "want type(field)"},
		{"random,random,random,random,random,random", nil, "at most 5"},
	}
	for _, tc := range tests {
		got, err := ParseChain(tc.in)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("ParseChain(%q) error = %v, want %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseChain(%q): %v", tc.in, err)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("ParseChain(%q) (-want +got):\n%s", tc.in, diff)
		}
	}
}

func TestChainNames(t *testing.T) {
	if got := ChainName(ServiceDefault()); got != "spread-az-spread-instance" {
		t.Errorf("ChainName(ServiceDefault()) = %q", got)
	}
	if got := ChainName([]models.StrategySpec{{Type: Spread, Field: "attribute:rack"}, binpackCPU}); got != "spread(attribute:rack),binpack(cpu)" {
		t.Errorf("ChainName(custom) = %q", got)
	}
	for _, p := range Presets() {
		for _, s := range p.Chain {
			if _, err := Lookup(s); err != nil {
				t.Errorf("preset %s: %v", p.Name, err)
			}
		}
	}
}

func TestCheckStrategyCount(t *testing.T) {
	tests := []struct {
		name string
		n    int
		want string // "" for no error
	}{
		{"none", 0, ""},
		{"ECS's limit", MaxStrategies, ""},
		{"one over", MaxStrategies + 1, "6 placement strategies, ECS allows at most 5"},
	}
	for _, tc := range tests {
		got := ""
		if err := CheckStrategyCount(tc.n); err != nil {
			got = err.Error()
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s: CheckStrategyCount(%d) (-want +got):\n%s", tc.name, tc.n, diff)
		}
	}
}

// TestPresetsSorted: Presets promises its list sorted by name, and the list is written so.
func TestPresetsSorted(t *testing.T) {
	ps := Presets()
	for i := 1; i < len(ps); i++ {
		if ps[i-1].Name >= ps[i].Name {
			t.Errorf("presets out of order: %s before %s", ps[i-1].Name, ps[i].Name)
		}
	}
}
