// Counts a file's tokens with npm tiktoken or gpt-tokenizer, in the chunks
// bench/engine/count uses, and prints tokens and MB/s like it. With CHUNKS,
// also writes each chunk's count to that file, a line each, as count
// -chunks does.
//
//	node count.js tiktoken|gpt-tokenizer cl100k_base|o200k_base FILE [CHUNKS]
const fs = require("fs");
const [lib, enc, file, chunks] = process.argv.slice(2);
const t0 = process.hrtime.bigint();
let count;
if (lib === "tiktoken") {
  const e = require("tiktoken").get_encoding(enc);
  count = (s) => e.encode_ordinary(s).length;
} else {
  const { countTokens } = require("gpt-tokenizer/encoding/" + enc);
  count = (s) => countTokens(s);
}
const text = fs.readFileSync(file);
let n = 0;
const counts = [];
for (let i = 0; i < text.length; ) {
  let j = text.indexOf(10, i + 16384 - 1);
  j = j < 0 ? text.length : j + 1;
  const c = count(text.subarray(i, j).toString("utf8"));
  if (chunks) counts.push(c);
  n += c;
  i = j;
}
if (chunks) fs.writeFileSync(chunks, counts.join("\n") + "\n");
const s = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(`${lib} ${enc}\t${n} tokens\t${text.length} bytes\twall ${s.toFixed(3)}s ${(text.length / 1e6 / s).toFixed(1)} MB/s (start-up included)`);
