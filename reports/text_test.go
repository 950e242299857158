package reports_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/ecssim/ecssim/reports"
)

// textLines returns the lines of out with runs of spaces squeezed, so that column widths do
// not matter.
func textLines(out string) []string {
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		lines = append(lines, strings.Join(strings.Fields(l), " "))
	}
	return lines
}

// inOrder reports the first of want that is not among lines after the previous one.
func inOrder(lines, want []string) (missing string, ok bool) {
	i := 0
	for _, w := range want {
		for i < len(lines) && lines[i] != w {
			i++
		}
		if i == len(lines) {
			return w, false
		}
		i++
	}
	return "", true
}

// textSummary is a summary with two services: web, load balanced, with four deployments (one
// failed, one rollback, one in progress at the end), and api.
func textSummary() reports.Summary {
	created, failed, rolledBack := 187.5, 8100.0, 8520.0
	lowest, mean := 9, 11.84
	recovered, apiBack := 3750.0, 690.0
	return reports.Summary{
		Scenario: "web-and-batch", Seed: 7, Strategy: "spread-az-binpack-memory",
		SimulatedSeconds: 21600, Events: 183422,
		Tasks: reports.TaskSummary{
			Started: 12, PlacementFailures: 3, NeverPlaced: 2, StoppedByFaults: 5,
			PendingSeconds: reports.Quantiles{Mean: 1.5, P50: 1, P99: 4.25},
		},
		Utilization: reports.Utilization{CPUReservedMean: 0.625, MemoryReservedMean: 0.4, CPUStrandedMean: 0.125, MemoryStrandedMean: 0.075},
		Capacity: reports.Capacity{
			InstancesMax: 6, InstanceHours: 35.5, FargateVCPUHours: 40, FargateGBHours: 80, FargateTasksMax: 4,
			Providers: map[string]reports.ProviderCapacity{
				"asg": {InstancesMax: 4, InstanceHours: 20.5, ScaleOuts: 3, ScaleIns: 1},
			},
		},
		// EC2 $3.41 = asg $1.968 + instance groups $1.442. Total $5.3848 = web $3 + api
		// $0.9848 + batch $0.2 + idle $1.2; for a month, × 730 h / 6 h = $655.15.
		CostUSD: reports.Cost{
			Total: 5.3848, EC2: 3.41, Fargate: 1.9748, Idle: 1.2, Stranded: 0.3, StrandedMemory: 0.125, PerTaskHour: 0.0748,
			PerMonth:    5.3848 * 730 / 6,
			PerService:  map[string]float64{"web": 3, "api": 0.9848},
			PerWorkload: map[string]float64{"batch": 0.2},
			PerProvider: map[string]float64{"asg": 1.968, "FARGATE": 1.9748, "instance_groups": 1.442},
		},
		Services: map[string]reports.ServiceSummary{
			"web": {
				Desired: 12, AvailabilityZoneRebalancing: "ENABLED", Availability: 0.972, MinHealthyHeld: 1, MaxInstanceShare: 1.0 / 3, MaxAZShare: 0.5,
				TasksStarted: 31, TasksFailedHealthChecks: 3, HealthyTargetsMin: &lowest, HealthyTargetsMean: &mean,
				StoppedByFaults: 4, FaultEpisodes: 1, RecoverySecondsMax: 150, RecoverySecondsMean: 150, UnservedTaskSeconds: 1770,
				NeverPlaced: 2, TasksShortMean: 0.25, TasksShortMax: 2,
				Episodes: []reports.FaultEpisode{
					{StartedAt: 3600, EndedAt: &recovered, DurationSeconds: 150, LowestHealthy: 8, ServedFraction: 0.9, StoppedByFaults: 4},
				},
				Resiliency: reports.ServiceResiliency{
					InstanceLossSurvival: reports.Survival{Mean: 0.75, Worst: 7.0 / 12},
					ZoneLossSurvival:     reports.Survival{Mean: 2.0 / 3, Worst: 0.5},
				},
				Deployments: []reports.Deployment{
					{StartedAt: 0, FinishedAt: &created, State: "COMPLETED", TaskDefinition: "web:1", DurationSeconds: 187.5},
					{StartedAt: 7200, FinishedAt: &failed, State: "FAILED", TaskDefinition: "web:2", DurationSeconds: 900, LowestHealthy: 9, FailedTasks: 6},
					{StartedAt: 8100, FinishedAt: &rolledBack, State: "COMPLETED", TaskDefinition: "web:1", Rollback: true, DurationSeconds: 420, LowestHealthy: 9},
					{StartedAt: 18000, State: "IN_PROGRESS", TaskDefinition: "web:3", DurationSeconds: 3600, LowestHealthy: 10},
				},
			},
			"api": {
				Desired: 2, AvailabilityZoneRebalancing: "DISABLED", Availability: 1, MinHealthyHeld: 1, MaxInstanceShare: 0.5, MaxAZShare: 0.5, TasksStarted: 2,
				StoppedByFaults: 1, FaultEpisodes: 2, RecoverySecondsMax: 90, RecoverySecondsMean: 60, UnservedTaskSeconds: 60,
				Episodes: []reports.FaultEpisode{
					{StartedAt: 600, EndedAt: &apiBack, DurationSeconds: 90, LowestHealthy: 1, ServedFraction: 0.5, StoppedByFaults: 1},
					// Still open at the end of the run: no end.
					{StartedAt: 21570, DurationSeconds: 30, LowestHealthy: 1, ServedFraction: 0.5},
				},
				Resiliency: reports.ServiceResiliency{
					InstanceLossSurvival: reports.Survival{Mean: 0.5, Worst: 0.5},
					ZoneLossSurvival:     reports.Survival{Mean: 0.5, Worst: 0},
				},
			},
		},
		// Faults: two instances lost and a FARGATE_SPOT task; web's and api's unserved
		// task-seconds add up to 1830.
		Faults: reports.Faults{
			Count: 3, InstancesLost: 2, FargateInterruptions: 1, TasksLostPerFault: 5.0 / 3,
			UnservedTaskSeconds: 1830, ZoneOutages: 1, ZoneOutageSeconds: map[string]float64{"us-east-1a": 1800},
			AgentDisconnects: 2,
		},
		// Weighted by desired (12, 2) over 14: instance (9 + 1)/14, zone (8 + 1)/14; worst
		// instance (7 + 1)/14, worst zone (6 + 0)/14.
		Resiliency: reports.Resiliency{
			InstanceLossSurvivalMean: 10.0 / 14, ZoneLossSurvivalMean: 9.0 / 14,
			InstanceLossSurvivalWorst: 8.0 / 14, ZoneLossSurvivalWorst: 6.0 / 14,
		},
	}
}

func TestWriteText(t *testing.T) {
	var buf bytes.Buffer
	if err := textSummary().WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	// Failures as a share of attempts: 3/(12+3) = 20%. 21600 s = 6h0m0s. Services sorted.
	want := []string{
		"scenario web-and-batch (seed 7)",
		"strategy spread-az-binpack-memory",
		// Weighted by desired count: 10/14, 8/14, 9/14, 6/14.
		"resiliency desired tasks that survive losing the worst instance: 71.4% (worst 57.1%); the worst zone: 64.3% (worst 42.9%)",
		"simulated 6h0m0s, 183422 events",
		"tasks 12 started, 2 never placed, 0 failed to start, 5 stopped by faults",
		"placement 3 failed attempts (20.0% of attempts; a service short of room tries again after each placement_retry_interval, and each try counts)",
		"pending mean 1.5s, p50 1s, p99 4.25s",
		// 5 tasks over 3 faults: 1.7 per fault. 1800 s = 30m0s.
		"faults 3 (2 instances lost, 1 Fargate tasks interrupted): 5 tasks stopped, 1.7 per fault; 1830 unserved task-seconds",
		"outages 1 zone outage (us-east-1a 30m0s), 2 agent disconnects",
		"reserved CPU 62.5%, memory 40.0% (time-weighted)",
		"stranded CPU 12.5%, memory 7.5% of what is free (no task definition fits there)",
		"capacity 6 instances at most, 35.5 instance-hours",
		"fargate 4 tasks at most, 40.0 vCPU-hours, 80.0 GB-hours",
		"cost $5.38 (EC2 $3.41, Fargate $1.97), $0.0748 per task-hour; $655.15 a month (730 h) at this rate",
		"EC2 idle $1.20 reserved by no task; stranded: CPU $0.30, memory $0.12",
		"",
		// Services, then workloads, then idle: they add up to the total.
		"cost of usd share of total",
		"service api $0.98 18.3%",
		"service web $3.00 55.7%",
		"workload batch $0.20 3.7%",
		"idle EC2 $1.20 22.3%",
		"",
		// FARGATE and instance groups have no instances or scaling of their own.
		"capacity provider instances max instance-hours scale-outs scale-ins cost",
		"FARGATE - - - - $1.97",
		"asg 4 20.5 3 1 $1.97",
		"instance_groups - - - - $1.44",
		"",
		// AZ rebalancing as it applied to each service (configured, or CreateService's default).
		"service desired availability min healthy held max instance share max zone share AZ rebalancing",
		"api 2 100.0% 100.0% 50.0% 50.0% DISABLED",
		"web 12 97.2% 100.0% 33.3% 50.0% ENABLED",
		"",
		// api has no load balancer: "-" for its targets. Means to one decimal.
		"service tasks started never placed short mean short max failed health checks healthy targets min healthy targets mean",
		"api 2 0 0.00 0 0 - -",
		"web 31 2 0.25 2 3 9 11.8",
		"",
		// Survival mean and worst for an instance and a zone; recoveries as durations.
		"service survives instance loss worst survives zone loss worst stopped by faults episodes recovery max recovery mean unserved task-seconds",
		"api 50.0% 50.0% 50.0% 0.0% 1 2 1m30s 1m0s 60",
		"web 75.0% 58.3% 66.7% 50.0% 4 1 2m30s 2m30s 1770",
		"",
		// api has no deployments: no table.
		"deployments of web",
		"start end duration state revision lowest healthy failed tasks",
		"0s 3m7.5s 3m7.5s COMPLETED web:1 0 0",
		"2h0m0s 2h15m0s 15m0s FAILED web:2 9 6",
		"2h15m0s 2h22m0s 7m0s COMPLETED web:1 (rollback) 9 0",
		// In progress at the end: no end; its duration runs to the end of the run.
		"5h0m0s - 1h0m0s IN_PROGRESS web:3 10 0",
		"",
		// Fault episodes after every deployment table; one open at the end has no end.
		"fault episodes of api",
		"start end duration lowest healthy served stopped by faults",
		"10m0s 11m30s 1m30s 1 50.0% 1",
		"5h59m30s - 30s 1 50.0% 0",
		"",
		"fault episodes of web",
		"start end duration lowest healthy served stopped by faults",
		"1h0m0s 1h2m30s 2m30s 8 90.0% 4",
	}
	if missing, ok := inOrder(textLines(buf.String()), want); !ok {
		t.Errorf("text summary lacks %q (or has it out of order):\n%s", missing, buf.String())
	}
	if strings.Contains(buf.String(), "deployments of api") {
		t.Errorf("text summary has a deployments table for api, which has none:\n%s", buf.String())
	}
}

// ExampleSummary_WriteText shows the text report: the run, the cost by service and workload,
// the capacity providers, then the services' tables, then each service's deployments and fault
// episodes.
func ExampleSummary_WriteText() {
	if err := textSummary().WriteText(os.Stdout); err != nil {
		panic(err)
	}
	// Output:
	// scenario    web-and-batch (seed 7)
	// strategy    spread-az-binpack-memory
	// resiliency  desired tasks that survive losing the worst instance: 71.4% (worst 57.1%); the worst zone: 64.3% (worst 42.9%)
	// simulated   6h0m0s, 183422 events
	// tasks       12 started, 2 never placed, 0 failed to start, 5 stopped by faults
	// placement   3 failed attempts (20.0% of attempts; a service short of room tries again after each placement_retry_interval, and each try counts)
	// pending     mean 1.5s, p50 1s, p99 4.25s
	// faults      3 (2 instances lost, 1 Fargate tasks interrupted): 5 tasks stopped, 1.7 per fault; 1830 unserved task-seconds
	// outages     1 zone outage (us-east-1a 30m0s), 2 agent disconnects
	// reserved    CPU 62.5%, memory 40.0% (time-weighted)
	// stranded    CPU 12.5%, memory 7.5% of what is free (no task definition fits there)
	// capacity    6 instances at most, 35.5 instance-hours
	// fargate     4 tasks at most, 40.0 vCPU-hours, 80.0 GB-hours
	// cost        $5.38 (EC2 $3.41, Fargate $1.97), $0.0748 per task-hour; $655.15 a month (730 h) at this rate
	// EC2 idle    $1.20 reserved by no task; stranded: CPU $0.30, memory $0.12
	//
	// cost of         usd    share of total
	// service api     $0.98  18.3%
	// service web     $3.00  55.7%
	// workload batch  $0.20  3.7%
	// idle EC2        $1.20  22.3%
	//
	// capacity provider  instances max  instance-hours  scale-outs  scale-ins  cost
	// FARGATE            -              -               -           -          $1.97
	// asg                4              20.5            3           1          $1.97
	// instance_groups    -              -               -           -          $1.44
	//
	// service  desired  availability  min healthy held  max instance share  max zone share  AZ rebalancing
	// api      2        100.0%        100.0%            50.0%               50.0%           DISABLED
	// web      12       97.2%         100.0%            33.3%               50.0%           ENABLED
	//
	// service  tasks started  never placed  short mean  short max  failed health checks  healthy targets min  healthy targets mean
	// api      2              0             0.00        0          0                     -                    -
	// web      31             2             0.25        2          3                     9                    11.8
	//
	// service  survives instance loss  worst  survives zone loss  worst  stopped by faults  episodes  recovery max  recovery mean  unserved task-seconds
	// api      50.0%                   50.0%  50.0%               0.0%   1                  2         1m30s         1m0s           60
	// web      75.0%                   58.3%  66.7%               50.0%  4                  1         2m30s         2m30s          1770
	//
	// deployments of web
	//   start    end      duration  state        revision          lowest healthy  failed tasks
	//   0s       3m7.5s   3m7.5s    COMPLETED    web:1             0               0
	//   2h0m0s   2h15m0s  15m0s     FAILED       web:2             9               6
	//   2h15m0s  2h22m0s  7m0s      COMPLETED    web:1 (rollback)  9               0
	//   5h0m0s   -        1h0m0s    IN_PROGRESS  web:3             10              0
	//
	// fault episodes of api
	//   start     end     duration  lowest healthy  served  stopped by faults
	//   10m0s     11m30s  1m30s     1               50.0%   1
	//   5h59m30s  -       30s       1               50.0%   0
	//
	// fault episodes of web
	//   start   end      duration  lowest healthy  served  stopped by faults
	//   1h0m0s  1h2m30s  2m30s     8               90.0%   4
}

func TestWriteTextWithoutServices(t *testing.T) {
	// No services, no placement attempts: no service table, and 0% of no attempts.
	sum := reports.Summary{Scenario: "batch", Seed: 1, Strategy: "binpack-memory", SimulatedSeconds: 90.5}
	var buf bytes.Buffer
	if err := sum.WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	lines := textLines(buf.String())
	want := []string{
		"simulated 1m30.5s, 0 events",
		"tasks 0 started, 0 never placed, 0 failed to start, 0 stopped by faults",
		"pending mean 0s, p50 0s, p99 0s",
	}
	if missing, ok := inOrder(lines, want); !ok {
		t.Errorf("text summary lacks %q:\n%s", missing, buf.String())
	}
	for _, l := range lines {
		if strings.HasPrefix(l, "faults ") {
			t.Errorf("text summary has a faults line with no faults:\n%s", buf.String())
		}
	}
	if strings.Contains(buf.String(), "availability") {
		t.Errorf("text summary has a service table with no services:\n%s", buf.String())
	}
	// No services: no resiliency line or table; no outage: no outages line.
	for _, line := range []string{"resiliency", "survives", "outages"} {
		if strings.Contains(buf.String(), line) {
			t.Errorf("text summary has %q with no services and no outage:\n%s", line, buf.String())
		}
	}
	// No cost and nobody to charge: no cost table; no capacity provider: no provider table.
	for _, table := range []string{"cost of", "capacity provider"} {
		if strings.Contains(buf.String(), table) {
			t.Errorf("text summary has a %q table:\n%s", table, buf.String())
		}
	}
}
