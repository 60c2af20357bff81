// Counts a file's tokens with npm tiktoken or gpt-tokenizer, in the chunks
// bench/engine/count uses, and prints tokens and MB/s like it.
//
//	node count.js tiktoken|gpt-tokenizer cl100k_base|o200k_base FILE
const fs = require("fs");
const [lib, enc, file] = process.argv.slice(2);
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
for (let i = 0; i < text.length; ) {
  let j = text.indexOf(10, i + 16384 - 1);
  j = j < 0 ? text.length : j + 1;
  n += count(text.subarray(i, j).toString("utf8"));
  i = j;
}
const s = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(`${lib} ${enc}\t${n} tokens\t${text.length} bytes\twall ${s.toFixed(3)}s ${(text.length / 1e6 / s).toFixed(1)} MB/s (start-up included)`);
