#!/bin/sh
# bench/hf/trim-prompt.sh: `convkit trim --tokenizer` and `convkit export -f
# prompt --tokenizer` beside what a Transformers.js user writes for the same
# (@huggingface/transformers 4.3.2, testdata/hf's pinned install;
# bench/hf/trim-prompt.mjs), on the same conversations, Llama 3 and Qwen3:
#
#   - trim: `convkit trim --tokenizer DIR --max-seq-len $MAX --start-on user
#     --on-unfit skip`, beside counting each conversation with the template
#     (apply_chat_template(…, {tokenize: true})) and dropping its oldest turn
#     until it fits;
#   - prompt: `convkit export -f prompt --tokenizer DIR`, beside
#     apply_chat_template(…, {tokenize: false}), written as a JSONL of
#     {"text": …}.
#
# convkit with GOMAXPROCS=1 and with all cores. Fails unless both write
# the same conversations (trim) and the same texts (prompt).
#
#   bench/hf/trim-prompt.sh [FILE]
#
# FILE defaults to the first $N (2000) conversations of
# /tmp/convkit-bench/chats.jsonl (../shared/bench/gencorpus), 21 MB; MAX
# defaults to 2048. Needs testdata/hf/fetch.sh (the tokenizer files) and
# `npm ci --ignore-scripts` in testdata/hf (the reference); both run here
# when their files are missing.
#
# Times are of the whole process (/usr/bin/time: reading the file, loading
# the tokenizer, the work, writing); convkit's compiled tokenizer is cached
# by a first, untimed run, so the runs are second runs. trim-prompt.mjs
# also times its loop alone ("loop").
. "$(dirname "$0")/chats.sh"
max=${MAX:-2048}
printf 'input: %s conversations, %s bytes; max %s tokens; load average %s\n\n' "$(grep -c . "$out/chats.jsonl")" "$(wc -c <"$out/chats.jsonl")" "$max" "$(cut -d' ' -f1-3 /proc/loadavg)"

js="env NODE_PATH=$root/testdata/hf/node_modules node $here/trim-prompt.mjs"

for model in llama3 qwen3; do
	dir="$models/$model"
	"$out/convkit" count -t --tokenizer "$dir" "$out/warm.jsonl" >/dev/null
	echo "$model"

	: >"$out/times"
	trim="trim -q --tokenizer $dir --max-seq-len $max --start-on user --on-unfit skip $out/chats.jsonl"
	timed convkit-1 env GOMAXPROCS=1 "$out/convkit" $trim -o "$out/trim-1.jsonl"
	timed convkit-all "$out/convkit" $trim -o "$out/trim.jsonl"
	cmp -s "$out/trim-1.jsonl" "$out/trim.jsonl" || { echo "$model: trim writes differently on one core and on all" >&2; exit 1; }
	timed transformers.js $js trim "$models" "$model" "$out/chats.jsonl" "$max" "$out/js-trim.jsonl" "$out/trim.jsonl"
	printf '  trim --max-seq-len %s: %s of %s conversations kept, the same as Transformers.js keeps\n' "$max" "$(grep -c . "$out/trim.jsonl")" "$(grep -c . "$out/chats.jsonl")"
	printf '  Transformers.js loop alone: %s, %s\n' "$(cut -f3 "$out/stdout")" "$(cut -f4,5 "$out/stdout")"
	table "    "

	: >"$out/times"
	timed convkit-1 env GOMAXPROCS=1 "$out/convkit" export -f prompt --tokenizer "$dir" "$out/chats.jsonl" -o "$out/prompt-1.jsonl"
	timed convkit-all "$out/convkit" export -f prompt --tokenizer "$dir" "$out/chats.jsonl" -o "$out/prompt.jsonl"
	cmp -s "$out/prompt-1.jsonl" "$out/prompt.jsonl" || { echo "$model: export writes differently on one core and on all" >&2; exit 1; }
	timed transformers.js $js prompt "$models" "$model" "$out/chats.jsonl" "$out/js-prompt.jsonl" "$out/prompt.jsonl"
	printf '  export -f prompt: %s bytes of rendered text, the same texts as Transformers.js renders\n' "$(wc -c <"$out/prompt.jsonl")"
	printf '  Transformers.js loop alone: %s\n' "$(cut -f4,5 "$out/stdout")"
	table "    "
	echo
done
printf 'load average after: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
