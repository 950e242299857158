package scenarios

import "strings"

// Closest returns the name in known that name most likely means, or "" when none is close:
// one it misspells (Misspells), the fewest edits away, ties going to the first in known; else
// the one name of known that begins with it or that it begins with, three characters at
// least ("seeds" for "seed", "ZoneOutageS" for "ZoneOutageStarted"). A beginning that several
// names share ("ZoneOutage", "Task") means none of them.
//
// Every "did you mean ...?" of ecssim comes from it: unknown scenario and ecs.config keys,
// and the command's unknown flags and event kinds, so that they follow one rule.
func Closest(name string, known []string) string {
	best, bestD := "", -1
	var begun []string
	for _, k := range known {
		if k == "" || name == "" {
			continue // "" begins every name, and suggests nothing
		}
		if Misspells(name, k) {
			if d := editDistance(strings.ToLower(name), strings.ToLower(k)); bestD < 0 || d < bestD {
				best, bestD = k, d
			}
		} else if prefixed(strings.ToLower(name), strings.ToLower(k)) {
			begun = append(begun, k)
		}
	}
	if best == "" && len(begun) == 1 {
		best = begun[0]
	}
	return best
}

// Misspells reports whether name is a misspelling of k: at most two edits away (Levenshtein
// distance, ignoring case), keeping at least half its characters ("nme" for "name", but not
// "x" for "o").
func Misspells(name, k string) bool {
	d := editDistance(strings.ToLower(name), strings.ToLower(k))
	return d <= 2 && 2*d <= len(name)
}

// prefixed reports whether one of a and b begins with the other, which is three characters
// or more.
func prefixed(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	return len(a) >= 3 && strings.HasPrefix(b, a)
}

// editDistance is the Levenshtein distance between a and b, counted in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
