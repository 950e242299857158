package reports

import (
	"encoding/csv"
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
// Call it before the run starts; call Flush after Finish.
func (c *Collector) SampleEvery(d time.Duration, w io.Writer) error {
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
