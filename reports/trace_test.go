package reports_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/ecssim/ecssim/models"
	mt "github.com/ecssim/ecssim/models/modelstest"
	"github.com/ecssim/ecssim/reports"
	"github.com/ecssim/ecssim/sim"
)

type traceCase struct {
	name string
	at   sim.Time
	e    models.Event
	want string // the line, without its newline
}

func secs(x float64) sim.Time { return sim.Time(x * float64(time.Second)) }

// traceCases builds a small cluster with tasks placed on it and returns one event of each
// kind about it, in simulation order, with the trace line each must give.
func traceCases(t *testing.T) []traceCase {
	t.Helper()
	c := mt.ClusterWith(models.TieOldest, 1,
		mt.Instance("m5.large").Zone("us-east-1a"),
		inCluster(mt.Instance("c5.large").Zone("us-east-1b"), "batch"),
		mt.Instance("m5.large").Zone("us-east-1c"),
	)
	i1, i2, i3 := c.Instances()[0], c.Instances()[1], c.Instances()[2]
	i2.Market = models.Spot
	// i3 is a Spot instance that the ASG capacity provider asg-spot launched at 9100 s; it
	// registers at 9220 s.
	asg := models.NewCapacityProvider(&models.CapacityProviderConfig{Name: "asg-spot", Kind: models.ProviderASG})
	i3.Market, i3.Provider, i3.Launched = models.Spot, asg, secs(9100)
	// api runs on Fargate: api-1 on FARGATE_SPOT, api-2 with launch type FARGATE and no
	// provider. Their image pulls start 20 s and 25 s after their placement.
	fargateSpot := models.NewCapacityProvider(&models.CapacityProviderConfig{Name: models.FargateSpotProviderName, Kind: models.ProviderFargateSpot})
	apiDef := &models.TaskDefinition{
		Family: "api", Revision: 4, CPU: 512, MemoryMiB: 1024, NetworkMode: models.AWSVPC,
		Containers: []models.Container{{Name: "api", PortMappings: []models.PortMapping{{ContainerPort: 8080}}}},
	}
	apiDef.Finalize()
	api := service("api", apiDef, 2, 100)
	api.LaunchType = models.LaunchFargate
	api1 := &models.Task{ID: "api-1", Def: apiDef, Group: api.Group(), Service: api, State: models.Provisioning}
	api2 := &models.Task{ID: "api-2", Def: apiDef, Group: api.Group(), Service: api, State: models.Provisioning}
	api1.PullStartedAt, api2.PullStartedAt = secs(9320), secs(9425)
	c.Place(api1, models.NewFargateInstance("fargate-api-1", apiDef, "us-east-1c", fargateSpot), secs(9300))
	c.Place(api2, models.NewFargateInstance("fargate-api-2", apiDef, "us-east-1a", nil), secs(9400))

	// web:1 asks for one dynamic host port; edge:3 for an explicit one and a dynamic one;
	// batch:1 for none.
	webDef := mt.TaskDef("web", 256, 512, models.PortMapping{ContainerPort: 8080})
	edgeDef := &models.TaskDefinition{
		Family: "edge", Revision: 3, CPU: 256, MemoryMiB: 256, NetworkMode: models.Bridge,
		Containers: []models.Container{{Name: "envoy", PortMappings: []models.PortMapping{
			{ContainerPort: 9901}, {ContainerPort: 80, HostPort: 80},
		}}},
	}
	edgeDef.Finalize()
	batchDef := mt.TaskDef("batch", 512, 512)
	web := service("web", webDef, 2, 100)
	edge := service("edge", edgeDef, 1, 100)
	batch := workload("batch", batchDef)

	newTask := func(id string, svc *models.Service, w *models.Workload) *models.Task {
		if svc != nil {
			return &models.Task{ID: id, Def: svc.Def, Group: svc.Group(), Service: svc, State: models.Provisioning}
		}
		return &models.Task{ID: id, Def: w.Def, Group: w.Group, Workload: w, State: models.Provisioning}
	}
	place := func(tk *models.Task, in *models.Instance, at sim.Time) *models.Task {
		c.Place(tk, in, at)
		return tk
	}
	// The agent gives dynamic ports next-fit from 32768: web-1 gets 32768, then edge-1 binds
	// 80 (explicit ports come first) and gets 32769.
	web1 := place(newTask("web-1", web, nil), i1, secs(0.001))
	edge1 := place(newTask("edge-1", edge, nil), i1, secs(12.5))
	batch1 := place(newTask("batch-1", nil, batch), i2, secs(14))
	c.MarkRunning(web1, secs(14.25))
	web1.Healthy = true
	c.BeginStop(web1, secs(3600), models.StopReasonExited)
	c.MarkRunning(batch1, secs(14.25))
	c.BeginStop(batch1, secs(7200.125), models.StopReasonExited)
	c.FinishStop(batch1, secs(7200.125), models.StopReasonExited)

	failed := &models.PlacementError{
		Candidates: 4,
		Rejected:   []models.Rejection{{Filter: "status", Count: 1}, {Filter: "memory", Count: 2}, {Filter: "ports", Count: 1}},
		Closest:    i2, ClosestReason: "has insufficient memory available",
	}
	msg := "service web was unable to place a task because no container instance met all of its requirements. " +
		"The closest matching container-instance i-0002 has insufficient memory available. " +
		"For more information, see the Troubleshooting section."
	wouldBe := func(svc *models.Service, w *models.Workload) *models.Task { return newTask("", svc, w) }

	// web-1 registers with web-tg as instance target i-0001:32768. Each target event gets its
	// own Target in the state the event leaves it in, as the trace reads it when written.
	tg := models.NewTargetGroup(&models.TargetGroupConfig{Name: "web-tg", Type: models.TargetInstance})
	target := func(state models.TargetState) *models.Target {
		return &models.Target{Group: tg, Task: web1, ID: i1.ID, Port: web1.Bindings[0].HostPort, State: state}
	}
	targetEvent := func(kind models.EventKind, state models.TargetState) models.Event {
		return models.Event{Kind: kind, Target: target(state), Task: web1, Instance: i1, Service: web}
	}
	// Deployments of web: web:2 in progress, completed and failed, and a rollback to web:1.
	webDef2 := &models.TaskDefinition{
		Family: "web", Revision: 2, CPU: 256, MemoryMiB: 512, NetworkMode: models.Bridge,
		Containers: []models.Container{{Name: "web", PortMappings: []models.PortMapping{{ContainerPort: 8080}}}},
	}
	webDef2.Finalize()
	deployment := func(id string, def *models.TaskDefinition, state models.RolloutState, rollback bool) *models.Deployment {
		return &models.Deployment{ID: id, Service: web, Def: def, State: state, Rollback: rollback}
	}
	const breaker = "ECS deployment circuit breaker: tasks failed to start."
	// A scale of web to 6 tasks: the event carries the service with its new count.
	scaled := service("web", webDef, 6, 100)

	return []traceCase{
		{
			name: "InstanceRegistered",
			at:   0,
			e:    models.Event{Kind: models.InstanceRegistered, Instance: i1},
			want: `{"t":0,"kind":"InstanceRegistered","instance":"i-0001","zone":"us-east-1a","instance_type":"m5.large","market":"on-demand","cluster":"default"}`,
		},
		{
			name: "InstanceRegistered on spot in another cluster",
			at:   0,
			e:    models.Event{Kind: models.InstanceRegistered, Instance: i2},
			want: `{"t":0,"kind":"InstanceRegistered","instance":"i-0002","zone":"us-east-1b","instance_type":"c5.large","market":"spot","cluster":"batch"}`,
		},
		{
			name: "TaskPlaced with one host port",
			at:   secs(0.001),
			e:    models.Event{Kind: models.TaskPlaced, Task: web1, Instance: i1},
			want: `{"t":0.001,"kind":"TaskPlaced","task":"web-1","task_definition":"web:1","service":"web","instance":"i-0001","zone":"us-east-1a","host_port":32768}`,
		},
		{
			name: "TaskPlaced with several host ports",
			at:   secs(12.5),
			e:    models.Event{Kind: models.TaskPlaced, Task: edge1, Instance: i1},
			want: `{"t":12.5,"kind":"TaskPlaced","task":"edge-1","task_definition":"edge:3","service":"edge","instance":"i-0001","zone":"us-east-1a","host_ports":[80,32769]}`,
		},
		{
			name: "TaskPlaced for a standalone task with no host port",
			at:   secs(14),
			e:    models.Event{Kind: models.TaskPlaced, Task: batch1, Instance: i2},
			want: `{"t":14,"kind":"TaskPlaced","task":"batch-1","task_definition":"batch:1","group":"family:batch","instance":"i-0002","zone":"us-east-1b"}`,
		},
		{
			name: "TaskRunning",
			at:   secs(14.25),
			e:    models.Event{Kind: models.TaskRunning, Task: web1, Instance: i1},
			want: `{"t":14.25,"kind":"TaskRunning","task":"web-1","task_definition":"web:1","service":"web","instance":"i-0001","zone":"us-east-1a"}`,
		},
		{
			name: "TaskHealthy",
			at:   secs(54.25),
			e:    models.Event{Kind: models.TaskHealthy, Task: web1, Instance: i1},
			want: `{"t":54.25,"kind":"TaskHealthy","task":"web-1","task_definition":"web:1","service":"web","instance":"i-0001","zone":"us-east-1a"}`,
		},
		{
			name: "PlacementFailed with reasons in filter order and the closest instance",
			at:   secs(60),
			e:    models.Event{Kind: models.PlacementFailed, Task: wouldBe(web, nil), Service: web, Failure: failed},
			want: `{"t":60,"kind":"PlacementFailed","task_definition":"web:1","service":"web","reasons":{"status":1,"memory":2,"ports":1},"closest_instance":"i-0002"}`,
		},
		{
			name: "ServiceEvent",
			at:   secs(60),
			e:    models.Event{Kind: models.ServiceEvent, Service: web, Message: msg},
			want: `{"t":60,"kind":"ServiceEvent","service":"web","message":"` + msg + `"}`,
		},
		{
			name: "PlacementFailed for a standalone task with no instance registered",
			at:   secs(61),
			e: models.Event{Kind: models.PlacementFailed, Task: wouldBe(nil, batch),
				Failure: &models.PlacementError{}},
			want: `{"t":61,"kind":"PlacementFailed","task_definition":"batch:1","group":"family:batch","reasons":{}}`,
		},
		{
			name: "TaskStopping",
			at:   secs(3600),
			e:    models.Event{Kind: models.TaskStopping, Task: web1, Instance: i1, Reason: models.StopReasonExited},
			want: `{"t":3600,"kind":"TaskStopping","task":"web-1","task_definition":"web:1","service":"web","instance":"i-0001","zone":"us-east-1a","reason":"Essential container in task exited"}`,
		},
		{
			name: "TaskStopped for a standalone task",
			at:   secs(7200.125),
			e:    models.Event{Kind: models.TaskStopped, Task: batch1, Instance: i2, Reason: batch1.StopReason},
			want: `{"t":7200.125,"kind":"TaskStopped","task":"batch-1","task_definition":"batch:1","group":"family:batch","instance":"i-0002","zone":"us-east-1b","reason":"Essential container in task exited"}`,
		},
		{
			name: "InstanceDraining",
			at:   secs(7300),
			e:    models.Event{Kind: models.InstanceDraining, Instance: i2},
			want: `{"t":7300,"kind":"InstanceDraining","instance":"i-0002","zone":"us-east-1b"}`,
		},
		{
			name: "InstanceTerminated",
			at:   secs(7500),
			e:    models.Event{Kind: models.InstanceTerminated, Instance: i2},
			want: `{"t":7500,"kind":"InstanceTerminated","instance":"i-0002","zone":"us-east-1b"}`,
		},
		{
			name: "DeploymentStarted",
			at:   secs(7600),
			e:    models.Event{Kind: models.DeploymentStarted, Service: web, Deployment: deployment("ecs-svc/web-2", webDef2, models.RolloutInProgress, false)},
			want: `{"t":7600,"kind":"DeploymentStarted","service":"web","deployment":"ecs-svc/web-2","task_definition":"web:2","rollout_state":"IN_PROGRESS"}`,
		},
		{
			name: "DesiredCountChanged",
			at:   secs(7650),
			e:    models.Event{Kind: models.DesiredCountChanged, Service: scaled},
			want: `{"t":7650,"kind":"DesiredCountChanged","service":"web","desired_count":6}`,
		},
		{
			name: "TargetRegistered",
			at:   secs(7700),
			e:    targetEvent(models.TargetRegistered, models.TargetStateInitial),
			want: `{"t":7700,"kind":"TargetRegistered","task":"web-1","task_definition":"web:1","service":"web","instance":"i-0001","zone":"us-east-1a","target_group":"web-tg","target":"i-0001:32768","target_state":"initial"}`,
		},
		{
			name: "TargetHealthy",
			at:   secs(7850),
			e:    targetEvent(models.TargetHealthy, models.TargetStateHealthy),
			want: `{"t":7850,"kind":"TargetHealthy","task":"web-1","task_definition":"web:1","service":"web","instance":"i-0001","zone":"us-east-1a","target_group":"web-tg","target":"i-0001:32768","target_state":"healthy"}`,
		},
		{
			name: "DeploymentCompleted",
			at:   secs(7900),
			e:    models.Event{Kind: models.DeploymentCompleted, Service: web, Deployment: deployment("ecs-svc/web-2", webDef2, models.RolloutCompleted, false)},
			want: `{"t":7900,"kind":"DeploymentCompleted","service":"web","deployment":"ecs-svc/web-2","task_definition":"web:2","rollout_state":"COMPLETED"}`,
		},
		{
			name: "TargetUnhealthy",
			at:   secs(8000),
			e:    targetEvent(models.TargetUnhealthy, models.TargetStateUnhealthy),
			want: `{"t":8000,"kind":"TargetUnhealthy","task":"web-1","task_definition":"web:1","service":"web","instance":"i-0001","zone":"us-east-1a","target_group":"web-tg","target":"i-0001:32768","target_state":"unhealthy"}`,
		},
		{
			name: "TaskUnhealthy",
			at:   secs(8000),
			e:    models.Event{Kind: models.TaskUnhealthy, Task: web1, Instance: i1, Reason: "Task failed ELB health checks in (target-group web-tg)"},
			want: `{"t":8000,"kind":"TaskUnhealthy","task":"web-1","task_definition":"web:1","service":"web","instance":"i-0001","zone":"us-east-1a","reason":"Task failed ELB health checks in (target-group web-tg)"}`,
		},
		{
			name: "TargetDraining",
			at:   secs(8000),
			e:    targetEvent(models.TargetDraining, models.TargetStateDraining),
			want: `{"t":8000,"kind":"TargetDraining","task":"web-1","task_definition":"web:1","service":"web","instance":"i-0001","zone":"us-east-1a","target_group":"web-tg","target":"i-0001:32768","target_state":"draining"}`,
		},
		{
			name: "TaskStopping chosen by the service scheduler",
			at:   secs(8000),
			e: models.Event{Kind: models.TaskStopping, Task: web1, Instance: i1, Scheduled: true,
				Reason: "Scaling activity initiated by (deployment ecs-svc/web-2)"},
			want: `{"t":8000,"kind":"TaskStopping","task":"web-1","task_definition":"web:1","service":"web","instance":"i-0001","zone":"us-east-1a","reason":"Scaling activity initiated by (deployment ecs-svc/web-2)","scheduled":true}`,
		},
		{
			name: "TaskStopped chosen by the service scheduler",
			at:   secs(8030),
			e: models.Event{Kind: models.TaskStopped, Task: web1, Instance: i1, Scheduled: true,
				Reason: "Scaling activity initiated by (deployment ecs-svc/web-2)"},
			want: `{"t":8030,"kind":"TaskStopped","task":"web-1","task_definition":"web:1","service":"web","instance":"i-0001","zone":"us-east-1a","reason":"Scaling activity initiated by (deployment ecs-svc/web-2)","scheduled":true}`,
		},
		{
			name: "TargetDeregistered",
			at:   secs(8300),
			e:    targetEvent(models.TargetDeregistered, models.TargetStateUnused),
			want: `{"t":8300,"kind":"TargetDeregistered","task":"web-1","task_definition":"web:1","service":"web","instance":"i-0001","zone":"us-east-1a","target_group":"web-tg","target":"i-0001:32768","target_state":"unused"}`,
		},
		{
			name: "DeploymentFailed",
			at:   secs(9000),
			e: models.Event{Kind: models.DeploymentFailed, Service: web, Reason: breaker,
				Deployment: deployment("ecs-svc/web-3", webDef2, models.RolloutFailed, false)},
			want: `{"t":9000,"kind":"DeploymentFailed","service":"web","deployment":"ecs-svc/web-3","task_definition":"web:2","rollout_state":"FAILED","reason":"` + breaker + `"}`,
		},
		{
			name: "DeploymentStarted for a rollback",
			at:   secs(9000),
			e:    models.Event{Kind: models.DeploymentStarted, Service: web, Deployment: deployment("ecs-svc/web-4", webDef, models.RolloutInProgress, true)},
			want: `{"t":9000,"kind":"DeploymentStarted","service":"web","deployment":"ecs-svc/web-4","task_definition":"web:1","rollout_state":"IN_PROGRESS","rollback":true}`,
		},
		// Capacity providers, Fargate and Spot.
		{
			name: "ScaleOut from zero",
			at:   secs(9100),
			e:    models.Event{Kind: models.ScaleOut, Provider: asg, Metric: 200, Count: 2},
			want: `{"t":9100,"kind":"ScaleOut","capacity_provider":"asg-spot","metric":200,"count":2}`,
		},
		{
			name: "InstanceLaunched",
			at:   secs(9100),
			e:    models.Event{Kind: models.InstanceLaunched, Provider: asg},
			want: `{"t":9100,"kind":"InstanceLaunched","capacity_provider":"asg-spot"}`,
		},
		{
			name: "InstanceRegistered launched by a capacity provider",
			at:   secs(9220),
			e:    models.Event{Kind: models.InstanceRegistered, Instance: i3},
			want: `{"t":9220,"kind":"InstanceRegistered","instance":"i-0003","zone":"us-east-1c","instance_type":"m5.large","market":"spot","cluster":"default","capacity_provider":"asg-spot","launched":9100}`,
		},
		{
			name: "TaskPlaced on FARGATE_SPOT",
			at:   secs(9300),
			e:    models.Event{Kind: models.TaskPlaced, Task: api1, Instance: api1.Instance},
			want: `{"t":9300,"kind":"TaskPlaced","task":"api-1","task_definition":"api:4","service":"api","zone":"us-east-1c","launch_type":"FARGATE","capacity_provider":"FARGATE_SPOT","pull_started":9320}`,
		},
		{
			name: "TaskRunning on FARGATE_SPOT",
			at:   secs(9331.5),
			e:    models.Event{Kind: models.TaskRunning, Task: api1, Instance: api1.Instance},
			want: `{"t":9331.5,"kind":"TaskRunning","task":"api-1","task_definition":"api:4","service":"api","zone":"us-east-1c","launch_type":"FARGATE","capacity_provider":"FARGATE_SPOT"}`,
		},
		{
			name: "TaskPlaced on Fargate with no capacity provider",
			at:   secs(9400),
			e:    models.Event{Kind: models.TaskPlaced, Task: api2, Instance: api2.Instance},
			want: `{"t":9400,"kind":"TaskPlaced","task":"api-2","task_definition":"api:4","service":"api","zone":"us-east-1a","launch_type":"FARGATE","pull_started":9425}`,
		},
		{
			name: "SpotInterruptionNotice for a FARGATE_SPOT task",
			at:   secs(9500),
			e:    models.Event{Kind: models.SpotInterruptionNotice, Task: api1},
			want: `{"t":9500,"kind":"SpotInterruptionNotice","task":"api-1","task_definition":"api:4","service":"api","zone":"us-east-1c","launch_type":"FARGATE","capacity_provider":"FARGATE_SPOT"}`,
		},
		{
			name: "TaskStopped on FARGATE_SPOT",
			at:   secs(9620),
			e:    models.Event{Kind: models.TaskStopped, Task: api1, Instance: api1.Instance, Reason: "Your Spot Task was interrupted."},
			want: `{"t":9620,"kind":"TaskStopped","task":"api-1","task_definition":"api:4","service":"api","zone":"us-east-1c","launch_type":"FARGATE","capacity_provider":"FARGATE_SPOT","reason":"Your Spot Task was interrupted."}`,
		},
		{
			name: "SpotInterruptionNotice for an EC2 Spot instance",
			at:   secs(9700),
			e:    models.Event{Kind: models.SpotInterruptionNotice, Instance: i3},
			want: `{"t":9700,"kind":"SpotInterruptionNotice","instance":"i-0003","zone":"us-east-1c"}`,
		},
		{
			name: "InstanceTerminated with a reason",
			at:   secs(9820),
			e:    models.Event{Kind: models.InstanceTerminated, Instance: i3, Reason: "Spot interruption"},
			want: `{"t":9820,"kind":"InstanceTerminated","instance":"i-0003","zone":"us-east-1c","reason":"Spot interruption"}`,
		},
		{
			name: "ScaleIn with a fractional metric",
			// CPR 400/3: the shortest decimal that reads back as the same float64.
			at:   secs(10000),
			e:    models.Event{Kind: models.ScaleIn, Provider: asg, Metric: 400.0 / 3, Count: 1},
			want: `{"t":10000,"kind":"ScaleIn","capacity_provider":"asg-spot","metric":133.33333333333334,"count":1}`,
		},
		// Faults: a FARGATE_SPOT task and an instance lost, a zone outage, an agent disconnect.
		{
			name: "TaskStopping of a FARGATE_SPOT task interrupted",
			at:   secs(10050),
			e:    models.Event{Kind: models.TaskStopping, Task: api1, Instance: api1.Instance, Reason: "Your Spot Task was interrupted.", Fault: true},
			want: `{"t":10050,"kind":"TaskStopping","task":"api-1","task_definition":"api:4","service":"api","zone":"us-east-1c","launch_type":"FARGATE","capacity_provider":"FARGATE_SPOT","reason":"Your Spot Task was interrupted.","fault":true}`,
		},
		{
			name: "ZoneOutageStarted",
			at:   secs(10100),
			e:    models.Event{Kind: models.ZoneOutageStarted, Zone: "us-east-1a"},
			want: `{"t":10100,"kind":"ZoneOutageStarted","zone":"us-east-1a"}`,
		},
		{
			name: "AgentDisconnected",
			at:   secs(10100),
			e:    models.Event{Kind: models.AgentDisconnected, Instance: i1},
			want: `{"t":10100,"kind":"AgentDisconnected","instance":"i-0001","zone":"us-east-1a"}`,
		},
		{
			name: "TaskStopping of a task on a lost instance",
			at:   secs(10160),
			e:    models.Event{Kind: models.TaskStopping, Task: edge1, Instance: i1, Reason: "Host EC2 (instance i-0001) terminated.", Fault: true},
			want: `{"t":10160,"kind":"TaskStopping","task":"edge-1","task_definition":"edge:3","service":"edge","instance":"i-0001","zone":"us-east-1a","reason":"Host EC2 (instance i-0001) terminated.","fault":true}`,
		},
		{
			name: "InstanceTerminated by a fault",
			at:   secs(10160),
			e:    models.Event{Kind: models.InstanceTerminated, Instance: i1, Reason: "Zone outage", Fault: true},
			want: `{"t":10160,"kind":"InstanceTerminated","instance":"i-0001","zone":"us-east-1a","reason":"Zone outage","fault":true}`,
		},
		{
			name: "AgentReconnected",
			at:   secs(10200),
			e:    models.Event{Kind: models.AgentReconnected, Instance: i3},
			want: `{"t":10200,"kind":"AgentReconnected","instance":"i-0003","zone":"us-east-1c"}`,
		},
		{
			name: "ZoneOutageEnded",
			at:   secs(11900),
			e:    models.Event{Kind: models.ZoneOutageEnded, Zone: "us-east-1a"},
			want: `{"t":11900,"kind":"ZoneOutageEnded","zone":"us-east-1a"}`,
		},
	}
}

func TestTraceEvents(t *testing.T) {
	for _, tc := range traceCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			tw := reports.NewTraceWriter(&buf)
			tw.Observe(tc.at, tc.e)
			if err := tw.Flush(); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want+"\n", buf.String()); diff != "" {
				t.Errorf("trace line (-want +got):\n%s", diff)
			}
			var obj map[string]any
			if err := json.Unmarshal(buf.Bytes(), &obj); err != nil {
				t.Errorf("line is not valid JSON: %v", err)
			}
		})
	}
}

func TestTraceSequence(t *testing.T) {
	// All the events through one writer: one line each, in order, every line valid JSON.
	cases := traceCases(t)
	var buf bytes.Buffer
	tw := reports.NewTraceWriter(&buf)
	var want []string
	for _, tc := range cases {
		tw.Observe(tc.at, tc.e)
		want = append(want, tc.want)
	}
	if err := tw.Flush(); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(buf.String(), "\n") {
		t.Fatalf("trace does not end with a newline: %q", buf.String())
	}
	got := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("trace (-want +got):\n%s", diff)
	}
	for i, line := range got {
		if !json.Valid([]byte(line)) {
			t.Errorf("line %d is not valid JSON: %s", i+1, line)
		}
	}
}

func TestTraceEscapes(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string // what a JSON decoder reads back
	}{
		{name: "quotes and backslashes", in: `say "hi" to C:\tmp\ and \"x\"`, want: `say "hi" to C:\tmp\ and \"x\"`},
		{name: "control characters", in: "line1\nline2\r\ttab\x00nul\x1b[0m\x1fend\x7f", want: "line1\nline2\r\ttab\x00nul\x1b[0m\x1fend\x7f"},
		{name: "non-ASCII", in: "Zürich – 東京 ✓ 😀", want: "Zürich – 東京 ✓ 😀"},
		{name: "line and paragraph separators", in: "a\u2028b\u2029c", want: "a\u2028b\u2029c"},
		{name: "invalid UTF-8 becomes U+FFFD", in: "bad\xffbyte\xc3", want: "bad\ufffdbyte\ufffd"},
	}
	c := mt.Cluster(1, mt.Instance("m5.large"))
	in := c.Instances()[0]
	svc := service("web", mt.TaskDef("web", 256, 256), 1, 100)
	task := &models.Task{ID: "web-1", Def: svc.Def, Group: svc.Group(), Service: svc, State: models.Provisioning}
	c.Place(task, in, 0)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			tw := reports.NewTraceWriter(&buf)
			tw.Observe(secs(1), models.Event{Kind: models.ServiceEvent, Service: svc, Message: tc.in})
			tw.Observe(secs(2), models.Event{Kind: models.TaskStopped, Task: task, Instance: in, Reason: tc.in})
			if err := tw.Flush(); err != nil {
				t.Fatal(err)
			}
			out := buf.Bytes()
			if !utf8.Valid(out) {
				t.Errorf("trace is not valid UTF-8: %q", out)
			}
			lines := strings.SplitAfter(string(out), "\n")
			if len(lines) != 3 || lines[2] != "" {
				t.Fatalf("want 2 newline-terminated lines, got %q", out)
			}
			for _, line := range lines[:2] {
				for _, b := range []byte(strings.TrimSuffix(line, "\n")) {
					if b < 0x20 {
						t.Errorf("raw control byte %#x in %q", b, line)
					}
				}
			}
			var event struct {
				Message string `json:"message"`
			}
			if err := json.Unmarshal([]byte(lines[0]), &event); err != nil {
				t.Fatalf("ServiceEvent line is not valid JSON: %v\n%s", err, lines[0])
			}
			if event.Message != tc.want {
				t.Errorf("message reads back as %q, want %q", event.Message, tc.want)
			}
			var stopped struct {
				Reason string `json:"reason"`
			}
			if err := json.Unmarshal([]byte(lines[1]), &stopped); err != nil {
				t.Fatalf("TaskStopped line is not valid JSON: %v\n%s", err, lines[1])
			}
			if stopped.Reason != tc.want {
				t.Errorf("reason reads back as %q, want %q", stopped.Reason, tc.want)
			}
		})
	}
}

var errBroken = errors.New("broken pipe")

type brokenWriter struct{}

func (brokenWriter) Write([]byte) (int, error) { return 0, errBroken }

func TestTraceWriteError(t *testing.T) {
	// The writer buffers; a failed write surfaces from Flush, and later events are dropped.
	tw := reports.NewTraceWriter(brokenWriter{})
	in := mt.Cluster(1, mt.Instance("m5.large")).Instances()[0]
	for i := range 5000 { // about 500 KB of lines: more than the buffer holds
		tw.Observe(sim.Time(i), models.Event{Kind: models.InstanceRegistered, Instance: in})
	}
	if err := tw.Flush(); !errors.Is(err, errBroken) {
		t.Errorf("Flush() = %v, want %v", err, errBroken)
	}
}

func TestTraceMetricNotANumber(t *testing.T) {
	// JSON has no NaN or infinity: a metric that is not a number is written as null, and the
	// line stays valid JSON.
	asg := models.NewCapacityProvider(&models.CapacityProviderConfig{Name: "asg", Kind: models.ProviderASG})
	var buf bytes.Buffer
	tw := reports.NewTraceWriter(&buf)
	tw.Observe(0, models.Event{Kind: models.ScaleOut, Provider: asg, Metric: math.Inf(1), Count: 1})
	if err := tw.Flush(); err != nil {
		t.Fatal(err)
	}
	want := `{"t":0,"kind":"ScaleOut","capacity_provider":"asg","metric":null,"count":1}` + "\n"
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("trace line (-want +got):\n%s", diff)
	}
}

func TestTraceLimit(t *testing.T) {
	in := mt.Cluster(1, mt.Instance("m5.large")).Instances()[0]
	var full bytes.Buffer
	tw := reports.NewTraceWriter(&full)
	for i := range 100 {
		tw.Observe(secs(float64(i)), models.Event{Kind: models.InstanceRegistered, Instance: in})
	}
	tw.Flush()
	lineLen := full.Len() / 100 // the lines are alike but for t: within a few bytes
	const max = 1000
	var cut bytes.Buffer
	tw = reports.NewTraceWriter(&cut)
	tw.Limit(max)
	for i := range 100 {
		tw.Observe(secs(float64(i)), models.Event{Kind: models.InstanceRegistered, Instance: in})
	}
	if err := tw.Flush(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(cut.String(), "\n"), "\n")
	kept := len(lines) - 1
	if kept == 0 || kept > max/lineLen+1 {
		t.Fatalf("%d lines kept under a cap of %d bytes at about %d bytes a line", kept, max, lineLen)
	}
	if events := strings.Join(lines[:kept], "\n") + "\n"; !strings.HasPrefix(full.String(), events) || len(events) > max {
		t.Errorf("the kept lines (%d bytes) are not the trace's first, under %d bytes", len(events), max)
	}
	want := fmt.Sprintf(`{"t":%d,"kind":"TraceCut","event":%d,"max_bytes":%d}`, kept, kept+1, max)
	if lines[kept] != want {
		t.Errorf("last line %s, want %s", lines[kept], want)
	}
	if event, at, ok := tw.Cut(); !ok || event != int64(kept+1) || at != secs(float64(kept)) {
		t.Errorf("Cut() = %d, %v, %v; want %d, %v, true", event, at, ok, kept+1, secs(float64(kept)))
	}
}
