package models_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/models"
	mt "github.com/ecssim/ecssim/models/modelstest"
)

func TestRegisterAccountingAndAttributes(t *testing.T) {
	c := mt.Cluster(1,
		mt.Instance("m5.large").Zone("us-east-1b").Attr("team", "web").Agent(func(a *models.AgentConfig) {
			a.ReservedMemoryMiB = 256
			a.EnableTaskIAMRoleNetworkHost = false
			a.AvailableLoggingDrivers = []string{"json-file", "awslogs"}
		}),
		mt.Instance("m7g.large").Agent(func(a *models.AgentConfig) { a.EnableTaskIAMRole = false }),
	)
	x86, arm := c.Instances()[0], c.Instances()[1]
	// CPU = 2 vCPU × 1024; memory = 7985 MemTotal − 256 ECS_RESERVED_MEMORY = 7729; no GPUs;
	// task ENIs = 3 ENIs − the primary one = 2.
	reg := models.Resources{CPU: 2048, MemoryMiB: 7729, ENIs: 2}
	if diff := cmp.Diff(reg, x86.Registered); diff != "" {
		t.Errorf("m5.large registered (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(reg, x86.Free()); diff != "" {
		t.Errorf("m5.large free (-want +got):\n%s", diff)
	}
	want := []models.Attribute{
		{Name: "com.amazonaws.ecs.capability.logging-driver.awslogs"},
		{Name: "com.amazonaws.ecs.capability.logging-driver.json-file"},
		{Name: "com.amazonaws.ecs.capability.task-iam-role"},
		{Name: "ecs.ami-id", Value: "ami-test"},
		{Name: "ecs.availability-zone", Value: "us-east-1b"},
		{Name: "ecs.cpu-architecture", Value: "x86_64"},
		{Name: "ecs.instance-type", Value: "m5.large"},
		{Name: "ecs.os-family", Value: "LINUX"},
		{Name: "ecs.os-type", Value: "linux"},
		{Name: "ecs.subnet-id", Value: "subnet-us-east-1b"},
		{Name: "ecs.vpc-id", Value: "vpc-ecssim"},
		{Name: "team", Value: "web"},
	}
	if diff := cmp.Diff(want, x86.Attributes()); diff != "" {
		t.Errorf("attributes (-want +got):\n%s", diff)
	}
	if v, ok := arm.Attribute("ecs.cpu-architecture"); !ok || v != "arm64" {
		t.Errorf("m7g.large architecture = %q, %v; want arm64", v, ok)
	}
	if _, ok := arm.Attribute("com.amazonaws.ecs.capability.task-iam-role"); ok {
		t.Error("an agent with ECS_ENABLE_TASK_IAM_ROLE=false registers the task IAM role capability")
	}
	if x86.ID != "i-0001" || arm.ID != "i-0002" || x86.Status != models.StatusActive {
		t.Errorf("IDs %s, %s status %v", x86.ID, arm.ID, x86.Status)
	}
	if got := c.Zones(); !cmp.Equal(got, []string{"us-east-1b", "us-east-1a"}) {
		t.Errorf("Zones() = %v, want first-appearance order [us-east-1b us-east-1a]", got)
	}
}

func TestTaskDefinitionCharge(t *testing.T) {
	tests := []struct {
		name string
		def  models.TaskDefinition
		want models.Resources
	}{
		{
			name: "task-level values win",
			def: models.TaskDefinition{CPU: 512, MemoryMiB: 1024, Containers: []models.Container{
				{CPU: 100, MemoryMiB: 300}, {CPU: 100, MemoryMiB: 300}}},
			want: models.Resources{CPU: 512, MemoryMiB: 1024},
		},
		{
			name: "containers summed, memoryReservation before memory",
			// CPU 256 + 0 + 128 = 384; memory 128 (reservation) + 512 (memory) + 64 = 704.
			def: models.TaskDefinition{Containers: []models.Container{
				{CPU: 256, MemoryMiB: 512, MemoryReservationMiB: 128},
				{MemoryMiB: 512},
				{CPU: 128, MemoryReservationMiB: 64}}},
			want: models.Resources{CPU: 384, MemoryMiB: 704},
		},
		{
			name: "task memory set, cpu from containers",
			def:  models.TaskDefinition{MemoryMiB: 2048, Containers: []models.Container{{CPU: 10}, {CPU: 20}}},
			want: models.Resources{CPU: 30, MemoryMiB: 2048},
		},
		{
			name: "cpu 0 is allowed and places freely",
			def:  models.TaskDefinition{Containers: []models.Container{{MemoryMiB: 128}}},
			want: models.Resources{CPU: 0, MemoryMiB: 128},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := tc.def
			d.Finalize()
			if got := d.Charge(); got != tc.want {
				t.Errorf("Charge() = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestTaskDefinitionPortsENIsAndRequirements(t *testing.T) {
	web := models.PortMapping{ContainerPort: 8080}
	static := models.PortMapping{ContainerPort: 80, HostPort: 80}
	dns := models.PortMapping{ContainerPort: 53, Protocol: models.UDP}
	tests := []struct {
		name    string
		mode    models.NetworkMode
		maps    []models.PortMapping
		static  []models.PortMapping
		dynamic []models.PortMapping
		enis    int
	}{
		{"bridge: no host port is dynamic, explicit is static", models.Bridge, []models.PortMapping{web, static}, []models.PortMapping{static}, []models.PortMapping{web}, 0},
		{"host: the container port is bound", models.Host, []models.PortMapping{web, dns}, []models.PortMapping{{ContainerPort: 8080, HostPort: 8080}, {ContainerPort: 53, HostPort: 53, Protocol: models.UDP}}, nil, 0},
		{"awsvpc: no host ports, one ENI", models.AWSVPC, []models.PortMapping{{ContainerPort: 80, HostPort: 80}}, nil, nil, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := models.TaskDefinition{NetworkMode: tc.mode, Containers: []models.Container{{PortMappings: tc.maps}}}
			d.Finalize()
			if diff := cmp.Diff(tc.static, d.StaticPorts()); diff != "" {
				t.Errorf("static ports (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.dynamic, d.DynamicPorts()); diff != "" {
				t.Errorf("dynamic ports (-want +got):\n%s", diff)
			}
			if d.ENIs() != tc.enis {
				t.Errorf("ENIs() = %d, want %d", d.ENIs(), tc.enis)
			}
		})
	}
	d := models.TaskDefinition{Family: "api", Revision: 3, TaskRoleArn: "arn:aws:iam::1:role/api", CPUArchitecture: "ARM64",
		Containers: []models.Container{{LogDriver: "awslogs"}, {LogDriver: "awslogs"}}}
	d.Finalize()
	want := []models.Attribute{
		{Name: "com.amazonaws.ecs.capability.logging-driver.awslogs"},
		{Name: "com.amazonaws.ecs.capability.task-iam-role"},
		{Name: "ecs.cpu-architecture", Value: "arm64"},
	}
	if diff := cmp.Diff(want, d.RequiredAttributes()); diff != "" {
		t.Errorf("required attributes (-want +got):\n%s", diff)
	}
	if d.Ref() != "api:3" || !d.CompatibleWith("EC2") {
		t.Errorf("Ref() = %q, CompatibleWith(EC2) = %v", d.Ref(), d.CompatibleWith("EC2"))
	}
}

func TestTaskTransitions(t *testing.T) {
	states := []models.TaskState{models.Provisioning, models.Pending, models.Running, models.Stopping, models.Stopped}
	allowed := map[[2]models.TaskState]bool{
		{models.Provisioning, models.Pending}: true, {models.Provisioning, models.Stopped}: true,
		{models.Pending, models.Running}: true, {models.Pending, models.Stopping}: true, {models.Pending, models.Stopped}: true,
		{models.Running, models.Stopping}: true, {models.Running, models.Stopped}: true,
		{models.Stopping, models.Stopped}: true,
	}
	for _, from := range states {
		for _, to := range states {
			if got := models.CanTransition(from, to); got != allowed[[2]models.TaskState{from, to}] {
				t.Errorf("CanTransition(%v, %v) = %v", from, to, got)
			}
		}
	}
	c := mt.Cluster(1, mt.Instance("m5.large"))
	task := mt.Place(c, c.Instances()[0], "t-1", mt.TaskDef("x", 1, 1), "family:x")
	defer func() {
		if r := recover(); r == nil {
			t.Error("moving a RUNNING task back to PENDING did not panic")
		}
	}()
	c.MarkRunning(task, 1) // RUNNING → RUNNING is not a transition ECS makes
}

func TestStaticPortClashPanics(t *testing.T) {
	c := mt.Cluster(1, mt.Instance("m5.large"))
	web := mt.TaskDef("web", 512, 1024, models.PortMapping{ContainerPort: 80, HostPort: 80})
	mt.Place(c, c.Instances()[0], "web-1", web, "service:web")
	defer func() {
		if r := recover(); r == nil {
			t.Error("a second task on host port 80 did not panic")
		}
	}()
	mt.Place(c, c.Instances()[0], "web-2", web, "service:web")
}

func TestGroupCountsAndRelease(t *testing.T) {
	c := mt.Cluster(1, mt.Instance("m5.large").Zone("us-east-1a"), mt.Instance("m5.large").Zone("us-east-1b"))
	a, b := c.Instances()[0], c.Instances()[1]
	web := mt.TaskDef("web", 512, 1024)
	t1 := mt.Place(c, a, "web-1", web, "service:web")
	mt.Place(c, a, "web-2", web, "service:web")
	mt.Place(c, b, "web-3", web, "service:web")
	g := c.Group("service:web")
	got := []int{g.Count(), g.ZoneCount(0), g.ZoneCount(1), a.GroupCount("service:web"), a.RunningTasksCount(), g.Spread()}
	if diff := cmp.Diff([]int{3, 2, 1, 2, 2, 2}, got); diff != "" {
		t.Errorf("count, zone a, zone b, on a, running on a, spread (-want +got):\n%s", diff)
	}
	// 2 tasks × (512, 1024) on a: free = (2048−1024, 7985−2048), and both task ENIs (bridge).
	if diff := cmp.Diff(models.Resources{CPU: 1024, MemoryMiB: 5937, ENIs: 2}, a.Free()); diff != "" {
		t.Errorf("a.Free() (-want +got):\n%s", diff)
	}
	c.BeginStop(t1, 10, models.StopReasonExited)
	// A STOPPING task leaves its group but keeps its resources until it has STOPPED.
	if g.Count() != 2 || a.Free().CPU != 1024 || t1.State != models.Stopping {
		t.Errorf("after BeginStop: group %d, free %v, state %v", g.Count(), a.Free(), t1.State)
	}
	c.FinishStop(t1, 40, "ignored: first reason kept")
	if a.Free().CPU != 1536 || len(a.Tasks()) != 1 || t1.StopReason != models.StopReasonExited || t1.StoppedAt != 40 {
		t.Errorf("after FinishStop: free %v, tasks %d, reason %q, stopped at %v", a.Free(), len(a.Tasks()), t1.StopReason, t1.StoppedAt)
	}
	if err := models.CheckCluster(c); err != nil {
		t.Error(err)
	}
}

func TestDynamicHostPortsNextFit(t *testing.T) {
	// The agent gives ports next-fit from the range, skipping reserved and bound ports and
	// wrapping to the start once (agent/utils/ephemeral_ports.go).
	c := mt.Cluster(1, mt.Instance("m5.4xlarge").Agent(func(a *models.AgentConfig) {
		a.DynamicHostPortRange = models.PortRange{First: 51676, Last: 51682}
	}))
	in := c.Instances()[0]
	web := mt.TaskDef("web", 10, 10, models.PortMapping{ContainerPort: 8080})
	var ports []uint16
	var tasks []*models.Task
	for i := range 5 {
		task := mt.Place(c, in, "web-"+string(rune('a'+i)), web, "service:web")
		tasks = append(tasks, task)
		ports = append(ports, task.Bindings[0].HostPort)
	}
	// 51678 and 51679 are reserved by default.
	if diff := cmp.Diff([]uint16{51676, 51677, 51680, 51681, 51682}, ports); diff != "" {
		t.Errorf("dynamic ports (-want +got):\n%s", diff)
	}
	c.FinishStop(tasks[1], 1, "x") // frees 51677
	next := mt.Place(c, in, "web-f", web, "service:web")
	if got := next.Bindings[0].HostPort; got != 51677 {
		t.Errorf("after wrapping, got port %d, want 51677", got)
	}
	// Dynamic ports are no placement resource: with the range used up the task is still
	// placed, holding its CPU, but without a port and with the error it will fail to start on.
	full := mt.Task("web-g", web, "service:web")
	c.Place(full, in, 1)
	if !errors.Is(full.StartError, models.ErrNoHostPort) || len(full.Bindings) != 0 || full.State != models.Pending {
		t.Errorf("Place with the range exhausted: start error %v, bindings %v, state %v", full.StartError, full.Bindings, full.State)
	}
	if in.Used().CPU != 60 || len(in.Tasks()) != 6 {
		t.Errorf("used %v, %d tasks; want 60 CPU, 6 tasks", in.Used(), len(in.Tasks()))
	}
	if err := models.CheckInstance(in); err != nil {
		t.Error(err)
	}
}

func TestDeregister(t *testing.T) {
	c := mt.Cluster(1, mt.Instance("m5.large"), mt.Instance("m5.large"), mt.Instance("m5.large"))
	a, b := c.Instances()[0], c.Instances()[1]
	task := mt.Place(c, b, "t-1", mt.TaskDef("x", 1, 1), "family:x")
	func() {
		defer func() {
			if recover() == nil {
				t.Error("deregistering an instance with tasks did not panic")
			}
		}()
		c.Deregister(b)
	}()
	c.FinishStop(task, 1, "x")
	c.Deregister(b)
	c.Deregister(a)
	if got := c.Instances(); len(got) != 1 || got[0].ID != "i-0003" {
		t.Errorf("Instances() after deregistering i-0001 and i-0002 = %v", got)
	}
	if err := models.CheckCluster(c); err != nil {
		t.Error(err)
	}
}

// TestRegisterENITrunking is the awsvpc task limit an instance registers
// (DG/container-instance-eni, ECS-REFERENCE §2.5): max ENIs − 1 without trunking; with the
// account setting awsvpcTrunking on and ECS_ENABLE_HIGH_DENSITY_ENI at its default (true), the
// ECS table's trunked limit on a type it lists; a type it does not list (t3, or m7i, which EC2
// calls trunking-compatible but the table leaves out) keeps max ENIs − 1, as does an agent
// with ECS_ENABLE_HIGH_DENSITY_ENI=false.
func TestRegisterENITrunking(t *testing.T) {
	tests := []struct {
		name        string
		typ         string
		account     bool // awsvpcTrunking
		highDensity bool // ECS_ENABLE_HIGH_DENSITY_ENI
		want        int
		trunk       bool
	}{
		{"m5.large without trunking: 3 ENIs − 1", "m5.large", false, true, 2, false},
		{"m5.large with trunking: the table's 10", "m5.large", true, true, 10, true},
		{"m5.xlarge without trunking: 4 ENIs − 1", "m5.xlarge", false, true, 3, false},
		{"m5.xlarge with trunking: the table's 20", "m5.xlarge", true, true, 20, true},
		{"t3.medium without trunking: 3 ENIs − 1", "t3.medium", false, true, 2, false},
		{"t3.medium with trunking: not supported, still 2", "t3.medium", true, true, 2, false},
		{"m5.large, trunking on, ECS_ENABLE_HIGH_DENSITY_ENI=false: 2", "m5.large", true, false, 2, false},
		{"m7i.large with trunking: not in the table, 3 ENIs − 1 [U]", "m7i.large", true, true, 2, false},
		{"p3.2xlarge with trunking: the table lists it (40) though EC2 calls it incompatible", "p3.2xlarge", true, true, 40, true},
		{"g4dn.xlarge with trunking: the table names g4dn unsupported, 3 ENIs − 1", "g4dn.xlarge", true, true, 2, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := models.NewCluster("default", mt.Epoch, models.TieOldest, 1)
			c.AWSVPCTrunking = tc.account
			b := mt.Instance(tc.typ).Agent(func(a *models.AgentConfig) { a.EnableHighDensityENI = tc.highDensity })
			in := c.Register(b.Spec(), 1, 0)
			if diff := cmp.Diff([]any{tc.want, tc.trunk}, []any{in.ENILimit(), in.Trunk}); diff != "" {
				t.Errorf("ENI limit, trunk (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRegisterGPUs checks that an instance of a catalog GPU type registers its GPUs as a node
// list's instance does (Resources.GPUMilli, 1000 a GPU), and that nothing else it registers changes: a
// g5.12xlarge has 4 A10G GPUs, 48 vCPUs = 49152 units, 196608 × 7985 / 8192 = 191640 MiB and
// 15 − 1 = 14 task ENIs.
func TestRegisterGPUs(t *testing.T) {
	c := mt.Cluster(1, mt.Instance("g5.12xlarge"), mt.Instance("m5.large"))
	want := []models.Resources{
		{CPU: 49152, MemoryMiB: 191640, GPUMilli: 4000, ENIs: 14},
		{CPU: 2048, MemoryMiB: 7985, ENIs: 2},
	}
	var got []models.Resources
	for _, in := range c.Instances() {
		got = append(got, in.Registered)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("registered (-want +got):\n%s", diff)
	}
	if typ := c.Instances()[0].Type; typ.GPUModel != "a10g" || typ.GPUManufacturer != "nvidia" || typ.GPUMemoryMiB != 22888 {
		t.Errorf("g5.12xlarge's GPUs are %s %s with %d MiB each", typ.GPUManufacturer, typ.GPUModel, typ.GPUMemoryMiB)
	}
}
