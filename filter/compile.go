package filter

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
)

// SyntaxError is an expression that does not compile, with the place of
// the problem.
type SyntaxError struct {
	Expr string
	Col  int // 1-based byte column in Expr
	Msg  string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("1:%d: %s", e.Col, e.Msg) }

// The expr language has matches and contains as operators (text matches
// "re"); the function forms matches(text, re) and contains(text, s) are
// given as functions whose names have the same length, so columns in
// errors stay right.
var aliases = map[string]string{"matches": "mAtches", "contains": "cOntains"}

// compile compiles src against env, a bool expression unless anyType,
// and tells what it reads.
func compile(src string, env any, anyType bool) (*compiled, error) {
	rewritten := rewriteCalls(src)
	kind := expr.AsBool()
	if anyType {
		kind = expr.AsAny()
	}
	prog, err := expr.Compile(rewritten, expr.Env(env), kind, expr.Function("mAtches", matchesFunc, new(func(string, string) bool)),
		expr.Function("cOntains", containsFunc, new(func(string, string) bool)))
	if err != nil {
		se := &SyntaxError{Expr: src, Col: 1, Msg: err.Error()}
		if fe, ok := err.(*file.Error); ok {
			se.Col, se.Msg = fe.Column+1, fe.Message
		}
		for name, alias := range aliases {
			se.Msg = strings.ReplaceAll(se.Msg, alias, name)
		}
		return nil, se
	}
	usesTokens := false
	ast.Find(prog.Node(), func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.IdentifierNode:
			usesTokens = usesTokens || n.Value == "tokens"
		case *ast.MemberNode:
			if s, ok := n.Property.(*ast.StringNode); ok && s.Value == "tokens" {
				usesTokens = true
			}
		}
		return false
	})
	return &compiled{prog, usesTokens, readsText(prog.Node(), env)}, nil
}

// readsText reports whether the expression at node, compiled against env,
// may read a message's text or a tool call's arguments: whether it names
// what leads to them (a conversation's messages, other than to count them
// with len(messages); a message's content or tool_calls; $env, the whole
// environment).
func readsText(node ast.Node, env any) bool {
	leads := map[string]bool{"$env": true, "content": true, "tool_calls": true}
	if _, ok := env.(convEnv); ok {
		leads = map[string]bool{"$env": true, "messages": true}
	}
	named, counted := 0, 0
	ast.Find(node, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.IdentifierNode:
			if leads[n.Value] {
				named++
			}
		case *ast.BuiltinNode:
			if n.Name == "len" && len(n.Arguments) == 1 {
				if id, ok := n.Arguments[0].(*ast.IdentifierNode); ok && id.Value == "messages" {
					counted++
				}
			}
		}
		return false
	})
	return named > counted
}

// rewriteCalls renames matches( and contains( outside string literals.
func rewriteCalls(src string) string {
	b := []byte(src)
	for i := 0; i < len(b); i++ {
		switch c := b[i]; {
		case c == '"' || c == '\'' || c == '`':
			for i++; i < len(b) && b[i] != c; i++ {
				if b[i] == '\\' && c != '`' {
					i++
				}
			}
		case isIdentStart(c) && (i == 0 || !isIdent(b[i-1])):
			j := i
			for j < len(b) && isIdent(b[j]) {
				j++
			}
			k := j
			for k < len(b) && (b[k] == ' ' || b[k] == '\t') {
				k++
			}
			if alias, ok := aliases[string(b[i:j])]; ok && k < len(b) && b[k] == '(' {
				copy(b[i:j], alias)
			}
			i = j - 1
		}
	}
	return string(b)
}

func isIdentStart(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isIdent(c byte) bool      { return isIdentStart(c) || c >= '0' && c <= '9' }

// regexps caches the patterns matches() was given: most are constants.
var regexps sync.Map

func matchesFunc(args ...any) (any, error) {
	text, pattern := args[0].(string), args[1].(string)
	re, ok := regexps.Load(pattern)
	if !ok {
		compiled, err := regexp.Compile(pattern)
		if err != nil {
			return nil, fmt.Errorf("matches: %w", err)
		}
		re, _ = regexps.LoadOrStore(pattern, compiled)
	}
	return re.(*regexp.Regexp).MatchString(text), nil
}

func containsFunc(args ...any) (any, error) {
	return strings.Contains(args[0].(string), args[1].(string)), nil
}
