// Counts a file's tokens with Hugging Face's Rust tokenizers (npm
// `tokenizers`, installed in testdata/hf), encode + length in the chunks
// bench/hf/count uses, writes each chunk's count to CHUNKS, a line each,
// and prints tokens and MB/s like it (loading the tokenizer not timed).
//
//	NODE_PATH=testdata/hf/node_modules node count.mjs tokenizer.json FILE CHUNKS
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const require = createRequire(join(process.env.NODE_PATH, "x.js"));
const { Tokenizer } = require("tokenizers");
const [file, input, chunks] = process.argv.slice(2);
const tok = Tokenizer.fromFile(file);
const text = readFileSync(input);
const t0 = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
let n = 0;
const counts = [];
for (let i = 0; i < text.length; ) {
  let j = text.indexOf(10, Math.min(i + 16384 - 1, text.length));
  j = j < 0 ? text.length : j + 1;
  const enc = await tok.encode(text.subarray(i, j).toString("utf8"), null, { addSpecialTokens: false });
  const c = enc.getIds().length;
  counts.push(c);
  n += c;
  i = j;
}
const s = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(cpu0);
const cs = (cpu.user + cpu.system) / 1e6;
writeFileSync(chunks, counts.join("\n") + "\n");
const mb = text.length / 1e6;
console.log(`${n} tokens\t${text.length} bytes\twall ${s.toFixed(3)}s ${(mb / s).toFixed(1)} MB/s\tcpu ${cs.toFixed(3)}s ${(mb / cs).toFixed(1)} MB/s`);
