// harmony.mjs: o200k_harmony, gpt-oss's encoding, built with npm tiktoken.
// tiktoken 1.0.22 (the latest on npm) does not bundle it; Python tiktoken
// (openai_public.py) and gpt-oss's reference code (gpt_oss/tokenizer.py)
// define it as o200k_base's ranks and pattern with these special tokens, so
// it is made here the same way, with tiktoken's own Tiktoken class over the
// o200k_base data bundled in the package.

import { createRequire } from "node:module";
import { Tiktoken } from "tiktoken/lite";

const require = createRequire(import.meta.url);

export function harmony() {
  const base = require("tiktoken/encoders/o200k_base.json");
  const special = {
    ...base.special_tokens,
    "<|startoftext|>": 199998,
    "<|endoftext|>": 199999,
    "<|reserved_200000|>": 200000,
    "<|reserved_200001|>": 200001,
    "<|return|>": 200002,
    "<|constrain|>": 200003,
    "<|reserved_200004|>": 200004,
    "<|channel|>": 200005,
    "<|start|>": 200006,
    "<|end|>": 200007,
    "<|message|>": 200008,
    "<|reserved_200009|>": 200009,
    "<|reserved_200010|>": 200010,
    "<|reserved_200011|>": 200011,
    "<|call|>": 200012,
  };
  for (let i = 200013; i < 201088; i++) special[`<|reserved_${i}|>`] = i;
  const enc = new Tiktoken(base.bpe_ranks, special, base.pat_str);
  // the harmony markers are one token each when special tokens are allowed
  const want = [200006, 1428, 200008, 13225, 200007, 200006, 173781, 200005, 17196, 200008, 1, 200002, 200012, 201087];
  const got = Array.from(enc.encode("<|start|>user<|message|>Hello<|end|><|start|>assistant<|channel|>final<|message|>\"<|return|><|call|><|reserved_201087|>", "all"));
  if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(`o200k_harmony: special tokens encode to ${JSON.stringify(got)}`);
  return enc;
}
