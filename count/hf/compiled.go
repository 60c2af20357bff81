package hf

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// A compiled tokenizer is a tokenizer.json with its vocabulary and merges
// already built into the tables the counter reads (table.go): loading one
// is mapping a file into memory, where tokenizer.json asks for decoding
// megabytes of JSON and hashing every token and merge (seconds for Gemma
// 3's 33 MB). The tables are used where they lie, so a count reads only
// the pages it needs.
//
//	magic | meta length (u32) | 8 section lengths (u32) | meta |
//	CRC-32C of all before (u32) | CRC-32C of the sections (u32) | zeros to a multiple of 8 |
//	vocab slots | vocab offsets | vocab bytes | merge slots | byte pairs (or none) |
//	the trie of added tokens found in the raw text, then of those found in
//	the normalized text (added.go) | byte fallback ids, then byte ids
//	(256 int64 each), each followed by zeros to a multiple of 8
//
// The meta is the model's settings and the JSON of the pipeline's steps
// (appendMeta); the added tokens are in sections instead, their tries
// used where they lie, so that thousands of them (Gemma 3's 6,415) cost a
// load nothing, and the two tables of 256 ids, binary so that a load
// decodes no 512 numbers.
const compiledMagic = "convkit hf tokenizer " + compiledVersion + "\n"

// compiledVersion changes with the layout; it names the cache's files too,
// so that two convkits of different layouts sharing a cache (two versions
// installed, one cache directory) do not rewrite each other's files.
const compiledVersion = "8"

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// compiledMeta is what a compiled tokenizer keeps of the model's settings
// and of the pipeline.
type compiledMeta struct {
	Pipeline     pipelineSpec
	Unk          int64
	FuseUnk      bool
	ByteFallback bool
	IgnoreMerges bool
	ByteLevel    bool
	Spaced       bool
	Crossings    []crossing
}

// appendMeta writes m: unk (i64) | flags (a byte) | the normalizer's,
// pre-tokenizer's and post-processor's JSON, then the left and right part
// of each crossing, each its length (u32) then its bytes. It is binary so
// that a load runs no JSON decoder on it.
func appendMeta(b []byte, m compiledMeta) []byte {
	b = binary.LittleEndian.AppendUint64(b, uint64(m.Unk))
	var flags byte
	for i, on := range []bool{m.FuseUnk, m.ByteFallback, m.IgnoreMerges, m.ByteLevel, m.Spaced} {
		if on {
			flags |= 1 << i
		}
	}
	b = append(b, flags)
	parts := [][]byte{m.Pipeline.Normalizer, m.Pipeline.PreTokenizer, m.Pipeline.PostProcessor}
	for _, c := range m.Crossings {
		parts = append(parts, []byte(c.left), []byte(c.right))
	}
	for _, p := range parts {
		b = binary.LittleEndian.AppendUint32(b, uint32(len(p)))
		b = append(b, p...)
	}
	return b
}

// readMeta reads what appendMeta wrote.
func readMeta(b []byte) (compiledMeta, bool) {
	var m compiledMeta
	if len(b) < 9 {
		return m, false
	}
	m.Unk, b = int64(binary.LittleEndian.Uint64(b)), b[8:]
	flags := b[0]
	m.FuseUnk, m.ByteFallback, m.IgnoreMerges, m.ByteLevel, m.Spaced = flags&1 != 0, flags&2 != 0, flags&4 != 0, flags&8 != 0, flags&16 != 0
	b = b[1:]
	var parts [][]byte
	for len(b) != 0 {
		if len(b) < 4 {
			return m, false
		}
		n := binary.LittleEndian.Uint32(b)
		if uint64(n) > uint64(len(b)-4) {
			return m, false
		}
		parts, b = append(parts, b[4:4+n]), b[4+n:]
	}
	if len(parts) < 3 || len(parts)%2 != 1 {
		return m, false
	}
	m.Pipeline.Normalizer, m.Pipeline.PreTokenizer, m.Pipeline.PostProcessor = parts[0], parts[1], parts[2]
	for i := 3; i < len(parts); i += 2 {
		m.Crossings = append(m.Crossings, crossing{string(parts[i]), string(parts[i+1])})
	}
	return m, true
}

const compiledSections = 8

// byteTables is the last section: the model's byte fallback ids, then its
// byte ids, looked up once in the vocabulary when compiling rather than at
// each load (256 look-ups are as many page faults in a mapped table).
func byteTables(m *bpeModel) []byte {
	out := make([]byte, 0, 2*256*8)
	for _, t := range [][256]int64{m.fallback, m.byteIDs} {
		for _, id := range t {
			out = binary.LittleEndian.AppendUint64(out, uint64(id))
		}
	}
	return out
}

// readByteTables reads what byteTables wrote into m.
func readByteTables(b []byte, m *bpeModel) bool {
	if len(b) != 2*256*8 {
		return false
	}
	for i := range 256 {
		m.fallback[i] = int64(binary.LittleEndian.Uint64(b[8*i:]))
		m.byteIDs[i] = int64(binary.LittleEndian.Uint64(b[256*8+8*i:]))
	}
	return true
}

func pad8(n int) int { return (n + 7) &^ 7 }

// Compile returns t in the form LoadCompiled reads.
func (t *Tokenizer) Compile() []byte {
	m := t.model
	meta := appendMeta(nil, compiledMeta{Pipeline: t.spec, Unk: m.unk, FuseUnk: m.fuseUnk, ByteFallback: m.byteFallback,
		IgnoreMerges: m.ignoreMerges, ByteLevel: m.byteLevel, Spaced: m.spaced, Crossings: m.crossings})
	sections := [compiledSections][]byte{m.vocab.slots, m.vocab.offs, []byte(m.vocab.blob), m.merges.slots, m.bytePairs,
		t.raw.data, t.normalized.data, byteTables(m)}
	out := []byte(compiledMagic)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(meta)))
	for _, s := range sections {
		out = binary.LittleEndian.AppendUint32(out, uint32(len(s)))
	}
	out = append(out, meta...)
	out = binary.LittleEndian.AppendUint32(out, crc32.Checksum(out, castagnoli))
	size := 0
	for _, s := range sections {
		size += pad8(len(s))
	}
	body := make([]byte, 0, size)
	for _, s := range sections {
		body = append(body, s...)
		body = append(body, make([]byte, pad8(len(s))-len(s))...)
	}
	out = binary.LittleEndian.AppendUint32(out, crc32.Checksum(body, castagnoli))
	out = append(out, make([]byte, pad8(len(out))-len(out))...)
	return append(out, body...)
}

var errCorrupt = errors.New("compiled tokenizer: corrupt")

// LoadCompiled reads what Compile wrote; a truncated or altered one is an
// error, never a wrong count. The tokenizer uses data as it is: data must
// not change while it is in use.
func LoadCompiled(data []byte) (*Tokenizer, error) { return loadCompiled(data, true) }

// loadCompiled is LoadCompiled; without check, it checks the header and
// the meta but trusts the tables, for a file already checked
// (compiledFile says when that is known).
func loadCompiled(data []byte, check bool) (*Tokenizer, error) {
	const head = len(compiledMagic) + 4*(1+compiledSections)
	if len(data) < head || string(data[:len(compiledMagic)]) != compiledMagic {
		return nil, errCorrupt
	}
	n := int(binary.LittleEndian.Uint32(data[len(compiledMagic):]))
	if n > len(data)-head-8 {
		return nil, errCorrupt
	}
	at := head + n
	if crc32.Checksum(data[:at], castagnoli) != binary.LittleEndian.Uint32(data[at:]) {
		return nil, errCorrupt
	}
	bodyCRC := binary.LittleEndian.Uint32(data[at+4:])
	at = pad8(at + 8)
	body := at
	var sections [compiledSections][]byte
	for i := range sections {
		size := int(binary.LittleEndian.Uint32(data[len(compiledMagic)+4+4*i:]))
		if size > len(data)-at {
			return nil, errCorrupt
		}
		sections[i], at = data[at:at+size], at+pad8(size)
	}
	if at != len(data) || check && crc32.Checksum(data[body:], castagnoli) != bodyCRC {
		return nil, errCorrupt
	}
	meta, ok := readMeta(data[head : head+n])
	if !ok {
		return nil, errCorrupt
	}
	vocab := &vocabTable{slots: sections[0], offs: sections[1], blob: unsafeString(sections[2])}
	merges := &mergeTable{slots: sections[3]}
	// No vocabulary is what an older convkit compiled from a file that was
	// not a tokenizer.json: load that file again, to be refused.
	if !vocab.shaped() || !merges.shaped() || len(vocab.offs) <= 4 || len(sections[4]) != 0 && len(sections[4]) != 8<<16 ||
		check && (!vocab.consistent() || !merges.consistent()) {
		return nil, errCorrupt
	}
	p, err := newPipeline(meta.Pipeline)
	if err != nil {
		return nil, err
	}
	var raw, normalized bool
	p.raw, raw = readTrie(sections[5], check)
	p.normalized, normalized = readTrie(sections[6], check)
	if !raw || !normalized {
		return nil, errCorrupt
	}
	p.model = &bpeModel{vocab: vocab, merges: merges, unk: meta.Unk, fuseUnk: meta.FuseUnk, byteFallback: meta.ByteFallback,
		ignoreMerges: meta.IgnoreMerges, byteLevel: meta.ByteLevel, spaced: meta.Spaced, crossings: meta.Crossings}
	if !readByteTables(sections[7], p.model) {
		return nil, errCorrupt
	}
	if len(sections[4]) != 0 {
		p.model.bytePairs = sections[4]
	}
	return p.Tokenizer, nil
}

// LoadFile reads the tokenizer.json at path through a cache of compiled
// tokenizers in dir, keyed by the file's SHA-256: the first load compiles
// and writes the cache (atomically: a temporary file renamed), the next
// ones map it into memory. A cache that cannot be read or written is
// rebuilt or skipped, never an error; dir "" means no cache.
//
// Hashing a large tokenizer.json costs more than reading its compiled
// form, so a second, small entry keyed by the file's path, size and
// modification time remembers its hash, and the size and modification
// time of the compiled file as it was when last checked whole: while they
// are unchanged, the next loads check only its header, and touch only the
// pages of the tables that counting reads.
func LoadFile(path, dir string) (*Tokenizer, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if dir == "" {
		return loadJSON(path)
	}
	// The real file: a Hugging Face cache's snapshot links to a blob.
	abs, err := filepath.Abs(path)
	if err == nil {
		abs, err = filepath.EvalSymlinks(abs)
	}
	if err != nil {
		return nil, err
	}
	statKey := sha256.Sum256([]byte(abs + "\x00" + strconv.FormatInt(st.Size(), 10) + "\x00" + strconv.FormatInt(st.ModTime().UnixNano(), 10)))
	statFile := filepath.Join(dir, "stat-v"+compiledVersion+"-"+hex.EncodeToString(statKey[:16]))
	entry, err := os.ReadFile(statFile)
	var sum, checked string
	if err == nil && len(entry) >= 64 {
		sum, checked, _ = strings.Cut(string(entry), " ")
	}
	if len(sum) != 64 {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		h := sha256.New()
		_, err = io.Copy(h, f)
		f.Close()
		if err != nil {
			return nil, err
		}
		sum, checked = hex.EncodeToString(h.Sum(nil)), ""
		writeAtomic(statFile, []byte(sum))
	}
	compiled := filepath.Join(dir, sum+".v"+compiledVersion+".tok")
	if data, id, err := mapFile(compiled); err == nil {
		if t, err := loadCompiled(data, id != checked); err == nil {
			if id != checked {
				writeAtomic(statFile, []byte(sum+" "+id))
			}
			return t, nil
		}
		unmap(data)
	}
	t, err := loadJSON(path)
	if err != nil {
		return nil, err
	}
	if writeAtomic(compiled, t.Compile()) {
		if fi, err := os.Stat(compiled); err == nil {
			writeAtomic(statFile, []byte(sum+" "+fileID(fi)))
		}
		pruneStale(dir, time.Now())
	}
	return t, nil
}

// A cache file of another layout is removed once it has not been written
// for staleLayout: only a convkit of that layout reads it, and one still
// in use writes it again at its next compile. So is a file Derived kept:
// one of an older kind, or of a config since changed, is read no more,
// and one still in use is made again in milliseconds. A temporary file is
// left only by a process killed while writing, and a write takes seconds.
const (
	staleLayout = 30 * 24 * time.Hour
	staleTemp   = time.Hour
)

// pruneStale removes from dir the compiled tokenizers and stat entries of
// other layouts, the files Derived kept, and the temporary files of
// interrupted writes, that are stale: tens of megabytes each that nothing
// reads, for the tokenizers. It runs when a tokenizer is compiled, a first
// run, not at every start.
func pruneStale(dir string, now time.Time) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		var age time.Duration
		switch {
		case strings.HasPrefix(name, ".tmp-"):
			age = staleTemp
		case strings.HasSuffix(name, ".v"+compiledVersion+".tok") || strings.HasPrefix(name, "stat-v"+compiledVersion+"-"):
			continue
		case strings.HasSuffix(name, ".tok") || strings.HasPrefix(name, "stat-") || isDerived(name):
			age = staleLayout
		default:
			continue
		}
		if info, err := e.Info(); err == nil && info.Mode().IsRegular() && now.Sub(info.ModTime()) > age {
			os.Remove(filepath.Join(dir, name))
		}
	}
}

// fileID names a file's content as it stands: its size and modification
// time.
func fileID(fi os.FileInfo) string {
	return strconv.FormatInt(fi.Size(), 10) + "/" + strconv.FormatInt(fi.ModTime().UnixNano(), 10)
}

func loadJSON(path string) (*Tokenizer, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	t, err := Load(f)
	var ne *NotTokenizerError
	if errors.As(err, &ne) && ne.Line > 0 {
		return nil, fmt.Errorf("%s:%w", path, err) // "FILE:LINE:COL: …"
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return t, nil
}

// writeAtomic writes data to path through a temporary file renamed over
// it, so that a reader sees the whole file or none, and reports whether it
// did; errors are dropped, a cache being optional.
func writeAtomic(path string, data []byte) bool {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return false
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return false
	}
	_, werr := io.Copy(f, bytes.NewReader(data))
	if cerr := f.Close(); werr != nil || cerr != nil || os.Rename(f.Name(), path) != nil {
		os.Remove(f.Name())
		return false
	}
	return true
}
