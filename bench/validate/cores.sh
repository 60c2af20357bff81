#!/bin/sh
# bench/validate/cores.sh: convkit validate and count -t on one core
# (taskset -c 0) and on two (taskset -c 0,1), interleaved run by run; of
# REPS runs each it prints the run of least wall time and the median run:
# wall and CPU seconds (user + system), one core's wall time over two
# cores' and what fraction of linear that is (the speed-up over the number
# of cores).
#
#   bench/validate/cores.sh [FILE.jsonl] [REPS]
#   TIMES=4 bench/validate/cores.sh            # FILE four times over, in /tmp
#   COMMANDS="validate" bench/validate/cores.sh
#   CONVKIT=/path/to/convkit bench/validate/cores.sh   # that build, not this tree's
#   BEFORE=/path/to/convkit bench/validate/cores.sh    # and that one, run by run between
#   IDLE=90 bench/validate/cores.sh   # each pair of runs after a second >= 90 % idle
#
# FILE defaults to /tmp/convkit-bench/chats.jsonl (../shared/bench/gencorpus),
# REPS to 5. With TIMES=N the input is N copies of FILE end to end, so that
# start-up weighs less; it is made in a temporary directory and removed on
# exit. On a machine shared with other jobs, IDLE=PERCENT waits before each
# pair of runs (one core, two) until the machine was at least that idle for
# a second, by /proc/stat, or 30 s have passed. Needs taskset and GNU time
# at /usr/bin/time.
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
builds=convkit
if [ -n "${BEFORE:-}" ]; then
	cp "$BEFORE" "$out/before"
	builds="before convkit"
fi
if [ "$times" -gt 1 ]; then
	for _ in $(seq "$times"); do cat "$file"; done >"$out/input.jsonl"
	file=$out/input.jsonl
fi

# run BUILD CORES CMD…: one run, as "wall cpu" appended to $out/BUILD.CORES.CMD.
run() {
	r_build=$1
	r_cores=$2
	shift 2
	status=0
	/usr/bin/time -f '%e %U %S' -o "$out/time" taskset -c "$r_cores" "$out/$r_build" "$@" "$file" >/dev/null 2>"$out/stderr" || status=$?
	if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then # 3: validate found an error
		cat "$out/stderr" >&2
		exit 1
	fi
	tail -1 "$out/time" | awk '{ print $1, $2 + $3 }' >>"$out/$r_build.$r_cores.$(echo "$*" | tr -c 'a-z0-9\n' _)"
}

# idle: wait until the CPUs were at least $IDLE % idle for a second, or 30 s.
idle() {
	[ -n "${IDLE:-}" ] || return 0
	for _ in $(seq 30); do
		a=$(head -1 /proc/stat)
		sleep 1
		b=$(head -1 /proc/stat)
		# cpu user nice system idle iowait irq softirq steal
		echo "$a $b" | awk -v want="$IDLE" '{ t = 0; for (i = 2; i <= 9; i++) t += $(i + 11) - $i
			exit !(t > 0 && 100 * ($16 - $5) / t >= want) }' && return 0
	done
	return 0
}

# pick least|median FILE: that run of FILE's, by wall time.
pick() {
	if [ "$1" = least ]; then
		sort -n "$2" | head -1
	else
		sort -n "$2" | sed -n "$((($(wc -l <"$2") + 1) / 2))p"
	fi
}

echo "machine: $(nproc) cores, $(uptime | sed 's/.*load average: /load /'); input: $file, $(($(stat -c %s "$file") / 1000000)) MB; $reps runs each, interleaved"
printf '%-29s %8s %8s %8s %8s %6s %7s\n' command '1 wall' '1 cpu' '2 wall' '2 cpu' '1/2' 'linear'
echo "$commands" | tr '|' '\n' >"$out/commands"
for _ in $(seq "$reps"); do
	while IFS= read -r cmd; do
		for build in $builds; do
			idle
			# shellcheck disable=SC2086 # cmd is words
			run "$build" 0 $cmd
			# shellcheck disable=SC2086
			run "$build" 0,1 $cmd
		done
	done <"$out/commands"
done
while IFS= read -r cmd; do
	key=$(echo "$cmd" | tr -c 'a-z0-9\n' _)
	for build in $builds; do
		for stat in least median; do
			label="$cmd, $stat"
			[ "$build" = before ] && label="$cmd (before), $stat"
			one=$(pick $stat "$out/$build.0.$key")
			two=$(pick $stat "$out/$build.0,1.$key")
			echo "$label|$one|$two" | awk -F'|' '{ split($2, a, " "); split($3, b, " ")
				printf "%-29s %8.2f %8.2f %8.2f %8.2f %6.2f %7.2f\n", $1, a[1], a[2], b[1], b[2], a[1] / b[1], a[1] / b[1] / 2 }'
		done
	done
done <"$out/commands"
