package template

import (
	"errors"
	"testing"
)

// renderCase is a template and what Python's Jinja2 renders it as.
type renderCase struct{ src, want string }

// checkRenders renders each case's template with vars.
func checkRenders(t *testing.T, vars map[string]any, cases []renderCase) {
	t.Helper()
	for _, tc := range cases {
		tpl, err := Parse(tc.src)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.src, err)
			continue
		}
		got, err := tpl.Render(vars)
		if err != nil || got != tc.want {
			t.Errorf("Render(%q) = %q, %v; want %q", tc.src, got, err, tc.want)
		}
	}
}

func TestJinjaSemantics(t *testing.T) {
	checkRenders(t, nil, []renderCase{
		{"{{ 1 + 2 }} {{ 'a' ~ 1 }} {{ 7 // 2 }} {{ -7 % 3 }} {{ 1 / 2 }}", "3 a1 3 2 0.5"},
		{"{{ true }} {{ none }} {{ [1, 'a'] }} {{ {'k': 1.0} }}", "True None [1, 'a'] {'k': 1.0}"},
		{"{{ 'abc'[::-1] }} {{ [1,2,3][1:] }} {{ 'héllo'[1] }}", "cba [2, 3] é"},
		{"{% for x in [1,2,3] %}{% if x == 2 %}{% continue %}{% endif %}{{ x }}{% endfor %}", "13"},
		{"{% for x in [] %}a{% else %}empty{% endfor %}", "empty"},
		{"{% set ns = namespace(n=0) %}{% for x in 'ab' %}{% set ns.n = ns.n + 1 %}{% endfor %}{{ ns.n }}", "2"},
		{"{% set n = 0 %}{% for x in 'ab' %}{% set n = n + 1 %}{% endfor %}{{ n }}", "0"},
		{"{{ {'b': 1, 'a': [true, none, 'é\"']} | tojson }}", `{"b": 1, "a": [true, null, "é\""]}`},
		{"{{ {'a': 1} | tojson(indent=2) }}", "{\n  \"a\": 1\n}"},
		{"{{ '  x\x1f ' | trim }}|{{ 'a,b'.split(',') }}|{{ '\\n\\nx'.lstrip('\\n') }}", "x|['a', 'b']|x"},
		{"{{ x is defined }} {{ x.y is defined if x is defined else 'no' }} {{ 'a' is string }}", "False no True"},
		{"a\n  {% if true %}\n  b\n  {% endif %}\nc\n", "a\n  b\nc"},
		{"a  {%- if true -%}  b  {%- endif %}", "ab"},
		{"{{ 'x' if false }}|{{ [1,2] | length }}|{{ 'b' in ['a','b'] }}", "|2|True"},
	})
}

func TestRaise(t *testing.T) {
	tpl, err := Parse("{% if messages %}{{ raise_exception('roles must alternate') }}{% endif %}")
	if err != nil {
		t.Fatal(err)
	}
	_, err = tpl.Render(map[string]any{"messages": []any{int64(1)}})
	var e *Error
	if !errors.As(err, &e) || !e.Raised || e.Message != "roles must alternate" {
		t.Fatalf("err = %#v", err)
	}
}

// TestMacro checks macros as Python's Jinja2 renders them (gpt-oss's
// template defines four, one recursive): defaults and keyword arguments,
// recursion, the render's variables seen as they are at the call but not
// the caller's loop, sets kept inside, the text returned as a string.
func TestMacro(t *testing.T) {
	checkRenders(t, map[string]any{"user": "given"}, []renderCase{
		{"{% macro greet(name, punct='!') %}Hi {{ name }}{{ punct }}{% endmacro %}{{ greet('Ann') }} {{ greet('Bo', punct='?') }} {{ greet(name='Cy') }}", "Hi Ann! Hi Bo? Hi Cy!"},
		{"{% macro depth(xs) %}{% if xs is string %}s{% else %}[{% for x in xs %}{{ depth(x) }}{% endfor %}]{% endif %}{% endmacro %}{{ depth(['a', ['b', ['c']]]) }}", "[s[s[s]]]"},
		{"{% macro who() %}{{ user }}/{{ x is defined }}{% endmacro %}{% set user = 'late' %}{% for x in [1] %}{{ who() }}{% endfor %}", "late/False"},
		{"{% macro inner() %}{% set user = 'inner' %}{{ user }}{% endmacro %}{% set user = 'outer' %}{{ inner() }} {{ user }}", "inner outer"},
		{"{% macro m() %}abc{% endmacro %}{% set s = m() %}{{ s | length }} {{ m() + 'd' }} {{ m() is string }}", "3 abcd True"},
		{"{% macro m(a, b) %}{{ a }}{{ b is defined }}{% endmacro %}{{ m(1) }}", "1False"},
	})
	for _, tc := range []struct{ src, want string }{
		{"{% macro m(a) %}{% endmacro %}{{ m(1, 2) }}", "chat template: line 1: macro 'm' takes not more than 1 argument(s)"},
		{"{% macro m(a) %}{% endmacro %}{{ m(b=1) }}", "chat template: line 1: macro 'm' takes no keyword argument 'b'"},
		{"{% macro m(a) %}x", "chat template: line 1: macro 'm' without endmacro"},
		{"{% macro m(a) %}{% endmacro %}{{ m(1, a=2) }}", "chat template: line 1: macro 'm' got multiple values for argument 'a'"},
		// Without end: an error, as Jinja2's RecursionError, not a stack overflow.
		{"{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}", "chat template: line 1: macro 'f': calls nested more than 1000 deep"},
	} {
		tpl, err := Parse(tc.src)
		if err == nil {
			_, err = tpl.Render(nil)
		}
		if err == nil || err.Error() != tc.want {
			t.Errorf("%q: error %v, want %q", tc.src, err, tc.want)
		}
	}
}
