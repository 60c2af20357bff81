package template

import (
	"fmt"
	"math"
	"strings"
)

// ctx is the state of one render: the variable scopes and the output.
type ctx struct {
	scopes []map[string]any
	out    output
	tpl    *Template
	depth  int // macro calls this render is inside
}

func (c *ctx) lookup(name string) any {
	for i := len(c.scopes) - 1; i >= 0; i-- {
		if v, ok := c.scopes[i][name]; ok {
			return v
		}
	}
	if v, ok := globals[name]; ok {
		return v
	}
	return undefined{name}
}

func (c *ctx) set(name string, v any) { c.scopes[len(c.scopes)-1][name] = v }

func (e literal) eval(*ctx) (any, error)   { return e.v, nil }
func (e nameRef) eval(c *ctx) (any, error) { return strict(c.lookup(e.name)), nil }

func (e listLit) eval(c *ctx) (any, error) {
	out := make([]any, len(e.items))
	for i, x := range e.items {
		v, err := x.eval(c)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

func (e dictLit) eval(c *ctx) (any, error) {
	d := NewDict()
	for i := range e.keys {
		k, err := e.keys[i].eval(c)
		if err != nil {
			return nil, err
		}
		v, err := e.vals[i].eval(c)
		if err != nil {
			return nil, err
		}
		d.Set(str(k), v)
	}
	return d, nil
}

func (e attrOf) eval(c *ctx) (any, error) {
	x, err := e.x.eval(c)
	if err != nil {
		return nil, err
	}
	return getAttr(x, e.name)
}

// getAttr is Jinja2's getattr: the attribute (a method), else the item.
func getAttr(x any, name string) (any, error) {
	if m := method(x, name); m != nil {
		return m, nil
	}
	switch x := x.(type) {
	case *Dict:
		if v, ok := x.vals[name]; ok {
			return v, nil
		}
	case *namespace:
		if v, ok := x.d.vals[name]; ok {
			return v, nil
		}
	case undefined:
		return nil, fmt.Errorf("'%s' is undefined", x.name)
	}
	return undefined{name}, nil
}

func (e itemOf) eval(c *ctx) (any, error) {
	x, err := e.x.eval(c)
	if err != nil {
		return nil, err
	}
	k, err := e.key.eval(c)
	if err != nil {
		return nil, err
	}
	return getItem(x, k)
}

// getItem is Jinja2's getitem: the item, else the attribute.
func getItem(x, k any) (any, error) {
	switch x := x.(type) {
	case *Dict:
		if s, ok := k.(string); ok {
			if v, ok := x.vals[s]; ok {
				return v, nil
			}
			return getAttr(x, s)
		}
	case []any:
		if i, ok := k.(int64); ok {
			if i < 0 {
				i += int64(len(x))
			}
			if i >= 0 && i < int64(len(x)) {
				return x[i], nil
			}
			return undefined{"[index]"}, nil
		}
	case string:
		if i, ok := k.(int64); ok {
			r := []rune(x)
			if i < 0 {
				i += int64(len(r))
			}
			if i >= 0 && i < int64(len(r)) {
				return string(r[i]), nil
			}
			return undefined{"[index]"}, nil
		}
	case undefined:
		return nil, fmt.Errorf("'%s' is undefined", x.name)
	}
	if s, ok := k.(string); ok {
		return getAttr(x, s)
	}
	return undefined{"[item]"}, nil
}

func (e sliceOf) eval(c *ctx) (any, error) {
	x, err := e.x.eval(c)
	if err != nil {
		return nil, err
	}
	var bound [3]*int64
	for i, b := range []expr{e.start, e.stop, e.step} {
		if b == nil {
			continue
		}
		v, err := b.eval(c)
		if err != nil {
			return nil, err
		}
		if n, ok := v.(int64); ok {
			bound[i] = &n
		} else if v != nil {
			return nil, fmt.Errorf("slice indices must be integers")
		}
	}
	switch x := x.(type) {
	case []any:
		idx := sliceIndices(len(x), bound)
		out := make([]any, len(idx))
		for i, j := range idx {
			out[i] = x[j]
		}
		return out, nil
	case string:
		r := []rune(x)
		idx := sliceIndices(len(r), bound)
		out := make([]rune, len(idx))
		for i, j := range idx {
			out[i] = r[j]
		}
		return string(out), nil
	}
	return nil, fmt.Errorf("'%s' object is not subscriptable", typeName(x))
}

// sliceIndices returns the indices of Python's s[start:stop:step].
func sliceIndices(n int, b [3]*int64) []int {
	step := int64(1)
	if b[2] != nil && *b[2] != 0 {
		step = *b[2]
	}
	clamp := func(p *int64, def int64, lo, hi int64) int64 {
		if p == nil {
			return def
		}
		v := *p
		if v < 0 {
			v += int64(n)
		}
		return max(lo, min(v, hi))
	}
	var out []int
	if step > 0 {
		start, stop := clamp(b[0], 0, 0, int64(n)), clamp(b[1], int64(n), 0, int64(n))
		for i := start; i < stop; i += step {
			out = append(out, int(i))
		}
	} else {
		start, stop := clamp(b[0], int64(n)-1, -1, int64(n)-1), clamp(b[1], -1, -1, int64(n)-1)
		if b[1] != nil && *b[1] < -int64(n) {
			stop = -1
		}
		for i := start; i > stop; i += step {
			out = append(out, int(i))
		}
	}
	return out
}

func (e callOf) eval(c *ctx) (any, error) {
	f, err := e.fn.eval(c)
	if err != nil {
		return nil, err
	}
	args, kwargs, err := evalArgs(c, e.args, e.kwargs)
	if err != nil {
		return nil, err
	}
	call, ok := f.(fn)
	if !ok {
		if u, isU := f.(undefined); isU {
			return nil, fmt.Errorf("'%s' is undefined", u.name)
		}
		return nil, fmt.Errorf("'%s' object is not callable", typeName(f))
	}
	return call(c, args, kwargs)
}

func evalArgs(c *ctx, exprs []expr, kws []kwarg) ([]any, *Dict, error) {
	args := make([]any, len(exprs))
	for i, x := range exprs {
		v, err := x.eval(c)
		if err != nil {
			return nil, nil, err
		}
		args[i] = v
	}
	kwargs := NewDict()
	for _, kw := range kws {
		v, err := kw.val.eval(c)
		if err != nil {
			return nil, nil, err
		}
		kwargs.Set(kw.name, v)
	}
	return args, kwargs, nil
}

func (e filterOf) eval(c *ctx) (any, error) {
	x, err := e.x.eval(c)
	if err != nil {
		return nil, err
	}
	f, ok := filters[e.name]
	if !ok {
		return nil, fmt.Errorf("no filter named '%s'", e.name)
	}
	args, kwargs, err := evalArgs(c, e.args, e.kwargs)
	if err != nil {
		return nil, err
	}
	return f(c, append([]any{x}, args...), kwargs)
}

func (e testOf) eval(c *ctx) (any, error) {
	x, err := e.x.eval(c)
	if err != nil {
		return nil, err
	}
	t, ok := tests[e.name]
	if !ok {
		return nil, fmt.Errorf("no test named '%s'", e.name)
	}
	args, _, err := evalArgs(c, e.args, nil)
	if err != nil {
		return nil, err
	}
	r, err := t(x, args)
	return r != e.negate, err
}

func (e unary) eval(c *ctx) (any, error) {
	x, err := e.x.eval(c)
	if err != nil {
		return nil, err
	}
	switch e.op {
	case "not":
		return !truth(x), nil
	case "-":
		switch v := x.(type) {
		case int64:
			return -v, nil
		case float64:
			return -v, nil
		}
		return nil, fmt.Errorf("bad operand type for unary -: '%s'", typeName(x))
	}
	return x, nil
}

func (e condExpr) eval(c *ctx) (any, error) {
	t, err := e.test.eval(c)
	if err != nil {
		return nil, err
	}
	if truth(t) {
		return e.yes.eval(c)
	}
	return e.no.eval(c)
}

func (e binary) eval(c *ctx) (any, error) {
	l, err := e.l.eval(c)
	if err != nil {
		return nil, err
	}
	switch e.op {
	case "and":
		if !truth(l) {
			return l, nil
		}
		return e.r.eval(c)
	case "or":
		if truth(l) {
			return l, nil
		}
		return e.r.eval(c)
	}
	r, err := e.r.eval(c)
	if err != nil {
		return nil, err
	}
	switch e.op {
	case "==":
		return equal(l, r), nil
	case "!=":
		return !equal(l, r), nil
	case "~":
		return str(l) + str(r), nil
	case "in", "not in":
		in, err := contains(r, l)
		return in == (e.op == "in"), err
	case "<", ">", "<=", ">=":
		return compare(e.op, l, r)
	}
	return arith(e.op, l, r)
}

func contains(container, x any) (bool, error) {
	switch cv := container.(type) {
	case string:
		s, ok := x.(string)
		if !ok {
			return false, fmt.Errorf("'in <string>' requires string as left operand, not %s", typeName(x))
		}
		return strings.Contains(cv, s), nil
	case []any:
		for _, v := range cv {
			if equal(v, x) {
				return true, nil
			}
		}
		return false, nil
	case *Dict:
		s, ok := x.(string)
		_, in := cv.vals[s]
		return ok && in, nil
	case undefined:
		return false, fmt.Errorf("'%s' is undefined", cv.name)
	}
	return false, fmt.Errorf("argument of type '%s' is not iterable", typeName(container))
}

func compare(op string, l, r any) (bool, error) {
	var cmp int
	ls, lok := l.(string)
	rs, rok := r.(string)
	lf, lnum := number(l)
	rf, rnum := number(r)
	switch {
	case lok && rok:
		cmp = strings.Compare(ls, rs)
	case lnum && rnum:
		switch {
		case lf < rf:
			cmp = -1
		case lf > rf:
			cmp = 1
		}
	default:
		return false, fmt.Errorf("'%s' not supported between instances of '%s' and '%s'", op, typeName(l), typeName(r))
	}
	switch op {
	case "<":
		return cmp < 0, nil
	case ">":
		return cmp > 0, nil
	case "<=":
		return cmp <= 0, nil
	}
	return cmp >= 0, nil
}

func arith(op string, l, r any) (any, error) {
	if op == "+" {
		switch lv := l.(type) {
		case string:
			if rv, ok := r.(string); ok {
				return lv + rv, nil
			}
		case []any:
			if rv, ok := r.([]any); ok {
				return append(append([]any{}, lv...), rv...), nil
			}
		}
	}
	if op == "*" {
		if s, ok := l.(string); ok {
			if n, ok := r.(int64); ok {
				return strings.Repeat(s, int(max(n, 0))), nil
			}
		}
	}
	li, lint := l.(int64)
	ri, rint := r.(int64)
	lf, lnum := number(l)
	rf, rnum := number(r)
	if !lnum || !rnum {
		if u, ok := l.(undefined); ok {
			return nil, fmt.Errorf("'%s' is undefined", u.name)
		}
		if u, ok := r.(undefined); ok {
			return nil, fmt.Errorf("'%s' is undefined", u.name)
		}
		return nil, fmt.Errorf("unsupported operand type(s) for %s: '%s' and '%s'", op, typeName(l), typeName(r))
	}
	both := lint && rint
	switch op {
	case "+":
		if both {
			return li + ri, nil
		}
		return lf + rf, nil
	case "-":
		if both {
			return li - ri, nil
		}
		return lf - rf, nil
	case "*":
		if both {
			return li * ri, nil
		}
		return lf * rf, nil
	case "/":
		if rf == 0 {
			return nil, fmt.Errorf("division by zero")
		}
		return lf / rf, nil
	case "//":
		if rf == 0 {
			return nil, fmt.Errorf("integer division or modulo by zero")
		}
		if both {
			return int64(math.Floor(float64(li) / float64(ri))), nil
		}
		return math.Floor(lf / rf), nil
	case "%":
		if rf == 0 {
			return nil, fmt.Errorf("integer division or modulo by zero")
		}
		if both {
			m := li % ri
			if m != 0 && (m < 0) != (ri < 0) {
				m += ri
			}
			return m, nil
		}
		return lf - rf*math.Floor(lf/rf), nil
	case "**":
		if both && ri >= 0 {
			return int64(math.Pow(float64(li), float64(ri))), nil
		}
		return math.Pow(lf, rf), nil
	}
	return nil, fmt.Errorf("unknown operator %s", op)
}
