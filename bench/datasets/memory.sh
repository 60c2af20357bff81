#!/bin/sh
# bench/datasets/memory.sh: time and peak memory of convkit count on one
# dataset shipped three ways: JSONL, the same file zstd-compressed (read by
# convkit, and piped through zstdcat), and Parquet written by convkit.
# Flat memory means the compressed and Parquet peaks stay near the plain
# JSONL one however big the file: zstd adds its window (8 MB at level 3),
# Parquet one row group's pages (1,000 conversations or 32 MB of JSON).
# With NODE=1, DuckDB (npm @duckdb/node-api) reads the Parquet file's
# messages column too, as the yardstick for Parquet reading.
#
#   bench/datasets/memory.sh [MB]     # the JSONL size, 200 by default
#
# The dataset is generated (awk, fixed seed) in /tmp/convkit-bench/datasets.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
mb=${1:-200}
dir=/tmp/convkit-bench/datasets
src=$dir/chats-${mb}m.jsonl
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
mkdir -p "$dir"
(cd "$root" && CGO_ENABLED=0 go build -o "$out/convkit" .)

if [ ! -f "$src" ]; then
	awk -v limit=$((mb * 1000000)) 'BEGIN {
		srand(19)
		n = split("the a of to and in is it you that for on with as was this are be at by not or from have but what can an your we if will my all so one about do there out up they more when which time would like just how some no into them other than then now only its also could use two over new any after these first way well even want because make most each find here thing give many example data model token answer question file line value error", w, " ")
		roles[0] = "user"; roles[1] = "assistant"
		while (bytes < limit) {
			line = "{\"messages\":[{\"role\":\"system\",\"content\":\"You are helpful.\"}"
			turns = 2 + int(rand() * 5)
			for (t = 0; t < turns; t++) {
				text = ""
				words = 10 + int(rand() * 150)
				for (i = 0; i < words; i++) text = text (i ? " " : "") w[1 + int(rand() * n)]
				line = line ",{\"role\":\"" roles[t % 2] "\",\"content\":\"" text ".\"}"
			}
			line = line "],\"id\":" ++id "}"
			print line
			bytes += length(line) + 1
		}
	}' >"$src"
fi
[ -f "$src.zst" ] || "$out/convkit" export -f jsonl -o "$src.zst" "$src"
[ -f "${src%.jsonl}.parquet" ] || "$out/convkit" export -f parquet -o "${src%.jsonl}.parquet" "$src"

printf 'input: %s (%s conversations)\n' "$src" "$(wc -l <"$src")"
for f in "$src" "$src.zst" "${src%.jsonl}.parquet"; do
	printf '  %-40s %6d MB\n' "$(basename "$f")" $(($(wc -c <"$f") / 1000000))
done
printf '\n%-36s %12s %9s %10s\n' command tokens seconds 'peak MB'

# measure NAME CMD: runs sh -c CMD under GNU time, prints a row.
measure() {
	/usr/bin/time -f '%e %M' -o "$out/time" sh -c "$2" >"$out/stdout" 2>"$out/stderr" || { cat "$out/stderr" >&2; exit 1; }
	read -r secs kb <"$out/time"
	printf '%-36s %12s %9.2f %10.1f\n' "$1" "$(tail -n 1 "$out/stdout")" "$secs" "$(echo "$kb / 1024" | bc -l)"
}
k=$out/convkit
measure 'count -t FILE.jsonl' "$k count -t $src"
measure 'count -t FILE.jsonl.zst' "$k count -t $src.zst"
measure 'zstdcat FILE.jsonl.zst | count -t' "zstdcat $src.zst | $k count -t"
measure 'count -t FILE.parquet' "$k count -t ${src%.jsonl}.parquet"
if [ "${NODE:-}" = 1 ]; then
	[ -d "$out/duck/node_modules/@duckdb/node-api" ] || npm install --silent --prefix "$out/duck" @duckdb/node-api@1.5.6-r.1 >/dev/null
	cat >"$out/duck.js" <<'JS'
const { DuckDBInstance } = require('@duckdb/node-api');
(async () => {
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  const r = await conn.runAndReadAll(`SELECT count(*) FROM (SELECT unnest(messages) FROM read_parquet('${process.argv[2]}'))`);
  console.log(String(r.getRows()[0][0]) + ' messages');
})();
JS
	measure 'DuckDB: unnest(messages) of FILE.parquet' "NODE_PATH=$out/duck/node_modules node $out/duck.js ${src%.jsonl}.parquet"
fi
