// What a Transformers.js user writes for what `convkit trim --tokenizer` and
// `convkit export -f prompt --tokenizer` do, on a JSONL file of
// conversations ({"messages": [...]} a line), with the model's own
// tokenizer and chat template loaded offline from a local folder:
//
//   - prompt: apply_chat_template(messages, {tokenize: false}) for each
//     conversation, written as a JSONL of {"text": …} to OUT;
//   - trim: for each conversation, count it with
//     apply_chat_template(messages, {tokenize: true}) and, while it is over
//     MAX tokens, drop its oldest turn (the leading system message stays;
//     a turn is a user message and what follows it up to the next one) and
//     count again; a conversation whose last turn does not fit is skipped.
//     The kept conversations are written as a JSONL to OUT.
//
// Prints one tab-separated line, the timing of the loop alone (loading the
// tokenizer and reading the file not timed; bench/hf/trim-prompt.sh times
// the whole process as well):
//
//	conversations N  written W  templates T  wall Ws  cpu Cs
//
// T is how many times the chat template rendered. With SAME, a file that
// convkit wrote, the texts (prompt) or the conversations (trim) of OUT and
// SAME are compared after the timing, and a difference is an error.
//
//	NODE_PATH=testdata/hf/node_modules node trim-prompt.mjs prompt MODELS NAME FILE OUT [SAME]
//	NODE_PATH=testdata/hf/node_modules node trim-prompt.mjs trim MODELS NAME FILE MAX OUT [SAME]
//
// MODELS is the folder holding NAME/tokenizer.json and
// NAME/tokenizer_config.json (testdata/hf/models, filled by fetch.sh).
import { readFileSync, writeFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { loadTokenizer, readChats } from "./chats.mjs";

const [mode, models, name, input, ...rest] = process.argv.slice(2);
const max = mode === "trim" ? Number(rest.shift()) : 0;
const [out, same] = rest;
if (mode !== "prompt" && mode !== "trim") throw new Error(`trim-prompt.mjs: mode ${mode}: want prompt or trim`);
const tok = await loadTokenizer(models, name);
const chats = readChats(input);
let templates = 0;
const count = (messages) => {
  templates++;
  return tok.apply_chat_template(messages, { tokenize: true, return_tensor: false, return_dict: false }).length;
};

// fit returns the newest turns of messages that fit in max tokens, after
// the leading system message, or null when not even the last turn fits.
function fit(messages) {
  const head = messages.length > 0 && messages[0].role === "system" ? 1 : 0;
  for (let from = head; from < messages.length; from++) {
    if (from > head && messages[from].role !== "user") continue;
    const kept = [...messages.slice(0, head), ...messages.slice(from)];
    if (count(kept) <= max) return kept;
  }
  return null;
}

const t0 = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
const written = [];
for (const messages of chats) {
  if (mode === "prompt") {
    templates++;
    written.push(JSON.stringify({ text: tok.apply_chat_template(messages, { tokenize: false }) }));
  } else {
    const kept = fit(messages);
    if (kept !== null) written.push(JSON.stringify({ messages: kept }));
  }
}
writeFileSync(out, written.join("\n") + "\n");
const s = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(cpu0);
const cs = (cpu.user + cpu.system) / 1e6;
console.log(`conversations ${chats.length}\twritten ${written.length}\ttemplates ${templates}\twall ${s.toFixed(3)}s\tcpu ${cs.toFixed(3)}s`);

if (same !== undefined) {
  const theirs = readFileSync(same, "utf8").split("\n").filter((l) => l !== "").map((l) => JSON.parse(l));
  const ours = written.map((l) => JSON.parse(l));
  const key = mode === "prompt" ? "text" : "messages";
  if (theirs.length !== ours.length) throw new Error(`${same}: ${theirs.length} lines, Transformers.js wrote ${ours.length}`);
  for (let i = 0; i < ours.length; i++) {
    if (!isDeepStrictEqual(theirs[i][key], ours[i][key])) throw new Error(`${same}:${i + 1}: differs from what Transformers.js wrote`);
  }
}
