#!/usr/bin/env bash
# bench/faults/run.sh: fault injection for convkit's writes. It builds
# convkit, makes a 20 MB JSONL file and a 20 MB conversation in a temporary
# folder, and checks:
#
#   1. FAULTS_ROUNDS (default 150) kill -9s at a random point of `trim -i`,
#      `export -o` and `append` in turn: the target holds exactly its old
#      bytes or exactly its new bytes, and once the same command has run
#      again to its end no temporary or lock file is left;
#   2. FAULTS_ROUNDS/2 SIGINTs, SIGTERMs and SIGHUPs (at least one of each)
#      at a random point of `export -o` and `trim -i`: exit 128+N (or 0 when
#      convkit was faster), old or new bytes, and nothing left at once;
#   3. 100 concurrent appends to one file keep 100 whole messages;
#   4. an append during `trim -i --summary-cmd` loses neither.
#
#   bench/faults/run.sh                  # 150 kills, about 4 minutes
#   FAULTS_ROUNDS=20 bench/faults/run.sh # the bounded form .ci/run runs
set -euo pipefail
rounds=${FAULTS_ROUNDS:-150}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'kill -9 $(jobs -p) 2>/dev/null || true; wait; rm -rf "$work"' EXIT
ck=$work/convkit
(cd "$root" && go build -o "$ck" .)
cd "$work"

fail() { echo "faults: FAIL: $*" >&2; exit 1; }

# leftovers lists the hidden files here: this script makes none, so they
# are convkit's temporary and lock files, whatever their naming.
leftovers() { ls -A | grep '^\.' || true; }

# A random number of seconds from 0 to $1.
random_delay() { awk -v max="$1" -v seed="$RANDOM$RANDOM" 'BEGIN { srand(seed); printf "%.3f", rand() * max }'; }

# seconds CMD…: how long CMD takes, in seconds.
seconds() {
	local start end
	start=$(date +%s.%N)
	"$@" >/dev/null
	end=$(date +%s.%N)
	awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }'
}

pad=$(printf 'the quick brown fox jumps over the lazy dog; %.0s' $(seq 22))
awk -v n=10000 -v pad="$pad" 'BEGIN {
	for (i = 0; i < n; i++)
		printf "{\"messages\":[{\"role\":\"user\",\"content\":\"question %d: %s\"},{\"role\":\"assistant\",\"content\":\"answer %d: %s\"}]}\n", i, pad, i, pad
}' >big.jsonl
awk -v n=20000 -v pad="$pad" 'BEGIN {
	printf "["
	for (i = 0; i < n; i++) printf "%s{\"role\":\"user\",\"content\":\"message %d: %s\"}", (i ? "," : ""), i, pad
	print "]"
}' >big.json
echo "faults: $(wc -c <big.jsonl) bytes of JSONL, $(wc -c <big.json) bytes of one conversation; $rounds rounds"

# Each case: the target, its old bytes, the command, its new bytes.
mkdir -p old new
cp big.jsonl old/trim.jsonl
"$ck" trim -q --last 1 -o new/trim.jsonl big.jsonl
echo 'old output' >old/out.jsonl
"$ck" export -f jsonl -o new/out.jsonl big.jsonl
cp big.json old/chat.json
cp big.json new/chat.json
"$ck" append new/chat.json --role user 'added under fire'

# command_of NAME sets cmd to the command of case NAME, run directly (not
# in a subshell) so that the kills reach convkit itself.
command_of() {
	case $1 in
	trim) cmd=("$ck" trim -q -i --last 1 trim.jsonl) ;;
	out) cmd=("$ck" export -f jsonl -o out.jsonl big.jsonl) ;;
	chat) cmd=("$ck" append chat.json --role user 'added under fire') ;;
	esac
}
run_case() { command_of "$1" && "${cmd[@]}"; }
target_of() { case $1 in trim) echo trim.jsonl ;; out) echo out.jsonl ;; chat) echo chat.json ;; esac; }

# check_old_or_new NAME: the target holds its old or its new bytes.
check_old_or_new() {
	local t
	t=$(target_of "$1")
	if cmp -s "$t" "old/$t"; then
		echo old
	elif cmp -s "$t" "new/$t"; then
		echo new
	else
		fail "$1: $t holds neither its old nor its new bytes"
	fi
}

declare -A took
for c in trim out chat; do
	cp "old/$(target_of $c)" .
	took[$c]=$(seconds run_case "$c")
done
echo "faults: one run takes ${took[trim]} s (trim -i), ${took[out]} s (export -o), ${took[chat]} s (append)"

# interrupt SIGNAL NAME: starts case NAME on its target's old bytes, sends
# SIGNAL at a random point of its run, and sets code to its exit status.
interrupt() {
	local t pid
	t=$(target_of "$2")
	cp "old/$t" "$t"
	command_of "$2"
	"${cmd[@]}" >/dev/null 2>&1 &
	pid=$!
	sleep "$(random_delay "${took[$2]}")"
	kill -s "$1" "$pid" 2>/dev/null || true
	code=0
	wait "$pid" 2>/dev/null || code=$?
}

# 1. kill -9 at random points.
cases=(trim out chat)
kills=0 olds=0 news=0 stale=0
for i in $(seq 0 $((rounds - 1))); do
	c=${cases[i % 3]}
	t=$(target_of "$c")
	interrupt KILL "$c"
	kills=$((kills + 1))
	state=$(check_old_or_new "$c")
	case $state in old) olds=$((olds + 1)) ;; new) news=$((news + 1)) ;; esac
	[ -z "$(leftovers)" ] || stale=$((stale + 1))
	# The next run finishes the job and removes what the killed one left.
	cp "old/$t" "$t"
	run_case "$c" >/dev/null || fail "$c: the run after kill -9 failed"
	state=$(check_old_or_new "$c")
	[ "$state" = new ] || fail "$c: the run after kill -9 wrote the wrong bytes"
	[ -z "$(leftovers)" ] || fail "$c: left after the next run: $(leftovers | tr '\n' ' ')"
done
echo "faults: kill -9: $kills kills, target old $olds times, new $news times, temporary files left by $stale kills, all removed by the next run"

# 2. INT, TERM and HUP. Job control puts background jobs in their own
# process group, where SIGINT is not ignored.
set -m
signals=(INT TERM HUP)
for i in $(seq 0 $((rounds / 2 > 3 ? rounds / 2 - 1 : 2))); do
	sig=${signals[i % 3]} c=${cases[i % 2]}
	interrupt "$sig" "$c"
	want=$((128 + $(kill -l "$sig")))
	[ "$code" = 0 ] || [ "$code" = "$want" ] || fail "$c: exit $code after SIG$sig, want $want"
	check_old_or_new "$c" >/dev/null
	[ -z "$(leftovers)" ] || fail "$c: SIG$sig left $(leftovers | tr '\n' ' ')"
done
set +m
echo "faults: $((i + 1)) INT/TERM/HUP signals: exit 128+N, nothing left"

# 3. 100 concurrent appends.
rm -f many.json
pids=()
for i in $(seq 100); do
	"$ck" append many.json --role user "message $i $pad" &
	pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || fail "a concurrent append failed"; done
whole=$("$ck" export -f jsonl many.json | grep -oE '"content":"message [0-9]+ ([^"\\]|\\.)*"' | sort -u)
[ "$(grep -c . <<<"$whole")" = 100 ] || fail "100 concurrent appends kept $(grep -c . <<<"$whole") messages"
grep -qvF -- "$pad\"" <<<"$whole" && fail "a message was torn"
[ -z "$(leftovers)" ] || fail "concurrent appends left $(leftovers | tr '\n' ' ')"
echo "faults: 100 concurrent appends: 100 whole messages"

# 4. An append during trim -i waits for it, and both count.
rm -f story.json
for m in one two three; do "$ck" append story.json --role user "$m"; done
"$ck" trim -q -i --last 1 --summary-cmd 'sleep 1; echo summary' story.json &
trim_pid=$!
sleep 0.3
"$ck" append story.json --role user late
wait "$trim_pid" || fail "trim -i failed"
got=$("$ck" export -f text story.json | grep -E '^[A-Z]+:' | tr '\n' ' ')
[ "$got" = "SYSTEM: summary USER: three USER: late " ] || fail "append during trim -i: got $got"
echo "faults: append during trim -i: nothing lost"
echo "faults: ok"
