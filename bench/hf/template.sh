#!/bin/sh
# bench/hf/template.sh: `convkit count -t --tokenizer` beside Transformers.js
# (@huggingface/transformers 4.3.2, testdata/hf's pinned install) counting
# the same conversations rendered by the model's chat template:
# apply_chat_template(messages, {tokenize: true}), the lengths summed
# (bench/hf/template.mjs). Llama 3 and Qwen3; convkit with GOMAXPROCS=1 and
# with all cores. Fails unless the totals agree.
#
#   bench/hf/template.sh [FILE]
#
# FILE defaults to the first $N (2000) conversations of
# /tmp/convkit-bench/chats.jsonl (../shared/bench/gencorpus), 21 MB: 20-60 s
# of Transformers.js per model on a loaded 2-core machine. Needs testdata/hf/fetch.sh
# (the tokenizer files) and `npm ci --ignore-scripts` in testdata/hf (the
# reference); both run here when their files are missing.
#
# Times are of the whole process (/usr/bin/time: reading the file, loading
# the tokenizer, counting); convkit's compiled tokenizer is cached by a first,
# untimed run, so the runs are second runs. template.mjs also times its
# counting loop alone ("loop").
. "$(dirname "$0")/chats.sh"
printf 'input: %s conversations, %s bytes; load average %s\n\n' "$(grep -c . "$out/chats.jsonl")" "$(wc -c <"$out/chats.jsonl")" "$(cut -d' ' -f1-3 /proc/loadavg)"

for model in llama3 qwen3; do
	: >"$out/times"
	"$out/convkit" count -t --tokenizer "$models/$model" "$out/warm.jsonl" >/dev/null
	timed convkit-1 env GOMAXPROCS=1 "$out/convkit" count -t --tokenizer "$models/$model" "$out/chats.jsonl"
	one=$(cat "$out/stdout")
	timed convkit-all "$out/convkit" count -t --tokenizer "$models/$model" "$out/chats.jsonl"
	all=$(cat "$out/stdout")
	timed transformers.js env NODE_PATH="$root/testdata/hf/node_modules" node "$here/template.mjs" "$models" "$model" "$out/chats.jsonl"
	js=$(cat "$out/stdout")
	jstokens=$(printf '%s\n' "$js" | tr '\t' '\n' | awk '$1 == "tokens" { print $2 }')
	skipped=$(printf '%s\n' "$js" | tr '\t' '\n' | awk '$1 == "skipped" { print $2 }')
	if [ "$skipped" != 0 ]; then
		echo "$model: Transformers.js's template refused $skipped conversations (above); convkit counts them or stops, so the totals cannot be compared" >&2
		exit 1
	fi
	if [ "$one" != "$jstokens" ] || [ "$all" != "$jstokens" ]; then
		echo "$model: totals differ: convkit $one (GOMAXPROCS=1), $all (all cores), Transformers.js $jstokens" >&2
		exit 1
	fi
	printf '%s: %s tokens, convkit and Transformers.js agree (no conversation refused by the template)\n' "$model" "$one"
	printf '  Transformers.js counting loop alone: %s\n' "$(printf '%s\n' "$js" | cut -f4,5)"
	table "  "
	echo
done
printf 'load average after: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
