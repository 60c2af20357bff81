#!/usr/bin/env bash
# Redacts chats.jsonl with `convkit redact` (writing the redacted copy, and
# with --check, which writes nothing) and scans it with `gitleaks dir`, in
# one run, and prints for each wall time, CPU time (user + system), MB/s of
# wall time and peak memory. gitleaks only reports: convkit also applies
# personal-data rules and rewrites every conversation.
#
#   bench/redact/run.sh [CHATS.jsonl]
#
# CHATS.jsonl defaults to the standard benchmark input built by
# ../shared/bench/gencorpus (see ../shared/bench/README.md). gitleaks is
# installed with: go install github.com/zricethezav/gitleaks/v8@v8.30.1
set -euo pipefail
cd "$(dirname "$0")/../.."
src=${1:-/tmp/convkit-bench/chats.jsonl}
out=${OUT:-/tmp/convkit-bench-redact}
gitleaks=${GITLEAKS:-$(go env GOPATH)/bin/gitleaks}
[ -f "$src" ] || { echo "no $src: build it with ../shared/bench/gencorpus (see ../shared/bench/README.md)" >&2; exit 1; }
[ -x "$gitleaks" ] || { echo "no $gitleaks: go install github.com/zricethezav/gitleaks/v8@v8.30.1" >&2; exit 1; }
mkdir -p "$out"
go build -o "$out/convkit" .

measure() { # name cmd…
  local name=$1; shift
  local log; log=$(mktemp)
  /usr/bin/time -f '%e %U %S %M' -o "$log" "$@" > /dev/null 2>&1 || true
  read -r wall user sys rss < <(tail -n 1 "$log") # after "Command exited with non-zero status 3"
  printf '| %-40s | %7.2f | %7.2f | %6.1f | %5d |\n' "$name" "$wall" "$(echo "$user + $sys" | bc -l)" \
    "$(echo "$(stat -c %s "$src") / 1000000 / $wall" | bc -l)" "$((rss / 1024))"
  rm -f "$log"
}

echo "machine: $(nproc) cores, $(go version | cut -d' ' -f3), gitleaks $(go version -m "$gitleaks" | awk '$1 == "mod" {print $3}')"
echo "| command | wall s | CPU s | MB/s (wall) | peak MB |"
echo "| --- | ---: | ---: | ---: | ---: |"
measure "convkit redact -o OUT" "$out/convkit" redact -o "$out/redacted.jsonl" "$src"
measure "convkit redact --check" "$out/convkit" redact --check "$src"
measure "gitleaks dir --no-banner" "$gitleaks" dir --no-banner --exit-code 0 --report-path "$out/gitleaks.json" "$src"
