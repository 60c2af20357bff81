package count

import (
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/convkit/convkit/count/bpe"
)

// chunkSize is how much text Stream counts at once, at least.
var chunkSize = 256 << 10

// runLimit is the longest run of one character, in bytes, that Stream
// holds as it is while it looks for a cut; a longer one is held as
// runKeep copies of the character and a bpe.Repeat for the rest.
var runLimit = 64 << 10

// runKeep copies of a long run's character are kept, half on each side of
// its Repeat, so that the pieces about either end of the run are whole.
const runKeep = 8

// Stream counts the tokens of all the UTF-8 text r holds, as Text would
// count it in one piece, on workers goroutines and in bounded memory.
//
// The text is cut in chunks of at least chunkSize bytes where the
// encoding's pieces allow (see bpe's Cut), so that the counts of the chunks
// add up to the count of the whole. A stretch with no such place is one
// piece or a run of pieces of one kind (white space only, symbols only,
// letters or digits only). Within it, a run of one character longer than
// runLimit is held as a few copies and a count of the rest, so that a run
// of one character (not a digit) takes little memory however long; any
// other such stretch is held whole. Text that is not UTF-8 is an error
// that gives the offset of the first bad byte.
func (c *Counter) Stream(r io.Reader, workers int) (int, error) {
	var (
		buf      []byte
		reps     []bpe.Repeat // runs taken out of buf, in order
		offset   int64        // of buf[0] in the stream
		scanned  int          // buf[:scanned] has no cut point past chunkSize
		squeezed int          // where the last run squeeze saw in buf starts
		done     bool
		rbuf     = make([]byte, 64<<10)
	)
	next := func() (chunk, error) {
		for !done {
			if len(buf) > chunkSize {
				if cut := c.enc.Cut(buf, max(chunkSize, scanned)); cut > 0 {
					k := 0
					for k < len(reps) && reps[k].At < cut {
						k++
					}
					ch := chunk{buf[:cut], reps[:k:k]}
					if err := ch.checkUTF8(offset); err != nil {
						return chunk{}, err
					}
					// The chunk keeps buf's memory; the rest moves on.
					rest := make([]bpe.Repeat, 0, len(reps)-k)
					for _, rp := range reps[k:] {
						rest = append(rest, bpe.Repeat{At: rp.At - cut, Extra: rp.Extra})
					}
					buf, reps, offset = append(make([]byte, 0, max(2*chunkSize, len(buf)-cut)), buf[cut:]...), rest, offset+ch.offset(cut)
					scanned, squeezed = 0, max(squeezed-cut, 0)
					return ch, nil
				}
				buf, reps, squeezed = squeeze(buf, reps, squeezed)
				scanned = max(len(buf)-utf8.UTFMax, 0)
			}
			n, err := r.Read(rbuf)
			buf = append(buf, rbuf[:n]...)
			if errors.Is(err, io.EOF) {
				done = true
			} else if err != nil {
				return chunk{}, err
			}
		}
		if len(buf) == 0 {
			return chunk{}, io.EOF
		}
		ch := chunk{buf, reps}
		if err := ch.checkUTF8(offset); err != nil {
			return chunk{}, err
		}
		buf, reps = nil, nil
		return ch, nil
	}
	type counted struct {
		n   int
		err error
	}
	work := func(ch chunk) counted {
		n, err := c.enc.CountRepeats(ch.text, ch.reps)
		return counted{n, err}
	}
	total := 0
	err := Ordered(workers, next, work, func(n counted) error { total += n.n; return n.err })
	return total, err
}

// NotUTF8Error is text that tiktoken cannot count as it stands.
type NotUTF8Error struct {
	Offset int64 // of the first bad byte
}

func (e *NotUTF8Error) Error() string {
	return fmt.Sprintf("not UTF-8 text (byte %d): tiktoken counts UTF-8 text only", e.Offset)
}

// chunk is text that counts apart, with the runs taken out of it.
type chunk struct {
	text []byte
	reps []bpe.Repeat
}

// offset returns the offset in the stream of ch.text[i], from that of
// ch.text[0].
func (ch chunk) offset(i int) int64 {
	n := int64(i)
	for _, rp := range ch.reps {
		if rp.At < i {
			_, w := utf8.DecodeRune(ch.text[rp.At:])
			n += int64(rp.Extra) * int64(w)
		}
	}
	return n
}

func (ch chunk) checkUTF8(offset int64) error {
	if utf8.Valid(ch.text) {
		return nil
	}
	for i := 0; i < len(ch.text); {
		r, n := utf8.DecodeRune(ch.text[i:])
		if r == utf8.RuneError && n == 1 {
			return &NotUTF8Error{Offset: offset + ch.offset(i)}
		}
		i += n
	}
	return nil
}

// squeeze holds each run of one character in buf[from:] longer than
// runLimit bytes as runKeep copies and a Repeat for the rest, from being
// where a run starts. The last run may go on in what is read next, so it
// returns where that run starts, for the next squeeze to start from; a
// Repeat already there grows with the run.
func squeeze(buf []byte, reps []bpe.Repeat, from int) ([]byte, []bpe.Repeat, int) {
	out, last := from, from
	for i := from; i < len(buf); {
		if !utf8.FullRune(buf[i:]) {
			out += copy(buf[out:], buf[i:])
			break
		}
		r, w := utf8.DecodeRune(buf[i:])
		j := i + w
		if w == 1 {
			for j < len(buf) && buf[j] == buf[i] {
				j++
			}
		} else {
			for j+w <= len(buf) && string(buf[j:j+w]) == string(buf[i:i+w]) {
				j += w
			}
		}
		last = out
		size := j - i
		switch {
		case r == utf8.RuneError && w == 1 || !bpe.Repeatable(r):
		case i == from && len(reps) > 0 && reps[len(reps)-1].At > from: // a held run goes on
			reps[len(reps)-1].Extra += size/w - runKeep
			size = runKeep * w
		case size > runLimit && size/w > runKeep:
			reps = append(reps, bpe.Repeat{At: out + runKeep/2*w, Extra: size/w - runKeep})
			size = runKeep * w
		}
		if out != i {
			copy(buf[out:], buf[i:i+size])
		}
		out += size
		i = j
	}
	return buf[:out], reps, last
}
