"""Writes the four one-value inputs of run.sh: one message of about 200 MiB
of mixed text, the same as one tool call's arguments, a 200 MiB data: image
in a part, and 200 MiB of one letter as one message."""
import base64
import sys

out = sys.argv[1]
N, CH = 200 << 20, 1 << 20
unit = 'The quick brown fox \u2014 jumps \u201cover\u201d the lazy dog\\n\\t {\\"k\\": 1} \u00e9 \u6f22\u5b57 \U0001F600 '
chunk = (unit * (CH // len(unit) + 1))[:CH * 5 // 6]


def text():
    for _ in range(N // len(chunk.encode())):
        yield chunk


def letter():
    for _ in range(N // CH):
        yield 'a' * CH


def image():
    png = bytes.fromhex('89504e470d0a1a0a0000000d49484452000004000000030008060000005c72a866')
    yield 'data:image/png;base64,' + base64.b64encode(png + bytes(3 * 1024 - len(png) % 3)).decode()
    block = base64.b64encode(b'\x01\x02\x03' * (CH // 4)).decode()
    for _ in range(N // len(block)):
        yield block


def write(name, head, parts, tail):
    with open(f'{out}/{name}', 'w') as f:
        f.write(head)
        for p in parts:
            f.write(p)
        f.write(tail)


write('message.json', '[{"role":"system","content":"be brief"},{"role":"user","content":"', text(), '"}]\n')
write('toolcall.json', '[{"role":"user","content":"hi"},{"role":"assistant","content":null,"tool_calls":'
      '[{"id":"call_1","type":"function","function":{"name":"save","arguments":"', text(), '"}}]}]\n')
write('image.json', '[{"role":"user","content":[{"type":"text","text":"what is this?"},'
      '{"type":"image_url","image_url":{"url":"', image(), '","detail":"high"}}]}]\n')
write('letter.json', '[{"role":"user","content":"', letter(), '"}]\n')
