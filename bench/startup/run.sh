#!/bin/sh
# Where the start-up time of `convkit count` goes: the whole process counting
# a one-message file, beside a Go program that does nothing, and the same
# convkit built without what the fixed dependencies cost at start-up.
#
#	bench/startup/run.sh          # from anywhere; needs hyperfine and perf (optional)
#
# Builds, each timed with hyperfine and its page faults counted:
#   hello      a Go program that writes one line: the floor of any Go binary here
#   convkit    go build .                         (what README's commands build)
#   static     CGO_ENABLED=0 go build .           (jsonschema imports net, which
#              otherwise links libc dynamically)
#   no-docs    static, -tags urfave_cli_no_docs  (drops blackfriday, pulled in by
#              urfave/cli's man-page generator)
#   lazy-meta  no-docs, with jsonschema/v5's init() not compiling its five draft
#              metaschemas (a vendored copy patched in a temporary directory:
#              a measurement, not a build anyone should ship)
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
file=$root/testdata/seeds/alice.json

mkdir "$work/hello"
printf 'package main\n\nimport "os"\n\nfunc main() { os.Stdout.WriteString("hi\\n") }\n' >"$work/hello/main.go"
printf 'module hello\n\ngo 1.26\n' >"$work/hello/go.mod"
(cd "$work/hello" && go build -o "$work/bin-hello" .)

cd "$root"
go build -o "$work/bin-convkit" .
CGO_ENABLED=0 go build -o "$work/bin-static" .
CGO_ENABLED=0 go build -tags urfave_cli_no_docs -o "$work/bin-no-docs" .

cp -r "$root" "$work/src"
(
	cd "$work/src"
	go mod vendor
	draft=vendor/github.com/santhosh-tekuri/jsonschema/v5/draft.go
	grep -q '^func init() {$' "$draft"
	sed -i 's/^func init() {$/func init() {\n\tif true {\n\t\treturn\n\t}/' "$draft"
	CGO_ENABLED=0 go build -mod=vendor -tags urfave_cli_no_docs -o "$work/bin-lazy-meta" .
)

echo "== count -t $(basename "$file"), whole process (load: $(cut -d' ' -f1-3 /proc/loadavg))"
for b in hello convkit static no-docs lazy-meta; do
	if [ $b = hello ]; then cmd="$work/bin-hello"; else cmd="$work/bin-$b count -t $file"; fi
	faults=$( { /usr/bin/time -f '%R' $cmd >/dev/null; } 2>&1 | tail -1)
	out=$(hyperfine -N --warmup 5 --runs 100 --style basic "$cmd" 2>&1)
	mean=$(echo "$out" | grep -E 'Time' | sed -E 's/^ *Time \(mean ± σ\): *([0-9.]+ ms ± +[0-9.]+ ms).*/\1/')
	range=$(echo "$out" | grep -E 'Range' | sed -E 's/^ *Range \(min … max\): *([0-9.]+ ms … +[0-9.]+ ms).*/\1/')
	printf '%-10s %5s page faults   mean %s   min … max %s\n' $b "$faults" "$mean" "$range"
done

echo "== package initialisers over 0.3 ms (GODEBUG=inittrace=1, convkit --version)"
GODEBUG=inittrace=1 "$work/bin-convkit" --version 2>&1 >/dev/null | awk '$5 > 0.3 { print "  " $2, $5, "ms,", $8, "bytes" }'
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
