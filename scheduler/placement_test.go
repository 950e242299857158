package scheduler

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/models"
	mt "github.com/ecssim/ecssim/models/modelstest"
)

// placeAll places n tasks of def in group one at a time with a pipeline of chain and
// constraints, and returns the instance IDs chosen ("-" for a failure).
func placeAll(t *testing.T, c *models.Cluster, chain []models.StrategySpec, cons []models.ConstraintSpec, def *models.TaskDefinition, group string, n int) []string {
	t.Helper()
	p, err := NewPipeline(c, NewIndex(c), chain, cons, rand.NewPCG(1, 1))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i := range n {
		task := mt.Task(fmt.Sprint(group, "-", i), def, group)
		in, fail := p.Place(task)
		if fail != nil {
			got = append(got, "-")
			continue
		}
		c.Place(task, in, 0)
		got = append(got, in.ID)
	}
	if err := models.CheckCluster(c); err != nil {
		t.Fatal(err)
	}
	return got
}

func TestBinpackMemoryFillsLeastRemainingFirst(t *testing.T) {
	// Three m5.large (7985 MiB each). Preload: i-0001 has 4000 MiB used (3985 free), i-0002 has
	// 2000 used (5985 free), i-0003 is empty (7985 free).
	c := mt.ClusterWith(models.TieOldest, 1, mt.Instance("m5.large"), mt.Instance("m5.large"), mt.Instance("m5.large"))
	ins := c.Instances()
	mt.Place(c, ins[0], "pre-1", mt.TaskDef("pre", 0, 4000), "family:pre")
	mt.Place(c, ins[1], "pre-2", mt.TaskDef("pre", 0, 2000), "family:pre")
	// Tasks of 1000 MiB: binpack(memory) picks the least remaining that still fits: i-0001
	// takes 3 (3985 → 985 free, then a 4th does not fit), then i-0002 takes 5 (5985 → 985),
	// then i-0003 takes 7 (7985 → 985); the 16th fails (985 < 1000 everywhere).
	got := placeAll(t, c, []models.StrategySpec{binpackMemory}, nil, mt.TaskDef("job", 0, 1000), "family:job", 16)
	want := strings.Fields("i-0001 i-0001 i-0001 i-0002 i-0002 i-0002 i-0002 i-0002 i-0003 i-0003 i-0003 i-0003 i-0003 i-0003 i-0003 -")
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("placements (-want +got):\n%s", diff)
	}
}

func TestBinpackCPU(t *testing.T) {
	// c5.large (2048 CPU) and m5.xlarge (4096 CPU); tasks of 1024 CPU go to the c5.large first
	// (1024 remaining after the first beats 3072), twice, then to the m5.xlarge.
	c := mt.Cluster(1, mt.Instance("m5.xlarge"), mt.Instance("c5.large"))
	got := placeAll(t, c, []models.StrategySpec{binpackCPU}, nil, mt.TaskDef("job", 1024, 128), "family:job", 7)
	want := strings.Fields("i-0002 i-0002 i-0001 i-0001 i-0001 i-0001 -")
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("placements (-want +got):\n%s", diff)
	}
}

func TestSpreadZoneThenBinpackKeepsZonesEvenAndPacks(t *testing.T) {
	// Two m5.large in each of three zones. Spread(AZ) then binpack(memory): zone counts never
	// differ by more than one, and inside a zone the tasks pile on one instance until it is
	// full (each m5.large takes 7 tasks of 1000 MiB).
	zones := []string{"us-east-1a", "us-east-1b", "us-east-1c"}
	var fleet []*mt.InstanceBuilder
	for i := range 6 {
		fleet = append(fleet, mt.Instance("m5.large").Zone(zones[i%3]))
	}
	c := mt.Cluster(7, fleet...)
	chain := []models.StrategySpec{spreadZone, binpackMemory}
	p, err := NewPipeline(c, NewIndex(c), chain, nil, rand.NewPCG(1, 1))
	if err != nil {
		t.Fatal(err)
	}
	def := mt.TaskDef("web", 128, 1000)
	perInstance := map[string]int{}
	for i := range 30 {
		task := mt.Task(fmt.Sprint("web-", i), def, "service:web")
		in, fail := p.Place(task)
		if fail != nil {
			t.Fatalf("task %d: %v", i, fail)
		}
		c.Place(task, in, 0)
		perInstance[in.ID]++
		g := c.Group("service:web")
		lo, hi := g.ZoneCount(0), g.ZoneCount(0)
		for z := range 3 {
			lo, hi = min(lo, g.ZoneCount(z)), max(hi, g.ZoneCount(z))
		}
		if hi-lo > 1 {
			t.Fatalf("after %d tasks zones hold %d..%d tasks", i+1, lo, hi)
		}
	}
	// 30 tasks = 10 per zone: one instance of each zone full (7), the other holds 3.
	var counts []int
	for _, in := range c.Instances() {
		counts = append(counts, perInstance[in.ID])
	}
	full, rest := 0, 0
	for _, n := range counts {
		switch n {
		case 7:
			full++
		case 3:
			rest++
		}
	}
	if full != 3 || rest != 3 {
		t.Errorf("tasks per instance %v, want each zone packed as 7 + 3", counts)
	}
}

func TestServiceDefaultSpreadsOverZonesAndInstances(t *testing.T) {
	// ECS's service default: even over zones, then the fewest of this service's tasks per
	// instance: 6 tasks on 6 instances in 3 zones land one per instance.
	zones := []string{"us-east-1a", "us-east-1b", "us-east-1c"}
	var fleet []*mt.InstanceBuilder
	for i := range 6 {
		fleet = append(fleet, mt.Instance("m5.large").Zone(zones[i%3]))
	}
	c := mt.Cluster(3, fleet...)
	got := placeAll(t, c, ServiceDefault(), nil, mt.TaskDef("web", 256, 512), "service:web", 6)
	seen := map[string]bool{}
	for _, id := range got {
		seen[id] = true
	}
	if len(seen) != 6 {
		t.Errorf("6 tasks went to %d distinct instances: %v", len(seen), got)
	}
}

func TestConstraints(t *testing.T) {
	fleet := func() *models.Cluster {
		return mt.Cluster(1,
			mt.Instance("m5.large").Attr("team", "web"), mt.Instance("m5.large").Attr("team", "batch"),
			mt.Instance("c5.large").Attr("team", "web"), mt.Instance("m5.large"))
	}
	small := mt.TaskDef("small", 64, 64)
	tests := []struct {
		name  string
		cons  []models.ConstraintSpec
		n     int
		check func(ids []string) error
	}{
		{"distinctInstance: one task per instance, the fifth fails", []models.ConstraintSpec{{Type: DistinctInstance}}, 5,
			func(ids []string) error {
				seen := map[string]bool{}
				for _, id := range ids[:4] {
					if seen[id] || id == "-" {
						return fmt.Errorf("instance %s reused or failure", id)
					}
					seen[id] = true
				}
				if ids[4] != "-" {
					return fmt.Errorf("fifth task placed on %s", ids[4])
				}
				return nil
			}},
		{"memberOf team == web", []models.ConstraintSpec{{Type: MemberOf, Expression: "attribute:team == web"}}, 8,
			onlyOn("i-0001", "i-0003")},
		{"memberOf instance type pattern and not a zone", []models.ConstraintSpec{{Type: MemberOf, Expression: "attribute:ecs.instance-type =~ m5.* and attribute:team exists"}}, 8,
			onlyOn("i-0001", "i-0002")},
		{"both together", []models.ConstraintSpec{{Type: MemberOf, Expression: "attribute:team in [web, batch]"}, {Type: DistinctInstance}}, 4,
			func(ids []string) error {
				return cmpIDs([]string{"i-0001", "i-0002", "i-0003", "-"}, sorted(ids))
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.check(placeAll(t, fleet(), ServiceDefault(), tc.cons, small, "service:s", tc.n)); err != nil {
				t.Error(err)
			}
		})
	}
}

func onlyOn(allowed ...string) func([]string) error {
	return func(ids []string) error {
		for _, id := range ids {
			ok := false
			for _, a := range allowed {
				ok = ok || id == a
			}
			if !ok {
				return fmt.Errorf("placed on %s, allowed only %v: %v", id, allowed, ids)
			}
		}
		return nil
	}
}

// sorted returns ids sorted, failures ("-") last.
func sorted(ids []string) []string {
	out := slices.Clone(ids)
	slices.SortFunc(out, func(a, b string) int {
		if (a == "-") != (b == "-") {
			if a == "-" {
				return 1
			}
			return -1
		}
		return strings.Compare(a, b)
	})
	return out
}

func cmpIDs(want, got []string) error {
	if diff := cmp.Diff(want, got); diff != "" {
		return fmt.Errorf("(-want +got):\n%s", diff)
	}
	return nil
}

func TestHostPorts(t *testing.T) {
	// Three m5.xlarge with room for 8 tasks each by CPU (4096 / 512).
	fleet := func() *models.Cluster {
		return mt.Cluster(1, mt.Instance("m5.xlarge"), mt.Instance("m5.xlarge"), mt.Instance("m5.xlarge"))
	}
	static := mt.TaskDef("static", 512, 256, models.PortMapping{ContainerPort: 80, HostPort: 80})
	got := placeAll(t, fleet(), ServiceDefault(), nil, static, "service:static", 4)
	if err := cmpIDs([]string{"i-0001", "i-0002", "i-0003", "-"}, sorted(got)); err != nil {
		t.Errorf("static host port 80: one task per instance %v", err)
	}
	dynamic := mt.TaskDef("dynamic", 512, 256, models.PortMapping{ContainerPort: 80})
	got = placeAll(t, fleet(), []models.StrategySpec{binpackCPU}, nil, dynamic, "service:dynamic", 25)
	placed := 0
	for _, id := range got {
		if id != "-" {
			placed++
		}
	}
	if placed != 24 {
		t.Errorf("dynamic ports: %d of 25 placed, want 24 (CPU-bound, 8 per instance)", placed)
	}
	// A static port the agent reserves (22) can never be bound.
	ssh := mt.TaskDef("ssh", 1, 1, models.PortMapping{ContainerPort: 22, HostPort: 22})
	if got := placeAll(t, fleet(), nil, nil, ssh, "family:ssh", 1); got[0] != "-" {
		t.Errorf("task on reserved port 22 placed on %s", got[0])
	}
}

func TestPlacementFailureCountsEachFilter(t *testing.T) {
	c := mt.Cluster(1,
		mt.Instance("t3.micro"),                       // 998 MiB: too little memory
		mt.Instance("c5.large").Attr("team", "batch"), // fits, but memberOf rejects it
		mt.Instance("m5.large").Attr("team", "web"),   // busy port 80
		mt.Instance("m5.large").Attr("team", "web"),   // drained
		mt.Instance("m5.large").Attr("team", "web"),   // no CPU left
	)
	ins := c.Instances()
	web := mt.TaskDef("web", 1024, 2048, models.PortMapping{ContainerPort: 80, HostPort: 80})
	mt.Place(c, ins[2], "other", mt.TaskDef("other", 10, 10, models.PortMapping{ContainerPort: 80, HostPort: 80}), "family:other")
	c.SetStatus(ins[3], models.StatusDraining)
	mt.Place(c, ins[4], "hog", mt.TaskDef("hog", 2048, 10), "family:hog")
	p, err := NewPipeline(c, NewIndex(c), nil, []models.ConstraintSpec{{Type: MemberOf, Expression: "attribute:team == web"}}, rand.NewPCG(1, 1))
	if err != nil {
		t.Fatal(err)
	}
	in, fail := p.Place(mt.Task("web-1", web, "service:web"))
	if in != nil {
		t.Fatalf("placed on %s", in.ID)
	}
	want := &models.PlacementError{
		Candidates: 5,
		Rejected: []models.Rejection{
			{Filter: "status", Count: 1}, {Filter: "cpu", Count: 1}, {Filter: "memory", Count: 1},
			{Filter: "ports", Count: 1}, {Filter: "memberOf", Count: 1},
		},
		Closest:       ins[1],
		ClosestReason: `encountered error "MemberOf placement constraint unsatisfied."`,
	}
	if diff := cmp.Diff(want, fail, cmp.Comparer(func(a, b *models.Instance) bool { return a == b })); diff != "" {
		t.Errorf("failure (-want +got):\n%s", diff)
	}
	if got := fail.Error(); got != "no container instance met all of its requirements (status: 1, cpu: 1, memory: 1, ports: 1, memberOf: 1)" {
		t.Errorf("Error() = %q", got)
	}
}

func TestRequiredAttributes(t *testing.T) {
	// i-0001 has no task IAM role, i-0002 the ECS AMI's defaults, i-0003 no awslogs driver.
	c := mt.Cluster(1, mt.Instance("m5.large").Agent(func(a *models.AgentConfig) { a.EnableTaskIAMRole = false }),
		mt.Instance("m5.large"),
		mt.Instance("m7g.large").Agent(func(a *models.AgentConfig) { a.AvailableLoggingDrivers = []string{"json-file"} }))
	d := &models.TaskDefinition{Family: "api", Revision: 1, CPU: 256, MemoryMiB: 256, NetworkMode: models.Bridge,
		TaskRoleArn: "arn:aws:iam::1:role/api", Containers: []models.Container{{Name: "api", LogDriver: "awslogs"}}}
	d.Finalize()
	got := placeAll(t, c, nil, nil, d, "family:api", 3)
	if err := cmpIDs([]string{"i-0002", "i-0002", "i-0002"}, got); err != nil {
		t.Errorf("task role + awslogs need an instance with both capabilities: %v", err)
	}
	// In host network mode a task role also needs ECS_ENABLE_TASK_IAM_ROLE_NETWORK_HOST.
	c = mt.Cluster(1, mt.Instance("m5.large").Agent(func(a *models.AgentConfig) { a.EnableTaskIAMRoleNetworkHost = false }),
		mt.Instance("m5.large"))
	h := &models.TaskDefinition{Family: "edge", Revision: 1, CPU: 256, MemoryMiB: 256, NetworkMode: models.Host,
		TaskRoleArn: "arn:aws:iam::1:role/edge", Containers: []models.Container{{Name: "edge"}}}
	h.Finalize()
	if err := cmpIDs([]string{"i-0002", "i-0002"}, placeAll(t, c, nil, nil, h, "family:edge", 2)); err != nil {
		t.Errorf("host-mode task role: %v", err)
	}
}

func TestAWSVPCENILimit(t *testing.T) {
	// m5.large has 3 ENIs: 2 awsvpc tasks (DG/container-instance-eni).
	c := mt.Cluster(1, mt.Instance("m5.large"))
	d := &models.TaskDefinition{Family: "vpc", Revision: 1, CPU: 128, MemoryMiB: 128, NetworkMode: models.AWSVPC,
		Containers: []models.Container{{Name: "vpc", PortMappings: []models.PortMapping{{ContainerPort: 80, HostPort: 80}}}}}
	d.Finalize()
	got := placeAll(t, c, nil, nil, d, "family:vpc", 3)
	if err := cmpIDs([]string{"i-0001", "i-0001", "-"}, got); err != nil {
		t.Errorf("awsvpc tasks on an m5.large: %v", err)
	}
}

// TestAWSVPCENITrunking places awsvpc tasks on one m5.large until the ENI filter rejects one,
// without and with ENI trunking (DG/container-instance-eni: 2 tasks, or 10 with a trunk ENI),
// and checks that the rejection says which limit applied.
func TestAWSVPCENITrunking(t *testing.T) {
	d := &models.TaskDefinition{Family: "vpc", Revision: 1, CPU: 128, MemoryMiB: 128, NetworkMode: models.AWSVPC,
		Containers: []models.Container{{Name: "vpc"}}}
	d.Finalize()
	tests := []struct {
		name   string
		trunk  bool
		placed int
		why    string
	}{
		{"without trunking", false, 2, "needs 1 ENI, 2 of 2 in use (no trunking: max ENIs − 1 = 2 per instance)"},
		{"with trunking", true, 10, "needs 1 ENI, 10 of 10 in use (trunking: 10 per instance)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := models.NewCluster("default", mt.Epoch, models.TieOldest, 1)
			c.AWSVPCTrunking = tc.trunk
			in := c.Register(mt.Instance("m5.large").Spec(), 1, 0)
			got := placeAll(t, c, nil, nil, d, "family:vpc", tc.placed+1)
			want := append(slices.Repeat([]string{"i-0001"}, tc.placed), "-")
			if err := cmpIDs(want, got); err != nil {
				t.Errorf("awsvpc tasks on an m5.large: %v", err)
			}
			var r Request
			r.reset(mt.Task("vpc-next", d, "family:vpc"), c)
			if why := (enisFilter{}).Why(&r, in); why != tc.why {
				t.Errorf("Why = %q, want %q", why, tc.why)
			}
		})
	}
}

func TestNewPipelineRejectsBadInput(t *testing.T) {
	c := mt.Cluster(1)
	six := []models.StrategySpec{binpackCPU, binpackCPU, binpackCPU, binpackCPU, binpackCPU, binpackCPU}
	eleven := make([]models.ConstraintSpec, 11)
	for i := range eleven {
		eleven[i] = models.ConstraintSpec{Type: DistinctInstance}
	}
	tests := []struct {
		name  string
		chain []models.StrategySpec
		cons  []models.ConstraintSpec
		want  string
	}{
		{"six strategies", six, nil, "6 placement strategies, ECS allows at most 5"},
		{"eleven constraints", nil, eleven, "11 placement constraints, ECS allows at most 10"},
		{"unknown type", []models.StrategySpec{{Type: "pack"}}, nil, `unknown placement strategy type "pack" (known: best-fit, binpack, dot-product, fgd, first-fit, gpu-clustering, gpu-packing, random, spread, worst-fit)`},
		{"bad binpack field", []models.StrategySpec{{Type: Binpack, Field: "gpu"}}, nil, `binpack field "gpu": want cpu or memory`},
		{"bad spread field", []models.StrategySpec{{Type: Spread, Field: "zone"}}, nil, `spread field "zone"`},
		{"random with a field", []models.StrategySpec{{Type: Random, Field: "cpu"}}, nil, "random takes no field"},
		{"bad expression", nil, []models.ConstraintSpec{{Type: MemberOf, Expression: "attribute:x =="}}, "at offset"},
		{"distinctInstance with expression", nil, []models.ConstraintSpec{{Type: DistinctInstance, Expression: "x"}}, "takes no expression"},
		{"unknown constraint", nil, []models.ConstraintSpec{{Type: "sameZone"}}, `unknown constraint type "sameZone"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewPipeline(c, nil, tc.chain, tc.cons, rand.NewPCG(1, 1))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("NewPipeline() error = %v, want it to contain %q", err, tc.want)
			}
		})
	}
	if _, err := CompileConstraint(models.ConstraintSpec{Type: DistinctInstance}, true); err == nil {
		t.Error("distinctInstance in a task definition was accepted; ECS allows only memberOf there")
	}
}

func TestReservedPortLimit(t *testing.T) {
	// An instance holds at most 100 reserved ports: the agent's 5 defaults plus explicit host
	// ports of its tasks (DG/task_definition_parameters hostPort). Tasks of 30 explicit ports
	// each: 5 + 30 + 30 + 30 = 95 fit; a fourth would make 125.
	var maps []models.PortMapping
	for p := range 30 {
		maps = append(maps, models.PortMapping{ContainerPort: uint16(1000 + p)})
	}
	c := mt.Cluster(1, mt.Instance("m5.4xlarge"))
	var got []string
	for i := range 4 {
		shifted := make([]models.PortMapping, len(maps))
		for j, m := range maps {
			shifted[j] = models.PortMapping{ContainerPort: m.ContainerPort, HostPort: uint16(1000 + 100*i + j)}
		}
		d := mt.TaskDef(fmt.Sprint("wide", i), 10, 10, shifted...)
		got = append(got, placeAll(t, c, nil, nil, d, "family:wide", 1)...)
	}
	if err := cmpIDs([]string{"i-0001", "i-0001", "i-0001", "-"}, got); err != nil {
		t.Error(err)
	}
}
