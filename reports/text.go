package reports

import (
	"cmp"
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
// cost, then a table of cost by service and workload (with idle EC2 capacity, they add up to
// the total), a table of capacity providers when there are any, two tables of services
// (availability and blast radius; tasks and healthy targets), a table of the services'
// resiliency (the analytic survival of losing the worst instance or zone, faults and
// recovery) and each service's deployments and fault episodes.
func (s Summary) WriteText(w io.Writer) error {
	if err := s.writeOverview(w); err != nil {
		return err
	}
	cost := s.CostUSD
	if err := writeCosts(w, cost); err != nil {
		return err
	}
	if err := writeProviders(w, s.Capacity, cost); err != nil {
		return err
	}
	if len(s.Services) == 0 {
		return nil
	}
	names := slices.Sorted(maps.Keys(s.Services))
	if err := writeAvailability(w, names, s.Services); err != nil {
		return err
	}
	if err := writeServiceTasks(w, names, s.Services); err != nil {
		return err
	}
	if err := writeResiliency(w, names, s.Services); err != nil {
		return err
	}
	for _, n := range names {
		if err := writeDeployments(w, n, s.Services[n].Deployments); err != nil {
			return err
		}
	}
	for _, n := range names {
		if err := writeEpisodes(w, n, s.Services[n].Episodes); err != nil {
			return err
		}
	}
	return nil
}

// writeOverview writes the run in a line a measure: resiliency, tasks, faults, utilization,
// capacity and cost.
func (s Summary) writeOverview(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	p := func(format string, args ...any) { fmt.Fprintf(tw, format, args...) }
	p("scenario\t%s (seed %d)\n", s.Scenario, s.Seed)
	p("strategy\t%s\n", s.Strategy)
	if len(s.Services) > 0 {
		r := s.Resiliency
		p("resiliency\tdesired tasks that survive losing the worst instance: %s (worst %s); the worst zone: %s (worst %s)\n",
			pct(r.InstanceLossSurvivalMean), pct(r.InstanceLossSurvivalWorst), pct(r.ZoneLossSurvivalMean), pct(r.ZoneLossSurvivalWorst))
	}
	p("simulated\t%v, %d events\n", seconds(s.SimulatedSeconds), s.Events)
	t := s.Tasks
	p("tasks\t%d started, %d never placed, %d failed to start, %d stopped by faults\n",
		t.Started, t.NeverPlaced, t.StartFailures, t.StoppedByFaults)
	if t.PlacementFailures > t.NeverPlaced { // more attempts than tasks: services tried again
		p("placement\t%d failed attempts (%s of attempts; a service short of room tries again after each placement_retry_interval, and each try counts)\n",
			t.PlacementFailures, pct(ratio(float64(t.PlacementFailures), float64(t.Started+t.PlacementFailures))))
	}
	p("pending\tmean %v, p50 %v, p99 %v\n", seconds(t.PendingSeconds.Mean), seconds(t.PendingSeconds.P50), seconds(t.PendingSeconds.P99))
	f := s.Faults
	if f.Count > 0 || f.UnservedTaskSeconds > 0 { // a run with nothing to say has no faults line
		p("faults\t%d (%d instances lost, %d Fargate tasks interrupted): %d tasks stopped, %.1f per fault; %.0f unserved task-seconds\n",
			f.Count, f.InstancesLost, f.FargateInterruptions, t.StoppedByFaults, f.TasksLostPerFault, f.UnservedTaskSeconds)
	}
	if f.ZoneOutages > 0 || f.AgentDisconnects > 0 {
		p("outages\t%s\n", outageLine(f))
	}
	if f.CapacityShortages > 0 || f.LaunchesFailed > 0 {
		p("shortages\t%s of capacity pools; instance launches without capacity: %d (InsufficientInstanceCapacity, each try)\n",
			plural(f.CapacityShortages, "dry spell"), f.LaunchesFailed)
	}
	u := s.Utilization
	p("reserved\tCPU %s, memory %s (time-weighted)\n", pct(u.CPUReservedMean), pct(u.MemoryReservedMean))
	p("stranded\tCPU %s, memory %s of what is free (no task definition fits there)\n", pct(u.CPUStrandedMean), pct(u.MemoryStrandedMean))
	if u.GPUReservedMean != nil {
		p("GPU\treserved %s (time-weighted), stranded %s of what is free (no task that asks for GPUs fits there)\n",
			pct(*u.GPUReservedMean), pct(*u.GPUStrandedMean))
	}
	capa, cost := s.Capacity, s.CostUSD
	p("capacity\t%d instances at most, %.1f instance-hours\n", capa.InstancesMax, capa.InstanceHours)
	if capa.FargateTasksMax > 0 || capa.FargateVCPUHours > 0 {
		p("fargate\t%d tasks at most, %.1f vCPU-hours, %.1f GB-hours\n", capa.FargateTasksMax, capa.FargateVCPUHours, capa.FargateGBHours)
	}
	p("cost\t%s (EC2 %s, Fargate %s), %s per task-hour; %s a month (730 h) at this rate\n",
		usd(cost.Total), usd(cost.EC2), usd(cost.Fargate), usd4(cost.PerTaskHour), usd(cost.PerMonth))
	p("EC2 idle\t%s reserved by no task; stranded: CPU %s, memory %s\n", usd(cost.Idle), usd(cost.Stranded), usd(cost.StrandedMemory))
	return tw.Flush()
}

// episodesShown is the most fault episodes the text lists for a service: those that served
// the least, where there are more.
const episodesShown = 10

// writeEpisodes writes a service's fault episodes, one line each, in time order; nothing if it
// has none. Of more than episodesShown, it lists the episodesShown that served the smallest
// share of what they owed (the JSON summary lists all).
func writeEpisodes(w io.Writer, service string, es []FaultEpisode) error {
	if len(es) == 0 {
		return nil
	}
	shown := es
	title := fmt.Sprintf("\nfault episodes of %s\n", service)
	if len(es) > episodesShown {
		order := make([]int, len(es))
		for i := range order {
			order[i] = i
		}
		slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(es[a].ServedFraction, es[b].ServedFraction) })
		order = order[:episodesShown]
		slices.Sort(order)
		shown = nil
		for _, i := range order {
			shown = append(shown, es[i])
		}
		title = fmt.Sprintf("\nfault episodes of %s: the %d of %d that served least (summary.json lists all)\n", service, episodesShown, len(es))
	}
	fmt.Fprint(w, title)
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "  start\tend\tduration\tlowest healthy\tserved\tstopped by faults")
	for _, e := range shown {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%d\t%s\t%d\n", seconds(e.StartedAt), e.ended(), seconds(e.DurationSeconds), e.LowestHealthy, pct(e.ServedFraction), e.StoppedByFaults)
	}
	return tw.Flush()
}

// writeAvailability writes a line per service: its desired count, availability, minimum
// healthy held, largest instance and zone shares, and whether AZ rebalancing was on.
func writeAvailability(w io.Writer, names []string, services map[string]ServiceSummary) error {
	return writeServiceTable(w, "service\tdesired\tavailability\tmin healthy held\tmax instance share\tmax zone share\tAZ rebalancing", names, services,
		func(v ServiceSummary) string {
			return fmt.Sprintf("%d\t%s\t%s\t%s\t%s\t%s", v.Desired, pct(v.Availability), pct(v.MinHealthyHeld), pct(v.MaxInstanceShare),
				pct(v.MaxAZShare), v.AvailabilityZoneRebalancing)
		})
}

// writeServiceTable writes a table of a line per service, in names' order: a blank line, the
// header, then each service's name and the cells row writes for it (tab-separated).
func writeServiceTable(w io.Writer, header string, names []string, services map[string]ServiceSummary, row func(ServiceSummary) string) error {
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, header)
	for _, n := range names {
		fmt.Fprintf(tw, "%s\t%s\n", n, row(services[n]))
	}
	return tw.Flush()
}

// writeServiceTasks writes a line per service: its tasks started, never placed and short of
// the desired count (time-weighted mean, largest), failed health checks, and healthy targets
// ("-" for a service with no load balancer).
func writeServiceTasks(w io.Writer, names []string, services map[string]ServiceSummary) error {
	header := "service\ttasks started\tnever placed\tshort mean\tshort max\tfailed health checks\thealthy targets min\thealthy targets mean"
	return writeServiceTable(w, header, names, services, func(v ServiceSummary) string {
		lowest, mean := "-", "-"
		if v.HealthyTargetsMin != nil {
			lowest = strconv.Itoa(*v.HealthyTargetsMin)
		}
		if v.HealthyTargetsMean != nil {
			mean = strconv.FormatFloat(*v.HealthyTargetsMean, 'f', 1, 64)
		}
		return fmt.Sprintf("%d\t%d\t%.2f\t%d\t%d\t%s\t%s", v.TasksStarted, v.NeverPlaced, v.TasksShortMean, v.TasksShortMax,
			v.TasksFailedHealthChecks, lowest, mean)
	})
}

// outageLine describes the run's zone outages, with each zone's outage time, and agent
// disconnects.
func outageLine(f Faults) string {
	var b strings.Builder
	b.WriteString(plural(f.ZoneOutages, "zone outage"))
	if len(f.ZoneOutageSeconds) > 0 {
		var zones []string
		for _, z := range slices.Sorted(maps.Keys(f.ZoneOutageSeconds)) {
			zones = append(zones, z+" "+seconds(f.ZoneOutageSeconds[z]))
		}
		fmt.Fprintf(&b, " (%s)", strings.Join(zones, ", "))
	}
	b.WriteString(", " + plural(f.AgentDisconnects, "agent disconnect"))
	return b.String()
}

// plural writes a count and its noun, "1 zone outage", "2 zone outages".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// writeResiliency writes a line per service: the analytic survival of losing its worst
// instance and its worst zone (time-weighted mean and worst), the tasks faults stopped, its
// recovery episodes (how many, the longest and the mean; "-" with none) and its unserved
// task-seconds.
func writeResiliency(w io.Writer, names []string, services map[string]ServiceSummary) error {
	header := "service\tsurvives instance loss\tworst\tsurvives zone loss\tworst\tstopped by faults\tepisodes\trecovery max\trecovery mean\tunserved task-seconds"
	return writeServiceTable(w, header, names, services, func(v ServiceSummary) string {
		r := v.Resiliency
		recMax, recMean := "-", "-"
		if v.FaultEpisodes > 0 {
			recMax, recMean = seconds(v.RecoverySecondsMax), seconds(v.RecoverySecondsMean)
		}
		return fmt.Sprintf("%s\t%s\t%s\t%s\t%d\t%d\t%s\t%s\t%.0f",
			pct(r.InstanceLossSurvival.Mean), pct(r.InstanceLossSurvival.Worst),
			pct(r.ZoneLossSurvival.Mean), pct(r.ZoneLossSurvival.Worst),
			v.StoppedByFaults, v.FaultEpisodes, recMax, recMean, v.UnservedTaskSeconds)
	})
}

// writeCosts writes who the run's cost went to: each service and workload, then idle EC2
// capacity, which add up to the total; nothing when there is neither cost nor owner.
func writeCosts(w io.Writer, c Cost) error {
	if c.Total == 0 && len(c.PerService) == 0 && len(c.PerWorkload) == 0 {
		return nil
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "cost of\tusd\tshare of total")
	row := func(kind, name string, x float64) {
		fmt.Fprintf(tw, "%s %s\t%s\t%s\n", kind, name, usd(x), pct(ratio(x, c.Total)))
	}
	for _, n := range slices.Sorted(maps.Keys(c.PerService)) {
		row("service", n, c.PerService[n])
	}
	for _, n := range slices.Sorted(maps.Keys(c.PerWorkload)) {
		row("workload", n, c.PerWorkload[n])
	}
	row("idle", "EC2", c.Idle)
	return tw.Flush()
}

// writeProviders writes the capacity providers' instances, scaling and cost: every ASG
// provider, and FARGATE, FARGATE_SPOT and the instance groups when they cost something (every
// cluster has the two Fargate providers). Nothing when the run's capacity came from instance
// groups alone.
func writeProviders(w io.Writer, capa Capacity, c Cost) error {
	names := map[string]bool{}
	for n := range capa.Providers {
		names[n] = true
	}
	for n, x := range c.PerProvider {
		if x > 0 {
			names[n] = true
		}
	}
	if len(names) == 0 || len(names) == 1 && names[instanceGroupsKey] {
		return nil
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "capacity provider\tinstances max\tinstance-hours\tscale-outs\tscale-ins\tcost")
	for _, n := range slices.Sorted(maps.Keys(names)) {
		most, hours, outs, ins := "-", "-", "-", "-" // Fargate, instance groups
		if pc, ok := capa.Providers[n]; ok {
			most, hours = strconv.Itoa(pc.InstancesMax), strconv.FormatFloat(pc.InstanceHours, 'f', 1, 64)
			outs, ins = strconv.Itoa(pc.ScaleOuts), strconv.Itoa(pc.ScaleIns)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", n, most, hours, outs, ins, usd(c.PerProvider[n]))
	}
	return tw.Flush()
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
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%d\t%d\n", seconds(d.StartedAt), d.finished(), seconds(d.DurationSeconds), d.State, d.marked(d.TaskDefinition), d.LowestHealthy, d.FailedTasks)
	}
	return tw.Flush()
}

func pct(x float64) string { return fmt.Sprintf("%.1f%%", 100*x) }

// usd formats dollars to the cent, with commas between thousands ($1,191.36); usd4 to a
// hundredth of a cent, for small unit costs.
func usd(x float64) string  { return "$" + Thousands(fmt.Sprintf("%.2f", x)) }
func usd4(x float64) string { return fmt.Sprintf("$%.4f", x) }

// Thousands puts commas between the thousands of a formatted number's integer part: "12345.6"
// becomes "12,345.6".
func Thousands(num string) string {
	sign, rest := "", num
	if strings.HasPrefix(rest, "-") {
		sign, rest = "-", rest[1:]
	}
	whole, frac, hasFrac := strings.Cut(rest, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteString("." + frac)
	}
	return sign + b.String()
}

// seconds formats a number of seconds as a duration, to the millisecond.
func seconds(x float64) string {
	d := time.Duration(x * float64(time.Second)).Round(time.Millisecond)
	return strings.TrimSuffix(d.String(), ".000s")
}
