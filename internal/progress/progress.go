// Package progress shows how much of a command's inputs has been read: a
// bar of bytes read against their total size when it is known, a count of
// bytes and the rate otherwise. Whether to show it at all (a terminal, no
// -q, no CONVKIT_NO_PROGRESS) is the caller's decision; a nil *Bar shows
// nothing.
package progress

import (
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
)

// Delay is how long a command runs before it shows progress by default: a
// quick one never does.
const Delay = time.Second

// Bar is how much of the inputs has been read, drawn on w once delay has
// passed. A nil *Bar shows nothing; its methods may be called from several
// goroutines.
type Bar struct {
	mu    sync.Mutex
	w     io.Writer
	total int64 // -1: unknown
	read  int64
	start time.Time
	delay time.Duration
	bar   *progressbar.ProgressBar // nil until shown
}

// New starts a bar for total bytes (-1 when unknown), drawn on w, a
// terminal, once delay has passed.
func New(w io.Writer, total int64, delay time.Duration) *Bar {
	return &Bar{w: w, total: total, start: time.Now(), delay: delay}
}

// Add counts n more bytes read.
func (p *Bar) Add(n int) {
	if p == nil || n <= 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.read += int64(n)
	if p.bar != nil {
		p.bar.Add64(int64(n))
		return
	}
	if time.Since(p.start) < p.delay {
		return
	}
	p.bar = progressbar.NewOptions64(p.total, progressbar.OptionSetWriter(p.w), progressbar.OptionSetDescription("convkit: reading"),
		progressbar.OptionShowBytes(true), progressbar.OptionShowCount(), progressbar.OptionSetWidth(30), progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(), progressbar.OptionSetSpinnerChangeInterval(0))
	p.bar.Add64(p.read)
}

// Clear takes the bar off the terminal's line, to be drawn again on the
// next Add: before a warning, or data on the same terminal.
func (p *Bar) Clear() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		p.bar.Clear()
	}
}

// Done takes the bar away for good.
func (p *Bar) Done() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		p.bar.Finish()
		p.bar = nil
	}
	p.delay = time.Duration(1<<63 - 1) // never again
}

// Reader returns r, counted by the bar; with a nil bar, r itself.
func (p *Bar) Reader(r io.Reader) io.Reader {
	if p == nil {
		return r
	}
	return reader{r, p}
}

// reader counts what is read from r.
type reader struct {
	r io.Reader
	p *Bar
}

func (pr reader) Read(b []byte) (int, error) {
	n, err := pr.r.Read(b)
	pr.p.Add(n)
	return n, err
}

// ClearingWriter returns w, which writes to the terminal the bar is on,
// clearing the bar before each write.
func (p *Bar) ClearingWriter(w io.Writer) io.Writer { return &clearingWriter{w, p} }

type clearingWriter struct {
	w io.Writer
	p *Bar
}

func (cw *clearingWriter) Write(b []byte) (int, error) {
	cw.p.Clear()
	return cw.w.Write(b)
}

// InputsSize is the total size of the inputs at paths ("-" is stdin), or
// -1 when one has none known (a pipe).
func InputsSize(paths []string, stdin io.Reader) int64 {
	var total int64
	for _, p := range paths {
		var st os.FileInfo
		var err error
		if p == "-" {
			f, ok := stdin.(*os.File)
			if !ok {
				return -1
			}
			st, err = f.Stat()
		} else {
			st, err = os.Stat(p)
		}
		if err == nil && !st.Mode().IsRegular() {
			return -1
		}
		if err == nil {
			total += st.Size()
		}
	}
	return total
}
