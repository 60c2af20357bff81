// gen-template-counts.mjs: counts each rendered conversation of
// renders.jsonl (render.py) with the model's tokenizer as Hugging Face's
// Rust tokenizers encodes it, add_special_tokens=false: what
// apply_chat_template(..., tokenize=True) gives. Writes template-counts.jsonl:
//   {"model": "...", "id": "...", "count": N}   (no line for a render that raised)
// Then renders the same conversations with Transformers.js
// (@huggingface/jinja) and reports every render that differs from Python's
// Jinja2, the reference transformers itself uses, with the model's
// chat_template.jinja when its folder has one (gpt-oss's), and strftime_now
// reading render.py's fixed clock.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Tokenizer } from "tokenizers";
import { PreTrainedTokenizer } from "@huggingface/transformers";
import { HERE, modelDir } from "./models.mjs";

const renders = readFileSync(join(HERE, "renders.jsonl"), "utf8").split("\n").filter((l) => l).map((l) => JSON.parse(l));
const conversations = Object.fromEntries(JSON.parse(readFileSync(join(HERE, "conversations.json"), "utf8")).map((c) => [c.id, c]));

// Transformers.js's strftime_now formats new Date(): make that render.py's
// clock, 26 July 2024 12:00 local time, so that gpt-oss's "Current date"
// does not depend on the day.
const RealDate = Date;
globalThis.Date = class extends RealDate {
  constructor(...args) {
    super(...(args.length ? args : [2024, 6, 26, 12, 0, 0]));
  }
};

// templateFile is the model's chat_template.jinja, which transformers reads
// instead of tokenizer_config.json's chat_template; undefined without one.
function templateFile(dir) {
  const path = join(dir, "chat_template.jinja");
  return existsSync(path) ? readFileSync(path, "utf8") : undefined;
}

const rust = {};
const files = {};
const js = {};
const lines = [];
let same = 0, differ = 0;
for (const r of renders) {
  const dir = modelDir(r.model);
  rust[r.model] ??= Tokenizer.fromFile(join(dir, "tokenizer.json"));
  files[r.model] ??= { template: templateFile(dir) };
  js[r.model] ??= new PreTrainedTokenizer(JSON.parse(readFileSync(join(dir, "tokenizer.json"), "utf8")), JSON.parse(readFileSync(join(dir, "tokenizer_config.json"), "utf8")));
  if (r.text !== undefined) {
    const enc = await rust[r.model].encode(r.text, null, { addSpecialTokens: false });
    lines.push(JSON.stringify({ model: r.model, id: r.id, count: enc.getIds().length }));
  }
  const c = conversations[r.id];
  let text, error;
  try {
    text = js[r.model].apply_chat_template(c.messages, { tokenize: false, add_generation_prompt: c.add_generation_prompt, tools: c.tools ?? null, chat_template: files[r.model].template });
  } catch (e) {
    error = String(e.message ?? e);
  }
  if (text === r.text && (error === undefined) === (r.error === undefined)) {
    same++;
  } else {
    differ++;
    console.log(`differs: ${r.model} ${r.id}: python ${JSON.stringify(r.text ?? r.error).slice(0, 300)}\n  js ${JSON.stringify(text ?? error).slice(0, 300)}`);
  }
}
writeFileSync(join(HERE, "template-counts.jsonl"), lines.join("\n") + "\n");
console.log(`${lines.length} counts; Transformers.js renders ${same} the same as Jinja2, ${differ} differently`);
