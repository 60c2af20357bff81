#!/bin/sh
# bench/datasets/zst1g.sh: the figures issue 19 asks for (must-show 3), in
# one run: count -t and export -f jsonl on a big .jsonl.zst beside zstdcat
# piped into count, then count -t on the same data as Parquet (written by
# convkit export -f parquet: zstd, 1,000 rows a group) beside DuckDB
# reading the same messages column. Each with wall and CPU seconds and
# peak RSS (GNU time). The file is COPIES copies of
# /tmp/convkit-bench/chats.jsonl (7: 1.05 GB of JSONL, 323 MB compressed;
# 22: 3.3 GB of JSONL, about 1 GB compressed), zstd -3, made in a temporary
# directory and deleted after.
#
# The Parquet bound: the reader decodes one row group's pages at a time,
# but its live heap (GODEBUG=gctrace=1) reaches about two groups' worth
# over the JSONL count's, which Go's collector (GOGC=100) lets double
# before it collects: peak RSS under the .zst's 64 MB + 4 x the largest
# group's JSON (rows a group x bytes a row; 1,000 consecutive lines),
# checked at the end. export -f jsonl FILE.parquet is convkit reading the
# rows without tokenizing: the row to set beside DuckDB's.

# DuckDB is npm @duckdb/node-api, installed into the temporary directory
# (as .ci/run does for testdata/parquet/check.js); NODE=0 skips it.
#
#   bench/datasets/zst1g.sh [COPIES]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
copies=${1:-7}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT INT TERM
(cd "$root" && CGO_ENABLED=0 go build -o "$out/convkit" .)
copy() {
	i=0
	while [ $i -lt "$copies" ]; do cat /tmp/convkit-bench/chats.jsonl; i=$((i + 1)); done
}
copy | zstd -3 -q -T1 -o "$out/chats.jsonl.zst"
# The largest row group convkit will write, as JSON: 1,000 consecutive
# lines (it also cuts a group at 32 MB, which these do not reach).
group=$(copy | awk '{ s += length($0) + 1; if (NR % 1000 == 0) { if (s > m) m = s; s = 0 } } END { if (s > m) m = s; print m }')
cd "$out"
./convkit export -f parquet -o chats.parquet chats.jsonl.zst
ls -l chats.jsonl.zst chats.parquet
echo "largest row group: 1,000 rows, $group bytes of JSON"
uptime

# run NAME CMD: runs sh -c CMD under GNU time, prints its last output line
# and a row: wall s, CPU s (user + system), peak RSS KB.
run() {
	/usr/bin/time -f '%e %U %S %M' -o time sh -c "$2" >stdout 2>stderr || { cat stderr >&2; exit 1; }
	read -r wall user sys kb <time
	printf '%s: %s\n  %s s wall, %s s CPU, %s KB peak\n' "$1" "$(tail -n 1 stdout)" "$wall" "$(echo "$user + $sys" | bc)" "$kb"
	printf '%s\t%s\t%s\t%s\n' "$1" "$wall" "$(echo "$user + $sys" | bc)" "$kb" >>rows
}
run 'count -t FILE.jsonl.zst' './convkit count -t chats.jsonl.zst'
run 'zstdcat FILE | count -t' 'zstdcat chats.jsonl.zst | ./convkit count -t'
run 'export -f jsonl FILE.jsonl.zst' './convkit export -f jsonl chats.jsonl.zst | wc -c'
run 'count -t FILE.parquet' './convkit count -t chats.parquet'
run 'export -f jsonl FILE.parquet' './convkit export -f jsonl chats.parquet | wc -c'
if [ "${NODE:-1}" = 1 ]; then
	npm install --silent --no-audit --no-fund --prefix duck @duckdb/node-api@1.5.6-r.1 >/dev/null
	cat >duck.js <<'JS'
const { DuckDBInstance } = require('@duckdb/node-api');
(async () => {
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  const r = await conn.runAndReadAll(`SELECT count(*), sum(len(messages)),
    sum(list_sum(list_transform(messages, m -> length(m.content))))
    FROM read_parquet('${process.argv[2]}')`);
  const [rows, msgs, chars] = r.getRows()[0].map(String);
  console.log(`${rows} rows, ${msgs} messages, ${chars} characters of content`);
})();
JS
	run 'DuckDB: messages of FILE.parquet' 'NODE_PATH=duck/node_modules node duck.js chats.parquet'
fi
uptime

echo
echo 'ratios (CPU, wall) to count -t FILE.jsonl.zst, and the Parquet bound:'
awk -F'\t' -v group="$group" '
	{ name[NR] = $1; wall[NR] = $2; cpu[NR] = $3; kb[NR] = $4 }
	END {
		for (i = 2; i <= NR; i++) printf "  %s: %.2fx CPU, %.2fx wall\n", name[i], cpu[i] / cpu[1], wall[i] / wall[1]
		if (NR >= 6) printf "  DuckDB against export -f jsonl FILE.parquet: %.2fx CPU, %.2fx wall\n", cpu[6] / cpu[5], wall[6] / wall[5]
		bound = 64 * 1024 + 4 * group / 1024
		i = 4; printf "  %s peak %d KB; bound = 64 MB + 4 x largest group %d KB = %d KB: %s\n",
			name[i], kb[i], group / 1024, bound, kb[i] <= bound ? "holds" : "EXCEEDED"
		if (kb[1] >= 64 * 1024) print "  count -t FILE.jsonl.zst peak over 64 MB"
	}' rows
