package template

import "strings"

// A message text of megabytes goes into a rendering through + and an
// output ({{ '<|start_header_id|>' + role + … + content + '<|eot_id|>' }},
// or a set and then an output): each + would copy it, and the output
// again. Past longText bytes, + of strings makes a joined instead, which
// keeps its parts; a set keeps it, an output writes its parts, and the
// rendering, made once at the end, copies the text once. Anything else
// that reads a joined reads its string, made on first use. A variable,
// for tests.
var longText = 64 << 10

// joined is a string that + made of parts, not yet made.
type joined struct {
	parts []string
	n     int    // the string's length
	s     string // the string, once made
}

func (j *joined) String() string {
	if j.s == "" {
		j.s = strings.Join(j.parts, "")
	}
	return j.s
}

// strict is v with a joined made into its string.
func strict(v any) any {
	if j, ok := v.(*joined); ok {
		return j.String()
	}
	return v
}

// lazy evaluates x as eval does, but a + of strings and a variable
// holding a joined may give a joined.
func lazy(c *ctx, x expr) (any, error) {
	switch e := x.(type) {
	case nameRef:
		return c.lookup(e.name), nil
	case binary:
		if e.op == "+" {
			return e.join(c)
		}
	case condExpr:
		ok, err := e.test.eval(c)
		if err != nil {
			return nil, err
		}
		if truth(ok) {
			return lazy(c, e.yes)
		}
		return lazy(c, e.no)
	}
	return x.eval(c)
}

// join is eval of a +, whose operands are evaluated lazily: two strings
// (or joined) that make a long one give a joined.
func (e binary) join(c *ctx) (any, error) {
	l, err := lazy(c, e.l)
	if err != nil {
		return nil, err
	}
	r, err := lazy(c, e.r)
	if err != nil {
		return nil, err
	}
	lp, lok := partsOf(l)
	rp, rok := partsOf(r)
	if n := textLen(l) + textLen(r); lok && rok && n >= longText {
		return &joined{parts: append(lp[:len(lp):len(lp)], rp...), n: n}, nil
	}
	return arith("+", strict(l), strict(r))
}

// partsOf returns the parts of a string or a joined.
func partsOf(v any) ([]string, bool) {
	switch v := v.(type) {
	case string:
		return []string{v}, true
	case *joined:
		return v.parts, true
	}
	return nil, false
}

// textLen is the length of a string or a joined, 0 for anything else.
func textLen(v any) int {
	switch v := v.(type) {
	case string:
		return len(v)
	case *joined:
		return v.n
	}
	return 0
}

// output is what a render writes: short strings gathered in a builder, a
// long one kept as it is, until String makes the rendering at its length.
type output struct {
	done []string // what was written before b
	n    int      // their length
	b    strings.Builder
}

func (o *output) WriteString(s string) {
	if len(s) < longText {
		o.b.WriteString(s)
		return
	}
	if o.b.Len() > 0 {
		o.done = append(o.done, o.b.String())
		o.n += o.b.Len()
		o.b = strings.Builder{}
	}
	o.done, o.n = append(o.done, s), o.n+len(s)
}

// write writes a string or a joined, as {{ }} prints it.
func (o *output) write(v any) {
	if j, ok := v.(*joined); ok && j.s == "" {
		for _, s := range j.parts {
			o.WriteString(s)
		}
		return
	}
	o.WriteString(str(strict(v)))
}

func (o *output) String() string {
	if len(o.done) == 0 {
		return o.b.String()
	}
	var all strings.Builder
	all.Grow(o.n + o.b.Len())
	for _, s := range o.done {
		all.WriteString(s)
	}
	all.WriteString(o.b.String())
	return all.String()
}
