package kubesched

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// A 4000m / 8000 Mi node with 1000m / 2000 Mi requested, and a 500m / 1000 Mi pod: requested
// 1500 / 3000 (the example of least_allocated_test.go's style).
var exampleNode = resourcePair{requested: [2]int64{1500, 3000}, allocatable: [2]int64{4000, 8000}}

func TestFitStrategies(t *testing.T) {
	binpack := []ShapePoint{{0, 0}, {100, 10}}
	spread := []ShapePoint{{0, 10}, {100, 0}}
	peak := []ShapePoint{{0, 0}, {50, 10}, {100, 0}}
	tests := []struct {
		name string
		got  int64
		want int64
	}{
		// (4000−1500)·100/4000 = 62, (8000−3000)·100/8000 = 62; (62+62)/2 = 62.
		{"least allocated", weightedMean(exampleNode, leastRequestedScore), 62},
		// 1500·100/4000 = 37, 3000·100/8000 = 37; (37+37)/2 = 37.
		{"most allocated", weightedMean(exampleNode, mostRequestedScore), 37},
		// cpu 3000/4000: 25, memory 2000/8000: 75; (25+75)/2 = 50.
		{"least allocated, uneven", weightedMean(resourcePair{[2]int64{3000, 2000}, [2]int64{4000, 8000}}, leastRequestedScore), 50},
		// cpu over capacity: least 0, most capped at 100; memory 0 and 0.
		{"least allocated, over capacity", weightedMean(resourcePair{[2]int64{5000, 8000}, [2]int64{4000, 8000}}, leastRequestedScore), 0},
		{"most allocated, over capacity", weightedMean(resourcePair{[2]int64{5000, 0}, [2]int64{4000, 8000}}, mostRequestedScore), 50},
		// A resource with no allocatable is left out: memory alone, 62.
		{"least allocated, no cpu", weightedMean(resourcePair{[2]int64{0, 3000}, [2]int64{0, 8000}}, leastRequestedScore), 62},
		// Utilization 37 and 37; the shape (0,0)–(100,10)×10 gives 37 each; round(74/2) = 37.
		{"ratio, binpack shape", shapeScore(exampleNode, binpack), 37},
		// (0,10)–(100,0): 100 + (0−100)·37/100 = 63 each.
		{"ratio, spread shape", shapeScore(exampleNode, spread), 63},
		// cpu 1500/4000 → 37: 100·37/50 = 74; memory 6000/8000 → 75: 100 − 100·25/50 = 50;
		// round((74+50)/2) = 62.
		{"ratio, peaked shape", shapeScore(resourcePair{[2]int64{1500, 6000}, [2]int64{4000, 8000}}, peak), 62},
		// cpu utilization 0 scores 0 and is left out of the mean: memory's 37 alone.
		{"ratio, zero score left out", shapeScore(resourcePair{[2]int64{0, 3000}, [2]int64{4000, 8000}}, binpack), 37},
		// Over capacity counts as utilization 100: 100 and 100.
		{"ratio, over capacity", shapeScore(resourcePair{[2]int64{5000, 9000}, [2]int64{4000, 8000}}, binpack), 100},
		// Fractions 0.375 and 0.375: std 0, score 100.
		{"balanced, even", balancedResourceScore(exampleNode.requested, exampleNode.allocatable), 100},
		// 0.75 and 0.25: std 0.25, (1 − 0.25)·100 = 75.
		{"balanced, uneven", balancedResourceScore([2]int64{3000, 2000}, [2]int64{4000, 8000}), 75},
		// 1/3 and 0.75: std 0.208333, (1 − 0.208333)·100 = 79.17, truncated to 79.
		{"balanced, thirds", balancedResourceScore([2]int64{1000, 6000}, [2]int64{3000, 8000}), 79},
		// cpu over capacity caps at 1: 1 and 0.5, std 0.25, 75.
		{"balanced, capped", balancedResourceScore([2]int64{6000, 4000}, [2]int64{4000, 8000}), 75},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("got %d, want %d", tc.got, tc.want)
			}
		})
	}
}

func TestNormalizers(t *testing.T) {
	tests := []struct {
		name string
		in   []int64
		norm func([]int64)
		want []int64
	}{
		// max 2: 100 − 100·{0,1,2}/2 = 100, 50, 0.
		{"taints reversed", []int64{0, 1, 2}, func(s []int64) { defaultNormalize(s, true) }, []int64{100, 50, 0}},
		{"no taints anywhere", []int64{0, 0}, func(s []int64) { defaultNormalize(s, true) }, []int64{100, 100}},
		// max 80: 100·30/80 = 37, 100·80/80 = 100.
		{"node affinity", []int64{0, 30, 80}, func(s []int64) { defaultNormalize(s, false) }, []int64{0, 37, 100}},
		// min 3, max 9: 100·(12−3)/9 = 100, 100·(12−5)/9 = 77, ignored 0, 100·(12−9)/9 = 33.
		{"spread", []int64{3, 5, -1, 9}, normalizeSpread, []int64{100, 77, 0, 33}},
		{"spread, all zero", []int64{0, 0}, normalizeSpread, []int64{100, 100}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := append([]int64(nil), tc.in...)
			tc.norm(got)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

func TestImagePriority(t *testing.T) {
	tests := []struct {
		name            string
		sum, containers int64
		want            int64
	}{
		{"below 23 MB", 10 * mb, 1, 0},
		// 100·(250 − 23)/(1000 − 23) = 22700/977 = 23.
		{"250 MB", 250 * mb, 1, 23},
		{"above 1000 MB", 2000 * mb, 1, 100},
		// Two containers: the ceiling is 2000 MB; 100·(1000 − 23)/(2000 − 23) = 97700/1977 = 49.
		{"1000 MB, two containers", 1000 * mb, 2, 49},
	}
	for _, tc := range tests {
		if got := imagePriority(tc.sum, tc.containers); got != tc.want {
			t.Errorf("%s: got %d, want %d", tc.name, got, tc.want)
		}
	}
}

func TestNumFeasibleNodesToFind(t *testing.T) {
	tests := []struct {
		percentage int32
		nodes      int
		want       int
	}{
		{0, 50, 50},       // under 100 nodes: all of them
		{0, 100, 100},     // 50 − 0 = 50 % of 100 = 50, raised to the floor of 100
		{0, 1000, 420},    // 50 − 1000/125 = 42 %
		{0, 5000, 500},    // 50 − 40 = 10 %
		{0, 100000, 5000}, // 50 − 800 < 5: 5 %
		{10, 2000, 200},   // configured 10 %
		{30, 200, 100},    // 60, raised to 100
		{100, 1000, 1000}, // every node
	}
	for _, tc := range tests {
		if got := NumFeasibleNodesToFind(tc.percentage, tc.nodes); got != tc.want {
			t.Errorf("NumFeasibleNodesToFind(%d, %d) = %d, want %d", tc.percentage, tc.nodes, got, tc.want)
		}
	}
}
