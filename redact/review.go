package redact

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
)

// Entry is one finding as a review shows it: where it is, what kind, the
// placeholder that replaced it, and its context with the value masked.
type Entry struct {
	File         string `json:"file"`
	Line         int    `json:"line,omitempty"`
	Conversation int    `json:"conversation"`
	Message      int    `json:"message,omitempty"`
	Role         string `json:"role,omitempty"`
	Rejected     bool   `json:"rejected,omitempty"` // message is of a pair's rejected completion
	Field        string `json:"field"`
	Kind         string `json:"kind"`
	Placeholder  string `json:"placeholder"`
	Context      string `json:"context"`
}

// A Review gathers the findings of a run: counted per kind and, when it
// keeps them, placed on their lines to be listed.
type Review struct {
	keep    bool
	counts  map[string]int
	files   []reviewedFile
	entries []Entry
}

type reviewedFile struct {
	name     string
	media    int       // image, audio and file parts removed
	unplaced []Finding // findings whose line is still to be found
	first    int       // the index in entries of the first of them
}

// NewReview returns a review that counts findings, and keeps them to be
// listed when keep is set.
func NewReview(keep bool) *Review { return &Review{keep: keep, counts: map[string]int{}} }

// Add records the findings of one conversation of file. line is the line
// the conversation is on when its input holds one per line; 0 leaves the
// findings to Locate.
func (v *Review) Add(file string, line int, found []Finding) {
	if len(v.files) == 0 || v.files[len(v.files)-1].name != file {
		v.files = append(v.files, reviewedFile{name: file})
	}
	rf := &v.files[len(v.files)-1]
	for _, f := range found {
		v.counts[f.Kind]++
		if f.Media {
			rf.media++
		}
		if !v.keep {
			continue
		}
		if line == 0 && !f.Media {
			if len(rf.unplaced) == 0 {
				rf.first = len(v.entries)
			}
			rf.unplaced = append(rf.unplaced, f)
		}
		v.entries = append(v.entries, Entry{File: file, Line: line, Conversation: f.Conversation, Message: f.Message,
			Role: f.Role, Rejected: f.Rejected, Field: f.Field, Kind: f.Kind, Placeholder: f.Placeholder, Context: f.Context})
	}
}

// Locate finds the lines of the findings Add got without one, reading
// each file that open opens; a file it cannot open keeps them unplaced.
// The values are forgotten once placed.
func (v *Review) Locate(open func(file string) (io.ReadCloser, error)) error {
	for i := range v.files {
		rf := &v.files[i]
		if len(rf.unplaced) == 0 {
			continue
		}
		r, err := open(rf.name)
		if err != nil {
			continue
		}
		lines, err := Locate(r, rf.unplaced)
		r.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", rf.name, err)
		}
		at := rf.first
		for j, f := range rf.unplaced {
			for v.entries[at].Placeholder != f.Placeholder || v.entries[at].Context != f.Context {
				at++ // skip the media entries between them
			}
			v.entries[at].Line = lines[j]
			at++
		}
		rf.unplaced = nil
	}
	return nil
}

// WriteText lists the findings, one a line: FILE:LINE: conv N msg M
// role: kind: context.
func (v *Review) WriteText(w io.Writer) error {
	var b strings.Builder
	for _, e := range v.entries {
		b.WriteString(e.File)
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d", e.Line)
		}
		switch {
		case e.Message > 0 && e.Rejected:
			fmt.Fprintf(&b, ": conv %d rejected msg %d %s: %s: %s\n", e.Conversation, e.Message, e.Role, e.Kind, e.Context)
		case e.Message > 0:
			fmt.Fprintf(&b, ": conv %d msg %d %s: %s: %s\n", e.Conversation, e.Message, e.Role, e.Kind, e.Context)
		default:
			fmt.Fprintf(&b, ": conv %d %s: %s: %s\n", e.Conversation, e.Field, e.Kind, e.Context)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteJSON writes the findings as an indented JSON array of Entry.
func (v *Review) WriteJSON(w io.Writer) error {
	data, err := json.MarshalIndent(append([]Entry{}, v.entries...), "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}

// Total is how many values were found.
func (v *Review) Total() int {
	n := 0
	for _, c := range v.counts {
		n += c
	}
	return n
}

// Counts says how many values of each kind were found, as "2 email, 1
// ip", kinds in alphabetical order.
func (v *Review) Counts() string {
	var kinds []string
	for _, k := range slices.Sorted(maps.Keys(v.counts)) {
		kinds = append(kinds, fmt.Sprintf("%d %s", v.counts[k], k))
	}
	return strings.Join(kinds, ", ")
}

// MediaRemoved calls fn for each file in which media parts were removed,
// with how many.
func (v *Review) MediaRemoved(fn func(file string, n int)) {
	for _, rf := range v.files {
		if rf.media > 0 {
			fn(rf.name, rf.media)
		}
	}
}
