package count

import "github.com/convkit/convkit/chat"

// A Part is a conversation, or a part of one, as a reader hands it to
// CountAll: a conversation too long to hold comes in parts, each but the
// last with More set, all with the same File and Index.
type Part struct {
	File  string // the input, as a report shows it
	Index int    // the conversation's, 1-based within File
	Line  int    // the line it starts on, for a file of one per line (JSONL); else 0
	Conv  *chat.Conversation
	More  bool
	// Parse, when set, gives Conv on the worker that counts the part (a
	// line read but not yet parsed, so that parsing runs on every core);
	// Size is then about its bytes. A nil Conv skips the part: the Index
	// of the conversations after it in its input is one less.
	Parse func() *chat.Conversation
	Size  int
	// Then, when set, runs in input order, after Parse, before the part's
	// count is emitted; an error from it ends the count.
	Then func() error
}

// Parts travel between goroutines in batches of about this many, or this
// many bytes of text, so that handing work over costs little next to
// counting it.
const batchParts, batchBytes = 32, 256 << 10

// CountAll counts the conversations whose parts next returns, until it
// returns io.EOF, on workers goroutines, and hands each conversation's
// count to emit in input order, its parts joined and labelled as a
// Labeler does. Any other error from next ends the count after the
// conversations before it are emitted, and CountAll returns it; the Part
// next returns with it names the File that failed.
func (c *Counter) CountAll(workers int, next func() (Part, error), o BreakdownOptions, emit func(*ConversationCount) error) error {
	b := &batcher{next: next}
	labels := Labeler{Emit: emit}
	type counted struct {
		cc   *ConversationCount
		skip bool // Parse gave no conversation
		then func() error
	}
	work := func(batch []Part) []counted {
		ccs := make([]counted, len(batch))
		for i, p := range batch {
			ccs[i].then = p.Then
			if p.Parse != nil {
				if p.Conv = p.Parse(); p.Conv == nil {
					ccs[i].cc, ccs[i].skip = &ConversationCount{File: p.File, Index: p.Index}, true
					continue
				}
			}
			po := o
			po.More = p.More
			cc := c.Breakdown(p.Conv, po)
			cc.File, cc.Index, cc.Line = p.File, p.Index, p.Line
			ccs[i].cc = cc
		}
		return ccs
	}
	skips := skipped{}
	err := Ordered(workers, b.batch, work, func(ccs []counted) error {
		for _, cc := range ccs {
			if cc.then != nil {
				if err := cc.then(); err != nil {
					b.failed = cc.cc.File
					return err
				}
			}
			if !skips.renumber(cc.cc, cc.skip) {
				continue
			}
			if err := labels.Add(cc.cc); err != nil {
				return err
			}
		}
		return nil
	})
	if ferr := labels.Flush(b.failed); err == nil {
		err = ferr
	}
	return err
}

// skipped numbers conversations again past those skipped (Part.Parse): a
// part's Index counts those read, skipped or not, from 1 in each input.
type skipped struct {
	n      int  // skipped so far in the input being read
	inside bool // the last part has a next
}

// renumber sets cc's Index, and returns false for a part skipped.
func (s *skipped) renumber(cc *ConversationCount, skip bool) bool {
	if cc.Index == 1 && !s.inside {
		s.n = 0 // a new input
	}
	if skip {
		s.n++
		return false
	}
	s.inside = cc.More
	cc.Index -= s.n
	return true
}

// batcher gathers the parts next returns into batches.
type batcher struct {
	next    func() (Part, error)
	failed  string // the File whose reading failed
	pending error  // to return after the batch it cut short
}

func (b *batcher) batch() ([]Part, error) {
	if b.pending != nil {
		return nil, b.pending
	}
	var batch []Part
	for size := 0; len(batch) < batchParts && size < batchBytes; {
		p, err := b.next()
		if err != nil {
			b.failed = p.File
			if len(batch) == 0 {
				return nil, err
			}
			b.pending = err
			break
		}
		batch = append(batch, p)
		if p.Parse != nil {
			size += p.Size
		} else {
			size += textSize(p.Conv)
		}
	}
	return batch, nil
}

// textSize is about how many bytes of text a conversation holds.
func textSize(c *chat.Conversation) int {
	n := 0
	for i := range c.Messages {
		m := &c.Messages[i]
		n += len(m.Content.Text)
		for _, p := range m.Content.Parts {
			n += len(p.Text) + len(p.ImageURL)
		}
		for _, tc := range m.ToolCalls {
			n += len(tc.Arguments)
		}
	}
	return n
}
