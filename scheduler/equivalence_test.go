package scheduler

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/ecssim/ecssim/models"
	mt "github.com/ecssim/ecssim/models/modelstest"
)

// chains covers every shape the fast path treats specially, and shapes it hands to the scan.
var equivalenceChains = [][]models.StrategySpec{
	nil,
	{binpackCPU}, {binpackMemory}, {random}, {spreadZone}, {spreadInstance},
	{spreadZone, binpackMemory}, {spreadZone, binpackCPU}, {spreadZone, spreadInstance},
	{spreadInstance, binpackMemory}, {spreadZone, random}, {binpackMemory, random},
	{binpackCPU, binpackMemory}, {binpackMemory, spreadZone}, {random, binpackCPU},
	{{Type: Spread, Field: "attribute:rack"}}, {{Type: Spread, Field: "attribute:rack"}, binpackMemory},
	{spreadZone, spreadInstance, binpackCPU}, {spreadInstance, spreadZone, random},
	{spreadZone, {Type: Spread, Field: "attribute:rack"}, binpackCPU},
	{binpackMemory, spreadInstance}, {spreadInstance, spreadInstance}, {spreadInstance, binpackCPU, spreadInstance},
	{{Type: Spread, Field: "attribute:rack"}, spreadInstance}, {{Type: Spread, Field: "attribute:rack"}, spreadZone, spreadInstance},
	{{Type: Spread, Field: "attribute:rack"}, random},
	// ecssim's own strategies, which the fast path lists and scores as the scan does.
	{{Type: FirstFit}}, {spreadZone, {Type: BestFit}}, {{Type: DotProduct, Field: FieldAlign}, random},
	// Four nested spreads over attributes, each walking its domains inside the last's.
	{{Type: Spread, Field: "attribute:rack"}, {Type: Spread, Field: "attribute:ecs.instance-type"},
		{Type: Spread, Field: "attribute:ecs.ami-id"}, {Type: Spread, Field: "attribute:ecs.subnet-id"}},
}

// TestFastPathMatchesScan drives random clusters through thousands of placements and stops and
// checks, before every placement, that the indexed fast path picks exactly the instance the
// reference scan picks (or that both fail), random strategy included, and draws as many random
// numbers doing so (scanAgrees).
func TestFastPathMatchesScan(t *testing.T) {
	for ci, chain := range equivalenceChains {
		for seed := range uint64(6) {
			for _, tie := range []models.TieBreak{models.TieRandom, models.TieOldest} {
				for _, fleet := range []fleetKind{mixedFleet, uniformFleet} {
					t.Run(fmt.Sprintf("%s/tie=%d/fleet=%s/seed=%d", ChainName(chain), tie, fleet, seed), func(t *testing.T) {
						compareOnRandomCluster(t, chain, tie, fleet, seed+uint64(ci)*100)
					})
				}
			}
		}
		// A fleet large enough that a tie-break after binpack lists more than 8 instances
		// before it samples (tieLimit), once for each chain that ends in binpack.
		if len(chain) > 0 && chain[len(chain)-1].Type == Binpack {
			t.Run(fmt.Sprintf("%s/tie=%d/fleet=%s", ChainName(chain), models.TieRandom, largeFleet), func(t *testing.T) {
				compareOnRandomCluster(t, chain, models.TieRandom, largeFleet, uint64(ci))
			})
		}
		// Fleets where every instance runs one or more of a service's tasks, for each chain
		// that ends in spread over instances: the levels past 0, their ties and draws.
		if len(chain) > 0 && chain[len(chain)-1] == spreadInstance {
			for seed := range uint64(4) {
				for _, tie := range []models.TieBreak{models.TieRandom, models.TieOldest} {
					t.Run(fmt.Sprintf("%s/tie=%d/fleet=%s/seed=%d", ChainName(chain), tie, fullFleet, seed), func(t *testing.T) {
						compareOnRandomCluster(t, chain, tie, fullFleet, seed+uint64(ci)*100)
					})
				}
			}
		}
	}
}

// fleetKind is the shape of compareOnRandomCluster's fleet.
type fleetKind string

const (
	mixedFleet   fleetKind = "mixed"   // 5 to 94 instances of five types
	uniformFleet fleetKind = "uniform" // 60 to 119 m6i.xlarge: ties are large, and sampled
	largeFleet   fleetKind = "large"   // 1,600 to 1,999 m6i.xlarge: tieLimit is 10 or 11
	// 30 to 89 m6i.xlarge filled with one service's tasks, several per instance, then kept
	// full: spread's levels past 0, ties within them, and draws that miss infeasible instances
	fullFleet fleetKind = "full"
)

// compareOnRandomCluster runs the comparison on a random fleet. A second pipeline, whose chain
// the index keeps in the other scope (zones for a chain that searches all zones at once, and
// the reverse), places some of the tasks through the same index.
func compareOnRandomCluster(t *testing.T, chain []models.StrategySpec, tie models.TieBreak, kind fleetKind, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 99))
	types := []string{"t3.micro", "m5.large", "c5.large", "r5.large", "m6i.xlarge"}
	size := 5 + rng.IntN(90)
	switch kind {
	case uniformFleet:
		types, size = []string{"m6i.xlarge"}, 60+rng.IntN(60)
	case largeFleet:
		types, size = []string{"m6i.xlarge"}, 1600+rng.IntN(400)
	case fullFleet:
		types, size = []string{"m6i.xlarge"}, 30+rng.IntN(60)
	}
	zones := []string{"us-east-1a", "us-east-1b", "us-east-1c"}
	var fleet []*mt.InstanceBuilder
	for range size {
		b := mt.Instance(types[rng.IntN(len(types))]).Zone(zones[rng.IntN(len(zones))])
		if rng.IntN(4) > 0 { // some instances lack the rack attribute
			b.Attr("rack", fmt.Sprint("r", rng.IntN(3)))
		}
		fleet = append(fleet, b)
	}
	c := mt.ClusterWith(tie, seed, fleet...)
	ix := NewIndex(c)
	var constraints []models.ConstraintSpec
	if rng.IntN(3) == 0 {
		constraints = append(constraints, models.ConstraintSpec{Type: DistinctInstance})
	}
	if rng.IntN(3) == 0 {
		constraints = append(constraints, models.ConstraintSpec{Type: MemberOf, Expression: "attribute:ecs.instance-type != c5.large"})
	}
	src := rand.NewPCG(seed, 7)
	fast, err := NewPipeline(c, ix, chain, constraints, src)
	if err != nil {
		t.Fatal(err)
	}
	otherChain := []models.StrategySpec{spreadZone, binpackCPU, binpackMemory}
	if len(chain) > 0 && chain[0] == spreadZone {
		otherChain = []models.StrategySpec{binpackMemory, binpackCPU}
	}
	other, err := NewPipeline(c, ix, otherChain, nil, rand.NewPCG(seed, 8))
	if err != nil {
		t.Fatal(err)
	}
	scans := map[*Pipeline]*Pipeline{fast: scanOf(t, fast, constraints), other: scanOf(t, other, nil)}
	defs := []*models.TaskDefinition{
		mt.TaskDef("small", 128, 256),
		mt.TaskDef("big", 1024, 3000),
		mt.TaskDef("web", 256, 512, models.PortMapping{ContainerPort: 80, HostPort: 80}),
		mt.TaskDef("api", 512, 1024, models.PortMapping{ContainerPort: 8080}),
	}
	var live []*models.Task
	steps := 400
	stopOneIn, groups := 3, []string{"service:a", "service:b", "family:"}
	switch kind {
	case largeFleet:
		steps = 2000 // binpack's ties form among the instances that hold a task or two
	case fullFleet:
		steps, stopOneIn, groups = 12*size, 6, []string{"service:a", "service:a", "service:a", "service:b"}
	}
	for step := range steps {
		if rng.IntN(10) == 0 && len(c.Instances()) > 0 { // drain or reactivate an instance
			in := c.Instances()[rng.IntN(len(c.Instances()))]
			st := models.StatusDraining
			if in.Status == models.StatusDraining {
				st = models.StatusActive
			}
			c.SetStatus(in, st)
		}
		if rng.IntN(40) == 0 && len(c.Instances()) > 1 { // deregister an empty instance
			if in := c.Instances()[rng.IntN(len(c.Instances()))]; len(in.Tasks()) == 0 {
				c.Deregister(in)
			}
		}
		if len(live) > 0 && rng.IntN(stopOneIn) == 0 { // stop a random task
			i := rng.IntN(len(live))
			c.FinishStop(live[i], 0, "test")
			live = append(live[:i], live[i+1:]...)
			continue
		}
		d := defs[rng.IntN(len(defs))]
		group := groups[rng.IntN(len(groups))]
		if group == "family:" {
			group += d.Family
		}
		task := mt.Task(fmt.Sprint("t-", step), d, group)
		p := fast
		if rng.IntN(4) == 0 {
			p = other
		}
		want := p.Explain(task).Winner // the scan, on a copy of the random state
		got, fail := scanAgrees(t, p, scans[p], task)
		if got != want {
			t.Fatalf("step %d, %s in %s by %s: fast path chose %v, scan chose %v", step, d.Family, group, ChainName(p.Strategies()), got, want)
		}
		if (fail == nil) != (got != nil) {
			t.Fatalf("step %d: instance %v with failure %v", step, got, fail)
		}
		if got != nil {
			c.Place(task, got, 0)
			live = append(live, task)
		}
	}
	if err := models.CheckCluster(c); err != nil {
		t.Fatal(err)
	}
}

// TestFastPathMatchesScanAtHighFill holds the two paths to the same draws where they draw
// through the index (drawSet): the random strategy leading a chain, and the tie-break after a
// chain that ends in binpack, on fleets of 100 to 10,000 instances filled until tasks start
// to fail, where the supersets hold many instances that do not fit.
func TestFastPathMatchesScanAtHighFill(t *testing.T) {
	chains := [][]models.StrategySpec{
		{random}, {random, binpackCPU}, {binpackCPU}, {binpackMemory}, {spreadZone, binpackMemory},
		// These two list large sets on every placement at any size (a spread over instances
		// that every instance holds, a binpack tie that a second binpack scores), so they stop
		// at 1,000 instances.
		{spreadInstance, binpackCPU}, {binpackCPU, binpackMemory},
	}
	for ci, chain := range chains {
		for _, n := range []int{100, 1000, 10000} {
			if n > 1000 && (ci >= 5 || testing.Short()) {
				continue
			}
			for _, kind := range []fleetKind{mixedFleet, uniformFleet} {
				if n > 1000 && kind == mixedFleet {
					continue // the uniform fleet's ties are the larger
				}
				t.Run(fmt.Sprintf("%s/instances=%d/fleet=%s", ChainName(chain), n, kind), func(t *testing.T) {
					compareAtHighFill(t, chain, n, kind, uint64(ci*10+n))
				})
			}
		}
	}
}

// compareAtHighFill fills a fleet of n instances through the fast path until placements fail,
// then checks 300 placements, between random stops, against the scan.
func compareAtHighFill(t *testing.T, chain []models.StrategySpec, n int, kind fleetKind, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 5))
	types := []string{"m5.large", "c5.large", "r5.large", "m6i.xlarge"}
	if kind == uniformFleet {
		types = []string{"m6i.xlarge"}
	}
	zones := []string{"us-east-1a", "us-east-1b", "us-east-1c"}
	fleet := make([]*mt.InstanceBuilder, n)
	for i := range fleet {
		fleet[i] = mt.Instance(types[rng.IntN(len(types))]).Zone(zones[rng.IntN(len(zones))])
	}
	c := mt.ClusterWith(models.TieRandom, seed, fleet...)
	p, err := NewPipeline(c, NewIndex(c), chain, nil, rand.NewPCG(seed, 6))
	if err != nil {
		t.Fatal(err)
	}
	scan := scanOf(t, p, nil)
	defs := []*models.TaskDefinition{
		mt.TaskDef("small", 256, 512),
		mt.TaskDef("wide", 1024, 1024),
		mt.TaskDef("tall", 256, 3000),
		mt.TaskDef("web", 256, 512, models.PortMapping{ContainerPort: 80, HostPort: 80}),
	}
	var live []*models.Task
	place := func(step int, check bool) bool {
		d := defs[rng.IntN(len(defs))]
		task := mt.Task(fmt.Sprint("t-", step), d, fmt.Sprint("service:s", rng.IntN(5)))
		var got *models.Instance
		if check {
			got, _ = scanAgrees(t, p, scan, task)
		} else {
			got, _ = p.Place(task)
		}
		if got != nil {
			c.Place(task, got, 0)
			live = append(live, task)
		}
		return got != nil
	}
	for step, fails := 0, 0; fails < 20; step++ {
		if !place(step, false) {
			fails++
		}
	}
	for step := range 300 {
		if len(live) > 0 && rng.IntN(2) == 0 {
			i := rng.IntN(len(live))
			c.FinishStop(live[i], 0, "test")
			live[i] = live[len(live)-1]
			live = live[:len(live)-1]
		}
		place(step, true)
	}
}

// scanOf is a pipeline like p (its chain, constraints) that scans rather than uses the index.
func scanOf(t *testing.T, p *Pipeline, constraints []models.ConstraintSpec) *Pipeline {
	t.Helper()
	scan, err := NewPipeline(p.cluster, nil, p.Strategies(), constraints, rand.NewPCG(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	return scan
}

// scanAgrees places task with p and, from the same random state, with scan, and fails the test
// unless both choose the same instance (or both fail) and leave the same random state: a draw
// is a function of the set drawn from and the seed, not of the path that found the set.
func scanAgrees(t *testing.T, p, scan *Pipeline, task *models.Task) (*models.Instance, *models.PlacementError) {
	t.Helper()
	*scan.src = *p.src
	want, _ := scan.Place(task)
	got, fail := p.Place(task)
	if got != want {
		t.Fatalf("%s by %s: fast path chose %v, scan chose %v", task.Def.Family, ChainName(p.Strategies()), got, want)
	}
	if *scan.src != *p.src {
		t.Fatalf("%s by %s: both chose %v, but the fast path drew other random numbers than the scan", task.Def.Family, ChainName(p.Strategies()), got)
	}
	return got, fail
}
