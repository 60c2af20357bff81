#!/bin/sh
# Measures package bpe (count/bpe) on the shared benchmark inputs: MB/s on
# corpus.txt per encoding on one core, checked against OpenAI's counts; the
# start-up of a whole process counting "hello world"; three 1 MB worst cases;
# peak memory, streaming and for single pieces of 100 MB. With NODE=1 it also
# counts corpus.txt with npm tiktoken and gpt-tokenizer, installed into a
# temporary directory, and compares their counts with count/bpe's chunk by
# chunk.
#
#	bench/engine/run.sh            # from the module root; builds the corpus if missing
#
# The corpus needs the Debian packages listed in ../shared/bench/README.md.
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
out=${CONVKIT_BENCH:-/tmp/convkit-bench}
gencorpus=${GENCORPUS:-$root/../shared/bench/gencorpus}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ ! -f "$out/corpus.txt" ]; then
	echo "== building $out/corpus.txt with $gencorpus (~5 min)"
	(cd "$gencorpus" && go run . -out "$out")
fi

cd "$root"
go build -o "$work/count" ./bench/engine/count
go build -o "$work/hello" ./bench/engine/hello

# One core: the scheduler may not use a second one, nor move us to it.
one="taskset -c 0 env GOMAXPROCS=1"

echo "== corpus.txt, one core, chunks cut at the first line end after 16 KiB"
# The wants are OpenAI's counts from ../shared/bench/README.md. They hold
# only for the reference build of corpus.txt: a man page that times out
# while rendering (on a loaded machine) changes the file. NODE=1 counts the
# file at hand with OpenAI's tiktoken too.
grep '^corpus.txt' "$out/manifest.txt" || true
$one "$work/count" -enc cl100k_base -want 21216185 "$out/corpus.txt" || echo "!! not the README's count; see above"
$one "$work/count" -enc o200k_base -want 20915552 "$out/corpus.txt" || echo "!! not the README's count; see above"

echo "== start-up: a whole process counting \"hello world\""
for enc in cl100k_base o200k_base; do
	"$work/hello" $enc hello world >/dev/null
	if command -v hyperfine >/dev/null; then
		hyperfine -N --warmup 3 --runs 20 --style basic "$work/hello $enc hello world" 2>&1 | grep -E 'Time|Range'
	else
		/usr/bin/time -f "$enc %e s" "$work/hello" $enc hello world
	fi
done

echo "== 1 MB worst cases, counted as one string"
head -c 1000000 /dev/zero | tr '\0' a >"$work/run.txt"
head -c 750000 "$out/corpus.txt" | base64 -w 0 >"$work/base64.txt"
# Minified code: one line, no spaces, identifiers and punctuation mixed.
awk 'BEGIN { srand(1); while (n < 1000000) { s = sprintf("function f%d(a,b){var c%d=a[%d]+b.x%d;if(c%d>=0x%x){return c%d*2}else{return\"s%d\"}};", n, n, n % 97, n, n, n, n, n); printf "%s", s; n += length(s) } }' | head -c 1000000 >"$work/minified.txt"
for f in run base64 minified; do
	for enc in cl100k_base o200k_base; do
		printf '%-9s ' $f
		$one "$work/count" -whole -enc $enc "$work/$f.txt"
	done
done

echo "== peak memory (maximum resident set size)"
for enc in cl100k_base o200k_base; do
	printf '%s corpus.txt streamed: ' $enc
	/usr/bin/time -f '%M KiB' "$work/count" -enc $enc "$out/corpus.txt" 2>&1 >/dev/null
	printf '%s 1 MB run of "a": ' $enc
	/usr/bin/time -f '%M KiB' "$work/count" -whole -enc $enc "$work/run.txt" 2>&1 >/dev/null
done
# One piece of 100 MB: the text itself is 97,657 KiB of the figure; the
# engine's memory does not grow with the piece.
head -c 100000000 /dev/zero | tr '\0' a >"$work/run100.txt"
head -c 100000000 /dev/zero | tr '\0' ' ' >"$work/spaces100.txt"
head -c 100000000 /dev/urandom | tr '\000-\377' "$(printf 'ACGT%.0s' $(seq 64))" >"$work/dna100.txt"
for f in run100 spaces100 dna100; do
	for enc in cl100k_base o200k_base; do
		printf '%s %s.txt as one piece: ' $enc $f
		/usr/bin/time -f '%M KiB %e s' "$work/count" -whole -enc $enc "$work/$f.txt" 2>&1 >/dev/null
	done
done
rm -f "$work/run100.txt" "$work/spaces100.txt" "$work/dna100.txt"

echo "== convkit count --plain -t corpus.txt: the whole command, one core"
go build -o "$work/convkit" .
bytes=$(wc -c <"$out/corpus.txt")
for enc in cl100k_base o200k_base; do
	/usr/bin/time -f '%e %M' -o "$work/time" $one "$work/convkit" count --plain -t -e $enc "$out/corpus.txt" >"$work/tokens"
	read -r secs kib <"$work/time"
	mbs=$(awk -v b="$bytes" -v s="$secs" 'BEGIN { printf "%.1f", b / 1e6 / s }')
	eval "convkit_$enc=$mbs"
	printf 'convkit %s	%s tokens	wall %ss %s MB/s	peak %s KiB
' $enc "$(cat "$work/tokens")" "$secs" "$mbs" "$kib"
	hyperfine -N --warmup 3 --runs 20 --style basic "$work/convkit count -t -e $enc $root/testdata/seeds/alice.json" 2>&1 | grep -E 'Time'
done

if [ "${NODE:-0}" = 1 ]; then
	echo "== npm tiktoken 1.0.22 and gpt-tokenizer 4.0.0 on corpus.txt, same chunks, one core"
	(cd "$work" && npm init -y >/dev/null && npm install --silent tiktoken@1.0.22 gpt-tokenizer@4.0.0 >/dev/null)
	for lib in tiktoken gpt-tokenizer; do
		for enc in cl100k_base o200k_base; do
			line=$(NODE_PATH="$work/node_modules" taskset -c 0 node "$root/bench/engine/count.js" $lib $enc "$out/corpus.txt" "$work/$lib-$enc.chunks")
			echo "$line"
			[ -f "$work/go-$enc.chunks" ] || "$work/count" -enc $enc -chunks "$work/go-$enc.chunks" "$out/corpus.txt" >/dev/null
			if cmp -s "$work/go-$enc.chunks" "$work/$lib-$enc.chunks"; then
				echo "  count/bpe agrees on each of the $(wc -l <"$work/go-$enc.chunks") chunks"
			else
				echo "!! count/bpe and $lib differ, chunk by chunk (line = chunk):"
				diff "$work/go-$enc.chunks" "$work/$lib-$enc.chunks" | head -5
			fi
			mbs=$(echo "$line" | sed -E 's/.* ([0-9.]+) MB\/s.*/\1/')
			eval "c=\$convkit_$enc"
			awk -v c="$c" -v n="$mbs" -v lib=$lib -v enc=$enc 'BEGIN { printf "  convkit count is %.1fx %s on %s\n", c / n, lib, enc }'
		done
	done
fi
