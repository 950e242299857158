package main

import (
	"slices"
	"strings"
	"testing"
)

// TestExplainEKS: under EKS, explain shows the kube-scheduler's decisions, every plugin's
// score and the weighted total, where ECS's pipeline would show its filters and strategies.
// By hand, on example:ecs-and-eks's m5.large nodes: allocatable 2000 − 70 = 1930m and 7985 −
// (11 × 29 + 255) − 100 = 7311 MiB, each holding the log-agent DaemonSet's pod (125m, 256 MiB).
// web-1 (500m, 1024 MiB) leaves 1305m and 6031 MiB free: LeastAllocated (67 + 82) / 2 = 74;
// BalancedAllocation 100 × (1 − |625/1930 − 1280/7311| / 2) = 92; PodTopologySpread 100 on
// every node (no pod of web yet); TaintToleration 100; the rest 0. Total 3 × 100 + 74 + 2 × 100
// + 92 = 666. web-1 went to i-0009 in us-east-1c, so for web-2 i-0009 has 1125m and 2304 MiB
// requested: (41 + 68) / 2 = 54, balance 86, and PodTopologySpread's raw scores (system
// default constraints: hostname maxSkew 3 weight ln 11, zone maxSkew 5 weight ln 5) are 6 on an
// empty zone's nodes, 8 on i-0003 and i-0006 (1c) and 10 on i-0009, normalised 100 × (16 − s)
// / 10: 100, 80, 60. Totals 666, 626 and 560.
func TestExplainEKS(t *testing.T) {
	out, _ := checkCommand(t, []string{"explain", "-first", "2", "-set", "orchestrator=eks", "example:ecs-and-eks"}, 0,
		[]string{"placement 1 at 0s: task web-1 of service web\n", "placement 2 at 0s: task web-2 of service web\n",
			"pod of web (web:1) requests cpu 500m, memory 1024 MiB; 9 nodes, search from 0 for 9 feasible\n", "placed on i-0009\n"}, nil)
	var rows []string
	for line := range strings.Lines(out) {
		rows = append(rows, strings.Join(strings.Fields(line), " "))
	}
	for _, want := range []string{
		"node zone TaintToleration×3 NodeAffinity×2 NodeResourcesFit×1 PodTopologySpread×2 InterPodAffinity×2 NodeResourcesBalancedAllocation×1 ImageLocality×1 total",
		"i-0001 us-east-1a 100 0 74 100 0 92 0 666",
		"* i-0009 us-east-1c 100 0 74 100 0 92 0 666",
		"i-0003 us-east-1c 100 0 74 80 0 92 0 626",
		"i-0009 us-east-1c 100 0 54 60 0 86 0 560",
	} {
		if !slices.Contains(rows, want) {
			t.Errorf("no line %q in:\n%s", want, out)
		}
	}
	if strings.Contains(out, "binpack") || strings.Contains(out, "CPU units") {
		t.Errorf("the ECS pipeline's decision in an EKS run:\n%s", out)
	}
}

// TestExplainEKSRejection: a node a plugin rejects is named with the plugin and its reason. The
// api pods (1000m) come after 12 web pods, two on each of i-0001 to i-0003: 125 + 2 × 500 +
// 1000 = 2125m > 1930m.
func TestExplainEKSRejection(t *testing.T) {
	out, _ := checkCommand(t, []string{"explain", "-first", "13", "-set", "orchestrator=eks", "example:ecs-and-eks"}, 0,
		[]string{"placement 13 at 0s: task api-1 of service api\n"}, nil)
	last := out[strings.Index(out, "placement 13 at"):]
	for _, node := range []string{"i-0001", "i-0002", "i-0003"} {
		if !strings.Contains(last, node) || !strings.Contains(strings.Join(strings.Fields(lineOf(last, node)), " "), "- - NodeResourcesFit: Insufficient cpu") {
			t.Errorf("%s not rejected by NodeResourcesFit in:\n%s", node, last)
		}
	}
}

// lineOf is the line of text that holds s, "" if none does.
func lineOf(text, s string) string {
	for line := range strings.Lines(text) {
		if strings.Contains(line, s) {
			return line
		}
	}
	return ""
}
