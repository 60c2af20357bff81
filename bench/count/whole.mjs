// whole.mjs FILE [ENCODING]: the number of tokens OpenAI's tiktoken (npm,
// WASM build) gives for the whole file as one string, what convkit count
// --plain -t must print however it cuts the file to stream it.
import { readFileSync } from "node:fs";
import { get_encoding } from "tiktoken";

const [file, encName = "o200k_base"] = process.argv.slice(2);
console.log(get_encoding(encName).encode_ordinary(readFileSync(file, "utf8")).length);
