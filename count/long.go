package count

import (
	"cmp"
	"errors"
	"io"

	"github.com/convkit/convkit/chat"
)

// Sinks returns the sinks that let a reader give count the strings too
// long to hold (chat.Sink, convert.DecodeOptions.Long): a LongText counted
// with workers goroutines for a text, a LongImage for an image URL, and
// for audio or file data, which count 0, a sink that keeps nothing.
// Content, Message and Conversation then count each message by its sinks.
func (c *Counter) Sinks(workers int) func(kind chat.LongKind) chat.Sink {
	return func(kind chat.LongKind) chat.Sink {
		switch kind {
		case chat.LongText:
			return c.LongText(workers)
		case chat.LongImageURL:
			return c.LongImage()
		}
		return Discard{}
	}
}

// Discard is a chat.Sink that keeps nothing of what it takes: the audio
// and file data that count reads past, or any long string of a reading
// that wants none (count's look at a request body's model).
type Discard struct{}

func (Discard) Write(b []byte) (int, error) { return len(b), nil }
func (Discard) Close() error                { return nil }
func (Discard) Abort()                      {}

// A LongText counts a text written to it in parts, as Text counts it whole,
// in memory that does not grow with it: it stands for a message text too
// long to hold (chat.Content.Long, chat.Part.Long), which Content then
// counts by it. Its Counter counts it with Stream as it is written.
type LongText struct {
	w    *io.PipeWriter
	done chan struct{}
	n    int
	err  error
}

var errAborted = errors.New("count: the text was not read to its end")

// LongText returns a LongText whose text Stream counts with workers
// goroutines. Close or Abort must end it.
func (c *Counter) LongText(workers int) *LongText {
	r, w := io.Pipe()
	l := &LongText{w: w, done: make(chan struct{})}
	go func() {
		defer close(l.done)
		l.n, l.err = c.Stream(r, workers)
		// A Write after a failed count fails too, rather than waiting.
		r.CloseWithError(cmp.Or(l.err, io.ErrClosedPipe))
	}()
	return l
}

// Write adds b to the text.
func (l *LongText) Write(b []byte) (int, error) { return l.w.Write(b) }

// Close ends the text and waits for its count.
func (l *LongText) Close() error {
	l.w.Close()
	<-l.done
	return l.err
}

// Abort ends a text that will not be counted.
func (l *LongText) Abort() {
	l.w.CloseWithError(errAborted)
	<-l.done
}

// Tokens returns the text's count, once Close has returned nil.
func (l *LongText) Tokens() int { return l.n }

// A LongImage reads the size of an image from a data: URL, or its base64
// data alone (dataSizeFrom), written to it in parts, as Image reads it from the whole URL, reading no more of it
// than the image's header: it stands for an image_url part's URL too long
// to hold (chat.Part.Long).
type LongImage struct {
	pw   *io.PipeWriter
	done chan struct{}
	w, h int
	ok   bool
}

// LongImage returns a LongImage. Close or Abort must end it.
func (c *Counter) LongImage() *LongImage {
	r, w := io.Pipe()
	l := &LongImage{pw: w, done: make(chan struct{})}
	go func() {
		defer close(l.done)
		l.w, l.h, l.ok = dataSizeFrom(r)
		io.Copy(io.Discard, r) // the rest of the URL
	}()
	return l
}

// Write adds b to the URL.
func (l *LongImage) Write(b []byte) (int, error) { return l.pw.Write(b) }

// Close ends the URL and waits for the size.
func (l *LongImage) Close() error {
	l.pw.Close()
	<-l.done
	return nil
}

// Abort ends a URL that will not be read to its end.
func (l *LongImage) Abort() {
	l.pw.CloseWithError(errAborted)
	<-l.done
}

// text counts s, or the LongText that stands for it.
func (c *Counter) text(s string, long chat.Sink) int {
	if l, ok := chat.Counted(long).(*LongText); ok {
		return l.n
	}
	return c.Text(s)
}
