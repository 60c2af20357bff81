// Package hf counts tokens as Hugging Face's tokenizers library encodes
// them, from a model's tokenizer.json, offline.
//
// Load reads the pipeline tokenizer.json describes and Count runs it:
//
//   - added and special tokens are found first, as the library finds them
//     (leftmost longest; lstrip, rstrip and single_word honoured), in the
//     raw text for tokens with "normalized": false and in the normalized
//     text for the others;
//   - the normalizer (NFC, NFD, NFKC, NFKD, Replace, Prepend, Lowercase,
//     Strip, Sequence) rewrites each stretch of text between them;
//   - the pre-tokenizer (Split with a string or a regular expression and
//     any split behaviour, ByteLevel, Metaspace, Digits, Whitespace,
//     Sequence) cuts it into words;
//   - the BPE model counts each word: whole-word look-up when
//     ignore_merges is set, then merges by rank, leftmost first, with
//     byte fallback and unknown-token fusing.
//
// Counts are encode(text, add_special_tokens=False): what
// apply_chat_template(…, tokenize=True) counts for a rendered conversation.
// SpecialTokensAdded gives what the post-processor adds on top when
// add_special_tokens is true (TemplateProcessing's BOS and EOS).
//
// Unigram and WordPiece models are refused with an UnsupportedError, as
// is any part of the pipeline the package does not know: a count it cannot
// make exactly is not made.
//
// Split patterns that count/bpe has a hand-written pre-tokenizer for
// (cl100k_base's, which Llama 3 uses; Qwen2's; o200k_base's, which gpt-oss
// uses) are split by it, and when the whole pre-tokenizer is such a Split,
// words are counted as they are found, without a list of them. Words of up
// to 16 bytes are counted once per goroutine and remembered (bpe.Memo);
// words of up to 64 symbols are merged by rescanning their pairs, longer
// ones through a heap. A model whose pipeline leaves a whole message one
// word, with SentencePiece's ▁ for spaces (Llama 2, Gemma), counts a long
// word as the sum of its parts cut before each ▁ that ends a run of other
// characters, which gives the same tokens wherever no merge joins across
// such a place (spaces.go: the few merges that could are kept, and the
// word is not cut where they apply).
//
// Other regular expressions run on github.com/dlclark/regexp2, a
// backtracking engine that, like the Oniguruma engine tokenizers uses,
// supports the look-ahead of the patterns these files hold (\s+(?!\S)).
package hf
