package bpe

// Cl100kPattern is the pre-tokenizer pattern of cl100k_base, which open
// models reuse (Llama 3's tokenizer.json splits on it).
const Cl100kPattern = `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`

// Qwen2Pattern is the pre-tokenizer pattern of Qwen2 and Qwen3's
// tokenizer.json: cl100k_base's with a piece for each digit.
const Qwen2Pattern = `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`

// O200kPattern is the pre-tokenizer pattern of o200k_base, which gpt-oss's
// tokenizer.json splits on.
const O200kPattern = `[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+`

// Cl100kPieceEnd returns the end of the piece of Cl100kPattern that starts
// at s[i], i < len(s): the hand-written matcher of cl100k_base, linear and
// without a regular-expression engine. Pieces tile valid UTF-8 text.
func Cl100kPieceEnd(s []byte, i int) int { return nextCl100k(s, i) }

// PieceEnder returns the hand-written matcher of pattern, one of
// Cl100kPattern, Qwen2Pattern and O200kPattern written exactly so, or nil:
// the function returns the end of the piece that starts at s[i], i <
// len(s), as leftmost-first matching of the pattern finds it. Pieces tile
// valid UTF-8 text.
func PieceEnder(pattern string) func(s []byte, i int) int {
	switch pattern {
	case Cl100kPattern:
		return nextCl100k
	case Qwen2Pattern:
		return nextQwen
	case O200kPattern:
		return nextO200k
	}
	return nil
}
