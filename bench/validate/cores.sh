#!/bin/sh
# bench/validate/cores.sh: convkit validate and count -t on one core
# (taskset -c 0) and on two (taskset -c 0,1), interleaved run by run, the
# least wall time of REPS runs each; prints wall and CPU seconds (user +
# system) of that run, one core's wall time over two cores' and what
# fraction of linear that is (the speed-up over the number of cores).
#
#   bench/validate/cores.sh [FILE.jsonl] [REPS]
#   TIMES=4 bench/validate/cores.sh            # FILE four times over, in /tmp
#   COMMANDS="validate" bench/validate/cores.sh
#   CONVKIT=/path/to/convkit bench/validate/cores.sh   # that build, not this tree's
#
# FILE defaults to /tmp/convkit-bench/chats.jsonl (../shared/bench/gencorpus),
# REPS to 5. With TIMES=N the input is N copies of FILE end to end, so that
# start-up weighs less; it is made in a temporary directory and removed on
# exit. Needs taskset and GNU time at /usr/bin/time.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
file=${1:-/tmp/convkit-bench/chats.jsonl}
reps=${2:-5}
times=${TIMES:-1}
commands=${COMMANDS:-"validate|count -t"}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
[ -f "$file" ] || { echo "cores.sh: $file: no such file (build it with ../shared/bench/gencorpus)" >&2; exit 1; }
if [ -n "${CONVKIT:-}" ]; then
	cp "$CONVKIT" "$out/convkit"
else
	(cd "$root" && CGO_ENABLED=0 go build -tags urfave_cli_no_docs -o "$out/convkit" .)
fi
if [ "$times" -gt 1 ]; then
	for _ in $(seq "$times"); do cat "$file"; done >"$out/input.jsonl"
	file=$out/input.jsonl
fi

# run CORES CMD…: one run, as "wall cpu" appended to $out/CORES.CMD.
run() {
	r_cores=$1
	shift
	status=0
	/usr/bin/time -f '%e %U %S' -o "$out/time" taskset -c "$r_cores" "$out/convkit" "$@" "$file" >/dev/null 2>"$out/stderr" || status=$?
	if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then # 3: validate found an error
		cat "$out/stderr" >&2
		exit 1
	fi
	tail -1 "$out/time" | awk '{ print $1, $2 + $3 }' >>"$out/$r_cores.$(echo "$*" | tr -c 'a-z0-9\n' _)"
}

echo "machine: $(nproc) cores, $(uptime | sed 's/.*load average: /load /'); input: $file, $(($(stat -c %s "$file") / 1000000)) MB; least wall of $reps runs, interleaved"
printf '%-12s %8s %8s %8s %8s %6s %7s\n' command '1 wall' '1 cpu' '2 wall' '2 cpu' '1/2' 'linear'
echo "$commands" | tr '|' '\n' >"$out/commands"
for _ in $(seq "$reps"); do
	while IFS= read -r cmd; do
		# shellcheck disable=SC2086 # cmd is words
		run 0 $cmd
		# shellcheck disable=SC2086
		run 0,1 $cmd
	done <"$out/commands"
done
while IFS= read -r cmd; do
	key=$(echo "$cmd" | tr -c 'a-z0-9\n' _)
	one=$(sort -n "$out/0.$key" | head -1)
	two=$(sort -n "$out/0,1.$key" | head -1)
	echo "$cmd|$one|$two" | awk -F'|' '{ split($2, a, " "); split($3, b, " ")
		printf "%-12s %8.2f %8.2f %8.2f %8.2f %6.2f %7.2f\n", $1, a[1], a[2], b[1], b[2], a[1] / b[1], a[1] / b[1] / 2 }'
done <"$out/commands"
