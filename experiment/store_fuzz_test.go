package experiment

import (
	"errors"
	"regexp"
	"testing"
)

// FuzzParseResult feeds result lines that merge and a resumed run read from disk, where any
// bytes may sit: parseResult must never panic, must call what it refuses bad input with a
// position (file:line:col), and must accept only a header that places the run in its grid.
func FuzzParseResult(f *testing.F) {
	f.Add([]byte(`{"run":{"sweep":"abc","index":1,"of":4,"points":1,"seeds":2,"strategies":["a","b"],"point":0,"strategy":1,"replicate":0},"scenario":"s"}`))
	f.Add([]byte(`{"run":{"sweep":"abc","index":9,"of":4}}`))
	f.Add([]byte(`{"run":null,"tasks":{"started":"x"}}`))
	f.Add([]byte("{\n\"run\": [1,\n2]"))
	f.Add([]byte(`not json`))
	at := regexp.MustCompile(`^f\.json:\d+:\d+: not a sweep result: `)
	f.Fuzz(func(t *testing.T, b []byte) {
		res, err := parseResult(b, "f.json")
		if err != nil {
			var in InputError
			if !errors.As(err, &in) || !at.MatchString(err.Error()) {
				t.Fatalf("refused without a position, or not as bad input: %v", err)
			}
			return
		}
		h := res.Run
		S := len(h.Strategies)
		if h.Index < 0 || h.Index >= h.Of || h.Strategy != h.Index%S || h.Point != h.Index/S/h.Seeds {
			t.Fatalf("accepted a run outside its grid: %+v", h)
		}
		afterHeader(b) // must not panic either
	})
}
