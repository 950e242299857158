package reports

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// WriteText writes the summary for people to read: the run, tasks, utilization, capacity and
// cost, then two tables of services (availability and blast radius; tasks and healthy targets)
// and each service's deployments.
func (s Summary) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	p := func(format string, args ...any) { fmt.Fprintf(tw, format, args...) }
	p("scenario\t%s (seed %d)\n", s.Scenario, s.Seed)
	p("strategy\t%s\n", s.Strategy)
	p("simulated\t%v, %d events\n", seconds(s.SimulatedSeconds), s.Events)
	t := s.Tasks
	p("tasks\t%d started, %d placement failures (%s of attempts), %d failed to start, %d stopped by faults\n",
		t.Started, t.PlacementFailures, pct(ratio(float64(t.PlacementFailures), float64(t.Started+t.PlacementFailures))), t.StartFailures, t.StoppedByFaults)
	p("pending\tmean %v, p50 %v, p99 %v\n", seconds(t.PendingSeconds.Mean), seconds(t.PendingSeconds.P50), seconds(t.PendingSeconds.P99))
	u := s.Utilization
	p("reserved\tCPU %s, memory %s (time-weighted)\n", pct(u.CPUReservedMean), pct(u.MemoryReservedMean))
	p("stranded\tCPU %s, memory %s of what is free (no task definition fits there)\n", pct(u.CPUStrandedMean), pct(u.MemoryStrandedMean))
	p("capacity\t%d instances at most, %.1f instance-hours\n", s.Capacity.InstancesMax, s.Capacity.InstanceHours)
	p("cost\t$%.2f (EC2 $%.2f, Fargate $%.2f)\n", s.CostUSD.Total, s.CostUSD.EC2, s.CostUSD.Fargate)
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(s.Services) == 0 {
		return nil
	}
	names := slices.Sorted(maps.Keys(s.Services))
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "service\tdesired\tavailability\tmin healthy held\tmax instance share\tmax zone share")
	for _, n := range names {
		v := s.Services[n]
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\n", n, v.Desired, pct(v.Availability), pct(v.MinHealthyHeld), pct(v.MaxInstanceShare), pct(v.MaxAZShare))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "service\ttasks started\tfailed health checks\thealthy targets min\thealthy targets mean")
	for _, n := range names {
		v := s.Services[n]
		lowest, mean := "-", "-" // no load balancer
		if v.HealthyTargetsMin != nil {
			lowest = strconv.Itoa(*v.HealthyTargetsMin)
		}
		if v.HealthyTargetsMean != nil {
			mean = strconv.FormatFloat(*v.HealthyTargetsMean, 'f', 1, 64)
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\n", n, v.TasksStarted, v.TasksFailedHealthChecks, lowest, mean)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, n := range names {
		if err := writeDeployments(w, n, s.Services[n].Deployments); err != nil {
			return err
		}
	}
	return nil
}

// writeDeployments writes a service's deployments, one line each; nothing if it has none. A
// deployment still in progress at the end of the run has no end, and its duration runs to the
// end of the run.
func writeDeployments(w io.Writer, service string, ds []Deployment) error {
	if len(ds) == 0 {
		return nil
	}
	fmt.Fprintf(w, "\ndeployments of %s\n", service)
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "  start\tend\tduration\tstate\trevision\tlowest healthy\tfailed tasks")
	for _, d := range ds {
		end := "-"
		if d.FinishedAt != nil {
			end = seconds(*d.FinishedAt)
		}
		rev := d.TaskDefinition
		if d.Rollback {
			rev += " (rollback)"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%d\t%d\n", seconds(d.StartedAt), end, seconds(d.DurationSeconds), d.State, rev, d.LowestHealthy, d.FailedTasks)
	}
	return tw.Flush()
}

func pct(x float64) string { return fmt.Sprintf("%.1f%%", 100*x) }

// seconds formats a number of seconds as a duration, to the millisecond.
func seconds(x float64) string {
	d := time.Duration(x * float64(time.Second)).Round(time.Millisecond)
	return strings.TrimSuffix(d.String(), ".000s")
}
