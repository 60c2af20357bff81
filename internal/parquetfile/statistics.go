package parquetfile

import (
	"bytes"
	"encoding/binary"
	"math"

	"github.com/parquet-go/parquet-go/format"
)

// statsLimit is the longest string a column chunk's minimum and maximum
// may be: past it a chunk has none (a value cannot be left out of them,
// and a long one would be copied into the footer; Arrow writes none past
// 4 KiB either).
const statsLimit = 4 << 10

// bounds are the least and greatest value of a column chunk, as the
// format orders its type: signed integers, doubles without NaN, strings
// byte by byte.
type bounds struct {
	seen, unbounded bool
	min, max        []byte // strings
	lo, hi          int64
	flo, fhi        float64
}

// addString widens the bounds to s.
func (b *bounds) addString(s string) {
	switch {
	case b.unbounded:
	case len(s) > statsLimit:
		b.unbounded = true
	case !b.seen:
		b.min, b.max, b.seen = append(b.min[:0], s...), append(b.max[:0], s...), true
	case bytes.Compare([]byte(s), b.min) < 0:
		b.min = append(b.min[:0], s...)
	case bytes.Compare([]byte(s), b.max) > 0:
		b.max = append(b.max[:0], s...)
	}
}

func (b *bounds) addInt(n int64) {
	if !b.seen {
		b.lo, b.hi, b.seen = n, n, true
	}
	b.lo, b.hi = min(b.lo, n), max(b.hi, n)
}

func (b *bounds) addFloat(f float64) {
	switch {
	case math.IsNaN(f): // the format leaves NaN out of the bounds
	case !b.seen:
		b.flo, b.fhi, b.seen = f, f, true
	default:
		b.flo, b.fhi = min(b.flo, f), max(b.fhi, f)
	}
}

// statistics are the chunk's statistics: its nulls, and its bounds when
// it has them.
func (b *bounds) statistics(k Kind, nulls int64) format.Statistics {
	s := format.Statistics{NullCount: nulls}
	if !b.seen || b.unbounded {
		return s
	}
	switch k {
	case String, JSON:
		s.MinValue, s.MaxValue = bytes.Clone(b.min), bytes.Clone(b.max)
	case Int64:
		s.MinValue = binary.LittleEndian.AppendUint64(nil, uint64(b.lo))
		s.MaxValue = binary.LittleEndian.AppendUint64(nil, uint64(b.hi))
	case Double:
		lo, hi := b.flo, b.fhi
		// A zero bound is written -0 as a minimum, +0 as a maximum: readers
		// may take either for the other.
		if lo == 0 {
			lo = math.Copysign(0, -1)
		}
		if hi == 0 {
			hi = 0
		}
		s.MinValue = binary.LittleEndian.AppendUint64(nil, math.Float64bits(lo))
		s.MaxValue = binary.LittleEndian.AppendUint64(nil, math.Float64bits(hi))
	}
	return s
}
