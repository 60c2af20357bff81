#!/bin/sh
# Where the start-up time of `convkit count` goes: the whole process counting
# a one-message file beside a Go program that prints one line, each command
# run once per round for ROUNDS rounds, interleaved, so that load from other
# jobs falls on all alike (bench/startup/interleave).
#
#	bench/startup/run.sh          # from anywhere; ROUNDS=300 by default
#
# Builds, each timed counting testdata/seeds/alice.json:
#   hello      a Go program that writes one line: the floor of any Go binary here
#   convkit    README's build: CGO_ENABLED=0 go build -tags urfave_cli_no_docs .
#   docs       without the tag: urfave/cli's man-page generator links blackfriday
#   cgo        go build . (jsonschema imports net, which then links libc dynamically)
#   upstream   README's build with go.mod's replacement of jsonschema dropped: its
#              init compiles the five draft metaschemas in every process
# then the initialisers over 0.1 ms (GODEBUG=inittrace=1) and what a page fault costs.
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
file=$root/testdata/seeds/alice.json
tags=urfave_cli_no_docs

mkdir "$work/hello"
printf 'package main\n\nimport "os"\n\nfunc main() { os.Stdout.WriteString("hi\\n") }\n' >"$work/hello/main.go"
printf 'module hello\n\ngo 1.26\n' >"$work/hello/go.mod"
(cd "$work/hello" && go build -o "$work/bin-hello" .)

cd "$root"
go build -o "$work/interleave" ./bench/startup/interleave
CGO_ENABLED=0 go build -tags $tags -o "$work/bin-convkit" .
CGO_ENABLED=0 go build -o "$work/bin-docs" .
go build -o "$work/bin-cgo" .
cp -r "$root" "$work/src"
(
	cd "$work/src"
	go mod edit -dropreplace github.com/santhosh-tekuri/jsonschema/v5
	go mod download github.com/santhosh-tekuri/jsonschema/v5
	GOFLAGS=-mod=mod CGO_ENABLED=0 go build -tags $tags -o "$work/bin-upstream" .
)

echo "== count -t $(basename "$file"), whole process"
for b in hello convkit docs cgo upstream; do
	if [ $b = hello ]; then cmd="$work/bin-hello"; else cmd="$work/bin-$b count -t $file"; fi
	printf '%-9s %5s page faults\n' $b "$( { /usr/bin/time -f '%R' $cmd >/dev/null; } 2>&1 | tail -1)"
done
"$work/interleave" -rounds "${ROUNDS:-300}" "$work/bin-hello" "$work/bin-convkit count -t $file" \
	"$work/bin-docs count -t $file" "$work/bin-cgo count -t $file" "$work/bin-upstream count -t $file" |
	sed "s|$work/bin-||; s|$file|$(basename "$file")|"

echo "== package initialisers over 0.1 ms in README's build (GODEBUG=inittrace=1, mean of 20 runs)"
for i in $(seq 20); do
	GODEBUG=inittrace=1 "$work/bin-convkit" count -t "$file" 2>&1 >/dev/null
done | awk '$1 == "init" { t[$2] += $5 / 20; b[$2] = $8 } END { for (k in t) if (t[k] > 0.1) printf "  %.2f ms %s (%d bytes)\n", t[k], k, b[k] }' | sort -rn
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
