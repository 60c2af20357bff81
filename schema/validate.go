package schema

import (
	"bufio"
	"errors"
	"io"
	"strconv"

	"github.com/convkit/convkit/internal/jsontree"
)

// Options say what a Validator checks.
type Options struct {
	// Schema, when set, replaces the embedded schemas: every document (every
	// line, for JSON Lines) is checked against it.
	Schema *Schema
	// Strict makes the conversation rules' warnings errors and, with the
	// embedded schemas, forbids fields they do not name.
	Strict bool
	// FineTune adds the checks of OpenAI's fine-tuning data preparation:
	// every line is one example, checked against the jsonl-line schema with
	// no unknown field (or against Schema), and the Stats are gathered.
	FineTune bool
	// Tokens, when set with FineTune, counts an example's tokens: all of
	// them, and those of its assistant messages alone. It is called from
	// several goroutines at once.
	Tokens func(example []byte) (total, assistant int, err error)
	// MaxTokens is the per-example token limit of fine-tuning; 0 means
	// DefaultMaxTokens.
	MaxTokens int
}

// Validator checks files. It is not safe for concurrent use.
type Validator struct {
	opts  Options
	stats *Stats
	shape string // the schema of the lines, or "" for each line's (SetShape)
}

// New returns a Validator. The embedded schemas it needs are compiled on
// first use.
func New(opts Options) *Validator {
	if opts.MaxTokens == 0 {
		opts.MaxTokens = DefaultMaxTokens
	}
	v := &Validator{opts: opts}
	if opts.FineTune {
		v.stats = &Stats{counted: opts.Tokens != nil, maxTokens: opts.MaxTokens}
	}
	return v
}

// Stats returns the fine-tuning statistics gathered so far (nil without
// FineTune).
func (v *Validator) Stats() *Stats { return v.stats }

// Check reads one file from r and reports each problem to report, in file
// order. lines says that r holds JSON Lines (always so with FineTune). The
// error is an I/O error; problems in the content are only reported.
func (v *Validator) Check(r io.Reader, lines bool, report func(Problem)) error {
	br := bufio.NewReaderSize(r, 64<<10)
	if head, _ := br.Peek(64); jsontree.LooksUTF16(head) {
		// Every line would be refused for its NUL bytes: say it once.
		report(Problem{Pos: Pos{1, 1}, Rule: RuleSyntax, Msg: jsontree.UTF16Message})
		return nil
	}
	if lines || v.opts.FineTune {
		return v.checkLines(br, report)
	}
	root, err := v.parse(br)
	if root == nil {
		return reportParse(err, report)
	}
	v.document(root, report)
	return nil
}

// CheckAt is Check for an input that at gives random access to, size
// bytes of it: JSON Lines are read by the workers, each its own blocks,
// so that reading them too is done on every core.
func (v *Validator) CheckAt(at io.ReaderAt, size int64, lines bool, report func(Problem)) error {
	if !lines && !v.opts.FineTune {
		return v.Check(io.NewSectionReader(at, 0, size), lines, report)
	}
	head := make([]byte, min(size, 64))
	if err := readFull(at, head, 0); err != nil {
		return err
	}
	if jsontree.LooksUTF16(head) {
		report(Problem{Pos: Pos{1, 1}, Rule: RuleSyntax, Msg: jsontree.UTF16Message})
		return nil
	}
	return v.checkLinesAt(at, size, report)
}

// CheckLine checks one line of JSON Lines read from r (without its
// newline), as Check checks each line, but of any length: with the
// embedded schemas it is read a message at a time, the long strings of
// messages not held (see stream.go). Positions count from the line's
// start. The error is an I/O error.
func (v *Validator) CheckLine(r io.Reader, report func(Problem)) error {
	root, err := v.parse(r)
	if root == nil {
		return reportParse(err, report)
	}
	v.conversation(root, "", "jsonl-line", report)
	return nil
}

// reportParse reports the syntax error that parse returned, or returns
// the I/O error it is.
func reportParse(err error, report func(Problem)) error {
	var se *jsontree.SyntaxError
	var bad *jsontree.BadByteError
	switch {
	case errors.As(err, &se):
		report(syntaxProblem(err))
	case errors.As(err, &bad):
		report(Problem{Pos: Pos(bad.Pos), Msg: bad.Msg(), Rule: RuleSyntax})
	default:
		return err
	}
	return nil
}

// parse reads a JSON document: a message at a time, without the long
// strings of messages, when the embedded schemas check it (see stream.go);
// whole for the user's, which may ask anything of any string.
func (v *Validator) parse(r io.Reader) (*jsontree.Value, error) {
	// Read up to the first byte JSON cannot hold and let the parser say
	// what is wrong there, rather than read /dev/zero to its end.
	r = &jsontree.Guard{R: r, KeepBad: true}
	if v.opts.Schema == nil {
		return streamDocument(r)
	}
	data, err := io.ReadAll(r)
	var bad *jsontree.BadByteError
	if err != nil && !errors.As(err, &bad) {
		return nil, err
	}
	root, err := jsontree.Parse(data, jsontree.Options{})
	if err != nil {
		return nil, err
	}
	if bad != nil {
		return nil, bad
	}
	return root, nil
}

func syntaxProblem(err error) Problem {
	var se *jsontree.SyntaxError
	if errors.As(err, &se) {
		return Problem{Pos: Pos(se.Pos), Msg: se.Msg, Rule: RuleSyntax}
	}
	return Problem{Msg: err.Error(), Rule: RuleSyntax}
}

// document checks a JSON document: one conversation, or an array of them.
func (v *Validator) document(root *jsontree.Value, report func(Problem)) {
	if v.documentOfShape(root, report) {
		return
	}
	name := "api"
	if isMeta(root) {
		name = "meta"
	}
	if root.Kind == jsontree.Array && len(root.Items) > 0 && isConversation(root.Items[0]) && v.opts.Schema == nil {
		for i, item := range root.Items {
			v.conversation(item, "/"+strconv.Itoa(i), name, report)
		}
		return
	}
	v.conversation(root, "", name, report)
}

// isConversation tells an element of a top-level array that is a whole
// conversation from one that is a message.
func isConversation(v *jsontree.Value) bool {
	return v.Kind == jsontree.Array || (v.Kind == jsontree.Object && v.Get("messages") != nil && v.Get("role") == nil)
}

// isMeta reports whether a document is in the metadata-rich format: its
// first message carries "metadata".
func isMeta(v *jsontree.Value) bool {
	for v != nil && v.Kind == jsontree.Array && len(v.Items) > 0 && isConversation(v.Items[0]) {
		v = v.Items[0]
	}
	msgs, _ := messagesOf(v, "")
	if msgs != nil && len(msgs.Items) > 0 {
		return msgs.Items[0].Get("metadata") != nil
	}
	// No message to tell by: a conversation_id says meta. Beside messages
	// it does not, as api keeps an export's id as that field too.
	return v.Kind == jsontree.Object && v.Get("conversation_id") != nil
}

// conversation checks one conversation against the schema (the user's, or
// the embedded one called name) and the conversation rules.
func (v *Validator) conversation(c *jsontree.Value, ptr, name string, report func(Problem)) {
	s, err := v.schema(name)
	if err != nil {
		report(Problem{Pos: Pos(c.Pos), Pointer: ptr, Msg: err.Error(), Rule: RuleSchema})
		return
	}
	probs := s.Validate(c, ptr)
	probs = append(probs, v.rules(c, ptr, probs)...)
	emit(probs, v.opts.Strict, report)
}

// schema returns the user's schema, or the embedded one called name (strict
// with Strict or FineTune).
func (v *Validator) schema(name string) (*Schema, error) {
	if v.opts.Schema != nil {
		return v.opts.Schema, nil
	}
	return Builtin(name, v.opts.Strict || v.opts.FineTune)
}

// rules returns the rules' findings, leaving out any at a place the schema
// already complained about.
func (v *Validator) rules(c *jsontree.Value, ptr string, schemaProbs []Problem) []Problem {
	seen := map[string]bool{}
	for _, p := range schemaProbs {
		seen[p.Pointer] = true
	}
	var out []Problem
	for _, p := range checkRules(c, ptr) {
		if !seen[p.Pointer] {
			out = append(out, p)
		}
	}
	return out
}

// emit reports problems in file order; strict turns warnings into errors.
func emit(probs []Problem, strict bool, report func(Problem)) {
	sortProblems(probs)
	for _, p := range probs {
		if strict {
			p.Warning = false
		}
		report(p)
	}
}
