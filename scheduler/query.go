package scheduler

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Expr is a parsed, compiled expression; safe for concurrent Eval.
type Expr struct {
	src           string
	root          node
	usesTaskGroup bool
}

// ExprError reports a malformed expression; Offset is the byte offset in the
// expression where the problem is.
type ExprError struct {
	Offset int
	Msg    string
}

// Error puts the offset first so that a caller can point at the problem.
func (e *ExprError) Error() string { return fmt.Sprintf("at offset %d: %s", e.Offset, e.Msg) }

// String returns the source text of the expression as given (trimmed).
func (e *Expr) String() string { return e.src }

// UsesTaskGroup reports whether the expression refers to task:group (callers
// use this to know the result depends on which tasks run on the instance).
func (e *Expr) UsesTaskGroup() bool { return e.usesTaskGroup }

// node is one vertex of the AST. Evaluation is a method on the tree itself so
// that Eval is a plain walk with no interpretation step and no allocation.
type node interface {
	eval(s Subject) bool
}

// junction is an n-ary and (isAnd) or or, so that long chains stay shallow.
type junction struct {
	isAnd bool
	terms []node
}

type notNode struct{ x node }

// ParseExpression parses s. Errors are *ExprError.
func ParseExpression(s string) (*Expr, error) {
	start, end := trimBounds(s)
	if start == end {
		return nil, &ExprError{Offset: 0, Msg: "empty expression"}
	}
	if off, ok := runeOffset(s[start:end], MaxExpression); ok {
		return nil, &ExprError{Offset: start + off,
			Msg: fmt.Sprintf("expression longer than %d characters", MaxExpression)}
	}
	p := &parser{src: s[:end], pos: start}
	root, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	if p.skipSpace(); p.pos < len(p.src) {
		return nil, p.unexpected()
	}
	return &Expr{src: s[start:end], root: root, usesTaskGroup: p.usesTaskGroup}, nil
}

// parser is a recursive-descent parser that lexes on demand, because where
// an argument ends depends on the operator before it: regex patterns may
// contain parentheses and brackets that elsewhere are punctuation.
type parser struct {
	src           string
	pos           int
	usesTaskGroup bool
}

func (p *parser) errorf(at int, format string, args ...any) *ExprError {
	return &ExprError{Offset: at, Msg: fmt.Sprintf(format, args...)}
}

// unexpected reports the token at the current position by name, so the user
// can find it without counting bytes.
func (p *parser) unexpected() *ExprError {
	tok := p.peekWord()
	if tok == "" {
		_, n := utf8.DecodeRuneInString(p.src[p.pos:])
		tok = p.src[p.pos : p.pos+n]
	}
	return p.errorf(p.pos, "unexpected %q", tok)
}

// parseOr parses a whole expression or parenthesised group; or / || binds
// loosest.
func (p *parser) parseOr() (node, *ExprError) { return p.parseJunction(false) }

// parseJunction parses operands joined by and / && (isAnd) or by or / ||.
// The operands of or are and-junctions, which makes and bind tighter.
func (p *parser) parseJunction(isAnd bool) (node, *ExprError) {
	sym, word, operand := "||", "or", func() (node, *ExprError) { return p.parseJunction(true) }
	if isAnd {
		sym, word, operand = "&&", "and", p.parseUnary
	}
	j := &junction{isAnd: isAnd}
	for {
		x, err := operand()
		if err != nil {
			return nil, err
		}
		if j.terms = append(j.terms, x); !p.acceptConnective(sym, word) {
			break
		}
	}
	if len(j.terms) == 1 {
		return j.terms[0], nil
	}
	return j, nil
}

// parseUnary parses not / !, parenthesised groups and conditions.
func (p *parser) parseUnary() (node, *ExprError) {
	p.skipSpace()
	if w := p.peekWord(); p.peekByte() == '!' || strings.EqualFold(w, "not") {
		p.pos += max(1, len(w)) // "!" is a word stop, so w is "" for it
		x, err := p.parseUnary()
		return &notNode{x}, err
	}
	if p.peekByte() != '(' {
		return p.parseCondition()
	}
	open := p.pos
	p.pos++
	x, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	if p.skipSpace(); p.pos >= len(p.src) {
		return nil, p.errorf(open, "unclosed parenthesis")
	}
	if p.src[p.pos] != ')' {
		return nil, p.unexpected()
	}
	p.pos++
	return x, nil
}

// acceptConnective consumes the symbol or (case-insensitive) word form of a
// binary connective if it is next.
func (p *parser) acceptConnective(sym, word string) bool {
	p.skipSpace()
	if strings.HasPrefix(p.src[p.pos:], sym) {
		p.pos += len(sym)
		return true
	}
	if strings.EqualFold(p.peekWord(), word) {
		p.pos += len(word)
		return true
	}
	return false
}

// parseCondition parses `subject operator [argument]`.
func (p *parser) parseCondition() (node, *ExprError) {
	w := p.peekWord()
	if w == "" && p.pos >= len(p.src) {
		return nil, p.errorf(p.pos, "missing condition")
	}
	if w == "" {
		return nil, p.unexpected()
	}
	c := &cond{}
	if err := p.setSubject(c, w); err != nil {
		return nil, err
	}
	p.pos += len(w)
	if err := p.parseOperator(c); err != nil || c.op == opExists {
		return c, err
	}
	return c, p.parseArgument(c)
}

// setSubject resolves the subject word w at the current position.
func (p *parser) setSubject(c *cond, w string) *ExprError {
	if name, ok := strings.CutPrefix(w, subjectNames[subjAttribute]); ok {
		c.subject, c.attr = subjAttribute, name
		return p.checkAttrName(name, p.pos+len(subjectNames[subjAttribute]))
	}
	for k, name := range subjectNames {
		if k != int(subjAttribute) && w == name {
			c.subject = subjectKind(k)
			p.usesTaskGroup = p.usesTaskGroup || c.subject == subjTaskGroup
			return nil
		}
	}
	return p.errorf(p.pos, "unknown subject %q", w)
}

// checkAttrName enforces the ECS attribute name rules so that a typo is
// caught when the constraint is registered instead of never matching.
func (p *parser) checkAttrName(name string, at int) *ExprError {
	if name == "" {
		return p.errorf(at, "missing attribute name")
	}
	if len(name) > MaxAttributeName {
		return p.errorf(at, "attribute name longer than %d characters", MaxAttributeName)
	}
	for i := 0; i < len(name); i++ {
		if !attrNameChar(name[i]) {
			r, _ := utf8.DecodeRuneInString(name[i:])
			return p.errorf(at+i, "invalid character %q in attribute name", r)
		}
	}
	return nil
}

// parseOperator reads an operator and checks that the subject accepts it.
func (p *parser) parseOperator(c *cond) *ExprError {
	p.skipSpace()
	tok := operatorToken(p.src[p.pos:])
	if tok == "" {
		return p.errorf(p.pos, "missing operator")
	}
	op, ok := operators[strings.ToLower(tok)]
	if !ok {
		if meant, typo := operatorTypos[tok]; typo {
			return p.errorf(p.pos, "unknown operator %q (did you mean %q?)", tok, meant)
		}
		return p.errorf(p.pos, "unknown operator %q", tok)
	}
	if subjectOps[c.subject]&(1<<op.kind) == 0 {
		return p.errorf(p.pos, "operator %q is not valid for %s", tok, subjectNames[c.subject]+c.attr)
	}
	p.pos += len(tok)
	c.op, c.negate = op.kind, op.negate
	return nil
}

// operatorTypos maps operators as other languages spell them to the cluster query language's:
// "=" is the likeliest mistake of all, from SQL and shell.
var operatorTypos = map[string]string{
	"=": "==", "===": "==", "=!": "!=", "<>": "!=", "!==": "!=", "=<": "<=", "=>": ">=", "~=": "=~", "~": "=~",
}

// parseArgument reads the operator's argument and converts it for Eval.
func (p *parser) parseArgument(c *cond) *ExprError {
	p.skipSpace()
	at := p.pos
	if c.op == opIn {
		list, err := p.parseList()
		c.list = list
		return err
	}
	if p.peekByte() == '[' && c.op != opMatches {
		return p.errorf(at, "a list argument needs in or not_in")
	}
	length := bareLen
	if c.op == opMatches {
		length = patternLen
	}
	s, err := p.scanLiteral(length)
	if err != nil {
		return err
	}
	if c.str = s; p.pos == at {
		return p.errorf(at, "missing argument")
	}
	if err := c.setArgument(); err != nil {
		return p.errorf(at, "%v", err)
	}
	return nil
}

// parseList reads `[item, item, ...]`, whose items are bare or quoted.
func (p *parser) parseList() ([]string, *ExprError) {
	open := p.pos
	if p.peekByte() != '[' {
		return nil, p.errorf(open, "in and not_in need a list such as [a, b]")
	}
	var items []string
	for p.pos++; ; p.pos++ {
		p.skipSpace()
		at := p.pos
		item, err := p.scanLiteral(bareLen)
		switch p.skipSpace(); {
		case err != nil:
			return nil, err
		case p.pos >= len(p.src):
			return nil, p.errorf(open, "unclosed list")
		case p.pos == at && len(items) == 0 && p.src[p.pos] == ']':
			return nil, p.errorf(at, "empty list")
		case p.pos == at:
			return nil, p.errorf(at, "missing list item")
		}
		if items = append(items, item); p.src[p.pos] == ']' {
			p.pos++
			return items, nil
		}
		if p.src[p.pos] != ',' {
			return nil, p.errorf(p.pos, "expected \",\" or \"]\" in list")
		}
	}
}

// scanLiteral reads a quoted literal, or a bare one whose extent is given by
// length (which differs for regex patterns).
func (p *parser) scanLiteral(length func(string) int) (string, *ExprError) {
	if b := p.peekByte(); b == '\'' || b == '"' {
		return p.scanQuoted()
	}
	return p.advance(length(p.src[p.pos:])), nil
}

// scanQuoted reads '...' or "..." verbatim. There are no escapes, so regex
// backslashes need no doubling.
func (p *parser) scanQuoted() (string, *ExprError) {
	n := strings.IndexByte(p.src[p.pos+1:], p.src[p.pos])
	if n < 0 {
		return "", p.errorf(p.pos, "unterminated quoted string")
	}
	s := p.src[p.pos+1 : p.pos+1+n]
	p.pos += n + 2
	return s, nil
}

// Lexical classes. Whitespace is ASCII only, and String trims the same set,
// so that trimming can never change what a token contains.
const (
	spaceChars = " \t\n\v\f\r"
	opSymbols  = "=!<>~"
	wordStop   = opSymbols + "()[]'\"&|," // ends subjects, keywords and word operators
	bareStop   = "()[]'\"&|,"             // ends bare arguments and list items
)

func isSpace(b byte) bool { return strings.IndexByte(spaceChars, b) >= 0 }

func (p *parser) skipSpace() {
	for p.pos < len(p.src) && isSpace(p.src[p.pos]) {
		p.pos++
	}
}

// peekByte returns the next byte, or 0 at the end (callers that must tell
// a NUL byte apart check the position).
func (p *parser) peekByte() byte {
	if p.pos < len(p.src) {
		return p.src[p.pos]
	}
	return 0
}

// bareLen returns the length of the bare argument or list item starting s.
func bareLen(s string) int { return spanUntil(s, bareStop) }

func (p *parser) peekWord() string { return p.src[p.pos : p.pos+spanUntil(p.src[p.pos:], wordStop)] }

func (p *parser) advance(n int) string {
	p.pos += n
	return p.src[p.pos-n : p.pos]
}

// spanUntil returns the length of the prefix of s free of whitespace and stop bytes.
func spanUntil(s, stop string) int {
	for i := 0; i < len(s); i++ {
		if isSpace(s[i]) || strings.IndexByte(stop, s[i]) >= 0 {
			return i
		}
	}
	return len(s)
}

// operatorToken returns the operator spelled at the start of s: a run of
// symbol characters, a word, or "!" glued to a word (!exists, !in). Taking
// the whole run lets `===` be reported as unknown instead of as `==` plus
// an argument, while `runningTasksCount>=1` still needs no spaces.
func operatorToken(s string) string {
	n := 0
	for n < len(s) && strings.IndexByte(opSymbols, s[n]) >= 0 {
		n++
	}
	if n == 0 || s[:n] == "!" {
		n += spanUntil(s[n:], wordStop)
	}
	return s[:n]
}

// patternLen returns the length of the bare regex at the start of s. It
// ends at whitespace or at a ')' closing an enclosing group, but not inside
// the pattern's own parentheses, character classes or escapes, so that
// `=~ (t2|t3).*` inside `not(...)` reads as intended.
func patternLen(s string) int {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\':
			i++
		case s[i] == '[':
			i = classEnd(s, i)
		case s[i] == '(':
			depth++
		case depth == 0 && (s[i] == ')' || isSpace(s[i])):
			return i
		case s[i] == ')':
			depth--
		}
	}
	return len(s)
}

// classEnd returns the index of the ']' closing the character class opened
// at s[i], or len(s)-1 if it is unclosed (the regex compiler reports that).
// A leading ']' is literal, as in RE2.
func classEnd(s string, i int) int {
	j := i + 1
	if j < len(s) && s[j] == '^' {
		j++
	}
	if j < len(s) && s[j] == ']' {
		j++
	}
	for ; j < len(s) && s[j] != ']'; j++ {
		if s[j] == '\\' {
			j++
		}
	}
	return min(j, len(s)-1)
}

// trimBounds returns the span of s without surrounding whitespace, so that
// offsets stay relative to the string the caller passed.
func trimBounds(s string) (start, end int) {
	rest := strings.TrimLeft(s, spaceChars)
	start = len(s) - len(rest)
	return start, start + len(strings.TrimRight(rest, spaceChars))
}

// runeOffset returns the byte offset of character n (0-based) of s, if s
// has that many, because the ECS length limit counts characters.
func runeOffset(s string, n int) (int, bool) {
	for off := range s {
		if n--; n < 0 {
			return off, true
		}
	}
	return 0, false
}
