package hf

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strconv"
)

// A compiled tokenizer is a tokenizer.json with its vocabulary and merges
// already built into the tables the counter reads (table.go): loading one
// is reading a file, where tokenizer.json asks for decoding megabytes of
// JSON and hashing every token and merge (seconds for Gemma 3's 33 MB).
//
//	magic | meta length (u32) | meta (JSON) | 5 section lengths (u32) |
//	vocab slots | vocab offsets | vocab ids | vocab bytes | merge slots | CRC-32C of all before (u32)
const compiledMagic = "convkit hf tokenizer 1\n"

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// compiledMeta is what a compiled tokenizer keeps as JSON.
type compiledMeta struct {
	Pipeline     pipelineSpec `json:"pipeline"`
	Unk          int64        `json:"unk"`
	FuseUnk      bool         `json:"fuse_unk"`
	ByteFallback bool         `json:"byte_fallback"`
	IgnoreMerges bool         `json:"ignore_merges"`
	ByteLevel    bool         `json:"byte_level"`
	Fallback     [256]int64   `json:"fallback"`
}

// Compile returns t in the form LoadCompiled reads.
func (t *Tokenizer) Compile() []byte {
	m := t.model
	meta, _ := json.Marshal(compiledMeta{Pipeline: t.spec, Unk: m.unk, FuseUnk: m.fuseUnk, ByteFallback: m.byteFallback,
		IgnoreMerges: m.ignoreMerges, ByteLevel: m.byteLevel, Fallback: m.fallback})
	sections := [][]byte{m.vocab.slots, m.vocab.offs, m.vocab.ids, []byte(m.vocab.blob), m.merges.slots}
	out := []byte(compiledMagic)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(meta)))
	out = append(out, meta...)
	for _, s := range sections {
		out = binary.LittleEndian.AppendUint32(out, uint32(len(s)))
	}
	for _, s := range sections {
		out = append(out, s...)
	}
	return binary.LittleEndian.AppendUint32(out, crc32.Checksum(out, castagnoli))
}

var errCorrupt = errors.New("compiled tokenizer: corrupt")

// LoadCompiled reads what Compile wrote; a truncated or altered one is an
// error, never a wrong count.
func LoadCompiled(data []byte) (*Tokenizer, error) {
	if len(data) < len(compiledMagic)+8 || string(data[:len(compiledMagic)]) != compiledMagic {
		return nil, errCorrupt
	}
	body := data[:len(data)-4]
	if crc32.Checksum(body, castagnoli) != binary.LittleEndian.Uint32(data[len(body):]) {
		return nil, errCorrupt
	}
	rest := body[len(compiledMagic):]
	n := int(binary.LittleEndian.Uint32(rest))
	if n > len(rest)-4 {
		return nil, errCorrupt
	}
	var meta compiledMeta
	if err := json.Unmarshal(rest[4:4+n], &meta); err != nil {
		return nil, errCorrupt
	}
	rest = rest[4+n:]
	if len(rest) < 20 {
		return nil, errCorrupt
	}
	sections := make([][]byte, 5)
	at := 20
	for i := range sections {
		size := int(binary.LittleEndian.Uint32(rest[4*i:]))
		if size > len(rest)-at {
			return nil, errCorrupt
		}
		sections[i], at = rest[at:at+size], at+size
	}
	vocab := &vocabTable{slots: sections[0], offs: sections[1], ids: sections[2], blob: string(sections[3])}
	merges := &mergeTable{slots: sections[4]}
	if at != len(rest) || !vocab.consistent() || !merges.consistent() {
		return nil, errCorrupt
	}
	p, err := newPipeline(meta.Pipeline)
	if err != nil {
		return nil, err
	}
	p.model = &bpeModel{vocab: vocab, merges: merges, unk: meta.Unk, fuseUnk: meta.FuseUnk, byteFallback: meta.ByteFallback,
		ignoreMerges: meta.IgnoreMerges, byteLevel: meta.ByteLevel, fallback: meta.Fallback}
	p.model.setByteIDs()
	return p.Tokenizer, nil
}

// LoadFile reads the tokenizer.json at path through a cache of compiled
// tokenizers in dir, keyed by the file's SHA-256: the first load compiles
// and writes the cache (atomically: a temporary file renamed), the next
// ones read it. A cache that cannot be read or written is rebuilt or
// skipped, never an error; dir "" means no cache.
//
// Hashing a large tokenizer.json costs more than reading its compiled form,
// so a second, small entry remembers the hash of the file by path, size
// and modification time.
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
	statFile := filepath.Join(dir, "stat-"+hex.EncodeToString(statKey[:16]))
	sum, err := os.ReadFile(statFile)
	if err != nil || len(sum) != 64 {
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
		sum = []byte(hex.EncodeToString(h.Sum(nil)))
		writeAtomic(statFile, sum)
	}
	compiled := filepath.Join(dir, string(sum)+".tok")
	if data, err := os.ReadFile(compiled); err == nil {
		if t, err := LoadCompiled(data); err == nil {
			return t, nil
		}
	}
	t, err := loadJSON(path)
	if err != nil {
		return nil, err
	}
	writeAtomic(compiled, t.Compile())
	return t, nil
}

func loadJSON(path string) (*Tokenizer, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	t, err := Load(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return t, nil
}

// writeAtomic writes data to path through a temporary file renamed over
// it, so that a reader sees the whole file or none; errors are dropped, a
// cache being optional.
func writeAtomic(path string, data []byte) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return
	}
	_, werr := io.Copy(f, bytes.NewReader(data))
	if cerr := f.Close(); werr != nil || cerr != nil || os.Rename(f.Name(), path) != nil {
		os.Remove(f.Name())
	}
}
