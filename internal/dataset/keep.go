package dataset

import (
	"bytes"
	"fmt"
	"io"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/filter"
	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/schema"
)

// A Keeper decides which records filter keeps, and with which messages.
// It is safe for concurrent use, so that Parallel's workers decide.
type Keeper struct {
	Validity  string // "valid" or "invalid": keep the lines that pass, or fail, validate; "" for all
	Validator *schema.Validator
	Prog      *filter.Program        // the conversation expression, or nil
	Messages  *filter.MessageProgram // --messages, or nil
	Counter   filter.Counter         // for expressions that use tokens
}

// Keep returns whether r is kept and, if so, the conversation to write
// and how many messages --messages dropped from it.
func (k *Keeper) Keep(r *Record) (conv *chat.Conversation, dropped int, keep bool, err error) {
	if k.Validity != "" {
		ok, err := k.valid(r)
		if err != nil || ok != (k.Validity == "valid") {
			return nil, 0, false, err
		}
	}
	if r.Conv != nil && k.Prog != nil {
		ok, err := k.Prog.Match(r.Conv, r.Line, k.Counter)
		if err != nil || !ok {
			return nil, 0, false, where(r, err)
		}
	}
	conv = r.Conv
	if k.Messages != nil && conv != nil {
		if conv, dropped, err = k.Messages.Apply(conv, k.Counter); err != nil {
			return nil, 0, false, where(r, err)
		}
	}
	return conv, dropped, true, nil
}

// decidesWithoutTokens says whether the keeper decides without counting
// tokens (--valid reads the line, not the conversation), so that filter
// can read long strings into spools and write them through (passLong):
// an expression that reads a text reads it from its spool, held once
// while it runs.
func (k *Keeper) decidesWithoutTokens() bool {
	return (k.Prog == nil || !k.Prog.UsesTokens()) && (k.Messages == nil || !k.Messages.UsesTokens())
}

// where puts the record's place before an error of its expression.
func where(r *Record, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", r.Where(), err)
}

// valid reports whether r's line passes validate's checks: no error,
// warnings allowed. A line that could not be read does not; a line of any
// length is checked (read from its file when too long to hold, see
// Options.KeepLong).
func (k *Keeper) valid(r *Record) (bool, error) {
	if !r.hasSource() {
		return false, cmderr.Usagef("%s: --valid and --invalid read JSON Lines, one conversation per line", r.File)
	}
	if r.Err != nil {
		return false, nil
	}
	var src io.Reader = bytes.NewReader(r.Raw)
	if r.Raw == nil {
		src = r.Long.Reader()
	}
	ok := true
	err := k.Validator.CheckLine(src, func(p schema.Problem) {
		if !p.Warning {
			ok = false
		}
	})
	if err != nil {
		return false, fmt.Errorf("%s: %w", r.Where(), err)
	}
	return ok, nil
}
