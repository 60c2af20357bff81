#!/usr/bin/env bash
# Validates chats.jsonl with `convkit validate` beside `convkit export -f
# jsonl`, `jq -c .` and ajv (ajv.mjs: each line against the same schema,
# jsonl-line), in one run, and prints for each its wall and CPU time (user +
# system), MB/s of CPU time and peak memory, then the ratios issue 22 sets
# targets for. Every command runs on one core (taskset -c 0): the figures
# are per core, and CPU time says more than wall time on a shared machine.
# Each runs ROUNDS times (default 3), interleaved; the least time is kept.
# Last, validate runs once on every core, as a user runs it.
#
#   bench/validate/run.sh [CHATS.jsonl]
#   CONVKIT=/path/to/convkit bench/validate/run.sh   # that build, not this tree's
#
# CHATS.jsonl defaults to the standard benchmark input built by
# ../shared/bench/gencorpus (see ../shared/bench/README.md). ajv comes from
# package-lock.json here (npm ci, run when node_modules is missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
src=${1:-/tmp/convkit-bench/chats.jsonl}
out=${OUT:-/tmp/convkit-bench-validate}
rounds=${ROUNDS:-3}
[ -f "$src" ] || { echo "no $src: build it with ../shared/bench/gencorpus (see ../shared/bench/README.md)" >&2; exit 1; }
for tool in jq node npm taskset; do
  command -v $tool >/dev/null || { echo "$tool is needed (apt-get install -y jq nodejs npm util-linux)" >&2; exit 1; }
done
[ -d bench/validate/node_modules/ajv ] || (cd bench/validate && npm ci --silent --no-audit --no-fund)
mkdir -p "$out"
if [ -n "${CONVKIT:-}" ]; then # another build, to compare
  cp "$CONVKIT" "$out/convkit"
else
  go build -o "$out/convkit" .
fi

names=("convkit validate" "convkit export -f jsonl" "jq -c ." "ajv (node ajv.mjs)")
cmds=(
  "'$out/convkit' validate '$src'"
  "'$out/convkit' export -f jsonl '$src'"
  "jq -c . '$src'"
  "node bench/validate/ajv.mjs schema/jsonl-line.schema.json '$src'"
)

# What validate and ajv say of the file.
said=$(sh -c "${cmds[0]}" 2>&1) && status=0 || status=$?
if [ -z "$said" ]; then said="no problem"; else said="$(echo "$said" | wc -l) lines, the last: $(echo "$said" | tail -n 1)"; fi
echo "convkit validate: exit $status, $said"
echo "ajv: $(sh -c "${cmds[3]}")"

declare -a wall cpu rss
for ((r = 0; r < rounds; r++)); do
  for i in 0 1 2 3; do
    log=$(mktemp)
    /usr/bin/time -f '%e %U %S %M' -o "$log" taskset -c 0 sh -c "exec ${cmds[$i]}" > /dev/null 2>&1 || true
    read -r w u s m < <(tail -n 1 "$log")
    rm -f "$log"
    c=$(echo "$u + $s" | bc -l)
    if [ -z "${cpu[$i]:-}" ] || (($(echo "$c < ${cpu[$i]}" | bc -l))); then cpu[$i]=$c; fi
    if [ -z "${wall[$i]:-}" ] || (($(echo "$w < ${wall[$i]}" | bc -l))); then wall[$i]=$w; fi
    if [ -z "${rss[$i]:-}" ] || ((m > rss[$i])); then rss[$i]=$m; fi
  done
done

bytes=$(stat -c %s "$src")
echo "machine: $(nproc) cores ($(uptime | sed 's/.*load average: /load /')), $(go version | cut -d' ' -f3), $(jq --version), node $(node --version), ajv $(node -p "require('./bench/validate/node_modules/ajv/package.json').version")"
echo "input: $src, $((bytes / 1000000)) MB; one core; least of $rounds rounds"
echo "| command | wall s | CPU s | MB/s (CPU) | peak MB |"
echo "| --- | ---: | ---: | ---: | ---: |"
for i in 0 1 2 3; do
  printf '| %-26s | %6.2f | %6.2f | %6.1f | %5d |\n' "${names[$i]}" "${wall[$i]}" "${cpu[$i]}" \
    "$(echo "$bytes / 1000000 / ${cpu[$i]}" | bc -l)" "$((rss[$i] / 1024))"
done
# And validate on every core, as a user runs it.
log=$(mktemp)
/usr/bin/time -f '%e %U %S %M' -o "$log" sh -c "exec ${cmds[0]}" > /dev/null 2>&1 || true
read -r w u s m < <(tail -n 1 "$log")
rm -f "$log"
printf '| %-26s | %6.2f | %6.2f | %6.1f | %5d |\n' "convkit validate, $(nproc) cores" "$w" "$(echo "$u + $s" | bc -l)" \
  "$(echo "$bytes / 1000000 / $w" | bc -l)" "$((m / 1024))"
echo "(MB/s of wall time on the last line)"
ratio() { echo "$1 / $2" | bc -l | xargs printf '%.2f'; }
echo "jq / validate (CPU):     $(ratio "${cpu[2]}" "${cpu[0]}")×  (target ≥ 3)"
echo "validate / export (CPU): $(ratio "${cpu[0]}" "${cpu[1]}")×  (target ≤ 1.5)"
echo "ajv / validate (CPU):    $(ratio "${cpu[3]}" "${cpu[0]}")×  (target ≥ 2)"
