#!/bin/sh
# bench/verbs/run.sh: the dataset verbs beside jq (and gojq when it is on
# PATH) doing the same job, in one run, on the same JSONL dataset:
#
#   filter by role   convkit filter --role system   jq 'select(any(.messages[]; .role == "system"))'
#   head             convkit head -n 1000           jq -n 'limit(1000; inputs)'
#   message counts   convkit stats --json           jq -n (reduce over inputs: conversations, messages)
#
# then convkit filter 'tokens > 2000' beside convkit count -t, which count
# the same tokens. convkit runs with GOMAXPROCS=1 and 2, jq on its one
# thread. Prints, per row, what it kept (lines, or conversations/messages),
# wall and CPU seconds (user + system: steadier on a shared machine), MB/s
# of the bytes read per wall second and per CPU second, peak memory, and
# the reference row's wall and CPU seconds over the row's (above 1: the row
# is faster). stats also counts tokens, which jq does not: its row does more
# work than jq's.
#
#   bench/verbs/run.sh [FILE.jsonl]
#
# FILE defaults to /tmp/convkit-bench/chats.jsonl (../shared/bench/gencorpus).
# Needs jq and GNU time at /usr/bin/time.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
file=${1:-/tmp/convkit-bench/chats.jsonl}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

[ -f "$file" ] || { echo "run.sh: $file: no such file (build it with ../shared/bench/gencorpus)" >&2; exit 1; }
command -v jq >/dev/null || { echo "run.sh: jq is not installed" >&2; exit 1; }
(cd "$root" && go build -o "$out/convkit" .)
convkit=$out/convkit
bytes=$(wc -c <"$file")
head_bytes=$(head -n 1000 "$file" | wc -c)
printf 'input: %s, %s bytes; %s\n' "$file" "$bytes" "$(jq --version)"
command -v gojq >/dev/null && printf 'gojq: %s\n' "$(gojq --version)"
header() {
	printf '\n%-40s %11s %6s %6s %7s %7s %7s %6s %6s\n' "$1" result wall cpu MB/s MB/cpu 'peak MB' wall× cpu×
}
header 'job (ratio: jq to the row)'

# measure ROLE NAME BYTES RESULT-FILTER CMD…: runs CMD under GNU time,
# prints a row; RESULT-FILTER (a sh command) turns CMD's output into the
# result column. ROLE "ref" makes the row the reference of the ratio column
# for the rows after it, "-" does not.
measure() {
	m_role=$1 m_name=$2 m_bytes=$3 m_result=$4
	shift 4
	/usr/bin/time -f '%e %U %S %M' -o "$out/time" "$@" >"$out/stdout" 2>"$out/stderr" || { cat "$out/stderr" >&2; exit 1; }
	read -r secs user sys kb <"$out/time"
	cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { c = u + s; print (c > 0 ? c : 0.01) }')
	[ "$m_role" = ref ] && ref_wall=$secs ref_cpu=$cpu
	awk -v n="$m_name" -v r="$(sh -c "$m_result" <"$out/stdout")" -v s="$secs" -v c="$cpu" \
		-v b="$m_bytes" -v k="$kb" -v rw="$ref_wall" -v rc="$ref_cpu" \
		'BEGIN { if (s == 0) s = 0.01
			printf "%-40s %11s %6.2f %6.2f %7.1f %7.1f %7.1f %6.2f %6.2f\n", n, r, s, c, b / s / 1e6, b / c / 1e6, k / 1024, rw / s, rc / c }'
}

# jqs NAME-SUFFIX BYTES RESULT ARGS…: the same job under jq and gojq.
jqs() {
	suffix=$1 read_bytes=$2 result=$3
	shift 3
	measure ref "jq $suffix" "$read_bytes" "$result" jq "$@"
	if command -v gojq >/dev/null; then measure - "gojq $suffix" "$read_bytes" "$result" gojq "$@"; fi
}

# convkits NAME BYTES RESULT ARGS…: convkit on 1 and 2 cores.
convkits() {
	name=$1 read_bytes=$2 result=$3
	shift 3
	for cores in 1 2; do
		measure - "$name, $cores core$([ "$cores" = 1 ] || echo s)" "$read_bytes" "$result" env GOMAXPROCS=$cores "$convkit" "$@"
	done
}

lines='wc -l | tr -d " "'
jqs 'filter role=system' "$bytes" "$lines" -c 'select(any(.messages[]; .role == "system"))' "$file"
convkits 'convkit filter --role system' "$bytes" "$lines" filter --role system "$file"

jqs 'head 1000' "$head_bytes" "$lines" -nc 'limit(1000; inputs)' "$file"
convkits 'convkit head -n 1000' "$head_bytes" "$lines" head -n 1000 "$file"

counts='reduce inputs as $c ({conversations: 0, messages: 0}; .conversations += 1 | .messages += ($c.messages | length))'
jqs 'message counts' "$bytes" 'jq -r "\"\(.conversations)/\(.messages)\""' -nc "$counts" "$file"
convkits 'convkit stats --json' "$bytes" 'jq -r "\"\(.conversations)/\(.messages)\""' stats --json "$file"

header 'tokens (ratio: count -t on 2 cores)'
measure ref 'convkit count -t, 2 cores' "$bytes" cat env GOMAXPROCS=2 "$convkit" count -t "$file"
measure - 'convkit count -t, 1 core' "$bytes" cat env GOMAXPROCS=1 "$convkit" count -t "$file"
measure - "convkit filter 'tokens > 2000', 1 core" "$bytes" "$lines" env GOMAXPROCS=1 "$convkit" filter 'tokens > 2000' "$file"
measure - "convkit filter 'tokens > 2000', 2 cores" "$bytes" "$lines" env GOMAXPROCS=2 "$convkit" filter 'tokens > 2000' "$file"
