// chat.mjs: reads conversations.json and writes chat-counts.json with the
// OpenAI cookbook's num_tokens_from_messages ("How to count tokens with
// tiktoken") for each conversation, under o200k_base (gpt-4o, gpt-4o-mini)
// and cl100k_base (gpt-3.5-turbo, gpt-4):
//
//   num_tokens = 0
//   for message in messages:
//       num_tokens += tokens_per_message          # 3
//       for key, value in message.items():
//           num_tokens += len(encoding.encode(value))
//           if key == "name":
//               num_tokens += tokens_per_name     # 1
//   num_tokens += 3  # every reply is primed with <|start|>assistant<|message|>
//
// Values are encoded with encode_ordinary, so special-token text inside a
// message counts as ordinary text; for every value without such text this
// equals encode() (the cookbook's call), which is checked below.
//
// Output: [{"id": "...", "messages": M, "o200k_base": N, "cl100k_base": N}]

import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { get_encoding } from "tiktoken";

const here = (f) => new URL("./" + f, import.meta.url);
const ENCODINGS = ["o200k_base", "cl100k_base"];
const TOKENS_PER_MESSAGE = 3;
const TOKENS_PER_NAME = 1;
const REPLY_PRIMING = 3;

export function countValue(enc, value) {
  if (typeof value !== "string") throw new Error(`non-string message value: ${JSON.stringify(value)}`);
  const n = enc.encode_ordinary(value).length;
  try {
    const m = enc.encode(value).length;
    if (m !== n) throw new Error(`encode ${m} != encode_ordinary ${n} for ${JSON.stringify(value)}`);
  } catch (e) {
    if (!String(e).includes("special token")) throw e;
  }
  return n;
}

export function numTokensFromMessages(enc, messages) {
  let num = 0;
  for (const message of messages) {
    num += TOKENS_PER_MESSAGE;
    for (const [key, value] of Object.entries(message)) {
      if (!["role", "content", "name"].includes(key)) throw new Error(`unexpected message key ${key}`);
      num += countValue(enc, value);
      if (key === "name") num += TOKENS_PER_NAME;
    }
  }
  return num + REPLY_PRIMING;
}

// Only run when executed directly (tools.mjs imports the functions above).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const convs = JSON.parse(readFileSync(here("conversations.json"), "utf8"));
  const encs = Object.fromEntries(ENCODINGS.map((n) => [n, get_encoding(n)]));
  const ids = new Set();
  const rows = [];
  for (const c of convs) {
    if (ids.has(c.id)) throw new Error(`duplicate id ${c.id}`);
    ids.add(c.id);
    const row = { id: c.id, messages: c.messages.length };
    for (const n of ENCODINGS) row[n] = numTokensFromMessages(encs[n], c.messages);
    rows.push(row);
  }
  writeFileSync(here("chat-counts.json"), JSON.stringify(rows, null, 2) + "\n");

  // The cookbook's published API counts for its example conversation.
  const ex = rows.find((r) => r.id === "cookbook-example");
  const ok129 = ex.cl100k_base === 129;
  const ok124 = ex.o200k_base === 124;
  console.log(`cookbook-example cl100k_base (gpt-3.5-turbo/gpt-4): ${ex.cl100k_base} (API 129) ${ok129 ? "OK" : "MISMATCH"}`);
  console.log(`cookbook-example o200k_base (gpt-4o/gpt-4o-mini):   ${ex.o200k_base} (API 124) ${ok124 ? "OK" : "MISMATCH"}`);
  console.error(`chat-counts.json: ${rows.length} conversations`);
  for (const e of Object.values(encs)) e.free();
  if (!ok129 || !ok124) process.exit(1);
}
