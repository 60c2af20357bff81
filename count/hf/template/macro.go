package template

import "fmt"

// maxMacroDepth bounds macro calls within macro calls: a macro that calls
// itself without end fails as Jinja2's RecursionError does, rather than
// overflowing the stack, which no recover catches.
const maxMacroDepth = 1000

// macroNode is {% macro name(a, b=default) %}…{% endmacro %}: it binds
// name to a function that renders the body and returns the text.
type macroNode struct {
	name     string
	params   []string
	defaults []expr // one per param, nil when it has none
	body     []node
	line     int
}

// exec defines the macro. Its body sees its arguments, then the scopes
// around the definition as they are when it is called (as Jinja2's
// closures do), not the caller's: so it can call itself, and reads
// the render's variables but not a loop's where it is called.
func (n macroNode) exec(c *ctx) error {
	outer := c.scopes
	c.set(n.name, fn(func(caller *ctx, args []any, kwargs *Dict) (any, error) {
		if len(args) > len(n.params) {
			return nil, fmt.Errorf("macro '%s' takes not more than %d argument(s)", n.name, len(n.params))
		}
		if caller.depth >= maxMacroDepth {
			return nil, fmt.Errorf("macro '%s': calls nested more than %d deep", n.name, maxMacroDepth)
		}
		local := make(map[string]any, len(n.params))
		mc := &ctx{tpl: caller.tpl, scopes: append(outer[:len(outer):len(outer)], local), depth: caller.depth + 1}
		for i, p := range n.params {
			v, given := kwargs.Get(p)
			switch {
			case i < len(args) && given:
				return nil, fmt.Errorf("macro '%s' got multiple values for argument '%s'", n.name, p)
			case i < len(args):
				v = args[i]
			case given:
			case n.defaults[i] != nil:
				var err error
				if v, err = n.defaults[i].eval(mc); err != nil {
					return nil, err
				}
			default:
				v = undefined{p}
			}
			local[p] = v
		}
		for _, k := range kwargs.keys {
			if _, ok := local[k]; !ok {
				return nil, fmt.Errorf("macro '%s' takes no keyword argument '%s'", n.name, k)
			}
		}
		if err := execBody(mc, n.body); err != nil {
			return nil, err
		}
		return mc.out.String(), nil
	}))
	return nil
}

// parseMacro parses a macro tag and its body up to endmacro.
func (p *stmtParser) parseMacro(ep *parser, line int) (node, error) {
	fail := func(msg string) (node, error) { return nil, &Error{Line: line, Message: msg} }
	name := ep.next()
	if name.kind != tName || ep.expectOp("(") != nil {
		return fail("expected a macro name and its parameters")
	}
	n := macroNode{name: name.text, line: line}
	for !ep.isOp(")") {
		param := ep.next()
		if param.kind != tName {
			return fail(fmt.Sprintf("expected a parameter name, found %q", param.text))
		}
		var def expr
		if ep.isOp("=") {
			ep.pos++
			var err error
			if def, err = ep.parseExpr(); err != nil {
				return fail(err.Error())
			}
		} else if len(n.defaults) > 0 && n.defaults[len(n.defaults)-1] != nil {
			return fail("non-default argument follows default argument")
		}
		n.params, n.defaults = append(n.params, param.text), append(n.defaults, def)
		if !ep.isOp(",") {
			break
		}
		ep.pos++
	}
	if ep.expectOp(")") != nil || !ep.done() {
		return fail(fmt.Sprintf("unexpected %q in macro '%s'", ep.peek().text, n.name))
	}
	p.pos++
	body, end, err := p.parseBody()
	if err != nil {
		return nil, err
	}
	if end != "endmacro" {
		return fail(fmt.Sprintf("macro '%s' without endmacro", n.name))
	}
	n.body = body
	p.pos++
	return n, nil
}
