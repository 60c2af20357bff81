#!/bin/sh
# bench/verbs/cores.sh: each dataset verb that works on every core, on one
# core (taskset -c 0) and on two (taskset -c 0,1), interleaved, best wall
# time of REPS runs each; prints wall and CPU seconds (user + system), peak
# memory, and one core's wall time over two cores'.
#
#   bench/verbs/cores.sh [FILE.jsonl] [REPS]
#
# FILE defaults to /tmp/convkit-bench/chats.jsonl (../shared/bench/gencorpus),
# REPS to 2. Needs taskset and GNU time at /usr/bin/time.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
file=${1:-/tmp/convkit-bench/chats.jsonl}
reps=${2:-2}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
[ -f "$file" ] || { echo "cores.sh: $file: no such file (build it with ../shared/bench/gencorpus)" >&2; exit 1; }
(cd "$root" && go build -o "$out/convkit" .)

# best CORES CMD…: the best of reps runs, as "wall cpu peakMB".
best() {
	b_cores=$1
	shift
	b_best=
	for _ in $(seq "$reps"); do
		rm -rf "$out/dir"
		status=0
		/usr/bin/time -f '%e %U %S %M' -o "$out/time" taskset -c "$b_cores" "$out/convkit" "$@" >/dev/null 2>"$out/stderr" || status=$?
		if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then # 3: the answer is no (grep found nothing)
			cat "$out/stderr" >&2
			exit 1
		fi
		tail -1 "$out/time" >"$out/t" && mv "$out/t" "$out/time"
		read -r secs user sys kb <"$out/time"
		b_best=$(printf '%s\n%s %s %s\n' "$b_best" "$secs" "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" $((kb / 1024)) | sort -n | sed '/^$/d' | head -1)
	done
	echo "$b_best"
}

printf '%-44s %8s %8s %6s %8s %8s %6s %6s\n' command '1 wall' '1 cpu' '1 MB' '2 wall' '2 cpu' '2 MB' '1/2'
while IFS= read -r cmd; do
	# shellcheck disable=SC2086 # cmd is words
	one=$(best 0 $cmd "$file")
	# shellcheck disable=SC2086
	two=$(best 0,1 $cmd "$file")
	echo "$cmd|$one|$two" | sed "s|$out/dir|DIR|" | awk -F'|' '{ split($2, a, " "); split($3, b, " ")
		printf "%-44s %8.2f %8.2f %6d %8.2f %8.2f %6d %6.2f\n", $1, a[1], a[2], a[3], b[1], b[2], b[3], a[1] / b[1] }'
done <<EOF2
count -t
filter --role system
filter tokens>2000
filter --valid
grep -c -i as.an.ai
dedupe
dedupe --near 0.9
stats
chunk --max-tokens 8k --on-unfit keep
split -o $out/dir
shard -n 4 --by first-user -o $out/dir
EOF2
