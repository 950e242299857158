package scenarios

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/scenarios/internal/tomlpos"
)

// Defaults for keys a scenario may leave out.
const (
	DefaultSeed    = 1
	DefaultRegion  = "us-east-1"
	DefaultCluster = "default"
)

// DefaultStartTime is the wall-clock time a run starts at unless start_time says otherwise; it
// only matters to registeredAt expressions.
var DefaultStartTime = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

var (
	nameRE   = regexp.MustCompile(`^[A-Za-z0-9_-]{1,255}$`) // ECS names for families and services
	regionRE = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d$`)
)

// scenario validates the whole file and returns what it could build.
func (c *checker) scenario(f *scenarioFile) *Scenario {
	sc := &Scenario{Seed: DefaultSeed, Region: DefaultRegion, StartTime: DefaultStartTime, Cluster: DefaultCluster,
		Settings: models.DefaultSettings()}
	if typed(c, "name", f.Name) {
		sc.Name = f.Name.v
		c.plainName("name", "a scenario name", sc.Name)
	}
	if typed(c, "description", f.Description) {
		sc.Description = f.Description.v
	}
	if d, ok := c.requiredPositive("", "duration", f.Duration); ok {
		sc.Duration = d
	}
	if typed(c, "seed", f.Seed) {
		if f.Seed.v < 0 {
			c.bad("seed", "must not be negative")
		}
		sc.Seed = uint64(f.Seed.v)
	}
	if typed(c, "region", f.Region) {
		if !ValidRegion(f.Region.v) {
			c.bad("region", "%q is not a region name like us-east-1", f.Region.v)
		}
		sc.Region = f.Region.v
	}
	if typed(c, "start_time", f.StartTime) {
		t, err := time.Parse(time.RFC3339, f.StartTime.v)
		if err != nil {
			c.bad("start_time", "want an RFC 3339 time such as 2026-01-01T00:00:00Z")
		}
		sc.StartTime = t
	}
	c.cluster(&f.Cluster, sc)
	c.orchestrator(f, sc)
	c.declaredTypes(f.InstanceTypes, sc)
	c.fleet(f.InstanceGroups, sc)
	c.capacityProviders(f.CapacityProviders, sc)
	defKind := c.defaultStrategy(f.Cluster.DefaultCapacityProviderStrategy, sc)
	c.fargate(&f.Fargate, sc)
	c.pricing(&f.Pricing, sc)
	c.faults(&f.Faults, sc)
	regs := c.registries(f.Registries, sc)
	defs := c.taskDefinitions(f.TaskDefinitions, regs, sc)
	tgs := c.targetGroups(f.TargetGroups, sc)
	c.services(f.Services, defs, tgs, sc, defKind)
	c.workloads(f.Workloads, defs, sc, defKind)
	c.eksRun(f, sc) // before the events and shortages, which may name its node groups and objects
	c.shortages(f.CapacityShortages, sc)
	c.events(f.Events, defs, tgs, sc, spotCapacity(f, sc))
	c.eksEvents(f, sc)
	c.lintGracePeriods(sc)
	return sc
}

// plainName refuses a free-form name (the scenario's, an instance group's, an image's) that
// holds a control character: a NUL ends it early wherever it becomes a C string, and a newline
// breaks the line or table row that prints it. ECS's own names have their rules (ValidName).
func (c *checker) plainName(path, what, name string) {
	if strings.IndexFunc(name, unicode.IsControl) >= 0 {
		c.bad(path, "%s must hold no control character (a NUL, a newline), got %q", what, name)
	}
}

func (c *checker) cluster(f *clusterFile, sc *Scenario) {
	if typed(c, "cluster.name", f.Name) {
		if !ValidName(f.Name.v) {
			c.bad("cluster.name", "a cluster name is 1-255 letters, digits, hyphens and underscores")
		}
		sc.Cluster = f.Name.v
	}
	if typed(c, "cluster.placement_tie_break", f.PlacementTieBreak) {
		switch f.PlacementTieBreak.v {
		case "random":
			sc.TieBreak = models.TieRandom
		case "oldest":
			sc.TieBreak = models.TieOldest
		default:
			c.bad("cluster.placement_tie_break", "want random or oldest, got %q", f.PlacementTieBreak.v)
		}
	}
	if d, ok := c.durationIn("cluster.placement_retry_interval", f.PlacementRetryInterval, time.Millisecond, maxPlacementRetry); ok {
		sc.PlacementRetry = d
	}
	if d, ok := c.durationIn("cluster.throttle_initial_delay", f.ThrottleInitialDelay, time.Millisecond, models.MaxThrottleDelay); ok {
		sc.ThrottleDelay = d
	}
	if typed(c, "cluster.awsvpc_trunking", f.AWSVPCTrunking) {
		sc.AWSVPCTrunking = f.AWSVPCTrunking.v
	}
	if n, ok := c.intIn("cluster.provisioning_task_limit", f.ProvisioningTaskLimit, 1, maxProvisioningLimit); ok {
		sc.ProvisioningLimit = int(n)
	}
	if d, ok := c.durationIn("cluster.provisioning_timeout", f.ProvisioningTimeout, 0, maxProvisioningTimeout); ok {
		sc.ProvisioningTimeout = d
	}
}

// maxProvisioningLimit and maxProvisioningTimeout bound [cluster] provisioning_task_limit and
// provisioning_timeout (models.DefaultProvisioningLimit and DefaultProvisioningTimeout):
// ecssim's choice, far above what ECS documents (at most 500 tasks, 10 to 30 minutes).
const (
	maxProvisioningLimit   = 1_000_000
	maxProvisioningTimeout = 7 * 24 * time.Hour
)

// maxPlacementRetry bounds placement_retry_interval: ecssim's choice. throttle_initial_delay is
// bounded by the throttle's 27-minute maximum (models.MaxThrottleDelay,
// DG/service-throttle-logic), above which a first delay means nothing.
const maxPlacementRetry = time.Hour

// duration parses a duration string such as "90s", "5m", "6h", "1h30m" or "30d".
func (c *checker) duration(path string, v str) (time.Duration, bool) {
	if !typed(c, path, v) {
		return 0, false
	}
	d, err := ParseDuration(v.v)
	if err != nil {
		c.bad(path, "%v", err)
		return 0, false
	}
	return d, true
}

// requiredPositive reads the required duration key of the table at path parent, which must be
// above 0.
func (c *checker) requiredPositive(parent, key string, v str) (time.Duration, bool) {
	path := tomlpos.Join(parent, key)
	d, ok := c.duration(path, v)
	switch {
	case ok && d > 0:
		return d, true
	case ok:
		c.bad(path, "must be positive")
	case !v.set:
		c.missing(parent, key)
	}
	return 0, false
}

// durationIn reads a duration in [lo, hi]; it reports whether the value is set and valid.
func (c *checker) durationIn(path string, v str, lo, hi time.Duration) (time.Duration, bool) {
	d, ok := c.duration(path, v)
	if !ok {
		return 0, false
	}
	if d < lo || d > hi {
		c.bad(path, "must be between %s and %s, got %s", shortDuration(lo), shortDuration(hi), v.v)
		return 0, false
	}
	return d, true
}

// shortDuration formats d without zero units: "5m", not "5m0s".
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// given reports whether the optional table at path is in the file: some key set (empty is
// false), or an empty table the index finds.
func (c *checker) given(path string, empty bool) bool {
	if !empty {
		return true
	}
	_, ok := c.index.Find(path)
	return ok
}

// ParseDuration reads a duration as scenario files write them: Go's time.ParseDuration ("90s",
// "1h30m") or a number of days ("2d", "1.5d"), never negative. ecssim run -step reads its
// times with it too, so that a time is written the same way everywhere.
func ParseDuration(s string) (time.Duration, error) {
	if days, ok := strings.CutSuffix(s, "d"); ok {
		if n, err := strconv.ParseFloat(days, 64); err == nil && n < 100_000 {
			if n < 0 {
				return 0, errorf("%q is negative", s)
			}
			return time.Duration(n * float64(24*time.Hour)), nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, errorf("%q is not a duration such as 90s, 5m, 6h or 1d", s)
	}
	if d < 0 {
		return 0, errorf("%q is negative", s)
	}
	return d, nil
}

// parseRate parses an arrival rate such as "20/min", "0.5/s" or "300/h" into arrivals per
// second.
func parseRate(s string) (float64, error) {
	num, unit, ok := strings.Cut(s, "/")
	n, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
	if !ok || err != nil || !(n > 0) || n > 1e9 {
		return 0, errorf("%q is not a positive rate such as 20/min, 0.5/s or 300/h", s)
	}
	per := map[string]float64{"s": 1, "sec": 1, "second": 1, "min": 60, "minute": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}
	div, ok := per[strings.TrimSpace(unit)]
	if !ok {
		return 0, errorf("%q: the rate's unit is /s, /min, /h or /d", s)
	}
	return n / div, nil
}

// intIn reads an integer in [lo, hi]; it reports whether the value is set and valid.
func (c *checker) intIn(path string, v integer, lo, hi int64) (int64, bool) {
	if !typed(c, path, v) {
		return 0, false
	}
	if v.v < lo || v.v > hi {
		c.bad(path, "must be between %d and %d, got %d", lo, hi, v.v)
		return 0, false
	}
	return v.v, true
}

// oneOf reads a string that must be one of choices.
func (c *checker) oneOf(path string, v str, choices ...string) (string, bool) {
	if !typed(c, path, v) {
		return "", false
	}
	if !slices.Contains(choices, v.v) {
		c.bad(path, "want %s, got %q", orList(choices), v.v)
		return "", false
	}
	return v.v, true
}

func orList(choices []string) string {
	if len(choices) == 1 {
		return choices[0]
	}
	return strings.Join(choices[:len(choices)-1], ", ") + " or " + choices[len(choices)-1]
}

// unique reports a name used twice among siblings, naming the line of the first.
func (c *checker) unique(seen map[string]string, path, what, name string) {
	if first, ok := seen[name]; ok {
		loc, _ := c.index.Nearest(first)
		c.bad(path, "%s %q is already defined on line %d", what, name, loc.Key.Line)
		return
	}
	seen[name] = path
}
