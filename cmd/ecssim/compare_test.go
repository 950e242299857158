package main

import (
	"testing"
)

func TestCompareCommand(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout []string
		stderr []string
	}{
		{"two strategies, three seeds", []string{"compare", "-strategies", "binpack-memory,spread-az-spread-instance", "-seeds", "3", "example:binpack-vs-spread"}, 0,
			[]string{"scenario binpack-vs-spread, 3 seeds from 1, 2 strategies", "binpack-memory", "spread-az-spread-instance − binpack-memory",
				"CPU reserved", "cost per month", "availability, worst service", "survives worst zone loss", "Headline metrics"}, nil},
		{"every metric", []string{"compare", "-strategies", "binpack-memory,spread-az-spread-instance", "-seeds", "2", "-metrics", "all", "example:binpack-vs-spread"}, 0,
			[]string{"utilization.cpu_reserved_mean", "services.packed.availability", "services.spread.max_az_share", "resiliency.zone_loss_survival_mean"}, nil},
		{"a list of metrics", []string{"compare", "-strategies", "binpack-memory,random", "-seeds", "2", "-metrics", "services.*.availability,CPU reserved", "example:binpack-vs-spread"}, 0,
			[]string{"services.packed.availability", "services.spread.availability", "CPU reserved"}, nil},
		{"a -metrics pattern that does not parse, before any run", []string{"compare", "-strategies", "random", "-metrics", "services.[", "example:binpack-vs-spread"}, 2, nil,
			[]string{`-metrics: "services.[" is not a metric name or pattern`}},
		{"a metric that matches none", []string{"compare", "-strategies", "random", "-seeds", "2", "-metrics", "utilisation.*", "example:binpack-vs-spread"}, 2, nil,
			[]string{`-metrics: no metric "utilisation.*"`}},
		{"chains separated by semicolons, flags after the scenario", []string{"compare", "example:binpack-vs-spread", "-seeds", "2", "-seed", "5", "-format", "csv",
			"-strategies", "binpack-memory; spread(attribute:ecs.availability-zone),binpack(cpu)"}, 0,
			[]string{"metric,strategy,n,mean", "cost_usd.total,binpack-memory,2,", "cost_usd.total,\"spread(attribute:ecs.availability-zone),binpack(cpu)\",2,"}, nil},
		{"a repeated flag", []string{"compare", "-strategies", "binpack-cpu", "-strategies", "random", "-seeds", "2", "-format", "benchstat", "example:binpack-vs-spread"}, 0,
			[]string{"BenchmarkRun/strategy=binpack-cpu 1 ", "BenchmarkRun/strategy=random 1 "}, nil},
		{"markdown", []string{"compare", "-strategies", "binpack-cpu,random", "-seeds", "2", "-format", "markdown", "example:binpack-vs-spread"}, 0,
			[]string{"| metric | binpack-cpu | random | random − binpack-cpu |"}, nil},
		{"compaction", []string{"compare", "-compaction", "-strategies", "binpack-cpu,spread-instance", "-seeds", "2", "example:compaction"}, 0,
			[]string{"compaction (instances)", "compaction lower bound", "+1 ± 0 *"}, nil},
		{"unknown strategy", []string{"compare", "-strategies", "binpack-memory,bogus", "example:binpack-vs-spread"}, 2, nil, []string{`unknown placement strategy type "bogus"`}},
		{"one seed", []string{"compare", "-strategies", "random", "-seeds", "1", "example:binpack-vs-spread"}, 2, nil, []string{"needs 2 seeds at least"}},
		{"no strategies", []string{"compare", "example:binpack-vs-spread"}, 2, nil, []string{"give the strategies"}},
		{"no scenario", []string{"compare", "-strategies", "random"}, 2, nil, []string{"name one scenario, got 0"}},
		{"bad format", []string{"compare", "-strategies", "random", "-format", "xml", "example:binpack-vs-spread"}, 2, nil, []string{"-format: want text, json, csv, markdown, benchstat"}},
		{"no workers", []string{"compare", "-strategies", "random", "-workers", "0", "example:binpack-vs-spread"}, 2, nil, []string{"-workers 0"}},
		{"a strategy twice", []string{"compare", "-strategies", "random,random", "example:binpack-vs-spread"}, 2, nil, []string{"strategy random given twice"}},
		{"unknown example", []string{"compare", "-strategies", "random", "example:nope"}, 2, nil, []string{`no example "nope"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, _ := checkCommand(t, tc.args, tc.code, tc.stdout, tc.stderr)
			if tc.code != 0 && out != "" {
				t.Errorf("stdout should be empty, got:\n%s", out)
			}
		})
	}
}

// TestCompareOrchestrators compares a scenario under ECS and under EKS, paired by seed, and
// refuses what cannot be compared.
func TestCompareOrchestrators(t *testing.T) {
	checkCommand(t, []string{"compare", "-quiet", "-seeds", "2", "-orchestrators", "ecs,eks", "example:ecs-and-eks"}, 0,
		[]string{"differences paired by seed against ecs", "eks − ecs", "CPU reserved"}, nil)
	checkCommand(t, []string{"compare", "-quiet", "-seeds", "2", "-strategies", "binpack-memory,spread-instance", "-orchestrators", "ecs,eks", "example:ecs-and-eks"}, 0,
		[]string{"ecs:binpack-memory", "ecs:spread-instance", "eks − ecs:binpack-memory"}, nil)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-orchestrators", "ecs,nomad"}, "want a list of ecs and eks"},
		{[]string{"-orchestrators", "eks,eks"}, "want a list of ecs and eks"},
		{[]string{"-orchestrators", "ecs,eks", "-compaction"}, "-compaction sizes an ECS fleet"},
	} {
		checkCommand(t, append(append([]string{"compare", "-quiet", "-seeds", "2"}, tc.args...), "example:ecs-and-eks"), 2, nil, []string{tc.want})
	}
	// capacity-ec2's Auto Scaling groups are node groups under EKS, which the Cluster
	// Autoscaler scales.
	checkCommand(t, []string{"compare", "-quiet", "-seeds", "2", "-orchestrators", "ecs,eks", "example:capacity-ec2"}, 0,
		[]string{"eks − ecs"}, nil)
}
