package experiment

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/ecssim/ecssim/internal/atomicfile"
	"github.com/ecssim/ecssim/internal/boundedread"
	"github.com/ecssim/ecssim/reports"
	"github.com/ecssim/ecssim/scenarios"
)

// runHeader describes a run in its result line, under "run", with the grid it belongs to, so
// that merge can check a set of results without the sweep file.
type runHeader struct {
	Sweep      string              `json:"sweep"` // the grid's ID
	Index      int                 `json:"index"`
	Of         int                 `json:"of"` // runs in the grid
	Key        string              `json:"key"`
	Point      int                 `json:"point"`
	Points     int                 `json:"points"`
	Parameters []reports.Parameter `json:"parameters,omitempty"`
	Strategy   int                 `json:"strategy_index"`
	Strategies []string            `json:"strategies"`
	Replicate  int                 `json:"replicate"`
	Seeds      int                 `json:"seeds"`
	FirstSeed  uint64              `json:"first_seed"`
	Ecssim     string              `json:"ecssim"` // the build that ran it (version)
}

func header(sw *scenarios.Sweep, r gridRun) runHeader {
	h := runHeader{Sweep: sw.ID, Index: r.Index, Of: sw.Len(), Key: key(sw, r), Point: r.Point, Points: sw.Points(),
		Parameters: parameters(sw, r.Point), Strategy: r.Strategy, Replicate: r.Replicate, Seeds: sw.Seeds, FirstSeed: sw.FirstSeed,
		Ecssim: version()}
	for _, s := range sw.Strategies {
		h.Strategies = append(h.Strategies, s.Name)
	}
	return h
}

func parameters(sw *scenarios.Sweep, point int) []reports.Parameter {
	var ps []reports.Parameter
	for _, s := range sw.Settings(point) {
		ps = append(ps, reports.Parameter{Key: s.Key, Value: s.Value})
	}
	return ps
}

// resultLine is a run's result: its JSON summary (SPEC §4) with the run's header added first,
// on one line.
func resultLine(h runHeader, sum reports.Summary) ([]byte, error) {
	sb, err := json.Marshal(sum)
	if err != nil {
		return nil, err
	}
	return withHeader(h, sb[1:])
}

// withHeader makes a result line of a header and the rest of a summary's JSON object after
// its opening brace.
func withHeader(h runHeader, rest []byte) ([]byte, error) {
	hb, err := json.Marshal(h)
	if err != nil {
		return nil, err
	}
	line := append([]byte(`{"run":`), hb...)
	if !bytes.HasPrefix(rest, []byte("}")) {
		line = append(line, ',')
	}
	line = append(line, bytes.TrimRight(rest, "\n")...)
	return append(line, '\n'), nil
}

// result is a result line read back: its header and the line itself.
type result struct {
	Run      runHeader
	Scenario string
	line     []byte
	file     string
}

// maxRuns bounds the grid a result's header may claim, as scenarios bounds a sweep file's.
const maxRuns = 1_000_000

// resultLimit bounds a sweep result file: one JSON summary line, kilobytes (a scenario of
// many services is larger, but not a thousand times).
var resultLimit = boundedread.Limit{Bytes: 16 << 20, What: "a sweep result"}

// parseResult reads a result line strictly: the summary's keys must have their types (a
// number where the summary has a number) and their ranges (reports.CheckSummaryRanges), and
// the header must describe one run of a grid that can exist. A malformed line is bad input,
// at its position.
func parseResult(b []byte, file string) (result, error) {
	var line struct {
		Run *runHeader `json:"run"`
		reports.Summary
	}
	if err := json.Unmarshal(b, &line); err != nil {
		return result{}, InputError{fmt.Errorf("%s:%s: not a sweep result: %v", file, jsonPos(b, err), err)}
	}
	if err := reports.CheckSummaryRanges(b); err != nil {
		return result{}, InputError{fmt.Errorf("%s:%s: not a sweep result: %v", file, jsonPos(b, err), err)}
	}
	h := line.Run
	bad := func(what string) (result, error) {
		return result{}, InputError{fmt.Errorf("%s:1:1: not a sweep result: %s", file, what)}
	}
	switch {
	case h == nil || h.Sweep == "":
		return bad(`it has no "run" header`)
	case h.Of <= 0 || h.Of > maxRuns || len(h.Strategies) == 0 || h.Seeds < 1 || h.Points < 1 ||
		h.Of != h.Points*h.Seeds*len(h.Strategies):
		return bad(fmt.Sprintf("its header's grid is impossible: %d runs for %d points × %d seeds × %d strategies", h.Of, h.Points, h.Seeds, len(h.Strategies)))
	case h.Index < 0 || h.Index >= h.Of:
		return bad(fmt.Sprintf("run %d of a grid of %d", h.Index, h.Of))
	}
	// The run's place in the grid follows from its index (runAt).
	S := len(h.Strategies)
	if h.Strategy != h.Index%S || h.Replicate != h.Index/S%h.Seeds || h.Point != h.Index/S/h.Seeds {
		return bad(fmt.Sprintf("run %d cannot be point %d, strategy %d, replicate %d", h.Index, h.Point, h.Strategy, h.Replicate))
	}
	return result{Run: *h, Scenario: line.Scenario, line: b, file: file}, nil
}

// jsonPos is the line:col of a JSON decoding error.
func jsonPos(b []byte, err error) string {
	off := int64(0)
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	var re *reports.SummaryRangeError
	switch {
	case errors.As(err, &re):
		off = re.Offset
	case errors.As(err, &se):
		off = se.Offset - 1 // the offset after the byte at fault
	case errors.As(err, &te):
		off = te.Offset
	}
	off = min(max(off, 0), int64(len(b)))
	line := 1 + bytes.Count(b[:off], []byte("\n"))
	col := int(off) - bytes.LastIndexByte(b[:off], '\n')
	return fmt.Sprintf("%d:%d", line, col)
}

// Store keeps a sweep's or a comparison's results as files, one per run, in DIR/runs, so that
// a rerun does only the runs not there yet, and merge gathers the shards' results.
type Store struct{ dir string }

// OpenStore opens the store in dir, making DIR/runs if need be.
func OpenStore(dir string) (*Store, error) {
	st := &Store{filepath.Join(dir, "runs")}
	if err := os.MkdirAll(st.dir, 0o755); err != nil {
		return nil, err
	}
	return st, nil
}

// Dir is the folder that holds the results, DIR/runs.
func (st *Store) Dir() string { return st.dir }

// load returns run r's result if the store holds it. A run is found by its file name, a
// digest of what decides its result; a file written by an earlier version of the sweep (more
// or fewer seeds, other values or strategies around it) gets this grid's header and is kept.
func (st *Store) load(sw *scenarios.Sweep, r gridRun) ([]byte, bool) {
	b, err := boundedread.ReadFile(filepath.Join(st.dir, fileName(sw, r)), resultLimit)
	if err != nil {
		return nil, false
	}
	res, err := parseResult(b, "")
	if err != nil {
		return nil, false // not a finished run: run it again
	}
	h := header(sw, r)
	if res.Run.Sweep == h.Sweep && res.Run.Index == h.Index {
		return b, true
	}
	// The same run in another grid: keep its summary, under this grid's header.
	rest, ok := afterHeader(b)
	if !ok {
		return nil, false
	}
	h.Ecssim = res.Run.Ecssim
	line, err := withHeader(h, rest)
	if err != nil || st.save(sw, r, line) != nil {
		return nil, false
	}
	return line, true
}

// afterHeader returns what follows the "run" header in a result line.
func afterHeader(line []byte) ([]byte, bool) {
	const open = `{"run":`
	if !bytes.HasPrefix(line, []byte(open)) {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(line[len(open):]))
	var skip json.RawMessage
	if err := dec.Decode(&skip); err != nil {
		return nil, false
	}
	rest := bytes.TrimLeft(line[len(open)+int(dec.InputOffset()):], " ")
	return bytes.TrimPrefix(rest, []byte(",")), true
}

// has reports whether the store holds a file under run r's name, without reading it.
func (st *Store) has(sw *scenarios.Sweep, r gridRun) bool {
	_, err := os.Stat(filepath.Join(st.dir, fileName(sw, r)))
	return err == nil
}

// Foreign counts the files in the store that are no run of this grid: results of another
// sweep, or of runs this one no longer has.
func (st *Store) Foreign(sw *scenarios.Sweep) int {
	names := make(map[string]bool, sw.Len())
	for k := range sw.Len() {
		names[fileName(sw, runAt(sw, k))] = true
	}
	entries, _ := os.ReadDir(st.dir)
	n := 0
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".json") && !names[e.Name()] {
			n++
		}
	}
	return n
}

// save writes run r's result atomically (atomicfile), so that a file under a run's name is
// always a finished result, even after a crash, and readable by all, so that a merge under
// another user can read a shared volume.
func (st *Store) save(sw *scenarios.Sweep, r gridRun, line []byte) error {
	name := filepath.Join(st.dir, fileName(sw, r))
	if err := atomicfile.Write(name, line); err != nil {
		return err // atomicfile's error names the file
	}
	return nil
}
