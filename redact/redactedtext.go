package redact

import (
	"bufio"
	"errors"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/convkit/convkit/chat"
)

// longText redacts the text sp holds as text redacts a string: it
// returns a Spool that reads sp with the placeholders in place of what
// was found, or sp itself when nothing was. While scanning it records
// what it finds, and changes nothing.
func (r *Redactor) longText(sp chat.Spool, quiet bool) (chat.Spool, error) {
	if r.scanning {
		ls, err := r.det.scanLong(sp)
		if err == nil {
			r.scannedLong[sp] = ls
		}
		return sp, err
	}
	ls, ok := r.scannedLong[sp]
	if !ok {
		var err error
		if ls, err = r.det.scanLong(sp); err != nil {
			return nil, err
		}
	}
	found := slices.Clip(ls.found)
	if !quiet {
		n := len(found)
		for _, m := range ls.marks {
			if r.given[m.value] {
				found = append(found, m)
			} else {
				r.present[m.value] = true
			}
		}
		if len(found) > n {
			found = resolveOverlaps(found)
		}
	}
	if len(found) == 0 {
		return sp, nil
	}
	out := &redactedText{Spool: sp, cuts: make([]replaced, len(found))}
	first := len(r.found)
	for i, s := range found {
		p := r.placeholder(s.kind, s.value)
		out.cuts[i] = replaced{start: s.start, end: s.end, with: p}
		out.runes += utf8.RuneCountInString(p) - utf8.RuneCountInString(s.value)
		if !quiet {
			r.found = append(r.found, Finding{Location: r.at, Kind: s.kind, Placeholder: p, value: s.value})
		}
	}
	if !quiet {
		if err := out.contexts(r.found[first:]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// redactedText is a spooled text with placeholders in place of what was
// found, read from the spool as it is copied. Its Tee is the spool's: a
// count of the text as read (export -f meta --redact), as before.
type redactedText struct {
	chat.Spool
	cuts  []replaced // in order, apart
	runes int        // what the placeholders add to the spool's length
}

// replaced is the text's [start, end) replaced by with.
type replaced struct {
	start, end int
	with       string
}

func (t *redactedText) Open() io.Reader { return &replacing{r: t.Spool.Open(), cuts: t.cuts} }
func (t *redactedText) Runes() int      { return t.Spool.Runes() + t.runes }

// replacing reads r with cuts made.
type replacing struct {
	r    io.Reader
	cuts []replaced
	at   int    // where in r
	with string // the rest of a placeholder to read
}

func (rp *replacing) Read(p []byte) (int, error) {
	for rp.with == "" && len(rp.cuts) > 0 && rp.cuts[0].start == rp.at {
		c := rp.cuts[0]
		if _, err := io.CopyN(io.Discard, rp.r, int64(c.end-c.start)); err != nil {
			return 0, unexpected(err)
		}
		rp.at, rp.with, rp.cuts = c.end, c.with, rp.cuts[1:]
	}
	if rp.with != "" {
		n := copy(p, rp.with)
		rp.with = rp.with[n:]
		return n, nil
	}
	if len(rp.cuts) > 0 {
		p = p[:min(len(p), rp.cuts[0].start-rp.at)]
	}
	n, err := rp.r.Read(p)
	rp.at += n
	if err == io.EOF && len(rp.cuts) > 0 {
		err = io.ErrUnexpectedEOF
	}
	return n, err
}

func unexpected(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}

// contexts sets each finding's Context, one to a cut, as text sets it:
// the runes around its placeholder in the redacted text, read once.
func (t *redactedText) contexts(found []Finding) error {
	type around struct {
		before string
		after  []byte
		runes  int // in after
	}
	arounds := make([]around, len(t.cuts))
	// out is where each placeholder starts in the redacted text.
	out := make([]int, len(t.cuts))
	shift := 0
	for i, c := range t.cuts {
		out[i] = c.start + shift
		shift += len(c.with) - (c.end - c.start)
	}
	const keep = contextRunes + 1 // one more says whether there is more
	var recent []byte             // the last runes read, up to keep
	recentRunes := 0
	next, open := 0, 0 // the next placeholder to start; the first whose after is not full
	br := bufio.NewReaderSize(t.Open(), 64<<10)
	for at := 0; ; {
		for next < len(t.cuts) && out[next] == at {
			arounds[next].before = string(recent)
			next++
		}
		c, size, err := br.ReadRune()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		for k := open; k < next; k++ {
			a := &arounds[k]
			if at >= out[k]+len(t.cuts[k].with) && a.runes < keep {
				a.after = utf8.AppendRune(a.after, c)
				a.runes++
			}
		}
		for open < next && arounds[open].runes == keep {
			open++
		}
		recent = utf8.AppendRune(recent, c)
		if recentRunes++; recentRunes > keep {
			_, first := utf8.DecodeRune(recent)
			recent = recent[:copy(recent, recent[first:])]
			recentRunes--
		}
		at += size
	}
	for i, a := range arounds {
		p := t.cuts[i].with
		found[i].Context = context(a.before+p+string(a.after), len(a.before), len(a.before)+len(p), mask(found[i].value))
	}
	return nil
}

// heldText is a long text redacted whole (see Redactor.heldLong); its
// Tee is the spool's, as redactedText's.
type heldText struct {
	chat.Spool
	text string
}

func (t *heldText) Open() io.Reader { return strings.NewReader(t.text) }
func (t *heldText) Runes() int      { return utf8.RuneCountInString(t.text) }

// heldLong redacts the text sp holds by reading it whole and giving it to
// redact, for what only a whole text can say (whether it is JSON); sp
// itself when redact changes nothing.
func (r *Redactor) heldLong(sp chat.Spool, redact func(string) string) (chat.Spool, error) {
	var b strings.Builder
	if _, err := io.Copy(&b, sp.Open()); err != nil {
		return nil, err
	}
	text := b.String()
	if out := redact(text); out != text {
		return &heldText{Spool: sp, text: out}, nil
	}
	return sp, nil
}
