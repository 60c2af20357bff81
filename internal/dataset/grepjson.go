package dataset

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/convkit/convkit/convert"
	"github.com/convkit/convkit/filter"
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
	text := convert.NewMarshaledEscaper(w)
	if _, err := io.Copy(text, m.TextReader()); err != nil {
		return err
	}
	if err := text.Flush(); err != nil {
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
