// Package tomlpos finds where keys and values sit in a TOML document, so that problems found
// after decoding can be reported as file:line:col.
//
// BurntSushi/toml decodes values and reports key names, but not their positions. NewIndex
// walks a document the decoder already accepted, with just enough lexing (keys, headers,
// nested arrays and inline tables; strings and comments skipped) to place every key path and
// array element, and its Index answers where a path is, or the nearest enclosing one.
// StringPos places a character inside a string value, through its quotes and escapes, for
// errors inside an expression. The format is TOML v1.0.0 (https://toml.io/en/v1.0.0); paths
// are spelt as the decoder's toml.Key.String spells them (QuoteKey, Join).
//
// CheckShape runs before the decoder, on any input: it refuses a document nested deeper than
// MaxDepth (64), with more than MaxValues keys and elements or a string longer than
// MaxStringLen, at the place it goes past, since the decoder's cost grows with the square of
// the depth.
//
// It is internal to scenarios: the scenario, sweep and strategy loaders and the ECS JSON
// import place their problems with it.
package tomlpos
