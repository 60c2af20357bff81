package template

// topMembers returns the raw values of the members of the JSON object in
// data whose names are in want, the last of each name, or false when data
// is not one valid JSON object: the caller then asks encoding/json why.
// It checks the whole text as encoding/json does, without making values
// of the members it skips, several times faster on a large
// tokenizer_config.json. Member names with escapes are never wanted.
func topMembers(data []byte, want map[string]bool) (map[string][]byte, bool) {
	p := &skipper{b: data}
	out := map[string][]byte{}
	p.space()
	if !p.byte('{') {
		return nil, false
	}
	p.space()
	if p.byte('}') {
		return out, p.end()
	}
	for {
		p.space()
		start := p.i
		if !p.str() {
			return nil, false
		}
		name := string(data[start+1 : p.i-1])
		p.space()
		if !p.byte(':') {
			return nil, false
		}
		p.space()
		v := p.i
		if !p.value(0) {
			return nil, false
		}
		if want[name] {
			out[name] = data[v:p.i]
		}
		p.space()
		if p.byte('}') {
			return out, p.end()
		}
		if !p.byte(',') {
			return nil, false
		}
	}
}

// skipper reads JSON text, checking it against the grammar of RFC 8259.
type skipper struct {
	b []byte
	i int
}

const maxDepth = 10000 // as encoding/json

func (p *skipper) end() bool { p.space(); return p.i == len(p.b) }

func (p *skipper) space() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *skipper) byte(c byte) bool {
	if p.i < len(p.b) && p.b[p.i] == c {
		p.i++
		return true
	}
	return false
}

func (p *skipper) value(depth int) bool {
	if p.i >= len(p.b) || depth > maxDepth {
		return false
	}
	switch c := p.b[p.i]; {
	case c == '"':
		return p.str()
	case c == '{' || c == '[':
		closing := byte('}')
		if c == '[' {
			closing = ']'
		}
		p.i++
		p.space()
		if p.byte(closing) {
			return true
		}
		for {
			p.space()
			if c == '{' {
				if !p.str() {
					return false
				}
				p.space()
				if !p.byte(':') {
					return false
				}
				p.space()
			}
			if !p.value(depth + 1) {
				return false
			}
			p.space()
			if p.byte(closing) {
				return true
			}
			if !p.byte(',') {
				return false
			}
		}
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	}
	for _, lit := range []string{"true", "false", "null"} {
		if len(p.b)-p.i >= len(lit) && string(p.b[p.i:p.i+len(lit)]) == lit {
			p.i += len(lit)
			return true
		}
	}
	return false
}

// plain marks the bytes a string holds as they are: not a control
// character, a quote or a backslash.
var plain = func() (t [256]bool) {
	for c := range t {
		t[c] = c >= 0x20 && c != '"' && c != '\\'
	}
	return t
}()

// str reads a string: no control characters, only JSON's escapes.
func (p *skipper) str() bool {
	if !p.byte('"') {
		return false
	}
	for p.i < len(p.b) {
		// Most bytes of a string are plain: skip them in a tight loop.
		for p.i < len(p.b) && plain[p.b[p.i]] {
			p.i++
		}
		if p.i >= len(p.b) {
			return false
		}
		c := p.b[p.i]
		p.i++
		switch {
		case c == '"':
			return true
		case c < 0x20:
			return false
		case c == '\\':
			if p.i >= len(p.b) {
				return false
			}
			e := p.b[p.i]
			p.i++
			switch e {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if len(p.b)-p.i < 4 {
					return false
				}
				for _, h := range p.b[p.i : p.i+4] {
					if !(h >= '0' && h <= '9' || h >= 'a' && h <= 'f' || h >= 'A' && h <= 'F') {
						return false
					}
				}
				p.i += 4
			default:
				return false
			}
		}
	}
	return false
}

// number reads -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?.
func (p *skipper) number() bool {
	p.byte('-')
	switch {
	case p.byte('0'):
	case p.i < len(p.b) && p.b[p.i] >= '1' && p.b[p.i] <= '9':
		p.digits()
	default:
		return false
	}
	if p.byte('.') && !p.digits() {
		return false
	}
	if p.byte('e') || p.byte('E') {
		if !p.byte('+') {
			p.byte('-')
		}
		if !p.digits() {
			return false
		}
	}
	return true
}

// digits reads [0-9]+ and reports whether there was one.
func (p *skipper) digits() bool {
	start := p.i
	for p.i < len(p.b) && p.b[p.i] >= '0' && p.b[p.i] <= '9' {
		p.i++
	}
	return p.i > start
}
