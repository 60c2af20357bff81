#!/bin/sh
# gen.sh writes cases.jsonl: the true and false positives that gitleaks'
# rule generator checks each of its rules against (the tps and fps of
# cmd/generate/config/rules/*.go), with what gitleaks' own detector,
# given that one rule as its generator gives it, finds in each.
#
# It builds, in a temporary module, gitleaks' rule functions as they are
# published, with their utils package replaced by validate.go here, which
# records the strings instead of stopping at the first one not detected.
# The true positives hold random secrets, so every run writes other
# strings: cases.jsonl is committed, and regenerated only to follow a new
# gitleaks (whose gitleaks.toml goes to ../../gitleaks.toml at the same
# time). Needs the Go module proxy.
#
#   sh redact/testdata/gitleaks/gen.sh
set -eu
version=v8.30.1
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
go mod init gitleakscases >/dev/null 2>&1
go mod edit -require=github.com/zricethezav/gitleaks/v8@$version
go mod download github.com/zricethezav/gitleaks/v8
src=$(go list -m -f '{{.Dir}}' github.com/zricethezav/gitleaks/v8)/cmd/generate/config
mkdir rules utils
cp "$src"/rules/*.go rules/
cp "$src"/utils/generate.go "$src"/utils/patterns.go "$here"/validate.go utils/
chmod -R u+w .
sed -i 's#"github.com/zricethezav/gitleaks/v8/cmd/generate/config/utils"#"gitleakscases/utils"#' rules/*.go
# The rules, in the order gitleaks' generator lists them.
{
	printf 'package main\n\nimport (\n\t"github.com/zricethezav/gitleaks/v8/config"\n\n\t"gitleakscases/rules"\n)\n\n'
	printf 'func allRules() []*config.Rule {\n\treturn []*config.Rule{\n'
	sed -n '/configRules := \[\]\*config.Rule{/,/^\t}/p' "$src"/main.go | grep 'rules\.'
	printf '\t}\n}\n'
} >list.go
cp "$here"/main.go.txt main.go
go mod tidy >/dev/null 2>&1
go run . >"$here"/cases.jsonl
wc -l "$here"/cases.jsonl
