// Package bpe counts tokens exactly as OpenAI's tiktoken does for the
// o200k_base, cl100k_base, p50k_base and r50k_base encodings, and for
// p50k_edit and o200k_harmony (gpt-oss's), which differ from p50k_base and
// o200k_base only in special tokens, fast and without start-up work.
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
//     tiktoken does, with a heap for longer pieces so that no input is
//     quadratic; and for pieces of 4 KiB or more, a count that finds the
//     last token of the encoding of each prefix in turn and remembers only
//     the last 256 prefixes, so that its memory does not grow with the
//     piece (long.go says why that count is exact).
//
// Ranks live in open-addressing hash tables, fronted by a bit filter that
// turns most non-tokens away from cache, laid out by go generate from the
// rank files of github.com/pkoukk/tiktoken-go-loader and embedded ready to
// use (one .bin file per encoding, and a .long.bin beside it for long
// pieces): Get does no parsing, and only the pages of the encoding in use
// are ever read. TokenStarts gives where the tokens start, for callers that
// cut text on token boundaries, and Cut where a stream of text can be cut
// into parts that count apart.
//
// Memory: besides the text, Count reads the pages of its encoding's rank
// table it needs (under 5 MB) and works in scratch pooled per goroutine
// counting at once: up to 28 bytes per byte of a piece of 65 bytes to 4 KiB
// (at most 112 KiB), and about 150 KiB for a piece of any greater length,
// for which it also reads the encoding's long-piece table (about 1.2 MB,
// generated beside the rank table). So what Count needs beyond the text is
// bounded whatever the text: a run of letters, symbols or spaces tens of
// megabytes long needs no more than one of 4 KiB. Nor need a stream hold
// the text whole where Cut finds no place to cut it: Settled says which
// pieces read so far no later text can change, a Piece counts a piece
// given its bytes in order, and Shorten keeps a short stand-in for the
// part of a piece already counted (stretch.go says why each is right).
//
// Text that is not valid UTF-8 is counted as tiktoken-go counts it: each
// invalid byte stands for U+FFFD, the replacement character. Such text is
// copied once with the replacements made, the one case where Count needs
// memory in proportion to the text.
//
// Unicode classes come from the unicode package of the Go release that ran go
// generate (Unicode 15.0.0 for Go 1.26), the same tables tiktoken-go's regular
// expressions use.
package bpe

//go:generate go run ./internal/gen
