// Counts each conversation of a JSONL file ({"messages": [...]} a line)
// as Transformers.js does: apply_chat_template(messages, {tokenize: true})
// with the model's own tokenizer and chat template, loaded offline from a
// local folder, and sums the lengths. A conversation whose template raises
// is skipped and counted apart. Prints one tab-separated line, the timing
// of the counting alone (loading the tokenizer and reading the file not
// timed; bench/hf/template.sh times the whole process as well):
//
//	conversations N  skipped S  tokens T  wall Ws  cpu Cs
//
//	NODE_PATH=testdata/hf/node_modules node template.mjs MODELS NAME FILE
//
// MODELS is the folder holding NAME/tokenizer.json and
// NAME/tokenizer_config.json (testdata/hf/models, filled by fetch.sh).
import { loadTokenizer, readChats } from "./chats.mjs";

const [models, name, input] = process.argv.slice(2);
const tok = await loadTokenizer(models, name);
const chats = readChats(input);
const t0 = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
let tokens = 0;
let skipped = 0;
for (let i = 0; i < chats.length; i++) {
  let ids;
  try {
    ids = tok.apply_chat_template(chats[i], { tokenize: true, return_tensor: false, return_dict: false });
  } catch (e) {
    skipped++;
    console.error(`template.mjs: ${input}:${i + 1}: ${e.message ?? e}`);
    continue;
  }
  tokens += ids.length;
}
const s = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(cpu0);
const cs = (cpu.user + cpu.system) / 1e6;
console.log(`conversations ${chats.length}\tskipped ${skipped}\ttokens ${tokens}\twall ${s.toFixed(3)}s\tcpu ${cs.toFixed(3)}s`);
