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
	return reports.Summary{
		Scenario: "web-and-batch", Seed: 7, Strategy: "spread-az-binpack-memory",
		SimulatedSeconds: 21600, Events: 183422,
		Tasks: reports.TaskSummary{
			Started: 12, PlacementFailures: 3, StoppedByFaults: 1,
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
		// $0.9848 + batch $0.2 + idle $1.2.
		CostUSD: reports.Cost{
			Total: 5.3848, EC2: 3.41, Fargate: 1.9748, Idle: 1.2, Stranded: 0.3, StrandedMemory: 0.125, PerTaskHour: 0.0748,
			PerService:  map[string]float64{"web": 3, "api": 0.9848},
			PerWorkload: map[string]float64{"batch": 0.2},
			PerProvider: map[string]float64{"asg": 1.968, "FARGATE": 1.9748, "instance_groups": 1.442},
		},
		Services: map[string]reports.ServiceSummary{
			"web": {
				Desired: 12, Availability: 0.972, MinHealthyHeld: 1, MaxInstanceShare: 1.0 / 3, MaxAZShare: 0.5,
				TasksStarted: 31, TasksFailedHealthChecks: 3, HealthyTargetsMin: &lowest, HealthyTargetsMean: &mean,
				Deployments: []reports.Deployment{
					{StartedAt: 0, FinishedAt: &created, State: "COMPLETED", TaskDefinition: "web:1", DurationSeconds: 187.5},
					{StartedAt: 7200, FinishedAt: &failed, State: "FAILED", TaskDefinition: "web:2", DurationSeconds: 900, LowestHealthy: 9, FailedTasks: 6},
					{StartedAt: 8100, FinishedAt: &rolledBack, State: "COMPLETED", TaskDefinition: "web:1", Rollback: true, DurationSeconds: 420, LowestHealthy: 9},
					{StartedAt: 18000, State: "IN_PROGRESS", TaskDefinition: "web:3", DurationSeconds: 3600, LowestHealthy: 10},
				},
			},
			"api": {Desired: 2, Availability: 1, MinHealthyHeld: 1, MaxInstanceShare: 0.5, MaxAZShare: 0.5, TasksStarted: 2},
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
		"simulated 6h0m0s, 183422 events",
		"tasks 12 started, 3 placement failures (20.0% of attempts), 0 failed to start, 1 stopped by faults",
		"pending mean 1.5s, p50 1s, p99 4.25s",
		"reserved CPU 62.5%, memory 40.0% (time-weighted)",
		"stranded CPU 12.5%, memory 7.5% of what is free (no task definition fits there)",
		"capacity 6 instances at most, 35.5 instance-hours",
		"fargate 4 tasks at most, 40.0 vCPU-hours, 80.0 GB-hours",
		"cost $5.38 (EC2 $3.41, Fargate $1.97), $0.0748 per task-hour",
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
		"service desired availability min healthy held max instance share max zone share",
		"api 2 100.0% 100.0% 50.0% 50.0%",
		"web 12 97.2% 100.0% 33.3% 50.0%",
		"",
		// api has no load balancer: "-" for its targets. Means to one decimal.
		"service tasks started failed health checks healthy targets min healthy targets mean",
		"api 2 0 - -",
		"web 31 3 9 11.8",
		"",
		// api has no deployments: no table.
		"deployments of web",
		"start end duration state revision lowest healthy failed tasks",
		"0s 3m7.5s 3m7.5s COMPLETED web:1 0 0",
		"2h0m0s 2h15m0s 15m0s FAILED web:2 9 6",
		"2h15m0s 2h22m0s 7m0s COMPLETED web:1 (rollback) 9 0",
		// In progress at the end: no end; its duration runs to the end of the run.
		"5h0m0s - 1h0m0s IN_PROGRESS web:3 10 0",
	}
	if missing, ok := inOrder(textLines(buf.String()), want); !ok {
		t.Errorf("text summary lacks %q (or has it out of order):\n%s", missing, buf.String())
	}
	if strings.Contains(buf.String(), "deployments of api") {
		t.Errorf("text summary has a deployments table for api, which has none:\n%s", buf.String())
	}
}

// ExampleSummary_WriteText shows the text report: the run, the cost by service and workload,
// the capacity providers, then the services' tables, then each service's deployments.
func ExampleSummary_WriteText() {
	if err := textSummary().WriteText(os.Stdout); err != nil {
		panic(err)
	}
	// Output:
	// scenario   web-and-batch (seed 7)
	// strategy   spread-az-binpack-memory
	// simulated  6h0m0s, 183422 events
	// tasks      12 started, 3 placement failures (20.0% of attempts), 0 failed to start, 1 stopped by faults
	// pending    mean 1.5s, p50 1s, p99 4.25s
	// reserved   CPU 62.5%, memory 40.0% (time-weighted)
	// stranded   CPU 12.5%, memory 7.5% of what is free (no task definition fits there)
	// capacity   6 instances at most, 35.5 instance-hours
	// fargate    4 tasks at most, 40.0 vCPU-hours, 80.0 GB-hours
	// cost       $5.38 (EC2 $3.41, Fargate $1.97), $0.0748 per task-hour
	// EC2 idle   $1.20 reserved by no task; stranded: CPU $0.30, memory $0.12
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
	// service  desired  availability  min healthy held  max instance share  max zone share
	// api      2        100.0%        100.0%            50.0%               50.0%
	// web      12       97.2%         100.0%            33.3%               50.0%
	//
	// service  tasks started  failed health checks  healthy targets min  healthy targets mean
	// api      2              0                     -                    -
	// web      31             3                     9                    11.8
	//
	// deployments of web
	//   start    end      duration  state        revision          lowest healthy  failed tasks
	//   0s       3m7.5s   3m7.5s    COMPLETED    web:1             0               0
	//   2h0m0s   2h15m0s  15m0s     FAILED       web:2             9               6
	//   2h15m0s  2h22m0s  7m0s      COMPLETED    web:1 (rollback)  9               0
	//   5h0m0s   -        1h0m0s    IN_PROGRESS  web:3             10              0
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
		"tasks 0 started, 0 placement failures (0.0% of attempts), 0 failed to start, 0 stopped by faults",
		"pending mean 0s, p50 0s, p99 0s",
	}
	if missing, ok := inOrder(lines, want); !ok {
		t.Errorf("text summary lacks %q:\n%s", missing, buf.String())
	}
	if strings.Contains(buf.String(), "availability") {
		t.Errorf("text summary has a service table with no services:\n%s", buf.String())
	}
	// No cost and nobody to charge: no cost table; no capacity provider: no provider table.
	for _, table := range []string{"cost of", "capacity provider"} {
		if strings.Contains(buf.String(), table) {
			t.Errorf("text summary has a %q table:\n%s", table, buf.String())
		}
	}
}
