#!/usr/bin/env bash
# Runs the commands that read a file and write it out again, and validate,
# on files that each hold one value of about 200 MiB (see gen.py), and
# prints wall time and peak memory of each.
#
#   bench/flat/run.sh
#
# The inputs (800 MiB) are made once in $OUT (/tmp/convkit-bench-flat).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${OUT:-/tmp/convkit-bench-flat}
mkdir -p "$out"
go build -o "$out/convkit" .
[ -f "$out/letter.json" ] || python3 bench/flat/gen.py "$out"

measure() { # name cmd…
  local name=$1; shift
  local log; log=$(mktemp)
  local rc=0
  /usr/bin/time -f '%e %M' "$@" > /dev/null 2> "$log" || rc=$?
  read -r wall rss < <(tail -n 1 "$log")
  printf '%-40s %8.2f s %6d MB  exit %d\n' "$name" "$wall" "$((rss / 1024))" "$rc"
  rm -f "$log"
}

echo "machine: $(nproc) cores, $(go version | cut -d' ' -f3)"
for f in message toolcall image letter; do
  in="$out/$f.json"
  measure "$f: count -t" "$out/convkit" count -t "$in"
  measure "$f: validate" "$out/convkit" validate "$in"
  for fmt in api meta jsonl; do
    measure "$f: export -f $fmt -o" "$out/convkit" export -f "$fmt" -o "$out/out" "$in"
  done
  measure "$f: export -f parquet -o" "$out/convkit" export -f parquet -o "$out/out.parquet" "$in"
  rm -f "$out/out.parquet"
  measure "$f: trim --max-tokens 1000 -o" "$out/convkit" trim -q --max-tokens 1000 -o "$out/out" "$in"
  measure "$f: trim --max-tokens 1e9 -o (keeps it)" "$out/convkit" trim -q --max-tokens 1000000000 -o "$out/out" "$in"
  rm -f "$out/out"
done
