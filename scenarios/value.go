package scenarios

import (
	"fmt"
	"time"
)

// value holds one scalar (or list of scalars) from a scenario file. Its UnmarshalTOML never
// fails: a value of the wrong type is remembered as bad, and validation reports it with its
// position together with every other problem, instead of the decoder stopping at the first.
type value[T any] struct {
	v   T
	set bool
	bad string // why the TOML value is not a T, e.g. `want an integer, got string "nine"`
	// got is the TOML value that is not a T, for a size key's message (why), when it is a
	// scalar; nil for a table or an array, so that value stays comparable (== on a struct of
	// values holding a []any would panic).
	got any
	// badElem is the index of the list element that is not of the element type, or -1 when
	// the value as a whole is wrong.
	badElem int
}

// UnmarshalTOML implements toml.Unmarshaler.
func (x *value[T]) UnmarshalTOML(data any) error {
	x.set, x.badElem = true, -1
	ok := false
	switch p := any(&x.v).(type) {
	case *string:
		*p, ok = data.(string)
	case *int64:
		*p, ok = data.(int64)
	case *float64:
		switch d := data.(type) {
		case float64:
			*p, ok = d, true
		case int64:
			*p, ok = float64(d), true
		}
	case *bool:
		*p, ok = data.(bool)
	case *[]string:
		*p, ok = listOf[string](data, "a string", &x.bad, &x.badElem)
	case *[]int64:
		*p, ok = listOf[int64](data, "an integer", &x.bad, &x.badElem)
	}
	if !ok && x.bad == "" {
		x.bad = fmt.Sprintf("want %s, got %s", typeName(any(x.v)), describe(data))
		switch data.(type) {
		case string, int64, float64, bool:
			x.got = data
		}
	}
	return nil
}

// why says why the value at path is not a T: bad, or, for an integer key that holds a size
// (sizeKeys), its unit and, when the value can be read as one, the integer to write instead.
func (x value[T]) why(path string) string {
	if _, isInt := any(x.v).(int64); isInt && x.badElem < 0 && x.got != nil {
		if msg, ok := sizeProblem(path, x.got); ok {
			return msg
		}
	}
	return x.bad
}

// listOf converts a TOML array to []E; for an element of the wrong type it sets bad and badElem.
func listOf[E any](data any, elem string, bad *string, badElem *int) ([]E, bool) {
	items, ok := data.([]any)
	if !ok {
		return nil, false
	}
	out := make([]E, len(items))
	for i, it := range items {
		if out[i], ok = it.(E); !ok {
			*bad, *badElem = fmt.Sprintf("want %s, got %s", elem, describe(it)), i
			return nil, false
		}
	}
	return out, true
}

func typeName(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a number"
	case bool:
		return "true or false"
	case []string:
		return "a list of strings"
	case []int64:
		return "a list of integers"
	}
	return fmt.Sprintf("%T", v)
}

// describe names a decoded TOML value for an error message.
func describe(data any) string {
	switch d := data.(type) {
	case string:
		return fmt.Sprintf("string %q", d)
	case int64:
		return fmt.Sprintf("integer %d", d)
	case float64:
		return fmt.Sprintf("number %g", d)
	case bool:
		return fmt.Sprintf("%v", d)
	case time.Time:
		return "a date-time"
	case map[string]any:
		return "a table"
	case []any, []map[string]any:
		return "an array"
	}
	return fmt.Sprintf("%T", data)
}
