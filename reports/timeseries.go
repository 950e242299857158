package reports

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/ecssim/ecssim/sim"
)

// sampler writes the collector's state as a CSV row at fixed intervals. A row at time s shows
// the state after every event at or before s. Rows are written as the run goes, so memory does
// not grow with the run's length.
type sampler struct {
	every, next sim.Time
	w           *csv.Writer
	row         []string
}

// SampleEvery makes the collector write a time series to w as CSV, one row every d from time 0
// to the horizon: time_seconds, instances, tasks_running, the instantaneous reserved and
// stranded shares of CPU and memory, and for each service its healthy tasks (healthy:NAME)
// and, for a service with a load balancer, its healthy targets (targets:NAME) next to them.
// Call it before the run starts; call Flush after Finish. An interval that would write more
// than MaxSeriesRows rows is an error (CheckSampling).
func (c *Collector) SampleEvery(d time.Duration, w io.Writer) error {
	if err := CheckSampling(d, c.horizon); err != nil {
		return err
	}
	s := &sampler{every: sim.Time(d), w: csv.NewWriter(w)}
	header := []string{"time_seconds", "instances", "tasks_running", "cpu_reserved", "memory_reserved", "cpu_stranded", "memory_stranded"}
	for _, st := range c.services {
		header = append(header, "healthy:"+st.svc.Name)
		if st.balanced {
			header = append(header, "targets:"+st.svc.Name)
		}
	}
	c.series = s
	return s.w.Write(header)
}

// MaxSeriesRows bounds the rows of a time series: a spreadsheet holds 1,048,576 rows, and at
// about a hundred bytes a row the file stays near 100 MB. Without it an interval of 1ns over an
// hour would be 3.6e12 rows: terabytes written before the run could end.
const MaxSeriesRows = 1_000_000

// CheckSampling says whether a time series every d fits MaxSeriesRows over a run to horizon,
// and if not, the shortest interval that does (MinSampleInterval).
func CheckSampling(d time.Duration, horizon sim.Time) error {
	if d <= 0 {
		return fmt.Errorf("the time series' interval must be positive, got %v", d)
	}
	if least := MinSampleInterval(horizon); d < least {
		// Rows at 0, d, 2d, ... up to the horizon.
		return fmt.Errorf("a time series every %v would write %d rows over the run's %v, and %d is the most: sample every %v or more",
			d, int64(horizon)/int64(d)+1, time.Duration(horizon), MaxSeriesRows, least)
	}
	return nil
}

// MinSampleInterval is the shortest interval whose time series over a run to horizon has
// MaxSeriesRows rows at most: horizon/d + 1 <= MaxSeriesRows.
func MinSampleInterval(horizon sim.Time) time.Duration {
	return time.Duration(int64(horizon)/MaxSeriesRows + 1)
}

// Flush writes out buffered rows and returns the first write error.
func (c *Collector) Flush() error {
	if c.series == nil {
		return nil
	}
	c.series.w.Flush()
	return c.series.w.Error()
}

// before writes the rows due before now, with the state they saw.
func (s *sampler) before(now sim.Time, c *Collector) {
	for s.next < now && s.next <= c.horizon {
		s.write(c)
		s.next += s.every
	}
}

func (s *sampler) write(c *Collector) {
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', 4, 64) }
	frac := func(num, den int64) string { return f(fraction(num, den)) }
	s.row = append(s.row[:0],
		strconv.FormatFloat(s.next.Seconds(), 'f', -1, 64),
		strconv.Itoa(c.instancesNow),
		strconv.Itoa(c.running),
		frac(c.resCPU, c.regCPU), frac(c.resMem, c.regMem),
		frac(c.strCPU, c.regCPU-c.resCPU), frac(c.strMem, c.regMem-c.resMem),
	)
	for _, st := range c.services {
		s.row = append(s.row, strconv.Itoa(st.healthy))
		if st.balanced {
			s.row = append(s.row, strconv.Itoa(st.targets))
		}
	}
	s.w.Write(s.row) //nolint:errcheck // the csv.Writer keeps the error for Flush
}
