#!/bin/sh
# bench/count/memory.sh: peak memory of convkit count on a 1 GB JSONL file,
# made in /tmp by concatenating copies of chats.jsonl (never committed),
# beside the same count on one copy: flat memory means the two peaks match.
#
#   bench/count/memory.sh [chats.jsonl]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
src=${1:-/tmp/convkit-bench/chats.jsonl}
big=/tmp/convkit-bench/chats-1g.jsonl
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

[ -f "$src" ] || { echo "memory.sh: $src: no such file (build it with ../shared/bench/gencorpus)" >&2; exit 1; }
(cd "$root" && go build -o "$out/convkit" .)
if [ ! -f "$big" ]; then
	n=$(( (1000000000 + $(wc -c <"$src") - 1) / $(wc -c <"$src") ))
	for _ in $(seq "$n"); do cat "$src"; done >"$big"
fi

for f in "$src" "$big"; do
	/usr/bin/time -v "$out/convkit" count -t --raw "$f" >"$out/stdout" 2>"$out/time"
	printf '%s: %s bytes, %s tokens, %s s, peak RSS %s MB\n' "$f" "$(wc -c <"$f")" "$(cat "$out/stdout")" \
		"$(awk -F': ' '/Elapsed/ { print $2 }' "$out/time")" \
		"$(awk -F': ' '/Maximum resident/ { printf "%.1f", $2 / 1024 }' "$out/time")"
done
