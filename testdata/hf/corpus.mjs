// corpus.mjs: counts the shared benchmark corpus (corpus.txt, built by
// ../shared/bench/gencorpus; its bytes differ from machine to machine) with
// each tokenizer of models.mjs, as Hugging Face's Rust tokenizers (its npm
// bindings) encodes it, add_special_tokens=false, in the benchmark's chunks
// (each cut at the first line end at or after 16 KiB, as
// bench/engine/count.js and ../tiktoken/corpus.mjs cut it). Writes
// corpus-counts.json:
//   {"sha256": "...", "bytes": N, "chunks": N,
//    "totals": {"llama3": N, ...}, "counts": {"llama3": [N, N, ...], ...}}
// keyed by the file's sha256 so that a test of another build of the corpus
// knows the figures are not for it; one count per chunk, so that a test
// names the chunk that differs.
//
//	node corpus.mjs [/tmp/convkit-bench/corpus.txt]

import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Tokenizer } from "tokenizers";
import { HERE, MODELS, modelDir } from "./models.mjs";

const file = process.argv[2] || "/tmp/convkit-bench/corpus.txt";
const text = readFileSync(file);
const chunks = [];
for (let i = 0; i < text.length; ) {
  let j = text.indexOf(10, i + 16384 - 1);
  j = j < 0 ? text.length : j + 1;
  chunks.push(text.subarray(i, j).toString("utf8"));
  i = j;
}
const out = { sha256: createHash("sha256").update(text).digest("hex"), bytes: text.length, chunks: chunks.length, totals: {}, counts: {} };
for (const m of MODELS) {
  const tok = Tokenizer.fromFile(join(modelDir(m), "tokenizer.json"));
  const counts = [];
  for (let k = 0; k < chunks.length; k += 64) {
    const batch = await tok.encodeBatch(chunks.slice(k, k + 64), { addSpecialTokens: false });
    for (const enc of batch) counts.push(enc.getIds().length);
  }
  out.counts[m] = counts;
  out.totals[m] = counts.reduce((a, b) => a + b, 0);
  console.error(`${m}: ${out.totals[m]} tokens in ${counts.length} chunks`);
}
// One line per tokenizer's counts: a diff names the tokenizer.
const body = JSON.stringify(out, (k, v) => (k === "counts" ? undefined : v), 2).replace(/\n}$/, "");
const lines = MODELS.map((m) => `    ${JSON.stringify(m)}: ${JSON.stringify(out.counts[m])}`);
writeFileSync(join(HERE, "corpus-counts.json"), `${body},\n  "counts": {\n${lines.join(",\n")}\n  }\n}\n`);
