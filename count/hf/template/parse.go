package template

import (
	"fmt"
	"strconv"
)

// expr is a parsed expression.
type expr interface {
	eval(c *ctx) (any, error)
}

type (
	literal struct{ v any }
	nameRef struct{ name string }
	listLit struct{ items []expr }
	dictLit struct{ keys, vals []expr }
	attrOf  struct {
		x    expr
		name string
	}
	itemOf  struct{ x, key expr }
	sliceOf struct {
		x                 expr
		start, stop, step expr // nil where omitted
	}
	callOf struct {
		fn     expr
		args   []expr
		kwargs []kwarg
	}
	filterOf struct {
		x      expr
		name   string
		args   []expr
		kwargs []kwarg
	}
	testOf struct {
		x      expr
		name   string
		args   []expr
		negate bool
	}
	unary struct {
		op string
		x  expr
	}
	binary struct {
		op   string
		l, r expr
	}
	condExpr struct{ test, yes, no expr }
)

type kwarg struct {
	name string
	val  expr
}

// parser reads the tokens of one tag.
type parser struct {
	toks []token
	pos  int
}

func (p *parser) peek() token {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return token{kind: -1}
}

func (p *parser) next() token { t := p.peek(); p.pos++; return t }

func (p *parser) isOp(op string) bool  { t := p.peek(); return t.kind == tOp && t.text == op }
func (p *parser) isName(n string) bool { t := p.peek(); return t.kind == tName && t.text == n }

func (p *parser) expectOp(op string) error {
	if !p.isOp(op) {
		return fmt.Errorf("expected %q, found %q", op, p.peek().text)
	}
	p.pos++
	return nil
}

func (p *parser) done() bool { return p.pos >= len(p.toks) }

// parseExpr parses a full expression, conditional included.
func (p *parser) parseExpr() (expr, error) {
	x, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	for p.isName("if") {
		p.pos++
		test, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		var no expr = literal{undefined{}}
		if p.isName("else") {
			p.pos++
			if no, err = p.parseExpr(); err != nil {
				return nil, err
			}
		}
		x = condExpr{test, x, no}
	}
	return x, nil
}

func (p *parser) parseOr() (expr, error) {
	l, err := p.parseAnd()
	for err == nil && p.isName("or") {
		p.pos++
		var r expr
		r, err = p.parseAnd()
		l = binary{"or", l, r}
	}
	return l, err
}

func (p *parser) parseAnd() (expr, error) {
	l, err := p.parseNot()
	for err == nil && p.isName("and") {
		p.pos++
		var r expr
		r, err = p.parseNot()
		l = binary{"and", l, r}
	}
	return l, err
}

func (p *parser) parseNot() (expr, error) {
	if p.isName("not") {
		p.pos++
		x, err := p.parseNot()
		return unary{"not", x}, err
	}
	return p.parseCompare()
}

func (p *parser) parseCompare() (expr, error) {
	l, err := p.parseMath1()
	for err == nil {
		var op string
		switch t := p.peek(); {
		case t.kind == tOp && (t.text == "==" || t.text == "!=" || t.text == "<" || t.text == ">" || t.text == "<=" || t.text == ">="):
			op = t.text
			p.pos++
		case p.isName("in"):
			op = "in"
			p.pos++
		case p.isName("not") && p.pos+1 < len(p.toks) && p.toks[p.pos+1].kind == tName && p.toks[p.pos+1].text == "in":
			op = "not in"
			p.pos += 2
		default:
			return l, nil
		}
		var r expr
		r, err = p.parseMath1()
		l = binary{op, l, r}
	}
	return l, err
}

func (p *parser) parseMath1() (expr, error) {
	l, err := p.parseConcat()
	for err == nil && (p.isOp("+") || p.isOp("-")) {
		op := p.next().text
		var r expr
		r, err = p.parseConcat()
		l = binary{op, l, r}
	}
	return l, err
}

func (p *parser) parseConcat() (expr, error) {
	l, err := p.parseMath2()
	for err == nil && p.isOp("~") {
		p.pos++
		var r expr
		r, err = p.parseMath2()
		l = binary{"~", l, r}
	}
	return l, err
}

func (p *parser) parseMath2() (expr, error) {
	l, err := p.parsePow()
	for err == nil && (p.isOp("*") || p.isOp("/") || p.isOp("//") || p.isOp("%")) {
		op := p.next().text
		var r expr
		r, err = p.parsePow()
		l = binary{op, l, r}
	}
	return l, err
}

func (p *parser) parsePow() (expr, error) {
	l, err := p.parseUnary()
	for err == nil && p.isOp("**") {
		p.pos++
		var r expr
		r, err = p.parseUnary()
		l = binary{"**", l, r}
	}
	return l, err
}

func (p *parser) parseUnary() (expr, error) {
	if p.isOp("-") || p.isOp("+") {
		op := p.next().text
		x, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		return p.parseFilters(unary{op, x})
	}
	x, err := p.parsePrimary()
	if err != nil {
		return nil, err
	}
	if x, err = p.parsePostfix(x); err != nil {
		return nil, err
	}
	return p.parseFilters(x)
}

func (p *parser) parsePrimary() (expr, error) {
	t := p.next()
	switch t.kind {
	case tString:
		s := t.text
		for p.peek().kind == tString { // adjacent strings join
			s += p.next().text
		}
		return literal{s}, nil
	case tInt:
		n, err := strconv.ParseInt(t.text, 10, 64)
		return literal{n}, err
	case tFloat:
		f, err := strconv.ParseFloat(t.text, 64)
		return literal{f}, err
	case tName:
		switch t.text {
		case "true", "True":
			return literal{true}, nil
		case "false", "False":
			return literal{false}, nil
		case "none", "None":
			return literal{nil}, nil
		}
		return nameRef{t.text}, nil
	case tOp:
		switch t.text {
		case "(":
			if p.isOp(")") {
				p.pos++
				return listLit{}, nil
			}
			x, err := p.parseExpr()
			if err != nil {
				return nil, err
			}
			if p.isOp(",") { // a tuple
				items := []expr{x}
				for p.isOp(",") {
					p.pos++
					if p.isOp(")") {
						break
					}
					y, err := p.parseExpr()
					if err != nil {
						return nil, err
					}
					items = append(items, y)
				}
				x = listLit{items}
			}
			return x, p.expectOp(")")
		case "[":
			var items []expr
			for !p.isOp("]") {
				x, err := p.parseExpr()
				if err != nil {
					return nil, err
				}
				items = append(items, x)
				if !p.isOp(",") {
					break
				}
				p.pos++
			}
			return listLit{items}, p.expectOp("]")
		case "{":
			var d dictLit
			for !p.isOp("}") {
				k, err := p.parseExpr()
				if err != nil {
					return nil, err
				}
				if err := p.expectOp(":"); err != nil {
					return nil, err
				}
				v, err := p.parseExpr()
				if err != nil {
					return nil, err
				}
				d.keys, d.vals = append(d.keys, k), append(d.vals, v)
				if !p.isOp(",") {
					break
				}
				p.pos++
			}
			return d, p.expectOp("}")
		}
	}
	return nil, fmt.Errorf("unexpected %q", t.text)
}

func (p *parser) parsePostfix(x expr) (expr, error) {
	for {
		switch {
		case p.isOp("."):
			p.pos++
			t := p.next()
			if t.kind != tName && t.kind != tInt {
				return nil, fmt.Errorf("expected a name after '.'")
			}
			x = attrOf{x, t.text}
		case p.isOp("["):
			p.pos++
			var parts [3]expr
			isSlice := false
			for i := 0; i < 3; i++ {
				if !p.isOp(":") && !p.isOp("]") {
					e, err := p.parseExpr()
					if err != nil {
						return nil, err
					}
					parts[i] = e
				}
				if !p.isOp(":") {
					break
				}
				isSlice = true
				p.pos++
			}
			if err := p.expectOp("]"); err != nil {
				return nil, err
			}
			if isSlice {
				x = sliceOf{x, parts[0], parts[1], parts[2]}
			} else {
				x = itemOf{x, parts[0]}
			}
		case p.isOp("("):
			args, kwargs, err := p.parseArgs()
			if err != nil {
				return nil, err
			}
			x = callOf{x, args, kwargs}
		default:
			return x, nil
		}
	}
}

// parseArgs parses (a, b, name=c).
func (p *parser) parseArgs() ([]expr, []kwarg, error) {
	if err := p.expectOp("("); err != nil {
		return nil, nil, err
	}
	var args []expr
	var kwargs []kwarg
	for !p.isOp(")") {
		if p.peek().kind == tName && p.pos+1 < len(p.toks) && p.toks[p.pos+1].kind == tOp && p.toks[p.pos+1].text == "=" {
			name := p.next().text
			p.pos++
			v, err := p.parseExpr()
			if err != nil {
				return nil, nil, err
			}
			kwargs = append(kwargs, kwarg{name, v})
		} else {
			v, err := p.parseExpr()
			if err != nil {
				return nil, nil, err
			}
			args = append(args, v)
		}
		if !p.isOp(",") {
			break
		}
		p.pos++
	}
	return args, kwargs, p.expectOp(")")
}

func (p *parser) parseFilters(x expr) (expr, error) {
	for {
		switch {
		case p.isOp("|"):
			p.pos++
			t := p.next()
			if t.kind != tName {
				return nil, fmt.Errorf("expected a filter name after '|'")
			}
			f := filterOf{x: x, name: t.text}
			if p.isOp("(") {
				var err error
				if f.args, f.kwargs, err = p.parseArgs(); err != nil {
					return nil, err
				}
			}
			x = f
		case p.isName("is"):
			p.pos++
			t := testOf{x: x}
			if p.isName("not") {
				p.pos++
				t.negate = true
			}
			n := p.next()
			if n.kind != tName {
				return nil, fmt.Errorf("expected a test name after 'is'")
			}
			t.name = n.text
			switch nt := p.peek(); {
			case p.isOp("("):
				args, _, err := p.parseArgs()
				if err != nil {
					return nil, err
				}
				t.args = args
			case nt.kind == tString || nt.kind == tInt || nt.kind == tFloat ||
				nt.kind == tName && nt.text != "else" && nt.text != "and" && nt.text != "or" && nt.text != "if" && nt.text != "is" && nt.text != "not" && nt.text != "in":
				arg, err := p.parsePrimary()
				if err != nil {
					return nil, err
				}
				t.args = []expr{arg}
			}
			x = t
		default:
			return x, nil
		}
	}
}
