package ecsjson

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/scenarios"
)

// importFiles imports testdata/ecsjson files by name.
func importFiles(t *testing.T, names ...string) ([]byte, error) {
	t.Helper()
	var files []File
	for _, n := range names {
		path := filepath.Join("..", "testdata", "ecsjson", n)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, File{Name: path, Data: data})
	}
	return Import(files, Options{})
}

// The task definitions the test files hold, as a scenario loaded from the import must have
// them: every field ecssim models, as the JSON gives it.
var (
	wantNginx = &models.TaskDefinition{Family: "nginx", Revision: 1, NetworkMode: models.Bridge,
		RequiresCompatibilities: []string{"EC2"},
		Containers: []models.Container{{Name: "nginx", CPU: 256, MemoryMiB: 512, LogDriver: "awslogs",
			PortMappings: []models.PortMapping{{ContainerPort: 80}, {ContainerPort: 443}}, // no hostPort, and 0: dynamic
			HealthCheck:  &models.HealthCheck{Interval: 30 * time.Second, Timeout: 5 * time.Second, Retries: 3, StartPeriod: 10 * time.Second}}}}
	wantWeb = &models.TaskDefinition{Family: "web", Revision: 1, CPU: 1024, MemoryMiB: 2048, NetworkMode: models.AWSVPC,
		RequiresCompatibilities: []string{"FARGATE"}, TaskRoleArn: "arn:aws:iam::123456789012:role/web-task", CPUArchitecture: "X86_64",
		Containers: []models.Container{{Name: "web", LogDriver: "awslogs", StopTimeout: 30 * time.Second,
			PortMappings: []models.PortMapping{{ContainerPort: 8080, HostPort: 8080}}}}}
	// wantInference pins two whole GPUs to its model container (resourceRequirements GPU).
	wantInference = &models.TaskDefinition{Family: "inference", Revision: 1, CPU: 4096, MemoryMiB: 16384, NetworkMode: models.Bridge,
		RequiresCompatibilities: []string{"EC2"},
		Containers:              []models.Container{{Name: "model", MemoryMiB: 12288, GPUs: 2}, {Name: "sidecar", MemoryMiB: 256}}}
	wantApp = &models.TaskDefinition{Family: "app", Revision: 1, NetworkMode: models.Bridge,
		RequiresCompatibilities: []string{"EC2"}, TaskRoleArn: "arn:aws:iam::123456789012:role/app-task",
		PlacementConstraints: []models.ConstraintSpec{{Type: "memberOf", Expression: "attribute:ecs.instance-type =~ m6i.*"}},
		Containers: []models.Container{
			{Name: "app", CPU: 512, MemoryMiB: 1024, MemoryReservationMiB: 768, LogDriver: "json-file",
				PortMappings: []models.PortMapping{{ContainerPort: 8080}}},
			{Name: "envoy", CPU: 128, MemoryReservationMiB: 128, PortMappings: []models.PortMapping{{ContainerPort: 9901, HostPort: 9901}},
				HealthCheck: &models.HealthCheck{Interval: 5 * time.Second, Timeout: 2 * time.Second, Retries: 3, StartPeriod: 10 * time.Second}},
		}}
)

// service is the part of a models.ServiceConfig the JSON decides.
type service struct {
	Name, Def, LaunchType string
	Desired               int
	Scheduling            models.SchedulingStrategy
	CPS                   []models.StrategyItemConfig
	Strategy              []models.StrategySpec
	Constraints           []models.ConstraintSpec
	Min, Max              int
	Breaker               models.CircuitBreaker
	LBs                   []models.LoadBalancerConfig
	Grace                 time.Duration
	Rebalance             models.Rebalancing
}

func servicesOf(sc *scenarios.Scenario) []service {
	var out []service
	for _, s := range sc.Services {
		out = append(out, service{s.Name, s.Def.Ref(), s.LaunchType, s.DesiredCount, s.Scheduling, s.CapacityProviderStrategy,
			s.Strategy, s.Constraints, s.MinimumHealthyPercent, s.MaximumPercent, s.CircuitBreaker, s.LoadBalancers,
			s.HealthCheckGracePeriod, s.AZRebalancing})
	}
	return out
}

var (
	wantWebService = service{Name: "web", Def: "web:1", LaunchType: "FARGATE", Desired: 4, Scheduling: models.Replica,
		Min: 100, Max: 200, LBs: []models.LoadBalancerConfig{{TargetGroup: "web-tg", ContainerName: "web", ContainerPort: 8080}},
		Grace: 60 * time.Second, Rebalance: models.RebalancingEnabled}
	wantAPIService = service{Name: "api", Def: "app:1", Desired: 3, Scheduling: models.Replica,
		CPS:         []models.StrategyItemConfig{{Provider: "asg-general", Weight: 1}},
		Strategy:    []models.StrategySpec{{Type: "spread", Field: "attribute:ecs.availability-zone"}, {Type: "binpack", Field: "memory"}},
		Constraints: []models.ConstraintSpec{{Type: "distinctInstance"}}, Min: 50, Max: 200,
		Breaker: models.CircuitBreaker{Enable: true, Rollback: true},
		LBs:     []models.LoadBalancerConfig{{TargetGroup: "api-tg", ContainerName: "app", ContainerPort: 8080}}, Grace: 30 * time.Second,
		Rebalance: models.RebalancingDisabled} // describe-services gives none: an existing service's is DISABLED
	wantEdgeService = service{Name: "edge", Def: "nginx:1", LaunchType: "EC2", Scheduling: models.Daemon, Min: 0, Max: 100}
)

// TestImportRoundTrip imports each test file (and the cluster they make together), loads and
// runs the result, and checks that every field ecssim models came through as the JSON says.
func TestImportRoundTrip(t *testing.T) {
	cluster := []string{"container-instances.json", "capacity-providers.json", "two-container.json", "spread-binpack-service.json", "bridge-nginx.json"}
	tests := []struct {
		name     string
		files    []string
		defs     []*models.TaskDefinition
		services []service
	}{
		{"bridge nginx with a dynamic port", []string{"bridge-nginx.json"}, []*models.TaskDefinition{wantNginx}, nil},
		{"awsvpc Fargate web service", []string{"fargate-web-taskdef.json", "fargate-web-service.json"},
			[]*models.TaskDefinition{wantWeb}, []service{wantWebService}},
		{"two containers with memoryReservation", []string{"two-container.json"}, []*models.TaskDefinition{wantApp}, nil},
		{"a container's GPUs", []string{"gpu-inference.json"}, []*models.TaskDefinition{wantInference}, nil},
		{"spread+binpack and a circuit breaker", cluster, []*models.TaskDefinition{wantApp, wantNginx},
			[]service{wantAPIService, wantEdgeService}},
		{"everything", append([]string{"fargate-web-taskdef.json", "fargate-web-service.json"}, cluster...),
			[]*models.TaskDefinition{wantWeb, wantApp, wantNginx}, []service{wantWebService, wantAPIService, wantEdgeService}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := importFiles(t, tt.files...)
			if err != nil {
				t.Fatal(err)
			}
			sc, err := scenarios.Load(out, "imported.toml")
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			if diff := cmp.Diff(tt.defs, sc.TaskDefinitions, cmpopts.IgnoreUnexported(models.TaskDefinition{}), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("task definitions (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.services, servicesOf(sc), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("services (-want +got):\n%s", diff)
			}
			if err := runChecked(sc); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// runChecked builds and runs an imported scenario with the invariant checker watching every
// event (the scenarios package's tests have a fuller one, which a test here cannot import).
func runChecked(sc *scenarios.Scenario) error {
	run, err := scenarios.Build(sc, scenarios.Options{})
	if err != nil {
		return err
	}
	k := &models.InvariantChecker{Cluster: run.Sim.Cluster}
	run.Sim.AddObserver(k)
	run.Sim.Run()
	return k.Finish()
}

// TestImportFleet checks the instances and capacity providers of the cluster files.
func TestImportFleet(t *testing.T) {
	out, err := importFiles(t, "container-instances.json", "capacity-providers.json")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenarios.Load(out, "imported.toml")
	if err != nil {
		t.Fatal(err)
	}
	if sc.Cluster != "prod" || sc.Region != "us-east-1" {
		t.Errorf("cluster %q in %q, want prod in us-east-1", sc.Cluster, sc.Region)
	}
	if len(sc.InstanceGroups) != 1 {
		t.Fatalf("%d instance groups, want 1:\n%s", len(sc.InstanceGroups), out)
	}
	g := sc.InstanceGroups[0]
	got := []any{g.Type.Name, g.Count, g.Zones, g.AMIID, g.Attributes, g.Agent.AgentVersion}
	want := []any{"c6i.large", 2, []string{"us-east-1a", "us-east-1b"}, "ami-0c1d2e3f4a5b6c7d8", []models.Attribute{{Name: "team", Value: "edge"}}, "1.89.2"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("instance group (-want +got):\n%s", diff)
	}
	if len(sc.CapacityProviders) != 1 {
		t.Fatalf("%d capacity providers, want 1", len(sc.CapacityProviders))
	}
	cp := sc.CapacityProviders[0]
	got = []any{cp.Name, cp.ASG.InstanceTypes[0].Name, cp.ASG.DesiredCapacity, cp.ASG.Zones, cp.ManagedScaling, cp.ManagedTerminationProtection, cp.ManagedDraining}
	want = []any{"asg-general", "m6i.xlarge", 3, []string{"us-east-1a", "us-east-1b", "us-east-1c"},
		models.ManagedScaling{Enabled: true, TargetCapacity: 90, MinStep: 1, MaxStep: 10, WarmUp: 180 * time.Second}, true, true}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("capacity provider (-want +got):\n%s", diff)
	}
	for _, s := range []string{"registered 15710 MiB", "max_size 10 are guesses", "containerInstances[*].versionInfo.agentHash"} {
		if !strings.Contains(string(out), s) {
			t.Errorf("the output does not say %q:\n%s", s, out)
		}
	}
}

// TestImportUnknownType imports container instances of types the catalog lacks: each type is
// declared in [[instance_types]] as its instances registered it (an m8g.large's 2048 CPU units
// and 7800 MiB, arm64; an x9z.huge's 5120 units, the largest of its two instances), with ENIs
// guessed from the catalog's types of as many vCPUs (2 vCPUs, arm64: 3 for most, 2 for
// t4g.micro, so 3; 5 vCPUs: none, so 2), and a note says what was assumed.
func TestImportUnknownType(t *testing.T) {
	instance := func(typ, arch, zone string, cpu, mem int) string {
		return fmt.Sprintf(`{"attributes": [{"name": "ecs.instance-type", "value": %q}, {"name": "ecs.cpu-architecture", "value": %q},
  {"name": "ecs.availability-zone", "value": %q}],
 "registeredResources": [{"name": "CPU", "type": "INTEGER", "integerValue": %d}, {"name": "MEMORY", "type": "INTEGER", "integerValue": %d}]}`,
			typ, arch, zone, cpu, mem)
	}
	src := `{"containerInstances": [` + strings.Join([]string{
		instance("m8g.large", "arm64", "us-east-1a", 2048, 7800), instance("m8g.large", "arm64", "us-east-1b", 2048, 7800),
		instance("x9z.huge", "x86_64", "us-east-1a", 4096, 16000), instance("x9z.huge", "x86_64", "us-east-1a", 5120, 16000),
		instance("m5.large", "x86_64", "us-east-1a", 2048, 7985),
	}, ",\n") + `]}`
	out, err := Import([]File{{Name: "instances.json", Data: []byte(src)}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenarios.Load(out, "imported.toml")
	if err != nil {
		t.Fatal(err)
	}
	type sized struct {
		Name           string
		Count          int
		CPU, MemoryMiB int64
		ENIs           int
		Arch           models.Arch
	}
	var got []sized
	for _, g := range sc.InstanceGroups {
		got = append(got, sized{g.Type.Name, g.Count, g.Type.RegisteredCPU(), g.Type.MemTotalMiB(), g.Type.MaxENIs, g.Type.Arch})
	}
	want := []sized{
		{"m8g.large", 2, 2048, 7800, 3, models.ArchARM64},
		{"x9z.huge", 2, 5120, 16000, 2, models.ArchX86_64},
		{"m5.large", 1, 2048, 7985, 3, models.ArchX86_64},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("instance groups (-want +got):\n%s", diff)
	}
	for _, s := range []string{
		"instance type m8g.large is not in ecssim's catalog: it is declared in [[instance_types]] with what its instances registered, 2048 CPU units and 7800 MiB (arm64); max_enis = 3 is a guess (the most common among the catalog's types with 2 vCPUs)",
		"instances of x9z.huge registered different CPU or memory; its declared size takes the largest of each",
		"max_enis = 2 is a guess (the fewest any EC2 type has), and its price is 0 unless you set price_usd_per_hour",
	} {
		if !strings.Contains(strings.ReplaceAll(string(out), "\n#     ", " "), s) {
			t.Errorf("the output does not say %q:\n%s", s, out)
		}
	}
}

// TestImportNotModelled checks that the fields ecssim does not model are named in the comment.
func TestImportNotModelled(t *testing.T) {
	out, err := importFiles(t, "fargate-web-taskdef.json", "fargate-web-service.json", "bridge-nginx.json")
	if err != nil {
		t.Fatal(err)
	}
	head, _, _ := strings.Cut(string(out), "\nname = ")
	for _, s := range []string{"services[web].enableExecuteCommand", "services[web].networkConfiguration", "services[web].platformVersion",
		"containerDefinitions[web].environment", "executionRoleArn", "containerDefinitions[web].portMappings[0].appProtocol",
		"taskDefinition.containerDefinitions[nginx].logConfiguration.options", "taskDefinition.containerDefinitions[nginx].image",
		"tags", "taskDefinition.requiresAttributes", "services[web].deployments", "delay are the ALB defaults"} {
		if !strings.Contains(string(out), s) {
			t.Errorf("the output does not name %s", s)
		}
	}
	if strings.Contains(head, "volumes") || strings.Contains(head, "mountPoints") {
		t.Errorf("empty arrays are listed:\n%s", head)
	}
}

// TestImportOddShapes covers JSON that is valid for ECS but outside the common shapes: a port
// range (not modelled, and listed), a duplicate reserved port, and capacity-provider instances
// whose AMI, attributes and agent go to their Auto Scaling group.
func TestImportOddShapes(t *testing.T) {
	files := []File{{Name: "range.json", Data: []byte(`{"family": "r", "networkMode": "awsvpc",
  "requiresCompatibilities": ["FARGATE"], "cpu": "256", "memory": "512",
  "containerDefinitions": [{"name": "a", "portMappings": [{"containerPortRange": "8000-8010"}, {"containerPort": 80}]}]}`)},
		{Name: "instances.json", Data: []byte(`{"containerInstances": [{"capacityProviderName": "asg",
  "attributes": [{"name": "ecs.instance-type", "value": "m6i.large"}, {"name": "ecs.availability-zone", "value": "us-east-1a"},
    {"name": "ecs.ami-id", "value": "ami-1"}, {"name": "team", "value": "api"}],
  "registeredResources": [{"name": "PORTS", "type": "STRINGSET", "stringSetValue": ["22", "22", "2375", "2376", "51678", "51679", "8080"]}]}]}`)},
		{Name: "providers.json", Data: []byte(`{"capacityProviders": [{"name": "asg", "autoScalingGroupProvider": {"managedScaling": {"status": "ENABLED", "targetCapacity": 100}}}]}`)},
	}
	out, err := Import(files, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"range.json: containerDefinitions[a].portMappings[0].containerPortRange",
		`port_mappings = [{ container_port = 80`,
		"[capacity_providers.auto_scaling_group]",
		`ami_id = "ami-1"`,
		`attributes = { team = "api" }`,
		"reserved_ports = [22, 2375, 2376, 8080, 51678, 51679]",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the import lacks %q:\n%s", want, out)
		}
	}
}

// TestImportProblems checks that bad input is reported at its line and column.
func TestImportProblems(t *testing.T) {
	tests := []struct{ name, json, want string }{
		{"malformed JSON", "{\n  \"family\": \"x\",\n  \"cpu\": ]\n}", "f.json:3:10: malformed JSON"},
		{"truncated JSON", "{\n  \"family\": \"x\"", "f.json:2:16: malformed JSON: unexpected end"},
		{"wrong type", `{"family": "x", "containerDefinitions": [{"name": "a", "memory": "512"}]}`,
			`f.json:1:66: containerDefinitions[a].memory: want a whole number, got a string`},
		{"bad cpu string", `{"family": "x", "cpu": "lots", "containerDefinitions": [{"name": "a", "memory": 512}]}`,
			`f.json:1:24: cpu: want CPU units`},
		{"unknown document", `{"clusters": []}`, "f.json:1:1: not ECS JSON"},
		{"unknown instance type with nothing registered to size it", `{"containerInstances": [{"attributes": [{"name": "ecs.instance-type", "value": "m9z.huge"},
			{"name": "ecs.availability-zone", "value": "us-east-1a"}]}]}`, `f.json:1:80: containerInstances[*].attributes[ecs.instance-type].value: unknown instance type "m9z.huge"; known families: t3, t4g, m5, m6i, m6a, m7i, m7a, m6g, m7g, c5, c6i, c6a, c7i, c7a, c6g, c7g, r5, r6i, r6a, r7i, r6g, r7g, g4dn, g5, g6, g6e, p3, p4d, p5, and its instance gives no registeredResources CPU and MEMORY to size it from`},
		{"missing task definition", `{"services": [{"serviceName": "s", "taskDefinition": "arn:aws:ecs:us-east-1:1:task-definition/gone:3", "desiredCount": 1}]}`,
			`f.json:1:54: services[s].taskDefinition: service s runs task definition arn:aws:ecs:us-east-1:1:task-definition/gone:3, which none of the files gives`},
		{"missing capacity provider", `[{"family": "x", "containerDefinitions": [{"name": "a", "memory": 512}]},
{"serviceName": "s", "taskDefinition": "x", "desiredCount": 1, "capacityProviderStrategy": [{"capacityProvider": "cp", "weight": 1}]}]`,
			`f.json:2:93: [s].capacityProviderStrategy[cp]: capacity provider cp is in none of the files`},
		// A negative size used to be left out of the scenario without a word.
		{"negative container cpu", `{"family": "x", "containerDefinitions": [{"name": "a", "cpu": -5, "memory": 512}]}`,
			`f.json:1:63: containerDefinitions[a].cpu: want 0 or more, got -5`},
		{"negative container memory", `{"family": "x", "containerDefinitions": [{"name": "a", "memory": -512}]}`,
			`f.json:1:66: containerDefinitions[a].memory: want 0 or more, got -512`},
		{"negative memory reservation", `{"family": "x", "containerDefinitions": [{"name": "a", "memory": 512, "memoryReservation": -1}]}`,
			`containerDefinitions[a].memoryReservation: want 0 or more, got -1`},
		{"negative task cpu as a number", `{"family": "x", "cpu": -256, "memory": "512", "containerDefinitions": [{"name": "a"}]}`,
			`f.json:1:24: cpu: want 0 or more, got -256`},
		{"negative task memory as a string", `{"family": "x", "cpu": "256", "memory": "-1", "containerDefinitions": [{"name": "a"}]}`,
			`f.json:1:41: memory: want MiB`},
		{"negative health check interval", `{"family": "x", "containerDefinitions": [{"name": "a", "memory": 512, "healthCheck": {"command": ["CMD", "true"], "interval": -30}}]}`,
			`containerDefinitions[a].healthCheck.interval: want 0 or more, got -30`},
		{"negative registered memory", `{"containerInstances": [{"attributes": [{"name": "ecs.instance-type", "value": "m6i.large"},
			{"name": "ecs.availability-zone", "value": "us-east-1a"}], "registeredResources": [{"name": "MEMORY", "integerValue": -1}]}]}`,
			`integerValue: want 0 or more, got -1`},
		// encoding/json keeps a repeated key's last value silently.
		{"a key given twice", "{\"family\": \"x\", \"containerDefinitions\": [{\"name\": \"a\",\n \"memory\": 512, \"memory\": 64}]}",
			`f.json:2:17: key "memory" is given twice in one object (first at 2:2)`},
		{"a key given twice at the top", `{"family": "x", "family": "y"}`, `f.json:1:17: key "family" is given twice`},
		{"a long value is quoted cut", `{"family": "x", "cpu": "` + strings.Repeat("x", 1000) + `", "containerDefinitions": [{"name": "a", "memory": 512}]}`,
			`f.json:1:24: cpu: want CPU units such as "1024" or vCPUs such as "1 vCPU", got "` + strings.Repeat("x", 80) + `…"`},
		{"a long key given twice is quoted cut", `{"` + strings.Repeat("k", 1000) + `": 1, "` + strings.Repeat("k", 1000) + `": 2}`,
			`key "` + strings.Repeat("k", 80) + `…" is given twice`},
		{"invalid Fargate size, found by Load", `{"family": "x", "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"],
 "cpu": "3 vCPU", "memory": "2 GB", "containerDefinitions": [{"name": "a"}]}`, `f.json:2:9: cpu: `},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Import([]File{{Name: "f.json", Data: []byte(tt.json)}}, Options{})
			if _, ok := err.(scenarios.Problems); !ok {
				t.Fatalf("got %v (%T), want Problems", err, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got\n%v\nwant it to contain\n%s", err, tt.want)
			}
		})
	}
}

// TestImportRevisions checks that revisions are numbered from 1 and services follow them.
func TestImportRevisions(t *testing.T) {
	td := func(rev string) string {
		return `{"taskDefinition": {"family": "w", "revision": ` + rev + `, "containerDefinitions": [{"name": "a", "memory": ` + rev + `0}]}}`
	}
	svc := `{"services": [{"serviceName": "s", "taskDefinition": "arn:aws:ecs:us-east-1:1:task-definition/w:7", "desiredCount": 1}]}`
	out, err := Import([]File{{"b.json", []byte(td("8"))}, {"a.json", []byte(td("7"))}, {"s.json", []byte(svc)}}, Options{Name: "revs", Duration: "10m"})
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenarios.Load(out, "x.toml")
	if err != nil {
		t.Fatal(err)
	}
	if sc.Name != "revs" || sc.Duration != 10*time.Minute {
		t.Errorf("name %q, duration %v", sc.Name, sc.Duration)
	}
	if got := sc.Services[0].Def; got.Ref() != "w:1" || got.Containers[0].MemoryMiB != 70 {
		t.Errorf("service runs %s with %d MiB, want w:1 (revision 7) with 70", got.Ref(), got.Containers[0].MemoryMiB)
	}
	if !strings.Contains(string(out), "task definition w:8 is w:2 in the scenario") {
		t.Errorf("no note of the renumbering:\n%s", out)
	}
}
