package hf

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// cut pairs an offset of a stretch of text with the offset of its
// normalization where the two can be cut alike: the normalization of what
// comes before the one is what comes before the other.
type cut struct{ original, normalized int }

// aligner normalizes s as the normalizer does and says where the two texts
// can be cut alike, in increasing order, from 0, 0 to both ends.
type aligner func(s string) (string, []cut)

// aligned returns s normalized and where it can be cut alike. The cuts
// are checked: where the aligner's normalization is not the normalizer's,
// the ends alone are given.
func (t *Tokenizer) aligned(s string) (string, []cut) {
	t.alignOnce.Do(func() {
		if s, err := decodeSpec(t.spec.Normalizer, "normalizer"); err == nil {
			t.align = newAligner(s)
		}
	})
	want := t.normalizer(s)
	if t.align != nil {
		if got, cuts := t.align(s); got == want {
			return got, cuts
		}
	}
	return want, []cut{{0, 0}, {len(s), len(want)}}
}

// newAligner builds the aligner of the normalizer s describes, which
// newNormalizer has accepted; nil when it has no step that aligns.
func newAligner(s spec) aligner {
	if s == nil {
		return nil
	}
	spec := s.normalizer()
	switch spec.Type {
	case "NFC":
		return formAligner(norm.NFC)
	case "NFD":
		return formAligner(norm.NFD)
	case "NFKC":
		return formAligner(norm.NFKC)
	case "NFKD":
		return formAligner(norm.NFKD)
	case "Lowercase":
		return chunkAligner(func(s string) int { _, w := utf8.DecodeRuneInString(s); return w }, strings.ToLower)
	case "Prepend":
		return func(s string) (string, []cut) {
			if s == "" {
				return s, []cut{{0, 0}}
			}
			cuts := []cut{{0, 0}}
			for i := range s {
				cuts = append(cuts, cut{i, len(spec.Prepend) + i})
			}
			return spec.Prepend + s, append(cuts, cut{len(s), len(spec.Prepend) + len(s)})
		}
	case "Replace":
		old := ""
		if spec.Pattern.String != nil {
			old = *spec.Pattern.String
		}
		if old == "" { // a regular expression: the ends alone
			return nil
		}
		return chunkAligner(func(s string) int {
			if strings.HasPrefix(s, old) {
				return len(old)
			}
			_, w := utf8.DecodeRuneInString(s)
			return w
		}, func(chunk string) string { return strings.ReplaceAll(chunk, old, spec.Content) })
	case "Strip":
		return func(s string) (string, []cut) {
			from, to := 0, len(s)
			if spec.Left {
				from = len(s) - len(strings.TrimLeftFunc(s, isWhitespace))
			}
			if spec.Right {
				to = from + len(strings.TrimRightFunc(s[from:], isWhitespace))
			}
			cuts := []cut{{0, 0}}
			for i := range s {
				if i > 0 {
					cuts = append(cuts, cut{i, min(max(i, from), to) - from})
				}
			}
			return s[from:to], append(cuts, cut{len(s), to - from})
		}
	case "Sequence":
		var steps []aligner
		for _, r := range spec.Normalizers {
			if step := r.normalizer(); step.Type == "Sequence" && len(step.Normalizers) == 0 {
				continue
			}
			a := newAligner(r)
			if a == nil {
				return nil
			}
			steps = append(steps, a)
		}
		if len(steps) == 0 {
			return nil
		}
		return func(s string) (string, []cut) {
			s, cuts := steps[0](s)
			for _, step := range steps[1:] {
				var next []cut
				s, next = step(s)
				cuts = compose(cuts, next)
			}
			return s, cuts
		}
	}
	return nil
}

// formAligner cuts before each character that a Unicode normalization
// form normalizes apart from what precedes it.
func formAligner(f norm.Form) aligner {
	return chunkAligner(func(s string) int {
		_, n := utf8.DecodeRuneInString(s)
		for n < len(s) && !f.PropertiesString(s[n:]).BoundaryBefore() {
			_, w := utf8.DecodeRuneInString(s[n:])
			n += w
		}
		return n
	}, f.String)
}

// chunkAligner normalizes s a chunk at a time, next giving the length of
// the chunk s starts with, and cuts between the chunks and inside a chunk
// as tokenizers aligns them: the first character of the normalization
// stands for the characters the chunk lost (a composed character), the
// others for one each, in order, and those the chunk gained (a character
// decomposed) for its last.
func chunkAligner(next func(s string) int, normalize func(string) string) aligner {
	return func(s string) (string, []cut) {
		var b strings.Builder
		b.Grow(len(s) + len(s)/8)
		cuts := []cut{{0, 0}}
		var starts []int // where the characters of the chunk start
		for i := 0; i < len(s); {
			j := i + next(s[i:])
			chunk, out := s[i:j], normalize(s[i:j])
			starts = starts[:0]
			for k := range chunk {
				starts = append(starts, i+k)
			}
			lost := max(len(starts)-utf8.RuneCountInString(out), 0)
			n := 0 // characters of out before k
			for k := range out {
				if n > 0 && lost+n < len(starts) {
					cuts = append(cuts, cut{starts[lost+n], b.Len() + k})
				}
				n++
			}
			b.WriteString(out)
			cuts = append(cuts, cut{j, b.Len()})
			i = j
		}
		return b.String(), cuts
	}
}

// compose returns the cuts of two normalizations one after the other:
// a of the original text into a middle one, b of that into the result;
// the pairs that meet at an offset of the middle text.
func compose(a, b []cut) []cut {
	var out []cut
	j := 0
	for _, x := range a {
		for j < len(b) && b[j].original < x.normalized {
			j++
		}
		for k := j; k < len(b) && b[k].original == x.normalized; k++ {
			out = append(out, cut{x.original, b[k].normalized})
		}
	}
	return out
}
