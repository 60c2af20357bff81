package codec

import (
	"archive/zip"
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strings"
)

// DefaultSpoolLimit is how many bytes of a zip read from a pipe Open
// spools to a temporary file before it gives up.
const DefaultSpoolLimit = 4 << 30

// Options adjust Open.
type Options struct {
	// Member names the one zip member to read, by its path in the archive
	// or, when that is unique, its base name. Empty chooses: an export's
	// conversations.json, else every JSON, JSONL or Parquet file in archive
	// order.
	Member string
	// SpoolLimit caps the bytes of a zip read from a pipe; 0 is
	// DefaultSpoolLimit.
	SpoolLimit int64
	// TempDir is where such a zip is spooled; "" is os.TempDir.
	TempDir string
}

// Part is one stream of conversation bytes in a source.
type Part struct {
	// Name names the part in messages: the file's name, or
	// "archive.zip:member" for a zip member.
	Name string
	// Hint is the name to sniff the format by: without the compression's
	// extension ("train.jsonl" for "train.jsonl.gz").
	Hint string
	// Kind is the compression the bytes were read through, None if none.
	Kind Kind
	// R gives the decompressed bytes.
	R io.Reader
	// At and Size give random access to the part's bytes when they are
	// stored as they are (a regular file, a stored zip member); At is nil
	// otherwise. Formats whose index is at the end of the file (Parquet)
	// read through it.
	At   io.ReaderAt
	Size int64
}

// Source is an opened input: its parts in order, each read to its end
// before Next gives the following one.
type Source struct {
	next    []func() (*Part, error)
	current io.Closer
	spool   *os.File
}

// Open reads the first bytes of r, the contents of a file called name, to
// tell how it is packed. r may be an *os.File, whose random access a zip
// or a Parquet file uses when it is a regular file.
func Open(r io.Reader, name string, opts Options) (*Source, error) {
	at, size, random := regularFile(r) // before any read moves its offset
	br := bufio.NewReaderSize(r, bufferSize(size, random, 64<<10))
	head, err := br.Peek(8)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	if Sniff(head) == Zip {
		return openZip(at, size, random, br, name, opts)
	}
	s := &Source{}
	s.next = []func() (*Part, error){func() (*Part, error) {
		rc, kind, err := decompress(br)
		if err != nil {
			return nil, err
		}
		s.current = rc
		p := &Part{Name: name, Hint: name, Kind: kind, R: rc}
		if kind != None {
			p.Hint = TrimExt(name)
		} else if random {
			p.At, p.Size = at, size
		}
		return p, nil
	}}
	return s, nil
}

// BufferSize is the size of a buffer to read p through: limit, or less for
// a small regular file, whose whole contents fit in a smaller one. A process
// that reads one small file pays for each fresh page it touches.
func (p *Part) BufferSize(limit int) int {
	return bufferSize(p.Size, p.At != nil, limit)
}

func bufferSize(size int64, known bool, limit int) int {
	if known && size < int64(limit) {
		return max(int(size)+1, 512) // +1: the read that finds the end
	}
	return limit
}

// Next returns the next part, or io.EOF after the last.
func (s *Source) Next() (*Part, error) {
	s.closeCurrent()
	if len(s.next) == 0 {
		return nil, io.EOF
	}
	open := s.next[0]
	s.next = s.next[1:]
	return open()
}

// Close releases what the source holds; it does not close the reader given
// to Open.
func (s *Source) Close() error {
	s.closeCurrent()
	if s.spool != nil {
		s.spool.Close()
		s.spool = nil
	}
	return nil
}

func (s *Source) closeCurrent() {
	if s.current != nil {
		s.current.Close()
		s.current = nil
	}
}

// regularFile returns r as random access when it is a regular file, from
// where it is about to be read (standard input may be a file read past its
// start) to its end.
func regularFile(r io.Reader) (io.ReaderAt, int64, bool) {
	f, ok := r.(*os.File)
	if !ok {
		return nil, 0, false
	}
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return nil, 0, false
	}
	start, err := f.Seek(0, io.SeekCurrent)
	if err != nil || start > st.Size() {
		return nil, 0, false
	}
	return io.NewSectionReader(f, start, st.Size()-start), st.Size() - start, true
}

// openZip reads a zip archive through the random access of the file, or
// of a temporary copy of what br reads when there is none (a pipe).
func openZip(at io.ReaderAt, size int64, random bool, br *bufio.Reader, name string, opts Options) (*Source, error) {
	s := &Source{}
	if !random {
		spool, n, err := spoolZip(br, opts)
		if err != nil {
			return nil, err
		}
		s.spool, at, size = spool, spool, n
	}
	zr, err := zip.NewReader(at, size)
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("not a readable zip archive: %w", err)
	}
	members, err := chooseMembers(zr.File, opts.Member)
	if err != nil {
		s.Close()
		return nil, err
	}
	for _, m := range members {
		s.next = append(s.next, func() (*Part, error) { return s.openMember(at, m, name) })
	}
	return s, nil
}

func (s *Source) openMember(at io.ReaderAt, m *zip.File, archive string) (*Part, error) {
	name := archive + ":" + m.Name
	r, err := m.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	rc, kind, err := decompress(r)
	if err != nil {
		r.Close()
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	s.current = closers{rc, r}
	p := &Part{Name: name, Hint: m.Name, Kind: kind, R: rc}
	if kind != None {
		p.Hint = TrimExt(m.Name)
	} else if m.Method == zip.Store {
		if off, err := m.DataOffset(); err == nil {
			p.At, p.Size = io.NewSectionReader(at, off, int64(m.UncompressedSize64)), int64(m.UncompressedSize64)
		}
	}
	return p, nil
}

type closers []io.Closer

func (cs closers) Close() error {
	for _, c := range cs {
		c.Close()
	}
	return nil
}

// spoolZip copies a zip read from a pipe to a temporary file, which is
// removed at once and lives while it is open.
func spoolZip(r io.Reader, opts Options) (*os.File, int64, error) {
	limit := opts.SpoolLimit
	if limit <= 0 {
		limit = DefaultSpoolLimit
	}
	f, err := os.CreateTemp(opts.TempDir, "convkit-*.zip")
	if err != nil {
		return nil, 0, fmt.Errorf("zip archive: cannot spool it to a temporary file: %w", err)
	}
	os.Remove(f.Name())
	n, err := io.Copy(f, io.LimitReader(r, limit+1))
	switch {
	case err != nil:
		f.Close()
		return nil, 0, fmt.Errorf("zip archive: spooling to a temporary file: %w", err)
	case n > limit:
		f.Close()
		return nil, 0, fmt.Errorf("zip archive over %d MB read from a pipe: a zip's index is at its end, so convkit copies a piped one to a temporary file, up to that size; read the archive from its file instead", limit>>20)
	}
	return f, n, nil
}

// exportMember is the file a ChatGPT or a Claude export keeps its
// conversations in.
const exportMember = "conversations.json"

// dataExtensions are the members read from an archive with no
// conversations.json, compressed or not.
var dataExtensions = map[string]bool{".json": true, ".jsonl": true, ".ndjson": true, ".parquet": true}

// chooseMembers picks the members to read: the one named, an export's
// conversations.json, or every data file in archive order.
func chooseMembers(files []*zip.File, member string) ([]*zip.File, error) {
	var regular []*zip.File
	for _, f := range files {
		base := path.Base(f.Name)
		if f.FileInfo().IsDir() || strings.HasPrefix(f.Name, "__MACOSX/") || strings.HasPrefix(base, ".") {
			continue
		}
		regular = append(regular, f)
	}
	if member != "" {
		var byBase []*zip.File
		for _, f := range regular {
			if f.Name == member {
				return []*zip.File{f}, nil
			}
			if path.Base(f.Name) == member {
				byBase = append(byBase, f)
			}
		}
		if len(byBase) == 1 {
			return byBase, nil
		}
		return nil, &MemberError{Member: member, Names: names(regular), Ambiguous: len(byBase) > 1}
	}
	var export *zip.File
	var data []*zip.File
	for _, f := range regular {
		if path.Base(f.Name) == exportMember && (export == nil || len(f.Name) < len(export.Name)) {
			export = f
		}
		if dataExtensions[strings.ToLower(path.Ext(TrimExt(f.Name)))] {
			data = append(data, f)
		}
	}
	if export != nil {
		return []*zip.File{export}, nil
	}
	if len(data) == 0 {
		return nil, &MemberError{Names: names(regular)}
	}
	return data, nil
}

func names(files []*zip.File) []string {
	var ns []string
	for _, f := range files {
		ns = append(ns, f.Name)
	}
	return ns
}

// MemberError says that an archive has no member to read, or not the one
// asked for; Names lists those it has.
type MemberError struct {
	Member    string // asked for; "" when Open was to choose
	Ambiguous bool   // Member is the base name of several members
	Names     []string
}

func (e *MemberError) Error() string {
	list := strings.Join(e.Names, ", ")
	if len(e.Names) > 8 {
		list = strings.Join(e.Names[:8], ", ") + fmt.Sprintf(", … (%d in all)", len(e.Names))
	}
	if list == "" {
		list = "none"
	}
	switch {
	case e.Ambiguous:
		return fmt.Sprintf("zip archive: several members are called %q (members: %s)", e.Member, list)
	case e.Member != "":
		return fmt.Sprintf("zip archive: no member %q (members: %s)", e.Member, list)
	}
	return fmt.Sprintf("zip archive holds no conversations.json and no .json, .jsonl or .parquet file (members: %s)", list)
}

// Each calls fn with every part in order, and stops at fn's first error.
func (s *Source) Each(fn func(*Part) error) error {
	for {
		p, err := s.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err == nil {
			err = fn(p)
		}
		if err != nil {
			return err
		}
	}
}
