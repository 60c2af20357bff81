package output

import (
	"io"

	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/codec"
)

// Compress makes the output compressed as kind says (by -o's extension, or
// --compress); None writes it as it is. It is called before any write.
func (o *Output) Compress(kind codec.Kind) error {
	if o.zw != nil {
		// Nothing was written yet: end the stream -o's extension started
		// where it leaves no trace.
		if r, ok := o.zw.(interface{ Reset(io.Writer) }); ok {
			r.Reset(io.Discard)
		}
		o.zw.Close()
		o.zw = nil
	}
	if kind == codec.None {
		o.W.Reset(o.dst)
		return nil
	}
	if o.terminal {
		return binaryOnTerminal("compressed data")
	}
	o.KeepEscapes() // compressed bytes are no text to clean
	zw, err := codec.NewWriter(o.dst, kind)
	if err != nil {
		return err
	}
	o.zw = zw
	o.W.Reset(zw)
	return nil
}

// closeCompressor ends the compressed stream, once w is flushed.
func (o *Output) closeCompressor() error {
	if o.zw == nil {
		return nil
	}
	zw := o.zw
	o.zw = nil
	return zw.Close()
}

// CompressWith applies --compress, when given: codecName is gzip, zstd or
// none; "" leaves the compression -o's extension picked.
func (o *Output) CompressWith(codecName string) error {
	if codecName == "" {
		return nil
	}
	kind, err := codec.ParseKind(codecName)
	if err != nil {
		return cmderr.Usagef("--compress: %v", err)
	}
	return o.Compress(kind)
}
