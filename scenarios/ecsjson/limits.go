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

// depthError is a file that nests deeper than MaxDepth, at the byte that opens the level past it.
type depthError struct{ off int }

func (e depthError) Error() string {
	return fmt.Sprintf("arrays and objects nested %d deep; ecssim reads at most %d", MaxDepth+1, MaxDepth)
}

// checkDepth finds where src first nests deeper than MaxDepth, skipping strings, whose
// brackets are text. It runs in one pass with no allocation, so a bomb costs only its bytes.
func checkDepth(src []byte) error {
	depth, inString := 0, false
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
				return depthError{i}
			}
		case c == ']' || c == '}':
			depth--
		}
	}
	return nil
}
