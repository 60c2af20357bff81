package template

import (
	"bytes"
	"encoding/json"
	"fmt"

	"strconv"
	"strings"
	"unicode"
)

// globals are the names every template sees, as transformers defines them.
var globals map[string]any

// filters and tests are Jinja2's, those chat templates use.
var (
	filters map[string]fn
	tests   map[string]func(x any, args []any) (bool, error)
)

func init() {
	globals = map[string]any{
		"namespace": fn(func(_ *ctx, args []any, kwargs *Dict) (any, error) {
			d := NewDict()
			if len(args) == 1 {
				if init, ok := args[0].(*Dict); ok {
					for _, k := range init.keys {
						d.Set(k, init.vals[k])
					}
				}
			}
			for _, k := range kwargs.keys {
				d.Set(k, kwargs.vals[k])
			}
			return &namespace{d}, nil
		}),
		"raise_exception": fn(func(_ *ctx, args []any, _ *Dict) (any, error) {
			msg := ""
			if len(args) > 0 {
				msg = str(args[0])
			}
			return nil, &raised{msg}
		}),
		"strftime_now": fn(func(c *ctx, args []any, _ *Dict) (any, error) {
			if len(args) != 1 {
				return nil, fmt.Errorf("strftime_now takes a format")
			}
			return strftime(c.tpl.now(), str(args[0])), nil
		}),
		"range": fn(func(_ *ctx, args []any, _ *Dict) (any, error) {
			var b [3]int64
			b[2] = 1
			switch len(args) {
			case 1:
				b[1], _ = args[0].(int64)
			case 2, 3:
				for i, a := range args {
					b[i], _ = a.(int64)
				}
			default:
				return nil, fmt.Errorf("range expects 1 to 3 arguments")
			}
			if b[2] == 0 {
				return nil, fmt.Errorf("range() arg 3 must not be zero")
			}
			var out []any
			for i := b[0]; b[2] > 0 && i < b[1] || b[2] < 0 && i > b[1]; i += b[2] {
				out = append(out, i)
			}
			return out, nil
		}),
		"dict": fn(func(_ *ctx, _ []any, kwargs *Dict) (any, error) { return kwargs, nil }),
	}
	filters = map[string]fn{
		"trim": func(_ *ctx, a []any, _ *Dict) (any, error) {
			if len(a) > 1 {
				return strings.Trim(str(a[0]), str(a[1])), nil
			}
			return strings.TrimFunc(str(a[0]), isPySpace), nil
		},
		"length": func(_ *ctx, a []any, _ *Dict) (any, error) { n, err := length(a[0]); return int64(n), err },
		"count":  func(_ *ctx, a []any, _ *Dict) (any, error) { n, err := length(a[0]); return int64(n), err },
		"string": func(_ *ctx, a []any, _ *Dict) (any, error) { return str(a[0]), nil },
		"upper":  func(_ *ctx, a []any, _ *Dict) (any, error) { return strings.ToUpper(str(a[0])), nil },
		"lower":  func(_ *ctx, a []any, _ *Dict) (any, error) { return strings.ToLower(str(a[0])), nil },
		"safe":   func(_ *ctx, a []any, _ *Dict) (any, error) { return a[0], nil },
		"capitalize": func(_ *ctx, a []any, _ *Dict) (any, error) {
			r := []rune(strings.ToLower(str(a[0])))
			if len(r) > 0 {
				r[0] = unicode.ToUpper(r[0])
			}
			return string(r), nil
		},
		"tojson": func(_ *ctx, a []any, kw *Dict) (any, error) {
			indent := -1
			if v, ok := kw.Get("indent"); ok {
				if n, ok := v.(int64); ok {
					indent = int(n)
				}
			} else if len(a) > 1 {
				if n, ok := a[1].(int64); ok {
					indent = int(n)
				}
			}
			var b strings.Builder
			err := dumpJSON(&b, a[0], indent, 0)
			return b.String(), err
		},
		"first": func(_ *ctx, a []any, _ *Dict) (any, error) {
			items, err := iterate(a[0])
			if err != nil || len(items) == 0 {
				return undefined{"first"}, err
			}
			return items[0], nil
		},
		"last": func(_ *ctx, a []any, _ *Dict) (any, error) {
			items, err := iterate(a[0])
			if err != nil || len(items) == 0 {
				return undefined{"last"}, err
			}
			return items[len(items)-1], nil
		},
		"list": func(_ *ctx, a []any, _ *Dict) (any, error) { return iterate(a[0]) },
		"join": func(_ *ctx, a []any, _ *Dict) (any, error) {
			items, err := iterate(a[0])
			sep := ""
			if len(a) > 1 {
				sep = str(a[1])
			}
			parts := make([]string, len(items))
			for i, it := range items {
				parts[i] = str(it)
			}
			return strings.Join(parts, sep), err
		},
		"default": func(_ *ctx, a []any, _ *Dict) (any, error) {
			if _, undef := a[0].(undefined); undef || len(a) > 2 && truth(a[2]) && !truth(a[0]) {
				if len(a) > 1 {
					return a[1], nil
				}
				return "", nil
			}
			return a[0], nil
		},
		"items": func(_ *ctx, a []any, _ *Dict) (any, error) { return dictItems(a[0]) },
		"replace": func(_ *ctx, a []any, _ *Dict) (any, error) {
			if len(a) < 3 {
				return nil, fmt.Errorf("replace takes two arguments")
			}
			return strings.ReplaceAll(str(a[0]), str(a[1]), str(a[2])), nil
		},
		"int": func(_ *ctx, a []any, _ *Dict) (any, error) {
			switch v := a[0].(type) {
			case int64:
				return v, nil
			case float64:
				return int64(v), nil
			case string:
				n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
				if err != nil {
					return int64(0), nil
				}
				return n, nil
			}
			return int64(0), nil
		},
	}
	tests = map[string]func(any, []any) (bool, error){
		"defined":   func(x any, _ []any) (bool, error) { _, u := x.(undefined); return !u, nil },
		"undefined": func(x any, _ []any) (bool, error) { _, u := x.(undefined); return u, nil },
		"none":      func(x any, _ []any) (bool, error) { return x == nil, nil },
		"string":    func(x any, _ []any) (bool, error) { _, ok := x.(string); return ok, nil },
		"mapping":   func(x any, _ []any) (bool, error) { _, ok := x.(*Dict); return ok, nil },
		"boolean":   func(x any, _ []any) (bool, error) { _, ok := x.(bool); return ok, nil },
		"true":      func(x any, _ []any) (bool, error) { return x == true, nil },
		"false":     func(x any, _ []any) (bool, error) { return x == false, nil },
		"integer":   func(x any, _ []any) (bool, error) { _, ok := x.(int64); return ok, nil },
		"float":     func(x any, _ []any) (bool, error) { _, ok := x.(float64); return ok, nil },
		"number":    func(x any, _ []any) (bool, error) { _, ok := number(x); return ok, nil },
		"sequence": func(x any, _ []any) (bool, error) {
			switch x.(type) {
			case string, []any, *Dict:
				return true, nil
			}
			return false, nil
		},
		"iterable": func(x any, _ []any) (bool, error) {
			switch x.(type) {
			case string, []any, *Dict:
				return true, nil
			}
			return false, nil
		},
		"equalto": func(x any, a []any) (bool, error) { return len(a) == 1 && equal(x, a[0]), nil },
		"eq":      func(x any, a []any) (bool, error) { return len(a) == 1 && equal(x, a[0]), nil },
		"in": func(x any, a []any) (bool, error) {
			if len(a) != 1 {
				return false, fmt.Errorf("in takes one argument")
			}
			return contains(a[0], x)
		},
	}
}

func dictItems(v any) (any, error) {
	d, ok := v.(*Dict)
	if !ok {
		return nil, fmt.Errorf("'%s' object has no attribute 'items'", typeName(v))
	}
	out := make([]any, len(d.keys))
	for i, k := range d.keys {
		out[i] = []any{k, d.vals[k]}
	}
	return out, nil
}

// method returns the bound method name of x, or nil: the str and dict
// methods chat templates call.
func method(x any, name string) any {
	switch x := x.(type) {
	case string:
		m := strMethods[name]
		if m == nil {
			return nil
		}
		return fn(func(_ *ctx, args []any, _ *Dict) (any, error) { return m(x, args) })
	case *Dict:
		switch name {
		case "items":
			return fn(func(*ctx, []any, *Dict) (any, error) { return dictItems(x) })
		case "keys":
			return fn(func(*ctx, []any, *Dict) (any, error) { return iterate(x) })
		case "values":
			return fn(func(*ctx, []any, *Dict) (any, error) {
				out := make([]any, len(x.keys))
				for i, k := range x.keys {
					out[i] = x.vals[k]
				}
				return out, nil
			})
		case "get":
			return fn(func(_ *ctx, args []any, _ *Dict) (any, error) {
				if len(args) == 0 {
					return nil, fmt.Errorf("get expected at least 1 argument")
				}
				if v, ok := x.vals[str(args[0])]; ok {
					return v, nil
				}
				if len(args) > 1 {
					return args[1], nil
				}
				return nil, nil
			})
		}
	}
	return nil
}

var strMethods = map[string]func(s string, a []any) (any, error){
	"startswith": func(s string, a []any) (any, error) { return len(a) > 0 && strings.HasPrefix(s, str(a[0])), nil },
	"endswith":   func(s string, a []any) (any, error) { return len(a) > 0 && strings.HasSuffix(s, str(a[0])), nil },
	"strip":      func(s string, a []any) (any, error) { return stripWith(s, a, true, true), nil },
	"lstrip":     func(s string, a []any) (any, error) { return stripWith(s, a, true, false), nil },
	"rstrip":     func(s string, a []any) (any, error) { return stripWith(s, a, false, true), nil },
	"upper":      func(s string, _ []any) (any, error) { return strings.ToUpper(s), nil },
	"lower":      func(s string, _ []any) (any, error) { return strings.ToLower(s), nil },
	"title":      func(s string, _ []any) (any, error) { return strings.Title(s), nil }, //nolint:staticcheck // Python's title, not Unicode word rules
	"replace": func(s string, a []any) (any, error) {
		if len(a) < 2 {
			return nil, fmt.Errorf("replace expected 2 arguments")
		}
		return strings.ReplaceAll(s, str(a[0]), str(a[1])), nil
	},
	"split": func(s string, a []any) (any, error) {
		var parts []string
		if len(a) == 0 || a[0] == nil {
			parts = strings.FieldsFunc(s, isPySpace)
		} else {
			parts = strings.Split(s, str(a[0]))
		}
		out := make([]any, len(parts))
		for i, p := range parts {
			out[i] = p
		}
		return out, nil
	},
}

// stripWith is Python's strip, lstrip and rstrip: of the given characters,
// or of white space.
func stripWith(s string, a []any, left, right bool) string {
	cut := isPySpace
	if len(a) > 0 && a[0] != nil {
		chars := str(a[0])
		cut = func(r rune) bool { return strings.ContainsRune(chars, r) }
	}
	if left {
		s = strings.TrimLeftFunc(s, cut)
	}
	if right {
		s = strings.TrimRightFunc(s, cut)
	}
	return s
}

// isPySpace is Python's str.isspace for one character: Go's white space
// plus the information separators U+001C to U+001F.
func isPySpace(r rune) bool { return unicode.IsSpace(r) || r >= 0x1c && r <= 0x1f }

// dumpJSON writes v as Python's json.dumps(v, ensure_ascii=False) does
// (transformers' tojson): ", " and ": " separators, keys in insertion
// order, or indented by indent spaces when indent >= 0.
func dumpJSON(b *strings.Builder, v any, indent, depth int) error {
	nl := func(d int) {
		if indent >= 0 {
			b.WriteByte('\n')
			b.WriteString(strings.Repeat(" ", indent*d))
		}
	}
	itemSep := ", "
	if indent >= 0 {
		itemSep = ","
	}
	switch v := v.(type) {
	case nil, undefined:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case int64:
		b.WriteString(strconv.FormatInt(v, 10))
	case float64:
		b.WriteString(pyFloat(v))
	case string:
		writeJSONString(b, v)
	case []any:
		if len(v) == 0 {
			b.WriteString("[]")
			return nil
		}
		b.WriteByte('[')
		for i, x := range v {
			if i > 0 {
				b.WriteString(itemSep)
			}
			nl(depth + 1)
			if err := dumpJSON(b, x, indent, depth+1); err != nil {
				return err
			}
		}
		nl(depth)
		b.WriteByte(']')
	case *Dict:
		if v.Len() == 0 {
			b.WriteString("{}")
			return nil
		}
		b.WriteByte('{')
		for i, k := range v.keys {
			if i > 0 {
				b.WriteString(itemSep)
			}
			nl(depth + 1)
			writeJSONString(b, k)
			b.WriteString(": ")
			if err := dumpJSON(b, v.vals[k], indent, depth+1); err != nil {
				return err
			}
		}
		nl(depth)
		b.WriteByte('}')
	default:
		return fmt.Errorf("Object of type %s is not JSON serializable", typeName(v))
	}
	return nil
}

func writeJSONString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			if r < 0x20 {
				fmt.Fprintf(b, `\u%04x`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
}

// FromJSON decodes JSON into template values: objects become *Dict with
// their keys in order, integers int64, other numbers float64.
func FromJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := decodeValue(dec)
	if err != nil {
		return nil, err
	}
	return v, nil
}

func decodeValue(dec *json.Decoder) (any, error) {
	t, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := t.(type) {
	case json.Delim:
		if t == '[' {
			out := []any{}
			for dec.More() {
				v, err := decodeValue(dec)
				if err != nil {
					return nil, err
				}
				out = append(out, v)
			}
			_, err := dec.Token()
			return out, err
		}
		d := NewDict()
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				return nil, err
			}
			v, err := decodeValue(dec)
			if err != nil {
				return nil, err
			}
			d.Set(k.(string), v)
		}
		_, err := dec.Token()
		return d, err
	case json.Number:
		if n, err := t.Int64(); err == nil && !strings.ContainsAny(t.String(), ".eE") {
			return n, nil
		}
		return t.Float64()
	}
	return t, nil // string, bool, nil
}

// strftime formats t with the C directives templates use.
func strftime(t interface {
	Format(string) string
	Day() int
}, format string) string {
	layouts := map[byte]string{'Y': "2006", 'm': "01", 'd': "02", 'H': "15", 'M': "04", 'S': "05", 'y': "06",
		'b': "Jan", 'B': "January", 'a': "Mon", 'A': "Monday", 'p': "PM", 'I': "03"}
	var b strings.Builder
	for i := 0; i < len(format); i++ {
		if format[i] != '%' || i+1 == len(format) {
			b.WriteByte(format[i])
			continue
		}
		i++
		switch c := format[i]; {
		case c == '%':
			b.WriteByte('%')
		case c == 'e':
			fmt.Fprintf(&b, "%2d", t.Day())
		case c == '-' && i+1 < len(format) && format[i+1] == 'd':
			i++
			b.WriteString(strconv.Itoa(t.Day()))
		case layouts[c] != "":
			b.WriteString(t.Format(layouts[c]))
		default:
			b.WriteByte('%')
			b.WriteByte(c)
		}
	}
	return b.String()
}
