#!/usr/bin/env bash
# Issue 22's table, redone in one run on this machine: wall time and peak
# memory of the commands of its first rows on one 200 MiB message and on
# 200 MiB of one letter (bench/flat/gen.py), export -f parquet on both,
# then validate, export -f jsonl
# and jq -c . on chats.jsonl (../shared/bench), then the start-up of
# count -t -e p50k_base on a small file (median of ROUNDS interleaved
# rounds beside a Go program that prints one line).
#
#   bench/flat/summary.sh [chats.jsonl]     # default /tmp/convkit-bench/chats.jsonl
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
out=${OUT:-/tmp/convkit-bench-flat}
chats=${1:-/tmp/convkit-bench/chats.jsonl}
mkdir -p "$out"
CGO_ENABLED=0 go build -tags urfave_cli_no_docs -o "$out/convkit" .
go build -o "$out/interleave" ./bench/startup/interleave
[ -f "$out/letter.json" ] || python3 bench/flat/gen.py "$out"
ck=$out/convkit

row() { # command, input, cmd…: a table row of wall (CPU) seconds and peak RSS
  local name=$1 input=$2; shift 2
  local log rc=0
  log=$(mktemp)
  /usr/bin/time -f '%e %U %S %M' "$@" >/dev/null 2>"$log" || rc=$?
  read -r wall user sys rss < <(tail -n 1 "$log")
  rm -f "$log"
  printf '| `%s` | %s | %.2f s (%.2f s CPU) | %d MB | %d |\n' "$name" "$input" "$wall" "$(echo "$user + $sys" | bc)" \
    "$((rss / 1024))" "$rc"
}

echo "machine: $(nproc) cores, $(go version | cut -d' ' -f3), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo '| command | input | wall (CPU) | peak RSS | exit |'
echo '| --- | --- | ---: | ---: | ---: |'
m=$out/message.json l=$out/letter.json
row "count -t" "one message of 200 MiB" "$ck" count -t "$m"
row "validate" "the same" "$ck" validate "$m"
row "export -f api -o" "the same" "$ck" export -f api -o "$out/out" "$m"
row "trim --max-tokens 1000 -o" "the same" "$ck" trim -q --max-tokens 1000 -o "$out/out" "$m"
row "export -f api -o" "200 MiB of one letter as one message" "$ck" export -f api -o "$out/out" "$l"
row "export -f parquet -o" "one message of 200 MiB" "$ck" export -f parquet -o "$out/out.parquet" "$m"
row "export -f parquet -o" "200 MiB of one letter as one message" "$ck" export -f parquet -o "$out/out.parquet" "$l"
rm -f "$out/out" "$out/out.parquet"
if [ -f "$chats" ]; then
  size="$(basename "$chats"), $(($(stat -c %s "$chats") / 1000000)) MB"
  row "validate" "$size" "$ck" validate -q "$chats"
  row "export -f jsonl" "$size" "$ck" export -f jsonl "$chats"
  command -v jq >/dev/null && row "jq -c ." "$size" jq -c . "$chats"
fi
mkdir -p "$out/hello"
printf 'package main\n\nimport "os"\n\nfunc main() { os.Stdout.WriteString("hi\\n") }\n' >"$out/hello/main.go"
printf 'module hello\n\ngo 1.26\n' >"$out/hello/go.mod"
(cd "$out/hello" && go build -o "$out/hello-world" .)
"$out/interleave" -rounds "${ROUNDS:-300}" "$out/hello-world" "$ck count -t -e p50k_base testdata/seeds/alice.json" \
  | sed -nE 's/.*p50k.* median +([0-9.]+ ms).* ([0-9.]+×)$/| `count -t -e p50k_base` | small file, start-up | \1 (\2 a hello-world) | | |/p'
