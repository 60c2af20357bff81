// count.mjs FILE [ENCODING [PART PARTS]]: counts the content of every
// message of a JSONL dataset ({"messages": [{"role", "content"}, …]} a line)
// with OpenAI's tiktoken, npm package, WASM build: the number convkit count
// --raw -t gives. String content is counted; text parts of an array content
// too. With PART and PARTS, only the lines whose index modulo PARTS is PART
// are counted, so that PARTS processes share the work. Prints the total on
// stdout and the wall time of the counting on stderr.
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { get_encoding } from "tiktoken";

const [file, encName = "o200k_base", part = "0", parts = "1"] = process.argv.slice(2);
const enc = get_encoding(encName);
const start = process.hrtime.bigint();
let total = 0;
let index = -1;
const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
for await (const line of lines) {
  if (line.trim() === "" || ++index % Number(parts) !== Number(part)) continue;
  for (const m of JSON.parse(line).messages) {
    if (typeof m.content === "string") {
      total += enc.encode_ordinary(m.content).length;
    } else if (Array.isArray(m.content)) {
      for (const p of m.content) if (p.type === "text") total += enc.encode_ordinary(p.text).length;
    }
  }
}
const secs = Number(process.hrtime.bigint() - start) / 1e9;
console.log(total);
console.error(`npm tiktoken: ${total} tokens in ${secs.toFixed(2)} s`);
enc.free();
