package dataset

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/convkit/convkit/filter"
	"github.com/convkit/convkit/internal/runes"
)

// grepJSON is a match as --json prints it.
type grepJSON struct {
	File         string  `json:"file"`
	Line         int     `json:"line"`
	Conversation int     `json:"conversation"`
	Message      int     `json:"message"`
	Role         string  `json:"role"`
	Text         string  `json:"text"`
	Matches      [][]int `json:"matches"`
}

// writeMatchJSON writes m, of record r's conversation conv, as a line of
// --json: a text that spools hold is copied from them, escaped as
// json.Marshal escapes it, and its matches found again as they are
// written, so that neither is held.
func writeMatchJSON(w io.Writer, r *Record, conv int, m filter.Match) error {
	line := grepJSON{r.File, r.Line, conv, m.Index + 1, string(m.Role), m.Text, m.Spans}
	if !m.Spooled() {
		b, _ := json.Marshal(line)
		_, err := fmt.Fprintf(w, "%s\n", b)
		return err
	}
	line.Text, line.Matches = "", nil
	head, _ := json.Marshal(line)
	head = bytes.TrimSuffix(head, []byte(`","matches":null}`)) // ends in the text's opening quote
	if _, err := w.Write(head); err != nil {
		return err
	}
	text := &jsonStringWriter{w: w}
	if _, err := io.Copy(text, m.TextReader()); err != nil {
		return err
	}
	if err := text.flush(); err != nil {
		return err
	}
	spans := []byte(`","matches":[`)
	var err error
	first := true
	serr := m.EachSpan(func(span []int) bool {
		if !first {
			spans = append(spans, ',')
		}
		first = false
		spans = append(strconv.AppendInt(append(strconv.AppendInt(append(spans, '['), int64(span[0]), 10), ','), int64(span[1]), 10), ']')
		if len(spans) >= 32<<10 {
			_, err = w.Write(spans)
			spans = spans[:0]
		}
		return err == nil
	})
	if err != nil || serr != nil {
		return cmp.Or(err, serr)
	}
	_, err = w.Write(append(spans, "]}\n"...))
	return err
}

// jsonStringWriter writes to w what is written to it escaped as
// json.Marshal escapes the inside of a string (HTML's <, > and & too): a
// character split between two writes is escaped whole, once the next
// completes it or flush ends the string.
type jsonStringWriter struct {
	w     io.Writer
	carry []byte
}

func (s *jsonStringWriter) Write(p []byte) (int, error) {
	b := append(s.carry, p...)
	cut := runes.Whole(b)
	if err := s.write(b[:cut]); err != nil {
		return 0, err
	}
	s.carry = append(b[:0], b[cut:]...)
	return len(p), nil
}

func (s *jsonStringWriter) write(b []byte) error {
	if len(b) == 0 {
		return nil
	}
	quoted, _ := json.Marshal(string(b))
	_, err := s.w.Write(quoted[1 : len(quoted)-1])
	return err
}

// flush escapes a character cut short at the string's end.
func (s *jsonStringWriter) flush() error {
	err := s.write(s.carry)
	s.carry = s.carry[:0]
	return err
}
