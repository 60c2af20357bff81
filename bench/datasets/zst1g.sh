#!/bin/sh
# bench/datasets/zst1g.sh: the figure issue 19 asks for, count -t and
# export -f jsonl on a big .jsonl.zst: wall and CPU seconds, peak RSS,
# beside zstdcat piped into count. The file is COPIES copies of
# /tmp/convkit-bench/chats.jsonl (7: 1.05 GB of JSONL, 323 MB compressed;
# 22: 3.3 GB of JSONL, about 1 GB compressed), zstd -3, made in a temporary
# directory and deleted after.
#
#   bench/datasets/zst1g.sh [COPIES]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
copies=${1:-7}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
(cd "$root" && CGO_ENABLED=0 go build -o "$out/convkit" .)
i=0
while [ $i -lt "$copies" ]; do cat /tmp/convkit-bench/chats.jsonl; i=$((i + 1)); done | zstd -3 -q -T1 -o "$out/chats.jsonl.zst"
ls -l "$out/chats.jsonl.zst"
cd "$out"
uptime
/usr/bin/time -f "count -t FILE.jsonl.zst: %e s wall, %U+%S s CPU, %M KB peak" ./convkit count -t chats.jsonl.zst
/usr/bin/time -f "zstdcat FILE | count -t: %e s wall, %U+%S s CPU, %M KB peak (of either process)" sh -c 'zstdcat chats.jsonl.zst | ./convkit count -t'
/usr/bin/time -f "export -f jsonl FILE.jsonl.zst: %e s wall, %U+%S s CPU, %M KB peak" sh -c './convkit export -f jsonl chats.jsonl.zst >/dev/null'
uptime
