package template

import (
	"errors"
	"fmt"
)

// node is a statement of the template.
type node interface{ exec(c *ctx) error }

type (
	textNode   string
	outputNode struct {
		x    expr
		line int
	}
	ifNode struct {
		conds  []expr
		bodies [][]node // one per cond, and one more for else
		line   int
	}
	forNode struct {
		vars   []string
		iter   expr
		filter expr
		body   []node
		orElse []node
		line   int
	}
	setNode struct {
		target string
		attr   string // set ns.attr
		x      expr
		line   int
	}
	loopControl string // "break" or "continue"
)

var (
	errBreak    = errors.New("break")
	errContinue = errors.New("continue")
)

func (n textNode) exec(c *ctx) error { c.out.WriteString(string(n)); return nil }

func (n outputNode) exec(c *ctx) error {
	v, err := lazy(c, n.x)
	if err != nil {
		return located(err, n.line)
	}
	c.out.write(v)
	return nil
}

func (n ifNode) exec(c *ctx) error {
	for i, cond := range n.conds {
		v, err := cond.eval(c)
		if err != nil {
			return located(err, n.line)
		}
		if truth(v) {
			return execBody(c, n.bodies[i])
		}
	}
	if len(n.bodies) > len(n.conds) {
		return execBody(c, n.bodies[len(n.conds)])
	}
	return nil
}

func (n forNode) exec(c *ctx) error {
	v, err := n.iter.eval(c)
	if err != nil {
		return located(err, n.line)
	}
	items, err := iterate(v)
	if err != nil {
		return located(err, n.line)
	}
	if n.filter != nil {
		var kept []any
		for _, it := range items {
			c.scopes = append(c.scopes, map[string]any{})
			bind(c, n.vars, it)
			ok, err := n.filter.eval(c)
			c.scopes = c.scopes[:len(c.scopes)-1]
			if err != nil {
				return located(err, n.line)
			}
			if truth(ok) {
				kept = append(kept, it)
			}
		}
		items = kept
	}
	if len(items) == 0 {
		return execBody(c, n.orElse)
	}
	for i, it := range items {
		// Sized for its nine keys: a map grown past eight entries is
		// rebuilt, and trim renders a conversation once per message.
		loop := &Dict{vals: make(map[string]any, 9), keys: make([]string, 0, 9)}
		loop.Set("index0", int64(i))
		loop.Set("index", int64(i+1))
		loop.Set("revindex0", int64(len(items)-1-i))
		loop.Set("revindex", int64(len(items)-i))
		loop.Set("first", i == 0)
		loop.Set("last", i == len(items)-1)
		loop.Set("length", int64(len(items)))
		if i > 0 {
			loop.Set("previtem", items[i-1])
		}
		if i+1 < len(items) {
			loop.Set("nextitem", items[i+1])
		}
		c.scopes = append(c.scopes, map[string]any{"loop": loop})
		bind(c, n.vars, it)
		err := execBody(c, n.body)
		c.scopes = c.scopes[:len(c.scopes)-1]
		if err == errBreak {
			break
		}
		if err != nil && err != errContinue {
			return err
		}
	}
	return nil
}

// bind sets the loop variables to an item, unpacking a pair.
func bind(c *ctx, vars []string, it any) {
	if len(vars) == 1 {
		c.set(vars[0], it)
		return
	}
	parts, _ := it.([]any)
	for i, name := range vars {
		if i < len(parts) {
			c.set(name, parts[i])
		} else {
			c.set(name, undefined{name})
		}
	}
}

func (n setNode) exec(c *ctx) error {
	if n.attr == "" {
		v, err := lazy(c, n.x)
		if err != nil {
			return located(err, n.line)
		}
		c.set(n.target, v)
		return nil
	}
	v, err := n.x.eval(c)
	if err != nil {
		return located(err, n.line)
	}
	ns, ok := c.lookup(n.target).(*namespace)
	if !ok {
		return located(fmt.Errorf("cannot assign attribute on non-namespace object"), n.line)
	}
	ns.d.Set(n.attr, v)
	return nil
}

func (n loopControl) exec(*ctx) error {
	if n == "break" {
		return errBreak
	}
	return errContinue
}

func execBody(c *ctx, body []node) error {
	for _, n := range body {
		if err := n.exec(c); err != nil {
			return err
		}
	}
	return nil
}

// located gives an evaluation error the template line it happened on.
func located(err error, line int) error {
	var r *raised
	var e *Error
	if errors.As(err, &r) || errors.As(err, &e) {
		return err
	}
	return &Error{Line: line, Message: err.Error()}
}

// stmtParser builds the statement tree from the lexer's chunks.
type stmtParser struct {
	chunks []chunk
	pos    int
}

func (p *stmtParser) line() int {
	if p.pos > 0 && p.pos <= len(p.chunks) {
		return p.chunks[p.pos-1].line
	}
	return 0
}

// parseBody parses statements up to an end tag (endif, else, elif,
// endfor …), which it returns with the parser on it; "" at the end.
func (p *stmtParser) parseBody() ([]node, string, error) {
	var body []node
	for p.pos < len(p.chunks) {
		ch := p.chunks[p.pos]
		switch ch.kind {
		case textChunk:
			body = append(body, textNode(ch.text))
			p.pos++
			continue
		case outputChunk:
			ep := &parser{toks: ch.toks}
			x, err := ep.parseExpr()
			if err == nil && !ep.done() {
				err = fmt.Errorf("unexpected %q", ep.peek().text)
			}
			if err != nil {
				return nil, "", &Error{Line: ch.line, Message: err.Error()}
			}
			body = append(body, outputNode{x, ch.line})
			p.pos++
			continue
		}
		if len(ch.toks) == 0 {
			return nil, "", &Error{Line: ch.line, Message: "empty tag"}
		}
		kw := ch.toks[0].text
		ep := &parser{toks: ch.toks, pos: 1}
		switch kw {
		case "endif", "else", "elif", "endfor", "endmacro":
			return body, kw, nil
		case "if", "for", "macro":
			parse := p.parseIf
			switch kw {
			case "for":
				parse = p.parseFor
			case "macro":
				parse = p.parseMacro
			}
			n, err := parse(ep, ch.line)
			if err != nil {
				return nil, "", err
			}
			body = append(body, n)
			continue // past its end tag already
		case "set":
			n, err := parseSet(ep, ch.line)
			if err != nil {
				return nil, "", err
			}
			body = append(body, n)
		case "break", "continue":
			body = append(body, loopControl(kw))
		default:
			return nil, "", &Error{Line: ch.line, Message: fmt.Sprintf("unsupported tag '%s'", kw)}
		}
		p.pos++
	}
	return body, "", nil
}

func (p *stmtParser) parseIf(ep *parser, line int) (node, error) {
	n := ifNode{line: line}
	for {
		cond, err := ep.parseExpr()
		if err != nil {
			return nil, &Error{Line: line, Message: err.Error()}
		}
		p.pos++
		body, end, err := p.parseBody()
		if err != nil {
			return nil, err
		}
		n.conds, n.bodies = append(n.conds, cond), append(n.bodies, body)
		switch end {
		case "elif":
			ep = &parser{toks: p.chunks[p.pos].toks, pos: 1}
			continue
		case "else":
			p.pos++
			body, end, err := p.parseBody()
			if err != nil {
				return nil, err
			}
			if end != "endif" {
				return nil, &Error{Line: line, Message: "if without endif"}
			}
			n.bodies = append(n.bodies, body)
		case "endif":
		default:
			return nil, &Error{Line: line, Message: "if without endif"}
		}
		p.pos++
		return n, nil
	}
}

func (p *stmtParser) parseFor(ep *parser, line int) (node, error) {
	n := forNode{line: line}
	for {
		t := ep.next()
		if t.kind != tName {
			return nil, &Error{Line: line, Message: "expected a loop variable"}
		}
		n.vars = append(n.vars, t.text)
		if !ep.isOp(",") {
			break
		}
		ep.pos++
	}
	if !ep.isName("in") {
		return nil, &Error{Line: line, Message: "expected 'in'"}
	}
	ep.pos++
	var err error
	if n.iter, err = ep.parseOr(); err == nil && ep.isName("if") {
		ep.pos++
		n.filter, err = ep.parseOr()
	}
	if err == nil && ep.isName("recursive") {
		err = fmt.Errorf("recursive loops are not supported")
	}
	if err != nil {
		return nil, &Error{Line: line, Message: err.Error()}
	}
	p.pos++
	body, end, err := p.parseBody()
	if err != nil {
		return nil, err
	}
	n.body = body
	if end == "else" {
		p.pos++
		if n.orElse, end, err = p.parseBody(); err != nil {
			return nil, err
		}
	}
	if end != "endfor" {
		return nil, &Error{Line: line, Message: "for without endfor"}
	}
	p.pos++
	return n, nil
}

func parseSet(ep *parser, line int) (node, error) {
	t := ep.next()
	if t.kind != tName {
		return nil, &Error{Line: line, Message: "expected a name after set"}
	}
	n := setNode{target: t.text, line: line}
	if ep.isOp(".") {
		ep.pos++
		n.attr = ep.next().text
	}
	if err := ep.expectOp("="); err != nil {
		return nil, &Error{Line: line, Message: "block set is not supported"}
	}
	x, err := ep.parseExpr()
	if err == nil && !ep.done() {
		err = fmt.Errorf("unexpected %q", ep.peek().text)
	}
	if err != nil {
		return nil, &Error{Line: line, Message: err.Error()}
	}
	n.x = x
	return n, nil
}
