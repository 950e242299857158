package reports

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/perf/benchfmt"
)

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("%s = %.6f, want %.6f", what, got, want)
	}
}

func TestEstimateByHand(t *testing.T) {
	// 1, 2, 3, 4: mean 2.5, sd √(5/3) = 1.2910, t(0.975, 3) = 3.1824, half-width
	// 3.1824 × 1.2910 / 2 = 2.0543.
	iv := Estimate([]float64{1, 2, 3, 4})
	near(t, "mean", iv.Mean, 2.5, 1e-12)
	near(t, "sd", iv.SD, 1.2910, 1e-4)
	near(t, "half-width", iv.HalfWidth, 2.0543, 1e-4)
	near(t, "low", iv.Low, 2.5-2.0543, 1e-4)
	near(t, "high", iv.High, 2.5+2.0543, 1e-4)
	if iv.N != 4 {
		t.Errorf("n = %d, want 4", iv.N)
	}
	same := Estimate([]float64{7, 7, 7})
	if same.Mean != 7 || same.HalfWidth != 0 {
		t.Errorf("constant sample: %+v, want mean 7 ± 0", same)
	}
	if one := Estimate([]float64{1}); !math.IsNaN(one.HalfWidth) {
		t.Errorf("one value: half-width %v, want NaN", one.HalfWidth)
	}
}

func TestPairedDifferenceByHand(t *testing.T) {
	// differences 1, 2, 0, 2: mean 1.25, sd √(2.75/3) = 0.95743, half-width
	// 3.1824 × 0.95743 / 2 = 1.5235.
	d := PairedDifference([]float64{2, 4, 3, 6}, []float64{1, 2, 3, 4})
	near(t, "mean", d.Mean, 1.25, 1e-12)
	near(t, "sd", d.SD, 0.95743, 1e-5)
	near(t, "half-width", d.HalfWidth, 1.5235, 1e-4)
	// A shift common to every seed cancels: the paired interval is 0 wide even though each
	// sample varies.
	z := PairedDifference([]float64{11, 15, 12}, []float64{1, 5, 2})
	if z.Mean != 10 || z.HalfWidth != 0 {
		t.Errorf("common shift: %+v, want 10 ± 0", z)
	}
}

// tiny is two strategies on two seeds with one metric: a = 1, 3 (mean 2, sd √2, t(1) =
// 12.706, half-width 12.71); b = 2, 5 (3.5 ± 19.06); b − a = 1, 2 (1.5 ± 6.353).
func tiny(t *testing.T) *Comparison {
	t.Helper()
	c, err := NewComparison("demo", []string{"a", "b c"}, []uint64{7, 8}, []string{"cost_usd.total"},
		[][][]float64{{{1, 3}, {2, 5}}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestComparisonFormats(t *testing.T) {
	// Text and Markdown show every metric here (-metrics all): cost_usd.total is no headline
	// row. Dollars to the cent, the half-widths to as many decimals; b − a's interval
	// includes 0, so no mark.
	caption := "scenario demo, 2 seeds from 7, 2 strategies; mean ± 95% confidence half-width (Student t); differences paired by seed against a, * where the interval excludes 0\n"
	want := map[string]string{
		"text": caption +
			"metric          a              b c            b c − a\n" +
			"cost_usd.total  $2.00 ± 12.71  $3.50 ± 19.06  +$1.50 ± 6.35\n",
		"markdown": caption + "\n" +
			"| metric | a | b c | b c − a |\n" +
			"| --- | ---: | ---: | ---: |\n" +
			"| cost_usd.total | $2.00 ± 12.71 | $3.50 ± 19.06 | +$1.50 ± 6.35 |\n",
		"csv": "metric,strategy,n,mean,sd,ci95_low,ci95_high,ci95_half_width,diff_mean,diff_sd,diff_ci95_low,diff_ci95_high,diff_ci95_half_width\n" +
			"cost_usd.total,a,2,2,1.4142135623730951,-10.706204736174692,14.706204736174692,12.706204736174692,,,,,\n" +
			"cost_usd.total,b c,2,3.5,2.1213203435596424,-15.559307104262036,22.559307104262036,19.059307104262036,1.5,0.7071067811865476,-4.853102368087346,7.853102368087346,6.353102368087346\n",
		"benchstat": "scenario: demo\nseeds: 7-8\n" +
			"BenchmarkRun/strategy=a 1 1 cost_usd.total\n" +
			"BenchmarkRun/strategy=a 1 3 cost_usd.total\n" +
			"BenchmarkRun/strategy=b_c 1 2 cost_usd.total\n" +
			"BenchmarkRun/strategy=b_c 1 5 cost_usd.total\n",
		"json": `{
  "scenario": "demo",
  "strategies": [
    "a",
    "b c"
  ],
  "seeds": [
    7,
    8
  ],
  "metrics": [
    {
      "metric": "cost_usd.total",
      "values": [
        [
          1,
          3
        ],
        [
          2,
          5
        ]
      ],
      "strategies": [
        {
          "n": 2,
          "mean": 2,
          "sd": 1.4142135623730951,
          "ci95_half_width": 12.706204736174692,
          "ci95_low": -10.706204736174692,
          "ci95_high": 14.706204736174692
        },
        {
          "n": 2,
          "mean": 3.5,
          "sd": 2.1213203435596424,
          "ci95_half_width": 19.059307104262036,
          "ci95_low": -15.559307104262036,
          "ci95_high": 22.559307104262036
        }
      ],
      "differences": [
        null,
        {
          "n": 2,
          "mean": 1.5,
          "sd": 0.7071067811865476,
          "ci95_half_width": 6.353102368087346,
          "ci95_low": -4.853102368087346,
          "ci95_high": 7.853102368087346
        }
      ]
    }
  ]
}
`,
	}
	c := tiny(t)
	for _, format := range CompareFormats {
		var b bytes.Buffer
		if err := WriteComparisons(&b, []*Comparison{c}, format, MetricsAll); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if b.String() != want[format] {
			t.Errorf("%s:\n%s\nwant:\n%s", format, b.String(), want[format])
		}
	}
	if err := c.Write(&bytes.Buffer{}, "xml"); err == nil {
		t.Error("format xml: no error")
	}
}

func TestCompareFlattensSummaries(t *testing.T) {
	run := func(cpu, avail float64, zoneOutage bool) Summary {
		s := Summary{Scenario: "demo", Seed: 99, Services: map[string]ServiceSummary{}}
		s.Utilization.CPUReservedMean = cpu
		s.Faults.ZoneOutageSeconds = map[string]float64{}
		if zoneOutage {
			s.Faults.ZoneOutageSeconds["us-east-1a"] = 60
		}
		s.Services["web"] = ServiceSummary{Availability: avail, Deployments: []Deployment{{StartedAt: 5}}}
		return s
	}
	runs := [][]Summary{
		{run(0.5, 1, false), run(0.7, 1, false)},
		{run(0.4, 0.9, true), run(0.6, 0.8, false)},
	}
	c, err := Compare("demo", []string{"x", "y"}, []uint64{1, 2}, runs)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]MetricComparison{}
	for _, m := range c.Metrics {
		byName[m.Name] = m
	}
	if _, ok := byName["seed"]; ok {
		t.Error("the seed is a metric")
	}
	cpu := byName["utilization.cpu_reserved_mean"]
	near(t, "cpu mean x", cpu.Strategies[0].Mean, 0.6, 1e-12)
	near(t, "cpu diff y−x", cpu.Differences[1].Mean, -0.1, 1e-12)
	near(t, "cpu diff half-width", cpu.Differences[1].HalfWidth, 0, 1e-12)
	av := byName["services.web.availability"]
	near(t, "availability y", av.Strategies[1].Mean, 0.85, 1e-12)
	zo, ok := byName["faults.zone_outage_seconds.us-east-1a"]
	if !ok {
		t.Fatal("no faults.zone_outage_seconds.us-east-1a")
	}
	if got := zo.Values; got[0][0] != 0 || got[1][0] != 60 || got[1][1] != 0 {
		t.Errorf("zone outage values %v: a missing key should count 0", got)
	}
	for _, m := range c.Metrics {
		if strings.HasPrefix(m.Name, "services.web.deployments") {
			t.Errorf("list item %s is a metric", m.Name)
		}
	}
	if _, err := Compare("demo", []string{"x"}, []uint64{1}, [][]Summary{{run(1, 1, false)}}); err == nil {
		t.Error("one seed: no error")
	}
}

// TestBenchstatParses reads the benchmark format back with benchfmt, the reader benchstat
// uses: every line a result with a strategy key, the sweep's parameters as keys too, and the
// metrics as units.
func TestBenchstatParses(t *testing.T) {
	c := tiny(t)
	p := *c
	p.Parameters = []Parameter{{"services.web.desired_count", "12"}, {"instance_groups.general.instance_type", "m6i.large"}}
	p.Point = PointLabel(p.Parameters)
	var b bytes.Buffer
	if err := WriteComparisons(&b, []*Comparison{c, &p}, "benchstat", ""); err != nil {
		t.Fatal(err)
	}
	r := benchfmt.NewReader(&b, "compare.txt")
	type row struct {
		Strategy, Desired, Unit string
		Value                   float64
	}
	var got []row
	for r.Scan() {
		res, ok := r.Result().(*benchfmt.Result)
		if !ok {
			continue // configuration lines
		}
		_, parts := res.Name.Parts()
		keys := map[string]string{}
		for _, part := range parts {
			k, v, _ := strings.Cut(strings.TrimPrefix(string(part), "/"), "=")
			keys[k] = v
		}
		for _, v := range res.Values {
			got = append(got, row{keys["strategy"], keys["services.web.desired_count"], v.Unit, v.Value})
		}
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	want := []row{
		{"a", "", "cost_usd.total", 1}, {"a", "", "cost_usd.total", 3},
		{"b_c", "", "cost_usd.total", 2}, {"b_c", "", "cost_usd.total", 5},
		{"a", "12", "cost_usd.total", 1}, {"a", "12", "cost_usd.total", 3},
		{"b_c", "12", "cost_usd.total", 2}, {"b_c", "12", "cost_usd.total", 5},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("benchstat lines read back (-want +got):\n%s", diff)
	}
}

// TestWriteComparisons checks the formats of a sweep's several points: a column per
// parameter in CSV, the point in each caption, an array in JSON.
func TestWriteComparisons(t *testing.T) {
	c := tiny(t)
	p := *c
	p.Parameters = []Parameter{{"services.web.desired_count", "12"}}
	p.Point = PointLabel(p.Parameters)
	c2 := *c
	c2.Parameters = []Parameter{{"services.web.desired_count", "6"}}
	c2.Point = PointLabel(c2.Parameters)
	cs := []*Comparison{&c2, &p}
	var b bytes.Buffer
	if err := WriteComparisons(&b, cs, "csv", ""); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(b.String(), "\n")
	if !strings.HasPrefix(lines[0], "services.web.desired_count,metric,strategy,") || !strings.HasPrefix(lines[1], "6,cost_usd.total,a,2,") ||
		!strings.HasPrefix(lines[3], "12,cost_usd.total,a,2,") {
		t.Errorf("csv:\n%s", b.String())
	}
	b.Reset()
	if err := WriteComparisons(&b, cs, "text", MetricsAll); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(b.String(), "scenario demo at services.web.desired_count="); n != 2 {
		t.Errorf("text has %d captions with the point, want 2:\n%s", n, b.String())
	}
	b.Reset()
	if err := WriteComparisons(&b, cs, "json", ""); err != nil {
		t.Fatal(err)
	}
	var back []Comparison
	if err := json.Unmarshal(b.Bytes(), &back); err != nil || len(back) != 2 || back[1].Point != "services.web.desired_count=12" {
		t.Errorf("json: %v, %d comparisons:\n%s", err, len(back), b.String())
	}
}
