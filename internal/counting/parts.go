package counting

import (
	"bytes"
	"errors"
	"io"
	"runtime"
	"strconv"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/convert"
	"github.com/convkit/convkit/count"
	"github.com/convkit/convkit/internal/app"
	"github.com/convkit/convkit/internal/numfmt"
	"github.com/convkit/convkit/internal/source"
)

// countConversations counts every conversation of every input on all
// cores, the lines of JSON Lines parsed there too, and emits their counts
// in input order.
func countConversations(e *app.Env, opts CountOptions, counter *count.Counter, emit func(*count.ConversationCount) error) error {
	// What reading writes on standard error waits with the part it came
	// with, so that it comes out in input order with what the workers
	// found: the reader runs ahead of them.
	held := new(bytes.Buffer)
	re := *e
	re.Err = held
	r := &partReader{e: &re, out: e, held: held, paths: source.OrStdin(opts.Files), skip: opts.Skip, counter: counter}
	r.opts = Input(counter, source.Options{From: opts.From, Warn: re.Warn})
	defer r.close()
	how := count.BreakdownOptions{Raw: opts.Raw, ByMessage: opts.By == count.ByMessage}
	if table, err := ModelTable(opts.Counter.Models); err == nil && !opts.Counter.Chosen {
		// -m counts all for one model: no need to tell
		r.mixed = &count.MixedModels{Counter: counter, Table: table}
		r.mixed.Told(opts.bodyModel)
	}
	workers := runtime.GOMAXPROCS(0)
	if source.Small(r.paths, smallInput) {
		workers = 1
	}
	err := counter.CountAll(workers, r.next, how, emit)
	if !r.stopped {
		r.say(held.Bytes()) // what reading the last part said
	}
	if r.skipped > 0 {
		e.Warnf("skipped %s that could not be read", numfmt.Plural(r.skipped, "line"))
	}
	return err
}

// partReader reads the conversations of inputs one after the other, a
// long one in parts, and hands the lines of JSON Lines on unparsed.
type partReader struct {
	e       *app.Env      // the reader's: its Err is held
	out     *app.Env      // where what the reader said goes, in order
	held    *bytes.Buffer // what the reader said since the last part
	paths   []string      // the inputs not yet opened
	opts    source.Options
	in      *source.Input // the input being read, or nil
	index   int           // of the conversation being read, within in
	inside  bool          // the last part read has a next part
	skip    bool          // skip the lines of a line-based input that cannot be read
	counter *count.Counter
	mixed   *count.MixedModels // nil: not told

	// In input order, in the parts' Then:
	skipped int  // lines skipped
	stopped bool // a part ended the count: what was read after it is not told
}

// smallInput is the size of input under which counting on one goroutine
// is done before workers would have started: about a millisecond's work.
const smallInput = 64 << 10

// partBytes is about how much source a part of a long conversation holds:
// such a conversation is counted a part at a time, on all cores, and not
// held whole.
const partBytes = 64 << 10

// next returns the next part, opening the next input when one ends, and
// io.EOF after the last.
func (r *partReader) next() (count.Part, error) {
	for {
		if r.in == nil {
			if len(r.paths) == 0 {
				return count.Part{}, io.EOF
			}
			in, err := r.e.OpenInput(r.paths[0], r.opts)
			if err != nil {
				return count.Part{}, err
			}
			r.in, r.paths, r.index = in, r.paths[1:], 0
		}
		u, err := r.in.NextUnparsedPart(partBytes)
		if errors.Is(err, io.EOF) {
			err, r.in = r.in.Close(), nil
			if err != nil {
				return count.Part{}, err
			}
			continue
		}
		if err != nil {
			return count.Part{File: r.in.Name}, err
		}
		lp := &linePart{r: r, u: u, whole: !r.inside && !u.More, skippable: r.skip && u.Raw != nil}
		if u.Raw == nil {
			// Parsed as read (another format, a line too long to hold):
			// only a line-based reader can go on past one it cannot read.
			if lp.conv, err = u.Parse(); err != nil {
				return count.Part{File: r.in.Name}, err
			}
		}
		if r.held.Len() > 0 {
			lp.said = bytes.Clone(r.held.Bytes())
			r.held.Reset()
		}
		if !r.inside {
			r.index++
		}
		r.inside = u.More
		return count.Part{File: r.in.Name, Index: r.index, Line: u.Line, More: u.More, Size: len(u.Raw), Parse: lp.parse, Then: lp.then}, nil
	}
}

// linePart is a part as it goes from the reader to a worker, which parses
// it, and on to its turn in input order (then).
type linePart struct {
	r         *partReader
	u         *source.Unparsed
	whole     bool               // a conversation read in one part
	skippable bool               // a line that --skip-invalid may skip
	conv      *chat.Conversation // parsed as read
	said      []byte             // by the reader, as it read the part
	err       error
	notes     []string // where counts differ from a response's usage
	model     string   // the model a request body names
}

// parse parses the part, and looks at how a whole conversation read from a
// provider's response counts beside the response's usage.
func (lp *linePart) parse() *chat.Conversation {
	c, err := lp.conv, error(nil)
	if c == nil {
		c, err = lp.u.Parse()
	}
	lp.conv, lp.u.Raw = nil, nil // the worker's now
	if err != nil {
		lp.err = err
		return nil
	}
	if !lp.whole {
		return c
	}
	if u, at, ok := convert.ResponseUsage(c); ok {
		if chk := lp.r.counter.CheckUsage(c, at, u); chk.Differs() {
			lp.notes = append(lp.notes, chk.String())
		}
	}
	lp.model = count.BodyModel(c)
	return c
}

// then tells, in input order, what the reader and the parsing said, skips
// or fails on a line that cannot be read, and says where a conversation
// names a model that counts otherwise.
func (lp *linePart) then() error {
	r := lp.r
	r.say(lp.said)
	lp.u.TellTo(r.out.Warn)
	if lp.err != nil {
		if lp.skippable {
			r.skipped++
			r.out.Warnf("%v (line skipped)", lp.err)
			return nil
		}
		r.stopped = true
		return lp.err
	}
	if msg := r.mixed.CheckModel(lp.model); msg != "" {
		lp.notes = append(lp.notes, msg+" (-m chooses the model)")
	}
	for _, n := range lp.notes {
		label := lp.u.Name
		if lp.u.Line > 0 {
			label += ":" + strconv.Itoa(lp.u.Line)
		}
		r.out.Warnf("%s: %s", label, n)
	}
	return nil
}

// say writes what the reader said, as it said it.
func (r *partReader) say(b []byte) {
	if len(b) > 0 {
		r.out.Progress.Clear()
		r.out.Err.Write(b)
	}
}

func (r *partReader) close() {
	if r.in != nil {
		r.in.Close()
	}
}
