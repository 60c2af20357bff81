# bench/hf/chats.sh, sourced by template.sh and trim-prompt.sh (from their
# own folder, with their arguments): what both set up to run convkit beside
# Transformers.js on conversations.
#
# Sets here, root, models (testdata/hf/models) and out (a temporary folder,
# removed at exit); copies FILE, the first argument, or else the first $N
# (2000) conversations of /tmp/convkit-bench/chats.jsonl, to
# $out/chats.jsonl; runs testdata/hf/fetch.sh (the tokenizer files) and
# `npm ci --ignore-scripts` in testdata/hf when Transformers.js is missing;
# builds convkit as $out/convkit; writes $out/warm.jsonl, one small
# conversation, for the untimed first run that caches the compiled
# tokenizer. Defines timed and table.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
models="$root/testdata/hf/models"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
if [ $# -gt 0 ]; then
	cp "$1" "$out/chats.jsonl"
else
	head -n "${N:-2000}" /tmp/convkit-bench/chats.jsonl >"$out/chats.jsonl"
fi
"$root/testdata/hf/fetch.sh"
[ -d "$root/testdata/hf/node_modules/@huggingface/transformers" ] || (cd "$root/testdata/hf" && npm ci --ignore-scripts --no-audit --no-fund --silent)
(cd "$root" && CGO_ENABLED=0 go build -tags urfave_cli_no_docs -o "$out/convkit" .)
printf '{"messages":[{"role":"user","content":"hi"}]}\n' >"$out/warm.jsonl"

# timed LABEL COMMAND…: runs COMMAND, its stdout to $out/stdout, and appends
# "LABEL wall cpu" to $out/times.
timed() {
	label=$1
	shift
	/usr/bin/time -f "$label %e %U %S" -o "$out/time" "$@" >"$out/stdout"
	awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' "$out/time" >>"$out/times"
}

# table INDENT: the times of $out/times, each row beside the last's (the
# reference's): how many times faster.
table() {
	awk -v pad="$1" '
		{ label[NR] = $1; wall[NR] = $2; cpu[NR] = $3 }
		END {
			printf "%s%-16s %9s %9s %13s %13s\n", pad, "", "wall s", "cpu s", "js/this wall", "js/this cpu"
			for (i = 1; i <= NR; i++)
				printf "%s%-16s %9.2f %9.2f %13s %13s\n", pad, label[i], wall[i], cpu[i], ratio(wall[NR], wall[i]), ratio(cpu[NR], cpu[i])
		}
		function ratio(a, b) { return b > 0 ? sprintf("%.1fx", a / b) : "-" }' "$out/times"
}
