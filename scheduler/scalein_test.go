package scheduler

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/models"
	mt "github.com/ecssim/ecssim/models/modelstest"
)

const web = "service:web"

// placeOn places one web task per entry of on, on the instance with that index, and returns
// the tasks in launch order, named web-1, web-2, ...
func placeOn(c *models.Cluster, def *models.TaskDefinition, on ...int) []*models.Task {
	ins := c.Instances()
	var tasks []*models.Task
	for i, k := range on {
		tasks = append(tasks, mt.Place(c, ins[k], fmt.Sprint("web-", i+1), def, web))
	}
	return tasks
}

// fill places a task of another group holding cpu and mem on instance k.
func fill(c *models.Cluster, k int, cpu, mem int64) {
	mt.Place(c, c.Instances()[k], fmt.Sprint("fill-", k), mt.TaskDef("fill", cpu, mem), "family:fill")
}

func newPipeline(t testing.TB, c *models.Cluster, chain []models.StrategySpec, cons []models.ConstraintSpec, seed uint64) *Pipeline {
	t.Helper()
	p, err := NewPipeline(c, NewIndex(c), chain, cons, rand.NewPCG(seed, 1))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func zoned(zones ...string) []*mt.InstanceBuilder {
	var fleet []*mt.InstanceBuilder
	for _, z := range zones {
		fleet = append(fleet, mt.Instance("m5.large").Zone("us-east-1"+z))
	}
	return fleet
}

func TestScaleIn(t *testing.T) {
	spreadRack := models.StrategySpec{Type: Spread, Field: "attribute:rack"}
	small := mt.TaskDef("web", 256, 1000)
	tests := []struct {
		name  string
		chain []models.StrategySpec
		tie   models.TieBreak
		setup func() (*models.Cluster, []*models.Task)
		want  []string // the task IDs ScaleIn may pick
	}{
		{
			// Three m5.large (7985 MiB). Fillers of 3000, 1000 and 6000 MiB, then one web task
			// of 1000 MiB on each: free 3985, 5985, 985 MiB. Released, web-1 leaves 4985,
			// web-2 6985, web-3 1985: web-2 goes.
			name:  "binpack(memory): the instance with the most memory free after release",
			chain: []models.StrategySpec{binpackMemory},
			setup: func() (*models.Cluster, []*models.Task) {
				c := mt.Cluster(1, mt.Instance("m5.large"), mt.Instance("m5.large"), mt.Instance("m5.large"))
				fill(c, 0, 0, 3000)
				fill(c, 1, 0, 1000)
				fill(c, 2, 0, 6000)
				return c, placeOn(c, small, 0, 1, 2)
			},
			want: []string{"web-2"},
		},
		{
			// Two m5.large (2048 CPU). i-0001 runs web-1 of 1024 CPU (free 1024); i-0002 a
			// filler of 256 and web-2 of 256 (free 1536). Released, web-1 leaves 2048 and
			// web-2 1792: the task's own charge counts, so web-1 goes though i-0002 has more
			// free now.
			name:  "binpack(cpu): the task's own charge counts",
			chain: []models.StrategySpec{binpackCPU},
			setup: func() (*models.Cluster, []*models.Task) {
				c := mt.Cluster(1, mt.Instance("m5.large"), mt.Instance("m5.large"))
				fill(c, 1, 256, 10)
				big := mt.Task("web-1", mt.TaskDef("web", 1024, 100), web)
				c.Place(big, c.Instances()[0], 0)
				small := mt.Task("web-2", mt.TaskDef("web", 256, 100), web)
				c.Place(small, c.Instances()[1], 0)
				return c, []*models.Task{big, small}
			},
			want: []string{"web-1"},
		},
		{
			// Zone a: i-0001 runs 1. Zone b: i-0002 runs 2, i-0003 none. Zone c: i-0004 and
			// i-0005 run 1 each. Zones b and c tie at 2; inside them i-0002 runs the most (2):
			// one of its two tasks goes.
			name:  "service default: the AZ with the most tasks, then the instance with the most",
			chain: ServiceDefault(),
			setup: func() (*models.Cluster, []*models.Task) {
				c := mt.Cluster(1, zoned("a", "b", "b", "c", "c")...)
				return c, placeOn(c, small, 0, 1, 1, 3, 4)
			},
			want: []string{"web-2", "web-3"},
		},
		{
			// Zone a: i-0001, i-0002, i-0003 run 1 each (3 in the zone). Zone b: i-0004 runs 2.
			// The zone comes first: a task of zone a goes, though i-0004 runs the most.
			name:  "service default: the zone decides before the instance",
			chain: ServiceDefault(),
			setup: func() (*models.Cluster, []*models.Task) {
				c := mt.Cluster(1, zoned("a", "a", "a", "b")...)
				return c, placeOn(c, small, 0, 1, 2, 3, 3)
			},
			want: []string{"web-1", "web-2", "web-3"},
		},
		{
			// The same fleet under TieOldest, launched in the other order: the three tied
			// tasks web-1, web-2, web-3 run on i-0003, i-0002, i-0001, so web-3 goes.
			name:  "service default under TieOldest",
			chain: ServiceDefault(),
			tie:   models.TieOldest,
			setup: func() (*models.Cluster, []*models.Task) {
				c := mt.ClusterWith(models.TieOldest, 1, zoned("a", "a", "a", "b")...)
				return c, placeOn(c, small, 2, 1, 0, 3, 3)
			},
			want: []string{"web-3"},
		},
		{
			// rack r1: i-0001 runs 1. rack r2: i-0002 and i-0003 run 1 each (2). No rack:
			// i-0004 runs 1, i-0005 runs 2 (3, counted as one domain). The rackless domain holds
			// the most; TieOldest takes i-0004's task.
			name:  "spread(attribute:rack): instances lacking the attribute form one domain",
			chain: []models.StrategySpec{spreadRack},
			tie:   models.TieOldest,
			setup: func() (*models.Cluster, []*models.Task) {
				c := mt.ClusterWith(models.TieOldest, 1,
					mt.Instance("m5.large").Attr("rack", "r1"), mt.Instance("m5.large").Attr("rack", "r2"),
					mt.Instance("m5.large").Attr("rack", "r2"), mt.Instance("m5.large"), mt.Instance("m5.large"))
				return c, placeOn(c, small, 4, 0, 1, 2, 3, 4)
			},
			want: []string{"web-5"},
		},
		{
			// rack r1: i-0001 runs 1. rack r2: i-0002 runs 1, i-0003 runs 2 (3). No rack:
			// i-0004 runs 2. Rack r2 holds the most; its tasks tie, and TieOldest takes
			// i-0002's (web-3), though the rackless instance runs more than it.
			name:  "spread(attribute:rack): the rackless domain smaller than a rack",
			chain: []models.StrategySpec{spreadRack},
			tie:   models.TieOldest,
			setup: func() (*models.Cluster, []*models.Task) {
				c := mt.ClusterWith(models.TieOldest, 1,
					mt.Instance("m5.large").Attr("rack", "r1"), mt.Instance("m5.large").Attr("rack", "r2"),
					mt.Instance("m5.large").Attr("rack", "r2"), mt.Instance("m5.large"))
				return c, placeOn(c, small, 0, 2, 1, 2, 3, 3)
			},
			want: []string{"web-3"},
		},
		{
			// spread(AZ) then binpack(memory): zone a holds 2 tasks, zone b 1. Inside zone a,
			// i-0001 has a 5000 MiB filler: web-1 released leaves 7985 − 5000 − 1000 + 1000 =
			// 2985; web-2 on i-0002 leaves 7985. web-2 goes; web-3 of zone b never does,
			// though its instance is empty but for it.
			name:  "spread(AZ) then binpack(memory)",
			chain: []models.StrategySpec{spreadZone, binpackMemory},
			setup: func() (*models.Cluster, []*models.Task) {
				c := mt.Cluster(1, zoned("a", "a", "b")...)
				fill(c, 0, 0, 5000)
				return c, placeOn(c, small, 0, 1, 2)
			},
			want: []string{"web-2"},
		},
		{
			// Every strategy ties (one zone, equal free memory); TieOldest takes the task on the
			// lowest-Seq instance (i-0002, the first two tasks are on i-0003) and of its two
			// tasks the earliest launched, web-2, not web-3.
			name:  "TieOldest: the lowest-Seq instance's earliest task",
			chain: []models.StrategySpec{spreadZone, binpackMemory},
			tie:   models.TieOldest,
			setup: func() (*models.Cluster, []*models.Task) {
				c := mt.ClusterWith(models.TieOldest, 1, zoned("a", "a", "a")...)
				return c, placeOn(c, small, 2, 1, 1, 2)
			},
			want: []string{"web-2"},
		},
		{
			name:  "a single candidate",
			chain: []models.StrategySpec{random},
			setup: func() (*models.Cluster, []*models.Task) {
				c := mt.Cluster(1, zoned("a")...)
				return c, placeOn(c, small, 0)
			},
			want: []string{"web-1"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, cands := tc.setup()
			if c.TieBreak() != tc.tie {
				t.Fatalf("cluster tie-break %v, case says %v", c.TieBreak(), tc.tie)
			}
			before := slices.Clone(cands)
			p := newPipeline(t, c, tc.chain, nil, 1)
			for range 20 { // ScaleIn changes nothing, so it may be asked again
				got := p.ScaleIn(cands)
				if !slices.Contains(tc.want, got.ID) {
					t.Fatalf("ScaleIn chose %s, want one of %v", got.ID, tc.want)
				}
			}
			if diff := cmp.Diff(taskIDs(before), taskIDs(cands)); diff != "" {
				t.Errorf("ScaleIn changed its candidates (-before +after):\n%s", diff)
			}
			if err := models.CheckCluster(c); err != nil {
				t.Error(err)
			}
		})
	}
}

func taskIDs(ts []*models.Task) []string {
	ids := make([]string, len(ts))
	for i, t := range ts {
		ids[i] = t.ID
	}
	return ids
}

// TestScaleInDraws checks the random picks: random, an empty chain, and the TieRandom tie-break
// each give the same sequence of picks for the same seed, and over many draws pick every tied
// candidate about equally often, and never one a strategy ruled out.
func TestScaleInDraws(t *testing.T) {
	small := mt.TaskDef("web", 256, 1000)
	// Zone a: i-0001 runs web-1, web-2; i-0002 runs web-3. Zone b: i-0003 runs web-4.
	setup := func() (*models.Cluster, []*models.Task) {
		c := mt.Cluster(1, zoned("a", "a", "b")...)
		return c, placeOn(c, small, 0, 0, 1, 2)
	}
	tests := []struct {
		name  string
		chain []models.StrategySpec
		tied  []string
	}{
		{"random", []models.StrategySpec{random}, []string{"web-1", "web-2", "web-3", "web-4"}},
		{"empty chain", nil, []string{"web-1", "web-2", "web-3", "web-4"}},
		{"spread(AZ) then random: zone a only", []models.StrategySpec{spreadZone, random}, []string{"web-1", "web-2", "web-3"}},
		// binpack(memory): every instance keeps 7985 MiB free once its task goes... except
		// i-0001, which keeps 6985 with its other task, so the tie is web-3 and web-4.
		{"binpack(memory) ties, TieRandom", []models.StrategySpec{binpackMemory}, []string{"web-3", "web-4"}},
		{"spread(AZ) ties, TieRandom", []models.StrategySpec{spreadZone}, []string{"web-1", "web-2", "web-3"}},
	}
	const draws = 4000
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			picks := func(seed uint64, n int) []string {
				c, cands := setup()
				p := newPipeline(t, c, tc.chain, nil, seed)
				out := make([]string, n)
				for i := range out {
					out[i] = p.ScaleIn(cands).ID
				}
				return out
			}
			if diff := cmp.Diff(picks(7, 50), picks(7, 50)); diff != "" {
				t.Errorf("same seed, different picks (-first +second):\n%s", diff)
			}
			if slices.Equal(picks(7, 50), picks(8, 50)) {
				t.Errorf("seeds 7 and 8 gave the same 50 picks")
			}
			freq := map[string]int{}
			for _, id := range picks(3, draws) {
				freq[id]++
			}
			want := draws / len(tc.tied)
			for _, id := range tc.tied {
				if n := freq[id]; n < want*3/4 || n > want*5/4 {
					t.Errorf("%s picked %d times of %d, want about %d", id, n, draws, want)
				}
				delete(freq, id)
			}
			if len(freq) > 0 {
				t.Errorf("picked tasks outside the tie: %v", freq)
			}
		})
	}
}

func TestScaleInAllocatesNothing(t *testing.T) {
	for _, chain := range [][]models.StrategySpec{ServiceDefault(), {binpackMemory}, {spreadZone, random}, nil} {
		t.Run(ChainName(chain), func(t *testing.T) {
			c := mt.Cluster(1, zoned("a", "a", "b", "b", "c")...)
			cands := placeOn(c, mt.TaskDef("web", 256, 1000), 0, 1, 1, 2, 3, 3, 3, 4)
			p := newPipeline(t, c, chain, nil, 1)
			if n := testing.AllocsPerRun(100, func() { p.ScaleIn(cands) }); n != 0 {
				t.Errorf("ScaleIn allocates %v times per call", n)
			}
		})
	}
}

func TestPlaceOn(t *testing.T) {
	// i-0001 fits; i-0002 is a t3.micro (998 MiB) short of memory for 2048 MiB; i-0003 lacks
	// team=web; i-0004 is draining (and short of nothing else); i-0005 already runs a web task.
	c := mt.Cluster(1,
		mt.Instance("m5.large").Attr("team", "web"), mt.Instance("t3.micro").Attr("team", "web"),
		mt.Instance("m5.large").Attr("team", "batch"), mt.Instance("m5.large").Attr("team", "web"),
		mt.Instance("m5.large").Attr("team", "web"))
	ins := c.Instances()
	c.SetStatus(ins[3], models.StatusDraining)
	def := mt.TaskDef("web", 512, 2048)
	mt.Place(c, ins[4], "web-0", def, web)
	memberOf := []models.ConstraintSpec{{Type: MemberOf, Expression: "attribute:team == web"}}
	batchOnly := []models.ConstraintSpec{{Type: MemberOf, Expression: "attribute:team == batch"}}
	distinct := []models.ConstraintSpec{{Type: DistinctInstance}}
	// A task definition constraint runs before the pipeline's.
	defOnlyM5 := mt.TaskDef("web", 512, 2048)
	defOnlyM5.PlacementConstraints = []models.ConstraintSpec{{Type: MemberOf, Expression: "attribute:ecs.instance-type == m5.large"}}
	one := func(in *models.Instance, filter, reason string) *models.PlacementError {
		return &models.PlacementError{Candidates: 1, Rejected: []models.Rejection{{Filter: filter, Count: 1}}, Closest: in, ClosestReason: reason}
	}
	memberOfReason := `encountered error "MemberOf placement constraint unsatisfied."`
	// eligible is what Eligible says: room aside, may the task ever run there?
	tests := []struct {
		name     string
		cons     []models.ConstraintSpec
		def      *models.TaskDefinition
		in       *models.Instance
		want     *models.PlacementError
		eligible bool
	}{
		{"fits", memberOf, def, ins[0], nil, true},
		{"short of memory", nil, def, ins[1], one(ins[1], FilterMemory, "has insufficient memory available"), true},
		{"resource fit before constraints", batchOnly, def, ins[1], one(ins[1], FilterMemory, "has insufficient memory available"), false},
		{"memberOf excludes it", memberOf, def, ins[2], one(ins[2], FilterMemberOf, memberOfReason), false},
		{"resource fit before the task definition's constraint", nil, defOnlyM5, ins[1], one(ins[1], FilterMemory, "has insufficient memory available"), false},
		{"the task definition's constraint before the pipeline's", batchOnly, defOnlyM5, ins[0], one(ins[0], FilterMemberOf, memberOfReason), false},
		{"draining", memberOf, def, ins[3], one(ins[3], FilterStatus, "is not ACTIVE"), false},
		{"distinctInstance: already runs one", distinct, def, ins[4], one(ins[4], FilterDistinctInstance, `encountered error "DistinctInstance placement constraint unsatisfied."`), false},
		{"distinctInstance: another instance", distinct, def, ins[0], nil, true},
	}
	same := cmp.Comparer(func(a, b *models.Instance) bool { return a == b })
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := newPipeline(t, c, nil, tc.cons, 1)
			got := p.PlaceOn(mt.Task("web-1", tc.def, web), tc.in)
			if diff := cmp.Diff(tc.want, got, same); diff != "" {
				t.Errorf("PlaceOn(%s) (-want +got):\n%s", tc.in.ID, diff)
			}
			if e := p.Eligible(mt.Task("web-1", tc.def, web), tc.in); e != tc.eligible {
				t.Errorf("Eligible(%s) = %v, want %v", tc.in.ID, e, tc.eligible)
			}
		})
	}
	// The task definition's constraint rejects a c5.large that fits otherwise.
	c5 := mt.Cluster(1, mt.Instance("c5.large"))
	p := newPipeline(t, c5, nil, nil, 1)
	got := p.PlaceOn(mt.Task("web-1", defOnlyM5, web), c5.Instances()[0])
	if diff := cmp.Diff(one(c5.Instances()[0], FilterMemberOf, memberOfReason), got, same); diff != "" {
		t.Errorf("task definition's memberOf (-want +got):\n%s", diff)
	}
}

// TestPlaceOnMatchesPlace checks PlaceOn against Place on one-instance clusters: it passes
// exactly when Place places, and fails with the same error.
func TestPlaceOnMatchesPlace(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	types := []string{"t3.micro", "m5.large", "c5.large"}
	defs := []*models.TaskDefinition{
		mt.TaskDef("small", 128, 256), mt.TaskDef("big", 1024, 3000),
		mt.TaskDef("web", 256, 512, models.PortMapping{ContainerPort: 80, HostPort: 80}),
	}
	cons := []models.ConstraintSpec{{Type: DistinctInstance}, {Type: MemberOf, Expression: "attribute:rack != r0"}}
	for i := range 200 {
		b := mt.Instance(types[rng.IntN(len(types))])
		if rng.IntN(3) > 0 {
			b.Attr("rack", fmt.Sprint("r", rng.IntN(2)))
		}
		c := mt.Cluster(uint64(i), b)
		in := c.Instances()[0]
		if rng.IntN(4) == 0 {
			c.SetStatus(in, models.StatusDraining)
		}
		p := newPipeline(t, c, ServiceDefault(), cons[:rng.IntN(3)], 1)
		for j := range 4 {
			task := mt.Task(fmt.Sprint("t-", i, "-", j), defs[rng.IntN(len(defs))], web)
			on := p.PlaceOn(task, in)
			placed, fail := p.Place(task)
			if diff := cmp.Diff(fail, on, cmp.Comparer(func(a, b *models.Instance) bool { return a == b })); diff != "" {
				t.Fatalf("cluster %d task %d: PlaceOn and Place disagree (-Place +PlaceOn):\n%s", i, j, diff)
			}
			if placed != nil {
				c.Place(task, placed, 0)
			}
		}
	}
}

// BenchmarkScaleIn measures scale-in choices per second for a 100-task service on 1000
// m6i.xlarge instances over three zones, placed by the same chain, with other services around.
func BenchmarkScaleIn(b *testing.B) {
	for _, name := range []string{"spread-az-spread-instance", "binpack-memory", "spread-az-binpack-memory", "random", "spread-rack"} {
		b.Run("strategy="+name, func(b *testing.B) {
			chain, ok := LookupPreset(name)
			if !ok {
				chain = []models.StrategySpec{{Type: Spread, Field: "attribute:rack"}}
			}
			zones := []string{"us-east-1a", "us-east-1b", "us-east-1c"}
			fleet := make([]*mt.InstanceBuilder, 1000)
			for i := range fleet {
				fleet[i] = mt.Instance("m6i.xlarge").Zone(zones[i%3]).Attr("rack", fmt.Sprint("r", i%7))
			}
			c := mt.Cluster(1, fleet...)
			p := newPipeline(b, c, chain, nil, 1)
			defs := []*models.TaskDefinition{mt.TaskDef("a", 256, 512), mt.TaskDef("b", 512, 2048)}
			var cands []*models.Task
			for i := range 2000 { // 100 tasks of service:web among 1900 of 19 other services
				group := fmt.Sprint("service:s", i%20)
				if i%20 == 0 {
					group = web
				}
				task := mt.Task(fmt.Sprint("t-", i), defs[i%2], group)
				in, fail := p.Place(task)
				if fail != nil {
					b.Fatal(fail)
				}
				c.Place(task, in, 0)
				c.MarkRunning(task, 0)
				if group == web {
					cands = append(cands, task)
				}
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				p.ScaleIn(cands)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "choices/s")
		})
	}
}
