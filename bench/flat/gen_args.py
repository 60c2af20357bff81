"""Writes three one-line JSONL inputs of about 200 MiB for the writers that
parse tool call arguments (docs/performance.md, "Tool call arguments and
images"): toolcall.jsonl, a tool call whose arguments are mixed text;
object.jsonl, the same text in a JSON object as the arguments; image.jsonl,
a data: image in a part.

    python3 bench/flat/gen_args.py DIR
"""
import base64
import json
import sys

out = sys.argv[1]
N = 200 << 20
unit = 'The quick brown fox \u2014 jumps \u201cover\u201d the lazy dog\\n\\t {\\"k\\": 1} \u00e9 \u6f22\u5b57 \U0001F600 '
chunk = unit * ((1 << 20) // len(unit.encode()))


def text():
    n = 0
    while n < N:
        yield chunk
        n += len(chunk.encode())


def escaped_text():
    """The text as a JSON string's inside, in the arguments' JSON string."""
    for c in text():
        yield json.dumps(c, ensure_ascii=False)[1:-1]


def image():
    block = base64.b64encode(b'\x01\x02\x03' * (1 << 18)).decode()
    n = 0
    while n < N:
        yield block
        n += len(block)


call = ('{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":null,"tool_calls":'
        '[{"id":"call_1","type":"function","function":{"name":"save","arguments":"')
end = '"}}]},{"role":"tool","tool_call_id":"call_1","content":"saved"},{"role":"assistant","content":"done"}]}\n'
inputs = {
    'toolcall': (call, text(), end),
    'object': (call + '{\\"path\\": \\"notes.txt\\", \\"text\\": \\"', escaped_text(),
               '\\", \\"tags\\": [1, 2.5, true, null]}' + end),
    'image': ('{"messages":[{"role":"user","content":[{"type":"text","text":"what is this?"},'
              '{"type":"image_url","image_url":{"url":"data:image/png;base64,', image(),
              '","detail":"high"}}]},{"role":"assistant","content":"a picture"}]}\n'),
}
for name, (head, parts, tail) in inputs.items():
    with open(f'{out}/{name}.jsonl', 'w') as f:
        f.writelines([head, *parts, tail])
