package hf

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/convkit/convkit/count/bpe"
)

type modelSpec struct {
	Type                    string            `json:"type"`
	Vocab                   map[string]uint32 `json:"vocab"`
	Merges                  []json.RawMessage `json:"merges"`
	UnkToken                *string           `json:"unk_token"`
	FuseUnk                 bool              `json:"fuse_unk"`
	ByteFallback            bool              `json:"byte_fallback"`
	IgnoreMerges            bool              `json:"ignore_merges"`
	Dropout                 *float64          `json:"dropout"`
	ContinuingSubwordPrefix *string           `json:"continuing_subword_prefix"`
	EndOfWordSuffix         *string           `json:"end_of_word_suffix"`
}

// bpeModel is a BPE model whose vocabulary is keyed by the bytes each token
// stands for (GPT-2's byte alphabet undone when the pipeline is byte-level).
type bpeModel struct {
	vocab        *vocabTable
	merges       *mergeTable
	unk          int64 // -1 without an unknown token
	fuseUnk      bool
	byteFallback bool
	ignoreMerges bool
	byteLevel    bool       // symbols are bytes, not characters
	fallback     [256]int64 // the <0xXX> tokens, -1 where missing
	byteIDs      [256]int64 // the token of each byte, byte-level; -1 where missing
	// bytePairs holds, byte-level, the merge of each two bytes' tokens at
	// 8*(b0<<8|b1): rank (noRank if none) and id, little-endian; a table
	// of 512 KiB that a word's first pairs are looked up in rather than
	// the merges' tens of megabytes. Empty otherwise.
	bytePairs []byte
	// spaced: a long word is counted in parts cut at spaces (spaces.go),
	// except where one of crossings could join them.
	spaced    bool
	crossings []crossing
}

// work is what counting one text needs beyond the tokenizer: a memo of
// the counts of short words and the symbols of the word being merged.
// Tokenizer pools them, so that counting does not allocate in the steady
// state and goroutines never share one.
type work struct {
	memo *bpe.Memo
	ids  []int64
	// mergeLarge's linked list and heap
	next, prev []int32
	heap       bpe.RankHeap
	at         []int32          // where each symbol starts in its word (tokenStarts)
	count      func([]byte) int // m.countWord on this work, for the memo
}

// memoBits sizes a work's memo: 16,384 entries, 384 KiB, which on the
// benchmark corpus leave a third fewer words to merge than count/bpe's
// 4,096 for Llama 3 and Qwen3, whose words are merged by id pairs looked up
// in tables of many megabytes.
const memoBits = 14

func (m *bpeModel) newWork() *work {
	w := &work{memo: bpe.NewMemo(memoBits)}
	w.count = func(p []byte) int { return m.countWord(unsafeString(p), w) }
	return w
}

// newBytePairs returns the bytePairs of m, or nil when m is not
// byte-level or a byte has no token.
func (m *bpeModel) newBytePairs() []byte {
	if !m.byteLevel {
		return nil
	}
	for _, id := range m.byteIDs {
		if id < 0 {
			return nil
		}
	}
	t := make([]byte, 8<<16)
	for i := range 1 << 16 {
		x, ok := m.merges.get(uint32(m.byteIDs[i>>8]), uint32(m.byteIDs[i&0xff]))
		if !ok {
			x.rank = noRank
		}
		binary.LittleEndian.PutUint32(t[8*i:], x.rank)
		binary.LittleEndian.PutUint32(t[8*i+4:], x.id)
	}
	return t
}

// setByteIDs fills byteIDs from the vocabulary.
func (m *bpeModel) setByteIDs() {
	for b := range m.byteIDs {
		m.byteIDs[b] = -1
		if id, ok := m.vocab.get(string([]byte{byte(b)})); ok {
			m.byteIDs[b] = int64(id)
		}
	}
}

func newBPE(spec modelSpec, byteLevel bool) (*bpeModel, error) {
	if spec.Type != "BPE" && spec.Type != "" {
		return nil, &UnsupportedError{Part: "model", Type: spec.Type}
	}
	if spec.Dropout != nil && *spec.Dropout > 0 {
		return nil, &UnsupportedError{Part: "model", Type: "BPE with dropout"}
	}
	if spec.ContinuingSubwordPrefix != nil && *spec.ContinuingSubwordPrefix != "" ||
		spec.EndOfWordSuffix != nil && *spec.EndOfWordSuffix != "" {
		return nil, &UnsupportedError{Part: "model", Type: "BPE with subword prefix or suffix"}
	}
	m := &bpeModel{
		merges:       newMergeTable(len(spec.Merges)),
		unk:          -1,
		fuseUnk:      spec.FuseUnk,
		byteFallback: spec.ByteFallback,
		ignoreMerges: spec.IgnoreMerges,
		byteLevel:    byteLevel,
	}
	var err error
	if m.vocab, err = newVocabTable(spec.Vocab, m.key); err != nil {
		return nil, err
	}
	if spec.UnkToken != nil {
		if id, ok := spec.Vocab[*spec.UnkToken]; ok {
			m.unk = int64(id)
		}
	}
	for b := range m.fallback {
		m.fallback[b] = -1
		if id, ok := spec.Vocab[fmt.Sprintf("<0x%02X>", b)]; ok {
			m.fallback[b] = int64(id)
		}
	}
	var crossings []crossing
	for rank, raw := range spec.Merges {
		a, b, err := mergePair(raw)
		if err != nil {
			return nil, err
		}
		a, b = m.key(a), m.key(b)
		if isCrossing(a, b) {
			crossings = append(crossings, crossing{a, b})
		}
		ia, oka := m.vocab.get(a)
		ib, okb := m.vocab.get(b)
		id, okm := m.vocab.get(a + b)
		if !oka || !okb || !okm {
			return nil, fmt.Errorf("tokenizer.json: merge %d (%q %q) names a token not in the vocabulary", rank, a, b)
		}
		m.merges.add(uint64(ia)<<32|uint64(ib), merge{rank: uint32(rank), id: id})
	}
	m.setByteIDs()
	m.bytePairs = m.newBytePairs()
	unk := ""
	if spec.UnkToken != nil && m.unk >= 0 {
		unk = *spec.UnkToken
	}
	if m.spaced = m.splitsAtSpaces(crossings, unk); m.spaced {
		m.crossings = crossings
	}
	if !m.ignoreMerges {
		w := m.newWork()
		m.vocab.markSelfMerged(func(word string) int {
			w.ids = m.symbols(w.ids[:0], word)
			return m.merge(w.ids, word, w)
		})
	}
	return m, nil
}

// mergePair reads a merge written "a b" or ["a", "b"].
func mergePair(raw json.RawMessage) (string, string, error) {
	// Most merges hold no escape: cut them without a JSON decoder.
	if len(raw) >= 2 && !bytes.ContainsRune(raw, '\\') {
		switch {
		case raw[0] == '"' && raw[len(raw)-1] == '"':
			if a, b, ok := strings.Cut(string(raw[1:len(raw)-1]), " "); ok {
				return a, b, nil
			}
		case raw[0] == '[' && raw[len(raw)-1] == ']':
			parts := strings.Split(string(raw[1:len(raw)-1]), `","`)
			if len(parts) == 2 {
				a, b := strings.TrimSpace(parts[0]), strings.TrimSpace(parts[1])
				if strings.HasPrefix(a, `"`) && strings.HasSuffix(b, `"`) {
					return a[1:], b[:len(b)-1], nil
				}
			}
		}
	}
	var pair []string
	if err := json.Unmarshal(raw, &pair); err == nil && len(pair) == 2 {
		return pair[0], pair[1], nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		if a, b, ok := strings.Cut(s, " "); ok {
			return a, b, nil
		}
	}
	return "", "", fmt.Errorf("tokenizer.json: merge %s is neither \"a b\" nor [\"a\", \"b\"]", raw)
}

// key returns the vocabulary key of token text k: its bytes when the
// pipeline is byte-level, k itself otherwise or when k is not written in
// the byte alphabet (added tokens such as <|begin_of_text|>).
func (m *bpeModel) key(k string) string {
	if !m.byteLevel {
		return k
	}
	b := make([]byte, 0, len(k))
	for _, r := range k {
		c, ok := unicodeToByte[r]
		if !ok {
			return k
		}
		b = append(b, c)
	}
	return string(b)
}

// count returns the number of tokens of word, remembered in w's memo
// when word is short.
func (m *bpeModel) count(word string, w *work) int {
	switch {
	case word == "":
		return 0
	case len(word) <= bpe.MemoMax:
		return w.memo.Count(unsafeBytes(word), w.count)
	case m.spaced:
		return m.countSpaced(word, w)
	}
	return m.countWord(word, w)
}

// countWord returns the number of tokens of word, not empty: one for a
// word in the vocabulary when merges are ignored or when merging it gives
// itself (selfMerged), else the merges.
func (m *bpeModel) countWord(word string, w *work) int {
	if id, ok := m.vocab.find(word); ok && (m.ignoreMerges || id&selfMerged != 0) {
		return 1
	}
	w.ids = m.symbols(w.ids[:0], word)
	return m.merge(w.ids, word, w)
}

// symbols appends to ids the token ids word starts as: one a byte
// (byte-level) or a character, with byte fallback and unknown tokens as
// tokenizers makes them; a character that gives no token gives no id.
func (m *bpeModel) symbols(ids []int64, word string) []int64 {
	ids, _ = m.symbolsAt(ids, nil, word)
	return ids
}

// symbolsAt is symbols that also appends to at, when it is not nil, where
// each symbol starts in word (a run of unknown characters fused into one
// token: where the run starts).
func (m *bpeModel) symbolsAt(ids []int64, at []int32, word string) ([]int64, []int32) {
	if m.byteLevel {
		for i := 0; i < len(word); i++ {
			id := m.byteIDs[word[i]]
			if id < 0 {
				if m.unk >= 0 {
					ids = append(ids, m.unk)
				}
				continue
			}
			ids = append(ids, id)
		}
		if at != nil { // apart, so that counting's loop stays as it is
			for i := 0; i < len(word); i++ {
				if m.byteIDs[word[i]] >= 0 || m.unk >= 0 {
					at = append(at, int32(i))
				}
			}
		}
		return ids, at
	}
	unkPending, unkAt := false, 0
	for i, r := range word {
		w := utf8.RuneLen(r)
		if id, ok := m.vocab.get(word[i : i+w]); ok {
			if unkPending {
				ids, unkPending = append(ids, m.unk), false
				at = appendAt(at, unkAt)
			}
			ids = append(ids, int64(id))
			at = appendAt(at, i)
			continue
		}
		if m.byteFallback && m.fallbackAll(word[i:i+w]) {
			for j := i; j < i+w; j++ {
				ids = append(ids, m.fallback[word[j]])
				at = appendAt(at, j)
			}
			continue
		}
		if m.unk >= 0 {
			if unkPending && !m.fuseUnk {
				ids = append(ids, m.unk)
				at = appendAt(at, unkAt)
			}
			if !unkPending || !m.fuseUnk {
				unkAt = i
			}
			unkPending = true
		}
	}
	if unkPending {
		ids = append(ids, m.unk)
		at = appendAt(at, unkAt)
	}
	return ids, at
}

// appendAt appends i to at, unless at is nil (symbols' callers want no
// offsets).
func appendAt(at []int32, i int) []int32 {
	if at == nil {
		return nil
	}
	return append(at, int32(i))
}

func (m *bpeModel) fallbackAll(s string) bool {
	for j := 0; j < len(s); j++ {
		if m.fallback[s[j]] < 0 {
			return false
		}
	}
	return true
}

// smallWord is the most symbols merged by rescanning all pairs after each
// merge (mergeSmall); quadratic, but fastest while they fit in a few cache
// lines. Longer words go through a heap.
const smallWord = 64

const noRank = ^uint32(0)

// merge applies the merges to ids, the symbols of word, lowest rank first
// and leftmost among equal ranks, as tokenizers' Word::merge_all does, and
// returns how many symbols are left. It may overwrite ids.
func (m *bpeModel) merge(ids []int64, word string, w *work) int {
	n := len(ids)
	if n < 2 {
		return n
	}
	if n <= smallWord {
		return m.mergeSmall(ids, word)
	}
	return m.mergeLarge(ids, w)
}

// mergeSmall is merge for at most smallWord symbols, in fixed memory: it
// looks for the lowest-ranked pair, leftmost first, merges it, and looks
// again. Word::merge_all keeps a heap of candidates, skipping one whose
// pair has changed since it was pushed (its merge no longer gives the same
// token): a pair whose merge gives the same token has the same bytes, so
// the same left part, and is the same pair with the same rank; each merge
// it makes is therefore the lowest-ranked pair present, leftmost among
// equals, which is what this finds.
func (m *bpeModel) mergeSmall(ids []int64, word string) int {
	var mg [smallWord]merge // mg[k] merges ids[k] and ids[k+1]; rank noRank if none
	n := len(ids)
	pair := func(k int) merge {
		if x, ok := m.merges.get(uint32(ids[k]), uint32(ids[k+1])); ok {
			return x
		}
		return merge{rank: noRank}
	}
	if bp := m.bytePairs; len(bp) != 0 && len(word) == n {
		// Each symbol is the token of its byte.
		for k := 0; k+1 < n; k++ {
			i := 8 * (int(word[k])<<8 | int(word[k+1]))
			mg[k] = merge{binary.LittleEndian.Uint32(bp[i:]), binary.LittleEndian.Uint32(bp[i+4:])}
		}
	} else {
		for k := 0; k+1 < n; k++ {
			mg[k] = pair(k)
		}
	}
	for n > 1 {
		low, at := noRank, -1
		for k, x := range mg[:n-1] {
			if x.rank < low {
				low, at = x.rank, k
			}
		}
		if at < 0 {
			break
		}
		ids[at] = int64(mg[at].id)
		copy(ids[at+1:n-1], ids[at+2:n])
		if at+2 < n {
			copy(mg[at+1:n-2], mg[at+2:n-1])
		}
		n--
		if at+1 < n {
			mg[at] = pair(at)
		}
		if at > 0 {
			mg[at-1] = pair(at - 1)
		}
	}
	return n
}

// mergeLarge is merge with the candidate merges in a heap, for words of
// many symbols.
func (m *bpeModel) mergeLarge(ids []int64, w *work) int {
	n := len(ids)
	if cap(w.next) < n {
		w.next, w.prev = make([]int32, n), make([]int32, n)
	}
	next, prev := w.next[:n], w.prev[:n]
	h := w.heap[:0]
	for i := range n {
		next[i], prev[i] = int32(i+1), int32(i-1)
		if i+1 < n {
			if mg, ok := m.merges.get(uint32(ids[i]), uint32(ids[i+1])); ok {
				h = append(h, uint64(mg.rank)<<32|uint64(i))
			}
		}
	}
	next[n-1] = -1
	h.Init()
	push := func(i int32) {
		if j := next[i]; j >= 0 {
			if mg, ok := m.merges.get(uint32(ids[i]), uint32(ids[j])); ok {
				h.Push(uint64(mg.rank)<<32 | uint64(i))
			}
		}
	}
	left := n
	for len(h) > 0 {
		top := h.Pop()
		rank, i := uint32(top>>32), int32(uint32(top))
		j := next[i]
		if ids[i] < 0 || j < 0 {
			continue // merged into its left neighbour, or last, since
		}
		// Ranks are those of distinct pairs, so a pair whose rank is
		// not the one pushed has changed since (mergeSmall says why
		// Word::merge_all's test by the merged token is the same).
		mg, ok := m.merges.get(uint32(ids[i]), uint32(ids[j]))
		if !ok || mg.rank != rank {
			continue
		}
		ids[i] = int64(mg.id)
		ids[j] = -1
		next[i] = next[j]
		if next[j] >= 0 {
			prev[next[j]] = i
		}
		left--
		if p := prev[i]; p >= 0 {
			push(p)
		}
		push(i)
	}
	w.heap = h
	return left
}

// unicodeToByte undoes GPT-2's bytes_to_unicode: printable Latin-1
// characters stand for themselves, the other bytes for U+0100 on.
var unicodeToByte = func() map[rune]byte {
	m := make(map[rune]byte, 256)
	n := 0
	for b := 0; b < 256; b++ {
		if b >= '!' && b <= '~' || b >= 0xA1 && b <= 0xAC || b >= 0xAE && b <= 0xFF {
			m[rune(b)] = byte(b)
		} else {
			m[rune(256+n)] = byte(b)
			n++
		}
	}
	return m
}()

// unsafeBytes returns the bytes of s, which must never be written.
func unsafeBytes(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// unsafeString returns b as a string; b must not change while it is used.
func unsafeString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }
