package scenarios

import (
	"bytes"
	"io"
	"path/filepath"

	"github.com/ecssim/ecssim/internal/boundedread"
)

// How much of each kind of file ecssim reads (package boundedread holds the rule). The TOML
// and ecs.config limits are hundreds of times the largest real file, yet small enough that
// decoding one takes well under a second; CSV files are streamed a row at a time, so their
// limit only has to hold tracefile.MaxTasks rows of a real trace, which are about 100 bytes
// each: no flag raises it, since a trace past it would start more tasks than a run may.
const (
	MaxScenarioBytes    = 8 << 20 // a scenario file
	MaxSweepBytes       = 8 << 20 // a sweep file
	MaxStrategyBytes    = 8 << 20 // a strategy file
	MaxAgentConfigBytes = 1 << 20 // an ecs.config file (agent_config)
	MaxCSVBytes         = 1 << 30 // a trace or node list (trace, nodes)
)

var (
	scenarioLimit    = boundedread.Limit{Bytes: MaxScenarioBytes, What: "a scenario file"}
	sweepLimit       = boundedread.Limit{Bytes: MaxSweepBytes, What: "a sweep file"}
	strategyLimit    = boundedread.Limit{Bytes: MaxStrategyBytes, What: "a strategy file"}
	agentConfigLimit = boundedread.Limit{Bytes: MaxAgentConfigBytes, What: "an ecs.config file"}
	csvLimit         = boundedread.Limit{Bytes: MaxCSVBytes, What: "a trace or node list"}
)

// opener opens a file a scenario names (an agent_config, a trace), held to lim.
type opener func(name string, lim boundedread.Limit) (io.ReadCloser, error)

// dirOpener opens files from disk, a relative name from dir: the scenario file's directory.
func dirOpener(dir string) opener {
	return func(name string, lim boundedread.Limit) (io.ReadCloser, error) {
		if !filepath.IsAbs(name) {
			name = filepath.Join(dir, name)
		}
		return boundedread.Open(name, lim)
	}
}

// openExampleFile opens a file an example names; the examples are ecssim's own, so no limit.
func openExampleFile(name string, _ boundedread.Limit) (io.ReadCloser, error) {
	src, err := readExampleFile(name)
	if err != nil {
		return nil, err
	}
	return io.NopCloser(bytes.NewReader(src)), nil
}

// readAll reads the whole of a file open opens.
func readAll(open opener, name string, lim boundedread.Limit) ([]byte, error) {
	r, err := open(name, lim)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}
