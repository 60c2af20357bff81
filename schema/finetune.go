package schema

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"

	"github.com/convkit/convkit/internal/jsontree"
	"github.com/convkit/convkit/internal/numfmt"
)

// The figures of OpenAI's fine-tuning data preparation notebook.
const (
	// DefaultMaxTokens is the token limit of one training example; longer
	// ones are truncated.
	DefaultMaxTokens  = 16385
	targetEpochs      = 3
	minTargetExamples = 100
	maxTargetExamples = 25000
	minDefaultEpochs  = 1
	maxDefaultEpochs  = 25
)

// Stats are the statistics of a fine-tuning dataset, as the notebook
// prints them.
type Stats struct {
	Examples      int // lines holding an example
	Invalid       int // examples with at least one error
	MissingSystem int // examples without a system message
	MissingUser   int // examples without a user message
	Messages      []int
	Tokens        []int // per counted example
	AssistantToks []int // per counted example
	OverLimit     int   // counted examples over the token limit
	// Shape is the trainer's shape the examples have (trl-preference,
	// alpaca…), "" for OpenAI's chat examples.
	Shape     string
	counted   bool
	maxTokens int
}

// example checks one fine-tuning example and adds it to st.
func (v *Validator) example(ex *jsontree.Value, line []byte, st *Stats, report func(Problem)) {
	if name := v.lineSchema(ex); isShape(name) {
		v.shapeExample(ex, line, name, st, report)
		return
	}
	s, err := v.schema("jsonl-line")
	if err != nil {
		report(Problem{Pos: Pos(ex.Pos), Msg: err.Error(), Rule: RuleSchema})
		return
	}
	probs := s.Validate(ex, "")
	probs = append(probs, v.rules(ex, "", probs)...)
	st.Examples++
	msgs, mptr := messagesOf(ex, "")
	if ex.Kind != jsontree.Object {
		msgs = nil
	}
	if msgs != nil {
		roles := map[string]bool{}
		for i, m := range msgs.Items {
			r := m.Get("role")
			if r == nil || r.Kind != jsontree.String {
				continue
			}
			roles[r.Str] = true
			if w := m.Get("weight"); w != nil && r.Str != "assistant" {
				probs = append(probs, Problem{Pos: Pos(w.Pos), Pointer: mptr + "/" + strconv.Itoa(i) + "/weight", Rule: RuleWeightNotAssistant,
					Msg: "weight on a " + r.Str + " message: only assistant messages are weighted"})
			}
		}
		if !roles["assistant"] && len(msgs.Items) > 0 {
			probs = append(probs, Problem{Pos: Pos(msgs.Pos), Pointer: mptr, Rule: RuleNoAssistant,
				Msg: "no assistant message: a training example needs at least one"})
		}
		if !roles["system"] && !roles["developer"] {
			st.MissingSystem++
		}
		if !roles["user"] {
			st.MissingUser++
		}
		st.Messages = append(st.Messages, len(msgs.Items))
	}
	v.finishExample(ex, line, probs, st, report)
}

// finishExample counts an example's tokens when it has no error, adds it
// to st and reports its problems.
func (v *Validator) finishExample(ex *jsontree.Value, line []byte, probs []Problem, st *Stats, report func(Problem)) {
	bad := false
	for _, p := range probs {
		bad = bad || !p.Warning
	}
	if bad {
		st.Invalid++
	} else if v.opts.Tokens != nil {
		if total, asst, err := v.opts.Tokens(line); err == nil {
			st.Tokens = append(st.Tokens, total)
			st.AssistantToks = append(st.AssistantToks, asst)
			if total > st.maxTokens {
				st.OverLimit++
				probs = append(probs, Problem{Pos: Pos(ex.Pos), Rule: RuleTooLong, Warning: true,
					Msg: fmt.Sprintf("%d tokens, %d over the limit of %d: training truncates it", total, total-st.maxTokens, st.maxTokens)})
			}
		}
	}
	emit(probs, v.opts.Strict, report)
}

// merge adds the statistics of the examples that follow those of s.
func (s *Stats) merge(o *Stats) {
	s.Examples += o.Examples
	s.Invalid += o.Invalid
	s.MissingSystem += o.MissingSystem
	s.MissingUser += o.MissingUser
	s.OverLimit += o.OverLimit
	s.Messages = append(s.Messages, o.Messages...)
	s.Tokens = append(s.Tokens, o.Tokens...)
	s.AssistantToks = append(s.AssistantToks, o.AssistantToks...)
	if o.Shape != "" {
		s.Shape = o.Shape
	}
}

// Epochs returns the number of epochs fine-tuning picks by default for a
// dataset of n examples.
func Epochs(n int) int {
	switch {
	case n == 0:
		return 0
	case n*targetEpochs < minTargetExamples:
		return min(maxDefaultEpochs, minTargetExamples/n)
	case n*targetEpochs > maxTargetExamples:
		return max(minDefaultEpochs, maxTargetExamples/n)
	}
	return targetEpochs
}

// BilledTokens returns the tokens one epoch is charged for: each counted
// example's, up to the limit.
func (s *Stats) BilledTokens() int {
	n := 0
	for _, t := range s.Tokens {
		n += min(t, s.maxTokens)
	}
	return n
}

// WriteTo prints the statistics as the notebook does, in plain words.
func (s *Stats) WriteTo(w io.Writer) (int64, error) {
	cw := &countWriter{w: w}
	p := func(format string, args ...any) { fmt.Fprintf(cw, format+"\n", args...) }
	p("examples: %s (%s with errors)", n(s.Examples), n(s.Invalid))
	if s.Examples == 0 {
		return cw.n, cw.err
	}
	p("examples without a system message: %s", n(s.MissingSystem))
	p("examples without a user message: %s", n(s.MissingUser))
	p("messages per example: %s", distribution(s.Messages))
	if !s.counted {
		p("tokens: not counted")
		return cw.n, cw.err
	}
	p("examples counted (those without errors): %s", n(len(s.Tokens)))
	p("tokens per example: %s", distribution(s.Tokens))
	p("assistant tokens per example: %s", distribution(s.AssistantToks))
	p("examples over the %s-token limit: %s (truncated in training)", n(s.maxTokens), n(s.OverLimit))
	if !ForOpenAI(s.Shape) { // OpenAI's billing means nothing to a TRL or Alpaca trainer
		return cw.n, cw.err
	}
	epochs := Epochs(len(s.Tokens))
	billed := s.BilledTokens()
	p("billed tokens per epoch: ~%s", n(billed))
	p("epochs by default: %d", epochs)
	p("billed tokens in all: ~%s", n(billed*epochs))
	return cw.n, cw.err
}

type countWriter struct {
	w   io.Writer
	n   int64
	err error
}

func (c *countWriter) Write(b []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(b)
	c.n += int64(n)
	c.err = err
	return n, err
}

// Distribution summarises values as the notebook does: min / max, mean /
// median, and the 5th and 95th percentiles.
type Distribution struct {
	Min    int     `json:"min"`
	Max    int     `json:"max"`
	Mean   float64 `json:"mean"`
	Median float64 `json:"median"`
	P5     float64 `json:"p5"`
	P95    float64 `json:"p95"`
}

func distributionOf(values []int) *Distribution {
	if len(values) == 0 {
		return nil
	}
	v := append([]int(nil), values...)
	sort.Ints(v)
	sum := 0
	for _, x := range v {
		sum += x
	}
	r := func(f float64) float64 { return math.Round(f*100) / 100 }
	return &Distribution{Min: v[0], Max: v[len(v)-1], Mean: r(float64(sum) / float64(len(v))),
		Median: r(quantile(v, 0.5)), P5: r(quantile(v, 0.05)), P95: r(quantile(v, 0.95))}
}

func distribution(values []int) string {
	d := distributionOf(values)
	if d == nil {
		return "none"
	}
	return fmt.Sprintf("min %s, max %s, mean %s, median %s, p5 %s, p95 %s", n(d.Min), n(d.Max), num(d.Mean), num(d.Median), num(d.P5), num(d.P95))
}

// MarshalJSON writes the statistics as one object of figures.
func (s *Stats) MarshalJSON() ([]byte, error) {
	out := struct {
		Examples      int           `json:"examples"`
		Invalid       int           `json:"with_errors"`
		MissingSystem int           `json:"without_system"`
		MissingUser   int           `json:"without_user"`
		Messages      *Distribution `json:"messages_per_example"`
		Tokens        *Distribution `json:"tokens_per_example,omitempty"`
		Assistant     *Distribution `json:"assistant_tokens_per_example,omitempty"`
		Counted       *int          `json:"counted,omitempty"`
		OverLimit     *int          `json:"over_token_limit,omitempty"`
		Billed        *int          `json:"billed_tokens_per_epoch,omitempty"`
		Epochs        *int          `json:"epochs,omitempty"`
	}{Examples: s.Examples, Invalid: s.Invalid, MissingSystem: s.MissingSystem, MissingUser: s.MissingUser, Messages: distributionOf(s.Messages)}
	if s.counted {
		billed, epochs, counted := s.BilledTokens(), Epochs(len(s.Tokens)), len(s.Tokens)
		out.Counted = &counted
		out.Tokens, out.Assistant = distributionOf(s.Tokens), distributionOf(s.AssistantToks)
		out.OverLimit = &s.OverLimit
		if ForOpenAI(s.Shape) {
			out.Billed, out.Epochs = &billed, &epochs
		}
	}
	return json.Marshal(out)
}

// quantile interpolates linearly between sorted values, as numpy does.
func quantile(sorted []int, q float64) float64 {
	pos := q * float64(len(sorted)-1)
	lo := int(math.Floor(pos))
	hi := min(lo+1, len(sorted)-1)
	frac := pos - float64(lo)
	return float64(sorted[lo]) + frac*float64(sorted[hi]-sorted[lo])
}

// num prints a figure with at most two decimals.
// num writes a figure with its digits grouped, and as many decimals as
// it has.
func num(f float64) string { return numfmt.Decimal(f, -1) }

// n writes a count with its digits grouped.
func n(i int) string { return numfmt.Thousands(int64(i)) }
