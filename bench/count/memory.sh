#!/bin/sh
# bench/count/memory.sh: peak memory of convkit count on a 1 GB JSONL file,
# made in /tmp by concatenating copies of chats.jsonl (never committed),
# beside the same count on one copy: flat memory means the two peaks match.
# Then all of chats.jsonl's messages as one conversation of 150 MB, a bare
# array, a request body with the messages first, and one JSONL line:
# counted in parts, it should take what the JSONL file takes, and give the
# same raw count. Then one message whose content is all of corpus.txt as
# one JSON string, which count reads and counts a part at a time: its raw
# count must be what count --plain gives for corpus.txt. And a message
# with a 27 MB PNG data: URL, and one with a 29 MB input_audio part, which
# count reads only as far as it needs (the image's size; nothing).
# Then count --plain on 100 MB texts with no spaces, made from corpus.txt:
# one line of base64, and Chinese and Japanese with every ASCII character
# taken out. With NODE=1, npm tiktoken counts each of those as one string
# too (whole.mjs), to show that cutting them to stream changes no count.
# Then 100 MB of "a" and of spaces, which have no cut at all (tiktoken is
# quadratic on such runs, so the tests, not this script, check their count).
# Last, 100 MB stretches of one kind with no cut, which Stream counts a
# piece at a time: abab…, random DNA letters (one piece each), and random
# digits (pieces of three in o200k_base and cl100k_base). With NODE=1, npm
# tiktoken counts the digits whole too, given a minute at most. And 100 MB
# of A中A中…, one o200k_base piece whose kinds of letter alternate.
#
#   bench/count/memory.sh [chats.jsonl [corpus.txt]]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
src=${1:-/tmp/convkit-bench/chats.jsonl}
corpus=${2:-/tmp/convkit-bench/corpus.txt}
big=/tmp/convkit-bench/chats-1g.jsonl
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

[ -f "$src" ] || { echo "memory.sh: $src: no such file (build it with ../shared/bench/gencorpus)" >&2; exit 1; }
(cd "$root" && go build -o "$out/convkit" .)
if [ ! -f "$big" ]; then
	n=$(( (1000000000 + $(wc -c <"$src") - 1) / $(wc -c <"$src") ))
	for _ in $(seq "$n"); do cat "$src"; done >"$big"
fi

measure() { # file, count flags...
	f=$1
	shift
	/usr/bin/time -v "$out/convkit" count --raw "$@" "$f" >"$out/stdout" 2>"$out/time"
	printf '%s %s: %s bytes, %s tokens, %s s, peak RSS %s MB\n' "$*" "$f" "$(wc -c <"$f")" "$(tail -n 1 "$out/stdout" | awk '{ print (NF == 1 ? $1 : $2) }')" \
		"$(awk -F': ' '/Elapsed/ { print $2 }' "$out/time")" \
		"$(awk -F': ' '/Maximum resident/ { printf "%.1f", $2 / 1024 }' "$out/time")"
}
for f in "$src" "$big"; do
	measure "$f" -t
done
{ printf '['; sed -e 's/^{"messages":\[//' -e 's/\]}$//' "$src" | paste -sd, - | tr -d '\n'; printf ']'; } >"$out/one.json"
measure "$out/one.json" -t
{ printf '{"model":"gpt-4o","messages":'; cat "$out/one.json"; printf ',"tools":[]}'; } >"$out/body.json"
measure "$out/body.json" -t
rm "$out/body.json"
{ printf '{"messages":'; cat "$out/one.json"; printf '}\n'; } >"$out/one.jsonl"
rm "$out/one.json"
measure "$out/one.jsonl" -t
rm "$out/one.jsonl"

[ -f "$corpus" ] || { echo "memory.sh: $corpus: no such file, plain text skipped" >&2; exit 0; }
python3 -c 'import json, sys; json.dump([{"role": "user", "content": open(sys.argv[1], encoding="utf-8").read()}], sys.stdout)' "$corpus" >"$out/message.json"
measure "$out/message.json" -t
rm "$out/message.json"
python3 -c '
import base64, json, os, struct, sys
png = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + struct.pack(">IIBBBBB", 1024, 768, 8, 2, 0, 0, 0) + bytes(4) + os.urandom(20000000)
url = "data:image/png;base64," + base64.b64encode(png).decode()
json.dump([{"role": "user", "content": [{"type": "text", "text": "what is this?"}, {"type": "image_url", "image_url": {"url": url}}]}], sys.stdout)' >"$out/image.json"
measure "$out/image.json" -t
python3 -c '
import base64, json, os, sys
data = base64.b64encode(os.urandom(22000000)).decode()
json.dump([{"role": "user", "content": [{"type": "text", "text": "transcribe"}, {"type": "input_audio", "input_audio": {"data": data, "format": "wav"}}]}], sys.stdout)' >"$out/audio.json"
measure "$out/audio.json" -t
rm "$out/image.json" "$out/audio.json"
measure "$corpus" --plain -t
base64 -w0 "$corpus" | head -c 100000000 >"$out/base64.txt"
grep -P '[\x{4e00}-\x{9fff}]{4}' "$corpus" | sed 's/[ -~]//g' | grep -v '^$' >"$out/cjk-seed.txt"
: >"$out/cjk.txt"
while [ "$(wc -c <"$out/cjk.txt")" -lt 100000000 ]; do cat "$out/cjk-seed.txt" >>"$out/cjk.txt"; done
[ "${NODE:-0}" = 1 ] && { [ -d "$here/node_modules/tiktoken" ] || (cd "$here" && npm ci --silent); }
for f in "$out/base64.txt" "$out/cjk.txt"; do
	for enc in o200k_base cl100k_base; do
		measure "$f" --plain -e $enc
		[ "${NODE:-0}" = 1 ] && echo "  npm tiktoken, the whole file as one string: $(node --max-old-space-size=8000 "$here/whole.mjs" "$f" $enc) tokens"
	done
done
rm -f "$out/base64.txt" "$out/cjk.txt"
head -c 100000000 /dev/zero | tr '\0' a >"$out/a.txt"
head -c 100000000 /dev/zero | tr '\0' ' ' >"$out/spaces.txt"
for f in "$out/a.txt" "$out/spaces.txt"; do
	measure "$f" --plain -t -e o200k_base
done
rm -f "$out/a.txt" "$out/spaces.txt"
yes ab | tr -d '\n' | head -c 100000000 >"$out/abab.txt"
head -c 100000000 /dev/urandom | tr '\000-\377' "$(printf 'ACGT%.0s' $(seq 64))" >"$out/dna.txt"
tr -dc 0-9 </dev/urandom | head -c 100000000 >"$out/digits.txt"
for f in "$out/abab.txt" "$out/dna.txt" "$out/digits.txt"; do
	for enc in o200k_base cl100k_base; do
		measure "$f" --plain -t -e $enc
		if [ "${NODE:-0}" = 1 ] && [ "$f" = "$out/digits.txt" ]; then
			echo "  npm tiktoken, the whole file as one string: $(timeout 60 node --max-old-space-size=8000 "$here/whole.mjs" "$f" $enc || echo 'skipped: over a minute') tokens"
		fi
	done
done
rm -f "$out/abab.txt" "$out/dna.txt" "$out/digits.txt"
yes 'A中' | tr -d '\n' | head -c 100000000 >"$out/alternate.txt"
measure "$out/alternate.txt" --plain -t -e o200k_base
