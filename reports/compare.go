package reports

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Interval is a sample's mean with its 95% confidence interval: Mean ± HalfWidth, where
// HalfWidth = t(0.975, N−1) × sd / √N (Student t, sd the sample standard deviation).
type Interval struct {
	N         int     `json:"n"`
	Mean      float64 `json:"mean"`
	SD        float64 `json:"sd"`
	HalfWidth float64 `json:"ci95_half_width"`
	Low       float64 `json:"ci95_low"`
	High      float64 `json:"ci95_high"`
}

// Estimate returns the mean of xs and its 95% confidence interval. It needs two values at
// least: with fewer the interval is undefined and Estimate returns NaNs in it.
func Estimate(xs []float64) Interval {
	iv := Interval{N: len(xs)}
	if len(xs) == 0 {
		iv.Mean, iv.SD, iv.HalfWidth, iv.Low, iv.High = math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN()
		return iv
	}
	if len(xs) == 1 {
		iv.Mean = xs[0]
		iv.SD, iv.HalfWidth, iv.Low, iv.High = math.NaN(), math.NaN(), math.NaN(), math.NaN()
		return iv
	}
	iv.Mean, iv.SD = stat.MeanStdDev(xs, nil)
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(len(xs) - 1)}.Quantile(0.975)
	iv.HalfWidth = t * iv.SD / math.Sqrt(float64(len(xs)))
	iv.Low, iv.High = iv.Mean-iv.HalfWidth, iv.Mean+iv.HalfWidth
	return iv
}

// PairedDifference returns the estimate of the mean of b[k] − a[k]: the paired difference of
// two samples taken with the same seeds (common random numbers), whose interval is narrower
// than the two samples' intervals would suggest when the seeds move both the same way.
func PairedDifference(b, a []float64) Interval {
	d := make([]float64, len(b))
	for k := range b {
		d[k] = b[k] - a[k]
	}
	return Estimate(d)
}

// MetricComparison is one metric of the comparison: its values per strategy and seed, each
// strategy's estimate, and each strategy's paired difference against the first.
type MetricComparison struct {
	// Name is the metric's path in the JSON summary, dot-separated (services.web.availability).
	Name string `json:"metric"`
	// Values[s][k] is the metric for strategy s on seed k.
	Values [][]float64 `json:"values"`
	// Strategies[s] estimates the metric's mean under strategy s.
	Strategies []Interval `json:"strategies"`
	// Differences[s] estimates the mean of strategy s minus the first strategy, seed by seed;
	// Differences[0] is nil.
	Differences []*Interval `json:"differences"`
	// Unit says how the metric reads for people, and NA[s] that it does not apply to strategy
	// s on any seed (markNotApplicable); the tables for people use them, the JSON leaves them.
	Unit Unit   `json:"-"`
	NA   []bool `json:"-"`
}

// Comparison is a scenario under several strategies and seeds (SPEC §2, compare).
type Comparison struct {
	Scenario string `json:"scenario"`
	// Parameters are the scenario settings of a sweep's grid point, in the sweep's order; none
	// for compare. Point labels them.
	Parameters []Parameter        `json:"parameters,omitempty"`
	Point      string             `json:"point,omitempty"`
	Strategies []string           `json:"strategies"`
	Seeds      []uint64           `json:"seeds"`
	Metrics    []MetricComparison `json:"metrics"`
}

// NewComparison computes the statistics of values[m][s][k], metric names[m] for strategy s on
// seed k. It needs one strategy and two seeds at least.
func NewComparison(scenario string, strategies []string, seeds []uint64, names []string, values [][][]float64) (*Comparison, error) {
	if len(strategies) == 0 {
		return nil, errors.New("compare: no strategy")
	}
	if len(seeds) < 2 {
		return nil, fmt.Errorf("compare: %d seeds; a confidence interval needs 2 at least", len(seeds))
	}
	if len(names) != len(values) {
		return nil, fmt.Errorf("compare: %d metric names for %d metrics", len(names), len(values))
	}
	c := &Comparison{Scenario: scenario, Strategies: strategies, Seeds: seeds}
	for m, name := range names {
		if len(values[m]) != len(strategies) {
			return nil, fmt.Errorf("compare: metric %s has %d strategies, want %d", name, len(values[m]), len(strategies))
		}
		for s, xs := range values[m] {
			if len(xs) != len(seeds) {
				return nil, fmt.Errorf("compare: metric %s, strategy %s has %d seeds, want %d", name, strategies[s], len(xs), len(seeds))
			}
		}
		c.Metrics = append(c.Metrics, newMetricComparison(name, unitOf(name), values[m]))
	}
	c.markNotApplicable()
	return c, nil
}

// AddMetric adds a metric the runs' summaries do not carry, values[s][k] for strategy s on
// seed k, estimated as the others are: compare's compaction (the fewest instances that meet
// plan's targets) is found by runs of its own.
func (c *Comparison) AddMetric(name string, values [][]float64) error {
	if len(values) != len(c.Strategies) {
		return fmt.Errorf("compare: metric %s has %d strategies, want %d", name, len(values), len(c.Strategies))
	}
	for s, xs := range values {
		if len(xs) != len(c.Seeds) {
			return fmt.Errorf("compare: metric %s, strategy %s has %d seeds, want %d", name, c.Strategies[s], len(xs), len(c.Seeds))
		}
	}
	c.Metrics = append(c.Metrics, newMetricComparison(name, unitOf(name), values))
	return nil
}

// newMetricComparison estimates values[s][k], the metric for strategy s on seed k, for each
// strategy, and each strategy's paired difference against the first.
func newMetricComparison(name string, unit Unit, values [][]float64) MetricComparison {
	mc := MetricComparison{Name: name, Values: values, Unit: unit, NA: make([]bool, len(values))}
	for s, xs := range values {
		mc.Strategies = append(mc.Strategies, Estimate(xs))
		if s == 0 {
			mc.Differences = append(mc.Differences, nil)
			continue
		}
		d := PairedDifference(xs, values[0])
		mc.Differences = append(mc.Differences, &d)
	}
	return mc
}

// Parameter is one scenario setting of a sweep's grid point: a dotted key path and its value
// as TOML writes it.
type Parameter struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// PointLabel labels a grid point for people: "key=value, key=value".
func PointLabel(ps []Parameter) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = p.Key + "=" + p.Value
	}
	return strings.Join(parts, ", ")
}

// Compare makes the comparison of runs[s][k], the summary of strategy s (named strategies[s])
// on seeds[k]. Its metrics are the numbers of the JSON summary (SPEC §4) in the order the JSON
// has them, each named by its dot-separated path; the seed and lists (deployments) are left
// out, but for the gpu section's points, which are the metrics gpu.unallocated_at.P (gpu.go). A number that some runs lack (a key of a map such as faults.zone_outage_seconds) counts
// as 0 in those runs.
func Compare(scenario string, strategies []string, seeds []uint64, runs [][]Summary) (*Comparison, error) {
	lines := make([][][]byte, len(runs))
	for s, row := range runs {
		lines[s] = make([][]byte, len(row))
		for k, sum := range row {
			b, err := json.Marshal(sum)
			if err != nil {
				return nil, err
			}
			lines[s][k] = b
		}
	}
	return CompareJSON(scenario, strategies, seeds, lines)
}

// CompareJSON is Compare over summaries as JSON (a sweep's lines): runs[s][k] is the JSON
// summary of strategy s on seeds[k]. Keys a summary line carries beside the summary's own
// ("run", which a sweep adds) are not metrics. Numbers survive JSON exactly, so a comparison
// read back from a sweep's lines equals the one made from the runs in memory.
func CompareJSON(scenario string, strategies []string, seeds []uint64, runs [][][]byte) (*Comparison, error) {
	if len(runs) != len(strategies) {
		return nil, fmt.Errorf("compare: %d strategies' runs, want %d", len(runs), len(strategies))
	}
	var names []string
	index := map[string]int{}
	var values [][][]float64
	for s, row := range runs {
		if len(row) != len(seeds) {
			return nil, fmt.Errorf("compare: strategy %s has %d runs, want %d", strategies[s], len(row), len(seeds))
		}
		for k, line := range row {
			nums, err := summaryNumbers(line)
			if err != nil {
				return nil, err
			}
			for _, n := range nums {
				m, ok := index[n.name]
				if !ok {
					m = len(names)
					index[n.name] = m
					names = append(names, n.name)
					grid := make([][]float64, len(strategies))
					for i := range grid {
						grid[i] = make([]float64, len(seeds))
					}
					values = append(values, grid)
				}
				values[m][s][k] = n.value
			}
		}
	}
	return NewComparison(scenario, strategies, seeds, names, values)
}

type namedNumber struct {
	name  string
	value float64
}

// summaryNumbers flattens a JSON summary into its numbers, in the JSON's order.
func summaryNumbers(b []byte) ([]namedNumber, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var out []namedNumber
	var walk func(path string) error
	walk = func(path string) error {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch v := tok.(type) {
		case json.Delim:
			switch v {
			case '{':
				for dec.More() {
					key, err := dec.Token()
					if err != nil {
						return err
					}
					p := key.(string)
					if path == "" && p == "run" {
						var skip json.RawMessage // a sweep's run description
						if err := dec.Decode(&skip); err != nil {
							return err
						}
						continue
					}
					if path != "" {
						p = path + "." + p
					}
					if err := walk(p); err != nil {
						return err
					}
				}
			case '[':
				return listNumbers(dec, path, &out)
			}
			_, err := dec.Token() // the closing delimiter
			return err
		case json.Number:
			if path == "seed" {
				return nil
			}
			f, err := v.Float64()
			if err != nil {
				return err
			}
			out = append(out, namedNumber{path, f})
		}
		return nil
	}
	return out, walk("")
}

// listNumbers reads the rest of a list at path, its '[' read, closing ']' included: the gpu
// section's points as metrics (gpuNumbers); other lists (deployments) are not metrics.
func listNumbers(dec *json.Decoder, path string, out *[]namedNumber) error {
	if path == "gpu.by_arrived" {
		return gpuNumbers(dec, out)
	}
	for dec.More() {
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return err
		}
	}
	_, err := dec.Token()
	return err
}

// WriteJSON writes the comparison as indented JSON, values included.
func (c *Comparison) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(c)
}

// WriteCSV writes one record per metric and strategy: the estimate and the paired difference
// against the first strategy (empty for the first), numbers at full precision. A sweep's grid
// point adds a leading column per parameter.
func (c *Comparison) WriteCSV(w io.Writer) error { return writeCSV(w, []*Comparison{c}) }

func writeCSV(w io.Writer, cs []*Comparison) error {
	cw := csv.NewWriter(w)
	var keys []string
	for _, p := range cs[0].Parameters {
		keys = append(keys, p.Key)
	}
	cw.Write(append(keys, "metric", "strategy", "n", "mean", "sd", "ci95_low", "ci95_high", "ci95_half_width",
		"diff_mean", "diff_sd", "diff_ci95_low", "diff_ci95_high", "diff_ci95_half_width"))
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	for _, c := range cs {
		var point []string
		for _, p := range c.Parameters {
			point = append(point, p.Value)
		}
		for _, mc := range c.Metrics {
			for s, iv := range mc.Strategies {
				rec := append(slices.Clone(point), mc.Name, c.Strategies[s], strconv.Itoa(iv.N), f(iv.Mean), f(iv.SD), f(iv.Low), f(iv.High), f(iv.HalfWidth))
				if d := mc.Differences[s]; d != nil {
					rec = append(rec, f(d.Mean), f(d.SD), f(d.Low), f(d.High), f(d.HalfWidth))
				} else {
					rec = append(rec, "", "", "", "", "")
				}
				cw.Write(rec)
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteBenchstat writes the runs in the Go benchmark format, for benchstat -col /strategy:
// one line per strategy and seed, named BenchmarkRun/strategy=NAME (the seed is not part of
// the name, so that a strategy's seeds are the samples benchstat compares), with an
// iteration count of 1 and one value-unit pair per metric, the unit being the metric's name.
// A sweep's grid point adds a key=value part per parameter before the strategy. Spaces in
// names become underscores, and slashes in values become "|"; the scenario and seeds are
// configuration lines. benchstat's comparison is unpaired; the paired differences are in the
// other formats.
func (c *Comparison) WriteBenchstat(w io.Writer) error { return writeBenchstat(w, []*Comparison{c}) }

func writeBenchstat(w io.Writer, cs []*Comparison) error {
	clean := func(s string) string {
		return strings.ReplaceAll(strings.Join(strings.Fields(s), "_"), "/", "|")
	}
	var b strings.Builder
	c0 := cs[0]
	fmt.Fprintf(&b, "scenario: %s\n", clean(c0.Scenario))
	fmt.Fprintf(&b, "seeds: %d-%d\n", c0.Seeds[0], c0.Seeds[len(c0.Seeds)-1])
	for _, c := range cs {
		var point strings.Builder
		for _, p := range c.Parameters {
			fmt.Fprintf(&point, "/%s=%s", clean(p.Key), clean(p.Value))
		}
		for s, name := range c.Strategies {
			for k := range c.Seeds {
				fmt.Fprintf(&b, "BenchmarkRun%s/strategy=%s 1", point.String(), clean(name))
				for _, mc := range c.Metrics {
					fmt.Fprintf(&b, " %s %s", strconv.FormatFloat(mc.Values[s][k], 'g', -1, 64), mc.Name)
				}
				b.WriteByte('\n')
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteComparisons writes the comparisons of a sweep's grid points (or compare's one) in the
// named format. JSON (an array; one comparison alone as that comparison), CSV (one table
// with a column per parameter) and benchstat (the parameters in the benchmark names) carry
// every metric. Text and Markdown are for people: they show the metrics SelectMetrics
// chooses by metrics, one comparison as a table (a row per metric), several as one pivot
// table (a row per grid point and strategy, a column per metric), or, with "all", a table
// per grid point.
func WriteComparisons(w io.Writer, cs []*Comparison, format, metrics string) error {
	if len(cs) == 0 {
		return errors.New("compare: no comparison to write")
	}
	switch format {
	case "csv":
		return writeCSV(w, cs)
	case "benchstat":
		return writeBenchstat(w, cs)
	case "json":
		if len(cs) == 1 {
			return cs[0].WriteJSON(w)
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(cs)
	case "text", "markdown":
		return writeTables(w, cs, format == "markdown", metrics)
	}
	return fmt.Errorf("compare: unknown format %q", format)
}

// Write writes the comparison in the named format (text, json, csv, markdown or benchstat),
// text and Markdown with the headline metrics.
func (c *Comparison) Write(w io.Writer, format string) error {
	return WriteComparisons(w, []*Comparison{c}, format, MetricsHeadline)
}

// CompareFormats are the formats Write knows.
var CompareFormats = []string{"text", "json", "csv", "markdown", "benchstat"}
