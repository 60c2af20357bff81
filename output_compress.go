package main

import (
	"io"

	"github.com/convkit/convkit/internal/codec"
)

// compress makes the output compressed as kind says (by -o's extension, or
// --compress); None writes it as it is. It is called before any write.
func (o *output) compress(kind codec.Kind) error {
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
		o.w.Reset(o.dst)
		return nil
	}
	o.keepEscapes() // compressed bytes are no text to clean
	zw, err := codec.NewWriter(o.dst, kind)
	if err != nil {
		return err
	}
	o.zw = zw
	o.w.Reset(zw)
	return nil
}

// closeCompressor ends the compressed stream, once w is flushed.
func (o *output) closeCompressor() error {
	if o.zw == nil {
		return nil
	}
	zw := o.zw
	o.zw = nil
	return zw.Close()
}

// compressOutput applies --compress, when given, to out.
func compressOutput(out *output, flag string) error {
	if flag == "" {
		return nil
	}
	kind, err := codec.ParseKind(flag)
	if err != nil {
		return usageErrorf("--compress: %v", err)
	}
	return out.compress(kind)
}
