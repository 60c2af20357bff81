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
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
models="$root/testdata/hf/models"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
if [ $# -gt 0 ]; then
	cp "$1" "$out/chats.jsonl"
else
	head -n "${N:-2000}" /tmp/convkit-bench/chats.jsonl >"$out/chats.jsonl"
fi
"$root/testdata/hf/fetch.sh"
[ -d "$root/testdata/hf/node_modules/@huggingface/transformers" ] || (cd "$root/testdata/hf" && npm ci --ignore-scripts --no-audit --no-fund --silent)
(cd "$root" && CGO_ENABLED=0 go build -tags urfave_cli_no_docs -o "$out/convkit" .)
printf '{"messages":[{"role":"user","content":"hi"}]}\n' >"$out/warm.jsonl"
printf 'input: %s conversations, %s bytes; load average %s\n\n' "$(grep -c . "$out/chats.jsonl")" "$(wc -c <"$out/chats.jsonl")" "$(cut -d' ' -f1-3 /proc/loadavg)"

# timed LABEL COMMAND…: runs COMMAND, its stdout to $out/stdout, and appends
# "LABEL wall cpu" to $out/times.
timed() {
	label=$1
	shift
	/usr/bin/time -f "$label %e %U %S" -o "$out/time" "$@" >"$out/stdout"
	awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' "$out/time" >>"$out/times"
}

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
	awk '
		{ label[NR] = $1; wall[NR] = $2; cpu[NR] = $3 }
		END {
			printf "  %-16s %9s %9s %14s %14s\n", "", "wall s", "cpu s", "js/this wall", "js/this cpu"
			for (i = 1; i <= NR; i++)
				printf "  %-16s %9.2f %9.2f %13.1fx %13.1fx\n", label[i], wall[i], cpu[i], wall[NR] / wall[i], cpu[NR] / cpu[i]
		}' "$out/times"
	echo
done
printf 'load average after: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
