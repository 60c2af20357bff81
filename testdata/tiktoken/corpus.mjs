// corpus.mjs: counts the shared benchmark corpus (corpus.txt, built by
// ../shared/bench/gencorpus; its bytes differ from machine to machine) in
// every encoding convkit has, and writes corpus-counts.json:
//   {"sha256": "...", "bytes": N, "chunks": N, "o200k_base": N, ...}
// keyed by the file's sha256 so that a test of another build of the corpus
// knows the figures are not for it. The file is counted in the benchmark's
// chunks (each cut at the first line end at or after 16 KiB, as
// bench/engine/count.js cuts it), each chunk with encode_ordinary.
//
//	node corpus.mjs [/tmp/convkit-bench/corpus.txt]

import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { get_encoding } from "tiktoken";
import { harmony } from "./harmony.mjs";

const ENCODINGS = ["o200k_base", "cl100k_base", "p50k_base", "r50k_base", "p50k_edit", "o200k_harmony"];
const file = process.argv[2] || "/tmp/convkit-bench/corpus.txt";
const text = readFileSync(file);
const out = { sha256: createHash("sha256").update(text).digest("hex"), bytes: text.length, chunks: 0 };
for (const n of ENCODINGS) {
  const enc = n === "o200k_harmony" ? harmony() : get_encoding(n);
  let total = 0;
  let chunks = 0;
  for (let i = 0; i < text.length; chunks++) {
    let j = text.indexOf(10, i + 16384 - 1);
    j = j < 0 ? text.length : j + 1;
    total += enc.encode_ordinary(text.subarray(i, j).toString("utf8")).length;
    i = j;
  }
  enc.free();
  out.chunks = chunks;
  out[n] = total;
  console.error(`${n}: ${total} tokens`);
}
writeFileSync(new URL("./corpus-counts.json", import.meta.url), JSON.stringify(out, null, 2) + "\n");
