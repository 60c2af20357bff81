#!/bin/sh
# bench/count/run.sh: convkit count beside OpenAI's npm tiktoken, counting
# the same messages of the same JSONL dataset in one run.
#
#   bench/count/run.sh [FILE.jsonl]
#
# FILE defaults to /tmp/convkit-bench/chats.jsonl, built by
# ../shared/bench/gencorpus (see its README). Prints, per counter and per
# number of cores (GOMAXPROCS=1 and 2 for convkit; npm tiktoken on one
# thread, then two processes sharing the lines), the total (--raw counts
# message text only, as count.mjs does, and the two must agree), wall
# seconds, MB/s and peak memory (of the largest process), then convkit's
# start-up time on a small file. Needs node/npm (npm ci installs the
# pinned tiktoken here) and GNU time at /usr/bin/time.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
file=${1:-/tmp/convkit-bench/chats.jsonl}
enc=${ENCODING:-o200k_base}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

[ -f "$file" ] || { echo "run.sh: $file: no such file (build it with ../shared/bench/gencorpus)" >&2; exit 1; }
[ -d "$here/node_modules/tiktoken" ] || (cd "$here" && npm ci --silent)
(cd "$root" && go build -o "$out/convkit" .)
bytes=$(wc -c <"$file")
printf 'input: %s, %s bytes, %s\n\n' "$file" "$bytes" "$enc"
printf '%-28s %12s %9s %8s %10s\n' counter tokens seconds MB/s 'peak MB'

# measure NAME CMD…: runs CMD under GNU time, prints a row.
measure() {
	name=$1
	shift
	/usr/bin/time -f '%e %M' -o "$out/time" "$@" >"$out/stdout" 2>"$out/stderr" || { cat "$out/stderr" >&2; exit 1; }
	read -r secs kb <"$out/time"
	awk -v n="$name" -v t="$(tail -n 1 "$out/stdout")" -v s="$secs" -v b="$bytes" -v k="$kb" \
		'BEGIN { printf "%-28s %12s %9.2f %8.2f %10.1f\n", n, t, s, b / s / 1e6, k / 1024 }'
}

measure 'convkit count, 1 core' env GOMAXPROCS=1 "$out/convkit" count --raw -t -e "$enc" "$file"
measure 'convkit count, 2 cores' env GOMAXPROCS=2 "$out/convkit" count --raw -t -e "$enc" "$file"
# The command as users run it: chat overhead included, so its total is higher.
measure 'count with overhead, 1 core' env GOMAXPROCS=1 "$out/convkit" count -t -e "$enc" "$file"
measure 'count with overhead, 2 cores' env GOMAXPROCS=2 "$out/convkit" count -t -e "$enc" "$file"
measure 'npm tiktoken 1.0.22, 1 core' node "$here/count.mjs" "$file" "$enc"
# Two processes, each counting every other line, then the sum.
cat >"$out/two.sh" <<SCRIPT
node "$here/count.mjs" "$file" "$enc" 0 2 >"$out/a" & node "$here/count.mjs" "$file" "$enc" 1 2 >"$out/b"; wait
echo \$((\$(cat "$out/a") + \$(cat "$out/b")))
SCRIPT
measure 'npm tiktoken, 2 processes' sh "$out/two.sh"

# Start-up: the whole process on a one-message file (o200k_base).
printf '[{"role": "user", "content": "Hello, world!"}]\n' >"$out/small.json"
if command -v hyperfine >/dev/null; then
	printf '\nstart-up, convkit count on a one-message file:\n'
	hyperfine -N --warmup 2 --runs 10 --style basic "$out/convkit count -t $out/small.json" 2>&1 | grep -E 'Time|Range'
fi
