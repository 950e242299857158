package ecsjson

import "fmt"

// MaxFileBytes is how much of one ECS JSON file ecssim import reads: describe-* output holds
// at most 100 container instances or 10 services a call, a few hundred KB, so 16 MiB is room
// for any file the CLI prints while bounding what parsing one costs.
const MaxFileBytes = 16 << 20

// MaxDepth bounds how deeply a file's arrays and objects nest. ECS's JSON nests about 8 deep
// (a task definition's containerDefinitions[].healthCheck.command[]); the bound is checked
// before parsing, since the parser recurses once a level.
const MaxDepth = 64

// MaxObjects bounds how many arrays and objects a file holds: describe-* output of 100
// container instances holds a few thousand, while each costs the parser's tree about a
// kilobyte, so a file of a million tiny objects would take gigabytes before any check.
const MaxObjects = 200_000

// MaxElements bounds the members and elements of a file's objects and arrays, all together:
// each costs the parser's tree and, if wrong, a problem, so a file of millions of bare numbers
// would take gigabytes (counted by their separating commas).
const MaxElements = 500_000

// depthError is a file that nests deeper than MaxDepth, or holds more than MaxObjects arrays
// and objects (many), at the byte that opens the one past the limit.
type depthError struct {
	off            int
	many, elements bool
}

func (e depthError) Error() string {
	switch {
	case e.many:
		return fmt.Sprintf("more than %d arrays and objects; ecssim reads at most %d", MaxObjects, MaxObjects)
	case e.elements:
		return fmt.Sprintf("more than %d members and elements; ecssim reads at most %d", MaxElements, MaxElements)
	}
	return fmt.Sprintf("arrays and objects nested %d deep; ecssim reads at most %d", MaxDepth+1, MaxDepth)
}

// checkDepth finds where src first nests deeper than MaxDepth, opens more than MaxObjects
// arrays and objects or separates more than MaxElements members and elements, skipping strings, whose brackets are text. It runs in one pass with no
// allocation, so a bomb costs only its bytes.
func checkDepth(src []byte) error {
	depth, opened, commas, inString := 0, 0, 0, false
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case inString:
		case c == '[' || c == '{':
			if depth++; depth > MaxDepth {
				return depthError{off: i}
			}
			if opened++; opened > MaxObjects {
				return depthError{off: i, many: true}
			}
		case c == ']' || c == '}':
			depth--
		case c == ',':
			if commas++; commas > MaxElements {
				return depthError{off: i, elements: true}
			}
		}
	}
	return nil
}
