#!/bin/sh
# bench/hf/trim-long.sh: `convkit trim --tokenizer` on long conversations,
# beside `convkit count -t` on the same file: 20 conversations of 250
# messages (a system prompt, then user and assistant turns of 5-60 words,
# made with a fixed seed), Llama 3 and Qwen3, with the trim options given
# (--max-seq-len 2048 --start-on user when none are). Wall seconds from
# /usr/bin/time, and the md5 of the output and of the --json report;
# CONVKIT=BIN times another build (the one before a change, say) on the
# same file.
#
#   bench/hf/trim-long.sh
#   bench/hf/trim-long.sh --last 5
set -eu
[ $# -gt 0 ] || set -- --max-seq-len 2048 --start-on user
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$root/testdata/hf/fetch.sh"
ck=${CONVKIT:-}
if [ -z "$ck" ]; then
	(cd "$root" && CGO_ENABLED=0 go build -tags urfave_cli_no_docs -o "$work/convkit" .)
	ck=$work/convkit
fi
python3 - "$work/long.jsonl" <<'PY'
import json, random, sys
random.seed(1)
words = "the quick brown fox jumps over a lazy dog and then some more text about code and data".split()
with open(sys.argv[1], "w") as f:
    for _ in range(20):
        msgs = [{"role": "system", "content": "Be brief."}]
        for j in range(250):
            msgs.append({"role": ["user", "assistant"][j % 2],
                         "content": " ".join(random.choice(words) for _ in range(random.randint(5, 60)))})
        f.write(json.dumps({"messages": msgs}) + "\n")
PY
cd "$work" # the report names the file: the same name in every run
for model in llama3 qwen3; do
	dir=$root/testdata/hf/models/$model
	"$ck" count -t --tokenizer "$dir" "$work/long.jsonl" >/dev/null # the compiled tokenizer cached
	/usr/bin/time -o "$work/time" -f "$model trim  %e s wall, %U s user CPU" "$ck" trim --json --tokenizer "$dir" "$@" long.jsonl >"$work/out" 2>"$work/report"
	cat "$work/time"
	md5sum <"$work/out" | sed "s/ .*/ output/;s/^/$model trim /"
	md5sum <"$work/report" | sed "s/ .*/ report (--json)/;s/^/$model trim /"
	/usr/bin/time -f "$model count %e s" "$ck" count -t --tokenizer "$dir" "$work/long.jsonl" >/dev/null
done
