// gen-starts.mjs: where the tokens of every string of
// ../tiktoken/strings.jsonl start, for each tokenizer of models.mjs, as
// Hugging Face's Rust `tokenizers` library (its npm bindings) gives them:
// the start of each token's offsets in encode(text, add_special_tokens=false),
// as a byte offset of the UTF-8 text, each once, in increasing order, but
// for a token that starts inside a character (byte fallback, byte-level),
// which has the character's offsets. Writes starts.jsonl, one line per
// tokenizer and kind of string:
//   {"model": "llama3", "kind": "prose", "strings": N, "sha256": "…"}
// the sha256 of the lines "ID START START …\n" of the kind's strings, in
// order; with --full, prints those lines instead, for one tokenizer:
//   node gen-starts.mjs --full llama3
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Tokenizer } from "tokenizers";
import { HERE, MODELS, modelDir } from "./models.mjs";

const strings = readFileSync(join(HERE, "..", "tiktoken", "strings.jsonl"), "utf8")
  .split("\n").filter((l) => l !== "").map((l) => JSON.parse(l));

// byteOffsets maps each character offset of text (the bindings' offsets
// count Unicode characters) to its UTF-8 byte offset.
function byteOffsets(text) {
  const at = [];
  let b = 0;
  for (const ch of text) {
    at.push(b);
    b += Buffer.byteLength(ch, "utf8");
  }
  at.push(b);
  return at;
}

async function startsLine(tok, s) {
  const enc = await tok.encode(s.text, null, { addSpecialTokens: false });
  const at = byteOffsets(s.text);
  // A token that starts inside a character has the character's offsets,
  // which the token before it covers too: not a place to cut, left out.
  const starts = [];
  let end = 0;
  for (const [from, to] of enc.getOffsets()) {
    if (from >= end && at[from] !== starts[starts.length - 1]) starts.push(at[from]);
    end = Math.max(end, to);
  }
  return [s.id, ...starts].join(" ") + "\n";
}

const full = process.argv[2] === "--full";
const models = full ? [process.argv[3]] : MODELS;
const rows = [];
for (const m of models) {
  const tok = Tokenizer.fromFile(join(modelDir(m), "tokenizer.json"));
  const kinds = new Map();
  for (const s of strings) {
    const line = await startsLine(tok, s);
    if (full) {
      process.stdout.write(line);
      continue;
    }
    if (!kinds.has(s.kind)) kinds.set(s.kind, { hash: createHash("sha256"), n: 0 });
    const k = kinds.get(s.kind);
    k.hash.update(line);
    k.n++;
  }
  for (const [kind, k] of kinds) rows.push(JSON.stringify({ model: m, kind, strings: k.n, sha256: k.hash.digest("hex") }));
}
if (!full) {
  writeFileSync(join(HERE, "starts.jsonl"), rows.join("\n") + "\n");
  console.log(`${strings.length} strings, ${models.length} tokenizers`);
}
