package ecsjson

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/ecssim/ecssim/internal/cut"
	"github.com/ecssim/ecssim/scenarios"
	"github.com/ecssim/ecssim/scenarios/internal/tomlpos"
)

// File is one document for Import: what the AWS CLI printed, and the name that places
// its problems (a path).
type File struct {
	Name string
	Data []byte
}

// Options are the scenario-level settings ECS's JSON does not hold.
type Options struct {
	Name     string // default: the first file's base name without its extension
	Duration string // default "1h"
}

// Import turns ECS JSON, as the AWS CLI prints it, into a scenario file. Each file is the
// output of describe-task-definition, describe-services, describe-container-instances or
// describe-capacity-providers, wrapped as the CLI prints it ({"taskDefinition": ...},
// {"services": [...]}, ...) or bare (the inner object, a JSON array of them, or the input of
// register-task-definition or create-service --cli-input-json); the shape is told from the
// keys. Everything found is merged into one scenario.
//
// Every JSON field ecssim does not model is named, by its JSON path, in a comment at the top of
// the result, so nothing is dropped silently; so are the guesses the import had to make (a
// target group's health check, an Auto Scaling group's size), which ECS's JSON does not hold.
// An instance type the catalog lacks is sized from what its instances registered and declared
// in [[instance_types]], with a note of what was assumed. Malformed JSON and what cannot become
// a valid scenario (an unknown instance type whose instances registered no CPU and memory, a
// service whose task definition no file gives) come back as Problems placed at the JSON's line
// and column. The result is loaded with Load before it is returned, so a result always loads; a
// problem Load finds is placed at the JSON value the scenario key came from.
func Import(files []File, opt Options) ([]byte, error) {
	im := &importer{}
	for i, f := range files {
		fr := &fileReader{im: im, index: i, file: f.Name, src: f.Data, cursor: tomlpos.NewCursor(f.Data)}
		im.files = append(im.files, fr)
		root, err := parseJSON(f.Data)
		if err != nil {
			im.probs = append(im.probs, jsonSyntaxProblem(err, f.Data, f.Name))
			continue
		}
		fr.document(root)
	}
	if len(im.probs) > 0 {
		return nil, im.probs
	}
	im.resolve()
	if len(im.probs) > 0 {
		return nil, im.probs
	}
	if opt.Name == "" && len(files) > 0 {
		opt.Name = strings.TrimSuffix(filepath.Base(files[0].Name), filepath.Ext(files[0].Name))
	}
	if opt.Duration == "" {
		opt.Duration = "1h"
	}
	w := im.write(opt)
	out := []byte(w.b.String())
	if _, err := scenarios.Load(out, "(imported scenario)"); err != nil {
		return nil, im.placeLoadProblems(err, w)
	}
	return out, nil
}

// importer gathers what every file holds, then resolves the references between them.
type importer struct {
	files     []*fileReader
	probs     scenarios.Problems
	taskDefs  []*impTaskDef
	services  []*impService
	instances []*impInstance
	providers []*impProvider
	declared  []*declaredType // instance types the catalog lacks, in order of appearance
	cluster   string          // from the first ARN that names one
	region    string          // from the first ARN, else the first zone
	notes     []string
}

// ref is where a JSON value is: its file, byte offset and JSON path, for placing problems.
type ref struct {
	file *fileReader
	off  int
	path string
}

func (r ref) problem(format string, args ...any) scenarios.Problem {
	return scenarios.Problem{File: r.file.file, Pos: scenarios.Pos(r.file.cursor.At(r.off)), Path: r.path, Msg: fmt.Sprintf(format, cut.Args(format, args)...)}
}

func (im *importer) bad(r ref, format string, args ...any) {
	im.probs = append(im.probs, r.problem(format, args...))
}

func (im *importer) note(format string, args ...any) {
	im.notes = append(im.notes, fmt.Sprintf(format, args...))
}

// fileReader reads one file's JSON, recording what it does not model.
type fileReader struct {
	im          *importer
	index       int
	file        string
	src         []byte
	cursor      *tomlpos.Cursor // places problems: a file of many counts on, not from the start
	notModelled []string        // JSON paths of fields ecssim has no equivalent for
	identity    []string        // JSON paths of identity and status fields (ARNs, timestamps, counts)
}

func (fr *fileReader) at(n *jnode, path string) ref { return ref{fr, n.off, path} }

// document tells the shape of a file from its keys and reads it.
func (fr *fileReader) document(root *jnode) {
	if root.kind == jArray {
		for i, e := range root.vals {
			fr.bare(e, elemPath("", i, e, "serviceName", "name", "family"))
		}
		return
	}
	if root.kind != jObject {
		fr.im.bad(fr.at(root, ""), "want a JSON object as the AWS CLI prints it, got %s", root.kind)
		return
	}
	o := fr.object(root, "")
	wrapped := false
	if n := o.take("taskDefinition"); n != nil {
		wrapped = true
		fr.taskDefinition(n, "taskDefinition")
	}
	for _, key := range []string{"service", "services", "containerInstances", "capacityProviders"} {
		n := o.take(key)
		if n == nil {
			continue
		}
		wrapped = true
		read := map[string]func(*jnode, string){"service": fr.service, "services": fr.service,
			"containerInstances": fr.containerInstance, "capacityProviders": fr.capacityProvider}[key]
		if key == "service" {
			read(n, key)
			continue
		}
		if n.kind != jArray {
			fr.im.bad(fr.at(n, key), "want an array, got %s", n.kind)
			continue
		}
		for i, e := range n.vals {
			path := elemPath(key, i, e, "serviceName", "name")
			if key == "containerInstances" { // grouped anyway: one list for them all
				path = key + "[*]"
			}
			read(e, path)
		}
	}
	if wrapped {
		if f := o.take("failures"); f != nil && f.kind == jArray && len(f.vals) > 0 {
			fr.notModelled = append(fr.notModelled, "failures (resources the CLI could not describe)")
		}
		o.take("nextToken")
		o.rest()
		return
	}
	fr.bare(root, "")
}

// bare reads an inner object, told by its keys.
func (fr *fileReader) bare(n *jnode, path string) {
	switch {
	case n.kind != jObject:
		fr.im.bad(fr.at(n, path), "want a JSON object, got %s", n.kind)
	case n.get("containerDefinitions") != nil || n.get("family") != nil:
		fr.taskDefinition(n, path)
	case n.get("serviceName") != nil:
		fr.service(n, path)
	case n.get("containerInstanceArn") != nil || n.get("ec2InstanceId") != nil || n.get("registeredResources") != nil:
		fr.containerInstance(n, path)
	case n.get("autoScalingGroupProvider") != nil:
		fr.capacityProvider(n, path)
	default:
		fr.im.bad(fr.at(n, path), "not ECS JSON ecssim can import: want the output of aws ecs describe-task-definition, "+
			"describe-services, describe-container-instances or describe-capacity-providers, or a task definition "+
			"(family, containerDefinitions) or service (serviceName) as --cli-input-json takes it")
	}
}

// obj reads the keys of one JSON object; rest records those nobody took.
type obj struct {
	fr   *fileReader
	n    *jnode
	path string
	used map[string]bool
}

func (fr *fileReader) object(n *jnode, path string) *obj {
	return &obj{fr: fr, n: n, path: path, used: map[string]bool{}}
}

// take returns the value of key, nil when it is absent or null, and marks it read.
func (o *obj) take(key string) *jnode {
	o.used[key] = true
	n := o.n.get(key)
	if n == nil || n.kind == jNull {
		return nil
	}
	return n
}

func (o *obj) sub(key string) string { return joinJSON(o.path, key) }

// identity marks keys as identity or status: read, named in the summary, not modelled.
func (o *obj) identity(keys ...string) {
	for _, k := range keys {
		if n := o.take(k); n != nil && !n.empty() {
			o.fr.identity = append(o.fr.identity, o.sub(k))
		}
	}
}

// rest records every key nobody took as not modelled. Null values and empty arrays and
// objects say nothing and are left out.
func (o *obj) rest() {
	for i, k := range o.n.keys {
		if o.used[k] || o.n.vals[i].empty() {
			continue
		}
		o.used[k] = true
		o.fr.notModelled = append(o.fr.notModelled, o.sub(k))
	}
}

func joinJSON(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// str, integer and boolean read a scalar, reporting one of the wrong type.
func (o *obj) str(key string) (string, ref, bool) {
	n := o.take(key)
	if n == nil {
		return "", ref{}, false
	}
	r := o.fr.at(n, o.sub(key))
	if n.kind != jString {
		o.fr.im.bad(r, "want a string, got %s", n.kind)
		return "", r, false
	}
	return n.str, r, true
}

func (o *obj) integer(key string) (int64, ref, bool) {
	n := o.take(key)
	if n == nil {
		return 0, ref{}, false
	}
	r := o.fr.at(n, o.sub(key))
	v, ok := o.fr.intValue(n, r)
	return v, r, ok
}

// count reads a size, a time or a count: a whole number 0 or more. A negative one is refused
// at its place, since the writer leaves out what is not positive and would drop it silently.
func (o *obj) count(key string) (int64, ref, bool) {
	n := o.take(key)
	if n == nil {
		return 0, ref{}, false
	}
	r := o.fr.at(n, o.sub(key))
	v, ok := o.fr.countValue(n, r)
	return v, r, ok
}

// countValue is count's rule for a node already taken.
func (fr *fileReader) countValue(n *jnode, r ref) (int64, bool) {
	v, ok := fr.intValue(n, r)
	if ok && v < 0 {
		fr.im.bad(r, "want 0 or more, got %d", v)
		return 0, false
	}
	return v, ok
}

func (fr *fileReader) intValue(n *jnode, r ref) (int64, bool) {
	if n.kind != jNumber {
		fr.im.bad(r, "want a whole number, got %s", n.kind)
		return 0, false
	}
	v, err := strconv.ParseInt(n.str, 10, 64)
	if err != nil {
		f, ferr := strconv.ParseFloat(n.str, 64)
		if ferr != nil || f != float64(int64(f)) || f > 1<<53 || f < -(1<<53) {
			fr.im.bad(r, "want a whole number, got %s", n.str)
			return 0, false
		}
		v = int64(f)
	}
	return v, true
}

func (o *obj) boolean(key string) (bool, ref, bool) {
	n := o.take(key)
	if n == nil {
		return false, ref{}, false
	}
	r := o.fr.at(n, o.sub(key))
	if n.kind != jBool {
		o.fr.im.bad(r, "want true or false, got %s", n.kind)
		return false, r, false
	}
	return n.b, r, true
}

// array returns the elements of the array at key, reporting another kind.
func (o *obj) array(key string) ([]*jnode, ref) {
	n := o.take(key)
	if n == nil {
		return nil, ref{}
	}
	r := o.fr.at(n, o.sub(key))
	if n.kind != jArray {
		o.fr.im.bad(r, "want an array, got %s", n.kind)
		return nil, r
	}
	return n.vals, r
}

// elemPath is the path of an array's element: by its name (the first of nameKeys it has),
// as in services[web], which reads better in the not-modelled list than an index; else by
// index.
func elemPath(base string, i int, e *jnode, nameKeys ...string) string {
	for _, k := range nameKeys {
		if n := e.get(k); n != nil && n.kind == jString && n.str != "" && !strings.ContainsAny(n.str, "[]") {
			return fmt.Sprintf("%s[%s]", base, n.str)
		}
	}
	return fmt.Sprintf("%s[%d]", base, i)
}

// objects returns the objects of the array at key, each with its path (by nameKey when they
// have one).
func (o *obj) objects(key string, nameKeys ...string) []*obj {
	elems, _ := o.array(key)
	var out []*obj
	for i, e := range elems {
		p := elemPath(o.sub(key), i, e, nameKeys...)
		if e.kind != jObject {
			o.fr.im.bad(o.fr.at(e, p), "want an object, got %s", e.kind)
			continue
		}
		out = append(out, o.fr.object(e, p))
	}
	return out
}

// child returns the object at key, nil when absent.
func (o *obj) child(key string) *obj {
	n := o.take(key)
	if n == nil {
		return nil
	}
	if n.kind != jObject {
		o.fr.im.bad(o.fr.at(n, o.sub(key)), "want an object, got %s", n.kind)
		return nil
	}
	return o.fr.object(n, o.sub(key))
}

// strings reads an array of strings.
func (o *obj) strings(key string) ([]string, ref) {
	elems, r := o.array(key)
	var out []string
	for i, e := range elems {
		if e.kind != jString {
			o.fr.im.bad(o.fr.at(e, fmt.Sprintf("%s[%d]", o.sub(key), i)), "want a string, got %s", e.kind)
			continue
		}
		out = append(out, e.str)
	}
	return out, r
}

// jsonSyntaxProblem places a JSON syntax error at the character encoding/json stopped at.
func jsonSyntaxProblem(err error, src []byte, file string) scenarios.Problem {
	var se *json.SyntaxError
	var de depthError
	if errors.As(err, &de) {
		return scenarios.Problem{File: file, Pos: scenarios.Pos(tomlpos.PosOf(src, de.off)), Msg: de.Error()}
	}
	var ke duplicateKeyError
	if errors.As(err, &ke) {
		return scenarios.Problem{File: file, Pos: scenarios.Pos(tomlpos.PosOf(src, ke.off)), Msg: ke.Error()}
	}
	if !errors.As(err, &se) {
		return scenarios.Problem{File: file, Pos: scenarios.Pos{Line: 1, Col: 1}, Msg: "malformed JSON: " + err.Error()}
	}
	off := int(se.Offset)
	if off > 0 && off <= len(src) && !strings.HasPrefix(se.Error(), "unexpected end") {
		off-- // the offset is just past the character that broke the syntax
	}
	off = min(max(off, 0), len(src))
	return scenarios.Problem{File: file, Pos: scenarios.Pos(tomlpos.PosOf(src, off)), Msg: "malformed JSON: " + se.Error()}
}

// placeLoadProblems turns what Load found wrong with the written scenario into problems at the
// JSON values its keys came from.
func (im *importer) placeLoadProblems(err error, w *tomlWriter) error {
	var ps scenarios.Problems
	if !errors.As(err, &ps) {
		return err
	}
	var out scenarios.Problems
	fileOf := map[scenarios.Problem]int{}
	for _, p := range ps {
		r, ok := w.origin(p.Path)
		if !ok {
			out = append(out, scenarios.Problem{File: im.files[0].file, Pos: scenarios.Pos{Line: 1, Col: 1}, Path: p.Path,
				Msg: "the imported scenario is invalid: " + p.Msg})
			continue
		}
		q := r.problem("%s (scenario key %s)", p.Msg, p.Path)
		fileOf[q] = r.file.index
		out = append(out, q)
	}
	slices.SortStableFunc(out, func(a, b scenarios.Problem) int {
		return cmp.Or(cmp.Compare(fileOf[a], fileOf[b]), cmp.Compare(a.Pos.Line, b.Pos.Line), cmp.Compare(a.Pos.Col, b.Pos.Col))
	})
	return out
}

// jnode is a parsed JSON value with the byte offset it starts at, which encoding/json's
// generic values do not keep.
type jnode struct {
	off  int
	kind jkind
	str  string // a string, or a number's text
	b    bool
	keys []string // an object's keys, in order
	vals []*jnode // an object's values, or an array's elements
}

type jkind int

const (
	jNull jkind = iota
	jBool
	jNumber
	jString
	jArray
	jObject
)

func (k jkind) String() string {
	return [...]string{"null", "a boolean", "a number", "a string", "an array", "an object"}[k]
}

// get returns the value of key in an object (readKey refuses a key that repeats).
func (n *jnode) get(key string) *jnode {
	if n.kind != jObject {
		return nil
	}
	for i := len(n.keys) - 1; i >= 0; i-- {
		if n.keys[i] == key {
			return n.vals[i]
		}
	}
	return nil
}

func (n *jnode) empty() bool {
	return n.kind == jNull || ((n.kind == jArray || n.kind == jObject) && len(n.vals) == 0)
}

// parseJSON checks src's nesting (checkDepth), then its syntax with encoding/json, whose
// syntax errors carry an offset, then reads it token by token to keep each value's offset.
func parseJSON(src []byte) (*jnode, error) {
	if err := checkDepth(src); err != nil {
		return nil, err
	}
	var v any
	if err := json.Unmarshal(src, &v); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	return readNode(dec, src)
}

// skipSep returns the offset of the next value after off, past blanks, commas and colons.
func skipSep(src []byte, off int) int {
	for off < len(src) && strings.IndexByte(" \t\r\n,:", src[off]) >= 0 {
		off++
	}
	return off
}

func readNode(dec *json.Decoder, src []byte) (*jnode, error) {
	n := &jnode{off: skipSep(src, int(dec.InputOffset()))}
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case nil:
		n.kind = jNull
	case bool:
		n.kind, n.b = jBool, t
	case json.Number:
		n.kind, n.str = jNumber, t.String()
	case string:
		n.kind, n.str = jString, t
	case json.Delim:
		n.kind = jArray
		if t == '{' {
			n.kind = jObject
		}
		var keyAt map[string]int // an object's keys' offsets, to refuse one given twice
		for dec.More() {
			if n.kind == jObject {
				key, err := readKey(dec, src, &keyAt)
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, key)
			}
			v, err := readNode(dec, src)
			if err != nil {
				return nil, err
			}
			n.vals = append(n.vals, v)
		}
		if _, err := dec.Token(); err != nil { // the closing delimiter
			return nil, err
		}
	}
	return n, nil
}

// readKey reads an object's key, refusing one the object has already: encoding/json keeps
// the last silently, and which of the two the AWS CLI's writer meant cannot be told.
func readKey(dec *json.Decoder, src []byte, keyAt *map[string]int) (string, error) {
	off := skipSep(src, int(dec.InputOffset()))
	k, err := dec.Token()
	if err != nil {
		return "", err
	}
	key, _ := k.(string)
	if *keyAt == nil {
		*keyAt = map[string]int{}
	}
	if first, ok := (*keyAt)[key]; ok {
		return "", duplicateKeyError{off, key, tomlpos.PosOf(src, first)}
	}
	(*keyAt)[key] = off
	return key, nil
}

// duplicateKeyError is a key given twice in one object, at the second.
type duplicateKeyError struct {
	off   int
	key   string
	first tomlpos.Pos
}

func (e duplicateKeyError) Error() string {
	return fmt.Sprintf("key %q is given twice in one object (first at %d:%d)", cut.String(e.key), e.first.Line, e.first.Col)
}
