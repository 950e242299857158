package scenarios

import "testing"

func TestExamplesLoad(t *testing.T) {
	exs := Examples()
	if len(exs) < 4 {
		t.Fatalf("%d examples, want at least 4", len(exs))
	}
	found := false
	for _, ex := range exs {
		sc, err := LoadExample(ex.Name)
		if err != nil {
			t.Errorf("example %s: %v", ex.Name, err)
			continue
		}
		if sc.Description == "" || sc.Name != ex.Name {
			t.Errorf("example %s: name %q, description %q", ex.Name, sc.Name, sc.Description)
		}
		found = found || ex.Name == DefaultExample
	}
	if !found {
		t.Errorf("default example %q is missing", DefaultExample)
	}
}
