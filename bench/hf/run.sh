#!/bin/sh
# bench/hf/run.sh: count/hf beside Hugging Face's Rust tokenizers (npm
# `tokenizers` 0.23.2, testdata/hf's pinned install), counting the same
# 16 KiB chunks of a corpus on one core with the Llama 3 and Qwen3
# tokenizers, and checking that every chunk's count agrees.
#
#   bench/hf/run.sh [FILE]
#
# FILE defaults to the first $BYTES (8000000) bytes of
# /tmp/convkit-bench/corpus.txt (../shared/bench/gencorpus), else of a text
# made of the repository's Go sources and docs. Needs testdata/hf/fetch.sh
# (the tokenizer files) and `npm ci --ignore-scripts` in testdata/hf (the
# reference); pins both processes to CPU 0 with taskset when there is one.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
bytes=${BYTES:-8000000}
if [ $# -gt 0 ]; then
	cp "$1" "$out/corpus.txt"
elif [ -f /tmp/convkit-bench/corpus.txt ]; then
	head -c "$bytes" /tmp/convkit-bench/corpus.txt >"$out/corpus.txt"
else
	find "$root" -name '*.go' -o -name '*.md' | grep -v node_modules | sort | xargs cat | head -c "$bytes" >"$out/corpus.txt"
fi
"$root/testdata/hf/fetch.sh"
[ -d "$root/testdata/hf/node_modules/tokenizers" ] || (cd "$root/testdata/hf" && npm ci --ignore-scripts --no-audit --no-fund --silent)
(cd "$root" && go build -o "$out/count" ./bench/hf/count)
one=""
command -v taskset >/dev/null && one="taskset -c 0"
printf 'input: %s bytes\n\n' "$(wc -c <"$out/corpus.txt")"
for model in llama3 qwen3; do
	file="$root/testdata/hf/models/$model/tokenizer.json"
	go=$(GOMAXPROCS=1 $one "$out/count" -chunks "$out/go.chunks" "$file" "$out/corpus.txt")
	js=$(NODE_PATH="$root/testdata/hf/node_modules" UV_THREADPOOL_SIZE=1 $one node "$here/count.mjs" "$file" "$out/corpus.txt" "$out/js.chunks")
	printf '%-8s count/hf   %s\n' "$model" "$go"
	printf '%-8s tokenizers %s\n' "$model" "$js"
	if cmp -s "$out/go.chunks" "$out/js.chunks"; then
		echo "$model: all $(wc -l <"$out/go.chunks") chunks agree"
	else
		echo "$model: chunk counts differ:" >&2
		diff "$out/go.chunks" "$out/js.chunks" | head >&2
		exit 1
	fi
	printf '%s\n%s\n' "$go" "$js" | awk -F'\t' -v m="$model" '{ split($4, f, " "); mbs[NR] = f[3] } END { printf "%s: count/hf / tokenizers, CPU MB/s: %.1fx\n\n", m, mbs[1] / mbs[2] }'
done
