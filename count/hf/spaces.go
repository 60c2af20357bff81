package hf

import (
	"slices"
	"strings"

	"github.com/convkit/convkit/count/bpe"
)

// spaceMark is SentencePiece's stand-in for a space, which the Metaspace
// pre-tokenizer and Replace normalizers write (Llama 2, Gemma). Such
// tokenizers often split nothing: a whole message is one word, and BPE
// merges it symbol by symbol, each look-up a page of tens of megabytes of
// merges.
const spaceMark = "\u2581"

// A crossing is a merge whose right part starts with spaceMark and whose
// left part does not end with it. Only such a merge makes a token across a
// place where spaceMark follows another character: a first token across
// it comes from merging a part that ends there with one that starts there.
// So where no crossing can join, BPE gives a word the tokens of its two
// sides, and a word split there is counted as the sum of its parts, each
// found whole in the memo or the vocabulary most of the time.
type crossing struct{ left, right string }

// maxCrossings bounds the crossings a model may have and still be split
// (Gemma 3 has one, ">" "▁</"; Llama 2 none); past it, the checks at each
// place would cost more than they save.
const maxCrossings = 64

// isCrossing reports whether merging left and right is a crossing.
func isCrossing(left, right string) bool {
	return strings.HasPrefix(right, spaceMark) && !strings.HasSuffix(left, spaceMark)
}

// splitsAtSpaces reports whether m may count a long word in parts, given
// its crossings and its unknown token's text (unk ""): when it does not,
// a cut could part what BPE joins.
//   - Its symbols are characters, not bytes, and spaceMark is one.
//   - Merges are not ignored: that looks the whole word up first.
//   - No character is dropped (an unknown token, or byte fallback with
//     every byte's token): else the symbols either side of a dropped one
//     meet, and two spaceMarks may merge across a cut.
//   - No crossing holds an unknown or byte token's text: then a crossing
//     is found at a cut from the text there, whose characters are its
//     symbols; and the crossings are few.
func (m *bpeModel) splitsAtSpaces(crossings []crossing, unk string) bool {
	if _, ok := m.vocab.get(spaceMark); !ok || m.byteLevel || m.ignoreMerges || len(crossings) > maxCrossings {
		return false
	}
	if m.unk < 0 {
		if !m.byteFallback || slices.Contains(m.fallback[:], -1) {
			return false
		}
	}
	for _, c := range crossings {
		for _, part := range []string{c.left, c.right} {
			if strings.Contains(part, "<0x") || unk != "" && strings.Contains(part, unk) {
				return false
			}
		}
	}
	return true
}

// countSpaced is count for a word longer than a memo's entries, in a model
// that splits at spaces: the sum of its parts, cut before each spaceMark
// that follows another character where no crossing could join the sides.
func (m *bpeModel) countSpaced(word string, w *work) int {
	n, start := 0, 0
	for i := 1; i < len(word); {
		k := strings.Index(word[i:], spaceMark)
		if k < 0 {
			break
		}
		i += k
		if !strings.HasSuffix(word[:i], spaceMark) && m.mayCut(word, i) {
			n += m.countPart(word[start:i], w)
			start = i
		}
		i += len(spaceMark)
	}
	if start == 0 {
		return m.countWord(word, w)
	}
	return n + m.countPart(word[start:], w)
}

// countPart is count for a part that countSpaced cut: it is not split again.
func (m *bpeModel) countPart(part string, w *work) int {
	if len(part) <= bpe.MemoMax {
		return w.memo.Count(unsafeBytes(part), w.count)
	}
	return m.countWord(part, w)
}

// mayCut reports whether no crossing could join word[:i] and word[i:].
func (m *bpeModel) mayCut(word string, i int) bool {
	for _, c := range m.crossings {
		if strings.HasSuffix(word[:i], c.left) && strings.HasPrefix(word[i:], c.right) {
			return false
		}
	}
	return true
}
