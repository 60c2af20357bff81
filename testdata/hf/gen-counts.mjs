// gen-counts.mjs: counts every string of ../tiktoken/strings.jsonl with each
// tokenizer of models.mjs, as Hugging Face's Rust `tokenizers` library (its
// npm bindings) encodes it: encode(text, add_special_tokens=false), special
// and added tokens recognised. Writes counts.jsonl, one line per string:
//   {"id": "...", "llama3": N, ...}
// and special-counts.jsonl, the same with add_special_tokens=true (the
// post-processor's BOS/EOS) for the first 200 strings.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Tokenizer } from "tokenizers";
import { HERE, MODELS, modelDir } from "./models.mjs";

const strings = readFileSync(join(HERE, "..", "tiktoken", "strings.jsonl"), "utf8")
  .split("\n").filter((l) => l !== "").map((l) => JSON.parse(l));

const tokenizers = Object.fromEntries(MODELS.map((m) => [m, Tokenizer.fromFile(join(modelDir(m), "tokenizer.json"))]));

async function counts(limit, addSpecialTokens) {
  const lines = [];
  for (const s of strings.slice(0, limit)) {
    const row = { id: s.id };
    for (const m of MODELS) {
      const enc = await tokenizers[m].encode(s.text, null, { addSpecialTokens });
      row[m] = enc.getIds().length;
    }
    lines.push(JSON.stringify(row));
  }
  return lines.join("\n") + "\n";
}

writeFileSync(join(HERE, "counts.jsonl"), await counts(strings.length, false));
writeFileSync(join(HERE, "special-counts.jsonl"), await counts(200, true));
console.log(`${strings.length} strings, ${MODELS.length} tokenizers`);
