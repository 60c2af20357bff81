#!/usr/bin/env bash
# Streams a 100 MB and a 1 GB JSONL file through `convkit export -f jsonl` and
# `jq -c .` side by side, and prints wall time, MB/s and peak memory of each.
#
#   bench/export/run.sh [CHATS.jsonl]
#
# CHATS.jsonl defaults to the standard benchmark input built by
# ../shared/bench/gencorpus (see ../shared/bench/README.md); the 100 MB and
# 1 GB inputs are cut from it and made by repeating it, in $OUT (/tmp/convkit-bench-export).
set -euo pipefail
cd "$(dirname "$0")/../.."
src=${1:-/tmp/convkit-bench/chats.jsonl}
out=${OUT:-/tmp/convkit-bench-export}
[ -f "$src" ] || { echo "no $src: build it with ../shared/bench/gencorpus (see ../shared/bench/README.md)" >&2; exit 1; }
command -v jq >/dev/null || { echo "jq is needed: apt-get install -y jq" >&2; exit 1; }
mkdir -p "$out"
go build -o "$out/convkit" .

# Whole lines only, so that both inputs stay valid JSONL.
[ -f "$out/100MB.jsonl" ] || head -c 100000000 "$src" | sed '$d' > "$out/100MB.jsonl"
if [ ! -f "$out/1GB.jsonl" ]; then
  while [ "$(stat -c %s "$out/1GB.jsonl" 2>/dev/null || echo 0)" -lt 1000000000 ]; do cat "$src" >> "$out/1GB.jsonl"; done
fi

measure() { # name file cmd…
  local name=$1 file=$2; shift 2
  local log; log=$(mktemp)
  /usr/bin/time -v "$@" < "$file" > /dev/null 2> "$log"
  local wall rss bytes
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {print int($2/1024)}' "$log")
  bytes=$(stat -c %s "$file")
  printf '%-28s %-12s %8.2f s %8.1f MB/s %8d MB peak\n' "$name" "$(basename "$file")" "$wall" "$(echo "$bytes / 1000000 / $wall" | bc -l)" "$rss"
  rm -f "$log"
}

echo "machine: $(nproc) cores, $(go version | cut -d' ' -f3), $(jq --version)"
for f in "$out/100MB.jsonl" "$out/1GB.jsonl"; do
  measure "convkit export -f jsonl" "$f" "$out/convkit" export -f jsonl
  measure "jq -c ." "$f" jq -c .
done
