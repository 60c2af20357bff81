#!/bin/sh
# Start-up of `convkit count`: the whole process counting a one-message
# file, beside a Go program that prints one line, each command run once per
# round for ROUNDS rounds, interleaved, so that load from other jobs falls
# on all alike (bench/startup/interleave). With testdata/hf/models filled
# (testdata/hf/fetch.sh), also `count --tokenizer` for Llama 3, Qwen3 and
# Gemma 3: their second run (the compiled tokenizer cached), and the first
# (an empty cache) once each.
#
#	bench/startup/run.sh          # from anywhere; ROUNDS=300 by default
#
# Builds:
#   hello      a Go program that writes one line: the floor of any Go binary here
#   convkit    README's build: CGO_ENABLED=0 go build -tags urfave_cli_no_docs .
#   docs       without the tag: urfave/cli's man-page generator links blackfriday
#   upstream   README's build with go.mod's replacement of jsonschema dropped: its
#              init compiles the five draft metaschemas in every process
# then the initialisers over 0.05 ms (GODEBUG=inittrace=1), page faults, and
# what a page fault costs here.
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
file=$root/testdata/seeds/alice.json
models=$root/testdata/hf/models
tags=urfave_cli_no_docs

mkdir "$work/hello"
printf 'package main\n\nimport "os"\n\nfunc main() { os.Stdout.WriteString("hi\\n") }\n' >"$work/hello/main.go"
printf 'module hello\n\ngo 1.26\n' >"$work/hello/go.mod"
(cd "$work/hello" && go build -o "$work/bin-hello" .)

cd "$root"
go build -o "$work/interleave" ./bench/startup/interleave
CGO_ENABLED=0 go build -tags $tags -o "$work/bin-convkit" .
CGO_ENABLED=0 go build -o "$work/bin-docs" .
cp -r "$root" "$work/src"
(
	cd "$work/src"
	go mod edit -dropreplace github.com/santhosh-tekuri/jsonschema/v5
	go mod download github.com/santhosh-tekuri/jsonschema/v5
	GOFLAGS=-mod=mod CGO_ENABLED=0 go build -tags $tags -o "$work/bin-upstream" .
)

# The tokenizers' cache: a fresh one, so that the first runs below are first.
export XDG_CACHE_HOME="$work/cache"
set -- "$work/bin-hello" "$work/bin-convkit count -t $file" "$work/bin-docs count -t $file" "$work/bin-upstream count -t $file"
if [ -d "$models/llama3" ]; then
	echo "== count -t --tokenizer NAME $(basename "$file"), first run (empty cache)"
	for m in llama3 qwen3 gemma3; do
		start=$(date +%s%N)
		"$work/bin-convkit" count -t --tokenizer "$models/$m" "$file" >/dev/null
		echo "  $m $((($(date +%s%N) - start) / 1000000)) ms"
		set -- "$@" "$work/bin-convkit count -t --tokenizer $models/$m $file"
	done
fi

echo "== page faults, one run each"
for c in "$@"; do
	# shellcheck disable=SC2086
	printf '%5s %s\n' "$( { /usr/bin/time -f '%R' $c >/dev/null; } 2>&1 | tail -1)" "$c"
done | sed "s|$work/bin-||g; s|$file|$(basename "$file")|; s|$root/||g"

echo "== whole process, interleaved"
"$work/interleave" -rounds "${ROUNDS:-300}" "$@" | sed "s|$work/bin-||g; s|$file|$(basename "$file")|; s|$root/||g"

echo "== package initialisers over 0.05 ms in README's build (GODEBUG=inittrace=1, mean of 20 runs)"
for i in $(seq 20); do
	GODEBUG=inittrace=1 "$work/bin-convkit" count -t "$file" 2>&1 >/dev/null
done | awk '$1 == "init" { t[$2] += $5 / 20; all += $5 / 20 } END { for (k in t) if (t[k] > 0.05) printf "  %.2f ms %s\n", t[k], k; printf "  %.2f ms in all\n", all }' | sort -rn
echo "== cost of one page fault here"
cat >"$work/hello/main.go" <<'GO'
package main

import (
	"fmt"
	"syscall"
	"time"
)

func main() {
	const pages = 4096
	b, _ := syscall.Mmap(-1, 0, pages*4096, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	t := time.Now()
	for i := 0; i < pages; i++ {
		b[i*4096] = 1
	}
	fmt.Printf("  %.1f µs per first touch of an anonymous page\n", float64(time.Since(t).Microseconds())/pages)
}
GO
(cd "$work/hello" && go run .)
