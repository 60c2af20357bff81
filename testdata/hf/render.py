#!/usr/bin/env python3
"""render.py: renders conversations.json with each model's chat template as
transformers' apply_chat_template(..., tokenize=False) does, with Python's
Jinja2 configured as transformers configures it (ImmutableSandboxedEnvironment,
trim_blocks, lstrip_blocks, loopcontrols, its tojson, raise_exception,
strftime_now). strftime_now reads a fixed clock, 26 July 2024, so that the
output does not depend on the day it is made.

Writes renders.jsonl, one line per model and conversation:
  {"model": "...", "id": "...", "text": "..."}   or   {..., "error": "..."}
Needs Debian's python3-jinja2 (3.1.6 made the committed file) and fetch.sh.
"""
import json
import os
from datetime import datetime

import jinja2
import jinja2.ext
from jinja2.sandbox import ImmutableSandboxedEnvironment

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = ["llama3", "llama3_1", "qwen3", "gemma3", "llama2", "deepseek_v3", "gptoss"]
CLOCK = datetime(2024, 7, 26, 12, 0, 0)


def raise_exception(message):
    raise jinja2.exceptions.TemplateError(message)


def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)


def strftime_now(fmt):
    return CLOCK.strftime(fmt)


def environment():
    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[jinja2.ext.loopcontrols])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = strftime_now
    return env


def template_of(folder, config):
    path = os.path.join(folder, "chat_template.jinja")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            return f.read()
    t = config.get("chat_template")
    if isinstance(t, list):
        t = {x["name"]: x["template"] for x in t}.get("default")
    return t


def token_text(v):
    return v.get("content") if isinstance(v, dict) else v


def main():
    with open(os.path.join(HERE, "conversations.json"), encoding="utf-8") as f:
        conversations = json.load(f)
    env = environment()
    lines = []
    for model in MODELS:
        folder = os.path.join(HERE, "models", model)
        with open(os.path.join(folder, "tokenizer_config.json"), encoding="utf-8") as f:
            config = json.load(f)
        source = template_of(folder, config)
        if source is None:
            continue
        template = env.from_string(source)
        specials = {k: token_text(config.get(k)) for k in ("bos_token", "eos_token", "unk_token", "pad_token") if config.get(k) is not None}
        for c in conversations:
            row = {"model": model, "id": c["id"]}
            kwargs = dict(messages=c["messages"], add_generation_prompt=c["add_generation_prompt"], **specials)
            if "tools" in c:
                kwargs["tools"] = c["tools"]
            else:
                kwargs["tools"] = None
            kwargs["documents"] = None
            try:
                row["text"] = template.render(**kwargs)
            except jinja2.exceptions.TemplateError as e:
                row["error"] = str(e)
            lines.append(json.dumps(row, ensure_ascii=False))
    with open(os.path.join(HERE, "renders.jsonl"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"{len(lines)} renders")


main()
