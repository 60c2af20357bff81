package template

import (
	"errors"
	"testing"
)

func TestJinjaSemantics(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
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
	} {
		tpl, err := Parse(tc.src)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.src, err)
			continue
		}
		got, err := tpl.Render(nil)
		if err != nil || got != tc.want {
			t.Errorf("Render(%q) = %q, %v; want %q", tc.src, got, err, tc.want)
		}
	}
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
