#!/bin/sh
# Compares convkit trim with LangChain's trimMessages (npm @langchain/core,
# version pinned in package.json) and writes results.md. Needs Go and Node.
set -eu
cd "$(dirname "$0")"
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/convkit" ../..
npm install --no-audit --no-fund --silent
node compare.mjs "$bin/convkit" > results.md
cat results.md
