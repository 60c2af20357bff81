package jsontree

import (
	"sync"
	"unsafe"
)

// A Parser parses document after document into memory it keeps: the tree
// its Parse returns — values, members, their lists and the strings it
// decoded — is valid only until the next call to Parse. Where each tree is
// read and let go (validate's workers, line after line), a parse then
// allocates next to nothing, and the garbage collector, which ran every
// few megabytes of trees, seldom runs. The zero Parser is ready to use; it
// is not safe for concurrent use.
type Parser struct {
	values      slab[Value]
	members     slab[Member]
	itemLists   slab[*Value]
	memberLists slab[*Member]
	text        slab[byte]
	work        buffers
}

// Parse is the package's Parse, into p's memory: what it returns is valid
// until p parses again.
func (p *Parser) Parse(data []byte, opts Options) (*Value, error) {
	p.values.reset()
	p.members.reset()
	p.itemLists.reset()
	p.memberLists.reset()
	p.text.reset()
	return parse(data, opts, &p.work, p)
}

// buffers are what a parse works in, kept for the next: the scratch where
// strings with escapes are assembled, the elements and members of the
// arrays and objects being parsed, innermost last, until each is closed,
// and the path to the value being read.
type buffers struct {
	scratch []byte
	items   []*Value
	members []*Member
	path    []Step
	starts  []int // where each step's object or array starts in data
}

// pooledBuffers keeps Parse's buffers from one call to the next, so that
// line after line of JSONL reuses them.
var pooledBuffers = sync.Pool{New: func() any { return new(buffers) }}

// keep readies b for the next parse, holding nothing of this one's tree:
// a parse that failed left elements and members on the stacks.
func (b *buffers) keep() {
	clear(b.items)
	clear(b.members)
	clear(b.path)
	b.scratch, b.items, b.members, b.path, b.starts = b.scratch[:0], b.items[:0], b.members[:0], b.path[:0], b.starts[:0]
	if cap(b.scratch) > 1<<20 { // a huge string's scratch is not worth keeping
		b.scratch = nil
	}
	if cap(b.items) > 1<<16 {
		b.items = nil
	}
	if cap(b.members) > 1<<16 {
		b.members = nil
	}
}

// newValue returns a zero value, from the Parser's memory if there is one.
func (p *parser) newValue() *Value {
	if p.arena == nil {
		return new(Value)
	}
	v := &p.arena.values.take(1)[0]
	*v = Value{}
	return v
}

func (p *parser) newMember() *Member {
	if p.arena == nil {
		return new(Member)
	}
	m := &p.arena.members.take(1)[0]
	*m = Member{}
	return m
}

// closeArray returns the elements pushed since base, the array's own, and
// takes them off the stack.
func (p *parser) closeArray(base int) []*Value {
	var lists *slab[*Value]
	if p.arena != nil {
		lists = &p.arena.itemLists
	}
	return popList(&p.items, base, lists)
}

// closeObject is closeArray for an object's members.
func (p *parser) closeObject(base int) []*Member {
	var lists *slab[*Member]
	if p.arena != nil {
		lists = &p.arena.memberLists
	}
	return popList(&p.members, base, lists)
}

// popList takes what was pushed on stack since base off it, and returns it
// in memory of lists, or of the heap when lists is nil.
func popList[T any](stack *[]T, base int, lists *slab[T]) []T {
	pushed := (*stack)[base:]
	if len(pushed) == 0 {
		return nil
	}
	var list []T
	if lists == nil {
		list = make([]T, len(pushed))
	} else {
		list = lists.take(len(pushed))
	}
	copy(list, pushed)
	clear(pushed)
	*stack = (*stack)[:base]
	return list
}

// keepString returns b as a string of the tree's own.
func (p *parser) keepString(b []byte) string {
	if p.arena == nil || len(b) == 0 {
		return string(b)
	}
	t := p.arena.text.take(len(b))
	copy(t, b)
	return unsafe.String(&t[0], len(t))
}

// slab hands out slices of T from chunks it keeps; reset takes them all
// back at once.
type slab[T any] struct {
	chunks [][]T
	chunk  int // the chunk being handed out
	used   int // how much of it is
}

// slabChunkBytes is the size of a slab's first chunk; each next is twice
// the one before, or the size asked for if more.
const slabChunkBytes = 64 << 10

// slabKeptBytes bounds what a slab keeps after a parse: a huge document's
// tree is not kept for the small ones after it.
const slabKeptBytes = 1 << 20

// take returns n elements, not zeroed, contiguous.
func (s *slab[T]) take(n int) []T {
	for ; s.chunk < len(s.chunks); s.chunk, s.used = s.chunk+1, 0 {
		if c := s.chunks[s.chunk]; s.used+n <= len(c) {
			s.used += n
			return c[s.used-n : s.used : s.used]
		}
	}
	size := slabChunkBytes / int(unsafe.Sizeof(*new(T)))
	if k := len(s.chunks); k > 0 {
		size = 2 * len(s.chunks[k-1])
	}
	s.chunks = append(s.chunks, make([]T, max(size, n)))
	s.chunk, s.used = len(s.chunks)-1, n
	return s.chunks[s.chunk][:n:n]
}

func (s *slab[T]) reset() {
	total := 0
	for _, c := range s.chunks {
		total += len(c)
	}
	if total*int(unsafe.Sizeof(*new(T))) > slabKeptBytes {
		s.chunks = nil
	}
	s.chunk, s.used = 0, 0
}
