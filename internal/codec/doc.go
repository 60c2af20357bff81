// Package codec opens conversation files as they are shipped: compressed
// (gzip, zstd, bzip2, xz, recognised by their magic bytes, not by their
// names) or packed in a zip archive (a ChatGPT or Claude export, or a zip of
// JSONL files), and writes compressed output.
//
// A source gives its contents as parts, each a stream of decompressed bytes
// with a name for messages: one part for a plain or compressed file, one per
// chosen member for a zip. Nothing is unpacked to disk, except a zip read
// from a pipe, which is spooled to a temporary file because a zip's index is
// at its end.
//
// Errors inside compressed data name the codec and the line of the
// decompressed stream that was being read, so that a truncated download
// says where it stops.
package codec
