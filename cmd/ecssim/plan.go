package main

import (
	"bytes"
	"cmp"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ecssim/ecssim/experiment"
	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/reports"
	"github.com/ecssim/ecssim/scenarios"
)

// planOptions are plan's flags.
type planOptions struct {
	group, types, format string
	out                  string
	strategies           strategiesFlag
	seeds, max, workers  int
	seed                 uint64
	seedSet, quiet       bool
	zoneLoss             bool
	sets                 setFlag
	zl                   experiment.ZoneLoss
	quantile, spotShare  float64
	targets              experiment.PlanTargets
	limits               limitFlags
}

func (o *planOptions) register(fs *flag.FlagSet) {
	fs.StringVar(&o.group, "group", "", "")
	fs.StringVar(&o.types, "types", "", "")
	fs.Var(&o.strategies, "strategies", "")
	fs.IntVar(&o.seeds, "seeds", 11, "")
	seedFlag(fs, &o.seed, &o.seedSet)
	fs.Float64Var(&o.quantile, "quantile", 1, "")
	fs.Float64Var(&o.targets.NeverPlaced, "never-placed", 0, "")
	fs.Float64Var(&o.targets.Availability, "availability", 0.999, "")
	fs.DurationVar(&o.targets.PendingP99, "pending-p99", 0, "")
	fs.BoolVar(&o.zoneLoss, "zone-loss", false, "")
	fs.DurationVar(&o.zl.For, "zone-loss-for", time.Hour, "")
	fs.DurationVar(&o.zl.At, "zone-loss-at", 0, "")
	fs.DurationVar(&o.zl.Recovery, "recovery", 10*time.Minute, "")
	fs.IntVar(&o.max, "max", 0, "")
	fs.Float64Var(&o.spotShare, "spot-share", 0.5, "")
	fs.IntVar(&o.workers, "workers", runtime.GOMAXPROCS(0), "")
	fs.BoolVar(&o.quiet, "quiet", false, "")
	fs.StringVar(&o.format, "format", "text", "")
	fs.StringVar(&o.out, "out", "", "")
	fs.Var(&o.sets, "set", "")
	o.limits.register(fs, false)
}

// check refuses flags out of range.
func (o *planOptions) check(fs *flag.FlagSet) error {
	switch {
	case fs.NArg() != 1:
		return usageErrorf("plan: name one scenario, got %d", fs.NArg())
	case o.seeds < 1 || o.seeds > maxPlanSeeds:
		return usageErrorf("plan: -seeds %d: want 1 to %d", o.seeds, maxPlanSeeds)
	case !(o.quantile > 0 && o.quantile <= 1):
		return usageErrorf("plan: -quantile %v: want a share of the seeds above 0 and at most 1", o.quantile)
	case !(o.targets.NeverPlaced >= 0) || o.targets.NeverPlaced > 1 && o.targets.NeverPlaced != float64(int64(o.targets.NeverPlaced)):
		return usageErrorf("plan: -never-placed %v: want a count of tasks (0, 1, 2, ...) or a share below 1", o.targets.NeverPlaced)
	case !(o.targets.Availability >= 0 && o.targets.Availability <= 1):
		return usageErrorf("plan: -availability %v: want a share from 0 to 1", o.targets.Availability)
	case o.targets.PendingP99 < 0:
		return usageErrorf("plan: -pending-p99 %v: want a duration above 0", o.targets.PendingP99)
	case o.max < 0 || o.max > experiment.DefaultPlanMax*10:
		return usageErrorf("plan: -max %d: want 0 (the group's maximum, or %d) to %d", o.max, experiment.DefaultPlanMax, experiment.DefaultPlanMax*10)
	case o.zl.For <= 0 || o.zl.At < 0 || o.zl.Recovery < 0:
		return usageErrorf("plan: -zone-loss-for, -zone-loss-at and -recovery: want durations, -zone-loss-for above 0")
	case !(o.spotShare >= 0 && o.spotShare <= 1):
		return usageErrorf("plan: -spot-share %v: want a share from 0 to 1", o.spotShare)
	case o.workers < 1:
		return usageErrorf("plan: -workers %d: want 1 at least", o.workers)
	case o.format != "text" && o.format != "json":
		return usageErrorf("plan: -format: want text or json, got %q", o.format)
	}
	return nil
}

// maxPlanSeeds bounds -seeds: every count tried runs every seed.
const maxPlanSeeds = 1000

func cmdPlan(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("plan")
	var o planOptions
	o.register(fs)
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	if err := o.check(fs); err != nil {
		return err
	}
	sc, err := openScenario(fs.Arg(0), o.sets, stderr)
	if err != nil {
		return err
	}
	types, err := planTypes(sc, o.types)
	if err != nil {
		return err
	}
	strategies, err := o.strategies.load("plan")
	if err != nil {
		return err
	}
	first := sc.Seed
	if o.seedSet {
		first = o.seed
	}
	if o.zoneLoss {
		o.targets.ZoneLoss = &o.zl
	}
	// Every count tried runs the seeds on the workers: the grid of one count bounds them.
	if err := experiment.EstimateGrid(scenarios.NewSweep(sc, strategies, o.seeds, first), o.workers).Check(o.limits.Limits); err != nil {
		return err
	}
	tuneGC()
	bar := newProgress(stderr, -1, "plan", o.quiet)
	ctx, stop := interruptOnce()
	defer stop()
	plans, err := experiment.PlanFleet(ctx, sc, experiment.PlanOptions{
		Group: o.group, Types: types, Strategies: strategies, Seeds: o.seeds, FirstSeed: first,
		Quantile: o.quantile, Max: o.max, Targets: o.targets, Workers: o.workers,
		Done: func() { bar.add(1) },
	})
	bar.done()
	if err != nil {
		return err
	}
	rankPlans(plans)
	return o.write(stdout, stderr, sc, plans)
}

// write prints the plans and the Fargate comparison in the -format asked, and writes -out's
// report.
func (o *planOptions) write(stdout, stderr io.Writer, sc *scenarios.Scenario, plans []experiment.Plan) error {
	fargate := experiment.PlanFargate(sc, o.spotShare)
	var js bytes.Buffer
	if err := writePlanJSON(&js, sc.Name, *o, plans, fargate); err != nil {
		return err
	}
	if o.out != "" {
		if err := writePlanReport(*o, sc.Name, plans, js.Bytes()); err != nil {
			return err
		}
		reportWritten(stderr, "plan", o.out)
	}
	if o.format == "json" {
		_, err := stdout.Write(js.Bytes())
		return err
	}
	if err := writePlanText(stdout, *o, plans); err != nil {
		return err
	}
	return writeFargateText(stdout, fargate)
}

// planTypes reads -types: type names, and "family:F1,F2" for every size of those families in
// the catalog, smallest first. The scenario's own instance types are found by name too.
func planTypes(sc *scenarios.Scenario, list string) ([]*models.InstanceType, error) {
	var out []*models.InstanceType
	add := func(t *models.InstanceType) {
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	families := false
	for item := range strings.SplitSeq(list, ",") {
		item = strings.TrimSpace(item)
		if fam, ok := strings.CutPrefix(item, "family:"); ok {
			families, item = true, fam
		}
		switch {
		case item == "":
		case families:
			n := len(out)
			for _, t := range models.InstanceTypes() {
				if t.Family() == item {
					add(t)
				}
			}
			if len(out) == n {
				return nil, usageErrorf("plan: -types: no family %q in the catalog (see ecssim instance-types)", item)
			}
		default:
			t, ok := lookupPlanType(sc, item)
			if !ok {
				return nil, usageErrorf("plan: -types: no instance type %q in the scenario or the catalog (see ecssim instance-types)", item)
			}
			add(t)
		}
	}
	return out, nil
}

// lookupPlanType finds a type by name among the scenario's own, then in the catalog.
func lookupPlanType(sc *scenarios.Scenario, name string) (*models.InstanceType, bool) {
	if i := slices.IndexFunc(sc.InstanceTypes, func(t *models.InstanceType) bool { return t.Name == name }); i >= 0 {
		return sc.InstanceTypes[i], true
	}
	return models.LookupInstanceType(name)
}

// rankPlans orders plans by monthly cost, those with no count last, then by type and
// strategy as they were given.
func rankPlans(plans []experiment.Plan) {
	slices.SortStableFunc(plans, func(a, b experiment.Plan) int {
		if (a.Count == nil) != (b.Count == nil) {
			if a.Count == nil {
				return 1
			}
			return -1
		}
		return cmp.Compare(a.CostPerMonth, b.CostPerMonth)
	})
}

// planJSON is plan -format json (SPEC §2).
type planJSON struct {
	Scenario string                   `json:"scenario"`
	Targets  planTargetsJSON          `json:"targets"`
	Plans    []experiment.Plan        `json:"plans"`
	Fargate  []experiment.FargatePlan `json:"fargate"`
}

type planTargetsJSON struct {
	NeverPlaced       float64       `json:"never_placed"`
	Availability      float64       `json:"availability"`
	PendingP99Seconds *float64      `json:"pending_p99_seconds"`
	Quantile          float64       `json:"quantile"`
	Seeds             int           `json:"seeds"`
	ZoneLoss          *zoneLossJSON `json:"zone_loss"`
}

type zoneLossJSON struct {
	AtSeconds       *float64 `json:"at_seconds"` // null: half way
	ForSeconds      float64  `json:"for_seconds"`
	RecoverySeconds float64  `json:"recovery_seconds"`
}

func writePlanJSON(w io.Writer, scenario string, o planOptions, plans []experiment.Plan, fargate []experiment.FargatePlan) error {
	t := planTargetsJSON{NeverPlaced: o.targets.NeverPlaced, Availability: o.targets.Availability, Quantile: o.quantile, Seeds: o.seeds}
	if o.targets.PendingP99 > 0 {
		s := o.targets.PendingP99.Seconds()
		t.PendingP99Seconds = &s
	}
	if zl := o.targets.ZoneLoss; zl != nil {
		t.ZoneLoss = &zoneLossJSON{ForSeconds: zl.For.Seconds(), RecoverySeconds: zl.Recovery.Seconds()}
		if zl.At > 0 {
			at := zl.At.Seconds()
			t.ZoneLoss.AtSeconds = &at
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(planJSON{Scenario: scenario, Targets: t, Plans: plans, Fargate: fargate})
}

// writePlanText prints the plans as a table ranked by monthly cost, with the targets above.
func writePlanText(w io.Writer, o planOptions, plans []experiment.Plan) error {
	fmt.Fprintf(w, "%s\n\n", targetsLine(o))
	header, rows := planRows(plans)
	return alignedTable(w, append([][]string{header}, rows...), []bool{false, false, true, true, false, true, true, true, true, true, true, true, true, false})
}

// targetsLine says the targets and the seeds they must hold on.
func targetsLine(o planOptions) string {
	return fmt.Sprintf("targets, on %s of %d seeds: %s", share(o.quantile), o.seeds, describeTargets(o.targets))
}

// planRows are the ranked table's header and rows.
func planRows(plans []experiment.Plan) ([]string, [][]string) {
	header := []string{"type", "strategy", "count", "bound", "by", "FFD", "gap", "$/month", "CPU res", "mem res", "CPU strand", "mem strand", "worst zone", "set by"}
	var rows [][]string
	for _, p := range plans {
		count, gap := "none", "-"
		if p.Count != nil {
			count, gap = strconv.Itoa(*p.Count), strconv.Itoa(*p.Count-p.LowerBound)
		}
		by := p.BindingTarget
		switch {
		case p.FitNowhere > 0:
			by = fmt.Sprintf("%d tasks fit no %s", p.FitNowhere, p.InstanceType)
		case p.Count == nil:
			by = "no count up to the maximum"
		case p.NotMonotone:
			by += " (not monotone)"
		}
		rows = append(rows, []string{p.InstanceType, p.Strategy, count, strconv.Itoa(p.LowerBound), p.BoundBy,
			strconv.Itoa(p.FirstFitDecreasing), gap, fmt.Sprintf("%.2f", p.CostPerMonth),
			share(p.CPUReservedMean), share(p.MemoryReservedMean), share(p.CPUStrandedMean), share(p.MemoryStrandedMean),
			share(p.ZoneLossSurvivalWorst), by})
	}
	return header, rows
}

// writePlanReport writes -out's figure, plan.json and report.html.
func writePlanReport(o planOptions, scenario string, plans []experiment.Plan, js []byte) error {
	header, rows := planRows(plans)
	r := reports.PlanReport{Scenario: scenario, Notes: []string{targetsLine(o) + "."}, Header: header, Rows: rows, JSON: js}
	for _, p := range plans {
		tried := slices.Clone(p.Tried)
		slices.SortFunc(tried, func(a, b experiment.Trial) int { return cmp.Compare(a.Count, b.Count) })
		c := reports.PlanCurve{Label: p.InstanceType + ", " + p.Strategy, Type: p.InstanceType, Bound: p.LowerBound}
		if p.Count != nil {
			c.Answer = *p.Count
		}
		for _, t := range tried {
			c.Counts = append(c.Counts, float64(t.Count))
			c.CostPerMonth = append(c.CostPerMonth, t.CostPerMonth)
			c.Seen = append(c.Seen, float64(t.SeedsMet)/float64(o.seeds))
		}
		r.Curves = append(r.Curves, c)
	}
	return reports.WritePlanReport(o.out, r)
}

// writeFargateText prints the same demand's cost on Fargate, with the rounding overhead of each
// task definition.
func writeFargateText(w io.Writer, plans []experiment.FargatePlan) error {
	fmt.Fprintln(w, "\nthe same steady demand on Fargate, each task rounded up to a Fargate size:")
	rows := [][]string{{"capacity", "spot share", "$/month", "rounding overhead"}}
	for _, p := range plans {
		rows = append(rows, []string{p.Capacity, share(p.SpotShare), fmt.Sprintf("%.2f", p.CostPerMonth), share(p.RoundingOverhead)})
	}
	if err := alignedTable(w, rows, []bool{false, true, true, true}); err != nil {
		return err
	}
	if len(plans) == 0 {
		return nil
	}
	fmt.Fprintln(w)
	rows = [][]string{{"service or workload", "tasks", "CPU", "memory MiB", "Fargate CPU", "Fargate MiB", "$/month on FARGATE", "rounding overhead"}}
	for _, t := range plans[0].PerOwner {
		rows = append(rows, []string{t.Name, strconv.Itoa(t.Tasks), strconv.FormatInt(t.CPU, 10), strconv.FormatInt(t.MemoryMiB, 10),
			strconv.FormatInt(t.FargateCPU, 10), strconv.FormatInt(t.FargateMemoryMiB, 10), fmt.Sprintf("%.2f", t.CostPerMonth), share(t.RoundingOverhead)})
	}
	for _, u := range plans[0].Unfit {
		rows = append(rows, []string{u.Name, "-", "-", "-", u.Why, "", "", ""})
	}
	return alignedTable(w, rows, []bool{false, true, true, true, true, true, true, true})
}

// describeTargets says the targets in words.
func describeTargets(t experiment.PlanTargets) string {
	never := strconv.FormatFloat(t.NeverPlaced, 'f', -1, 64)
	if t.NeverPlaced > 0 && t.NeverPlaced < 1 {
		never = share(t.NeverPlaced) + " of the tasks"
	}
	s := fmt.Sprintf("at most %s never placed; every service's availability at least %s", never, strconv.FormatFloat(t.Availability, 'f', -1, 64))
	if t.PendingP99 > 0 {
		s += "; p99 time to RUNNING at most " + t.PendingP99.Round(time.Millisecond).String()
	}
	if zl := t.ZoneLoss; zl != nil {
		at := "half way"
		if zl.At > 0 {
			at = "at " + zl.At.String()
		}
		s += fmt.Sprintf("; each zone lost for %v %s, every service whole again within %v", zl.For, at, zl.Recovery)
	}
	return s
}

// share writes a share as a percentage.
func share(x float64) string {
	return strconv.FormatFloat(100*x, 'f', 1, 64) + "%"
}
