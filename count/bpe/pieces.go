package bpe

// Cl100kPattern is the pre-tokenizer pattern of cl100k_base, which open
// models reuse (Llama 3's tokenizer.json splits on it).
const Cl100kPattern = `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`

// Cl100kPieceEnd returns the end of the piece of Cl100kPattern that starts
// at s[i], i < len(s): the hand-written matcher of cl100k_base, linear and
// without a regular-expression engine. Pieces tile valid UTF-8 text.
func Cl100kPieceEnd(s []byte, i int) int { return nextCl100k(s, i) }
