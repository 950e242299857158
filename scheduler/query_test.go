package scheduler

import (
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// fakeSubject is a container instance assembled field by field for tests.
type fakeSubject struct {
	attrs      map[string]string
	groups     []string
	instanceID string
	connected  bool
	version    string
	registered time.Time
	running    int
}

func (f *fakeSubject) Attribute(name string) (string, bool) { v, ok := f.attrs[name]; return v, ok }
func (f *fakeSubject) TaskGroups() []string                 { return f.groups }
func (f *fakeSubject) EC2InstanceID() string                { return f.instanceID }
func (f *fakeSubject) AgentConnected() bool                 { return f.connected }
func (f *fakeSubject) AgentVersion() string                 { return f.version }
func (f *fakeSubject) RegisteredAt() time.Time              { return f.registered }
func (f *fakeSubject) RunningTasksCount() int               { return f.running }

var (
	t2small = &fakeSubject{
		attrs:      map[string]string{"ecs.instance-type": "t2.small", "ecs.availability-zone": "us-east-1a", "stack": "prod"},
		groups:     []string{"service:production", "database"},
		instanceID: "i-abcd1234", connected: true, version: "1.14.4",
		registered: time.Date(2018, 2, 12, 10, 0, 0, 0, time.UTC), running: 1,
	}
	c4large = &fakeSubject{
		attrs:      map[string]string{"ecs.instance-type": "c4.large", "ecs.availability-zone": "us-east-1d", "cores": "16", "gen": "b"},
		groups:     []string{"batch"},
		instanceID: "i-00000000", version: "1.20.0",
		registered: time.Date(2018, 6, 18, 22, 28, 28, 0, time.UTC), running: 3,
	}
	g2   = &fakeSubject{attrs: map[string]string{"ecs.instance-type": "g2.2xlarge", "ecs.availability-zone": "us-east-1b"}}
	g2d  = &fakeSubject{attrs: map[string]string{"ecs.instance-type": "g2.2xlarge", "ecs.availability-zone": "us-east-1d"}}
	bare = &fakeSubject{}
	v19  = &fakeSubject{version: "1.9.0"}
	v110 = &fakeSubject{version: "1.10.0"}
	vbad = &fakeSubject{version: "1.x"}
	ab   = &fakeSubject{groups: []string{"a", "b"}}
)

// dump renders the AST in prefix form so that parse results compare as text.
func dump(n node) string {
	switch n := n.(type) {
	case *junction:
		parts := []string{map[bool]string{true: "and", false: "or"}[n.isAnd]}
		for _, t := range n.terms {
			parts = append(parts, dump(t))
		}
		return "(" + strings.Join(parts, " ") + ")"
	case *notNode:
		return "(not " + dump(n.x) + ")"
	case *cond:
		return dumpCond(n)
	}
	return "?"
}

func dumpCond(c *cond) string {
	ops := [...]string{"==", "in", "=~", "exists", ">", ">=", "<", "<="}
	negated := [...]string{"!=", "!in", "!~", "!exists"}
	op := ops[c.op]
	if c.negate {
		op = negated[c.op]
	}
	s := "(" + op + " " + subjectNames[c.subject] + c.attr
	switch c.op {
	case opExists:
	case opIn:
		for _, item := range c.list {
			s += " " + strconv.Quote(item)
		}
	default:
		s += " " + strconv.Quote(c.str)
	}
	return s + ")"
}

var parseTests = []struct{ name, expr, want string }{
	{"equals symbol", "attribute:a == b", `(== attribute:a "b")`},
	{"equals word", "attribute:a equals b", `(== attribute:a "b")`},
	{"equals word upper", "attribute:a EQUALS b", `(== attribute:a "b")`},
	{"not equals symbol", "attribute:a != b", `(!= attribute:a "b")`},
	{"not equals word", "attribute:a Not_Equals b", `(!= attribute:a "b")`},
	{"greater symbol", "attribute:a > 1", `(> attribute:a "1")`},
	{"greater word", "attribute:a greater_than 1", `(> attribute:a "1")`},
	{"greater equal symbol", "attribute:a >= 1", `(>= attribute:a "1")`},
	{"greater equal word", "attribute:a greater_than_equal 1", `(>= attribute:a "1")`},
	{"less symbol", "attribute:a < 1", `(< attribute:a "1")`},
	{"less word", "attribute:a less_than 1", `(< attribute:a "1")`},
	{"less equal symbol", "attribute:a <= 1", `(<= attribute:a "1")`},
	{"less equal word", "attribute:a LESS_THAN_EQUAL 1", `(<= attribute:a "1")`},
	{"exists", "attribute:a exists", `(exists attribute:a)`},
	{"exists upper", "attribute:a EXISTS", `(exists attribute:a)`},
	{"not exists symbol", "attribute:a !exists", `(!exists attribute:a)`},
	{"not exists word", "attribute:a not_exists", `(!exists attribute:a)`},
	{"in", "attribute:a in [x, y]", `(in attribute:a "x" "y")`},
	{"in upper", "attribute:a IN [x]", `(in attribute:a "x")`},
	{"not in symbol", "attribute:a !in [x]", `(!in attribute:a "x")`},
	{"not in word", "attribute:a not_in [x]", `(!in attribute:a "x")`},
	{"matches symbol", "attribute:a =~ t2.*", `(=~ attribute:a "t2.*")`},
	{"matches word", "attribute:a Matches t2.*", `(=~ attribute:a "t2.*")`},
	{"not matches symbol", "attribute:a !~ t2.*", `(!~ attribute:a "t2.*")`},
	{"not matches word", "attribute:a not_matches t2.*", `(!~ attribute:a "t2.*")`},
	{"list quoted and bare", `ec2InstanceId in ['i-1', "i 2",i-3 ]`, `(in ec2InstanceId "i-1" "i 2" "i-3")`},
	{"list no spaces", "ec2InstanceId in[a,b]", `(in ec2InstanceId "a" "b")`},
	{"list quoted comma", "ec2InstanceId in ['a,b']", `(in ec2InstanceId "a,b")`},
	{"quoted argument", `attribute:a == "x y"`, `(== attribute:a "x y")`},
	{"empty quoted argument", `attribute:a == ''`, `(== attribute:a "")`},
	{"colon in bare argument", "task:group == service:production", `(== task:group "service:production")`},
	{"no spaces", "runningTasksCount>=1&&attribute:a==b", `(and (>= runningTasksCount "1") (== attribute:a "b"))`},
	{"trimmed", " \t attribute:a exists \n", `(exists attribute:a)`},
	{"not call", "not(task:group == database)", `(not (== task:group "database"))`},
	{"not word", "NOT attribute:a exists", `(not (exists attribute:a))`},
	{"bang", "!attribute:a exists", `(not (exists attribute:a))`},
	{"double negation", "not ! attribute:a exists", `(not (not (exists attribute:a)))`},
	{"and binds tighter", "attribute:a exists or attribute:b exists and attribute:c exists",
		`(or (exists attribute:a) (and (exists attribute:b) (exists attribute:c)))`},
	{"not binds tighter", "not attribute:a exists and attribute:b exists", `(and (not (exists attribute:a)) (exists attribute:b))`},
	{"parentheses", "(attribute:a exists || attribute:b exists) && attribute:c exists",
		`(and (or (exists attribute:a) (exists attribute:b)) (exists attribute:c))`},
	{"nested parentheses", "((attribute:a exists) AND (not (attribute:b exists Or attribute:c exists)))",
		`(and (exists attribute:a) (not (or (exists attribute:b) (exists attribute:c))))`},
	{"chain", "attribute:a exists and attribute:b exists and attribute:c exists",
		`(and (exists attribute:a) (exists attribute:b) (exists attribute:c))`},
	{"regex group", "attribute:a =~ (t2|t3).*", `(=~ attribute:a "(t2|t3).*")`},
	{"regex in not", "not(attribute:a =~ (t2|t3).*)", `(not (=~ attribute:a "(t2|t3).*"))`},
	{"regex space in group", "attribute:a =~ (x | y) and attribute:b exists", `(and (=~ attribute:a "(x | y)") (exists attribute:b))`},
	{"regex class with parens", "attribute:a =~ [)( ]x", `(=~ attribute:a "[)( ]x")`},
	{"regex escaped paren", `(attribute:a =~ x\))`, `(=~ attribute:a "x\\)")`},
	{"regex quoted", `attribute:a =~ 'a b'`, `(=~ attribute:a "a b")`},
	{"attribute name chars", "attribute:Ab-9_/.z exists", `(exists attribute:Ab-9_/.z)`},
	{"registeredAt offset", "registeredAt < 2018-06-18T22:28:28+00:00", `(< registeredAt "2018-06-18T22:28:28+00:00")`},
	{"registeredAt zulu", "registeredAt < 2018-06-18T22:28:28Z", `(< registeredAt "2018-06-18T22:28:28Z")`},
	{"registeredAt local", "registeredAt < 2018-06-18T22:28:28", `(< registeredAt "2018-06-18T22:28:28")`},
	{"registeredAt date", "registeredAt < 2018-06-18", `(< registeredAt "2018-06-18")`},
	{"agentConnected", "agentConnected == true", `(== agentConnected "true")`},
	{"max length", "attribute:a == " + strings.Repeat("x", MaxExpression-15), `(== attribute:a "` + strings.Repeat("x", MaxExpression-15) + `")`},
}

func TestParseExpression(t *testing.T) {
	for _, tt := range parseTests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := ParseExpression(tt.expr)
			if err != nil {
				t.Fatalf("ParseExpression(%q) error: %v", tt.expr, err)
			}
			if diff := cmp.Diff(tt.want, dump(e.root)); diff != "" {
				t.Errorf("ParseExpression(%q) (-want +got):\n%s", tt.expr, diff)
			}
		})
	}
}

// dgExamples are the examples of the ECS Developer Guide, each with an
// instance that satisfies it and one that does not.
var dgExamples = []struct {
	expr        string
	match, miss *fakeSubject
}{
	{"attribute:ecs.instance-type == t2.small", t2small, c4large},
	{"attribute:ecs.availability-zone in [us-east-1a, us-east-1b]", t2small, c4large},
	{"attribute:ecs.instance-type =~ g2.* and attribute:ecs.availability-zone != us-east-1d", g2, g2d},
	{"task:group == service:production", t2small, c4large},
	{"not(task:group == database)", c4large, t2small},
	{"runningTasksCount == 1", t2small, c4large},
	{"agentVersion < 1.14.5", t2small, c4large},
	{"registeredAt < 2018-02-13", t2small, c4large},
	{"ec2InstanceId in ['i-abcd1234', 'i-wxyx7890']", t2small, c4large},
	{"attribute:ecs.instance-type =~ t2.* or attribute:ecs.instance-type =~ c4.*", c4large, g2},
	{"(attribute:ecs.instance-type == t2.micro or attribute:ecs.instance-type == t2.small) and attribute:ecs.availability-zone == us-east-1a", t2small, c4large},
	{"attribute:stack exists", t2small, c4large},
	{"attribute:stack not_exists", c4large, t2small},
	{"attribute:ecs.instance-type equals t2.small", t2small, c4large},
}

func TestEvalDeveloperGuideExamples(t *testing.T) {
	for _, tt := range dgExamples {
		t.Run(tt.expr, func(t *testing.T) {
			e, err := ParseExpression(tt.expr)
			if err != nil {
				t.Fatalf("ParseExpression error: %v", err)
			}
			got := []bool{e.Eval(tt.match), e.Eval(tt.miss)}
			if diff := cmp.Diff([]bool{true, false}, got); diff != "" {
				t.Errorf("Eval on [match, miss] (-want +got):\n%s", diff)
			}
		})
	}
}

var evalTests = []struct {
	name, expr string
	s          *fakeSubject
	want       bool
}{
	{"missing attribute equals", "attribute:x == a", bare, false},
	{"missing attribute not equals", "attribute:x != a", bare, true},
	{"missing attribute in", "attribute:x in [a]", bare, false},
	{"missing attribute not in", "attribute:x not_in [a]", bare, true},
	{"missing attribute matches", "attribute:x =~ .*", bare, false},
	{"missing attribute not matches", "attribute:x !~ .*", bare, true},
	{"missing attribute greater", "attribute:x > 1", bare, false},
	{"missing attribute less equal", "attribute:x <= 1", bare, false},
	{"missing attribute exists", "attribute:x exists", bare, false},
	{"missing attribute not exists", "attribute:x !exists", bare, true},
	{"missing instance id equals", "ec2InstanceId == i-1", bare, false},
	{"missing instance id not equals", "ec2InstanceId != i-1", bare, true},
	{"missing agent version", "agentVersion > 0", bare, false},
	{"missing agent version not equals", "agentVersion != 1.0", bare, true},
	{"missing registeredAt", "registeredAt < 2030-01-01", bare, false},
	{"group equals any", "task:group == b", ab, true},
	{"group equals none", "task:group == c", ab, false},
	{"group not equals present", "task:group != a", ab, false},
	{"group not equals absent", "task:group != c", ab, true},
	{"group in", "task:group in [c, b]", ab, true},
	{"group not in overlapping", "task:group not_in [c, b]", ab, false},
	{"group not in disjoint", "task:group not_in [c]", ab, true},
	{"group matches", "task:group =~ b.*", ab, true},
	{"group not matches some", "task:group !~ b.*", ab, false},
	{"group not matches none", "task:group !~ z.*", ab, true},
	{"group exists", "task:group exists", ab, true},
	{"no tasks exists", "task:group exists", bare, false},
	{"no tasks not exists", "task:group not_exists", bare, true},
	{"no tasks equals", "task:group == a", bare, false},
	{"no tasks not equals", "task:group != a", bare, true},
	{"numeric greater", "attribute:cores > 9", c4large, true},
	{"numeric less", "attribute:cores < 9", c4large, false},
	{"numeric float", "attribute:cores >= 16.0", c4large, true},
	{"numeric exponent", "attribute:cores > 1e1", c4large, true},
	{"equality stays textual", "attribute:cores == 16.0", c4large, false},
	{"lexical greater", "attribute:gen > a", c4large, true},
	{"lexical less equal", "attribute:gen <= a", c4large, false},
	{"mixed is lexical", "attribute:ecs.instance-type > 5", c4large, true},
	{"version 1.9 < 1.10", "agentVersion < 1.10.0", v19, true},
	{"version 1.9 > 1.10", "agentVersion > 1.10.0", v19, false},
	{"version 1.10 > 1.9", "agentVersion > 1.9.0", v110, true},
	{"version trailing zero", "agentVersion == 1.10", v110, true},
	{"version leading zeros", "agentVersion >= 01.010.0", v110, true},
	{"version 1.14.5 < 1.100.0", "agentVersion < 1.100.0", &fakeSubject{version: "1.14.5"}, true},
	{"bad instance version", "agentVersion < 9", vbad, false},
	{"bad instance version not equals", "agentVersion != 9", vbad, true},
	{"registeredAt offset", "registeredAt == 2018-06-18T22:28:28+00:00", c4large, true},
	{"registeredAt other zone", "registeredAt == 2018-06-19T00:28:28+02:00", c4large, true},
	{"registeredAt zulu", "registeredAt == 2018-06-18T22:28:28Z", c4large, true},
	{"registeredAt no zone", "registeredAt == 2018-06-18T22:28:28", c4large, true},
	{"registeredAt date after", "registeredAt > 2018-06-18", c4large, true},
	{"registeredAt date before", "registeredAt <= 2018-06-18", c4large, false},
	{"running tasks greater", "runningTasksCount > 2", c4large, true},
	{"running tasks not equals", "runningTasksCount != 3", c4large, false},
	{"agent connected", "agentConnected == true", t2small, true},
	{"agent disconnected", "agentConnected != true", c4large, true},
	{"agent connected in", "agentConnected in [false]", c4large, true},
	{"agent connected matches", "agentConnected =~ t.*", t2small, true},
	{"instance id matches", "ec2InstanceId =~ i-0+", c4large, true},
	{"regex full match", "attribute:ecs.instance-type =~ t2", t2small, false},
	{"regex alternation anchored", "attribute:ecs.instance-type =~ c4.large|x", t2small, false},
	{"or short circuit", "attribute:stack exists or attribute:x == y", t2small, true},
	{"and short circuit", "attribute:x exists and attribute:stack exists", t2small, false},
}

func TestEval(t *testing.T) {
	for _, tt := range evalTests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := ParseExpression(tt.expr)
			if err != nil {
				t.Fatalf("ParseExpression(%q) error: %v", tt.expr, err)
			}
			if diff := cmp.Diff(tt.want, e.Eval(tt.s)); diff != "" {
				t.Errorf("Eval(%q) (-want +got):\n%s", tt.expr, diff)
			}
		})
	}
}

var errorTests = []struct {
	name, expr string
	want       *ExprError
}{
	{"empty", "", &ExprError{0, "empty expression"}},
	{"blank", " \t\n", &ExprError{0, "empty expression"}},
	{"too long", "attribute:a == " + strings.Repeat("x", MaxExpression-14), &ExprError{2000, "expression longer than 2000 characters"}},
	{"unknown operator", "attribute:a === b", &ExprError{12, `unknown operator "===" (did you mean "=="?)`}},
	{"single equals", "attribute:ecs.instance-type = m6i.xlarge", &ExprError{28, `unknown operator "=" (did you mean "=="?)`}},
	{"single equals without spaces", "attribute:a=b", &ExprError{11, `unknown operator "=" (did you mean "=="?)`}},
	{"reversed not equals", "attribute:a =! b", &ExprError{12, `unknown operator "=!" (did you mean "!="?)`}},
	{"SQL not equals", "runningTasksCount <> 2", &ExprError{18, `unknown operator "<>" (did you mean "!="?)`}},
	{"reversed less or equal", "runningTasksCount =< 2", &ExprError{18, `unknown operator "=<" (did you mean "<="?)`}},
	{"reversed greater or equal", "runningTasksCount => 2", &ExprError{18, `unknown operator "=>" (did you mean ">="?)`}},
	{"reversed matches", "attribute:a ~= b.*", &ExprError{12, `unknown operator "~=" (did you mean "=~"?)`}},
	{"unknown symbol operator", "attribute:a =<> b", &ExprError{12, `unknown operator "=<>"`}},
	{"unknown word operator", "attribute:a eq b", &ExprError{12, `unknown operator "eq"`}},
	{"lone bang operator", "attribute:a ! exists", &ExprError{12, `unknown operator "!"`}},
	{"missing operator", "attribute:a", &ExprError{11, "missing operator"}},
	{"missing argument", "attribute:a ==", &ExprError{14, "missing argument"}},
	{"missing argument in group", "(attribute:a == )", &ExprError{16, "missing argument"}},
	{"missing regex", "attribute:a =~ ", &ExprError{14, "missing argument"}},
	{"unclosed parenthesis", "(attribute:a exists", &ExprError{0, "unclosed parenthesis"}},
	{"unclosed nested parenthesis", "not((attribute:a exists)", &ExprError{3, "unclosed parenthesis"}},
	{"extra closing parenthesis", "attribute:a exists)", &ExprError{18, `unexpected ")"`}},
	{"empty parentheses", "()", &ExprError{1, `unexpected ")"`}},
	{"unclosed list", "ec2InstanceId in [a, b", &ExprError{17, "unclosed list"}},
	{"unclosed list after comma", "ec2InstanceId in [a,", &ExprError{17, "unclosed list"}},
	{"list without comma", "ec2InstanceId in [a b]", &ExprError{20, `expected "," or "]" in list`}},
	{"empty list", "ec2InstanceId in []", &ExprError{18, "empty list"}},
	{"list trailing comma", "ec2InstanceId in [a,]", &ExprError{20, "missing list item"}},
	{"in without list", "ec2InstanceId in a", &ExprError{17, "in and not_in need a list such as [a, b]"}},
	{"list for equals", "attribute:a == [a]", &ExprError{15, "a list argument needs in or not_in"}},
	{"bad regex", "attribute:a =~ (t2", &ExprError{15, "invalid regular expression: error parsing regexp: missing closing ): `(t2`"}},
	{"bad quoted regex", "attribute:a =~ 'a**'", &ExprError{15, "invalid regular expression: error parsing regexp: invalid nested repetition operator: `**`"}},
	{"regex on count", "runningTasksCount =~ 1", &ExprError{18, `operator "=~" is not valid for runningTasksCount`}},
	{"ordering on instance id", "ec2InstanceId > i-1", &ExprError{14, `operator ">" is not valid for ec2InstanceId`}},
	{"ordering on task group", "task:group > a", &ExprError{11, `operator ">" is not valid for task:group`}},
	{"exists on agentConnected", "agentConnected exists", &ExprError{15, `operator "exists" is not valid for agentConnected`}},
	{"in on agentVersion", "agentVersion in [1]", &ExprError{13, `operator "in" is not valid for agentVersion`}},
	{"trailing word", "attribute:a exists foo", &ExprError{19, `unexpected "foo"`}},
	{"trailing argument", "attribute:a == b c", &ExprError{17, `unexpected "c"`}},
	{"single ampersand", "attribute:a exists & attribute:b exists", &ExprError{19, `unexpected "&"`}},
	{"glued connective", "attribute:a exists andattribute:b exists", &ExprError{19, `unexpected "andattribute:b"`}},
	{"unknown subject", "foo == bar", &ExprError{0, `unknown subject "foo"`}},
	{"subject case", "Attribute:a exists", &ExprError{0, `unknown subject "Attribute:a"`}},
	{"subject case fixed", "RunningTasksCount == 1", &ExprError{0, `unknown subject "RunningTasksCount"`}},
	{"empty attribute name", "attribute: == x", &ExprError{10, "missing attribute name"}},
	{"bad attribute name", "attribute:a@b exists", &ExprError{11, "invalid character '@' in attribute name"}},
	{"long attribute name", "attribute:" + strings.Repeat("a", 129) + " exists", &ExprError{10, "attribute name longer than 128 characters"}},
	{"missing condition", "attribute:a exists and", &ExprError{22, "missing condition"}},
	{"not alone", "not", &ExprError{3, "missing condition"}},
	{"operator first", "== x", &ExprError{0, `unexpected "="`}},
	{"unterminated quote", "attribute:a == 'b", &ExprError{15, "unterminated quoted string"}},
	{"bad version", "agentVersion < 1.x", &ExprError{15, `invalid version "1.x"`}},
	{"bad timestamp", "registeredAt < yesterday", &ExprError{15, `invalid timestamp "yesterday"`}},
	{"bad integer", "runningTasksCount == one", &ExprError{21, `invalid integer "one"`}},
	{"offset after leading space", "  foo == bar", &ExprError{2, `unknown subject "foo"`}},
}

func TestParseExpressionErrors(t *testing.T) {
	for _, tt := range errorTests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := ParseExpression(tt.expr)
			if e != nil {
				t.Errorf("ParseExpression(%q) = %q, want nil", tt.expr, e)
			}
			got, ok := err.(*ExprError)
			if !ok {
				t.Fatalf("ParseExpression(%q) error = %#v, want *ExprError", tt.expr, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseExpression(%q) error (-want +got):\n%s", tt.expr, diff)
			}
		})
	}
}

func TestExprErrorError(t *testing.T) {
	err := &ExprError{Offset: 27, Msg: `unknown operator "=x"`}
	if diff := cmp.Diff(`at offset 27: unknown operator "=x"`, err.Error()); diff != "" {
		t.Errorf("Error() (-want +got):\n%s", diff)
	}
}

func TestExprAccessors(t *testing.T) {
	tests := []struct {
		name, expr, wantString string
		wantTaskGroup          bool
	}{
		{"trimmed", "  attribute:a exists \n", "attribute:a exists", false},
		{"task group", "attribute:a exists or not task:group == x", "attribute:a exists or not task:group == x", true},
		{"group only in argument", "attribute:a == task:group", "attribute:a == task:group", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := ParseExpression(tt.expr)
			if err != nil {
				t.Fatalf("ParseExpression(%q) error: %v", tt.expr, err)
			}
			got := []any{e.String(), e.UsesTaskGroup()}
			if diff := cmp.Diff([]any{tt.wantString, tt.wantTaskGroup}, got); diff != "" {
				t.Errorf("[String, UsesTaskGroup] (-want +got):\n%s", diff)
			}
		})
	}
}

const typicalExpr = "attribute:ecs.instance-type =~ t2.* and attribute:ecs.availability-zone in [us-east-1a, us-east-1b]" +
	" and not(task:group == database) and agentVersion >= 1.14.0 and runningTasksCount < 10"

func TestEvalDoesNotAllocate(t *testing.T) {
	e, err := ParseExpression(typicalExpr)
	if err != nil {
		t.Fatal(err)
	}
	if allocs := testing.AllocsPerRun(100, func() { e.Eval(c4large) }); allocs != 0 {
		t.Errorf("Eval allocated %v times per run, want 0", allocs)
	}
}

// TestEvalConcurrent is meaningful under -race: Eval must not mutate the Expr.
func TestEvalConcurrent(t *testing.T) {
	e, err := ParseExpression(typicalExpr)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				e.Eval(t2small)
				e.Eval(c4large)
			}
		})
	}
	wg.Wait()
}

func BenchmarkEval(b *testing.B) {
	e, err := ParseExpression(typicalExpr)
	if err != nil {
		b.Fatal(err)
	}
	s := &fakeSubject{
		attrs:   map[string]string{"ecs.instance-type": "t2.medium", "ecs.availability-zone": "us-east-1b"},
		groups:  []string{"web", "cache"},
		version: "1.51.0", running: 3,
	}
	if !e.Eval(s) {
		b.Fatal("benchmark subject does not satisfy the expression")
	}
	b.ReportAllocs()
	for b.Loop() {
		e.Eval(s)
	}
}
