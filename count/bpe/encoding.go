package bpe

import (
	_ "embed"
	"encoding/binary"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"github.com/convkit/convkit/count/bpe/internal/table"
)

var (
	//go:embed cl100k_base.bin
	cl100kTable string
	//go:embed o200k_base.bin
	o200kTable string
	//go:embed p50k_base.bin
	p50kTable string
	//go:embed r50k_base.bin
	r50kTable string
	//go:embed cl100k_base.long.bin
	cl100kLong string
	//go:embed o200k_base.long.bin
	o200kLong string
	//go:embed p50k_base.long.bin
	p50kLong string
	//go:embed r50k_base.long.bin
	r50kLong string
)

// Encoding counts tokens for one tiktoken encoding. Its only mutable state
// is a pool of memos, so one Encoding serves any number of goroutines.
type Encoding struct {
	name   string
	next   func(s []byte, i int) int
	pairs  []byte // rank of each two-byte string, indexed by b0 | b1<<8
	filter []byte // bit table.FilterBit(hash) set for every token
	slots  []byte
	tails  []byte
	mask   uint64
	maxLen int
	long   longTable // for pieces too long to merge in memory; see long.go
	breaks bool      // the pattern has \s*[\r\n]+, as GPT-2's has not
	kinds  byte      // the class bits that tell apart the kinds Shorten keeps
	memos  sync.Pool // of *Memo, one for each CountPieces at work
}

var encodings = map[string]*struct {
	once   sync.Once
	data   *string
	long   *string
	next   func(s []byte, i int) int
	breaks bool
	kinds  byte
	enc    *Encoding
	err    error
}{
	"cl100k_base": {data: &cl100kTable, long: &cl100kLong, next: nextCl100k, breaks: true, kinds: cL | cN | cSpace},
	"o200k_base":  {data: &o200kTable, long: &o200kLong, next: nextO200k, breaks: true, kinds: cL | cN | cSpace | cUpper | cLower},
	"p50k_base":   {data: &p50kTable, long: &p50kLong, next: nextGPT2, kinds: cL | cN | cSpace},
	"r50k_base":   {data: &r50kTable, long: &r50kLong, next: nextGPT2, kinds: cL | cN | cSpace},
	// Two encodings differ from one above only in their special tokens, which
	// encode_ordinary never produces, so they count with its tables:
	// p50k_edit (p50k_base's ranks and pattern, plus the fill-in-the-middle
	// markers) and o200k_harmony, gpt-oss's (o200k_base's, plus <|start|>,
	// <|message|>, <|channel|>, <|end|>, <|return|>, <|call|>… and reserved
	// tokens), as tiktoken's openai_public.py defines them.
	"p50k_edit":     {data: &p50kTable, long: &p50kLong, next: nextGPT2, kinds: cL | cN | cSpace},
	"o200k_harmony": {data: &o200kTable, long: &o200kLong, next: nextO200k, breaks: true, kinds: cL | cN | cSpace | cUpper | cLower},
}

// Names returns the names of the encodings Get knows, sorted.
func Names() []string { return slices.Sorted(maps.Keys(encodings)) }

// Get returns the named encoding (o200k_base, cl100k_base, p50k_base,
// r50k_base, p50k_edit or o200k_harmony); building it touches only the
// headers of that encoding's embedded tables, once.
func Get(name string) (*Encoding, error) {
	e, ok := encodings[name]
	if !ok {
		return nil, fmt.Errorf("bpe: unknown encoding %q (have %s)", name, strings.Join(Names(), ", "))
	}
	e.once.Do(func() {
		if e.enc, e.err = open(name, *e.data, e.next); e.err == nil {
			e.enc.long, e.err = openLong(name, *e.long, e.enc.maxLen)
			e.enc.breaks, e.enc.kinds = e.breaks, e.kinds
		}
	})
	return e.enc, e.err
}

// open lays an Encoding over its embedded table without copying it: the
// bytes are only ever read.
func open(name, data string, next func([]byte, int) int) (*Encoding, error) {
	b := unsafeBytes(data)
	if len(b) < table.HeaderSize || string(b[:4]) != table.Magic {
		return nil, fmt.Errorf("bpe: %s: corrupt table", name)
	}
	bits := binary.LittleEndian.Uint32(b[4:])
	tails := int(binary.LittleEndian.Uint32(b[8:]))
	slots := table.SlotSize << bits
	if len(b) != table.HeaderSize+table.PairsSize+table.FilterSize+slots+tails {
		return nil, fmt.Errorf("bpe: %s: corrupt table", name)
	}
	maxLen := int(binary.LittleEndian.Uint32(b[12:]))
	b = b[table.HeaderSize:]
	pairs, b := b[:table.PairsSize], b[table.PairsSize:]
	filter, b := b[:table.FilterSize], b[table.FilterSize:]
	return &Encoding{
		memos:  sync.Pool{New: func() any { return NewMemo(memoBits) }},
		name:   name,
		next:   next,
		pairs:  pairs,
		filter: filter,
		slots:  b[:slots],
		tails:  b[slots:],
		mask:   uint64(1)<<bits - 1,
		maxLen: maxLen,
	}, nil
}

// Name returns the encoding's name, as given to Get.
func (e *Encoding) Name() string { return e.name }

// MaxTokenLen returns the length in bytes of the encoding's longest token:
// a text of n bytes has at least n/MaxTokenLen tokens.
func (e *Encoding) MaxTokenLen() int { return e.maxLen }

// Count returns the number of tokens tiktoken's encode_ordinary gives for
// text. Safe for concurrent use.
func (e *Encoding) Count(text string) int {
	return e.CountBytes(unsafeBytes(text))
}

// replaceInvalid returns a copy of text with each byte that is not part of
// a UTF-8 encoded character replaced by U+FFFD, as tiktoken-go's matching
// on []rune(text) sees it, in one allocation.
func replaceInvalid(text []byte) []byte {
	out := make([]byte, 0, len(text)+len(text)/2)
	for i := 0; i < len(text); {
		r, w := utf8.DecodeRune(text[i:])
		if r == utf8.RuneError && w == 1 {
			out = utf8.AppendRune(out, utf8.RuneError)
		} else {
			out = append(out, text[i:i+w]...)
		}
		i += w
	}
	return out
}

// unsafeBytes returns the bytes of s, which must never be written.
func unsafeBytes(s string) []byte {
	return unsafe.Slice(unsafe.StringData(s), len(s))
}

// CountBytes is Count for a byte slice, which it does not modify or keep.
func (e *Encoding) CountBytes(text []byte) int {
	if !utf8.Valid(text) {
		text = replaceInvalid(text)
	}
	return e.CountPieces(text, len(text))
}

// TokenStarts returns the offsets in text at which the tokens of tiktoken's
// encode_ordinary start, in order. A token may start inside a character
// that spans several tokens. Text that is not valid UTF-8 is taken as Count
// takes it, each invalid byte replaced by U+FFFD, and the offsets are into
// that text.
func (e *Encoding) TokenStarts(text string) []int {
	b := unsafeBytes(text)
	if !utf8.Valid(b) {
		b = replaceInvalid(b)
	}
	return e.PieceStarts(b, len(b))
}

// PieceStarts is TokenStarts for the pieces of text that start before end,
// which must be where a piece ends, as CountPieces counts them. text must
// be valid UTF-8.
func (e *Encoding) PieceStarts(text []byte, end int) []int {
	var starts []int
	for i := 0; i < end; {
		j := e.next(text, i)
		p := text[i:j]
		long := false
		if len(p) >= longPiece {
			starts, long = e.startsLong(p, i, starts)
		}
		switch {
		case long:
		case len(p) == 1 || e.rank(p) != noRank:
			starts = append(starts, i)
		default:
			k := len(starts)
			e.mergeLarge(p, &starts)
			for x := k; x < len(starts); x++ {
				starts[x] += i
			}
		}
		i = j
	}
	return starts
}
