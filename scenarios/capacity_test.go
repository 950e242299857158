package scenarios

import (
	"encoding/csv"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ecssim/ecssim/internal/refdata"
	"github.com/ecssim/ecssim/models"
)

// TestFargateSizesMatchReferenceData checks the Fargate size table against the reference CSV:
// every Linux row (all of them: the windows_supported column only says whether Windows takes
// the size too) is a size, and there is no other.
func TestFargateSizesMatchReferenceData(t *testing.T) {
	f, err := os.Open(refdata.File(t, "fargate-task-sizes.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := rows[0]; len(got) != 3 || got[0] != "cpu_units" || got[1] != "memory_mib" {
		t.Fatalf("unexpected header %v", got)
	}
	type size struct{ cpu, memory int64 }
	var want []size
	for _, r := range rows[1:] {
		cpu, err1 := strconv.ParseInt(r[0], 10, 64)
		mem, err2 := strconv.ParseInt(r[1], 10, 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("bad row %v", r)
		}
		want = append(want, size{cpu, mem})
	}
	var got []size
	for _, s := range fargateSizes {
		for _, m := range s.memories {
			got = append(got, size{s.cpu, m})
		}
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(size{})); diff != "" {
		t.Errorf("Fargate sizes (-csv +table):\n%s", diff)
	}
	for _, s := range want {
		if !validFargateSize(s.cpu, s.memory) {
			t.Errorf("validFargateSize(%d, %d) = false", s.cpu, s.memory)
		}
	}
	for _, s := range []size{{256, 3072}, {512, 512}, {4096, 31744}, {8192, 18432}, {16384, 36864}, {768, 2048}, {32768, 65536}} {
		if validFargateSize(s.cpu, s.memory) {
			t.Errorf("validFargateSize(%d, %d) = true", s.cpu, s.memory)
		}
	}
}

func TestFargateSizeProblem(t *testing.T) {
	tests := []struct {
		cpu, memory int64
		key, msg    string
	}{
		{16384, 131072, "memory", "Fargate has no task size with cpu 16384 and memory 131072 MiB: cpu 16384 takes memory 32768-122880 MiB in steps of 8192 (nearest 122880)"},
		{8192, 8192, "memory", "Fargate has no task size with cpu 8192 and memory 8192 MiB: cpu 8192 takes memory 16384-61440 MiB in steps of 4096 (nearest 16384); memory 8192 MiB goes with cpu 1024, 2048 or 4096"},
		{512, 512, "memory", "Fargate has no task size with cpu 512 and memory 512 MiB: cpu 512 takes memory 1024, 2048, 3072 or 4096 MiB; memory 512 MiB goes with cpu 256"},
		{32768, 65536, "cpu", "Fargate has no task size with cpu 32768: it takes cpu 256, 512, 1024, 2048, 4096, 8192 or 16384; the nearest are 16384 with memory 32768-122880 MiB in steps of 8192; memory 65536 MiB goes with cpu 16384"},
		{128, 100, "cpu", "Fargate has no task size with cpu 128: it takes cpu 256, 512, 1024, 2048, 4096, 8192 or 16384; the nearest are 256 with memory 512, 1024 or 2048 MiB"},
	}
	for _, tc := range tests {
		key, msg := fargateSizeProblem(tc.cpu, tc.memory)
		if key != tc.key || msg != tc.msg {
			t.Errorf("fargateSizeProblem(%d, %d) = %s, %q\nwant %s, %q", tc.cpu, tc.memory, key, msg, tc.key, tc.msg)
		}
	}
}

const loadFargateSrc = `duration = "1h"

[[task_definitions]]
family = "web"
network_mode = "awsvpc"
requires_compatibilities = ["EC2", "FARGATE"]
cpu = 512
memory = 2048
runtime_platform = { cpu_architecture = "ARM64" }
  [[task_definitions.containers]]
  name = "web"
  memory_reservation = 1024
  port_mappings = [{ container_port = 8080, host_port = 8080 }]
  stop_timeout = "2m"

[[task_definitions]]
family = "big"
network_mode = "awsvpc"
requires_compatibilities = ["FARGATE"]
cpu = 16384
memory = 122880
containers = [{ name = "job", cpu = 16384 }]

[[target_groups]]
name = "web-tg"

[[services]]
name = "web"
task_definition = "web"
desired_count = 3
launch_type = "FARGATE"
zones = ["us-east-1a", "us-east-1b"]
load_balancers = [{ target_group = "web-tg", container_name = "web", container_port = 8080 }]

[[services]]
name = "mixed"
task_definition = "big"
desired_count = 4
capacity_provider_strategy = [
  { capacity_provider = "FARGATE", base = 1, weight = 1 },
  { capacity_provider = "FARGATE_SPOT", weight = 3 },
]

[faults]
fargate_spot_interruptions_per_hour = 0.1

[[events]]
at = "30m"
action = "deploy"
service = "mixed"
task_definition = "big"
`

func TestLoadFargate(t *testing.T) {
	sc := loadMust(t, loadFargateSrc, loadFile)
	if len(sc.Warnings) > 0 {
		t.Errorf("warnings:\n%v", sc.Warnings)
	}
	wantServices := []models.ServiceConfig{
		{Name: "web", DesiredCount: 3, MinimumHealthyPercent: 100, MaximumPercent: 200, Scheduling: models.Replica,
			LoadBalancers: []models.LoadBalancerConfig{{TargetGroup: "web-tg", ContainerName: "web", ContainerPort: 8080}},
			LaunchType:    "FARGATE", Zones: []string{"us-east-1a", "us-east-1b"}},
		{Name: "mixed", DesiredCount: 4, MinimumHealthyPercent: 100, MaximumPercent: 200, Scheduling: models.Replica,
			CapacityProviderStrategy: []models.StrategyItemConfig{{Provider: "FARGATE", Base: 1, Weight: 1}, {Provider: "FARGATE_SPOT", Weight: 3}},
			Zones:                    []string{"us-east-1a", "us-east-1b", "us-east-1c"}},
	}
	if diff := cmp.Diff(wantServices, sc.Services, cmpopts.IgnoreFields(models.ServiceConfig{}, "Def")); diff != "" {
		t.Errorf("services (-want +got):\n%s", diff)
	}
	for i := range sc.Services {
		if s := &sc.Services[i]; !onFargate(s.LaunchType, s.CapacityProviderStrategy, sc) {
			t.Errorf("service %s is not on Fargate", sc.Services[i].Name)
		}
	}
	if got := sc.TargetGroups[0].Type; got != models.TargetIP {
		t.Errorf("target group type %v, want ip (awsvpc)", got)
	}

	run, err := Build(sc, Options{Strategy: []models.StrategySpec{{Type: "binpack", Field: "memory"}}})
	if err != nil {
		t.Fatal(err)
	}
	s := run.Sim
	fargate, spot := s.CapacityProviders[0], s.CapacityProviders[1]
	wantProviders := []*models.CapacityProviderConfig{
		{Name: "FARGATE", Kind: models.ProviderFargate},
		{Name: "FARGATE_SPOT", Kind: models.ProviderFargateSpot},
	}
	if diff := cmp.Diff(wantProviders, providerConfigs(s)); diff != "" {
		t.Errorf("providers (-want +got):\n%s", diff)
	}
	web, mixed := s.Services[0], s.Services[1]
	if web.LaunchType != "FARGATE" || web.CapacityProviderStrategy != nil || !cmp.Equal(web.Zones, []string{"us-east-1a", "us-east-1b"}) {
		t.Errorf("web: launch type %q, strategy %v, zones %v", web.LaunchType, web.CapacityProviderStrategy, web.Zones)
	}
	wantItems := []models.StrategyItem{{Provider: fargate, Base: 1, Weight: 1}, {Provider: spot, Weight: 3}}
	if mixed.LaunchType != "" || !cmp.Equal(wantItems, mixed.CapacityProviderStrategy, cmpopts.IgnoreUnexported(models.CapacityProvider{})) ||
		mixed.CapacityProviderStrategy[0].Provider != fargate || mixed.CapacityProviderStrategy[1].Provider != spot {
		t.Errorf("mixed: launch type %q, strategy %+v", mixed.LaunchType, mixed.CapacityProviderStrategy)
	}
	if s.DefaultStrategy != nil {
		t.Errorf("default strategy %v, want none", s.DefaultStrategy)
	}
	// Fargate places tasks itself: the strategy override does not apply, and the run has none.
	if run.Strategy != "binpack-memory" {
		t.Errorf("run strategy %q, want the override's name", run.Strategy)
	}
	if run, _ := Build(sc, Options{}); run.Strategy != "none" {
		t.Errorf("run strategy %q, want none", run.Strategy)
	}
	if s.Spot != (models.SpotSettings{TaskInterruptionsPerHour: 0.1, Notice: models.SpotNotice}) {
		t.Errorf("spot settings %+v", s.Spot)
	}
}

// loadCapacitySrc uses every key of a capacity provider.
const loadCapacitySrc = `duration = "2h"
region = "eu-west-1"

[cluster]
name = "prod"
default_capacity_provider_strategy = [{ capacity_provider = "spot", weight = 1 }]

[[capacity_providers]]
name = "general"
managed_termination_protection = "ENABLED"
managed_draining = "DISABLED"
[capacity_providers.auto_scaling_group]
instance_types = ["m6i.large", "m5.large"]
zones = ["eu-west-1a", "eu-west-1b"]
min_size = 1
max_size = 10
desired_capacity = 2
market = "on-demand"
launch_latency = { distribution = "constant", value = "90s" }
attributes = { team = "web" }
ami_id = "ami-123"
agent_config = "ecs.config"
[capacity_providers.auto_scaling_group.agent]
reserved_memory = 256
enable_task_iam_role = false
[capacity_providers.managed_scaling]
status = "ENABLED"
target_capacity = 90
minimum_scaling_step_size = 2
maximum_scaling_step_size = 20
instance_warmup_period = "120s"

[[capacity_providers]]
name = "spot"
[capacity_providers.auto_scaling_group]
instance_type = "c6i.large"
max_size = 5
market = "spot"
agent = { enable_spot_instance_draining = true }
[capacity_providers.managed_scaling]

[[capacity_providers]]
name = "fixed"
auto_scaling_group = { instance_type = "m6i.large", max_size = 3, desired_capacity = 3 }

[[task_definitions]]
family = "web"
memory = 512
containers = [{ name = "web" }]

[[services]]
name = "web"
task_definition = "web"
desired_count = 8
placement_strategy = [{ type = "binpack", field = "memory" }]
placement_constraints = [{ type = "distinctInstance" }]
capacity_provider_strategy = [
  { capacity_provider = "general", base = 2, weight = 1 },
  { capacity_provider = "spot", weight = 3 },
]

[[services]]
name = "api"
task_definition = "web"
desired_count = 2

[[services]]
name = "agent"
task_definition = "web"
scheduling_strategy = "DAEMON"
launch_type = "EC2"

[[events]]
at = "1h"
action = "drain"
zone = "eu-west-1c"   # only the Auto Scaling groups use it
`

func TestLoadCapacityProviders(t *testing.T) {
	sc, err := loadWithFiles(loadCapacitySrc, map[string]string{"ecs.config": `ECS_RESERVED_MEMORY=128
ECS_INSTANCE_ATTRIBUTES={"stack":"blue"}
ECS_ENABLE_SPOT_INSTANCE_DRAINING=true
`})
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Warnings) > 0 {
		t.Errorf("warnings:\n%v", sc.Warnings)
	}
	agent := func(change func(a *models.AgentConfig)) models.AgentConfig {
		a := models.DefaultAgentConfig()
		a.Cluster = "prod"
		change(&a)
		return a
	}
	defaults := models.ManagedScaling{TargetCapacity: 100, MinStep: 1, MaxStep: 10000, WarmUp: 300 * time.Second}
	enabled := defaults
	enabled.Enabled = true
	three := []string{"eu-west-1a", "eu-west-1b", "eu-west-1c"}
	want := []models.CapacityProviderConfig{
		{
			Name: "general", Kind: models.ProviderASG,
			ASG: &models.AutoScalingGroup{
				InstanceTypes: []*models.InstanceType{loadInstanceType(t, "m6i.large"), loadInstanceType(t, "m5.large")},
				Zones:         []string{"eu-west-1a", "eu-west-1b"},
				MinSize:       1, MaxSize: 10, DesiredCapacity: 2,
				Market:        models.OnDemand,
				LaunchLatency: models.DistSpec{Kind: models.DistConstant, Value: 90 * time.Second},
				Agent: agent(func(a *models.AgentConfig) {
					a.ReservedMemoryMiB, a.EnableTaskIAMRole, a.EnableSpotInstanceDraining = 256, false, true
				}),
				AMIID:      "ami-123",
				Attributes: []models.Attribute{{Name: "stack", Value: "blue"}, {Name: "team", Value: "web"}},
			},
			ManagedScaling:               models.ManagedScaling{Enabled: true, TargetCapacity: 90, MinStep: 2, MaxStep: 20, WarmUp: 2 * time.Minute},
			ManagedTerminationProtection: true,
		},
		{
			Name: "spot", Kind: models.ProviderASG,
			ASG: &models.AutoScalingGroup{
				InstanceTypes: []*models.InstanceType{loadInstanceType(t, "c6i.large")},
				Zones:         three, MaxSize: 5, Market: models.Spot,
				LaunchLatency: models.DistSpec{Kind: models.DistUniform, Min: time.Minute, Max: 3 * time.Minute},
				Agent:         agent(func(a *models.AgentConfig) { a.EnableSpotInstanceDraining = true }),
				AMIID:         "ami-ecs-al2023",
			},
			ManagedScaling:  enabled, // the table without a status
			ManagedDraining: true,
		},
		{
			Name: "fixed", Kind: models.ProviderASG,
			ASG: &models.AutoScalingGroup{
				InstanceTypes: []*models.InstanceType{loadInstanceType(t, "m6i.large")},
				Zones:         three, MaxSize: 3, DesiredCapacity: 3, Market: models.OnDemand,
				LaunchLatency: models.DistSpec{Kind: models.DistUniform, Min: time.Minute, Max: 3 * time.Minute},
				Agent:         agent(func(*models.AgentConfig) {}),
				AMIID:         "ami-ecs-al2023",
			},
			ManagedScaling:  defaults, // no table: DISABLED
			ManagedDraining: true,
		},
	}
	if diff := cmp.Diff(want, sc.CapacityProviders, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("capacity providers (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]models.StrategyItemConfig{{Provider: "spot", Weight: 1}}, sc.DefaultStrategy); diff != "" {
		t.Errorf("default strategy (-want +got):\n%s", diff)
	}
	binpack := []models.StrategySpec{{Type: "binpack", Field: "memory"}}
	spread := []models.StrategySpec{{Type: "spread", Field: "attribute:ecs.availability-zone"}, {Type: "spread", Field: "instanceId"}}
	wantServices := []models.ServiceConfig{
		{Name: "web", DesiredCount: 8, Strategy: binpack, Constraints: []models.ConstraintSpec{{Type: "distinctInstance"}},
			MinimumHealthyPercent: 100, MaximumPercent: 200, Scheduling: models.Replica,
			CapacityProviderStrategy: []models.StrategyItemConfig{{Provider: "general", Base: 2, Weight: 1}, {Provider: "spot", Weight: 3}}},
		{Name: "api", DesiredCount: 2, Strategy: spread, MinimumHealthyPercent: 100, MaximumPercent: 200, Scheduling: models.Replica},
		{Name: "agent", MinimumHealthyPercent: 0, MaximumPercent: 100, Scheduling: models.Daemon, LaunchType: "EC2"},
	}
	if diff := cmp.Diff(wantServices, sc.Services, cmpopts.IgnoreFields(models.ServiceConfig{}, "Def")); diff != "" {
		t.Errorf("services (-want +got):\n%s", diff)
	}

	// Each run has its own providers, built-ins last, which share their configurations with
	// other runs, and its strategies point at them.
	var runs []*Run
	for range 2 {
		run, err := Build(sc, Options{})
		if err != nil {
			t.Fatal(err)
		}
		runs = append(runs, run)
	}
	s := runs[0].Sim
	var wantProviders []*models.CapacityProviderConfig
	for i := range want {
		wantProviders = append(wantProviders, &sc.CapacityProviders[i])
	}
	wantProviders = append(wantProviders, &models.CapacityProviderConfig{Name: "FARGATE", Kind: models.ProviderFargate},
		&models.CapacityProviderConfig{Name: "FARGATE_SPOT", Kind: models.ProviderFargateSpot})
	if diff := cmp.Diff(wantProviders, providerConfigs(s), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("simulation providers (-want +got):\n%s", diff)
	}
	for i, cp := range s.CapacityProviders {
		other := runs[1].Sim.CapacityProviders[i]
		if cp == other {
			t.Errorf("two runs share capacity provider %s", cp.Name)
		}
		if cp.CapacityProviderConfig != other.CapacityProviderConfig ||
			(i < len(sc.CapacityProviders) && cp.CapacityProviderConfig != &sc.CapacityProviders[i]) {
			t.Errorf("capacity provider %s does not share its configuration", cp.Name)
		}
	}
	general, spot := s.CapacityProviders[0], s.CapacityProviders[1]
	if len(s.DefaultStrategy) != 1 || s.DefaultStrategy[0] != (models.StrategyItem{Provider: spot, Weight: 1}) {
		t.Errorf("default strategy %+v, want spot with weight 1", s.DefaultStrategy)
	}
	web, api, daemon := s.Services[0], s.Services[1], s.Services[2]
	wantItems := []models.StrategyItem{{Provider: general, Base: 2, Weight: 1}, {Provider: spot, Weight: 3}}
	if !cmp.Equal(wantItems, web.CapacityProviderStrategy, cmp.Comparer(func(a, b *models.CapacityProvider) bool { return a == b })) {
		t.Errorf("web strategy %+v", web.CapacityProviderStrategy)
	}
	if web.LaunchType != "" || api.LaunchType != "" || api.CapacityProviderStrategy != nil || daemon.LaunchType != "EC2" {
		t.Errorf("launch types %q, %q, %q; api strategy %v", web.LaunchType, api.LaunchType, daemon.LaunchType, api.CapacityProviderStrategy)
	}
	// A service places with its own strategies on each of its providers' instances.
	for _, c := range []struct {
		svc *models.Service
		cp  *models.CapacityProvider
	}{{web, general}, {web, spot}, {api, spot}} {
		pl, ok := s.ProviderPlacers.PlacerOn(c.svc, c.cp)
		if !ok || pl == nil || pl == c.svc.Placer {
			t.Errorf("service %s has no placer of its own on %s", c.svc.Name, c.cp.Name)
		}
		if other, _ := runs[1].Sim.ProviderPlacers.PlacerOn(runs[1].Sim.Services[0], runs[1].Sim.CapacityProviders[0]); pl == other {
			t.Errorf("two runs share service %s's placer on %s", c.svc.Name, c.cp.Name)
		}
	}
	// A provider outside a service's strategy has no placer of the service's, and says so.
	if pl, ok := s.ProviderPlacers.PlacerOn(api, general); ok || pl != nil {
		t.Errorf("service api has a placer on general, outside its strategy: %v", pl)
	}
	if runs[0].Strategy != "per-service" {
		t.Errorf("run strategy %q, want per-service", runs[0].Strategy)
	}
}

func TestLoadPricingFargateAndFaults(t *testing.T) {
	sc := loadMust(t, `duration = "1h"

[pricing]
fargate_vcpu_hour = 0.05
fargate_gb_hour = 0.005
fargate_arm_vcpu_hour = 0.04
fargate_arm_gb_hour = 0.004
ec2_spot_discount = 0
fargate_spot_discount = 0.5
instance_prices = { "m6i.large" = 0.1, "c6i.large" = 0 }

[fargate]
provisioning = { distribution = "uniform", min = "10s", max = "20s" }
pull_bandwidth_mib_per_second = 100
launch_burst = 10
launch_rate = "1/s"

[faults]
spot_interruptions_per_hour = 0.5
fargate_spot_interruptions_per_hour = 0.25

[[instance_groups]]
type = "m6i.large"
count = 1
market = "spot"
agent = { enable_spot_instance_draining = true }

[[task_definitions]]
family = "job"
network_mode = "awsvpc"
requires_compatibilities = ["FARGATE"]
cpu = 256
memory = 512
containers = [{ name = "job" }]

[[services]]
name = "job"
task_definition = "job"
desired_count = 1
capacity_provider_strategy = [{ capacity_provider = "FARGATE_SPOT", weight = 1 }]
`, loadFile)
	if len(sc.Warnings) > 0 {
		t.Errorf("warnings:\n%v", sc.Warnings)
	}
	wantPricing := models.Pricing{FargateX86VCPUHour: 0.05, FargateX86GBHour: 0.005, FargateARMVCPUHour: 0.04, FargateARMGBHour: 0.004,
		EC2SpotDiscount: 0, FargateSpotDiscount: 0.5, InstancePrices: map[string]float64{"m6i.large": 0.1, "c6i.large": 0}}
	wantFargate := models.FargateSettings{Provisioning: models.DistSpec{Kind: models.DistUniform, Min: 10 * time.Second, Max: 20 * time.Second},
		PullMiBps: 100, LaunchBurst: 10, LaunchRate: 1}
	wantSpot := models.SpotSettings{InstanceInterruptionsPerHour: 0.5, TaskInterruptionsPerHour: 0.25, Notice: 2 * time.Minute}
	run, err := Build(sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, got := range []struct {
		name             string
		pricing          models.Pricing
		fargate          models.FargateSettings
		spot             models.SpotSettings
		instanceDraining bool
	}{
		{"scenario", sc.Pricing, sc.Fargate, sc.Spot, sc.InstanceGroups[0].Agent.EnableSpotInstanceDraining},
		{"simulation", run.Sim.Pricing, run.Sim.Fargate, run.Sim.Spot, run.Sim.InstanceGroups[0].Agent.EnableSpotInstanceDraining},
	} {
		if diff := cmp.Diff(wantPricing, got.pricing); diff != "" {
			t.Errorf("%s pricing (-want +got):\n%s", got.name, diff)
		}
		if diff := cmp.Diff(wantFargate, got.fargate); diff != "" {
			t.Errorf("%s Fargate settings (-want +got):\n%s", got.name, diff)
		}
		if got.spot != wantSpot {
			t.Errorf("%s Spot settings %+v, want %+v", got.name, got.spot, wantSpot)
		}
		if !got.instanceDraining {
			t.Errorf("%s: the Spot group does not drain on interruption", got.name)
		}
	}
	run.Sim.Pricing.InstancePrices["m6i.large"] = 1
	if sc.Pricing.InstancePrices["m6i.large"] != 0.1 {
		t.Errorf("a run's prices change the scenario's")
	}
}

// TestLintSpotAndZones covers the warnings about Spot capacity without Spot draining, Spot
// interruptions with nothing to interrupt, zones on a service that runs on EC2, and an Auto
// Scaling group whose agent joins another cluster.
func TestLintSpotAndZones(t *testing.T) {
	sc, err := loadWithFiles(`duration = "1h"

[[instance_groups]]
name = "spot"
type = "m6i.large"
count = 2
market = "spot"

[[instance_groups]]
name = "drains"
type = "m6i.large"
count = 1
market = "spot"
agent_config = "ecs.config"

[[capacity_providers]]
name = "asg-spot"
[capacity_providers.auto_scaling_group]
instance_type = "m6i.large"
max_size = 2
market = "spot"
agent = { cluster = "other" }

[faults]
fargate_spot_interruptions_per_hour = 1

[[task_definitions]]
family = "web"
memory = 512
containers = [{ name = "web" }]

[[services]]
name = "web"
task_definition = "web"
desired_count = 1
zones = ["us-east-1a"]
`, map[string]string{"ecs.config": "ECS_ENABLE_SPOT_INSTANCE_DRAINING=true\n"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`scenario.toml:36:9: warning: services[0].zones: zones place Fargate tasks only: service web runs on EC2 instances, whose zones decide`,
		`scenario.toml:22:21: warning: capacity_providers[0].auto_scaling_group.agent.cluster: the Auto Scaling group of capacity provider asg-spot joins cluster "other", not this scenario's cluster "default": its instances will never receive this cluster's tasks`,
		`scenario.toml:7:10: warning: instance_groups[0].market: instance group spot is Spot, and without enable_spot_instance_draining (ECS_ENABLE_SPOT_INSTANCE_DRAINING), an interrupted instance's tasks are killed at the interruption before replacements start (DG/container-instance-spot)`,
		`scenario.toml:21:10: warning: capacity_providers[0].auto_scaling_group.market: capacity provider asg-spot is Spot, and without enable_spot_instance_draining (ECS_ENABLE_SPOT_INSTANCE_DRAINING), an interrupted instance's tasks are killed at the interruption before replacements start (DG/container-instance-spot)`,
		`scenario.toml:25:39: warning: faults.fargate_spot_interruptions_per_hour: interrupts nothing: no service's capacity provider strategy uses FARGATE_SPOT`,
	}
	if diff := cmp.Diff(want, problemLines(t, sc.Warnings)); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}

	sc = loadMust(t, `duration = "1h"

[[instance_groups]]
type = "m6i.large"
count = 2

[faults]
spot_interruptions_per_hour = 0.1
`, loadFile)
	want = []string{
		`scenario.toml:8:31: warning: faults.spot_interruptions_per_hour: interrupts nothing: no instance group or Auto Scaling group is Spot (market = "spot")`,
	}
	if diff := cmp.Diff(want, problemLines(t, sc.Warnings)); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}

// providerConfigs returns the configurations of s's capacity providers.
func providerConfigs(s *models.Simulation) []*models.CapacityProviderConfig {
	var out []*models.CapacityProviderConfig
	for _, p := range s.CapacityProviders {
		out = append(out, p.CapacityProviderConfig)
	}
	return out
}
