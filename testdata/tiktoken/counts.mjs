// counts.mjs: reads strings.jsonl and writes counts.jsonl, one line per
// string in the same order:
//   {"id": "...", "o200k_base": N, "cl100k_base": N, "p50k_base": N, "r50k_base": N,
//    "p50k_edit": N, "o200k_harmony": N}
// N = get_encoding(name).encode_ordinary(text).length from the `tiktoken`
// npm package (OpenAI's WASM build). encode_ordinary treats special-token
// text such as "<|endoftext|>" as ordinary text, which is what convkit counts.
// (encode(text) with its defaults refuses such text: checked below.)

import { readFileSync, writeFileSync } from "node:fs";
import { get_encoding } from "tiktoken";
import { harmony } from "./harmony.mjs";

const ENCODINGS = ["o200k_base", "cl100k_base", "p50k_base", "r50k_base", "p50k_edit", "o200k_harmony"];
const here = (f) => new URL("./" + f, import.meta.url);

const rows = readFileSync(here("strings.jsonl"), "utf8")
  .split("\n")
  .filter((l) => l !== "")
  .map((l) => JSON.parse(l));

const encs = Object.fromEntries(ENCODINGS.map((n) => [n, n === "o200k_harmony" ? harmony() : get_encoding(n)]));

// Check: encode() with defaults throws on special-token text; encode_ordinary does not.
for (const n of ENCODINGS) {
  let threw = false;
  try {
    encs[n].encode("a <|endoftext|> b");
  } catch {
    threw = true;
  }
  if (!threw) throw new Error(`${n}: encode() accepted <|endoftext|>; expected it to refuse`);
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
let body = "";
let specialRefused = 0;
for (const r of rows) {
  const o = { id: r.id };
  for (const n of ENCODINGS) {
    const toks = encs[n].encode_ordinary(r.text);
    // round trip: the tokens decode back to exactly the text's bytes
    const back = utf8.decode(encs[n].decode(toks));
    if (back !== r.text) throw new Error(`${n}: ${r.id} does not round-trip`);
    o[n] = toks.length;
  }
  // where encode() accepts the text (no special-token text), it must agree with encode_ordinary
  try {
    const k = encs.o200k_base.encode(r.text).length;
    if (k !== o.o200k_base) throw new Error(`${r.id}: encode ${k} != encode_ordinary ${o.o200k_base}`);
  } catch (e) {
    if (!String(e).includes("special token")) throw e;
    specialRefused++;
  }
  body += JSON.stringify(o) + "\n";
}
for (const e of Object.values(encs)) e.free();

writeFileSync(here("counts.jsonl"), body);
console.error(`counts.jsonl: ${rows.length} rows; encode() refused ${specialRefused} strings containing special-token text, encode_ordinary counted them as ordinary text`);
