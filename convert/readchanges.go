package convert

import "github.com/convkit/convkit/internal/jsontree"

// readChanges tells, once per kind and input, what a reader changes or
// leaves out of what it reads (a ShareGPT sender renamed, a Claude.ai tool
// call written as a placeholder); under Strict it refuses it instead.
type readChanges struct {
	warn   func(Pos, string)
	strict bool
	told   map[string]bool
}

func newReadChanges(opts DecodeOptions) *readChanges {
	return &readChanges{warn: opts.Warn, strict: opts.Strict, told: map[string]bool{}}
}

// change reports msg, about v at ptr, unless a change of the same kind was
// reported before; under Strict it returns the error that stops the read.
// A nil ch tells nothing.
func (ch *readChanges) change(v *jsontree.Value, ptr, kind, msg string) error {
	if ch == nil {
		return nil
	}
	if ch.strict {
		return &Error{Pos: Pos(v.Pos), Pointer: ptr, Msg: msg, Err: ErrChanged}
	}
	if !ch.told[kind] && ch.warn != nil {
		ch.told[kind] = true
		ch.warn(Pos(v.Pos), ptr+": "+msg+" (told once per kind)")
	}
	return nil
}
