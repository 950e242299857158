package scheduler

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Subject is what an expression is evaluated against: one container instance.
type Subject interface {
	Attribute(name string) (value string, ok bool)
	TaskGroups() []string // groups of the tasks on the instance; callers must not modify
	EC2InstanceID() string
	AgentConnected() bool
	AgentVersion() string
	RegisteredAt() time.Time
	RunningTasksCount() int
}

// subjectKind identifies what a condition inspects on the instance.
type subjectKind uint8

const (
	subjAttribute subjectKind = iota
	subjTaskGroup
	subjAgentConnected
	subjEC2InstanceID
	subjAgentVersion
	subjRegisteredAt
	subjRunningTasksCount
)

// subjectNames are the case-sensitive subject spellings; attribute:<name>
// is matched by prefix because its suffix is free-form.
var subjectNames = [...]string{
	subjAttribute:         "attribute:",
	subjTaskGroup:         "task:group",
	subjAgentConnected:    "agentConnected",
	subjEC2InstanceID:     "ec2InstanceId",
	subjAgentVersion:      "agentVersion",
	subjRegisteredAt:      "registeredAt",
	subjRunningTasksCount: "runningTasksCount",
}

// opKind is an operator with negation factored out: every negated operator
// is evaluated as exactly the negation of its positive form.
type opKind uint8

const (
	opEquals opKind = iota
	opIn
	opMatches
	opExists
	opGreater
	opGreaterEqual
	opLess
	opLessEqual
)

type operator struct {
	kind   opKind
	negate bool
}

// operators holds every spelling, lower-cased, so word forms match case-insensitively.
var operators = map[string]operator{
	"==": {opEquals, false}, "equals": {opEquals, false},
	"!=": {opEquals, true}, "not_equals": {opEquals, true},
	">": {opGreater, false}, "greater_than": {opGreater, false},
	">=": {opGreaterEqual, false}, "greater_than_equal": {opGreaterEqual, false},
	"<": {opLess, false}, "less_than": {opLess, false},
	"<=": {opLessEqual, false}, "less_than_equal": {opLessEqual, false},
	"exists": {opExists, false}, "!exists": {opExists, true}, "not_exists": {opExists, true},
	"in": {opIn, false}, "!in": {opIn, true}, "not_in": {opIn, true},
	"=~": {opMatches, false}, "matches": {opMatches, false},
	"!~": {opMatches, true}, "not_matches": {opMatches, true},
}

const (
	opsString   = 1<<opEquals | 1<<opIn | 1<<opMatches
	opsOrdering = 1<<opEquals | 1<<opGreater | 1<<opGreaterEqual | 1<<opLess | 1<<opLessEqual
)

// subjectOps lists the operators each subject accepts, so that misuse such
// as `runningTasksCount =~ 1` is rejected when the constraint is registered
// rather than silently never matching.
var subjectOps = [...]uint16{
	subjAttribute:         opsString | opsOrdering | 1<<opExists,
	subjTaskGroup:         opsString | 1<<opExists,
	subjAgentConnected:    opsString,
	subjEC2InstanceID:     opsString,
	subjAgentVersion:      opsOrdering,
	subjRegisteredAt:      opsOrdering,
	subjRunningTasksCount: opsOrdering,
}

// cond is a single `subject operator [argument]` condition whose argument has
// been converted at parse time to the form Eval compares against.
type cond struct {
	subject subjectKind
	op      opKind
	negate  bool
	attr    string         // attribute name, for subjAttribute
	str     string         // scalar argument as written (also the regex source)
	list    []string       // argument of in / not_in
	re      *regexp.Regexp // anchored pattern of =~ / !~
	num     float64        // str as a number, when isNum
	isNum   bool           // whether attribute ordering compares numerically
	version []string       // agentVersion argument, normalised components
	time    time.Time      // registeredAt argument
	count   int64          // runningTasksCount argument
}

// Eval reports whether the instance described by s satisfies the expression.
// All arguments were converted at parse time, so the common case does not
// allocate.
func (e *Expr) Eval(s Subject) bool { return e.root.eval(s) }

// eval short-circuits: and stops at the first false term, or at the first
// true one.
func (j *junction) eval(s Subject) bool {
	for _, t := range j.terms {
		if t.eval(s) != j.isAnd {
			return !j.isAnd
		}
	}
	return j.isAnd
}

func (n *notNode) eval(s Subject) bool { return !n.x.eval(s) }

// eval applies negation last, so that each negated operator is exactly the
// negation of its positive form, including when the value is missing.
func (c *cond) eval(s Subject) bool { return c.holds(s) != c.negate }

// holds evaluates the positive form of the operator. A missing value (an
// absent attribute, an empty instance ID or agent version, a zero
// registration time) satisfies no positive operator except the negation of
// exists.
func (c *cond) holds(s Subject) bool {
	switch c.subject {
	case subjAttribute:
		v, ok := s.Attribute(c.attr)
		return ok && (c.op == opExists || c.matches(v))
	case subjTaskGroup:
		groups := s.TaskGroups()
		if c.op == opExists {
			return len(groups) > 0
		}
		return slices.ContainsFunc(groups, c.matches)
	case subjAgentConnected:
		return c.matches(strconv.FormatBool(s.AgentConnected()))
	case subjEC2InstanceID:
		id := s.EC2InstanceID()
		return id != "" && c.matches(id)
	case subjAgentVersion:
		order, ok := compareVersion(s.AgentVersion(), c.version)
		return ok && c.ordered(order)
	case subjRegisteredAt:
		t := s.RegisteredAt()
		return !t.IsZero() && c.ordered(t.Compare(c.time))
	case subjRunningTasksCount:
		return c.ordered(cmp.Compare(int64(s.RunningTasksCount()), c.count))
	}
	return false
}

// matches applies a string operator to one value.
func (c *cond) matches(v string) bool {
	switch c.op {
	case opEquals:
		return v == c.str
	case opIn:
		return slices.Contains(c.list, v)
	case opMatches:
		return c.re.MatchString(v)
	}
	return c.ordered(c.compareAttr(v))
}

// compareAttr orders an attribute value against the argument: numerically
// when both are decimal numbers, so that 9 < 10, and lexically otherwise.
func (c *cond) compareAttr(v string) int {
	if c.isNum {
		if f, ok := parseDecimal(v); ok {
			return cmp.Compare(f, c.num)
		}
	}
	return strings.Compare(v, c.str)
}

// ordered reports whether a three-way comparison result satisfies c.op.
func (c *cond) ordered(order int) bool {
	switch c.op {
	case opEquals:
		return order == 0
	case opGreater:
		return order > 0
	case opGreaterEqual:
		return order >= 0
	case opLess:
		return order < 0
	case opLessEqual:
		return order <= 0
	}
	return false
}

// timeLayouts are the registeredAt argument forms; layouts without a zone
// parse as UTC.
var timeLayouts = []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02"}

// setArgument validates c.str for the subject and precomputes the form that
// eval compares against, so that Eval never parses its argument.
func (c *cond) setArgument() error {
	var ok bool
	switch {
	case c.subject == subjAgentVersion:
		if c.version, ok = parseVersion(c.str); !ok {
			return fmt.Errorf("invalid version %q", c.str)
		}
	case c.subject == subjRegisteredAt:
		if c.time, ok = parseTimestamp(c.str); !ok {
			return fmt.Errorf("invalid timestamp %q", c.str)
		}
	case c.subject == subjRunningTasksCount:
		n, err := strconv.ParseInt(c.str, 10, 64)
		if err != nil {
			return fmt.Errorf("invalid integer %q", c.str)
		}
		c.count = n
	case c.op == opMatches:
		return c.compilePattern()
	default:
		c.num, c.isNum = parseDecimal(c.str)
	}
	return nil
}

// compilePattern compiles the pattern with full-match semantics, as ECS uses
// Java's Matcher.matches. The raw pattern is checked first so that an error
// quotes what the user wrote rather than the anchored form.
func (c *cond) compilePattern() error {
	_, err := regexp.Compile(c.str)
	if err == nil {
		c.re, err = regexp.Compile(`^(?:` + c.str + `)$`)
	}
	if err != nil {
		return fmt.Errorf("invalid regular expression: %w", err)
	}
	return nil
}

func parseTimestamp(s string) (time.Time, bool) {
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// parseVersion splits a dotted numeric version into components without
// leading zeros, the form compareVersion expects.
func parseVersion(s string) ([]string, bool) {
	parts := strings.Split(s, ".")
	for i, part := range parts {
		if part == "" || !allDigits(part) {
			return nil, false
		}
		parts[i] = strings.TrimLeft(part, "0")
	}
	return parts, true
}

// compareVersion compares a dotted numeric version with a parsed one,
// component by component as numbers (1.9.0 < 1.10.0), treating missing
// trailing components as 0. It works on substrings, so it neither allocates
// nor overflows. ok is false if have is not a version.
func compareVersion(have string, want []string) (order int, ok bool) {
	i := 0
	for rest, more := have, true; more; i++ {
		var part string
		part, rest, more = strings.Cut(rest, ".")
		if part == "" || !allDigits(part) {
			return 0, false
		}
		if order == 0 {
			order = compareDigits(strings.TrimLeft(part, "0"), versionPart(want, i))
		}
	}
	for ; order == 0 && i < len(want); i++ {
		order = compareDigits("", want[i])
	}
	return order, true
}

func versionPart(v []string, i int) string {
	if i < len(v) {
		return v[i]
	}
	return ""
}

// compareDigits compares digit strings without leading zeros as numbers.
func compareDigits(a, b string) int {
	if len(a) != len(b) {
		return cmp.Compare(len(a), len(b))
	}
	return strings.Compare(a, b)
}

// parseDecimal parses a plain decimal number such as -1, 2.5 or 1e3. Unlike
// bare strconv.ParseFloat it rejects inf, nan, hex and underscores, which
// are more likely names than numbers, and it does not allocate an error for
// the common non-numeric value.
func parseDecimal(s string) (float64, bool) {
	mant, exp := strings.TrimLeft(s, "+-"), ""
	if len(s)-len(mant) > 1 {
		return 0, false
	}
	if i := strings.IndexAny(mant, "eE"); i >= 0 {
		mant, exp = mant[:i], mant[i+1:]
		if e := strings.TrimLeft(exp, "+-"); e == "" || len(exp)-len(e) > 1 || !allDigits(e) {
			return 0, false
		}
	}
	ip, fp, _ := strings.Cut(mant, ".")
	if len(ip)+len(fp) == 0 || !allDigits(ip) || !allDigits(fp) {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}

// allDigits reports whether s consists of ASCII digits only ("" does).
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
