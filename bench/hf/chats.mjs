// What template.mjs and trim-prompt.mjs share: a model's tokenizer and chat
// template loaded offline with Transformers.js, and the conversations of a
// JSONL file.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

// loadTokenizer returns AutoTokenizer.from_pretrained(name) from the local
// folder models/name (tokenizer.json and tokenizer_config.json), nothing
// fetched; Transformers.js is found in NODE_PATH.
export async function loadTokenizer(models, name) {
  const url = pathToFileURL(join(process.env.NODE_PATH, "@huggingface/transformers/dist/transformers.node.mjs"));
  const { AutoTokenizer, env } = await import(url.href);
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = models.endsWith("/") ? models : models + "/";
  return AutoTokenizer.from_pretrained(name);
}

// readChats returns the messages of each line of a JSONL file of
// {"messages": [...]}.
export function readChats(input) {
  return readFileSync(input, "utf8").split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l).messages);
}
