// Package bpe counts tokens exactly as OpenAI's tiktoken does for the
// o200k_base, cl100k_base, p50k_base and r50k_base encodings, fast and
// without start-up work.
//
// Count gives the length of tiktoken's encode_ordinary: special tokens such as
// <|endoftext|> are counted as the ordinary text they are. It never produces
// token ids, which lets it skip the work of decoding them.
//
// The engine has three parts:
//
//   - a hand-written pre-tokenizer per pattern (o200k, cl100k, and GPT-2's
//     for p50k and r50k) that splits text into the same pieces as the
//     encoding's regular expression, with Unicode classes read from a
//     generated two-level table (classes.bin);
//   - a look-up of the whole piece, since most pieces are one token;
//   - otherwise byte-pair merging by lowest rank, leftmost first, as
//     tiktoken does, with a heap for long pieces so that no input is
//     quadratic.
//
// Ranks live in open-addressing hash tables, fronted by a bit filter that
// turns most non-tokens away from cache, laid out by go generate from the
// rank files of github.com/pkoukk/tiktoken-go-loader and embedded ready to
// use (one .bin file per encoding): Get does no parsing, and only the pages
// of the encoding in use are ever read. TokenStarts gives where the tokens
// start, for callers that cut text on token boundaries.
//
// Memory: besides the text, Count reads the pages of its encoding's table it
// needs (under 5 MB) and, for a piece longer than 64 bytes, works in pooled
// scratch of up to 28 bytes per byte of that piece. Pieces are words, runs of
// punctuation and runs of white space, so only a text with a multi-megabyte
// run of letters, symbols or spaces needs more than a few megabytes.
//
// Text that is not valid UTF-8 is counted as tiktoken-go counts it: each
// invalid byte stands for U+FFFD, the replacement character.
//
// Unicode classes come from the unicode package of the Go release that ran go
// generate (Unicode 15.0.0 for Go 1.26), the same tables tiktoken-go's regular
// expressions use.
package bpe

//go:generate go run ./internal/gen
