// Package schedtest is the conformance suite every placement strategy passes, in the manner of
// gonum's graph/testgraph: a strategy's test calls Run with a strategy item, and the suite
// checks what every strategy owes the pipeline.
package schedtest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/ecssim/ecssim/models"
	mt "github.com/ecssim/ecssim/models/modelstest"
	"github.com/ecssim/ecssim/scheduler"
)

// Run checks the strategy spec names, alone and chained after a zone spread, on both tie-break
// rules:
//   - the same seed gives the same choices, placement after placement;
//   - its scores follow the candidates, whatever order they come in, and it writes nothing
//     outside dst, and handles an empty candidate list;
//   - the pipeline never chooses an instance a filter rejected;
//   - the indexed fast path and the reference scan choose the same instance;
//   - the same, on GPU instances with tasks asking for whole GPUs and shares of one, which
//     end on the device the strategy chose, the devices' accounting intact.
func Run(t *testing.T, spec models.StrategySpec) {
	t.Helper()
	st, err := scheduler.Lookup(spec)
	if err != nil {
		t.Fatalf("Lookup(%v): %v", spec, err)
	}
	chains := [][]models.StrategySpec{{spec}, {{Type: scheduler.Spread, Field: scheduler.FieldZone}, spec}}
	for _, chain := range chains {
		for _, tie := range []models.TieBreak{models.TieRandom, models.TieOldest} {
			name := fmt.Sprintf("%s/tie=%d", scheduler.ChainName(chain), tie)
			t.Run(name+"/deterministic", func(t *testing.T) {
				a, b := run(t, chain, tie, 5), run(t, chain, tie, 5)
				if !slices.Equal(a, b) {
					t.Errorf("same seed, different choices:\n%v\n%v", a, b)
				}
			})
		}
	}
	for _, tie := range []models.TieBreak{models.TieRandom, models.TieOldest} {
		t.Run(fmt.Sprintf("gpus/tie=%d/deterministic", tie), func(t *testing.T) {
			a, b := runGPU(t, []models.StrategySpec{spec}, tie, 7), runGPU(t, []models.StrategySpec{spec}, tie, 7)
			if !slices.Equal(a, b) {
				t.Errorf("same seed, different choices:\n%v\n%v", a, b)
			}
		})
	}
	t.Run("scores follow candidates", func(t *testing.T) { checkScores(t, st) })
}

// fleet is a small cluster where some instances must be filtered out: a draining one, a full
// one, one whose port 80 is taken, one lacking the team attribute.
func fleet(tie models.TieBreak, seed uint64) *models.Cluster {
	zones := []string{"us-east-1a", "us-east-1b", "us-east-1c"}
	var bs []*mt.InstanceBuilder
	for i := range 12 {
		b := mt.Instance([]string{"m5.large", "c5.xlarge", "r5.large"}[i%3]).Zone(zones[(i/2)%3])
		if i != 7 {
			b.Attr("team", "web").Attr("rack", fmt.Sprint("r", i%4))
		}
		bs = append(bs, b)
	}
	c := mt.ClusterWith(tie, seed, bs...)
	ins := c.Instances()
	c.SetStatus(ins[2], models.StatusDraining)
	mt.Place(c, ins[4], "hog", mt.TaskDef("hog", 2048, 100), "family:hog")
	mt.Place(c, ins[5], "port", mt.TaskDef("port", 1, 1, models.PortMapping{ContainerPort: 80, HostPort: 80}), "family:port")
	return c
}

// run places tasks with chain on the fleet and returns the chosen instance IDs.
func run(t *testing.T, chain []models.StrategySpec, tie models.TieBreak, seed uint64) []string {
	t.Helper()
	c := fleet(tie, seed)
	cons := []models.ConstraintSpec{{Type: scheduler.MemberOf, Expression: "attribute:team == web"}}
	p, err := scheduler.NewPipeline(c, scheduler.NewIndex(c), chain, cons, rand.NewPCG(seed, 1))
	if err != nil {
		t.Fatal(err)
	}
	defs := []*models.TaskDefinition{
		mt.TaskDef("web", 256, 512, models.PortMapping{ContainerPort: 80, HostPort: 80}),
		mt.TaskDef("api", 512, 1024, models.PortMapping{ContainerPort: 8080}),
	}
	var got []string
	for i := range 40 {
		d := defs[i%2]
		task := mt.Task(fmt.Sprint("t-", i), d, "service:"+d.Family)
		if in := placeBoth(t, c, p, task, i); in != nil {
			got = append(got, in.ID)
		} else {
			got = append(got, "-")
		}
	}
	if err := models.CheckCluster(c); err != nil {
		t.Fatal(err)
	}
	return got
}

// placeBoth places task i with p's fast path and checks the scan chose the same instance, and
// an instance no filter rejected; it returns the instance, nil when neither found one.
func placeBoth(t *testing.T, c *models.Cluster, p *scheduler.Pipeline, task *models.Task, i int) *models.Instance {
	t.Helper()
	scan := p.Explain(task)
	in, fail := p.Place(task)
	if in != scan.Winner {
		t.Fatalf("task %d: fast path chose %v, scan %v", i, in, scan.Winner)
	}
	if fail != nil {
		return nil
	}
	for _, row := range scan.Rows {
		if row.Instance == in && row.Rejected != "" {
			t.Fatalf("task %d placed on %s, which %s rejected: %s", i, in.ID, row.Rejected, row.Why)
		}
	}
	c.Place(task, in, 0)
	return in
}

// checkScores scores the fleet's instances in two orders and checks each instance keeps its
// score, that nothing past len(dst) is written, and that an empty list is fine.
func checkScores(t *testing.T, st scheduler.Strategy) {
	c := fleet(models.TieRandom, 3)
	ins := c.Instances()
	d := mt.TaskDef("web", 256, 512)
	mt.Place(c, ins[0], "w-1", d, "service:web")
	mt.Place(c, ins[3], "w-2", d, "service:web")
	c.SetTaskMix([]models.MixEntry{{Def: d, Count: 3}, {Def: mt.TaskDef("api", 512, 1024), Count: 1}})
	r := &scheduler.Request{Task: mt.Task("w-3", d, "service:web"), Def: d, Need: d.Charge(), GroupName: "service:web",
		Group: c.Group("service:web"), Cluster: c}
	const guard = -12345.0
	score := func(cands []*models.Instance) map[*models.Instance]float64 {
		buf := make([]float64, len(cands)+2)
		buf[len(cands)], buf[len(cands)+1] = guard, guard
		st.Score(r, cands, buf[:len(cands)])
		if buf[len(cands)] != guard || buf[len(cands)+1] != guard {
			t.Errorf("%s wrote past len(dst)", st.Name())
		}
		m := map[*models.Instance]float64{}
		for i, in := range cands {
			m[in] = buf[i]
		}
		return m
	}
	want := score(ins)
	shuffled := slices.Clone(ins)
	rand.New(rand.NewPCG(9, 9)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	got := score(shuffled)
	for _, in := range ins {
		if want[in] != got[in] {
			t.Errorf("%s scores %s %v in one order and %v in another", st.Name(), in.ID, want[in], got[in])
		}
	}
	st.Score(r, nil, nil)
}

// gpuDef is a definition of cpu units and 1 GiB asking for whole GPUs or a share of one.
func gpuDef(family string, cpu int64, whole int, share int64) *models.TaskDefinition {
	d := &models.TaskDefinition{Family: family, Revision: 1, CPU: cpu, MemoryMiB: 1024, NetworkMode: models.Bridge,
		Containers: []models.Container{{Name: family, GPUs: whole}}, GPUShareMilli: share}
	d.Finalize()
	return d
}

// runGPU places tasks asking for GPUs, shares of one GPU and none with chain on a fleet of GPU
// instances (1, 4 and 8 GPUs) and one without, whose task mix is the tasks', and returns the
// chosen instance IDs with the devices each task took.
func runGPU(t *testing.T, chain []models.StrategySpec, tie models.TieBreak, seed uint64) []string {
	t.Helper()
	var bs []*mt.InstanceBuilder
	for i, typ := range []string{"g4dn.xlarge", "g4dn.12xlarge", "g4dn.metal", "m5.large", "g4dn.12xlarge", "g4dn.xlarge"} {
		bs = append(bs, mt.Instance(typ).Zone([]string{"us-east-1a", "us-east-1b"}[i%2]))
	}
	c := mt.ClusterWith(tie, seed, bs...)
	defs := []*models.TaskDefinition{
		gpuDef("share3", 512, 0, 300), gpuDef("share5", 1024, 0, 500), gpuDef("one", 2048, 1, 0),
		gpuDef("two", 4096, 2, 0), gpuDef("cpu", 256, 0, 0),
	}
	var mix []models.MixEntry
	for i, d := range defs {
		mix = append(mix, models.MixEntry{Def: d, Count: float64(5 - i)})
	}
	c.SetTaskMix(mix)
	p, err := scheduler.NewPipeline(c, scheduler.NewIndex(c), chain, nil, rand.NewPCG(seed, 1))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i := range 48 {
		d := defs[(i*7)%len(defs)]
		task := mt.Task(fmt.Sprint("g-", i), d, "family:"+d.Family)
		if in := placeBoth(t, c, p, task, i); in != nil {
			got = append(got, fmt.Sprintf("%s:%b", in.ID, task.GPUMask))
		} else {
			got = append(got, "-")
		}
	}
	if err := models.CheckCluster(c); err != nil {
		t.Fatal(err)
	}
	return got
}
