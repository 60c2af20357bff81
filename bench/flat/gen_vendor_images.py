"""Writes ten requests of about 200 MiB for the vendor readers' images,
files and audio (docs/performance.md, "Reading other formats"): a base64
image in an Anthropic, a Gemini and a Responses request, each plain
(FMT.json) and in a block kept as JSON (FMT-kept.json: a cache_control, a
mediaResolution, a file_id beside the data); a base64 PDF in an Anthropic
document, a Gemini inlineData and a Responses input_file (FMT-pdf.json),
and wav audio in a Gemini inlineData (gemini-wav.json).

    python3 bench/flat/gen_vendor_images.py DIR
"""
import base64
import os
import sys

out = sys.argv[1]
N = 200 << 20
block = base64.b64encode(b'\x01\x02\x03' * (1 << 14))

anthropic = ('{"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"text","text":"what is this?"},'
             '{"type":"image","source":{"type":"base64","media_type":"image/png","data":"')
gemini = '{"contents":[{"role":"user","parts":[{"text":"what is this?"},{"inlineData":{"mimeType":"image/png","data":"'
responses = ('{"model":"m","input":[{"role":"user","content":[{"type":"input_text","text":"what is this?"},'
             '{"type":"input_image","image_url":"data:image/png;base64,')
shapes = {
    'anthropic': (anthropic, '"}}]},{"role":"assistant","content":"a picture"}]}'),
    'anthropic-kept': (anthropic, '"},"cache_control":{"type":"ephemeral"}}]},{"role":"assistant","content":"a picture"}]}'),
    'gemini': (gemini, '"}}]},{"role":"model","parts":[{"text":"a picture"}]}]}'),
    'gemini-kept': (gemini, '"},"mediaResolution":"low"}]},{"role":"model","parts":[{"text":"a picture"}]}]}'),
    'responses': (responses, '","detail":"high"}]},{"role":"assistant","content":"a picture"}]}'),
    'responses-kept': (responses, '","file_id":"f1"}]},{"role":"assistant","content":"a picture"}]}'),
    'anthropic-pdf': ('{"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"text","text":"summarise"},'
                      '{"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"',
                      '"},"title":"a.pdf","cache_control":{"type":"ephemeral"}}]},{"role":"assistant","content":"a summary"}]}'),
    'gemini-pdf': (gemini.replace('image/png', 'application/pdf'), '"}}]},{"role":"model","parts":[{"text":"a summary"}]}]}'),
    'gemini-wav': (gemini.replace('image/png', 'audio/wav'), '"}}]},{"role":"model","parts":[{"text":"a summary"}]}]}'),
    'responses-pdf': (responses.replace('input_image","image_url":"data:image/png', 'input_file","filename":"a.pdf","file_data":"data:application/pdf'),
                      '"}]},{"role":"assistant","content":"a summary"}]}'),
}
for name, (head, tail) in shapes.items():
    with open(os.path.join(out, name + '.json'), 'wb') as f:
        f.write(head.encode())
        n = 0
        while n < N:
            f.write(block)
            n += len(block)
        f.write(tail.encode() + b'\n')
